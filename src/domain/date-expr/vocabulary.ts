/**
 * The words and shapes target dates are written with: month and weekday names, years, seasons, thirds
 * of the year, TBC markers, relative phrases and qualifiers. Shared by the grammar rules
 * (date-expr-parse.ts, date-expr-bare-date.ts) and the period arithmetic (date-expr-periods.ts).
 */
import type { z } from 'zod';
import type { DateQualifier, SimpleDateExpr } from '../model.js';

export type Qualifier = z.infer<typeof DateQualifier>;
export type Season = Extract<SimpleDateExpr, { kind: 'season' }>['season'];
export type ApproximatePart = Extract<SimpleDateExpr, { kind: 'approximate' }>['part'];

export const MONTH_NUMBER_BY_PREFIX: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
/** Full names and the abbreviations seen in plans ("Sep", "Sept", "Dec."). */
export const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
export const WEEKDAY = '(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\\.?,?';
/** Two or four digits only, so "2O20" (letter O) never reads as a year. */
export const YEAR = '(\\d{4}|\\d{2})';
/** "2021/22", "2021-22", "2019/2020". */
export const FINANCIAL_YEAR = '(\\d{4})\\s*[/-]\\s*(\\d{4}|\\d{2})';

export const WEEKDAY_NUMBER_BY_PREFIX: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
export const QUARTER_NUMBER_BY_WORD: Record<string, number> = { '1': 1, '2': 2, '3': 3, '4': 4, one: 1, two: 2, three: 3, four: 4 };

/** The months each season covers; winter starts in December and runs into the next calendar year. */
export const SEASON_MONTHS: Record<Season, { firstMonth: number; lastMonth: number }> = {
  spring: { firstMonth: 3, lastMonth: 5 },
  summer: { firstMonth: 6, lastMonth: 8 },
  autumn: { firstMonth: 9, lastMonth: 11 },
  winter: { firstMonth: 12, lastMonth: 14 }, // month 14 = February of the next year
};

/** "Early 21" has no month precision; these thirds of the year decide when it becomes late. */
export const APPROXIMATE_MONTHS: Record<ApproximatePart, { firstMonth: number; lastMonth: number }> = {
  early: { firstMonth: 1, lastMonth: 4 },
  mid: { firstMonth: 5, lastMonth: 8 },
  late: { firstMonth: 9, lastMonth: 12 },
};

export const TENTATIVE_MARKER = /^(?:tbc|tba|tbd|to be confirmed|to be agreed|to be determined|provisional|tentative)$/i;

/**
 * Phrases whose meaning depends on when they were written ("in the new year" in a December report).
 * They are kept relative, anchored to the document date, never turned into a date here.
 */
export const RELATIVE_PHRASES: RegExp[] = [
  /^(?:in |during )?the new year$/i,
  /^(?:in |during |by |early |late |later |the end of |end of )?(?:this|next) (?:year|month|week|quarter|financial year)$/i,
  /^(?:later|earlier) (?:this|next) (?:year|month)$/i,
  /^(?:very |quite )?shortly$/i,
  /^(?:very )?soon$/i,
  /^in due course$/i,
  /^(?:in|over|during) the (?:coming|next) (?:few )?(?:days|weeks|months|year)$/i,
];

/** Qualifiers after which a missing-period reading keeps the same due date, so they can be dropped. */
export const QUALIFIERS_THAT_END_AT_PERIOD_END: ReadonlySet<Qualifier> = new Set<Qualifier>(['by', 'end of', 'until', 'during', 'at the latest']);
