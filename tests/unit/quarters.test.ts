import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  financialQuarter,
  financialQuarterOf,
  formatQuarter,
  nextQuarter,
  parseQuarter,
  previousQuarter,
  quarterFromLabel,
  quarterRange,
} from '../../src/domain/quarters.js';
import { addDays, daysBetween } from '../../src/domain/uk-format.js';

describe('financialQuarterOf', () => {
  it('maps months to April-March quarters', () => {
    expect(financialQuarterOf('2020-07-01')).toEqual({
      fyStartYear: 2020,
      quarter: 2,
      label: '2020/21-Q2',
      start: '2020-07-01',
      end: '2020-09-30',
    });
    expect(financialQuarterOf('2020-04-01').label).toBe('2020/21-Q1');
    expect(financialQuarterOf('2020-06-30').label).toBe('2020/21-Q1');
    expect(financialQuarterOf('2020-12-31').label).toBe('2020/21-Q3');
    expect(financialQuarterOf('2021-01-01').label).toBe('2020/21-Q4');
    expect(financialQuarterOf('2021-03-31')).toMatchObject({ fyStartYear: 2020, quarter: 4, start: '2021-01-01', end: '2021-03-31' });
    expect(financialQuarterOf('2099-05-01').label).toBe('2099/00-Q1');
  });

  it('property: the quarter contains the date and previous/next are adjacent', () => {
    const base = '2000-01-01';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: daysBetween(base, '2060-12-31') }), (off) => {
        const date = addDays(base, off);
        const q = financialQuarterOf(date);
        expect(q.start <= date && date <= q.end).toBe(true);
        expect(financialQuarterOf(addDays(q.start, -1)).label).toBe(previousQuarter(q.label));
        expect(financialQuarterOf(addDays(q.end, 1)).label).toBe(nextQuarter(q.label));
        expect(previousQuarter(nextQuarter(q.label))).toBe(q.label);
        expect(quarterFromLabel(q.label)).toEqual(q);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseQuarter', () => {
  const q2 = financialQuarter(2020, 2);
  it.each([
    '2020/21-Q2',
    'Q2 2020/21',
    'quarter 2 2020/21',
    'Quarter 2, 2020/21',
    'Q2 2020-21',
    'Q2 2020/2021',
    'q2 20/21',
    'Quarter two 2020/21',
    'second quarter 2020/21',
    '2020/21 Q2',
    'Q2 FY2020/21',
  ])('reads %s', (text) => {
    expect(parseQuarter(text)).toEqual(q2);
  });

  it('reads a bare quarter in the current financial year (Europe/London)', () => {
    expect(parseQuarter('Q2', new Date('2020-11-20T12:00:00Z'))?.label).toBe('2020/21-Q2');
    expect(parseQuarter('Q4', new Date('2021-02-01T12:00:00Z'))?.label).toBe('2020/21-Q4');
    // 23:30Z on 31 March 2021 is 00:30 BST on 1 April: already 2021/22
    expect(parseQuarter('Q1', new Date('2021-03-31T23:30:00Z'))?.label).toBe('2021/22-Q1');
    expect(parseQuarter('Q2')).toBeUndefined();
  });

  it.each(['Q5 2020/21', 'Q2 2020-24', 'Q2 202/2021', 'Q2 2020/22', 'Quarter 4 2019/20 and Quarter 1 2020/21', 'summer 2021', ''])(
    'rejects %s',
    (text) => {
      expect(parseQuarter(text, new Date('2020-11-20T12:00:00Z'))).toBeUndefined();
    },
  );
});

describe('labels', () => {
  it('quarterRange, previousQuarter, formatQuarter', () => {
    expect(quarterRange('2020/21-Q2')).toEqual({ start: '2020-07-01', end: '2020-09-30' });
    expect(quarterRange('2019/20-Q4')).toEqual({ start: '2020-01-01', end: '2020-03-31' });
    expect(quarterRange('2023/24-Q4')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(previousQuarter('2020/21-Q1')).toBe('2019/20-Q4');
    expect(previousQuarter('2020/21-Q3')).toBe('2020/21-Q2');
    expect(nextQuarter('2020/21-Q4')).toBe('2021/22-Q1');
    expect(formatQuarter('2020/21-Q2')).toBe('Q2 2020/21 (July to September 2020)');
    expect(formatQuarter('2020/21-Q1')).toBe('Q1 2020/21 (April to June 2020)');
    expect(formatQuarter('2020/21-Q3')).toBe('Q3 2020/21 (October to December 2020)');
    expect(formatQuarter('2020/21-Q4')).toBe('Q4 2020/21 (January to March 2021)');
  });

  it('rejects bad labels', () => {
    expect(() => quarterRange('Q2 2020/21')).toThrow(RangeError);
    expect(() => previousQuarter('2020/22-Q2')).toThrow(RangeError);
    expect(() => formatQuarter('2020/21-Q5')).toThrow(RangeError);
  });
});
