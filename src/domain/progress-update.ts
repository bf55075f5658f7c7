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
import { z } from 'zod';
import { dateExprEquals, describePrecision, dueDateOf, formatDateExpr, parseDateExpr } from './date-expr.js';
import {
  Id,
  IsoDate,
  ProgressUpdate,
  type Action,
  type ActionStatus,
  type AuditEntry,
  type CanonicalStatus,
  type DateExpr,
  type Plan,
  type Revision,
} from './model.js';
import { approvedTarget, pendingRevision } from './slippage.js';
import { formatUkDate, londonDate } from './uk-format.js';

export const MAX_COMMENTARY_CHARS = 4000;
/** Reason, mitigation and next steps: the same ceiling as commentary. */
export const MAX_DETAIL_CHARS = 4000;
export const EDIT_WINDOW_MINUTES = 15;
/** An as-at date further ahead than this is almost certainly a typo (2102 for 2021). */
const MAX_AS_AT_DAYS_AHEAD = 366;

export const UpdateChannel = ProgressUpdate.shape.channel;
export type UpdateChannel = z.infer<typeof UpdateChannel>;

/**
 * The one command every channel produces. Text fields are raw user text; they are interpreted
 * (labels mapped, dates parsed) by interpretCommand so that every channel gets the same messages.
 * Hard caps here only stop absurd payloads; the user-facing limits are checked with specific
 * messages in interpretCommand.
 */
export const RecordUpdateCommand = z.object({
  actionId: Id,
  /** The action version the user's form or confirmation was built from (optimistic concurrency). */
  expectedVersion: z.number().int().min(0).optional(),
  /** The council's own status label ("Slippage", "On track"), or a common synonym. Absent: unchanged. */
  status: z.string().max(200).optional(),
  commentary: z.string().max(100_000).optional(),
  /** Reporting cut-off, YYYY-MM-DD; defaults to today (Europe/London). */
  asAt: IsoDate.optional(),
  /** A date expression as typed: "September 2018", "Early 21 (TBC)", "31 March 2019". */
  proposedRevisedTarget: z.string().max(500).optional(),
  reasonForChange: z.string().max(100_000).optional(),
  mitigation: z.string().max(100_000).optional(),
  nextSteps: z.string().max(100_000).optional(),
  /** Confirms the current position: status and commentary kept, last-updated refreshed. */
  noChange: z.boolean().optional(),
  /** Teams activity / invoke id, form id, or import row key: the same key is recorded once. */
  idempotencyKey: z.string().min(1).max(500),
  channel: UpdateChannel,
  roundId: Id.optional(),
});
export type RecordUpdateCommand = z.infer<typeof RecordUpdateCommand>;

/** Which field was wrong and what is allowed, in words for the person who typed it. */
export interface UpdateProblem {
  field: 'status' | 'commentary' | 'asAt' | 'proposedRevisedTarget' | 'reasonForChange' | 'mitigation' | 'nextSteps' | 'action' | 'update';
  message: string;
}

export interface UpdateAuthor {
  personId?: string;
  name: string;
}

// ---------------------------------------------------------------------------------------------
// Status labels
// ---------------------------------------------------------------------------------------------

/** Plain words for plans that have no labels of their own (the Communities Delivery Plan has none). */
const DEFAULT_LABELS: ReadonlyArray<{ label: string; canonical: CanonicalStatus }> = [
  { label: 'Not started', canonical: 'NOT_STARTED' },
  { label: 'In progress', canonical: 'IN_PROGRESS' },
  { label: 'On track', canonical: 'ON_TRACK' },
  { label: 'At risk', canonical: 'AT_RISK' },
  { label: 'Slipped', canonical: 'SLIPPED' },
  { label: 'Completed', canonical: 'COMPLETED' },
  { label: 'Deferred', canonical: 'DEFERRED' },
  { label: 'Ongoing', canonical: 'ONGOING' },
  { label: 'Closed / withdrawn', canonical: 'CLOSED_WITHDRAWN' },
];

/** Everyday words people use for a status, mapped to canonical statuses (lower case, single spaces). */
const STATUS_SYNONYMS: ReadonlyArray<[CanonicalStatus, readonly string[]]> = [
  ['NOT_STARTED', ['not started', 'not yet started', 'yet to start', 'not begun']],
  ['IN_PROGRESS', ['in progress', 'underway', 'under way', 'progressing', 'started', 'in hand']],
  ['ON_TRACK', ['on track', 'on target', 'on schedule', 'on course', 'going to plan']],
  ['AT_RISK', ['at risk', 'at risk of slipping']],
  ['SLIPPED', ['slipped', 'slipping', 'slippage', 'behind', 'behind schedule', 'delayed', 'late', 'off track', 'running late']],
  ['COMPLETED', ['completed', 'complete', 'done', 'finished', 'delivered', 'implemented', 'achieved']],
  ['DEFERRED', ['deferred', 'postponed', 'on hold', 'paused']],
  ['ONGOING', ['ongoing', 'business as usual', 'continuing']],
  ['CLOSED_WITHDRAWN', ['closed', 'withdrawn', 'closed / withdrawn', 'closed/withdrawn', 'no longer required']],
];

export interface StatusOption {
  label: string;
  canonical: CanonicalStatus;
}

/**
 * The statuses a lead may choose for this plan, one per canonical status, in the plan's own words
 * ("Slippage", not "Slipped", for the CIP). Plans without labels get plain defaults.
 */
export function statusOptions(plan: Plan | undefined): StatusOption[] {
  const entries = Object.entries(plan?.statusLabels ?? {});
  if (entries.length === 0) return [...DEFAULT_LABELS];
  const options: StatusOption[] = [];
  for (const [key, canonical] of entries) {
    // Prefer the label the committee table uses ("Slippage") when two labels mean the same.
    const bucketLabel = plan?.summaryBuckets.find((b) => b.label.toLowerCase() === key)?.label;
    const existing = options.find((o) => o.canonical === canonical);
    if (existing) {
      if (bucketLabel) existing.label = bucketLabel;
      continue;
    }
    options.push({ label: bucketLabel ?? sentenceCase(key), canonical });
  }
  return options;
}

/** Maps typed or chosen text to one of the plan's statuses; undefined when it is not one. */
export function matchStatusLabel(plan: Plan | undefined, text: string): StatusOption | undefined {
  const wanted = text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!]+$/, '');
  if (!wanted) return undefined;
  const options = statusOptions(plan);
  const labels = plan?.statusLabels ?? {};
  const direct = labels[wanted] ?? options.find((o) => o.label.toLowerCase() === wanted)?.canonical;
  const canonical = direct ?? STATUS_SYNONYMS.find(([, words]) => words.includes(wanted))?.[0];
  if (!canonical) return undefined;
  return options.find((o) => o.canonical === canonical);
}

/** A regular-expression alternation of every status word the plan understands, longest first. */
export function statusPhrasePattern(plan?: Plan): string {
  const words = new Set<string>();
  for (const option of statusOptions(plan)) words.add(option.label.toLowerCase());
  for (const key of Object.keys(plan?.statusLabels ?? {})) words.add(key);
  for (const [, synonyms] of STATUS_SYNONYMS) for (const word of synonyms) words.add(word);
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|');
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Interpreting a command
// ---------------------------------------------------------------------------------------------

/** What the command means for this action, checked field by field. */
export interface InterpretedUpdate {
  status?: ActionStatus;
  commentary?: string;
  asAt: string;
  proposedRevisedTarget?: DateExpr;
  reasonForChange?: string;
  mitigation?: string;
  nextSteps?: string;
  noChange: boolean;
}

export type Interpretation = { ok: true; value: InterpretedUpdate } | { ok: false; problems: UpdateProblem[] };

export const DATE_EXAMPLES = '"September 2018", "31 March 2019", "Q3 2020/21", "Early 21 (TBC)" or "TBC"';

/**
 * Checks every field and says exactly what is wrong with each. Nothing is applied here, so the
 * confirmation card (before anything is saved) and the save itself give the same answers.
 */
export function interpretCommand(command: RecordUpdateCommand, plan: Plan | undefined, action: Action, now: Date): Interpretation {
  const problems: UpdateProblem[] = [];
  const today = londonDate(now);
  const clean = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : text.trim());
  const noChange = command.noChange === true;

  const asAt = command.asAt ?? today;
  if (!isRealDate(asAt)) {
    problems.push({ field: 'asAt', message: `The as-at date "${asAt}" is not a real date. Use the reporting cut-off, for example ${formatUkDate(today)}.` });
  } else if (daysFrom(today, asAt) > MAX_AS_AT_DAYS_AHEAD) {
    problems.push({ field: 'asAt', message: `The as-at date ${formatUkDate(asAt)} is more than a year ahead. Use the reporting cut-off date (today is ${formatUkDate(today)}).` });
  }

  if (noChange) return problems.length ? { ok: false, problems } : { ok: true, value: { asAt, noChange } };

  let status: ActionStatus | undefined;
  const statusText = clean(command.status);
  if (statusText) {
    const option = matchStatusLabel(plan, statusText);
    if (!option) {
      const allowed = statusOptions(plan).map((o) => o.label);
      problems.push({
        field: 'status',
        message: `"${truncate(statusText, 60)}" is not one of the ${plan?.abbreviation ?? plan?.title ?? 'plan'}'s status labels. Use one of: ${allowed.join(', ')}.`,
      });
    } else {
      status = { canonical: option.canonical, raw: option.label, asAt };
    }
  }

  const commentary = clean(command.commentary);
  if (commentary && commentary.length > MAX_COMMENTARY_CHARS) {
    problems.push({
      field: 'commentary',
      message: `The commentary is ${commentary.length.toLocaleString('en-GB')} characters; the limit is ${MAX_COMMENTARY_CHARS.toLocaleString('en-GB')}. Shorten it by ${(commentary.length - MAX_COMMENTARY_CHARS).toLocaleString('en-GB')} characters, or move detail into mitigation or next steps.`,
    });
  }
  const details: Array<['reasonForChange' | 'mitigation' | 'nextSteps', string]> = [
    ['reasonForChange', 'reason for change'],
    ['mitigation', 'mitigation'],
    ['nextSteps', 'next steps'],
  ];
  const detailValues: Partial<Record<(typeof details)[number][0], string>> = {};
  for (const [field, words] of details) {
    const value = clean(command[field]);
    if (value && value.length > MAX_DETAIL_CHARS) {
      problems.push({ field, message: `The ${words} is ${value.length.toLocaleString('en-GB')} characters; the limit is ${MAX_DETAIL_CHARS.toLocaleString('en-GB')}.` });
    }
    detailValues[field] = value;
  }

  let proposed: DateExpr | undefined;
  const dateText = clean(command.proposedRevisedTarget);
  if (dateText) {
    const parsed = parseDateExpr(dateText, { referenceDate: isRealDate(asAt) ? asAt : today });
    if (!parsed) {
      problems.push({ field: 'proposedRevisedTarget', message: `I can't read "${truncate(dateText, 80)}" as a date. Write the proposed new date as, for example, ${DATE_EXAMPLES}.` });
    } else if (parsed.kind === 'relative') {
      problems.push({
        field: 'proposedRevisedTarget',
        message: `"${truncate(dateText, 80)}" depends on when it is read, so the committee could not hold you to it. Give a month, a date or a period, for example ${DATE_EXAMPLES}.`,
      });
    } else {
      const baseline = approvedTarget(action);
      // "March 2018" proposes nothing new against "by March 2018": the same due date is the same target.
      const sameDue = baseline && dueDateOf(baseline) !== null && dueDateOf(baseline) === dueDateOf(parsed);
      if (baseline && (dateExprEquals(baseline, parsed) || sameDue)) {
        problems.push({ field: 'proposedRevisedTarget', message: `${formatDateExpr(parsed)} is already the approved target, so there is nothing to propose. Leave the new date empty to keep it.` });
      } else {
        proposed = parsed;
      }
    }
    if (!detailValues.reasonForChange) {
      problems.push({ field: 'reasonForChange', message: 'A proposed new date needs a reason for the change: the committee is asked to endorse it. Add one, for example "because of the restructure".' });
    }
  }

  const hasContent = status || commentary || dateText || detailValues.mitigation || detailValues.nextSteps || detailValues.reasonForChange;
  if (!hasContent && problems.length === 0) {
    problems.push({ field: 'update', message: 'There is nothing to record: give a status, some commentary or a proposed new date, or choose "No change".' });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      status,
      commentary,
      asAt,
      proposedRevisedTarget: proposed,
      reasonForChange: detailValues.reasonForChange,
      mitigation: detailValues.mitigation,
      nextSteps: detailValues.nextSteps,
      noChange,
    },
  };
}

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

function auditView(action: Action): Record<string, unknown> {
  return {
    version: action.version,
    status: action.status,
    commentary: action.commentary,
    commentaryAsAt: action.commentaryAsAt,
    lastUpdatedAt: action.lastUpdatedAt,
    revisions: action.revisions,
    delegateIds: action.delegateIds,
  };
}

// ---------------------------------------------------------------------------------------------
// Committee decisions on revised dates
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Delegation
// ---------------------------------------------------------------------------------------------

/** `audit` is absent when nothing changed (already a delegate, or already not one). */
export type DelegationResult = { ok: true; action: Action; audit?: AuditEntry; changed: boolean };

/**
 * Lets another person record updates on an action ("let Joe Sullivan update Pub is the Hub"), or
 * withdraws that. Who may delegate is checked by the caller (owners who may update, plan admins).
 */
export function changeDelegation(
  action: Action,
  delegate: { personId: string; name: string },
  mode: 'add' | 'remove',
  actor: UpdateAuthor,
  now: Date,
): DelegationResult {
  const has = action.delegateIds.includes(delegate.personId);
  const at = now.toISOString();
  if ((mode === 'add' && has) || (mode === 'remove' && !has)) {
    return { ok: true, action, changed: false };
  }
  const delegateIds = mode === 'add' ? [...action.delegateIds, delegate.personId] : action.delegateIds.filter((id) => id !== delegate.personId);
  const next: Action = { ...action, delegateIds, version: action.version + 1 };
  const audit: AuditEntry = {
    id: `audit-${action.id}-delegate-${mode}-${delegate.personId}-${compactStamp(now)}`,
    at,
    actorId: actor.personId,
    actorName: actor.name,
    command: mode === 'add' ? 'delegation.add' : 'delegation.remove',
    entity: 'action',
    entityId: action.id,
    before: { version: action.version, delegateIds: action.delegateIds },
    after: { version: next.version, delegateIds },
    note: mode === 'add' ? `${delegate.name} may record updates` : `${delegate.name} may no longer record updates`,
  };
  return { ok: true, action: next, audit, changed: true };
}

// ---------------------------------------------------------------------------------------------

function isRealDate(iso: string): boolean {
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso;
}

function daysFrom(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

/** 20201120T120000123: sortable, unique per millisecond; record ids never depend on randomness. */
function compactStamp(now: Date): string {
  return now.toISOString().replace(/[-:.Z]/g, '');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
