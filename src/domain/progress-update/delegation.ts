/**
 * Delegation of progress updates: letting another person record updates on an action, or
 * withdrawing that, with an audit entry when anything changed.
 *
 * Pure: the clock is a parameter; nothing here reads or writes the store.
 */
import type { Action, AuditEntry } from '../model.js';
import type { UpdateAuthor } from './command.js';
import { compactStamp } from './records.js';

/** `audit` is absent when nothing changed (already a delegate, or already not one). */
export type DelegationResult = { ok: true; action: Action; audit?: AuditEntry; changed: boolean };

/**
 * Lets another person record updates on an action ("let Joe Sullivan update Pub is the Hub"), or
 * withdraws that. Who may delegate is checked by the caller (owners who may update, plan admins).
 */
export function changeDelegation(
  action: Action,
  delegate: { personId: string; name: string },
  mode: 'add' | 'remove',
  actor: UpdateAuthor,
  now: Date,
): DelegationResult {
  const has = action.delegateIds.includes(delegate.personId);
  const at = now.toISOString();
  if ((mode === 'add' && has) || (mode === 'remove' && !has)) {
    return { ok: true, action, changed: false };
  }
  const delegateIds = mode === 'add' ? [...action.delegateIds, delegate.personId] : action.delegateIds.filter((id) => id !== delegate.personId);
  const next: Action = { ...action, delegateIds, version: action.version + 1 };
  const audit: AuditEntry = {
    id: `audit-${action.id}-delegate-${mode}-${delegate.personId}-${compactStamp(now)}`,
    at,
    actorId: actor.personId,
    actorName: actor.name,
    command: mode === 'add' ? 'delegation.add' : 'delegation.remove',
    entity: 'action',
    entityId: action.id,
    before: { version: action.version, delegateIds: action.delegateIds },
    after: { version: next.version, delegateIds },
    note: mode === 'add' ? `${delegate.name} may record updates` : `${delegate.name} may no longer record updates`,
  };
  return { ok: true, action: next, audit, changed: true };
}
