/**
 * Chooses the store from the configuration: PostgreSQL when DATABASE_URL is set, otherwise the
 * embedded lowdb file in DATA_DIR (the default: `npm ci && npm start` needs no database).
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { LowdbStore, type LowdbStoreOptions } from './lowdb-store.js';
import { databaseSettingsFrom } from './postgres/connection.js';
import { PostgresStore } from './postgres/postgres-store.js';
import type { Store } from './store.js';

/** `embedded`: the embedded store's lock settings and file system (tests inject failures there). */
export async function openStore(config: Config, log: Logger, embedded: Omit<LowdbStoreOptions, 'log'> = {}): Promise<Store> {
  if (!config.DATABASE_URL) return LowdbStore.open(config.DATA_DIR, { ...embedded, log });
  const store = await PostgresStore.open({ settings: databaseSettingsFrom(config), log });
  log.info({ store: store.location, migrationsApplied: store.migrations?.applied ?? [], sequence: store.sequence }, 'PostgreSQL store open');
  return store;
}
