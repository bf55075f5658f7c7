/**
 * The proactive sender every feature uses (weekly digest, call-in reminders, quarterly rounds):
 * implements ProactiveSender (proactive-types.ts).
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
 */
import { z } from 'zod';
import type { Reply } from '../chat/types.js';
import type { Clock } from '../clock.js';
import { IsoInstant } from '../domain/model.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import {
  activePersonalRef,
  markRefsInactive,
  reachabilityOf,
  recordOpenedConversation,
  refForConversation,
  type ConversationRefRecord,
} from './conversation-ref-records.js';
import { ConnectorError, type ConnectorTransport, type OutgoingActivity } from './connector-transport.js';
import type { ProactiveMessage, ProactiveSender, Recipient, SendOutcome, SendReport, SendStatus } from './proactive-types.js';
import {
  DEFAULT_BACKOFF,
  SendThrottle,
  TEAMS_LIMITS,
  backoffDelay,
  parseRetryAfter,
  realTime,
  type BackoffPolicy,
  type ThrottleLimits,
  type TimeSource,
} from './throttle.js';

export const SEND_LOG_COLLECTION = 'proactive-send-log';

/** The reason given for messages a stopping bot did not get to: a later run sends them. */
export const STOPPED_REASON = 'not sent: the bot was stopping; the next run sends it';

/** Whether an outcome is "not attempted because the bot was stopping" (the run was cut short). */
export function wasCutShort(outcome: SendOutcome): boolean {
  return outcome.status === 'failed' && (outcome.reason === STOPPED_REASON || (outcome.reason?.endsWith('not retried: the bot was stopping (the next run retries it)') ?? false));
}

export const SendLogRecord = z.object({
  /** The idempotency key. */
  id: z.string().min(1),
  runId: z.string(),
  recipient: z.string(),
  status: z.enum(['sending', 'retrying', 'sent', 'unreachable', 'failed']),
  attempts: z.number().int().min(0),
  activityId: z.string().optional(),
  conversationId: z.string().optional(),
  reason: z.string().optional(),
  /** When the status last changed (business clock). */
  at: IsoInstant,
  firstAttemptAt: IsoInstant.optional(),
});
export type SendLogRecord = z.infer<typeof SendLogRecord>;

const MessageInput = z.object({
  key: z.string().min(1).max(500),
  recipient: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('person'), personId: z.string().min(1).max(200) }),
    z.object({ kind: z.literal('conversation'), conversationId: z.string().min(1).max(2100) }),
  ]),
  reply: z.looseObject({ text: z.string() }),
});

export interface ProactiveSenderOptions {
  store: Store;
  transport: ConnectorTransport;
  /** Reply -> activity (the bot's card rendering, with its text fallback). */
  render(reply: Reply): OutgoingActivity;
  /** Business clock, for the send log's timestamps. */
  clock: Clock;
  /** Monotonic time and sleeping, for throttling and backoff. Injected in tests and benchmarks. */
  time?: TimeSource;
  random?: () => number;
  limits?: ThrottleLimits;
  backoff?: BackoffPolicy;
  /** Attempts per message, including the first (default 6). */
  maxAttempts?: number;
  /** A Retry-After longer than this is not waited for: the message fails and a later run retries it. */
  maxRetryAfterMs?: number;
  /** Requests in flight at once, across conversations (default 16). */
  maxInFlight?: number;
  /** Send-log records older than this are pruned at the start of a run (default 120 days). */
  logRetentionDays?: number;
  log?: Logger;
}

/** Connector status codes that are worth another attempt (Teams rate-limit guidance). */
const RETRYABLE_STATUS = new Set([412, 429, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'REQUEST_SEND_ERROR', 'Timeout', 'AbortError']);

type Verdict =
  | { kind: 'retry'; reason: string; throttled: boolean; retryAfterMs?: number }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'failed'; reason: string };

export function classifyFailure(error: ConnectorError, nowEpochMs: number): Verdict {
  const status = error.statusCode;
  const code = error.code ? ` ${error.code}` : '';
  if (status === 429) {
    return { kind: 'retry', reason: `429${code || ' Too Many Requests'}`, throttled: true, retryAfterMs: parseRetryAfter(error.retryAfter, nowEpochMs) };
  }
  if (status !== undefined && RETRYABLE_STATUS.has(status)) return { kind: 'retry', reason: `${status}${code}`, throttled: false };
  if (status === 403) return { kind: 'unreachable', reason: `403${code || ' Forbidden'}` };
  if (status === 404) return { kind: 'unreachable', reason: `404${code || ' ConversationNotFound'}` };
  if (status === 401) return { kind: 'failed', reason: `401${code}: the connector refused the bot's credentials (check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId)` };
  if (status === 413) return { kind: 'failed', reason: `413${code || ' MessageSizeTooBig'}: the message is too large for Teams` };
  if (status !== undefined) return { kind: 'failed', reason: `${status}${code}: ${error.message.slice(0, 200)}` };
  if (error.code && NETWORK_CODES.has(error.code)) return { kind: 'retry', reason: `network error ${error.code}`, throttled: false };
  return { kind: 'failed', reason: `${error.code ? `${error.code}: ` : ''}${error.message.slice(0, 200)}` };
}

interface Item {
  index: number;
  message: ProactiveMessage;
}

interface Group {
  ref: ConversationRefRecord;
  items: Item[];
}

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

export function recipientKey(recipient: Recipient): string {
  return recipient.kind === 'person' ? `person:${recipient.personId}` : `conversation:${recipient.conversationId}`;
}

/** The send log in a snapshot, by key (invalid records skipped). */
export function sendLogIndex(snapshot: Snapshot): Map<string, SendLogRecord> {
  return snapshot.memo('proactive-send-log:index', () => {
    const map = new Map<string, SendLogRecord>();
    for (const raw of snapshot.ext(SEND_LOG_COLLECTION)) {
      const parsed = SendLogRecord.safeParse(raw);
      if (parsed.success) map.set(parsed.data.id, parsed.data);
    }
    return map;
  });
}

function resolveTarget(snapshot: Snapshot, recipient: Recipient): { ref?: ConversationRefRecord; reason: string } {
  if (recipient.kind === 'person') {
    if (!snapshot.person(recipient.personId)) return { reason: `no person with id ${recipient.personId}` };
    const reach = reachabilityOf(snapshot, recipient.personId);
    return reach.reachable ? { ref: reach.record, reason: reach.reason } : { reason: `no active conversation reference: ${reach.reason}` };
  }
  const ref = refForConversation(snapshot, recipient.conversationId);
  if (!ref) return { reason: 'no conversation reference: the bot has not been installed in that conversation' };
  if (!ref.active) return { reason: `the conversation reference is inactive: ${ref.inactiveReason ?? 'no longer reachable'}` };
  return { ref, reason: 'active' };
}

/**
 * Group commit for the send log: records written while a write is on disk go together in the next
 * transaction, so 50 sends a second cost a handful of file writes, not a hundred. Each caller's
 * promise resolves only once its record is durable.
 */
export class SendLogWriter {
  private pending = new Map<string, SendLogRecord>();
  private next?: Promise<void>;
  private tail: Promise<void> = Promise.resolve();
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly store: Store,
    private readonly log?: Logger,
    /** How long a deferred record may wait for company before it is written anyway. */
    private readonly deferMs = 1000,
  ) {}

  /** Queues the record and resolves once it (and everything queued with it) is durable. */
  write(record: SendLogRecord): Promise<void> {
    this.pending.set(record.id, record);
    return this.schedule();
  }

  /**
   * Queues a record that need not be durable before the caller goes on: "sent" after a delivery.
   * If the bot dies first, the key still reads "sending" and is never sent again, which is the
   * same outcome, so it can ride along with the next write instead of costing one of its own.
   */
  defer(record: SendLogRecord): void {
    this.pending.set(record.id, record);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush().catch((error: Error) => this.log?.error({ err: error.message }, 'send log write failed'));
      }, this.deferMs);
      this.timer.unref?.();
    }
  }

  /** Writes everything queued; resolves when it is durable. */
  flush(): Promise<void> {
    if (this.pending.size === 0 && !this.next) return this.tail;
    return this.schedule();
  }

  private schedule(): Promise<void> {
    if (!this.next) {
      const batch = this.tail.then(() => this.commit());
      this.next = batch;
      this.tail = batch.catch(() => undefined);
    }
    return this.next;
  }

  private async commit(): Promise<void> {
    this.next = undefined;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (batch.length === 0) return;
    await this.store.transact('proactive-send-log', (tx) => {
      for (const record of batch) tx.extPut(SEND_LOG_COLLECTION, record);
    });
  }
}
