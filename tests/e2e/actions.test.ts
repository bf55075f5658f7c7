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
