/**
 * The proactive sender's send log: one record per idempotency key in the ext collection
 * "proactive-send-log", read back as an index by key, and written in group commits so that a
 * record is durable before its request goes out without costing one file write per message.
 */
import { z } from 'zod';
import { IsoInstant } from '../domain/model.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { Recipient } from './types.js';

export const SEND_LOG_COLLECTION = 'proactive-send-log';

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
