/**
 * Topics: when does X come to committee, and who presents X. A topic is an agenda item, a
 * work-programme item with no meeting yet, or a working group's final report.
 */
import { hasMeetingStarted, isMeetingCancelled, meetingWhen } from '../../domain/meetings.js';
import type { AgendaItem, Committee, Meeting, WorkingGroup } from '../../domain/model.js';
import { matchTopic, topMatches, type TopicMatch } from '../../domain/topic-match.js';
import { formatUkDate, londonDate, plural } from '../../domain/uk-format.js';
import { describeWait, tbcItems } from '../../domain/work-programme.js';
import { committeesInScope, names, personName, presentersLine, topicById, topicCandidates, type Topic } from './committee-scope.js';
import { fold } from '../../chat/normalise.js';
import { listReply, messageReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { tryBareActionReference } from '../actions/intents.js';
import { workingGroupReply } from './membership.js';
import { provenanceNotes, timeLine, truncate } from './shared.js';

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

export function whenTopicReply(ctx: ChatContext, reference: string, text: string): Reply {
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

export function presentingReply(ctx: ChatContext, reference: string, text: string): Reply {
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
