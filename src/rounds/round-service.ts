/**
 * Runs quarterly update rounds against the store and the proactive sender: start (and fan out one
 * personal card per lead), extend, close (and post the committee summary), reminders, and the daily
 * tick that sends them. The rules live in domain/quarterly.ts; this is the shell.
 *
 * - Every write is one store transaction with an AuditEntry (who, when, what changed).
 * - Every proactive message has an idempotency key (round id + purpose + recipient), so a second
 *   tick, a retry or a restart in the middle of a fan-out never sends anything twice.
 * - Fan-out runs in the background (a round for 500 leads must not hold a Teams turn open); the
 *   admin gets a delivery report in the conversation they started the round from, naming everyone
 *   who could not be reached and why. `idle()` lets tests and shutdown wait for it.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, Plan } from '../domain/model.js';
import { buildQuarterlySummary, previousReport, type QuarterlySummary } from '../domain/quarterly-summary.js';
import {
  COMMITTEE_CHANNELS_COLLECTION,
  QuarterlyRound,
  ROUNDS_COLLECTION,
  committeeChannelOf,
  needsReminder,
  remindersDue,
  roundId,
  roundProgress,
  roundRecipients,
  roundsIn,
  type DeliveryStatus,
  type RoundDelivery,
} from '../domain/quarterly.js';
import type { Snapshot } from '../domain/snapshot.js';
import { formatUkDate, londonDate, plural } from '../domain/uk-format.js';
import type { Audience } from '../domain/visibility.js';
import { messageReply } from '../chat/reply.js';
import type { Reply } from '../chat/types.js';
import type { Logger } from '../log.js';
import type { Store, Transaction } from '../store/store.js';
import type { ProactiveMessage, ProactiveSender, SendOutcome, SendReport } from '../teams/proactive-types.js';
import { progressReply, roundCardReply, shortQuarter, summaryCardReply } from './round-cards.js';

/** Where the running service is found: app.features[ROUNDS_FEATURE]. */
export const ROUNDS_FEATURE = 'quarterly-rounds';

/** Who the audit log names for the bot's own bookkeeping (deliveries, reminders, notices). */
const SYSTEM: Actor = { name: 'Council Actions bot (quarterly round)' };

export const CHANNEL_AUDIENCE: Audience = { conversationKind: 'channel', mayReadInternal: false, mayReadExempt: false };

export interface Actor {
  personId?: string;
  name: string;
}

export interface RoundServiceDeps {
  store: Store;
  log: Logger;
  clock: () => Date;
  /** ROUND_REMINDER_WORKING_DAYS */
  reminderWorkingDays: number;
  /** The proactive sender, looked up when needed (it may be registered after this service). */
  sender: () => ProactiveSender | undefined;
}

export type StartOutcome = { kind: 'started'; round: QuarterlyRound } | { kind: 'exists'; round: QuarterlyRound };

export interface CloseOutcome {
  round: QuarterlyRound;
  summary: QuarterlySummary;
  /** Where the summary went, or why it did not. */
  posted?: SendOutcome;
  channelId?: string;
}

export class RoundService {
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly deps: RoundServiceDeps) {}

  /** Waits for background fan-outs started so far (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private track<T>(work: Promise<T>): void {
    const tracked = work
      .catch((error) => this.deps.log.error({ err: (error as Error).message }, 'quarterly round background work failed'))
      .finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  private get now(): Date {
    return this.deps.clock();
  }

  // -------------------------------------------------------------------------------------------
  // Start, extend, close
  // -------------------------------------------------------------------------------------------

  async start(args: { plan: Plan; quarter: string; asAt: string; deadline: string; actor: Actor; conversationId?: string }): Promise<StartOutcome> {
    const snapshot = await this.deps.store.snapshot();
    const recipients = roundRecipients(snapshot, args.plan.id);
    const at = this.now.toISOString();
    const round = QuarterlyRound.parse({
      id: roundId(args.plan.id, args.quarter),
      planId: args.plan.id,
      quarter: args.quarter,
      asAt: args.asAt,
      deadline: args.deadline,
      startedBy: args.actor,
      startedAt: at,
      startedIn: args.conversationId,
      state: 'open',
      leads: recipients.leads.map((l) => ({ personId: l.personId, actionIds: l.actionIds, delivery: { status: 'pending' } })),
      groups: recipients.groups,
      members: recipients.members,
      unownedActionIds: recipients.unownedActionIds,
    });
    const outcome = await this.deps.store.transact('quarterly-round:start', (tx): StartOutcome => {
      const existing = QuarterlyRound.safeParse(tx.extGet(ROUNDS_COLLECTION, round.id));
      if (existing.success) return { kind: 'exists', round: existing.data };
      tx.extPut(ROUNDS_COLLECTION, round);
      tx.put(
        'audit',
        audit(at, args.actor, 'quarterly-round:start', round.id, undefined, { quarter: round.quarter, asAt: round.asAt, deadline: round.deadline, leads: round.leads.length }),
      );
      return { kind: 'started', round };
    });
    if (outcome.kind === 'started') this.track(this.dispatch(round.id));
    return outcome;
  }

  async extend(id: string, deadline: string, actor: Actor): Promise<QuarterlyRound> {
    const at = this.now.toISOString();
    return this.update('quarterly-round:extend', id, actor, (round) => {
      const next = { ...round, deadline, deadlineHistory: [...round.deadlineHistory, { from: round.deadline, to: deadline, by: actor.name, byId: actor.personId, at }] };
      return { next, before: { deadline: round.deadline }, after: { deadline } };
    });
  }

  async close(id: string, actor: Actor): Promise<CloseOutcome> {
    const at = this.now.toISOString();
    const snapshotBefore = await this.deps.store.snapshot();
    const round = this.get(snapshotBefore, id);
    const progress = round ? roundProgress(round, snapshotBefore) : undefined;
    const closed = await this.update('quarterly-round:close', id, actor, (current) => {
      const next: QuarterlyRound = {
        ...current,
        state: 'closed',
        closedAt: at,
        closedBy: actor,
        finalProgress: progress && {
          leads: progress.leads.length,
          leadsResponded: progress.leadsResponded,
          actions: progress.actionsInRound.length,
          actionsAnswered: progress.answered.size,
        },
      };
      return { next, before: { state: current.state }, after: { state: 'closed', closedEarly: londonDate(this.now) < current.deadline, ...next.finalProgress } };
    });
    const snapshot = await this.deps.store.snapshot();
    const summary = this.summaryFor(snapshot, closed, CHANNEL_AUDIENCE);
    const channel = committeeChannelOf(snapshot, closed.planId);
    if (!channel) return { round: closed, summary };
    const posted = await this.postSummary(closed, channel.conversationId, summary);
    return { round: closed, summary, posted, channelId: channel.conversationId };
  }

  /** The committee summary for a round, built for an audience (a channel never sees restricted actions). */
  summaryFor(snapshot: Snapshot, round: QuarterlyRound, audience: Audience): QuarterlySummary {
    const plan = snapshot.plan(round.planId);
    if (!plan) throw new Error(`plan ${round.planId} of round ${round.id} no longer exists`);
    return buildQuarterlySummary({
      snapshot,
      plan,
      quarter: round.quarter,
      asAt: round.asAt,
      previous: previousReport(roundsIn(snapshot), round.planId, round.asAt),
      round,
      audience,
    });
  }

  /** Posts the summary card to a channel through the proactive sender, once per round and channel. */
  async postSummary(round: QuarterlyRound, conversationId: string, summary: QuarterlySummary): Promise<SendOutcome> {
    const key = `round:${round.id}:summary:${conversationId}`;
    const reply = summaryCardReply(summary);
    const [outcome] = (await this.send(`round:${round.id}:summary`, [{ key, recipient: { kind: 'conversation', conversationId }, reply }])).outcomes;
    await this.recordNotice(round.id, key, outcome!);
    return outcome!;
  }

  /** Remembers the plan's committee channel (set by an admin from inside the channel). */
  async rememberChannel(planId: string, conversationId: string, actor: Actor): Promise<void> {
    const at = this.now.toISOString();
    await this.deps.store.transact('committee-channel:set', (tx) => {
      const before = tx.extGet(COMMITTEE_CHANNELS_COLLECTION, planId);
      const record = { id: planId, conversationId, setBy: actor.name, setById: actor.personId, setAt: at };
      tx.extPut(COMMITTEE_CHANNELS_COLLECTION, record);
      tx.put('audit', {
        id: `audit-${randomUUID()}`,
        at,
        actorId: actor.personId,
        actorName: actor.name,
        command: 'committee-channel:set',
        entity: 'committeeChannel',
        entityId: planId,
        before: before ? { conversationId: before.conversationId } : undefined,
        after: { conversationId },
      });
    });
  }

  // -------------------------------------------------------------------------------------------
  // Sending
  // -------------------------------------------------------------------------------------------

  /**
   * Sends the request card to every lead whose card is not yet delivered ('pending'), or, with
   * `retry`, also to those who could not be reached last time. Records each outcome on the round
   * and reports back to the admin's conversation.
   */
  async dispatch(id: string, options: { retry?: boolean; report?: boolean } = {}): Promise<SendReport | undefined> {
    const snapshot = await this.deps.store.snapshot();
    const round = this.get(snapshot, id);
    if (!round || round.state !== 'open') return undefined;
    const wanted = round.leads.filter((l) => l.delivery.status === 'pending' || (options.retry && (l.delivery.status === 'unreachable' || l.delivery.status === 'failed')));
    if (wanted.length === 0) return undefined;
    // A crash before the outcomes were recorded repeats the same keys (the sender skips what it sent);
    // an admin's "resend" after a completed fan-out is a new attempt with new keys.
    const attempt = round.dispatches + 1;
    const suffix = attempt === 1 ? '' : `:attempt-${attempt}`;
    const messages: ProactiveMessage[] = wanted.map((lead) => ({
      key: `round:${id}:request:${lead.personId}${suffix}`,
      recipient: { kind: 'person', personId: lead.personId },
      reply: roundCardReply(snapshot, round, lead.personId, { page: 1, mode: 'request' }),
    }));
    const report = await this.send(`round:${id}:request${suffix}`, messages);
    const at = this.now.toISOString();
    await this.deps.store.transact('quarterly-round:delivery', (tx) => {
      const current = readRound(tx, id);
      if (!current) return;
      const byPerson = new Map(report.outcomes.map((o) => [o.recipient.kind === 'person' ? o.recipient.personId : '', o]));
      const leads = current.leads.map((lead) => {
        const outcome = byPerson.get(lead.personId);
        return outcome ? { ...lead, delivery: deliveryOf(outcome, at) } : lead;
      });
      tx.extPut(ROUNDS_COLLECTION, { ...current, leads, dispatches: attempt, version: current.version + 1 });
      tx.put('audit', audit(at, SYSTEM, 'quarterly-round:delivery', id, undefined, { attempt, ...report.counts }));
    });
    if (options.report !== false) await this.reportDelivery(id, report, attempt);
    return report;
  }

  /** The admin learns who got a card and who could not be reached, with the reason. */
  private async reportDelivery(id: string, report: SendReport, attempt: number): Promise<void> {
    const snapshot = await this.deps.store.snapshot();
    const round = this.get(snapshot, id);
    if (!round?.startedIn) return;
    const name = (personId: string) => snapshot.person(personId)?.name ?? personId;
    const delivered = report.outcomes.filter((o) => o.status === 'sent' || o.status === 'already-sent');
    const missed = report.outcomes.filter((o) => o.status === 'unreachable' || o.status === 'failed');
    const plan = snapshot.plan(round.planId);
    const lines = [
      ...missed.map((o) => `Not reached: ${o.recipient.kind === 'person' ? name(o.recipient.personId) : o.recipient.conversationId} (${o.reason ?? o.status})`),
      ...round.groups.map((g) => `Not messaged (a group, not a person): ${g.group}, ${plural(g.actionIds.length, 'action')}`),
      ...(round.unownedActionIds.length ? [`${plural(round.unownedActionIds.length, 'action')} ${round.unownedActionIds.length === 1 ? 'has' : 'have'} no lead to ask: an admin must update them.`] : []),
    ];
    const reply = messageReply({
      title: `${shortQuarter(round.quarter)} round for the ${plan?.abbreviation ?? plan?.title ?? round.planId}: ${plural(delivered.length, 'card')} delivered${missed.length ? `, ${missed.length} not delivered` : ''}.`,
      body: missed.length ? 'Ask the people not reached to install the bot (or unblock it) in Teams, then say "resend the round cards".' : undefined,
      lines: lines.slice(0, 40).concat(lines.length > 40 ? [`…and ${lines.length - 40} more: say "who hasn't responded".`] : []),
      choices: [{ title: "Who hasn't responded?", ask: `who hasn't responded for the ${shortQuarter(round.quarter)} round for the ${plan?.abbreviation ?? round.planId}` }],
    });
    const key = `round:${id}:delivery-report:${attempt}`;
    const [outcome] = (await this.send(`round:${id}:delivery-report`, [{ key, recipient: { kind: 'conversation', conversationId: round.startedIn }, reply }])).outcomes;
    await this.recordNotice(id, key, outcome!);
  }

  /**
   * Reminds the leads who have not responded, with a card of only their outstanding actions. The
   * scheduled reminder goes once per deadline; `manual` (an admin's "send reminders now") once a day.
   */
  async remind(id: string, options: { manual?: boolean } = {}): Promise<{ reminded: SendOutcome[]; alreadyDone: number }> {
    const snapshot = await this.deps.store.snapshot();
    const round = this.get(snapshot, id);
    if (!round || round.state !== 'open') return { reminded: [], alreadyDone: 0 };
    const today = londonDate(this.now);
    const progress = roundProgress(round, snapshot);
    const late = progress.leads.filter((l) => !l.responded);
    const due = options.manual ? late : late.filter((l) => needsReminder(round, l));
    const keyOf = (personId: string) =>
      options.manual ? `round:${id}:reminder:manual:${today}:${personId}` : `round:${id}:reminder:${round.deadline}:${personId}`;
    const messages: ProactiveMessage[] = due.map((lead) => ({
      key: keyOf(lead.personId),
      recipient: { kind: 'person', personId: lead.personId },
      reply: roundCardReply(snapshot, round, lead.personId, { page: 1, mode: 'reminder' }),
    }));
    if (messages.length === 0) return { reminded: [], alreadyDone: late.length };
    const report = await this.send(`round:${id}:reminders:${options.manual ? `manual:${today}` : round.deadline}`, messages);
    await this.deps.store.transact('quarterly-round:reminders', (tx) => {
      const current = readRound(tx, id);
      if (!current) return;
      const byPerson = new Map(report.outcomes.map((o) => [o.recipient.kind === 'person' ? o.recipient.personId : '', o]));
      const leads = current.leads.map((lead) => {
        const outcome = byPerson.get(lead.personId);
        if (!outcome) return lead;
        return { ...lead, reminders: [...lead.reminders, { deadline: current.deadline, on: today, status: outcome.status, reason: outcome.reason }] };
      });
      tx.extPut(ROUNDS_COLLECTION, { ...current, leads, version: current.version + 1 });
      tx.put('audit', audit(this.now.toISOString(), SYSTEM, 'quarterly-round:reminders', id, undefined, { deadline: current.deadline, manual: options.manual === true, ...report.counts }));
    });
    return { reminded: report.outcomes, alreadyDone: late.length - due.length };
  }

  /**
   * The daily job: finish any interrupted fan-out, send reminders when they are due, and tell the
   * admin once when a deadline passes. Safe to run any number of times a day.
   */
  async tick(): Promise<void> {
    const snapshot = await this.deps.store.snapshot();
    const today = londonDate(this.now);
    for (const round of roundsIn(snapshot).filter((r) => r.state === 'open')) {
      try {
        if (round.leads.some((l) => l.delivery.status === 'pending')) await this.dispatch(round.id);
        const extra = snapshot.council(snapshot.plan(round.planId)?.councilId ?? '')?.callInRules.extraClosureDays;
        if (remindersDue(round, today, this.deps.reminderWorkingDays, extra)) await this.remind(round.id);
        if (today > round.deadline) await this.deadlineNotice(round.id);
      } catch (error) {
        this.deps.log.error({ err: (error as Error).message, round: round.id }, 'quarterly round tick failed');
      }
    }
  }

  /** Finishes fan-outs a restart interrupted (the sender's keys make it safe to repeat). */
  resumePending(): void {
    this.track(
      (async () => {
        const snapshot = await this.deps.store.snapshot();
        for (const round of roundsIn(snapshot).filter((r) => r.state === 'open' && r.leads.some((l) => l.delivery.status === 'pending'))) {
          await this.dispatch(round.id);
        }
      })(),
    );
  }

  private async deadlineNotice(id: string): Promise<void> {
    const snapshot = await this.deps.store.snapshot();
    const round = this.get(snapshot, id);
    if (!round?.startedIn) return;
    const key = `round:${id}:deadline-passed:${round.deadline}`;
    if (round.notices.some((n) => n.key === key && (n.status === 'sent' || n.status === 'already-sent'))) return;
    const reply = progressReply(snapshot, round, `who hasn't responded for the ${shortQuarter(round.quarter)} round`, 1, londonDate(this.now));
    const framed: Reply = { ...reply, text: `The deadline for the ${shortQuarter(round.quarter)} round (${formatUkDate(round.deadline)}) has passed.\n${reply.text}` };
    const [outcome] = (await this.send(`round:${id}:deadline-passed`, [{ key, recipient: { kind: 'conversation', conversationId: round.startedIn }, reply: framed }])).outcomes;
    await this.recordNotice(id, key, outcome!);
  }

  // -------------------------------------------------------------------------------------------

  get(snapshot: Snapshot, id: string): QuarterlyRound | undefined {
    return roundsIn(snapshot).find((r) => r.id === id);
  }

  private async send(runId: string, messages: ProactiveMessage[]): Promise<SendReport> {
    const sender = this.deps.sender();
    if (!sender) {
      const outcomes = messages.map((m) => ({ key: m.key, recipient: m.recipient, status: 'failed' as const, reason: 'proactive messaging is not set up on this bot', attempts: 0 }));
      return { runId, outcomes, counts: { sent: 0, 'already-sent': 0, unreachable: 0, failed: outcomes.length } };
    }
    return sender.send(runId, messages);
  }

  private async recordNotice(id: string, key: string, outcome: SendOutcome): Promise<void> {
    const at = this.now.toISOString();
    await this.deps.store.transact('quarterly-round:notice', (tx) => {
      const current = readRound(tx, id);
      if (!current) return;
      const notices = [...current.notices.filter((n) => n.key !== key), { key, at, status: outcome.status, reason: outcome.reason }];
      tx.extPut(ROUNDS_COLLECTION, { ...current, notices, version: current.version + 1 });
      tx.put('audit', audit(at, SYSTEM, 'quarterly-round:notice', id, undefined, { key, status: outcome.status, reason: outcome.reason }));
    });
  }

  private async update(
    command: string,
    id: string,
    actor: Actor,
    change: (round: QuarterlyRound) => { next: QuarterlyRound; before: unknown; after: unknown },
  ): Promise<QuarterlyRound> {
    const at = this.now.toISOString();
    return this.deps.store.transact(command, (tx) => {
      const current = readRound(tx, id);
      if (!current) throw new Error(`no round ${id}`);
      const { next, before, after } = change(current);
      const stored = QuarterlyRound.parse({ ...next, version: current.version + 1 });
      tx.extPut(ROUNDS_COLLECTION, stored);
      tx.put('audit', audit(at, actor, command, id, before, after));
      return stored;
    });
  }
}

function readRound(tx: Transaction, id: string): QuarterlyRound | undefined {
  const parsed = QuarterlyRound.safeParse(tx.extGet(ROUNDS_COLLECTION, id));
  return parsed.success ? parsed.data : undefined;
}

function deliveryOf(outcome: SendOutcome, at: string): RoundDelivery {
  const status: DeliveryStatus = outcome.status;
  return { status, reason: outcome.reason, at };
}

function audit(at: string, actor: Actor, command: string, entityId: string, before: unknown, after: unknown): AuditEntry {
  return { id: `audit-${randomUUID()}`, at, actorId: actor.personId, actorName: actor.name, command, entity: 'quarterlyRound', entityId, before, after };
}
