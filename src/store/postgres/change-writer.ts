/**
 * Writes one transaction's changes to the tables, inside the SQL transaction that holds the commit
 * lock: inserts, updates and deletes per table (the rows of each go as one JSON parameter read with
 * jsonb_to_recordset), the change-log rows and the new head sequence, for an ordinary transaction
 * all in one statement, with the optimistic checks:
 *
 * - an update or delete of a versioned record matches only `WHERE id = … AND version = <the version
 *   the work read>`; an insert matches only when no row has that key (ON CONFLICT DO NOTHING);
 * - a row that did not match means the database holds something this instance did not see, and
 *   the whole SQL transaction fails with the port's VersionConflictError.
 *
 * Every store transaction catches up with the change log under the commit lock before its work
 * runs, so those checks fail only if something wrote to the tables behind the store's back; they
 * are the second lock, never the only one.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { VersionConflictError } from '../store.js';
import type { RecordChange } from './recording-transaction.js';
import { extName, isExtGroup, tableOf, type Group, type Lookup, type TableSpec } from './row-mapping.js';

type Rec = Record<string, unknown>;

/** Rows per statement: keeps each JSON parameter to a few megabytes. */
const BATCH = 1_000;

interface PreparedRow {
  key: string;
  collection?: string;
  columns: (string | number | null)[];
  version?: number;
  baseVersion?: number;
  data?: Rec;
}

function rowJson(spec: TableSpec, row: PreparedRow, ord?: number): Rec {
  const out: Rec = { k: row.key };
  if (spec.collectionColumn) out.c = row.collection;
  spec.columns.forEach((column, i) => (out[`d${i}`] = row.columns[i]));
  if (spec.versioned) {
    out.v = row.version ?? null;
    out.b = row.baseVersion ?? null;
  }
  if (row.data !== undefined) out.data = row.data;
  if (ord !== undefined) out.o = ord;
  return out;
}

/** The column list of jsonb_to_recordset for a table's rows. */
function recordsetColumns(spec: TableSpec, withData: boolean, withOrd: boolean): RawBuilder<unknown> {
  const parts = ['k text'];
  if (spec.collectionColumn) parts.push('c text');
  spec.columns.forEach((column, i) => parts.push(`d${i} ${column.type}`));
  if (spec.versioned) parts.push('v integer', 'b integer');
  if (withData) parts.push('data jsonb');
  if (withOrd) parts.push('o integer');
  return sql.raw(parts.join(', '));
}

function keyMatch(spec: TableSpec, alias: string): RawBuilder<unknown> {
  const parts = [`${alias}.${spec.keyColumn} = r.k`];
  if (spec.collectionColumn) parts.push(`${alias}.${spec.collectionColumn} = r.c`);
  return sql.raw(parts.join(' AND '));
}

function returningKey(spec: TableSpec, alias: string): RawBuilder<unknown> {
  return sql.raw(`${alias}.${spec.keyColumn} AS k`);
}

function insertSql(spec: TableSpec, rows: PreparedRow[], seq: number, ordStart: number): RawBuilder<{ k: string }> {
  const targetColumns = [spec.keyColumn, ...(spec.collectionColumn ? [spec.collectionColumn] : []), ...spec.columns.map((c) => c.name), ...(spec.versioned ? ['version'] : []), 'data', 'seq', 'inserted_seq', 'inserted_ord'];
  const selected = ['r.k', ...(spec.collectionColumn ? ['r.c'] : []), ...spec.columns.map((_, i) => `r.d${i}`), ...(spec.versioned ? ['r.v'] : []), 'r.data'];
  const conflictTarget = spec.collectionColumn ? `${spec.collectionColumn}, ${spec.keyColumn}` : spec.keyColumn;
  const json = JSON.stringify(rows.map((row, i) => rowJson(spec, row, ordStart + i)));
  return sql<{ k: string }>`
    INSERT INTO ${sql.table(spec.table)} (${sql.raw(targetColumns.join(', '))})
    SELECT ${sql.raw(selected.join(', '))}, ${seq}::bigint, ${seq}::bigint, r.o
    FROM jsonb_to_recordset(${json}::jsonb) AS r(${recordsetColumns(spec, true, true)})
    ON CONFLICT (${sql.raw(conflictTarget)}) DO NOTHING
    RETURNING ${returningKey(spec, spec.table)}`;
}

function updateSql(spec: TableSpec, rows: PreparedRow[], seq: number): RawBuilder<{ k: string }> {
  const assignments = [...spec.columns.map((c, i) => `${c.name} = r.d${i}`), ...(spec.versioned ? ['version = r.v'] : []), 'data = r.data', 'written_at = now()'];
  const versionCheck = spec.versioned ? sql.raw(' AND t.version = r.b') : sql.raw('');
  const json = JSON.stringify(rows.map((row) => rowJson(spec, row)));
  return sql<{ k: string }>`
    UPDATE ${sql.table(spec.table)} AS t SET ${sql.raw(assignments.join(', '))}, seq = ${seq}::bigint
    FROM jsonb_to_recordset(${json}::jsonb) AS r(${recordsetColumns(spec, true, false)})
    WHERE ${keyMatch(spec, 't')}${versionCheck}
    RETURNING ${returningKey(spec, 't')}`;
}

function deleteSql(spec: TableSpec, rows: PreparedRow[]): RawBuilder<{ k: string }> {
  const versionCheck = spec.versioned ? sql.raw(' AND t.version = r.b') : sql.raw('');
  const json = JSON.stringify(rows.map((row) => rowJson(spec, row)));
  return sql<{ k: string }>`
    DELETE FROM ${sql.table(spec.table)} AS t
    USING jsonb_to_recordset(${json}::jsonb) AS r(${recordsetColumns(spec, false, false)})
    WHERE ${keyMatch(spec, 't')}${versionCheck}
    RETURNING ${returningKey(spec, 't')}`;
}

/** The conflict for a row that did not match: what the database holds now, for the message. */
async function conflictFor(db: Kysely<unknown>, group: Group, spec: TableSpec, row: PreparedRow, expectedPresent: boolean): Promise<VersionConflictError> {
  const collectionCheck = spec.collectionColumn ? sql` AND ${sql.ref(spec.collectionColumn)} = ${row.collection}` : sql``;
  const versionColumn = spec.versioned ? sql.raw('version') : sql.raw('1');
  const found = await sql<{ version: number }>`
    SELECT ${versionColumn} AS version FROM ${sql.table(spec.table)} WHERE ${sql.ref(spec.keyColumn)} = ${row.key}${collectionCheck}`.execute(db);
  const actual = found.rows[0] ? Number(found.rows[0].version) : 0;
  const expected = spec.versioned ? (row.baseVersion ?? 0) : expectedPresent ? 1 : 0;
  return new VersionConflictError(group, row.key, expected, actual);
}

function prepare(change: RecordChange, spec: TableSpec, lookup: Lookup): PreparedRow {
  const row: PreparedRow = { key: change.id, columns: change.after ? spec.derive(change.after, lookup) : [] };
  if (isExtGroup(change.group)) row.collection = extName(change.group);
  if (spec.versioned) {
    row.baseVersion = change.before ? Number(change.before.version ?? 0) : undefined;
    row.version = change.after ? Number(change.after.version ?? 1) : undefined;
  }
  if (change.after) row.data = change.after;
  return row;
}

/** One statement's worth of rows: what it writes and which keys it must report back. */
interface Step {
  group: Group;
  spec: TableSpec;
  rows: PreparedRow[];
  expectPresent: boolean;
  statement: RawBuilder<{ k: string }>;
}

/** The statements a change set needs, deletes first, in batches of BATCH rows. */
function plan(changes: readonly RecordChange[], seq: number, lookup: Lookup): Step[] {
  const byGroup = new Map<Group, RecordChange[]>();
  for (const change of changes) {
    const list = byGroup.get(change.group);
    if (list) list.push(change);
    else byGroup.set(change.group, [change]);
  }
  const steps: Step[] = [];
  const insertedPerTable = new Map<string, number>();
  for (const [group, list] of byGroup) {
    const spec = tableOf(group);
    const inserts: PreparedRow[] = [];
    const updates: PreparedRow[] = [];
    const deletes: PreparedRow[] = [];
    for (const change of list) {
      const row = prepare(change, spec, lookup);
      if (!change.before) inserts.push(row);
      else if (change.after) updates.push(row);
      else deletes.push(row);
    }
    for (let i = 0; i < deletes.length; i += BATCH) {
      const rows = deletes.slice(i, i + BATCH);
      steps.push({ group, spec, rows, expectPresent: true, statement: deleteSql(spec, rows) });
    }
    for (let i = 0; i < updates.length; i += BATCH) {
      const rows = updates.slice(i, i + BATCH);
      steps.push({ group, spec, rows, expectPresent: true, statement: updateSql(spec, rows, seq) });
    }
    for (let i = 0; i < inserts.length; i += BATCH) {
      const rows = inserts.slice(i, i + BATCH);
      // Positions count per table, so ext collections sharing ext_records never share one.
      const ordStart = insertedPerTable.get(spec.table) ?? 0;
      insertedPerTable.set(spec.table, ordStart + rows.length);
      steps.push({ group, spec, rows, expectPresent: false, statement: insertSql(spec, rows, seq, ordStart) });
    }
  }
  return steps;
}

async function checkStep(db: Kysely<unknown>, step: Step, done: ReadonlySet<string>): Promise<void> {
  const missed = step.rows.find((row) => !done.has(row.key));
  if (missed) throw await conflictFor(db, step.group, step.spec, missed, step.expectPresent);
}

export interface CommitTail {
  /** pg_notify channel told the new sequence number when the transaction commits. */
  channel: string;
  /** Extra statement run in the same transaction before the head moves (change-log pruning). */
  housekeeping?: RawBuilder<unknown>;
}

/**
 * Writes every change, logs the changed keys under `seq`, moves store_head to `seq` and notifies:
 * for an ordinary transaction (up to BATCH rows) all of it is ONE statement (data-modifying CTEs),
 * so a commit costs four round trips whatever it touches (BEGIN, lock, this, COMMIT). Bulk writes
 * (a restore, from-json) go in batches. Throws VersionConflictError when a row did not match;
 * the caller then rolls back, so nothing of the transaction is kept. `lookup` reads the state being
 * written, to derive council ids.
 */
export async function writeCommit(db: Kysely<unknown>, changes: readonly RecordChange[], seq: number, lookup: Lookup, tail: CommitTail): Promise<void> {
  const steps = plan(changes, seq, lookup);
  const changeKeys = JSON.stringify(changes.map((c) => ({ c: c.group, r: c.id })));
  if (tail.housekeeping) await sql`${tail.housekeeping}`.execute(db);
  if (changes.length <= BATCH) {
    const ctes = steps.map((step, i) => sql`${sql.raw(`w${i}`)} AS (${step.statement})`);
    const reports = steps.map((_, i) => sql.raw(`(SELECT coalesce(json_agg(k), '[]'::json) FROM w${i}) AS w${i}`));
    const result = await sql<Record<string, unknown>>`
      WITH ${sql.join([...ctes,
        sql`logged AS (INSERT INTO store_changes (seq, collection, record_id) SELECT ${seq}::bigint, k.c, k.r FROM jsonb_to_recordset(${changeKeys}::jsonb) AS k(c text, r text))`,
        sql`head AS (UPDATE store_head SET seq = ${seq}::bigint)`,
      ])}
      SELECT ${sql.join([...reports, sql`pg_notify(${tail.channel}, ${String(seq)}) AS notified`])}`.execute(db);
    const row = result.rows[0]!;
    for (let i = 0; i < steps.length; i++) await checkStep(db, steps[i]!, new Set(row[`w${i}`] as string[]));
    return;
  }
  for (const step of steps) {
    const result = await sql<{ k: string }>`${step.statement}`.execute(db);
    await checkStep(db, step, new Set(result.rows.map((r) => r.k)));
  }
  const keys = changes.map((c) => ({ c: c.group, r: c.id }));
  for (let i = 0; i < keys.length; i += 5_000) {
    const json = JSON.stringify(keys.slice(i, i + 5_000));
    await sql`INSERT INTO store_changes (seq, collection, record_id)
      SELECT ${seq}::bigint, k.c, k.r FROM jsonb_to_recordset(${json}::jsonb) AS k(c text, r text)`.execute(db);
  }
  // The notification is delivered when (and only if) the transaction commits.
  await sql`WITH head AS (UPDATE store_head SET seq = ${seq}::bigint) SELECT pg_notify(${tail.channel}, ${String(seq)})`.execute(db);
}
