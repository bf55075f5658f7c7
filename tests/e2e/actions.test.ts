import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, USERS, cardOf, cardText, replyText } from '../helpers/bot-harness.js';

describe('questions about actions, through /api/messages', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('answers "status of 2.2" with the action card: slipped, no new date, commentary', async () => {
    const result = await bot.say('status of 2.2');
    expect(result.status).toBe(200);
    expect(result.replies).toHaveLength(1);
    const text = cardText(cardOf(result.replies[0]));
    expect(text).toContain('2.2 Review detailed savings plans');
    expect(text).toMatch(/Slippage/);
    expect(text).toContain('Corporate Improvement Plan');
  });
});

describe('Teams behaviour and bad input', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('strips the bot @mention in a channel and answers in the thread', async () => {
    const result = await bot.say('what has slipped?', { conversationType: 'channel', user: USERS.colin });
    expect(result.replies).toHaveLength(1);
    expect(replyText(result)).toContain('What has slipped');
    expect(result.replies[0].conversation.id).toContain('19:channel-general');
  });

  it('with TYPING_DELAY_MS=0, sends a typing indicator before every answer', async () => {
    const eager = new BotHarness('2020-11-20T12:00:00Z');
    await eager.start({ TYPING_DELAY_MS: '0' });
    try {
      await eager.say('status of 2.2');
      const typing = eager.connector.typing();
      expect(typing.length).toBe(1);
      expect(eager.connector.calls.indexOf(typing[0]!)).toBeLessThan(eager.connector.calls.findIndex((c) => c.body?.type === 'message'));
    } finally {
      await eager.stop();
    }
  });

  it('skips "typing" for an answer ready before the typing delay (one connector call, the answer)', async () => {
    // The harness's delay is the longest allowed (10 s), so no machine is slow enough to need typing here.
    bot.connector.clear();
    await bot.say('status of 2.2');
    expect(bot.connector.typing()).toHaveLength(0);
    expect(bot.connector.messages()).toHaveLength(1);
  });

  it('answers the same activity delivered twice (a Teams retry) only once', async () => {
    const activity = bot.activity('status of 2.2', { id: 'retry-1' });
    const first = await bot.post(activity);
    const second = await bot.post(activity);
    expect(first.replies).toHaveLength(1);
    expect(second.status).toBe(200);
    expect(second.replies).toHaveLength(0);
  });

  it('recognises a known user by their Teams email and answers "what do I own?"', async () => {
    const result = await bot.say('what do I own?', { user: USERS.tilly });
    const text = replyText(result);
    expect(text).toContain('What you are delivering (5)');
    expect(text).toContain('Pub is the Hub');
    const snapshot = await bot.app.store.snapshot();
    expect(snapshot.personByAadObjectId(USERS.tilly.aadObjectId)?.id).toBe('tilly-flanagan');
  });

  it('tells an unknown user how to get linked, and still answers public questions', async () => {
    const mine = await bot.say('what do I own?', { user: USERS.stranger });
    expect(replyText(mine)).toContain("I don't know who you are yet");
    const status = await bot.say('status of 2.2', { user: USERS.stranger });
    expect(replyText(status)).toContain('2.2 Review detailed savings plans');
  });

  it('asks with buttons when a name is ambiguous, and a button opens the chosen action', async () => {
    const result = await bot.say('status of Volunteering');
    const card = cardOf(result.replies[0]);
    expect(cardText(card)).toContain('matches 4 actions');
    const choice = card.actions[1];
    expect(choice.data.ask).toMatch(/^status of staffs-cdp-\d+$/);
    const chosen = await bot.submit(choice.data);
    expect(cardText(cardOf(chosen.replies[0]))).toContain('Volunteering');
    expect(cardText(cardOf(chosen.replies[0]))).toContain('Delivery lead');
  });

  it('suggests close matches when nothing matches', async () => {
    const result = await bot.say('status of Pub is the Hubb');
    expect(replyText(result)).toMatch(/Pub is the Hub/);
    const none = await bot.say('status of 99.9');
    expect(replyText(none)).toContain("I can't find an action matching \"99.9\"");
  });

  it('pages long lists: "Show more" button and typed "show more" both give page 2', async () => {
    // Across every council the list is long enough to page (an asker's own council is the default).
    const first = await bot.say('what has slipped across all councils?');
    const more = cardOf(first.replies[0]).actions.find((a: any) => a.title.startsWith('Show more'));
    expect(more.data.page).toBe(2);
    const byButton = await bot.submit(more.data);
    expect(cardText(cardOf(byButton.replies[0]))).toMatch(/\(11-\d+ of \d+\)/);
    await bot.say('what has slipped across all councils?', { conversationId: 'a:paging' });
    const typed = await bot.say('show more', { conversationId: 'a:paging' });
    expect(cardText(cardOf(typed.replies[0]))).toMatch(/\(11-\d+ of \d+\)/);
  });

  it('never shows an internal action in a channel, but does to an officer in a personal chat', async () => {
    await bot.app.store.transact('test: mark internal', (tx) => {
      const action = tx.get('actions', 'staffs-cdp-12')!;
      tx.put('actions', { ...action, sensitivity: 'internal' });
    });
    const inChannel = await bot.say('status of staffs-cdp-12', { conversationType: 'channel', user: USERS.tilly });
    expect(replyText(inChannel)).toContain('never shown in a channel');
    const list = await bot.say('what is Tilly Flanagan delivering?', { conversationType: 'channel', user: USERS.colin });
    const listText = replyText(list);
    const personal = await bot.say('status of staffs-cdp-12', { user: USERS.tilly });
    const title = cardText(cardOf(personal.replies[0])).split('\n')[0]!;
    expect(listText).not.toContain(title);
    expect(title.length).toBeGreaterThan(5);
  });

  it('rejects malformed JSON and non-activities with a 400 that says why, and writes nothing', async () => {
    const before = (await bot.app.store.snapshot()).generation;
    const bad = await bot.post('{"type": "message", "text": ', true);
    expect(bad.status).toBe(400);
    const notActivity = await bot.post({ hello: 'world' });
    expect(notActivity.status).toBe(400);
    expect(notActivity.body.field).toBe('type');
    expect((await bot.app.store.snapshot()).generation).toBe(before);
  });

  it('ignores unknown activity types without crashing', async () => {
    const result = await bot.post({ ...bot.activity('x'), type: 'somethingNew' });
    expect(result.status).toBeLessThan(500);
    expect(result.replies).toHaveLength(0);
    const after = await bot.say('status of 2.2');
    expect(after.replies).toHaveLength(1);
  });

  it('answers empty, huge and template-looking messages clearly', async () => {
    const empty = await bot.say('   ');
    expect(replyText(empty)).toContain("I didn't catch a question");
    const huge = await bot.say('status of '.repeat(10_000));
    expect(huge.status).toBe(200);
    expect(replyText(huge)).toContain('too long');
    const injected = await bot.say('status of ${json($root)}');
    expect(replyText(injected)).toContain('${json($root)}');
    const tooBig = await bot.post(bot.activity('x'.repeat(300 * 1024)));
    expect(tooBig.status).toBe(413);
  });

  it('reports health with the store state and version (details because the request comes from this machine)', async () => {
    const response = await fetch(`${bot.app.server.url}/healthz`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.status).toBe('up');
    expect(body.detail).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    // 68 actions before issue 15 added Stoke's governance actions, the peer challenge review and the report commitments.
    expect(body.store.counts.actions).toBe(150);
    expect(body.auth).toContain('off');
  });
});
