/**
 * Opens the data file for the import/export commands. The bot holds a lock on it while it runs
 * (two writers lose data), so a command that writes refuses with a clear message instead; commands
 * that only read (export, dry runs) read the file as it stands on disk.
 */
import path from 'node:path';
import { DATA_FILE_NAME, LowdbStore, readStoreData } from '../../store/lowdb-store.js';
import { MemoryStore } from '../../store/memory-store.js';
import { StoreLockedError, type LockHolder, type Store } from '../../store/store.js';

export class DataFileInUseError extends Error {
  constructor(readonly holder: LockHolder | undefined) {
    super(
      `The data file is in use by the running bot${holder ? ` (pid ${holder.pid} on host ${holder.host}${holder.since ? ` since ${holder.since}` : ''})` : ''}; ` +
        'stop it or use the admin chat command. Nothing was changed.',
    );
    this.name = 'DataFileInUseError';
  }
}

export interface CliStore {
  store: Store;
  /** True when the data file was read without the lock (the bot is running): nothing may be written. */
  readOnly: boolean;
  file: string;
  close(): Promise<void>;
}

/** Opens `<dataDir>/store.json` for writing; throws DataFileInUseError when the bot has it. */
export async function openStoreForWriting(dataDir: string): Promise<CliStore> {
  try {
    const store = await LowdbStore.open(dataDir);
    return { store, readOnly: false, file: store.file, close: () => store.close() };
  } catch (error) {
    if (error instanceof StoreLockedError) throw new DataFileInUseError(error.holder);
    throw error;
  }
}

/** Opens the data file for reading: with the lock when it is free, else a validated read-only copy. */
export async function openStoreForReading(dataDir: string): Promise<CliStore> {
  try {
    return await openStoreForWriting(dataDir);
  } catch (error) {
    if (!(error instanceof DataFileInUseError)) throw error;
    const file = path.resolve(dataDir, DATA_FILE_NAME);
    // store.json and its append-only logs, validated like the bot's own load.
    const store = new MemoryStore(await readStoreData(dataDir));
    return { store, readOnly: true, file, close: () => store.close() };
  }
}
