/**
 * A user's roles: granted roles (by email, person or AAD group, stored and audited), the admins
 * named in ADMIN_EMAILS, "action-lead" derived from owning actions, and member/officer from the
 * person record.
 */
import type { Person } from './model.js';
import type { Snapshot } from './snapshot.js';

export type Role = 'plan-admin' | 'democratic-services-admin' | 'member' | 'officer' | 'action-lead';

export function rolesOf(
  snapshot: Snapshot,
  who: { person?: Person; email?: string; aadGroupIds?: readonly string[] },
  adminEmails: readonly string[],
): Set<Role> {
  const roles = new Set<Role>();
  const email = (who.email ?? who.person?.email)?.toLowerCase();
  if (email && adminEmails.includes(email)) {
    roles.add('plan-admin');
    roles.add('democratic-services-admin');
  }
  for (const grant of snapshot.data.roleGrants) {
    const matches =
      (grant.email && email && grant.email.toLowerCase() === email) ||
      (grant.personId && grant.personId === who.person?.id) ||
      (grant.aadGroupId && who.aadGroupIds?.includes(grant.aadGroupId));
    if (matches) roles.add(grant.role);
  }
  if (who.person) {
    if (who.person.kind === 'member') roles.add('member');
    if (who.person.kind === 'officer') roles.add('officer');
    if (snapshot.actionsOwnedBy(who.person.id).length > 0) roles.add('action-lead');
    if (snapshot.plans.some((p) => p.adminIds.includes(who.person!.id))) roles.add('plan-admin');
  }
  return roles;
}

export function isAdmin(roles: ReadonlySet<string>): boolean {
  return roles.has('plan-admin') || roles.has('democratic-services-admin');
}
