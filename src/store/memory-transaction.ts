/**
 * A transaction over in-memory StoreData: writes are staged and applied only on commit, with
 * copy-on-write per collection so that snapshots taken earlier never change under a reader.
 */
import type { StoreData } from '../domain/model.js';
import {
  VersionConflictError,
  type CollectionName,
  type ExtRecord,
  type PutOptions,
  type RecordOf,
  type Transaction,
} from './store.js';

const DELETED = Symbol('deleted');
type Staged = Map<string, unknown | typeof DELETED>;

export class MemoryTransaction implements Transaction {
  private readonly staged = new Map<string, Staged>();
  private readonly stagedExt = new Map<string, Staged>();
  private readonly stagedLinks: StoreData['identityLinks'] = [];
  private readonly stagedUnlinks = new Set<string>();

  constructor(private readonly data: StoreData) {}

  get touched(): boolean {
    return this.staged.size > 0 || this.stagedExt.size > 0 || this.stagedLinks.length > 0 || this.stagedUnlinks.size > 0;
  }

  get<C extends CollectionName>(collection: C, id: string): RecordOf<C> | undefined {
    const staged = this.staged.get(collection)?.get(id);
    if (staged === DELETED) return undefined;
    if (staged !== undefined) return staged as RecordOf<C>;
    return (this.data[collection] as RecordOf<C>[]).find((r) => (r as { id: string }).id === id);
  }

  list<C extends CollectionName>(collection: C): readonly RecordOf<C>[] {
    return mergeStaged(this.data[collection] as RecordOf<C>[], this.staged.get(collection));
  }

  put<C extends CollectionName>(collection: C, record: RecordOf<C>, options: PutOptions = {}): RecordOf<C> {
    const id = (record as { id: string }).id;
    let stored = record;
    if ('version' in (record as object)) {
      // Looked up only for versioned records: an audit entry need not scan the whole audit log.
      const current = this.get(collection, id) as { version?: number } | undefined;
      const currentVersion = current?.version ?? 0;
      if (options.expectedVersion !== undefined && options.expectedVersion !== currentVersion) {
        throw new VersionConflictError(collection, id, options.expectedVersion, currentVersion);
      }
      stored = { ...record, version: currentVersion + 1 } as RecordOf<C>;
    }
    stage(this.staged, collection).set(id, stored);
    return stored;
  }

  delete<C extends CollectionName>(collection: C, id: string): void {
    stage(this.staged, collection).set(id, DELETED);
  }

  replaceAll<C extends CollectionName>(collection: C, records: readonly RecordOf<C>[]): void {
    const staged: Staged = new Map();
    for (const record of this.list(collection)) staged.set((record as { id: string }).id, DELETED);
    for (const record of records) staged.set((record as { id: string }).id, record);
    this.staged.set(collection, staged);
  }

  linkIdentity(link: StoreData['identityLinks'][number]): void {
    this.stagedUnlinks.delete(link.aadObjectId);
    this.stagedLinks.push(link);
  }

  unlinkIdentity(aadObjectId: string): void {
    for (let i = this.stagedLinks.length - 1; i >= 0; i -= 1) if (this.stagedLinks[i]!.aadObjectId === aadObjectId) this.stagedLinks.splice(i, 1);
    this.stagedUnlinks.add(aadObjectId);
  }

  identityLinks(): readonly StoreData['identityLinks'][number][] {
    const byAad = new Map(this.data.identityLinks.map((l) => [l.aadObjectId, l]));
    for (const aad of this.stagedUnlinks) byAad.delete(aad);
    for (const link of this.stagedLinks) byAad.set(link.aadObjectId, link);
    return [...byAad.values()];
  }

  extGet(collection: string, id: string): ExtRecord | undefined {
    const staged = this.stagedExt.get(collection)?.get(id);
    if (staged === DELETED) return undefined;
    if (staged !== undefined) return staged as ExtRecord;
    return (this.data.ext[collection] as ExtRecord[] | undefined)?.find((r) => r.id === id);
  }

  extList(collection: string): readonly ExtRecord[] {
    return mergeStaged((this.data.ext[collection] ?? []) as ExtRecord[], this.stagedExt.get(collection));
  }

  extPut(collection: string, record: ExtRecord): void {
    stage(this.stagedExt, collection).set(record.id, record);
  }

  extDelete(collection: string, id: string): void {
    stage(this.stagedExt, collection).set(id, DELETED);
  }

  /** Every staged write (a deletion has no record), for validation and the append-only logs. */
  *stagedRecords(): Iterable<{ area: 'collection' | 'ext'; collection: string; id: string; record: unknown | undefined }> {
    for (const [area, map] of [['collection', this.staged], ['ext', this.stagedExt]] as const) {
      for (const [collection, staged] of map) {
        for (const [id, record] of staged) yield { area, collection, id, record: record === DELETED ? undefined : record };
      }
    }
  }

  /** Whether identity links are linked or unlinked. */
  get touchesIdentityLinks(): boolean {
    return this.stagedLinks.length > 0 || this.stagedUnlinks.size > 0;
  }

  /** Identity links staged by linkIdentity, in order. */
  stagedIdentityLinks(): readonly StoreData['identityLinks'][number][] {
    return this.stagedLinks;
  }

  /** Applies staged writes to `data`, replacing (not mutating) every touched array. */
  commitInto(data: StoreData): void {
    for (const [collection, staged] of this.staged) {
      const key = collection as CollectionName;
      (data as Record<string, unknown>)[key] = applyStaged(data[key] as { id: string }[], staged);
    }
    if (this.stagedExt.size > 0) {
      const ext = { ...data.ext };
      for (const [collection, staged] of this.stagedExt) {
        ext[collection] = applyStaged((ext[collection] ?? []) as ExtRecord[], staged);
      }
      data.ext = ext;
    }
    if (this.stagedLinks.length > 0 || this.stagedUnlinks.size > 0) {
      const byAad = new Map(data.identityLinks.map((l) => [l.aadObjectId, l]));
      for (const aad of this.stagedUnlinks) byAad.delete(aad);
      for (const link of this.stagedLinks) byAad.set(link.aadObjectId, link);
      data.identityLinks = [...byAad.values()];
    }
  }
}

function stage(map: Map<string, Staged>, collection: string): Staged {
  let staged = map.get(collection);
  if (!staged) {
    staged = new Map();
    map.set(collection, staged);
  }
  return staged;
}

function mergeStaged<T>(base: T[], staged: Staged | undefined): readonly T[] {
  if (!staged || staged.size === 0) return base;
  return applyStaged(base as { id: string }[], staged) as T[];
}

function applyStaged<T extends { id: string }>(base: T[], staged: Staged): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  for (const record of base) {
    const replacement = staged.get(record.id);
    seen.add(record.id);
    if (replacement === DELETED) continue;
    out.push(replacement === undefined ? record : (replacement as T));
  }
  for (const [id, record] of staged) {
    if (!seen.has(id) && record !== DELETED) out.push(record as T);
  }
  return out;
}
