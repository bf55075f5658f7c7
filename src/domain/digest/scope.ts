/**
 * Who and what a digest overview covers: the plans that report to a committee (matched on its
 * name or aliases), and the people who administer a plan.
 */
import type { Committee, Plan } from '../model.js';
import type { Snapshot } from '../snapshot.js';

function normaliseName(text: string): string {
  return text.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Plans reporting to a committee, matched on the committee's name or aliases. */
export function plansOfCommittee(committee: Committee, plans: readonly Plan[]): Plan[] {
  const names = new Set([committee.name, ...committee.aliases].map(normaliseName));
  return plans.filter((p) => p.reportingCommittee && names.has(normaliseName(p.reportingCommittee)));
}

/** People who administer a plan: named on the plan, granted plan-admin for it or for all plans, ADMIN_EMAILS. */
export function planAdminIds(snapshot: Snapshot, plan: Plan, adminEmails: readonly string[]): string[] {
  const ids = new Set(plan.adminIds);
  for (const grant of snapshot.data.roleGrants) {
    if (grant.role !== 'plan-admin' || (grant.planId && grant.planId !== plan.id)) continue;
    const person = grant.personId ? snapshot.person(grant.personId) : grant.email ? snapshot.personByEmail(grant.email) : undefined;
    if (person) ids.add(person.id);
  }
  for (const email of adminEmails) {
    const person = snapshot.personByEmail(email);
    if (person) ids.add(person.id);
  }
  return [...ids].filter((id) => snapshot.person(id));
}

