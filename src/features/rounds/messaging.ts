/**
 * The sending half of the quarterly-round shell: the background fan-out of one personal card per
 * lead, the delivery report to the admin, reminders, the daily tick that sends them, the
 * deadline-passed notice, and recording each outcome on the round. RoundService (service.ts)
 * holds one and adds starting, extending and closing rounds.
 *
 * Every proactive message has an idempotency key (round id + purpose + recipient), so a second
 * tick, a retry or a restart in the middle of a fan-out never sends anything twice.
 */
import { messageReply } from '../../chat/reply.js';
import type { Reply } from '../../chat/types.js';
import { QuarterlyRound, ROUNDS_COLLECTION, needsReminder, remindersDue, roundProgress, roundsIn } from '../../domain/quarterly/index.js';
import type { Snapshot } from '../../domain/snapshot.js';
import { formatUkDate, londonDate, plural } from '../../domain/uk-format.js';
import type { ProactiveMessage, SendOutcome, SendReport } from '../../outbound/types.js';
import { progressReply, roundCardReply, shortQuarter } from './cards.js';
import { transactAudited, unchanged, written } from '../../store/audited-write.js';
import { SYSTEM, audit, deliveryOf, readRound, type RoundServiceDeps } from './records.js';

export class RoundMessaging {
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly deps: RoundServiceDeps) {}

  /** Waits for background fan-outs started so far (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** Runs work in the background (a fan-out must not hold a Teams turn open); idle() waits for it. */
  track<T>(work: Promise<T>): void {
    const tracked = work
      .catch((error) => this.deps.log.error({ err: (error as Error).message }, 'quarterly round background work failed'))
      .finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
  }

  get now(): Date {
    return this.deps.clock();
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
    // Bookkeeping in the background: a failure throws, and track() or the tick logs it.
    await transactAudited(this.deps.store, 'quarterly-round:delivery', (tx) => {
      const current = readRound(tx, id);
      if (!current) return unchanged(undefined);
      const byPerson = new Map(report.outcomes.map((o) => [o.recipient.kind === 'person' ? o.recipient.personId : '', o]));
      const leads = current.leads.map((lead) => {
        const outcome = byPerson.get(lead.personId);
        return outcome ? { ...lead, delivery: deliveryOf(outcome, at) } : lead;
      });
      tx.extPut(ROUNDS_COLLECTION, { ...current, leads, dispatches: attempt, version: current.version + 1 });
      return written(undefined, audit(at, SYSTEM, 'quarterly-round:delivery', id, undefined, { attempt, ...report.counts }));
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
    await transactAudited(this.deps.store, 'quarterly-round:reminders', (tx) => {
      const current = readRound(tx, id);
      if (!current) return unchanged(undefined);
      const byPerson = new Map(report.outcomes.map((o) => [o.recipient.kind === 'person' ? o.recipient.personId : '', o]));
      const leads = current.leads.map((lead) => {
        const outcome = byPerson.get(lead.personId);
        if (!outcome) return lead;
        return { ...lead, reminders: [...lead.reminders, { deadline: current.deadline, on: today, status: outcome.status, reason: outcome.reason }] };
      });
      tx.extPut(ROUNDS_COLLECTION, { ...current, leads, version: current.version + 1 });
      return written(undefined, audit(this.now.toISOString(), SYSTEM, 'quarterly-round:reminders', id, undefined, { deadline: current.deadline, manual: options.manual === true, ...report.counts }));
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

  send(runId: string, messages: ProactiveMessage[]): Promise<SendReport> {
    return this.deps.sender.send(runId, messages);
  }

  async recordNotice(id: string, key: string, outcome: SendOutcome): Promise<void> {
    const at = this.now.toISOString();
    await transactAudited(this.deps.store, 'quarterly-round:notice', (tx) => {
      const current = readRound(tx, id);
      if (!current) return unchanged(undefined);
      const notices = [...current.notices.filter((n) => n.key !== key), { key, at, status: outcome.status, reason: outcome.reason }];
      tx.extPut(ROUNDS_COLLECTION, { ...current, notices, version: current.version + 1 });
      return written(undefined, audit(at, SYSTEM, 'quarterly-round:notice', id, undefined, { key, status: outcome.status, reason: outcome.reason }));
    });
  }
}
