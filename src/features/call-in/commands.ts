/**
 * The call-in feature's writes: record a decision, record that it was called in, record that the
 * call-in ended, and answer a call-in reminder (cancel or keep the reserved meeting). Each command
 * validates its input with zod, asks the core who may (domain/decisions.ts mayRecordDecisions,
 * mayAnswerReminder) and what is allowed (callInLodgingProblem), writes in one transaction with its
 * audit entry and a version check (store/audited-write.ts), and returns an outcome the answers in
 * decision-commands.ts and reminders.ts put into words.
 *
 * `ctx` is who is asking, when, and the snapshot they were answered from: the decisions are taken
 * on that snapshot, and the version checks make sure nothing changed since.
 */
import { z } from 'zod';
import { lodgedCallIns, mayAnswerReminder, nextReservedCallInMeeting } from '../../domain/call-in.js';
import { callInLodgingProblem, decisionId, mayRecordDecisions, RecordDecisionInput } from '../../domain/decisions.js';
import { hasMeetingStarted, isMeetingCancelled } from '../../domain/meetings.js';
import { Decision, type Committee, type Meeting } from '../../domain/model.js';
import { formatUkDate, formatUkInstant, londonDate } from '../../domain/uk-format.js';
import { parseCommand, unchanged, writeAudited, written, type InvalidCommand, type WriteDeps, type WriteFailure } from '../../store/audited-write.js';
import { auditEntry } from '../../chat/audit.js';
import type { ChatContext } from '../../chat/types.js';
import { rulesOf } from '../committees/committee-scope.js';

/** What the call-in commands write with. */
export type CallInDeps = WriteDeps;

const Refused = { kind: 'refused' } as const;

function askerName(ctx: ChatContext): string {
  return ctx.asker.person?.name ?? ctx.asker.displayName;
}

// ---------------------------------------------------------------------------------------------
// Record a decision
// ---------------------------------------------------------------------------------------------

export type RecordDecisionOutcome =
  | { kind: 'recorded'; decision: Decision; duplicate: boolean }
  | { kind: 'refused' }
  | { kind: 'unknown-council'; councilId: string }
  | InvalidCommand
  | WriteFailure;

/** Records a decision once: the same council, title and date taken is the same decision. */
export async function recordDecision(deps: CallInDeps, input: unknown, ctx: ChatContext): Promise<RecordDecisionOutcome> {
  if (!mayRecordDecisions(ctx.asker.roles)) return Refused;
  const parsed = parseCommand(RecordDecisionInput, input);
  if (!parsed.ok) return parsed.invalid;
  const command = parsed.command;
  if (!ctx.snapshot.council(command.councilId)) return { kind: 'unknown-council', councilId: command.councilId };
  const id = decisionId(command.councilId, command.takenOn, command.title);
  const decision = Decision.parse({
    id,
    councilId: command.councilId,
    title: command.title,
    decisionMaker: command.decisionMaker,
    takenOn: command.takenOn,
    publishedOn: command.publishedOn,
    keyDecision: command.keyDecision,
    subjectToCallIn: command.urgencyReason ? false : command.subjectToCallIn,
    ...(command.urgencyReason ? { urgencyReason: command.urgencyReason } : {}),
    exempt: command.exempt,
    ...(ctx.asker.person ? { recordedBy: ctx.asker.person.id } : {}),
    source: { document: 'Recorded in Teams', note: `Recorded by ${askerName(ctx)} on ${formatUkDate(londonDate(ctx.now))}` },
  });
  return writeAudited(deps, 'record-decision', (tx) => {
    const existing = tx.get('decisions', id);
    if (existing) return unchanged<RecordDecisionOutcome>({ kind: 'recorded', decision: existing, duplicate: true });
    const stored = tx.put('decisions', decision);
    return written<RecordDecisionOutcome>({ kind: 'recorded', decision: stored, duplicate: false }, auditEntry(ctx, { command: 'record-decision', entity: 'decision', entityId: id, after: stored }));
  });
}

// ---------------------------------------------------------------------------------------------
// Call-in lodged, withdrawn or determined
// ---------------------------------------------------------------------------------------------

/**
 * What a call-in command starts with: democratic services only, its input, and the decision it
 * names, read from the asker's snapshot (its version is what the write checks against).
 */
function decisionCommand<T extends { decisionId: string }>(schema: z.ZodType<T>, input: unknown, ctx: ChatContext): { ok: true; command: T; decision: Decision } | { ok: false; outcome: typeof Refused | InvalidCommand } {
  if (!mayRecordDecisions(ctx.asker.roles)) return { ok: false, outcome: Refused };
  const parsed = parseCommand(schema, input);
  if (!parsed.ok) return { ok: false, outcome: parsed.invalid };
  const decision = ctx.snapshot.data.decisions.find((d) => d.id === parsed.command.decisionId);
  if (!decision) return { ok: false, outcome: { kind: 'invalid', problems: [`There is no decision ${parsed.command.decisionId}.`] } };
  return { ok: true, command: parsed.command, decision };
}

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'the date must be a day, for example 2020-11-20');

export const RecordCallInCommand = z.object({
  decisionId: z.string().min(1).max(300),
  /** The day the call-in was lodged; today when absent. */
  lodgedOn: IsoDay.optional(),
});

export type RecordCallInOutcome =
  | { kind: 'called-in'; decision: Decision }
  | { kind: 'refused' }
  | { kind: 'future-date'; lodgedOn: string }
  | { kind: 'not-allowed'; decision: Decision; problem: string }
  | InvalidCommand
  | WriteFailure;

export async function recordCallIn(deps: CallInDeps, input: unknown, ctx: ChatContext): Promise<RecordCallInOutcome> {
  const named = decisionCommand(RecordCallInCommand, input, ctx);
  if (!named.ok) return named.outcome;
  const { decision } = named;
  const lodgedOn = named.command.lodgedOn ?? londonDate(ctx.now);
  if (lodgedOn > londonDate(ctx.now)) return { kind: 'future-date', lodgedOn };
  const problem = callInLodgingProblem(decision, rulesOf(ctx.snapshot.council(decision.councilId)), lodgedOn);
  if (problem) return { kind: 'not-allowed', decision, problem };
  return writeAudited(deps, 'record-call-in', (tx) => {
    const current = tx.get('decisions', decision.id);
    if (!current) throw new Error('decision disappeared');
    const updated = tx.put('decisions', { ...current, calledIn: true, calledInOn: lodgedOn }, { expectedVersion: decision.version });
    const entry = auditEntry(ctx, { command: 'record-call-in', entity: 'decision', entityId: decision.id, before: { calledIn: current.calledIn, calledInOn: current.calledInOn }, after: { calledIn: true, calledInOn: lodgedOn } });
    return written<RecordCallInOutcome>({ kind: 'called-in', decision: updated }, entry);
  });
}

export const EndCallInCommand = z.object({
  decisionId: z.string().min(1).max(300),
  /** How it ended, in the words the audit note uses. */
  outcome: z.enum(['withdrawn', 'determined', 'concluded']),
});

export type EndCallInOutcome =
  | { kind: 'ended'; decision: Decision }
  | { kind: 'refused' }
  | { kind: 'not-called-in'; decision: Decision }
  | InvalidCommand
  | WriteFailure;

export async function endCallIn(deps: CallInDeps, input: unknown, ctx: ChatContext): Promise<EndCallInOutcome> {
  const named = decisionCommand(EndCallInCommand, input, ctx);
  if (!named.ok) return named.outcome;
  const { decision } = named;
  if (!decision.calledIn) return { kind: 'not-called-in', decision };
  const note = `Call-in ${named.command.outcome} (recorded ${formatUkDate(londonDate(ctx.now))})`;
  return writeAudited(deps, 'end-call-in', (tx) => {
    const current = tx.get('decisions', decision.id)!;
    const updated = tx.put('decisions', { ...current, calledIn: false }, { expectedVersion: decision.version });
    const entry = auditEntry(ctx, { command: 'end-call-in', entity: 'decision', entityId: decision.id, before: { calledIn: true, calledInOn: current.calledInOn }, after: { calledIn: false }, note });
    return written<EndCallInOutcome>({ kind: 'ended', decision: updated }, entry);
  });
}

// ---------------------------------------------------------------------------------------------
// Answering a call-in reminder
// ---------------------------------------------------------------------------------------------

export const AnswerReminderCommand = z.object({
  meetingId: z.string().min(1).max(200),
  /** Cancel the reserved meeting (no call-in lodged), or keep it. */
  cancel: z.boolean(),
});

export type AnswerReminderOutcome =
  | { kind: 'cancelled'; meeting: Meeting; note: string; next?: Meeting }
  | { kind: 'kept'; meeting: Meeting; note: string }
  | { kind: 'no-meeting' }
  | { kind: 'refused'; committee: Committee }
  | { kind: 'already-cancelled'; meeting: Meeting }
  | { kind: 'passed'; meeting: Meeting }
  | { kind: 'call-in-lodged'; meeting: Meeting; lodged: Decision[] }
  | InvalidCommand
  | WriteFailure;

/** Support officers, the chair and democratic services cancel or keep a date reserved for call-in. */
export async function answerCallInReminder(deps: CallInDeps, input: unknown, ctx: ChatContext): Promise<AnswerReminderOutcome> {
  const parsed = parseCommand(AnswerReminderCommand, input);
  if (!parsed.ok) return parsed.invalid;
  const { cancel } = parsed.command;
  const meeting = ctx.snapshot.meeting(parsed.command.meetingId);
  const committee = meeting ? ctx.snapshot.committee(meeting.committeeId) : undefined;
  if (!meeting || !committee) return { kind: 'no-meeting' };
  if (!mayAnswerReminder(committee, ctx.asker.person?.id, ctx.asker.roles)) return { kind: 'refused', committee };
  if (isMeetingCancelled(meeting)) return { kind: 'already-cancelled', meeting };
  if (hasMeetingStarted(meeting, ctx.now)) return { kind: 'passed', meeting };
  const lodged = lodgedCallIns(ctx.snapshot, committee, meeting);
  if (cancel && lodged.length) return { kind: 'call-in-lodged', meeting, lodged };
  const stamp = formatUkInstant(ctx.now.toISOString());
  const note = cancel
    ? `Cancelled on ${stamp} by ${askerName(ctx)} from the call-in reminder: no call-in lodged.`
    : `Kept on ${stamp} by ${askerName(ctx)} after the call-in reminder.`;
  const command = cancel ? 'cancel-call-in-meeting' : 'keep-call-in-meeting';
  const saved = await writeAudited(deps, command, (tx) => {
    const current = tx.get('meetings', meeting.id);
    if (!current) throw new Error('meeting disappeared');
    const updated = { ...current, ...(cancel ? { cancelled: true } : {}), notes: [...current.notes, note] };
    tx.put('meetings', updated, { expectedVersion: meeting.version });
    return written({ kind: 'saved' as const }, auditEntry(ctx, { command, entity: 'meeting', entityId: meeting.id, before: { cancelled: current.cancelled }, after: { cancelled: updated.cancelled, note } }));
  });
  if (saved.kind !== 'saved') return saved;
  if (!cancel) return { kind: 'kept', meeting, note };
  const after = await deps.store.snapshot();
  return { kind: 'cancelled', meeting, note, next: nextReservedCallInMeeting(after.meetingsOf(committee.id), ctx.now) };
}
