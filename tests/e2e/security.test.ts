/**
 * Security through the real server: inbound authentication, loopback-only binding when it is off,
 * admin commands refused to non-admins, and no secret in any log line.
 *
 * Forged and broken tokens (signed, unsigned, expired, for another bot or serviceUrl) and the
 * signing-key cache are in forged-tokens.test.ts, against a fake Bot Framework token service on
 * loopback; the bad-input corpus in both modes is hostile-input.test.ts.
 */
import { networkInterfaces } from 'node:os';
import { Writable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { describeConfig, loadConfig } from '../../src/config.js';
import { DirectoryUnavailableError, type Directory } from '../../src/directory/directory.js';
import { ClientCredentialsTokenProvider } from '../../src/directory/token.js';
import { messageReply } from '../../src/chat/reply.js';
import { createLogger } from '../../src/log.js';
import { CONVERSATION_REFS_COLLECTION } from '../../src/outbound/conversation-ref-records.js';
import { BotHarness, USERS, replyText } from '../helpers/bot-harness.js';
import { FakeGraph } from '../helpers/fake-graph.js';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT_ID = '99999999-8888-4777-8666-555555555555';
const APP_PASSWORD = 'Zq8~bot-password-MUST-NOT-LEAK-7Yx';
const GRAPH_SECRET = 'Gr4ph~client-secret-MUST-NOT-LEAK-3Kp';

describe('inbound authentication is on when MicrosoftAppId is set', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  const consoleOutput: string[] = [];
  beforeAll(async () => {
    // The SDK prints the rejected request's stack to the console; keep it for the leak check.
    for (const method of ['error', 'warn', 'log', 'info'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleOutput.push(args.map(String).join(' ')));
    }
    await bot.start({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, MicrosoftAppTenantId: TENANT_ID, HOST: '127.0.0.1' });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await bot.stop();
  });

  async function postWith(headers: Record<string, string>, body: unknown) {
    return fetch(`${bot.app.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  }

  it('answers 401 to a request without a token and never reaches the bot', async () => {
    const before = await bot.app.store.snapshot();
    const response = await postWith({}, bot.activity('make Tilly Flanagan a democratic services admin', { user: USERS.nick }));
    expect(response.status).toBe(401);
    const install = await postWith({}, { ...bot.activity(undefined, { user: USERS.tilly }), type: 'installationUpdate', action: 'add' });
    expect(install.status).toBe(401);
    expect(bot.connector.calls).toHaveLength(0); // no reply, no typing, no member look-up
    const after = await bot.app.store.snapshot();
    expect(after.generation).toBe(before.generation);
    expect(after.data).toEqual(before.data);
  });

  it('answers 401 to "Bearer not-a-jwt"', async () => {
    const response = await postWith({ authorization: 'Bearer not-a-jwt' }, bot.activity('status of 2.2'));
    expect(response.status).toBe(401);
    expect(bot.connector.calls).toHaveLength(0);
  });

  it('says on /healthz that auth is on, without any secret', async () => {
    const response = await fetch(`${bot.app.server.url}/healthz`);
    const text = await response.text();
    expect(JSON.parse(text).auth).toBe('on');
    expect(text).not.toContain(APP_PASSWORD);
  });

  it('prints nothing to the console while rejecting requests (the SDK used to print the stack; the log has the reason)', () => {
    expect(consoleOutput).toEqual([]);
  });
});

describe('without an app id the server listens on loopback only', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start({ HOST: '0.0.0.0' });
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('binds 127.0.0.1 even when HOST asks for every interface', async () => {
    expect(new URL(bot.app.server.url).hostname).toBe('127.0.0.1');
    expect(bot.app.config.authEnabled).toBe(false);
    const health = await (await fetch(`${bot.app.server.url}/healthz`)).json();
    expect(health.auth).toBe('off (local only)');
  });

  it('cannot be reached on another interface of this machine', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // no other interface here: nothing to reach
    const attempt = await fetch(`http://${external.address}:${bot.app.server.port}/healthz`, { signal: AbortSignal.timeout(2000) }).catch((e) => e);
    expect(attempt).toBeInstanceOf(Error);
  });
});

describe('admin commands refuse non-admins', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  const COMMANDS = [
    'make Joe Sullivan a democratic services admin',
    'make Joe Sullivan a plan admin for the CIP',
    'make group 9a000000-0000-4000-8000-000000000001 a plan admin for the CIP',
    'remove Nick Pountney as democratic services admin',
    'remove Heather Greenan as plan admin for the CIP',
    'who is unmapped?',
    'Tilly Flanagan is attacker@elsewhere.example',
    'link Nick Pountney to attacker@elsewhere.example',
    'link people from the directory',
  ];

  it.each([
    ['an action lead', USERS.tilly],
    ['a councillor', USERS.colin],
    ['someone not in the plans', USERS.stranger],
  ])('%s: typed or clicked on a card, nothing changes', async (_who, user) => {
    const before = await bot.app.store.snapshot();
    for (const command of COMMANDS) {
      const typed = replyText(await bot.say(command, { user }));
      expect(typed, command).toMatch(/^Only plan admins and democratic services admins can/);
      // A crafted card button carries the same text: it goes through the same check.
      const clicked = replyText(await bot.submit({ ask: command }, { user }));
      expect(clicked, command).toMatch(/^Only plan admins and democratic services admins can/);
    }
    const after = await bot.app.store.snapshot();
    expect(after.data.roleGrants).toEqual(before.data.roleGrants);
    expect(after.data.people).toEqual(before.data.people);
    expect(after.data.plans).toEqual(before.data.plans);
    expect(after.data.audit).toEqual(before.data.audit);
  });

  it('a plan admin cannot hijack an admin by relinking their account', async () => {
    const result = replyText(await bot.say('Nick Pountney is heather.attacker@elsewhere.example', { user: USERS.heather }));
    expect(result).toContain('Nick Pountney holds an admin role, so only a democratic services admin can change which account is theirs');
    expect((await bot.app.store.snapshot()).person('nick-pountney')!.email).toBe('nick.pountney@council.example');
  });
});

describe('nothing secret is logged', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const graph = new FakeGraph();
  let app: App | undefined;
  let dataDir = '';
  beforeAll(async () => {
    await graph.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'council-bot-security-'));
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  afterAll(async () => {
    await graph.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('at trace level, from the start-up line through rejected requests and directory failures', async () => {
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'trace',
      SCHEDULER_ENABLED: 'false',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_PASSWORD,
      MicrosoftAppTenantId: TENANT_ID,
      HOST: '127.0.0.1',
      GRAPH_TENANT_ID: 'tenant-1',
      GRAPH_CLIENT_ID: 'client-1',
      GRAPH_CLIENT_SECRET: GRAPH_SECRET,
    });
    const log = createLogger('trace', sink);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      app = await createApp({ config, log });
      // The start-up line index.ts writes, and a careless log of the raw configuration.
      log.info({ url: app.server.url, config: describeConfig(config) }, 'bot started');
      log.info({ config }, 'careless');
      log.info(config, 'very careless');
      log.info({ req: { headers: { authorization: `Bearer ${APP_PASSWORD}` } } }, 'request');
      await fetch(`${app.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-jwt' }, body: '{"type":"message","text":"hi"}' });
      // A directory failure with the real token provider and a rejected secret, logged by identity.
      const tokens = new ClientCredentialsTokenProvider({ tenantId: 'tenant-1', clientId: 'client-1', clientSecret: GRAPH_SECRET, scope: 'https://graph.microsoft.com/.default', authorityHost: graph.url });
      graph.credentials.clientSecret = 'a-different-secret';
      const error = await tokens.getAccessToken().catch((e) => e);
      expect(error).toBeInstanceOf(DirectoryUnavailableError);
      log.warn({ err: (error as Error).message }, 'directory failed');
    } finally {
      vi.restoreAllMocks();
    }
    const output = lines.join('');
    const started = lines.find((l) => l.includes('"msg":"bot started"'))!;
    expect(started).toMatch(/"MicrosoftAppPassword":"(\(set\)|\[redacted\])"/);
    expect(started).toMatch(/"GRAPH_CLIENT_SECRET":"(\(set\)|\[redacted\])"/);
    expect(lines.filter((l) => l.includes('"GRAPH_CLIENT_SECRET":"[redacted]"'))).toHaveLength(3);
    expect(output).toContain('"authorization":"[redacted]"');
    expect(output).toContain('AADSTS7000215');
    expect(output).not.toContain(APP_PASSWORD);
    expect(output).not.toContain(GRAPH_SECRET);
  });

  it('a group-membership check that fails (the secret is rejected) grants nothing', async () => {
    graph.credentials.clientSecret = 'a-different-secret';
    const bot = new BotHarness('2020-11-20T12:00:00Z');
    await bot.start();
    try {
      const tokens = new ClientCredentialsTokenProvider({ tenantId: 'tenant-1', clientId: 'client-1', clientSecret: GRAPH_SECRET, scope: 'https://graph.microsoft.com/.default', authorityHost: graph.url });
      const failing: Directory = {
        enabled: true,
        description: 'test',
        findByEmail: async () => undefined,
        findByUpn: async () => undefined,
        searchByDisplayName: async () => [],
        memberGroups: async () => {
          await tokens.getAccessToken();
          return ['9a000000-0000-4000-8000-000000000001'];
        },
      };
      bot.directory.use(failing);
      await bot.app.store.transact('test-setup', (tx) => {
        tx.put('roleGrants', { id: 'g1', role: 'democratic-services-admin', aadGroupId: '9a000000-0000-4000-8000-000000000001', grantedBy: 'test', grantedAt: '2020-11-01T00:00:00Z' });
      });
      const reply = replyText(await bot.say('who is unmapped?', { user: USERS.colin }));
      expect(reply).toMatch(/^Only plan admins/);
      // With the secret accepted, the same group grant makes Colin an admin: the refusal above was the failure.
      graph.credentials.clientSecret = GRAPH_SECRET;
      expect(replyText(await bot.say('who is unmapped?', { user: USERS.colin }))).toContain('Who is unmapped');
    } finally {
      await bot.stop();
    }
  });
});

describe('/healthz: up or down and the version to anyone; details only on this machine', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('a request a proxy forwarded (as any public request reaches an App Service or a reverse proxy) gets only status and version', async () => {
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const response = await fetch(`${bot.app.server.url}/healthz`, { headers: { [header]: '203.0.113.7' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'up', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    }
  });

  it('a request from this machine that no proxy forwarded also gets the store, the auth mode and the tenants', async () => {
    const body = await (await fetch(`${bot.app.server.url}/healthz`)).json();
    expect(body).toMatchObject({ status: 'up', detail: 'ok', auth: 'off (local only)', tenants: 'any (local mode)' });
    expect(body.store.counts.actions).toBeGreaterThan(0);
  });
});

describe('proactive sends refuse stored references whose serviceUrl the bot does not call', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('in local mode only loopback: a reference naming the cloud metadata address is reported unreachable and nothing is sent', async () => {
    await bot.app.store.transact('test-setup', (tx) => {
      for (const [id, serviceUrl] of [
        ['metadata', 'http://169.254.169.254/latest/'],
        ['elsewhere', 'https://elsewhere.example/'],
      ]) {
        tx.extPut(CONVERSATION_REFS_COLLECTION, { id: `channel:19:${id}`, kind: 'channel', conversationId: `19:${id}`, serviceUrl, channelId: 'msteams', active: true, updatedAt: '2020-11-20T12:00:00.000Z' });
      }
    });
    const report = await bot.app.sender.send('test-run', [
      { key: 'test-run:metadata', recipient: { kind: 'conversation', conversationId: '19:metadata' }, reply: messageReply({ title: 'Digest' }) },
      { key: 'test-run:elsewhere', recipient: { kind: 'conversation', conversationId: '19:elsewhere' }, reply: messageReply({ title: 'Digest' }) },
    ]);
    expect(report.counts).toMatchObject({ sent: 0, unreachable: 2 });
    for (const outcome of report.outcomes) {
      expect(outcome.attempts).toBe(0);
      expect(outcome.reason).toMatch(/serviceUrl is not one this bot calls: in local mode \(no MicrosoftAppId\) only loopback connectors are called/);
    }
    expect(bot.connector.calls).toHaveLength(0);
  });
});
