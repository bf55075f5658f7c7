import { describe, expect, it } from 'vitest';
import { channelWelcome, personalWelcome, welcomeExamples } from '../../src/features/welcome/welcome-messages.js';
import { demoContext } from '../helpers/chat-context.js';

describe('welcome examples by role', () => {
  it('an action lead: what they own, then an update of an open action they may update', async () => {
    const ctx = await demoContext({ personId: 'joe-sullivan' });
    const examples = welcomeExamples(ctx, []);
    expect(examples.map((e) => e.ask)[0]).toBe('what do I own?');
    const update = examples.find((e) => e.ask.startsWith('update '))!;
    const id = update.ask.replace('update ', '');
    const action = ctx.snapshot.action(id) ?? ctx.snapshot.actionsByNumber(id)[0];
    expect(action?.owners.some((o) => o.personId === 'joe-sullivan')).toBe(true);
    expect(action?.status.canonical).not.toBe('COMPLETED');
  });

  it('an admin who also leads actions gets something from each role', async () => {
    const ctx = await demoContext({ personId: 'joe-sullivan', roles: ['plan-admin'] });
    expect(welcomeExamples(ctx, []).map((e) => e.ask)).toEqual([
      'what do I own?',
      'which revised timescales need committee endorsement?',
      expect.stringMatching(/^update /),
    ]);
  });

  it('a councillor: the next agenda of their committee and the next call-in date', async () => {
    const ctx = await demoContext({ personId: 'colin-greatorex' });
    expect(welcomeExamples(ctx, []).map((e) => e.ask)).toEqual(['what is on the next Corporate Review agenda?', 'when is the next date reserved for call-in?', 'what has slipped?']);
  });

  it('always exactly three, without repeats', async () => {
    for (const personId of [undefined, 'tilly-flanagan', 'nick-pountney', 'colin-greatorex', 'heather-greenan']) {
      const asks = welcomeExamples(await demoContext({ personId }), []).map((e) => e.ask);
      expect(asks, String(personId)).toHaveLength(3);
      expect(new Set(asks).size).toBe(3);
    }
  });
});

describe('welcome messages', () => {
  it('personal: greets by first name and offers the examples as buttons', async () => {
    const reply = personalWelcome(await demoContext({ personId: 'colin-greatorex' }), 'Council Actions', []);
    expect(reply.text.split('\n')[0]).toBe("Hello Colin, I'm Council Actions.");
    expect((reply.card!.data.choices as unknown[]).length).toBe(3);
  });

  it('channel: public examples only, nothing about the installer', async () => {
    const reply = channelWelcome(await demoContext({ personId: 'tilly-flanagan', kind: 'channel' }), 'Council Actions');
    expect(reply.text).toContain('@Council Actions what has slipped?');
    expect(reply.text).not.toMatch(/Tilly|what do I own|update /i);
  });
});
