/**
 * Dates and periods as council users write them, read against the injected clock in Europe/London:
 *
 * - periods: "this week", "next week", "w/c 7 Dec", "this month", "in March 2021", "March 21",
 *   "by the end of May", "Q3", "Q3 2020/21", "this quarter", "this financial year", "this municipal
 *   year", "2021/22", "in the next 6 weeks", "before the next committee";
 * - days: "today", "tomorrow", "next Weds", "last Friday", "17/11" and "3/12" (UK day-first),
 *   "16 September 2022", "Friday 16/09/2022".
 *
 * A day or month without a year is the one a council user means: the nearest one ahead for
 * deadlines and due dates ("end of June" in December is next June), the nearest one either way
 * otherwise; the answer knows which it needs (`yearGiven` tells it the year was not written).
 */
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { isValidIsoDate } from '../../../domain/calendar.js';
import type { Meeting } from '../../../domain/model.js';
import { financialQuarter, financialQuarterOf, parseQuarter } from '../../../domain/quarters.js';
import { COUNCIL_ZONE, addDays, formatUkDate, londonDate } from '../../../domain/uk-format.js';
import type { Period } from '../../periods.js';
import type { DayMention, Span } from '../frame.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;

export interface DateContext {
  now: Date;
  /** Meetings, for "before the next committee". */
  meetings: readonly Meeting[];
}

function monthIndex(word: string): number {
  return MONTHS.indexOf(word.slice(0, 3).toLowerCase()) + 1;
}

function fourDigitYear(text: string): number {
  const n = Number(text);
  return text.length <= 2 ? 2000 + n : n;
}

function monthPeriod(year: number, month: number, label?: string): Period {
  const start = DateTime.fromObject({ year, month, day: 1 }, { zone: COUNCIL_ZONE });
  return { from: start.toISODate()!, to: start.endOf('month').toISODate()!, label: label ?? `in ${start.toFormat('LLLL yyyy')}` };
}

/** A month named without a year: the next one that has not ended (a council asking what is due). */
function monthAhead(month: number, today: DateTime): number {
  return month >= today.month ? today.year : today.year + 1;
}

interface Found<T> {
  start: number;
  end: number;
  text: string;
  value: T;
}

type Matcher = (m: RegExpExecArray, today: DateTime, ctx: DateContext) => Period | undefined;

const PERIODS: Array<[RegExp, Matcher]> = [
  [
    /\b(?:in\s+|within\s+|over\s+)?(?:the\s+)?(?:next|coming)\s+(\d{1,3}|two|three|four|five|six|eight|ten|twelve)\s+(days?|weeks?|months?)\b/gi,
    (m, today) => {
      const n = Number(m[1]) || { two: 2, three: 3, four: 4, five: 5, six: 6, eight: 8, ten: 10, twelve: 12 }[m[1]!.toLowerCase()]!;
      const unit = m[2]!.toLowerCase().startsWith('day') ? 'days' : m[2]!.toLowerCase().startsWith('week') ? 'weeks' : 'months';
      return { from: today.toISODate()!, to: today.plus({ [unit]: n }).toISODate()!, label: `in the next ${n} ${unit}` };
    },
  ],
  [
    new RegExp(String.raw`\bweek\s+(commencing|beginning|starting|ending|of)\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?(${MONTH})\.?(?:\s+(\d{4}|\d{2}))?\b`, 'gi'),
    (m, today) => weekOf(Number(m[2]), monthIndex(m[3]!), m[4], today, /ending/i.test(m[1]!)),
  ],
  [
    /\bweek\s+(commencing|beginning|starting|ending|of)\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+)?(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/gi,
    (m, today) => weekOf(Number(m[2]), Number(m[3]), m[4], today, /ending/i.test(m[1]!)),
  ],
  [/\bthis\s+week\b/gi, (_m, today) => ({ from: today.toISODate()!, to: today.endOf('week').toISODate()!, label: 'this week' })],
  [
    /\bnext\s+week\b/gi,
    (_m, today) => {
      const next = today.plus({ weeks: 1 });
      return { from: next.startOf('week').toISODate()!, to: next.endOf('week').toISODate()!, label: `next week (w/c ${formatUkDate(next.startOf('week').toISODate()!)})` };
    },
  ],
  [/\bthis\s+month\b/gi, (_m, today) => ({ ...monthPeriod(today.year, today.month), from: today.startOf('month').toISODate()!, label: `this month (${today.toFormat('LLLL yyyy')})` })],
  [/\bnext\s+month\b/gi, (_m, today) => { const n = today.plus({ months: 1 }); return monthPeriod(n.year, n.month, `next month (${n.toFormat('LLLL yyyy')})`); }],
  [/\blast\s+month\b/gi, (_m, today) => { const n = today.minus({ months: 1 }); return monthPeriod(n.year, n.month, `last month (${n.toFormat('LLLL yyyy')})`); }],
  [
    /\b(this|next|last)\s+quarter\b/gi,
    (m, today) => {
      const which = m[1]!.toLowerCase();
      const base = which === 'next' ? today.plus({ months: 3 }) : which === 'last' ? today.minus({ months: 3 }) : today;
      const q = financialQuarterOf(base.toISODate()!);
      return { from: q.start, to: q.end, label: `${which} quarter (Q${q.quarter} ${q.label.slice(0, 7)}, ${formatUkDate(q.start)} to ${formatUkDate(q.end)})` };
    },
  ],
  [
    /\b(?:in\s+|during\s+)?Q([1-4])(?:\s*(?:of\s+)?(\d{4})\s*[/-]\s*(\d{2,4}))?\b/g,
    (m, today, ctx) => {
      const q = m[2] ? parseQuarter(`Q${m[1]} ${m[2]}/${m[3]}`) : parseQuarter(`Q${m[1]}`, ctx.now);
      if (!q) return undefined;
      // "Q1" said in the last quarter of a financial year usually means the coming one.
      const quarter = !m[2] && q.end < today.toISODate()! ? financialQuarter(q.fyStartYear + 1, q.quarter) : q;
      return { from: quarter.start, to: quarter.end, label: `in Q${quarter.quarter} ${quarter.label.slice(0, 7)} (${formatUkDate(quarter.start)} to ${formatUkDate(quarter.end)})` };
    },
  ],
  [
    /\bthis\s+(financial|municipal|calendar|council)?\s*year\b/gi,
    (m, today) => {
      const kind = (m[1] ?? '').toLowerCase();
      if (kind === 'financial') {
        const y = today.month >= 4 ? today.year : today.year - 1;
        return { from: `${y}-04-01`, to: `${y + 1}-03-31`, label: `this financial year (${y}/${String(y + 1).slice(2)})` };
      }
      if (kind === 'municipal' || kind === 'council') return municipalYear(today);
      return { from: `${today.year}-01-01`, to: `${today.year}-12-31`, label: `this year (${today.year})` };
    },
  ],
  [
    /\b(?:in\s+|during\s+)?(20\d{2})\s*[/-]\s*(\d{2}|20\d{2})\b(?!\s*[/-])/g,
    (m) => {
      const start = Number(m[1]);
      const end = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
      if (end !== start + 1) return undefined;
      return { from: `${start}-04-01`, to: `${end}-03-31`, label: `in ${start}/${String(end).slice(2)} (1 April ${start} to 31 March ${end})` };
    },
  ],
  [
    /\b(?:before|by|ahead\s+of|prior\s+to)\s+(?:the\s+)?next\s+(?:committee|meeting|cttee)(?:\s+meeting)?\b/gi,
    (_m, today, ctx) => {
      const day = today.toISODate()!;
      const next = ctx.meetings.filter((x) => !x.cancelled && x.date >= day && (x.hasBusiness || !x.reservedForCallIn)).sort((a, b) => a.date.localeCompare(b.date))[0];
      return next ? { from: day, to: next.date, label: `before the next committee (${formatUkDate(next.date)})` } : undefined;
    },
  ],
  [
    new RegExp(String.raw`\b(by|before|until|up\s+to)\s+(?:the\s+)?(?:end\s+of\s+)?(${MONTH})\.?(?:\s+(\d{4}|\d{2}))?\b`, 'gi'),
    (m, today) => {
      const month = monthIndex(m[2]!);
      const year = m[3] ? fourDigitYear(m[3]) : monthAhead(month, today);
      const end = DateTime.fromObject({ year, month, day: 1 }, { zone: COUNCIL_ZONE }).endOf('month');
      return { from: today.toISODate()!, to: end.toISODate()!, label: `by the end of ${end.toFormat('LLLL yyyy')}` };
    },
  ],
  [
    new RegExp(String.raw`\b(?:in|during|for|within|over|end\s+of|the\s+end\s+of)?\s*(${MONTH})\.?\s+('?\d{2}|\d{4})\b(?![/:.]\d)`, 'gi'),
    (m) => {
      const month = monthIndex(m[1]!);
      const year = fourDigitYear(m[2]!.replace("'", ''));
      if (year < 2000 || year > 2100) return undefined;
      return monthPeriod(year, month);
    },
  ],
  [
    new RegExp(String.raw`\b(?:in|during|within|over|for|the\s+end\s+of|end\s+of)\s+(${MONTH})\b(?!\s*\d)`, 'gi'),
    (m, today) => {
      const month = monthIndex(m[1]!);
      return monthPeriod(monthAhead(month, today), month);
    },
  ],
  [
    /\b(before|by|until|over|around|after)\s+(?:the\s+)?(?:xmas|christmas)(?:\s+(?:break|holidays?))?\b/gi,
    (m, today) => {
      const year = today.month === 12 && today.day > 25 ? today.year + 1 : today.year;
      const word = m[1]!.toLowerCase();
      if (word === 'after') return { from: `${year}-12-27`, to: `${year + 1}-01-31`, label: `after Christmas (from 27 December ${year})` };
      if (word === 'over' || word === 'around') return { from: `${year}-12-20`, to: `${year + 1}-01-03`, label: `over Christmas ${year}` };
      return { from: today.toISODate()!, to: `${year}-12-24`, label: `before Christmas (by 24 December ${year})` };
    },
  ],
  [
    /\b(?:by|before|until)?\s*(?:the\s+)?end\s+of\s+(?:the\s+)?(financial|municipal|calendar)?\s*year\b/gi,
    (m, today) => {
      const kind = (m[1] ?? '').toLowerCase();
      const end = kind === 'financial' ? `${today.month >= 4 ? today.year + 1 : today.year}-03-31` : kind === 'municipal' ? `${today.month >= 5 ? today.year + 1 : today.year}-04-30` : `${today.year}-12-31`;
      return { from: today.toISODate()!, to: end, label: `by the end of the ${kind ? `${kind} ` : ''}year (${formatUkDate(end)})` };
    },
  ],
  [
    /\b(?:in|during|over|by|for)?\s*(?:the\s+)?(spring|summer|autumn|winter)(?:\s+(\d{4}))?\b/gi,
    (m, today) => {
      const season = m[1]!.toLowerCase();
      const months: Record<string, [number, number]> = { spring: [3, 5], summer: [6, 8], autumn: [9, 11], winter: [12, 14] };
      const [first, last] = months[season]!;
      let year = m[2] ? Number(m[2]) : today.year;
      if (!m[2] && DateTime.fromObject({ year, month: Math.min(last, 12), day: 1 }).endOf('month') < today) year += 1;
      const from = DateTime.fromObject({ year, month: first, day: 1 }, { zone: COUNCIL_ZONE });
      const to = from.plus({ months: last - first }).endOf('month');
      return { from: from.toISODate()!, to: to.toISODate()!, label: `${season} ${year}` };
    },
  ],
  [
    /\b(?:in|during|by|before|for)\s+(20\d{2})\b(?!\s*[/-]\s*\d)/gi,
    (m) => ({ from: `${m[1]}-01-01`, to: `${m[1]}-12-31`, label: `in ${m[1]}` }),
  ],
];

function weekOf(day: number, month: number, yearText: string | undefined, today: DateTime, ending: boolean): Period | undefined {
  const year = yearText ? fourDigitYear(yearText) : undefined;
  let date = DateTime.fromObject({ year: year ?? today.year, month, day }, { zone: COUNCIL_ZONE });
  if (!date.isValid) return undefined;
  // "w/c 7 Dec" without a year: the nearest such week to today.
  if (!year && Math.abs(date.diff(today, 'days').days) > 183) date = date.plus({ years: date < today ? 1 : -1 });
  const start = ending ? date.minus({ days: 6 }) : date;
  const end = ending ? date : date.plus({ days: 6 });
  return { from: start.toISODate()!, to: end.toISODate()!, label: `${ending ? 'the week ending' : 'the week commencing'} ${formatUkDate(date.toISODate()!)}` };
}

/** The municipal year runs from the annual meeting of the council in May to the next one. */
export function municipalYear(today: DateTime): Period {
  const startYear = today.month >= 5 ? today.year : today.year - 1;
  return { from: `${startYear}-05-01`, to: `${startYear + 1}-04-30`, label: `this municipal year (May ${startYear} to May ${startYear + 1})` };
}

export function recognisePeriods(text: string, ctx: DateContext): (Span & { period: Period })[] {
  const today = DateTime.fromISO(londonDate(ctx.now), { zone: COUNCIL_ZONE });
  const found: Found<Period>[] = [];
  for (const [pattern, read] of PERIODS) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index! + (m[0].length - m[0].trimStart().length);
      const end = m.index! + m[0].trimEnd().length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      const period = read(m as RegExpExecArray, today, ctx);
      if (period) found.push({ start, end, text: text.slice(start, end), value: period });
    }
  }
  return found.sort((a, b) => a.start - b.start).map((f) => ({ start: f.start, end: f.end, text: f.text, period: f.value }));
}

const RELATIVE_DAY = /\b(today|tomorrow|yesterday|tonight)\b/gi;
const WEEKDAY = /\b(?:(next|last|this|on|coming)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|weds|wed|tues|thurs|fri)\b(?!\s+\d)/gi;
const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAY_WORD = String.raw`(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?`;
/** "17 November", "Friday 16 September 2022", "the 3rd of December", "Nov 17th 2020". */
const DAY_MONTH = new RegExp(String.raw`\b${WEEKDAY_WORD}(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH})\.?(?:,?\s+(\d{4}))?\b|\b${WEEKDAY_WORD}(${MONTH})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b`, 'gi');
/** What only chrono reads: "in two days", "a week on Friday", "2 days later". */
const NEEDS_CHRONO = /\b(?:days?|weeks?|fortnight)\s+(?:ago|later|time|from|after|before|on)\b|\b(?:in|within)\s+(?:a|an|one|two|three|\d+)\s+(?:days?|weeks?)\b|\ba\s+week\s+on\b/i;
const SLASH_DATE = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?\b/g;

/** Single days. `forward`: a day without a year (or a bare weekday) is the next one, as for deadlines. */
export function recogniseDays(text: string, ctx: DateContext, options: { forward?: boolean } = {}): DayMention[] {
  const today = DateTime.fromISO(londonDate(ctx.now), { zone: COUNCIL_ZONE });
  const found: DayMention[] = [];
  const free = (start: number, end: number) => found.every((f) => end <= f.start || start >= f.end);
  const add = (start: number, end: number, date: string, yearGiven: boolean) => {
    if (free(start, end) && isValidIsoDate(date)) found.push({ start, end, text: text.slice(start, end), date, yearGiven });
  };
  for (const m of text.matchAll(RELATIVE_DAY)) {
    const word = m[1]!.toLowerCase();
    const offset = word === 'tomorrow' ? 1 : word === 'yesterday' ? -1 : 0;
    add(m.index!, m.index! + m[0].length, addDays(today.toISODate()!, offset), true);
  }
  for (const m of text.matchAll(SLASH_DATE)) {
    const day = Number(m[1]);
    const month = Number(m[2]);
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    const given = m[3] !== undefined;
    let year = given ? fourDigitYear(m[3]!) : today.year;
    if (!given) year = nearestYear(day, month, today, options.forward);
    add(m.index!, m.index! + m[0].length, `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, given);
  }
  for (const m of text.matchAll(WEEKDAY)) {
    const which = (m[1] ?? '').toLowerCase();
    const target = WEEKDAY_NAMES.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
    let date = today.set({ weekday: target as 1 });
    if (which === 'last') {
      if (date >= today) date = date.minus({ weeks: 1 });
    } else if (which === 'next') {
      // "next Weds" on a Monday is this Wednesday to most people, but never today.
      if (date <= today) date = date.plus({ weeks: 1 });
    } else if (date < today && (options.forward || which === 'coming' || which === 'this')) {
      date = date.plus({ weeks: 1 });
    } else if (date > today && !options.forward && !which) {
      date = date.minus({ weeks: 1 });
    }
    add(m.index!, m.index! + m[0].length, date.toISODate()!, true);
  }
  for (const m of text.matchAll(DAY_MONTH)) {
    const day = Number(m[1] ?? m[5]);
    const month = monthIndex((m[2] ?? m[4])!);
    const yearText = m[3] ?? m[6];
    if (day < 1 || day > 31) continue;
    const year = yearText ? Number(yearText) : nearestYear(day, month, today, options.forward);
    add(m.index!, m.index! + m[0].length, `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, Boolean(yearText));
  }
  // chrono is the slow part: it reads only what the patterns above cannot.
  if (!NEEDS_CHRONO.test(text)) return found.sort((a, b) => a.start - b.start);
  // chrono reads "2020 be published" as the Buddhist Era year 2020 BE: era words are never meant here.
  const cleaned = text.replace(/\b(be|bc|bce|ad|ce)\b/gi, (w) => ' '.repeat(w.length));
  const reference = { instant: ctx.now, timezone: today.offset };
  for (const r of chrono.en.GB.parse(cleaned, reference, { forwardDate: options.forward ?? false })) {
    if (!r.start.isCertain('day') && !r.start.isCertain('weekday')) continue;
    const y = r.start.get('year');
    const mo = r.start.get('month');
    const d = r.start.get('day');
    if (!y || !mo || !d) continue;
    const start = r.index;
    const end = r.index + r.text.length;
    if (/^\d{4}$/.test(r.text.trim()) || /^(?:now|right now|currently|at the moment)$/i.test(r.text.trim())) continue;
    add(start, end, `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, r.start.isCertain('year'));
  }
  return found.sort((a, b) => a.start - b.start);
}

function nearestYear(day: number, month: number, today: DateTime, forward?: boolean): number {
  const thisYear = DateTime.fromObject({ year: today.year, month, day }, { zone: COUNCIL_ZONE });
  if (forward) return thisYear < today.startOf('day') ? today.year + 1 : today.year;
  const candidates = [today.year - 1, today.year, today.year + 1].map((y) => DateTime.fromObject({ year: y, month, day }, { zone: COUNCIL_ZONE }));
  candidates.sort((a, b) => Math.abs(a.diff(today).milliseconds) - Math.abs(b.diff(today).milliseconds));
  return candidates[0]!.year;
}
