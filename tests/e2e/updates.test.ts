/**
 * Action leads record progress from Teams, end to end through /api/messages with the fake connector:
 * typed updates with a confirmation card, the update form over Action.Execute (invoke) and its
 * Action.Submit fallback (card replaced in place with a PUT), refusals, duplicate deliveries,
 * concurrent updates, committee decisions on revised dates, delegation, history and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreData } from '../../src/domain/model.js';
import { BotHarness, USERS, cardOf, cardText, replyText, type PostResult, type TestUser } from '../helpers/bot-harness.js';

const PUB = 'staffs-cdp-12'; // Pub is the Hub: Tilly Flanagan is a delivery lead, Andrew Donaldson the WLT owner
const GRANT_FUND = 'staffs-cdp-10'; // Tilly Flanagan and Joe Sullivan are both delivery leads

type Card = any;

/** The Action.Execute titled `title` on a card: its verb and data. */
function executeOf(card: Card, title: string): { verb: string; data: Record<string, unknown> } {
  const action = (card.actions ?? []).find((a: any) => a.type === 'Action.Execute' && a.title === title);
  if (!action) throw new Error(`no Action.Execute "${title}" on card: ${JSON.stringify(card.actions?.map((a: any) => a.title))}`);
  return { verb: action.verb, data: action.data };
}

/** The Action.Submit fallback of the Action.Execute titled `title`: what older clients send. */
function submitOf(card: Card, title: string): Record<string, unknown> {
  const action = (card.actions ?? []).find((a: any) => a.type === 'Action.Execute' && a.title === title);
  expect(action?.fallback?.type).toBe('Action.Submit');
  return action.fallback.data;
}

function inputs(card: Card): any[] {
  const out: any[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node.type === 'string' && node.type.startsWith('Input.')) out.push(node);
    for (const value of Object.values(node)) if (typeof value === 'object') walk(value);
  };
  walk(card.body);
  return out;
}

function inputValue(card: Card, id: string): unknown {
  return inputs(card).find((i) => i.id === id)?.value;
}

/** The card an invoke answered with (Universal Actions: the card replaced in place). */
function invokeCard(result: PostResult): Card {
  expect(result.status).toBe(200);
  expect(result.body?.type).toBe('application/vnd.microsoft.card.adaptive');
  return result.body.value;
}

async function updatesOf(bot: BotHarness, actionId: string) {
  const snapshot = await bot.app.store.snapshot();
  return snapshot.data.updates.filter((u) => u.actionId === actionId && u.channel !== 'seed');
}

async function actionOf(bot: BotHarness, actionId: string) {
  return (await bot.app.store.snapshot()).action(actionId)!;
}

async function openForm(bot: BotHarness, reference: string, user: TestUser = USERS.tilly): Promise<Card> {
  const result = await bot.say(`update ${reference}`, { user });
  expect(result.replies).toHaveLength(1);
  const card = cardOf(result.replies[0]);
  expect(inputs(card).length).toBeGreaterThan(0);
  return card;
}

describe('recording progress by typing, with a confirmation card', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('"Pub is the Hub is on track, 12 pubs signed up" is confirmed before anything is saved, then recorded on Confirm', async () => {
    const before = await actionOf(bot, PUB);
    const result = await bot.say('Pub is the Hub is on track, 12 pubs signed up');
    const card = cardOf(result.replies[0]);
    const text = cardText(card);
    expect(text).toContain('Please check this before I save it');
    expect(text).toContain('Status: On track');
    expect(text).toContain('12 pubs signed up');
    expect(text).toMatch(/Nothing is saved until you press Confirm/);
    expect(text).toContain('[Confirm]');
    expect(text).toContain('[Edit in form]');
    expect(text).toContain('[Cancel]');
    // Nothing saved yet.
    expect(await updatesOf(bot, PUB)).toHaveLength(0);
    expect((await actionOf(bot, PUB)).version).toBe(before.version);

    const confirm = executeOf(card, 'Confirm');
    const recorded = invokeCard(await bot.execute(confirm.verb, confirm.data));
    expect(cardText(recorded)).toContain('Recorded by Tilly Flanagan at 12 noon on Friday 20 November 2020');
    expect(inputs(recorded)).toHaveLength(0);
    expect((recorded.actions ?? []).some((a: any) => a.type === 'Action.Execute')).toBe(false);

    const updates = await updatesOf(bot, PUB);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ authorName: 'Tilly Flanagan', channel: 'teams-text', kind: 'update', commentary: '12 pubs signed up', status: { canonical: 'ON_TRACK', raw: 'On track' } });

    const status = replyText(await bot.say('status of Pub is the Hub', { user: USERS.colin }));
    expect(status).toContain('12 pubs signed up');
    expect(status).toContain('Recorded by Tilly Flanagan');
    expect(status).toMatch(/On track/);
  });

  it('"update 2.2: ...; status slipped; new date September 2018 because of the restructure" is read into its parts, and the date stays proposed', async () => {
    const result = await bot.say(
      'update 2.2: all savings plans signed off except £1.8m employee reductions; status slipped; new date September 2018 because of the restructure',
      { user: USERS.heather },
    );
    const card = cardOf(result.replies[0]);
    const text = cardText(card);
    expect(text).toContain('New date: September 2018, month precision');
    expect(text).toContain('Status: Slippage');
    expect(text).toContain('Reason for change: the restructure');
    expect(text).toContain('all savings plans signed off except £1.8m employee reductions');
    expect(await updatesOf(bot, 'derby-cip-2.2')).toHaveLength(0);

    // Confirm through the Action.Submit fallback: the confirmation card is replaced in place (PUT).
    const put = await bot.submit(submitOf(card, 'Confirm'), { user: USERS.heather, replyToId: 'confirm-card-22' });
    expect(put.status).toBe(200);
    const updated = bot.connector.updates().find((c) => c.activityId === 'confirm-card-22');
    expect(updated).toBeDefined();
    const recorded = updated!.body.attachments[0].content;
    expect(cardText(recorded)).toContain('Recorded by Heather Greenan at 12 noon');
    expect(cardText(recorded)).toContain('Proposed new date: September 2018, month precision, awaiting committee endorsement');

    const action = await actionOf(bot, 'derby-cip-2.2');
    expect(action.originalTarget?.raw).toBe('by March 2018');
    expect(action.revisions.at(-1)).toMatchObject({ state: 'proposed', reason: 'the restructure', proposedBy: 'heather-greenan' });
    expect(action.revisions.at(-1)!.to).toMatchObject({ kind: 'month', value: '2018-09' });
    expect(action.status).toMatchObject({ canonical: 'SLIPPED', raw: 'Slippage', asAt: '2020-11-20' });

    // The recorded card's Status button asks by id ("status of derby-cip-2.2").
    const statusButton = (recorded.actions ?? []).find((a: any) => a.title === 'Status');
    const viaButton = replyText(await bot.submit(statusButton.data, { user: USERS.heather }));
    expect(viaButton).toContain('all savings plans signed off except £1.8m employee reductions');
    expect(viaButton).toContain('Recorded by Heather Greenan');

    const awaiting = replyText(await bot.say('what is awaiting endorsement in the CIP?'));
    expect(awaiting).toContain('2.2 Review detailed savings plans');
    const status = replyText(await bot.say('status of 2.2'));
    expect(status).toContain('Original target: by March 2018');
    expect(status).toMatch(/Proposed new target: September 2018 \(awaiting committee endorsement\)/);
  });

  it('Edit in form turns a confirmation into the form, pre-filled with what was typed; Cancel saves nothing', async () => {
    const result = await bot.say('update Pub is the Hub: 14 pubs now; mitigation: weekly calls', { user: USERS.tilly });
    const confirmation = cardOf(result.replies[0]);
    const edit = executeOf(confirmation, 'Edit in form');
    const form = invokeCard(await bot.execute(edit.verb, edit.data));
    expect(inputValue(form, 'commentary')).toBe('14 pubs now');
    expect(inputValue(form, 'mitigation')).toBe('weekly calls');

    const countBefore = (await updatesOf(bot, PUB)).length;
    const cancel = executeOf(form, 'Cancel');
    const cancelled = invokeCard(await bot.execute(cancel.verb, cancel.data));
    expect(cardText(cancelled)).toMatch(/Update cancelled[\s\S]*Nothing was saved/);
    expect(await updatesOf(bot, PUB)).toHaveLength(countBefore);
  });

  it('in a channel, only the person who typed an update can confirm it', async () => {
    const result = await bot.say('Pub is the Hub is at risk, two pubs have closed', { user: USERS.tilly, conversationType: 'channel' });
    const card = cardOf(result.replies[0]);
    const confirm = executeOf(card, 'Confirm');
    const before = (await updatesOf(bot, PUB)).length;
    const byJoe = replyText(await bot.execute(confirm.verb, confirm.data, { user: USERS.joe, conversationType: 'channel' }));
    expect(byJoe).toContain("This is Tilly Flanagan's update to");
    expect(byJoe).toContain('only they can confirm or edit it');
    expect(await updatesOf(bot, PUB)).toHaveLength(before);
    const byTilly = invokeCard(await bot.execute(confirm.verb, confirm.data, { user: USERS.tilly, conversationType: 'channel' }));
    expect(cardText(byTilly)).toContain('Recorded by Tilly Flanagan');
    expect((await updatesOf(bot, PUB)).at(-1)).toMatchObject({ commentary: 'two pubs have closed', status: { canonical: 'AT_RISK' } });
  });

  it('a typed date the bot cannot read, an unknown status label and a missing reason come back with specific messages, nothing saved', async () => {
    const versionBefore = (await actionOf(bot, PUB)).version;
    const unreadable = await bot.say('update Pub is the Hub: survey under way; new date sometime soonish because of staffing');
    const text = replyText(unreadable);
    expect(text).toContain('I can\'t read "sometime soonish" as a date');
    expect(text).toMatch(/"September 2018", "31 March 2019"/);
    // The user's text is kept in the form so nothing is lost.
    expect(inputValue(cardOf(unreadable.replies[0]), 'commentary')).toBe('survey under way');

    const label = replyText(await bot.say('update 2.2: status at risk', { user: USERS.heather }));
    expect(label).toContain('"at risk" is not one of the CIP\'s status labels. Use one of: Completed, In progress, On track, Slippage, Not started.');

    const noReason = replyText(await bot.say('update Pub is the Hub: new date March 2021'));
    expect(noReason).toContain('A proposed new date needs a reason for the change');

    expect((await actionOf(bot, PUB)).version).toBe(versionBefore);
  });
});

describe('the update form: Action.Execute and its Action.Submit fallback', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('"update Pub is the Hub" opens the form: the plan\'s statuses, commentary up to 4,000 characters, as-at date, proposed date and the hidden version', async () => {
    const form = await openForm(bot, 'Pub is the Hub');
    const ids = inputs(form).map((i) => `${i.type}:${i.id}`);
    expect(ids).toEqual([
      'Input.ChoiceSet:status',
      'Input.Text:commentary',
      'Input.Date:asAt',
      'Input.Text:proposedRevisedTarget',
      'Input.Text:reasonForChange',
      'Input.Text:mitigation',
      'Input.Text:nextSteps',
    ]);
    const commentary = inputs(form).find((i) => i.id === 'commentary');
    expect(commentary).toMatchObject({ isMultiline: true, maxLength: 4000 });
    expect(inputValue(form, 'asAt')).toBe('2020-11-20');
    const choices = inputs(form).find((i) => i.id === 'status').choices.map((c: any) => c.title);
    expect(choices).toContain('On track');
    const save = executeOf(form, 'Save update');
    expect(save.verb).toBe('update.submit');
    expect(save.data).toMatchObject({ actionId: PUB, expectedVersion: (await actionOf(bot, PUB)).version });
    expect(submitOf(form, 'Save update')).toMatchObject({ verb: 'update.submit', actionId: PUB });
  });

  it('the CIP form offers the council\'s own labels, pre-filled with the current status and commentary', async () => {
    const form = await openForm(bot, '2.2', USERS.heather);
    const status = inputs(form).find((i) => i.id === 'status');
    expect(status.choices.map((c: any) => c.title)).toEqual(['Completed', 'In progress', 'On track', 'Slippage', 'Not started']);
    expect(status.value).toBe('Slippage');
    expect(String(inputValue(form, 'commentary'))).toMatch(/^All the savings plans for 2018\/19 have been signed off/);
  });

  it('Action.Execute: the invoke response is the recorded card, with the inputs gone', async () => {
    const form = await openForm(bot, 'Pub is the Hub');
    const save = executeOf(form, 'Save update');
    const recorded = invokeCard(
      await bot.execute(save.verb, { ...save.data, status: 'On track', commentary: 'Nine wards engaged; <b>12</b> pubs signed up for ${total}', asAt: '2020-11-20', nextSteps: 'Recruit three more pubs' }),
    );
    const text = cardText(recorded);
    expect(text).toContain('Update recorded');
    expect(text).toContain('Recorded by Tilly Flanagan at 12 noon on Friday 20 November 2020');
    expect(text).toContain('Next steps: Recruit three more pubs');
    // User text is data: HTML and ${...} are kept and shown exactly as typed.
    expect(text).toContain('Nine wards engaged; <b>12</b> pubs signed up for ${total}');
    expect(inputs(recorded)).toHaveLength(0);
    const [update] = await updatesOf(bot, PUB);
    expect(update!.commentary).toBe('Nine wards engaged; <b>12</b> pubs signed up for ${total}');
    expect(replyText(await bot.say('status of Pub is the Hub'))).toContain('<b>12</b> pubs signed up for ${total}');
  });

  it('Action.Submit fallback: the form message is updated in place with a PUT to the connector', async () => {
    const form = await openForm(bot, 'staffs-cdp-31'); // Community Help points: Tilly Flanagan is a delivery lead
    const actionId = String(executeOf(form, 'Save update').data.actionId);
    const result = await bot.submit({ ...submitOf(form, 'Save update'), commentary: 'Help points live in 4 libraries', status: 'In progress' }, { replyToId: 'form-activity-1' });
    expect(result.status).toBe(200);
    const put = bot.connector.updates().find((c) => c.activityId === 'form-activity-1');
    expect(put).toBeDefined();
    const card = put!.body.attachments[0].content;
    expect(cardText(card)).toContain('Recorded by Tilly Flanagan at 12 noon');
    expect(cardText(card)).toContain('Help points live in 4 libraries');
    expect(inputs(card)).toHaveLength(0);
    expect((await updatesOf(bot, actionId)).map((u) => u.commentary)).toContain('Help points live in 4 libraries');
  });

  it('a second update by the same person within 15 minutes is recorded as an edit, not a silent overwrite; later it is a new update', async () => {
    bot.clock.advance(5 * 60_000);
    const form = await openForm(bot, 'Pub is the Hub');
    const save = executeOf(form, 'Save update');
    const recorded = invokeCard(await bot.execute(save.verb, { ...save.data, commentary: 'Nine wards engaged; 13 pubs signed up' }));
    expect(cardText(recorded)).toContain('Edit recorded');
    expect(cardText(recorded)).toMatch(/edit of the update at 12 noon on Friday 20 November 2020: both are kept/);
    const updates = await updatesOf(bot, PUB);
    expect(updates.map((u) => u.kind)).toEqual(['update', 'edit']);
    expect(updates[1]!.editsUpdateId).toBe(updates[0]!.id);
    expect(updates[1]!.previous.commentary).toBe('Nine wards engaged; <b>12</b> pubs signed up for ${total}');

    bot.clock.advance(20 * 60_000);
    const later = await openForm(bot, 'Pub is the Hub');
    const saveLater = executeOf(later, 'Save update');
    invokeCard(await bot.execute(saveLater.verb, { ...saveLater.data, commentary: 'Survey sent to all 13 pubs' }));
    expect((await updatesOf(bot, PUB)).map((u) => u.kind)).toEqual(['update', 'edit', 'update']);

    const history = replyText(await bot.say('history of Pub is the Hub'));
    expect(history).toContain('Survey sent to all 13 pubs');
    expect(history).toContain('Edit of the update at 12 noon on Friday 20 November 2020');
    expect(history).toContain('Tilly Flanagan');
    expect(history).toContain('Previous commentary: Nine wards engaged; 13 pubs signed up');
    expect(history).toMatch(/Status: .*On track/);
  });

  it('"No change since last update" keeps status and commentary and refreshes the last-updated time', async () => {
    bot.clock.advance(60 * 60_000);
    const before = await actionOf(bot, PUB);
    const form = await openForm(bot, 'Pub is the Hub');
    const noChange = executeOf(form, 'No change since last update');
    const recorded = invokeCard(await bot.execute(noChange.verb, noChange.data));
    expect(cardText(recorded)).toContain('No change since the last update');
    const after = await actionOf(bot, PUB);
    expect(after.commentary).toBe(before.commentary);
    expect(after.status.canonical).toBe(before.status.canonical);
    expect(after.lastUpdatedAt).toBe(bot.clock.now().toISOString());
    expect((await updatesOf(bot, PUB)).at(-1)!.kind).toBe('no-change');
  });
});

describe('who may update, and delegation', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('someone who is not a lead is refused with the names of who can update', async () => {
    const text = replyText(await bot.say('update Pub is the Hub', { user: USERS.joe }));
    expect(text).toContain("You can't record updates on");
    expect(text).toContain('Andrew Donaldson (WLT owner)');
    expect(text).toContain('Tilly Flanagan (delivery lead)');
    expect(text).toContain('let Joe Sullivan update');
  });

  it('a councillor can read but not write, even with a forged card', async () => {
    const text = replyText(await bot.say('Pub is the Hub is on track', { user: USERS.colin }));
    expect(text).toContain('Councillors can read actions');
    expect(text).toContain('Tilly Flanagan (delivery lead)');
    const version = (await actionOf(bot, PUB)).version;
    const forged = await bot.execute('update.submit', { actionId: PUB, expectedVersion: version, commentary: 'forged', formId: 'forged-1' }, { user: USERS.colin });
    expect(replyText(forged)).toContain("You can't record updates on");
    expect(await updatesOf(bot, PUB)).toHaveLength(0);
  });

  it('a Teams user who is not linked to anyone is told how to get linked', async () => {
    const text = replyText(await bot.say('update Pub is the Hub', { user: USERS.stranger }));
    expect(text).toContain('is not linked to anyone in the plans');
    expect(text).toMatch(/Ask a plan admin to link your account/);
  });

  it('a plan admin of one plan cannot update another plan\'s actions', async () => {
    const text = replyText(await bot.say('update Pub is the Hub', { user: USERS.heather }));
    expect(text).toContain("You can't record updates on");
  });

  it('"let Joe Sullivan update Pub is the Hub": only an owner (or admin) can delegate, and the delegate can then update', async () => {
    const refused = replyText(await bot.say('let Joe Sullivan update Pub is the Hub', { user: USERS.joe }));
    expect(refused).toContain("You can't change who updates");

    const granted = replyText(await bot.say('let Joe Sullivan update Pub is the Hub', { user: USERS.tilly }));
    expect(granted).toContain('Joe Sullivan can now record updates on');
    expect((await actionOf(bot, PUB)).delegateIds).toContain('joe-sullivan');
    const audit = (await bot.app.store.snapshot()).data.audit.filter((a) => a.entityId === PUB && a.command === 'delegation.add');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorName: 'Tilly Flanagan', note: 'Joe Sullivan may record updates' });

    const who = replyText(await bot.say('who can update Pub is the Hub?', { user: USERS.colin }));
    expect(who).toContain('Joe Sullivan (delegate)');

    const form = await openForm(bot, 'Pub is the Hub', USERS.joe);
    const save = executeOf(form, 'Save update');
    const recorded = invokeCard(await bot.execute(save.verb, { ...save.data, commentary: 'Joe: venue list agreed' }, { user: USERS.joe }));
    expect(cardText(recorded)).toContain('Recorded by Joe Sullivan');

    // A delegate cannot pass the right on; councillors cannot be delegates.
    expect(replyText(await bot.say('let Nick Pountney update Pub is the Hub', { user: USERS.joe }))).toContain("You can't change who updates");
    expect(replyText(await bot.say('let Colin Greatorex update Pub is the Hub', { user: USERS.tilly }))).toContain('is a councillor');

    expect(replyText(await bot.say('stop Joe Sullivan updating Pub is the Hub', { user: USERS.tilly }))).toContain('can no longer record updates');
    expect(replyText(await bot.say('update Pub is the Hub', { user: USERS.joe }))).toContain("You can't record updates on");
  });

  it('who can update 2.2? names the plan admins when the source names no lead', async () => {
    const text = replyText(await bot.say('who can update 2.2?'));
    expect(text).toContain('No lead officer or delivery lead is recorded for this action');
    expect(text).toContain('Heather Greenan');
  });
});

describe('committee decisions on revised dates', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('an admin records the endorsement: the revision becomes the approved baseline and leaves "awaiting endorsement"; the original is kept', async () => {
    expect(replyText(await bot.say('what is awaiting endorsement in the CIP?'))).toContain('4.1 Strengthen Standards processes');
    const refused = replyText(await bot.say('endorse the revised date for 4.1 (Audit and Accounts Committee 19 June 2018)', { user: USERS.tilly }));
    expect(refused).toContain('Only admins can record a committee decision');

    const text = replyText(await bot.say('endorse the revised date for 4.1 (Audit and Accounts Committee 19 June 2018)', { user: USERS.heather }));
    expect(text).toContain('Recorded: the Audit and Accounts Committee endorsed the revised date for 4.1');
    expect(text).toContain('Tuesday 19 June 2018');
    expect(text).toContain('The approved target is now September 2018');
    expect(text).toContain('The original target (June 2018 (year inferred)) is kept');

    const action = await actionOf(bot, 'derby-cip-4.1');
    expect(action.revisions[0]).toMatchObject({ state: 'endorsed', meetingDate: '2018-06-19', decidedBy: 'heather-greenan', decisionNote: 'Audit and Accounts Committee' });
    expect(action.originalTarget?.raw).toBe('June');
    expect(replyText(await bot.say('what is awaiting endorsement in the CIP?'))).not.toContain('4.1 Strengthen Standards processes');
    expect(replyText(await bot.say('status of 4.1'))).toMatch(/Approved revised target: September 2018/);
    expect(replyText(await bot.say('history of 4.1'))).toMatch(/Committee decision on a revised date[\s\S]*Endorsed September 2018/);
  });

  it('democratic services records a rejection: the baseline stays, and it leaves the waiting list', async () => {
    const text = replyText(await bot.say('reject the revised date for 4.2 (Audit and Accounts Committee 19 June 2018): training to be booked by July', { user: USERS.nick }));
    expect(text).toContain('rejected the revised date for 4.2');
    expect(text).toContain('The approved target stays March 2018');
    const action = await actionOf(bot, 'derby-cip-4.2');
    expect(action.revisions[0]).toMatchObject({ state: 'rejected', decisionNote: 'Audit and Accounts Committee: training to be booked by July' });
    expect(replyText(await bot.say('what is awaiting endorsement in the CIP?'))).not.toContain('4.2 Undertake LGA');
  });

  it('asks for the meeting when none is given, checks known committees\' meetings, and says when nothing is waiting', async () => {
    expect(replyText(await bot.say('endorse the revised date for 4.3', { user: USERS.heather }))).toMatch(/Say which meeting made the decision|no proposed revised date/);
    expect(replyText(await bot.say('endorse the revised date for 4.1 (Audit and Accounts Committee 19 June 2018)', { user: USERS.heather }))).toContain(
      'There is no proposed revised date waiting for a decision',
    );
    const pending = (await bot.app.store.snapshot()).actions.find((a) => a.planId === 'derby-cip' && a.revisions.some((r) => r.state === 'proposed'))!;
    const wrongDay = replyText(await bot.say(`endorse the revised date for ${pending.id} (Corporate Review Committee 18 November 2020)`, { user: USERS.nick }));
    expect(wrongDay).toContain('The Corporate Review Committee has no meeting on Wednesday 18 November 2020');
  });
});

describe('no lost updates: duplicates, concurrency and bad cards', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('the same invoke delivered twice is recorded once, also after a restart and when the Submit fallback repeats it', async () => {
    const form = await openForm(bot, 'Pub is the Hub');
    const save = executeOf(form, 'Save update');
    const data = { ...save.data, commentary: 'Delivered once' };
    const first = await bot.execute(save.verb, data, { id: 'invoke-dup-1' });
    expect(cardText(invokeCard(first))).toContain('Update recorded');
    await bot.execute(save.verb, data, { id: 'invoke-dup-1' });
    // Teams retried through the fallback path (a new activity, the same form).
    const viaSubmit = await bot.submit({ ...submitOf(form, 'Save update'), commentary: 'Delivered once' }, { replyToId: 'form-dup' });
    expect(viaSubmit.status).toBe(200);
    expect(cardText(bot.connector.updates().find((c) => c.activityId === 'form-dup')!.body.attachments[0].content)).toContain('Already recorded');
    await bot.restart();
    const afterRestart = await bot.execute(save.verb, data, { id: 'invoke-dup-1' });
    expect(cardText(invokeCard(afterRestart))).toContain('Already recorded');
    expect((await updatesOf(bot, PUB)).filter((u) => u.commentary === 'Delivered once')).toHaveLength(1);
  });

  it('two people saving at once from forms of the same version: the first is saved, the second is told about it and keeps their text, then saves it', async () => {
    const tillyForm = await openForm(bot, GRANT_FUND, USERS.tilly);
    const joeForm = await openForm(bot, GRANT_FUND, USERS.joe);
    const tillySave = executeOf(tillyForm, 'Save update');
    const joeSave = executeOf(joeForm, 'Save update');
    expect(tillySave.data.expectedVersion).toBe(joeSave.data.expectedVersion);

    const [tilly, joe] = await Promise.all([
      bot.execute(tillySave.verb, { ...tillySave.data, status: 'On track', commentary: 'Tilly: 40 grants awarded' }, { user: USERS.tilly }),
      bot.execute(joeSave.verb, { ...joeSave.data, status: 'At risk', commentary: 'Joe: panel meeting postponed' }, { user: USERS.joe }),
    ]);
    const cards = [invokeCard(tilly), invokeCard(joe)];
    const saved = cards.filter((c) => cardText(c).includes('Update recorded'));
    const conflicted = cards.filter((c) => cardText(c).includes('Not saved yet'));
    expect(saved).toHaveLength(1);
    expect(conflicted).toHaveLength(1);
    const firstWasTilly = cardText(saved[0]).includes('Tilly Flanagan');
    const [winner, loser] = firstWasTilly ? (['Tilly', 'Joe'] as const) : (['Joe', 'Tilly'] as const);
    const winnerText = winner === 'Tilly' ? 'Tilly: 40 grants awarded' : 'Joe: panel meeting postponed';
    const loserText = loser === 'Tilly' ? 'Tilly: 40 grants awarded' : 'Joe: panel meeting postponed';
    const conflict = conflicted[0];
    const conflictText = cardText(conflict);
    expect(conflictText).toContain(`${winner === 'Tilly' ? 'Tilly Flanagan' : 'Joe Sullivan'} updated this action after your form was made`);
    expect(conflictText).toContain(winnerText);
    // Nothing lost: the second person's own text is still in the card.
    expect(inputValue(conflict, 'commentary')).toBe(loserText);
    expect((await updatesOf(bot, GRANT_FUND)).map((u) => u.commentary)).toEqual([winnerText]);

    const again = executeOf(conflict, 'Save my update');
    const loserUser = loser === 'Tilly' ? USERS.tilly : USERS.joe;
    const resaved = invokeCard(await bot.execute(again.verb, { ...again.data, commentary: inputValue(conflict, 'commentary'), status: inputValue(conflict, 'status') }, { user: loserUser }));
    expect(cardText(resaved)).toContain('Update recorded');
    expect((await updatesOf(bot, GRANT_FUND)).map((u) => u.commentary)).toEqual([winnerText, loserText]);
    const history = replyText(await bot.say(`history of ${GRANT_FUND}`));
    expect(history).toContain(winnerText);
    expect(history).toContain(loserText);
  });

  it('a commentary of 4,001 characters is refused with the count and the limit; nothing saved, the text kept in the form', async () => {
    const form = await openForm(bot, 'Pub is the Hub');
    const save = executeOf(form, 'Save update');
    const before = await actionOf(bot, PUB);
    const long = 'x'.repeat(4001);
    const result = await bot.execute(save.verb, { ...save.data, commentary: long });
    expect(replyText(result)).toContain('The commentary is 4,001 characters; the limit is 4,000');
    const card = invokeCard(result);
    expect(cardText(card)).toContain('Not saved: please correct this');
    expect(inputValue(card, 'commentary')).toBe(long);
    expect((await actionOf(bot, PUB)).version).toBe(before.version);
  });

  it('tampered or broken cards get a message naming the field, and nothing is saved', async () => {
    const form = await openForm(bot, 'Pub is the Hub');
    const save = executeOf(form, 'Save update');
    const before = await bot.app.store.snapshot();
    const count = before.data.updates.length;

    const notNumber = replyText(await bot.execute(save.verb, { ...save.data, expectedVersion: 'abc', commentary: 'x' }));
    expect(notNumber).toContain('This card could not be read: the card version is not a number (got "abc")');
    const missingVersion = replyText(await bot.execute(save.verb, { actionId: PUB, commentary: 'x' }));
    expect(missingVersion).toContain('the card version is missing');
    const unknownAction = replyText(await bot.execute(save.verb, { ...save.data, actionId: 'staffs-cdp-999', commentary: 'x' }));
    expect(unknownAction).toContain("This card refers to an action I don't have (\"staffs-cdp-999\")");
    const missingAction = replyText(await bot.execute(save.verb, { expectedVersion: 1, commentary: 'x' }));
    expect(missingAction).toContain('the action id is missing');
    const wrongType = replyText(await bot.execute(save.verb, { ...save.data, commentary: 42 }));
    expect(wrongType).toContain('the commentary should be text');
    const futureVersion = replyText(await bot.execute(save.verb, { ...save.data, expectedVersion: 9999, commentary: 'x' }));
    expect(futureVersion).toContain('the card was changed after the bot sent it');
    const unknownVerb = replyText(await bot.execute('update.delete-everything', { ...save.data }));
    expect(unknownVerb).toContain('Unknown card action "update.delete-everything"');
    const badDate = replyText(await bot.execute(save.verb, { ...save.data, proposedRevisedTarget: 'sometime soonish', reasonForChange: 'staffing' }));
    expect(badDate).toContain('I can\'t read "sometime soonish" as a date');
    const badStatus = replyText(await bot.submit({ ...submitOf(form, 'Save update'), status: 'Bright green' }));
    expect(badStatus).toContain('"Bright green" is not one of the');
    const badAsAt = replyText(await bot.execute(save.verb, { ...save.data, asAt: '31/11/2020', commentary: 'x' }));
    expect(badAsAt).toContain('The as-at date');

    const after = await bot.app.store.snapshot();
    expect(after.data.updates).toHaveLength(count);
    expect(after.action(PUB)!.version).toBe(before.action(PUB)!.version);
  });

  it('every write left an audit entry, and the data file is valid', async () => {
    await bot.app.store.flush();
    const snapshot = await bot.app.store.snapshot();
    const recorded = snapshot.data.updates.filter((u) => u.channel !== 'seed');
    for (const update of recorded) expect(snapshot.data.audit.some((a) => a.id === `audit-${update.id}`)).toBe(true);
    const processed = snapshot.ext<{ id: string }>('update-commands');
    expect(processed.length).toBeGreaterThanOrEqual(recorded.length);
    const { readFile } = await import('node:fs/promises');
    const file = JSON.parse(await readFile(`${bot.dataDir}/store.json`, 'utf8'));
    expect(StoreData.safeParse(file).success).toBe(true);
  });
});
