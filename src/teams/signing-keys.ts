/**
 * The Bot Framework's token signing keys (OpenID metadata → JWKS), cached so that neither forged
 * tokens nor an identity-provider outage turn each request into outbound fetches.
 *
 * What botbuilder 4.23's own cache (OpenIdMetadata, one per metadata URL) does, and why it is not
 * used: it refreshes every 24 h and on an unknown key id at most once an hour, but a refresh that
 * fails leaves it "never loaded", so while login.botframework.com is unreachable *every* request
 * fetches again (two requests each, no timeout) and the failure becomes a 500 carrying the
 * library's error text; after 24 h an outage also rejects tokens signed with keys it still holds.
 *
 * Here:
 * - keys are refreshed every `refreshIntervalMs` (24 h) in the background; the old set keeps
 *   serving until a refresh succeeds, so an outage never rejects a token signed with a known key;
 * - an unknown key id triggers a refresh at most once per `unknownKeyRefreshMs` (5 min);
 * - a failed refresh is not retried before a backoff (10 s, doubling to 5 min), whatever arrives;
 * - one refresh at a time (concurrent requests share it), each fetch bounded by `fetchTimeoutMs`.
 * Time is a monotonic clock passed in (not the business clock: FIXED_NOW freezes that).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../log.js';

/** Where the Bot Framework publishes the keys that sign the tokens on activities sent to bots. */
export const BOT_FRAMEWORK_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';

export interface SigningKey {
  kid: string;
  key: KeyObject;
  /** Channels the key may sign for ("msteams", ...); empty: any. */
  endorsements: readonly string[];
}

export type KeyLookup =
  | { found: SigningKey }
  /** The keys are known and this id is not among them. */
  | { missing: 'unknown key id' }
  /** No key set could be loaded yet (the identity provider is unreachable): nothing can be verified. */
  | { missing: 'signing keys unavailable'; detail: string };

export interface SigningKeysOptions {
  metadataUrl?: string;
  log: Logger;
  /** Monotonic milliseconds. */
  steadyClock: () => number;
  fetch?: typeof fetch;
  refreshIntervalMs?: number;
  unknownKeyRefreshMs?: number;
  firstFailureBackoffMs?: number;
  maxFailureBackoffMs?: number;
  fetchTimeoutMs?: number;
}

const OpenIdMetadata = z.looseObject({ jwks_uri: z.url() });
const JsonWebKeySet = z.looseObject({
  keys: z.array(
    z.looseObject({
      kty: z.string(),
      kid: z.string().min(1).optional(),
      n: z.string().optional(),
      e: z.string().optional(),
      endorsements: z.array(z.string()).optional(),
    }),
  ),
});

export class SigningKeys {
  private keys = new Map<string, SigningKey>();
  private loadedAt?: number;
  private lastAttemptAt?: number;
  private failures = 0;
  private lastFailure?: string;
  private refreshing?: Promise<void>;
  private readonly settings: Required<Omit<SigningKeysOptions, 'log' | 'steadyClock' | 'fetch'>>;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: SigningKeysOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.settings = {
      metadataUrl: options.metadataUrl ?? BOT_FRAMEWORK_OPENID_METADATA_URL,
      refreshIntervalMs: options.refreshIntervalMs ?? 24 * 3600_000,
      unknownKeyRefreshMs: options.unknownKeyRefreshMs ?? 5 * 60_000,
      firstFailureBackoffMs: options.firstFailureBackoffMs ?? 10_000,
      maxFailureBackoffMs: options.maxFailureBackoffMs ?? 5 * 60_000,
      fetchTimeoutMs: options.fetchTimeoutMs ?? 5_000,
    };
  }

  async lookUp(kid: string): Promise<KeyLookup> {
    const known = this.keys.get(kid);
    if (known) {
      if (this.isStale() && this.mayAttempt()) void this.refresh().catch(() => undefined); // the old key serves meanwhile
      return { found: known };
    }
    const mayRefresh = this.loadedAt === undefined ? this.mayAttempt() : this.mayAttempt() && this.sinceLastAttempt() >= this.settings.unknownKeyRefreshMs;
    if (mayRefresh) await this.refresh().catch(() => undefined);
    const after = this.keys.get(kid);
    if (after) return { found: after };
    if (this.loadedAt === undefined) return { missing: 'signing keys unavailable', detail: this.lastFailure ?? 'not loaded yet' };
    return { missing: 'unknown key id' };
  }

  private isStale(): boolean {
    return this.loadedAt !== undefined && this.options.steadyClock() - this.loadedAt >= this.settings.refreshIntervalMs;
  }

  private sinceLastAttempt(): number {
    return this.lastAttemptAt === undefined ? Infinity : this.options.steadyClock() - this.lastAttemptAt;
  }

  /** False while backing off after a failed refresh (joining one in progress is always allowed). */
  private mayAttempt(): boolean {
    if (this.refreshing) return true;
    if (this.failures === 0) return true;
    const backoff = Math.min(this.settings.maxFailureBackoffMs, this.settings.firstFailureBackoffMs * 2 ** (this.failures - 1));
    return this.sinceLastAttempt() >= backoff;
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    this.lastAttemptAt = this.options.steadyClock();
    try {
      const metadata = OpenIdMetadata.parse(await this.getJson(this.settings.metadataUrl));
      const set = JsonWebKeySet.parse(await this.getJson(metadata.jwks_uri));
      const keys = new Map<string, SigningKey>();
      for (const jwk of set.keys) {
        if (jwk.kty !== 'RSA' || !jwk.kid || !jwk.n || !jwk.e) continue;
        keys.set(jwk.kid, { kid: jwk.kid, key: createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' }), endorsements: jwk.endorsements ?? [] });
      }
      if (keys.size === 0) throw new Error('the key set has no RSA signing keys');
      this.keys = keys;
      this.loadedAt = this.options.steadyClock();
      this.failures = 0;
      this.lastFailure = undefined;
      this.options.log.info({ keys: keys.size, url: this.settings.metadataUrl }, 'Bot Framework signing keys loaded');
    } catch (error) {
      this.failures += 1;
      this.lastFailure = (error as Error).message;
      this.options.log.warn(
        { err: this.lastFailure, failures: this.failures, url: this.settings.metadataUrl, keptKeys: this.keys.size },
        this.keys.size ? 'Bot Framework signing keys could not be refreshed; the keys already loaded keep serving' : 'Bot Framework signing keys could not be loaded; tokens cannot be verified until they are',
      );
      throw error;
    }
  }

  private async getJson(url: string): Promise<unknown> {
    const response = await this.fetchImpl(url, { signal: AbortSignal.timeout(this.settings.fetchTimeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  }
}
