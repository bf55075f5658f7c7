/**
 * Who may talk to the bot (issue 18): only the configured Entra tenants. Activities from any other
 * tenant, or naming none, or two, are refused with a 403 and a logged reason before the turn runs,
 * so nothing is stored for them: no conversation reference (the digest could otherwise message
 * them), no identity link, no welcome claim. With authentication on the default is the tenant of
 * MicrosoftAppTenantId; in local mode with nothing set, any tenant is served (loopback only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, USERS, replyText, type TestUser } from '../helpers/bot-harness.js';
import { FakeBotFrameworkIdentity, FixedTokenCredentials } from '../helpers/fake-bot-framework-identity.js';

const COUNCIL = '99999999-8888-4777-8666-555555555555';
const NEIGHBOUR = '12345678-aaaa-4bbb-8ccc-1234567890ab';
const SECOND_COUNCIL = 'abcdefab-1111-4222-8333-444455556666';
const APP_ID = '11111111-2222-4333-8444-555555555555';

function install(bot: BotHarness, user: TestUser, tenantId?: string): Record<string, unknown> {
  const activity = bot.activity(undefined, { user, tenantId });
  return { ...activity, type: 'installationUpdate', action: 'add' };
}

async function storedFor(bot: BotHarness) {
  const snapshot = await bot.app.store.snapshot();
  return { refs: snapshot.ext('conversation-refs').length, links: snapshot.data.identityLinks.length, welcomes: snapshot.ext('welcomes').length, generation: snapshot.generation };
}

describe('ALLOWED_TENANTS (local mode)', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  bot.captureLog = true;
  beforeAll(async () => {
    await bot.start({ ALLOWED_TENANTS: `${COUNCIL.toUpperCase()}, ${SECOND_COUNCIL}` });
  });
  afterAll(async () => {
    await bot.stop();
  });

  it.each([
    ['another tenant', { tenantId: NEIGHBOUR }, /tenant 12345678-aaaa-4bbb-8ccc-1234567890ab is not served/],
    ['no tenant at all', { channelData: {}, conversation: { id: 'a:x', conversationType: 'personal' } }, /names no tenant/],
    ['two tenants that disagree', { channelData: { tenant: { id: COUNCIL } }, conversation: { id: 'a:x', conversationType: 'personal', tenantId: NEIGHBOUR } }, /names two tenants/],
  ])('%s: a message is refused with 403, logged, and nothing is stored or sent', async (_name, change, reason) => {
    const before = await storedFor(bot);
    const base = bot.activity('what do I own?', { user: USERS.tilly, tenantId: 'tenantId' in change ? change.tenantId : undefined });
    const result = await bot.post({ ...base, ...('tenantId' in change ? {} : change) });
    expect(result.status).toBe(403);
    expect(result.body.reason).toMatch(reason);
    expect(bot.connector.calls).toHaveLength(0); // no reply, no member look-up
    expect(await storedFor(bot)).toEqual(before);
    const logged = bot.logLines.find((l) => l.msg === 'request to /api/messages refused' && reason.test(String(l.reason)));
    expect(logged).toMatchObject({ status: 403, activityType: 'message' });
  });

  it('an install from another tenant: no welcome, no conversation reference, no welcome claim', async () => {
    const before = await storedFor(bot);
    const result = await bot.post(install(bot, USERS.tilly, NEIGHBOUR));
    expect(result.status).toBe(403);
    expect(result.replies).toEqual([]);
    expect(await storedFor(bot)).toEqual(before);
  });

  it('the configured tenants are served (compared without regard to case), and only then is anything stored', async () => {
    const before = await storedFor(bot);
    const answer = await bot.say('what do I own?', { user: USERS.tilly, tenantId: COUNCIL });
    expect(answer.status).toBe(200);
    expect(replyText(answer)).toContain('Pub is the Hub');
    const welcomed = await bot.post(install(bot, USERS.joe, SECOND_COUNCIL.toUpperCase()));
    expect(welcomed.status).toBe(200);
    expect(welcomed.replies).toHaveLength(1);
    const after = await storedFor(bot);
    expect(after.refs).toBeGreaterThan(before.refs);
    expect(after.links).toBeGreaterThan(before.links);
    expect(after.welcomes).toBe(before.welcomes + 1);
  });
});

describe('local mode without ALLOWED_TENANTS serves any tenant (it listens and calls on loopback only)', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('answers a tenant nobody configured, and says so on /healthz', async () => {
    expect(bot.app.config.allowedTenants).toBe('any');
    expect((await bot.say('status of 2.2', { tenantId: NEIGHBOUR })).status).toBe(200);
    const health = await (await fetch(`${bot.app.server.url}/healthz`)).json();
    expect(health.tenants).toBe('any (local mode)');
  });
});

describe('with authentication on, the default is the tenant of MicrosoftAppTenantId', () => {
  const identity = new FakeBotFrameworkIdentity(APP_ID);
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await identity.start();
    await bot.start(
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-used-offline', MicrosoftAppTenantId: COUNCIL, HOST: '127.0.0.1' },
      { connection: { openIdMetadataUrl: identity.metadataUrl, credentialsFactory: new FixedTokenCredentials(APP_ID) } },
    );
    bot.headers = () => ({ authorization: `Bearer ${identity.token(bot.connector.url)}` });
  });
  afterAll(async () => {
    await bot.stop();
    await identity.stop();
  });

  it('a genuine Bot Framework activity from another tenant is refused and nothing is stored', async () => {
    expect(bot.app.config.allowedTenants).toEqual([COUNCIL]);
    const before = await storedFor(bot);
    const refused = await bot.say('what do I own?', { user: USERS.tilly, tenantId: NEIGHBOUR });
    expect(refused.status).toBe(403);
    expect(bot.connector.calls).toHaveLength(0);
    expect(await storedFor(bot)).toEqual(before);
    const served = await bot.say('what do I own?', { user: USERS.tilly, tenantId: COUNCIL });
    expect(served.status).toBe(200);
    expect(replyText(served)).toContain('Pub is the Hub');
  });
});
