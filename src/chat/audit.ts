/**
 * The audit entry for a write made from chat: who (the linked person, else the Teams account; the
 * email is added to the name so an admin who is not in the plans is still identifiable), when (the
 * turn's clock), what and on which record, before and after.
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

/** "Nick Pountney (nick.pountney@council.example)", or the name alone when no email is known. */
export function actorLabel(ctx: ChatContext): string {
  const name = ctx.asker.person?.name ?? ctx.asker.displayName;
  const email = ctx.asker.email ?? ctx.asker.person?.email;
  return email ? `${name} (${email})` : name;
}

export function auditEntry(ctx: ChatContext, fields: AuditFields): AuditEntry {
  const { id, before, after, note, ...rest } = fields;
  const actorId = ctx.asker.person?.id ?? ctx.asker.aadObjectId;
  return {
    id: id ?? `audit-${fields.command}-${randomUUID()}`,
    at: ctx.now.toISOString(),
    ...(actorId ? { actorId } : {}),
    actorName: actorLabel(ctx),
    ...rest,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
    ...(note ? { note } : {}),
  };
}
