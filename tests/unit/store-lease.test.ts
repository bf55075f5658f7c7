/**
 * The data file's lease (store.json.lock), on real files with an injected clock: who holds it is
 * said when a second writer is refused; another host's lease is taken over only once it lapsed; a
 * reused pid blocks nothing; a holder that lost its lease, or cannot refresh it, stops writing.
 */
import { spawn } from 'node:child_process';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeaseOptions } from '../../src/store/lease-lock.js';
import { LowdbStore, type LowdbStoreOptions } from '../../src/store/lowdb-store.js';
import { StoreLockedError, StoreWriteFailedError } from '../../src/store/store.js';
import { faultyFs } from '../helpers/faulty-fs.js';
import { TempDirs, capturingLogger, council } from '../helpers/store-kit.js';

const dirs = new TempDirs();
const stores: LowdbStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  await dirs.removeAll();
});

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const STALE_MS = 30_000;

/** A clock the test moves by hand. */
function clockAt(ms: number) {
  const clock = { at: ms, now: () => clock.at };
  return clock;
}

async function open(dir: string, lock: Partial<LeaseOptions>, extra: Omit<LowdbStoreOptions, 'lock'> = {}): Promise<LowdbStore> {
  const store = await LowdbStore.open(dir, { lock: { refreshMs: 0, staleMs: STALE_MS, ...lock }, ...extra });
  stores.push(store);
  return store;
}

/** A lease file as another process writes it, last refreshed at `refreshedAt`. */
async function leaseHeldBy(dir: string, holder: { host: string; pid: number; since?: string }, refreshedAt: number): Promise<string> {
  const file = path.join(dir, 'store.json.lock');
  await writeFile(file, `${JSON.stringify({ ...holder, since: holder.since ?? '2026-03-02T08:00:00.000Z', token: 'their-token' })}\n`);
  await utimes(file, refreshedAt / 1000, refreshedAt / 1000);
  return file;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('the data file lease', () => {
  it('a second store on the same data is refused, naming the holder host, pid and since', async () => {
    const dir = await dirs.make();
    const clock = clockAt(T0);
    await open(dir, { now: clock.now, host: 'web-1' });
    const refused = open(dir, { now: clock.now, host: 'web-1' });
    await expect(refused).rejects.toThrow(StoreLockedError);
    await expect(refused).rejects.toThrow(`it is already open in process ${process.pid} on host web-1 since 2026-03-02T09:00:00.000Z`);
  });

  it("another host's fresh lease is refused with who holds it; it is taken over only once it has lapsed, and the log says from whom", async () => {
    const dir = await dirs.make();
    await leaseHeldBy(dir, { host: 'web-2', pid: 4242 }, T0);
    const clock = clockAt(T0 + STALE_MS - 1000);
    const refused = open(dir, { now: clock.now, host: 'web-1' });
    await expect(refused).rejects.toThrow(
      'it is already open in process 4242 on host web-2 since 2026-03-02T08:00:00.000Z (lock last refreshed at 2026-03-02T09:00:00.000Z); ' +
        'only one writer may use a data file. If that process is gone, its lock lapses at 2026-03-02T09:00:30.000Z',
    );

    clock.at = T0 + STALE_MS + 1000;
    const captured = capturingLogger();
    const store = await open(dir, { now: clock.now, host: 'web-1' }, { log: captured.log });
    await store.transact('write', (tx) => tx.put('councils', council('c-1')));
    const warning = captured.entries().find((e) => e.level === 'warn');
    expect(warning?.msg).toBe("took over the data file's lock from process 4242 on host web-2: its lock was last refreshed 31 s ago (it lapses after 30 s)");
    expect(JSON.parse(await readFile(path.join(dir, 'store.json.lock'), 'utf8'))).toMatchObject({ host: 'web-1', pid: process.pid });
  });

  it('a reused pid blocks nothing: a live process on this host that does not refresh the lease loses it once it lapses', async () => {
    const dir = await dirs.make();
    // process.ppid is alive and is not this process: as if the old bot's pid now belonged to it.
    await leaseHeldBy(dir, { host: hostname(), pid: process.ppid }, T0);
    const clock = clockAt(T0 + 5000);
    await expect(open(dir, { now: clock.now })).rejects.toThrow(`already open in process ${process.ppid} on host ${hostname()}`);
    clock.at = T0 + STALE_MS + 1;
    await open(dir, { now: clock.now });
  });

  it('a lease whose process is gone from this host is taken over at once (a restart after a crash)', async () => {
    const dir = await dirs.make();
    const pid = await deadPid();
    await leaseHeldBy(dir, { host: hostname(), pid }, T0);
    const captured = capturingLogger();
    await open(dir, { now: () => T0 + 1000 }, { log: captured.log });
    expect(captured.entries().find((e) => e.level === 'warn')?.msg).toBe(`took over the data file's lock from process ${pid} on host ${hostname()}: that process is no longer running on this host`);
  });

  it("an older build's pid-only lock file is taken over when its process is gone, and refused while it runs", async () => {
    const dir = await dirs.make();
    const file = path.join(dir, 'store.json.lock');
    await writeFile(file, String(process.ppid));
    await expect(open(dir, {})).rejects.toThrow(`already open in process ${process.ppid} on host ${hostname()}`);
    await writeFile(file, String(await deadPid()));
    await open(dir, {});
  });

  it('a holder whose lease was taken over stops writing, says so, and /healthz-facing state reports it', async () => {
    const dir = await dirs.make();
    const clock = clockAt(T0);
    const store = await open(dir, { now: clock.now, host: 'web-1' });
    await store.transact('before', (tx) => tx.put('councils', council('c-1')));
    // Another host decided the lease had lapsed and took it.
    await leaseHeldBy(dir, { host: 'web-2', pid: 7 }, T0);
    await store.lock.refresh();
    const refused = store.transact('after', (tx) => tx.put('councils', council('c-2')));
    await expect(refused).rejects.toThrow(StoreWriteFailedError);
    await expect(refused).rejects.toThrow('another process took over the data file (process 7 on host web-2)');
    expect(store.state().writeFailure?.message).toContain('another process took over the data file');
    expect((await store.snapshot()).data.councils.map((c) => c.id)).toEqual(['c-1']);
  });

  it('a holder that could not refresh its lease for half the stale time stops writing until it can', async () => {
    const dir = await dirs.make();
    const clock = clockAt(T0);
    const disk = faultyFs();
    const store = await open(dir, { now: clock.now }, { fs: disk.fs });
    disk.fail((call, file) => (call === 'utimes' && file.endsWith('store.json.lock') ? 'EIO' : undefined));
    clock.at = T0 + STALE_MS / 2 + 1000;
    await expect(store.transact('late', (tx) => tx.put('councils', council('c-1')))).rejects.toThrow('the lock on the data file could not be refreshed for 16 s, so another host may take it over');
    disk.fail(undefined);
    await store.transact('late', (tx) => tx.put('councils', council('c-1')));
    expect(store.state().writeFailure).toBeUndefined();
  });

  it('the holder refreshes its lease, so another host never sees it lapse while it runs', async () => {
    const dir = await dirs.make();
    const clock = clockAt(T0);
    const holder = await open(dir, { now: clock.now, host: 'web-1' });
    for (let step = 1; step <= 6; step += 1) {
      clock.at = T0 + step * 10_000;
      await holder.lock.refresh();
    }
    await expect(open(dir, { now: clock.now, host: 'web-2' })).rejects.toThrow(`already open in process ${process.pid} on host web-1`);
  });
});
