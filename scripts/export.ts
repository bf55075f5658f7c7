/**
 * Backs up the whole store as JSON (the same StoreData a restore reads):
 *
 *   npm run export -- json [--out backup.json] [--data-dir DIR]
 *
 * Without --out the JSON goes to standard output. Works while the bot is running (the file on disk
 * is read, not locked). With DATABASE_URL set (and no --data-dir) it exports the PostgreSQL store:
 * one consistent read of every table, nothing written.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config.js';
import { openStoreForReading, type CliStore } from '../src/features/imports/cli-store.js';
import { exportStoreJson } from '../src/features/imports/json-backup.js';
import { silentLogger } from '../src/log.js';
import { databaseSettingsFrom } from '../src/store/postgres/connection.js';
import { PostgresStore, PostgresStoreOpenError } from '../src/store/postgres/postgres-store.js';
import { StoreLoadError } from '../src/store/store.js';

const USAGE = 'Usage: npm run export -- json [--out backup.json] [--data-dir DIR]   (DATABASE_URL set and no --data-dir: from PostgreSQL)';

/** The PostgreSQL store, read once: no migration (an outdated schema is refused), no listening. */
async function openPostgresForReading(config: ReturnType<typeof loadConfig>): Promise<CliStore> {
  const store = await PostgresStore.open({ settings: databaseSettingsFrom(config), log: silentLogger(), migrate: false, listen: false });
  return { store, readOnly: true, file: store.location, close: () => store.close() };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help || positionals[0] !== 'json') {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const cli = config.DATABASE_URL && !values['data-dir'] ? await openPostgresForReading(config) : await openStoreForReading(values['data-dir'] ?? config.DATA_DIR);
  try {
    const snapshot = await cli.store.snapshot();
    const json = exportStoreJson(snapshot);
    if (values.out) {
      await writeFile(values.out, json);
      const counts = Object.entries(snapshot.data)
        .filter(([, v]) => Array.isArray(v) && v.length)
        .map(([k, v]) => `${k} ${(v as unknown[]).length}`)
        .join(', ');
      process.stderr.write(`Wrote ${values.out} (${counts}).\n`);
    } else {
      // Wait for the write: process.exit() right after would cut a large export short on a pipe.
      await new Promise<void>((resolve, reject) => process.stdout.write(json, (error) => (error ? reject(error) : resolve())));
    }
    return 0;
  } finally {
    await cli.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof StoreLoadError || error instanceof PostgresStoreOpenError) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(2);
    }
    process.stderr.write(`Export failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
