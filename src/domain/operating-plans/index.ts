/** Operating plans: themes and enabling functions with their typed lists. */
export { OperatingPlanIndex } from './operating-plan-index.js';
export {
  OPERATING_PLAN_LIST_WORDS,
  operatingPlanEntries,
  operatingPlanItemSensitivity,
  operatingPlanSections,
  operatingPlans,
  resolveOperatingPlanSection,
  type OperatingPlanFilter,
  type OperatingPlanSection,
} from './operating-plan-queries.js';
