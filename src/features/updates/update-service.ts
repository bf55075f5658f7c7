/**
 * Runs progress-update commands against the store: the one write path for updates from free text,
 * the update card, quarterly rounds and imports.
 *
 * Each command is one store transaction that
 * - is recorded once per idempotency key (Teams activity/invoke id, form id, import row key), even
 *   across restarts: keys live in the update records and in the `update-commands` ext collection;
 * - checks permission in the core (who may update, delegate, record a committee decision);
 * - never overwrites newer work: when the action changed since the user's form was built, nothing
 *   is saved and the outcome says who changed it, when, and what it says now, so the caller can show
 *   it beside the user's own text and offer to re-apply it;
 * - appends an AuditEntry for every write (the audit log is never rewritten), in the same
 *   transaction (store/audited-write.ts);
 * - never throws for a write the store could not make: the outcome says nothing was saved.
 */
import { z } from 'zod';
import type { Action, AuditEntry, ProgressUpdate, Revision } from '../../domain/model.js';
import type { UpdatePermission } from '../../domain/permissions.js';
import {
  RecordUpdateCommand,
  applyUpdate,
  changeDelegation,
  endorseRevision,
  rejectRevision,
  type UpdateProblem,
} from '../../domain/progress-update/index.js';
import { mayDelegate, mayRecordCommitteeDecision, updatePermission } from '../../domain/update-rights.js';
import type { Logger } from '../../log.js';
import { unchanged, writeAudited, written, type Audited, type WriteFailure } from '../../store/audited-write.js';
import type { Store, Transaction } from '../../store/store.js';

/** ext collection of processed command keys (idempotency across restarts). */
export const PROCESSED_COMMANDS = 'update-commands';

const ProcessedCommand = z.object({
  id: z.string(),
  kind: z.enum(['progress-update', 'revision-decision', 'delegation']),
  actionId: z.string(),
  resultId: z.string().optional(),
  at: z.string(),
  actorId: z.string().optional(),
});
type ProcessedCommand = z.infer<typeof ProcessedCommand>;

/** Who is writing: the linked person (if any), their name and roles. */
export interface UpdateActor {
  personId?: string;
  name: string;
  email?: string;
  roles: ReadonlySet<string>;
}

export interface UpdateServiceDeps {
  store: Store;
  /** Where a write the store refused is reported. */
  log: Logger;
  /** ADMIN_EMAILS: admins of every plan. */
  adminEmails: readonly string[];
}

/** One change made to an action after the version a user's form was built from. */
export interface ChangeSince {
  by: string;
  byId?: string;
  at: string;
  what: string;
  update?: ProgressUpdate;
}

export type RecordOutcome =
  | { kind: 'recorded'; action: Action; update: ProgressUpdate; duplicate: boolean }
  | { kind: 'invalid'; problems: UpdateProblem[]; action?: Action; command?: RecordUpdateCommand }
  | { kind: 'not-found'; actionId: string }
  | { kind: 'refused'; action: Action; permission: UpdatePermission }
  | { kind: 'conflict'; action: Action; changes: ChangeSince[]; submitted: RecordUpdateCommand }
  | WriteFailure;

/** Records a progress update. `input` is validated here, whatever the caller already checked. */
export async function recordProgressUpdate(deps: UpdateServiceDeps, input: unknown, actor: UpdateActor, now: Date): Promise<RecordOutcome> {
  const parsed = RecordUpdateCommand.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', problems: zodProblems(parsed.error) };
  const command = parsed.data;
  const snapshot = await deps.store.snapshot();
  return writeAudited(deps, 'progress-update', (tx): Audited<RecordOutcome> => {
    const duplicate = findProcessedUpdate(tx, command);
    if (duplicate) {
      const action = tx.get('actions', duplicate.actionId);
      if (action) return unchanged({ kind: 'recorded', action, update: duplicate, duplicate: true });
    }
    const action = tx.get('actions', command.actionId);
    if (!action) return unchanged({ kind: 'not-found', actionId: command.actionId });

    const permission = updatePermission(snapshot, action, actor, deps.adminEmails ?? []);
    if (!permission.allowed) return unchanged({ kind: 'refused', action, permission });

    if (command.expectedVersion !== undefined && command.expectedVersion !== action.version) {
      if (command.expectedVersion > action.version) {
        return unchanged({
          kind: 'invalid',
          action,
          command,
          problems: [{ field: 'action', message: `The card says this action is at version ${command.expectedVersion}, but it is at version ${action.version}: the card was changed after the bot sent it.` }],
        });
      }
      const changes = changesSince(tx, action, command.expectedVersion);
      // Your own newer update is not "someone else's work": an edit within 15 minutes stays an edit.
      const onlyMine = actor.personId !== undefined && changes.length > 0 && changes.every((c) => c.byId === actor.personId);
      if (!onlyMine) return unchanged({ kind: 'conflict', action, changes, submitted: command });
    }

    const previous = tx.list('updates').filter((u) => u.actionId === action.id);
    const plan = tx.get('plans', action.planId);
    const result = applyUpdate(action, command, { personId: actor.personId, name: actor.name }, now, previous, plan);
    if (!result.ok) return unchanged({ kind: 'invalid', problems: result.problems, action, command });

    const stored = tx.put('actions', result.action, { expectedVersion: action.version });
    tx.put('updates', result.update);
    markProcessed(tx, { id: command.idempotencyKey, kind: 'progress-update', actionId: action.id, resultId: result.update.id, at: result.update.authoredAt, actorId: actor.personId });
    return written<RecordOutcome>({ kind: 'recorded', action: stored, update: result.update, duplicate: false }, result.audit);
  });
}

function findProcessedUpdate(tx: Transaction, command: RecordUpdateCommand): ProgressUpdate | undefined {
  const processed = readProcessed(tx, command.idempotencyKey);
  if (processed?.resultId) {
    const update = tx.get('updates', processed.resultId);
    if (update) return update;
  }
  return tx.list('updates').find((u) => u.idempotencyKey === command.idempotencyKey && u.actionId === command.actionId);
}

function readProcessed(tx: Transaction, key: string): ProcessedCommand | undefined {
  const record = tx.extGet(PROCESSED_COMMANDS, key);
  const parsed = record ? ProcessedCommand.safeParse(record) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

function markProcessed(tx: Transaction, record: ProcessedCommand): void {
  tx.extPut(PROCESSED_COMMANDS, ProcessedCommand.parse(record));
}

/**
 * What changed since `version`, from the audit log (every write to an action records the version
 * it produced). Falls back to the latest update when a writer left no audit entry.
 */
export function changesSince(source: Pick<Transaction, 'list'>, action: Action, version: number): ChangeSince[] {
  const updates = source.list('updates');
  const entries = source
    .list('audit')
    .filter((a) => a.entity === 'action' && a.entityId === action.id && versionAfter(a) > version)
    .sort((a, b) => a.at.localeCompare(b.at));
  if (entries.length) {
    return entries.map((entry) => {
      const update = updates.find((u) => entry.id === `audit-${u.id}`);
      return { by: entry.actorName, byId: entry.actorId, at: entry.at, what: entry.note ?? entry.command, update };
    });
  }
  const latest = updates.filter((u) => u.actionId === action.id).sort((a, b) => a.authoredAt.localeCompare(b.authoredAt)).at(-1);
  return latest ? [{ by: latest.authorName, byId: latest.authorId, at: latest.authoredAt, what: 'a progress update', update: latest }] : [];
}

function versionAfter(entry: AuditEntry): number {
  const after = entry.after as { version?: unknown } | undefined;
  return typeof after?.version === 'number' ? after.version : -1;
}

// ---------------------------------------------------------------------------------------------
// Committee decisions on revised dates
// ---------------------------------------------------------------------------------------------

export const RevisionDecisionCommand = z.object({
  actionId: z.string().min(1).max(200),
  decision: z.enum(['endorsed', 'rejected']),
  meetingId: z.string().max(200).optional(),
  meetingDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  committeeName: z.string().max(200).optional(),
  note: z.string().max(2000).optional(),
  idempotencyKey: z.string().min(1).max(500),
});
export type RevisionDecisionCommand = z.infer<typeof RevisionDecisionCommand>;

export type DecisionOutcome =
  | { kind: 'decided'; action: Action; revision: Revision; duplicate: boolean }
  | { kind: 'invalid'; problems: UpdateProblem[]; action?: Action }
  | { kind: 'not-found'; actionId: string }
  | { kind: 'refused'; action: Action }
  | WriteFailure;

export async function recordRevisionDecision(deps: UpdateServiceDeps, input: unknown, actor: UpdateActor, now: Date): Promise<DecisionOutcome> {
  const parsed = RevisionDecisionCommand.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', problems: zodProblems(parsed.error) };
  const command = parsed.data;
  const snapshot = await deps.store.snapshot();
  return writeAudited(deps, 'revision-decision', (tx): Audited<DecisionOutcome> => {
    const action = tx.get('actions', command.actionId);
    if (!action) return unchanged({ kind: 'not-found', actionId: command.actionId });
    const processed = readProcessed(tx, command.idempotencyKey);
    if (processed) {
      const revision = action.revisions.find((r) => r.id === processed.resultId);
      if (revision) return unchanged({ kind: 'decided', action, revision, duplicate: true });
    }
    if (!mayRecordCommitteeDecision(snapshot, action, actor, deps.adminEmails ?? [])) return unchanged({ kind: 'refused', action });
    const decide = command.decision === 'endorsed' ? endorseRevision : rejectRevision;
    const result = decide(
      action,
      { meetingId: command.meetingId, meetingDate: command.meetingDate, committeeName: command.committeeName, note: command.note },
      { personId: actor.personId, name: actor.name },
      now,
    );
    if (!result.ok) return unchanged({ kind: 'invalid', problems: result.problems, action });
    const stored = tx.put('actions', result.action, { expectedVersion: action.version });
    markProcessed(tx, { id: command.idempotencyKey, kind: 'revision-decision', actionId: action.id, resultId: result.revision.id, at: result.audit.at, actorId: actor.personId });
    return written<DecisionOutcome>({ kind: 'decided', action: stored, revision: result.revision, duplicate: false }, result.audit);
  });
}

// ---------------------------------------------------------------------------------------------
// Delegation
// ---------------------------------------------------------------------------------------------

export const DelegationCommand = z.object({
  actionId: z.string().min(1).max(200),
  delegatePersonId: z.string().min(1).max(200),
  mode: z.enum(['add', 'remove']),
  idempotencyKey: z.string().min(1).max(500),
});
export type DelegationCommand = z.infer<typeof DelegationCommand>;

export type DelegationOutcome =
  | { kind: 'delegated'; action: Action; changed: boolean }
  | { kind: 'invalid'; problems: UpdateProblem[]; action?: Action }
  | { kind: 'not-found'; actionId: string }
  | { kind: 'refused'; action: Action }
  | WriteFailure;

export async function changeDelegate(deps: UpdateServiceDeps, input: unknown, actor: UpdateActor, now: Date): Promise<DelegationOutcome> {
  const parsed = DelegationCommand.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', problems: zodProblems(parsed.error) };
  const command = parsed.data;
  const snapshot = await deps.store.snapshot();
  return writeAudited(deps, 'delegation', (tx): Audited<DelegationOutcome> => {
    const action = tx.get('actions', command.actionId);
    if (!action) return unchanged({ kind: 'not-found', actionId: command.actionId });
    if (readProcessed(tx, command.idempotencyKey)) return unchanged({ kind: 'delegated', action, changed: false });
    if (!mayDelegate(snapshot, action, actor, deps.adminEmails ?? [])) return unchanged({ kind: 'refused', action });
    const delegate = tx.get('people', command.delegatePersonId);
    if (!delegate) return unchanged({ kind: 'invalid', action, problems: [{ field: 'action', message: `I don't know anyone with the id ${command.delegatePersonId}.` }] });
    if (command.mode === 'add' && delegate.kind === 'member') {
      return unchanged({ kind: 'invalid', action, problems: [{ field: 'action', message: `${delegate.name} is a councillor: councillors can read actions but not record updates, so they cannot be delegates.` }] });
    }
    const result = changeDelegation(action, { personId: delegate.id, name: delegate.name }, command.mode, { personId: actor.personId, name: actor.name }, now);
    if (!result.changed || !result.audit) return unchanged({ kind: 'delegated', action, changed: false });
    const stored = tx.put('actions', result.action, { expectedVersion: action.version });
    markProcessed(tx, { id: command.idempotencyKey, kind: 'delegation', actionId: action.id, resultId: delegate.id, at: result.audit.at, actorId: actor.personId });
    return written<DelegationOutcome>({ kind: 'delegated', action: stored, changed: true }, result.audit);
  });
}

// ---------------------------------------------------------------------------------------------

const FIELD_WORDS: Record<string, string> = {
  actionId: 'action id',
  expectedVersion: 'card version',
  status: 'status',
  commentary: 'commentary',
  asAt: 'as-at date',
  proposedRevisedTarget: 'proposed new date',
  reasonForChange: 'reason for change',
  mitigation: 'mitigation',
  nextSteps: 'next steps',
  noChange: '"no change" flag',
  idempotencyKey: 'delivery id',
  channel: 'channel',
  roundId: 'round id',
  meetingDate: 'meeting date',
  decision: 'decision',
};

/** zod issues as field-by-field problems a person can act on. */
export function zodProblems(error: z.ZodError): UpdateProblem[] {
  return error.issues.slice(0, 5).map((issue) => {
    const key = String(issue.path[0] ?? '');
    const words = FIELD_WORDS[key] ?? (key || 'request');
    // Messages written for a field (in its schema) are kept; zod's generic ones are reworded.
    const generic = /^Invalid input|^Too (big|small)|^Invalid (string|option)/.test(issue.message);
    let what = issue.message;
    if (generic && issue.code === 'invalid_type') {
      what = /received undefined/.test(issue.message) ? 'is missing' : `should be ${issue.expected === 'number' ? 'a number' : issue.expected === 'string' ? 'text' : issue.expected === 'boolean' ? 'true or false' : issue.expected}`;
    } else if (generic && issue.code === 'invalid_value' && 'values' in issue) {
      what = `must be one of ${issue.values.map(String).join(', ')}`;
    } else if (generic && issue.code === 'too_big' && 'maximum' in issue) {
      what = `is too long (at most ${Number(issue.maximum).toLocaleString('en-GB')} characters)`;
    } else if (generic && issue.code === 'invalid_format') {
      what = `is not in the right form (${issue.message.replace(/^Invalid (string: )?/, '')})`;
    } else if (generic) {
      what = issue.message.replace(/^Invalid input: /, 'is invalid: ');
    }
    return { field: 'update', message: `The ${words} ${what}.` };
  });
}

/** The actor for a chat asker. */
export function actorOf(asker: { person?: { id: string; name: string }; displayName: string; email?: string; roles: ReadonlySet<string> }): UpdateActor {
  return { personId: asker.person?.id, name: asker.person?.name ?? asker.displayName, email: asker.email ?? undefined, roles: asker.roles };
}
