/**
 * The bad-input corpus (issue 18): requests an attacker or a broken client could send to
 * /api/messages, each through the real server in both modes (local, and authentication on with a
 * valid Bot Framework token from a fake identity provider on loopback). For every one: the status
 * code it deserves (never a 5xx), no change to the store, no call to the connector when it is
 * refused, and the bot still answers afterwards with nothing logged as an error.
 *
 * The store is warmed first (Tilly has written in her personal chat and in the channel), so the
 * conversation-reference capture has nothing to add and "nothing stored" means exactly that.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, USERS, replyText } from '../helpers/bot-harness.js';
import { FakeBotFrameworkIdentity, FixedTokenCredentials } from '../helpers/fake-bot-framework-identity.js';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT_ID = '99999999-8888-4777-8666-555555555555';
const PUB = 'staffs-cdp-12'; // Pub is the Hub: Tilly Flanagan is a delivery lead

type Mode = 'local' | 'auth';

interface RawRequest {
  body: unknown;
  /** `body` is sent as is (a string), not JSON-encoded. */
  raw?: boolean;
  headers?: Record<string, string>;
  /** The Host header (default: the server's own address). */
  host?: string;
}

interface HostileCase {
  name: string;
  request(bot: BotHarness): RawRequest | Promise<RawRequest>;
  status: number | Record<Mode, number>;
  /** Something the answer (the HTTP body, and any reply in the chat) must say. */
  says?: RegExp;
}

const activity = (bot: BotHarness, text: string | undefined, overrides: Record<string, unknown> = {}, conversationType: 'personal' | 'channel' = 'personal') => ({
  ...bot.activity(text, { user: USERS.tilly, conversationType, tenantId: TENANT_ID }),
  ...overrides,
});

const CASES: HostileCase[] = [
  // --- How it arrives ---------------------------------------------------------------------------
  {
    name: 'a cross-site form post (application/x-www-form-urlencoded)',
    request: () => ({ raw: true, body: 'type=message&text=make+Tilly+Flanagan+a+democratic+services+admin', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    status: 415,
    says: /only application\/json/,
  },
  {
    name: 'a multipart form post',
    request: () => ({ raw: true, body: '--x\r\nContent-Disposition: form-data; name="type"\r\n\r\nmessage\r\n--x--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=x' } }),
    status: 415,
  },
  { name: 'JSON sent as text/plain (a no-preflight fetch)', request: (bot) => ({ body: activity(bot, 'status of 2.2'), headers: { 'content-type': 'text/plain' } }), status: 415 },
  { name: 'no content type', request: (bot) => ({ body: activity(bot, 'status of 2.2'), headers: { 'content-type': '' } }), status: 415 },
  { name: 'JSON in another charset', request: (bot) => ({ body: activity(bot, 'status of 2.2'), headers: { 'content-type': 'application/json; charset=iso-8859-1' } }), status: 415 },
  {
    name: 'a browser request with an Origin header',
    request: (bot) => ({ body: activity(bot, 'make Tilly Flanagan a democratic services admin'), headers: { origin: 'https://evil.example' } }),
    status: 403,
    says: /web pages/,
  },
  { name: 'a browser request with Sec-Fetch-Site', request: (bot) => ({ body: activity(bot, 'status of 2.2'), headers: { 'sec-fetch-site': 'cross-site' } }), status: 403 },
  {
    name: 'a request addressed to another host name (DNS rebinding)',
    request: (bot) => ({ body: activity(bot, 'status of 2.2'), host: 'attacker.example:3978' }),
    status: { local: 403, auth: 200 },
  },
  { name: 'malformed JSON', request: () => ({ raw: true, body: '{"type":"message",' }), status: 400, says: /not JSON/ },
  { name: 'a JSON array', request: () => ({ body: [1, 2, 3] }), status: 400 },
  { name: 'JSON null', request: () => ({ raw: true, body: 'null' }), status: 400 },
  { name: 'a body over 256 KB', request: (bot) => ({ body: activity(bot, 'x'.repeat(300 * 1024)) }), status: 413 },

  // --- Odd shapes -------------------------------------------------------------------------------
  { name: 'no recipient', request: (bot) => ({ body: activity(bot, 'status of 2.2', { recipient: undefined }) }), status: 400, says: /"field":"recipient","problem":"is missing"/ },
  { name: 'recipient null', request: (bot) => ({ body: activity(bot, 'status of 2.2', { recipient: null }) }), status: 400, says: /recipient/ },
  {
    name: 'a numeric from.aadObjectId',
    request: (bot) => ({ body: activity(bot, 'my actions', { from: { id: USERS.tilly.id, name: USERS.tilly.name, aadObjectId: 12345 } }) }),
    status: 400,
    says: /"field":"from.aadObjectId","problem":"should be text, not number"/,
  },
  { name: 'a numeric from.name', request: (bot) => ({ body: activity(bot, 'my actions', { from: { id: USERS.tilly.id, name: 42, aadObjectId: USERS.tilly.aadObjectId } }) }), status: 400, says: /from.name/ },
  { name: 'attachments: [null]', request: (bot) => ({ body: activity(bot, 'status of 2.2', { attachments: [null] }) }), status: 400, says: /"field":"attachments.0"/ },
  {
    name: 'a mention entity without "mentioned"',
    request: (bot) => ({ body: activity(bot, '<at>Council Actions</at> status of 2.2', { entities: [{ type: 'mention', text: '<at>Council Actions</at>' }] }, 'channel') }),
    status: 400,
    says: /"field":"entities.0.mentioned","problem":"is missing/,
  },
  { name: 'entities: [null]', request: (bot) => ({ body: activity(bot, 'status of 2.2', { entities: [null] }) }), status: 400 },
  { name: 'a numeric conversation id', request: (bot) => ({ body: activity(bot, 'status of 2.2', { conversation: { id: 7, conversationType: 'personal' } }) }), status: 400, says: /conversation.id/ },
  { name: 'channelData as a string', request: (bot) => ({ body: activity(bot, 'status of 2.2', { channelData: 'tenant' }) }), status: 400, says: /channelData/ },
  { name: 'a numeric tenant id', request: (bot) => ({ body: activity(bot, 'status of 2.2', { channelData: { tenant: { id: 1 } } }) }), status: 400, says: /channelData.tenant.id/ },
  { name: 'membersAdded: [null]', request: (bot) => ({ body: activity(bot, undefined, { type: 'conversationUpdate', membersAdded: [null] }) }), status: 400, says: /membersAdded.0/ },
  { name: 'no activity type', request: (bot) => ({ body: activity(bot, 'status of 2.2', { type: undefined }) }), status: 400, says: /"field":"type"/ },
  { name: 'a numeric activity type', request: (bot) => ({ body: activity(bot, 'status of 2.2', { type: 5 }) }), status: 400 },
  { name: 'no serviceUrl', request: (bot) => ({ body: activity(bot, 'status of 2.2', { serviceUrl: undefined }) }), status: 400, says: /serviceUrl/ },
  { name: 'numeric text', request: (bot) => ({ body: activity(bot, undefined, { text: 12 }) }), status: 400, says: /"field":"text"/ },
  { name: 'a numeric activity id', request: (bot) => ({ body: activity(bot, 'status of 2.2', { id: 99 }) }), status: 400 },
  {
    name: 'a serviceUrl at the cloud metadata address',
    request: (bot) => ({ body: activity(bot, 'status of 2.2', { serviceUrl: 'http://169.254.169.254/latest/' }) }),
    // Local mode calls loopback only; with auth on it is not the serviceUrl in the token.
    status: { local: 403, auth: 401 },
    says: /serviceUrl/,
  },
  { name: 'a serviceUrl on another host', request: (bot) => ({ body: activity(bot, 'status of 2.2', { serviceUrl: 'https://elsewhere.example/' }) }), status: { local: 403, auth: 401 } },

  // --- Reaches the bot, which answers or refuses cleanly ------------------------------------------
  { name: 'an activity type nobody sends', request: (bot) => ({ body: activity(bot, undefined, { type: 'made-up' }) }), status: 200 },
  { name: 'an invoke nobody handles', request: (bot) => ({ body: activity(bot, undefined, { type: 'invoke', name: 'made/up' }) }), status: 400, says: /does not handle \\"made\/up/ },
  { name: 'a messaging-extension invoke (not offered)', request: (bot) => ({ body: activity(bot, undefined, { type: 'invoke', name: 'composeExtension/query', value: { commandId: 'x' } }) }), status: 400 },
  { name: 'an invoke without a name', request: (bot) => ({ body: activity(bot, undefined, { type: 'invoke', value: {} }) }), status: 400 },
  { name: 'a file-consent invoke without a value', request: (bot) => ({ body: activity(bot, undefined, { type: 'invoke', name: 'fileConsent/invoke', value: null }) }), status: 400 },
  {
    name: 'a card action whose verb is an object',
    request: (bot) => ({ body: activity(bot, undefined, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: { $gt: '' }, data: {} } } }) }),
    status: 200,
    says: /could not be read/,
  },
  { name: 'a card action without a value', request: (bot) => ({ body: activity(bot, undefined, { type: 'invoke', name: 'adaptiveCard/action' }) }), status: 200, says: /could not be read/ },
  {
    name: 'a card action whose data is a string',
    request: (bot) => ({ body: activity(bot, undefined, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { verb: 'update.submit', data: 'actionId=x' } } }) }),
    status: 200,
    says: /could not be read/,
  },
  { name: 'a submitted card whose verb is an object', request: (bot) => ({ body: activity(bot, undefined, { value: { verb: { toString: 'x' } } }) }), status: 200, says: /could not be read/ },
  {
    name: 'a 160 KB update form submitted by Action.Execute (over the card limit when shown again)',
    request: async (bot) => {
      const action = (await bot.app.store.snapshot()).action(PUB)!;
      const long = (n: number) => 'Long text. '.repeat(Math.ceil(n / 11)).slice(0, n);
      const data = { actionId: PUB, expectedVersion: action.version, formId: 'f-hostile', source: 'form', commentary: long(60_000), mitigation: long(50_000), nextSteps: long(50_000) };
      return { body: activity(bot, undefined, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'update.submit', data } } }) };
    },
    status: 200,
    says: /The commentary is 60,000 characters.*nothing was saved|nothing was saved.*The commentary is 60,000 characters/s,
  },
];

function expectedStatus(testCase: HostileCase, mode: Mode): number {
  return typeof testCase.status === 'number' ? testCase.status : testCase.status[mode];
}

/** Posts with node:http, which (unlike fetch) lets a test set the Host header. */
function send(bot: BotHarness, request: RawRequest, mode: Mode, identity?: FakeBotFrameworkIdentity): Promise<{ status: number; text: string }> {
  const body = request.raw ? String(request.body) : JSON.stringify(request.body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host: request.host ?? `127.0.0.1:${bot.app.server.port}`,
    'content-length': String(Buffer.byteLength(body)),
    ...(mode === 'auth' && identity ? { authorization: `Bearer ${identity.token(bot.connector.url)}` } : {}),
    ...request.headers,
  };
  for (const [name, value] of Object.entries(headers)) if (value === '') delete headers[name];
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: bot.app.server.port, path: '/api/messages', method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.each<Mode>(['local', 'auth'])('hostile input to /api/messages (%s mode)', (mode) => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  const identity = new FakeBotFrameworkIdentity(APP_ID);
  bot.captureLog = true;

  beforeAll(async () => {
    await identity.start();
    const env: Record<string, string> =
      mode === 'auth' ? { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-offline', MicrosoftAppTenantId: TENANT_ID, HOST: '127.0.0.1' } : { ALLOWED_TENANTS: TENANT_ID };
    await bot.start(env, mode === 'auth' ? { connection: { openIdMetadataUrl: identity.metadataUrl, credentialsFactory: new FixedTokenCredentials(APP_ID) } } : {});
    if (mode === 'auth') bot.headers = () => ({ authorization: `Bearer ${identity.token(bot.connector.url)}` });
    // Warm the store: Tilly's personal chat and the channel are known, her account is linked.
    for (const conversationType of ['personal', 'channel'] as const) {
      const warm = await bot.say('status of 2.2', { user: USERS.tilly, conversationType, tenantId: TENANT_ID });
      expect(warm.status).toBe(200);
      expect(replyText(warm)).toContain('2.2');
    }
  });
  afterAll(async () => {
    await bot.stop();
    await identity.stop();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const before = await bot.app.store.snapshot();
    const callsBefore = bot.connector.calls.length;
    const request = await testCase.request(bot);
    const { status, text } = await send(bot, request, mode, identity);
    const expected = expectedStatus(testCase, mode);
    expect(status, text).toBe(expected);
    expect(status).toBeLessThan(500);
    const calls = bot.connector.calls.slice(callsBefore);
    if (status >= 400) expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([]);
    if (testCase.says) {
      const replies = calls.filter((c) => c.body?.type === 'message').map((c) => JSON.stringify(c.body));
      expect([text, ...replies].join('\n')).toMatch(testCase.says);
    }
    const after = await bot.app.store.snapshot();
    expect(after.generation, 'nothing is stored').toBe(before.generation);
  });

  it('still answers afterwards, and logged no error (refusals are warnings with their reason)', async () => {
    const again = await bot.say('status of 2.2', { user: USERS.tilly, tenantId: TENANT_ID });
    expect(again.status).toBe(200);
    expect(replyText(again)).toContain('2.2');
    expect(bot.logLines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    const refusals = bot.logLines.filter((l) => l.msg === 'request to /api/messages refused');
    expect(refusals.length).toBeGreaterThanOrEqual(25);
    expect(refusals.every((l) => typeof l.error === 'string')).toBe(true);
    const health = await (await fetch(`${bot.app.server.url}/healthz`)).json();
    expect(health.status).toBe('up');
  });
});
