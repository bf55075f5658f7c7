/**
 * A user's roles: granted roles (by email, person or AAD group, stored and audited), the admins
 * named in ADMIN_EMAILS, "action-lead" derived from owning actions, and member/officer from the
 * person record.
 */
import type { Person, RoleGrant } from './model.js';
import type { Snapshot } from './snapshot.js';

/**
 * "plan-admin" says someone administers at least one plan; the markers say which:
 * `plan-admin:<planId>` for one plan, `plan-admin:*` for every plan (an unscoped grant or
 * ADMIN_EMAILS). They are computed here, where the email and AAD groups are known, so every
 * per-plan check (holdsPlanAdmin) agrees.
 */
export type PlanAdminMarker = `plan-admin:${string}`;
export type Role = 'plan-admin' | 'democratic-services-admin' | 'member' | 'officer' | 'action-lead' | PlanAdminMarker;

export const EVERY_PLAN = 'plan-admin:*' as const;

/** Does this role set administer the plan? */
export function holdsPlanAdmin(roles: ReadonlySet<string>, planId: string): boolean {
  return roles.has(EVERY_PLAN) || roles.has(`plan-admin:${planId}`);
}

/** Who holds roles: the linked person, the Teams email, and the AAD groups they belong to. */
export interface RoleHolder {
  person?: Person;
  email?: string;
  aadGroupIds?: readonly string[];
}

export function rolesOf(snapshot: Snapshot, who: RoleHolder, adminEmails: readonly string[]): Set<Role> {
  const roles = new Set<Role>();
  const email = (who.email ?? who.person?.email)?.toLowerCase();
  if (email && adminEmails.includes(email)) {
    roles.add('plan-admin');
    roles.add(EVERY_PLAN);
    roles.add('democratic-services-admin');
  }
  for (const grant of grantsHeldBy(snapshot, who)) {
    roles.add(grant.role);
    if (grant.role === 'plan-admin') roles.add(grant.planId ? `plan-admin:${grant.planId}` : EVERY_PLAN);
  }
  if (who.person) {
    if (who.person.kind === 'member') roles.add('member');
    if (who.person.kind === 'officer') roles.add('officer');
    if (snapshot.actionsOwnedBy(who.person.id).length > 0) roles.add('action-lead');
    for (const plan of snapshot.plans) {
      if (!plan.adminIds.includes(who.person.id)) continue;
      roles.add('plan-admin');
      roles.add(`plan-admin:${plan.id}`);
    }
  }
  return roles;
}

export function isAdmin(roles: ReadonlySet<string>): boolean {
  return roles.has('plan-admin') || roles.has('democratic-services-admin');
}

/** Does this grant name the holder (by email, person id or one of their AAD groups)? */
export function grantMatches(grant: RoleGrant, who: RoleHolder): boolean {
  const email = (who.email ?? who.person?.email)?.toLowerCase();
  return Boolean(
    (grant.email && email && grant.email.toLowerCase() === email) ||
      (grant.personId && grant.personId === who.person?.id) ||
      (grant.aadGroupId && who.aadGroupIds?.includes(grant.aadGroupId)),
  );
}

export function grantsHeldBy(snapshot: Snapshot, who: RoleHolder): RoleGrant[] {
  return snapshot.data.roleGrants.filter((grant) => grantMatches(grant, who));
}

/**
 * What an admin may administer. `rolesOf` says only "plan-admin"; this says of which plans, which
 * matters for granting roles and linking people (a CIP admin is not an admin of the other plans).
 */
export interface AdminScope {
  /** Named in ADMIN_EMAILS: both admin roles, everywhere, and not removable from chat. */
  fromEnvironment: boolean;
  democraticServices: boolean;
  /** Plan admin of every plan (a grant without a plan, or ADMIN_EMAILS). */
  allPlans: boolean;
  /** Plans administered through plan-scoped grants or the plan's own admin list. */
  planIds: ReadonlySet<string>;
}

export function adminScopeOf(snapshot: Snapshot, who: RoleHolder, adminEmails: readonly string[]): AdminScope {
  const email = (who.email ?? who.person?.email)?.toLowerCase();
  const fromEnvironment = Boolean(email && adminEmails.includes(email));
  const grants = grantsHeldBy(snapshot, who);
  const planIds = new Set<string>();
  let allPlans = fromEnvironment;
  for (const grant of grants) {
    if (grant.role !== 'plan-admin') continue;
    if (grant.planId) planIds.add(grant.planId);
    else allPlans = true;
  }
  if (who.person) for (const plan of snapshot.plans) if (plan.adminIds.includes(who.person.id)) planIds.add(plan.id);
  return {
    fromEnvironment,
    democraticServices: fromEnvironment || grants.some((g) => g.role === 'democratic-services-admin'),
    allPlans,
    planIds,
  };
}

export function administersPlan(scope: AdminScope, planId: string): boolean {
  return scope.allPlans || scope.planIds.has(planId);
}

export function isAnyAdmin(scope: AdminScope): boolean {
  return scope.democraticServices || scope.allPlans || scope.planIds.size > 0;
}
