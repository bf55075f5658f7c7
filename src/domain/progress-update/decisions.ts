/**
 * Committee decisions on revised dates (domain.md §2.8): endorsing a proposed date makes it the
 * approved baseline; rejecting it leaves the baseline as it was.
 *
 * Pure: the clock is a parameter; nothing here reads or writes the store.
 */
import { z } from 'zod';
import { formatDateExpr } from '../date-expr/index.js';
import { Id, IsoDate, type Action, type AuditEntry, type Revision } from '../model.js';
import type { UpdateAuthor, UpdateProblem } from './command.js';
import { auditView, compactStamp } from './records.js';
import { pendingRevision } from '../slippage.js';
import { formatUkDate, londonDate } from '../uk-format.js';

export const RevisionDecisionInput = z.object({
  decision: z.enum(['endorsed', 'rejected']),
  /** A meeting in the store, when the committee is one we hold meetings for. */
  meetingId: Id.optional(),
  meetingDate: IsoDate,
  /** The committee's name as the admin gave it ("Audit and Accounts Committee"). */
  committeeName: z.string().max(200).optional(),
  note: z.string().max(2000).optional(),
});
export type RevisionDecisionInput = z.infer<typeof RevisionDecisionInput>;

export type RevisionDecisionResult =
  | { ok: true; action: Action; revision: Revision; audit: AuditEntry }
  | { ok: false; problems: UpdateProblem[] };

/** Records the committee's endorsement of the pending revised date: it becomes the approved baseline. */
export function endorseRevision(action: Action, input: Omit<RevisionDecisionInput, 'decision'>, actor: UpdateAuthor, now: Date): RevisionDecisionResult {
  return decideRevision(action, { ...input, decision: 'endorsed' }, actor, now);
}

/** Records the committee's rejection: the approved baseline stays as it was. */
export function rejectRevision(action: Action, input: Omit<RevisionDecisionInput, 'decision'>, actor: UpdateAuthor, now: Date): RevisionDecisionResult {
  return decideRevision(action, { ...input, decision: 'rejected' }, actor, now);
}

function decideRevision(action: Action, input: RevisionDecisionInput, actor: UpdateAuthor, now: Date): RevisionDecisionResult {
  const parsed = RevisionDecisionInput.safeParse(input);
  if (!parsed.success) return { ok: false, problems: [{ field: 'action', message: `The decision could not be read: ${parsed.error.issues[0]!.message}.` }] };
  const pending = pendingRevision(action);
  if (!pending) {
    return { ok: false, problems: [{ field: 'proposedRevisedTarget', message: 'There is no proposed revised date waiting for a committee decision on this action.' }] };
  }
  const today = londonDate(now);
  if (input.meetingDate > today) {
    return { ok: false, problems: [{ field: 'action', message: `The meeting date ${formatUkDate(input.meetingDate)} is in the future: record the decision after the meeting.` }] };
  }
  const at = now.toISOString();
  const decisionNote = [input.committeeName, input.note].filter(Boolean).join(': ') || undefined;
  const revision: Revision = {
    ...pending,
    state: input.decision,
    decidedBy: actor.personId,
    decidedAt: at,
    meetingId: input.meetingId,
    meetingDate: input.meetingDate,
    decisionNote,
  };
  const next: Action = { ...action, revisions: action.revisions.map((r) => (r.id === pending.id ? revision : r)), version: action.version + 1 };
  const audit: AuditEntry = {
    id: `audit-${revision.id}-${input.decision}-${compactStamp(now)}`,
    at,
    actorId: actor.personId,
    actorName: actor.name,
    command: input.decision === 'endorsed' ? 'revision.endorse' : 'revision.reject',
    entity: 'action',
    entityId: action.id,
    before: auditView(action),
    after: auditView(next),
    note: `${input.decision === 'endorsed' ? 'Endorsed' : 'Rejected'} ${formatDateExpr(pending.to)}${decisionNote ? ` (${decisionNote}, ${formatUkDate(input.meetingDate)})` : ` (${formatUkDate(input.meetingDate)})`}`,
  };
  return { ok: true, action: next, revision, audit };
}
