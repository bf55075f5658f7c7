/**
 * The audit entry for a write made from chat: who (the linked person, else the Teams display name),
 * when (the turn's clock), what and on which record, before and after.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../domain/model.js';
import type { ChatContext } from './types.js';

export interface AuditFields {
  command: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  note?: string;
  /** A deterministic id makes a repeated write replace its entry instead of adding a second one. */
  id?: string;
}

export function auditEntry(ctx: ChatContext, fields: AuditFields): AuditEntry {
  const { id, before, after, note, ...rest } = fields;
  return {
    id: id ?? `audit-${fields.command}-${randomUUID()}`,
    at: ctx.now.toISOString(),
    ...(ctx.asker.person ? { actorId: ctx.asker.person.id } : {}),
    actorName: ctx.asker.person?.name ?? ctx.asker.displayName,
    ...rest,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
    ...(note ? { note } : {}),
  };
}
