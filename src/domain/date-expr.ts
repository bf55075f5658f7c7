/**
 * Target dates as councils write them: "Ongoing", "TBC", "2021 (TBC)", "Early 21 (TBC)",
 * "Oct 20 (Launch) Jan 21 (allocation)", "by the end of June", "during 2021/22", "3/7/20", ...
 *
 * A date is an expression, not a date (docs/domain.md §2.7): we keep the text as written in `raw`,
 * parse it with a small set of readable rules, and answer "when is it due?" from the parsed form.
 * Anything the rules do not understand is `null`, never a guess.
 *
 * Pure: the reference (document) date is always passed in; nothing here reads the clock.
 */
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { DateExpr, type DateQualifier, type Milestone, type SimpleDateExpr } from './model.js';
import { COUNCIL_ZONE } from './uk-format.js';

type Qualifier = z.infer<typeof DateQualifier>;
type Season = Extract<SimpleDateExpr, { kind: 'season' }>['season'];
type ApproximatePart = Extract<SimpleDateExpr, { kind: 'approximate' }>['part'];

export interface DateExprParseContext {
  /** The document (or conversation) date, YYYY-MM-DD: supplies missing years and anchors relative phrases. */
  referenceDate?: string;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

const MONTH_NUMBER_BY_PREFIX: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
/** Full names and the abbreviations seen in plans ("Sep", "Sept", "Dec."). */
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\\.?,?';
/** Two or four digits only, so "2O20" (letter O) never reads as a year. */
const YEAR = '(\\d{4}|\\d{2})';
/** "2021/22", "2021-22", "2019/2020". */
const FINANCIAL_YEAR = '(\\d{4})\\s*[/-]\\s*(\\d{4}|\\d{2})';

const WEEKDAY_NUMBER_BY_PREFIX: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const QUARTER_NUMBER_BY_WORD: Record<string, number> = { '1': 1, '2': 2, '3': 3, '4': 4, one: 1, two: 2, three: 3, four: 4 };

/** The months each season covers; winter starts in December and runs into the next calendar year. */
const SEASON_MONTHS: Record<Season, { firstMonth: number; lastMonth: number }> = {
  spring: { firstMonth: 3, lastMonth: 5 },
  summer: { firstMonth: 6, lastMonth: 8 },
  autumn: { firstMonth: 9, lastMonth: 11 },
  winter: { firstMonth: 12, lastMonth: 14 }, // month 14 = February of the next year
};

/** "Early 21" has no month precision; these thirds of the year decide when it becomes late. */
const APPROXIMATE_MONTHS: Record<ApproximatePart, { firstMonth: number; lastMonth: number }> = {
  early: { firstMonth: 1, lastMonth: 4 },
  mid: { firstMonth: 5, lastMonth: 8 },
  late: { firstMonth: 9, lastMonth: 12 },
};

const TENTATIVE_MARKER = /^(?:tbc|tba|tbd|to be confirmed|to be agreed|to be determined|provisional|tentative)$/i;

/**
 * Phrases whose meaning depends on when they were written ("in the new year" in a December report).
 * They are kept relative, anchored to the document date, never turned into a date here.
 */
const RELATIVE_PHRASES: RegExp[] = [
  /^(?:in |during )?the new year$/i,
  /^(?:in |during |by |early |late |later |the end of |end of )?(?:this|next) (?:year|month|week|quarter|financial year)$/i,
  /^(?:later|earlier) (?:this|next) (?:year|month)$/i,
  /^(?:very |quite )?shortly$/i,
  /^(?:very )?soon$/i,
  /^in due course$/i,
  /^(?:in|over|during) the (?:coming|next) (?:few )?(?:days|weeks|months|year)$/i,
];

/** Qualifiers after which a missing-period reading keeps the same due date, so they can be dropped. */
const QUALIFIERS_THAT_END_AT_PERIOD_END: ReadonlySet<Qualifier> = new Set<Qualifier>(['by', 'end of', 'until', 'during', 'at the latest']);

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/**
 * Reads a target-date expression. Returns null when the text is not understood: the caller keeps the
 * raw text and shows it as written rather than acting on a guess.
 *
 * @throws RangeError when `context.referenceDate` is given but is not a real YYYY-MM-DD date
 *   (a programming error: documents and chats always have a known date).
 */
export function parseDateExpr(raw: string, context: DateExprParseContext = {}): DateExpr | null {
  const reference = readReferenceDate(context.referenceDate);
  const trimmed = raw.trim();
  const text = normaliseSpacing(trimmed);
  if (text === '') return null;

  const parsed = parseMilestoneCell(text, reference) ?? parseMilestoneList(text, reference) ?? parseSingleExpression(text, reference);
  if (!parsed) return null;
  return { ...parsed, raw: trimmed };
}

function readReferenceDate(referenceDate: string | undefined): DateTime | undefined {
  if (referenceDate === undefined) return undefined;
  const reference = /^\d{4}-\d{2}-\d{2}$/.test(referenceDate)
    ? DateTime.fromISO(referenceDate, { zone: COUNCIL_ZONE })
    : DateTime.invalid('not YYYY-MM-DD');
  if (!reference.isValid) throw new RangeError(`referenceDate must be a real YYYY-MM-DD date, got "${referenceDate}"`);
  return reference;
}

/** Collapses runs of spaces and reads typographic dashes/quotes as plain ones; case is kept for annotations. */
function normaliseSpacing(text: string): string {
  return text
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Oct 20 (Launch) Jan 21 (allocation)": one cell, two or more dated milestones, each labelled in brackets. */
function parseMilestoneCell(text: string, reference: DateTime | undefined): DateExpr | null {
  const segmentPattern = /\s*([^()]+?)\s*\(([^()]*)\)/y;
  const segments: { dateText: string; bracketText: string }[] = [];
  let position = 0;
  while (position < text.length) {
    segmentPattern.lastIndex = position;
    const match = segmentPattern.exec(text);
    if (!match) return null;
    segments.push({ dateText: match[1], bracketText: match[2].trim() });
    position = segmentPattern.lastIndex;
  }
  if (segments.length < 2) return null;

  const milestones: Milestone[] = [];
  for (const { dateText, bracketText } of segments) {
    const isTentativeMarker = TENTATIVE_MARKER.test(bracketText);
    let at = parseUndatedWord(dateText) ?? parseSimpleExpression(dateText, reference);
    if (at && isTentativeMarker) at = markTentative(at);
    if (!at) return null;
    milestones.push({ label: isTentativeMarker ? '' : bracketText, at });
  }
  return { kind: 'milestones', raw: text, milestones };
}

/** "Launch October 2020; allocation January 2021" (how formatDateExpr writes milestones). */
function parseMilestoneList(text: string, reference: DateTime | undefined): DateExpr | null {
  const parts = text.split(/\s*;\s*/);
  if (parts.length < 2) return null;
  const milestones: Milestone[] = [];
  for (const part of parts) {
    const milestone = parseLabelledMilestone(part, reference);
    if (!milestone) return null;
    milestones.push(milestone);
  }
  return { kind: 'milestones', raw: text, milestones };
}

function parseLabelledMilestone(part: string, reference: DateTime | undefined): Milestone | null {
  const unlabelled = parseSingleExpression(part, reference);
  if (unlabelled) return { label: '', at: unlabelled };
  // Shortest label first, so "Report by March 2021" keeps "by" with the date.
  for (const space of part.matchAll(/ /g)) {
    const label = part.slice(0, space.index).replace(/:$/, '').trim();
    const at = parseSingleExpression(part.slice(space.index + 1), reference);
    if (at && label !== '') return { label, at };
  }
  return null;
}

/**
 * One expression, with its decorations peeled off the end: "(TBC)" makes it tentative, another
 * bracket is an annotation ("July 21 (end of year 5)"), ", possibly January" is a soft preference.
 */
function parseSingleExpression(text: string, reference: DateTime | undefined): SimpleDateExpr | null {
  let core = text;
  let tentative = false;
  const annotations: string[] = [];

  for (let bracket = /^(.*?)\s*\(([^()]*)\)$/.exec(core); bracket; bracket = /^(.*?)\s*\(([^()]*)\)$/.exec(core)) {
    const inside = bracket[2].trim();
    if (TENTATIVE_MARKER.test(inside)) tentative = true;
    else if (inside !== '') annotations.unshift(inside);
    core = bracket[1];
  }
  const trailingTbc = /^(.+?),? (?:tbc|to be confirmed)$/i.exec(core);
  if (trailingTbc) {
    tentative = true;
    core = trailingTbc[1];
  }
  const preference = /^(.+?), ((?:possibly|probably|ideally|preferably) .+)$/i.exec(core);
  if (preference) {
    annotations.push(preference[2]);
    core = preference[1];
  }

  if (core === '' && tentative && annotations.length === 0) return { kind: 'tbc', raw: text }; // "(TBC)" on its own
  const undated = parseUndatedWord(core);
  if (undated) return annotations.length || (tentative && undated.kind === 'ongoing') ? null : { ...undated, raw: text };

  let expr = parseSimpleExpression(core, reference);
  if (expr && tentative) expr = markTentative(expr);
  if (expr && annotations.length > 1) return null; // two notes on one date: too unusual to read safely
  if (expr && annotations.length === 1) expr = annotate(expr, annotations[0]);
  return expr ? { ...expr, raw: text } : null;
}

/** "Ongoing" and "TBC": targets with no date at all. */
function parseUndatedWord(text: string): SimpleDateExpr | null {
  if (/^(?:on-?going|on going)$/i.test(text)) return { kind: 'ongoing', raw: text };
  if (TENTATIVE_MARKER.test(text)) return { kind: 'tbc', raw: text };
  return null;
}

/** A date with an optional leading/trailing qualifier: "by the end of June", "by August 2018 at the latest". */
function parseSimpleExpression(text: string, reference: DateTime | undefined): SimpleDateExpr | null {
  const raw = text.trim();
  const relative = parseRelativePhrase(raw, reference);
  if (relative) return relative;

  let core = raw;
  let qualifier: Qualifier | undefined;
  const atTheLatest = /^(.+?),? at the (?:very )?latest$/i.exec(core);
  if (atTheLatest) {
    qualifier = 'at the latest';
    core = atTheLatest[1].replace(/^by /i, '');
  } else {
    const leading: [RegExp, Qualifier | undefined][] = [
      [/^(?:by )?(?:the )?end of (?:the )?/i, 'end of'],
      [/^(?:by|no later than|not later than) /i, 'by'],
      [/^before /i, 'before'],
      [/^(?:until|till|up to) /i, 'until'],
      [/^(?:from|starting|starting in|with effect from) /i, 'from'],
      [/^during /i, 'during'],
      [/^(?:in|over|around) (?:the )?/i, undefined],
      [/^the /i, undefined],
    ];
    for (const [pattern, meaning] of leading) {
      if (pattern.test(core)) {
        qualifier = meaning;
        core = core.replace(pattern, '');
        break;
      }
    }
  }

  if (qualifier && parseRelativePhrase(core, reference)) return null; // "before next year": no such shape
  const bare = parseBareDate(core, reference);
  if (!bare) return null;
  const qualified = qualifier ? qualify(bare, qualifier) : bare;
  return qualified ? { ...qualified, raw } : null;
}

function parseRelativePhrase(text: string, reference: DateTime | undefined): SimpleDateExpr | null {
  if (!RELATIVE_PHRASES.some((pattern) => pattern.test(text))) return null;
  return reference ? { kind: 'relative', raw: text, anchor: reference.toISODate()! } : { kind: 'relative', raw: text };
}

/** The date itself, with no qualifier or decoration. Rules are tried from most to least specific. */
function parseBareDate(text: string, reference: DateTime | undefined): SimpleDateExpr | null {
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

function dayExpr(raw: string, year: number, month: number, day: number, weekdayText?: string): SimpleDateExpr | null {
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
function fourDigitYear(yearText: string): number {
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

/**
 * Attaches a qualifier. Kinds without a qualifier field keep their meaning when the qualifier only says
 * "by the end of this period" ("during 2021/22", "by 2025"); "before"/"from" would change the due date,
 * and the schema cannot record them, so those return null rather than a wrong date.
 */
function qualify(expr: SimpleDateExpr, qualifier: Qualifier): SimpleDateExpr | null {
  if (expr.kind === 'date' || expr.kind === 'month') return { ...expr, qualifier };
  if (expr.kind === 'relative' || expr.kind === 'ongoing' || expr.kind === 'tbc') return null;
  return QUALIFIERS_THAT_END_AT_PERIOD_END.has(qualifier) ? expr : null;
}

function markTentative(expr: SimpleDateExpr): SimpleDateExpr | null {
  switch (expr.kind) {
    case 'month':
    case 'season':
    case 'approximate':
    case 'year':
      return { ...expr, tentative: true };
    case 'tbc':
      return expr;
    default:
      return null; // the schema has no tentative flag for this kind; better unread than silently firm
  }
}

function annotate(expr: SimpleDateExpr, annotation: string): SimpleDateExpr | null {
  if (expr.kind === 'date' || expr.kind === 'month' || expr.kind === 'approximate') return { ...expr, annotation };
  return null; // no annotation field for this kind: dropping the note would lose meaning
}

// ---------------------------------------------------------------------------------------------
// Periods: first day and due day
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Describing
// ---------------------------------------------------------------------------------------------

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

/**
 * Same target, however it was written: "Sept 2020" equals "September 2020". Ignores `raw` and
 * `yearBasis` (how we learned the year, not what the target is); qualifiers, annotations and
 * tentativeness still count.
 */
export function dateExprEquals(a: DateExpr, b: DateExpr): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(expr: DateExpr): string {
  const parsed = DateExpr.safeParse(expr); // fills defaults, so a missing `tentative` equals false
  return JSON.stringify(withoutProvenance(parsed.success ? parsed.data : expr));
}

function withoutProvenance(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProvenance);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([key, field]) => key !== 'raw' && key !== 'yearBasis' && field !== undefined)
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([key, field]) => [key, withoutProvenance(field)]);
  return Object.fromEntries(entries);
}

// ---------------------------------------------------------------------------------------------
// Finding dates inside text
// ---------------------------------------------------------------------------------------------

/** Words that introduce a deadline in a title; "for 2019/20" or "programme 2017/18" is scope, not a target. */
const DEADLINE_WORDS: ReadonlySet<string> = new Set(['by', 'before', 'until', 'till', 'end', 'no', 'not']);
const LONGEST_DATE_IN_WORDS = 8;
const DATED_KINDS: ReadonlySet<DateExpr['kind']> = new Set(['date', 'month', 'season', 'approximate', 'quarter', 'financial_year', 'year']);

/**
 * The deadline written into an action title ("... sign-off by each strategic director by March 2018"
 * -> month 2018-03, qualifier "by"). Only deadline phrases count, and the last one wins because
 * titles put the target at the end. The title itself is never changed.
 */
export function findTargetInTitle(title: string): DateExpr | null {
  const words = [...title.matchAll(/\S+/g)];
  let found: DateExpr | null = null;
  for (let first = 0; first < words.length; first++) {
    if (!DEADLINE_WORDS.has(words[first][0].toLowerCase())) continue;
    const longest = Math.min(words.length, first + LONGEST_DATE_IN_WORDS);
    for (let end = longest; end > first + 1; end--) {
      const lastWord = words[end - 1];
      const phrase = title.slice(words[first].index, lastWord.index + lastWord[0].length).replace(/[.,;:!?]+$/, '');
      const expr = parseDateExpr(phrase);
      if (expr && DATED_KINDS.has(expr.kind)) {
        found = expr;
        first = end - 1; // "by the end of March 2019" must not be re-read as its tail "end of March 2019"
        break;
      }
    }
  }
  return found;
}

/**
 * d/m/yy and d/m/yyyy dates inside prose, read UK day-first ("3/7/20" is 3 July 2020). Fractions
 * such as "1/2" have no year and are ignored, as are impossible dates ("31/02/20").
 */
export function findUkDatesInText(text: string): { raw: string; date: string }[] {
  const found: { raw: string; date: string }[] = [];
  for (const match of text.matchAll(/(?<![\w/.-])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\w/]|\.\d)/g)) {
    const expr = dayExpr(match[0], fourDigitYear(match[3]), Number(match[2]), Number(match[1]));
    if (expr?.kind === 'date') found.push({ raw: match[0], date: expr.value });
  }
  return found;
}
