/**
 * The Store port: the only way the rest of the product reads or writes data.
 *
 * Shaped so that a PostgreSQL implementation can follow: reads go through an immutable
 * Snapshot; every write is a transaction (all-or-nothing, serialised per store) with optimistic
 * version checks on versioned records. The embedded lowdb implementation lives in lowdb-store.ts.
 */
import type { StoreData } from '../domain/model.js';
import type { Snapshot } from '../domain/snapshot.js';

/** Collections of StoreData that hold records with an `id`. */
export type CollectionName = Exclude<keyof StoreData, 'schemaVersion' | 'ext' | 'identityLinks'>;
export type RecordOf<C extends CollectionName> = StoreData[C][number];

export interface PutOptions {
  /** When set, the write fails with VersionConflictError unless the stored version matches. */
  expectedVersion?: number;
}

/** A record in an extension collection (owned by one feature, validated by that feature). */
export type ExtRecord = { id: string } & Record<string, unknown>;

export interface Transaction {
  get<C extends CollectionName>(collection: C, id: string): RecordOf<C> | undefined;
  list<C extends CollectionName>(collection: C): readonly RecordOf<C>[];
  /** Insert or replace by id. Records with a `version` get version + 1. Returns the stored record. */
  put<C extends CollectionName>(collection: C, record: RecordOf<C>, options?: PutOptions): RecordOf<C>;
  delete<C extends CollectionName>(collection: C, id: string): void;
  /** Replaces a whole collection (demo load, JSON restore with --replace). */
  replaceAll<C extends CollectionName>(collection: C, records: readonly RecordOf<C>[]): void;
  /** Identity links are keyed by AAD object id. */
  linkIdentity(link: StoreData['identityLinks'][number]): void;
  /** Removes the link of one Teams account (an admin re-linked the person to another account). */
  unlinkIdentity(aadObjectId: string): void;
  identityLinks(): readonly StoreData['identityLinks'][number][];
  extGet(collection: string, id: string): ExtRecord | undefined;
  extList(collection: string): readonly ExtRecord[];
  extPut(collection: string, record: ExtRecord): void;
  extDelete(collection: string, id: string): void;
}

export interface StoreState {
  kind: string;
  location: string;
  loaded: boolean;
  generation: number;
  counts: Record<string, number>;
  lastWriteAt?: string;
  pendingWrites: number;
  /**
   * Set while writes are failing (full disk, lost lock, ...): since when and why. Cleared by the
   * next write that reaches the disk. Health checks report the store as failing while it is set.
   */
  writeFailure?: { since: string; message: string };
}

export interface Store {
  /** A consistent, immutable read view. Cheap: cached until the next commit. */
  snapshot(): Promise<Snapshot>;
  /**
   * Runs `work` as one transaction. Writes become visible and durable together when it returns;
   * if it throws, nothing is written. Transactions are serialised.
   *
   * The promise rejects with a NotSavedError when the writes were refused (RecordRejectedError: a
   * record the store could not load back) or could not be stored (StoreWriteFailedError: full disk,
   * lost lock); then nothing of the transaction is stored or visible to anyone.
   */
  transact<T>(label: string, work: (tx: Transaction) => T): Promise<T>;
  state(): StoreState;
  /** Waits for every acknowledged write to reach the disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export class VersionConflictError extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${collection} ${id} was changed by someone else (expected version ${expected}, found ${actual})`);
    this.name = 'VersionConflictError';
  }
}

/** Start-up refuses to go on with a data file it cannot trust; this names the file and the problem. */
export class StoreLoadError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`Cannot load data file ${file}: ${problem}. The file has not been changed; fix or restore it (see README, "Backups").`);
    this.name = 'StoreLoadError';
  }
}

/**
 * A transaction that was not committed: nothing it wrote is stored or visible, and a later write
 * does not store it either. The turn should tell the person plainly that it was not saved.
 */
export class NotSavedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NotSavedError';
  }
}

/** A record the store's load would refuse (wrong shape, not JSON): refused before it is written. */
export class RecordRejectedError extends NotSavedError {
  constructor(
    readonly collection: string,
    readonly id: string,
    readonly problem: string,
  ) {
    super(`Not saved: ${collection} record "${id.slice(0, 200)}" was refused because ${problem}.`);
    this.name = 'RecordRejectedError';
  }
}

/** The store could not write (full disk, I/O error, lock lost): the transaction was rolled back. */
export class StoreWriteFailedError extends NotSavedError {
  constructor(
    readonly label: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Not saved: transaction ${label} could not be written (${reason}).`, options);
    this.name = 'StoreWriteFailedError';
  }
}

/** Who holds a data file's lock, as recorded in the lock file. */
export interface LockHolder {
  host: string;
  pid: number;
  /** When the holder took the lock (ISO instant), if known. */
  since?: string;
  /** When the holder last refreshed it (ISO instant). */
  refreshedAt?: string;
}

/** Start-up refused because another process (on this or another host) holds the data file. */
export class StoreLockedError extends StoreLoadError {
  constructor(
    file: string,
    readonly holder: LockHolder,
    /** When the lock lapses if its holder stops refreshing it (ISO instant). */
    readonly lapsesAt: string | undefined,
  ) {
    super(
      file,
      `it is already open in process ${holder.pid} on host ${holder.host}` +
        `${holder.since ? ` since ${holder.since}` : ''}${holder.refreshedAt ? ` (lock last refreshed at ${holder.refreshedAt})` : ''}; ` +
        `only one writer may use a data file${lapsesAt ? `. If that process is gone, its lock lapses at ${lapsesAt}` : ''}`,
    );
    // Nothing is wrong with the file itself, so the "fix or restore it" advice does not apply.
    this.message = `Cannot open data file ${file}: ${this.problem}. Nothing was changed.`;
    this.name = 'StoreLockedError';
  }
}
