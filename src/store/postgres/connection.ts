/**
 * Connecting to PostgreSQL: the settings read from the configuration, the pg client options built
 * from them (TLS, timeouts, password or Azure managed identity), and the pool.
 *
 * The URL is parsed here rather than handed to pg as a connection string, because pg lets a
 * connection string's sslmode override the ssl option given beside it; this way DATABASE_SSL always
 * decides, and `sslmode` in the URL is honoured only when DATABASE_SSL is `auto`.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import { maskUrlPassword, type Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { AzureManagedIdentityTokens, type TokenSource } from './azure-token.js';

export type DatabaseSsl = 'auto' | 'disable' | 'require' | 'verify-full';
export type DatabaseAuth = 'password' | 'azure-managed-identity';

export interface DatabaseSettings {
  url: string;
  poolMax: number;
  ssl: DatabaseSsl;
  /** PEM file of the certificate authorities to trust (default: Node's bundled list). */
  sslCaFile?: string;
  /** Longest a statement may run on the server, and a query may wait on the client. */
  statementTimeoutMs: number;
  /** Longest to wait for a connection (TCP, TLS and authentication). */
  connectTimeoutMs: number;
  auth: DatabaseAuth;
  /** Client id of a user-assigned managed identity; empty: the system-assigned one. */
  managedIdentityClientId?: string;
  applicationName?: string;
}

export function databaseSettingsFrom(config: Config): DatabaseSettings {
  return {
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    ssl: config.DATABASE_SSL,
    sslCaFile: config.DATABASE_SSL_CA_FILE || undefined,
    statementTimeoutMs: config.DATABASE_TIMEOUT_MS,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    auth: config.DATABASE_AUTH,
    managedIdentityClientId: config.DATABASE_MANAGED_IDENTITY_CLIENT_ID || undefined,
    applicationName: 'council-actions-bot',
  };
}

/** Settings for a URL with the defaults the configuration has (tests, benchmarks, scripts). */
export function databaseSettings(url: string, overrides: Partial<DatabaseSettings> = {}): DatabaseSettings {
  return { url, poolMax: 10, ssl: 'auto', statementTimeoutMs: 15_000, connectTimeoutMs: 10_000, auth: 'password', ...overrides };
}

/** The URL without its password, for logs, /healthz and error messages. */
export function describeDatabaseUrl(url: string): string {
  return maskUrlPassword(url);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Whether the connection should use TLS, and how strictly, from DATABASE_SSL and the URL. */
export function sslOptions(settings: DatabaseSettings, readFile: (file: string) => string = (f) => readFileSync(f, 'utf8')): false | ConnectionOptions {
  const url = new URL(settings.url);
  let mode: Exclude<DatabaseSsl, 'auto'>;
  if (settings.ssl !== 'auto') {
    mode = settings.ssl;
  } else {
    const sslmode = url.searchParams.get('sslmode');
    if (sslmode === 'disable') mode = 'disable';
    else if (sslmode === 'require' || sslmode === 'prefer' || sslmode === 'allow') mode = 'require';
    else if (sslmode === 'verify-ca' || sslmode === 'verify-full') mode = 'verify-full';
    else {
      // No opinion given: a server on this machine (or a Unix socket) needs no TLS; any other
      // server is reached over a network, where the certificate is checked.
      const host = url.searchParams.get('host') ?? url.hostname;
      mode = LOOPBACK.has(host) || host.startsWith('/') ? 'disable' : 'verify-full';
    }
  }
  if (mode === 'disable') return false;
  const ca = settings.sslCaFile ? readFile(settings.sslCaFile) : undefined;
  if (mode === 'require') return { rejectUnauthorized: false, ...(ca ? { ca } : {}) };
  return { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
}

export interface ClientConfigDeps {
  tokens?: TokenSource;
  readFile?: (file: string) => string;
}

/** pg client options: every call bounded (connect, statement, lock wait, idle transaction). */
export function clientConfig(settings: DatabaseSettings, deps: ClientConfigDeps = {}): pg.ClientConfig {
  const url = new URL(settings.url);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got ${url.protocol}//)`);
  }
  const socketHost = url.searchParams.get('host');
  const tokens = settings.auth === 'azure-managed-identity' ? (deps.tokens ?? new AzureManagedIdentityTokens({ clientId: settings.managedIdentityClientId })) : undefined;
  return {
    host: socketHost ?? (url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1'),
    port: url.port ? Number(url.port) : 5432,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    // A managed identity's password is an Entra access token, fetched (and cached) per connection.
    password: tokens ? () => tokens.token() : url.password ? decodeURIComponent(url.password) : undefined,
    ssl: sslOptions(settings, deps.readFile),
    connectionTimeoutMillis: settings.connectTimeoutMs,
    statement_timeout: settings.statementTimeoutMs,
    // The client gives up a little after the server would have, so a dead connection is not waited on forever.
    query_timeout: settings.statementTimeoutMs + 5_000,
    lock_timeout: settings.statementTimeoutMs,
    // A transaction left open by a stalled instance must not hold the store's commit lock for long.
    idle_in_transaction_session_timeout: Math.max(settings.statementTimeoutMs * 2, 30_000),
    keepAlive: true,
    application_name: settings.applicationName ?? 'council-actions-bot',
  };
}

export function createPool(settings: DatabaseSettings, log: Logger, deps: ClientConfigDeps = {}): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(settings, deps), max: settings.poolMax, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (server restart, failover) is reported here; the pool
  // replaces it on the next checkout. Without a listener the process would crash.
  pool.on('error', (error) => log.warn({ err: error.message, database: describeDatabaseUrl(settings.url) }, 'idle PostgreSQL connection lost'));
  return pool;
}
