/**
 * Weekly digest computation on 10,000 actions and 500 leads (goal: under 200 ms), against a
 * baseline measured in the same run: one pass over the same actions asking only "is it open?"
 * per plan.
 *
 * Each timed run gets a fresh copy of the actions (new objects, so no per-object cache helps) and a
 * fresh snapshot (its indexes rebuilt), as a weekly run in a long-running bot would. The first run
 * in the process also pays for JIT and Intl/luxon warm-up and empty date caches: shown apart.
 */
import { computeDigests } from '../../src/domain/digest/index.js';
import type { Action, StoreData } from '../../src/domain/model.js';
import { Snapshot } from '../../src/domain/snapshot.js';
import { isClosed } from '../../src/domain/slippage.js';
import { generateStore } from '../generate.js';
import type { BenchSuite } from '../run.js';
import { printTable, summarise } from '../stats.js';

const ACTIONS = 10_000;
const LEADS = 500;
const RUNS = 15;
const GOAL_MS = 200;
const TODAY = '2020-11-23';

/** Adds what the generator leaves out: proposed and endorsed revisions, recent and old updates, resolutions. */
function enrich(data: StoreData): StoreData {
  const actions: Action[] = data.actions.map((action, i) => {
    const extra: Partial<Action> = {};
    if (i % 9 === 0) {
      extra.revisions = [{ id: `r${i}`, to: { kind: 'month', raw: 'June 2021', value: '2021-06', yearBasis: 'stated', tentative: false }, state: i % 18 === 0 ? 'endorsed' : 'proposed' }];
    }
    if (i % 4 === 0) extra.lastUpdatedAt = i % 8 === 0 ? '2020-11-02T10:00:00Z' : '2020-05-01T10:00:00Z';
    return { ...action, ...extra };
  });
  return { ...data, actions };
}

function baseline(snapshot: Snapshot): number {
  const open = new Map<string, number>();
  for (const action of snapshot.actions) if (!isClosed(action)) open.set(action.planId, (open.get(action.planId) ?? 0) + 1);
  return open.size;
}

function time(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

async function run(): Promise<void> {
  const data = enrich(generateStore(ACTIONS, LEADS));
  const fresh = (): StoreData => ({ ...data, actions: structuredClone(data.actions) });
  const options = { today: TODAY, dueWeeks: 4, staleWeeks: 12 };
  const first = fresh();
  const cold = time(() => computeDigests(new Snapshot(first, 1), options));
  const digestTimes: number[] = [];
  const baselineTimes: number[] = [];
  let leads = 0;
  let lines = 0;
  for (let i = 0; i < RUNS; i++) {
    const copy = fresh();
    baselineTimes.push(time(() => baseline(new Snapshot(copy, i + 2))));
    digestTimes.push(
      time(() => {
        const result = computeDigests(new Snapshot(copy, i + 2), options);
        leads = [...result.people.values()].filter((p) => p.lead).length;
        lines = [...result.people.values()].reduce((n, p) => n + (p.lead?.total ?? 0), 0);
      }),
    );
  }
  const digest = summarise(digestTimes);
  const base = summarise(baselineTimes);
  printTable([
    { measure: `digest p50 of ${RUNS} (fresh copies)`, ms: digest.p50, goal: `< ${GOAL_MS} ms`, met: digest.p50 < GOAL_MS ? 'yes' : 'NO' },
    { measure: `digest p95 of ${RUNS} (fresh copies)`, ms: digest.p95, goal: `< ${GOAL_MS} ms`, met: digest.p95 < GOAL_MS ? 'yes' : 'NO' },
    { measure: 'digest, first in process (JIT, Intl warm-up)', ms: cold, goal: '-', met: '-' },
    { measure: 'baseline: one pass "is it open?" p50', ms: base.p50, goal: '-', met: '-' },
    { measure: 'ratio digest / baseline (p50)', ms: digest.p50 / Math.max(base.p50, 0.001), goal: '-', met: '-' },
  ]);
  process.stdout.write(`${ACTIONS.toLocaleString('en-GB')} actions, ${LEADS} people; ${leads} leads with something to report, ${lines.toLocaleString('en-GB')} digest lines.\n`);
}

const suite: BenchSuite = { name: 'weekly digest computation (10,000 actions, 500 leads)', run };
export default suite;
