/**
 * UK-style formatting and the council's local calendar day (Europe/London), shared by every answer.
 * Pure: the instant is always passed in.
 */
import { DateTime } from 'luxon';

export const COUNCIL_ZONE = 'Europe/London';

/** The calendar date (YYYY-MM-DD) in Europe/London at the given instant. */
export function londonDate(now: Date): string {
  return DateTime.fromJSDate(now, { zone: COUNCIL_ZONE }).toISODate()!;
}

/** "Friday 4 December 2020" */
export function formatUkDate(isoDate: string): string {
  const d = DateTime.fromISO(isoDate, { zone: COUNCIL_ZONE });
  return d.isValid ? d.toFormat('cccc d LLLL yyyy') : isoDate;
}

/** "4 Dec 2020", for dense lists. */
export function formatUkDateShort(isoDate: string): string {
  const d = DateTime.fromISO(isoDate, { zone: COUNCIL_ZONE });
  return d.isValid ? d.toFormat('d LLL yyyy') : isoDate;
}

/** "14:00" -> "2pm", "10:30" -> "10.30am", "12:00" -> "12 noon". */
export function formatUkTime(hhmm: string): string {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) return hhmm;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours === 12 && minutes === 0) return '12 noon';
  const suffix = hours < 12 ? 'am' : 'pm';
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  return minutes === 0 ? `${h12}${suffix}` : `${h12}.${String(minutes).padStart(2, '0')}${suffix}`;
}

/** An instant shown to a UK reader: "Monday 23 November 2026 at 9.05am". */
export function formatUkInstant(iso: string): string {
  const d = DateTime.fromISO(iso, { zone: COUNCIL_ZONE });
  if (!d.isValid) return iso;
  return `${d.toFormat('cccc d LLLL yyyy')} at ${formatUkTime(d.toFormat('HH:mm'))}`;
}

/** Whole days from `fromDate` to `toDate` (both YYYY-MM-DD); negative when toDate is earlier. */
export function daysBetween(fromDate: string, toDate: string): number {
  const a = DateTime.fromISO(fromDate, { zone: 'UTC' });
  const b = DateTime.fromISO(toDate, { zone: 'UTC' });
  return Math.round(b.diff(a, 'days').days);
}

/** Adds calendar days to a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** "1 action" / "3 actions" */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
