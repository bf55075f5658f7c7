/**
 * The Store port on PostgreSQL, for councils that run more than one instance or outgrow one file.
 *
 * Reads: each instance keeps the whole store in memory (a MemoryView) and answers from immutable
 * Snapshots of it, exactly as the embedded store does. When another instance commits, its
 * pg_notify wakes this one (ChangeListener), which reads only the rows named in the change log
 * since its own last sequence number and applies them.
 *
 * Writes: `transact(label, work)`, serialised within the instance, runs as
 *   1. BEGIN; lock the store_head row (every store transaction does, so commits across instances
 *      happen one at a time, in sequence order);
 *   2. catch up: apply any changes committed since this instance's sequence (from the change log),
 *      so the work always sees the latest committed state, whichever instance wrote it;
 *   3. run `work` (synchronous) on a RecordingTransaction over the in-memory view;
 *   4. write the changed rows with version checks (change-writer.ts), log the changed keys under the
 *      next sequence number, bump store_head, pg_notify; COMMIT;
 *   5. only then apply the changes to memory and publish the new snapshot.
 * If anything fails before the COMMIT returns (work throws, a version check fails, the database is
 * unreachable), the SQL transaction is rolled back, memory is left as it was, and the error
 * propagates: callers tell the user nothing was saved.
 *
 * Two instances updating one action: the second one's step 1 waits for the first to commit, its
 * step 2 brings in the first one's write, and its work sees the new version, so an expectedVersion
 * taken from the old one fails with VersionConflictError. No update is ever lost.
 */
import { Kysely, PostgresDialect, sql, type RawBuilder } from 'kysely';
import type pg from 'pg';
import type { Logger } from '../../log.js';
import { Snapshot } from '../../domain/snapshot.js';
import type { Store, StoreState, Transaction } from '../store.js';
import { ChangeListener, CHANGE_CHANNEL } from './change-listener.js';
import { writeCommit } from './change-writer.js';
import { clientConfig, createPool, describeDatabaseUrl, type ClientConfigDeps, type DatabaseSettings } from './connection.js';
import { MemoryView } from './memory-view.js';
import { migrateToLatest, pendingMigrations, type MigrationReport } from './migrations.js';
import { RecordingTransaction } from './recording-transaction.js';
import { countChanges, readAll, readChangesSince, readHead, type Head } from './store-reader.js';

export interface PostgresStoreOptions {
  settings: DatabaseSettings;
  log: Logger;
  /** Run pending migrations before loading (default true). False: refuse to open an outdated schema. */
  migrate?: boolean;
  /** Listen for other instances' commits (default true). A one-shot command-line tool may not need to. */
  listen?: boolean;
  /** Safety-net poll of the head sequence, in case a notification is lost (default 5 s). */
  pollIntervalMs?: number;
  /** Change-log rows older than this are pruned (default one hour); an instance further behind reloads everything. */
  changeRetentionMs?: number;
  /** A refresh that would read more change rows than this reloads everything instead. */
  fullReloadAbove?: number;
  deps?: ClientConfigDeps;
}

export class PostgresStoreOpenError extends Error {
  constructor(location: string, cause: unknown) {
    super(`Cannot open the PostgreSQL store at ${location}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'PostgresStoreOpenError';
  }
}

const PRUNE_EVERY = 200;

export class PostgresStore implements Store {
  readonly location: string;
  private readonly db: Kysely<unknown>;
  private view!: MemoryView;
  private seq = 0;
  private cached?: Snapshot;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingWrites = 0;
  private lastWriteAt?: string;
  private listener?: ChangeListener;
  private refreshQueued = false;
  private closed = false;
  private loaded = false;
  /** Last migration run at open, for the start-up log. */
  migrations?: MigrationReport;

  private constructor(
    pool: pg.Pool,
    private readonly options: PostgresStoreOptions,
  ) {
    this.location = describeDatabaseUrl(options.settings.url);
    this.db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  }

  /** Connects, migrates (unless told not to), loads everything and starts listening. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const pool = createPool(options.settings, options.log, options.deps);
    const store = new PostgresStore(pool, options);
    try {
      if (options.migrate ?? true) {
        store.migrations = await migrateToLatest(store.db);
      } else {
        const pending = await pendingMigrations(store.db);
        if (pending.length) throw new Error(`the database schema is not up to date (pending: ${pending.join(', ')}); run \`npm run migrate\``);
      }
      if (options.listen ?? true) {
        // Listen before loading, so a commit landing during the load is heard and applied after it.
        store.listener = new ChangeListener({
          clientConfig: clientConfig(options.settings, options.deps),
          log: options.log,
          onChange: (seq) => store.onRemoteChange(seq),
          pollIntervalMs: options.pollIntervalMs,
        });
        await store.listener.ready;
      }
      await store.reloadAll();
      store.loaded = true;
    } catch (error) {
      await store.listener?.stop();
      await store.db.destroy().catch(() => undefined);
      throw error instanceof PostgresStoreOpenError ? error : new PostgresStoreOpenError(store.location, error);
    }
    return store;
  }

  /** The Kysely handle (migrate and from-json commands, tests). */
  get database(): Kysely<unknown> {
    return this.db;
  }

  /** The change sequence this instance has applied (equal on every instance once they are in step). */
  get sequence(): number {
    return this.seq;
  }

  private async reloadAll(): Promise<void> {
    const { head, data } = await this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => ({ head: await readHead(trx), data: await readAll(trx, this.location) }));
    this.view = new MemoryView(data);
    this.seq = head.seq;
  }

  /** Brings memory up to `head` from inside a transaction (the commit lock is held or the read is REPEATABLE READ). */
  private async catchUp(db: Kysely<unknown>, head: Head): Promise<void> {
    if (head.seq <= this.seq) return;
    const behindPrunedLog = this.seq + 1 < head.prunedBelow;
    const tooMany = !behindPrunedLog && (await countChanges(db, this.seq, head.seq)) > (this.options.fullReloadAbove ?? 50_000);
    if (behindPrunedLog || tooMany) {
      this.view = new MemoryView(await readAll(db, this.location));
    } else {
      this.view.apply(await readChangesSince(db, this.seq, head.seq, this.location));
    }
    this.seq = head.seq;
  }

  private onRemoteChange(seq: number | undefined): void {
    if (this.closed || !this.loaded) return;
    if (seq !== undefined && seq <= this.seq) return; // our own commit, or one already applied
    if (this.refreshQueued) return; // one queued refresh reads everything up to the head anyway
    this.refreshQueued = true;
    void this.enqueue(async () => {
      this.refreshQueued = false;
      await this.refreshNow();
    }).catch((error: unknown) => this.options.log.warn({ err: (error as Error).message }, 'PostgreSQL store refresh failed; the next notification or poll retries'));
  }

  /** Applies other instances' commits now (the listener does this by itself; tools may ask). */
  refresh(): Promise<void> {
    return this.enqueue(() => this.refreshNow());
  }

  private refreshNow(): Promise<void> {
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => this.catchUp(trx, await readHead(trx)));
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async snapshot(): Promise<Snapshot> {
    if (!this.cached || this.cached.generation !== this.seq || this.cached.data !== this.view.data) {
      this.cached = new Snapshot(this.view.data, this.seq);
    }
    return this.cached;
  }

  transact<T>(label: string, work: (tx: Transaction) => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`store is closed (transaction ${label})`));
    return this.enqueue(async () => {
      this.pendingWrites += 1;
      try {
        return await this.commit(work);
      } finally {
        this.pendingWrites -= 1;
      }
    });
  }

  private async commit<T>(work: (tx: Transaction) => T): Promise<T> {
    const trx = await this.db.startTransaction().execute();
    let committed = false;
    try {
      const head = await readHead(trx, true);
      await this.catchUp(trx, head);
      const tx = new RecordingTransaction(this.view);
      const result = work(tx);
      const changes = tx.changes();
      if (changes.length === 0) {
        await trx.rollback().execute(); // nothing to write: just release the lock
        committed = true;
        return result;
      }
      const seq = head.seq + 1;
      await writeCommit(trx, changes, seq, tx.lookup, { channel: CHANGE_CHANNEL, housekeeping: this.housekeeping(seq) });
      await trx.commit().execute();
      committed = true;
      // Committed: now, and only now, memory moves on.
      this.view.apply(changes);
      this.seq = seq;
      this.lastWriteAt = new Date().toISOString();
      return result;
    } catch (error) {
      if (!committed) await trx.rollback().execute().catch(() => undefined);
      throw error;
    }
  }

  /** Every PRUNE_EVERY commits: drop change-log rows older than the retention, noting how far. */
  private housekeeping(seq: number): RawBuilder<unknown> | undefined {
    if (seq % PRUNE_EVERY !== 0) return undefined;
    const retention = `${Math.round((this.options.changeRetentionMs ?? 3_600_000) / 1000)} seconds`;
    return sql`WITH gone AS (DELETE FROM store_changes WHERE at < now() - ${retention}::interval RETURNING seq)
      UPDATE store_head SET pruned_below = GREATEST(pruned_below, COALESCE((SELECT max(seq) + 1 FROM gone), 0))`;
  }

  state(): StoreState {
    // Counted from the view's maps: reading the arrays would build them.
    const counts: Record<string, number> = this.view ? this.view.counts() : {};
    return {
      kind: 'postgres',
      location: this.location,
      loaded: this.loaded,
      generation: this.seq,
      counts,
      lastWriteAt: this.lastWriteAt,
      pendingWrites: this.pendingWrites,
    };
  }

  /** True while the change listener's connection is up (for /healthz and tests). */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  async flush(): Promise<void> {
    await this.queue;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.listener?.stop();
    await this.queue;
    await this.db.destroy();
  }
}
