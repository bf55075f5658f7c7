/**
 * `npm run bench -- store`: the two stores side by side, as the store grows.
 *
 * For each size (the demo data; 10,000 actions; 100,000 actions; 100,000 actions with 500,000 audit
 * entries) and each store, a burst of update transactions shaped like a recorded progress update
 * (the action with its expected version, a progress update, an audit entry, an idempotency key),
 * one after another: latency p50/p95 and throughput. For PostgreSQL also: how long a second
 * instance takes to show a commit (from the first instance's commit returning to the second's
 * snapshot having it) and to open cold (load everything).
 *
 * Goal: PostgreSQL write p95 under 20 ms, flat as the store grows. lowdb rewrites its whole file on
 * every write, so its run is capped (BENCH_STORE_LOWDB_SECONDS per size, default 10 s, and at most
 * as many writes as PostgreSQL does) so the suite finishes in a few minutes; its figures come from
 * however many writes fitted, shown in the table. Both stores are measured in the same run on the same
 * machine, on the PostgreSQL server at BENCH_DATABASE_URL (default TEST_DATABASE_URL, else the
 * loopback server) in a database of its own, dropped at the end.
 *
 * BENCH_STORE_SIZES=demo,10000 runs only some sizes; BENCH_STORE_WRITES sets the burst (default 200).
 * The whole suite takes about 5 to 8 minutes on a shared 2-core machine, most of it building and
 * loading the two large stores into both stores.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AuditEntry, ProgressUpdate, StoreData } from '../../src/domain/model.js';
import { silentLogger } from '../../src/log.js';
import { readDemoData } from '../../src/store/demo.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { databaseSettings } from '../../src/store/postgres/connection.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { CollectionName, RecordOf, Store } from '../../src/store/store.js';
import { generateStore } from '../generate.js';
import type { BenchSuite } from '../run.js';
import { printTable, summarise } from '../stats.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const WRITES = Number(process.env.BENCH_STORE_WRITES ?? 200);
const REFRESH_SAMPLES = 40;
const LOWDB_SECONDS = Number(process.env.BENCH_STORE_LOWDB_SECONDS ?? 10);
const GOAL_P95_MS = 20;

interface Size {
  key: string;
  label: string;
  build(): Promise<StoreData>;
}

function auditEntries(count: number, actions: readonly { id: string }[]): AuditEntry[] {
  const out: AuditEntry[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const action = actions[i % actions.length]!;
    out[i] = {
      id: `audit-history-${i}`,
      at: new Date(Date.UTC(2019, 0, 1) + i * 60_000).toISOString(),
      actorId: `p-${i % 500}`,
      actorName: `Person ${i % 500}`,
      command: 'progress-update',
      entity: 'action',
      entityId: action.id,
      before: { status: 'IN_PROGRESS', version: 1 + (i % 7) },
      after: { status: 'ON_TRACK', version: 2 + (i % 7), commentary: `History entry ${i}: work continues with partners.` },
    };
  }
  return out;
}

const SIZES: Size[] = [
  { key: 'demo', label: 'demo data', build: () => readDemoData() },
  { key: '10000', label: '10,000 actions', build: async () => generateStore(10_000, 2_000) },
  { key: '100000', label: '100,000 actions', build: async () => generateStore(100_000, 5_000) },
  {
    key: '100000+500000',
    label: '100,000 actions + 500,000 audit',
    build: async () => {
      const data = generateStore(100_000, 5_000);
      return { ...data, audit: auditEntries(500_000, data.actions) };
    },
  },
];

/** The data as one transaction: what `migrate -- from-json` and the demo loader do. */
async function load(store: Store, data: StoreData): Promise<void> {
  await store.transact('bench-load', (tx) => {
    for (const [key, value] of Object.entries(data)) {
      if (key === 'schemaVersion' || key === 'ext' || key === 'identityLinks' || !Array.isArray(value)) continue;
      tx.replaceAll(key as CollectionName, value as RecordOf<CollectionName>[]);
    }
  });
}

/** One write shaped like a recorded progress update. */
function recordUpdate(store: Store, actionId: string, n: number): Promise<unknown> {
  const at = new Date(Date.UTC(2020, 10, 20, 12) + n * 1000).toISOString();
  return store.transact('bench-progress-update', (tx) => {
    const action = tx.get('actions', actionId)!;
    const update = ProgressUpdate.parse({ id: `bench-update-${n}`, actionId, authorName: 'Bench', authoredAt: at, channel: 'teams-card', commentary: `Bench update ${n}`, idempotencyKey: `bench-${n}` });
    const stored = tx.put('actions', { ...action, commentary: `Bench update ${n}`, lastUpdatedAt: at }, { expectedVersion: action.version });
    tx.put('updates', update);
    tx.put('audit', { id: `audit-bench-${n}`, at, actorName: 'Bench', command: 'progress-update', entity: 'action', entityId: actionId, before: { version: action.version }, after: { version: stored.version } });
    tx.extPut('update-commands', { id: `bench-${n}`, kind: 'progress-update', actionId, resultId: update.id, at });
  });
}

interface Burst {
  latencies: number[];
  seconds: number;
}

async function burst(store: Store, actionIds: readonly string[], count: number, seconds: number, offset: number): Promise<Burst> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await recordUpdate(store, actionIds[(offset + i * 7919) % actionIds.length]!, offset + i);
    latencies.push(performance.now() - t);
    if ((performance.now() - started) / 1000 > seconds) break;
  }
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 5_000, query_timeout: 60_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${SERVER_URL} (${(error as Error).message}); run \`bash .ci/ensure-postgres\` or set BENCH_DATABASE_URL`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface PostgresFigures {
  /** The floor on this server: BEGIN, lock one row, update it, COMMIT, on a plain pg connection. */
  floor: number[];
  load: number;
  coldOpen: number;
  write: Burst;
  refresh: number[];
}

async function measurePostgres(data: StoreData): Promise<PostgresFigures> {
  const name = `bench_store_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const settings = databaseSettings(url.toString(), { poolMax: 4, statementTimeoutMs: 300_000 });
  const opened: PostgresStore[] = [];
  try {
    const first = await PostgresStore.open({ settings, log: silentLogger() });
    opened.push(first);
    let t = performance.now();
    await load(first, data);
    const loadSeconds = (performance.now() - t) / 1000;
    const ids = data.actions.map((a) => a.id);
    await burst(first, ids, 10, 60, 1_000_000); // warm-up: JIT, index builds
    // Writes with the first instance alone in this process: in production each instance is its own
    // process, and a second one here would refresh on the same event loop as the writer.
    const write = await burst(first, ids, WRITES, 120, 0);
    t = performance.now();
    const second = await PostgresStore.open({ settings, log: silentLogger() });
    opened.push(second);
    const coldOpen = (performance.now() - t) / 1000;
    // Refresh: from the first instance's commit returning to the second instance's snapshot having it.
    const refresh: number[] = [];
    for (let i = 0; i < REFRESH_SAMPLES; i++) {
      await recordUpdate(first, ids[(i * 104729) % ids.length]!, 2_000_000 + i);
      const committed = performance.now();
      const target = first.sequence;
      while (second.sequence < target) {
        if (performance.now() - committed > 10_000) throw new Error('the second instance did not see a commit within 10 s');
        await new Promise((resolve) => setImmediate(resolve));
      }
      refresh.push(performance.now() - committed);
    }
    const floor: number[] = [];
    const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000, query_timeout: 30_000 });
    await client.connect();
    try {
      for (let i = 0; i < WRITES; i++) {
        const t = performance.now();
        await client.query('BEGIN');
        await client.query('SELECT seq FROM store_head FOR UPDATE');
        await client.query('UPDATE store_head SET pruned_below = pruned_below');
        await client.query('COMMIT');
        floor.push(performance.now() - t);
      }
    } finally {
      await client.end();
    }
    return { floor, load: loadSeconds, coldOpen, write, refresh };
  } finally {
    for (const store of opened) await store.close();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

interface LowdbFigures {
  load: number;
  fileMb: number;
  write?: Burst;
  failure?: string;
}

async function measureLowdb(data: StoreData): Promise<LowdbFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-store-lowdb-'));
  let store: LowdbStore | undefined;
  try {
    store = await LowdbStore.open(dir);
    const t = performance.now();
    try {
      await load(store, data);
    } catch (error) {
      return { load: (performance.now() - t) / 1000, fileMb: 0, failure: `${(error as Error).name}: ${(error as Error).message}` };
    }
    const loadSeconds = (performance.now() - t) / 1000;
    const fileMb = (await stat(store.file)).size / 1e6;
    const ids = data.actions.map((a) => a.id);
    try {
      await burst(store, ids, 2, LOWDB_SECONDS, 1_000_000);
      return { load: loadSeconds, fileMb, write: await burst(store, ids, WRITES, LOWDB_SECONDS, 0) };
    } catch (error) {
      return { load: loadSeconds, fileMb, failure: `${(error as Error).name}: ${(error as Error).message}` };
    }
  } finally {
    await store?.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(): Promise<void> {
  const only = (process.env.BENCH_STORE_SIZES ?? '').split(',').filter(Boolean);
  const sizes = only.length ? SIZES.filter((s) => only.includes(s.key)) : SIZES;
  const rows: Record<string, string | number>[] = [];
  const refreshRows: Record<string, string | number>[] = [];
  const p95s: number[] = [];
  const overFloor: number[] = [];
  for (const size of sizes) {
    process.stdout.write(`${size.label}: building, loading and writing...\n`);
    const data = StoreData.parse(await size.build());
    const postgres = await measurePostgres(data);
    const lowdb = await measureLowdb(data);
    const pgStats = summarise(postgres.write.latencies);
    const floor = summarise(postgres.floor);
    p95s.push(pgStats.p95);
    overFloor.push(pgStats.p95 / summarise(postgres.floor).p95);
    const lowStats = lowdb.write ? summarise(lowdb.write.latencies) : undefined;
    rows.push({
      size: size.label,
      'pg p50 ms': pgStats.p50,
      'pg p95 ms': pgStats.p95,
      'pg writes/s': postgres.write.latencies.length / postgres.write.seconds,
      'floor p50/p95 ms': `${floor.p50.toFixed(2)} / ${floor.p95.toFixed(2)}`,
      'pg p95 / floor p95': pgStats.p95 / floor.p95,
      'lowdb p50 ms': lowStats?.p50 ?? '-',
      'lowdb p95 ms': lowStats?.p95 ?? '-',
      'lowdb writes/s': lowdb.write ? lowdb.write.latencies.length / lowdb.write.seconds : '-',
      'lowdb n': lowdb.write ? `${lowdb.write.latencies.length}${lowdb.write.latencies.length < WRITES ? ' (capped)' : ''}` : lowdb.failure ? 'failed' : '-',
      'pg p95 / lowdb p95': lowStats ? pgStats.p95 / lowStats.p95 : '-',
    });
    const refresh = summarise(postgres.refresh);
    refreshRows.push({
      size: size.label,
      'refresh p50 ms': refresh.p50,
      'refresh p95 ms': refresh.p95,
      'refresh max ms': Math.max(...postgres.refresh),
      'pg load s': postgres.load,
      'pg 2nd instance cold open s': postgres.coldOpen,
      'lowdb load s': lowdb.load,
      'lowdb file MB': lowdb.fileMb || '-',
    });
    if (lowdb.failure) process.stdout.write(`  lowdb at ${size.label}: ${lowdb.failure}\n`);
  }
  process.stdout.write(
    `\nUpdate transactions (action + progress update + audit entry + idempotency key), ${WRITES} one after another; lowdb capped at ${LOWDB_SECONDS} s per size.\n` +
      'floor: the same server\'s cost of the smallest durable transaction (BEGIN, lock a row, update it, COMMIT) on a plain connection, measured right after.\n',
  );
  printTable(rows);
  process.stdout.write('\nPostgreSQL, second instance: commit on the first to visible on the second (LISTEN/NOTIFY, rows changed since its sequence); loads:\n');
  printTable(refreshRows);
  const worst = Math.max(...p95s);
  process.stdout.write(
    `\nGoal: PostgreSQL write p95 < ${GOAL_P95_MS} ms at every size: ${worst < GOAL_P95_MS ? 'met' : 'NOT met'} (worst ${worst.toFixed(1)} ms). ` +
      `Flat: PostgreSQL p95 over the server's floor p95, smallest to largest size: ${overFloor.map((r) => r.toFixed(2)).join(', ')}.\n`,
  );
}

const suite: BenchSuite = { name: 'store', run };
export default suite;
