/**
 * Call-in: when a decision's call-in period ends, whether a decision can be implemented, the next
 * reserved call-in meeting, and notice deadlines. The rules come from governance-rules.md §2.
 *
 * - The call-in period is `rules.workingDays` working days counted from the day after publication
 *   (Gloucestershire: "before the end of the fifth working day after the day on which the decision
 *   was published"). Weekends, England and Wales bank holidays (including one-offs) and the council's
 *   `extraClosureDays` are skipped.
 * - Without a cut-off the period runs to the end of the last day (midnight, Europe/London).
 *   With `cutOffTime` (Salford: "at 4pm on the fifth working day following publication") it
 *   ends at that local time. In both cases `implementableFrom` is the day after the last day, which
 *   is how ModernGov's "Effective from" prints it. Salford: published 16/09/2022, effective from
 *   27/09/2022.
 * - Decisions taken under urgency, or recorded as not subject to call-in, are not subject to it.
 *   A recorded call-in blocks implementation until it is withdrawn or determined.
 *
 * Pure: the clock is always passed in. All comparisons use Europe/London local time.
 */
import { DateTime } from 'luxon';
import type { CallInRules, Committee, Decision, Meeting } from './model.js';
import type { Snapshot } from './snapshot.js';
import { COUNCIL_ZONE, addDays, formatUkDate, formatUkTime, londonDate } from './uk-format.js';
import {
  clearDaysDeadline,
  clearWorkingDaysDeadline,
  latestWorkingDayOnOrBefore,
  nonWorkingReason,
  subtractWorkingDays,
  workingDaysAfter,
} from './calendar.js';

export interface SkippedDay {
  date: string;
  kind: 'weekend' | 'bank-holiday' | 'council-closure';
  /** The bank holiday's title, or "Saturday" / "Sunday". */
  name?: string;
}

export interface CallInPeriod {
  publishedOn: string;
  workingDays: number;
  /** First working day counted (the first working day after publication). */
  firstDay: string;
  /** Last day of call-in (the n-th working day after publication). */
  lastDay: string;
  /** "16:00" when the period ends at a set time on the last day. */
  cutOffTime?: string;
  /** The first date on which the decision can be implemented: the day after `lastDay`. */
  implementableFrom: string;
  /**
   * The instant the call-in period ends and the decision takes effect, ISO 8601 with the
   * Europe/London offset. This is `lastDay` at `cutOffTime`, or midnight at the start of `implementableFrom`.
   */
  effectiveAt: string;
  /** The working days counted, in order (length = workingDays). */
  workingDaysCounted: string[];
  /** Days inside the period that were not counted (weekends, bank holidays, closures). */
  skippedDays: SkippedDay[];
}

function localInstant(date: string, time: string): DateTime {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: COUNCIL_ZONE });
  if (!dt.isValid) throw new RangeError(`Invalid local date/time "${date} ${time}"`);
  return dt;
}

function isoWithOffset(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true })!;
}

/** The call-in period for a decision published on `publishedOn` (YYYY-MM-DD). */
export function callInPeriod(publishedOn: string, rules: CallInRules): CallInPeriod {
  const counted = workingDaysAfter(publishedOn, rules.workingDays, rules.extraClosureDays);
  const firstDay = counted[0]!;
  const lastDay = counted[counted.length - 1]!;
  const implementableFrom = addDays(lastDay, 1);
  const effectiveAt = rules.cutOffTime ? localInstant(lastDay, rules.cutOffTime) : localInstant(implementableFrom, '00:00');
  const skippedDays: SkippedDay[] = [];
  for (let d = addDays(publishedOn, 1); d < lastDay; d = addDays(d, 1)) {
    const why = nonWorkingReason(d, rules.extraClosureDays);
    if (why) skippedDays.push({ date: d, ...why });
  }
  return {
    publishedOn,
    workingDays: rules.workingDays,
    firstDay,
    lastDay,
    ...(rules.cutOffTime ? { cutOffTime: rules.cutOffTime } : {}),
    implementableFrom,
    effectiveAt: isoWithOffset(effectiveAt),
    workingDaysCounted: counted,
    skippedDays,
  };
}

export type CallInStateName = 'not-subject-to-call-in' | 'in-call-in' | 'called-in' | 'can-be-implemented';

export interface CallInState {
  state: CallInStateName;
  period?: CallInPeriod;
  /** A sentence for the user, UK date formats. */
  reason: string;
}

function endPhrase(period: CallInPeriod): string {
  return period.cutOffTime
    ? `at ${formatUkTime(period.cutOffTime)} on ${formatUkDate(period.lastDay)}`
    : `at the end of ${formatUkDate(period.lastDay)}`;
}

function implementablePhrase(period: CallInPeriod): string {
  return period.cutOffTime
    ? `from ${formatUkTime(period.cutOffTime)} on ${formatUkDate(period.lastDay)}`
    : `from ${formatUkDate(period.implementableFrom)}`;
}

function skippedPhrase(period: CallInPeriod): string {
  const notable = period.skippedDays.filter((d) => d.kind !== 'weekend');
  if (notable.length === 0) return '';
  const parts = notable.map((d) =>
    d.kind === 'bank-holiday' ? `${formatUkDate(d.date)} (${d.name ?? 'bank holiday'})` : `${formatUkDate(d.date)} (council closure day)`,
  );
  return `, not counting ${parts.join(' or ')}`;
}

/**
 * Where a decision stands on call-in at `now`.
 * Precedence: a recorded call-in, then not subject to call-in (urgency, or flagged), then the period.
 * A recorded call-in comes first because it blocks implementation. If the decision is also marked
 * urgent, that conflict is mentioned.
 */
export function callInState(decision: Decision, rules: CallInRules, now: Date): CallInState {
  const urgency = decision.urgencyReason?.trim();
  const exempt = decision.subjectToCallIn === false || Boolean(urgency);

  if (decision.calledIn) {
    const period = exempt ? undefined : callInPeriod(decision.publishedOn, rules);
    const on = decision.calledInOn ? ` on ${formatUkDate(decision.calledInOn)}` : '';
    const conflict = exempt ? ' Note: the decision is also recorded as not subject to call-in; please check the record.' : '';
    return {
      state: 'called-in',
      ...(period ? { period } : {}),
      reason: `Called in${on}. It cannot be implemented until the call-in is withdrawn or determined.${conflict}`,
    };
  }

  if (exempt) {
    const reason = urgency
      ? `Not subject to call-in: taken under the urgency procedure. Reason given: ${urgency}`
      : 'Not subject to call-in, as recorded on the decision notice.';
    return { state: 'not-subject-to-call-in', reason };
  }

  const period = callInPeriod(decision.publishedOn, rules);
  const nowLondon = DateTime.fromJSDate(now, { zone: COUNCIL_ZONE });
  const effectiveAt = DateTime.fromISO(period.effectiveAt, { setZone: true });
  const counted = `${period.workingDays} working day${period.workingDays === 1 ? '' : 's'} after publication on ${formatUkDate(
    period.publishedOn,
  )}${skippedPhrase(period)}`;

  if (nowLondon < effectiveAt) {
    const notYetPublished = londonDate(now) < decision.publishedOn ? 'The decision notice has not been published yet. ' : '';
    return {
      state: 'in-call-in',
      period,
      reason: `${notYetPublished}In the call-in period, which ends ${endPhrase(period)}: ${counted}. If it is not called in, it can be implemented ${implementablePhrase(period)}.`,
    };
  }
  return {
    state: 'can-be-implemented',
    period,
    reason: `The call-in period ended ${endPhrase(period)}: ${counted}. No call-in is recorded, so it can be implemented ${implementablePhrase(period)}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Reserved call-in meetings
// ---------------------------------------------------------------------------------------------

/** A struck-through calendar entry is treated as cancelled ("<del>6 October 2020 cancelled</del>"). */
function isCancelled(meeting: Meeting): boolean {
  return meeting.cancelled || meeting.strikeThrough;
}

/** The instant a meeting stops being "upcoming": its start time if known, else the end of its day. */
function meetingCutoff(meeting: Meeting): DateTime {
  return meeting.time ? localInstant(meeting.date, meeting.time) : localInstant(addDays(meeting.date, 1), '00:00');
}

function byDateTime(a: Meeting, b: Meeting): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const at = a.time ?? '99:99';
  const bt = b.time ?? '99:99';
  return at < bt ? -1 : at > bt ? 1 : 0;
}

/**
 * The earliest meeting reserved for call-in that is not cancelled (or struck through) and has not
 * already happened at `now`. A meeting counts as happened once its start time (Europe/London) has
 * passed. If the time is unknown, it counts as upcoming until the end of its day.
 */
export function nextReservedCallInMeeting(meetings: readonly Meeting[], now: Date): Meeting | undefined {
  const nowLondon = DateTime.fromJSDate(now, { zone: COUNCIL_ZONE });
  return meetings
    .filter((m) => m.reservedForCallIn && !isCancelled(m))
    .filter((m) => (m.time ? meetingCutoff(m) >= nowLondon : meetingCutoff(m) > nowLondon))
    .sort(byDateTime)[0];
}

/**
 * Meetings reserved for call-in, in date order. Cancelled and struck-through ones are left out
 * unless `includeCancelled`. `year` filters by calendar year.
 */
export function reservedCallInMeetings(
  meetings: readonly Meeting[],
  options: { year?: number; includeCancelled?: boolean } = {},
): Meeting[] {
  return meetings
    .filter((m) => m.reservedForCallIn)
    .filter((m) => options.includeCancelled || !isCancelled(m))
    .filter((m) => options.year === undefined || m.date.startsWith(`${String(options.year).padStart(4, '0')}-`))
    .sort(byDateTime);
}

// ---------------------------------------------------------------------------------------------
// Notice deadlines and reminders
// ---------------------------------------------------------------------------------------------

export interface NoticeDeadline {
  /** The meeting or decision date. */
  eventDate: string;
  clearDays: number;
  /** How the clear days are counted. */
  dayKind: 'working' | 'calendar';
  /** The legal latest day (may be a weekend or bank holiday). */
  deadline: string;
  /** The latest working day on or before `deadline`, which is the office deadline. */
  latestWorkingDay: string;
}

/**
 * The latest day the agenda can be published: `rules.agendaClearDays` (default 5) clear WORKING days
 * before the meeting (see calendar.ts). Example: a meeting on Friday 4 December 2020 needs
 * publication by Thursday 26 November 2020.
 */
export function agendaPublicationDeadline(meetingDate: string, rules: CallInRules): NoticeDeadline {
  const deadline = clearWorkingDaysDeadline(meetingDate, rules.agendaClearDays, rules.extraClosureDays);
  return {
    eventDate: meetingDate,
    clearDays: rules.agendaClearDays,
    dayKind: 'working',
    deadline,
    latestWorkingDay: latestWorkingDayOnOrBefore(deadline, rules.extraClosureDays),
  };
}

/**
 * The latest day to publish the key-decision notice: `rules.keyDecisionNoticeClearDays` (default 28)
 * clear CALENDAR days before the decision (regs 8-9; see calendar.ts).
 */
export function keyDecisionNoticeDeadline(decisionDate: string, rules: CallInRules): NoticeDeadline {
  const deadline = clearDaysDeadline(decisionDate, rules.keyDecisionNoticeClearDays);
  return {
    eventDate: decisionDate,
    clearDays: rules.keyDecisionNoticeClearDays,
    dayKind: 'calendar',
    deadline,
    latestWorkingDay: latestWorkingDayOnOrBefore(deadline, rules.extraClosureDays),
  };
}

/**
 * The day to remind the support officer and chair about a reserved call-in date. It is the working
 * day `rules.reminderWorkingDaysBefore` working days before the meeting, or the meeting date itself
 * when that setting is 0.
 */
export function callInReminderDate(meetingDate: string, rules: CallInRules): string {
  if (rules.reminderWorkingDaysBefore === 0) return meetingDate;
  return subtractWorkingDays(meetingDate, rules.reminderWorkingDaysBefore, rules.extraClosureDays);
}

// ---------------------------------------------------------------------------------------------
// The reminder before a reserved date
// ---------------------------------------------------------------------------------------------

/**
 * Call-ins lodged for this reserved date: decisions of the committee's council called in after the
 * previous reserved date and by this one (a call-in lodged earlier was for the earlier date).
 */
export function lodgedCallIns(snapshot: Snapshot, committee: Committee, meeting: Meeting): Decision[] {
  const previous = reservedCallInMeetings(snapshot.meetingsOf(committee.id), { includeCancelled: true })
    .filter((m) => m.date < meeting.date)
    .at(-1);
  return snapshot.data.decisions.filter((d) => {
    if (d.councilId !== committee.councilId || !d.calledIn) return false;
    const on = d.calledInOn ?? d.publishedOn;
    return on <= meeting.date && (!previous || on > previous.date);
  });
}

/** Support officers, the chair and democratic services admins may answer a reminder. */
export function mayAnswerReminder(committee: Committee, personId: string | undefined, roles: ReadonlySet<string>): boolean {
  if (roles.has('democratic-services-admin')) return true;
  if (!personId) return false;
  return committee.supportOfficers.some((s) => s.personId === personId) || committee.members.some((m) => m.personId === personId && m.role === 'chair');
}
