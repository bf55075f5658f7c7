/**
 * Questions about performance measures, answered from the snapshot's measure index: lists filtered by
 * priority, category, benchmark, trajectory and new measures; one measure by number however it is
 * written; the priorities of a council's measures. Pure: no clock is needed, nothing is read from disk.
 *
 * Benchmark and trajectory are reported as the plan words them and never turned into a colour: the
 * source gives no polarity, and "Above Average" is good for some measures and bad for others.
 */
import { foldWords } from '../keyed-index.js';
import type { BenchmarkPosition, PerformanceMeasure, Trajectory } from '../model.js';
import type { Snapshot } from '../snapshot.js';
import { strictestSensitivity, visibleRecords, type Audience, type Sensitivity } from '../visibility.js';
import { findMeasureNumbers, measureNumberKey, measureStemKey } from './measure-number.js';

export interface MeasureFilter {
  councilId?: string;
  planId?: string;
  /** A priority code ("EP", "vul") or words of its heading ("vulnerable people"); see resolveMeasurePriority. */
  priority?: string;
  category?: PerformanceMeasure['category'];
  benchmark?: BenchmarkPosition | readonly BenchmarkPosition[];
  trajectory?: Trajectory | readonly Trajectory[];
  /** true: only new measures (no trajectory yet); false: leave them out. */
  newMeasure?: boolean;
  /** When given, measures this audience may not see (internal-only plans in a channel) are left out. */
  audience?: Audience;
}

/** Plain-language words for the benchmark positions and trajectories, for answers. */
export const BENCHMARK_WORDS: Record<BenchmarkPosition, string> = {
  'above-average': 'above average',
  average: 'average',
  'below-average': 'below average',
  'not-applicable': 'no benchmark (N/a)',
  'to-be-confirmed': 'benchmark to be confirmed',
};
export const TRAJECTORY_WORDS: Record<Trajectory, string> = {
  improving: 'improving',
  stable: 'stable',
  declining: 'declining',
  'not-applicable': 'no trajectory (N/a)',
};

/** The effective sensitivity of a measure: its own, or its plan's if stricter. */
export function measureSensitivity(snapshot: Snapshot, measure: PerformanceMeasure): Sensitivity {
  return strictestSensitivity(measure.sensitivity, snapshot.plan(measure.planId)?.sensitivity);
}

export function measuresMatching(snapshot: Snapshot, filter: MeasureFilter = {}): PerformanceMeasure[] {
  const index = snapshot.measureIndex();
  let measures: readonly PerformanceMeasure[];
  if (filter.priority !== undefined) {
    const priorities = resolveMeasurePriority(snapshot, filter.priority, filter.councilId);
    measures = priorities.flatMap((p) => index.ofPriority(p.councilId, p.prefix));
  } else if (filter.planId) measures = index.ofPlan(filter.planId);
  else if (filter.councilId) measures = index.ofCouncil(filter.councilId);
  else measures = index.all();

  const benchmarks = asSet(filter.benchmark);
  const trajectories = asSet(filter.trajectory);
  const matching = measures.filter(
    (m) =>
      (!filter.councilId || m.councilId === filter.councilId) &&
      (!filter.planId || m.planId === filter.planId) &&
      (!filter.category || m.category === filter.category) &&
      (!benchmarks || benchmarks.has(m.benchmark.value)) &&
      (!trajectories || trajectories.has(m.trajectory.value)) &&
      (filter.newMeasure === undefined || m.newMeasure === filter.newMeasure),
  );
  return visibleRecords(matching, filter.audience, (m) => measureSensitivity(snapshot, m));
}

export type MeasureLookup =
  | { kind: 'one'; measure: PerformanceMeasure }
  /** The number names several measures ("VUL 10" is 10a and 10b; one number in two councils). */
  | { kind: 'several'; measures: PerformanceMeasure[] }
  | { kind: 'none'; /** The number as read, when the text held one. */ read?: string };

/**
 * One measure by its number, however written ("EP3", "ep 3", "Vul 10b", "COU 1"). Without a letter
 * the number finds all its lettered measures, and the caller asks which. Scoped to a council when
 * given; measures the audience may not see are treated as not found.
 */
export function measureByNumber(snapshot: Snapshot, text: string, options: { councilId?: string; audience?: Audience } = {}): MeasureLookup {
  const index = snapshot.measureIndex();
  const candidates = findMeasureNumbers(text);
  for (const number of candidates) {
    const exact = visible(snapshot, index.withNumber(measureNumberKey(number), options.councilId), options.audience);
    if (exact.length === 1) return { kind: 'one', measure: exact[0]! };
    if (exact.length > 1) return { kind: 'several', measures: exact };
    if (!number.suffix) {
      const lettered = visible(snapshot, index.withStem(measureStemKey(number), options.councilId), options.audience);
      if (lettered.length === 1) return { kind: 'one', measure: lettered[0]! };
      if (lettered.length > 1) return { kind: 'several', measures: lettered };
    }
  }
  const first = candidates[0];
  return { kind: 'none', read: first ? measureNumberKey(first) : undefined };
}

export interface MeasurePriority {
  councilId: string;
  /** The number prefix of its measures ("EP"). */
  prefix: string;
  /** The heading as written ("Enable our residents to fulfil their potential"). */
  priority: string;
  count: number;
}

/** The priorities a council's measures sit under, in the plan's order, with how many measures each. */
export function measurePriorities(snapshot: Snapshot, councilId?: string): MeasurePriority[] {
  const index = snapshot.measureIndex();
  const councils = councilId ? [councilId] : index.councils();
  const out: MeasurePriority[] = [];
  for (const council of councils) {
    const seen = new Map<string, MeasurePriority>();
    for (const m of index.ofCouncil(council)) {
      const known = seen.get(m.prefix);
      if (known) known.count += 1;
      else seen.set(m.prefix, { councilId: council, prefix: m.prefix, priority: m.priority, count: 1 });
    }
    out.push(...seen.values());
  }
  return out;
}

const PRIORITY_STOP_WORDS = new Set(['the', 'our', 'to', 'and', 'of', 'in', 'a', 'an', 'priority', 'measures', 'measure', 'under', 'for', 'them', 'make', 'help', 'their']);

/**
 * A priority named by its code ("EP", "vul") or by words of its heading ("vulnerable", "businesses
 * to thrive", "innovative and commercial council"). Every significant word must be in the heading.
 */
export function resolveMeasurePriority(snapshot: Snapshot, text: string, councilId?: string): MeasurePriority[] {
  const priorities = measurePriorities(snapshot, councilId);
  const folded = foldWords(text);
  const byCode = priorities.filter((p) => p.prefix.toLowerCase() === folded.replace(/\s+/g, ''));
  if (byCode.length) return byCode;
  const words = folded.split(' ').filter((w) => w && !PRIORITY_STOP_WORDS.has(w));
  if (!words.length) return [];
  return priorities.filter((p) => {
    const heading = ` ${foldWords(p.priority)} `;
    return words.every((w) => heading.includes(` ${w}`));
  });
}

function asSet<T extends string>(value: T | readonly T[] | undefined): Set<T> | undefined {
  if (value === undefined) return undefined;
  return new Set(typeof value === 'string' ? [value] : (value as readonly T[]));
}

function visible(snapshot: Snapshot, measures: readonly PerformanceMeasure[], audience: Audience | undefined): PerformanceMeasure[] {
  return visibleRecords(measures, audience, (m) => measureSensitivity(snapshot, m));
}
