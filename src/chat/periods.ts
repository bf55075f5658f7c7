/**
 * Periods named in questions: "this month", "next quarter" (UK financial quarters), "in the next
 * 6 weeks", "before the next committee", "by March 2021". All relative to the injected clock.
 */
import { DateTime } from 'luxon';
import { dueDateOf, parseDateExpr } from '../domain/date-expr/index.js';
import { financialQuarterOf } from '../domain/quarters.js';
import { COUNCIL_ZONE, addDays, formatUkDate, londonDate } from '../domain/uk-format.js';
import type { ChatContext } from './types.js';

export interface Period {
  from: string;
  to: string;
  label: string;
  note?: string;
}

export function periodFromText(text: string, ctx: ChatContext): Period | undefined {
  const today = londonDate(ctx.now);
  const day = DateTime.fromISO(today, { zone: COUNCIL_ZONE });
  const t = text.toLowerCase();
  const weeks = /\b(?:in |within )?(?:the )?next (\d{1,2}) weeks?\b/.exec(t);
  if (weeks) return { from: today, to: addDays(today, 7 * Number(weeks[1])), label: `in the next ${weeks[1]} weeks` };
  if (/\bthis week\b/.test(t)) return { from: today, to: day.endOf('week').toISODate()!, label: 'this week' };
  if (/\bnext week\b/.test(t)) {
    const next = day.plus({ weeks: 1 });
    return { from: next.startOf('week').toISODate()!, to: next.endOf('week').toISODate()!, label: 'next week' };
  }
  if (/\bthis month\b/.test(t)) return { from: day.startOf('month').toISODate()!, to: day.endOf('month').toISODate()!, label: `this month (${day.toFormat('LLLL yyyy')})` };
  if (/\bnext month\b/.test(t)) {
    const next = day.plus({ months: 1 });
    return { from: next.startOf('month').toISODate()!, to: next.endOf('month').toISODate()!, label: `next month (${next.toFormat('LLLL yyyy')})` };
  }
  if (/\b(this|next) quarter\b/.test(t)) {
    const base = /\bnext quarter\b/.test(t) ? day.plus({ months: 3 }).toISODate()! : today;
    const q = financialQuarterOf(base);
    return { from: q.start, to: q.end, label: `${/next/.test(t) ? 'next' : 'this'} quarter (${q.label.replace('-', ' ')})` };
  }
  if (/\bthis (financial )?year\b/.test(t)) {
    if (/financial/.test(t)) {
      const startYear = day.month >= 4 ? day.year : day.year - 1;
      return { from: `${startYear}-04-01`, to: `${startYear + 1}-03-31`, label: `this financial year (${startYear}/${String(startYear + 1).slice(2)})` };
    }
    return { from: today, to: `${day.year}-12-31`, label: `this year (${day.year})` };
  }
  if (/\b(before|by) the next (committee|meeting)\b/.test(t)) {
    const next = ctx.snapshot.meetings
      .filter((m) => !m.cancelled && m.date >= today && (m.hasBusiness || !m.reservedForCallIn))
      .sort((a, b) => a.date.localeCompare(b.date))[0];
    if (!next) return undefined;
    const committee = ctx.snapshot.committee(next.committeeId)?.name ?? 'committee';
    return { from: today, to: next.date, label: `before the next committee (${committee}, ${formatUkDate(next.date)})` };
  }
  const by = /\b(?:by|before) (.+)$/.exec(text);
  if (by) {
    const expr = parseDateExpr(by[1]!, { referenceDate: today });
    const end = expr ? dueDateOf(expr) : null;
    if (end) return { from: today, to: end, label: `by ${formatUkDate(end)}` };
  }
  return undefined;
}
