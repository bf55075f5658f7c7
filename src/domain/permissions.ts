/**
 * Who may record an update on an action. Checked in the core for every write, whichever way the
 * update arrives (free text, card, import), so the rule cannot be bypassed by a tampered card.
 */
import type { Action, OwnerRole } from './model.js';
import { holdsPlanAdmin } from './roles.js';
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
  const isPlanAdmin = administersPlanOf(action.planId, roles);
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
 * Plan admin of *this* plan: named in the plan's admin list, holding a plan-admin grant for it (by
 * person, email or AAD group) or for every plan, or named in ADMIN_EMAILS. A grant scoped to the CIP
 * does not make someone an admin of the Communities Delivery Plan. The scope comes from rolesOf.
 */
export function administersPlanOf(planId: string, roles: ReadonlySet<string>): boolean {
  return holdsPlanAdmin(roles, planId);
}
