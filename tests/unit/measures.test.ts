/**
 * Performance measure questions over the demo dataset (Stoke's Operating Plan 2020-21 appendix):
 * filters, one measure by number however written, priorities, and the internal-only rule.
 */
import { describe, expect, it } from 'vitest';
import {
  BENCHMARK_WORDS,
  findMeasureNumbers,
  MeasureIndex,
  measureByNumber,
  measurePriorities,
  measuresMatching,
  parseMeasureNumber,
  resolveMeasurePriority,
} from '../../src/domain/measures/index.js';
import { PerformanceMeasure } from '../../src/domain/model.js';
import { Snapshot } from '../../src/domain/snapshot.js';
import type { Audience } from '../../src/domain/visibility.js';
import { demoData } from '../helpers/chat-context.js';

const snapshot = new Snapshot(demoData(), 1);
const numbers = (ms: readonly { number: string }[]) => ms.map((m) => m.number);
const officerInPersonalChat: Audience = { conversationKind: 'personal', mayReadInternal: true, mayReadExempt: false };
const channel: Audience = { conversationKind: 'channel', mayReadInternal: true, mayReadExempt: true };

describe('reading measure numbers', () => {
  it('reads every way the numbers are written to one key', () => {
    expect(parseMeasureNumber('EP3')).toEqual({ prefix: 'EP', sequence: 3, suffix: undefined });
    expect(parseMeasureNumber('what about ep 3?')).toEqual({ prefix: 'EP', sequence: 3, suffix: undefined });
    expect(parseMeasureNumber('Vul 10b')).toEqual({ prefix: 'VUL', sequence: 10, suffix: 'b' });
    expect(parseMeasureNumber('<u>COU 1</u>')).toEqual({ prefix: 'COU', sequence: 1, suffix: undefined });
    expect(parseMeasureNumber('EP-03')).toEqual({ prefix: 'EP', sequence: 3, suffix: undefined });
    expect(parseMeasureNumber('nothing here')).toBeUndefined();
    expect(findMeasureNumbers('compare EP 4 and VUL 7').map((n) => `${n.prefix} ${n.sequence}`)).toEqual(['EP 4', 'VUL 7']);
  });
});

describe('one measure by number', () => {
  it.each([['EP3'], ['ep 3'], ['EP 3'], ['measure EP03'], ['the benchmark for EP3 please']])('"%s" finds EP 3', (text) => {
    const found = measureByNumber(snapshot, text);
    expect(found.kind === 'one' && found.measure.measure).toBe('JSA/UC Claimant Count (% of working age population)');
  });

  it('finds Vul 10b and COU 1 as written, and asks which when the letter is missing', () => {
    const vul = measureByNumber(snapshot, 'Vul 10b');
    expect(vul.kind === 'one' && vul.measure.numberRaw).toBe('Vul 10b');
    const cou = measureByNumber(snapshot, 'COU 1');
    expect(cou.kind === 'one' && cou.measure.numberRaw).toBe('<u>COU 1</u>');
    const both = measureByNumber(snapshot, 'VUL 10');
    expect(both.kind === 'several' && numbers(both.measures)).toEqual(['VUL 10a', 'VUL 10b']);
  });

  it('says what it read when nothing matches, and scopes by council', () => {
    expect(measureByNumber(snapshot, 'EP 99')).toEqual({ kind: 'none', read: 'EP 99' });
    expect(measureByNumber(snapshot, 'EP 3', { councilId: 'derby' })).toEqual({ kind: 'none', read: 'EP 3' });
    expect(measureByNumber(snapshot, 'EP 3', { councilId: 'stoke' }).kind).toBe('one');
  });

  it('treats an internal measure as not found in a channel', () => {
    expect(measureByNumber(snapshot, 'EP 3', { audience: channel }).kind).toBe('none');
    expect(measureByNumber(snapshot, 'EP 3', { audience: officerInPersonalChat }).kind).toBe('one');
  });
});

describe('lists of measures', () => {
  it('filters by benchmark and trajectory: below average and declining', () => {
    expect(numbers(measuresMatching(snapshot, { benchmark: 'below-average', trajectory: 'declining' }))).toEqual([
      'EP 1',
      'EP 11',
      'EP 21a',
      'EP 21b',
      'COM 1',
      'COM 6',
      'COU 3',
    ]);
  });

  it('lists the new measures with no trajectory', () => {
    const fresh = measuresMatching(snapshot, { newMeasure: true });
    expect(numbers(fresh)).toEqual(['VUL 15', 'VUL 16']);
    expect(fresh.every((m) => m.trajectory.raw === 'N/a – New measure')).toBe(true);
  });

  it('filters by priority (code or words) and category', () => {
    expect(measuresMatching(snapshot, { priority: 'vul' })).toHaveLength(19);
    expect(measuresMatching(snapshot, { priority: 'vulnerable people' })).toHaveLength(19);
    expect(measuresMatching(snapshot, { priority: 'businesses', category: 'process' }).map((m) => m.number)).toEqual(['HB 11', 'HB 12', 'HB 13', 'HB 14']);
    expect(measuresMatching(snapshot, { category: 'population-outcome' })).toHaveLength(53);
    expect(measuresMatching(snapshot, { benchmark: ['above-average', 'average'], priority: 'EP' })).toHaveLength(11);
  });

  it('never colours a benchmark: the words say the position only', () => {
    expect(BENCHMARK_WORDS['above-average']).toBe('above average');
    expect(Object.values(BENCHMARK_WORDS).join(' ')).not.toMatch(/red|amber|green|good|bad/i);
  });

  it('keeps internal measures out of a channel and in for a linked officer', () => {
    expect(measuresMatching(snapshot, { audience: channel })).toEqual([]);
    expect(measuresMatching(snapshot, { audience: officerInPersonalChat })).toHaveLength(79);
    expect(measuresMatching(snapshot, { audience: { conversationKind: 'personal', mayReadInternal: false, mayReadExempt: false } })).toEqual([]);
  });

  it('holds none for a council without measures', () => {
    expect(measuresMatching(snapshot, { councilId: 'derby' })).toEqual([]);
  });
});

describe('priorities', () => {
  it("lists Stoke's five priorities in the appendix order with their counts", () => {
    expect(measurePriorities(snapshot, 'stoke').map((p) => [p.prefix, p.count])).toEqual([
      ['EP', 22],
      ['HB', 16],
      ['COM', 13],
      ['COU', 9],
      ['VUL', 19],
    ]);
    expect(resolveMeasurePriority(snapshot, 'innovative and commercial council').map((p) => p.prefix)).toEqual(['COU']);
    expect(resolveMeasurePriority(snapshot, 'communities').map((p) => p.prefix)).toEqual(['COM', 'VUL']);
    expect(resolveMeasurePriority(snapshot, 'the')).toEqual([]);
  });
});

describe('the measure index can be updated one measure at a time', () => {
  it('adds, replaces and removes without a rebuild', () => {
    const base = snapshot.performanceMeasures[0]!;
    const index = MeasureIndex.from([base]);
    const other = PerformanceMeasure.parse({ ...base, id: 'x-ep-3', councilId: 'derby', planId: 'x', number: 'EP 3', sequence: 3, numberRaw: 'EP3' });
    index.add(other);
    expect(index.withNumber('EP 3').map((m) => m.id)).toEqual(['x-ep-3']);
    expect(index.withNumber('EP 3', 'derby')).toHaveLength(1);
    index.add({ ...other, number: 'EP 4', sequence: 4 });
    expect(index.withNumber('EP 3')).toEqual([]);
    expect(index.withNumber('EP 4', 'derby')).toHaveLength(1);
    index.remove('x-ep-3');
    expect(index.ofCouncil('derby')).toEqual([]);
    expect(index.councils()).toEqual([base.councilId]);
  });
});
