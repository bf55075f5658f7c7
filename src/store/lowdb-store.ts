/**
 * The embedded default store: one JSON file written atomically by lowdb (tmp file + rename).
 *
 * - One writer, also across hosts: a refreshed lease file next to the data file stops a second
 *   process from opening it (two lowdb writers on one file lose writes; see lease-lock.ts).
 * - The file is validated with zod on load; a corrupt or invalid file stops start-up with the file
 *   name and the problem, and is never replaced. A file written by a newer build is refused.
 * - A transaction's promise resolves only after its data is on disk (acknowledged = durable).
 * - Every write is validated with the load's schemas first (write-validation.ts).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { SCHEMA_VERSION, StoreData } from '../domain/model.js';
import { Snapshot } from '../domain/snapshot.js';
import type { Logger } from '../log.js';
import { DEFAULT_LEASE, LeaseLock, type LeaseOptions } from './lease-lock.js';
import { MemoryTransaction } from './memory-transaction.js';
import { nodeFileSystem, type StoreFileSystem } from './store-fs.js';
import { StoreLoadError, type Store, type StoreState, type Transaction } from './store.js';
import { RecordJsonCache, validateTransactionWrites } from './write-validation.js';

export const DATA_FILE_NAME = 'store.json';

export interface LowdbStoreOptions {
  log?: Logger;
  /** The lease's host name, pid, timings and clock (defaults: this host and process, 30 s / 10 s, Date.now). */
  lock?: Partial<LeaseOptions>;
  /** File-system operations (tests inject failures here). */
  fs?: StoreFileSystem;
}

export class LowdbStore implements Store {
  private db!: Low<StoreData>;
  private generation = 0;
  private cached?: Snapshot;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly json = new RecordJsonCache();
  private pendingWrites = 0;
  private lastWriteAt?: string;
  private loaded = false;
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly lease: LeaseLock,
  ) {}

  /** Opens (or creates) `<dataDir>/store.json`. Throws StoreLoadError on a file it cannot trust or a held lock. */
  static async open(dataDir: string, options: LowdbStoreOptions = {}): Promise<LowdbStore> {
    const file = path.resolve(dataDir, DATA_FILE_NAME);
    const storeFs = options.fs ?? nodeFileSystem;
    await storeFs.mkdir(path.dirname(file), { recursive: true });
    const lease = await LeaseLock.acquire(`${file}.lock`, file, storeFs, { ...DEFAULT_LEASE, ...options.lock }, options.log);
    const store = new LowdbStore(file, lease);
    try {
      await store.load();
    } catch (error) {
      await lease.release();
      throw error;
    }
    return store;
  }

  /** The lease (tests refresh it by hand when its timer is off). */
  get lock(): LeaseLock {
    return this.lease;
  }

  private async load(): Promise<void> {
    let raw: string | undefined;
    try {
      raw = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new StoreLoadError(this.file, (error as Error).message);
      }
    }
    let data: StoreData;
    if (raw === undefined) {
      data = StoreData.parse({});
    } else {
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch (error) {
        throw new StoreLoadError(this.file, `it is not valid JSON (${(error as Error).message})`);
      }
      const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
      if (typeof version === 'number' && version > SCHEMA_VERSION) {
        throw new StoreLoadError(
          this.file,
          `it was written by a newer version of the bot (data schema version ${version}; this version reads up to ${SCHEMA_VERSION}), ` +
            'and would lose what it does not know on its first write. Run the newer version, or restore a backup made by this one',
        );
      }
      const parsed = StoreData.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new StoreLoadError(
          this.file,
          `it does not match the data schema at ${issue.path.join('.') || '(root)'}: ${issue.message}` +
            (parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : ''),
        );
      }
      data = parsed.data;
    }
    this.db = new Low(new JSONFile<StoreData>(this.file), data);
    this.db.data = data;
    this.loaded = true;
    this.generation = 1;
  }

  async snapshot(): Promise<Snapshot> {
    if (!this.cached || this.cached.generation !== this.generation) {
      this.cached = new Snapshot(this.db.data, this.generation);
    }
    return this.cached;
  }

  transact<T>(label: string, work: (tx: Transaction) => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`store is closed (transaction ${label})`));
    const run = async (): Promise<T> => {
      // Work runs against the current data; on success, staged writes replace the touched arrays.
      const next = { ...this.db.data };
      const tx = new MemoryTransaction(next);
      const result = work(tx);
      if (!tx.touched) return result;
      // A record the load would refuse is never written (it would stop the next start).
      validateTransactionWrites(tx, this.json);
      tx.commitInto(next);
      this.db.data = next;
      this.generation += 1;
      this.pendingWrites += 1;
      try {
        await this.lease.assertHeld();
        await this.db.write();
        this.lastWriteAt = new Date().toISOString();
      } finally {
        this.pendingWrites -= 1;
      }
      return result;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  state(): StoreState {
    const data = this.db?.data;
    const counts: Record<string, number> = {};
    if (data) {
      for (const [key, value] of Object.entries(data)) if (Array.isArray(value)) counts[key] = value.length;
    }
    return {
      kind: 'lowdb',
      location: this.file,
      loaded: this.loaded,
      generation: this.generation,
      counts,
      lastWriteAt: this.lastWriteAt,
      pendingWrites: this.pendingWrites,
    };
  }

  async flush(): Promise<void> {
    await this.queue;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.lease.release();
  }
}
