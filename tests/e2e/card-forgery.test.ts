/**
 * Forged card submissions (issue 18). A typed update's confirmation card is visible to everyone in
 * a channel, and only its author may confirm it: a co-owner of the action who drops or changes the
 * fields that say whose it is still cannot. And keys are scoped to the conversation and the
 * person: an invoke id replayed from another conversation, by someone else, does not count as a
 * redelivery of the first, so it cannot show that person's recorded update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, USERS, cardOf, cardText, replyText, type PostResult, type TestUser } from '../helpers/bot-harness.js';

const PUB = 'staffs-cdp-12'; // Pub is the Hub: Tilly Flanagan delivery lead, Andrew Donaldson WLT owner (both may update it)
const ANDREW: TestUser = { id: '29:andrew', name: 'Andrew Donaldson', aadObjectId: 'aad-andrew', email: 'andrew.donaldson@council.example' };

function executeOf(card: any, title: string): { verb: string; data: Record<string, unknown> } {
  return card.actions.find((a: any) => a.type === 'Action.Execute' && a.title === title);
}

/** What the person was shown: the invoke's own answer (message or card) and any messages. */
function shown(result: PostResult): string {
  const body = result.body;
  const own = body?.type === 'application/vnd.microsoft.card.adaptive' ? cardText(body.value) : String(body?.value ?? '');
  return [own, replyText(result)].join('\n');
}

describe("a colleague's typed update cannot be confirmed by tampering with the card", () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  let confirm: { verb: string; data: Record<string, unknown> };
  const updates = async () => (await bot.app.store.snapshot()).data.updates.filter((u) => u.actionId === PUB && u.channel !== 'seed');

  beforeAll(async () => {
    await bot.start();
    bot.connector.addMember(ANDREW);
    const typed = await bot.say('Pub is the Hub is at risk, two pubs have closed', { user: USERS.tilly, conversationType: 'channel' });
    confirm = executeOf(cardOf(typed.replies[0]), 'Confirm');
    expect(confirm.data).toMatchObject({ source: 'text', requestedBy: 'tilly-flanagan' });
  });
  afterAll(async () => {
    await bot.stop();
  });

  const without = (...fields: string[]) => Object.fromEntries(Object.entries(confirm.data).filter(([k]) => !fields.includes(k)));

  it.each([
    ['the card as it is', () => confirm.data],
    ['without "source"', () => without('source')],
    ['without "requestedBy"', () => without('requestedBy')],
    ['without both', () => without('source', 'requestedBy')],
    ['claiming to be the author ("requestedBy": Andrew)', () => ({ ...without('source'), requestedBy: 'andrew-donaldson' })],
  ])('%s: refused, nothing saved (Action.Execute and Action.Submit)', async (_name, data) => {
    const before = (await updates()).length;
    const executed = await bot.execute(confirm.verb, data(), { user: ANDREW, conversationType: 'channel' });
    expect(shown(executed)).toMatch(/only they can confirm or edit it\. Nothing was saved\./);
    const submitted = await bot.submit({ verb: confirm.verb, ...data() }, { user: ANDREW, conversationType: 'channel' });
    expect(replyText(submitted)).toMatch(/only they can confirm or edit it/);
    expect(await updates()).toHaveLength(before);
  });

  it('dropping the form id too is no longer that card: it is an update of Andrew\'s own, recorded as his', async () => {
    const result = await bot.execute(confirm.verb, { ...without('source', 'requestedBy', 'formId'), commentary: 'Andrew checked: two closures' }, { user: ANDREW, conversationType: 'channel' });
    expect(shown(result)).toContain('Recorded by Andrew Donaldson');
    expect((await updates()).at(-1)).toMatchObject({ commentary: 'Andrew checked: two closures' });
  });

  it('the author confirms her own card', async () => {
    // Andrew's update came after Tilly's card was made: she is shown it beside hers, nothing is overwritten.
    const result = await bot.execute(confirm.verb, confirm.data, { user: USERS.tilly, conversationType: 'channel' });
    expect(shown(result)).toMatch(/Andrew Donaldson updated .* after your confirmation was made/);
  });
});

describe('keys are scoped to the conversation and the person', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it("an invoke id replayed from another conversation by someone else does not show the first person's recorded update", async () => {
    const form = cardOf((await bot.say('update Pub is the Hub', { user: USERS.tilly })).replies[0]);
    const save = executeOf(form, 'Save update');
    const { formId: _formId, ...withoutFormId } = save.data;
    const data = { ...withoutFormId, status: 'On track', commentary: 'Private note: the landlord at the Red Lion is in arrears' };
    const recorded = await bot.execute(save.verb, data, { user: USERS.tilly, id: 'invoke-123' });
    expect(shown(recorded)).toContain('Recorded by Tilly Flanagan');

    // The same invoke id (and data), sent by someone with no rights to the action, from another conversation.
    const replayed = await bot.execute(save.verb, data, { user: USERS.stranger, id: 'invoke-123', conversationId: 'a:personal-29:stranger' });
    const text = shown(replayed);
    expect(text).not.toContain('Red Lion');
    expect(text).not.toContain('Recorded by');
    expect(text).not.toContain('Already recorded');
    expect(text).toMatch(/can't update|cannot update|not able to update|only .* can update|isn't linked|not linked/i);
  });

  it('the same person sending the same id in another conversation is answered there (not dropped as a redelivery)', async () => {
    const personal = await bot.say('status of 2.2', { user: USERS.tilly, id: 'same-id' });
    expect(replyText(personal)).toContain('2.2');
    const channel = await bot.say('status of 2.2', { user: USERS.tilly, id: 'same-id', conversationType: 'channel' });
    expect(replyText(channel)).toContain('2.2');
    const redelivered = await bot.say('status of 2.2', { user: USERS.tilly, id: 'same-id', conversationType: 'channel' });
    expect(redelivered.replies).toHaveLength(0);
  });
});
