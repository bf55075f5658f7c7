/**
 * The next meeting, or the meeting on a date, and its agenda (Part Two items shown only as exempt
 * headings, or withheld); and the time, format and host of a meeting.
 */
import {
  exemptDescription,
  isCallInPlaceholder,
  isMeetingCancelled,
  meetingFlags,
  meetingTimeText,
  meetingWhen,
  nextMeeting,
  upcomingMeetings,
} from '../../domain/meetings.js';
import type { AgendaItem, Committee, Meeting } from '../../domain/model.js';
import { formatUkDate, londonDate } from '../../domain/uk-format.js';
import { committeeName, committeesInScope, dateInText, meetingsOnDate, presentersLine, visibleItemsOf, withheldNote } from './committee-scope.js';
import { messageReply } from '../../chat/reply.js';
import type { AskChoice, ChatContext, Reply } from '../../chat/types.js';
import { allMeetings, formatLine, noCommitteeReply, provenanceNotes, timeLine, withCommittee } from './shared.js';

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

export function nextMeetingReply(ctx: ChatContext, text: string): Reply {
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

export function logisticsReply(ctx: ChatContext, text: string): Reply {
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
