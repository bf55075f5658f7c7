import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, StoreData } from '../../src/domain/model.js';
import { BackupFileError, exportStoreJson, importStoreJson, parseBackup } from '../../src/features/imports/json-backup.js';
import { projectPath } from '../../src/paths.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { demoData } from '../helpers/chat-context.js';
import { CHILD_TEST_TIMEOUT, runScript } from '../helpers/child-process.js';

const now = new Date('2020-11-20T12:00:00Z');
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'json-roundtrip-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The demo dataset plus an identity link and feature-owned records, so every part of the store is covered. */
function fullDemo(): StoreData {
  const data = demoData();
  data.identityLinks.push({ aadObjectId: 'aad-tilly', personId: 'tilly-flanagan', linkedAt: '2020-11-02T10:00:00Z', how: 'email' });
  data.ext['conversation-refs'] = [{ id: 'a:1', user: 'tilly-flanagan', reference: { serviceUrl: 'https://smba.example/' } }];
  return data;
}

function withoutRestoreAudit(data: StoreData): StoreData {
  return { ...data, audit: data.audit.filter((a) => a.command !== 'import-json') };
}

// Derived from the demo dataset, which grows as documents are added (68 actions before issue 15).
const DEMO_ACTIONS = demoData().actions.length;
const DEMO_PEOPLE = demoData().people.length;
const CIP_ACTIONS = demoData().actions.filter((a) => a.planId === 'derby-cip').length;

describe('JSON backup and restore', () => {
  it('a round trip of the demo dataset through export and import is lossless (on disk, across a restart)', async () => {
    const source = new MemoryStore(fullDemo());
    const exported = exportStoreJson(await source.snapshot());

    const dir = await tempDir();
    const store = await LowdbStore.open(dir);
    const report = await importStoreJson(store, parseBackup(exported, 'backup.json'), { fileName: 'backup.json', actorName: 'test', now });
    expect(report.mode).toBe('into-empty-store');
    expect(report.collections.find((c) => c.name === 'actions')).toEqual({ name: 'actions', added: DEMO_ACTIONS, updated: 0, unchanged: 0, removed: 0 });
    await store.close();

    const reopened = await LowdbStore.open(dir);
    const reexported = JSON.parse(exportStoreJson(await reopened.snapshot())) as StoreData;
    await reopened.close();
    // Everything comes back; the store stamps its own, current schema version on what it writes.
    expect(reexported.schemaVersion).toBe(SCHEMA_VERSION);
    expect({ ...withoutRestoreAudit(reexported), schemaVersion: 1 }).toEqual(JSON.parse(exported));
    // The restore itself is audited, once.
    expect(reexported.audit.filter((a) => a.command === 'import-json')).toEqual([
      expect.objectContaining({ entity: 'store', entityId: 'backup.json', actorName: 'test', note: expect.stringContaining('restored from backup.json (into-empty-store)') }),
    ]);
  });

  it('into a store with data: merges by id and never duplicates', async () => {
    const store = new MemoryStore(fullDemo());
    const backup = fullDemo();
    backup.actions.find((a) => a.id === 'derby-cip-2.2')!.commentary = 'Restored commentary';
    backup.actions.push({ ...structuredClone(backup.actions[0]!), id: 'derby-cip-9.1', number: '9.1', title: 'Only in the backup' });
    const report = await importStoreJson(store, backup, { fileName: 'b.json', actorName: 'test', now });

    expect(report.mode).toBe('merge');
    expect(report.collections.find((c) => c.name === 'actions')).toEqual({ name: 'actions', added: 1, updated: 1, unchanged: DEMO_ACTIONS - 1, removed: 0 });
    expect(report.collections.find((c) => c.name === 'people')).toMatchObject({ added: 0, updated: 0, unchanged: DEMO_PEOPLE });
    const snap = await store.snapshot();
    expect(snap.actions).toHaveLength(DEMO_ACTIONS + 1);
    expect(new Set(snap.actions.map((a) => a.id)).size).toBe(DEMO_ACTIONS + 1);
    // The backup's content wins; the version number never goes backwards.
    expect(snap.action('derby-cip-2.2')).toMatchObject({ commentary: 'Restored commentary', version: 2 });

    const again = await importStoreJson(store, backup, { fileName: 'b.json', actorName: 'test', now });
    expect(again.changed).toBe(false);
    expect((await store.snapshot()).actions).toHaveLength(DEMO_ACTIONS + 1);
  });

  it('--replace makes the store exactly the backup; --dry-run changes nothing', async () => {
    const store = new MemoryStore(fullDemo());
    const backup = fullDemo();
    backup.actions = backup.actions.filter((a) => a.planId === 'derby-cip');
    backup.identityLinks = [];
    delete backup.ext['conversation-refs'];

    const dry = await importStoreJson(store, backup, { replace: true, dryRun: true, fileName: 'b.json', actorName: 'test', now });
    expect(dry.collections.find((c) => c.name === 'actions')).toMatchObject({ removed: DEMO_ACTIONS - CIP_ACTIONS, unchanged: CIP_ACTIONS });
    expect(CIP_ACTIONS).toBe(30);
    expect((await store.snapshot()).actions).toHaveLength(DEMO_ACTIONS);

    const report = await importStoreJson(store, backup, { replace: true, fileName: 'b.json', actorName: 'test', now });
    expect(report.mode).toBe('replace');
    const snap = await store.snapshot();
    expect(snap.actions.map((a) => a.id).sort()).toEqual(backup.actions.map((a) => a.id).sort());
    expect(snap.data.identityLinks).toEqual([]);
    expect(snap.data.ext['conversation-refs'] ?? []).toEqual([]);
  });

  it('refuses an invalid backup, naming the place and the problem', () => {
    const data = JSON.parse(JSON.stringify(demoData()));
    data.actions[3].status.canonical = 'GREEN';
    expect(() => parseBackup(JSON.stringify(data), 'bad.json')).toThrow(/bad\.json is not a valid backup: at actions\.3\.status\.canonical/);
    expect(() => parseBackup('{ not json', 'bad.json')).toThrow(BackupFileError);
    const dup = demoData();
    dup.people.push(dup.people[0]!);
    expect(() => parseBackup(JSON.stringify(dup), 'dup.json')).toThrow('dup.json: people has two records with id "adam-rooney". Nothing was imported.');
  });

  it('the command line refuses to write while the bot holds the data file, and says so', { timeout: CHILD_TEST_TIMEOUT }, async () => {
    const dir = await tempDir();
    const backupFile = path.join(dir, 'backup.json');
    await writeFile(backupFile, exportStoreJson(await new MemoryStore(demoData()).snapshot()));
    const dataDir = path.join(dir, 'data');
    const running = await LowdbStore.open(dataDir); // this test process plays the running bot
    try {
      const refused = await runScript('scripts/import.ts', ['json', backupFile, '--data-dir', dataDir]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(`The data file is in use by the running bot (pid ${process.pid} on host ${hostname()} since `);
      expect(refused.stderr).toContain('stop it or use the admin chat command. Nothing was changed.');
      // Reading is fine: export reads the file as it is on disk.
      await running.transact('seed', (tx) => tx.put('councils', { id: 'c1', name: 'Test Council', type: 'other', timeZone: 'Europe/London', callInRules: demoData().councils[0]!.callInRules }));
      const out = path.join(dir, 'out.json');
      expect((await runScript('scripts/export.ts', ['json', '--out', out, '--data-dir', dataDir])).code).toBe(0);
      expect((JSON.parse(await readFile(out, 'utf8')) as StoreData).councils.map((c) => c.id)).toEqual(['c1']);
    } finally {
      await running.close();
    }
  });
});
