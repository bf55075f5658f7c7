/**
 * Questions about operating plans: their strategic themes and enabling functions, and each one's key
 * priorities (with strategic objective codes), key activities, improvement projects, efficiency
 * commitments and key risks. Pure, over the snapshot's keyed maps.
 */
import { foldWords } from '../keyed-index.js';
import type { OperatingPlanItem, OperatingPlanList, Plan, Theme } from '../model.js';
import type { Snapshot } from '../snapshot.js';
import { strictestSensitivity, visibleRecords, type Audience, type Sensitivity } from '../visibility.js';

export const OPERATING_PLAN_LIST_WORDS: Record<OperatingPlanList, string> = {
  'key-priority': 'key priorities',
  'key-activity': 'key activities',
  'improvement-project': 'improvement projects',
  'efficiency-commitment': 'efficiency and productivity commitments',
  'key-risk': 'key risks',
};

export function operatingPlans(snapshot: Snapshot, councilId?: string): Plan[] {
  return snapshot.plans.filter((p) => p.kind === 'operating-plan' && (!councilId || p.councilId === councilId));
}

export interface OperatingPlanSection {
  theme: Theme;
  counts: Record<OperatingPlanList, number>;
}

/** The sections of an operating plan (themes, then enabling functions, in the plan's order) with their list sizes. */
export function operatingPlanSections(snapshot: Snapshot, planId: string): OperatingPlanSection[] {
  const index = snapshot.operatingPlanIndex();
  return snapshot.themesOf(planId).map((theme) => {
    const counts = { 'key-priority': 0, 'key-activity': 0, 'improvement-project': 0, 'efficiency-commitment': 0, 'key-risk': 0 };
    for (const item of index.ofSection(theme.id)) counts[item.list] += 1;
    return { theme, counts };
  });
}

export interface OperatingPlanFilter {
  planId?: string;
  councilId?: string;
  /** A section id, or its code or words of its name (see resolveOperatingPlanSection). */
  section?: string;
  list?: OperatingPlanList;
  /** Only priorities pursuing this strategic objective (1 to 5). */
  objectiveCode?: number;
  audience?: Audience;
}

export function operatingPlanItemSensitivity(snapshot: Snapshot, item: OperatingPlanItem): Sensitivity {
  return strictestSensitivity(item.sensitivity, snapshot.plan(item.planId)?.sensitivity);
}

export function operatingPlanEntries(snapshot: Snapshot, filter: OperatingPlanFilter = {}): OperatingPlanItem[] {
  const index = snapshot.operatingPlanIndex();
  let items: readonly OperatingPlanItem[];
  if (filter.section !== undefined) {
    const plans = filter.planId ? [filter.planId] : operatingPlans(snapshot, filter.councilId).map((p) => p.id);
    items = plans.flatMap((planId) => resolveOperatingPlanSection(snapshot, planId, filter.section!)).flatMap((t) => index.ofSection(t.id));
  } else if (filter.planId) items = index.ofPlan(filter.planId);
  else if (filter.councilId) items = index.ofCouncil(filter.councilId);
  else items = index.all();
  const matching = items.filter(
    (i) =>
      (!filter.councilId || i.councilId === filter.councilId) &&
      (!filter.planId || i.planId === filter.planId) &&
      (!filter.list || i.list === filter.list) &&
      (filter.objectiveCode === undefined || (i.objectiveCodes ?? []).includes(filter.objectiveCode)),
  );
  return visibleRecords(matching, filter.audience, (i) => operatingPlanItemSensitivity(snapshot, i));
}

/**
 * A section by its code ("3", "theme 3", "B", "section b"), its heading ("B - Workforce ...") or
 * words of its name ("housing", "culture tourism"). Every significant word must be in the name.
 */
export function resolveOperatingPlanSection(snapshot: Snapshot, planId: string, text: string): Theme[] {
  const sections = snapshot.themesOf(planId);
  const byId = sections.filter((t) => t.id === text);
  if (byId.length) return byId;
  const folded = foldWords(text).replace(/^(theme|section|function|enabling function)\s+/, '');
  const code = /^([0-9]{1,2}|[a-h])(?:\s|$)/.exec(folded)?.[1];
  if (code) {
    const byCode = sections.filter((t) => t.code?.toLowerCase() === code);
    if (byCode.length && (folded === code || byCode.every((t) => foldWords(t.name ?? '').startsWith(folded.slice(code.length).trim())))) return byCode;
  }
  const words = folded.split(' ').filter((w) => w.length > 2 && !['and', 'the'].includes(w));
  if (!words.length) return [];
  return sections.filter((t) => words.every((w) => ` ${foldWords(t.name ?? '')} `.includes(` ${w}`)));
}
