/**
 * MemoryView builds a snapshot's arrays lazily (on first read) from the changes since the last built
 * version. Property test: for random commits (writes, removals, re-adds, moved records) and snapshots
 * read at random later moments, every snapshot's arrays equal those of a plain model that copies
 * every array eagerly on every commit, as MemoryTransaction does: same records, same order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StoreData } from '../../src/domain/model.js';
import { MemoryView, type ChangedRecord } from '../../src/store/postgres/memory-view.js';

type Rec = { id: string; n: number };
const GROUPS = ['actions', 'audit', 'ext:refs'] as const;

/** The reference: replace in place, remove, append new (and moved) records at the end. */
function applyEagerly(array: readonly Rec[], changes: { id: string; after?: Rec; moved?: boolean }[]): Rec[] {
  let out = [...array];
  for (const change of changes) {
    const at = out.findIndex((r) => r.id === change.id);
    if (change.after === undefined) {
      if (at >= 0) out = out.filter((r) => r.id !== change.id);
    } else if (at >= 0 && !change.moved) {
      out[at] = change.after;
    } else {
      if (at >= 0) out = out.filter((r) => r.id !== change.id);
      out.push(change.after);
    }
  }
  return out;
}

function arrayOf(data: StoreData, group: string): readonly unknown[] {
  return group.startsWith('ext:') ? (data.ext[group.slice(4)] ?? []) : (data[group as 'actions'] as unknown[]);
}

const commit = fc.array(
  fc.record({ group: fc.constantFrom(...GROUPS), id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), remove: fc.boolean(), moved: fc.boolean(), n: fc.nat(1000) }),
  { minLength: 1, maxLength: 6 },
);

describe('MemoryView', () => {
  it('gives every snapshot the arrays an eager copy would, whenever they are read', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(commit, fc.boolean()), { minLength: 1, maxLength: 25 }), fc.array(fc.nat(), { maxLength: 40 }), (commits, readOrder) => {
        const initial = StoreData.parse({ actions: [], audit: [], ext: { refs: [] } });
        const view = new MemoryView(initial);
        let model: Record<string, Rec[]> = { actions: [], audit: [], 'ext:refs': [] };
        const taken: { data: StoreData; expected: Record<string, Rec[]> }[] = [{ data: view.data, expected: model }];
        for (const [changes, readNow] of commits) {
          // One change per key per commit, as a transaction or a refresh produces them.
          const unique = new Map(changes.map((c) => [`${c.group}/${c.id}`, c]));
          const list: ChangedRecord[] = [...unique.values()].map((c) => ({ group: c.group, id: c.id, after: c.remove ? undefined : { id: c.id, n: c.n }, moved: c.moved }));
          const next: Record<string, Rec[]> = {};
          for (const group of GROUPS) {
            next[group] = applyEagerly(model[group]!, list.filter((c) => c.group === group).map((c) => ({ id: c.id, after: c.after as Rec | undefined, moved: c.moved })));
          }
          model = next;
          const data = view.apply(list);
          taken.push({ data, expected: model });
          if (readNow) for (const group of GROUPS) expect(arrayOf(data, group)).toEqual(model[group]);
          for (const group of GROUPS) for (const record of model[group]!) expect(view.get(group, record.id)).toEqual(record);
        }
        // Read the snapshots in a random order, long after they were taken.
        const order = readOrder.map((i) => i % taken.length);
        for (const i of [...order, ...taken.keys()]) {
          for (const group of GROUPS) expect(arrayOf(taken[i]!.data, group)).toEqual(taken[i]!.expected[group]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not build an array nobody reads, and counts without building', () => {
    const view = new MemoryView(StoreData.parse({ audit: Array.from({ length: 3 }, (_, i) => ({ id: `x${i}`, at: '2020-11-20T12:00:00Z', actorName: 'a', command: 'c', entity: 'e', entityId: 'i' })) }));
    const before = view.data;
    const data = view.apply([{ group: 'audit', id: 'x3', after: { id: 'x3' } }]);
    expect(Object.getOwnPropertyDescriptor(data, 'audit')!.get).toBeTypeOf('function');
    expect(view.counts().audit).toBe(4);
    expect(before.audit).toHaveLength(3);
    expect(data.audit.map((a) => a.id)).toEqual(['x0', 'x1', 'x2', 'x3']);
    expect(data.audit).toBe(data.audit); // built once, then kept
  });
});
