/**
 * The embedded default store: `store.json` plus append-only logs in DATA_DIR (see store-files.ts),
 * written through a lowdb adapter that makes each write durable (temporary file, fsync, rename).
 *
 * - One writer, also across hosts: a refreshed lease file stops a second process from opening the
 *   data (two writers on one file lose writes; see lease-lock.ts and docs/architecture.md).
 * - Every file is validated with zod on load; a corrupt or invalid file stops start-up with the
 *   file name and the problem, and is never replaced. A store written by a newer build is refused.
 * - Every write is validated before it is committed, with the load's own schemas, so a record the
 *   load would refuse is never written (write-validation.ts).
 * - Group commit: transactions that arrive while a write is on disk are committed together in the
 *   next one. Each transaction's promise resolves only after the write that holds it completed
 *   (acknowledged = durable). A write that fails is rolled back: nobody sees it, the next write does
 *   not store it, the callers get a StoreWriteFailedError, and state() reports the store as failing
 *   until a write succeeds.
 */
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { SCHEMA_VERSION, type StoreData } from '../domain/model.js';
import { Snapshot } from '../domain/snapshot.js';
import type { Logger } from '../log.js';
import { AppendLogWriter, logLineText } from './append-log.js';
import { DEFAULT_LEASE, LeaseLock, type LeaseOptions } from './lease-lock.js';
import { MemoryTransaction } from './memory-transaction.js';
import { describeFsError, nodeFileSystem, writeFileAtomically, type StoreFileSystem } from './store-fs.js';
import {
  DATA_FILE_NAME,
  LOG_COLLECTIONS,
  STORE_PART,
  StoreFileSerialiser,
  loadStoreFiles,
  logCollectionOf,
  type LogCollection,
  type StoreFileDocument,
} from './store-files.js';
import { RecordRejectedError, StoreLoadError, StoreWriteFailedError, type Store, type StoreState, type Transaction } from './store.js';
import { RecordJsonCache, validateTransactionWrites } from './write-validation.js';

export { DATA_FILE_NAME, readStoreData } from './store-files.js';

export interface LowdbStoreOptions {
  log?: Logger;
  /** The lease's host name, pid, timings and clock (defaults: this host and process, 30 s / 10 s, Date.now). */
  lock?: Partial<LeaseOptions>;
  /** File-system operations (tests inject failures here when a real full disk cannot be arranged). */
  fs?: StoreFileSystem;
}

interface PendingTransaction {
  label: string;
  work: (tx: Transaction) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What one group commit writes: per log the records put (a record) or deleted (undefined) by id. */
interface CommitChanges {
  logs: Map<LogCollection, Map<string, unknown>>;
  /** store.json must be rewritten (a collection kept there, identity links, or a layout change). */
  main: boolean;
}

/** The lowdb adapter for store.json: serialises from cached record texts and chunks, and writes durably. */
class DurableStoreFile implements Adapter<StoreFileDocument> {
  constructor(
    private readonly file: string,
    private readonly fs: StoreFileSystem,
    private readonly serialiser: StoreFileSerialiser,
  ) {}

  async read(): Promise<StoreFileDocument | null> {
    return null; // loading reads every file of the store together: see loadStoreFiles
  }

  async write(document: StoreFileDocument): Promise<void> {
    await writeFileAtomically(this.fs, this.file, this.serialiser.bytes(document));
  }
}

export class LowdbStore implements Store {
  private readonly json = new RecordJsonCache();
  /** store.json's document as last written (lowdb, with the durable adapter). */
  private db!: Low<StoreFileDocument>;
  /** What every reader sees: only data that reached the disk. */
  private committed!: StoreData;
  private generation = 0;
  private cached?: Snapshot;
  private pending: PendingTransaction[] = [];
  private committing?: Promise<void>;
  private inFlight = 0;
  /** The highest commit number used; the next commit is one more. */
  private lastSeq = 0;
  private logSeq: Record<string, number> = {};
  private readonly logs = new Map<LogCollection, AppendLogWriter>();
  private lastWriteAt?: string;
  private writeFailure?: { since: string; message: string };
  private loaded = false;
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly fs: StoreFileSystem,
    private readonly lease: LeaseLock,
    private readonly log: Logger | undefined,
  ) {}

  /** Opens (or creates) the store in `dataDir`. Throws StoreLoadError on files it cannot trust or a held lock. */
  static async open(dataDir: string, options: LowdbStoreOptions = {}): Promise<LowdbStore> {
    const fs = options.fs ?? nodeFileSystem;
    const file = path.resolve(dataDir, DATA_FILE_NAME);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const lease = await LeaseLock.acquire(`${file}.lock`, file, fs, { ...DEFAULT_LEASE, ...options.lock }, options.log);
    const store = new LowdbStore(file, fs, lease, options.log);
    try {
      await store.load();
    } catch (error) {
      await store.closeLogs();
      await lease.release();
      throw error;
    }
    return store;
  }

  private async load(): Promise<void> {
    const loaded = await loadStoreFiles(this.file, 'owner', this.fs);
    for (const { file, what } of loaded.dropped) {
      this.log?.warn({ file }, `dropped ${what}: it was never acknowledged, so nothing anyone was told is saved is lost`);
    }
    for (const log of LOG_COLLECTIONS) {
      this.logs.set(log, await AppendLogWriter.open(this.fs, path.join(path.dirname(this.file), log.fileName), loaded.logSizes.get(log.name) ?? 0));
    }
    // A store from an older layout is rewritten below in this one, so it carries this build's version.
    this.committed = { ...loaded.data, schemaVersion: SCHEMA_VERSION };
    const adapter = new DurableStoreFile(this.file, this.fs, new StoreFileSerialiser(this.json));
    this.db = new Low(adapter, { data: loaded.data, commitSeq: loaded.storeSeq, logSeq: loaded.logSeq });
    this.lastSeq = loaded.lastSeq;
    this.logSeq = { ...loaded.logSeq };
    this.generation = 1;
    if (loaded.needsRewrite) {
      // A new store, or one from before the logs moved out: write store.json in this layout (and
      // this schema version, so an older build refuses it) before anything else is written.
      const logs = new Map<LogCollection, Map<string, unknown>>();
      for (const [name, records] of loaded.toMigrate) {
        logs.set(LOG_COLLECTIONS.find((l) => l.name === name)!, new Map(records.map((r) => [(r as { id: string }).id, r])));
      }
      try {
        await this.writeCommit({ logs, main: true }, loaded.data);
      } catch (error) {
        throw new StoreLoadError(this.file, `it could not be rewritten in this version's layout (${describeFsError(error)})`);
      }
      const moved = [...loaded.toMigrate].map(([name, records]) => `${records.length} ${name} records`);
      if (moved.length) this.log?.info({ file: this.file }, `moved ${moved.join(' and ')} out of ${DATA_FILE_NAME} into append-only files`);
    }
    this.loaded = true;
  }

  async snapshot(): Promise<Snapshot> {
    if (!this.cached || this.cached.generation !== this.generation) {
      this.cached = new Snapshot(this.committed, this.generation);
    }
    return this.cached;
  }

  transact<T>(label: string, work: (tx: Transaction) => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`store is closed (transaction ${label})`));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ label, work, resolve: resolve as (value: unknown) => void, reject });
      this.committing ??= this.commitPending();
    });
  }

  /** Commits pending transactions, a group at a time, until none are left. */
  private async commitPending(): Promise<void> {
    try {
      // Transactions started in the same turn of the event loop join the first group.
      await Promise.resolve();
      while (this.pending.length > 0) {
        const group = this.pending.splice(0);
        this.inFlight = group.length;
        await this.commitGroup(group);
        this.inFlight = 0;
      }
    } finally {
      this.committing = undefined;
    }
  }

  private async commitGroup(group: PendingTransaction[]): Promise<void> {
    // Each transaction runs against the data as the group's earlier transactions left it.
    const working: StoreData = { ...this.committed };
    const changes: CommitChanges = { logs: new Map(), main: false };
    /** Settled with the group's write: writers, and readers that may have seen an earlier writer's data. */
    const waiting: { entry: PendingTransaction; result: unknown }[] = [];
    for (const entry of group) {
      const tx = new MemoryTransaction(working);
      let result: unknown;
      try {
        result = entry.work(tx);
        if (tx.touched) validateTransactionWrites(tx, this.json);
      } catch (error) {
        if (error instanceof RecordRejectedError) this.log?.warn({ transaction: entry.label, err: error.message }, 'refused a write the store could not load back');
        entry.reject(error);
        continue;
      }
      if (!tx.touched) {
        if (waiting.length > 0) waiting.push({ entry, result });
        else entry.resolve(result);
        continue;
      }
      tx.commitInto(working); // working is this group's own copy; committed data is never changed
      collectChanges(tx, changes);
      waiting.push({ entry, result });
    }
    if (waiting.length === 0) return;
    try {
      await this.writeCommit(changes, working);
    } catch (error) {
      const reason = describeFsError(error);
      this.writeFailure = { since: this.writeFailure?.since ?? new Date().toISOString(), message: reason };
      this.log?.error(
        { err: (error as Error).message, code: (error as NodeJS.ErrnoException).code, transactions: waiting.map((w) => w.entry.label) },
        'store write failed: rolled back, nothing of it is stored or shown',
      );
      for (const { entry } of waiting) entry.reject(new StoreWriteFailedError(entry.label, reason, { cause: error }));
      return;
    }
    this.committed = working;
    this.generation += 1;
    this.lastWriteAt = new Date().toISOString();
    if (this.writeFailure) this.log?.info({ failingSince: this.writeFailure.since }, 'store writes succeed again');
    this.writeFailure = undefined;
    for (const { entry, result } of waiting) entry.resolve(result);
  }

  /**
   * Writes one commit: appends a line to each touched log (fsync'd), then store.json if needed. On
   * failure the logs are cut back to where they were, so the commit is in no file, and it throws.
   */
  private async writeCommit(changes: CommitChanges, data: StoreData): Promise<void> {
    await this.lease.assertHeld();
    const seq = this.lastSeq + 1;
    this.lastSeq = seq; // never reused, even when this commit fails
    const parts = [...[...changes.logs.keys()].map((log) => log.name), ...(changes.main ? [STORE_PART] : [])];
    const appended: { writer: AppendLogWriter; sizeBefore: number }[] = [];
    try {
      for (const [log, records] of changes.logs) {
        const writer = this.logs.get(log)!;
        appended.push({ writer, sizeBefore: writer.size });
        await writer.append(logLineText(seq, parts.filter((p) => p !== log.name), records, this.json));
      }
      const logSeq = { ...this.logSeq };
      for (const log of changes.logs.keys()) logSeq[log.name] = seq;
      if (changes.main) {
        const previous = this.db.data;
        this.db.data = { data, commitSeq: seq, logSeq };
        try {
          await this.db.write();
        } catch (error) {
          this.db.data = previous;
          throw error;
        }
      }
      this.logSeq = logSeq;
    } catch (error) {
      for (const { writer, sizeBefore } of appended) {
        await writer.takeBack(sizeBefore).catch((cutError: Error) => {
          // The writer cuts the file before its next append; until then the line is past the end it knows.
          this.log?.warn({ file: writer.file, err: cutError.message }, 'could not take back a log line of a failed commit yet');
        });
      }
      throw error;
    }
  }

  state(): StoreState {
    const data = this.committed;
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
      pendingWrites: this.pending.length + this.inFlight,
      writeFailure: this.writeFailure,
    };
  }

  async flush(): Promise<void> {
    while (this.committing) await this.committing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.flush();
    await this.closeLogs();
    await this.lease.release();
  }

  private async closeLogs(): Promise<void> {
    for (const writer of this.logs.values()) await writer.close().catch(() => undefined);
    this.logs.clear();
  }

  /** The lease (tests refresh it by hand when its timer is off). */
  get lock(): LeaseLock {
    return this.lease;
  }
}

/** Sorts a committed transaction's writes into log lines and "store.json changed". */
function collectChanges(tx: MemoryTransaction, changes: CommitChanges): void {
  for (const write of tx.stagedRecords()) {
    const log = logCollectionOf(write.area, write.collection);
    if (!log) {
      changes.main = true;
      continue;
    }
    let records = changes.logs.get(log);
    if (!records) changes.logs.set(log, (records = new Map()));
    records.set(write.id, write.record);
  }
  if (tx.touchesIdentityLinks) changes.main = true;
}
