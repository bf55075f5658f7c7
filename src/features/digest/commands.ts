/**
 * The digest feature's writes: start this week's run now (audited, then run in the background with
 * a report to the admin), switch a plan's digest on or off, post the weekly picture in a channel or
 * stop it, and everyone's own digest settings. Each command validates its input with zod, asks the
 * core who may (domain/digest/permissions.ts), writes in one transaction with its audit entry
 * (store/audited-write.ts), and returns an outcome the answers put into words.
 *
 * `ctx` is who is asking, when, where, and the snapshot they were answered from.
 */
import { z } from 'zod';
import { mayAdministerDigest, mayToggleDigest } from '../../domain/digest/index.js';
import { DIGEST_CHANNELS_COLLECTION, DIGEST_PREFERENCES_COLLECTION, DigestPreference, PersonalSchedule, digestChannels, type DigestChannel } from '../../domain/digest/schedule.js';
import type { Plan } from '../../domain/model.js';
import { parseCommand, writeAudited, written, type InvalidCommand, type WriteFailure } from '../../store/audited-write.js';
import type { Recipient } from '../../outbound/types.js';
import { messageReply } from '../../chat/reply.js';
import type { ChatContext } from '../../chat/types.js';
import { type DigestDeps, audit } from './common.js';
import { describeRunReport, planDigest, type DigestPlan, type DigestService } from './service.js';

type Refused = { kind: 'refused'; reason: string };

// ---------------------------------------------------------------------------------------------
// "Send the weekly digest now"
// ---------------------------------------------------------------------------------------------

export type DigestRunOutcome =
  | { kind: 'started'; plan: DigestPlan; toSend: number; alreadySent: number; unreachable: number; ownSchedule: number; reportTo?: Recipient }
  | { kind: 'already-running'; running: NonNullable<ReturnType<DigestService['running']>> }
  | Refused
  | WriteFailure;

/**
 * Records the request, then runs this week's digest in the background (50 messages a second at
 * most: the answer cannot wait) and sends the run report to the admin when it is done. It takes no
 * input: who asked and where is all it needs.
 */
export async function requestDigestRun(deps: DigestDeps, ctx: ChatContext): Promise<DigestRunOutcome> {
  const permission = mayAdministerDigest(ctx.asker.roles);
  if (!permission.allowed) return { kind: 'refused', reason: permission.reason };
  const { service, sender } = deps;
  const running = service.running();
  if (running) return { kind: 'already-running', running };
  const plan = planDigest(ctx.snapshot, ctx.now, service.settings, { personal: 'exclude' });
  const toSend = plan.people.filter((p) => p.status === 'send');
  const alreadySent = toSend.filter((p) => p.alreadySent).length;
  const unreachable = toSend.filter((p) => !p.alreadySent && !p.reach.reachable).length;
  const recorded = await writeAudited(deps, 'digest:send-now', () =>
    written({ kind: 'recorded' as const }, audit(ctx, { command: 'digest:send-now', entity: 'digest-run', entityId: plan.runId, after: { recipients: toSend.length, alreadySent } })),
  );
  if (recorded.kind !== 'recorded') return recorded;
  // The report names people and why they cannot be reached: it goes to the admin's personal chat,
  // or to this conversation when it is one.
  const reportTo: Recipient | undefined =
    ctx.conversation.kind === 'personal' && ctx.conversation.id
      ? { kind: 'conversation', conversationId: ctx.conversation.id }
      : ctx.asker.person
        ? { kind: 'person', personId: ctx.asker.person.id }
        : undefined;
  const reportKey = `digest-report:${plan.runId}:${ctx.activityId ?? ctx.now.getTime()}`;
  void service
    .runWeekly({ kind: 'admin', by: ctx.asker.person?.id ?? ctx.asker.displayName })
    .then(async (result) => {
      const report = describeRunReport(result, (id) => ctx.snapshot.person(id)?.name ?? id);
      deps.log.info({ runId: result.runId, report: report.title }, 'digest run report');
      if (!reportTo) return;
      await sender.send(`digest-report:${plan.runId}`, [
        { key: reportKey, recipient: reportTo, reply: messageReply({ title: report.title, lines: report.lines.slice(0, 40), notes: report.lines.length > 40 ? [`…and ${report.lines.length - 40} more.`] : [] }) },
      ]);
    })
    .catch((error: Error) => deps.log.error({ err: error.message }, 'digest run requested in chat failed'));
  const ownSchedule = plan.people.filter((p) => p.status === 'own-schedule').length;
  return { kind: 'started', plan, toSend: toSend.length, alreadySent, unreachable, ownSchedule, reportTo };
}

// ---------------------------------------------------------------------------------------------
// A plan's digest on or off
// ---------------------------------------------------------------------------------------------

export const PlanDigestCommand = z.object({ planId: z.string().min(1).max(200), on: z.boolean() });

export type PlanDigestOutcome =
  | { kind: 'switched'; plan: Plan }
  | { kind: 'already'; plan: Plan }
  | (Refused & { plan: Plan })
  | InvalidCommand
  | WriteFailure;

export async function setPlanDigest(deps: DigestDeps, input: unknown, ctx: ChatContext): Promise<PlanDigestOutcome> {
  const parsed = parseCommand(PlanDigestCommand, input);
  if (!parsed.ok) return parsed.invalid;
  const { planId, on } = parsed.command;
  const plan = ctx.snapshot.plan(planId);
  if (!plan) return { kind: 'invalid', problems: [`There is no plan ${planId}.`] };
  const permission = mayToggleDigest(plan, { email: ctx.asker.email, roles: ctx.asker.roles }, deps.service.settings.ADMIN_EMAILS);
  if (!permission.allowed) return { kind: 'refused', reason: permission.reason, plan };
  if (plan.digestEnabled === on) return { kind: 'already', plan };
  return writeAudited(deps, `digest:plan-${on ? 'on' : 'off'}`, (tx) => {
    const current = tx.get('plans', plan.id);
    if (!current) throw new Error(`plan ${plan.id} disappeared`);
    tx.put('plans', { ...current, digestEnabled: on });
    const entry = audit(ctx, { command: on ? 'digest:plan-on' : 'digest:plan-off', entity: 'plan', entityId: plan.id, before: { digestEnabled: current.digestEnabled }, after: { digestEnabled: on } });
    return written<PlanDigestOutcome>({ kind: 'switched', plan }, entry);
  });
}

// ---------------------------------------------------------------------------------------------
// The weekly picture in a channel
// ---------------------------------------------------------------------------------------------

export const DigestChannelCommand = z.object({
  /** The channel's own id (a reply thread's ";messageid=..." removed). */
  conversationId: z.string().min(1).max(500),
  committeeId: z.string().min(1).max(200).optional(),
  planId: z.string().min(1).max(200).optional(),
});

export type AddChannelOutcome = { kind: 'added' } | Refused | InvalidCommand | WriteFailure;
export type RemoveChannelOutcome = { kind: 'removed' } | { kind: 'not-posted' } | Refused | InvalidCommand | WriteFailure;

export async function addDigestChannel(deps: DigestDeps, input: unknown, ctx: ChatContext): Promise<AddChannelOutcome> {
  const permission = mayAdministerDigest(ctx.asker.roles);
  if (!permission.allowed) return { kind: 'refused', reason: permission.reason };
  const parsed = parseCommand(DigestChannelCommand, input);
  if (!parsed.ok) return parsed.invalid;
  const { conversationId, committeeId, planId } = parsed.command;
  return writeAudited(deps, 'digest:channel-add', (tx) => {
    const before = tx.extGet(DIGEST_CHANNELS_COLLECTION, conversationId);
    const after: DigestChannel = { id: conversationId, addedBy: ctx.asker.person?.id ?? ctx.asker.displayName, addedAt: ctx.now.toISOString() };
    if (committeeId) after.committeeId = committeeId;
    if (planId) after.planId = planId;
    tx.extPut(DIGEST_CHANNELS_COLLECTION, after);
    return written<AddChannelOutcome>({ kind: 'added' }, audit(ctx, { command: 'digest:channel-add', entity: 'digest-channel', entityId: conversationId, before, after }));
  });
}

export async function removeDigestChannel(deps: DigestDeps, input: unknown, ctx: ChatContext): Promise<RemoveChannelOutcome> {
  const permission = mayAdministerDigest(ctx.asker.roles);
  if (!permission.allowed) return { kind: 'refused', reason: permission.reason };
  const parsed = parseCommand(DigestChannelCommand.pick({ conversationId: true }), input);
  if (!parsed.ok) return parsed.invalid;
  const { conversationId } = parsed.command;
  const existing = digestChannels(ctx.snapshot).find((c) => c.id === conversationId);
  if (!existing) return { kind: 'not-posted' };
  return writeAudited(deps, 'digest:channel-remove', (tx) => {
    tx.extDelete(DIGEST_CHANNELS_COLLECTION, conversationId);
    return written<RemoveChannelOutcome>({ kind: 'removed' }, audit(ctx, { command: 'digest:channel-remove', entity: 'digest-channel', entityId: conversationId, before: existing }));
  });
}

// ---------------------------------------------------------------------------------------------
// Everyone's own digest
// ---------------------------------------------------------------------------------------------

export const DigestPreferenceCommand = z.object({
  /** The audit command: what the person asked for. */
  command: z.enum(['digest:opt-out', 'digest:opt-in', 'digest:schedule', 'digest:schedule-default']),
  optedOut: z.boolean().optional(),
  /** A day and time of their own; null: back to the usual time; absent: unchanged. */
  schedule: PersonalSchedule.nullable().optional(),
});
export type DigestPreferenceCommand = z.infer<typeof DigestPreferenceCommand>;

export type DigestPreferenceOutcome = { kind: 'saved'; preference: DigestPreference } | { kind: 'unknown-person' } | { kind: 'not-personal' } | InvalidCommand | WriteFailure;

/** A person's own digest settings: only theirs, and only from a personal chat (never changed from a shared conversation). */
export async function saveDigestPreference(deps: DigestDeps, input: unknown, ctx: ChatContext): Promise<DigestPreferenceOutcome> {
  const person = ctx.asker.person;
  if (!person) return { kind: 'unknown-person' };
  if (ctx.conversation.kind !== 'personal') return { kind: 'not-personal' };
  const parsed = parseCommand(DigestPreferenceCommand, input);
  if (!parsed.ok) return parsed.invalid;
  const change = parsed.command;
  return writeAudited(deps, `digest-preference:${change.command}`, (tx) => {
    const stored = DigestPreference.safeParse(tx.extGet(DIGEST_PREFERENCES_COLLECTION, person.id));
    const before = stored.success ? stored.data : undefined;
    const after: DigestPreference = {
      id: person.id,
      optedOut: change.optedOut ?? before?.optedOut ?? false,
      updatedAt: ctx.now.toISOString(),
      updatedBy: person.id,
    };
    const schedule = change.schedule === null ? undefined : (change.schedule ?? before?.schedule);
    if (schedule) after.schedule = schedule;
    tx.extPut(DIGEST_PREFERENCES_COLLECTION, after);
    return written<DigestPreferenceOutcome>({ kind: 'saved', preference: after }, audit(ctx, { command: change.command, entity: 'digest-preference', entityId: person.id, before, after }));
  });
}
