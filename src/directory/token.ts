/**
 * App-only (client credentials) access tokens for Microsoft Graph, from the Microsoft identity
 * platform's v2.0 token endpoint. Small on purpose: one POST, a cached token reused until five
 * minutes before it expires, one request in flight at a time, a timeout, and errors that name the
 * AADSTS problem without ever repeating the secret or the token.
 *
 * (@azure/identity would do the same but needs https and instance discovery against the real
 * login.microsoftonline.com, so it cannot be tested offline; this can.)
 */
import { z } from 'zod';
import { DirectoryUnavailableError } from './directory.js';

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** Refresh this long before the token's stated expiry (clock skew, long requests). */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
  token_type: z.string().optional(),
});

const TokenErrorResponse = z.looseObject({
  error: z.string().optional(),
  error_description: z.string().optional(),
});

export interface TokenProviderOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** e.g. https://graph.microsoft.com/.default */
  scope: string;
  authorityHost?: string;
  timeoutMs?: number;
  /** Wall-clock milliseconds (token lifetimes are real time even when the bot's clock is frozen). */
  now?: () => number;
  fetch?: typeof fetch;
}

export class ClientCredentialsTokenProvider {
  private cached?: { token: string; refreshAt: number };
  private inFlight?: Promise<string>;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: TokenProviderOptions) {
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? fetch;
  }

  /** The token endpoint, for messages and tests. */
  get tokenUrl(): string {
    const host = (this.options.authorityHost ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '');
    return `${host}/${encodeURIComponent(this.options.tenantId)}/oauth2/v2.0/token`;
  }

  async getAccessToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.token;
    this.inFlight ??= this.requestToken().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async requestToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      scope: this.options.scope,
    });
    let response: Response;
    try {
      response = await this.fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new DirectoryUnavailableError(`Could not reach the Microsoft identity platform for a Graph token (${describeNetworkError(error)}).`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const parsed = TokenErrorResponse.safeParse(json);
      const code = parsed.success ? parsed.data.error : undefined;
      // The description's first line names the AADSTS error; later lines carry trace ids only.
      const description = parsed.success ? parsed.data.error_description?.split(/\r?\n/)[0]?.replace(/\.\s*$/, '') : undefined;
      throw new DirectoryUnavailableError(
        `Microsoft Graph token request was refused (HTTP ${response.status}${code ? `, ${code}` : ''})${description ? `: ${redact(description, this.options.clientSecret)}` : ''}. Check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET.`,
        response.status,
      );
    }
    const parsed = TokenResponse.safeParse(json);
    if (!parsed.success) throw new DirectoryUnavailableError('The Microsoft identity platform answered without an access token.');
    const lifetimeMs = parsed.data.expires_in * 1000;
    this.cached = { token: parsed.data.access_token, refreshAt: this.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, lifetimeMs / 2) };
    return parsed.data.access_token;
  }
}

function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

export function describeNetworkError(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out';
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? 'network error';
}
