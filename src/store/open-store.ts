/**
 * Chooses the store from the configuration: PostgreSQL when DATABASE_URL is set, otherwise the
 * embedded lowdb file in DATA_DIR (the default: `npm ci && npm start` needs no database).
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { LowdbStore } from './lowdb-store.js';
import { databaseSettingsFrom } from './postgres/connection.js';
import { PostgresStore } from './postgres/postgres-store.js';
import type { Store } from './store.js';

export async function openStore(config: Config, log: Logger): Promise<Store> {
  if (!config.DATABASE_URL) return LowdbStore.open(config.DATA_DIR);
  const store = await PostgresStore.open({ settings: databaseSettingsFrom(config), log });
  log.info({ store: store.location, migrationsApplied: store.migrations?.applied ?? [], sequence: store.sequence }, 'PostgreSQL store open');
  return store;
}
