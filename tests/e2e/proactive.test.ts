/**
 * Conversation references captured from real Teams-shaped activities through /api/messages, and
 * proactive sends through the real CloudAdapter to the fake connector (faults injected).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageReply } from '../../src/chat/reply.js';
import { CONVERSATION_REFS_COLLECTION, reachabilityOf, type ConversationRefRecord } from '../../src/outbound/conversation-ref-records.js';
import type { ProactiveSender } from '../../src/outbound/types.js';
import { VirtualTime } from '../helpers/virtual-time.js';
import { BotHarness, USERS, cardOf, cardText } from '../helpers/bot-harness.js';


async function refs(bot: BotHarness): Promise<ConversationRefRecord[]> {
  return (await bot.app.store.snapshot()).ext<ConversationRefRecord>(CONVERSATION_REFS_COLLECTION) as ConversationRefRecord[];
}

describe('conversation references from Teams events', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start({}, { outbound: { time: new VirtualTime() } });
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('stores a personal chat on install, linked to the person by their Teams email', async () => {
    const install = { ...bot.activity(undefined, { user: USERS.tilly }), type: 'installationUpdate', action: 'add' };
    await bot.post(install);
    const tilly = (await refs(bot)).find((r) => r.id === 'personal:29:tilly');
    expect(tilly).toMatchObject({ kind: 'personal', personId: 'tilly-flanagan', aadObjectId: 'aad-tilly', conversationId: 'a:personal-29:tilly', tenantId: 'tenant-1', active: true, source: 'install' });
    expect(tilly!.serviceUrl).toBe(bot.connector.url);
  });

  it('does not write to the store again when a message changes nothing', async () => {
    await bot.say('help', { user: USERS.tilly });
    const generation = bot.app.store.state().generation;
    await bot.say('help', { user: USERS.tilly });
    expect(bot.app.store.state().generation).toBe(generation);
  });

  it('stores a channel when the bot is added to a team, and people added later as reachable via a new chat', async () => {
    const added = {
      ...bot.activity(undefined, { user: USERS.nick, conversationType: 'channel', conversationId: '19:team-general@thread.tacv2' }),
      type: 'conversationUpdate',
      membersAdded: [{ id: bot.botId }, { id: USERS.joe.id, aadObjectId: USERS.joe.aadObjectId }],
    };
    await bot.post(added);
    const all = await refs(bot);
    expect(all.find((r) => r.id === 'channel:19:team-general@thread.tacv2')).toMatchObject({ kind: 'channel', teamId: '19:team', active: true });
    expect(all.find((r) => r.id === 'personal:29:joe')).toMatchObject({ personId: 'joe-sullivan', active: true, source: 'members-added' });
    expect(all.find((r) => r.id === 'personal:29:joe')!.conversationId).toBeUndefined();
  });

  it('marks the personal chat inactive on uninstall, and active again when the person writes', async () => {
    const remove = { ...bot.activity(undefined, { user: USERS.tilly }), type: 'installationUpdate', action: 'remove' };
    await bot.post(remove);
    const snapshot = await bot.app.store.snapshot();
    expect(reachabilityOf(snapshot, 'tilly-flanagan')).toMatchObject({ reachable: false });
    expect(reachabilityOf(snapshot, 'tilly-flanagan').reason).toContain('uninstalled the app on 2020-11-20');
    await bot.say('help', { user: USERS.tilly });
    expect(reachabilityOf(await bot.app.store.snapshot(), 'tilly-flanagan').reachable).toBe(true);
  });

  it('a reply thread in a channel is stored as the channel itself', async () => {
    await bot.say('what has slipped?', { user: USERS.colin, conversationType: 'channel', conversationId: '19:crc@thread.tacv2;messageid=1605873600000' });
    expect((await refs(bot)).find((r) => r.id === 'channel:19:crc@thread.tacv2')).toMatchObject({ conversationId: '19:crc@thread.tacv2' });
  });
});

describe('proactive sends through the real adapter', () => {
  const bot = new BotHarness('2020-11-23T08:00:00Z');
  let sender: ProactiveSender;
  beforeAll(async () => {
    await bot.start({}, { outbound: { time: new VirtualTime() } });
    for (const user of [USERS.tilly, USERS.joe, USERS.heather]) await bot.say('help', { user });
    sender = bot.app.sender;
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('posts a card to the personal chat (POST …/activities, not a reply), once per key, through 429s and 503s', async () => {
    bot.connector.clear();
    let calls = 0;
    bot.connector.fault = (call) => {
      if (call.method !== 'POST' || !call.path.endsWith('/activities')) return undefined;
      calls += 1;
      if (calls === 1) return { status: 429, headers: { 'Retry-After': '1' } };
      if (calls === 2) return { status: 429 };
      if (calls === 3) return { status: 503 };
      return undefined;
    };
    const messages = ['tilly-flanagan', 'joe-sullivan', 'heather-greenan'].map((personId) => ({
      key: `test:1:${personId}`,
      recipient: { kind: 'person' as const, personId },
      reply: messageReply({ title: `Good morning ${personId}` }),
    }));
    const report = await sender.send('test:1', messages);
    bot.connector.fault = undefined;
    expect(report.counts).toMatchObject({ sent: 3, failed: 0 });
    for (const user of [USERS.tilly, USERS.joe, USERS.heather]) {
      const delivered = bot.connector.messages(`a:personal-${user.id}`);
      expect(delivered).toHaveLength(1);
      expect(cardText(cardOf(delivered[0]))).toContain('Good morning');
    }
    const posts = bot.connector.calls.filter((c) => c.method === 'POST' && c.status === 200);
    for (const post of posts) expect(post.activityId).toBeUndefined();
    const again = await sender.send('test:1', messages);
    expect(again.counts['already-sent']).toBe(3);
  });

  it('a 403 from the connector marks the person unreachable and is not retried', async () => {
    bot.connector.clear();
    bot.connector.fault = (call) =>
      call.conversationId === 'a:personal-29:joe' ? { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'not in roster' } } } : undefined;
    const report = await sender.send('test:2', [{ key: 'test:2:joe', recipient: { kind: 'person', personId: 'joe-sullivan' }, reply: { text: 'hello' } }]);
    bot.connector.fault = undefined;
    expect(report.outcomes[0]).toMatchObject({ status: 'unreachable', reason: '403 BotNotInConversationRoster', attempts: 1 });
    expect(bot.connector.calls.filter((c) => c.conversationId === 'a:personal-29:joe')).toHaveLength(1);
    expect(await sender.canReach('joe-sullivan')).toBe(false);
  });

  it('opens a personal chat with someone known only from a team', async () => {
    await bot.post({
      ...bot.activity(undefined, { user: USERS.nick, conversationType: 'channel', conversationId: '19:general@thread.tacv2' }),
      type: 'conversationUpdate',
      membersAdded: [{ id: USERS.colin.id, aadObjectId: USERS.colin.aadObjectId }],
    });
    bot.connector.clear();
    const report = await sender.send('test:3', [{ key: 'test:3:colin', recipient: { kind: 'person', personId: 'colin-greatorex' }, reply: { text: 'hello Colin' } }]);
    expect(report.outcomes[0]!.status).toBe('sent');
    const create = bot.connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(create?.body.members[0].id).toBe(USERS.colin.id);
    expect(bot.connector.messages().map((m) => m.text)).toEqual(['hello Colin']);
  });
});
