/**
 * The append-only logs beside store.json (audit.jsonl, proactive-send-log.jsonl), on real files:
 * what goes where, what start-up does with the end of a write cut short by a crash (drops only that
 * unacknowledged tail), what it refuses (a damaged middle, a log missing what store.json counts
 * on, invalid records), the migration of an older store.json, and stores from a newer build.
 */
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SCHEMA_VERSION, StoreData } from '../../src/domain/model.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { StoreLoadError } from '../../src/store/store.js';
import { demoData } from '../helpers/chat-context.js';
import { faultyFs } from '../helpers/faulty-fs.js';
import { TempDirs, auditEntry, capturingLogger, council } from '../helpers/store-kit.js';

const dirs = new TempDirs();
const open: LowdbStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => undefined);
  await dirs.removeAll();
});

async function openStore(dir: string, options: Parameters<typeof LowdbStore.open>[1] = {}): Promise<LowdbStore> {
  const store = await LowdbStore.open(dir, { ...options, lock: { refreshMs: 0 } });
  open.push(store);
  return store;
}

async function closed(store: LowdbStore): Promise<void> {
  await store.close();
  open.splice(open.indexOf(store), 1);
}

const sendLogRecord = (id: string, status: string) => ({ id, runId: 'run-1', recipient: `person:${id}`, status, attempts: 1, at: '2020-11-20T12:00:00.000Z' });

describe('append-only logs', () => {
  it('audit entries and send-log records go to their own files, replayed on start; store.json holds neither', async () => {
    const dir = await dirs.make();
    const store = await openStore(dir);
    await store.transact('write', (tx) => {
      tx.put('councils', council('c-1'));
      tx.put('audit', auditEntry('a-1'));
      tx.extPut('proactive-send-log', sendLogRecord('k-1', 'sending'));
    });
    await store.transact('sent', (tx) => tx.extPut('proactive-send-log', sendLogRecord('k-1', 'sent')));
    await store.transact('prune', (tx) => tx.extPut('proactive-send-log', sendLogRecord('k-2', 'sent')));
    await store.transact('prune', (tx) => tx.extDelete('proactive-send-log', 'k-2'));
    await closed(store);

    const file = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8'));
    expect(file.audit).toBeUndefined();
    expect(file.ext['proactive-send-log']).toBeUndefined();
    expect(file.councils.map((c: { id: string }) => c.id)).toEqual(['c-1']);
    const sendLog = (await readFile(path.join(dir, 'proactive-send-log.jsonl'), 'utf8')).trim().split('\n');
    expect(sendLog).toHaveLength(4); // one line per commit: never rewritten

    const reopened = await openStore(dir);
    const snapshot = await reopened.snapshot();
    expect(snapshot.data.audit.map((a) => a.id)).toEqual(['a-1']);
    expect(snapshot.ext('proactive-send-log')).toEqual([sendLogRecord('k-1', 'sent')]);
  });

  it('a torn last line (the bot died half-way through an append) is dropped; every acknowledged entry is kept', async () => {
    const dir = await dirs.make();
    const store = await openStore(dir);
    for (const id of ['a-1', 'a-2', 'a-3']) await store.transact('audit', (tx) => tx.put('audit', auditEntry(id)));
    await closed(store);
    const logFile = path.join(dir, 'audit.jsonl');
    const acknowledged = await readFile(logFile, 'utf8');
    await appendFile(logFile, '{"commit":9,"with":[],"put":[{"id":"a-4","at":"2020-11-20T12:0');

    const captured = capturingLogger();
    const reopened = await openStore(dir, { log: captured.log });
    expect((await reopened.snapshot()).data.audit.map((a) => a.id)).toEqual(['a-1', 'a-2', 'a-3']);
    expect(captured.entries().find((e) => e.level === 'warn')?.msg).toMatch(/dropped an unfinished last line \(line 4, \d+ bytes\): it was never acknowledged/);
    expect(await readFile(logFile, 'utf8')).toBe(acknowledged);

    await reopened.transact('audit', (tx) => tx.put('audit', auditEntry('a-5')));
    await closed(reopened);
    expect((await (await openStore(dir)).snapshot()).data.audit.map((a) => a.id)).toEqual(['a-1', 'a-2', 'a-3', 'a-5']);
  });

  it('a last commit that reached the audit log but not store.json is dropped (it was never acknowledged)', async () => {
    const dir = await dirs.make();
    const store = await openStore(dir);
    await store.transact('council', (tx) => tx.put('councils', council('c-1')));
    await closed(store);
    const stored = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8'));
    await appendFile(path.join(dir, 'audit.jsonl'), `${JSON.stringify({ commit: stored.commitSeq + 1, with: ['store'], put: [auditEntry('of-unfinished-commit')], delete: [] })}\n`);

    const captured = capturingLogger();
    const reopened = await openStore(dir, { log: captured.log });
    expect((await reopened.snapshot()).data.audit).toEqual([]);
    expect(captured.entries().some((e) => /dropped the last write \(commit \d+\), which did not reach store before the bot stopped/.test(e.msg))).toBe(true);
  });

  it('a damaged line in the middle of a log stops start-up, naming the file and the line, and changes nothing', async () => {
    const dir = await dirs.make();
    const store = await openStore(dir);
    for (const id of ['a-1', 'a-2']) await store.transact('audit', (tx) => tx.put('audit', auditEntry(id)));
    await closed(store);
    const logFile = path.join(dir, 'audit.jsonl');
    const [first, second] = (await readFile(logFile, 'utf8')).split('\n');
    const damaged = `${first}\n{"commit":\n${second}\n`;
    await writeFile(logFile, damaged);

    const failure = LowdbStore.open(dir, { lock: { refreshMs: 0 } });
    await expect(failure).rejects.toThrow(StoreLoadError);
    await expect(failure).rejects.toThrow(`Cannot load data file ${logFile}: line 2 is not valid JSON, so it is damaged (not just cut short by a crash).`);
    expect(await readFile(logFile, 'utf8')).toBe(damaged);
  });

  it('a log missing writes that store.json counts on (deleted, or from another backup) stops start-up', async () => {
    const dir = await dirs.make();
    const store = await openStore(dir);
    await store.transact('both', (tx) => {
      tx.put('councils', council('c-1'));
      tx.put('audit', auditEntry('a-1'));
    });
    await closed(store);
    await rm(path.join(dir, 'audit.jsonl'));
    await expect(LowdbStore.open(dir, { lock: { refreshMs: 0 } })).rejects.toThrow(/audit\.jsonl: it is missing writes that store\.json counts on \(up to commit \d+; it is empty or missing\)/);
  });

  it('a record in a log that the schema refuses stops start-up, naming the line', async () => {
    const dir = await dirs.make();
    const store = await openStore(dir);
    await store.transact('audit', (tx) => tx.put('audit', auditEntry('a-1')));
    await closed(store);
    await appendFile(path.join(dir, 'audit.jsonl'), `${JSON.stringify({ commit: 50, with: [], put: [{ ...auditEntry('a-2'), at: 'yesterday' }] })}\n`);
    await expect(LowdbStore.open(dir, { lock: { refreshMs: 0 } })).rejects.toThrow(/audit\.jsonl: line 2: audit record "a-2" is invalid: it does not match the data schema at at/);
  });
});

describe('migrating a store.json that still holds the logs', () => {
  function legacyStore(): Record<string, unknown> {
    const data = JSON.parse(JSON.stringify(demoData())) as Record<string, any>;
    data.schemaVersion = 1;
    data.audit = [auditEntry('old-1'), auditEntry('old-2')];
    data.ext = { ...data.ext, 'proactive-send-log': [sendLogRecord('k-1', 'sent'), sendLogRecord('k-2', 'unreachable')] };
    return data;
  }

  it('moves the audit log and the send log into their files on first open, once, and loses nothing', async () => {
    const dir = await dirs.make();
    await writeFile(path.join(dir, 'store.json'), JSON.stringify(legacyStore(), null, 2));
    const expected = StoreData.parse(legacyStore());

    const store = await openStore(dir);
    const migrated = (await store.snapshot()).data;
    expect({ ...migrated, schemaVersion: 1 }).toEqual(expected);
    await closed(store);
    const file = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8'));
    expect(file.schemaVersion).toBe(SCHEMA_VERSION);
    expect(file.audit).toBeUndefined();
    expect(file.ext['proactive-send-log']).toBeUndefined();

    const reopened = await openStore(dir);
    expect((await reopened.snapshot()).data.audit.map((a) => a.id)).toEqual(['old-1', 'old-2']);
    expect((await reopened.snapshot()).ext('proactive-send-log')).toHaveLength(2);
    expect((await readFile(path.join(dir, 'audit.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('a migration cut short (store.json could not be replaced) leaves the old file untouched and is done again, once, next time', async () => {
    const dir = await dirs.make();
    const text = JSON.stringify(legacyStore(), null, 2);
    await writeFile(path.join(dir, 'store.json'), text);
    const disk = faultyFs();
    disk.fail((call, file) => (call === 'rename' && file.endsWith('store.json') ? 'ENOSPC' : undefined));
    await expect(LowdbStore.open(dir, { fs: disk.fs, lock: { refreshMs: 0 } })).rejects.toThrow(/store\.json: it could not be rewritten in this version's layout \(the disk is full\)/);
    expect(await readFile(path.join(dir, 'store.json'), 'utf8')).toBe(text);

    const store = await openStore(dir);
    expect((await store.snapshot()).data.audit.map((a) => a.id)).toEqual(['old-1', 'old-2']);
    await closed(store);
    const reopened = await openStore(dir);
    expect((await reopened.snapshot()).data.audit.map((a) => a.id)).toEqual(['old-1', 'old-2']);
  });
});

describe('stores written by another version', () => {
  it('a store from a newer version is refused with a clear message, and left untouched', async () => {
    const dir = await dirs.make();
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, commitSeq: 3, councils: [{ id: 'c-1', name: 'Newer', priority: 'high' }] });
    await writeFile(path.join(dir, 'store.json'), text);
    const failure = LowdbStore.open(dir, { lock: { refreshMs: 0 } });
    await expect(failure).rejects.toThrow(
      `it was written by a newer version of the bot (data schema version ${SCHEMA_VERSION + 1}; this version reads up to ${SCHEMA_VERSION}), and would lose what it does not know on its first write`,
    );
    expect(await readFile(path.join(dir, 'store.json'), 'utf8')).toBe(text);
  });

  it('what this version writes is refused by the previous one, whose schema accepted only version 1 (the logs moved out)', async () => {
    const dir = await dirs.make();
    await closed(await openStore(dir));
    const previousBuild = z.object({ schemaVersion: z.literal(1).default(1) });
    expect(previousBuild.safeParse(JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8'))).success).toBe(false);
  });
});
