/**
 * UK-style formatting and the council's local calendar day (Europe/London), shared by every answer.
 * Pure: the instant is always passed in.
 *
 * Calendar dates (YYYY-MM-DD) need no time zone, so they are formatted and counted with plain
 * arithmetic: these run for every row of every list, and luxon costs tens of microseconds a call.
 * Only turning an instant into London's local date and time needs the zone rules (Intl, cached).
 */
export const COUNCIL_ZONE = 'Europe/London';

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(isoDate: string): [number, number, number] | undefined {
  const m = ISO_DAY.exec(isoDate);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? [y, mo, d] : undefined;
}

const londonParts = new Intl.DateTimeFormat('en-GB', { timeZone: COUNCIL_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
let lastLondon: { at: number; date: string; time: string } | undefined;

/** London's local date and time ("2020-11-20", "12:00") at an instant. The turn's clock is asked many times: the last answer is kept. */
function inLondon(instant: Date): { date: string; time: string } {
  const at = instant.getTime();
  if (lastLondon?.at === at) return lastLondon;
  const p = Object.fromEntries(londonParts.formatToParts(instant).map((x) => [x.type, x.value]));
  lastLondon = { at, date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
  return lastLondon;
}

/** The calendar date (YYYY-MM-DD) in Europe/London at the given instant. */
export function londonDate(now: Date): string {
  return inLondon(now).date;
}

/** "Friday 4 December 2020" */
export function formatUkDate(isoDate: string): string {
  const p = parts(isoDate);
  if (!p) return isoDate;
  const weekday = WEEKDAY_NAMES[new Date(Date.UTC(p[0], p[1] - 1, p[2])).getUTCDay()];
  return `${weekday} ${p[2]} ${MONTH_NAMES[p[1] - 1]} ${p[0]}`;
}

/** "4 Dec 2020", for dense lists. */
export function formatUkDateShort(isoDate: string): string {
  const p = parts(isoDate);
  return p ? `${p[2]} ${MONTH_NAMES[p[1] - 1]!.slice(0, 3)} ${p[0]}` : isoDate;
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
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(iso)) return iso;
  const local = inLondon(instant);
  return `${formatUkDate(local.date)} at ${formatUkTime(local.time)}`;
}

const DAY_MS = 86_400_000;

function utcDays(isoDate: string): number {
  const p = parts(isoDate);
  if (!p) throw new RangeError(`Expected a date like 2020-11-20, got "${isoDate}"`);
  return Date.UTC(p[0], p[1] - 1, p[2]) / DAY_MS;
}

/** Whole days from `fromDate` to `toDate` (both YYYY-MM-DD); negative when toDate is earlier. */
export function daysBetween(fromDate: string, toDate: string): number {
  return utcDays(toDate) - utcDays(fromDate);
}

/** Adds calendar days to a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  return new Date((utcDays(isoDate) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** "1 action" / "3 actions" */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
