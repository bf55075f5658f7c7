/**
 * Working days, bank holidays and clear days for England and Wales councils.
 *
 * The rules (governance-rules.md, "Dates"):
 * - A working day is a weekday that is not an England and Wales bank holiday and not a council
 *   closure day. One-off bank holidays count (2020-05-08, 2022-06-03, 2022-09-19, 2023-05-08).
 * - "Clear days" leave out both the day something happens (e.g. publication) and the day of the
 *   event. A clear working day is a whole weekday, midnight to midnight, that is not a bank holiday
 *   (R v Hereford Justices 1820; R v Swansea CC ex p Elitestone 1993).
 *
 * Which kind of clear day each notice uses, as this product applies them:
 * - The agenda for a meeting must be published 5 clear days before it (reg 6 of the 2012 Executive
 *   Arrangements Regulations, as governance-rules.md cites it; s.100B LGA 1972 for committees).
 *   This period is counted in clear WORKING days (`clearWorkingDaysDeadline`), so that a weekend or
 *   a bank holiday cannot use up a notice this short.
 * - The key-decision notice must be given 28 clear days ahead (regs 8-9). This period is counted in
 *   clear CALENDAR days (`clearDaysDeadline`). The regulations say "clear days", not working days,
 *   and the usual reading of a 28-day notice is 28 calendar days. If a council's constitution says
 *   otherwise, use `clearWorkingDaysDeadline` for it.
 *
 * All dates are YYYY-MM-DD strings for the council's own calendar day (Europe/London). The
 * functions are pure. They work on day numbers, never on the clock or the host time zone, so no
 * daylight-saving change can move a date.
 */
import {
  BANK_HOLIDAYS_ENGLAND_AND_WALES,
  BANK_HOLIDAY_COVERAGE,
  type BankHoliday,
} from './bank-holidays-england-wales.js';

// ---------------------------------------------------------------------------------------------
// Day numbers (days since 1970-01-01), proleptic Gregorian; no Date, no time zone.
// ---------------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function fromDayNumber(n: number): string {
  const [y, m, d] = civilFromDays(n);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** True for a real calendar date written YYYY-MM-DD ("2021-02-30" is false). */
export function isValidIsoDate(date: string): boolean {
  const match = ISO_DATE.exec(date);
  if (!match) return false;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  return fromDayNumber(daysFromCivil(y, m, d)) === date;
}

function toDayNumber(date: string): number {
  if (!isValidIsoDate(date)) throw new RangeError(`Expected a YYYY-MM-DD date, got "${date}"`);
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

function assertCount(n: number, min: number, what: string): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${what} must be an integer >= ${min}, got ${n}`);
}

// ---------------------------------------------------------------------------------------------
// Bank holidays
// ---------------------------------------------------------------------------------------------

const SNAPSHOT_BY_DATE: ReadonlyMap<string, BankHoliday> = new Map(BANK_HOLIDAYS_ENGLAND_AND_WALES.map((h) => [h.date, h]));

/** Easter Sunday (Gregorian, anonymous algorithm) as a day number. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

function firstMonday(year: number, month: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((8 - weekdayOf(first)) % 7);
}

function lastMonday(year: number, month: number): number {
  const last = daysFromCivil(year, month + 1, 1) - 1;
  return last - ((weekdayOf(last) + 6) % 7);
}

/**
 * England and Wales bank holidays for a year worked out from the standard rules: New Year's Day,
 * Good Friday, Easter Monday, the first and last Mondays of May, the last Monday of August,
 * Christmas Day and Boxing Day, with weekend days moved to substitute weekdays. One-off or moved
 * holidays (e.g. 2020, 2022, 2023) are NOT included, because they are proclaimed year by year.
 */
export function standardBankHolidays(year: number): BankHoliday[] {
  assertCount(year, 1, 'year');
  const out: { day: number; title: string; notes?: string }[] = [];
  const newYear = daysFromCivil(year, 1, 1);
  const nyWeekday = weekdayOf(newYear);
  if (nyWeekday === 6) out.push({ day: newYear + 2, title: 'New Year’s Day', notes: 'Substitute day' });
  else if (nyWeekday === 0) out.push({ day: newYear + 1, title: 'New Year’s Day', notes: 'Substitute day' });
  else out.push({ day: newYear, title: 'New Year’s Day' });
  const easter = easterSunday(year);
  out.push({ day: easter - 2, title: 'Good Friday' }, { day: easter + 1, title: 'Easter Monday' });
  out.push({ day: firstMonday(year, 5), title: 'Early May bank holiday' });
  out.push({ day: lastMonday(year, 5), title: 'Spring bank holiday' });
  out.push({ day: lastMonday(year, 8), title: 'Summer bank holiday' });
  const christmas = daysFromCivil(year, 12, 25);
  switch (weekdayOf(christmas)) {
    case 5: // Friday: Boxing Day (Saturday) moves to Monday
      out.push({ day: christmas, title: 'Christmas Day' }, { day: christmas + 3, title: 'Boxing Day', notes: 'Substitute day' });
      break;
    case 6: // Saturday: both move, to Monday and Tuesday
      out.push(
        { day: christmas + 2, title: 'Christmas Day', notes: 'Substitute day' },
        { day: christmas + 3, title: 'Boxing Day', notes: 'Substitute day' },
      );
      break;
    case 0: // Sunday: Boxing Day is Monday, Christmas Day moves to Tuesday
      out.push({ day: christmas + 1, title: 'Boxing Day' }, { day: christmas + 2, title: 'Christmas Day', notes: 'Substitute day' });
      break;
    default:
      out.push({ day: christmas, title: 'Christmas Day' }, { day: christmas + 1, title: 'Boxing Day' });
  }
  return out
    .sort((a, b) => a.day - b.day)
    .map((h) => (h.notes ? { date: fromDayNumber(h.day), title: h.title, notes: h.notes } : { date: fromDayNumber(h.day), title: h.title }));
}

/** Where a year's bank holidays come from: the vendored gov.uk snapshot, or the standard rules outside it. */
export function bankHolidaySource(year: number): 'gov.uk-snapshot' | 'standard-rules' {
  return year >= BANK_HOLIDAY_COVERAGE.firstYear && year <= BANK_HOLIDAY_COVERAGE.lastYear ? 'gov.uk-snapshot' : 'standard-rules';
}

const standardCache = new Map<number, ReadonlyMap<string, BankHoliday>>();

function holidaysByDateFor(year: number): ReadonlyMap<string, BankHoliday> {
  if (bankHolidaySource(year) === 'gov.uk-snapshot') return SNAPSHOT_BY_DATE;
  let cached = standardCache.get(year);
  if (!cached) {
    cached = new Map(standardBankHolidays(year).map((h) => [h.date, h]));
    standardCache.set(year, cached);
  }
  return cached;
}

/**
 * England and Wales bank holidays in a calendar year, in date order. The list comes from the gov.uk
 * snapshot for covered years; see `bankHolidaySource`. Outside those years it is worked out from the
 * standard rules.
 */
export function bankHolidaysIn(year: number): readonly BankHoliday[] {
  assertCount(year, 1, 'year');
  if (bankHolidaySource(year) === 'gov.uk-snapshot') {
    return BANK_HOLIDAYS_ENGLAND_AND_WALES.filter((h) => h.date.startsWith(`${pad(year, 4)}-`));
  }
  return standardBankHolidays(year);
}

/** The bank holiday's gov.uk title ("Boxing Day"), or undefined when the date is not a bank holiday. */
export function bankHolidayName(date: string): string | undefined {
  toDayNumber(date);
  return holidaysByDateFor(Number(date.slice(0, 4))).get(date)?.title;
}

export function isBankHoliday(date: string): boolean {
  return bankHolidayName(date) !== undefined;
}

export function isWeekend(date: string): boolean {
  const wd = weekdayOf(toDayNumber(date));
  return wd === 0 || wd === 6;
}

// ---------------------------------------------------------------------------------------------
// Working days
// ---------------------------------------------------------------------------------------------

function closureSet(extraClosures: readonly string[] | undefined): ReadonlySet<string> {
  return new Set(extraClosures ?? []);
}

function isWorkingDayNumber(dayNumber: number, closures: ReadonlySet<string>): boolean {
  const wd = weekdayOf(dayNumber);
  if (wd === 0 || wd === 6) return false;
  const date = fromDayNumber(dayNumber);
  if (closures.has(date)) return false;
  return !holidaysByDateFor(Number(date.slice(0, 4))).has(date);
}

/** A weekday that is not a bank holiday and not one of the council's extra closure days. */
export function isWorkingDay(date: string, extraClosures?: readonly string[]): boolean {
  return isWorkingDayNumber(toDayNumber(date), closureSet(extraClosures));
}

/** Why a date is not a working day (undefined when it is one). */
export function nonWorkingReason(
  date: string,
  extraClosures?: readonly string[],
): { kind: 'weekend' | 'bank-holiday' | 'council-closure'; name?: string } | undefined {
  const n = toDayNumber(date);
  const wd = weekdayOf(n);
  if (wd === 0 || wd === 6) return { kind: 'weekend', name: wd === 0 ? 'Sunday' : 'Saturday' };
  const holiday = bankHolidayName(date);
  if (holiday) return { kind: 'bank-holiday', name: holiday };
  if (closureSet(extraClosures).has(date)) return { kind: 'council-closure' };
  return undefined;
}

/** The first n working days after `date` (the date itself is never counted), in order. n >= 0. */
export function workingDaysAfter(date: string, n: number, extraClosures?: readonly string[]): string[] {
  assertCount(n, 0, 'n');
  const closures = closureSet(extraClosures);
  const out: string[] = [];
  let day = toDayNumber(date);
  while (out.length < n) {
    day += 1;
    if (isWorkingDayNumber(day, closures)) out.push(fromDayNumber(day));
  }
  return out;
}

/** The n-th working day after `date` (n >= 1; `date` itself is not counted, whatever kind of day it is). */
export function addWorkingDays(date: string, n: number, extraClosures?: readonly string[]): string {
  assertCount(n, 1, 'n');
  const days = workingDaysAfter(date, n, extraClosures);
  return days[days.length - 1]!;
}

/** The n-th working day before `date` (n >= 1; `date` itself is not counted). */
export function subtractWorkingDays(date: string, n: number, extraClosures?: readonly string[]): string {
  assertCount(n, 1, 'n');
  const closures = closureSet(extraClosures);
  let day = toDayNumber(date);
  let found = 0;
  while (found < n) {
    day -= 1;
    if (isWorkingDayNumber(day, closures)) found += 1;
  }
  return fromDayNumber(day);
}

/**
 * Working days d with from < d <= to, so that `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
 * Negative (the same count, negated) when `to` is before `from`.
 */
export function workingDaysBetween(from: string, to: string, extraClosures?: readonly string[]): number {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  if (b < a) return -workingDaysBetween(to, from, extraClosures);
  const closures = closureSet(extraClosures);
  let count = 0;
  for (let day = a + 1; day <= b; day += 1) if (isWorkingDayNumber(day, closures)) count += 1;
  return count;
}

/** `date` if it is a working day, otherwise the latest working day before it. */
export function latestWorkingDayOnOrBefore(date: string, extraClosures?: readonly string[]): string {
  const closures = closureSet(extraClosures);
  let day = toDayNumber(date);
  while (!isWorkingDayNumber(day, closures)) day -= 1;
  return fromDayNumber(day);
}

/** `date` if it is a working day, otherwise the next working day. */
export function nextWorkingDayOnOrAfter(date: string, extraClosures?: readonly string[]): string {
  const closures = closureSet(extraClosures);
  let day = toDayNumber(date);
  while (!isWorkingDayNumber(day, closures)) day += 1;
  return fromDayNumber(day);
}

// ---------------------------------------------------------------------------------------------
// Clear days
// ---------------------------------------------------------------------------------------------

/** Whole calendar days strictly between `from` and `to` (neither end day counts); 0 if `to` <= `from` + 1. */
export function clearDaysBetween(from: string, to: string): number {
  return Math.max(0, toDayNumber(to) - toDayNumber(from) - 1);
}

/** Working days strictly between `from` and `to` (neither end day counts); 0 if none. */
export function clearWorkingDaysBetween(from: string, to: string, extraClosures?: readonly string[]): number {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  if (b - a < 2) return 0;
  return workingDaysBetween(from, fromDayNumber(b - 1), extraClosures);
}

/**
 * CALENDAR clear days, used for the 28-clear-day key-decision notice. This is the latest day on
 * which something may happen (e.g. publication) so that `clearDays` whole calendar days lie between it
 * and `eventDate`. Neither the day itself nor the event day counts. It is simply
 * eventDate - clearDays - 1, e.g. a decision on Friday 4 December 2020 needs notice by Thursday
 * 5 November 2020.
 *
 * The result may be a weekend or a bank holiday. Use `latestWorkingDayOnOrBefore` to find the
 * office deadline.
 */
export function clearDaysDeadline(eventDate: string, clearDays: number): string {
  assertCount(clearDays, 0, 'clearDays');
  return fromDayNumber(toDayNumber(eventDate) - clearDays - 1);
}

/**
 * Clear WORKING days, used for agenda publication (5 clear working days). This is the latest day on
 * which something may happen so that `clearDays` working days lie strictly between it and
 * `eventDate`. It is the day before the earliest of those working days, which can fall on a weekend:
 * for a Monday meeting the five clear days are Monday to Friday of the week before, so the legal
 * latest day is the Sunday before that. Use `latestWorkingDayOnOrBefore` to find the office deadline
 * (the Friday).
 */
export function clearWorkingDaysDeadline(eventDate: string, clearDays: number, extraClosures?: readonly string[]): string {
  assertCount(clearDays, 0, 'clearDays');
  if (clearDays === 0) return fromDayNumber(toDayNumber(eventDate) - 1);
  const earliestClearDay = subtractWorkingDays(eventDate, clearDays, extraClosures);
  return fromDayNumber(toDayNumber(earliestClearDay) - 1);
}
