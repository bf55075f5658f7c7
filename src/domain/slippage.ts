/**
 * Due-date and slippage rules. Slippage is measured against the approved baseline: the latest
 * endorsed revision, else the original target. A proposed revision never moves the baseline,
 * and the original target is never lost.
 */
import { dueDateOf, startDateOf } from './date-expr/index.js';
import type { Action, CanonicalStatus, DateExpr, Revision } from './model.js';
import { addDays, daysBetween } from './uk-format.js';

/**
 * dueDateOf works in Europe/London with luxon, which costs a few hundred microseconds a call on
 * these machines; a weekly digest over 10,000 actions asks it tens of thousands of times. The answer
 * depends only on the expression's content, so it is cached by that (bounded, pure).
 */
const dueDateCache = new Map<string, string | null>();
const DUE_DATE_CACHE_LIMIT = 20_000;
/** Store records are immutable, so the same expression object always has the same answer. */
const dueDateByObject = new WeakMap<DateExpr, string | null>();

function cachedDueDate(expr: DateExpr): string | null {
  const known = dueDateByObject.get(expr);
  if (known !== undefined) return known;
  const key = JSON.stringify(expr);
  let due = dueDateCache.get(key);
  if (due === undefined) {
    due = dueDateOf(expr);
    if (dueDateCache.size >= DUE_DATE_CACHE_LIMIT) dueDateCache.clear();
    dueDateCache.set(key, due);
  }
  dueDateByObject.set(expr, due);
  return due;
}

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
  return target ? (cachedDueDate(target) ?? undefined) : undefined;
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
  return !target || target.kind === 'ongoing' || target.kind === 'tbc' || cachedDueDate(target) === null;
}

/** Due (by its approved target) within [from, to], inclusive, and not completed. */
export function isDueBetween(action: Action, from: string, to: string): boolean {
  if (isClosed(action)) return false;
  const target = approvedTarget(action);
  if (!target) return false;
  const due = cachedDueDate(target);
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
  return last < staleCutoff(today, weeks);
}

/** The day before which an update is stale; one luxon call per (today, weeks), not per action. */
let lastCutoff: { today: string; weeks: number; cutoff: string } | undefined;
function staleCutoff(today: string, weeks: number): string {
  if (lastCutoff?.today !== today || lastCutoff.weeks !== weeks) lastCutoff = { today, weeks, cutoff: addDays(today, -7 * weeks) };
  return lastCutoff.cutoff;
}

export function lastUpdateDate(action: Action): string | undefined {
  return action.lastUpdatedAt?.slice(0, 10) ?? action.commentaryAsAt ?? action.status.asAt;
}
