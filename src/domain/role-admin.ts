/**
 * Who may grant and remove which role, and what a grant or removal changes. Pure: the chat layer
 * (features/admin/) resolves names, asks these rules, then writes the result with an audit
 * entry.
 *
 * The rules (also in docs: "Roles and who may grant them"):
 * - A democratic services admin (a grant, or an address in ADMIN_EMAILS) may grant and remove every
 *   role: democratic services admin, plan admin (of one plan or of every plan), officer, member.
 * - A plan admin may grant and remove plan admin only, and only for plans they administer; a plan
 *   admin of every plan may also grant "plan admin of every plan". Plan admins cannot create
 *   democratic services admins, so a plan admin can never raise anyone above themselves.
 * - Admins named in ADMIN_EMAILS are configured by the council's IT, not in chat: they cannot be
 *   removed from chat.
 * - The last democratic services admin cannot be removed when ADMIN_EMAILS is empty, so someone is
 *   always left who can manage roles.
 */
import type { Person, Plan, RoleGrant, RoleName } from './model.js';
import { administersPlan, grantMatches, type AdminScope } from './roles.js';
import type { Snapshot } from './snapshot.js';

export type RoleTarget =
  | { kind: 'person'; person: Person }
  | { kind: 'email'; email: string }
  | { kind: 'group'; aadGroupId: string };

export interface RoleChange {
  role: RoleName;
  /** Plan admin of one plan; undefined: of every plan (and always for the other roles). */
  planId?: string;
  target: RoleTarget;
}

export interface Actor {
  scope: AdminScope;
  /** For RoleGrant.grantedBy: "Nick Pountney (nick.pountney@council.example)". */
  label: string;
}

export type Permission = { allowed: true } | { allowed: false; reason: string };

export type GrantPlan =
  | { kind: 'refused'; reason: string }
  | { kind: 'already'; how: string }
  | { kind: 'grant'; grant: RoleGrant };

export type RevokePlan =
  | { kind: 'refused'; reason: string }
  | { kind: 'not-held'; hint?: string }
  | { kind: 'revoke'; grants: RoleGrant[]; /** Plans whose own admin list names the person. */ fromPlanAdminLists: Plan[] };

export const ROLE_WORDS: Record<RoleName, string> = {
  'democratic-services-admin': 'democratic services admin',
  'plan-admin': 'plan admin',
  officer: 'officer',
  member: 'councillor (member)',
};

export function planName(plan: Plan | undefined, planId?: string): string {
  if (!plan) return planId ?? 'every plan';
  return plan.abbreviation ? `the ${plan.title} (${plan.abbreviation})` : `the ${plan.title}`;
}

/** "plan admin for the Corporate Improvement Plan (CIP)", "democratic services admin". */
export function describeRole(snapshot: Snapshot, role: RoleName, planId?: string): string {
  if (role !== 'plan-admin') return ROLE_WORDS[role];
  return planId ? `plan admin for ${planName(snapshot.plan(planId), planId)}` : 'plan admin for every plan';
}

export function describeTarget(target: RoleTarget): string {
  if (target.kind === 'person') return target.person.name;
  if (target.kind === 'email') return target.email;
  return `the Azure AD group ${target.aadGroupId}`;
}

export function mayChangeRole(snapshot: Snapshot, actor: AdminScope, role: RoleName, planId?: string): Permission {
  if (actor.democraticServices) return { allowed: true };
  if (role !== 'plan-admin') {
    return { allowed: false, reason: `only a democratic services admin can grant or remove the ${ROLE_WORDS[role]} role` };
  }
  if (planId ? administersPlan(actor, planId) : actor.allPlans) return { allowed: true };
  const yours = [...actor.planIds].map((id) => planName(snapshot.plan(id), id));
  return {
    allowed: false,
    reason: planId
      ? `you are not a plan admin for ${planName(snapshot.plan(planId), planId)}${yours.length ? ` (you administer ${yours.join(' and ')})` : ''}`
      : `only a democratic services admin or a plan admin of every plan can make someone a plan admin for every plan${yours.length ? `; you can for ${yours.join(' and ')}` : ''}`,
  };
}

function targetMatchesGrant(grant: RoleGrant, target: RoleTarget): boolean {
  if (target.kind === 'person') return grantMatches(grant, { person: target.person });
  if (target.kind === 'email') return Boolean(grant.email && grant.email.toLowerCase() === target.email.toLowerCase());
  return grant.aadGroupId === target.aadGroupId;
}

function targetEmail(target: RoleTarget): string | undefined {
  if (target.kind === 'person') return target.person.email?.toLowerCase();
  if (target.kind === 'email') return target.email.toLowerCase();
  return undefined;
}

export function planGrant(snapshot: Snapshot, change: RoleChange, actor: Actor, adminEmails: readonly string[], now: Date, id: string): GrantPlan {
  const permission = mayChangeRole(snapshot, actor.scope, change.role, change.planId);
  if (!permission.allowed) return { kind: 'refused', reason: permission.reason };
  if (change.planId && !snapshot.plan(change.planId)) return { kind: 'refused', reason: `there is no plan "${change.planId}"` };
  const email = targetEmail(change.target);
  const who = describeTarget(change.target);
  if (email && adminEmails.includes(email) && (change.role === 'plan-admin' || change.role === 'democratic-services-admin')) {
    return { kind: 'already', how: `${who} is already an admin of everything through ADMIN_EMAILS (set in the environment)` };
  }
  const held = snapshot.data.roleGrants.filter((g) => g.role === change.role && targetMatchesGrant(g, change.target));
  if (change.role === 'plan-admin') {
    const everyPlan = held.find((g) => !g.planId);
    if (everyPlan) return { kind: 'already', how: `${who} is already a plan admin for every plan` };
    if (change.planId && held.some((g) => g.planId === change.planId)) {
      return { kind: 'already', how: `${who} is already a ${describeRole(snapshot, 'plan-admin', change.planId)}` };
    }
    if (change.planId && change.target.kind === 'person' && snapshot.plan(change.planId)?.adminIds.includes(change.target.person.id)) {
      return { kind: 'already', how: `${who} is already named as an admin of ${planName(snapshot.plan(change.planId))} in the plan's own records` };
    }
  } else if (held.length > 0) {
    return { kind: 'already', how: `${who} is already a ${ROLE_WORDS[change.role]}` };
  }
  const target = change.target;
  const grant: RoleGrant = {
    id,
    role: change.role,
    ...(target.kind === 'person' ? { personId: target.person.id, ...(target.person.email ? { email: target.person.email.toLowerCase() } : {}) } : {}),
    ...(target.kind === 'email' ? { email: target.email.toLowerCase() } : {}),
    ...(target.kind === 'group' ? { aadGroupId: target.aadGroupId } : {}),
    ...(change.role === 'plan-admin' && change.planId ? { planId: change.planId } : {}),
    grantedBy: actor.label,
    grantedAt: now.toISOString(),
  };
  return { kind: 'grant', grant };
}

export function planRevoke(snapshot: Snapshot, change: RoleChange, actor: Actor, adminEmails: readonly string[]): RevokePlan {
  const permission = mayChangeRole(snapshot, actor.scope, change.role, change.planId);
  if (!permission.allowed) return { kind: 'refused', reason: permission.reason };
  const who = describeTarget(change.target);
  const email = targetEmail(change.target);
  const adminRole = change.role === 'plan-admin' || change.role === 'democratic-services-admin';
  if (email && adminRole && adminEmails.includes(email)) {
    return {
      kind: 'refused',
      reason: `${who} is an admin through ADMIN_EMAILS, which is set in the bot's environment by your IT team; remove the address there and restart the bot`,
    };
  }
  const held = snapshot.data.roleGrants.filter((g) => g.role === change.role && targetMatchesGrant(g, change.target));
  let grants: RoleGrant[];
  let fromPlanAdminLists: Plan[] = [];
  if (change.role === 'plan-admin') {
    grants = held.filter((g) => (change.planId ? g.planId === change.planId : !g.planId));
    if (change.planId && change.target.kind === 'person') {
      const personId = change.target.person.id;
      fromPlanAdminLists = snapshot.plans.filter((p) => p.id === change.planId && p.adminIds.includes(personId));
    }
    if (grants.length === 0 && fromPlanAdminLists.length === 0) {
      const other = held.map((g) => describeRole(snapshot, 'plan-admin', g.planId));
      if (change.target.kind === 'person') {
        const personId = change.target.person.id;
        for (const plan of snapshot.plans) if (plan.adminIds.includes(personId)) other.push(describeRole(snapshot, 'plan-admin', plan.id));
      }
      const unique = [...new Set(other)];
      return { kind: 'not-held', hint: unique.length ? `${who} is ${unique.join(' and ')}: say which plan` : undefined };
    }
    // A plan-scoped admin may not remove an "every plan" grant (mayChangeRole checked the plan asked for).
  } else {
    grants = held;
    if (grants.length === 0) return { kind: 'not-held' };
  }
  if (change.role === 'democratic-services-admin' && adminEmails.length === 0) {
    const remaining = snapshot.data.roleGrants.filter((g) => g.role === 'democratic-services-admin' && !grants.some((r) => r.id === g.id));
    if (remaining.length === 0) {
      return {
        kind: 'refused',
        reason: `${who} is the last democratic services admin and ADMIN_EMAILS is empty, so nobody would be left to manage roles; make someone else a democratic services admin first`,
      };
    }
  }
  return { kind: 'revoke', grants, fromPlanAdminLists };
}

/** Everyone with an admin role, for "who are the admins?". */
export interface AdminsOverview {
  fromEnvironment: { email: string; person?: Person }[];
  democraticServices: Holder[];
  everyPlan: Holder[];
  byPlan: { plan: Plan; holders: Holder[] }[];
  officersAndMembers: (Holder & { role: RoleName })[];
}

export interface Holder {
  label: string;
  person?: Person;
  email?: string;
  aadGroupId?: string;
  /** "granted by Nick Pountney on …" or "in the plan's own records". */
  source: string;
  grantedAt?: string;
}

export function adminsOverview(snapshot: Snapshot, adminEmails: readonly string[]): AdminsOverview {
  const holder = (grant: RoleGrant): Holder => {
    const person = grant.personId ? snapshot.person(grant.personId) : grant.email ? snapshot.personByEmail(grant.email) : undefined;
    return {
      label: person?.name ?? grant.email ?? (grant.aadGroupId ? `Azure AD group ${grant.aadGroupId}` : grant.id),
      person,
      email: grant.email ?? person?.email,
      aadGroupId: grant.aadGroupId,
      source: `granted by ${grant.grantedBy}`,
      grantedAt: grant.grantedAt,
    };
  };
  const grants = snapshot.data.roleGrants;
  const byPlan = snapshot.plans.map((plan) => {
    const holders = grants.filter((g) => g.role === 'plan-admin' && g.planId === plan.id).map(holder);
    for (const personId of plan.adminIds) {
      if (holders.some((h) => h.person?.id === personId)) continue;
      const person = snapshot.person(personId);
      holders.push({ label: person?.name ?? personId, person, email: person?.email, source: "named in the plan's own records" });
    }
    return { plan, holders };
  });
  return {
    fromEnvironment: adminEmails.map((email) => ({ email, person: snapshot.personByEmail(email) })),
    democraticServices: grants.filter((g) => g.role === 'democratic-services-admin').map(holder),
    everyPlan: grants.filter((g) => g.role === 'plan-admin' && !g.planId).map(holder),
    byPlan,
    officersAndMembers: grants.filter((g) => g.role === 'officer' || g.role === 'member').map((g) => ({ ...holder(g), role: g.role })),
  };
}
