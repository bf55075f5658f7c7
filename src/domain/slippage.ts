/**
 * Due-date and slippage rules. Slippage is measured against the approved baseline: the latest
 * endorsed revision, else the original target. A proposed revision never moves the baseline,
 * and the original target is never lost.
 */
import { dueDateOf, startDateOf } from './date-expr.js';
import type { Action, CanonicalStatus, DateExpr, Revision } from './model.js';
import { addDays, daysBetween } from './uk-format.js';

const CLOSED: ReadonlySet<CanonicalStatus> = new Set(['COMPLETED', 'CLOSED_WITHDRAWN']);

export function isClosed(action: Action): boolean {
  return CLOSED.has(action.status.canonical);
}

/** The target the committee has approved: latest endorsed revision, else the original target. */
export function approvedTarget(action: Action): DateExpr | undefined {
  const endorsed = [...action.revisions].reverse().find((r) => r.state === 'endorsed');
  return endorsed ? endorsed.to : action.originalTarget;
}

/** The newest revision still waiting for the committee. */
export function pendingRevision(action: Action): Revision | undefined {
  return [...action.revisions].reverse().find((r) => r.state === 'proposed');
}

export function approvedDueDate(action: Action): string | undefined {
  const target = approvedTarget(action);
  return target ? (dueDateOf(target) ?? undefined) : undefined;
}

/** Past the approved target and not completed. Ongoing/TBC targets are never overdue. */
export function isOverdue(action: Action, today: string): boolean {
  if (isClosed(action)) return false;
  const due = approvedDueDate(action);
  return due !== undefined && due < today;
}

export function daysOverdue(action: Action, today: string): number {
  const due = approvedDueDate(action);
  return due ? Math.max(0, daysBetween(due, today)) : 0;
}

/** Reported by the council as behind (its own label), whatever the dates say. */
export function isReportedSlipped(action: Action): boolean {
  return action.status.canonical === 'SLIPPED' || action.status.canonical === 'AT_RISK';
}

/** Reported slipped and no new date proposed or endorsed since. */
export function isSlippedWithoutNewDate(action: Action): boolean {
  return isReportedSlipped(action) && !action.revisions.some((r) => r.state !== 'rejected');
}

export function hasNoDate(action: Action): boolean {
  const target = approvedTarget(action);
  return !target || target.kind === 'ongoing' || target.kind === 'tbc' || dueDateOf(target) === null;
}

/** Due (by its approved target) within [from, to], inclusive, and not completed. */
export function isDueBetween(action: Action, from: string, to: string): boolean {
  if (isClosed(action)) return false;
  const target = approvedTarget(action);
  if (!target) return false;
  const due = dueDateOf(target);
  if (!due) return false;
  // A month or season target is "due" in a window when its period ends inside it.
  return due >= from && due <= to;
}

/** Overlaps [from, to]: used for "what's happening this quarter". */
export function targetOverlaps(action: Action, from: string, to: string): boolean {
  const target = approvedTarget(action);
  if (!target) return false;
  const start = startDateOf(target);
  const end = dueDateOf(target);
  return !!start && !!end && start <= to && end >= from;
}

/** No update recorded for more than `weeks` weeks (never updated counts from the plan's as-at date). */
export function isStale(action: Action, today: string, weeks: number, fallbackAsAt?: string): boolean {
  if (isClosed(action)) return false;
  const last = action.lastUpdatedAt?.slice(0, 10) ?? action.commentaryAsAt ?? action.status.asAt ?? fallbackAsAt;
  if (!last) return true;
  return last < addDays(today, -7 * weeks);
}

export function lastUpdateDate(action: Action): string | undefined {
  return action.lastUpdatedAt?.slice(0, 10) ?? action.commentaryAsAt ?? action.status.asAt;
}
