/**
 * The forged-token corpus (issue 18) and the signing-key cache, through the real server with
 * authentication on. The Bot Framework's token service is a fake on loopback that speaks its wire
 * protocol (OpenID metadata, JWKS with endorsements) and signs tokens as the Bot Connector's are
 * signed; the bot's own replies reach the fake connector with a fixed outbound token.
 *
 * Every rejected token gets a 401 with a short reason (never a 500 carrying a library's error
 * text), reaches neither the bot nor the connector, and stores nothing. Keys are fetched once and
 * then served from the cache: a forged token does not make the bot fetch, and while the identity
 * provider is down the bot neither fetches on every request nor rejects tokens signed with keys
 * it already has. Time for the cache is an injected monotonic clock.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BotHarness, USERS, replyText } from '../helpers/bot-harness.js';
import { FakeBotFrameworkIdentity, FixedTokenCredentials } from '../helpers/fake-bot-framework-identity.js';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT_ID = '99999999-8888-4777-8666-555555555555';
const AUTH_ENV = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-offline', MicrosoftAppTenantId: TENANT_ID, HOST: '127.0.0.1' };

/** Monotonic time the test moves by hand. */
class SteadyClock {
  at = 1_000_000;
  readonly now = () => this.at;
  advance(ms: number): void {
    this.at += ms;
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

interface ForgedCase {
  name: string;
  authorization(identity: FakeBotFrameworkIdentity, serviceUrl: string): string | undefined;
  /** Changes to the (otherwise valid) activity. */
  activity?: Record<string, unknown>;
  reason: RegExp;
}

const now = () => Math.floor(Date.now() / 1000);

/** Refused on what the token says, before any key is looked up. */
const CHEAP: ForgedCase[] = [
  { name: 'no Authorization header', authorization: () => undefined, reason: /no Authorization header/ },
  { name: 'Basic credentials', authorization: () => 'Basic dXNlcjpwYXNzd29yZA==', reason: /not "Bearer <token>"/ },
  { name: '"Bearer not-a-jwt"', authorization: () => 'Bearer not-a-jwt', reason: /not a signed JWT/ },
  { name: 'three parts that are not JSON', authorization: () => 'Bearer aaaa.bbbb.cccc', reason: /not a signed JWT/ },
  { name: 'an unsigned token (alg "none")', authorization: (_i, url) => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: url, exp: now() + 600 })}.`, reason: /not a signed JWT/ },
  { name: 'alg "none" with a signature', authorization: (i, url) => `Bearer ${i.token(url, { alg: 'none' })}`, reason: /algorithm "none" is not allowed/ },
  { name: 'an HMAC token (HS256, the key-confusion trick)', authorization: (i, url) => `Bearer ${i.token(url, { alg: 'HS256' })}`, reason: /algorithm "HS256" is not allowed/ },
  { name: 'no key id', authorization: (i, url) => `Bearer ${b64({ alg: 'RS256' })}.${i.token(url).split('.')[1]}.${i.token(url).split('.')[2]}`, reason: /names no signing key/ },
  { name: 'another issuer', authorization: (i, url) => `Bearer ${i.token(url, { claims: { iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/' } })}`, reason: /not issued by the Bot Framework/ },
  { name: 'an Emulator-style token', authorization: (i, url) => `Bearer ${i.token(url, { claims: { iss: 'https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0', ver: '2.0', azp: APP_ID } })}`, reason: /not issued by the Bot Framework/ },
  { name: 'another bot\'s audience', authorization: (i, url) => `Bearer ${i.token(url, { claims: { aud: '00000000-0000-4000-8000-000000000000' } })}`, reason: /not for this bot/ },
  { name: 'no audience', authorization: (i, url) => `Bearer ${i.token(url, { claims: { aud: undefined } })}`, reason: /not for this bot/ },
  { name: 'expired an hour ago', authorization: (i, url) => `Bearer ${i.token(url, { claims: { exp: now() - 3600, nbf: now() - 7200 } })}`, reason: /expired/ },
  { name: 'not valid for another hour', authorization: (i, url) => `Bearer ${i.token(url, { claims: { nbf: now() + 3600 } })}`, reason: /not valid yet/ },
  { name: 'no expiry', authorization: (i, url) => `Bearer ${i.token(url, { claims: { exp: undefined } })}`, reason: /no expiry/ },
];

/** Refused once the signature or the activity is checked. */
const SIGNED: ForgedCase[] = [
  { name: 'signed with a forger\'s key under a published key id', authorization: (i, url) => `Bearer ${i.token(url, { foreignKeyKid: i.currentKid() })}`, reason: /signature is not valid/ },
  { name: 'signed with a forger\'s key under an unknown key id', authorization: (i, url) => `Bearer ${i.token(url, { foreignKeyKid: 'forged-key' })}`, reason: /unknown key/ },
  {
    name: 'a real signature on a changed payload',
    authorization: (i, url) => {
      const [header, , signature] = i.token(url).split('.');
      const payload = b64({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: url, exp: now() + 3600, admin: true });
      return `Bearer ${header}.${payload}.${signature}`;
    },
    reason: /signature is not valid/,
  },
  { name: 'a signature that is not base64', authorization: (i, url) => `Bearer ${i.token(url, { signature: 'not*base64' })}`, reason: /not a signed JWT/ },
  { name: 'a token for another serviceUrl', authorization: (i) => `Bearer ${i.token('https://smba.trafficmanager.net/uk/')}`, reason: /serviceUrl is not the one in its token/ },
  { name: 'a token without a serviceurl claim', authorization: (i, url) => `Bearer ${i.token(url, { claims: { serviceurl: undefined } })}`, reason: /serviceUrl is not the one in its token/ },
  { name: 'a key not endorsed for the activity\'s channel', authorization: (i, url) => `Bearer ${i.token(url)}`, activity: { channelId: 'webchat' }, reason: /not endorsed for channel "webchat"/ },
];

describe('forged and broken tokens (authentication on)', () => {
  const identity = new FakeBotFrameworkIdentity(APP_ID);
  const steady = new SteadyClock();
  const bot = new BotHarness('2020-11-20T12:00:00Z');

  beforeAll(async () => {
    await identity.start();
    await bot.start(AUTH_ENV, { steadyClock: steady.now, connection: { openIdMetadataUrl: identity.metadataUrl, credentialsFactory: new FixedTokenCredentials(APP_ID) } });
  });
  afterAll(async () => {
    await bot.stop();
    await identity.stop();
  });

  async function expectRefused(testCase: ForgedCase): Promise<void> {
    const before = await bot.app.store.snapshot();
    const calls = bot.connector.calls.length;
    const authorization = testCase.authorization(identity, bot.connector.url);
    const body = { ...bot.activity('make Tilly Flanagan a democratic services admin', { user: USERS.nick, tenantId: TENANT_ID }), ...testCase.activity };
    const result = await bot.post(body, { headers: authorization ? { authorization } : {} });
    expect(result.status, JSON.stringify(result.body)).toBe(401);
    expect(result.body.error).toBe('unauthorized');
    expect(result.body.reason).toMatch(testCase.reason);
    expect(bot.connector.calls.length).toBe(calls);
    expect((await bot.app.store.snapshot()).generation).toBe(before.generation);
  }

  it.each(CHEAP.map((c) => [c.name, c] as const))('%s: 401 without fetching any key', async (_name, testCase) => {
    await expectRefused(testCase);
    expect(identity.requests).toEqual([]);
  });

  it('a valid token is accepted and the bot answers through the connector', async () => {
    const result = await bot.post(bot.activity('status of 2.2', { user: USERS.tilly, tenantId: TENANT_ID }), { headers: { authorization: `Bearer ${identity.token(bot.connector.url)}` } });
    expect(result.status).toBe(200);
    expect(replyText(result)).toContain('2.2');
    expect(identity.requests).toEqual(['/v1/.well-known/openidconfiguration', '/v1/.well-known/keys']);
  });

  it.each(SIGNED.map((c) => [c.name, c] as const))('%s: 401', async (_name, testCase) => {
    await expectRefused(testCase);
  });

  it('the whole corpus cost one fetch of the keys (an unknown key id waits five minutes before asking again)', async () => {
    expect(identity.keyFetches()).toBe(1);
  });
});

describe('signing keys while the identity provider is down', () => {
  const identity = new FakeBotFrameworkIdentity(APP_ID);
  const steady = new SteadyClock();
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  const ask = (text = 'status of 2.2', kid?: string) =>
    bot.post(bot.activity(text, { user: USERS.tilly, tenantId: TENANT_ID }), { headers: { authorization: `Bearer ${identity.token(bot.connector.url, { kid })}` } });

  beforeAll(async () => {
    await identity.start();
    await bot.start(AUTH_ENV, { steadyClock: steady.now, connection: { openIdMetadataUrl: identity.metadataUrl, credentialsFactory: new FixedTokenCredentials(APP_ID) } });
  });
  afterAll(async () => {
    await bot.stop();
    await identity.stop();
  });

  it('before any key is loaded: 401 saying why, one attempt, then backing off (not one fetch per request)', async () => {
    identity.failWith = 503;
    const first = await ask();
    expect(first.status).toBe(401);
    expect(first.body.reason).toMatch(/signing keys could not be loaded/);
    expect(identity.requests).toHaveLength(1);
    for (let i = 0; i < 20; i++) expect((await ask()).status).toBe(401);
    expect(identity.requests).toHaveLength(1);
    steady.advance(10_000); // the first backoff
    await ask();
    expect(identity.requests).toHaveLength(2);
    steady.advance(10_000); // the backoff has doubled to 20 s
    await ask();
    expect(identity.requests).toHaveLength(2);
    steady.advance(10_000);
    await ask();
    expect(identity.requests).toHaveLength(3);
  });

  it('once it is back, the next attempt loads the keys and the bot answers', async () => {
    identity.failWith = undefined;
    steady.advance(40_000);
    const answered = await ask();
    expect(answered.status).toBe(200);
    expect(replyText(answered)).toContain('2.2');
    expect(identity.keyFetches()).toBe(1);
  });

  it('down again a day later: tokens signed with the keys it has are still accepted, with one refresh attempt', async () => {
    identity.failWith = 503;
    steady.advance(25 * 3600_000);
    const fetchesBefore = identity.requests.length;
    for (let i = 0; i < 5; i++) expect((await ask(`status of 2.${i + 1}`)).status).toBe(200);
    // The refresh runs beside the request (the old keys serve meanwhile) and fails; no second one within the backoff.
    await vi.waitFor(() => expect(identity.requests.length).toBe(fetchesBefore + 1));
    expect((await ask()).status).toBe(200);
    expect(identity.requests.length).toBe(fetchesBefore + 1);
    identity.failWith = undefined;
  });

  it('a rotated key: an unknown key id refreshes the keys at most once every five minutes', async () => {
    steady.advance(60_000);
    const fetchesBefore = identity.keyFetches();
    expect((await ask()).status).toBe(200); // the stale set is refreshed beside this request (the last attempt failed a minute ago)
    await vi.waitFor(() => expect(identity.keyFetches()).toBe(fetchesBefore + 1));
    const fetches = identity.keyFetches();
    const kid = identity.addKey();
    steady.advance(60_000);
    const tooSoon = await ask('status of 2.2', kid);
    // The last refresh was a minute ago: no new fetch yet, so the new key is unknown.
    expect(identity.keyFetches()).toBe(fetches);
    expect(tooSoon.status).toBe(401);
    expect(tooSoon.body.reason).toMatch(/unknown key/);
    steady.advance(5 * 60_000);
    const rotated = await ask('status of 2.2', kid);
    expect(rotated.status).toBe(200);
    expect(identity.keyFetches()).toBe(fetches + 1);
  });
});
