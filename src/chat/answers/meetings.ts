/**
 * Questions about committees, their meetings and forward work programmes (domain.md §4 C):
 * the next meeting and its agenda, reserved call-in dates, cancelled meetings, time / format /
 * host, who presents an item, when a topic comes to committee, TBC items and how long they have
 * waited, pre-decision scrutiny, membership, working groups, resolutions and follow-ups.
 *
 * Every answer is built from what the asker may see here: Part Two items are removed in the core
 * (domain/meetings.ts visibleAgendaItems) before any line is written, and where the work-programme
 * table and the calendar disagree the answer keeps both and says so.
 */
import { nextReservedCallInMeeting, reservedCallInMeetings } from '../../domain/call-in.js';
import {
  cancelledMeetings,
  exemptDescription,
  hasMeetingStarted,
  isCallInPlaceholder,
  isMeetingCancelled,
  lastMeetingHeld,
  lastMeetingWithResolutions,
  meetingFlags,
  meetingTimeText,
  meetingWhen,
  membershipDisagreement,
  nextMeeting,
  outstandingFollowUps,
  upcomingMeetings,
} from '../../domain/meetings.js';
import type { AgendaItem, Committee, Meeting, Resolution, WorkingGroup } from '../../domain/model.js';
import { matchTopic, topMatches, type TopicMatch } from '../../domain/topic-match.js';
import { formatUkDate, londonDate, plural } from '../../domain/uk-format.js';
import { describeWait, itemsForConsideration, preDecisionItems, tbcItems } from '../../domain/work-programme.js';
import {
  SOURCE_NAMES,
  committeeName,
  committeesInScope,
  dateInText,
  guarded,
  meetingsOnDate,
  names,
  personName,
  presentersLine,
  readableSource,
  topicById,
  topicCandidates,
  visibleItemsOf,
  withheldNote,
  type Topic,
} from '../committees.js';
import { fold } from '../normalise.js';
import { listReply, messageReply, type ListGroup, type ListItem } from '../reply.js';
import type { AskChoice, ChatContext, IntentDefinition, Reply } from '../types.js';
import { tryBareActionReference } from './actions.js';
import { suggestionIntents } from './work-programme-suggestion.js';

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

function allMeetings(ctx: ChatContext, committees: readonly Committee[]): Meeting[] {
  return committees.flatMap((c) => [...ctx.snapshot.meetingsOf(c.id)]);
}

function withCommittee(ctx: ChatContext, meeting: Meeting, committees: readonly Committee[]): string {
  return committees.length > 1 ? `${committeeName(ctx.snapshot, meeting.committeeId)}, ` : '';
}

/** Where the sources disagree, in words, plus each source's own text. */
function provenanceNotes(meeting: Meeting): string[] {
  const notes: string[] = [];
  if (meeting.conflicts.length) {
    notes.push(`The sources disagree: ${meeting.conflicts.join(' ')}`);
    for (const s of meeting.sources) notes.push(`${SOURCE_NAMES[s.source] ?? s.source} says: "${readableSource(s.raw)}"${s.lines ? ` [${s.lines}]` : ''}`);
  } else if (meeting.yearInferred) {
    notes.push('The source gives this date without a year; the year is inferred from its place in the table.');
  }
  return notes;
}

function timeLine(meeting: Meeting): string {
  return `Time: ${meetingTimeText(meeting) ?? 'not given in the calendar or the work programme'}`;
}

function formatLine(meeting: Meeting): string | undefined {
  if (meeting.format && meeting.virtual) return `Format: virtual (${meeting.format})`;
  if (meeting.virtual === true) return 'Format: virtual';
  if (meeting.virtual === false) return `Format: in person${meeting.format ? ` (${meeting.format})` : ''}`;
  return meeting.format ? `Format: ${meeting.format}` : undefined;
}

function itemLine(ctx: ChatContext, item: AgendaItem): string {
  const number = item.number !== undefined ? `${item.number}. ` : '- ';
  const kind = item.reportType === 'verbal' ? ' (verbal report)' : '';
  const details = [
    item.reportOf?.replace(/\.$/, ''),
    item.pages ? `pages ${item.pages}` : undefined,
    item.reportType !== 'procedural' ? presentersLine(ctx.snapshot, item) : undefined,
    item.scrutinyType === 'pre-decision' ? `pre-decision scrutiny${item.decisionBody ? `; ${item.decisionBody} decides${item.decisionDate ? ` on ${formatUkDate(item.decisionDate)}` : ''}` : ''}` : undefined,
  ].filter(Boolean);
  return `${number}${item.title}${kind}${details.length ? `: ${details.join('; ')}` : ''}`;
}

function partTwoLines(ctx: ChatContext, meeting: Meeting, visible: AgendaItem[], withheld: number): { lines: string[]; notes: string[] } {
  const exempt = visible.filter((i) => i.part === 'TWO' || i.exempt);
  const lines: string[] = [];
  const notes: string[] = [];
  if (exempt.length) {
    lines.push('Part Two (exempt, not for publication):');
    for (const item of exempt) lines.push(`- ${item.title}: ${exemptDescription(item)}`);
  } else if (meeting.partTwoHeading && withheld === 0) {
    lines.push('Part Two (exempt): the heading is on the agenda with no items listed.');
  }
  if (withheld > 0) notes.push(withheldNote(ctx));
  return { lines, notes };
}

function noCommitteeReply(): Reply {
  return messageReply({ title: 'I have no committees on record yet.', body: 'Democratic services can import committees and meetings (see the README, "Importing").' });
}

// ---------------------------------------------------------------------------------------------
// The next meeting, or the meeting on a date, and its agenda
// ---------------------------------------------------------------------------------------------

function meetingReply(ctx: ChatContext, meeting: Meeting, heading: string, committees: readonly Committee[]): Reply {
  const { visible, withheld } = visibleItemsOf(ctx, meeting);
  const partOne = visible.filter((i) => !(i.part === 'TWO' || i.exempt));
  const partTwo = partTwoLines(ctx, meeting, visible, withheld);
  const flags = meetingFlags(meeting);
  const lines = [
    timeLine(meeting),
    formatLine(meeting),
    meeting.hostedBy ? `Hosted by: ${meeting.hostedBy}` : undefined,
    flags.length ? `Flags: ${flags.join('; ')}` : undefined,
    meeting.agendaIssued ? `Agenda issued by: ${meeting.agendaIssued}` : undefined,
    partOne.length ? 'Agenda:' : undefined,
    ...partOne.map((i) => itemLine(ctx, i)),
    ...partTwo.lines,
  ].filter(Boolean) as string[];
  const notes: string[] = [];
  if (isMeetingCancelled(meeting)) notes.push('This meeting is cancelled.');
  if (isCallInPlaceholder(meeting)) notes.push('This date is reserved for call-in: it is convened only if a call-in is lodged, and has no other business.');
  if (!partOne.length && !isCallInPlaceholder(meeting)) notes.push('No agenda items are recorded for this meeting yet.');
  if (partOne.some((i) => i.provenance.length === 1 && i.provenance[0] === 'work-programme') && !partOne.some((i) => i.provenance.includes('agenda'))) {
    notes.push('No agenda has been published yet: the items are from the forward work programme and may change.');
  }
  notes.push(...partTwo.notes, ...provenanceNotes(meeting));
  const choices: AskChoice[] = [
    { title: 'Agenda deadline', ask: `when must the agenda for ${meeting.date} be published` },
    { title: 'Next call-in date', ask: 'when is the next date reserved for call-in' },
    { title: 'Work programme', ask: 'show the work programme' },
  ];
  return messageReply({ title: `${heading}: ${withCommittee(ctx, meeting, committees)}${meetingWhen(meeting)}`, body: committees.length === 1 ? committees[0]!.name : committeeName(ctx.snapshot, meeting.committeeId), lines, notes, choices });
}

function nextMeetingReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  if (!committees.length) return noCommitteeReply();
  const meetings = allMeetings(ctx, committees);
  const today = londonDate(ctx.now);
  const when = dateInText(text, ctx.now);
  if (when) {
    const found = meetingsOnDate(meetings, when, today);
    if (!found.length) {
      const around = upcomingMeetings(meetings, ctx.now).slice(0, 3);
      return messageReply({
        title: `No ${committees.length === 1 ? committees[0]!.name : 'committee'} meeting is recorded on ${formatUkDate(when.date)}.`,
        body: around.length ? 'Meetings still to come:' : undefined,
        lines: around.map((m) => `${withCommittee(ctx, m, committees)}${meetingWhen(m)}${isCallInPlaceholder(m) ? ' (reserved for call-in)' : ''}`),
        choices: around.map((m) => ({ title: formatUkDate(m.date), ask: `agenda for ${m.date}` })),
      });
    }
    const reply = meetingReply(ctx, found[0]!, 'Meeting', committees);
    return when.weekdayMismatch ? addNote(reply, when.weekdayMismatch) : reply;
  }
  const next = nextMeeting(meetings, ctx.now);
  if (!next) {
    return messageReply({
      title: 'No further meetings are scheduled.',
      body: `Every recorded meeting${committees.length === 1 ? ` of the ${committees[0]!.name}` : ''} has taken place or is cancelled.`,
    });
  }
  const reply = meetingReply(ctx, next, 'Next meeting', committees);
  const placeholdersBefore = upcomingMeetings(meetings, ctx.now).filter((m) => isCallInPlaceholder(m) && m.date < next.date);
  return placeholdersBefore.length
    ? addNote(reply, `Before it, ${placeholdersBefore.map((m) => meetingWhen(m)).join(' and ')} ${placeholdersBefore.length === 1 ? 'is' : 'are'} reserved for call-in (convened only if a call-in is lodged).`)
    : reply;
}

function addNote(reply: Reply, note: string): Reply {
  const data = reply.card!.data as { notes?: string[] };
  return { ...reply, text: `${reply.text}\n${note}`, card: { ...reply.card!, data: { ...data, notes: [note, ...(data.notes ?? [])] } } };
}

// ---------------------------------------------------------------------------------------------
// Time, format and host
// ---------------------------------------------------------------------------------------------

function logisticsReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  if (!committees.length) return noCommitteeReply();
  const meetings = allMeetings(ctx, committees);
  const when = dateInText(text, ctx.now);
  const meeting = when ? meetingsOnDate(meetings, when, londonDate(ctx.now))[0] : nextMeeting(meetings, ctx.now);
  if (!meeting) return nextMeetingReply(ctx, text);
  const t = text.toLowerCase();
  const label = `${withCommittee(ctx, meeting, committees)}${formatUkDate(meeting.date)}`;
  let title: string;
  if (/\bvirtual|online|in person|on teams|teams meeting|remote/.test(t)) {
    title =
      meeting.virtual === true
        ? `Yes: the meeting on ${label} is virtual${meeting.format && !/^virtual$/i.test(meeting.format) ? ` (${meeting.format})` : ''}.`
        : meeting.virtual === false
          ? `No: the meeting on ${label} is in person.`
          : `The sources do not say whether the meeting on ${label} is virtual.`;
  } else if (/\bhost|where\b/.test(t)) {
    title = meeting.hostedBy
      ? `The meeting on ${label} is hosted by ${meeting.hostedBy}${meeting.jointWith ? ` (a joint meeting with ${meeting.jointWith})` : ''}.`
      : `No other host is recorded for the meeting on ${label}: the ${committeeName(ctx.snapshot, meeting.committeeId)} hosts it.`;
  } else {
    const time = meetingTimeText(meeting);
    title = time ? `The meeting on ${label} starts at ${time}.` : `No start time is given for the meeting on ${label} in the calendar or the work programme.`;
  }
  const lines = [timeLine(meeting), formatLine(meeting), meeting.hostedBy ? `Hosted by: ${meeting.hostedBy}` : 'Hosted by: the committee (no other host recorded)', meeting.jointWith ? `Joint with: ${meeting.jointWith}` : undefined].filter(Boolean) as string[];
  const notes = [...(isMeetingCancelled(meeting) ? ['This meeting is cancelled.'] : []), ...(isCallInPlaceholder(meeting) ? ['Reserved for call-in: convened only if a call-in is lodged.'] : []), ...provenanceNotes(meeting)];
  if (when?.weekdayMismatch) notes.unshift(when.weekdayMismatch);
  return messageReply({ title, lines, notes, choices: [{ title: 'Agenda', ask: `agenda for ${meeting.date}` }] });
}

// ---------------------------------------------------------------------------------------------
// Reserved call-in dates and cancelled meetings
// ---------------------------------------------------------------------------------------------

const CALL_IN_PLACEHOLDER_NOTE = 'Call-in dates are placeholders: the meeting is convened only if a call-in is lodged.';

function nextCallInReply(ctx: ChatContext, text: string): Reply {
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

function callInDatesReply(ctx: ChatContext, text: string): Reply {
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

function cancelledReply(ctx: ChatContext, text: string): Reply {
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

// ---------------------------------------------------------------------------------------------
// Topics: when does X come to committee, who presents X
// ---------------------------------------------------------------------------------------------

function topicDate(topic: Topic): string {
  return topic.kind === 'agenda-item' ? topic.meeting.date : topic.kind === 'working-group' ? '9999-12-30' : '9999-12-31';
}

/** Matches for a topic, with a working group folded into its own final-report item when both match. */
function findTopics(ctx: ChatContext, reference: string, text: string): TopicMatch<Topic>[] {
  const committees = committeesInScope(ctx, text);
  const candidates = topicCandidates(ctx, committees);
  const byId = topicById(candidates, reference);
  if (byId) return [{ candidate: byId, score: 1, matchedTitle: byId.titles[0]! }];
  const cleaned = reference.replace(/^(the|a|an|our)\s+/i, '').replace(/\s+(item|report item|topic)$/i, '').trim();
  const matches = topMatches(matchTopic(cleaned, candidates));
  const itemIds = new Set(matches.filter((m) => m.candidate.value.kind === 'agenda-item').map((m) => (m.candidate.value as { meeting: Meeting }).meeting.id));
  return matches.filter((m) => !(m.candidate.value.kind === 'working-group' && m.candidate.value.group.finalReportMeetingId && itemIds.has(m.candidate.value.group.finalReportMeetingId)));
}

function topicNotFound(ctx: ChatContext, reference: string): Reply {
  const action = tryBareActionReference(ctx, reference);
  if (action) return action;
  return messageReply({
    title: `I can't find "${reference}" in the committee work programmes.`,
    body: 'Try words from the item\'s title (for example "Q3 performance report" or "MTFS working group final report"), or see the whole work programme.',
    choices: [
      { title: 'Work programme', ask: 'show the work programme' },
      { title: 'Items still TBC', ask: 'which items are still TBC' },
    ],
  });
}

function workingGroupFor(meeting: Meeting, committee: Committee): WorkingGroup | undefined {
  return committee.workingGroups.find((g) => g.finalReportMeetingId === meeting.id);
}

function topicLine(ctx: ChatContext, topic: Topic): { heading: string; lines: string[] } {
  if (topic.kind === 'agenda-item') {
    const { meeting, item } = topic;
    const status = isMeetingCancelled(meeting) ? ' (meeting cancelled)' : hasMeetingStarted(meeting, ctx.now) ? ' (past)' : '';
    return {
      heading: `${meetingWhen(meeting)}${status}: ${item.title}`,
      lines: [presentersLine(ctx.snapshot, item), item.reportType === 'verbal' ? 'Verbal report' : undefined, item.scrutinyType === 'pre-decision' ? 'Pre-decision scrutiny' : undefined].filter(Boolean) as string[],
    };
  }
  if (topic.kind === 'work-programme-item') {
    const { item } = topic;
    const label = item.status === 'tbc' ? 'No meeting yet (TBC)' : item.status === 'for-consideration' ? 'For consideration (not yet in the work programme)' : item.status === 'briefing-note' ? 'Dealt with by briefing note, not at a meeting' : 'Scheduled';
    return { heading: `${label}: ${truncate(item.topic, 120)}`, lines: [item.targetTimingRaw ? `Timing requested: ${item.targetTimingRaw}` : undefined, presentersLine(ctx.snapshot, item)].filter(Boolean) as string[] };
  }
  const { group } = topic;
  const meeting = group.finalReportMeetingId ? ctx.snapshot.meeting(group.finalReportMeetingId) : undefined;
  return { heading: `Working group ${group.name}`, lines: [meeting ? `Final report: ${meetingWhen(meeting)}` : 'No final report date recorded'] };
}

function whenTopicReply(ctx: ChatContext, reference: string, text: string): Reply {
  const matches = findTopics(ctx, reference, text);
  if (!matches.length) return topicNotFound(ctx, reference);
  const sorted = [...matches].sort((a, b) => topicDate(a.candidate.value).localeCompare(topicDate(b.candidate.value)));
  if (sorted.length === 1) return oneTopicWhen(ctx, sorted[0]!, reference);
  const upcoming = sorted.find((m) => m.candidate.value.kind === 'agenda-item' && !isMeetingCancelled(m.candidate.value.meeting) && !hasMeetingStarted(m.candidate.value.meeting, ctx.now));
  const items = sorted.map((m) => ({ ...topicLine(ctx, m.candidate.value), ask: `when does ${m.candidate.id} come to committee` }));
  return listReply({
    title: `"${reference}" matches ${sorted.length} work-programme items`,
    subtitle: upcoming ? `Next: ${meetingWhen((upcoming.candidate.value as { meeting: Meeting }).meeting)}, ${(upcoming.candidate.value as { item: AgendaItem }).item.title}` : 'None of them is at a meeting still to come.',
    groups: [{ items }],
    emptyText: '',
    ask: text,
    page: ctx.page,
  });
}

function oneTopicWhen(ctx: ChatContext, match: TopicMatch<Topic>, reference: string): Reply {
  const topic = match.candidate.value;
  const notes: string[] = [];
  if (topic.kind === 'agenda-item') {
    const { meeting, item, committee } = topic;
    const title = item.title;
    const differs = fold(title) !== fold(reference) && !fold(title).includes(fold(reference));
    if (differs) notes.push(`Listed as "${title}"${item.aliases.length ? `; also known as ${item.aliases.map((a) => `"${a}"`).join(', ')}` : ''}.`);
    const group = workingGroupFor(meeting, committee);
    if (group && /final report/i.test(title)) notes.push(`The final report of the ${group.name} working group${group.appointedOn ? ` (appointed ${formatUkDate(group.appointedOn)})` : ''}; ${group.notes.find((n) => /name only/i.test(n)) ? 'linked to this meeting by name only' : 'linked to this meeting'}.`);
    const cancelled = isMeetingCancelled(meeting);
    const past = hasMeetingStarted(meeting, ctx.now);
    const verb = cancelled ? 'was due at' : past ? 'came to' : 'comes to';
    const headline = `${title} ${verb} the ${committee.name} on ${meetingWhen(meeting)}${cancelled ? ', which is cancelled' : ''}.`;
    const lines = [timeLine(meeting), presentersLine(ctx.snapshot, item), item.reportType === 'verbal' ? 'Verbal report' : undefined, item.decisionBody ? `Decision: ${item.decisionBody}${item.decisionDate ? ` on ${formatUkDate(item.decisionDate)}` : ''}` : undefined, item.outcome ? `Outcome: ${item.outcome}` : undefined].filter(Boolean) as string[];
    if (!item.provenance.includes('agenda')) notes.push('From the forward work programme (marked DRAFT), so the date may change.');
    notes.push(...provenanceNotes(meeting));
    return messageReply({ title: headline, lines, notes, choices: [{ title: 'Who presents it', ask: `who is presenting ${item.id}` }, { title: 'That meeting', ask: `agenda for ${meeting.date}` }] });
  }
  if (topic.kind === 'work-programme-item') {
    const { item, committee } = topic;
    const today = londonDate(ctx.now);
    const wait = tbcItems([item], today)[0]?.wait;
    const status =
      item.status === 'tbc'
        ? `has no meeting date yet (TBC) in the ${committee.name} work programme.`
        : item.status === 'for-consideration'
          ? `is an item for consideration: it is not yet in the ${committee.name} work programme.`
          : item.status === 'briefing-note'
            ? 'was dealt with by a briefing note rather than at a meeting.'
            : `is in the ${committee.name} work programme.`;
    const lines = [
      item.targetTimingRaw ? `Timing requested: ${item.targetTimingRaw}` : undefined,
      wait?.since ? `Waiting ${describeWait(wait.since.date, today)}, since ${formatUkDate(wait.since.date)} ("${wait.since.raw}")` : undefined,
      presentersLine(ctx.snapshot, item),
      item.background ? `Background: ${item.background}` : undefined,
    ].filter(Boolean) as string[];
    return messageReply({ title: `${truncate(item.topic, 150)} ${status}`, lines, choices: [{ title: 'All TBC items', ask: 'which items are still TBC' }] });
  }
  return workingGroupReply(ctx, topic.committee, topic.group);
}

function presentingReply(ctx: ChatContext, reference: string, text: string): Reply {
  const matches = findTopics(ctx, reference, text).filter((m) => m.candidate.value.kind !== 'working-group');
  if (!matches.length) return topicNotFound(ctx, reference);
  // Several occurrences (a quarterly report, a standing update): the next one still to come, else the latest.
  const dated = matches.filter((m) => m.candidate.value.kind === 'agenda-item').sort((a, b) => topicDate(a.candidate.value).localeCompare(topicDate(b.candidate.value)));
  const upcoming = dated.find((m) => {
    const meeting = (m.candidate.value as { meeting: Meeting }).meeting;
    return !isMeetingCancelled(meeting) && !hasMeetingStarted(meeting, ctx.now);
  });
  const chosen = upcoming ?? dated.at(-1) ?? matches[0]!;
  const topic = chosen.candidate.value as Extract<Topic, { kind: 'agenda-item' | 'work-programme-item' }>;
  const item = topic.item;
  const title = topic.kind === 'agenda-item' ? topic.item.title : topic.item.topic;
  const members = [...item.cabinetMemberIds.map((id) => personName(ctx.snapshot, id)), ...('cabinetMemberRoles' in item ? item.cabinetMemberRoles.map((r) => `the ${r} (given as a role, no name)`) : [])];
  const lines = [
    topic.kind === 'agenda-item' ? `Meeting: ${meetingWhen(topic.meeting)} (${topic.committee.name})` : `Meeting: TBC (${topic.committee.name})`,
    `Cabinet Member${members.length === 1 ? '' : 's'}: ${members.length ? members.join(', ') : 'none recorded'}`,
    `Officer${item.officerIds.length === 1 ? '' : 's'}: ${item.officerIds.length ? names(ctx.snapshot, item.officerIds) : 'none recorded'}`,
    topic.kind === 'agenda-item' && topic.item.reportOf ? `The agenda says: ${topic.item.reportOf}` : undefined,
    topic.kind === 'agenda-item' && topic.item.reportType === 'verbal' ? 'Verbal report' : undefined,
  ].filter(Boolean) as string[];
  const notes: string[] = [];
  if (topic.kind === 'agenda-item') {
    const spelling = topic.item.notes.find((n) => /spelled|spelt/i.test(n));
    if (spelling) notes.push(spelling);
    const reportOfNote = topic.item.notes.find((n) => /report itself says/i.test(n));
    if (reportOfNote) notes.push(reportOfNote);
  }
  const others = dated.filter((m) => m !== chosen);
  if (others.length) notes.push(`Also matches ${plural(others.length, 'other item')}; use the buttons to see ${others.length === 1 ? 'it' : 'them'}.`);
  return messageReply({
    title: `Presenting "${title}"`,
    lines,
    notes,
    choices: others.slice(0, 4).map((m) => ({ title: `${formatUkDate((m.candidate.value as { meeting: Meeting }).meeting.date)}`, ask: `who is presenting ${m.candidate.id}` })),
  });
}

// ---------------------------------------------------------------------------------------------
// Work programme: TBC items, items for consideration, pre-decision scrutiny, the whole programme
// ---------------------------------------------------------------------------------------------

function tbcReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  const today = londonDate(ctx.now);
  const ids = new Set(committees.map((c) => c.id));
  const items = ctx.snapshot.data.workProgrammeItems.filter((i) => ids.has(i.committeeId));
  const waiting = tbcItems(items, today);
  const briefing = items.filter((i) => i.status === 'briefing-note');
  const consideration = itemsForConsideration(items);
  const groups: ListGroup[] = [
    {
      heading: `Still TBC (${waiting.length})`,
      explanation: 'No meeting date yet. Waiting time is counted from the earliest date written in the item.',
      color: 'Warning',
      items: waiting.map(({ item, wait }) => ({
        heading: truncate(item.topic, 140),
        lines: [
          wait.since ? `Waiting ${describeWait(wait.since.date, today)}, since ${formatUkDate(wait.since.date)} (written "${wait.since.raw}")` : 'No request date is written in the work programme',
          wait.latest ? `Last mentioned: ${formatUkDate(wait.latest.date)} (written "${wait.latest.raw}")` : undefined,
          item.targetTimingRaw ? `Timing requested: ${item.targetTimingRaw}` : undefined,
          presentersLine(ctx.snapshot, item),
        ].filter(Boolean) as string[],
        ask: `when does ${item.id} come to committee`,
      })),
    },
    {
      heading: `Dealt with outside a meeting (${briefing.length})`,
      explanation: 'Listed with the TBC rows, but resolved by a briefing note.',
      items: briefing.map((item) => ({ heading: truncate(item.topic, 140), lines: [item.background ? truncate(item.background, 200) : 'Briefing note'], ask: `when does ${item.id} come to committee` })),
    },
    {
      heading: `Items for consideration (${consideration.length})`,
      explanation: 'Suggested, not yet accepted into the work programme.',
      items: consideration.map((item) => {
        const wait = tbcItems([{ ...item, status: 'tbc' }], today)[0]!.wait;
        return {
          heading: truncate(item.topic, 140),
          lines: [
            wait.since ? `Since ${formatUkDate(wait.since.date)} (${describeWait(wait.since.date, today)}; written "${wait.since.raw}")` : undefined,
            item.suggestedBy ? `Suggested by ${personName(ctx.snapshot, item.suggestedBy)}` : undefined,
            item.background ? truncate(item.background, 200) : undefined,
          ].filter(Boolean) as string[],
          ask: `when does ${item.id} come to committee`,
        };
      }),
    },
  ];
  return listReply({
    title: `Work-programme items still TBC (${waiting.length})`,
    subtitle: `As at ${formatUkDate(today)}. Dates inside the text are read day-first: 3/7/20 is 3 July 2020.`,
    groups: groups.filter((g) => g.items.length),
    emptyText: 'Every work-programme item has a meeting date.',
    ask: text,
    page: ctx.page,
  });
}

function considerationReply(ctx: ChatContext, text: string): Reply {
  return tbcReply(ctx, text);
}

function preDecisionReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  const entries = committees.flatMap((committee) =>
    preDecisionItems(ctx.snapshot.meetingsOf(committee.id))
      .filter((p) => visibleItemsOf(ctx, p.meeting).visible.includes(p.item))
      .map((p) => ({ ...p, committee })),
  );
  const items: ListItem[] = entries.map((p) => ({
    heading: p.item.title,
    lines: [
      `Scrutinised: ${meetingWhen(p.meeting)} (${p.committee.name})${hasMeetingStarted(p.meeting, ctx.now) ? ', done' : ''}`,
      p.decisionBody ? `${p.decisionBody} decides: ${p.decisionDate ? formatUkDate(p.decisionDate) : 'date not recorded'}` : 'Decision-maker and date not recorded',
      p.item.aliases.length ? `Also known as: ${p.item.aliases.join('; ')}` : undefined,
      presentersLine(ctx.snapshot, p.item),
    ].filter(Boolean) as string[],
    ask: `when does ${p.item.id} come to committee`,
  }));
  const first = entries[0];
  return listReply({
    title: `Pre-decision scrutiny (${entries.length})`,
    subtitle: first && entries.length === 1 && first.decisionBody && first.decisionDate ? `${first.item.title}: ${first.decisionBody} decides on ${formatUkDate(first.decisionDate)}.` : 'Items the committee scrutinises before the decision-maker decides.',
    groups: [{ items }],
    emptyText: 'No items are marked as pre-decision scrutiny.',
    ask: text,
    page: ctx.page,
  });
}

function workProgrammeReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  if (!committees.length) return noCommitteeReply();
  const groups: ListGroup[] = committees.map((committee) => ({
    heading: committees.length > 1 ? committee.name : undefined,
    items: upcomingMeetings(ctx.snapshot.meetingsOf(committee.id), ctx.now).map((m) => {
      const { visible, withheld } = visibleItemsOf(ctx, m);
      const business = visible.filter((i) => i.reportType !== 'procedural');
      return {
        heading: `${meetingWhen(m)}${isCallInPlaceholder(m) ? ' (reserved for call-in)' : ''}`,
        lines: [
          ...business.map((i) => `${i.title}${i.reportType === 'verbal' ? ' (verbal)' : ''}`),
          ...(business.length === 0 && !isCallInPlaceholder(m) ? ['No items recorded yet'] : []),
          ...(withheld ? ['Part Two business not shown here'] : []),
        ],
        ask: `agenda for ${m.date}`,
      };
    }),
  }));
  const ids = new Set(committees.map((c) => c.id));
  const tbc = ctx.snapshot.data.workProgrammeItems.filter((i) => ids.has(i.committeeId) && i.status === 'tbc').length;
  const draft = committees.some((c) => c.workProgrammeDraft);
  return listReply({
    title: `Work programme: meetings still to come`,
    subtitle: `${committees.length === 1 ? `${committees[0]!.name}. ` : ''}${draft ? 'The work programme is marked DRAFT.' : ''}`.trim() || undefined,
    groups: groups.filter((g) => g.items.length),
    emptyText: 'No meetings are still to come.',
    notes: [`${plural(tbc, 'item')} still TBC. ${CALL_IN_PLACEHOLDER_NOTE}`],
    extraButtons: [
      { title: 'Items still TBC', ask: 'which items are still TBC' },
      { title: 'Suggest an item', ask: 'suggest an item for the work programme' },
    ],
    ask: text,
    page: ctx.page,
  });
}

// ---------------------------------------------------------------------------------------------
// Membership and working groups
// ---------------------------------------------------------------------------------------------

const ROLE_TITLES: Record<string, string> = { chair: 'Chair', 'vice-chair': 'Vice-Chair', 'opposition-vice-chair': 'Opposition Vice-Chair', member: 'Member' };

function roleText(member: Committee['members'][number]): string {
  const role = ROLE_TITLES[member.role] ?? member.role;
  return member.titleRaw && fold(member.titleRaw) !== fold(role) ? `${role} (written "${member.titleRaw}")` : role;
}

function singleCommittee(ctx: ChatContext, text: string): Committee | Reply {
  const committees = committeesInScope(ctx, text).filter((c) => c.members.length || c.supportOfficers.length || c.workingGroups.length);
  if (committees.length === 1) return committees[0]!;
  if (!committees.length) return noCommitteeReply();
  return messageReply({ title: 'Which committee?', choices: committees.slice(0, 6).map((c) => ({ title: c.name, ask: `${text} ${c.name}` })) });
}

function membershipReply(ctx: ChatContext, text: string): Reply {
  const committee = singleCommittee(ctx, text);
  if ('text' in committee) return committee;
  const t = text.toLowerCase();
  const chairs = committee.members.filter((m) => m.role === 'chair');
  const vices = committee.members.filter((m) => m.role === 'vice-chair' || m.role === 'opposition-vice-chair');
  const supportLines = committee.supportOfficers.map((s) => `${personName(ctx.snapshot, s.personId)}${s.roleRaw ? `, ${s.roleRaw}` : ''}${s.phone ? ` (${s.phone})` : ''}`);
  const choices: AskChoice[] = [
    { title: 'Working groups', ask: `what working groups does the ${committee.name} have` },
    { title: 'Next meeting', ask: `when is the next ${committee.name} meeting` },
  ];
  if (/\bsupport officers?|scrutiny (and|&) support|clerk|contact\b/.test(t)) {
    return messageReply({ title: `Support officers for the ${committee.name}`, lines: supportLines.length ? supportLines : ['None recorded.'], choices });
  }
  if (/\bvice[- ]?chair/.test(t)) {
    return messageReply({
      title: `Vice-chairs of the ${committee.name}: ${vices.map((m) => personName(ctx.snapshot, m.personId)).join(' and ') || 'none recorded'}`,
      lines: vices.map((m) => `${personName(ctx.snapshot, m.personId)}: ${roleText(m)}`),
      notes: ['Vice-chair titles vary between documents ("Vice Chairman", "Opposition Vice-Chair", "Opposition Vice Chairman").'],
      choices,
    });
  }
  if (/\bchair(s|man|woman|person)?\b|\bwho chairs\b/.test(t) && !/\bmembers?\b|\bwho is on\b|\bwho's on\b|\bwho sits\b/.test(t)) {
    return messageReply({
      title: `The ${committee.name} is chaired by ${chairs.map((m) => personName(ctx.snapshot, m.personId)).join(' and ') || 'nobody on record'}.`,
      lines: [...chairs.map((m) => `${personName(ctx.snapshot, m.personId)}: ${roleText(m)}`), ...vices.map((m) => `${personName(ctx.snapshot, m.personId)}: ${roleText(m)}`)],
      choices,
    });
  }
  const order = ['chair', 'vice-chair', 'opposition-vice-chair', 'member'];
  const members = [...committee.members].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || personName(ctx.snapshot, a.personId).localeCompare(personName(ctx.snapshot, b.personId)));
  const disagreement = membershipDisagreement(committee);
  const notes: string[] = [];
  if (disagreement) {
    const listsText = disagreement.lists.map((l) => `the ${l.name} names ${l.count}`).join(', ');
    notes.push(`The membership lists disagree: ${listsText}.`);
    for (const m of disagreement.missing) notes.push(`Not on the ${m.list} list: ${names(ctx.snapshot, m.personIds)}.`);
  }
  return messageReply({
    title: `${committee.name}: ${plural(members.length, 'member')}`,
    lines: [
      ...members.map((m) => `${personName(ctx.snapshot, m.personId)}${m.role !== 'member' ? `: ${roleText(m)}` : ''}${disagreement && m.listedIn.length < disagreement.lists.length ? ` (listed on the ${m.listedIn.join(' and ')} only)` : ''}`),
      ...(supportLines.length ? ['Support officers:', ...supportLines.map((l) => `- ${l}`)] : []),
    ],
    notes,
    choices,
  });
}

function workingGroupReply(ctx: ChatContext, committee: Committee, group: WorkingGroup): Reply {
  const onCommittee = new Set(committee.members.map((m) => m.personId));
  const chair = group.members.filter((m) => m.chair);
  const others = group.members.filter((m) => !m.chair);
  const meeting = group.finalReportMeetingId ? ctx.snapshot.meeting(group.finalReportMeetingId) : undefined;
  const notCommittee = group.members.filter((m) => !onCommittee.has(m.personId));
  const lines = [
    `Committee: ${committee.name}`,
    group.appointedOn ? `Appointed: ${formatUkDate(group.appointedOn)}` : group.appointedRaw ? `Appointed: ${group.appointedRaw}` : undefined,
    chair.length ? `Chair: ${names(ctx.snapshot, chair.map((m) => m.personId))}` : undefined,
    group.members.length ? `Members: ${names(ctx.snapshot, others.map((m) => m.personId))}` : 'Members: not stated in the source',
    group.observerIds.length ? `Observers: ${names(ctx.snapshot, group.observerIds)}` : undefined,
    meeting ? `Final report: ${meetingWhen(meeting)}${group.finalReportTitle ? ` ("${group.finalReportTitle}")` : ''}` : undefined,
    group.status ? `Status: ${group.status}` : undefined,
  ].filter(Boolean) as string[];
  const notes = [
    ...(notCommittee.length ? [`${names(ctx.snapshot, notCommittee.map((m) => m.personId))} ${notCommittee.length === 1 ? 'is' : 'are'} not on the committee's membership lists.`] : []),
    ...group.notes.filter((n) => !/not on the committee membership lists/i.test(n)),
  ];
  return messageReply({ title: `Working group: ${group.name}`, lines, notes, choices: meeting ? [{ title: 'That meeting', ask: `agenda for ${meeting.date}` }] : [] });
}

function workingGroupsReply(ctx: ChatContext, reference: string | undefined, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  const all = committees.flatMap((committee) => committee.workingGroups.map((group) => ({ committee, group })));
  if (reference) {
    const candidates = all.map(({ committee, group }) => ({ id: group.id, titles: [group.name, ...(group.finalReportTitle ? [group.finalReportTitle] : [])], value: { committee, group } }));
    const byId = candidates.find((c) => c.id === reference.trim());
    const matches = byId ? [{ candidate: byId }] : topMatches(matchTopic(reference.replace(/\bworking groups?\b/gi, ' '), candidates, { minScore: 0.5 }));
    if (matches.length === 1) return workingGroupReply(ctx, matches[0]!.candidate.value.committee, matches[0]!.candidate.value.group);
    if (matches.length > 1) return messageReply({ title: `"${reference}" matches ${matches.length} working groups. Which one?`, choices: matches.slice(0, 6).map((m) => ({ title: m.candidate.value.group.name, ask: `who sits on the ${m.candidate.id} working group` })) });
  }
  return listReply({
    title: `Working groups (${all.length})`,
    groups: [
      {
        items: all.map(({ committee, group }) => {
          const meeting = group.finalReportMeetingId ? ctx.snapshot.meeting(group.finalReportMeetingId) : undefined;
          return {
            heading: group.name,
            lines: [
              committees.length > 1 ? committee.name : undefined,
              group.members.length ? plural(group.members.length, 'member') + (group.observerIds.length ? `, ${plural(group.observerIds.length, 'observer')}` : '') : 'Membership not stated in the source',
              meeting ? `Final report: ${meetingWhen(meeting)}` : undefined,
              group.status && group.status.length < 120 ? `Status: ${group.status}` : undefined,
            ].filter(Boolean) as string[],
            ask: `who sits on the ${group.id} working group`,
          };
        }),
      },
    ],
    emptyText: 'No working groups are recorded.',
    notes: reference ? [`I couldn't find a working group called "${reference}", so here are all of them.`] : [],
    ask: text,
    page: ctx.page,
  });
}

// ---------------------------------------------------------------------------------------------
// Resolutions and follow-ups
// ---------------------------------------------------------------------------------------------

function resolutionLines(ctx: ChatContext, r: Resolution): string[] {
  const kind = r.kind === 'resolution' ? 'Resolution' : r.kind === 'undertaking' ? 'Undertaking' : 'Outcome';
  const status = r.status === 'open' ? 'outstanding' : r.status === 'noted' ? 'noted: no follow-up needed' : 'closed';
  const owner = r.ownerPersonId ? personName(ctx.snapshot, r.ownerPersonId) : r.ownerText;
  return [`${kind} · ${status}`, owner ? `Owner: ${r.ownerText ?? owner}` : undefined, r.dueText ? `Due: ${r.dueText}` : undefined, r.closureEvidence ? `Closed: ${r.closureEvidence}` : undefined].filter(Boolean) as string[];
}

function lastResolvedReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  if (!committees.length) return noCommitteeReply();
  const meetings = allMeetings(ctx, committees);
  const meeting = lastMeetingWithResolutions(meetings, ctx.now);
  if (!meeting) return messageReply({ title: 'No resolutions are recorded yet.', body: 'Minutes have not been recorded for any meeting.' });
  const held = lastMeetingHeld(meetings, ctx.now);
  const notes: string[] = [];
  if (held && held.date > meeting.date) notes.push(`The meeting on ${formatUkDate(held.date)} has no minutes recorded yet, so these are from the last minutes recorded.`);
  const byMinute = new Map<string, Resolution[]>();
  for (const r of meeting.resolutions) {
    const key = r.minuteNo !== undefined ? `Minute ${r.minuteNo}: ${r.minuteTitle ?? ''}` : (r.minuteTitle ?? 'Outcomes');
    byMinute.set(key, [...(byMinute.get(key) ?? []), r]);
  }
  const open = meeting.resolutions.filter((r) => r.status === 'open').length;
  return listReply({
    title: `What the ${committeeName(ctx.snapshot, meeting.committeeId)} resolved on ${formatUkDate(meeting.date)}`,
    subtitle: `${plural(meeting.resolutions.length, 'resolution or undertaking', 'resolutions and undertakings')}; ${open} still outstanding. "Noted" resolutions need no follow-up.`,
    groups: [...byMinute.entries()].map(([heading, list]) => ({
      heading,
      items: list.map((r) => ({ heading: r.text, lines: resolutionLines(ctx, r), ask: 'which follow-ups are outstanding' })),
    })),
    emptyText: '',
    notes,
    extraButtons: [{ title: 'Outstanding follow-ups', ask: 'which follow-ups are outstanding' }],
    ask: text,
    page: ctx.page,
  });
}

function followUpsReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  const outstanding = outstandingFollowUps(allMeetings(ctx, committees));
  const count = outstanding.reduce((n, m) => n + m.open.length, 0);
  return listReply({
    title: `Outstanding follow-ups (${count})`,
    subtitle: 'Open until closed with evidence; a follow-up is never closed by a keyword match.',
    groups: outstanding.map(({ meeting, open }) => ({
      heading: `${formatUkDate(meeting.date)}${committees.length > 1 ? `, ${committeeName(ctx.snapshot, meeting.committeeId)}` : ''} (${open.length})`,
      items: open.map((r) => ({ heading: r.text, lines: resolutionLines(ctx, r).slice(1), ask: `what did we resolve on ${meeting.date}` })),
    })),
    emptyText: 'No follow-ups are outstanding.',
    ask: text,
    page: ctx.page,
  });
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// Intents. Placed before the action intents, which catch broad words ("due", "completed").
// ---------------------------------------------------------------------------------------------

/** Questions about actions that mention a meeting only as a period ("due before the next meeting"). */
const ACTION_WORDS = /\b(due|overdue|slipp\w*|actions?|deadline|completed|on track)\b/i;
const CALL_IN = String.raw`call[- ]?ins?`;

export const meetingIntents: IntentDefinition[] = guarded([
  ...suggestionIntents,
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
  {
    name: 'pre-decision',
    examples: ['which items are pre-decision scrutiny, and when does Cabinet decide?'],
    match: (text) => (/\bpre[- ]?decision\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => preDecisionReply(ctx, text),
  },
  {
    name: 'tbc-items',
    examples: ['which items are still TBC?', 'items for consideration'],
    match: (text) =>
      (/\b(tbc|to be confirmed|unscheduled|not (yet )?scheduled|no (meeting )?date yet)\b/i.test(text) && !/\bactions?\b/i.test(text)) ||
      /\bitems? for consideration\b|\bsuggested items\b/i.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => (/consideration|suggested/i.test(text) ? considerationReply(ctx, text) : tbcReply(ctx, text)),
  },
  {
    name: 'working-groups',
    examples: ['what working groups are there?', 'who sits on the MTFS working group?'],
    match: (text) => {
      if (!/\bworking groups?\b/i.test(text) || /^when\b/i.test(text)) return null;
      const m =
        /\b(?:who (?:sits|is|are|'s)(?: on| in)?|members? of|membership of|who(?:'s| is) in|tell me about|show(?: me)?)(?: the)? (.+?) working groups?\b/i.exec(text) ??
        /\bworking groups? (?:on|for|about|called) (.+)$/i.exec(text);
      const ref = m?.[1]?.trim();
      return { ref: ref && !/^(the|all|which|what|any)$/i.test(ref) ? ref : undefined };
    },
    answer: (s, ctx, text = '') => workingGroupsReply(ctx, s.ref, text),
  },
  {
    name: 'membership',
    examples: ['who is on the Corporate Review Committee?', 'who chairs the committee?', 'who are the vice-chairs?', 'who are the support officers?'],
    match: (text) =>
      /\bwho(?:'s| is| are)? (?:on|in|sits on|serves on)\b.*\b(committee|corporate review|crc)\b|\b(members|membership) of\b.*\b(committee|corporate review|crc)\b|\bcommittee members(hip)?\b|\bwho chairs\b|\bwho(?:'s| is| are) the (?:vice[- ]?)?chair|\bvice[- ]?chairs?\b|\bsupport officers?\b|\bscrutiny (?:and|&) support manager\b|\bwho is the chair(man)?\b/i.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => membershipReply(ctx, text),
  },
  {
    name: 'follow-ups',
    examples: ['which follow-ups are outstanding?'],
    match: (text) => (/\bfollow[- ]?ups?\b|\bundertakings?\b|\boutstanding (resolutions|actions from the (minutes|meeting))\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => followUpsReply(ctx, text),
  },
  {
    name: 'resolutions',
    examples: ['what did we resolve last time?'],
    match: (text) => (/\bresol(ve|ved|utions?)\b|\bminutes\b|\bwhat did (we|the committee) (decide|agree)\b/i.test(text) && !/\b(called in|call[- ]?in)\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => lastResolvedReply(ctx, text),
  },
  {
    name: 'presenting',
    examples: ['who is presenting the Covid-19 update?'],
    match: (text) => {
      const m = /^who(?:'s| is| are| will be)? (?:presenting|introducing|presents|reporting on|bringing|leading on|taking) (?:the )?(.+?)(?: item| report)?$/i.exec(text) ?? /^who presents (?:the )?(.+)$/i.exec(text);
      return m ? { ref: m[1] } : null;
    },
    answer: (s, ctx, text = '') => presentingReply(ctx, s.ref!, text),
  },
  {
    name: 'meeting-logistics',
    examples: ['is the next meeting virtual?', 'what time is the next meeting?', 'who hosts the next meeting?'],
    match: (text) =>
      /\b(meeting|committee|meet)\b/i.test(text) &&
      /\b(virtual|online|in person|on teams|remote|what time|which time|start time|starts?|hosts?|hosted|hosting|where)\b/i.test(text) &&
      !ACTION_WORDS.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => logisticsReply(ctx, text),
  },
  {
    name: 'work-programme',
    examples: ['show the work programme'],
    match: (text) => (/^(?:show|list|what(?:'s| is)(?: on)?|view|see)?\s*(?:me )?(?:the )?(?:committee(?:'s)? |forward )?work programme$/i.test(text) || /^work programme( for .+)?$/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => workProgrammeReply(ctx, text),
  },
  {
    name: 'agenda',
    examples: ['what is on the next Corporate Review agenda?', 'agenda for 17 November 2020', 'when is the next meeting?'],
    match: (text) =>
      (/\bagenda\b/i.test(text) && !/\bpublish/i.test(text)) ||
      (/\bnext (?:[a-z]+ ){0,3}(meeting|committee meeting)\b|\bwhen (?:does|will|is) .*\bnext meet|\bnext meets?\b|\bmeeting (?:on|of) \d/i.test(text) && !ACTION_WORDS.test(text))
        ? {}
        : null,
    answer: (_s, ctx, text = '') => nextMeetingReply(ctx, text),
  },
  {
    name: 'topic-when',
    examples: ['when does the Q3 performance report come to committee?', 'when is the MTFS working group final report?'],
    match: (text) => {
      if (/\b(call[- ]?in|decision|agenda)\b/i.test(text)) return null;
      const m =
        /^when (?:does|do|will|is|are|'s) (?:the )?(.+?) (?:coming|come|going|go|due|scheduled|considered|discussed|taken|heard|being considered|on the agenda)(?: (?:to|at|before|for|in|back))?(?: (?:the )?(?:committee|corporate review(?: committee)?|crc|scrutiny|meeting))?$/i.exec(text) ??
        /^when (?:is|are|'s) (?:the )?(.+)$/i.exec(text);
      const ref = m?.[1]?.trim();
      if (!ref || /^(next|the next)\b/i.test(ref) || /^(it|that|this)$/i.test(ref)) return null;
      return { ref };
    },
    answer: (s, ctx, text = '') => whenTopicReply(ctx, s.ref!, text),
  },
]);
