/**
 * Reading the database into memory: everything (at start-up, or when an instance fell further behind
 * than the change log keeps), or only the rows changed since a sequence number (every refresh).
 * Rows are validated with their collection's zod schema; a row that does not match stops the load
 * with its table, key and the problem, as a data file that does not match stops the embedded store.
 */
import { sql, type Kysely } from 'kysely';
import { StoreData } from '../../domain/model.js';
import { StoreLoadError } from '../store.js';
import type { ChangedRecord } from './memory-view.js';
import { EXT_PREFIX, EXT_TABLE, LINKS_GROUP, LINKS_TABLE, RECORD_COLLECTIONS, RECORD_TABLES, isExtGroup, extName, parseRow, tableOf, type Group } from './row-mapping.js';

type Rec = Record<string, unknown>;

export interface Head {
  seq: number;
  prunedBelow: number;
}

export async function readHead(db: Kysely<unknown>, forUpdate = false): Promise<Head> {
  const result = await sql<{ seq: string; pruned_below: string }>`SELECT seq, pruned_below FROM store_head ${forUpdate ? sql`FOR UPDATE` : sql``}`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('store_head has no row: the database was not migrated by this bot');
  return { seq: Number(row.seq), prunedBelow: Number(row.pruned_below) };
}

function parseOrFail(location: string, group: Group, key: string, data: unknown): Rec {
  const parsed = parseRow(group, data);
  if (!parsed.ok) {
    throw new StoreLoadError(location, `${tableOf(group).table} row ${JSON.stringify(key)}${isExtGroup(group) ? ` (collection ${extName(group)})` : ''} does not match the data schema at ${parsed.problem}`);
  }
  return parsed.record;
}

/** The whole store, in write order. Run inside a REPEATABLE READ transaction with readHead for a consistent pair. */
export async function readAll(db: Kysely<unknown>, location: string): Promise<StoreData> {
  const data = StoreData.parse({});
  const target = data as unknown as Record<string, Rec[]>;
  for (const collection of RECORD_COLLECTIONS) {
    const spec = RECORD_TABLES[collection];
    const result = await sql<{ k: string; data: unknown }>`SELECT id AS k, data FROM ${sql.table(spec.table)} ORDER BY inserted_seq, inserted_ord`.execute(db);
    target[collection] = result.rows.map((row) => parseOrFail(location, collection, row.k, row.data));
  }
  const links = await sql<{ k: string; data: unknown }>`SELECT ${sql.ref(LINKS_TABLE.keyColumn)} AS k, data FROM identity_links ORDER BY inserted_seq, inserted_ord`.execute(db);
  data.identityLinks = links.rows.map((row) => parseOrFail(location, LINKS_GROUP, row.k, row.data)) as StoreData['identityLinks'];
  const ext = await sql<{ c: string; k: string; data: unknown }>`SELECT collection AS c, id AS k, data FROM ${sql.table(EXT_TABLE.table)} ORDER BY inserted_seq, inserted_ord`.execute(db);
  for (const row of ext.rows) (data.ext[row.c] ??= []).push(parseOrFail(location, `${EXT_PREFIX}${row.c}`, row.k, row.data));
  return data;
}

/** How many change-log rows lie between two sequence numbers (to choose a refresh or a full reload). */
export async function countChanges(db: Kysely<unknown>, after: number, upTo: number): Promise<number> {
  const result = await sql<{ n: string }>`SELECT count(*) AS n FROM store_changes WHERE seq > ${after} AND seq <= ${upTo}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * The records changed after `after` up to `upTo`, as they are now (undefined: removed). New
 * records come in write order, so appending them keeps every instance's arrays in the same order.
 */
export async function readChangesSince(db: Kysely<unknown>, after: number, upTo: number, location: string): Promise<ChangedRecord[]> {
  const keys = await sql<{ collection: string; record_id: string }>`
    SELECT DISTINCT collection, record_id FROM store_changes WHERE seq > ${after} AND seq <= ${upTo}`.execute(db);
  const byGroup = new Map<Group, string[]>();
  for (const row of keys.rows) {
    const list = byGroup.get(row.collection);
    if (list) list.push(row.record_id);
    else byGroup.set(row.collection, [row.record_id]);
  }
  const changes: ChangedRecord[] = [];
  for (const [group, ids] of byGroup) {
    const spec = tableOf(group);
    const collectionCheck = spec.collectionColumn ? sql` AND ${sql.ref(spec.collectionColumn)} = ${extName(group)}` : sql``;
    const rows = await sql<{ k: string; data: unknown; reinserted: boolean }>`
      SELECT ${sql.ref(spec.keyColumn)} AS k, data, inserted_seq > ${after} AS reinserted FROM ${sql.table(spec.table)}
      WHERE ${sql.ref(spec.keyColumn)} = ANY(${ids}::text[])${collectionCheck}
      ORDER BY inserted_seq, inserted_ord`.execute(db);
    const present = new Set<string>();
    for (const row of rows.rows) {
      present.add(row.k);
      changes.push({ group, id: row.k, after: parseOrFail(location, group, row.k, row.data), moved: row.reinserted });
    }
    for (const id of ids) if (!present.has(id)) changes.push({ group, id, after: undefined });
  }
  return changes;
}

/** Rows per table, straight from the database (the from-json copy checks its counts with this). */
export async function countRows(db: Kysely<unknown>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const collection of RECORD_COLLECTIONS) {
    const result = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(RECORD_TABLES[collection].table)}`.execute(db);
    counts[collection] = Number(result.rows[0]!.n);
  }
  const links = await sql<{ n: string }>`SELECT count(*) AS n FROM identity_links`.execute(db);
  counts.identityLinks = Number(links.rows[0]!.n);
  const ext = await sql<{ c: string; n: string }>`SELECT collection AS c, count(*) AS n FROM ext_records GROUP BY collection ORDER BY collection`.execute(db);
  for (const row of ext.rows) counts[`ext.${row.c}`] = Number(row.n);
  return counts;
}
