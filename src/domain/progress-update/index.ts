/**
 * Recording progress on an action (domain.md §2.8, §4 E 37-38): one validated command, whichever
 * way it arrives (free text in Teams, the update card, a quarterly round, an import), applied here
 * as pure functions over plain data.
 *
 * Rules that live here so no channel can bypass them:
 * - the status is the council's own label, mapped through the plan's statusLabels;
 * - a revised date is only ever *proposed*: the approved baseline and the original target never
 *   change until a committee decision is recorded (endorseRevision / rejectRevision);
 * - every update keeps the values it replaced, so history can show previous -> new;
 * - a second update by the same author within 15 minutes is recorded as an edit of the first,
 *   not a silent overwrite (both records stay);
 * - "no change" confirms the current position and refreshes the last-updated date only.
 *
 * Pure: the clock is a parameter; nothing here reads or writes the store.
 */
import { describePrecision, formatDateExpr } from '../date-expr/index.js';
import { ProgressUpdate, type Action, type AuditEntry, type DateExpr, type Plan, type Revision } from '../model.js';
import { interpretCommand, type RecordUpdateCommand, type UpdateAuthor, type UpdateProblem } from './command.js';
import { auditView, compactStamp } from './records.js';
import { approvedTarget, pendingRevision } from '../slippage.js';

// The command, its interpretation, status labels, committee decisions and delegation live in their
// own modules; every name stays importable from here.
export {
  DATE_EXAMPLES,
  MAX_COMMENTARY_CHARS,
  MAX_DETAIL_CHARS,
  RecordUpdateCommand,
  UpdateChannel,
  interpretCommand,
  type InterpretedUpdate,
  type Interpretation,
  type UpdateAuthor,
  type UpdateProblem,
} from './command.js';
export { matchStatusLabel, statusOptions, statusPhrasePattern, type StatusOption } from './status.js';
export { RevisionDecisionInput, endorseRevision, rejectRevision, type RevisionDecisionResult } from './decisions.js';
export { changeDelegation, type DelegationResult } from './delegation.js';

export const EDIT_WINDOW_MINUTES = 15;

// ---------------------------------------------------------------------------------------------
// Applying an update
// ---------------------------------------------------------------------------------------------

export type ApplyUpdateResult =
  | { ok: true; action: Action; update: ProgressUpdate; audit: AuditEntry; revision?: Revision }
  | { ok: false; problems: UpdateProblem[] };

/**
 * Applies a progress update to an action. Returns the new action (version + 1), the update record
 * (with the values it replaced) and the audit entry; the caller stores all three in one transaction.
 *
 * `previousUpdates` are this action's recorded updates (any order); they decide whether this is an
 * edit of the author's own update made within the last 15 minutes.
 */
export function applyUpdate(
  action: Action,
  command: RecordUpdateCommand,
  author: UpdateAuthor,
  now: Date,
  previousUpdates: readonly ProgressUpdate[],
  plan?: Plan,
): ApplyUpdateResult {
  if (command.actionId !== action.id) {
    return { ok: false, problems: [{ field: 'action', message: `This update is for ${command.actionId}, not ${action.id}.` }] };
  }
  const interpreted = interpretCommand(command, plan, action, now);
  if (!interpreted.ok) return interpreted;
  const value = interpreted.value;
  const at = now.toISOString();

  const edited = value.noChange ? undefined : editableUpdate(previousUpdates, author, now);
  const kind: ProgressUpdate['kind'] = value.noChange ? 'no-change' : edited ? 'edit' : 'update';
  const updateId = `${action.id}-${compactStamp(now)}-${previousUpdates.length + 1}`;

  let next: Action = { ...action, lastUpdatedAt: at, version: action.version + 1 };
  let revision: Revision | undefined;
  if (value.noChange) {
    next.status = { ...action.status, asAt: value.asAt };
    if (action.commentary) next.commentaryAsAt = value.asAt;
  } else {
    if (value.status) next.status = value.status;
    if (value.commentary) {
      next.commentary = value.commentary;
      next.commentaryAsAt = value.asAt;
    }
    if (value.proposedRevisedTarget) {
      const proposal = proposeRevision(action, value.proposedRevisedTarget, value.reasonForChange, author, at, updateId);
      revision = proposal.revision;
      next = { ...next, revisions: proposal.revisions };
    }
  }

  const update = ProgressUpdate.parse({
    id: updateId,
    actionId: action.id,
    authorId: author.personId,
    authorName: author.name,
    authoredAt: at,
    channel: command.channel,
    kind,
    asAt: value.asAt,
    status: value.noChange ? undefined : value.status,
    commentary: value.noChange ? undefined : value.commentary,
    proposedRevisedTarget: value.proposedRevisedTarget,
    reasonForChange: value.reasonForChange,
    mitigation: value.mitigation,
    nextSteps: value.nextSteps,
    previous: { status: action.status, commentary: action.commentary, target: targetDescription(action) },
    editsUpdateId: edited ? (edited.editsUpdateId ?? edited.id) : undefined,
    idempotencyKey: command.idempotencyKey,
    roundId: command.roundId,
  });

  const audit: AuditEntry = {
    id: `audit-${updateId}`,
    at,
    actorId: author.personId,
    actorName: author.name,
    command: `progress-update.${kind}`,
    entity: 'action',
    entityId: action.id,
    before: auditView(action),
    after: auditView(next),
    note: `Update ${updateId} via ${command.channel}${command.roundId ? ` (round ${command.roundId})` : ''}${edited ? `; edits ${update.editsUpdateId}` : ''}`,
  };
  return { ok: true, action: next, update, audit, revision };
}

/** The author's own latest update, if it is the newest on the action and under 15 minutes old. */
function editableUpdate(previousUpdates: readonly ProgressUpdate[], author: UpdateAuthor, now: Date): ProgressUpdate | undefined {
  const latest = [...previousUpdates].sort((a, b) => a.authoredAt.localeCompare(b.authoredAt)).at(-1);
  if (!latest || latest.kind === 'no-change' || latest.channel === 'seed' || latest.channel === 'import') return undefined;
  const sameAuthor = author.personId ? latest.authorId === author.personId : !latest.authorId && latest.authorName === author.name;
  if (!sameAuthor) return undefined;
  const ageMs = now.getTime() - Date.parse(latest.authoredAt);
  return ageMs >= 0 && ageMs <= EDIT_WINDOW_MINUTES * 60_000 ? latest : undefined;
}

/**
 * Adds a proposed revision, or replaces the one still waiting for the committee: the committee is
 * asked to endorse one date per action, and the update records keep every earlier proposal.
 */
function proposeRevision(
  action: Action,
  to: DateExpr,
  reason: string | undefined,
  author: UpdateAuthor,
  at: string,
  updateId: string,
): { revisions: Revision[]; revision: Revision } {
  const pending = pendingRevision(action);
  const base: Revision = {
    id: pending?.id ?? `${action.id}-rev-${updateId.slice(action.id.length + 1)}`,
    from: pending?.from ?? approvedTarget(action),
    to,
    reason,
    state: 'proposed',
    raw: to.raw,
    proposedBy: author.personId,
    proposedAt: at,
    source: { document: `Progress update ${updateId}`, note: `Proposed by ${author.name}` },
  };
  if (!pending) return { revisions: [...action.revisions, base], revision: base };
  return { revisions: action.revisions.map((r) => (r.id === pending.id ? base : r)), revision: base };
}

/** How the target reads before this update: a pending proposal, else the approved target. */
export function targetDescription(action: Action): string | undefined {
  const pending = pendingRevision(action);
  if (pending) return `${formatDateExpr(pending.to)} (proposed, awaiting endorsement)`;
  const approved = approvedTarget(action);
  return approved ? formatDateExpr(approved) : undefined;
}

/** "September 2018, month precision": what the bot understood, said back to the user. */
export function describeProposedDate(expr: DateExpr): string {
  return `${formatDateExpr(expr)}, ${describePrecision(expr)}`;
}
