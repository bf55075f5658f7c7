/**
 * Status as at a past date, rebuilt from the update history: every recorded update keeps the
 * values it replaced, so the status on any earlier date can be recovered without guessing.
 */
import type { Action, ActionStatus, Plan, ProgressUpdate } from './model.js';

/** The date an update speaks for: its as-at date, else the day it was recorded. */
export function effectiveDate(update: ProgressUpdate): string {
  return update.asAt ?? update.authoredAt.slice(0, 10);
}

export function statusAsAt(action: Action, updates: readonly ProgressUpdate[], date: string): ActionStatus | undefined {
  const later = updates
    .filter((u) => u.status && effectiveDate(u) > date)
    .sort((a, b) => effectiveDate(a).localeCompare(effectiveDate(b)) || a.authoredAt.localeCompare(b.authoredAt));
  if (later.length > 0) return later[0]!.previous.status;
  if (action.status.asAt && action.status.asAt > date && updates.length === 0) return undefined;
  return action.status;
}

export interface BucketCount {
  label: string;
  count: number;
}

/** Counts actions into the council's committee-table buckets; statuses no bucket claims are listed. */
export function countByBucket(plan: Plan, statuses: readonly (ActionStatus | undefined)[]): { rows: BucketCount[]; total: number; unbucketed: number } {
  const rows = plan.summaryBuckets.map((b) => ({ label: b.label, count: 0 }));
  let unbucketed = 0;
  for (const status of statuses) {
    const index = status ? plan.summaryBuckets.findIndex((b) => b.statuses.includes(status.canonical)) : -1;
    if (index >= 0) rows[index]!.count += 1;
    else unbucketed += 1;
  }
  return { rows, total: statuses.length, unbucketed };
}
