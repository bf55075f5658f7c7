/**
 * A PostgreSQL database of its own for one test file: created with a unique name on the server at
 * TEST_DATABASE_URL (default: the loopback server every development and CI machine runs, see
 * .ci/ensure-postgres), dropped afterwards, so test files run in parallel without seeing each
 * other. No server: the test fails, saying so (the store tests never skip silently).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { silentLogger } from '../../src/log.js';
import { databaseSettings, type DatabaseSettings } from '../../src/store/postgres/connection.js';
import { PostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/postgres-store.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  settings: DatabaseSettings;
  /** Opens a PostgresStore on this database (a second call is a second instance). */
  open(options?: Partial<PostgresStoreOptions>): Promise<PostgresStore>;
  /** A plain pg client on this database, for what the store must refuse or for direct checks. */
  client(): Promise<pg.Client>;
  drop(): Promise<void>;
}

async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000, query_timeout: 30_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(error as Error).message}). ` +
        'The store tests need a real server: run `bash .ci/ensure-postgres`, or set TEST_DATABASE_URL to one.',
    );
  }
  return client;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `store_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await adminClient();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const settings = databaseSettings(url.toString(), { poolMax: 4, statementTimeoutMs: 20_000 });
  const opened: PostgresStore[] = [];
  const clients: pg.Client[] = [];
  return {
    name,
    url: url.toString(),
    settings,
    async open(options = {}) {
      const store = await PostgresStore.open({ settings, log: silentLogger(), pollIntervalMs: 1_000, ...options });
      opened.push(store);
      return store;
    },
    async client() {
      const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000, query_timeout: 30_000 });
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      for (const store of opened) await store.close();
      for (const client of clients) await client.end().catch(() => undefined);
      const admin = await adminClient();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** Waits for a condition, checking every few milliseconds, up to a deadline (never a fixed sleep). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await condition()) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
