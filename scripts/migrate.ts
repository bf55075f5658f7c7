/**
 * The PostgreSQL store's schema and moving over to it:
 *
 *   npm run migrate                              applies pending migrations to DATABASE_URL
 *   npm run migrate -- from-json <store.json>    copies an embedded store (or a JSON backup) into an
 *                                                empty PostgreSQL database, then checks the counts
 *
 * Options: --database-url URL (default: DATABASE_URL). The bot also migrates at start-up; running
 * this first lets a deployment pipeline migrate before it swaps slots.
 * Exit codes: 0 done; 1 the copied counts do not match; 2 bad input or configuration (nothing changed).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config.js';
import { BackupFileError, parseBackup } from '../src/features/imports/json-backup.js';
import { silentLogger } from '../src/log.js';
import { databaseSettingsFrom } from '../src/store/postgres/connection.js';
import { copyIntoEmptyStore, TargetNotEmptyError } from '../src/store/postgres/copy-from-json.js';
import { PostgresStore, PostgresStoreOpenError } from '../src/store/postgres/postgres-store.js';
import { StoreLoadError } from '../src/store/store.js';

const USAGE = `Usage:
  npm run migrate [-- --database-url URL]
  npm run migrate -- from-json <store.json> [--database-url URL]`;

const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'database-url': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const [command, file] = positionals;
  if (command !== undefined && command !== 'from-json') {
    process.stderr.write(`Unknown command "${command}".\n${USAGE}\n`);
    return 2;
  }
  if (command === 'from-json' && !file) {
    process.stderr.write(`from-json needs the file to copy.\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(values['database-url'] ? { ...process.env, DATABASE_URL: values['database-url'] } : process.env);
  if (!config.DATABASE_URL) {
    process.stderr.write('DATABASE_URL is not set (or pass --database-url): there is no PostgreSQL store to migrate.\n');
    return 2;
  }
  // Read and check the file before touching the database.
  const backup = command === 'from-json' ? parseBackup(await readFile(file!, 'utf8'), path.basename(file!)) : undefined;
  const store = await PostgresStore.open({ settings: databaseSettingsFrom(config), log: silentLogger(), listen: false });
  try {
    const applied = store.migrations?.applied ?? [];
    out(applied.length ? `Applied migrations: ${applied.join(', ')}.` : `The schema is up to date (${store.migrations?.alreadyApplied ?? 0} migrations applied before).`);
    if (!backup) return 0;
    const started = performance.now();
    const checks = await copyIntoEmptyStore(store, backup, { fileName: path.basename(file!), now: new Date(), actorName: 'npm run migrate -- from-json' });
    out(`Copied ${file} into ${store.location} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    const width = Math.max(...checks.map((c) => c.collection.length));
    for (const check of checks) {
      out(`  ${check.collection.padEnd(width)}  file ${String(check.inFile).padStart(8)}  database ${String(check.inDatabase).padStart(8)}  ${check.ok ? 'ok' : 'MISMATCH'}`);
    }
    out('  (audit counts one more in the database: the entry that records this copy)');
    const mismatched = checks.filter((c) => !c.ok);
    if (mismatched.length) {
      process.stderr.write(`Counts do not match for ${mismatched.map((c) => c.collection).join(', ')}.\n`);
      return 1;
    }
    out('Every count matches. Set DATABASE_URL for the bot and start it; keep the file as a backup.');
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof BackupFileError || error instanceof TargetNotEmptyError || error instanceof StoreLoadError || error instanceof PostgresStoreOpenError) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(2);
    }
    process.stderr.write(`Migration failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
