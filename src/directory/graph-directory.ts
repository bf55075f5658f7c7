/**
 * The directory over Microsoft Graph v1.0 with app-only permissions (User.Read.All; AAD-group
 * role grants also need GroupMember.Read.All). Built on @microsoft/microsoft-graph-client with our
 * own retry layer instead of the SDK's RetryHandler, so that:
 * - 429/502/503/504 and network failures are retried a bounded number of times, honouring
 *   Retry-After (seconds or an HTTP date) and otherwise backing off exponentially with jitter;
 *   a Retry-After longer than we are willing to wait fails at once with that figure;
 * - 404 means "not found", never an error;
 * - every call has a timeout;
 * - answers (including "not found") are cached with an expiry, and identical concurrent lookups
 *   share one request.
 * The SDK only attaches the bearer token to https Graph hosts (and customHosts), so a token is
 * never sent over plain http.
 */
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  TelemetryHandler,
  type AuthenticationProvider,
  type GraphRequest,
} from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Logger } from '../log.js';
import { DirectoryUnavailableError, type Directory, type DirectoryUser } from './directory.js';
import { ExpiringCache } from './expiring-cache.js';
import { describeNetworkError } from './token.js';

/** Hosts the Graph SDK already trusts with the token. */
const KNOWN_GRAPH_HOSTS = new Set(['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us', 'graph.microsoft.de', 'microsoftgraph.chinacloudapi.cn', 'canary.graph.microsoft.com']);

const USER_FIELDS = 'id,displayName,mail,userPrincipalName,jobTitle';

const GraphUser = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  jobTitle: z.string().nullish(),
});

const UserPage = z.looseObject({
  value: z.array(z.unknown()).default([]),
  '@odata.nextLink': z.string().optional(),
});

const GroupIdList = z.looseObject({ value: z.array(z.string()).default([]) });

export interface GraphDirectoryOptions {
  /** GRAPH_BASE_URL, e.g. https://graph.microsoft.com/ */
  baseUrl: string;
  authProvider: AuthenticationProvider;
  log?: Logger;
  /** Wall-clock milliseconds for cache expiry and Retry-After dates. */
  now?: () => number;
  /** How retries wait; tests record the delays instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  maxRetries?: number;
  /** A Retry-After longer than this is not waited for: the lookup fails and says how long. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  cacheTtlMs?: number;
  notFoundTtlMs?: number;
  groupsTtlMs?: number;
  maxCacheEntries?: number;
  /** Display-name searches read at most this many pages of `pageSize`. */
  maxPages?: number;
  pageSize?: number;
}

type Outcome<T> = { found: true; value: T } | { found: false };

export class GraphDirectory implements Directory {
  readonly enabled = true;
  readonly description: string;
  private readonly client: Client;
  private readonly base: URL;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly cache: ExpiringCache<unknown>;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly settings: Required<Pick<GraphDirectoryOptions, 'maxRetries' | 'maxRetryAfterMs' | 'timeoutMs' | 'cacheTtlMs' | 'notFoundTtlMs' | 'groupsTtlMs' | 'maxPages' | 'pageSize'>>;

  constructor(private readonly options: GraphDirectoryOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.settings = {
      maxRetries: options.maxRetries ?? 3,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      timeoutMs: options.timeoutMs ?? 10_000,
      cacheTtlMs: options.cacheTtlMs ?? 60 * 60 * 1000,
      notFoundTtlMs: options.notFoundTtlMs ?? 10 * 60 * 1000,
      groupsTtlMs: options.groupsTtlMs ?? 10 * 60 * 1000,
      maxPages: options.maxPages ?? 5,
      pageSize: options.pageSize ?? 25,
    };
    this.cache = new ExpiringCache(options.maxCacheEntries ?? 2000, this.now);
    const host = this.base.hostname.toLowerCase();
    this.client = Client.initWithMiddleware({
      baseUrl: this.base.href,
      defaultVersion: 'v1.0',
      // A national cloud or proxy host must be named, or the SDK withholds the token from it.
      customHosts: KNOWN_GRAPH_HOSTS.has(host) ? undefined : new Set([host]),
      middleware: [new AuthenticationHandler(options.authProvider), new TelemetryHandler(), new HTTPMessageHandler()],
    });
    this.description = `Microsoft Graph directory at ${this.base.origin}.`;
  }

  async findByEmail(email: string): Promise<DirectoryUser | undefined> {
    const key = email.trim().toLowerCase();
    if (!looksLikeEmail(key)) return undefined;
    return this.cached(`mail:${key}`, async () => {
      const page = await this.request('look up an email', () =>
        this.client.api('/users').filter(encodeURIComponent(`mail eq '${odataString(key)}'`)).select(USER_FIELDS).top(2),
      );
      const users = page.found ? usersOf(page.value) : [];
      if (users.length > 0) return users[0];
      // Many councils' UPNs are the email address even when `mail` is empty (unlicensed accounts).
      return this.findByUpn(key);
    });
  }

  async findByUpn(upn: string): Promise<DirectoryUser | undefined> {
    const key = upn.trim().toLowerCase();
    if (!key || /[/\\?]/.test(key)) return undefined;
    return this.cached(`upn:${key}`, async () => {
      // Graph requires the key-in-parentheses form for a UPN that starts with "$".
      const path = key.startsWith('$') ? `/users('${encodeURIComponent(odataString(key))}')` : `/users/${encodeURIComponent(key)}`;
      const result = await this.request('look up a user principal name', () => this.client.api(path).select(USER_FIELDS));
      return result.found ? toUser(result.value) : undefined;
    });
  }

  async searchByDisplayName(name: string): Promise<DirectoryUser[]> {
    // $search takes a quoted "property:words" clause; quotes and backslashes cannot be escaped there.
    const words = name.replace(/["\\]/g, ' ').replace(/\s+/g, ' ').trim();
    if (!words) return [];
    const key = words.toLowerCase();
    return this.cached(`name:${key}`, async () => {
      const users: DirectoryUser[] = [];
      let next: GraphRequest | undefined = this.client
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .search(encodeURIComponent(`"displayName:${words}"`))
        .select(USER_FIELDS)
        .top(this.settings.pageSize);
      for (let page = 0; next && page < this.settings.maxPages; page += 1) {
        const request: GraphRequest = next;
        const result = await this.request('search display names', () => request);
        if (!result.found) break;
        const parsed = UserPage.safeParse(result.value);
        if (!parsed.success) break;
        users.push(...usersOf(parsed.data));
        next = parsed.data['@odata.nextLink'] ? this.nextPage(parsed.data['@odata.nextLink']) : undefined;
      }
      return users;
    }, (users) => users.length > 0);
  }

  async memberGroups(userId: string, groupIds: readonly string[]): Promise<string[]> {
    const ids = [...new Set(groupIds)].sort();
    if (!userId || ids.length === 0) return [];
    return this.cached(
      `groups:${userId}:${ids.join(',')}`,
      async () => {
        const member: string[] = [];
        // checkMemberGroups accepts at most 20 group ids per call.
        for (let i = 0; i < ids.length; i += 20) {
          const chunk = ids.slice(i, i + 20);
          const result = await this.request('check group membership', () => this.client.api(`/users/${encodeURIComponent(userId)}/checkMemberGroups`), { groupIds: chunk });
          if (!result.found) return [];
          member.push(...GroupIdList.parse(result.value).value.filter((id) => chunk.includes(id)));
        }
        return member;
      },
      () => true,
      this.settings.groupsTtlMs,
    );
  }

  /** Forgets cached answers (after an admin fixes an account, for example). */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * A nextLink is absolute. It is followed only on the configured Graph origin (the token must not
   * go anywhere else), and turned back into a path because the SDK parses only https links itself.
   */
  private nextPage(nextLink: string): GraphRequest | undefined {
    let url: URL;
    try {
      url = new URL(nextLink, this.base);
    } catch {
      return undefined;
    }
    if (url.origin !== this.base.origin || !url.pathname.startsWith(this.base.pathname)) {
      this.options.log?.warn({ nextLinkOrigin: url.origin }, 'Graph paging link points outside the configured Graph host; not followed');
      return undefined;
    }
    const [version, ...rest] = url.pathname.slice(this.base.pathname.length).split('/');
    return this.client
      .api(`/${rest.join('/')}${url.search}`)
      .version(version || 'v1.0')
      .header('ConsistencyLevel', 'eventual');
  }

  private async cached<T>(key: string, load: () => Promise<T>, isPositive: (value: T) => boolean = (v) => v !== undefined, ttlMs?: number): Promise<T> {
    const hit = this.cache.get(key);
    if (hit) return hit.value as T;
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    const promise = load()
      .then((value) => {
        this.cache.set(key, value, ttlMs ?? (isPositive(value) ? this.settings.cacheTtlMs : this.settings.notFoundTtlMs));
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  /** One Graph call with timeout and bounded retries; 404 is { found: false }. */
  private async request(what: string, build: () => GraphRequest, postBody?: unknown): Promise<Outcome<unknown>> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const request = build().option('signal', AbortSignal.timeout(this.settings.timeoutMs));
        const value = postBody === undefined ? await request.get() : await request.post(postBody);
        return { found: true, value };
      } catch (error) {
        if (error instanceof DirectoryUnavailableError) throw error;
        const status = statusOf(error);
        if (status === 404) return { found: false };
        const retryable = status === 429 || status === 502 || status === 503 || status === 504 || status === undefined;
        if (!retryable || attempt >= this.settings.maxRetries) throw this.unavailable(what, error, status, attempt);
        const retryAfterMs = retryAfterOf(error, this.now());
        if (retryAfterMs !== undefined && retryAfterMs > this.settings.maxRetryAfterMs) {
          throw new DirectoryUnavailableError(
            `Microsoft Graph is busy and asked us to wait ${Math.ceil(retryAfterMs / 1000)} seconds before trying to ${what} again.`,
            status,
            Math.ceil(retryAfterMs / 1000),
          );
        }
        const delay = retryAfterMs ?? Math.min(1000 * 2 ** attempt, 8000) + Math.floor(Math.random() * 250);
        this.options.log?.info({ status: status ?? 'network', attempt: attempt + 1, delayMs: delay }, 'Graph call will be retried');
        await this.sleep(delay);
      }
    }
  }

  private unavailable(what: string, error: unknown, status: number | undefined, attempt: number): DirectoryUnavailableError {
    const tries = attempt > 0 ? ` after ${attempt + 1} tries` : '';
    if (status === 401 || status === 403) {
      return new DirectoryUnavailableError(
        `Microsoft Graph refused to ${what} (HTTP ${status}): the app registration needs the User.Read.All application permission with admin consent${what.includes('group') ? ' (and GroupMember.Read.All for group membership)' : ''}.`,
        status,
      );
    }
    if (status === undefined) {
      return new DirectoryUnavailableError(`Could not reach Microsoft Graph to ${what}${tries} (${describeNetworkError(error)}).`);
    }
    const retryAfter = retryAfterOf(error, this.now());
    return new DirectoryUnavailableError(
      `Microsoft Graph could not ${what}${tries} (HTTP ${status}${codeOf(error) ? `, ${codeOf(error)}` : ''}).`,
      status,
      retryAfter === undefined ? undefined : Math.ceil(retryAfter / 1000),
    );
  }
}

function usersOf(page: unknown): DirectoryUser[] {
  const parsed = UserPage.safeParse(page);
  if (!parsed.success) return [];
  return parsed.data.value.map(toUser).filter((u): u is DirectoryUser => u !== undefined);
}

function toUser(raw: unknown): DirectoryUser | undefined {
  const parsed = GraphUser.safeParse(raw);
  if (!parsed.success) return undefined;
  const u = parsed.data;
  return {
    id: u.id,
    displayName: u.displayName ?? u.userPrincipalName ?? u.id,
    mail: u.mail?.toLowerCase() || undefined,
    userPrincipalName: u.userPrincipalName?.toLowerCase() || undefined,
    jobTitle: u.jobTitle || undefined,
  };
}

/** OData string literal: a single quote is doubled. */
function odataString(text: string): string {
  return text.replace(/'/g, "''");
}

function looksLikeEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

/** HTTP status of a GraphError; undefined for network failures and timeouts. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code ? code : undefined;
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date. */
export function retryAfterOf(error: unknown, nowMs: number): number | undefined {
  const headers = (error as { headers?: { get?(name: string): string | null } })?.headers;
  const value = headers?.get?.('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
