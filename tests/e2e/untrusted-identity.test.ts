/**
 * Fields of an activity are whatever the sender put there. A message whose from.aadObjectId is a
 * number is refused with a 400 naming the field (the connector client could not have sent a reply to
 * it anyway), stores no identity link the store could not load back, and the bot starts again
 * afterwards: one request can no longer stop it from starting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, USERS, replyText } from '../helpers/bot-harness.js';

describe('odd identity fields in an activity', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('a numeric aadObjectId is not stored as a link, and the bot starts again and recognises the person', async () => {
    const activity = bot.activity('my actions', { user: USERS.tilly });
    const odd = { ...activity, from: { id: USERS.tilly.id, name: USERS.tilly.name, aadObjectId: 12345 } };
    const result = await bot.post(odd);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ field: 'from.aadObjectId', problem: 'should be text, not number' });
    expect(bot.connector.calls).toHaveLength(0);
    expect((await bot.app.store.snapshot()).data.identityLinks.every((l) => typeof l.aadObjectId === 'string')).toBe(true);

    await bot.restart();
    const again = await bot.say('my actions', { user: USERS.tilly });
    expect(replyText(again)).toContain('Pub is the Hub');
    expect((await bot.app.store.snapshot()).data.identityLinks.map((l) => l.aadObjectId)).toContain(USERS.tilly.aadObjectId);
  });
});
