/**
 * England and Wales bank holidays: a vendored copy of the `england-and-wales` division of
 * https://www.gov.uk/bank-holidays.json, which is the legal source (governance-rules.md, "Bank holidays").
 *
 * The product never fetches this list at run time. The data is held here so working-day and call-in
 * arithmetic is deterministic and works offline.
 *
 * SNAPSHOT
 * - Written on 2026-11-23 (UTC) WITHOUT network access: the entries were typed in by hand in the
 *   gov.uk format (same titles, `notes: 'Substitute day'` where gov.uk has it). They were not
 *   downloaded. The test `tests/unit/calendar.test.ts` cross-checks every weekday entry against the
 *   `date-holidays` package (`new Holidays('GB', 'ENG')`, types public/bank) and against the standard
 *   rules. On 2026-11-23 date-holidays 3.37.0 agreed with every date from 2015 to 2028. The
 *   one disagreement is about data, not dates: date-holidays also lists a holiday that falls on a
 *   weekend (e.g. 2021-12-25) with its substitute day. gov.uk lists only the substitute weekday.
 *   The test compares weekdays only. Titles differ in wording (e.g. date-holidays "Queen Elizabeth's
 *   Funeral Day" against gov.uk "Bank Holiday for the State Funeral of Queen Elizabeth II"). Titles are
 *   not compared.
 * - 2015 to 2019 come from older editions of the gov.uk list, which now starts later. 2027 and 2028
 *   follow the standard pattern (Banking and Financial Dealings Act 1971 and the usual royal
 *   proclamations). If gov.uk has not yet published a year, check it against gov.uk when it does.
 *   A one-off holiday can be proclaimed at short notice, as happened in 2022 (State Funeral, 10 days'
 *   notice). Until this file is refreshed, a council can add such a day through
 *   `CallInRules.extraClosureDays`.
 *
 * HOW TO REFRESH (a developer task, done by hand, never at run time):
 *   curl -s https://www.gov.uk/bank-holidays.json \
 *     | jq -r '.["england-and-wales"].events[] | "  { date: \"\(.date)\", title: \"\(.title)\"\(if .notes != "" then ", notes: \"\(.notes)\"" else "" end) },"'
 *   Merge the output into the list below. gov.uk drops old years, so keep the older entries that are
 *   already here. Then update SNAPSHOT_TAKEN_ON, BANK_HOLIDAY_COVERAGE and the note above, and run
 *   `npx vitest run tests/unit/calendar.test.ts`.
 */

export interface BankHoliday {
  /** YYYY-MM-DD, always a weekday: the day the holiday is observed, as gov.uk lists it. */
  readonly date: string;
  /** The gov.uk title. */
  readonly title: string;
  /** gov.uk `notes`, e.g. "Substitute day" when the holiday is moved from a weekend. */
  readonly notes?: string;
}

/** When this snapshot was written (see the note above: written from knowledge, not downloaded). */
export const SNAPSHOT_TAKEN_ON = '2026-11-23';

/** Calendar years fully covered by the list. Outside this range the calendar falls back to the standard rules. */
export const BANK_HOLIDAY_COVERAGE = { firstYear: 2015, lastYear: 2028 } as const;

export const BANK_HOLIDAYS_ENGLAND_AND_WALES: readonly BankHoliday[] = [
  // 2015
  { date: '2015-01-01', title: 'New Year’s Day' },
  { date: '2015-04-03', title: 'Good Friday' },
  { date: '2015-04-06', title: 'Easter Monday' },
  { date: '2015-05-04', title: 'Early May bank holiday' },
  { date: '2015-05-25', title: 'Spring bank holiday' },
  { date: '2015-08-31', title: 'Summer bank holiday' },
  { date: '2015-12-25', title: 'Christmas Day' },
  { date: '2015-12-28', title: 'Boxing Day', notes: 'Substitute day' },
  // 2016
  { date: '2016-01-01', title: 'New Year’s Day' },
  { date: '2016-03-25', title: 'Good Friday' },
  { date: '2016-03-28', title: 'Easter Monday' },
  { date: '2016-05-02', title: 'Early May bank holiday' },
  { date: '2016-05-30', title: 'Spring bank holiday' },
  { date: '2016-08-29', title: 'Summer bank holiday' },
  { date: '2016-12-26', title: 'Boxing Day' },
  { date: '2016-12-27', title: 'Christmas Day', notes: 'Substitute day' },
  // 2017
  { date: '2017-01-02', title: 'New Year’s Day', notes: 'Substitute day' },
  { date: '2017-04-14', title: 'Good Friday' },
  { date: '2017-04-17', title: 'Easter Monday' },
  { date: '2017-05-01', title: 'Early May bank holiday' },
  { date: '2017-05-29', title: 'Spring bank holiday' },
  { date: '2017-08-28', title: 'Summer bank holiday' },
  { date: '2017-12-25', title: 'Christmas Day' },
  { date: '2017-12-26', title: 'Boxing Day' },
  // 2018
  { date: '2018-01-01', title: 'New Year’s Day' },
  { date: '2018-03-30', title: 'Good Friday' },
  { date: '2018-04-02', title: 'Easter Monday' },
  { date: '2018-05-07', title: 'Early May bank holiday' },
  { date: '2018-05-28', title: 'Spring bank holiday' },
  { date: '2018-08-27', title: 'Summer bank holiday' },
  { date: '2018-12-25', title: 'Christmas Day' },
  { date: '2018-12-26', title: 'Boxing Day' },
  // 2019
  { date: '2019-01-01', title: 'New Year’s Day' },
  { date: '2019-04-19', title: 'Good Friday' },
  { date: '2019-04-22', title: 'Easter Monday' },
  { date: '2019-05-06', title: 'Early May bank holiday' },
  { date: '2019-05-27', title: 'Spring bank holiday' },
  { date: '2019-08-26', title: 'Summer bank holiday' },
  { date: '2019-12-25', title: 'Christmas Day' },
  { date: '2019-12-26', title: 'Boxing Day' },
  // 2020: the early May bank holiday moved from Monday 4 May to Friday 8 May (75th anniversary of VE Day)
  { date: '2020-01-01', title: 'New Year’s Day' },
  { date: '2020-04-10', title: 'Good Friday' },
  { date: '2020-04-13', title: 'Easter Monday' },
  { date: '2020-05-08', title: 'Early May bank holiday (VE day)' },
  { date: '2020-05-25', title: 'Spring bank holiday' },
  { date: '2020-08-31', title: 'Summer bank holiday' },
  { date: '2020-12-25', title: 'Christmas Day' },
  { date: '2020-12-28', title: 'Boxing Day', notes: 'Substitute day' },
  // 2021
  { date: '2021-01-01', title: 'New Year’s Day' },
  { date: '2021-04-02', title: 'Good Friday' },
  { date: '2021-04-05', title: 'Easter Monday' },
  { date: '2021-05-03', title: 'Early May bank holiday' },
  { date: '2021-05-31', title: 'Spring bank holiday' },
  { date: '2021-08-30', title: 'Summer bank holiday' },
  { date: '2021-12-27', title: 'Christmas Day', notes: 'Substitute day' },
  { date: '2021-12-28', title: 'Boxing Day', notes: 'Substitute day' },
  // 2022: spring bank holiday moved to Thursday 2 June, plus the Platinum Jubilee (Friday 3 June)
  // and the State Funeral of Queen Elizabeth II (Monday 19 September)
  { date: '2022-01-03', title: 'New Year’s Day', notes: 'Substitute day' },
  { date: '2022-04-15', title: 'Good Friday' },
  { date: '2022-04-18', title: 'Easter Monday' },
  { date: '2022-05-02', title: 'Early May bank holiday' },
  { date: '2022-06-02', title: 'Spring bank holiday' },
  { date: '2022-06-03', title: 'Platinum Jubilee bank holiday' },
  { date: '2022-08-29', title: 'Summer bank holiday' },
  { date: '2022-09-19', title: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2022-12-26', title: 'Boxing Day' },
  { date: '2022-12-27', title: 'Christmas Day', notes: 'Substitute day' },
  // 2023: plus the coronation of King Charles III (Monday 8 May)
  { date: '2023-01-02', title: 'New Year’s Day', notes: 'Substitute day' },
  { date: '2023-04-07', title: 'Good Friday' },
  { date: '2023-04-10', title: 'Easter Monday' },
  { date: '2023-05-01', title: 'Early May bank holiday' },
  { date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III' },
  { date: '2023-05-29', title: 'Spring bank holiday' },
  { date: '2023-08-28', title: 'Summer bank holiday' },
  { date: '2023-12-25', title: 'Christmas Day' },
  { date: '2023-12-26', title: 'Boxing Day' },
  // 2024
  { date: '2024-01-01', title: 'New Year’s Day' },
  { date: '2024-03-29', title: 'Good Friday' },
  { date: '2024-04-01', title: 'Easter Monday' },
  { date: '2024-05-06', title: 'Early May bank holiday' },
  { date: '2024-05-27', title: 'Spring bank holiday' },
  { date: '2024-08-26', title: 'Summer bank holiday' },
  { date: '2024-12-25', title: 'Christmas Day' },
  { date: '2024-12-26', title: 'Boxing Day' },
  // 2025
  { date: '2025-01-01', title: 'New Year’s Day' },
  { date: '2025-04-18', title: 'Good Friday' },
  { date: '2025-04-21', title: 'Easter Monday' },
  { date: '2025-05-05', title: 'Early May bank holiday' },
  { date: '2025-05-26', title: 'Spring bank holiday' },
  { date: '2025-08-25', title: 'Summer bank holiday' },
  { date: '2025-12-25', title: 'Christmas Day' },
  { date: '2025-12-26', title: 'Boxing Day' },
  // 2026
  { date: '2026-01-01', title: 'New Year’s Day' },
  { date: '2026-04-03', title: 'Good Friday' },
  { date: '2026-04-06', title: 'Easter Monday' },
  { date: '2026-05-04', title: 'Early May bank holiday' },
  { date: '2026-05-25', title: 'Spring bank holiday' },
  { date: '2026-08-31', title: 'Summer bank holiday' },
  { date: '2026-12-25', title: 'Christmas Day' },
  { date: '2026-12-28', title: 'Boxing Day', notes: 'Substitute day' },
  // 2027 (standard pattern; check against gov.uk when you refresh)
  { date: '2027-01-01', title: 'New Year’s Day' },
  { date: '2027-03-26', title: 'Good Friday' },
  { date: '2027-03-29', title: 'Easter Monday' },
  { date: '2027-05-03', title: 'Early May bank holiday' },
  { date: '2027-05-31', title: 'Spring bank holiday' },
  { date: '2027-08-30', title: 'Summer bank holiday' },
  { date: '2027-12-27', title: 'Christmas Day', notes: 'Substitute day' },
  { date: '2027-12-28', title: 'Boxing Day', notes: 'Substitute day' },
  // 2028 (standard pattern; check against gov.uk when you refresh)
  { date: '2028-01-03', title: 'New Year’s Day', notes: 'Substitute day' },
  { date: '2028-04-14', title: 'Good Friday' },
  { date: '2028-04-17', title: 'Easter Monday' },
  { date: '2028-05-01', title: 'Early May bank holiday' },
  { date: '2028-05-29', title: 'Spring bank holiday' },
  { date: '2028-08-28', title: 'Summer bank holiday' },
  { date: '2028-12-25', title: 'Christmas Day' },
  { date: '2028-12-26', title: 'Boxing Day' },
];
