/**
 * Checks a transaction's writes against the schemas the load uses, before anything is committed: a
 * record the store could not load back is refused (RecordRejectedError) instead of being written and
 * stopping the next start. Only the records the transaction touched are checked. The record itself
 * is checked (so what readers see in memory has the right types: a Date is not text) and it must
 * have a JSON form (a BigInt or a cycle has none); where the schema has typed fields, the JSON form
 * of a valid record always loads back.
 *
 * Shared by every Store implementation (lowdb, memory, and any other that keeps StoreData records).
 */
import type { z } from 'zod';
import { IdentityLink, StoreData } from '../domain/model.js';
import type { MemoryTransaction } from './memory-transaction.js';
import { RecordRejectedError } from './store.js';

type Schema = z.ZodType;

/** The element schema of each array collection of StoreData, taken from the schema itself so none is missed. */
const COLLECTION_SCHEMAS: ReadonlyMap<string, Schema> = new Map(
  Object.entries(StoreData.shape)
    .filter(([key]) => key !== 'schemaVersion' && key !== 'ext')
    .map(([key, schema]) => [key, (schema as unknown as { unwrap(): { element: Schema } }).unwrap().element]),
);

/** What the load accepts for an extension record (each feature validates its own fields). */
const EXT_RECORD_SCHEMA: Schema = (StoreData.shape.ext.unwrap() as unknown as { valueType: { element: Schema } }).valueType.element;

/**
 * The JSON text of records, cached by record object. Stored records are immutable (a write replaces
 * a record, never edits it), so the text made when a record was checked is the text written to disk
 * on every later write of its collection: a write re-serialises only what changed.
 */
export class RecordJsonCache {
  private readonly texts = new WeakMap<object, string>();

  /** The record's JSON text; throws when it has none (a function, a BigInt, a cycle). */
  of(record: unknown): string {
    if (record === null || typeof record !== 'object') return jsonText(record);
    let text = this.texts.get(record);
    if (text === undefined) {
      text = jsonText(record);
      this.texts.set(record, text);
    }
    return text;
  }
}

function jsonText(value: unknown): string {
  const text = JSON.stringify(value);
  if (typeof text !== 'string') throw new TypeError(`${typeof value} has no JSON form`);
  return text;
}

/** Throws RecordRejectedError unless `record` would load back through `schema`. */
export function checkRecord(collection: string, record: unknown, schema: Schema, json: RecordJsonCache, id = idOf(record)): void {
  try {
    json.of(record); // made now, and kept for the file write
  } catch (error) {
    throw new RecordRejectedError(collection, id, `it cannot be written as JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RecordRejectedError(collection, id, `it does not match the data schema at ${issue.path.join('.') || '(record)'}: ${issue.message}`);
  }
}

/** The schema the load applies to records of a collection (`ext:` prefix for extension collections). */
export function schemaOf(collection: string): Schema | undefined {
  return collection.startsWith('ext:') ? EXT_RECORD_SCHEMA : COLLECTION_SCHEMAS.get(collection);
}

/** Checks every record `tx` stores; throws RecordRejectedError on the first one the load would refuse. */
export function validateTransactionWrites(tx: MemoryTransaction, json: RecordJsonCache): void {
  for (const write of tx.stagedRecords()) {
    if (write.record === undefined) continue; // a deletion: nothing to load back
    if (write.area === 'ext') {
      const id = (write.record as { id?: unknown } | null)?.id;
      if (typeof id !== 'string' || id.length === 0) {
        throw new RecordRejectedError(`ext.${write.collection}`, String(id), 'it has no text id');
      }
      checkRecord(`ext.${write.collection}`, write.record, EXT_RECORD_SCHEMA, json, id);
      continue;
    }
    const schema = COLLECTION_SCHEMAS.get(write.collection);
    if (!schema) throw new RecordRejectedError(write.collection, write.id, 'the store has no such collection');
    checkRecord(write.collection, write.record, schema, json, write.id);
  }
  for (const link of tx.stagedIdentityLinks()) checkRecord('identityLinks', link, IdentityLink, json, String(link.aadObjectId));
}

function idOf(record: unknown): string {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : String(id);
}
