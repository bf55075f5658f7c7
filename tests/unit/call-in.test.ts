import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CallInRules, Decision, Meeting } from '../../src/domain/model.js';
import {
  agendaPublicationDeadline,
  callInPeriod,
  callInReminderDate,
  callInState,
  keyDecisionNoticeDeadline,
  nextReservedCallInMeeting,
  reservedCallInMeetings,
} from '../../src/domain/call-in.js';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../src/domain/calendar.js';
import { addDays, daysBetween } from '../../src/domain/uk-format.js';

const rules = CallInRules.parse({});
const salfordRules = CallInRules.parse({ workingDays: 5, cutOffTime: '16:00' });

function decision(over: Partial<Decision> & { publishedOn: string }): Decision {
  return Decision.parse({
    id: 'd1',
    councilId: 'c1',
    title: 'Corporate Improvement Plan update',
    decisionMaker: 'Cabinet',
    takenOn: over.publishedOn,
    ...over,
  });
}

describe('callInPeriod', () => {
  it('Salford: published Friday 16 September 2022, the Queen’s funeral skipped, implementable Tuesday 27 September', () => {
    const p = callInPeriod('2022-09-16', rules);
    expect(p.firstDay).toBe('2022-09-20');
    expect(p.lastDay).toBe('2022-09-26');
    expect(p.implementableFrom).toBe('2022-09-27');
    expect(p.workingDaysCounted).toEqual(['2022-09-20', '2022-09-21', '2022-09-22', '2022-09-23', '2022-09-26']);
    expect(p.cutOffTime).toBeUndefined();
    expect(p.effectiveAt).toBe('2022-09-27T00:00:00+01:00');
    expect(p.skippedDays).toEqual([
      { date: '2022-09-17', kind: 'weekend', name: 'Saturday' },
      { date: '2022-09-18', kind: 'weekend', name: 'Sunday' },
      { date: '2022-09-19', kind: 'bank-holiday', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
      { date: '2022-09-24', kind: 'weekend', name: 'Saturday' },
      { date: '2022-09-25', kind: 'weekend', name: 'Sunday' },
    ]);
  });

  it('Salford with the 4pm cut-off: effective at 4pm (BST) on the last day, implementable by date the next day', () => {
    const p = callInPeriod('2022-09-16', salfordRules);
    expect(p.lastDay).toBe('2022-09-26');
    expect(p.cutOffTime).toBe('16:00');
    expect(p.effectiveAt).toBe('2022-09-26T16:00:00+01:00');
    expect(p.implementableFrom).toBe('2022-09-27');
  });

  it('cut-off in GMT uses +00:00', () => {
    expect(callInPeriod('2020-11-20', salfordRules).effectiveAt).toBe('2020-11-27T16:00:00+00:00');
  });

  it('published before Christmas 2020 runs into January', () => {
    const p = callInPeriod('2020-12-23', rules);
    expect(p.workingDaysCounted).toEqual(['2020-12-24', '2020-12-29', '2020-12-30', '2020-12-31', '2021-01-04']);
    expect(p.implementableFrom).toBe('2021-01-05');
    expect(p.skippedDays.filter((d) => d.kind === 'bank-holiday').map((d) => d.date)).toEqual([
      '2020-12-25',
      '2020-12-28',
      '2021-01-01',
    ]);
  });

  it('council closure days are skipped too', () => {
    const withClosures = CallInRules.parse({ extraClosureDays: ['2020-12-24', '2020-12-29'] });
    expect(callInPeriod('2020-12-23', withClosures).lastDay).toBe('2021-01-06');
  });

  it('other periods: 3 working days over the 2022 Jubilee', () => {
    const p = callInPeriod('2022-05-31', CallInRules.parse({ workingDays: 3 }));
    expect(p.workingDaysCounted).toEqual(['2022-06-01', '2022-06-06', '2022-06-07']);
  });

  it('property: counted days are the working days after publication, implementable the next day', () => {
    const base = '2015-01-01';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: daysBetween(base, '2028-11-30') }), fc.integer({ min: 1, max: 15 }), (off, n) => {
        const published = addDays(base, off);
        const p = callInPeriod(published, CallInRules.parse({ workingDays: n }));
        expect(p.workingDaysCounted).toHaveLength(n);
        expect(p.lastDay).toBe(addWorkingDays(published, n));
        expect(p.firstDay).toBe(addWorkingDays(published, 1));
        expect(workingDaysBetween(published, p.lastDay)).toBe(n);
        for (const d of p.workingDaysCounted) expect(isWorkingDay(d)).toBe(true);
        expect(p.implementableFrom).toBe(addDays(p.lastDay, 1));
        // every day in (published, lastDay] is counted or skipped, once
        expect(p.workingDaysCounted.length + p.skippedDays.length).toBe(daysBetween(published, p.lastDay));
      }),
      { numRuns: 300 },
    );
  });
});

describe('callInState', () => {
  it('Salford decision through its life (no cut-off)', () => {
    const d = decision({ publishedOn: '2022-09-16' });
    const during = callInState(d, rules, new Date('2022-09-26T22:59:00Z')); // 23:59 BST on the last day
    expect(during.state).toBe('in-call-in');
    expect(during.reason).toContain('Monday 26 September 2022');
    expect(during.reason).toContain('Tuesday 27 September 2022');
    expect(during.reason).toContain('State Funeral');
    expect(during.period?.lastDay).toBe('2022-09-26');
    expect(callInState(d, rules, new Date('2022-09-26T23:00:00Z')).state).toBe('can-be-implemented'); // 00:00 BST on the 27th
    expect(callInState(d, rules, new Date('2022-09-16T09:00:00Z')).state).toBe('in-call-in');
  });

  it('Salford with the 4pm cut-off', () => {
    const d = decision({ publishedOn: '2022-09-16' });
    expect(callInState(d, salfordRules, new Date('2022-09-26T14:59:59Z')).state).toBe('in-call-in'); // 3.59pm BST
    const after = callInState(d, salfordRules, new Date('2022-09-26T15:00:00Z')); // 4pm BST
    expect(after.state).toBe('can-be-implemented');
    expect(after.reason).toContain('4pm on Monday 26 September 2022');
  });

  it('uses London time across the start of BST (28 March 2021)', () => {
    // published Mon 22 March 2021; last day Mon 29 March (BST); ends at midnight BST = 23:00Z
    const d = decision({ publishedOn: '2021-03-22' });
    expect(callInPeriod('2021-03-22', rules).lastDay).toBe('2021-03-29');
    expect(callInState(d, rules, new Date('2021-03-29T22:59:00Z')).state).toBe('in-call-in');
    // UTC date is still the 29th, but in London it is already 00:30 on the 30th
    expect(callInState(d, rules, new Date('2021-03-29T23:30:00Z')).state).toBe('can-be-implemented');
    // with a 4pm cut-off: 4pm BST = 15:00Z
    expect(callInState(d, salfordRules, new Date('2021-03-29T14:59:00Z')).state).toBe('in-call-in');
    expect(callInState(d, salfordRules, new Date('2021-03-29T15:30:00Z')).state).toBe('can-be-implemented');
  });

  it('uses London time across the end of BST (25 October 2020)', () => {
    // published Mon 19 October 2020; last day Mon 26 October (GMT); ends at midnight GMT = 00:00Z
    const d = decision({ publishedOn: '2020-10-19' });
    expect(callInPeriod('2020-10-19', rules).lastDay).toBe('2020-10-26');
    expect(callInState(d, rules, new Date('2020-10-26T23:30:00Z')).state).toBe('in-call-in');
    expect(callInState(d, rules, new Date('2020-10-27T00:00:00Z')).state).toBe('can-be-implemented');
    // published Fri 23 October (BST), counted days straddle the change
    expect(callInPeriod('2020-10-23', salfordRules).effectiveAt).toBe('2020-10-30T16:00:00+00:00');
    expect(callInState(decision({ publishedOn: '2020-10-23' }), salfordRules, new Date('2020-10-30T15:30:00Z')).state).toBe(
      'in-call-in',
    );
  });

  it('urgency decisions are not subject to call-in, with the reason', () => {
    const d = decision({
      publishedOn: '2020-11-20',
      subjectToCallIn: false,
      urgencyReason: 'Delay would seriously prejudice the council’s interests (grant deadline 27 November).',
    });
    const s = callInState(d, rules, new Date('2020-11-20T12:00:00Z'));
    expect(s.state).toBe('not-subject-to-call-in');
    expect(s.reason).toContain('urgency');
    expect(s.reason).toContain('grant deadline 27 November');
    expect(s.period).toBeUndefined();
    // an urgency reason alone also exempts it
    expect(callInState(decision({ publishedOn: '2020-11-20', urgencyReason: 'Urgent' }), rules, new Date('2020-11-20T12:00:00Z')).state).toBe(
      'not-subject-to-call-in',
    );
    // flagged not subject (e.g. a regulatory decision) without urgency
    const reg = callInState(decision({ publishedOn: '2020-11-20', subjectToCallIn: false }), rules, new Date('2020-11-20T12:00:00Z'));
    expect(reg.state).toBe('not-subject-to-call-in');
  });

  it('called-in decisions stay called-in, even after the period', () => {
    const d = decision({ publishedOn: '2022-09-16', calledIn: true, calledInOn: '2022-09-22' });
    for (const at of ['2022-09-22T10:00:00Z', '2022-10-30T10:00:00Z', '2023-06-01T10:00:00Z']) {
      const s = callInState(d, rules, new Date(at));
      expect(s.state).toBe('called-in');
      expect(s.reason).toContain('Thursday 22 September 2022');
    }
  });

  it('property: in-call-in exactly until effectiveAt', () => {
    const base = '2015-01-01';
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: daysBetween(base, '2028-11-30') }),
        fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
        fc.boolean(),
        (off, minutes, cutOff) => {
          const publishedOn = addDays(base, off);
          const r = cutOff ? salfordRules : rules;
          const period = callInPeriod(publishedOn, r);
          const effective = Date.parse(period.effectiveAt);
          const now = new Date(effective + minutes * 60_000);
          const s = callInState(decision({ publishedOn }), r, now);
          expect(s.state).toBe(minutes < 0 ? 'in-call-in' : 'can-be-implemented');
        },
      ),
      { numRuns: 300 },
    );
  });
});

// Staffordshire Corporate Review Committee 2020/21 reserved call-in dates (domain.md §2.10)
const staffs = [
  { date: '2020-06-08', cancelled: true },
  { date: '2020-07-31', hasBusiness: true },
  { date: '2020-10-02', cancelled: true },
  { date: '2020-11-09', strikeThrough: true }, // struck through only, not marked "cancelled"
  { date: '2020-12-04', time: '14:00', timeRaw: '2.pm' },
  { date: '2021-01-08' },
  { date: '2021-02-05' },
  { date: '2021-03-05', time: '14:00' },
  { date: '2021-04-06' },
].map((m, i) => Meeting.parse({ id: `crc-callin-${i}`, committeeId: 'corporate-review', reservedForCallIn: true, ...m }));
const ordinary = Meeting.parse({ id: 'crc-17-nov', committeeId: 'corporate-review', date: '2020-11-23', time: '10:00', hasBusiness: true });
const allMeetings = [...staffs].reverse().concat(ordinary);

describe('reserved call-in meetings', () => {
  it('Staffordshire: on 20 November 2020 the next call-in date is Friday 4 December 2020 at 2pm', () => {
    const next = nextReservedCallInMeeting(allMeetings, new Date('2020-11-20T12:00:00Z'));
    expect(next?.date).toBe('2020-12-04');
    expect(next?.time).toBe('14:00');
  });

  it('skips cancelled and struck-through dates', () => {
    expect(nextReservedCallInMeeting(allMeetings, new Date('2020-09-01T09:00:00Z'))?.date).toBe('2020-12-04');
    expect(nextReservedCallInMeeting(allMeetings, new Date('2020-05-01T09:00:00Z'))?.date).toBe('2020-07-31');
  });

  it('a meeting with a time is past once it starts; one without a time lasts to the end of its day', () => {
    expect(nextReservedCallInMeeting(allMeetings, new Date('2020-12-04T13:59:00Z'))?.date).toBe('2020-12-04');
    expect(nextReservedCallInMeeting(allMeetings, new Date('2020-12-04T14:01:00Z'))?.date).toBe('2021-01-08');
    expect(nextReservedCallInMeeting(allMeetings, new Date('2021-01-08T23:59:00Z'))?.date).toBe('2021-01-08');
    expect(nextReservedCallInMeeting(allMeetings, new Date('2021-01-09T00:00:00Z'))?.date).toBe('2021-02-05');
    // 6 April 2021 is in BST: the day ends at 23:00Z
    expect(nextReservedCallInMeeting(allMeetings, new Date('2021-04-06T22:59:00Z'))?.date).toBe('2021-04-06');
    expect(nextReservedCallInMeeting(allMeetings, new Date('2021-04-06T23:00:00Z'))).toBeUndefined();
  });

  it('lists reserved dates by year, with or without the cancelled ones', () => {
    expect(reservedCallInMeetings(allMeetings).map((m) => m.date)).toEqual([
      '2020-07-31',
      '2020-12-04',
      '2021-01-08',
      '2021-02-05',
      '2021-03-05',
      '2021-04-06',
    ]);
    expect(reservedCallInMeetings(allMeetings, { year: 2020, includeCancelled: true }).map((m) => m.date)).toEqual([
      '2020-06-08',
      '2020-07-31',
      '2020-10-02',
      '2020-11-09',
      '2020-12-04',
    ]);
    expect(reservedCallInMeetings(allMeetings, { year: 2021 })).toHaveLength(4);
  });
});

describe('deadlines and reminders', () => {
  it('agenda: 5 clear working days', () => {
    expect(agendaPublicationDeadline('2020-12-04', rules)).toEqual({
      eventDate: '2020-12-04',
      clearDays: 5,
      dayKind: 'working',
      deadline: '2020-11-26',
      latestWorkingDay: '2020-11-26',
    });
    // Monday 11 January 2021: legal latest Sunday 3 January, office deadline Thursday 31 December (1 Jan is a bank holiday)
    const jan = agendaPublicationDeadline('2021-01-11', rules);
    expect(jan.deadline).toBe('2021-01-03');
    expect(jan.latestWorkingDay).toBe('2020-12-31');
  });

  it('key decision: 28 clear calendar days', () => {
    const k = keyDecisionNoticeDeadline('2020-12-16', rules);
    expect(k.deadline).toBe('2020-11-17');
    expect(k.dayKind).toBe('calendar');
    expect(k.clearDays).toBe(28);
    // decision Monday 25 January 2021: 28 clear days back is Sunday 27 December 2020; office deadline Thursday 24 December
    const jan = keyDecisionNoticeDeadline('2021-01-25', rules);
    expect(jan.deadline).toBe('2020-12-27');
    expect(jan.latestWorkingDay).toBe('2020-12-24');
  });

  it('reminder: 2 working days before a reserved date by default', () => {
    expect(callInReminderDate('2020-12-04', rules)).toBe('2020-12-02');
    expect(callInReminderDate('2021-01-08', rules)).toBe('2021-01-06');
    // Tuesday 6 April 2021, after Easter: Thursday 1 April is one, Wednesday 31 March is two
    expect(callInReminderDate('2021-04-06', rules)).toBe('2021-03-31');
    expect(callInReminderDate('2021-04-06', CallInRules.parse({ reminderWorkingDaysBefore: 0 }))).toBe('2021-04-06');
    expect(callInReminderDate('2021-01-08', CallInRules.parse({ extraClosureDays: ['2021-01-06'] }))).toBe('2021-01-05');
  });
});
