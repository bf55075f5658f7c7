/**
 * Writes one transaction's changes to the tables, inside the SQL transaction that holds the commit
 * lock: inserts, updates and deletes per table, each as one statement per batch of rows (the rows go
 * as one JSON parameter read with jsonb_to_recordset), with the optimistic checks:
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

async function insertRows(db: Kysely<unknown>, spec: TableSpec, rows: PreparedRow[], seq: number, ordStart: number): Promise<Set<string>> {
  const targetColumns = [spec.keyColumn, ...(spec.collectionColumn ? [spec.collectionColumn] : []), ...spec.columns.map((c) => c.name), ...(spec.versioned ? ['version'] : []), 'data', 'seq', 'inserted_seq', 'inserted_ord'];
  const selected = ['r.k', ...(spec.collectionColumn ? ['r.c'] : []), ...spec.columns.map((_, i) => `r.d${i}`), ...(spec.versioned ? ['r.v'] : []), 'r.data'];
  const conflictTarget = spec.collectionColumn ? `${spec.collectionColumn}, ${spec.keyColumn}` : spec.keyColumn;
  const json = JSON.stringify(rows.map((row, i) => rowJson(spec, row, ordStart + i)));
  const result = await sql<{ k: string }>`
    INSERT INTO ${sql.table(spec.table)} (${sql.raw(targetColumns.join(', '))})
    SELECT ${sql.raw(selected.join(', '))}, ${seq}::bigint, ${seq}::bigint, r.o
    FROM jsonb_to_recordset(${json}::jsonb) AS r(${recordsetColumns(spec, true, true)})
    ON CONFLICT (${sql.raw(conflictTarget)}) DO NOTHING
    RETURNING ${returningKey(spec, spec.table)}`.execute(db);
  return new Set(result.rows.map((r) => r.k));
}

async function updateRows(db: Kysely<unknown>, spec: TableSpec, rows: PreparedRow[], seq: number): Promise<Set<string>> {
  const assignments = [...spec.columns.map((c, i) => `${c.name} = r.d${i}`), ...(spec.versioned ? ['version = r.v'] : []), 'data = r.data', 'written_at = now()'];
  const versionCheck = spec.versioned ? sql.raw(' AND t.version = r.b') : sql.raw('');
  const json = JSON.stringify(rows.map((row) => rowJson(spec, row)));
  const result = await sql<{ k: string }>`
    UPDATE ${sql.table(spec.table)} AS t SET ${sql.raw(assignments.join(', '))}, seq = ${seq}::bigint
    FROM jsonb_to_recordset(${json}::jsonb) AS r(${recordsetColumns(spec, true, false)})
    WHERE ${keyMatch(spec, 't')}${versionCheck}
    RETURNING ${returningKey(spec, 't')}`.execute(db);
  return new Set(result.rows.map((r) => r.k));
}

async function deleteRows(db: Kysely<unknown>, spec: TableSpec, rows: PreparedRow[]): Promise<Set<string>> {
  const versionCheck = spec.versioned ? sql.raw(' AND t.version = r.b') : sql.raw('');
  const json = JSON.stringify(rows.map((row) => rowJson(spec, row)));
  const result = await sql<{ k: string }>`
    DELETE FROM ${sql.table(spec.table)} AS t
    USING jsonb_to_recordset(${json}::jsonb) AS r(${recordsetColumns(spec, false, false)})
    WHERE ${keyMatch(spec, 't')}${versionCheck}
    RETURNING ${returningKey(spec, 't')}`.execute(db);
  return new Set(result.rows.map((r) => r.k));
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

/**
 * Writes every change; throws VersionConflictError (nothing of the transaction is then kept, as
 * the caller rolls back). `lookup` reads the state being written, to derive council ids.
 */
export async function writeChanges(db: Kysely<unknown>, changes: readonly RecordChange[], seq: number, lookup: Lookup): Promise<void> {
  const byGroup = new Map<Group, RecordChange[]>();
  for (const change of changes) {
    const list = byGroup.get(change.group);
    if (list) list.push(change);
    else byGroup.set(change.group, [change]);
  }
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
    // Deletes first: a replaceAll may remove one record and add another in its place.
    for (let i = 0; i < deletes.length; i += BATCH) {
      const batch = deletes.slice(i, i + BATCH);
      const done = await deleteRows(db, spec, batch);
      const missed = batch.find((row) => !done.has(row.key));
      if (missed) throw await conflictFor(db, group, spec, missed, true);
    }
    for (let i = 0; i < updates.length; i += BATCH) {
      const batch = updates.slice(i, i + BATCH);
      const done = await updateRows(db, spec, batch, seq);
      const missed = batch.find((row) => !done.has(row.key));
      if (missed) throw await conflictFor(db, group, spec, missed, true);
    }
    for (let i = 0; i < inserts.length; i += BATCH) {
      const batch = inserts.slice(i, i + BATCH);
      // Positions count per table, so ext collections sharing ext_records never share one.
      const ordStart = insertedPerTable.get(spec.table) ?? 0;
      insertedPerTable.set(spec.table, ordStart + batch.length);
      const done = await insertRows(db, spec, batch, seq, ordStart);
      const missed = batch.find((row) => !done.has(row.key));
      if (missed) throw await conflictFor(db, group, spec, missed, false);
    }
  }
}
