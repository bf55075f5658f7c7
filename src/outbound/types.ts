/**
 * The contract of the one proactive sender every feature uses (weekly digest, call-in reminders,
 * quarterly update requests, work-programme suggestions). Implemented in proactive-sender.ts.
 *
 * Every message has an idempotency key (run id + recipient): the send log in the store makes a
 * second attempt with the same key a no-op, so a crash or restart mid-run never sends twice.
 */
import type { Reply } from '../chat/types.js';

export type Recipient =
  /** A person's personal chat with the bot (needs a stored, active conversation reference). */
  | { kind: 'person'; personId: string }
  /** A channel or chat the bot is installed in, by conversation id. */
  | { kind: 'conversation'; conversationId: string };

export interface ProactiveMessage {
  /** Unique per run and recipient, e.g. "digest:2020-W47:tilly-flanagan". */
  key: string;
  recipient: Recipient;
  reply: Reply;
}

export type SendStatus =
  | 'sent'
  /** Already sent under the same key (by an earlier attempt or run). */
  | 'already-sent'
  /** No active conversation reference: bot not installed, or blocked/uninstalled (403). */
  | 'unreachable'
  /** Gave up after bounded retries, or a non-retryable error (400, 413). */
  | 'failed';

export interface SendOutcome {
  key: string;
  recipient: Recipient;
  status: SendStatus;
  /** Why, for the run report: "403 BotNotInConversationRoster", "no conversation reference", ... */
  reason?: string;
  activityId?: string;
  attempts: number;
}

export interface SendReport {
  runId: string;
  outcomes: SendOutcome[];
  counts: Record<SendStatus, number>;
}

export interface ProactiveSender {
  send(runId: string, messages: readonly ProactiveMessage[]): Promise<SendReport>;
  /** Whether a person can be reached in a personal chat right now. */
  canReach(personId: string): Promise<boolean>;
}
