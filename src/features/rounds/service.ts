/**
 * Runs quarterly update rounds against the store and the proactive sender: start (and fan out one
 * personal card per lead), extend, close (and post the committee summary), reminders, and the daily
 * tick that sends them. The rules live in domain/quarterly.ts; this is the shell.
 *
 * - Every write is one store transaction with its AuditEntry (who, when, what changed), through
 *   store/audited-write.ts; a write the store refuses is an outcome (nothing saved), not a throw.
 * - Every proactive message has an idempotency key (round id + purpose + recipient), so a second
 *   tick, a retry or a restart in the middle of a fan-out never sends anything twice.
 * - Fan-out runs in the background (a round for 500 leads must not hold a Teams turn open); the
 *   admin gets a delivery report in the conversation they started the round from, naming everyone
 *   who could not be reached and why. `idle()` lets tests and shutdown wait for it.
 *
 * This file starts, extends and closes rounds; the sending half (fan-out, delivery report, reminders,
 * daily tick, notices) is RoundMessaging in messaging.ts, which RoundService holds and hands
 * the sending commands on to, and the store bookkeeping (audit entries, reading a round) is in
 * records.ts.
 */
import type { Plan } from '../../domain/model.js';
import { buildQuarterlySummary, previousReport, type QuarterlySummary } from '../../domain/quarterly/summary.js';
import { COMMITTEE_CHANNELS_COLLECTION, QuarterlyRound, ROUNDS_COLLECTION, committeeChannelOf, roundId, roundProgress, roundRecipients, roundsIn } from '../../domain/quarterly/index.js';
import type { Snapshot } from '../../domain/snapshot.js';
import { londonDate } from '../../domain/uk-format.js';
import type { Audience } from '../../domain/visibility.js';
import type { SendOutcome, SendReport } from '../../outbound/types.js';
import { unchanged, writeAudited, written, type Audited, type WriteFailure } from '../../store/audited-write.js';
import { summaryCardReply } from './cards.js';
import { RoundMessaging } from './messaging.js';
import { audit, readRound, type Actor, type RoundServiceDeps } from './records.js';

export type { Actor, RoundServiceDeps } from './records.js';

export const CHANNEL_AUDIENCE: Audience = { conversationKind: 'channel', mayReadInternal: false, mayReadExempt: false };

export type StartOutcome = { kind: 'started'; round: QuarterlyRound } | { kind: 'exists'; round: QuarterlyRound };

export interface CloseOutcome {
  kind: 'closed';
  round: QuarterlyRound;
  summary: QuarterlySummary;
  /** Where the summary went, or why it did not. */
  posted?: SendOutcome;
  channelId?: string;
}

export class RoundService {
  private readonly messaging: RoundMessaging;

  constructor(private readonly deps: RoundServiceDeps) {
    this.messaging = new RoundMessaging(deps);
  }

  // -------------------------------------------------------------------------------------------
  // Sending: handed on to RoundMessaging
  // -------------------------------------------------------------------------------------------

  /** Sends the request card to every lead not yet reached (with `retry`, also those unreachable last time). */
  dispatch(id: string, options?: { retry?: boolean; report?: boolean }): Promise<SendReport | undefined> {
    return this.messaging.dispatch(id, options);
  }

  remind(id: string, options?: { manual?: boolean }): Promise<{ reminded: SendOutcome[]; alreadyDone: number }> {
    return this.messaging.remind(id, options);
  }

  /** The daily job: reminders due and deadline-passed notices. */
  tick(): Promise<void> {
    return this.messaging.tick();
  }

  /** Cards a restart interrupted are sent now. */
  resumePending(): void {
    this.messaging.resumePending();
  }

  /** Waits for background fan-outs started so far (tests, shutdown). */
  idle(): Promise<void> {
    return this.messaging.idle();
  }

  get(snapshot: Snapshot, id: string): QuarterlyRound | undefined {
    return this.messaging.get(snapshot, id);
  }

  private get now(): Date {
    return this.messaging.now;
  }

  // -------------------------------------------------------------------------------------------
  // Start, extend, close
  // -------------------------------------------------------------------------------------------

  async start(args: { plan: Plan; quarter: string; asAt: string; deadline: string; actor: Actor; conversationId?: string }): Promise<StartOutcome | WriteFailure> {
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
    const outcome = await writeAudited(this.deps, 'quarterly-round:start', (tx): Audited<StartOutcome> => {
      const existing = QuarterlyRound.safeParse(tx.extGet(ROUNDS_COLLECTION, round.id));
      if (existing.success) return unchanged({ kind: 'exists', round: existing.data });
      tx.extPut(ROUNDS_COLLECTION, round);
      return written({ kind: 'started', round }, audit(at, args.actor, 'quarterly-round:start', round.id, undefined, { quarter: round.quarter, asAt: round.asAt, deadline: round.deadline, leads: round.leads.length }));
    });
    if (outcome.kind === 'started') this.messaging.track(this.dispatch(round.id));
    return outcome;
  }

  async extend(id: string, deadline: string, actor: Actor): Promise<{ kind: 'extended'; round: QuarterlyRound } | WriteFailure> {
    const at = this.now.toISOString();
    const extended = await this.update('quarterly-round:extend', id, actor, (round) => {
      const next = { ...round, deadline, deadlineHistory: [...round.deadlineHistory, { from: round.deadline, to: deadline, by: actor.name, byId: actor.personId, at }] };
      return { next, before: { deadline: round.deadline }, after: { deadline } };
    });
    return 'kind' in extended ? extended : { kind: 'extended', round: extended };
  }

  async close(id: string, actor: Actor): Promise<CloseOutcome | WriteFailure> {
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
    if ('kind' in closed) return closed;
    const snapshot = await this.deps.store.snapshot();
    const summary = this.summaryFor(snapshot, closed, CHANNEL_AUDIENCE);
    const channel = committeeChannelOf(snapshot, closed.planId);
    if (!channel) return { kind: 'closed', round: closed, summary };
    const posted = await this.postSummary(closed, channel.conversationId, summary);
    return { kind: 'closed', round: closed, summary, posted, channelId: channel.conversationId };
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
    const [outcome] = (await this.messaging.send(`round:${round.id}:summary`, [{ key, recipient: { kind: 'conversation', conversationId }, reply }])).outcomes;
    await this.messaging.recordNotice(round.id, key, outcome!);
    return outcome!;
  }

  /** Remembers the plan's committee channel (set by an admin from inside the channel). */
  async rememberChannel(planId: string, conversationId: string, actor: Actor): Promise<{ kind: 'remembered' } | WriteFailure> {
    const at = this.now.toISOString();
    return writeAudited(this.deps, 'committee-channel:set', (tx) => {
      const before = tx.extGet(COMMITTEE_CHANNELS_COLLECTION, planId);
      const record = { id: planId, conversationId, setBy: actor.name, setById: actor.personId, setAt: at };
      tx.extPut(COMMITTEE_CHANNELS_COLLECTION, record);
      const entry = audit(at, actor, 'committee-channel:set', planId, before ? { conversationId: before.conversationId } : undefined, { conversationId }, 'committeeChannel');
      return written({ kind: 'remembered' as const }, entry);
    });
  }

  private async update(
    command: string,
    id: string,
    actor: Actor,
    change: (round: QuarterlyRound) => { next: QuarterlyRound; before: unknown; after: unknown },
  ): Promise<QuarterlyRound | WriteFailure> {
    const at = this.now.toISOString();
    return writeAudited(this.deps, command, (tx) => {
      const current = readRound(tx, id);
      if (!current) throw new Error(`no round ${id}`);
      const { next, before, after } = change(current);
      const stored = QuarterlyRound.parse({ ...next, version: current.version + 1 });
      tx.extPut(ROUNDS_COLLECTION, stored);
      return written(stored, audit(at, actor, command, id, before, after));
    });
  }
}
