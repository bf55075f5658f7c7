/**
 * Choosing and configuring the store: DATABASE_URL picks PostgreSQL (else lowdb), TLS is decided by
 * DATABASE_SSL and the URL, passwords never reach logs, and a managed identity's token is fetched
 * from the endpoint App Service provides (a loopback stand-in here), cached and renewed.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { openStore } from '../../src/store/open-store.js';
import { AzureManagedIdentityTokens, ManagedIdentityError, POSTGRES_RESOURCE } from '../../src/store/postgres/azure-token.js';
import { clientConfig, databaseSettings, databaseSettingsFrom, sslOptions } from '../../src/store/postgres/connection.js';
import { createTestDatabase } from './pg-test-database.js';

describe('configuration', () => {
  it('reads DATABASE_* settings and refuses a URL that is not postgres://', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://bot:s3cret@db.example:5432/council', DATABASE_POOL_MAX: '4', DATABASE_SSL: 'verify-full' });
    expect(databaseSettingsFrom(config)).toMatchObject({ url: 'postgres://bot:s3cret@db.example:5432/council', poolMax: 4, ssl: 'verify-full', auth: 'password' });
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x:pw@y/z' })).toThrow(/DATABASE_URL="mysql:\/\/x:\*\*\*@y\/z"/);
    expect(() => loadConfig({ DATABASE_AUTH: 'azure-managed-identity' })).toThrow(/DATABASE_URL.*required when DATABASE_AUTH is azure-managed-identity/);
  });

  it('never logs the database password', () => {
    const described = describeConfig(loadConfig({ DATABASE_URL: 'postgres://bot:s3cret@db.example/council' }));
    expect(JSON.stringify(described)).not.toContain('s3cret');
    expect(described.DATABASE_URL).toBe('postgres://bot:***@db.example/council');
  });

  it('uses no TLS on this machine and verified TLS to any other server, unless told otherwise', () => {
    expect(sslOptions(databaseSettings('postgres://u@127.0.0.1/db'))).toBe(false);
    expect(sslOptions(databaseSettings('postgres://u@localhost/db'))).toBe(false);
    expect(sslOptions(databaseSettings('postgres://u@myserver.postgres.database.azure.com/db'))).toEqual({ rejectUnauthorized: true });
    expect(sslOptions(databaseSettings('postgres://u@myserver/db?sslmode=require'))).toEqual({ rejectUnauthorized: false });
    expect(sslOptions(databaseSettings('postgres://u@myserver/db?sslmode=disable'))).toBe(false);
    expect(sslOptions(databaseSettings('postgres://u@127.0.0.1/db', { ssl: 'verify-full', sslCaFile: '/ca.pem' }), () => 'PEM')).toEqual({ rejectUnauthorized: true, ca: 'PEM' });
  });

  it('bounds every wait: connect, statement, lock and idle transaction', () => {
    const config = clientConfig(databaseSettings('postgres://u:p%40ss@127.0.0.1:6543/council', { statementTimeoutMs: 5_000, connectTimeoutMs: 2_000 }));
    expect(config).toMatchObject({ host: '127.0.0.1', port: 6543, database: 'council', user: 'u', password: 'p@ss', connectionTimeoutMillis: 2_000, statement_timeout: 5_000, lock_timeout: 5_000 });
    expect(config.query_timeout).toBeGreaterThan(5_000);
    expect(config.idle_in_transaction_session_timeout).toBeGreaterThan(0);
  });
});

describe('openStore', () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('opens the embedded store when DATABASE_URL is empty, PostgreSQL when it is set', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'open-store-'));
    folders.push(folder);
    const embedded = await openStore(loadConfig({ DATA_DIR: folder }), silentLogger());
    expect(embedded.state().kind).toBe('lowdb');
    await embedded.close();
    const database = await createTestDatabase('open_store');
    try {
      const store = await openStore(loadConfig({ DATA_DIR: folder, DATABASE_URL: database.url }), silentLogger());
      expect(store.state()).toMatchObject({ kind: 'postgres', loaded: true });
      await store.close();
    } finally {
      await database.drop();
    }
  });
});

describe('Azure managed identity tokens', () => {
  let server: Server | undefined;
  afterAll(() => server?.close());

  async function tokenEndpoint(answer: (url: URL, headers: Record<string, unknown>) => { status: number; body: string }) {
    const requests: URL[] = [];
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://127.0.0.1');
      requests.push(url);
      const { status, body } = answer(url, req.headers);
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`, requests };
  }

  it('asks the App Service identity endpoint for a PostgreSQL token, and reuses it until shortly before it expires', async () => {
    let now = Date.parse('2026-01-01T10:00:00Z');
    let issued = 0;
    const endpoint = await tokenEndpoint((url, headers) => {
      if (headers['x-identity-header'] !== 'header-secret') return { status: 401, body: '{}' };
      issued += 1;
      return { status: 200, body: JSON.stringify({ access_token: `token-${issued}`, expires_on: String(now / 1000 + 3600) }) };
    });
    const tokens = new AzureManagedIdentityTokens({ clientId: 'client-guid', env: { IDENTITY_ENDPOINT: endpoint.url, IDENTITY_HEADER: 'header-secret' }, now: () => now });
    const [one, two] = await Promise.all([tokens.token(), tokens.token()]);
    expect([one, two]).toEqual(['token-1', 'token-1']);
    expect(endpoint.requests).toHaveLength(1);
    expect(endpoint.requests[0]!.searchParams.get('resource')).toBe(POSTGRES_RESOURCE);
    expect(endpoint.requests[0]!.searchParams.get('client_id')).toBe('client-guid');
    now += 54 * 60_000; // six minutes before expiry: still the same token
    expect(await tokens.token()).toBe('token-1');
    now += 2 * 60_000; // four minutes before expiry: renewed
    expect(await tokens.token()).toBe('token-2');
    server!.close();
  });

  it('says what went wrong when the endpoint refuses', async () => {
    const endpoint = await tokenEndpoint(() => ({ status: 400, body: '{"error":"invalid_resource"}' }));
    const tokens = new AzureManagedIdentityTokens({ env: { IDENTITY_ENDPOINT: endpoint.url, IDENTITY_HEADER: 'h' } });
    await expect(tokens.token()).rejects.toThrow(ManagedIdentityError);
    await expect(tokens.token()).rejects.toThrow(/answered 400: .*invalid_resource/);
    server!.close();
  });
});
