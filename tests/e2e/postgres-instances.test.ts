/**
 * Two bot instances on one PostgreSQL database, end to end through /api/messages (as two App
 * Service instances behind one bot registration would be): an update recorded through one is
 * answered by the other within a second, and two people saving forms of the same version through
 * different instances get one saved update and one "not saved yet" card, never a lost update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, USERS, cardOf, cardText, replyText, type PostResult, type TestUser } from '../helpers/bot-harness.js';
import { createTestDatabase, waitFor, type TestDatabase } from '../store/pg-test-database.js';

const NOW = '2020-11-20T12:00:00Z';
const PUB = 'staffs-cdp-12'; // Pub is the Hub: Tilly Flanagan is a delivery lead
const GRANT_FUND = 'staffs-cdp-10'; // Tilly Flanagan and Joe Sullivan are both delivery leads

type Card = any;

function executeOf(card: Card, title: string): { verb: string; data: Record<string, unknown> } {
  const action = (card.actions ?? []).find((a: any) => a.type === 'Action.Execute' && a.title === title);
  if (!action) throw new Error(`no Action.Execute "${title}" on card`);
  return { verb: action.verb, data: action.data };
}

function invokeCard(result: PostResult): Card {
  expect(result.status).toBe(200);
  return result.body.value;
}

async function openForm(bot: BotHarness, reference: string, user: TestUser): Promise<Card> {
  const result = await bot.say(`update ${reference}`, { user });
  return cardOf(result.replies[0]);
}

let database: TestDatabase;
const first = new BotHarness(NOW);
const second = new BotHarness(NOW);

beforeAll(async () => {
  database = await createTestDatabase('two_bots');
  const env = { DATABASE_URL: database.url, DATABASE_POOL_MAX: '3' };
  await first.start(env); // migrates the new database and loads the demo data
  await second.start(env);
  expect(first.app.store.state().kind).toBe('postgres');
  expect(first.app.demoLoaded).toBe(true);
  expect(second.app.demoLoaded).toBe(false); // already there: loaded once, by the first
});

afterAll(async () => {
  await first.stop();
  await second.stop();
  await database?.drop();
});

describe('two bot instances on one PostgreSQL database', () => {
  it('answers through the second instance what was recorded through the first, within a second', async () => {
    const form = await openForm(first, 'Pub is the Hub', USERS.tilly);
    const save = executeOf(form, 'Save update');
    const recorded = invokeCard(await first.execute(save.verb, { ...save.data, status: 'On track', commentary: 'Recorded through instance one' }, { user: USERS.tilly }));
    expect(cardText(recorded)).toContain('Update recorded');
    await waitFor(async () => (await second.app.store.snapshot()).action(PUB)?.commentary === 'Recorded through instance one', 'the second instance to see the update', 1_000);
    const status = replyText(await second.say('status of Pub is the Hub', { user: USERS.colin }));
    expect(status).toContain('Recorded through instance one');
    expect(status).toContain('Recorded by Tilly Flanagan');
  });

  it('saves one of two forms of the same version sent through different instances, and tells the other person', async () => {
    const tillyForm = await openForm(first, GRANT_FUND, USERS.tilly);
    const joeForm = await openForm(second, GRANT_FUND, USERS.joe);
    const tillySave = executeOf(tillyForm, 'Save update');
    const joeSave = executeOf(joeForm, 'Save update');
    expect(tillySave.data.expectedVersion).toBe(joeSave.data.expectedVersion);
    const [tilly, joe] = await Promise.all([
      first.execute(tillySave.verb, { ...tillySave.data, status: 'On track', commentary: 'Tilly via one' }, { user: USERS.tilly }),
      second.execute(joeSave.verb, { ...joeSave.data, status: 'At risk', commentary: 'Joe via two' }, { user: USERS.joe }),
    ]);
    const cards = [invokeCard(tilly), invokeCard(joe)];
    expect(cards.filter((c) => cardText(c).includes('Update recorded'))).toHaveLength(1);
    expect(cards.filter((c) => cardText(c).includes('Not saved yet'))).toHaveLength(1);
    const winner = cardText(cards.find((c) => cardText(c).includes('Update recorded'))).includes('Tilly Flanagan') ? 'Tilly via one' : 'Joe via two';
    for (const bot of [first, second]) {
      await waitFor(async () => (await bot.app.store.snapshot()).data.updates.filter((u) => u.actionId === GRANT_FUND && u.channel !== 'seed').length === 1, 'both instances to hold the one update');
      const updates = (await bot.app.store.snapshot()).data.updates.filter((u) => u.actionId === GRANT_FUND && u.channel !== 'seed');
      expect(updates.map((u) => u.commentary)).toEqual([winner]);
    }
  });
});
