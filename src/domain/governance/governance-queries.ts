/**
 * Questions about governance actions: the entries of governance action plans (an Annual Governance
 * Statement's actions) and of review-driven action plans. Which are outstanding, which were
 * postponed or delayed (as written: "postponed due to the Covid-19 emergency situation", with the
 * original and the revised target), which are done. The date is passed in; nothing reads the clock.
 */
import type { Action, ActionEntryKind, DateExpr, Plan, PlanKind } from '../model.js';
import { approvedTarget, isClosed, isOverdue } from '../slippage.js';
import type { Snapshot } from '../snapshot.js';
import { strictestSensitivity, visibleRecords, type Audience } from '../visibility.js';

export const GOVERNANCE_PLAN_KINDS: ReadonlySet<PlanKind> = new Set(['governance-action-plan', 'review-action-plan']);

/**
 * Entries that record a state of affairs rather than something to do: a finding, a strategy's
 * priorities, a reporting arrangement, an issue. They are kept (and shown when asked about), but
 * they are never "outstanding".
 */
const NOT_TO_DO: ReadonlySet<ActionEntryKind> = new Set(['finding', 'priorities', 'reporting-arrangement', 'issue']);

export function isActionableEntry(action: Action): boolean {
  return !action.entryKind || !NOT_TO_DO.has(action.entryKind);
}

/** Put back or held up, as the council reports it: deferred, slipped, or a status saying postponed/delayed. */
export function isPostponed(action: Action): boolean {
  if (action.status.canonical === 'DEFERRED' || action.status.canonical === 'SLIPPED') return true;
  return /\b(postpon|delay|defer)/i.test(action.status.raw ?? '');
}

export type GovernanceState = 'outstanding' | 'postponed' | 'completed' | 'all';

export interface GovernanceFilter {
  councilId?: string;
  planId?: string;
  state?: GovernanceState;
  audience?: Audience;
}

export interface GovernanceActionView {
  action: Action;
  plan: Plan;
  /** The status as written ("postponed"), or undefined when the source gives none. */
  statusAsWritten: string | undefined;
  originalTarget: DateExpr | undefined;
  /** The target in force: the latest endorsed revision, else the original. */
  currentTarget: DateExpr | undefined;
  /** Past its target in force on `today` and not completed. */
  overdue: boolean;
}

export function governancePlans(snapshot: Snapshot, councilId?: string): Plan[] {
  return snapshot.plans.filter((p) => GOVERNANCE_PLAN_KINDS.has(p.kind) && (!councilId || p.councilId === councilId));
}

export function governanceActions(snapshot: Snapshot, today: string, filter: GovernanceFilter = {}): GovernanceActionView[] {
  const plans = governancePlans(snapshot, filter.councilId).filter((p) => !filter.planId || p.id === filter.planId);
  const state = filter.state ?? 'all';
  const out: GovernanceActionView[] = [];
  for (const plan of plans) {
    const actions = visibleRecords(snapshot.actionsOf(plan.id), filter.audience, (a) => strictestSensitivity(a.sensitivity, plan.sensitivity));
    for (const action of actions) {
      if (!inState(action, state)) continue;
      out.push({
        action,
        plan,
        statusAsWritten: action.status.raw,
        originalTarget: action.originalTarget,
        currentTarget: approvedTarget(action),
        overdue: isOverdue(action, today),
      });
    }
  }
  return out;
}

function inState(action: Action, state: GovernanceState): boolean {
  switch (state) {
    case 'all':
      return true;
    case 'completed':
      return isClosed(action);
    case 'outstanding':
      return isActionableEntry(action) && !isClosed(action);
    case 'postponed':
      return !isClosed(action) && isPostponed(action);
  }
}
