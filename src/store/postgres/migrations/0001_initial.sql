-- The PostgreSQL store, first schema. Read by src/store/postgres/migrations.ts (Kysely's Migrator,
-- one transaction, under Kysely's advisory lock so two instances starting together do not race).
--
-- Every collection of StoreData has its own table. `data` holds the record exactly as the domain
-- sees it (validated by the zod schema on every read); the other columns are copies of what SQL
-- queries, indexes and (phase 2) row-level security need, written from the record by
-- src/store/postgres/row-mapping.ts in the same statement, so they cannot drift apart.
--
-- Columns every record table has:
--   council_id     the council (Entra tenant) the record belongs to, where it can be derived;
--                  phase 2 adds row-level security on it
--   seq            the change sequence (store_head.seq) of the transaction that last wrote the row
--   inserted_seq,  the sequence and position within that transaction at which the row was first
--   inserted_ord   inserted: instances load rows in this order, so every instance and every restart
--                  sees the records in the order they were written, as the embedded store keeps them
--   written_at     when the row was last written (database clock)

-- The change sequence. One row; every store transaction locks it first, so store transactions
-- commit one at a time and in sequence order (an instance never misses a change by reading a later
-- sequence number before an earlier transaction committed). pruned_below: changes below it have
-- been pruned from store_changes, so an instance that is further behind reloads everything.
CREATE TABLE store_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq bigint NOT NULL DEFAULT 0,
  pruned_below bigint NOT NULL DEFAULT 0
);
INSERT INTO store_head (singleton) VALUES (true);

-- One row per record written by a transaction: what another instance re-reads to refresh its
-- in-memory snapshot (only the rows changed since the sequence it has).
CREATE TABLE store_changes (
  seq bigint NOT NULL,
  collection text NOT NULL,
  record_id text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (seq, collection, record_id)
);
CREATE INDEX store_changes_at ON store_changes (at);

CREATE TABLE councils (
  id text PRIMARY KEY,
  council_id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE people (
  id text PRIMARY KEY,
  council_id text,
  version integer NOT NULL,
  email text,
  aad_object_id text,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_council ON people (council_id);
CREATE INDEX people_email ON people (lower(email));
CREATE INDEX people_aad ON people (aad_object_id);

CREATE TABLE plans (
  id text PRIMARY KEY,
  council_id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plans_council ON plans (council_id);

CREATE TABLE themes (
  id text PRIMARY KEY,
  council_id text,
  plan_id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX themes_plan ON themes (plan_id);

CREATE TABLE actions (
  id text PRIMARY KEY,
  council_id text,
  plan_id text NOT NULL,
  theme_id text,
  version integer NOT NULL,
  canonical_status text,
  last_updated_at timestamptz,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX actions_council ON actions (council_id);
CREATE INDEX actions_plan ON actions (plan_id);

CREATE TABLE reported_summaries (
  id text PRIMARY KEY,
  council_id text,
  plan_id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reported_summaries_plan ON reported_summaries (plan_id);

CREATE TABLE achievements (
  id text PRIMARY KEY,
  council_id text,
  plan_id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX achievements_plan ON achievements (plan_id);

-- StoreData.updates: the progress updates (history) of actions.
CREATE TABLE progress_updates (
  id text PRIMARY KEY,
  council_id text,
  plan_id text,
  action_id text NOT NULL,
  authored_at timestamptz,
  idempotency_key text,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX progress_updates_action ON progress_updates (action_id, authored_at);
-- The same delivery (Teams activity id, form id) is recorded once per action, even by two instances.
CREATE UNIQUE INDEX progress_updates_idempotency ON progress_updates (action_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE committees (
  id text PRIMARY KEY,
  council_id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX committees_council ON committees (council_id);

CREATE TABLE meetings (
  id text PRIMARY KEY,
  council_id text,
  committee_id text NOT NULL,
  meeting_date date,
  version integer NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meetings_committee ON meetings (committee_id, meeting_date);

CREATE TABLE work_programme_items (
  id text PRIMARY KEY,
  council_id text,
  committee_id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_programme_items_committee ON work_programme_items (committee_id);

CREATE TABLE decisions (
  id text PRIMARY KEY,
  council_id text NOT NULL,
  version integer NOT NULL,
  published_on date,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_council ON decisions (council_id, published_on);

CREATE TABLE role_grants (
  id text PRIMARY KEY,
  council_id text,
  plan_id text,
  person_id text,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);

-- StoreData.audit: append-only. The trigger below refuses UPDATE, DELETE and TRUNCATE for every
-- role, the table owner and superusers included; the REVOKE keeps other roles from even trying.
CREATE TABLE audit_log (
  id text PRIMARY KEY,
  council_id text,
  at timestamptz,
  entity text NOT NULL,
  entity_id text NOT NULL,
  actor_id text,
  command text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'audit entries are only ever added';
END;
$$;
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM CURRENT_USER;

-- StoreData.identityLinks: a Teams account (AAD object id) linked to a person.
CREATE TABLE identity_links (
  aad_object_id text PRIMARY KEY,
  council_id text,
  person_id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX identity_links_person ON identity_links (person_id);

-- StoreData.ext: feature-owned collections (conversation references, send logs, rounds, digest
-- runs, idempotency keys of commands, ...), keyed by collection and id.
CREATE TABLE ext_records (
  collection text NOT NULL,
  id text NOT NULL,
  council_id text,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection, id)
);
CREATE INDEX ext_records_council ON ext_records (collection, council_id);
