/**
 * One writer per data file, also across hosts on a shared volume (App Service /home, Azure Files):
 * a lease file next to the data file.
 *
 * - Taken by creating the file exclusively; it names its holder (host, pid, since when) and a
 *   random token. The holder refreshes it (its modification time) every `refreshMs`.
 * - Another process refuses to open the data file while the lease is fresh, and says who holds it.
 *   A lease lapses `staleMs` after its last refresh; then it may be taken over. On the holder's own
 *   host a lease whose process is gone is taken over at once (a restart after a crash); a live
 *   process id on this host that is not refreshing the lease (a reused pid) blocks nothing once the
 *   lease has lapsed.
 * - Taking over and refreshing both happen under a short "takeover" file created exclusively, so a
 *   holder that wakes up late cannot refresh a lease someone has just taken from it.
 * - The holder stops writing when it has not refreshed for half the stale time (clocks of two hosts
 *   may differ a little), and for good once it finds its lease taken (see assertHeld).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from '../log.js';
import { describeFsError, type StoreFileSystem } from './store-fs.js';
import { StoreLockedError, type LockHolder } from './store.js';

export interface LeaseOptions {
  /** This host's name, as other hosts will read it. */
  host: string;
  pid: number;
  /** A lease not refreshed for this long has lapsed. */
  staleMs: number;
  /** How often the holder refreshes it (0: never by itself; tests call refresh()). */
  refreshMs: number;
  /** Wall-clock time in ms (injected in tests). */
  now: () => number;
  /** Whether a process of this host is running. */
  isProcessAlive: (pid: number) => boolean;
}

export const DEFAULT_LEASE: LeaseOptions = {
  host: os.hostname(),
  pid: process.pid,
  staleMs: 30_000,
  refreshMs: 10_000,
  now: () => Date.now(),
  isProcessAlive,
};

/** Lease files this process holds: a second store on the same file in this process is refused too. */
const heldInThisProcess = new Set<string>();

interface LeaseOnDisk {
  holder: LockHolder;
  token?: string;
  refreshedAtMs: number;
  /** Written by an older build: a bare pid that is never refreshed. */
  legacy: boolean;
}

const LeaseContent = (value: unknown): { host: string; pid: number; since?: string; token: string } | undefined => {
  const v = value as Record<string, unknown> | null;
  if (!v || typeof v.host !== 'string' || !Number.isInteger(v.pid) || typeof v.token !== 'string') return undefined;
  return { host: v.host, pid: v.pid as number, since: typeof v.since === 'string' ? v.since : undefined, token: v.token };
};

export class LeaseLock {
  private readonly token = randomUUID();
  private lastRefreshedMs: number;
  private lostTo?: string;
  private timer?: ReturnType<typeof setInterval>;
  private refreshing?: Promise<void>;
  private failingSince?: number;
  private released = false;

  private constructor(
    readonly file: string,
    private readonly fs: StoreFileSystem,
    private readonly options: LeaseOptions,
    private readonly log: Logger | undefined,
    readonly since: string,
  ) {
    this.lastRefreshedMs = options.now();
  }

  /** Takes the lease on `file` for `dataFile`, or throws StoreLockedError naming its holder. */
  static async acquire(file: string, dataFile: string, fs: StoreFileSystem, options: LeaseOptions, log?: Logger): Promise<LeaseLock> {
    const since = new Date(options.now()).toISOString();
    const lease = new LeaseLock(file, fs, options, log, since);
    let blocking: LeaseOnDisk | undefined;
    // A few rounds: the file can vanish or change between looking and acting when others start too.
    for (let round = 0; round < 5; round += 1) {
      if (await lease.create()) return lease.started('taken');
      const current = await lease.read();
      if (!current) continue;
      blocking = current;
      if (!lease.hasLapsed(current)) break;
      const outcome = await lease.underTakeoverGuard(async () => {
        const again = await lease.read();
        if (!again || again.token !== current.token || again.refreshedAtMs !== current.refreshedAtMs || !lease.hasLapsed(again)) return false;
        await fs.rm(file, { force: true });
        return lease.create();
      });
      if (outcome === true) {
        log?.warn(
          { lock: file, previousHolder: current.holder, lastRefreshedAt: new Date(current.refreshedAtMs).toISOString() },
          `took over the data file's lock from process ${current.holder.pid} on host ${current.holder.host}: ${lease.whyLapsed(current)}`,
        );
        return lease.started('taken over');
      }
    }
    const holder = blocking?.holder ?? { host: 'unknown', pid: 0 };
    const lapsesAt = blocking && !blocking.legacy ? new Date(blocking.refreshedAtMs + options.staleMs).toISOString() : undefined;
    throw new StoreLockedError(dataFile, holder, lapsesAt);
  }

  private started(how: string): LeaseLock {
    heldInThisProcess.add(this.file);
    this.log?.info({ lock: this.file, host: this.options.host, pid: this.options.pid, since: this.since }, `data file lock ${how}`);
    if (this.options.refreshMs > 0) {
      this.timer = setInterval(() => void this.refresh(), this.options.refreshMs);
      this.timer.unref();
    }
    return this;
  }

  /** Creates the lease file if there is none; false when one exists. */
  private async create(): Promise<boolean> {
    let handle;
    try {
      handle = await this.fs.open(this.file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      await handle.writeFile(`${JSON.stringify({ host: this.options.host, pid: this.options.pid, since: this.since, token: this.token })}\n`);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await this.fs.rm(this.file, { force: true }).catch(() => undefined);
      throw error;
    }
    await handle.close();
    await this.touch(this.file);
    return true;
  }

  private async touch(file: string): Promise<void> {
    const now = this.options.now();
    await this.fs.utimes(file, now / 1000, now / 1000);
    if (file === this.file) this.lastRefreshedMs = now;
  }

  private async read(): Promise<LeaseOnDisk | undefined> {
    let text: string;
    let mtimeMs: number;
    try {
      [text, mtimeMs] = await Promise.all([this.fs.readFile(this.file, 'utf8'), this.fs.stat(this.file).then((s) => s.mtimeMs)]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (/^\s*\d+\s*$/.test(text)) {
      return { holder: { host: this.options.host, pid: Number(text.trim()) }, refreshedAtMs: mtimeMs, legacy: true };
    }
    let content: ReturnType<typeof LeaseContent>;
    try {
      content = LeaseContent(JSON.parse(text));
    } catch {
      content = undefined;
    }
    if (!content) return { holder: { host: 'unknown (unreadable lock file)', pid: 0 }, refreshedAtMs: mtimeMs, legacy: false };
    return {
      holder: { host: content.host, pid: content.pid, since: content.since, refreshedAt: new Date(mtimeMs).toISOString() },
      token: content.token,
      refreshedAtMs: mtimeMs,
      legacy: false,
    };
  }

  private holderIsGone(lease: LeaseOnDisk): boolean {
    if (lease.holder.host !== this.options.host || heldInThisProcess.has(this.file)) return false;
    // Our own pid on our host, but not held in this process: a previous run of this container.
    return lease.holder.pid === this.options.pid || !this.options.isProcessAlive(lease.holder.pid);
  }

  private hasLapsed(lease: LeaseOnDisk): boolean {
    if (this.holderIsGone(lease)) return true;
    // An older build's lock is never refreshed, so only a dead process frees it.
    if (lease.legacy) return false;
    return this.options.now() - lease.refreshedAtMs > this.options.staleMs;
  }

  private whyLapsed(lease: LeaseOnDisk): string {
    if (this.holderIsGone(lease)) return 'that process is no longer running on this host';
    return `its lock was last refreshed ${Math.round((this.options.now() - lease.refreshedAtMs) / 1000)} s ago (it lapses after ${this.options.staleMs / 1000} s)`;
  }

  /**
   * Runs `work` while holding the takeover file; 'busy' when another process holds it. A takeover
   * file left by a crash is removed once it is older than the stale time.
   */
  private async underTakeoverGuard<T>(work: () => Promise<T>): Promise<T | 'busy'> {
    const guard = `${this.file}.takeover`;
    try {
      const handle = await this.fs.open(guard, 'wx');
      await handle.close();
      await this.touch(guard);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await this.fs.stat(guard).then(
        (s) => this.options.now() - s.mtimeMs,
        () => 0,
      );
      if (age > this.options.staleMs) await this.fs.rm(guard, { force: true });
      return 'busy';
    }
    try {
      return await work();
    } finally {
      await this.fs.rm(guard, { force: true }).catch(() => undefined);
    }
  }

  /** Refreshes the lease now (the timer calls this; tests may too). Never throws. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshOnce().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    if (this.released || this.lostTo) return;
    try {
      const outcome = await this.underTakeoverGuard(async () => {
        const current = await this.read();
        if (!current || current.token !== this.token) {
          this.lostTo = current ? `process ${current.holder.pid} on host ${current.holder.host}` : 'nobody (the lock file was removed)';
          return;
        }
        await this.touch(this.file);
      });
      if (this.lostTo) {
        this.stopTimer();
        this.log?.error({ lock: this.file, takenBy: this.lostTo }, 'the data file lock was taken over by another process; this one no longer writes');
        return;
      }
      if (outcome === 'busy') return; // someone is looking at the lease: try again next round
      if (this.failingSince !== undefined) this.log?.info({ lock: this.file }, 'data file lock refreshed again');
      this.failingSince = undefined;
    } catch (error) {
      if (this.failingSince === undefined) {
        this.failingSince = this.options.now();
        this.log?.warn({ lock: this.file, err: describeFsError(error) }, 'could not refresh the data file lock');
      }
    }
  }

  /** Throws unless this process still holds a lease fresh enough to write under. */
  async assertHeld(): Promise<void> {
    if (this.released) throw new Error('the data file lock was released');
    if (this.options.now() - this.lastRefreshedMs > this.options.staleMs / 2) await this.refresh();
    if (this.lostTo) throw new Error(`another process took over the data file (${this.lostTo})`);
    const age = this.options.now() - this.lastRefreshedMs;
    if (age > this.options.staleMs / 2) {
      throw new Error(`the lock on the data file could not be refreshed for ${Math.round(age / 1000)} s, so another host may take it over`);
    }
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Gives the lease up (removes the file if it is still ours). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.stopTimer();
    await this.refreshing;
    heldInThisProcess.delete(this.file);
    if (this.lostTo) return;
    const current = await this.read().catch(() => undefined);
    if (current?.token === this.token) await this.fs.rm(this.file, { force: true });
  }
}

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
