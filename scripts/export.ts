/**
 * Backs up the whole store as JSON (the same StoreData a restore reads):
 *
 *   npm run export -- json [--out backup.json] [--data-dir DIR]
 *
 * Without --out the JSON goes to standard output. Works while the bot is running (the file on disk
 * is read, not locked). With DATABASE_URL set (and no --data-dir) it exports the PostgreSQL store:
 * one consistent read of every table, nothing written.
 */
import { fail, parseCommandLine } from './cli.js';

const spec = {
  command: 'npm run export',
  usage: `Usage: npm run export -- json [--out backup.json] [--data-dir DIR]
Writes the whole store as JSON (what "npm run import -- json" restores), to standard output unless --out is given.
  --out       the file to write
  --data-dir  the bot's data folder (default DATA_DIR, else ./data); safe while the bot runs
With DATABASE_URL set and no --data-dir, the store is read from PostgreSQL.`,
  options: { out: { type: 'string' }, 'data-dir': { type: 'string' } },
  positionals: 1,
} as const;

const { values, positionals } = parseCommandLine(spec);
if (positionals[0] !== 'json') fail(spec, positionals[0] ? `unknown export "${positionals[0]}": json is the only one.` : 'say what to export: json.');

const { writeFile } = await import('node:fs/promises');
const { ConfigError, loadConfig } = await import('../src/config.js');
const { openStoreForReading } = await import('../src/features/imports/cli-store.js');
const { exportStoreJson } = await import('../src/features/imports/json-backup.js');
const { silentLogger } = await import('../src/log.js');
const { databaseSettingsFrom } = await import('../src/store/postgres/connection.js');
const { PostgresStore, PostgresStoreOpenError } = await import('../src/store/postgres/postgres-store.js');
const { StoreLoadError } = await import('../src/store/store.js');
type CliStore = import('../src/features/imports/cli-store.js').CliStore;

/** The PostgreSQL store, read once: no migration (an outdated schema is refused), no listening. */
async function openPostgresForReading(config: ReturnType<typeof loadConfig>): Promise<CliStore> {
  const store = await PostgresStore.open({ settings: databaseSettingsFrom(config), log: silentLogger(), migrate: false, listen: false });
  return { store, readOnly: true, file: store.location, close: () => store.close() };
}

async function main(): Promise<number> {
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
