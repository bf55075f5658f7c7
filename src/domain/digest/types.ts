/**
 * The shapes of the weekly slippage digest: its sections and their order, the options a run takes,
 * a flagged action, a committee follow-up, a lead's digest, the plan and committee pictures of an
 * overview, and the whole run.
 */
import type { Action, Committee, Meeting, Plan, Resolution, Revision } from '../model.js';
import type { Sensitivity } from '../visibility.js';

export type DigestSection = 'overdue' | 'slipped-no-date' | 'awaiting-endorsement' | 'due-soon' | 'stale';

/** The order sections are shown in (not the order they are decided in). */
export const SECTION_ORDER: readonly DigestSection[] = ['overdue', 'slipped-no-date', 'awaiting-endorsement', 'due-soon', 'stale'];

export interface DigestOptions {
  /** Today in Europe/London, YYYY-MM-DD. */
  today: string;
  dueWeeks: number;
  staleWeeks: number;
  /** Items listed per plan in an overview (default 5). */
  topItems?: number;
  /** ADMIN_EMAILS: admins of every plan. */
  adminEmails?: readonly string[];
}

export interface FlaggedAction {
  action: Action;
  section: DigestSection;
  /** The approved target's due date, YYYY-MM-DD, when it has one. */
  dueDate?: string;
  /** Past the approved target (also set on awaiting-endorsement and slipped lines). */
  pastTarget: boolean;
  /** The council's own status says it is behind. */
  reportedSlipped: boolean;
  pending?: Revision;
  /** Last update (YYYY-MM-DD) for stale lines; undefined when never updated. */
  lastUpdate?: string;
  /** The strictest sensitivity of the action and its plan. */
  sensitivity: Sensitivity;
}

export interface FollowUp {
  meeting: Meeting;
  committee?: Committee;
  resolution: Resolution;
}

export type SectionCounts = Record<DigestSection, number>;

export interface LeadDigest {
  personId: string;
  sections: Record<DigestSection, FlaggedAction[]>;
  followUps: FollowUp[];
  total: number;
}

export interface PlanPicture {
  plan: Plan;
  counts: SectionCounts;
  /** The most urgent lines across the plan: slipped with no date, then longest past target, then awaiting endorsement. */
  top: FlaggedAction[];
  /** Flagged actions no named person owns (groups such as "SDMs" only): nobody gets them personally. */
  withoutPersonalOwner: number;
}

export interface CommitteePicture {
  committee: Committee;
  plans: PlanPicture[];
  openFollowUps: FollowUp[];
}

export interface OverviewDigest {
  personId: string;
  /** Why they get it: "chair of Corporate Review Committee", "plan admin for the CIP". */
  because: string[];
  plans: PlanPicture[];
  committees: CommitteePicture[];
}

export interface PersonDigest {
  personId: string;
  lead?: LeadDigest;
  overview?: OverviewDigest;
}

export interface DigestRun {
  today: string;
  /** Everyone with something to be told (leads and overview recipients), by person id. */
  people: Map<string, PersonDigest>;
  plans: Map<string, PlanPicture>;
  /** Plans left out because their digest is switched off. */
  disabledPlans: Plan[];
}
