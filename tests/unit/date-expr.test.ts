import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  dateExprEquals,
  describePrecision,
  dueDateOf,
  findTargetInTitle,
  findUkDatesInText,
  formatDateExpr,
  isTentative,
  parseDateExpr,
  startDateOf,
} from '../../src/domain/date-expr/index.js';
import { DateExpr } from '../../src/domain/model.js';

/** Parses and insists the result is a valid DateExpr exactly as returned (no missing defaults, no stray keys). */
function parseValid(raw: string, referenceDate?: string): DateExpr {
  const expr = parseDateExpr(raw, referenceDate ? { referenceDate } : undefined);
  expect(expr, `"${raw}" should parse`).not.toBeNull();
  expect(DateExpr.parse(expr)).toEqual(expr);
  return expr!;
}

const month = (raw: string, value: string, extra: Record<string, unknown> = {}) => ({
  kind: 'month',
  raw,
  value,
  yearBasis: 'stated',
  tentative: false,
  ...extra,
});

describe('parseDateExpr: the forms in domain.md §2.7', () => {
  const cases: [raw: string, expected: Record<string, unknown>][] = [
    ['Ongoing', { kind: 'ongoing', raw: 'Ongoing' }],
    ['TBC', { kind: 'tbc', raw: 'TBC' }],
    ['2021 (TBC)', { kind: 'year', raw: '2021 (TBC)', value: 2021, tentative: true }],
    ['Early 21 (TBC)', { kind: 'approximate', raw: 'Early 21 (TBC)', year: 2021, part: 'early', tentative: true }],
    ['March 21', month('March 21', '2021-03')],
    ['Dec 21', month('Dec 21', '2021-12')],
    ['Oct 20', month('Oct 20', '2020-10')],
    ['Sep 20', month('Sep 20', '2020-09')],
    ['Sept 2020', month('Sept 2020', '2020-09')],
    ['April 21', month('April 21', '2021-04')],
    ['September 2018', month('September 2018', '2018-09')],
    ['July 21 (end of year 5)', month('July 21 (end of year 5)', '2021-07', { annotation: 'end of year 5' })],
    ['by September 2018', month('by September 2018', '2018-09', { qualifier: 'by' })],
    ['by August 2018 at the latest', month('by August 2018 at the latest', '2018-08', { qualifier: 'at the latest' })],
    ['until March 2022', month('until March 2022', '2022-03', { qualifier: 'until' })],
    ['before September 2021', month('before September 2021', '2021-09', { qualifier: 'before' })],
    ['end of March 2019', month('end of March 2019', '2019-03', { qualifier: 'end of' })],
    ['by the end of October 2020', month('by the end of October 2020', '2020-10', { qualifier: 'end of' })],
    ['from June 2018', month('from June 2018', '2018-06', { qualifier: 'from' })],
    ['Mar-21', month('Mar-21', '2021-03')],
    ['31 March 2019', { kind: 'date', raw: '31 March 2019', value: '2019-03-31' }],
    ['31/03/2019', { kind: 'date', raw: '31/03/2019', value: '2019-03-31' }],
    ['3/7/20', { kind: 'date', raw: '3/7/20', value: '2020-07-03' }],
    ['07/10/20', { kind: 'date', raw: '07/10/20', value: '2020-10-07' }],
    ['2019-03-31', { kind: 'date', raw: '2019-03-31', value: '2019-03-31' }],
    ['Tuesday 17 November 2020', { kind: 'date', raw: 'Tuesday 17 November 2020', value: '2020-11-17' }],
    ['17th of November 2020', { kind: 'date', raw: '17th of November 2020', value: '2020-11-17' }],
    ['November 17, 2020', { kind: 'date', raw: 'November 17, 2020', value: '2020-11-17' }],
    ['summer 2021', { kind: 'season', raw: 'summer 2021', year: 2021, season: 'summer', tentative: false }],
    ['spring 2022', { kind: 'season', raw: 'spring 2022', year: 2022, season: 'spring', tentative: false }],
    ['during 2021/22', { kind: 'financial_year', raw: 'during 2021/22', fyStartYear: 2021 }],
    ['During 2021/22', { kind: 'financial_year', raw: 'During 2021/22', fyStartYear: 2021 }],
    ['2021/22', { kind: 'financial_year', raw: '2021/22', fyStartYear: 2021 }],
    ['2021-22', { kind: 'financial_year', raw: '2021-22', fyStartYear: 2021 }],
    ['2019/2020', { kind: 'financial_year', raw: '2019/2020', fyStartYear: 2019 }],
    ['2021/22 financial year', { kind: 'financial_year', raw: '2021/22 financial year', fyStartYear: 2021 }],
    ['Q3 2020/21', { kind: 'quarter', raw: 'Q3 2020/21', fyStartYear: 2020, quarter: 3 }],
    ['quarter 2 2020/21', { kind: 'quarter', raw: 'quarter 2 2020/21', fyStartYear: 2020, quarter: 2 }],
    ['Quarter 4 2019/20', { kind: 'quarter', raw: 'Quarter 4 2019/20', fyStartYear: 2019, quarter: 4 }],
    ['early 2021', { kind: 'approximate', raw: 'early 2021', year: 2021, part: 'early', tentative: false }],
    ['late 2020', { kind: 'approximate', raw: 'late 2020', year: 2020, part: 'late', tentative: false }],
    ['mid 2021', { kind: 'approximate', raw: 'mid 2021', year: 2021, part: 'mid', tentative: false }],
    ['mid-2021', { kind: 'approximate', raw: 'mid-2021', year: 2021, part: 'mid', tentative: false }],
    [
      'early 2021, possibly January',
      { kind: 'approximate', raw: 'early 2021, possibly January', year: 2021, part: 'early', tentative: false, annotation: 'possibly January' },
    ],
    ['During 2021', { kind: 'year', raw: 'During 2021', value: 2021, tentative: false }],
    ['2025', { kind: 'year', raw: '2025', value: 2025, tentative: false }],
    ['(TBC)', { kind: 'tbc', raw: '(TBC)' }],
    ['To be confirmed', { kind: 'tbc', raw: 'To be confirmed' }],
  ];

  it.each(cases)('%s', (raw, expected) => {
    expect(parseValid(raw)).toEqual(expected);
  });

  it('reads one cell with two dated milestones', () => {
    expect(parseValid('Oct 20 (Launch) Jan 21 (allocation)')).toEqual({
      kind: 'milestones',
      raw: 'Oct 20 (Launch) Jan 21 (allocation)',
      milestones: [
        { label: 'Launch', at: month('Oct 20', '2020-10') },
        { label: 'allocation', at: month('Jan 21', '2021-01') },
      ],
    });
  });

  it('keeps raw exactly as given, only trimmed', () => {
    expect(parseValid('  Oct  20  ').raw).toBe('Oct  20');
    expect(parseValid('Sept\u00a02020').raw).toBe('Sept\u00a02020');
  });

  it.each([
    'Sept 2O20', // letter O, not zero
    '31 February 2020',
    '29/02/2021',
    'blah',
    '',
    '   ',
    'May/June', // a range without a year: no shape for it
    'during the Summer/Autumn',
    '2020-24', // a plan period, not a financial year
    '202/2021', // a typo in the source
    'Q3 2020', // calendar or financial quarter? not said
    'Wednesday 17 November 2020', // 17 November 2020 was a Tuesday
    'at a future meeting',
    'next quarterly update report',
    'before 2025', // "before" would move the due date and the year kind cannot record it
    '31 March 2021 (TBC)', // a day has no tentative flag in the model
    'June', // no year and no reference date
    'by the end of June',
    'the Autumn',
    '23 November 2pm',
    'Oct 20 (Launch) Jan 21',
  ])('rejects %j', (raw) => {
    expect(parseDateExpr(raw)).toBeNull();
  });
});

describe('parseDateExpr with a reference date', () => {
  it('takes the year of "by the end of June" from the report date and says it was inferred', () => {
    expect(parseValid('by the end of June', '2018-06-20')).toEqual(
      month('by the end of June', '2018-06', { qualifier: 'end of', yearBasis: 'inferred' }),
    );
  });

  it('reads "June" alone in the reference year', () => {
    expect(parseValid('June', '2018-06-20')).toEqual(month('June', '2018-06', { yearBasis: 'inferred' }));
  });

  it('looks forward for a month already past: "January" in a November report is next January', () => {
    expect(parseValid('January', '2020-11-17')).toMatchObject({ value: '2021-01', yearBasis: 'inferred' });
    expect(parseValid('November', '2020-11-17')).toMatchObject({ value: '2020-11', yearBasis: 'inferred' });
  });

  it('still reads the month just gone in the same year ("by the end of June" in an early-July update)', () => {
    expect(parseValid('by the end of June', '2018-07-05')).toMatchObject({ value: '2018-06' });
  });

  it('gives a season without a year the next one in the reference window', () => {
    expect(parseValid('the Autumn', '2020-07-01')).toEqual({ kind: 'season', raw: 'the Autumn', year: 2020, season: 'autumn', tentative: false });
    expect(parseValid('the Autumn', '2021-01-10')).toMatchObject({ year: 2021 });
  });

  it('reads a day without a year ("23 November") in the reference year', () => {
    expect(parseValid('23 November', '2020-11-02')).toEqual({ kind: 'date', raw: '23 November', value: '2020-11-23' });
  });

  it.each(['in the new year', 'next year', 'this month', 'shortly'])('keeps %j relative, anchored to the document date', (raw) => {
    expect(parseValid(raw, '2022-12-12')).toEqual({ kind: 'relative', raw, anchor: '2022-12-12' });
  });

  it('keeps relative phrases without an anchor when no reference date is given', () => {
    expect(parseValid('in the new year')).toEqual({ kind: 'relative', raw: 'in the new year' });
  });

  it('does not let the reference date override a stated year', () => {
    expect(parseValid('March 21', '2018-06-20')).toEqual(month('March 21', '2021-03'));
  });

  it('refuses a malformed reference date rather than guessing', () => {
    expect(() => parseDateExpr('June', { referenceDate: '20/06/2018' })).toThrow(RangeError);
    expect(() => parseDateExpr('June', { referenceDate: '2018-02-30' })).toThrow(RangeError);
  });
});

describe('dueDateOf and startDateOf', () => {
  const periods: [raw: string, start: string | null, due: string | null][] = [
    ['31 March 2019', '2019-03-31', '2019-03-31'],
    ['September 2018', '2018-09-01', '2018-09-30'],
    ['by August 2018 at the latest', '2018-08-01', '2018-08-31'],
    ['Feb 2024', '2024-02-01', '2024-02-29'], // leap year
    ['Feb 2023', '2023-02-01', '2023-02-28'],
    ['Feb 2000', '2000-02-01', '2000-02-29'], // divisible by 400: leap
    ['2021 (TBC)', '2021-01-01', '2021-12-31'],
    ['spring 2022', '2022-03-01', '2022-05-31'],
    ['summer 2021', '2021-06-01', '2021-08-31'],
    ['autumn 2021', '2021-09-01', '2021-11-30'],
    ['winter 2023', '2023-12-01', '2024-02-29'], // runs into a leap February
    ['winter 2022', '2022-12-01', '2023-02-28'],
    ['Early 21 (TBC)', '2021-01-01', '2021-04-30'],
    ['mid 2021', '2021-05-01', '2021-08-31'],
    ['late 2020', '2020-09-01', '2020-12-31'],
    ['Q1 2020/21', '2020-04-01', '2020-06-30'],
    ['Q2 2020/21', '2020-07-01', '2020-09-30'],
    ['Q3 2020/21', '2020-10-01', '2020-12-31'],
    ['Q4 2020/21', '2021-01-01', '2021-03-31'],
    ['Q4 2023/24', '2024-01-01', '2024-03-31'],
    ['during 2021/22', '2021-04-01', '2022-03-31'],
    ['Oct 20 (Launch) Jan 21 (allocation)', '2020-10-01', '2021-01-31'],
    ['before September 2021', '2021-08-01', '2021-08-31'],
    ['from June 2018', '2018-06-01', null],
    ['Ongoing', null, null],
    ['TBC', null, null],
    ['in the new year', null, null],
  ];

  it.each(periods)('%s runs %s to %s', (raw, start, due) => {
    const expr = parseValid(raw);
    expect(startDateOf(expr)).toBe(start);
    expect(dueDateOf(expr)).toBe(due);
  });

  it('gives an anchored relative phrase no due date: it can never be overdue', () => {
    expect(dueDateOf(parseValid('next year', '2020-11-17'))).toBeNull();
  });

  it('takes the due date of the latest milestone even if listed first', () => {
    const expr = parseValid('Jan 21 (allocation) Oct 20 (Launch)');
    expect(dueDateOf(expr)).toBe('2021-01-31');
    expect(startDateOf(expr)).toBe('2020-10-01');
  });

  it('has no due date while a milestone is still to be confirmed', () => {
    const expr = parseValid('Oct 20 (Launch) Ongoing (delivery)');
    expect(dueDateOf(expr)).toBeNull();
    expect(startDateOf(expr)).toBe('2020-10-01');
  });

  it('ends every month-precision target on the last day of that month (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), (year, monthNumber) => {
        const name = DateTime.fromObject({ year, month: monthNumber }).setLocale('en-GB').toFormat('LLLL');
        const expr = parseDateExpr(`${name} ${year}`)!;
        const lastDay = DateTime.fromObject({ year, month: monthNumber }).endOf('month').toISODate();
        expect(dueDateOf(expr)).toBe(lastDay);
      }),
    );
  });

  it('reads every d/m/yyyy date day-first (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (instant) => {
        const day = DateTime.fromJSDate(instant, { zone: 'UTC' });
        const expr = parseDateExpr(`${day.day}/${day.month}/${day.year}`)!;
        expect(expr).toEqual({ kind: 'date', raw: `${day.day}/${day.month}/${day.year}`, value: day.toISODate() });
        expect(dueDateOf(expr)).toBe(day.toISODate());
      }),
    );
  });
});

describe('formatDateExpr', () => {
  it.each([
    ['31 March 2019', '31 March 2019'],
    ['2019-03-31', '31 March 2019'],
    ['Sept 2018', 'September 2018'],
    ['by September 2018', 'by September 2018'],
    ['by August 2018 at the latest', 'by August 2018 at the latest'],
    ['end of March 2019', 'end of March 2019'],
    ['Early 21 (TBC)', 'early 2021 (to be confirmed)'],
    ['2021 (TBC)', '2021 (to be confirmed)'],
    ['summer 2021', 'summer 2021'],
    ['during 2021/22', '2021/22 financial year'],
    ['quarter 3 2020/21', 'Q3 2020/21'],
    ['Q4 2099/00', 'Q4 2099/00'],
    ['Ongoing', 'Ongoing'],
    ['TBC', 'To be confirmed'],
    ['Oct 20 (Launch) Jan 21 (allocation)', 'Launch October 2020; allocation January 2021'],
    ['July 21 (end of year 5)', 'July 2021 (end of year 5)'],
    ['early 2021, possibly January', 'early 2021 (possibly January)'],
  ])('%s -> %s', (raw, text) => {
    expect(formatDateExpr(parseValid(raw))).toBe(text);
  });

  it('says when the year was inferred, and what a relative phrase was relative to', () => {
    expect(formatDateExpr(parseValid('by the end of June', '2018-06-20'))).toBe('end of June 2018 (year inferred)');
    expect(formatDateExpr(parseValid('in the new year', '2022-12-12'))).toBe('in the new year (as of 12 December 2022)');
  });

  it.each([
    '31 March 2019',
    'by September 2018',
    'by August 2018 at the latest',
    'Early 21 (TBC)',
    '2021 (TBC)',
    'summer 2021',
    'during 2021/22',
    'Q3 2020/21',
    'Ongoing',
    'TBC',
    'Oct 20 (Launch) Jan 21 (allocation)',
    'July 21 (end of year 5)',
  ])('reads its own output back as the same target: %s', (raw) => {
    const expr = parseValid(raw);
    const reread = parseValid(formatDateExpr(expr));
    expect(dateExprEquals(reread, expr)).toBe(true);
  });
});

describe('describePrecision', () => {
  it.each([
    ['31 March 2019', 'day precision'],
    ['March 21', 'month precision'],
    ['2021', 'year precision'],
    ['summer 2021', 'season'],
    ['Early 21 (TBC)', 'approximate'],
    ['Q3 2020/21', 'quarter'],
    ['2021/22', 'financial year'],
    ['Oct 20 (Launch) Jan 21 (allocation)', 'several milestones'],
    ['Ongoing', 'no date (ongoing)'],
    ['TBC', 'no date (to be confirmed)'],
  ])('%s -> %s', (raw, description) => {
    expect(describePrecision(parseValid(raw))).toBe(description);
  });

  it('names the anchor of a relative phrase', () => {
    expect(describePrecision(parseValid('shortly', '2022-12-12'))).toBe('relative to 12 December 2022');
  });
});

describe('findTargetInTitle', () => {
  it.each([
    ['Review detailed savings plans with sign-off by each strategic director by March 2018', 'by March 2018', '2018-03'],
    ['Explore options for introducing a four-yearly election cycle to Derby City Council by September 2018', 'by September 2018', '2018-09'],
    ['Review the Council Delivery Plan for 2018/19 in light of MTFP / Council Business Plans by June 2018', 'by June 2018', '2018-06'],
    ['Review and enhance Member development programmes by June 2018', 'by June 2018', '2018-06'],
    ['Review the effectiveness of Audit & Accounts Committee and establish a development plan by June 2018.', 'by June 2018', '2018-06'],
  ])('%s', (title, raw, value) => {
    const titleBefore = title;
    expect(findTargetInTitle(title)).toEqual(month(raw, value, { qualifier: 'by' }));
    expect(title).toBe(titleBefore);
  });

  it('keeps "by the end of" whole rather than its tail', () => {
    expect(findTargetInTitle('Publish the plan by the end of March 2019')).toEqual(
      month('by the end of March 2019', '2019-03', { qualifier: 'end of' }),
    );
  });

  it.each([
    'Agree MTFP approach and timetable for 2019/20', // scope, not a deadline
    'Complete asset valuations programme 2017/18',
    'Secure Cyber Essentials accreditation',
    'Hold risk training workshops with Directors and Members (Cabinet and Audit & Accounts)',
    'Complete full analytical review by the end of June', // no year, and titles carry no document date
  ])('finds no target in %j', (title) => {
    expect(findTargetInTitle(title)).toBeNull();
  });
});

describe('findUkDatesInText', () => {
  it('reads d/m/yy in prose day-first', () => {
    expect(findUkDatesInText('Raised at 3/7/20 committee and considered again on 6/10/20.')).toEqual([
      { raw: '3/7/20', date: '2020-07-03' },
      { raw: '6/10/20', date: '2020-10-06' },
    ]);
    expect(findUkDatesInText('Deferred from 07/10/20')).toEqual([{ raw: '07/10/20', date: '2020-10-07' }]);
    expect(findUkDatesInText('signed 31/03/2019')).toEqual([{ raw: '31/03/2019', date: '2019-03-31' }]);
  });

  it('ignores fractions, impossible dates and longer slash runs', () => {
    expect(findUkDatesInText('About 1/2 of actions, 2/3 complete')).toEqual([]);
    expect(findUkDatesInText('31/02/20 is not a day')).toEqual([]);
    expect(findUkDatesInText('ref 12/3/20/1 and 13/13/20')).toEqual([]);
  });
});

describe('isTentative', () => {
  it.each([
    ['2021 (TBC)', true],
    ['Early 21 (TBC)', true],
    ['TBC', true],
    ['Oct 20 (Launch) Jan 21 (TBC)', true],
    ['2021', false],
    ['March 21', false],
    ['Ongoing', false],
    ['31 March 2019', false],
  ])('%s -> %s', (raw, tentative) => {
    expect(isTentative(parseValid(raw))).toBe(tentative);
  });
});

describe('dateExprEquals', () => {
  it('compares meaning, not spelling', () => {
    expect(dateExprEquals(parseValid('Sept 2020'), parseValid('September 2020'))).toBe(true);
    expect(dateExprEquals(parseValid('Sep 20'), parseValid('2020-09'))).toBe(true);
    expect(dateExprEquals(parseValid('2021/22'), parseValid('during 2021-22'))).toBe(true);
    expect(dateExprEquals(parseValid('31/03/2019'), parseValid('31 March 2019'))).toBe(true);
    expect(dateExprEquals(parseValid('June', '2018-06-01'), parseValid('June 2018'))).toBe(true);
  });

  it('tells different targets apart', () => {
    expect(dateExprEquals(parseValid('2021'), parseValid('2021 (TBC)'))).toBe(false);
    expect(dateExprEquals(parseValid('September 2018'), parseValid('by September 2018'))).toBe(false);
    expect(dateExprEquals(parseValid('July 21'), parseValid('July 21 (end of year 5)'))).toBe(false);
    expect(dateExprEquals(parseValid('Q3 2020/21'), parseValid('Q3 2021/22'))).toBe(false);
    expect(dateExprEquals(parseValid('Oct 20 (Launch) Jan 21 (allocation)'), parseValid('Oct 20 (Launch) Feb 21 (allocation)'))).toBe(false);
  });
});

const SEED_PLAN = '/work/shared/seed-data/communities-delivery-plan.json';

describe.skipIf(!existsSync(SEED_PLAN))('Communities Delivery Plan seed reading', () => {
  interface SeedDate {
    kind: string;
    value: string | null;
    tentative: boolean;
    qualifier?: string;
    annotation?: string;
    milestones?: { label: string; kind: string; value: string }[];
  }
  const seed = existsSync(SEED_PLAN) ? (JSON.parse(readFileSync(SEED_PLAN, 'utf8')) as { actions: { id: string; date_raw: string; date_normalised: SeedDate }[] }) : { actions: [] };

  it('has the 38 rows and kind counts the brief describes', () => {
    const kindCounts: Record<string, number> = {};
    for (const row of seed.actions) kindCounts[row.date_normalised.kind] = (kindCounts[row.date_normalised.kind] ?? 0) + 1;
    expect(seed.actions).toHaveLength(38);
    expect(kindCounts).toEqual({ month: 26, year: 5, ongoing: 4, approximate: 1, milestones: 1, tbc: 1 });
  });

  it.each(seed.actions.map((row) => [row.id, row.date_raw, row.date_normalised] as const))('%s %j', (_id, raw, expected) => {
    const expr = parseValid(raw, '2020-11-17');
    expect(expr.kind).toBe(expected.kind);
    switch (expr.kind) {
      case 'month':
        expect(expr.value).toBe(expected.value);
        expect(expr.tentative).toBe(expected.tentative);
        expect(expr.annotation).toBe(expected.annotation);
        break;
      case 'year':
        expect(String(expr.value)).toBe(expected.value);
        expect(expr.tentative).toBe(expected.tentative);
        break;
      case 'approximate':
        expect(String(expr.year)).toBe(expected.value);
        expect(expr.part).toBe(expected.qualifier);
        expect(expr.tentative).toBe(expected.tentative);
        break;
      case 'milestones':
        expect(expr.milestones.map((m) => ({ label: m.label, kind: m.at.kind, value: 'value' in m.at ? m.at.value : null }))).toEqual(expected.milestones);
        break;
      case 'ongoing':
      case 'tbc':
        expect(expected.value).toBeNull();
        break;
      default:
        throw new Error(`unexpected kind ${expr.kind}`);
    }
  });
});

describe('relative day words are read only against a reference date', () => {
  it('"today" and "tomorrow" without a reference date are not understood (never the year 2000)', () => {
    expect(parseDateExpr('today')).toBeNull();
    expect(parseDateExpr('tomorrow')).toBeNull();
  });

  it('"tomorrow" and "in two weeks" resolve against the reference date', () => {
    expect(parseDateExpr('tomorrow', { referenceDate: '2020-11-20' })).toMatchObject({ kind: 'date', value: '2020-11-21' });
    expect(parseDateExpr('in two weeks', { referenceDate: '2020-11-20' })).toMatchObject({ kind: 'date', value: '2020-12-04' });
  });
});
