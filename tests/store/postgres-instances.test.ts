/**
 * What only the PostgreSQL store promises: several instances on one database are one truth. Two
 * PostgresStore instances (as two App Service instances would be) on a database of this file's own,
 * on the real server at TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgressUpdate } from '../../src/domain/model.js';
import { silentLogger } from '../../src/log.js';
import { databaseSettings } from '../../src/store/postgres/connection.js';
import { migrateToLatest } from '../../src/store/postgres/migrations.js';
import { PostgresStore, PostgresStoreOpenError } from '../../src/store/postgres/postgres-store.js';
import { VersionConflictError } from '../../src/store/store.js';
import { action, audit, seed } from './contract.js';
import { createTestDatabase, waitFor, type TestDatabase } from './pg-test-database.js';

let database: TestDatabase;
let a: PostgresStore;
let b: PostgresStore;

beforeAll(async () => {
  database = await createTestDatabase('instances');
  a = await database.open();
  b = await database.open();
  await seed(a);
  await waitFor(async () => (await b.snapshot()).actions.length === 3, 'instance B to see the seed');
});

afterAll(async () => {
  await database?.drop();
});

const titleOn = async (store: PostgresStore, id: string) => (await store.snapshot()).action(id)?.title;

describe('two instances on one database', () => {
  it('see each other’s commits within a second, both ways', async () => {
    await a.transact('edit-on-a', (tx) => tx.put('actions', { ...tx.get('actions', 'a1')!, title: 'from A' }));
    const seenOnB = await waitFor(async () => (await titleOn(b, 'a1')) === 'from A', 'B to see A’s update', 1_000);
    await b.transact('edit-on-b', (tx) => tx.put('actions', { ...tx.get('actions', 'a2')!, title: 'from B' }));
    const seenOnA = await waitFor(async () => (await titleOn(a, 'a2')) === 'from B', 'A to see B’s update', 1_000);
    expect(seenOnB).toBeLessThan(1_000);
    expect(seenOnA).toBeLessThan(1_000);
    expect(a.sequence).toBe(b.sequence);
    expect((await a.snapshot()).data).toEqual((await b.snapshot()).data);
  });

  it('refreshes only the rows that changed: untouched records stay the same objects', async () => {
    const before = await b.snapshot();
    const untouched = before.action('a3')!;
    await a.transact('edit', (tx) => tx.put('actions', { ...tx.get('actions', 'a1')!, title: 'incremental' }));
    await waitFor(async () => (await titleOn(b, 'a1')) === 'incremental', 'B to refresh');
    const after = await b.snapshot();
    expect(after.action('a3')).toBe(untouched);
    expect(before.action('a1')!.title).not.toBe('incremental'); // B's earlier snapshot did not change either
  });

  it('gives exactly one conflict and loses no update when both update the same action at once', async () => {
    for (let round = 0; round < 8; round++) {
      await waitFor(async () => (await a.snapshot()).action('a1')!.version === (await b.snapshot()).action('a1')!.version, 'both instances in step');
      const version = (await a.snapshot()).action('a1')!.version;
      const outcomes = await Promise.allSettled(
        ([['A', a], ['B', b]] as const).map(([who, store]) =>
          store.transact(`race-${who}`, (tx) => tx.put('actions', { ...tx.get('actions', 'a1')!, title: `round ${round} by ${who}` }, { expectedVersion: version })),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(VersionConflictError);
      expect(lost[0]!.reason).toMatchObject({ collection: 'actions', id: 'a1', expected: version, actual: version + 1 });
      const winner = (won[0] as PromiseFulfilledResult<{ title: string }>).value.title;
      for (const store of [a, b]) await waitFor(async () => (await titleOn(store, 'a1')) === winner, 'both to show the winner');
    }
  });

  it('serialises read-modify-write across instances: concurrent increments all count', async () => {
    await a.transact('counter', (tx) => tx.extPut('counters', { id: 'shared', n: 0 }));
    const perInstance = 12;
    const increment = (store: PostgresStore, i: number) =>
      store.transact(`inc-${i}`, (tx) => {
        const counter = tx.extGet('counters', 'shared') ?? { id: 'shared', n: 0 };
        tx.extPut('counters', { id: 'shared', n: (counter.n as number) + 1 });
      });
    await Promise.all(Array.from({ length: perInstance * 2 }, (_, i) => increment(i % 2 ? a : b, i)));
    for (const store of [a, b]) {
      await waitFor(async () => (await store.snapshot()).ext<{ n: number }>('counters')[0]?.n === perInstance * 2, 'every increment to count');
    }
  });

  it('hears commits again after its listening connection is cut', async () => {
    const admin = await database.client();
    const cut = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`, [database.name]);
    expect(cut.rowCount).toBeGreaterThanOrEqual(2); // A's and B's listeners
    await a.transact('after-cut', (tx) => tx.put('actions', { ...tx.get('actions', 'a2')!, title: 'after the cut' }));
    // Reconnect or the poll (1 s in tests) brings it in; bounded well below a user's patience.
    await waitFor(async () => (await titleOn(b, 'a2')) === 'after the cut', 'B to see a commit made while its listener was down', 5_000);
    await waitFor(() => b.listening, 'B to listen again', 10_000);
  });
});

describe('an instance that fell behind', () => {
  it('reloads everything when the change log no longer reaches back to its sequence', async () => {
    const behind = await database.open({ listen: false });
    await a.transact('while-behind', (tx) => tx.put('actions', { ...tx.get('actions', 'a2')!, title: 'written while C was behind' }));
    // As if the log had been pruned past C's sequence (an instance offline for longer than the retention).
    const client = await database.client();
    await client.query(`UPDATE store_head SET pruned_below = seq + 1`);
    await client.query(`DELETE FROM store_changes`);
    await behind.refresh();
    expect(behind.sequence).toBe(a.sequence);
    expect((await behind.snapshot()).data).toEqual((await a.snapshot()).data);
  });
});

describe('writes that fail leave memory as it was', () => {
  it('a unique idempotency key is enforced by the database, and the failed transaction changes nothing', async () => {
    const update = (id: string) =>
      ProgressUpdate.parse({ id, actionId: 'a1', authorName: 'Tilly', authoredAt: '2020-11-20T12:00:00Z', channel: 'teams-text', idempotencyKey: 'activity-123', commentary: id });
    const before = await a.snapshot();
    const error = await a
      .transact('duplicate-delivery', (tx) => {
        tx.put('updates', update('u1'));
        tx.put('updates', update('u2')); // the same delivery recorded twice: refused by the unique index
        tx.put('actions', { ...tx.get('actions', 'a3')!, title: 'must not stick' });
      })
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/progress_updates_idempotency|duplicate key/);
    expect(await a.snapshot()).toBe(before);
    expect((await a.snapshot()).action('a3')!.title).not.toBe('must not stick');
    const client = await database.client();
    expect((await client.query(`SELECT count(*)::int AS n FROM progress_updates`)).rows[0].n).toBe(0);
  });

  it('a row changed behind the store’s back is a version conflict, not an overwrite', async () => {
    const client = await database.client();
    await client.query(`UPDATE actions SET version = version + 5 WHERE id = 'a3'`);
    const before = await a.snapshot();
    const expected = before.action('a3')!.version;
    const error = await a.transact('stale-row', (tx) => tx.put('actions', { ...tx.get('actions', 'a3')!, title: 'overwrite?' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ id: 'a3', expected, actual: expected + 5 });
    expect(await a.snapshot()).toBe(before);
  });
});

describe('the audit log is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, even to the table owner and superusers', async () => {
    await a.transact('audited', (tx) => tx.put('audit', audit('audit-append-only')));
    const client = await database.client();
    await expect(client.query(`UPDATE audit_log SET command = 'forged' WHERE id = 'audit-append-only'`)).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM audit_log WHERE id = 'audit-append-only'`)).rejects.toThrow(/append-only/);
    await expect(client.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const grants = await client.query(`SELECT privilege_type FROM information_schema.role_table_grants WHERE table_name = 'audit_log' AND grantee IN (current_user, 'PUBLIC')`);
    const privileges = grants.rows.map((r: { privilege_type: string }) => r.privilege_type);
    expect(privileges).toContain('INSERT');
    expect(privileges).not.toContain('UPDATE');
    expect(privileges).not.toContain('DELETE');
    expect((await client.query(`SELECT data->>'command' AS command FROM audit_log WHERE id = 'audit-append-only'`)).rows[0].command).toBe('test');
  });

  it('a transaction that rewrites an audit entry fails as a whole', async () => {
    const before = await a.snapshot();
    await expect(a.transact('rewrite-history', (tx) => tx.put('audit', { ...tx.get('audit', 'audit-append-only')!, note: 'rewritten' }))).rejects.toThrow(/append-only/);
    expect(await a.snapshot()).toBe(before);
  });
});

describe('schema and columns', () => {
  it('runs migrations once: running them again applies nothing and changes nothing', async () => {
    const client = await database.client();
    const tables = async () => (await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r: { table_name: string }) => r.table_name);
    const before = await tables();
    const again = await migrateToLatest(a.database);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBeGreaterThanOrEqual(1);
    expect(await tables()).toEqual(before);
    const third = await database.open(); // a third instance starting migrates nothing either
    expect(third.migrations?.applied).toEqual([]);
    expect((await third.snapshot()).data).toEqual((await a.snapshot()).data);
  });

  it('fills the council, plan and version columns from the records', async () => {
    await a.transact('new-action', (tx) => tx.put('actions', action('a7')));
    const client = await database.client();
    const row = (await client.query(`SELECT council_id, plan_id, version, canonical_status FROM actions WHERE id = 'a7'`)).rows[0];
    expect(row).toEqual({ council_id: 'derby', plan_id: 'cip', version: 1, canonical_status: 'IN_PROGRESS' });
  });

  it('says which server it could not reach, within the connect timeout', async () => {
    const started = performance.now();
    const error = await PostgresStore.open({ settings: databaseSettings('postgres://postgres@127.0.0.1:1/none', { connectTimeoutMs: 2_000 }), log: silentLogger() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresStoreOpenError);
    expect(String((error as Error).message)).toContain('postgres://postgres@127.0.0.1:1/none');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
