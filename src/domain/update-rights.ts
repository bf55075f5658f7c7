/**
 * Who may write to an action, per plan: record updates, delegate, and record the committee's
 * decision on a revised date.
 *
 * Builds on permissions.ts (mayUpdateAction, administersPlanOf: plan-admin rights are per plan, so
 * Heather Greenan administers the Derby CIP, not Staffordshire's Communities Delivery Plan).
 */
import type { Action, Plan } from './model.js';
import { UPDATING_ROLES, administersPlanOf, mayUpdateAction, type UpdatePermission } from './permissions.js';
import type { Snapshot } from './snapshot.js';

export interface Writer {
  personId?: string;
  email?: string;
  roles: ReadonlySet<string>;
}

/**
 * True when the writer administers this plan (permissions.ts administersPlanOf: the plan's admin
 * list, a plan-admin grant for this plan or every plan), or is named in ADMIN_EMAILS.
 */
export function isPlanAdminFor(snapshot: Snapshot, plan: Plan | undefined, writer: Writer, adminEmails: readonly string[]): boolean {
  if (!writer.roles.has('plan-admin')) return false;
  const email = writer.email?.toLowerCase();
  if (email && adminEmails.includes(email)) return true;
  return plan !== undefined && administersPlanOf(plan.id, writer.roles);
}

/** mayUpdateAction, with ADMIN_EMAILS admins counted as admins of every plan. */
export function updatePermission(snapshot: Snapshot, action: Action, writer: Writer, adminEmails: readonly string[]): UpdatePermission {
  const permission = mayUpdateAction(snapshot, action, writer.personId, writer.roles);
  if (!permission.allowed && isPlanAdminFor(snapshot, snapshot.plan(action.planId), writer, adminEmails)) {
    return { ...permission, allowed: true, reason: 'you are a plan admin' };
  }
  return permission;
}

/** Owners who may update (not delegates) and plan admins may delegate; a delegate cannot pass it on. */
export function mayDelegate(snapshot: Snapshot, action: Action, writer: Writer, adminEmails: readonly string[]): boolean {
  const plan = snapshot.plan(action.planId);
  if (isPlanAdminFor(snapshot, plan, writer, adminEmails)) return true;
  if (!writer.personId) return false;
  const isOwner = action.owners.some((o) => UPDATING_ROLES.has(o.role) && o.personId === writer.personId);
  return isOwner && updatePermission(snapshot, action, writer, adminEmails).allowed;
}

/** Plan admins and democratic services record committee decisions on revised dates. */
export function mayRecordCommitteeDecision(snapshot: Snapshot, action: Action, writer: Writer, adminEmails: readonly string[]): boolean {
  if (writer.roles.has('democratic-services-admin')) return true;
  return isPlanAdminFor(snapshot, snapshot.plan(action.planId), writer, adminEmails);
}

/** Names of the people who administer a plan, for refusals ("ask Heather Greenan"). */
export function planAdminNames(snapshot: Snapshot, plan: Plan | undefined): string[] {
  if (!plan) return [];
  const ids = new Set(plan.adminIds);
  const names = new Set<string>();
  for (const grant of snapshot.data.roleGrants) {
    if (grant.role !== 'plan-admin' || (grant.planId && grant.planId !== plan.id)) continue;
    const person = grant.personId ? snapshot.person(grant.personId) : grant.email ? snapshot.personByEmail(grant.email) : undefined;
    if (person) ids.add(person.id);
    else if (grant.email) names.add(grant.email);
  }
  for (const id of ids) names.add(snapshot.person(id)?.name ?? id);
  return [...names];
}

/** People who administer committee records (democratic services), for refusals. */
export function democraticServicesNames(snapshot: Snapshot): string[] {
  const names = new Set<string>();
  for (const grant of snapshot.data.roleGrants) {
    if (grant.role !== 'democratic-services-admin') continue;
    const person = grant.personId ? snapshot.person(grant.personId) : grant.email ? snapshot.personByEmail(grant.email) : undefined;
    names.add(person?.name ?? grant.email ?? grant.id);
  }
  return [...names];
}
