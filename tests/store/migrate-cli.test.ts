/**
 * Moving a council over: `npm run migrate -- from-json <store.json>` copies an embedded store into
 * an empty PostgreSQL database and checks the counts; `npm run export -- json` then gives the same
 * data back from PostgreSQL. The real scripts run as child processes, against the real server.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, StoreData } from '../../src/domain/model.js';
import { projectPath } from '../../src/paths.js';
import { readDemoData } from '../../src/store/demo.js';
import { createTestDatabase, type TestDatabase } from './pg-test-database.js';

const run = promisify(execFile);

async function script(name: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      cwd: projectPath(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let database: TestDatabase;
let folder: string;
let original: StoreData;

beforeAll(async () => {
  database = await createTestDatabase('migrate_cli');
  folder = await mkdtemp(path.join(tmpdir(), 'migrate-cli-'));
  const demo = await readDemoData();
  original = StoreData.parse({
    ...demo,
    identityLinks: [{ aadObjectId: 'aad-tilly', personId: demo.people[0]!.id, linkedAt: '2020-11-20T12:00:00Z', how: 'email' }],
    ext: { 'conversation-refs': [{ id: 'conv-1', tenantId: 'tenant-1', active: true }], 'update-commands': [{ id: 'activity-1', kind: 'progress-update' }] },
    audit: [{ id: 'audit-1', at: '2020-11-20T12:00:00Z', actorName: 'Tilly', command: 'update', entity: 'action', entityId: demo.actions[0]!.id }],
  });
  await writeFile(path.join(folder, 'store.json'), JSON.stringify(original));
});

afterAll(async () => {
  await database?.drop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('npm run migrate and npm run export on PostgreSQL', () => {
  it('migrates an empty database, and says so when there is nothing left to do', async () => {
    const first = await script('migrate', [], { DATABASE_URL: database.url });
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/Applied migrations: 0001_initial, 0002_\w+\./);
    const second = await script('migrate', [], { DATABASE_URL: database.url });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('The schema is up to date');
  });

  it('copies an embedded store in and checks every count', async () => {
    const copy = await script('migrate', ['from-json', path.join(folder, 'store.json')], { DATABASE_URL: database.url });
    expect(copy.stderr).toBe('');
    expect(copy.code).toBe(0);
    expect(copy.stdout).toMatch(new RegExp(`actions\\s+file\\s+${original.actions.length}\\s+database\\s+${original.actions.length}\\s+ok`));
    expect(copy.stdout).toMatch(/ext\.conversation-refs\s+file\s+1\s+database\s+1\s+ok/);
    expect(copy.stdout).toContain('Every count matches');
  });

  it('refuses to copy into a database that already holds data', async () => {
    const again = await script('migrate', ['from-json', path.join(folder, 'store.json')], { DATABASE_URL: database.url });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds data .*Nothing was copied/);
  });

  it('exports from PostgreSQL exactly what was copied in (plus the audit entry recording the copy)', async () => {
    const out = path.join(folder, 'backup.json');
    const exported = await script('export', ['json', '--out', out], { DATABASE_URL: database.url });
    expect(exported.code).toBe(0);
    const backup = StoreData.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(backup.audit.map((a) => a.command)).toEqual(['update', 'migrate-from-json']);
    // An export is written by this build, so it carries this build's layout version.
    expect({ ...backup, audit: backup.audit.slice(0, 1) }).toEqual({ ...original, schemaVersion: SCHEMA_VERSION });
    // --data-dir still exports the embedded file, DATABASE_URL or not.
    const fromFile = await script('export', ['json', '--data-dir', folder], { DATABASE_URL: database.url });
    expect(StoreData.parse(JSON.parse(fromFile.stdout))).toEqual({ ...original, schemaVersion: SCHEMA_VERSION });
  });
});
