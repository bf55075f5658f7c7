/**
 * An instance's in-memory copy of the database: the StoreData that snapshots and transactions read.
 *
 * Snapshots are immutable and expose whole arrays (snapshot.data.audit), so a commit cannot change an
 * array a snapshot holds. Copying every touched array on every commit (as MemoryTransaction does)
 * costs O(collection size): at 100,000 actions and 500,000 audit entries that copy alone took tens
 * of milliseconds per write. Here a commit costs O(records changed) instead:
 *
 * - each group (collection) keeps its latest records in a Map, in array order (a replaced record
 *   keeps its place, a new one goes to the end, a removed one leaves), for O(1) reads by key;
 * - each commit gives the touched groups a new Version: its parent version plus the changes. The
 *   StoreData handed out has, for those groups, a getter that builds the array the first time anyone
 *   reads it (one pass over the nearest built ancestor plus the changes since), then keeps it.
 *
 * So a collection nobody reads (the audit log, mostly) is never copied on the write path, and a
 * collection that is read is built once per commit that changed it, by its first reader, which is
 * what the eager copy cost anyway. The order rules are MemoryTransaction's, and the order rows load
 * in (inserted_seq, inserted_ord), so every instance and every restart sees the same arrays.
 */
import type { StoreData } from '../../domain/model.js';
import type { CollectionName } from '../store.js';
import { LINKS_GROUP, RECORD_COLLECTIONS, extName, isExtGroup, keyOf, type Group } from './row-mapping.js';

type Rec = Record<string, unknown>;

/** One record's new state in a group; `after` undefined: removed. */
export interface ChangedRecord {
  group: Group;
  id: string;
  after: Rec | undefined;
  /** Removed and written again since (another instance's delete and re-insert): goes to the end. */
  moved?: boolean;
}

/** A group's array at one commit: built (`array`), or its parent plus the changes of that commit. */
interface Version {
  array?: readonly Rec[];
  parent?: Version;
  delta?: Map<string, Rec | undefined>;
}

function build(version: Version, group: Group): readonly Rec[] {
  if (version.array) return version.array;
  const chain: Version[] = [];
  let base: Version = version;
  while (!base.array) {
    chain.push(base);
    base = base.parent!;
  }
  // Fold the changes since the built ancestor, oldest first, into one ordered map.
  const final = new Map<string, Rec | undefined>();
  const movedToEnd = new Set<string>(); // removed and written again: appended, as a new record is
  for (let i = chain.length - 1; i >= 0; i--) {
    for (const [id, after] of chain[i]!.delta!) {
      if (after === undefined) {
        final.set(id, undefined);
      } else if (final.has(id) && final.get(id) === undefined) {
        final.delete(id);
        movedToEnd.add(id);
        final.set(id, after);
      } else {
        final.set(id, after);
      }
    }
  }
  const array: Rec[] = [];
  const inBase = new Set<string>();
  for (const record of base.array) {
    const id = keyOf(group, record);
    if (!final.has(id)) {
      array.push(record);
      continue;
    }
    inBase.add(id);
    const after = final.get(id);
    if (after !== undefined && !movedToEnd.has(id)) array.push(after);
  }
  for (const [id, after] of final) if (after !== undefined && (!inBase.has(id) || movedToEnd.has(id))) array.push(after);
  version.array = array;
  // Built: newer versions stop here, so the chain behind it can be collected.
  version.parent = undefined;
  version.delta = undefined;
  return array;
}

interface GroupState {
  records: Map<string, Rec>;
  head: Version;
}

export class MemoryView {
  private readonly groups = new Map<Group, GroupState>();
  private current: StoreData;

  constructor(data: StoreData) {
    this.current = data;
    // Index every collection now (at open, O(store) once), not on the first refresh or write.
    for (const collection of RECORD_COLLECTIONS) this.state(collection);
    this.state(LINKS_GROUP);
    for (const name of Object.keys(data.ext)) this.state(`ext:${name}`);
  }

  /** The latest state; its arrays are built on first read. */
  get data(): StoreData {
    return this.current;
  }

  private state(group: Group): GroupState {
    let state = this.groups.get(group);
    if (!state) {
      const array = this.arrayIn(this.current, group);
      state = { records: new Map(array.map((record) => [keyOf(group, record), record])), head: { array } };
      this.groups.set(group, state);
    }
    return state;
  }

  private arrayIn(data: StoreData, group: Group): readonly Rec[] {
    if (group === LINKS_GROUP) return data.identityLinks as unknown as Rec[];
    if (isExtGroup(group)) return (data.ext[extName(group)] ?? []) as Rec[];
    return data[group as CollectionName] as unknown as Rec[];
  }

  get(group: Group, id: string): Rec | undefined {
    return this.state(group).records.get(id);
  }

  /** How many records a group holds now, without building its array. */
  size(group: Group): number {
    return this.groups.get(group)?.records.size ?? this.arrayIn(this.current, group).length;
  }

  /** Record counts of every collection (for state()), without building arrays. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const collection of RECORD_COLLECTIONS) counts[collection] = this.size(collection);
    counts.identityLinks = this.size(LINKS_GROUP);
    return counts;
  }

  /** Applies changes (in the order given) and returns the new StoreData, which becomes `data`. */
  apply(changes: Iterable<ChangedRecord>): StoreData {
    const list = [...changes];
    const moved = list.filter((c) => c.moved && c.after !== undefined && this.get(c.group, c.id) !== undefined);
    if (moved.length) this.apply(moved.map((c) => ({ group: c.group, id: c.id, after: undefined })));
    const deltas = new Map<Group, Map<string, Rec | undefined>>();
    for (const change of list) {
      let delta = deltas.get(change.group);
      if (!delta) deltas.set(change.group, (delta = new Map()));
      if (change.after === undefined) delta.set(change.id, undefined);
      else if (delta.has(change.id) && delta.get(change.id) === undefined) {
        // Removed and written again in one commit: it goes to the end, as in the embedded store.
        delta.delete(change.id);
        delta.set(change.id, change.after);
      } else delta.set(change.id, change.after);
    }
    if (deltas.size === 0) return this.current;
    // Copy property descriptors, not values: reading the previous data's getters would build arrays.
    const next = Object.defineProperties({}, Object.getOwnPropertyDescriptors(this.current)) as StoreData;
    let ext: StoreData['ext'] | undefined;
    for (const [group, delta] of deltas) {
      const state = this.state(group);
      for (const [id, after] of delta) {
        if (after === undefined) state.records.delete(id);
        else state.records.set(id, after);
      }
      const version: Version = { parent: state.head, delta };
      state.head = version;
      const lazy: PropertyDescriptor = { enumerable: true, configurable: true, get: () => build(version, group) };
      if (group === LINKS_GROUP) Object.defineProperty(next, 'identityLinks', lazy);
      else if (isExtGroup(group)) {
        ext ??= Object.defineProperties({}, Object.getOwnPropertyDescriptors(this.current.ext)) as StoreData['ext'];
        Object.defineProperty(ext, extName(group), lazy);
      } else Object.defineProperty(next, group, lazy);
    }
    if (ext) Object.defineProperty(next, 'ext', { value: ext, enumerable: true, configurable: true, writable: true });
    this.current = next;
    return next;
  }
}

export function groupOfExt(collection: string): Group {
  return `ext:${collection}`;
}
