/**
 * Periods: the first day and the due day of a parsed target, for "is it overdue?" and
 * "is it due this month/quarter?" questions.
 */
import { DateTime } from 'luxon';
import type { DateExpr, SimpleDateExpr } from '../model.js';
import { COUNCIL_ZONE } from '../uk-format.js';
import { APPROXIMATE_MONTHS, SEASON_MONTHS } from './vocabulary.js';

interface Period {
  first: DateTime;
  last: DateTime;
}

function monthPeriod(year: number, firstMonth: number, lastMonth = firstMonth): Period {
  const first = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: COUNCIL_ZONE }).plus({ months: firstMonth - 1 });
  const last = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: COUNCIL_ZONE }).plus({ months: lastMonth - 1 }).endOf('month');
  return { first, last };
}

/** The stated period, before any qualifier is applied; null for expressions with no period. */
function periodOf(expr: SimpleDateExpr): Period | null {
  switch (expr.kind) {
    case 'date': {
      const day = DateTime.fromISO(expr.value, { zone: COUNCIL_ZONE });
      return { first: day, last: day };
    }
    case 'month': {
      const [year, month] = expr.value.split('-').map(Number);
      return monthPeriod(year, month);
    }
    case 'year':
      return monthPeriod(expr.value, 1, 12);
    case 'season':
      return monthPeriod(expr.year, SEASON_MONTHS[expr.season].firstMonth, SEASON_MONTHS[expr.season].lastMonth);
    case 'approximate':
      return monthPeriod(expr.year, APPROXIMATE_MONTHS[expr.part].firstMonth, APPROXIMATE_MONTHS[expr.part].lastMonth);
    case 'quarter': {
      // UK financial year: Q1 is April-June, so quarter n starts in month 3n+1 (Q4 = January of the next year).
      const firstMonth = 3 * expr.quarter + 1;
      return monthPeriod(expr.fyStartYear, firstMonth, firstMonth + 2);
    }
    case 'financial_year':
      return monthPeriod(expr.fyStartYear, 4, 15);
    default:
      return null;
  }
}

/** "before September 2021" is the period just before the stated one; other qualifiers keep the period. */
function qualifiedPeriodOf(expr: SimpleDateExpr): Period | null {
  const period = periodOf(expr);
  if (!period) return null;
  const qualifier = expr.kind === 'date' || expr.kind === 'month' ? expr.qualifier : undefined;
  if (qualifier !== 'before') return period;
  if (expr.kind === 'date') {
    const dayBefore = period.first.minus({ days: 1 });
    return { first: dayBefore, last: dayBefore };
  }
  const monthBefore = period.first.minus({ months: 1 });
  return { first: monthBefore, last: monthBefore.endOf('month') };
}

function isoDay(date: DateTime): string {
  return date.toISODate()!;
}

/**
 * The last day on which the target is still on time (YYYY-MM-DD), or null when it can never be
 * overdue: ongoing, TBC, relative phrases, "from ..." starts, and milestones with an undated step.
 */
export function dueDateOf(expr: DateExpr): string | null {
  if (expr.kind === 'milestones') {
    // The target is met when its last milestone is; an undated milestone means no due date yet.
    const dueDates = expr.milestones.map((milestone) => dueDateOf(milestone.at));
    if (dueDates.some((due) => due === null)) return null;
    return (dueDates as string[]).reduce((latest, due) => (due > latest ? due : latest));
  }
  if ((expr.kind === 'date' || expr.kind === 'month') && expr.qualifier === 'from') return null; // a start, not a deadline
  const period = qualifiedPeriodOf(expr);
  return period ? isoDay(period.last) : null;
}

/** The first day of the target's period (for "due this month/quarter" overlap questions), or null. */
export function startDateOf(expr: DateExpr): string | null {
  if (expr.kind === 'milestones') {
    const starts = expr.milestones.map((milestone) => startDateOf(milestone.at)).filter((start): start is string => start !== null);
    return starts.length ? starts.reduce((earliest, start) => (start < earliest ? start : earliest)) : null;
  }
  const period = qualifiedPeriodOf(expr);
  return period ? isoDay(period.first) : null;
}
