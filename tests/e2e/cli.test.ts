/**
 * Every command-line tool in scripts/ as a newcomer meets it: `--help` answers with usage, and a
 * mistyped option or an unknown person is refused in one line that names it, with a non-zero exit
 * and nothing done. Real processes (node + tsx), started through the cleanup helper.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoreData } from '../../src/store/lowdb-store.js';
import { CHILD_TEST_TIMEOUT, baseEnv, runScript, type Finished } from '../helpers/child-process.js';

/** Each tool, with what its usage starts with. */
const TOOLS: Array<[file: string, usage: string]> = [
  ['scripts/ask.ts', 'Usage: npx tsx scripts/ask.ts'],
  ['scripts/import.ts', 'Usage:\n  npm run import -- plan'],
  ['scripts/export.ts', 'Usage: npm run export -- json'],
  ['scripts/report.ts', 'Usage: npm run report -- --plan'],
  ['scripts/digest.ts', 'Usage: npm run digest -- --dry-run'],
  ['scripts/package-app.ts', 'Usage: npm run package'],
  ['scripts/playground.ts', 'Usage: npm run playground'],
  ['scripts/build-demo-data.ts', 'Usage: npx tsx scripts/build-demo-data.ts'],
  ['scripts/make-icons.ts', 'Usage: npx tsx scripts/make-icons.ts'],
];

/** The refusal: exit 2 unless said otherwise, nothing on stdout, one line on stderr. */
function expectOneLineRefusal(result: Finished, ...mentions: string[]): string {
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  for (const text of mentions) expect(lines[0]).toContain(text);
  return lines[0]!;
}

describe.concurrent('the command-line tools', { timeout: CHILD_TEST_TIMEOUT }, () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'council-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  // An empty data folder: the tools fall back to the demo data, and nothing of the developer's is read.
  const env = () => baseEnv({ DATA_DIR: path.join(dir, 'no-data-here') });

  for (const [file, usage] of TOOLS) {
    it(`${file} --help prints its usage and exits 0`, async ({ onTestFinished }) => {
      const result = await runScript(file, ['--help'], { env: env(), test: { onTestFinished } });
      expect(result.code).toBe(0);
      expect(result.stdout.startsWith(usage)).toBe(true);
      expect(result.stderr).toBe('');
    });

    it(`${file} refuses an unknown option in one line, exit 2`, async ({ onTestFinished }) => {
      const result = await runScript(file, ['--no-such-option'], { env: env(), test: { onTestFinished } });
      expect(result.code).toBe(2);
      const line = expectOneLineRefusal(result, 'unknown option --no-such-option', '--help');
      expect(line).not.toContain('    at '); // no stack trace
    });
  }

  it('ask refuses an unknown person instead of answering as "CLI user"', async ({ onTestFinished }) => {
    const result = await runScript('scripts/ask.ts', ['status of 2.2', '--as', 'nobody'], { env: env(), test: { onTestFinished } });
    expect(result.code).toBe(2);
    expectOneLineRefusal(result, '--as "nobody": no such person in the demo data');
  });

  it('ask takes "--help" as help, not as a question', async ({ onTestFinished }) => {
    const result = await runScript('scripts/ask.ts', ['status of 2.2', '--help'], { env: env(), test: { onTestFinished } });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('>>>');
  });

  it('digest refuses an unknown person', async ({ onTestFinished }) => {
    const result = await runScript('scripts/digest.ts', ['--dry-run', '--person', 'nobody'], { env: env(), test: { onTestFinished } });
    expect(result.code).toBe(2);
    expectOneLineRefusal(result, '--person "nobody": no such person');
  });

  it('import refuses an unknown person and changes nothing', async ({ onTestFinished }) => {
    const csv = path.join(dir, 'plan.csv');
    await writeFile(csv, 'Action No.,Action,Status\n9.1,Open a community hub,On track\n');
    const dataDir = path.join(dir, 'import-data');
    const result = await runScript('scripts/import.ts', ['plan', csv, '--plan', 'derby-cip', '--as', 'nobody', '--data-dir', dataDir], { env: env(), test: { onTestFinished } });
    expect(result.code).toBe(2);
    expectOneLineRefusal(result, '--as "nobody" is not a known person id or email');
    // Opening a new data folder lays out its (empty) files; nothing of the spreadsheet is in them.
    if ((await readdir(dataDir).catch((): string[] => [])).includes('store.json')) expect((await readStoreData(dataDir)).actions).toHaveLength(0);
  });

  it('the playground refuses an unknown person before starting the Playground', async ({ onTestFinished }) => {
    const result = await runScript('scripts/playground.ts', ['--as', 'nobody'], { env: env(), test: { onTestFinished } });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('No person "nobody"');
  });
});
