/**
 * Passwordless sign-in to Azure Database for PostgreSQL with a managed identity: the password is
 * an Entra access token for the resource https://ossrdbms-aad.database.windows.net, valid for
 * about an hour. pg asks for a password on every new connection; tokens are cached and renewed five
 * minutes before they expire, so a pool opening connections costs one token request an hour.
 *
 * Where the token comes from, as Azure sets it up:
 * - App Service, Functions and Container Apps set IDENTITY_ENDPOINT and IDENTITY_HEADER;
 * - virtual machines and AKS answer on the instance metadata service (IMDS).
 */
export interface TokenSource {
  token(): Promise<string>;
}

export const POSTGRES_RESOURCE = 'https://ossrdbms-aad.database.windows.net';
const IMDS_ENDPOINT = 'http://169.254.169.254/metadata/identity/oauth2/token';
const RENEW_BEFORE_MS = 5 * 60_000;

export interface AzureTokenOptions {
  /** A user-assigned identity's client id; omitted: the system-assigned identity. */
  clientId?: string;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export class ManagedIdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManagedIdentityError';
  }
}

export class AzureManagedIdentityTokens implements TokenSource {
  private cached?: { token: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(private readonly options: AzureTokenOptions = {}) {}

  async token(): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && this.cached.expiresAt - RENEW_BEFORE_MS > now) return this.cached.token;
    // Connections opened together share one request.
    this.pending ??= this.request().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async request(): Promise<string> {
    const env = this.options.env ?? process.env;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const doFetch = this.options.fetch ?? fetch;
    let url: URL;
    let headers: Record<string, string>;
    if (env.IDENTITY_ENDPOINT && env.IDENTITY_HEADER) {
      url = new URL(env.IDENTITY_ENDPOINT);
      url.searchParams.set('api-version', '2019-08-01');
      headers = { 'X-IDENTITY-HEADER': env.IDENTITY_HEADER };
    } else {
      url = new URL(IMDS_ENDPOINT);
      url.searchParams.set('api-version', '2018-02-01');
      headers = { Metadata: 'true' };
    }
    url.searchParams.set('resource', POSTGRES_RESOURCE);
    if (this.options.clientId) url.searchParams.set('client_id', this.options.clientId);
    let response: Response;
    try {
      response = await doFetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new ManagedIdentityError(`could not get a managed identity token from ${url.origin} within ${timeoutMs} ms: ${(error as Error).message}`);
    }
    const body = await response.text();
    if (!response.ok) throw new ManagedIdentityError(`the managed identity endpoint ${url.origin} answered ${response.status}: ${body.slice(0, 300)}`);
    let parsed: { access_token?: unknown; expires_on?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      throw new ManagedIdentityError(`the managed identity endpoint ${url.origin} did not answer JSON`);
    }
    if (typeof parsed.access_token !== 'string' || !parsed.access_token) throw new ManagedIdentityError(`the managed identity endpoint ${url.origin} gave no access_token`);
    // expires_on is seconds since 1970, as a number or a string of digits.
    const expiresOn = Number(parsed.expires_on);
    const expiresAt = Number.isFinite(expiresOn) && expiresOn > 0 ? expiresOn * 1000 : (this.options.now ?? Date.now)() + 10 * 60_000;
    this.cached = { token: parsed.access_token, expiresAt };
    return parsed.access_token;
  }
}
