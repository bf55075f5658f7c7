/**
 * Call-in for decisions, notice deadlines, democratic services' writes and the call-in reminder,
 * through /api/messages with the clock fixed (Friday 20 November 2020, noon, unless a test moves it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, USERS, cardOf, cardText, replyText, type TestUser } from '../helpers/bot-harness.js';

const MANDY: TestUser = { id: '29:mandy', name: 'Mandy Pattinson', aadObjectId: 'aad-mandy', email: 'mandy.pattinson@council.example' };

function headline(result: { replies: any[] }): string {
  return cardOf(result.replies[0]).body[0].text as string;
}

describe('call-in questions, through /api/messages', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('the Salford vector: published Friday 16 September 2022, call-in ends Monday 26 September, skipping the state funeral', async () => {
    const result = await bot.say('if a decision is published on Friday 16 September 2022, when does call-in end?');
    expect(headline(result)).toBe('Call-in ends at the end of Monday 26 September 2022; the decision can be implemented from Tuesday 27 September 2022.');
    const text = replyText(result);
    expect(text).toContain(
      'Working days counted (5): Tuesday 20 September 2022; Wednesday 21 September 2022; Thursday 22 September 2022; Friday 23 September 2022; Monday 26 September 2022',
    );
    expect(text).toContain('Monday 19 September 2022 (Bank Holiday for the State Funeral of Queen Elizabeth II)');
    expect(text).toContain('Saturday 17 September 2022 (weekend)');
  });

  it('says when the weekday in the question does not match the date', async () => {
    const text = replyText(await bot.say('if a decision is published on Thursday 16/09/2022, when does call-in end?'));
    expect(text).toContain('Call-in ends at the end of Monday 26 September 2022');
    expect(text).toContain('is a Friday; I have used the date');
  });

  it('which decisions are in their call-in period now: a decision dated in the future is "not taken yet", never "in call-in"', async () => {
    const card = cardOf((await bot.say('which decisions are in their call-in period now?')).replies[0]);
    expect(card.body[0].text).toBe('Decisions in their call-in period now (1)');
    const text = cardText(card);
    const inCallIn = text.slice(text.indexOf('In their call-in period now'), text.indexOf('Not taken or not published yet'));
    expect(inCallIn).toContain('Procurement of a Social Media Management System');
    expect(inCallIn).toContain('Call-in ends at the end of Friday 20 November 2020; can be implemented from Saturday 21 November 2020');
    expect(inCallIn).not.toContain('Communities Principle');
    expect(text.slice(text.indexOf('Not taken or not published yet'))).toContain('Communities Principle – Update and Delivery Plan 2020/21 approved');
  });

  it('has it been called in: not yet, while its period runs', async () => {
    expect(headline(await bot.say('has the social media decision been called in?'))).toMatch(/^No call-in is recorded for .* yet; its call-in period ends at the end of Friday 20 November 2020\.$/);
  });

  it('when does call-in end for a decision, with the working days counted', async () => {
    const result = await bot.say('when does call-in end for the social media management system decision?');
    expect(headline(result)).toBe('Call-in for "Procurement of a Social Media Management System for #DoingOurBit (illustrative)" ends at the end of Friday 20 November 2020.');
    expect(replyText(result)).toContain('Working days counted (5): Monday 16 November 2020; Tuesday 17 November 2020;');
  });

  it('can it be implemented yet: not yet / no (not taken) / yes once the period has ended', async () => {
    expect(headline(await bot.say('can the social media management system be implemented yet?'))).toMatch(/^Not yet: .* is in its call-in period until the end of Friday 20 November 2020/);
    const future = await bot.say('can the communities delivery plan decision be implemented yet?');
    expect(headline(future)).toBe('No: "Communities Principle – Update and Delivery Plan 2020/21 approved (illustrative)" has not been taken yet.');
    expect(replyText(future)).toContain('call-in would end at the end of Tuesday 29 December 2020');
    bot.clock.set('2020-11-23T09:00:00Z');
    try {
      expect(headline(await bot.say('can the social media management system be implemented yet?'))).toMatch(/^Yes: .* can be implemented \(from Saturday 21 November 2020\)\./);
    } finally {
      bot.clock.set('2020-11-20T12:00:00Z');
    }
  });

  it('when must the agenda be published (5 clear working days) and key-decision notice (28 clear days)', async () => {
    const agenda = await bot.say('when must the agenda for 4 December 2020 be published?');
    expect(headline(agenda)).toBe('The agenda for the Corporate Review Committee on Friday 4 December 2020 at 2pm must be published by Thursday 26 November 2020.');
    expect(replyText(agenda)).toContain('Clear days: Friday 27 November 2020; Monday 30 November 2020; Tuesday 1 December 2020; Wednesday 2 December 2020; Thursday 3 December 2020');
    const notice = await bot.say('latest date to give notice of a key decision taken on 16 December 2020?');
    expect(headline(notice)).toBe('Notice of a key decision to be taken on Wednesday 16 December 2020 must be published by Tuesday 17 November 2020.');
  });
});

describe('democratic services record decisions and call-ins', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  async function decision(id: string) {
    return (await bot.app.store.snapshot()).data.decisions.find((d) => d.id === id);
  }

  it('records a decision from chat, audited, and answers where it stands', async () => {
    const result = await bot.say('record decision: Library service review; decision maker Cabinet; taken 18 November 2020; published 19 November 2020; key decision', { user: USERS.nick });
    expect(headline(result)).toBe('Recorded: "Library service review"');
    expect(replyText(result)).toContain('In the call-in period, which ends at the end of Thursday 26 November 2020');
    const stored = await decision('staffordshire-dec-2020-11-18-library-service-review');
    expect(stored).toMatchObject({ councilId: 'staffordshire', decisionMaker: 'Cabinet', takenOn: '2020-11-18', publishedOn: '2020-11-19', keyDecision: true, subjectToCallIn: true, recordedBy: 'nick-pountney' });
    const audit = (await bot.app.store.snapshot()).data.audit.find((a) => a.entityId === stored!.id);
    expect(audit).toMatchObject({ command: 'record-decision', actorId: 'nick-pountney', at: '2020-11-20T12:00:00.000Z' });
    const again = await bot.say('record decision: Library service review; decision maker Cabinet; taken 18 November 2020; published 19 November 2020', { user: USERS.nick });
    expect(replyText(again)).toContain('This decision was already recorded');
  });

  it('refuses a councillor, and explains bad input; nothing is stored', async () => {
    const before = (await bot.app.store.snapshot()).data.decisions.length;
    const councillor = await bot.say('record decision: Something; decision maker Cabinet; taken 18 November 2020; published 19 November 2020', { user: USERS.colin });
    expect(headline(councillor)).toBe('Only democratic services can record decisions.');
    const badDate = await bot.say('record decision: Something; decision maker Cabinet; taken 31 February 2021; published 19 November 2020', { user: USERS.nick });
    expect(headline(badDate)).toContain('The decision was not recorded');
    const order = await bot.say('record decision: Something; decision maker Cabinet; taken 19 November 2020; published 18 November 2020', { user: USERS.nick });
    expect(headline(order)).toBe('The decision was not recorded: the publication date is before the date the decision was taken.');
    const unknown = await bot.say('record decision: Something; decision maker Cabinet; taken 18 November 2020; published 19 November 2020; colour blue', { user: USERS.nick });
    expect(headline(unknown)).toBe('The decision was not recorded: I didn\'t understand "colour blue".');
    expect((await bot.app.store.snapshot()).data.decisions.length).toBe(before);
  });

  it('records a decision from the card form, including the urgency procedure', async () => {
    const form = cardOf((await bot.say('record decision', { user: USERS.nick })).replies[0]);
    expect(cardText(form)).toContain('Record a decision');
    const submit = form.actions[0].data;
    expect(submit.verb).toBe('decision.record');
    const result = await bot.submit(
      { ...submit, councilId: 'staffordshire', title: 'Emergency winter grants', decisionMaker: 'Leader', takenOn: '2020-11-19', publishedOn: '2020-11-19', keyDecision: 'false', exempt: 'false', urgencyReason: 'Delay would seriously prejudice vulnerable residents this winter.' },
      { user: USERS.nick },
    );
    expect(replyText(result)).toContain('Recorded: "Emergency winter grants"');
    expect(replyText(result)).toContain('Not subject to call-in: taken under the urgency procedure');
    expect(await decision('staffordshire-dec-2020-11-19-emergency-winter-grants')).toMatchObject({ subjectToCallIn: false, decisionMaker: 'Leader' });
    const refused = await bot.submit({ ...submit, councilId: 'staffordshire', title: 'Sneaky', decisionMaker: 'Cabinet', takenOn: '2020-11-19', publishedOn: '2020-11-19' }, { user: USERS.tilly });
    expect(replyText(refused)).toContain('Only democratic services can record decisions.');
    expect(await decision('staffordshire-dec-2020-11-19-sneaky')).toBeUndefined();
  });

  it('marks a call-in; then the decision cannot be implemented; a late call-in is refused', async () => {
    const refused = await bot.say('decision social media management system has been called in', { user: USERS.colin });
    expect(headline(refused)).toBe('Only democratic services can record a call-in.');
    const result = await bot.say('decision social media management system has been called in', { user: USERS.nick });
    expect(headline(result)).toContain('has been called in.');
    const stored = await decision('staffs-dec-2020-11-11-social-media-management-system');
    expect(stored).toMatchObject({ calledIn: true, calledInOn: '2020-11-20', version: 2 });
    expect((await bot.app.store.snapshot()).data.audit.some((a) => a.command === 'record-call-in' && a.entityId === stored!.id)).toBe(true);
    expect(headline(await bot.say('can the social media management system be implemented yet?'))).toMatch(/^No: .* has been called in\.$/);
    expect(headline(await bot.say('has the social media decision been called in?'))).toMatch(/^Yes: .* has been called in \(on Friday 20 November 2020\)\.$/);

    await bot.say('record decision: Old parking charges; decision maker Cabinet; taken 30 October 2020; published 2 November 2020', { user: USERS.nick });
    const late = await bot.say('decision old parking charges has been called in', { user: USERS.nick });
    expect(replyText(late)).toContain('The call-in period ended on Monday 9 November 2020');
    expect(await decision('staffordshire-dec-2020-10-30-old-parking-charges')).toMatchObject({ calledIn: false });
  });
});

describe('call-in reminder to the support officers and chair', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  const reminders = () => ({ run: () => bot.app.features.callIn.runReminders() });
  const chats = [USERS.nick, USERS.colin, MANDY].map((u) => `a:personal-${u.id}`);
  const REMINDER = 'Friday 4 December 2020 2pm is reserved for call-in; no call-in has been lodged; cancel?';

  beforeAll(async () => {
    await bot.start();
    bot.connector.addMember(MANDY);
    // Each has talked to the bot once, so the bot can write to them.
    for (const user of [USERS.nick, USERS.colin, MANDY, USERS.tilly]) await bot.say('help', { user });
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('sends nothing before the reminder day (2 working days before the meeting)', async () => {
    bot.clock.set('2020-12-01T09:00:00Z');
    bot.connector.clear();
    const run = await reminders().run();
    expect(run.meetings).toEqual([]);
    expect(bot.connector.messages()).toHaveLength(0);
  });

  it('on Wednesday 2 December 2020 the support officers and the chair get the reminder once', async () => {
    bot.clock.set('2020-12-02T08:00:00Z');
    bot.connector.clear();
    const run = await reminders().run();
    expect(run.meetings).toEqual(['staffs-crc-2020-12-04']);
    expect(run.report?.counts.sent).toBe(3);
    for (const chat of chats) {
      const delivered = bot.connector.messages(chat);
      expect(delivered).toHaveLength(1);
      const card = cardOf(delivered[0]);
      expect(card.body[0].text).toBe(REMINDER);
      expect(card.actions.map((a: any) => a.title)).toEqual(['Cancel the meeting', 'Keep it']);
      expect(card.actions[0]).toMatchObject({ type: 'Action.Execute', verb: 'callin.reminder.cancel', data: { meetingId: 'staffs-crc-2020-12-04' } });
    }
    expect(bot.connector.messages(`a:personal-${USERS.tilly.id}`)).toHaveLength(0);
    const again = await reminders().run();
    expect(again.report?.counts['already-sent']).toBe(3);
    expect(bot.connector.messages()).toHaveLength(3);
  });

  it('only the support officer, chair or democratic services may press the buttons', async () => {
    const result = await bot.execute('callin.reminder.cancel', { meetingId: 'staffs-crc-2020-12-04' }, { user: USERS.tilly });
    expect(JSON.stringify(result.body)).toContain('Only the support officer, the chair or democratic services can answer this reminder.');
    expect((await bot.app.store.snapshot()).meeting('staffs-crc-2020-12-04')).toMatchObject({ cancelled: false });
  });

  it('Cancel marks the meeting cancelled, with a note and an audit entry; the next call-in date moves on', async () => {
    const result = await bot.execute('callin.reminder.cancel', { meetingId: 'staffs-crc-2020-12-04' }, { user: MANDY });
    expect(result.body.statusCode).toBe(200);
    expect(result.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const updated = cardText(result.body.value);
    expect(updated).toContain('Friday 4 December 2020 2pm is now marked cancelled.');
    expect(updated).toContain('The next date reserved for call-in is Friday 8 January 2021.');
    const snapshot = await bot.app.store.snapshot();
    const meeting = snapshot.meeting('staffs-crc-2020-12-04')!;
    expect(meeting.cancelled).toBe(true);
    expect(meeting.notes.at(-1)).toBe('Cancelled on Wednesday 2 December 2020 at 8am by Mandy Pattinson from the call-in reminder: no call-in lodged.');
    expect(snapshot.data.audit.find((a) => a.command === 'cancel-call-in-meeting')).toMatchObject({ actorId: 'mandy-pattinson', entityId: 'staffs-crc-2020-12-04', before: { cancelled: false } });
    expect(headline(await bot.say('when is the next date reserved for call-in?'))).toBe('The next date reserved for call-in is Friday 8 January 2021.');
    const twice = await bot.execute('callin.reminder.cancel', { meetingId: 'staffs-crc-2020-12-04' }, { user: USERS.colin });
    expect(cardText(twice.body.value)).toContain('is already cancelled');
  });

  it('when a call-in has been lodged, the reminder says the meeting is needed and Cancel is refused', async () => {
    bot.clock.set('2020-12-21T10:00:00Z');
    await bot.say('decision communities principle update and delivery plan has been called in', { user: USERS.nick });
    bot.clock.set('2021-01-06T08:00:00Z');
    bot.connector.clear();
    const run = await reminders().run();
    expect(run.meetings).toEqual(['staffs-crc-2021-01-08']);
    const card = cardOf(bot.connector.messages(`a:personal-${USERS.nick.id}`)[0]);
    expect(card.body[0].text).toBe('Friday 8 January 2021 is reserved for call-in; a call-in has been lodged, so the meeting is needed.');
    expect(card.actions.map((a: any) => a.title)).toEqual(['Keep it']);
    const tampered = await bot.execute('callin.reminder.cancel', { meetingId: 'staffs-crc-2021-01-08' }, { user: USERS.nick });
    expect(JSON.stringify(tampered.body)).toContain('was not cancelled: a call-in has been lodged');
    const kept = await bot.execute('callin.reminder.keep', { meetingId: 'staffs-crc-2021-01-08' }, { user: USERS.colin });
    expect(cardText(kept.body.value)).toContain('Friday 8 January 2021 stays reserved for call-in.');
    const meeting = (await bot.app.store.snapshot()).meeting('staffs-crc-2021-01-08')!;
    expect(meeting.cancelled).toBe(false);
    expect(meeting.notes.at(-1)).toMatch(/^Kept on Wednesday 6 January 2021 at 8am by Colin Greatorex/);
  });
});
