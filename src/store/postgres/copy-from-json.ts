/**
 * `npm run migrate -- from-json <store.json>`: copies an embedded store (or a JSON backup, the same
 * format) into an empty PostgreSQL store, in one transaction, then counts the rows in every table
 * and compares them with the file. Copying into a database that already holds data is refused:
 * a merge is what `npm run import -- json` does.
 */
import { randomUUID } from 'node:crypto';
import { AuditEntry, type StoreData } from '../../domain/model.js';
import type { CollectionName, RecordOf } from '../store.js';
import type { PostgresStore } from './postgres-store.js';
import { RECORD_COLLECTIONS } from './row-mapping.js';
import { countRows } from './store-reader.js';

export class TargetNotEmptyError extends Error {
  constructor(readonly counts: Record<string, number>) {
    const held = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ');
    super(`the database already holds data (${held}); from-json copies into an empty database only. Nothing was copied.`);
    this.name = 'TargetNotEmptyError';
  }
}

export interface CountCheck {
  collection: string;
  inFile: number;
  inDatabase: number;
  ok: boolean;
}

/** What the file holds, by the names countRows uses. */
export function countsOf(data: StoreData): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of RECORD_COLLECTIONS) counts[name] = data[name].length;
  counts.identityLinks = data.identityLinks.length;
  for (const [name, records] of Object.entries(data.ext)) if (records.length) counts[`ext.${name}`] = records.length;
  return counts;
}

export async function copyIntoEmptyStore(store: PostgresStore, data: StoreData, options: { fileName: string; now: Date; actorName: string }): Promise<CountCheck[]> {
  const before = await countRows(store.database);
  if (Object.values(before).some((n) => n > 0)) throw new TargetNotEmptyError(before);
  const recordOfCopy = AuditEntry.parse({
    id: `audit-migrate-from-json-${randomUUID()}`,
    at: options.now.toISOString(),
    actorName: options.actorName,
    command: 'migrate-from-json',
    entity: 'store',
    entityId: options.fileName,
    after: { counts: countsOf(data) },
    note: `copied from ${options.fileName} into PostgreSQL`,
  });
  await store.transact('migrate-from-json', (tx) => {
    for (const name of RECORD_COLLECTIONS) tx.replaceAll(name, data[name] as RecordOf<CollectionName>[]);
    tx.put('audit', recordOfCopy);
    for (const link of data.identityLinks) tx.linkIdentity(link);
    for (const [collection, records] of Object.entries(data.ext)) for (const record of records) tx.extPut(collection, record as { id: string });
  });
  const expected = countsOf(data);
  expected.audit += 1; // the entry recording the copy
  const actual = await countRows(store.database);
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  return names.map((collection) => ({ collection, inFile: expected[collection] ?? 0, inDatabase: actual[collection] ?? 0, ok: (expected[collection] ?? 0) === (actual[collection] ?? 0) }));
}
