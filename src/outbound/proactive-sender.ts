/**
 * The proactive sender every feature uses (weekly digest, call-in reminders, quarterly rounds):
 * implements ProactiveSender (types.ts).
 *
 * - Throttled to Teams' limits per conversation and per tenant, with a global slow-down on any 429
 *   (throttle.ts).
 * - Retries: 429 waits for Retry-After, or backs off exponentially with jitter when it is missing;
 *   412, 502, 503, 504 and network errors back off the same way; all bounded. 403 is never retried:
 *   the reference is marked inactive and the recipient reported unreachable. 400, 413 and other
 *   errors are reported as failed with the connector's reason.
 * - Idempotent and resumable: a send log (ext collection "proactive-send-log", one record per
 *   idempotency key) is written durably BEFORE each request goes out ("sending") and after it
 *   settles ("sent", "retrying", "failed", "unreachable"). A key already "sent" is skipped.
 *
 * Exactly-once delivery is impossible without the receiver's help: if the process dies while a
 * request is in flight, we cannot know whether Teams posted it. Such a key stays "sending"; a
 * later run treats it as delivered and does not send it again (at most once: a duplicate in
 * someone's chat is worse than a report line saying "in doubt"). A definite failure is recorded
 * as "retrying" before the backoff sleep, so a crash while waiting to retry does send it later.
 *
 * The sender's parts live in one module per job (sender-options.ts for what it is built from,
 * recipients.ts for checking messages and resolving recipients, retry.ts for classifying failures
 * and stopped runs, send-log.ts for the send log); this file runs
 * the sends and re-exports every public name.
 */
import { activePersonalRef, markRefsInactive, recordOpenedConversation, type ConversationRefRecord } from './conversation-ref-records.js';
import { ConnectorError, type OutgoingActivity } from './connector-transport.js';
import type { ProactiveSenderOptions } from './sender-options.js';
import { MessageInput, resolveTarget, type Group } from './recipients.js';
import { STOPPED_REASON, classifyFailure, type Verdict } from './retry.js';
import { SEND_LOG_COLLECTION, SendLogRecord, SendLogWriter, recipientKey, sendLogIndex } from './send-log.js';
import type { ProactiveMessage, ProactiveSender, SendOutcome, SendReport, SendStatus } from './types.js';
import { DEFAULT_BACKOFF, SendThrottle, TEAMS_LIMITS, backoffDelay, realTime, type BackoffPolicy, type TimeSource } from './throttle.js';

export type { ProactiveSenderOptions } from './sender-options.js';
export { STOPPED_REASON, classifyFailure, wasCutShort } from './retry.js';
export { SEND_LOG_COLLECTION, SendLogRecord, SendLogWriter, recipientKey, sendLogIndex } from './send-log.js';

export class ThrottledProactiveSender implements ProactiveSender {
  readonly throttle: SendThrottle;
  private readonly time: TimeSource;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxInFlight: number;
  private readonly backoff: BackoffPolicy;
  private readonly writer: SendLogWriter;
  /** Keys being sent right now by any run in this process. */
  private readonly inProgress = new Set<string>();
  private readonly runs = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(private readonly options: ProactiveSenderOptions) {
    this.time = options.time ?? realTime;
    this.random = options.random ?? Math.random;
    this.throttle = new SendThrottle(options.limits ?? TEAMS_LIMITS, this.time);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 6);
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 5 * 60_000;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 16);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.writer = new SendLogWriter(options.store, options.log);
  }

  async canReach(personId: string): Promise<boolean> {
    return activePersonalRef(await this.options.store.snapshot(), personId) !== undefined;
  }

  send(runId: string, messages: readonly ProactiveMessage[]): Promise<SendReport> {
    const run = this.runSend(runId, messages);
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run)).catch(() => undefined);
    return run;
  }

  /**
   * Stops taking new messages: each conversation finishes the message in hand, the rest are
   * reported failed with no log record, so the next run sends them. Resolves when runs have ended.
   */
  async close(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.runs]);
  }

  private async runSend(runId: string, messages: readonly ProactiveMessage[]): Promise<SendReport> {
    const outcomes: SendOutcome[] = new Array(messages.length);
    await this.pruneOldLog();
    const snapshot = await this.options.store.snapshot();
    const log = sendLogIndex(snapshot);
    const groups = new Map<string, Group>();
    const seen = new Set<string>();
    const unreachableNow: Array<Promise<void>> = [];

    messages.forEach((raw, index) => {
      const parsed = MessageInput.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        outcomes[index] = { key: String(raw?.key ?? ''), recipient: raw?.recipient, status: 'failed', reason: `invalid message: ${issue.path.join('.') || '(message)'} ${issue.message}`, attempts: 0 };
        return;
      }
      const message = raw;
      const base = { key: message.key, recipient: message.recipient, attempts: 0 };
      if (seen.has(message.key)) {
        outcomes[index] = { ...base, status: 'already-sent', reason: 'the same key appears twice in this run' };
        return;
      }
      seen.add(message.key);
      const previous = log.get(message.key);
      if (previous?.status === 'sent') {
        outcomes[index] = { ...base, status: 'already-sent', activityId: previous.activityId, attempts: previous.attempts, reason: `sent ${previous.at}` };
        return;
      }
      if (previous?.status === 'sending') {
        outcomes[index] = {
          ...base,
          status: 'already-sent',
          attempts: previous.attempts,
          reason: `in doubt: the bot stopped while this was being sent (${previous.at}); not sent again, to avoid a duplicate`,
        };
        return;
      }
      if (this.inProgress.has(message.key)) {
        outcomes[index] = { ...base, status: 'already-sent', reason: 'being sent by another run right now' };
        return;
      }
      const target = resolveTarget(snapshot, message.recipient);
      const refusedUrl = target.ref ? this.options.serviceUrlAllowed?.(target.ref.serviceUrl) : undefined;
      if (target.ref && refusedUrl) {
        // Not marked inactive: the record is kept as it is for whoever looks into it.
        const reason = `the stored conversation reference's serviceUrl is not one this bot calls: ${refusedUrl}`;
        this.options.log?.warn({ ref: target.ref.id, serviceUrl: target.ref.serviceUrl.slice(0, 200), key: message.key }, 'proactive send refused: serviceUrl not allowed');
        outcomes[index] = { ...base, status: 'unreachable', reason };
        unreachableNow.push(this.writer.write(this.logRecord(runId, message, 'unreachable', 0, { reason, previous })));
        return;
      }
      if (!target.ref) {
        outcomes[index] = { ...base, status: 'unreachable', reason: target.reason };
        unreachableNow.push(this.writer.write(this.logRecord(runId, message, 'unreachable', 0, { reason: target.reason, previous })));
        return;
      }
      let group = groups.get(target.ref.id);
      if (!group) {
        group = { ref: target.ref, items: [] };
        groups.set(target.ref.id, group);
      }
      group.items.push({ index, message });
    });

    // Claim every key before the first await that could let another run see them as free.
    for (const group of groups.values()) for (const item of group.items) this.inProgress.add(item.message.key);
    try {
      await Promise.all(unreachableNow).catch((error: Error) => this.options.log?.warn({ err: error.message }, 'could not record unreachable recipients'));
      const queue = [...groups.values()];
      const worker = async () => {
        for (let group = queue.shift(); group; group = queue.shift()) await this.sendGroup(runId, group, outcomes, log);
      };
      await Promise.all(Array.from({ length: Math.min(this.maxInFlight, queue.length) }, worker));
    } finally {
      // The report is the acknowledgement: every outcome is durable before it is returned.
      await this.writer.flush().catch((error: Error) => this.options.log?.error({ err: error.message, runId }, 'send log write failed'));
      for (const group of groups.values()) for (const item of group.items) this.inProgress.delete(item.message.key);
    }

    const counts: Record<SendStatus, number> = { sent: 0, 'already-sent': 0, unreachable: 0, failed: 0 };
    for (const outcome of outcomes) counts[outcome.status] += 1;
    this.options.log?.info({ runId, counts, slowDown: this.throttle.state() }, 'proactive run finished');
    return { runId, outcomes, counts };
  }

  /** Messages to one conversation go in order, one at a time; conversations run in parallel. */
  private async sendGroup(runId: string, group: Group, outcomes: SendOutcome[], log: Map<string, SendLogRecord>): Promise<void> {
    let ref = group.ref;
    let blocked: string | undefined;
    for (const item of group.items) {
      const { message } = item;
      const previous = log.get(message.key);
      if (this.stopping) {
        outcomes[item.index] = { key: message.key, recipient: message.recipient, status: 'failed', reason: STOPPED_REASON, attempts: 0 };
        continue;
      }
      if (blocked) {
        outcomes[item.index] = { key: message.key, recipient: message.recipient, status: 'unreachable', reason: blocked, attempts: 0 };
        await this.safeWrite(this.logRecord(runId, message, 'unreachable', 0, { reason: blocked, previous }));
        continue;
      }
      if (!ref.conversationId) {
        const opened = await this.openChat(runId, ref, message, previous);
        if (!opened.ok) {
          outcomes[item.index] = opened.outcome;
          if (opened.outcome.status === 'unreachable') blocked = opened.outcome.reason;
          continue;
        }
        ref = { ...ref, conversationId: opened.conversationId };
      }
      const outcome = await this.deliver(runId, ref as ConversationRefRecord & { conversationId: string }, message, previous);
      outcomes[item.index] = outcome;
      if (outcome.status === 'unreachable') blocked = outcome.reason;
    }
  }

  private async deliver(
    runId: string,
    ref: ConversationRefRecord & { conversationId: string },
    message: ProactiveMessage,
    previous: SendLogRecord | undefined,
  ): Promise<SendOutcome> {
    const base = { key: message.key, recipient: message.recipient };
    let activity: OutgoingActivity;
    try {
      activity = this.options.render(message.reply);
    } catch (error) {
      const reason = `the message could not be built: ${(error as Error).message}`;
      await this.safeWrite(this.logRecord(runId, message, 'failed', 0, { reason, previous }));
      return { ...base, status: 'failed', reason, attempts: 0 };
    }
    let attempts = previous?.attempts ?? 0;
    let attemptsNow = 0;
    let firstAttemptAt = previous?.firstAttemptAt;
    for (;;) {
      const permit = await this.throttle.acquire(ref.tenantId ?? '', ref.conversationId);
      attempts += 1;
      attemptsNow += 1;
      firstAttemptAt ??= this.options.clock().toISOString();
      try {
        // Durable before the request leaves: a crash from here on is "in doubt", never resent.
        await this.writer.write(this.logRecord(runId, message, 'sending', attempts, { conversationId: ref.conversationId, firstAttemptAt }));
      } catch (error) {
        return { ...base, status: 'failed', reason: `not sent: the send log could not be written (${(error as Error).message})`, attempts: attemptsNow - 1 };
      }
      let failure: ConnectorError;
      try {
        permit.depart();
        const result = await this.options.transport.send(ref, activity);
        this.throttle.onSuccess();
        // Not awaited: written with the next "sending" record, and before the run reports.
        this.writer.defer(this.logRecord(runId, message, 'sent', attempts, { conversationId: ref.conversationId, activityId: result.id, firstAttemptAt }));
        return { ...base, status: 'sent', activityId: result.id, attempts: attemptsNow };
      } catch (error) {
        failure = error instanceof ConnectorError ? error : new ConnectorError((error as Error).message ?? String(error));
      }
      const verdict = classifyFailure(failure, this.options.clock().getTime());
      const settled = await this.settleFailure(runId, message, ref, verdict, attempts, attemptsNow, firstAttemptAt);
      if (settled) return settled;
    }
  }

  /** Opens the personal chat with a user known from a team, storing the new conversation id. */
  private async openChat(
    runId: string,
    ref: ConversationRefRecord,
    message: ProactiveMessage,
    previous: SendLogRecord | undefined,
  ): Promise<{ ok: true; conversationId: string } | { ok: false; outcome: SendOutcome }> {
    let attemptsNow = 0;
    for (;;) {
      (await this.throttle.acquire(ref.tenantId ?? '', ref.id)).depart();
      attemptsNow += 1;
      try {
        const conversationId = await this.options.transport.openPersonalChat(ref);
        this.throttle.onSuccess();
        await recordOpenedConversation(this.options.store, ref.id, conversationId, this.options.clock()).catch((error: Error) =>
          this.options.log?.warn({ err: error.message, ref: ref.id }, 'could not store the opened conversation'),
        );
        return { ok: true, conversationId };
      } catch (error) {
        const failure = error instanceof ConnectorError ? error : new ConnectorError((error as Error).message ?? String(error));
        const verdict = classifyFailure(failure, this.options.clock().getTime());
        const settled = await this.settleFailure(runId, message, ref, verdict, previous?.attempts ?? 0, attemptsNow, undefined, 'opening the personal chat: ');
        if (settled) return { ok: false, outcome: settled };
      }
    }
  }

  /** Records a failed attempt; returns the final outcome, or undefined after waiting to retry. */
  private async settleFailure(
    runId: string,
    message: ProactiveMessage,
    ref: ConversationRefRecord,
    verdict: Verdict,
    attempts: number,
    attemptsNow: number,
    firstAttemptAt: string | undefined,
    prefix = '',
  ): Promise<SendOutcome | undefined> {
    const base = { key: message.key, recipient: message.recipient, attempts: attemptsNow };
    const reason = prefix + verdict.reason;
    const extra = { conversationId: ref.conversationId, reason, firstAttemptAt };
    if (verdict.kind === 'unreachable') {
      await markRefsInactive(this.options.store, [ref.id], verdict.reason, this.options.clock()).catch((error: Error) =>
        this.options.log?.warn({ err: error.message, ref: ref.id }, 'could not mark the reference inactive'),
      );
      await this.safeWrite(this.logRecord(runId, message, 'unreachable', attempts, extra));
      return { ...base, status: 'unreachable', reason };
    }
    if (verdict.kind === 'failed') {
      await this.safeWrite(this.logRecord(runId, message, 'failed', attempts, extra));
      return { ...base, status: 'failed', reason };
    }
    let delay = verdict.retryAfterMs ?? backoffDelay(attemptsNow, this.backoff, this.random);
    if (verdict.throttled) {
      if (verdict.retryAfterMs !== undefined && verdict.retryAfterMs > this.maxRetryAfterMs) {
        const tooLong = `${reason}: asked to wait ${Math.round(verdict.retryAfterMs / 1000)} s, more than the ${Math.round(this.maxRetryAfterMs / 1000)} s limit; a later run will retry`;
        this.throttle.onThrottled(this.maxRetryAfterMs);
        await this.safeWrite(this.logRecord(runId, message, 'failed', attempts, { ...extra, reason: tooLong }));
        return { ...base, status: 'failed', reason: tooLong };
      }
      // A small jitter on top of Retry-After, so every waiting sender does not return in the same millisecond.
      if (verdict.retryAfterMs !== undefined) delay = verdict.retryAfterMs + this.random() * Math.min(1000, verdict.retryAfterMs * 0.1);
      this.throttle.onThrottled(delay);
    }
    if (attemptsNow >= this.maxAttempts) {
      const gaveUp = `gave up after ${attemptsNow} attempts (last: ${reason})`;
      await this.safeWrite(this.logRecord(runId, message, 'failed', attempts, { ...extra, reason: gaveUp }));
      return { ...base, status: 'failed', reason: gaveUp };
    }
    // Definitely not delivered: say so durably before sleeping, so a crash now means "send it later".
    await this.safeWrite(this.logRecord(runId, message, 'retrying', attempts, extra));
    if (this.stopping) return { ...base, status: 'failed', reason: `${reason}; not retried: the bot was stopping (the next run retries it)` };
    await this.time.sleep(delay);
    return undefined;
  }

  private logRecord(
    runId: string,
    message: ProactiveMessage,
    status: SendLogRecord['status'],
    attempts: number,
    extra: { reason?: string; activityId?: string; conversationId?: string; firstAttemptAt?: string; previous?: SendLogRecord },
  ): SendLogRecord {
    const record: SendLogRecord = {
      id: message.key,
      runId,
      recipient: recipientKey(message.recipient),
      status,
      attempts: Math.max(attempts, extra.previous?.attempts ?? 0),
      at: this.options.clock().toISOString(),
    };
    if (extra.reason) record.reason = extra.reason.slice(0, 500);
    if (extra.activityId) record.activityId = extra.activityId;
    if (extra.conversationId) record.conversationId = extra.conversationId;
    const first = extra.firstAttemptAt ?? extra.previous?.firstAttemptAt;
    if (first) record.firstAttemptAt = first;
    return record;
  }

  /** Log writes after the fact: a failure is logged, never allowed to turn a delivered message into an error. */
  private async safeWrite(record: SendLogRecord): Promise<void> {
    try {
      await this.writer.write(record);
    } catch (error) {
      this.options.log?.error({ err: (error as Error).message, key: record.id, status: record.status }, 'send log write failed');
    }
  }

  private async pruneOldLog(): Promise<void> {
    const days = this.options.logRetentionDays ?? 120;
    const cutoff = new Date(this.options.clock().getTime() - days * 86_400_000).toISOString();
    const snapshot = await this.options.store.snapshot();
    const old = snapshot.ext<{ id: string; at?: string }>(SEND_LOG_COLLECTION).filter((r) => typeof r.at === 'string' && r.at < cutoff);
    if (old.length === 0) return;
    await this.options.store.transact('proactive-send-log:prune', (tx) => {
      for (const record of old) tx.extDelete(SEND_LOG_COLLECTION, record.id);
    });
  }
}
