/**
 * The embedded store's writes, on real files in a temporary folder: every write is validated with
 * the load's own schemas before it is committed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { RecordRejectedError, type Store } from '../../src/store/store.js';
import { TempDirs, auditEntry, council } from '../helpers/store-kit.js';

const dirs = new TempDirs();
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  await dirs.removeAll();
});

async function open(dir: string): Promise<LowdbStore> {
  const store = await LowdbStore.open(dir);
  stores.push(store);
  return store;
}

async function reopen(store: LowdbStore, dir: string): Promise<LowdbStore> {
  await store.close();
  return open(dir);
}

const link = (aadObjectId: unknown) => ({ aadObjectId: aadObjectId as string, personId: 'p-1', linkedAt: '2020-11-20T12:00:00.000Z', how: 'email' as const });

describe('every write is validated before it is committed', () => {
  it('an identity link whose aadObjectId is a number is refused at write time: a clear error, nothing stored, and the store still opens', async () => {
    const dir = await dirs.make();
    const store = await open(dir);
    const before = await store.snapshot();
    const refused = store.transact('link-identity', (tx) => tx.linkIdentity(link(12345)));
    await expect(refused).rejects.toThrow(RecordRejectedError);
    await expect(refused).rejects.toThrow('identityLinks record "12345" was refused because it does not match the data schema at aadObjectId');
    expect(await store.snapshot()).toBe(before);
    expect(store.state().generation).toBe(before.generation);

    const reopened = await reopen(store, dir);
    expect((await reopened.snapshot()).data.identityLinks).toEqual([]);
  });

  it.each([
    ['a status the schema does not know', 'councils', { ...council('c-1'), type: 'galactic' }, /at type/],
    ['a Date where text belongs', 'audit', { ...auditEntry('a-1'), at: new Date('2020-11-20T12:00:00Z') }, /at at: expected an ISO 8601 date-time|at at/],
    ['a value with no JSON form', 'audit', { ...auditEntry('a-2'), after: { amount: 10n } }, /cannot be written as JSON/],
    ['a missing required field', 'councils', { id: 'c-2' }, /at name/],
  ])('refuses %s', async (_what, collection, record, problem) => {
    const dir = await dirs.make();
    const store = await open(dir);
    await expect(store.transact('bad', (tx) => tx.put(collection as 'councils', record as never))).rejects.toThrow(problem);
    const reopened = await reopen(store, dir);
    expect((await reopened.snapshot()).data.councils).toEqual([]);
    expect((await reopened.snapshot()).data.audit).toEqual([]);
  });

  it('refuses an extension record without a text id', async () => {
    const store = await open(await dirs.make());
    await expect(store.transact('bad-ext', (tx) => tx.extPut('conversation-refs', { id: 7 } as never))).rejects.toThrow('ext.conversation-refs record "7" was refused because it has no text id');
  });

  it('a refused transaction does not hold back the good ones committed with it', async () => {
    const dir = await dirs.make();
    const store = await open(dir);
    const outcomes = await Promise.allSettled([
      store.transact('good-1', (tx) => tx.put('councils', council('c-1'))),
      store.transact('bad', (tx) => tx.linkIdentity(link(1))),
      store.transact('good-2', (tx) => tx.put('councils', council('c-2'))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const reopened = await reopen(store, dir);
    expect((await reopened.snapshot()).data.councils.map((c) => c.id)).toEqual(['c-1', 'c-2']);
  });

  it('the in-memory store refuses the same records', async () => {
    const store = new MemoryStore();
    await expect(store.transact('link-identity', (tx) => tx.linkIdentity(link(12345)))).rejects.toThrow(RecordRejectedError);
    expect((await store.snapshot()).data.identityLinks).toEqual([]);
  });
});
