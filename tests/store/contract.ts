/**
 * The Store contract: the same assertions for every implementation of the port (MemoryStore,
 * LowdbStore, PostgresStore). Each implementation's test file calls `storeContract` with a way to
 * open an empty store and to reopen one on the same storage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Action, AuditEntry, Council, IdentityLink, Person, Plan } from '../../src/domain/model.js';
import { VersionConflictError, type Store } from '../../src/store/store.js';

export interface StoreUnderTest {
  /** A new, empty store on storage of its own. */
  open(): Promise<Store>;
  /** Closes `store` and opens its storage again (what a restart sees). */
  reopen(store: Store): Promise<Store>;
  /** Releases whatever `open` created (files, databases). */
  cleanUp?(): Promise<void>;
}

export const council = (id = 'derby') => Council.parse({ id, name: `${id} council` });
export const plan = (id = 'cip', councilId = 'derby') => Plan.parse({ id, councilId, title: `Plan ${id}` });
export const action = (id: string, planId = 'cip', title = `Action ${id}`) =>
  Action.parse({ id, planId, title, status: { canonical: 'IN_PROGRESS' }, number: id.replace(/^\D+/, '') || undefined });
export const person = (id: string) => Person.parse({ id, name: `Person ${id}`, email: `${id}@council.example` });
export const audit = (id: string, entityId = 'a1') =>
  AuditEntry.parse({ id, at: '2020-11-20T12:00:00Z', actorName: 'Test', command: 'test', entity: 'action', entityId, after: { version: 2 } });

/** A small store: a council, a plan, three actions, two people. */
export async function seed(store: Store): Promise<void> {
  await store.transact('seed', (tx) => {
    tx.put('councils', council());
    tx.put('plans', plan());
    for (const id of ['a1', 'a2', 'a3']) tx.put('actions', action(id));
    tx.put('people', person('p1'));
    tx.put('people', person('p2'));
  });
}

export function storeContract(name: string, subject: StoreUnderTest): void {
  describe(`Store contract: ${name}`, () => {
    const open: Store[] = [];
    const fresh = async () => {
      const store = await subject.open();
      open.push(store);
      return store;
    };
    const reopen = async (store: Store) => {
      const again = await subject.reopen(store);
      open.push(again);
      return again;
    };
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
      await subject.cleanUp?.();
    });

    it('starts empty and gives back what a transaction wrote', async () => {
      const store = await fresh();
      expect((await store.snapshot()).actions).toEqual([]);
      await seed(store);
      const snapshot = await store.snapshot();
      expect(snapshot.actions.map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
      expect(snapshot.plan('cip')?.title).toBe('Plan cip');
      expect(snapshot.actionsOf('cip')).toHaveLength(3);
      expect(store.state().counts.actions).toBe(3);
    });

    it('keeps snapshots immutable: a snapshot taken before a write never changes', async () => {
      const store = await fresh();
      await seed(store);
      const before = await store.snapshot();
      const a1Before = before.action('a1')!;
      await store.transact('edit', (tx) => {
        tx.put('actions', { ...tx.get('actions', 'a1')!, title: 'Changed' });
        tx.put('actions', action('a4'));
        tx.delete('actions', 'a2');
      });
      expect(before.action('a1')).toBe(a1Before);
      expect(before.action('a1')!.title).toBe('Action a1');
      expect(before.actions.map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
      const after = await store.snapshot();
      expect(after).not.toBe(before);
      expect(after.action('a1')!.title).toBe('Changed');
      expect(after.actions.map((a) => a.id)).toEqual(['a1', 'a3', 'a4']);
      // Cheap: the same snapshot until the next commit.
      expect(await store.snapshot()).toBe(after);
    });

    it('is all-or-nothing: when work throws, nothing is written and the error reaches the caller', async () => {
      const store = await fresh();
      await seed(store);
      const before = await store.snapshot();
      await expect(
        store.transact('fails', (tx) => {
          tx.put('actions', { ...tx.get('actions', 'a1')!, title: 'Half done' });
          tx.put('actions', action('a9'));
          tx.extPut('notes', { id: 'n1', text: 'x' });
          tx.linkIdentity(IdentityLink.parse({ aadObjectId: 'aad-1', personId: 'p1', linkedAt: '2020-11-20T12:00:00Z', how: 'admin' }));
          throw new Error('validation failed');
        }),
      ).rejects.toThrow('validation failed');
      const after = await store.snapshot();
      expect(after.action('a1')!.title).toBe('Action a1');
      expect(after.action('a9')).toBeUndefined();
      expect(after.ext('notes')).toEqual([]);
      expect(after.data.identityLinks).toEqual([]);
      expect(after.data).toEqual(before.data);
      // The store goes on working after a failed transaction.
      await store.transact('ok', (tx) => tx.put('actions', action('a9')));
      expect((await store.snapshot()).action('a9')).toBeDefined();
    });

    it('sees its own staged writes inside the transaction, and returns what work returns', async () => {
      const store = await fresh();
      await seed(store);
      const seen = await store.transact('read-your-writes', (tx) => {
        tx.put('actions', action('a4'));
        tx.delete('actions', 'a1');
        return { ids: tx.list('actions').map((a) => a.id), a4: tx.get('actions', 'a4')?.title, a1: tx.get('actions', 'a1') };
      });
      expect(seen).toEqual({ ids: ['a2', 'a3', 'a4'], a4: 'Action a4', a1: undefined });
      expect(await store.transact('read-only', (tx) => tx.list('actions').length)).toBe(3);
    });

    it('checks versions: a stale expectedVersion raises VersionConflictError and writes nothing', async () => {
      const store = await fresh();
      await seed(store);
      const stored = await store.transact('update', (tx) => tx.put('actions', { ...tx.get('actions', 'a1')!, title: 'v2' }, { expectedVersion: 1 }));
      expect(stored.version).toBe(2);
      const error = await store
        .transact('stale', (tx) => {
          tx.put('actions', action('a5'));
          tx.put('actions', { ...tx.get('actions', 'a1')!, title: 'stale' }, { expectedVersion: 1 });
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VersionConflictError);
      expect(error).toMatchObject({ collection: 'actions', id: 'a1', expected: 1, actual: 2 });
      const snapshot = await store.snapshot();
      expect(snapshot.action('a1')).toMatchObject({ title: 'v2', version: 2 });
      expect(snapshot.action('a5')).toBeUndefined();
      // Without expectedVersion a versioned record still gets version + 1.
      await store.transact('bump', (tx) => tx.put('actions', { ...tx.get('actions', 'a1')!, title: 'v3' }));
      expect((await store.snapshot()).action('a1')!.version).toBe(3);
    });

    it('keeps extension collections apart, by collection and id', async () => {
      const store = await fresh();
      await store.transact('ext', (tx) => {
        tx.extPut('conversation-refs', { id: 'c1', tenantId: 't1', active: true });
        tx.extPut('conversation-refs', { id: 'c2', tenantId: 't1', active: true });
        tx.extPut('proactive-send-log', { id: 'c1', sentAt: '2020-11-20T12:00:00Z' });
      });
      await store.transact('ext-edit', (tx) => {
        tx.extPut('conversation-refs', { ...tx.extGet('conversation-refs', 'c1')!, active: false });
        tx.extDelete('conversation-refs', 'c2');
        expect(tx.extList('conversation-refs').map((r) => r.id)).toEqual(['c1']);
      });
      const snapshot = await store.snapshot();
      expect(snapshot.ext('conversation-refs')).toEqual([{ id: 'c1', tenantId: 't1', active: false }]);
      expect(snapshot.ext('proactive-send-log')).toEqual([{ id: 'c1', sentAt: '2020-11-20T12:00:00Z' }]);
      expect(snapshot.ext('never-written')).toEqual([]);
    });

    it('links identities by AAD object id: relinking replaces, unlinking removes', async () => {
      const store = await fresh();
      await seed(store);
      const link = (aad: string, personId: string) => IdentityLink.parse({ aadObjectId: aad, personId, linkedAt: '2020-11-20T12:00:00Z', how: 'admin' });
      await store.transact('link', (tx) => {
        tx.linkIdentity(link('aad-1', 'p1'));
        tx.linkIdentity(link('aad-2', 'p2'));
      });
      expect((await store.snapshot()).personByAadObjectId('aad-1')?.id).toBe('p1');
      await store.transact('relink', (tx) => {
        tx.linkIdentity(link('aad-1', 'p2'));
        tx.unlinkIdentity('aad-2');
        expect(tx.identityLinks().map((l) => [l.aadObjectId, l.personId])).toEqual([['aad-1', 'p2']]);
      });
      const snapshot = await store.snapshot();
      expect(snapshot.data.identityLinks).toEqual([link('aad-1', 'p2')]);
      expect(snapshot.personByAadObjectId('aad-1')?.id).toBe('p2');
      expect(snapshot.personByAadObjectId('aad-2')).toBeUndefined();
    });

    it('replaceAll makes a collection exactly the given records, in their order', async () => {
      const store = await fresh();
      await seed(store);
      await store.transact('replace', (tx) => tx.replaceAll('actions', [action('b2'), action('a2', 'cip', 'Kept, new title'), action('b1')]));
      const snapshot = await store.snapshot();
      expect(snapshot.actions.map((a) => a.id)).toEqual(['a2', 'b2', 'b1']);
      expect(snapshot.action('a2')!.title).toBe('Kept, new title');
      expect(snapshot.action('a1')).toBeUndefined();
    });

    it('persists: a reopened store holds exactly what was committed, in the same order', async () => {
      const store = await fresh();
      await seed(store);
      await store.transact('more', (tx) => {
        tx.put('actions', { ...tx.get('actions', 'a2')!, title: 'Edited' }, { expectedVersion: 1 });
        tx.delete('actions', 'a3');
        tx.put('actions', action('a0'));
        tx.put('audit', audit('audit-1'));
        tx.extPut('digest-runs', { id: 'run-1', week: '2020-W47', nested: { counts: [1, 2, 3] } });
        tx.linkIdentity(IdentityLink.parse({ aadObjectId: 'aad-1', personId: 'p1', linkedAt: '2020-11-20T12:00:00Z', how: 'email' }));
      });
      const before = (await store.snapshot()).data;
      const again = await reopen(store);
      const after = (await again.snapshot()).data;
      expect(after).toEqual(before);
      expect(after.actions.map((a) => a.id)).toEqual(['a1', 'a2', 'a0']);
      // And it goes on from there: versions continue, conflicts still detected.
      await expect(again.transact('stale', (tx) => tx.put('actions', { ...tx.get('actions', 'a2')!, title: 'x' }, { expectedVersion: 1 }))).rejects.toBeInstanceOf(VersionConflictError);
      const stored = await again.transact('next', (tx) => tx.put('actions', { ...tx.get('actions', 'a2')!, title: 'v3' }, { expectedVersion: 2 }));
      expect(stored.version).toBe(3);
    });

    it('serialises concurrent transactions: read-modify-write from many callers loses nothing', async () => {
      const store = await fresh();
      await store.transact('counter', (tx) => tx.extPut('counters', { id: 'hits', n: 0 }));
      const callers = 25;
      await Promise.all(
        Array.from({ length: callers }, (_, i) =>
          store.transact(`hit-${i}`, (tx) => {
            const counter = tx.extGet('counters', 'hits')!;
            tx.extPut('counters', { id: 'hits', n: (counter.n as number) + 1 });
            tx.put('audit', audit(`audit-hit-${i}`));
          }),
        ),
      );
      const snapshot = await store.snapshot();
      expect(snapshot.ext('counters')).toEqual([{ id: 'hits', n: callers }]);
      expect(snapshot.data.audit).toHaveLength(callers);
    });

    it('gives exactly one conflict when concurrent writers hold the same version', async () => {
      const store = await fresh();
      await seed(store);
      const version = (await store.snapshot()).action('a1')!.version;
      const outcomes = await Promise.allSettled(
        ['first', 'second', 'third'].map((who) => store.transact(`edit-${who}`, (tx) => tx.put('actions', { ...tx.get('actions', 'a1')!, title: who }, { expectedVersion: version }))),
      );
      const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(2);
      for (const r of rejected) expect(r.reason).toBeInstanceOf(VersionConflictError);
      const winner = (fulfilled[0] as PromiseFulfilledResult<Action>).value;
      expect((await store.snapshot()).action('a1')).toMatchObject({ title: winner.title, version: version + 1 });
    });
  });
}
