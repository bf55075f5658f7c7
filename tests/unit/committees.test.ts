/**
 * The committee core: meeting flags and visibility, membership disagreement, work-programme ages,
 * decision status for records dated in the future, which call-in reminders are due, and that every
 * committee answer renders as a valid Adaptive Card.
 */
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { validateCard } from '../../src/cards/validate.js';
import { callInLodgingProblem, decisionStatus } from '../../src/domain/decisions.js';
import {
  isCallInPlaceholder,
  mayReadCommitteeExempt,
  meetingTimeText,
  membershipDisagreement,
  nextMeeting,
  visibleAgendaItems,
} from '../../src/domain/meetings.js';
import { CallInRules, Decision, StoreData } from '../../src/domain/model.js';
import { Snapshot } from '../../src/domain/snapshot.js';
import { describeWait, tbcItems, waitingTime } from '../../src/domain/work-programme.js';
import { dueCallInReminders, reminderReply } from '../../src/features/call-in/reminders.js';
import { demoContext, demoData, demoRouter } from '../helpers/chat-context.js';

const NOW = new Date('2020-11-20T12:00:00Z');
const RULES = CallInRules.parse({});

function snapshot(data = demoData()): Snapshot {
  return new Snapshot(StoreData.parse(data), 1);
}

describe('meetings', () => {
  const s = snapshot();
  const meetings = s.meetingsOf('staffs-crc');

  it('the next meeting is 23 November 2020, skipping placeholders; 4 December is a placeholder', () => {
    expect(nextMeeting(meetings, NOW)?.id).toBe('staffs-crc-2020-11-23');
    expect(isCallInPlaceholder(s.meeting('staffs-crc-2020-12-04')!)).toBe(true);
    expect(isCallInPlaceholder(s.meeting('staffs-crc-2020-07-31')!)).toBe(false);
    expect(nextMeeting(meetings, new Date('2020-11-23T15:00:00Z'))?.id).toBe('staffs-crc-2021-01-21');
  });

  it('keeps the time as written next to the normalised one', () => {
    expect(meetingTimeText(s.meeting('staffs-crc-2020-12-04')!)).toBe('2pm (written "2.pm")');
    expect(meetingTimeText(s.meeting('staffs-crc-2020-11-23')!)).toBe('2pm');
    expect(meetingTimeText(s.meeting('staffs-crc-2021-01-08')!)).toBeUndefined();
  });

  it('filters Part Two items by audience: never in a channel, in a personal chat only with the right', () => {
    const items = s.meeting('staffs-crc-2021-01-21')!.items;
    const channel = visibleAgendaItems(items, { conversationKind: 'channel', mayReadInternal: true, mayReadExempt: true });
    expect(channel.withheld).toBe(1);
    expect(channel.visible.map((i) => i.title)).not.toContain('Property disposal – commercial terms (exempt)');
    const personal = visibleAgendaItems(items, { conversationKind: 'personal', mayReadInternal: false, mayReadExempt: true });
    expect(personal.withheld).toBe(0);
    const committee = s.committee('staffs-crc')!;
    expect(mayReadCommitteeExempt(committee, 'colin-greatorex', new Set())).toBe(true);
    expect(mayReadCommitteeExempt(committee, 'mandy-pattinson', new Set())).toBe(true);
    expect(mayReadCommitteeExempt(committee, 'martyn-tittley', new Set(['member']))).toBe(false);
    expect(mayReadCommitteeExempt(committee, 'tilly-flanagan', new Set(['officer', 'plan-admin']))).toBe(false);
    expect(mayReadCommitteeExempt(committee, undefined, new Set(['democratic-services-admin']))).toBe(true);
  });

  it('says where the membership lists disagree', () => {
    const disagreement = membershipDisagreement(s.committee('staffs-crc')!);
    expect(disagreement?.lists).toEqual([
      { name: 'agenda', count: 13 },
      { name: 'calendar', count: 10 },
    ]);
    expect(disagreement?.missing).toEqual([{ list: 'calendar', personIds: ['jeremy-pert', 'natasha-pullen', 'stephen-sweeney'] }]);
  });
});

describe('work programme ages', () => {
  const items = snapshot().data.workProgrammeItems;

  it('counts from the earliest date written in the item, read day-first', () => {
    const equal = items.find((i) => i.topic === 'Equal Opportunities')!;
    expect(waitingTime(equal, '2020-11-20')).toEqual({ since: { raw: '3/7/20', date: '2020-07-03' }, latest: { raw: '6/10/20', date: '2020-10-06' }, days: 140 });
    expect(tbcItems(items, '2020-11-20').map((t) => t.item.topic.slice(0, 20))).toEqual(['Digital Strategy', 'Equal Opportunities', 'Governance and contr']);
  });

  it('describes waits in months and days', () => {
    expect(describeWait('2020-01-10', '2020-11-20')).toBe('10 months (315 days)');
    expect(describeWait('2020-11-10', '2020-11-20')).toBe('10 days');
    expect(describeWait('2019-09-01', '2020-11-20')).toBe('1 year 2 months (446 days)');
  });
});

describe('decision status', () => {
  const base = Decision.parse({ id: 'd', councilId: 'c', title: 'T', decisionMaker: 'Cabinet', takenOn: '2020-12-16', publishedOn: '2020-12-18' });

  it('a decision taken and published in the future is "not yet taken", never in call-in, with a projection', () => {
    const status = decisionStatus(base, RULES, NOW);
    expect(status.state).toBe('not-yet-taken');
    expect(status.implementable).toBe(false);
    expect(status.projected).toBe(true);
    expect(status.period?.lastDay).toBe('2020-12-29');
  });

  it('taken but not yet published is "not yet published"', () => {
    const status = decisionStatus({ ...base, takenOn: '2020-11-19', publishedOn: '2020-11-23' }, RULES, NOW);
    expect(status.state).toBe('not-yet-published');
    expect(status.reason).toContain('not published yet');
  });

  it('published: in call-in, then implementable; called-in blocks', () => {
    const published = { ...base, takenOn: '2020-11-11', publishedOn: '2020-11-13' };
    expect(decisionStatus(published, RULES, NOW).state).toBe('in-call-in');
    expect(decisionStatus(published, RULES, new Date('2020-11-21T00:00:00Z')).state).toBe('can-be-implemented');
    expect(decisionStatus({ ...published, calledIn: true }, RULES, new Date('2020-11-25T00:00:00Z'))).toMatchObject({ state: 'called-in', implementable: false });
  });

  it('a call-in can be lodged only within the period', () => {
    const published = { ...base, takenOn: '2020-11-11', publishedOn: '2020-11-13' };
    expect(callInLodgingProblem(published, RULES, '2020-11-20')).toBeUndefined();
    expect(callInLodgingProblem(published, RULES, '2020-11-23')).toContain('ended on Friday 20 November 2020');
    expect(callInLodgingProblem(published, RULES, '2020-11-12')).toContain('only be lodged once it is published');
    expect(callInLodgingProblem({ ...published, urgencyReason: 'Urgent because of winter' }, RULES, '2020-11-16')).toContain('urgency');
  });
});

describe('call-in reminders due', () => {
  it('due from 2 working days before the reserved date until the date itself, to the support officers and the chair', () => {
    const s = snapshot();
    expect(dueCallInReminders(s, new Date('2020-12-01T12:00:00Z'))).toEqual([]);
    const due = dueCallInReminders(s, new Date('2020-12-02T08:00:00Z'));
    expect(due.map((d) => d.meeting.id)).toEqual(['staffs-crc-2020-12-04']);
    expect(due[0]!.recipientIds).toEqual(['mandy-pattinson', 'nick-pountney', 'colin-greatorex']);
    expect(dueCallInReminders(s, new Date('2020-12-04T09:00:00Z')).map((d) => d.meeting.id)).toEqual(['staffs-crc-2020-12-04']);
    expect(dueCallInReminders(s, new Date('2020-12-04T15:00:00Z'))).toEqual([]);
    expect(reminderReply(s, due[0]!).card?.data.title).toBe('Friday 4 December 2020 2pm is reserved for call-in; no call-in has been lodged; cancel?');
  });

  it('the number of working days comes from the council\'s rules, and cancelled dates get no reminder', () => {
    const data = demoData();
    data.councils.find((c) => c.id === 'staffordshire')!.callInRules.reminderWorkingDaysBefore = 5;
    expect(dueCallInReminders(snapshot(data), new Date('2020-11-27T09:00:00Z')).map((d) => d.meeting.id)).toEqual(['staffs-crc-2020-12-04']);
    data.meetings.find((m) => m.id === 'staffs-crc-2020-12-04')!.cancelled = true;
    expect(dueCallInReminders(snapshot(data), new Date('2020-11-27T09:00:00Z'))).toEqual([]);
  });
});

const QUESTIONS = [
  'when is the next date reserved for call-in?',
  'all call-in dates this year',
  'which meetings were cancelled?',
  "what's on the next Corporate Review agenda?",
  'agenda for 17 November 2020',
  'agenda for 21 January 2021',
  'is the next meeting virtual?',
  'who is presenting the Covid-19 update?',
  'when does the Q3 performance report come to committee?',
  'when does the performance report come to committee?',
  'when is the digital strategy coming to committee?',
  'which items are still TBC?',
  'which items are pre-decision scrutiny, and when does Cabinet decide?',
  'who is on the Corporate Review Committee?',
  'what working groups are there?',
  'who sits on the MTFS working group?',
  'what did we resolve last time?',
  'which follow-ups are outstanding?',
  'show the work programme',
  'suggest an item for the work programme',
  'if a decision is published on Friday 16 September 2022, when does call-in end?',
  'which decisions are in their call-in period now?',
  'when does call-in end for the social media decision?',
  'can the communities delivery plan decision be implemented yet?',
  'when must the agenda for the next meeting be published?',
  'latest date to give notice of a key decision taken on 16 December 2020?',
  'record decision',
];

describe('every committee answer card is a valid Adaptive Card 1.5', () => {
  it.each(QUESTIONS)('%s', async (question) => {
    const ctx = await demoContext({ personId: 'nick-pountney', roles: ['democratic-services-admin'] });
    const { intent, reply } = await demoRouter().reply(question, ctx);
    expect(intent).not.toBe('not-understood');
    const card = renderCard(reply.card!.template, reply.card!.data);
    expect(validateCard(card)).toEqual([]);
  });

  it('the reminder card is valid', () => {
    const s = snapshot();
    const due = dueCallInReminders(s, new Date('2020-12-02T08:00:00Z'))[0]!;
    const reply = reminderReply(s, due);
    expect(validateCard(renderCard(reply.card!.template, reply.card!.data))).toEqual([]);
  });
});
