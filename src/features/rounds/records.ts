/**
 * Store bookkeeping shared by the quarterly-round shell: who acts (an admin, or the bot itself),
 * reading a round inside a transaction, a delivery record from a send outcome, and the audit entry
 * every round write carries.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../../domain/model.js';
import { QuarterlyRound, ROUNDS_COLLECTION, type DeliveryStatus, type RoundDelivery } from '../../domain/quarterly/index.js';
import type { Store, Transaction } from '../../store/store.js';
import type { Logger } from '../../log.js';
import type { ProactiveSender, SendOutcome } from '../../outbound/types.js';

/** Who the audit log names for the bot's own bookkeeping (deliveries, reminders, notices). */
export const SYSTEM: Actor = { name: 'Council Actions bot (quarterly round)' };

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
  sender: ProactiveSender;
}

export function readRound(tx: Transaction, id: string): QuarterlyRound | undefined {
  const parsed = QuarterlyRound.safeParse(tx.extGet(ROUNDS_COLLECTION, id));
  return parsed.success ? parsed.data : undefined;
}

export function deliveryOf(outcome: SendOutcome, at: string): RoundDelivery {
  const status: DeliveryStatus = outcome.status;
  return { status, reason: outcome.reason, at };
}

/** The audit entry of a round write (or, with `entity`, of the plan's committee channel). */
export function audit(at: string, actor: Actor, command: string, entityId: string, before: unknown, after: unknown, entity = 'quarterlyRound'): AuditEntry {
  return { id: `audit-${randomUUID()}`, at, actorId: actor.personId, actorName: actor.name, command, entity, entityId, before, after };
}
