/**
 * Card actions of the update workflow, reached the same way from Action.Execute (Universal Actions
 * invoke) and its Action.Submit fallback (message with value): save, edit in form, cancel.
 *
 * Every submission is validated with zod before anything else: a missing or tampered field (an
 * unknown action, a version that is not a number, text where a flag belongs) gets a message naming
 * the field, and nothing is saved. After a save the card is replaced in place by the "recorded"
 * card, which has no inputs, so it cannot be submitted twice.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import { actionLabel, visibleActions } from '../../chat/present.js';
import type { ChatContext } from '../../chat/types.js';
import type { Action } from '../../domain/model.js';
import { updatePermission } from '../../domain/update-rights.js';
import type { CardActionHandler, CardActionResult } from '../../chat/card-actions.js';
import {
  VERBS,
  cancelledReply,
  conflictFormReply,
  problemsReply,
  recordedReply,
  refusalReply,
  updateFormReply,
  type CardContext,
  type UpdateFormValues,
} from './update-replies.js';
import { actorOf, recordProgressUpdate, zodProblems, type RecordOutcome, type UpdateActor, type UpdateServiceDeps } from './update-service.js';
import { confirmationOwnerOf, ownerHash } from './shared.js';

/** Empty inputs arrive as "" (or are left out); both mean "not given". */
const optionalText = (max: number) => z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().max(max).optional());

/** What an update card sends back: its hidden fields plus the inputs. Unknown extra keys are ignored. */
export const CardUpdateSubmission = z.looseObject({
  verb: z.string().max(100).optional(),
  actionId: z.string({ error: (issue) => (issue.input === undefined ? 'is missing' : 'should be text') }).min(1).max(200),
  expectedVersion: z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: (issue) => (issue.input === undefined ? 'is missing (the card was not made by this bot)' : `is not a number (got ${JSON.stringify(issue.input).slice(0, 40)})`) }).int().min(0),
  ),
  formId: optionalText(200),
  roundId: optionalText(200),
  source: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(['form', 'text']).optional()),
  requestedBy: optionalText(200),
  status: optionalText(200),
  commentary: optionalText(100_000),
  asAt: optionalText(40),
  proposedRevisedTarget: optionalText(500),
  reasonForChange: optionalText(100_000),
  mitigation: optionalText(100_000),
  nextSteps: optionalText(100_000),
  noChange: z.preprocess((v) => (v === 'true' ? true : v === 'false' || v === '' || v === null ? undefined : v), z.boolean().optional()),
});
export type CardUpdateSubmission = z.infer<typeof CardUpdateSubmission>;


function valuesOf(submission: CardUpdateSubmission): UpdateFormValues {
  return {
    status: submission.status,
    commentary: submission.commentary,
    asAt: submission.asAt,
    proposedRevisedTarget: submission.proposedRevisedTarget,
    reasonForChange: submission.reasonForChange,
    mitigation: submission.mitigation,
    nextSteps: submission.nextSteps,
  };
}

function cardContextOf(submission: CardUpdateSubmission, fallbackFormId: string): CardContext {
  return {
    actionId: submission.actionId,
    expectedVersion: submission.expectedVersion,
    formId: submission.formId ?? fallbackFormId,
    roundId: submission.roundId,
    source: submission.source,
    requestedBy: submission.requestedBy,
  };
}

/** One card records at most one update per person; without a form id, the Teams activity is the key. */
export function idempotencyKeyOf(submission: { formId?: string }, ctx: ChatContext, actor: UpdateActor): string {
  const who = actor.personId ?? ctx.asker.aadObjectId ?? actor.name;
  return submission.formId ? `form:${submission.formId}:${who}` : `activity:${ctx.activityId ?? randomUUID()}`;
}

function parseSubmission(data: Record<string, unknown>): { ok: true; value: CardUpdateSubmission } | { ok: false; result: CardActionResult } {
  const parsed = CardUpdateSubmission.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, result: { reply: problemsReply(zodProblems(parsed.error).map((p) => ({ ...p, message: `This card could not be read: ${p.message.charAt(0).toLowerCase()}${p.message.slice(1)}` }))) } };
}

function unknownAction(actionId: string): CardActionResult {
  return {
    reply: messageReply({
      title: `This card refers to an action I don't have ("${actionId.slice(0, 80)}"). Nothing was saved.`,
      body: 'The card may be out of date or was changed after I sent it. Ask "update <action number or title>" for a fresh form.',
    }),
  };
}

/** Turns the service outcome into what the user sees: the card replaced in place, and/or a message. */
export async function outcomeResult(deps: UpdateServiceDeps, ctx: ChatContext, outcome: RecordOutcome, submission: CardUpdateSubmission): Promise<CardActionResult> {
  switch (outcome.kind) {
    case 'recorded': {
      const after = await deps.store.snapshot();
      return { updatedCard: recordedReply(after, outcome.action, outcome.update, outcome.duplicate) };
    }
    case 'not-found':
      return unknownAction(outcome.actionId);
    case 'refused':
      return { reply: refusalReply(ctx.snapshot, outcome.action, outcome.permission, ctx.asker) };
    case 'conflict': {
      const after = await deps.store.snapshot();
      const card = conflictFormReply(after, outcome.action, outcome.changes, {
          ...valuesOf(submission),
          formId: submission.formId ?? `f-${ctx.activityId ?? randomUUID()}`,
          roundId: submission.roundId,
          source: submission.source,
          requestedBy: submission.requestedBy,
        }, ctx.now);
      const names = [...new Set(outcome.changes.map((c) => c.by))].join(' and ') || 'Someone';
      return {
        updatedCard: card,
        reply: messageReply({
          title: `Not saved yet: ${names} updated ${actionLabel(after, outcome.action)} after your ${submission.source === 'text' ? 'confirmation' : 'form'} was made.`,
          body: 'Nothing was overwritten and nothing you wrote is lost: your update is kept in the card with the newer values beside it. Check it, then press "Save my update".',
        }),
      };
    }
    case 'changed-meanwhile':
    case 'not-saved':
      // The card keeps what they wrote, so pressing Save again is all it takes.
      return { reply: notSavedReply(outcome) };
    case 'invalid': {
      const action = outcome.action;
      const tampered = !action || outcome.problems.some((p) => p.field === 'action');
      const reply = problemsReply(outcome.problems, action && !tampered ? { label: actionLabel(ctx.snapshot, action) } : undefined);
      if (tampered) return { reply };
      return {
        reply,
        updatedCard: updateFormReply(ctx.snapshot, action, {
          context: cardContextOf(submission, `f-${ctx.activityId ?? randomUUID()}`),
          now: ctx.now,
          values: valuesOf(submission),
          banner: { title: 'Not saved: please correct this and save again', lines: outcome.problems.map((p) => p.message), style: 'attention' },
        }),
      };
    }
  }
}

/** The action, if it exists and may be shown here (an internal or exempt action is never named in a channel). */
function visibleAction(ctx: ChatContext, actionId: string): Action | undefined {
  const action = ctx.snapshot.action(actionId);
  return action && visibleActions(ctx, [action]).length ? action : undefined;
}

/**
 * A typed update's confirmation card can be seen by everyone in a channel; only its author confirms
 * it. Any one of three marks makes a submission someone's confirmation: its form id names an author
 * (shared.ts confirmationFormId), `requestedBy` names one, or `source` says "text". Dropping one or
 * two of them changes nothing; a submission without any is not that card any more.
 */
function someoneElsesConfirmation(ctx: ChatContext, submission: CardUpdateSubmission, action: Action): CardActionResult | undefined {
  const namedOwner = confirmationOwnerOf(submission.formId);
  const foreignForm = namedOwner !== undefined && namedOwner !== ownerHash(ctx.asker);
  const foreignRequester = submission.requestedBy !== undefined && submission.requestedBy !== ctx.asker.person?.id;
  const anonymousConfirmation = submission.source === 'text' && namedOwner === undefined && submission.requestedBy === undefined;
  if (!foreignForm && !foreignRequester && !anonymousConfirmation) return undefined;
  const requester = submission.requestedBy !== undefined && submission.requestedBy !== ctx.asker.person?.id ? ctx.snapshot.person(submission.requestedBy) : undefined;
  const author = requester?.name ?? 'someone else';
  return {
    reply: messageReply({
      title: anonymousConfirmation && !foreignForm && !foreignRequester
        ? `This confirmation card does not say whose update to ${actionLabel(ctx.snapshot, action)} it is, so it cannot be confirmed. Nothing was saved.`
        : `This is ${author}'s update to ${actionLabel(ctx.snapshot, action)}: only they can confirm or edit it. Nothing was saved.`,
      body: `To record your own update, say "update ${action.number ?? action.id}".`,
    }),
  };
}

/**
 * What Save and "Edit in form" both check first: the submission reads, its action exists and may be
 * shown here, and the person pressing the button is the one who typed the update.
 */
function checkedSubmission(
  data: Record<string, unknown>,
  ctx: ChatContext,
): { ok: true; submission: CardUpdateSubmission; action: Action } | { ok: false; result: CardActionResult } {
  const parsed = parseSubmission(data);
  if (!parsed.ok) return parsed;
  const submission = parsed.value;
  const action = visibleAction(ctx, submission.actionId);
  if (!action) return { ok: false, result: unknownAction(submission.actionId) };
  const foreign = someoneElsesConfirmation(ctx, submission, action);
  if (foreign) return { ok: false, result: foreign };
  return { ok: true, submission, action };
}

const submitHandler = (deps: UpdateServiceDeps): CardActionHandler => ({
  verb: VERBS.submit,
  async handle(data, ctx) {
    const checked = checkedSubmission(data, ctx);
    if (!checked.ok) return checked.result;
    const { submission } = checked;
    const actor = actorOf(ctx.asker);
    const command = {
      actionId: submission.actionId,
      expectedVersion: submission.expectedVersion,
      ...valuesOf(submission),
      noChange: submission.noChange,
      idempotencyKey: idempotencyKeyOf(submission, ctx, actor),
      channel: submission.source === 'text' ? 'teams-text' : 'teams-card',
      roundId: submission.roundId,
    };
    const outcome = await recordProgressUpdate(deps, command, actor, ctx.now);
    return outcomeResult(deps, ctx, outcome, submission);
  },
});

/** "Edit in form" on a confirmation card: the full form, pre-filled with what was typed. */
const editHandler = (deps: UpdateServiceDeps): CardActionHandler => ({
  verb: VERBS.edit,
  async handle(data, ctx) {
    const checked = checkedSubmission(data, ctx);
    if (!checked.ok) return checked.result;
    const { submission, action } = checked;
    const permission = updatePermission(ctx.snapshot, action, actorOf(ctx.asker), deps.adminEmails);
    if (!permission.allowed) return { reply: refusalReply(ctx.snapshot, action, permission, ctx.asker) };
    return {
      updatedCard: updateFormReply(ctx.snapshot, action, {
        context: { ...cardContextOf(submission, `f-${ctx.activityId ?? randomUUID()}`), source: 'form' },
        now: ctx.now,
        values: valuesOf(submission),
      }),
    };
  },
});

const cancelHandler: CardActionHandler = {
  verb: VERBS.cancel,
  async handle(data, ctx) {
    const actionId = typeof data.actionId === 'string' ? data.actionId : '';
    const action: Action | undefined = actionId ? ctx.snapshot.action(actionId) : undefined;
    return { updatedCard: cancelledReply(action ? actionLabel(ctx.snapshot, action) : 'this action') };
  },
};

export function updateCardActions(deps: UpdateServiceDeps): CardActionHandler[] {
  return [submitHandler(deps), editHandler(deps), cancelHandler];
}
