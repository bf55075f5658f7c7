/**
 * Reserved call-in dates (placeholders, convened only if a call-in is lodged) and cancelled meetings,
 * including dates struck through in the calendar.
 */
import { nextReservedCallInMeeting, reservedCallInMeetings } from '../../domain/call-in.js';
import { cancelledMeetings, hasMeetingStarted, isMeetingCancelled, meetingTimeText, meetingWhen } from '../../domain/meetings.js';
import { formatUkDate, londonDate } from '../../domain/uk-format.js';
import { SOURCE_NAMES, committeesInScope, readableSource } from '../committees/committee-scope.js';
import { listReply, messageReply, type ListGroup, type ListItem } from '../../chat/reply.js';
import type { ChatContext, IntentDefinition, Reply } from '../../chat/types.js';
import { CALL_IN_PLACEHOLDER_NOTE, noCommitteeReply, provenanceNotes } from '../committees/shared.js';

export function nextCallInReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  if (!committees.length) return noCommitteeReply();
  const results = committees
    .map((committee) => ({ committee, meetings: ctx.snapshot.meetingsOf(committee.id) }))
    .map((c) => ({ ...c, next: nextReservedCallInMeeting(c.meetings, ctx.now) }));
  const found = results.filter((r) => r.next);
  if (!found.length) {
    return messageReply({ title: 'No future date is reserved for call-in.', body: 'Every reserved call-in date has passed or been cancelled.', choices: [{ title: 'All call-in dates', ask: 'all call-in dates' }] });
  }
  const first = found.sort((a, b) => a.next!.date.localeCompare(b.next!.date))[0]!;
  const next = first.next!;
  const time = meetingTimeText(next);
  const headline = `${formatUkDate(next.date)}${time ? ` at ${time.replace(/ \(written.*$/, '')}` : ''}`;
  const lines = [
    `Committee: ${first.committee.name}`,
    time ? `Time: ${time}` : 'Time: not given in the calendar or the work programme',
    ...(next.hasBusiness ? ['This date also carries ordinary business.'] : []),
  ];
  const notes = [CALL_IN_PLACEHOLDER_NOTE];
  const previous = reservedCallInMeetings(first.meetings, { includeCancelled: true }).filter((m) => m.date < next.date).at(-1);
  if (previous && isMeetingCancelled(previous)) notes.push(`The previous reserved date, ${formatUkDate(previous.date)}, was cancelled${previous.strikeThrough && !previous.cancelled ? ' (struck through)' : ''}.`);
  const later = reservedCallInMeetings(first.meetings).filter((m) => m.date > next.date).slice(0, 3);
  if (later.length) lines.push(`Later reserved dates: ${later.map((m) => meetingWhen(m)).join('; ')}`);
  for (const other of found.slice(1)) lines.push(`${other.committee.name}: ${meetingWhen(other.next!)}`);
  notes.push(...provenanceNotes(next));
  return messageReply({
    title: `The next date reserved for call-in is ${headline}.`,
    lines,
    notes,
    choices: [
      { title: 'All call-in dates', ask: 'all call-in dates' },
      { title: 'Decisions in call-in now', ask: 'which decisions are in their call-in period now' },
    ],
  });
}

export function callInDatesReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  if (!committees.length) return noCommitteeReply();
  const t = text.toLowerCase();
  const today = londonDate(ctx.now);
  const thisYear = Number(today.slice(0, 4));
  const yearMatch = /\b(20\d\d)\b/.exec(t);
  const year = yearMatch ? Number(yearMatch[1]) : /\bthis year\b/.test(t) ? thisYear : /\bnext year\b/.test(t) ? thisYear + 1 : /\blast year\b/.test(t) ? thisYear - 1 : undefined;
  const onlyCancelled = /\bcancel+ed|struck\b/.test(t);
  const onlyUpcoming = /\b(upcoming|future|remaining|still to come|coming up)\b/.test(t);
  const groups: ListGroup[] = committees.map((committee) => {
    let meetings = reservedCallInMeetings(ctx.snapshot.meetingsOf(committee.id), { includeCancelled: true, ...(year !== undefined ? { year } : {}) });
    if (onlyCancelled) meetings = meetings.filter(isMeetingCancelled);
    if (onlyUpcoming) meetings = meetings.filter((m) => !isMeetingCancelled(m) && !hasMeetingStarted(m, ctx.now));
    return {
      heading: committees.length > 1 ? committee.name : undefined,
      items: meetings.map((m): ListItem => ({
        heading: `${meetingWhen(m)}${meetingTimeText(m)?.includes('written') ? ` (time written "${m.timeRaw}")` : ''}`,
        lines: [
          isMeetingCancelled(m) ? (m.cancelled ? 'Cancelled' : 'Struck through in the calendar: treated as cancelled') : hasMeetingStarted(m, ctx.now) ? 'Past' : 'Still to come',
          ...(m.hasBusiness ? ['Also carried ordinary business'] : []),
          ...(m.conflicts.length ? [`Sources disagree: ${m.conflicts.join(' ')}`] : []),
        ],
        ask: `agenda for ${m.date}`,
      })),
    };
  });
  const count = groups.reduce((n, g) => n + g.items.length, 0);
  const scope = year !== undefined ? ` in ${year}` : onlyUpcoming ? ' still to come' : '';
  return listReply({
    title: `${onlyCancelled ? 'Cancelled call-in dates' : 'Dates reserved for call-in'}${scope} (${count})`,
    subtitle: `${committees.length === 1 ? `${committees[0]!.name}. ` : ''}${CALL_IN_PLACEHOLDER_NOTE}`,
    groups: groups.filter((g) => g.items.length),
    emptyText: `No dates reserved for call-in${scope}${onlyCancelled ? ' were cancelled' : ''}.`,
    notes: onlyCancelled ? [] : ['Struck-through dates count as cancelled, even without the word "cancelled".'],
    ask: text,
    page: ctx.page,
  });
}

export function cancelledReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  if (!committees.length) return noCommitteeReply();
  const groups: ListGroup[] = committees.map((committee) => ({
    heading: committees.length > 1 ? committee.name : undefined,
    items: cancelledMeetings(ctx.snapshot.meetingsOf(committee.id)).map((m) => ({
      heading: meetingWhen(m),
      lines: [
        m.reservedForCallIn ? 'Was reserved for call-in' : 'Ordinary meeting',
        !m.cancelled && m.strikeThrough ? 'Struck through without the word "cancelled": treated as cancelled' : undefined,
        ...m.sources.map((s) => `${SOURCE_NAMES[s.source] ?? s.source}: "${readableSource(s.raw)}"`),
      ].filter(Boolean) as string[],
      ask: `agenda for ${m.date}`,
    })),
  }));
  const count = groups.reduce((n, g) => n + g.items.length, 0);
  return listReply({
    title: `Cancelled meetings (${count})`,
    subtitle: 'Includes dates struck through in the calendar, which count as cancelled even without the word.',
    groups: groups.filter((g) => g.items.length),
    emptyText: 'No meetings are recorded as cancelled.',
    ask: text,
    page: ctx.page,
  });
}

const CALL_IN = String.raw`call[- ]?ins?`;

/** "when is the next date reserved for call-in?", "all call-in dates this year", "which meetings were cancelled?" */
export const reservedDateIntents: IntentDefinition[] = [
  {
    name: 'call-in-next',
    examples: ['when is the next date reserved for call-in?', 'next call-in date'],
    match: (text) =>
      new RegExp(String.raw`\bnext\b.*\b(reserved|${CALL_IN})\b|\b(reserved|${CALL_IN})\b.*\bnext\b`, 'i').test(text) && !/\b(decisions?|ends?|period|implemented)\b/i.test(text) ? {} : null,
    answer: (_s, ctx, text = '') => nextCallInReply(ctx, text),
  },
  {
    name: 'call-in-dates',
    examples: ['all call-in dates this year', 'which call-in dates were cancelled?'],
    match: (text) =>
      new RegExp(String.raw`\b${CALL_IN} (dates?|meetings?|days?|slots?)\b|\breserved (dates|for ${CALL_IN})\b|\bdates? reserved\b`, 'i').test(text) && !/\bdecisions?\b/i.test(text) ? {} : null,
    answer: (_s, ctx, text = '') => callInDatesReply(ctx, text),
  },
  {
    name: 'cancelled-meetings',
    examples: ['which meetings were cancelled?'],
    match: (text) => (/\b(cancel+ed|cancellations?|struck through)\b/i.test(text) && /\b(meetings?|dates?|which|what|any)\b/i.test(text) && !/\bdecisions?\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => cancelledReply(ctx, text),
  },
];
