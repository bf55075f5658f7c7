/**
 * Describing a parsed target in plain UK English for cards and replies: the target itself, how
 * precise it is, and whether the source marked it as not yet fixed.
 */
import { DateTime } from 'luxon';
import type { DateExpr, SimpleDateExpr } from '../model.js';
import { COUNCIL_ZONE } from '../uk-format.js';
import type { Qualifier } from './vocabulary.js';

function ukLongDate(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: COUNCIL_ZONE }).setLocale('en-GB').toFormat('d LLLL yyyy');
}

function ukMonth(isoMonth: string): string {
  return DateTime.fromISO(`${isoMonth}-01`, { zone: COUNCIL_ZONE }).setLocale('en-GB').toFormat('LLLL yyyy');
}

/** 2020 -> "2020/21". */
function financialYearLabel(fyStartYear: number): string {
  return `${fyStartYear}/${String((fyStartYear + 1) % 100).padStart(2, '0')}`;
}

function withQualifierText(text: string, qualifier: Qualifier | undefined): string {
  switch (qualifier) {
    case undefined:
      return text;
    case 'at the latest':
      return `by ${text} at the latest`;
    default:
      return `${qualifier} ${text}`;
  }
}

function formatSimple(expr: SimpleDateExpr): string {
  const notes: string[] = [];
  let text: string;
  switch (expr.kind) {
    case 'date':
      text = withQualifierText(ukLongDate(expr.value), expr.qualifier);
      if (expr.annotation) notes.push(expr.annotation);
      break;
    case 'month':
      text = withQualifierText(ukMonth(expr.value), expr.qualifier);
      if (expr.annotation) notes.push(expr.annotation);
      // Say when the year was not written, so a reader can check it against the source.
      if (expr.yearBasis === 'inferred') notes.push('year inferred');
      if (expr.tentative) notes.push('to be confirmed');
      break;
    case 'season':
      text = `${expr.season} ${expr.year}`;
      if (expr.tentative) notes.push('to be confirmed');
      break;
    case 'approximate':
      text = `${expr.part} ${expr.year}`;
      if (expr.annotation) notes.push(expr.annotation);
      if (expr.tentative) notes.push('to be confirmed');
      break;
    case 'quarter':
      text = `Q${expr.quarter} ${financialYearLabel(expr.fyStartYear)}`;
      break;
    case 'financial_year':
      text = `${financialYearLabel(expr.fyStartYear)} financial year`;
      break;
    case 'year':
      text = String(expr.value);
      if (expr.tentative) notes.push('to be confirmed');
      break;
    case 'relative':
      text = expr.raw;
      if (expr.anchor) notes.push(`as of ${ukLongDate(expr.anchor)}`);
      break;
    case 'ongoing':
      text = 'Ongoing';
      break;
    case 'tbc':
      text = 'To be confirmed';
      break;
  }
  return notes.length ? `${text} (${notes.join('; ')})` : text;
}

/** Plain UK English for cards and replies: "by September 2018", "early 2021 (to be confirmed)", "Q3 2020/21". */
export function formatDateExpr(expr: DateExpr): string {
  if (expr.kind === 'milestones') {
    return expr.milestones.map((milestone) => [milestone.label, formatSimple(milestone.at)].filter(Boolean).join(' ')).join('; ');
  }
  return formatSimple(expr);
}

/** How precise the target is, so answers can say "month precision" or "no date (ongoing)". */
export function describePrecision(expr: DateExpr): string {
  switch (expr.kind) {
    case 'date':
      return 'day precision';
    case 'month':
      return 'month precision';
    case 'year':
      return 'year precision';
    case 'season':
      return 'season';
    case 'approximate':
      return 'approximate';
    case 'quarter':
      return 'quarter';
    case 'financial_year':
      return 'financial year';
    case 'milestones':
      return expr.milestones.length > 1 ? 'several milestones' : 'one milestone';
    case 'ongoing':
      return 'no date (ongoing)';
    case 'tbc':
      return 'no date (to be confirmed)';
    case 'relative':
      return `relative to ${expr.anchor ? ukLongDate(expr.anchor) : 'an unstated date'}`;
  }
}

/** True when the source marked the date as not yet fixed ("2021 (TBC)", "TBC", a TBC milestone). */
export function isTentative(expr: DateExpr): boolean {
  switch (expr.kind) {
    case 'tbc':
      return true;
    case 'milestones':
      return expr.milestones.some((milestone) => isTentative(milestone.at));
    case 'month':
    case 'season':
    case 'approximate':
    case 'year':
      return expr.tentative === true;
    default:
      return false;
  }
}
