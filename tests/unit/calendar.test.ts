import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Holidays from 'date-holidays';
import {
  BANK_HOLIDAYS_ENGLAND_AND_WALES,
  BANK_HOLIDAY_COVERAGE,
} from '../../src/domain/bank-holidays-england-wales.js';
import {
  addWorkingDays,
  bankHolidayName,
  bankHolidaySource,
  bankHolidaysIn,
  clearDaysBetween,
  clearDaysDeadline,
  clearWorkingDaysBetween,
  clearWorkingDaysDeadline,
  isBankHoliday,
  isValidIsoDate,
  isWeekend,
  isWorkingDay,
  latestWorkingDayOnOrBefore,
  nextWorkingDayOnOrAfter,
  nonWorkingReason,
  standardBankHolidays,
  subtractWorkingDays,
  workingDaysAfter,
  workingDaysBetween,
} from '../../src/domain/calendar.js';
import { addDays, daysBetween } from '../../src/domain/uk-format.js';

const { firstYear, lastYear } = BANK_HOLIDAY_COVERAGE;
const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i);

function isWeekday(date: string): boolean {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d !== 0 && d !== 6;
}

/** date-holidays' England list for a year: public/bank days that fall on weekdays (gov.uk lists only those). */
function dateHolidaysEngland(year: number): string[] {
  const hd = new Holidays('GB', 'ENG');
  return hd
    .getHolidays(year)
    .filter((h) => h.type === 'public' || h.type === 'bank')
    .map((h) => h.date.slice(0, 10))
    .filter(isWeekday)
    .sort();
}

// One-off holidays added in the snapshot years, and the standard-rule days they replaced.
const ONE_OFFS: Record<number, { added: string[]; removed: string[] }> = {
  2020: { added: ['2020-05-08'], removed: ['2020-05-04'] },
  2022: { added: ['2022-06-02', '2022-06-03', '2022-09-19'], removed: ['2022-05-30'] },
  2023: { added: ['2023-05-08'], removed: [] },
};

describe('bank-holiday snapshot (gov.uk england-and-wales)', () => {
  it('is sorted, unique, weekday-only and covers every year in range with 8+ holidays', () => {
    const dates = BANK_HOLIDAYS_ENGLAND_AND_WALES.map((h) => h.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const d of dates) {
      expect(isValidIsoDate(d)).toBe(true);
      expect(isWeekday(d)).toBe(true);
    }
    for (const y of years) expect(bankHolidaysIn(y).length).toBeGreaterThanOrEqual(8);
    expect(firstYear).toBeLessThanOrEqual(2015);
    expect(lastYear).toBeGreaterThanOrEqual(2028);
  });

  it.each(years)('%i agrees with date-holidays (GB/ENG, public+bank, weekdays)', (year) => {
    // On 2026-11-23, date-holidays 3.37.0 agreed with every year 2015-2028. Its weekend-dated
    // entries (e.g. 2021-12-25, which gov.uk shows only as the substitute 2021-12-27) are filtered out
    // above; titles are worded differently and are not compared.
    expect(bankHolidaysIn(year).map((h) => h.date)).toEqual(dateHolidaysEngland(year));
  });

  it.each(years)('%i equals the standard rules apart from the known one-offs', (year) => {
    const oneOff = ONE_OFFS[year] ?? { added: [], removed: [] };
    const expected = standardBankHolidays(year)
      .map((h) => h.date)
      .filter((d) => !oneOff.removed.includes(d))
      .concat(oneOff.added)
      .sort();
    expect(bankHolidaysIn(year).map((h) => h.date)).toEqual(expected);
  });

  it('includes the one-off holidays and substitute days', () => {
    expect(bankHolidayName('2020-05-08')).toBe('Early May bank holiday (VE day)');
    expect(bankHolidayName('2022-06-02')).toBe('Spring bank holiday');
    expect(bankHolidayName('2022-06-03')).toBe('Platinum Jubilee bank holiday');
    expect(bankHolidayName('2022-09-19')).toBe('Bank Holiday for the State Funeral of Queen Elizabeth II');
    expect(bankHolidayName('2023-05-08')).toBe('Bank holiday for the coronation of King Charles III');
    for (const d of ['2020-12-28', '2021-12-27', '2021-12-28', '2022-12-26', '2022-12-27', '2022-01-03', '2017-01-02']) {
      expect(isBankHoliday(d)).toBe(true);
    }
    // the days the moved holidays would have been
    expect(isBankHoliday('2020-05-04')).toBe(false);
    expect(isBankHoliday('2022-05-30')).toBe(false);
    // weekend dates are not listed (gov.uk lists the substitute day)
    expect(bankHolidayName('2021-12-25')).toBeUndefined();
  });

  it('falls back to the standard rules outside the snapshot', () => {
    expect(bankHolidaySource(2024)).toBe('gov.uk-snapshot');
    expect(bankHolidaySource(2031)).toBe('standard-rules');
    expect(bankHolidaysIn(2031).map((h) => h.date)).toEqual(dateHolidaysEngland(2031));
    expect(bankHolidaysIn(2012).map((h) => h.date)).not.toContain('2012-06-05'); // one-offs cannot be derived
  });
});

describe('isWorkingDay', () => {
  it('excludes weekends, bank holidays (incl. one-offs) and council closures', () => {
    for (const d of ['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08', '2020-12-25', '2020-12-28']) {
      expect(isWorkingDay(d)).toBe(false);
    }
    expect(isWorkingDay('2020-11-21')).toBe(false); // Saturday
    expect(isWorkingDay('2020-11-22')).toBe(false); // Sunday
    expect(isWorkingDay('2020-11-20')).toBe(true);
    expect(isWorkingDay('2020-12-24')).toBe(true);
    expect(isWorkingDay('2020-12-24', ['2020-12-24'])).toBe(false);
    expect(nonWorkingReason('2020-12-24', ['2020-12-24'])).toEqual({ kind: 'council-closure' });
    expect(nonWorkingReason('2022-09-19')).toEqual({
      kind: 'bank-holiday',
      name: 'Bank Holiday for the State Funeral of Queen Elizabeth II',
    });
    expect(isWeekend('2022-09-18')).toBe(true);
  });

  it('rejects invalid dates', () => {
    expect(() => isWorkingDay('2021-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay('16/09/2022')).toThrow(RangeError);
    expect(() => addWorkingDays('2020-01-01', 0)).toThrow(RangeError);
  });
});

describe('addWorkingDays and friends: examples', () => {
  it('Salford: 5 working days after Friday 16 September 2022 skip the State Funeral', () => {
    expect(workingDaysAfter('2022-09-16', 5)).toEqual(['2022-09-20', '2022-09-21', '2022-09-22', '2022-09-23', '2022-09-26']);
    expect(addWorkingDays('2022-09-16', 5)).toBe('2022-09-26');
  });

  it('Christmas and New Year 2020/21', () => {
    // Thu 24 (1), [Fri 25, Sat, Sun, Mon 28 substitute], Tue 29 (2), Wed 30 (3), Thu 31 (4), [Fri 1 Jan, weekend], Mon 4 Jan (5)
    expect(addWorkingDays('2020-12-23', 5)).toBe('2021-01-04');
    expect(addWorkingDays('2020-12-24', 1)).toBe('2020-12-29');
  });

  it('Christmas 2021 (both substitute days) and 2022 (Boxing Day Monday, Christmas substitute Tuesday)', () => {
    expect(addWorkingDays('2021-12-24', 1)).toBe('2021-12-29');
    expect(addWorkingDays('2022-12-23', 5)).toBe('2023-01-04'); // 28,29,30, [2 Jan substitute], 3, 4
  });

  it('Easter and the 2022 Jubilee weekend', () => {
    expect(addWorkingDays('2021-04-01', 1)).toBe('2021-04-06');
    expect(addWorkingDays('2022-06-01', 1)).toBe('2022-06-06');
    expect(subtractWorkingDays('2022-06-06', 1)).toBe('2022-06-01');
  });

  it('between, nearest working days', () => {
    expect(workingDaysBetween('2022-09-16', '2022-09-26')).toBe(5);
    expect(workingDaysBetween('2022-09-26', '2022-09-16')).toBe(-5);
    expect(workingDaysBetween('2022-09-16', '2022-09-16')).toBe(0);
    expect(latestWorkingDayOnOrBefore('2022-09-19')).toBe('2022-09-16');
    expect(nextWorkingDayOnOrAfter('2022-09-17')).toBe('2022-09-20');
  });
});

describe('clear days', () => {
  it('calendar clear days (28-day key-decision notice)', () => {
    expect(clearDaysDeadline('2020-12-04', 28)).toBe('2020-11-05');
    expect(clearDaysBetween('2020-11-05', '2020-12-04')).toBe(28);
    // across the end of BST (25 October 2020): still plain day counting
    expect(clearDaysDeadline('2020-11-10', 28)).toBe('2020-10-12');
  });

  it('clear working days (5-day agenda publication)', () => {
    // Friday 4 December 2020: clear days Fri 27 Nov, Mon 30, Tue 1, Wed 2, Thu 3 -> publish by Thu 26 Nov
    expect(clearWorkingDaysDeadline('2020-12-04', 5)).toBe('2020-11-26');
    // Monday meeting: the five clear days are the whole previous week; the legal latest day is the Sunday before
    expect(clearWorkingDaysDeadline('2020-11-16', 5)).toBe('2020-11-08');
    expect(latestWorkingDayOnOrBefore(clearWorkingDaysDeadline('2020-11-16', 5))).toBe('2020-11-06');
    // a meeting on Monday 4 January 2021: back over Christmas
    // (clear days Wed 23, Thu 24, Tue 29, Wed 30, Thu 31 December) -> Tuesday 22 December
    expect(clearWorkingDaysDeadline('2021-01-04', 5)).toBe('2020-12-22');
    expect(clearWorkingDaysBetween('2020-12-22', '2021-01-04')).toBe(5);
    expect(clearWorkingDaysBetween('2020-12-23', '2021-01-04')).toBe(4);
    // Jubilee 2022: meeting Wed 8 June; clear days Mon 30, Tue 31 May, Wed 1, Mon 6, Tue 7 June
    expect(clearWorkingDaysDeadline('2022-06-08', 5)).toBe('2022-05-29');
    expect(latestWorkingDayOnOrBefore('2022-05-29')).toBe('2022-05-27');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const BASE = '2015-01-01';
const SPAN = daysBetween(BASE, '2028-12-20');
const anyDate = fc.integer({ min: 0, max: SPAN }).map((i) => addDays(BASE, i));
/** Dates near the awkward places: Christmas/New Year, DST weekends, Easter, the 2022 Jubilee, the funeral. */
const hotspots = fc.oneof(
  fc.record({ y: fc.integer({ min: 2015, max: 2027 }), off: fc.integer({ min: 0, max: 25 }) }).map(({ y, off }) => addDays(`${y}-12-15`, off)),
  fc.record({ y: fc.integer({ min: 2015, max: 2028 }), off: fc.integer({ min: 0, max: 14 }) }).map(({ y, off }) => addDays(`${y}-03-20`, off)),
  fc.record({ y: fc.integer({ min: 2015, max: 2028 }), off: fc.integer({ min: 0, max: 14 }) }).map(({ y, off }) => addDays(`${y}-10-20`, off)),
  fc.record({ y: fc.integer({ min: 2015, max: 2028 }), off: fc.integer({ min: 0, max: 40 }) }).map(({ y, off }) => addDays(`${y}-03-15`, off)),
  fc.integer({ min: 0, max: 20 }).map((off) => addDays('2022-05-25', off)),
  fc.integer({ min: 0, max: 10 }).map((off) => addDays('2022-09-12', off)),
  fc.integer({ min: 0, max: 10 }).map((off) => addDays('2023-05-01', off)),
  fc.integer({ min: 0, max: 10 }).map((off) => addDays('2020-05-01', off)),
);
const dateArb = fc.oneof(anyDate, hotspots);
const closuresArb = fc.array(dateArb, { maxLength: 4 });

describe('working-day properties', () => {
  it('addWorkingDays lands on a working day, and exactly n working days lie in (start, result]', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 30 }), closuresArb, (start, n, closures) => {
        const result = addWorkingDays(start, n, closures);
        expect(result > start).toBe(true);
        expect(isWorkingDay(result, closures)).toBe(true);
        expect(workingDaysBetween(start, result, closures)).toBe(n);
        // no shorter result: the day before has only n - 1
        expect(workingDaysBetween(start, addDays(result, -1), closures)).toBe(n - 1);
      }),
      { numRuns: 500 },
    );
  });

  it('addWorkingDays is strictly increasing in n and matches workingDaysAfter', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 25 }), closuresArb, (start, n, closures) => {
        const a = addWorkingDays(start, n, closures);
        const b = addWorkingDays(start, n + 1, closures);
        expect(a < b).toBe(true);
        expect(addWorkingDays(a, 1, closures)).toBe(b);
        const list = workingDaysAfter(start, n + 1, closures);
        expect(list[n - 1]).toBe(a);
        expect(list[n]).toBe(b);
        for (const d of list) expect(isWorkingDay(d, closures)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('subtractWorkingDays mirrors addWorkingDays', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 30 }), closuresArb, (date, n, closures) => {
        const back = subtractWorkingDays(date, n, closures);
        expect(isWorkingDay(back, closures)).toBe(true);
        // working days in [back, date) = n, i.e. in (back - 1, date - 1]
        expect(workingDaysBetween(addDays(back, -1), addDays(date, -1), closures)).toBe(n);
        if (isWorkingDay(date, closures)) expect(addWorkingDays(back, n, closures)).toBe(date);
      }),
      { numRuns: 300 },
    );
  });

  it('clearWorkingDaysDeadline is the latest day leaving exactly the clear working days', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 15 }), closuresArb, (event, clear, closures) => {
        const deadline = clearWorkingDaysDeadline(event, clear, closures);
        expect(clearWorkingDaysBetween(deadline, event, closures)).toBe(clear);
        // a day later is too late
        expect(clearWorkingDaysBetween(addDays(deadline, 1), event, closures)).toBe(clear - 1);
        // the office deadline is a working day on or before it and still in time
        const office = latestWorkingDayOnOrBefore(deadline, closures);
        expect(isWorkingDay(office, closures)).toBe(true);
        expect(office <= deadline).toBe(true);
        expect(clearWorkingDaysBetween(office, event, closures)).toBeGreaterThanOrEqual(clear);
      }),
      { numRuns: 300 },
    );
  });

  it('clearDaysDeadline leaves exactly the clear calendar days, whatever the DST change', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 60 }), (event, clear) => {
        const deadline = clearDaysDeadline(event, clear);
        expect(clearDaysBetween(deadline, event)).toBe(clear);
        expect(daysBetween(deadline, event)).toBe(clear + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('the one-off holidays are never returned as working days', () => {
    const oneOffs = ['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 10 }), (off, n) => {
        for (const h of oneOffs) {
          const start = addDays(h, -off);
          expect(oneOffs).not.toContain(addWorkingDays(start, n));
        }
      }),
      { numRuns: 200 },
    );
  });
});
