/**
 * The welcome on install, through /api/messages: tailored examples in a personal chat, a short
 * public welcome in a team, once per install however many install events Teams sends.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WELCOMES } from '../../src/features/welcome/welcome-claims.js';
import { BotHarness, USERS, cardOf, replyText, type TestUser } from '../helpers/bot-harness.js';

const TEAM_CHANNEL = '19:general-team-a@thread.tacv2';

describe('welcome on install', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  function event(type: 'installationUpdate' | 'conversationUpdate', user: TestUser, options: { team?: boolean; action?: string } = {}) {
    const base = bot.activity(undefined, { user, conversationType: options.team ? 'channel' : 'personal', conversationId: options.team ? TEAM_CHANNEL : undefined, mentionBot: false });
    const extra =
      type === 'installationUpdate'
        ? { action: options.action ?? 'add' }
        : { membersAdded: [{ id: bot.botId, name: 'Council Actions' }] };
    return { ...base, id: randomUUID(), type, text: undefined, entities: undefined, ...extra };
  }

  function examplesOf(result: { replies: any[] }): string[] {
    return (cardOf(result.replies[0])?.actions ?? []).map((a: any) => a.data.ask);
  }

  it('introduces itself to an action lead with "what do I own?" and an update of one of their actions', async () => {
    const result = await bot.post(event('installationUpdate', USERS.tilly));
    expect(result.status).toBe(200);
    expect(result.replies).toHaveLength(1);
    const text = replyText(result);
    expect(text).toContain("Hello Tilly, I'm Council Actions.");
    expect(text).toContain('You are named on 5 open actions: you can record progress on them here.');
    const examples = examplesOf(result);
    expect(examples).toHaveLength(3);
    expect(examples[0]).toBe('what do I own?');
    expect(examples).toContain('what has slipped?');
    const update = examples.find((e) => e.startsWith('update '))!;
    const owned = (await bot.app.store.snapshot()).actionsOwnedBy('tilly-flanagan').map((a) => a.id);
    expect(owned).toContain(update.replace('update ', ''));
    // The button really opens the update form for that action.
    const form = await bot.submit({ ask: update }, { user: USERS.tilly });
    expect(replyText(form)).toContain('Record progress');
  });

  it('is not repeated when Teams also sends conversationUpdate, or redelivers the install', async () => {
    expect((await bot.post(event('conversationUpdate', USERS.tilly))).replies).toHaveLength(0);
    expect((await bot.post(event('installationUpdate', USERS.tilly))).replies).toHaveLength(0);
  });

  it('suggests admin questions to an admin', async () => {
    const examples = examplesOf(await bot.post(event('conversationUpdate', USERS.nick)));
    expect(examples).toEqual(['which revised timescales need committee endorsement?', 'who is unmapped?', 'what has slipped?']);
  });

  it("suggests the committee's next agenda and call-in date to a councillor", async () => {
    const result = await bot.post(event('installationUpdate', USERS.colin));
    expect(examplesOf(result)).toEqual(['what is on the next Corporate Review agenda?', 'when is the next date reserved for call-in?', 'what has slipped?']);
    expect(replyText(result)).toContain("Hello Colin, I'm Council Actions.");
  });

  it('tells someone it does not know how to get linked, with public examples', async () => {
    const result = await bot.post(event('installationUpdate', USERS.stranger));
    const text = replyText(result);
    expect(text).toContain("I don't know who you are yet");
    expect(examplesOf(result)).toEqual(['what has slipped?', 'what is on the next Corporate Review agenda?', 'when is the next date reserved for call-in?']);
  });

  it('welcomes a team once, briefly, with no personal data about the installer', async () => {
    const first = await bot.post(event('installationUpdate', USERS.tilly, { team: true }));
    expect(first.replies).toHaveLength(1);
    expect(first.replies[0].conversation.id).toBe(TEAM_CHANNEL);
    const text = replyText(first);
    expect(text).toContain("Hello everyone, I'm Council Actions.");
    expect(text).toContain('@Council Actions what has slipped?');
    expect(text).toContain('Here I only show public information.');
    expect(text).not.toMatch(/Tilly|what do I own|update /);
    expect((await bot.post(event('conversationUpdate', USERS.tilly, { team: true }))).replies).toHaveLength(0);
  });

  it('does not welcome on an app upgrade, and welcomes again after an uninstall and reinstall', async () => {
    expect((await bot.post(event('installationUpdate', USERS.tilly, { action: 'add-upgrade' }))).replies).toHaveLength(0);
    const remove = await bot.post(event('installationUpdate', USERS.tilly, { action: 'remove' }));
    expect(remove.status).toBe(200);
    const conversationId = `a:personal-${USERS.tilly.id}`;
    expect((await bot.app.store.snapshot()).ext<{ id: string }>(WELCOMES).some((w) => w.id === conversationId)).toBe(false);
    const again = await bot.post(event('installationUpdate', USERS.tilly));
    expect(replyText(again)).toContain("Hello Tilly, I'm Council Actions.");
  });
});
