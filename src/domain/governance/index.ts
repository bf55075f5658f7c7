/** Governance action plans (an Annual Governance Statement's actions) and review-driven action plans. */
export {
  GOVERNANCE_PLAN_KINDS,
  governanceActions,
  governancePlans,
  isActionableEntry,
  isPostponed,
  type GovernanceActionView,
  type GovernanceFilter,
  type GovernanceState,
} from './governance-queries.js';
