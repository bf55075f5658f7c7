/**
 * UK financial-year quarters (the year runs April to March): Q1 April-June, Q2 July-September,
 * Q3 October-December, Q4 January-March. "Quarter 2, 2020/21" covers July to September 2020 (domain.md §2.17).
 *
 * The canonical label is "2020/21-Q2". Pure: "now" is passed in when a bare "Q2" must be placed in
 * the current financial year (Europe/London).
 */
import { isValidIsoDate } from './calendar.js';
import { londonDate } from './uk-format.js';

export type QuarterNumber = 1 | 2 | 3 | 4;

export interface FinancialQuarter {
  /** Calendar year in which the financial year starts: 2020 for 2020/21. */
  fyStartYear: number;
  quarter: QuarterNumber;
  /** "2020/21-Q2" */
  label: string;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD. */
  end: string;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "2020/21" */
export function financialYearLabel(fyStartYear: number): string {
  return `${fyStartYear}/${pad2((fyStartYear + 1) % 100)}`;
}

function lastDayOfMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The quarter's first month as [calendar year, month 1-12]. */
function firstMonth(fyStartYear: number, quarter: QuarterNumber): [number, number] {
  return quarter === 4 ? [fyStartYear + 1, 1] : [fyStartYear, 1 + quarter * 3];
}

function assertFyYear(fyStartYear: number): void {
  if (!Number.isInteger(fyStartYear) || fyStartYear < 1000 || fyStartYear > 9998) {
    throw new RangeError(`Financial year start must be a four-digit year, got ${fyStartYear}`);
  }
}

/** Builds the quarter from its financial year and number. */
export function financialQuarter(fyStartYear: number, quarter: number): FinancialQuarter {
  assertFyYear(fyStartYear);
  if (![1, 2, 3, 4].includes(quarter)) throw new RangeError(`Quarter must be 1 to 4, got ${quarter}`);
  const q = quarter as QuarterNumber;
  const [year, month] = firstMonth(fyStartYear, q);
  const endMonth = month + 2;
  return {
    fyStartYear,
    quarter: q,
    label: `${financialYearLabel(fyStartYear)}-Q${q}`,
    start: `${year}-${pad2(month)}-01`,
    end: `${year}-${pad2(endMonth)}-${pad2(lastDayOfMonth(year, endMonth))}`,
  };
}

/** The financial quarter containing a YYYY-MM-DD date. */
export function financialQuarterOf(date: string): FinancialQuarter {
  if (!isValidIsoDate(date)) throw new RangeError(`Expected a YYYY-MM-DD date, got "${date}"`);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (month <= 3) return financialQuarter(year - 1, 4);
  return financialQuarter(year, Math.floor((month - 4) / 3) + 1);
}

const QUARTER_WORDS: Record<string, number> = {
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
};
const Q_NUM = '(1st|2nd|3rd|4th|[1-4]|one|two|three|four|first|second|third|fourth)';
/** "Q2", "Q 2", "quarter 2", "qtr 2", "quarter two"; or "2nd quarter", "second quarter". */
const Q_PART = `(?:q(?:uarter|tr)?\\.?\\s*${Q_NUM}|${Q_NUM}\\s+(?:q(?:uarter|tr)?))`;
/** "2020/21", "2020-21", "2020/2021", "2020-2021", "20/21", optional "FY"; the years must be consecutive. */
const FY_PART = '(?:fy\\s*)?(\\d{2}|\\d{4})\\s*[/\\-–]\\s*(\\d{2}|\\d{4})';

const PATTERNS: { re: RegExp; q: number[]; fy: [number, number] | null }[] = [
  // "2020/21-Q2", "2020/21 Q2", "2020/21 quarter 2"
  { re: new RegExp(`^${FY_PART}\\s*[-,:]?\\s*${Q_PART}$`, 'i'), fy: [1, 2], q: [3, 4] },
  // "Q2 2020/21", "quarter 2 2020/21", "Q2 of 2020-21", "Q2, FY2020/21"
  { re: new RegExp(`^${Q_PART}\\s*(?:,|of|in)?\\s*${FY_PART}$`, 'i'), q: [1, 2], fy: [3, 4] },
  // "Q2" alone: the current financial year
  { re: new RegExp(`^${Q_PART}$`, 'i'), q: [1, 2], fy: null },
];

function fyStartFrom(first: string, second: string): number | undefined {
  const start = first.length === 2 ? 2000 + Number(first) : Number(first);
  const endTwo = Number(second.slice(-2));
  if (second.length === 4 && Number(second) !== start + 1) return undefined;
  if (second.length === 2 && endTwo !== (start + 1) % 100) return undefined;
  return start;
}

/**
 * Reads a quarter written the way councils write it: "2020/21-Q2", "Q2 2020/21", "quarter 2 2020/21",
 * "Quarter 2, 2020/21", "Q2 2020-21", "Q2 2020/2021", "second quarter 2020/21". A bare "Q2" means the
 * current financial year at `now` (Europe/London), and is undefined without `now`. Returns undefined for
 * anything else, including ranges that are not one year ("2020-24") and typos ("202/2021").
 */
export function parseQuarter(text: string, now?: Date): FinancialQuarter | undefined {
  const cleaned = text.trim().replace(/\s+/g, ' ').replace(/[.]$/, '');
  for (const { re, q, fy } of PATTERNS) {
    const m = re.exec(cleaned);
    if (!m) continue;
    const qWord = (m[q[0]!] ?? m[q[1]!] ?? '').toLowerCase();
    const quarter = QUARTER_WORDS[qWord];
    if (!quarter) return undefined;
    if (fy === null) {
      if (!now) return undefined;
      return financialQuarter(financialQuarterOf(londonDate(now)).fyStartYear, quarter);
    }
    const start = fyStartFrom(m[fy[0]]!, m[fy[1]]!);
    if (start === undefined) return undefined;
    return financialQuarter(start, quarter);
  }
  return undefined;
}

const LABEL = /^(\d{4})\/(\d{2})-Q([1-4])$/;

/** Parses a canonical label ("2020/21-Q2"); throws RangeError on anything else. */
export function quarterFromLabel(label: string): FinancialQuarter {
  const m = LABEL.exec(label.trim());
  const start = m ? fyStartFrom(m[1]!, m[2]!) : undefined;
  if (!m || start === undefined) throw new RangeError(`Expected a quarter label like "2020/21-Q2", got "${label}"`);
  return financialQuarter(start, Number(m[3]));
}

/** First and last day of a quarter: "2020/21-Q2" -> 2020-07-01 .. 2020-09-30. */
export function quarterRange(label: string): { start: string; end: string } {
  const q = quarterFromLabel(label);
  return { start: q.start, end: q.end };
}

/** "2020/21-Q1" -> "2019/20-Q4". */
export function previousQuarter(label: string): string {
  const q = quarterFromLabel(label);
  return q.quarter === 1 ? financialQuarter(q.fyStartYear - 1, 4).label : financialQuarter(q.fyStartYear, q.quarter - 1).label;
}

/** "2020/21-Q4" -> "2021/22-Q1". */
export function nextQuarter(label: string): string {
  const q = quarterFromLabel(label);
  return q.quarter === 4 ? financialQuarter(q.fyStartYear + 1, 1).label : financialQuarter(q.fyStartYear, q.quarter + 1).label;
}

/** "2020/21-Q2" -> "Q2 2020/21 (July to September 2020)"; Q4 -> "(January to March 2021)". */
export function formatQuarter(label: string): string {
  const q = quarterFromLabel(label);
  const startMonth = Number(q.start.slice(5, 7));
  const year = q.start.slice(0, 4);
  return `Q${q.quarter} ${financialYearLabel(q.fyStartYear)} (${MONTH_NAMES[startMonth - 1]} to ${MONTH_NAMES[startMonth + 1]} ${year})`;
}
