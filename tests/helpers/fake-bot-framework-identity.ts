/**
 * A fake of the Bot Framework's token service on loopback, speaking its real wire protocol: the
 * OpenID metadata document (`/v1/.well-known/openidconfiguration`, whose `jwks_uri` names the key
 * set) and the JSON Web Key Set (`/v1/.well-known/keys`, RSA keys with `endorsements`), and it
 * signs tokens as the Bot Connector's are signed (RS256, `iss` https://api.botframework.com, `aud`
 * the bot's app id, `serviceurl`). It counts every request and can be made to fail (an outage), so
 * tests can see how often the bot fetches keys.
 *
 * Also the credentials the bot uses for its own calls to the (fake) connector when auth is on: a
 * fixed bearer token instead of MSAL, which needs Entra on the internet.
 */
import http from 'node:http';
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';

interface FakeKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

export interface TokenOptions {
  claims?: Record<string, unknown>;
  /** Sign with a key the key set does not publish (a forger's own key), under this kid. */
  foreignKeyKid?: string;
  kid?: string;
  alg?: string;
  /** Replaces the signature part. */
  signature?: string;
}

export class FakeBotFrameworkIdentity {
  /** Paths requested, in order. */
  readonly requests: string[] = [];
  /** While set, every request is answered with this status (an identity-provider outage). */
  failWith?: number;
  url = '';
  private server?: http.Server;
  private readonly keys: FakeKey[] = [];
  private readonly foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  constructor(
    readonly appId: string,
    readonly endorsements: readonly string[] = ['msteams'],
  ) {
    this.addKey();
  }

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (this.failWith) return send(this.failWith, { error: 'unavailable' });
      if (req.url === '/v1/.well-known/openidconfiguration') {
        return send(200, {
          issuer: 'https://api.botframework.com',
          authorization_endpoint: 'https://invalid.botframework.com',
          jwks_uri: `${this.url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        });
      }
      if (req.url === '/v1/.well-known/keys') return send(200, { keys: this.keys.map((k) => k.jwk) });
      send(404, { error: 'not found' });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections?.();
    });
  }

  /** Publishes a new signing key (key rotation); returns its kid. */
  addKey(): string {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = `key-${randomUUID().slice(0, 8)}`;
    this.keys.push({ kid, privateKey, jwk: { ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, use: 'sig', x5t: kid, endorsements: [...this.endorsements] } });
    return kid;
  }

  /** The key id new tokens are signed under. */
  currentKid(): string {
    return this.keys[this.keys.length - 1]!.kid;
  }

  keyFetches(): number {
    return this.requests.filter((r) => r.endsWith('/keys')).length;
  }

  /** A token as the Bot Connector sends it for an activity to this bot, valid for an hour from `nowSeconds`. */
  token(serviceUrl: string, options: TokenOptions = {}, nowSeconds = Math.floor(Date.now() / 1000)): string {
    const key = this.keys[this.keys.length - 1]!;
    const header = { alg: options.alg ?? 'RS256', typ: 'JWT', kid: options.foreignKeyKid ?? options.kid ?? key.kid, x5t: key.kid };
    const claims = {
      serviceurl: serviceUrl,
      nbf: nowSeconds - 60,
      exp: nowSeconds + 3600,
      iss: 'https://api.botframework.com',
      aud: this.appId,
      ...options.claims,
    };
    for (const [name, value] of Object.entries(claims)) if (value === undefined) delete (claims as Record<string, unknown>)[name];
    const signingInput = `${b64(header)}.${b64(claims)}`;
    const signer = createSign('RSA-SHA256');
    signer.update(signingInput);
    const signature = options.signature ?? signer.sign(options.foreignKeyKid ? this.foreign : key.privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The bot's outbound credentials in tests: every call to the connector carries this bearer token. */
export class FixedTokenCredentials extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    readonly token = 'outbound-test-token',
  ) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(): Promise<ServiceClientCredentials> {
    const token = this.token;
    return {
      async signRequest(request) {
        request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    };
  }
}
