/**
 * Who may administer the weekly digest (send it now, ask who it cannot reach) and who may switch a
 * plan's digest on or off, with the reason in words a user understands.
 */
import type { Plan } from './model.js';
import type { Snapshot } from './snapshot.js';
import { planAdminIds } from './digest-scope.js';

export interface DigestPermission {
  allowed: boolean;
  /** In words a user understands. */
  reason: string;
}

/** Who may send the weekly digest now, or ask who it cannot reach: plan admins and democratic services. */
export function mayAdministerDigest(roles: ReadonlySet<string>): DigestPermission {
  if (roles.has('democratic-services-admin')) return { allowed: true, reason: 'you are a democratic services admin' };
  if (roles.has('plan-admin')) return { allowed: true, reason: 'you are a plan admin' };
  return { allowed: false, reason: 'only plan admins and democratic services admins can do that' };
}

/** Who may switch a plan's digest on or off: democratic services, and that plan's admins. */
export function mayToggleDigest(
  snapshot: Snapshot,
  plan: Plan,
  who: { personId?: string; email?: string; roles: ReadonlySet<string> },
  adminEmails: readonly string[],
): DigestPermission {
  if (who.roles.has('democratic-services-admin')) return { allowed: true, reason: 'you are a democratic services admin' };
  const email = who.email?.toLowerCase();
  if (email && adminEmails.includes(email)) return { allowed: true, reason: 'you are a bot administrator' };
  if (who.personId && planAdminIds(snapshot, plan, adminEmails).includes(who.personId)) return { allowed: true, reason: `you are a plan admin for the ${plan.abbreviation ?? plan.title}` };
  const granted = snapshot.data.roleGrants.some(
    (g) => g.role === 'plan-admin' && (!g.planId || g.planId === plan.id) && email && g.email?.toLowerCase() === email,
  );
  if (granted) return { allowed: true, reason: `you are a plan admin for the ${plan.abbreviation ?? plan.title}` };
  return { allowed: false, reason: `only the ${plan.abbreviation ?? plan.title}'s plan admins and democratic services admins can switch its digest on or off` };
}

