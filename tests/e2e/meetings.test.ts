/**
 * Committee, meeting and work-programme questions through /api/messages, on the demo Corporate
 * Review Committee, with the clock fixed at Friday 20 November 2020, noon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkProgrammeItem } from '../../src/domain/model.js';
import { BotHarness, USERS, cardOf, cardText, replyText, type TestUser } from '../helpers/bot-harness.js';

const MANDY: TestUser = { id: '29:mandy', name: 'Mandy Pattinson', aadObjectId: 'aad-mandy', email: 'mandy.pattinson@council.example' };

/** The first line of the (only) answer card: the headline a councillor reads. */
function headline(result: { replies: any[] }): string {
  const card = cardOf(result.replies[0]);
  return card.body[0].text as string;
}

describe('meetings and the forward work programme, through /api/messages', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('the next date reserved for call-in is Friday 4 December 2020 at 2pm: not 9 November (cancelled), not 31 July (past)', async () => {
    const result = await bot.say('when is the next date reserved for call-in?');
    expect(result.replies).toHaveLength(1);
    const title = headline(result);
    expect(title).toBe('The next date reserved for call-in is Friday 4 December 2020 at 2pm.');
    const text = replyText(result);
    expect(text).toContain('Time: 2pm (written "2.pm")');
    expect(text).toContain('convened only if a call-in is lodged');
    expect(text).toContain('The previous reserved date, Monday 9 November 2020, was cancelled');
    expect(text).not.toContain('31 July');
  });

  it('lists this year\'s call-in dates with the cancelled and struck-through ones marked', async () => {
    const text = replyText(await bot.say('all call-in dates this year'));
    expect(text).toContain('Dates reserved for call-in in 2020 (5)');
    expect(text).toContain('Monday 9 November 2020');
    expect(text).toMatch(/Friday 31 July 2020[\s\S]*Also carried ordinary business/);
    expect(text).not.toContain('2021');
    const cancelled = replyText(await bot.say('which call-in dates were cancelled?'));
    expect(cancelled).toContain('Cancelled call-in dates (3)');
    expect(cancelled).not.toContain('4 December');
  });

  it('counts struck-through dates as cancelled meetings, with each source\'s own words', async () => {
    const text = replyText(await bot.say('which meetings were cancelled?'));
    expect(text).toContain('Cancelled meetings (5)');
    expect(text).toContain('Calendar: "9 November 2020 [struck through] - reserved for call-in"');
    expect(text).toContain('Thursday 11 June 2020');
    expect(text).not.toContain('4 December 2020');
  });

  it('the next meeting skips call-in placeholders and says where the table and the calendar disagree', async () => {
    const result = await bot.say("what's on the next Corporate Review agenda?");
    expect(headline(result)).toBe('Next meeting: Monday 23 November 2020 at 2pm');
    const text = replyText(result);
    expect(text).toContain('Scrutiny of the LEP');
    expect(text).toContain('Hosted by: Stoke City Council');
    expect(text).toContain('The sources disagree: Only in the work-programme table; not in the calendar');
    expect(text).toContain('Work programme says: "23 November 2pm Hosted by Stoke City Council Teams meeting"');
  });

  it('answers is it virtual / what time / who hosts for the next meeting', async () => {
    expect(headline(await bot.say('is the next meeting virtual?'))).toMatch(/^Yes: the meeting on Monday 23 November 2020 is virtual/);
    expect(headline(await bot.say('what time is the next meeting?'))).toBe('The meeting on Monday 23 November 2020 starts at 2pm.');
    expect(headline(await bot.say('who hosts the next meeting?'))).toContain('hosted by Stoke City Council');
  });

  it('the agenda for 17 November 2020 shows the Covid-19 update as a verbal report', async () => {
    const result = await bot.say('agenda for 17 November 2020');
    expect(headline(result)).toBe('Meeting: Tuesday 17 November 2020 at 10am');
    const text = replyText(result);
    expect(text).toContain('4. Covid -19 update (verbal report): Verbal report of the Leader of the Council');
    expect(text).toContain('6. Integrated Performance Report - Quarter 2, 2020/21');
    expect(text).toContain('Part Two (exempt): the heading is on the agenda with no items listed.');
    expect(text).toContain('Time: 10am (written "10:00")');
  });

  it('a councillor asking in a channel never sees the exempt item on 21 January 2021', async () => {
    for (const question of ['agenda for 21 January 2021', 'show the work programme', 'what is on the agenda for 21 January 2021?']) {
      const result = await bot.say(question, { user: USERS.colin, conversationType: 'channel' });
      expect(result.replies).toHaveLength(1);
      expect(cardText(cardOf(result.replies[0]))).not.toMatch(/property disposal|commercial terms|paragraph 3/i);
      expect(JSON.stringify(result.replies[0])).not.toMatch(/property disposal|commercial terms/i);
    }
    // Asked by name, the bot does not find it (so it cannot confirm it exists, or give its date).
    for (const question of ['when is the property disposal coming to committee?', 'who is presenting the property disposal?']) {
      const text = cardText(cardOf((await bot.say(question, { user: USERS.colin, conversationType: 'channel' })).replies[0]));
      expect(text).toContain('I can\'t find "property disposal"');
      expect(text).not.toMatch(/commercial terms|paragraph 3|21 January/i);
    }
    const agenda = replyText(await bot.say('agenda for 21 January 2021', { user: USERS.colin, conversationType: 'channel' }));
    expect(agenda).toContain('never shown in a channel or group chat');
    expect(agenda).toContain('Medium Term Financial Strategy Working Group - Final Report');
  });

  it('a democratic services admin (and the committee chair) in a personal chat see it with its exempt paragraph; another officer does not', async () => {
    const admin = replyText(await bot.say('agenda for 21 January 2021', { user: USERS.nick }));
    expect(admin).toContain('Part Two (exempt, not for publication):');
    expect(admin).toContain('Property disposal – commercial terms (exempt): LGA 1972 Sch 12A, paragraph 3: Information relating to the financial or business affairs of any particular person');
    const chair = replyText(await bot.say('agenda for 21 January 2021', { user: USERS.colin }));
    expect(chair).toContain('Property disposal');
    const officer = replyText(await bot.say('agenda for 21 January 2021', { user: USERS.tilly }));
    expect(officer).not.toContain('Property disposal');
    expect(officer).toContain('your account does not have the right to see it');
  });

  it('finds an item by topic whatever its title: Q3 performance report, MTFS working group final report, corporate complaints', async () => {
    expect(headline(await bot.say('when does the Q3 performance report come to committee?'))).toBe(
      'Performance Report – Quarter 3 2020/21 comes to the Corporate Review Committee on Tuesday 30 March 2021.',
    );
    const mtfs = await bot.say('when is the MTFS working group final report?');
    expect(headline(mtfs)).toBe('Medium Term Financial Strategy Working Group - Final Report comes to the Corporate Review Committee on Thursday 21 January 2021.');
    expect(replyText(mtfs)).toContain('The final report of the MTFS 2020 working group');
    const complaints = await bot.say('when does the corporate complaints annual report come to committee?');
    expect(headline(complaints)).toMatch(/^Customer Feedback and Complaints Service - Annual Report 2019-20 \(Corporate Services\) came to the Corporate Review Committee on Tuesday 17 November 2020/);
    const all = replyText(await bot.say('when does the integrated performance report come to committee?'));
    expect(all).toContain('matches 3 work-programme items');
    expect(all).toContain('Next: Tuesday 30 March 2021, Performance Report – Quarter 3 2020/21');
  });

  it('who is presenting: Cabinet Member and officers, and a role when no name is given', async () => {
    const covid = replyText(await bot.say('who is presenting the Covid-19 update?'));
    expect(covid).toContain('Cabinet Member: Alan White');
    expect(covid).toContain('Officer: Richard Harling');
    const july = replyText(await bot.say('who is presenting staffs-crc-2020-07-03-wp-2'));
    expect(july).toContain('Cabinet Member: the Leader (given as a role, no name)');
  });

  it('lists TBC items with how long they have waited, reading 3/7/20 as 3 July 2020', async () => {
    const text = replyText(await bot.say('which items are still TBC?'));
    expect(text).toContain('Work-programme items still TBC (3)');
    expect(text).toContain('Digital Strategy\nWaiting 10 months (315 days), since Friday 10 January 2020');
    expect(text).toContain('Equal Opportunities\nWaiting 4 months (140 days), since Friday 3 July 2020 (written "3/7/20")');
    expect(text).toContain('Last mentioned: Tuesday 6 October 2020 (written "6/10/20")');
    expect(text).toContain('Timing requested: early 2021, possibly January');
    expect(text).toContain('Apprenticeship Levy');
  });

  it('pre-decision scrutiny: Communities Principles goes to Cabinet on 16 December 2020', async () => {
    const text = replyText(await bot.say('which items are pre-decision scrutiny, and when does Cabinet decide?'));
    expect(text).toContain('Pre-decision scrutiny (1)');
    expect(text).toContain('Communities Principle - Update and Plan for 2020/21: Cabinet decides on Wednesday 16 December 2020.');
    expect(text).toContain('Also known as: Communities Principle – Update and Delivery Plan; Communities Principles');
  });

  it('membership, chair, vice-chairs and support officers, saying that the two lists disagree', async () => {
    const members = replyText(await bot.say('who is on the Corporate Review Committee?'));
    expect(members).toContain('Corporate Review Committee: 13 members');
    expect(members).toContain('The membership lists disagree: the agenda names 13, the calendar names 10.');
    expect(members).toContain('Not on the calendar list: Jeremy Pert, Natasha Pullen, Stephen Sweeney.');
    expect(headline(await bot.say('who chairs the committee?'))).toBe('The Corporate Review Committee is chaired by Colin Greatorex.');
    expect(headline(await bot.say('who are the vice-chairs?'))).toBe('Vice-chairs of the Corporate Review Committee: Conor Wileman and Susan Woodward');
    const support = replyText(await bot.say('who are the support officers?'));
    expect(support).toContain('Mandy Pattinson, Interim Scrutiny and Support Manager (01785 278502)');
    expect(support).toContain('Nick Pountney, Scrutiny and Support Manager');
  });

  it('working groups and who sits on the MTFS working group (including a non-committee member)', async () => {
    expect(replyText(await bot.say('what working groups are there?'))).toContain('Working groups (3)');
    const mtfs = replyText(await bot.say('who sits on the MTFS working group?'));
    expect(mtfs).toContain('Chair: Colin Greatorex');
    expect(mtfs).toContain('Observers: Mike Sutherland, Alan White');
    expect(mtfs).toContain('Martyn Tittley is not on the committee\'s membership lists.');
    expect(mtfs).toContain('Final report: Thursday 21 January 2021');
  });

  it('what we resolved last time, and which follow-ups are outstanding (open, not noted)', async () => {
    const last = replyText(await bot.say('what did we resolve last time?'));
    expect(last).toContain('resolved on Tuesday 8 September 2020');
    expect(last).toContain('The meeting on Tuesday 17 November 2020 has no minutes recorded yet');
    expect(last).toContain('That the work programme be noted.\nResolution · noted: no follow-up needed');
    expect(last).toContain('b) Members be supplied with information on the demographics of the current cases in Staffordshire.\nResolution · outstanding');
    const open = replyText(await bot.say('which follow-ups are outstanding?'));
    expect(open).toContain('Outstanding follow-ups (9)');
    expect(open).toContain('c) That the results of the working group set up to look at client debt');
    expect(open).not.toContain('That the work programme be noted');
  });

  it('action questions that mention a meeting still go to the action answers', async () => {
    const result = await bot.say("what's due before the next meeting?");
    expect(replyText(result)).toContain('Due before the next committee');
  });
});

describe('suggest an item for the work programme, through /api/messages', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  beforeAll(async () => {
    await bot.start();
    bot.connector.addMember(MANDY);
  });
  afterAll(async () => {
    await bot.stop();
  });

  async function items(): Promise<readonly WorkProgrammeItem[]> {
    return (await bot.app.store.snapshot()).data.workProgrammeItems;
  }

  it('when no support officer can be reached, the suggester is told and the item is kept', async () => {
    const form = await bot.say('suggest an item for the work programme: Library opening hours', { user: USERS.colin });
    const card = cardOf(form.replies[0]);
    expect(cardText(card)).toContain('Suggest an item for the work programme');
    const topic = card.body.find((e: any) => e.id === 'topic');
    expect(topic.value).toBe('Library opening hours');
    const submit = card.actions[0];
    expect(submit.data.verb).toBe('wp.suggest');
    const result = await bot.submit({ ...submit.data, committeeId: 'staffs-crc', topic: 'Library opening hours', reason: 'Residents report reduced hours since 3/7/20.', suggestedDate: '2021-03-30' }, { user: USERS.colin });
    const text = replyText(result);
    expect(text).toContain('"Library opening hours" is saved as an item for consideration for the Corporate Review Committee');
    expect(text).toContain("I couldn't reach Mandy Pattinson or Nick Pountney in Teams, but the suggestion is saved");
    const stored = (await items()).find((i) => i.topic === 'Library opening hours');
    expect(stored).toMatchObject({ status: 'for-consideration', suggestedBy: 'colin-greatorex', suggestedAt: '2020-11-20T12:00:00.000Z', background: 'Residents report reduced hours since 3/7/20.' });
    const audit = (await bot.app.store.snapshot()).data.audit.find((a) => a.entityId === stored!.id);
    expect(audit).toMatchObject({ command: 'suggest-work-programme-item', actorId: 'colin-greatorex' });
  });

  it('is stored once and sent to the support officer who can be reached; a second click adds nothing', async () => {
    await bot.say('help', { user: USERS.nick });
    const form = cardOf((await bot.say('suggest an item for the work programme', { user: USERS.colin })).replies[0]);
    const data = { ...form.actions[0].data, committeeId: 'staffs-crc', topic: 'Highways maintenance backlog', reason: 'Complaints have doubled.', suggestedDate: '' };
    bot.connector.clear();
    const first = await bot.submit(data, { user: USERS.colin });
    expect(replyText(first)).toContain("Sent to Nick Pountney; I couldn't reach Mandy Pattinson in Teams.");
    const toNick = bot.connector.messages(`a:personal-${USERS.nick.id}`);
    expect(toNick).toHaveLength(1);
    const notice = cardText(cardOf(toNick[0]));
    expect(notice).toContain('New work-programme suggestion for the Corporate Review Committee');
    expect(notice).toContain('Highways maintenance backlog');
    expect(notice).toContain('Suggested by Colin Greatorex');
    const again = await bot.submit(data, { user: USERS.colin });
    expect(replyText(again)).toContain('This suggestion was already sent.');
    expect((await items()).filter((i) => i.topic === 'Highways maintenance backlog')).toHaveLength(1);
    expect(bot.connector.messages(`a:personal-${USERS.nick.id}`)).toHaveLength(1);
    const listed = replyText(await bot.say('items for consideration'));
    expect(listed).toContain('Highways maintenance backlog');
    expect(listed).toContain('Suggested by Colin Greatorex');
  });

  it('bad input is refused with what was wrong, and nothing is stored', async () => {
    const before = (await items()).length;
    const form = cardOf((await bot.say('suggest an item for the work programme', { user: USERS.colin })).replies[0]);
    const empty = await bot.submit({ ...form.actions[0].data, committeeId: 'staffs-crc', topic: ' ' }, { user: USERS.colin });
    expect(replyText(empty)).toContain('The suggestion was not saved: the topic is too short (at least 3 characters).');
    const past = await bot.submit({ ...form.actions[0].data, committeeId: 'staffs-crc', topic: 'Old news', suggestedDate: '2020-01-01' }, { user: USERS.colin });
    expect(replyText(past)).toContain('the suggested date, Wednesday 1 January 2020, is in the past');
    const unknown = await bot.submit({ ...form.actions[0].data, committeeId: 'no-such-committee', topic: 'Something' }, { user: USERS.colin });
    expect(replyText(unknown)).toContain('there is no committee "no-such-committee"');
    expect((await items()).length).toBe(before);
  });
});
