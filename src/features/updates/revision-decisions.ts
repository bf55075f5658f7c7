/**
 * Committee decisions on revised dates from chat (domain.md §2.8): "endorse the revised date for
 * 4.1 (Audit and Accounts Committee 19 June 2018)", "reject ...". Reads which meeting decided,
 * checks the asker may record it, and says what the approved target now is.
 */
import { formatDateExpr, parseDateExpr } from '../../domain/date-expr/index.js';
import { approvedTarget, pendingRevision } from '../../domain/slippage.js';
import { formatUkDate } from '../../domain/uk-format.js';
import { democraticServicesNames, mayRecordCommitteeDecision, planAdminNames } from '../../domain/update-rights.js';
import { actorOf, recordRevisionDecision, type UpdateServiceDeps } from './update-service.js';
import { fold } from '../../chat/normalise.js';
import { actionLabel, statusAsk } from '../../chat/present.js';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { commandKey, findAction, notFoundReply } from './shared.js';

const MEETING_ID = /\b([a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{4}-\d{2}-\d{2})\b/i;
const DATE_IN_TEXT =
  /(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b/i;

interface MeetingRef {
  meetingId?: string;
  meetingDate: string;
  committeeName?: string;
}

/** "Audit and Accounts Committee 19 June 2018", "staffs-crc-2020-11-17", "the meeting on 17/11/2020". */
export function readMeeting(ctx: ChatContext, text: string): { ok: true; value: MeetingRef } | { ok: false; message: string } {
  const idMatch = MEETING_ID.exec(text);
  const byId = idMatch ? ctx.snapshot.meeting(idMatch[1]!.toLowerCase()) : undefined;
  if (byId) return { ok: true, value: { meetingId: byId.id, meetingDate: byId.date, committeeName: ctx.snapshot.committee(byId.committeeId)?.name } };
  const dateMatch = DATE_IN_TEXT.exec(text);
  const date = dateMatch ? parseDateExpr(dateMatch[0].replace(/(\d)(st|nd|rd|th)\b/i, '$1').replace(/,/g, '')) : null;
  if (!date || date.kind !== 'date') {
    return {
      ok: false,
      message: 'Say which meeting made the decision and when, for example "(Audit and Accounts Committee 19 June 2018)" or a meeting id such as "staffs-crc-2020-11-17".',
    };
  }
  const committeeText = (dateMatch ? text.replace(dateMatch[0], ' ') : text)
    .replace(/\b(?:on|at|the|meeting|of|held|dated|by)\b/gi, ' ')
    .replace(/[(),:;]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const wanted = fold(committeeText);
  const committee = wanted
    ? ctx.snapshot.committees.find((c) => [c.name, ...c.aliases].some((n) => fold(n) === wanted || (wanted.length > 5 && (fold(n).includes(wanted) || wanted.includes(fold(n))))))
    : undefined;
  if (committee) {
    const meeting = ctx.snapshot.meetingsOf(committee.id).find((m) => m.date === date.value);
    if (!meeting) {
      const nearby = ctx.snapshot
        .meetingsOf(committee.id)
        .filter((m) => !m.cancelled)
        .map((m) => m.date)
        .sort((a, b) => Math.abs(Date.parse(a) - Date.parse(date.value)) - Math.abs(Date.parse(b) - Date.parse(date.value)))
        .slice(0, 2);
      return {
        ok: false,
        message: `The ${committee.name} has no meeting on ${formatUkDate(date.value)} in my records.${nearby.length ? ` Its nearest meetings: ${nearby.map(formatUkDate).join(', ')}.` : ''}`,
      };
    }
    if (meeting.cancelled) return { ok: false, message: `The ${committee.name} meeting on ${formatUkDate(date.value)} was cancelled, so it cannot have decided this.` };
    return { ok: true, value: { meetingId: meeting.id, meetingDate: meeting.date, committeeName: committee.name } };
  }
  return { ok: true, value: { meetingDate: date.value, committeeName: committeeText || undefined } };
}

export const DECISION =
  /^(?:please\s+)?(?:record (?:that )?(?:the )?(?:committee )?(?:has )?)?(endorse|reject)(?:d|ed)?\s+(?:the\s+)?(?:revised|proposed|new)\s+(?:target\s+|due\s+)?(?:date|timescale|target|deadline)s?\s+(?:for|of|on|to)\s+(.+)$/i;

function splitDecision(rest: string): { ref: string; meetingText: string; note?: string } {
  const paren = /^(.+?)\s*\(([^)]*)\)\s*(?:[:\-–]\s*|because\s+|,\s*)?(.*)$/i.exec(rest);
  if (paren) return { ref: paren[1]!, meetingText: paren[2]!, note: paren[3]?.trim() || undefined };
  const noteSplit = /^(.*?)(?:\s*[:–]\s+|\s+-\s+|\s+because\s+)(.+)$/i.exec(rest);
  const main = noteSplit ? noteSplit[1]! : rest;
  const note = noteSplit ? noteSplit[2] : undefined;
  const at = /^(.+?)(?:,\s*|\s+(?:at|by|on|in)\s+)(.+)$/i.exec(main);
  return at ? { ref: at[1]!, meetingText: at[2]!, note } : { ref: main, meetingText: '', note };
}

export async function decisionReply(deps: UpdateServiceDeps, ctx: ChatContext, verb: string, rest: string): Promise<Reply> {
  const decision = verb.toLowerCase().startsWith('endorse') ? 'endorsed' : 'rejected';
  const { ref, meetingText, note } = splitDecision(rest);
  const found = findAction(ctx, ref);
  if (found.kind !== 'one') return notFoundReply(ctx, ref, found, (a) => `${decision === 'endorsed' ? 'endorse' : 'reject'} the revised date for ${a.id} (${meetingText})`);
  const action = found.action;
  const label = actionLabel(ctx.snapshot, action);
  const actor = actorOf(ctx.asker);
  if (!mayRecordCommitteeDecision(ctx.snapshot, action, actor, deps.adminEmails)) {
    const admins = planAdminNames(ctx.snapshot, ctx.snapshot.plan(action.planId));
    const democratic = democraticServicesNames(ctx.snapshot);
    return messageReply({
      title: `Only admins can record a committee decision on ${label}. Nothing was changed.`,
      body: 'A revised date is endorsed or rejected by the committee; the plan admins and democratic services record that decision here.',
      lines: [admins.length ? `Plan admins: ${admins.join(', ')}.` : undefined, democratic.length ? `Democratic services: ${democratic.join(', ')}.` : undefined].filter(Boolean) as string[],
    });
  }
  const pending = pendingRevision(action);
  if (!pending) {
    return messageReply({
      title: `There is no proposed revised date waiting for a decision on ${label}.`,
      body: action.revisions.length ? `Its revisions: ${action.revisions.map((r) => `${formatDateExpr(r.to)} (${r.state})`).join('; ')}.` : 'No revised date has been proposed for it.',
      choices: [{ title: 'Awaiting endorsement', ask: 'what is awaiting endorsement?' }],
    });
  }
  const meeting = readMeeting(ctx, meetingText);
  if (!meeting.ok) return messageReply({ title: `I couldn't record that decision on ${label}. Nothing was changed.`, body: meeting.message });
  const outcome = await recordRevisionDecision(
    deps,
    { actionId: action.id, decision, ...meeting.value, note, idempotencyKey: commandKey(ctx, 'decision') },
    actor,
    ctx.now,
  );
  if (outcome.kind === 'changed-meanwhile' || outcome.kind === 'not-saved') return notSavedReply(outcome);
  if (outcome.kind === 'invalid') return messageReply({ title: `I couldn't record that decision on ${label}. Nothing was changed.`, lines: outcome.problems.map((p) => p.message) });
  if (outcome.kind !== 'decided') return messageReply({ title: `I couldn't record that decision on ${label}. Nothing was changed.` });
  const after = outcome.action;
  const baseline = approvedTarget(after);
  const body =
    decision === 'endorsed'
      ? `The approved target is now ${baseline ? formatDateExpr(baseline) : formatDateExpr(outcome.revision.to)}; slippage is measured against it from now on.`
      : `The approved target stays ${baseline ? formatDateExpr(baseline) : 'as it was'}; slippage is still measured against it.`;
  return messageReply({
    title: `Recorded: the ${meeting.value.committeeName ?? 'committee'} ${decision} the revised date for ${label} (${formatDateExpr(outcome.revision.to)}) on ${formatUkDate(meeting.value.meetingDate)}.`,
    body,
    notes: [
      after.originalTarget ? `The original target (${formatDateExpr(after.originalTarget)}) is kept in the record.` : undefined,
      note ? `Note: ${note}` : undefined,
      outcome.duplicate ? 'This decision was already recorded; it was not recorded twice.' : 'Recorded in the audit log with your name and the time.',
    ].filter(Boolean) as string[],
    choices: [
      { title: 'Status', ask: statusAsk(after) },
      { title: 'History', ask: `history of ${after.id}` },
      { title: 'Still awaiting endorsement', ask: 'what is awaiting endorsement?' },
    ],
  });
}
