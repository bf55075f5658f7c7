/**
 * The Transaction a PostgreSQL store hands to `work`: MemoryTransaction itself (so writes are
 * staged, versioned and checked exactly as the embedded store does it), over the instance's
 * MemoryView, noting which records the work touched so that, afterwards, the store can write just
 * those rows and apply just those changes to memory.
 *
 * Only the public Transaction methods are overridden: each calls MemoryTransaction's and records
 * the key. Reads of records the work has not touched go to the view's index (O(1)) instead of
 * MemoryTransaction's scan of the whole collection.
 */
import { isDeepStrictEqual } from 'node:util';
import type { StoreData } from '../../domain/model.js';
import { MemoryTransaction } from '../memory-transaction.js';
import type { CollectionName, ExtRecord, PutOptions, RecordOf } from '../store.js';
import { groupOfExt, type MemoryView } from './memory-view.js';
import { LINKS_GROUP, type Group } from './row-mapping.js';

type Rec = Record<string, unknown>;

/** A record the transaction changed: its committed state (`before`) and its new one (`after`). */
export interface RecordChange {
  group: Group;
  id: string;
  before: Rec | undefined;
  after: Rec | undefined;
}

export class RecordingTransaction extends MemoryTransaction {
  private readonly touchedKeys = new Map<Group, Set<string>>();

  constructor(private readonly view: MemoryView) {
    super(view.data);
  }

  private mark(group: Group, id: string): void {
    let keys = this.touchedKeys.get(group);
    if (!keys) this.touchedKeys.set(group, (keys = new Set()));
    keys.add(id);
  }

  private isTouched(group: Group, id: string): boolean {
    return this.touchedKeys.get(group)?.has(id) ?? false;
  }

  override get<C extends CollectionName>(collection: C, id: string): RecordOf<C> | undefined {
    if (this.isTouched(collection, id)) return super.get(collection, id);
    return this.view.get(collection, id) as RecordOf<C> | undefined;
  }

  override put<C extends CollectionName>(collection: C, record: RecordOf<C>, options?: PutOptions): RecordOf<C> {
    const stored = super.put(collection, record, options);
    this.mark(collection, (record as { id: string }).id);
    return stored;
  }

  override delete<C extends CollectionName>(collection: C, id: string): void {
    super.delete(collection, id);
    this.mark(collection, id);
  }

  override replaceAll<C extends CollectionName>(collection: C, records: readonly RecordOf<C>[]): void {
    const before = this.list(collection);
    super.replaceAll(collection, records);
    for (const record of before) this.mark(collection, (record as { id: string }).id);
    for (const record of records) this.mark(collection, (record as { id: string }).id);
  }

  override linkIdentity(link: StoreData['identityLinks'][number]): void {
    super.linkIdentity(link);
    this.mark(LINKS_GROUP, link.aadObjectId);
  }

  override unlinkIdentity(aadObjectId: string): void {
    super.unlinkIdentity(aadObjectId);
    this.mark(LINKS_GROUP, aadObjectId);
  }

  override extGet(collection: string, id: string): ExtRecord | undefined {
    const group = groupOfExt(collection);
    if (this.isTouched(group, id)) return super.extGet(collection, id);
    return this.view.get(group, id) as ExtRecord | undefined;
  }

  override extPut(collection: string, record: ExtRecord): void {
    super.extPut(collection, record);
    this.mark(groupOfExt(collection), record.id);
  }

  override extDelete(collection: string, id: string): void {
    super.extDelete(collection, id);
    this.mark(groupOfExt(collection), id);
  }

  /** A record as this transaction would leave it (staged writes over the committed view). */
  lookup = (collection: CollectionName, id: string): Rec | undefined => this.get(collection, id) as Rec | undefined;

  /**
   * What the work changed, in the order it first touched each record. A record written back with
   * the same content (a replaceAll of unchanged data, a put of an equal record) is not a change.
   */
  changes(): RecordChange[] {
    const out: RecordChange[] = [];
    let links: Map<string, Rec> | undefined;
    for (const [group, keys] of this.touchedKeys) {
      for (const id of keys) {
        const before = this.view.get(group, id);
        let after: Rec | undefined;
        if (group === LINKS_GROUP) {
          links ??= new Map(this.identityLinks().map((l) => [l.aadObjectId, l as unknown as Rec]));
          after = links.get(id);
        } else if (group.startsWith('ext:')) {
          after = super.extGet(group.slice(4), id);
        } else {
          after = super.get(group as CollectionName, id) as Rec | undefined;
        }
        if (before === after || (before !== undefined && after !== undefined && isDeepStrictEqual(before, after))) continue;
        out.push({ group, id, before, after });
      }
    }
    return out;
  }
}
