/**
 * How each StoreData collection maps to its table (src/store/postgres/migrations/0001_initial.sql).
 *
 * `data` is the record exactly as the domain has it; the other columns are copies of what SQL
 * queries, indexes and row-level security need (ids of the council, plan, action or committee it
 * belongs to, its version, dates), computed here from the record on every write. Reading takes
 * `data` alone and validates it with the collection's zod schema, so a row is loaded exactly as it
 * was written, with defaults filled in for fields added to the schema since.
 */
import { z } from 'zod';
import { StoreData } from '../../domain/model.js';
import type { CollectionName } from '../store.js';

/**
 * A change group: a record collection by its StoreData name ("actions"), an extension collection as
 * "ext:<name>", or "identityLinks". The change log (store_changes.collection) uses the same names.
 */
export type Group = string;
export const LINKS_GROUP = 'identityLinks';
export const EXT_PREFIX = 'ext:';

export type ColumnType = 'text' | 'integer' | 'timestamptz' | 'date';
export type ColumnValue = string | number | null;

export interface Column {
  name: string;
  type: ColumnType;
}

/** Looks a record up in the state being written (the transaction's view), to derive council ids. */
export type Lookup = (collection: CollectionName, id: string) => Record<string, unknown> | undefined;

export interface TableSpec {
  table: string;
  /** Key column(s): the record id, (collection, id) for extension records, aad_object_id for links. */
  keyColumn: string;
  /** Set for ext_records: the extension collection's name is part of the key. */
  collectionColumn?: string;
  versioned: boolean;
  columns: readonly Column[];
  /** Values of `columns` for a record, in the same order. */
  derive(record: Record<string, unknown>, lookup: Lookup): ColumnValue[];
  schema: z.ZodType;
}

const text = (name: string): Column => ({ name, type: 'text' });
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** An ISO instant as PostgreSQL will read it, or null when it is not one (the raw text stays in data). */
function instant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
function day(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && Number.isFinite(Date.parse(value)) ? value : null;
}

function councilOfPlan(planId: unknown, lookup: Lookup): string | null {
  return typeof planId === 'string' ? str(lookup('plans', planId)?.councilId) : null;
}
function councilOfCommittee(committeeId: unknown, lookup: Lookup): string | null {
  return typeof committeeId === 'string' ? str(lookup('committees', committeeId)?.councilId) : null;
}
function planOfAction(actionId: unknown, lookup: Lookup): string | null {
  return typeof actionId === 'string' ? str(lookup('actions', actionId)?.planId) : null;
}

/** An audit entry's council, from the entity it is about, where that is a record of a council. */
function councilOfAuditEntity(entity: unknown, entityId: unknown, lookup: Lookup): string | null {
  if (typeof entityId !== 'string') return null;
  switch (entity) {
    case 'action':
      return councilOfPlan(planOfAction(entityId, lookup), lookup);
    case 'plan':
      return councilOfPlan(entityId, lookup);
    case 'decision':
      return str(lookup('decisions', entityId)?.councilId);
    case 'meeting':
      return councilOfCommittee(lookup('meetings', entityId)?.committeeId, lookup);
    case 'committee':
      return councilOfCommittee(entityId, lookup);
    case 'person':
      return str(lookup('people', entityId)?.councilId);
    case 'council':
      return entityId;
    case 'theme':
      return councilOfPlan(lookup('themes', entityId)?.planId, lookup);
    default:
      return null;
  }
}

function elementSchema(collection: CollectionName): z.ZodType {
  const field = StoreData.shape[collection] as unknown as z.ZodDefault<z.ZodArray<z.ZodType>>;
  return field.unwrap().element;
}

function recordTable(
  collection: CollectionName,
  table: string,
  versioned: boolean,
  columns: Column[],
  derive: (r: Record<string, unknown>, lookup: Lookup) => ColumnValue[],
): TableSpec {
  return { table, keyColumn: 'id', versioned, columns, derive, schema: elementSchema(collection) };
}

export const RECORD_TABLES: Record<CollectionName, TableSpec> = {
  councils: recordTable('councils', 'councils', false, [text('council_id')], (r) => [str(r.id)]),
  people: recordTable('people', 'people', true, [text('council_id'), text('email'), text('aad_object_id')], (r) => [str(r.councilId), str(r.email), str(r.aadObjectId)]),
  plans: recordTable('plans', 'plans', false, [text('council_id')], (r) => [str(r.councilId)]),
  themes: recordTable('themes', 'themes', false, [text('council_id'), text('plan_id')], (r, l) => [councilOfPlan(r.planId, l), str(r.planId)]),
  actions: recordTable(
    'actions',
    'actions',
    true,
    [text('council_id'), text('plan_id'), text('theme_id'), text('canonical_status'), { name: 'last_updated_at', type: 'timestamptz' }],
    (r, l) => [councilOfPlan(r.planId, l), str(r.planId), str(r.themeId), str((r.status as { canonical?: unknown } | undefined)?.canonical), instant(r.lastUpdatedAt)],
  ),
  reportedSummaries: recordTable('reportedSummaries', 'reported_summaries', false, [text('council_id'), text('plan_id')], (r, l) => [councilOfPlan(r.planId, l), str(r.planId)]),
  achievements: recordTable('achievements', 'achievements', false, [text('council_id'), text('plan_id')], (r, l) => [councilOfPlan(r.planId, l), str(r.planId)]),
  updates: recordTable(
    'updates',
    'progress_updates',
    false,
    [text('council_id'), text('plan_id'), text('action_id'), { name: 'authored_at', type: 'timestamptz' }, text('idempotency_key')],
    (r, l) => {
      const planId = planOfAction(r.actionId, l);
      return [councilOfPlan(planId, l), planId, str(r.actionId), instant(r.authoredAt), str(r.idempotencyKey)];
    },
  ),
  committees: recordTable('committees', 'committees', false, [text('council_id')], (r) => [str(r.councilId)]),
  meetings: recordTable('meetings', 'meetings', true, [text('council_id'), text('committee_id'), { name: 'meeting_date', type: 'date' }], (r, l) => [
    councilOfCommittee(r.committeeId, l),
    str(r.committeeId),
    day(r.date),
  ]),
  workProgrammeItems: recordTable('workProgrammeItems', 'work_programme_items', false, [text('council_id'), text('committee_id')], (r, l) => [
    councilOfCommittee(r.committeeId, l),
    str(r.committeeId),
  ]),
  recommendations: recordTable('recommendations', 'recommendations', false, [text('council_id'), text('plan_id')], (r) => [str(r.councilId), str(r.planId)]),
  performanceMeasures: recordTable('performanceMeasures', 'performance_measures', false, [text('council_id'), text('plan_id')], (r) => [str(r.councilId), str(r.planId)]),
  operatingPlanItems: recordTable('operatingPlanItems', 'operating_plan_items', false, [text('council_id'), text('plan_id')], (r) => [str(r.councilId), str(r.planId)]),
  reports: recordTable('reports', 'periodic_reports', false, [text('council_id')], (r) => [str(r.councilId)]),
  decisions: recordTable('decisions', 'decisions', true, [text('council_id'), { name: 'published_on', type: 'date' }], (r) => [str(r.councilId), day(r.publishedOn)]),
  roleGrants: recordTable('roleGrants', 'role_grants', false, [text('council_id'), text('plan_id'), text('person_id')], (r, l) => [
    councilOfPlan(r.planId, l) ?? (typeof r.personId === 'string' ? str(l('people', r.personId)?.councilId) : null),
    str(r.planId),
    str(r.personId),
  ]),
  audit: recordTable(
    'audit',
    'audit_log',
    false,
    [text('council_id'), { name: 'at', type: 'timestamptz' }, text('entity'), text('entity_id'), text('actor_id'), text('command')],
    (r, l) => [councilOfAuditEntity(r.entity, r.entityId, l), instant(r.at), String(r.entity ?? ''), String(r.entityId ?? ''), str(r.actorId), String(r.command ?? '')],
  ),
};

const ExtRecordSchema = z.record(z.string(), z.unknown()).refine((r) => typeof r.id === 'string' && r.id !== '', 'an extension record needs a string id');

export const EXT_TABLE: TableSpec = {
  table: 'ext_records',
  keyColumn: 'id',
  collectionColumn: 'collection',
  versioned: false,
  columns: [text('council_id')],
  derive: (r) => [str(r.councilId)],
  schema: ExtRecordSchema,
};

export const LINKS_TABLE: TableSpec = {
  table: 'identity_links',
  keyColumn: 'aad_object_id',
  versioned: false,
  columns: [text('council_id'), text('person_id')],
  derive: (r, l) => [typeof r.personId === 'string' ? str(l('people', r.personId)?.councilId) : null, str(r.personId)],
  schema: (StoreData.shape.identityLinks as unknown as z.ZodDefault<z.ZodArray<z.ZodType>>).unwrap().element,
};

export const RECORD_COLLECTIONS = Object.keys(RECORD_TABLES) as CollectionName[];

export function isExtGroup(group: Group): boolean {
  return group.startsWith(EXT_PREFIX);
}

export function extName(group: Group): string {
  return group.slice(EXT_PREFIX.length);
}

export function tableOf(group: Group): TableSpec {
  if (group === LINKS_GROUP) return LINKS_TABLE;
  if (isExtGroup(group)) return EXT_TABLE;
  const spec = RECORD_TABLES[group as CollectionName];
  if (!spec) throw new Error(`no table for store collection ${group}`);
  return spec;
}

/** The key of a record within its group: the id, or the AAD object id for identity links. */
export function keyOf(group: Group, record: Record<string, unknown>): string {
  return String(group === LINKS_GROUP ? record.aadObjectId : record.id);
}

/** Reads a row's data back into a record: validated, defaults filled in. Returns the problem when it does not match. */
export function parseRow(group: Group, data: unknown): { ok: true; record: Record<string, unknown> } | { ok: false; problem: string } {
  const parsed = tableOf(group).schema.safeParse(data);
  if (parsed.success) return { ok: true, record: parsed.data as Record<string, unknown> };
  const issue = parsed.error.issues[0]!;
  return { ok: false, problem: `${issue.path.join('.') || '(record)'}: ${issue.message}` };
}
