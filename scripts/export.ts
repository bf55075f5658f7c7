/**
 * Backs up the whole store as JSON (the same StoreData a restore reads):
 *
 *   npm run export -- json [--out backup.json] [--data-dir DIR]
 *
 * Without --out the JSON goes to standard output. Works while the bot is running (the file on disk
 * is read, not locked).
 */
import { fail, parseCommandLine } from './cli.js';

const spec = {
  command: 'npm run export',
  usage: `Usage: npm run export -- json [--out backup.json] [--data-dir DIR]
Writes the whole store as JSON (what "npm run import -- json" restores), to standard output unless --out is given.
  --out       the file to write
  --data-dir  the bot's data folder (default DATA_DIR, else ./data); safe while the bot runs`,
  options: { out: { type: 'string' }, 'data-dir': { type: 'string' } },
  positionals: 1,
} as const;

const { values, positionals } = parseCommandLine(spec);
if (positionals[0] !== 'json') fail(spec, positionals[0] ? `unknown export "${positionals[0]}": json is the only one.` : 'say what to export: json.');

const { writeFile } = await import('node:fs/promises');
const { ConfigError, loadConfig } = await import('../src/config.js');
const { openStoreForReading } = await import('../src/import/cli-store.js');
const { exportStoreJson } = await import('../src/import/json-backup.js');
const { StoreLoadError } = await import('../src/store/store.js');

async function main(): Promise<number> {
  const cli = await openStoreForReading(values['data-dir'] ?? loadConfig().DATA_DIR);
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
      process.stdout.write(json);
    }
    return 0;
  } finally {
    await cli.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof StoreLoadError) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(2);
    }
    process.stderr.write(`Export failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
