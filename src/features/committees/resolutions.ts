/**
 * Resolutions and follow-ups: what the committee resolved at its last minuted meeting, and which
 * resolutions and undertakings are still outstanding.
 */
import { lastMeetingHeld, lastMeetingWithResolutions, outstandingFollowUps } from '../../domain/meetings.js';
import type { Resolution } from '../../domain/model.js';
import { formatUkDate, plural } from '../../domain/uk-format.js';
import { committeeName, committeesInScope, personName } from './committee-scope.js';
import { listReply, messageReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { allMeetings, noCommitteeReply } from './shared.js';

function resolutionLines(ctx: ChatContext, r: Resolution): string[] {
  const kind = r.kind === 'resolution' ? 'Resolution' : r.kind === 'undertaking' ? 'Undertaking' : 'Outcome';
  const status = r.status === 'open' ? 'outstanding' : r.status === 'noted' ? 'noted: no follow-up needed' : 'closed';
  const owner = r.ownerPersonId ? personName(ctx.snapshot, r.ownerPersonId) : r.ownerText;
  return [`${kind} · ${status}`, owner ? `Owner: ${r.ownerText ?? owner}` : undefined, r.dueText ? `Due: ${r.dueText}` : undefined, r.closureEvidence ? `Closed: ${r.closureEvidence}` : undefined].filter(Boolean) as string[];
}

export function lastResolvedReply(ctx: ChatContext, text: string): Reply {
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

export function followUpsReply(ctx: ChatContext, text: string): Reply {
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
