/**
 * Pieces shared by the meeting answers (meeting-*.ts): the meetings in scope, the committee prefix when
 * several committees are in scope, where the sources disagree, time and format lines, and the reply when
 * no committee is on record.
 */
import { meetingTimeText } from '../../domain/meetings.js';
import type { Committee, Meeting } from '../../domain/model.js';
import { SOURCE_NAMES, committeeName, readableSource } from './committee-scope.js';
import { messageReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';

export function allMeetings(ctx: ChatContext, committees: readonly Committee[]): Meeting[] {
  return committees.flatMap((c) => [...ctx.snapshot.meetingsOf(c.id)]);
}

export function withCommittee(ctx: ChatContext, meeting: Meeting, committees: readonly Committee[]): string {
  return committees.length > 1 ? `${committeeName(ctx.snapshot, meeting.committeeId)}, ` : '';
}

/** Where the sources disagree, in words, plus each source's own text. */
export function provenanceNotes(meeting: Meeting): string[] {
  const notes: string[] = [];
  if (meeting.conflicts.length) {
    notes.push(`The sources disagree: ${meeting.conflicts.join(' ')}`);
    for (const s of meeting.sources) notes.push(`${SOURCE_NAMES[s.source] ?? s.source} says: "${readableSource(s.raw)}"${s.lines ? ` [${s.lines}]` : ''}`);
  } else if (meeting.yearInferred) {
    notes.push('The source gives this date without a year; the year is inferred from its place in the table.');
  }
  return notes;
}

export function timeLine(meeting: Meeting): string {
  return `Time: ${meetingTimeText(meeting) ?? 'not given in the calendar or the work programme'}`;
}

export function formatLine(meeting: Meeting): string | undefined {
  if (meeting.format && meeting.virtual) return `Format: virtual (${meeting.format})`;
  if (meeting.virtual === true) return 'Format: virtual';
  if (meeting.virtual === false) return `Format: in person${meeting.format ? ` (${meeting.format})` : ''}`;
  return meeting.format ? `Format: ${meeting.format}` : undefined;
}

export function noCommitteeReply(): Reply {
  return messageReply({ title: 'I have no committees on record yet.', body: 'Democratic services can import committees and meetings (see the README, "Importing").' });
}

export const CALL_IN_PLACEHOLDER_NOTE = 'Call-in dates are placeholders: the meeting is convened only if a call-in is lodged.';

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
