/**
 * Who may administer the weekly digest (send it now, ask who it cannot reach) and who may switch a
 * plan's digest on or off, with the reason in words a user understands.
 */
import type { Plan } from '../model.js';
import { holdsPlanAdmin } from '../roles.js';

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

/**
 * Who may switch a plan's digest on or off: democratic services, and that plan's admins. The plan
 * scope comes from rolesOf (grants by person, email or AAD group, the plan's list, ADMIN_EMAILS).
 */
export function mayToggleDigest(plan: Plan, who: { email?: string; roles: ReadonlySet<string> }, adminEmails: readonly string[]): DigestPermission {
  if (who.roles.has('democratic-services-admin')) return { allowed: true, reason: 'you are a democratic services admin' };
  const email = who.email?.toLowerCase();
  if (email && adminEmails.includes(email)) return { allowed: true, reason: 'you are a bot administrator' };
  if (holdsPlanAdmin(who.roles, plan.id)) return { allowed: true, reason: `you are a plan admin for the ${plan.abbreviation ?? plan.title}` };
  return { allowed: false, reason: `only the ${plan.abbreviation ?? plan.title}'s plan admins and democratic services admins can switch its digest on or off` };
}
