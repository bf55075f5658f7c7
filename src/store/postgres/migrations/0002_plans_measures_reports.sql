-- The other plans and trackers of the source documents (issue 15): recommendations, performance
-- measures, operating-plan entries and periodic reports. Same shape as every record table:
-- queried columns beside the whole record as JSONB, with its change sequence and write order.

-- StoreData.recommendations: peer challenge, impact assessment, Ombudsman and Cabinet recommendations.
CREATE TABLE recommendations (
  id text PRIMARY KEY,
  council_id text,
  plan_id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recommendations_council ON recommendations (council_id);
CREATE INDEX recommendations_plan ON recommendations (plan_id);

-- StoreData.performanceMeasures: strategic and operational measures with benchmark and trajectory.
CREATE TABLE performance_measures (
  id text PRIMARY KEY,
  council_id text,
  plan_id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX performance_measures_council ON performance_measures (council_id);
CREATE INDEX performance_measures_plan ON performance_measures (plan_id);

-- StoreData.operatingPlanItems: priorities, activities, projects, commitments and risks of an operating plan.
CREATE TABLE operating_plan_items (
  id text PRIMARY KEY,
  council_id text,
  plan_id text NOT NULL,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operating_plan_items_plan ON operating_plan_items (plan_id);

-- StoreData.reports: periodic reports (integrated performance report, complaints annual report).
CREATE TABLE periodic_reports (
  id text PRIMARY KEY,
  council_id text,
  data jsonb NOT NULL,
  seq bigint NOT NULL,
  inserted_seq bigint NOT NULL,
  inserted_ord integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX periodic_reports_council ON periodic_reports (council_id);
