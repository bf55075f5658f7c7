/**
 * Untrusted text and odd shapes (issue 18), through /api/messages:
 * - Markdown anyone types (a link dressed as something else, emphasis, lists) is shown as typed in
 *   the bot's cards, never live: in "can't find" replies, in commentary others read, and in a
 *   work-programme suggestion sent to support officers. Checked by rendering every card field Teams
 *   reads as Markdown with a CommonMark renderer.
 * - Only a person the bot knows may suggest work-programme items, at most five a day.
 * - A conversationType Teams does not send ("Personal", missing) is treated as a channel: an exempt
 *   (Part Two) item is not shown.
 */
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUGGESTIONS_PER_DAY } from '../../src/features/committees/work-programme-suggestion.js';
import { BotHarness, USERS, cardOf, cardText, replyText, type PostResult, type TestUser } from '../helpers/bot-harness.js';

const MANDY: TestUser = { id: '29:mandy', name: 'Mandy Pattinson', aadObjectId: 'aad-mandy', email: 'mandy.pattinson@council.example' };
const PHISH = '[Council tax refund: claim here](https://evil.example/phish)';
const markdown = new MarkdownIt({ linkify: true });

/** Every field of a card Teams renders as Markdown, rendered as CommonMark. */
function renderedMarkdown(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(markdown.render(node.text));
    if (Array.isArray(node.facts)) for (const f of node.facts) out.push(markdown.render(String(f.title)), markdown.render(String(f.value)));
    for (const value of Object.values(node)) if (typeof value === 'object') walk(value);
  };
  walk(card);
  return out;
}

/** No link whose words differ from where it goes, and no formatting a person could have typed. */
function expectNothingLive(card: unknown): void {
  for (const html of renderedMarkdown(card)) {
    for (const [, href, label] of html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)) expect(label, html).toBe(href);
    expect(html).not.toMatch(/<(em|strong|ul|ol|h\d|blockquote|code|img|s|del)\b/);
  }
}

function cards(result: PostResult): any[] {
  const own = result.body?.type === 'application/vnd.microsoft.card.adaptive' ? [result.body.value] : [];
  return [...own, ...result.replies.map(cardOf).filter(Boolean)];
}

describe('Markdown typed by anyone is shown as typed', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
    bot.connector.addMember(MANDY);
  });
  afterAll(async () => {
    await bot.stop();
  });

  it.each([
    `status of ${PHISH}`,
    `update ${PHISH}: on track`,
    `**URGENT** ${PHISH}`,
    `when is the ${PHISH} coming to committee?`,
  ])('"can\'t find" and "didn\'t understand" replies: %s', async (question) => {
    const result = await bot.say(question, { user: USERS.tilly });
    const [card] = cards(result);
    expectNothingLive(card);
    expect(cardText(card)).toContain('[Council tax refund');
  });

  it('commentary recorded by one person and read by others in a channel', async () => {
    const form = cardOf((await bot.say('update Pub is the Hub', { user: USERS.tilly })).replies[0]);
    const save = form.actions.find((a: any) => a.type === 'Action.Execute' && a.title === 'Save update');
    const commentary = `Going well.\n- **Action needed:** residents ${PHISH}\n1. # Heading`;
    const recorded = await bot.execute(save.verb, { ...save.data, status: 'On track', commentary }, { user: USERS.tilly });
    expect(cardText(recorded.body.value)).toContain('Recorded by Tilly Flanagan');
    expectNothingLive(recorded.body.value);
    const read = await bot.say('status of Pub is the Hub', { user: USERS.joe, conversationType: 'channel' });
    const [card] = cards(read);
    expectNothingLive(card);
    expect(cardText(card)).toContain(`- **Action needed:** residents ${PHISH}`);
  });

  it("a work-programme suggestion as the support officer receives it", async () => {
    await bot.say('help', { user: USERS.nick }); // Nick (a support officer) has a personal chat with the bot
    const form = cardOf((await bot.say('suggest an item for the work programme', { user: USERS.colin })).replies[0]);
    bot.connector.clear();
    await bot.submit({ ...form.actions[0].data, committeeId: 'staffs-crc', topic: `Refunds ${PHISH}`, reason: `**Read this:** ${PHISH}` }, { user: USERS.colin });
    const [notice] = bot.connector.messages(`a:personal-${USERS.nick.id}`);
    expect(cardText(cardOf(notice))).toContain(`Why: **Read this:** ${PHISH}`);
    expectNothingLive(cardOf(notice));
  });
});

describe('who may suggest work-programme items', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  const suggestions = async () => (await bot.app.store.snapshot()).data.workProgrammeItems.filter((w) => w.source?.document === 'Suggested in Teams');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('someone the bot does not know gets no form, and a forged submission is refused with nothing stored or sent', async () => {
    const asked = replyText(await bot.say('suggest an item for the work programme', { user: USERS.stranger }));
    expect(asked).toContain('Only people this bot knows can suggest work-programme items');
    const form = cardOf((await bot.say('suggest an item for the work programme', { user: USERS.colin })).replies[0]);
    bot.connector.clear();
    const forged = await bot.submit({ ...form.actions[0].data, committeeId: 'staffs-crc', topic: 'Free money' }, { user: USERS.stranger });
    expect(replyText(forged)).toContain('Only people this bot knows can suggest work-programme items. Nothing was sent.');
    expect(await suggestions()).toHaveLength(0);
    expect(bot.connector.messages().filter((m) => m.conversation.id !== `a:personal-${USERS.stranger.id}`)).toHaveLength(0);
  });

  it(`a known person may make ${SUGGESTIONS_PER_DAY} in 24 hours; the next is refused saying when, and is accepted a day later`, async () => {
    const suggest = async (topic: string, id: string) => {
      const form = cardOf((await bot.say('suggest an item for the work programme', { user: USERS.colin, id: `form-${id}` })).replies[0]);
      return bot.submit({ ...form.actions[0].data, committeeId: 'staffs-crc', topic }, { user: USERS.colin });
    };
    for (let i = 1; i <= SUGGESTIONS_PER_DAY; i++) {
      expect(replyText(await suggest(`Topic number ${i}`, `${i}`))).toContain('is saved as an item for consideration');
      bot.clock.advance(60_000);
    }
    const refused = replyText(await suggest('One too many', 'extra'));
    expect(refused).toContain(`Not sent: you have made ${SUGGESTIONS_PER_DAY} work-programme suggestions in the last 24 hours`);
    expect(refused).toContain('You can suggest another from Saturday 21 November 2020 at 12 noon. What you filled in is still on the card.');
    expect(await suggestions()).toHaveLength(SUGGESTIONS_PER_DAY);
    bot.clock.advance(24 * 3600_000);
    expect(replyText(await suggest('A day later', 'later'))).toContain('is saved as an item for consideration');
  });
});

describe('a conversationType Teams does not send is treated as a channel', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('Nick, who sees the exempt item in his personal chat, does not see it when the type is misspelt or missing', async () => {
    expect(replyText(await bot.say('agenda for 21 January 2021', { user: USERS.nick }))).toContain('Property disposal');
    for (const conversationType of ['Personal', 'personal ', 'chat', undefined]) {
      const activity = bot.activity('agenda for 21 January 2021', { user: USERS.nick });
      const odd = { ...activity, conversation: { id: `a:odd-${String(conversationType)}`, conversationType, tenantId: 'tenant-1' } };
      const result = await bot.post(odd);
      expect(result.status).toBe(200);
      expect(replyText(result), String(conversationType)).not.toMatch(/property disposal|commercial terms/i);
      expect(replyText(result)).toContain('never shown in a channel or group chat');
    }
    // Its conversation reference is stored as a channel, not as Nick's personal chat.
    const refs = (await bot.app.store.snapshot()).ext<{ id: string; kind: string }>('conversation-refs');
    expect(refs.filter((r) => r.id.startsWith('channel:a:odd-')).length).toBe(4);
    expect(refs.filter((r) => r.kind === 'personal' && r.id === `personal:${USERS.nick.id}`)).toHaveLength(1);
  });
});
