/**
 * The embedded store's writes, on real files in a temporary folder: every write is validated with
 * the load's own schemas before it is committed; a failed write (full disk, I/O error) is rolled
 * back so nobody sees it and no later write stores it; transactions arriving together share one
 * file write, and each resolves only after that write completed.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { RecordRejectedError, StoreWriteFailedError, type Store } from '../../src/store/store.js';
import { faultyFs } from '../helpers/faulty-fs.js';
import { TempDirs, auditEntry, council } from '../helpers/store-kit.js';

const dirs = new TempDirs();
const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  await dirs.removeAll();
});

async function open(dir: string, options: Parameters<typeof LowdbStore.open>[1] = {}): Promise<LowdbStore> {
  const store = await LowdbStore.open(dir, { ...options, lock: { refreshMs: 0, ...options.lock } });
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

describe('a failed write is never shown as saved', () => {
  it('store.json cannot be written (disk full): rolled back, the caller is told, state() is failing until a write succeeds, and the next write does not store it', async () => {
    const dir = await dirs.make();
    const disk = faultyFs();
    const store = await open(dir, { fs: disk.fs });
    const before = await store.snapshot();
    disk.fail((call, file) => (call === 'write' && path.basename(file).startsWith('.store.json.') ? 'ENOSPC' : undefined));

    const failed = store.transact('add-council', (tx) => tx.put('councils', council('written-on-a-full-disk')));
    await expect(failed).rejects.toThrow(StoreWriteFailedError);
    await expect(failed).rejects.toThrow('Not saved: transaction add-council could not be written (the disk is full).');
    expect(await store.snapshot()).toBe(before);
    expect(store.state().writeFailure).toMatchObject({ message: 'the disk is full' });
    // The half-written temporary file is removed: on a full disk it would hold the last free space.
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    disk.fail(undefined);
    await store.transact('add-council', (tx) => tx.put('councils', council('written-later')));
    expect(store.state().writeFailure).toBeUndefined();
    const reopened = await reopen(store, dir);
    expect((await reopened.snapshot()).data.councils.map((c) => c.id)).toEqual(['written-later']);
  });

  it('a commit whose audit line reached the log but whose store.json did not is taken back from the log', async () => {
    const dir = await dirs.make();
    const disk = faultyFs();
    const store = await open(dir, { fs: disk.fs });
    await store.transact('first', (tx) => tx.put('audit', auditEntry('kept')));
    const logBefore = await readFile(path.join(dir, 'audit.jsonl'), 'utf8');
    disk.fail((call, file) => (call === 'rename' && file.endsWith('store.json') ? 'EIO' : undefined));

    const failed = store.transact('council-and-audit', (tx) => {
      tx.put('councils', council('c-1'));
      tx.put('audit', auditEntry('of-the-failed-commit'));
    });
    await expect(failed).rejects.toThrow('(the disk reported an input/output error)');
    expect(await readFile(path.join(dir, 'audit.jsonl'), 'utf8')).toBe(logBefore);
    expect((await store.snapshot()).data.audit.map((a) => a.id)).toEqual(['kept']);

    disk.fail(undefined);
    const reopened = await reopen(store, dir);
    expect((await reopened.snapshot()).data.audit.map((a) => a.id)).toEqual(['kept']);
    expect((await reopened.snapshot()).data.councils).toEqual([]);
  });

  it('when the take-back fails too, the stray line is cut off before the next append, so it never counts', async () => {
    const dir = await dirs.make();
    const disk = faultyFs();
    const store = await open(dir, { fs: disk.fs });
    disk.fail((call, file) => ((call === 'rename' && file.endsWith('store.json')) || (call === 'truncate' && file.endsWith('audit.jsonl')) ? 'EIO' : undefined));
    await expect(
      store.transact('council-and-audit', (tx) => {
        tx.put('councils', council('c-1'));
        tx.put('audit', auditEntry('stray'));
      }),
    ).rejects.toThrow(StoreWriteFailedError);
    expect(await readFile(path.join(dir, 'audit.jsonl'), 'utf8')).toContain('stray');

    disk.fail(undefined);
    await store.transact('audit', (tx) => tx.put('audit', auditEntry('after')));
    const log = await readFile(path.join(dir, 'audit.jsonl'), 'utf8');
    expect(log).not.toContain('stray');
    expect(log).toContain('after');
    const reopened = await reopen(store, dir);
    expect((await reopened.snapshot()).data.audit.map((a) => a.id)).toEqual(['after']);
  });

  it('an append whose fsync fails is not acknowledged', async () => {
    const dir = await dirs.make();
    const disk = faultyFs();
    const store = await open(dir, { fs: disk.fs });
    disk.fail((call, file) => (call === 'datasync' && file.endsWith('audit.jsonl') ? 'EIO' : undefined));
    await expect(store.transact('audit', (tx) => tx.put('audit', auditEntry('unsynced')))).rejects.toThrow(StoreWriteFailedError);
    disk.fail(undefined);
    const reopened = await reopen(store, dir);
    expect((await reopened.snapshot()).data.audit).toEqual([]);
  });

  it('a transaction that read what a failed write wrote fails with it (its answer rested on unsaved data)', async () => {
    const dir = await dirs.make();
    const disk = faultyFs();
    const store = await open(dir, { fs: disk.fs });
    disk.fail((call, file) => (call === 'write' && path.basename(file).startsWith('.store.json.') ? 'ENOSPC' : undefined));
    const writer = store.transact('record', (tx) => tx.put('councils', council('c-1')));
    const reader = store.transact('already-there?', (tx) => Boolean(tx.get('councils', 'c-1')));
    await expect(writer).rejects.toThrow(StoreWriteFailedError);
    await expect(reader).rejects.toThrow(StoreWriteFailedError);
    // A reader that ran before any write of its group saw only committed data and is answered.
    expect(await store.transact('read', (tx) => tx.list('councils').length)).toBe(0);
  });
});

describe('group commit', () => {
  it('transactions started together share one file write, and each resolves only after it', async () => {
    const dir = await dirs.make();
    const disk = faultyFs();
    const store = await open(dir, { fs: disk.fs });
    const renamesBefore = disk.calls.filter((c) => c === 'renamed store.json').length;
    const resolvedAfterRenames: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store
          .transact(`council-${i}`, (tx) => tx.put('councils', council(`c-${i}`)))
          .then(() => resolvedAfterRenames.push(disk.calls.filter((c) => c === 'renamed store.json').length - renamesBefore)),
      ),
    );
    expect(disk.calls.filter((c) => c === 'renamed store.json').length - renamesBefore).toBe(1);
    expect(resolvedAfterRenames.every((n) => n === 1)).toBe(true);
  });

  it('transactions arriving while a write is on disk are committed together in the next one', async () => {
    const dir = await dirs.make();
    const disk = faultyFs();
    const store = await open(dir, { fs: disk.fs });
    const late: Promise<unknown>[] = [];
    // When the first write reaches its rename, 30 more transactions arrive.
    disk.fail((call, file) => {
      if (call === 'rename' && file.endsWith('store.json') && late.length === 0) {
        for (let i = 0; i < 30; i += 1) late.push(store.transact(`late-${i}`, (tx) => tx.put('councils', council(`late-${i}`))));
      }
      return undefined;
    });
    const renamesBefore = disk.calls.filter((c) => c === 'renamed store.json').length;
    await store.transact('first', (tx) => tx.put('councils', council('first')));
    await Promise.all(late);
    expect(disk.calls.filter((c) => c === 'renamed store.json').length - renamesBefore).toBe(2);
    const reopened = await reopen(store, dir);
    expect((await reopened.snapshot()).data.councils).toHaveLength(31);
  });

  it('store.json, re-encoded only where records changed, always reads back as exactly what is in memory', async () => {
    const dir = await dirs.make();
    const store = await open(dir);
    await store.transact('many', (tx) => {
      for (let i = 0; i < 700; i += 1) tx.put('councils', council(`c-${i}`));
    });
    await store.transact('replace one in the middle', (tx) => tx.put('councils', { ...council('c-300'), name: 'Renamed' }));
    await store.transact('delete one near the start', (tx) => tx.delete('councils', 'c-10'));
    await store.transact('append', (tx) => tx.put('councils', council('c-new')));
    await store.transact('ext', (tx) => tx.extPut('conversation-refs', { id: 'r-1', active: true }));
    const inMemory = (await store.snapshot()).data;
    const reopened = await reopen(store, dir);
    expect((await reopened.snapshot()).data).toEqual(inMemory);
    expect(JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8')).councils).toHaveLength(700);
  });

  it('writing an action rewrites store.json but not the audit log; appending an audit entry leaves store.json alone', async () => {
    const dir = await dirs.make();
    const store = await open(dir);
    await store.transact('council', (tx) => tx.put('councils', council('c-1')));
    const storeFile = path.join(dir, 'store.json');
    const before = (await stat(storeFile)).mtimeMs;
    const contentBefore = await readFile(storeFile, 'utf8');
    await store.transact('audit', (tx) => tx.put('audit', auditEntry('a-1')));
    expect(await readFile(storeFile, 'utf8')).toBe(contentBefore);
    expect((await stat(storeFile)).mtimeMs).toBe(before);
    expect(contentBefore).not.toContain('"audit"');
    expect(await readFile(path.join(dir, 'audit.jsonl'), 'utf8')).toContain('"id":"a-1"');
  });
});
