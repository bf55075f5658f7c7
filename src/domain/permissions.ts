/**
 * Who may record an update on an action. Checked in the core for every write, whichever way the
 * update arrives (free text, card, import), so the rule cannot be bypassed by a tampered card.
 */
import type { Action, OwnerRole } from './model.js';
import { grantsHeldBy } from './roles.js';
import type { Snapshot } from './snapshot.js';

/**
 * Roles that may update: the lead officer, delivery leads and the WLT owner (the Communities
 * Delivery Plan's accountable owner, its equivalent of a lead officer), plus delegates and admins.
 */
export const UPDATING_ROLES: ReadonlySet<OwnerRole> = new Set(['lead', 'deliveryLead', 'wltOwner']);

export interface UpdatePermission {
  allowed: boolean;
  /** Why, in words a user understands. */
  reason: string;
  /** Names of the people who can update it, for the refusal message. */
  whoCan: string[];
}

export function mayUpdateAction(
  snapshot: Snapshot,
  action: Action,
  personId: string | undefined,
  roles: ReadonlySet<string>,
): UpdatePermission {
  const updaters = action.owners.filter((o) => UPDATING_ROLES.has(o.role) && o.personId).map((o) => o.personId!);
  const whoCan = [...new Set([...updaters, ...action.delegateIds])].map((id) => snapshot.person(id)?.name ?? id);
  const isPlanAdmin = administersPlanOf(snapshot, action.planId, personId, roles);
  if (isPlanAdmin) return { allowed: true, reason: 'you are a plan admin', whoCan };
  if (!personId) return { allowed: false, reason: 'your Teams account is not linked to a person in the plans', whoCan };
  const person = snapshot.person(personId);
  if (person?.kind === 'member' && !roles.has('officer')) {
    return { allowed: false, reason: 'councillors can read actions but not record updates', whoCan };
  }
  if (updaters.includes(personId)) return { allowed: true, reason: 'you are named as an owner of this action', whoCan };
  if (action.delegateIds.includes(personId)) return { allowed: true, reason: 'an owner has delegated updates to you', whoCan };
  return { allowed: false, reason: 'you are not an owner of this action or a delegate', whoCan };
}

/**
 * Plan admin of *this* plan: named in the plan's admin list, holding a plan-admin grant for it (or
 * for every plan), or an admin from ADMIN_EMAILS. A grant scoped to the CIP does not make someone
 * an admin of the Communities Delivery Plan.
 */
export function administersPlanOf(snapshot: Snapshot, planId: string, personId: string | undefined, roles: ReadonlySet<string>): boolean {
  if (!roles.has('plan-admin')) return false;
  const person = personId ? snapshot.person(personId) : undefined;
  if (!person) return true; // the role came from ADMIN_EMAILS, which covers every plan
  if (snapshot.plan(planId)?.adminIds.includes(person.id)) return true;
  const planGrants = grantsHeldBy(snapshot, { person }).filter((g) => g.role === 'plan-admin');
  if (planGrants.some((g) => !g.planId || g.planId === planId)) return true;
  const scopedElsewhere = planGrants.length > 0 || snapshot.plans.some((p) => p.adminIds.includes(person.id));
  return !scopedElsewhere;
}
