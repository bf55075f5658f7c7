/**
 * The date itself, with no qualifier or decoration ("3/7/20", "Q3 2020/21", "early 21", "June"): the
 * grammar rules tried from most to least specific, chrono as the last resort for day-level free text,
 * and the helpers that build a checked day or month.
 */
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { SimpleDateExpr } from '../model.js';
import { COUNCIL_ZONE } from '../uk-format.js';
import {
  FINANCIAL_YEAR,
  MONTH,
  MONTH_NUMBER_BY_PREFIX,
  QUARTER_NUMBER_BY_WORD,
  SEASON_MONTHS,
  WEEKDAY,
  WEEKDAY_NUMBER_BY_PREFIX,
  YEAR,
  type ApproximatePart,
  type Season,
} from './vocabulary.js';

/** The date itself, with no qualifier or decoration. Rules are tried from most to least specific. */
export function parseBareDate(text: string, reference: DateTime | undefined): SimpleDateExpr | null {
  const raw = text;
  let match: RegExpExecArray | null;

  if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text))) return dayExpr(raw, Number(match[1]), Number(match[2]), Number(match[3]));

  // Before YYYY-MM: "2019-20" is the 2019/20 financial year, not a month 20.
  if ((match = new RegExp(`^(?:(?:the )?(?:financial year|fy) ?)?${FINANCIAL_YEAR}(?: financial year)?$`, 'i').exec(text))) {
    const fyStartYear = financialYearStart(match[1], match[2]);
    if (fyStartYear !== null) return { kind: 'financial_year', raw, fyStartYear };
  }
  if ((match = /^(\d{4})-(\d{2})$/.exec(text))) return monthExpr(raw, Number(match[1]), Number(match[2]), 'stated');

  // Numeric dates are day-first in the UK: "3/7/20" is 3 July 2020.
  if ((match = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(text))) {
    return dayExpr(raw, fourDigitYear(match[4]), Number(match[3]), Number(match[1]));
  }

  if ((match = /^(?:q|quarter ?)(1|2|3|4|one|two|three|four),? (?:of )?(?:fy ?)?(\d{4}) ?[/-] ?(\d{4}|\d{2})$/i.exec(text))) {
    const fyStartYear = financialYearStart(match[2], match[3]);
    if (fyStartYear !== null) return { kind: 'quarter', raw, fyStartYear, quarter: QUARTER_NUMBER_BY_WORD[match[1].toLowerCase()] };
  }

  if ((match = new RegExp(`^(early|mid|middle of|late|beginning of|start of)[ -](?:of )?${YEAR}$`, 'i').exec(text))) {
    return { kind: 'approximate', raw, year: fourDigitYear(match[2]), part: approximatePart(match[1]), tentative: false };
  }

  if ((match = new RegExp(`^(spring|summer|autumn|winter)(?: (?:of )?${YEAR})?$`, 'i').exec(text))) {
    const season = match[1].toLowerCase() as Season;
    const year = match[2] ? fourDigitYear(match[2]) : reference && nearestYearForMonth(SEASON_MONTHS[season].firstMonth, reference);
    return year ? { kind: 'season', raw, year, season, tentative: false } : null;
  }

  if ((match = new RegExp(`^(?:${WEEKDAY} )?(\\d{1,2})(?:st|nd|rd|th)? (?:of )?${MONTH},? ${YEAR}$`, 'i').exec(text))) {
    return dayExpr(raw, fourDigitYear(match[4]), monthNumber(match[3]), Number(match[2]), match[1]);
  }
  if ((match = new RegExp(`^(?:${WEEKDAY} )?(\\d{1,2})(?:st|nd|rd|th)? (?:of )?${MONTH}$`, 'i').exec(text))) {
    if (!reference) return null;
    const month = monthNumber(match[3]);
    return dayExpr(raw, nearestYearForMonth(month, reference), month, Number(match[2]), match[1]);
  }

  if ((match = new RegExp(`^${MONTH}(?: of | ?[-'] ?| )${YEAR}$`, 'i').exec(text))) {
    return monthExpr(raw, fourDigitYear(match[2]), monthNumber(match[1]), 'stated');
  }
  if ((match = new RegExp(`^${MONTH}$`, 'i').exec(text))) {
    if (!reference) return null;
    const month = monthNumber(match[1]);
    return monthExpr(raw, nearestYearForMonth(month, reference), month, 'inferred');
  }

  if ((match = /^(?:calendar year )?(\d{4})$/i.exec(text))) {
    const year = Number(match[1]);
    return year >= 1900 && year <= 2199 ? { kind: 'year', raw, value: year, tentative: false } : null;
  }

  return parseDayWithChrono(text, reference);
}

/**
 * Fallback for day-level free text our rules do not cover ("17th of November 2020", "November 17, 2020").
 * Accepted only when chrono reads the whole text and is certain of day, month and year.
 */
const CHRONO_FIXED_REFERENCE = DateTime.fromISO('2000-01-01T00:00:00Z').toJSDate();

function parseDayWithChrono(text: string, reference: DateTime | undefined): SimpleDateExpr | null {
  // chrono counts "today" or "next Friday" as certain relative to whatever instant it is given. A day
  // without a stated year is therefore read only against the caller's reference date; otherwise the
  // instant is fixed and only texts that state their year are accepted.
  const yearStated = /\b\d{4}\b/.test(text);
  if (!yearStated && !reference) return null;
  const instant = yearStated ? CHRONO_FIXED_REFERENCE : reference!.set({ hour: 12 }).toJSDate();
  const results = chrono.en.GB.parse(text, instant, { forwardDate: true });
  if (results.length !== 1) return null;
  const [result] = results;
  const start = result.start;
  const wholeTextRead = result.index === 0 && result.text.length === text.length && !result.end;
  if (!wholeTextRead || !start.isCertain('day') || !start.isCertain('month') || !start.isCertain('year') || start.isCertain('hour')) return null;
  const date = DateTime.fromObject({ year: start.get('year')!, month: start.get('month')!, day: start.get('day')! }, { zone: COUNCIL_ZONE });
  if (!date.isValid) return null;
  // chrono does not check that "Wednesday 17 November 2020" is really a Wednesday (chrono: Sunday = 0).
  if (start.isCertain('weekday') && date.weekday % 7 !== start.get('weekday')) return null;
  return { kind: 'date', raw: text, value: date.toISODate()! };
}

export function dayExpr(raw: string, year: number, month: number, day: number, weekdayText?: string): SimpleDateExpr | null {
  const date = DateTime.fromObject({ year, month, day }, { zone: COUNCIL_ZONE });
  if (!date.isValid) return null; // "31 February 2020"
  if (weekdayText && WEEKDAY_NUMBER_BY_PREFIX[weekdayText.slice(0, 3).toLowerCase()] !== date.weekday) return null;
  return { kind: 'date', raw, value: date.toISODate()! };
}

function monthExpr(raw: string, year: number, month: number, yearBasis: 'stated' | 'inferred'): SimpleDateExpr | null {
  if (month < 1 || month > 12) return null;
  return { kind: 'month', raw, value: `${year}-${String(month).padStart(2, '0')}`, yearBasis, tentative: false };
}

function monthNumber(monthText: string): number {
  return MONTH_NUMBER_BY_PREFIX[monthText.slice(0, 3).toLowerCase()];
}

/** "21" -> 2021. Councils' two-digit years are this century; the pivot only guards old archives. */
export function fourDigitYear(yearText: string): number {
  const year = Number(yearText);
  if (yearText.length === 4) return year;
  return year >= 70 ? 1900 + year : 2000 + year;
}

/** "2021" + "22" -> 2021; the end year must follow the start year ("2020-24" plan periods are not financial years). */
function financialYearStart(startText: string, endText: string): number | null {
  const start = Number(startText);
  const end = Number(endText);
  const follows = endText.length === 4 ? end === start + 1 : end === (start + 1) % 100;
  return follows ? start : null;
}

function approximatePart(word: string): ApproximatePart {
  const lower = word.toLowerCase();
  if (lower === 'early' || lower === 'beginning of' || lower === 'start of') return 'early';
  if (lower === 'late') return 'late';
  return 'mid';
}

/**
 * The year for a month written without one ("by the end of June" in a June 2018 report).
 * Targets look forward, but updates often mention the month just gone ("by the end of June" in an
 * early-July report), so we read the month inside the twelve months starting two months before the
 * reference month.
 */
function nearestYearForMonth(month: number, reference: DateTime): number {
  const windowStart = reference.startOf('month').minus({ months: 2 });
  const candidate = DateTime.fromObject({ year: windowStart.year, month: ((month - 1) % 12) + 1, day: 1 }, { zone: COUNCIL_ZONE });
  return candidate < windowStart ? candidate.year + 1 : candidate.year;
}
