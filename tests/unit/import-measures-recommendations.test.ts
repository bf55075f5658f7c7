/**
 * Importing performance measures and recommendations from a spreadsheet: column guesses, the
 * mapping file, heading rows, matching on re-import, rejections with reasons, and links from
 * recommendations to the actions that answer them.
 */
import { describe, expect, it } from 'vitest';
import { Plan } from '../../src/domain/model.js';
import { ColumnMappingError } from '../../src/features/imports/plan/columns.js';
import { computeMeasureImport, importMeasures } from '../../src/features/imports/plan/measures.js';
import { RecordMappingFile } from '../../src/features/imports/plan/record-columns.js';
import { computeRecommendationImport, importRecommendations } from '../../src/features/imports/plan/recommendations.js';
import { PlanImportError } from '../../src/features/imports/plan/types.js';
import { readTable } from '../../src/features/imports/table.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { demoData } from '../helpers/chat-context.js';

const now = new Date('2021-01-10T10:00:00Z');
const actor = { name: 'Test Admin' };
const csv = (name: string, rows: string[][]) => readTable(name, Buffer.from(rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n')));

/** A Derby plan to take measures, and a Derby recommendation tracker. */
function store(): MemoryStore {
  const data = demoData();
  data.plans.push(
    Plan.parse({ id: 'derby-measures', councilId: 'derby', title: 'Derby Council Plan measures', kind: 'operating-plan', sensitivity: 'internal' }),
    Plan.parse({ id: 'derby-audit-recs', councilId: 'derby', title: 'Derby External Audit recommendations', kind: 'recommendation-tracker' }),
  );
  return new MemoryStore(data);
}

const MEASURES = [
  ['Derby City Council – Council Plan measures 2021', '', '', ''],
  ['Measure No.', 'Measure', 'Benchmark Position', 'Performance Trajectory (last 12 months)'],
  ['A thriving economy', '', '', ''],
  ['Population Outcomes', '', '', ''],
  ['EC1', 'Number of new business starts', '<b>Above Average</b>', 'Improving'],
  ['ec 2', 'Employment rate (%)', 'Below Average except city centre', 'N/a – New measure'],
  ['Process', '', '', ''],
  ['EC 3', 'Invoices paid in 30 days (%)', 'Top quartile', 'Stable'],
  ['EC 4', 'Planning applications decided on time (%)', 'Average', 'Getting worse'],
  ['EC1', 'Duplicate of the first', 'Average', 'Stable'],
  ['', 'A measure without a number', 'Average', 'Stable'],
];

describe('importing performance measures', () => {
  it('finds the header under a title row, reads heading rows as priority and category, and reports every row', async () => {
    const s = store();
    const report = await importMeasures(s, await csv('measures.csv', MEASURES), { planId: 'derby-measures', actor, now, importId: 'm1' });
    expect(report.headerRow).toBe(2);
    expect(report.columns.map((c) => [c.field, c.header, c.how])).toEqual([
      ['number', 'Measure No.', 'guessed'],
      ['measure', 'Measure', 'guessed'],
      ['benchmark', 'Benchmark Position', 'guessed'],
      ['trajectory', 'Performance Trajectory (last 12 months)', 'guessed'],
    ]);
    expect(report.headings.map((h) => h.text)).toEqual(['A thriving economy', 'Population Outcomes', 'Process']);
    expect(report.counts).toEqual({ imported: 2, updated: 0, unchanged: 0, rejected: 4 });
    expect(report.rows.filter((r) => r.outcome === 'rejected').map((r) => r.reason)).toEqual([
      expect.stringContaining("benchmark 'Top quartile' not understood"),
      expect.stringContaining("trajectory 'Getting worse' not understood"),
      'duplicate measure number EC 1 (already on row 5)',
      'missing measure number',
    ]);

    const snap = await s.snapshot();
    const ec1 = snap.performanceMeasures.find((m) => m.number === 'EC 1')!;
    expect(ec1).toMatchObject({
      councilId: 'derby',
      numberRaw: 'EC1',
      priority: 'A thriving economy',
      category: 'population-outcome',
      benchmark: { raw: '<b>Above Average</b>', value: 'above-average' },
      trajectory: { raw: 'Improving', value: 'improving', periodRaw: 'last 12 months' },
      sensitivity: 'internal',
      source: { document: 'measures.csv', note: 'row 5' },
    });
    const ec2 = snap.performanceMeasures.find((m) => m.number === 'EC 2')!;
    expect(ec2).toMatchObject({ newMeasure: true, benchmark: { value: 'below-average', qualifier: 'except city centre' } });
    expect(snap.data.audit.filter((a) => a.command === 'import-measures')).toHaveLength(2);
  });

  it('changes nothing on a second import, and updates only what changed', async () => {
    const s = store();
    const table = await csv('measures.csv', MEASURES);
    await importMeasures(s, table, { planId: 'derby-measures', actor, now, importId: 'm1' });
    const again = await importMeasures(s, table, { planId: 'derby-measures', actor, now, importId: 'm2' });
    expect(again.counts).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
    const changed = MEASURES.map((r) => (r[0] === 'EC1' && r[1] === 'Number of new business starts' ? [r[0], r[1], r[2], 'Declining'] : r));
    const third = await importMeasures(s, await csv('measures.csv', changed), { planId: 'derby-measures', actor, now, importId: 'm3' });
    expect(third.rows.find((r) => r.outcome === 'updated')).toMatchObject({ label: 'EC1 Number of new business starts', changes: ['trajectory changed'] });
    expect((await s.snapshot()).performanceMeasures.find((m) => m.number === 'EC 1')?.trajectory.value).toBe('declining');
  });

  it('takes a mapping file: other column names and extra benchmark and trajectory words', async () => {
    const rows = [
      ['PI', 'Indicator', 'Compared with England', 'Direction of travel'],
      ['KP 1', 'Rough sleepers (number)', 'better than average', 'getting worse'],
    ];
    const mapping = RecordMappingFile.parse({
      columns: { number: 'PI', measure: 'Indicator', benchmark: 'Compared with England', trajectory: 'D' },
      benchmarkLabels: { 'better than average': 'above-average' },
      trajectoryLabels: { 'getting worse': 'declining' },
    });
    const s = store();
    const { report, writes } = computeMeasureImport(await s.snapshot(), await csv('kpis.csv', rows), { planId: 'derby-measures', mapping, actor, now, importId: 'm4' });
    expect(report.counts.imported).toBe(1);
    expect(writes.measures[0]).toMatchObject({ number: 'KP 1', benchmark: { raw: 'better than average', value: 'above-average' }, trajectory: { value: 'declining', periodRaw: 'not stated' } });
    expect(report.rows[0]!.warnings).toContain('no category given: recorded as population outcome');
  });

  it('says what is wrong with a sheet or a plan it cannot use', async () => {
    const snap = await store().snapshot();
    await expect(csv('x.csv', [['Ref', 'Owner'], ['1', 'x']]).then((t) => computeMeasureImport(snap, t, { planId: 'derby-measures', actor, now, importId: 'x' }))).rejects.toThrow(ColumnMappingError);
    expect(() => RecordMappingFile.parse({ columns: {}, nonsense: 1 })).toThrow();
    const table = await csv('m.csv', MEASURES);
    expect(() => computeMeasureImport(snap, table, { planId: 'no-plan', actor, now, importId: 'x' })).toThrow(PlanImportError);
    expect(() => computeMeasureImport(snap, table, { planId: 'derby-measures', actor, now, importId: 'x', mapping: RecordMappingFile.parse({ columns: { owner: 'B' } }) })).toThrow(
      /which performance measures do not have/,
    );
  });
});

const RECOMMENDATIONS = [
  ['Ref', 'Recommendation', 'Theme', 'Source', 'Status', 'Progress', 'Linked actions'],
  ['R1', 'Strengthen the savings plans sign-off', 'Finance', 'External audit', 'In progress', 'Sign-off by each director now in place.', '2.2'],
  ['R2', 'Review the committee system', 'Governance', 'External audit', 'Implemented', '', '4.1, 9.9'],
  ['Information governance', '', '', '', '', '', ''],
  ['R3', 'Refresh breach reporting', '', 'Peer review', 'Amber-ish', '', ''],
  ['R1', 'Duplicate', '', '', '', '', ''],
];

describe('importing recommendations', () => {
  it('imports recommendations with themes, status, progress and links to the actions that answer them', async () => {
    const s = store();
    const report = await importRecommendations(s, await csv('recs.csv', RECOMMENDATIONS), { planId: 'derby-audit-recs', actor, now, importId: 'r1' });
    expect(report.columns.map((c) => c.field)).toEqual(['number', 'text', 'theme', 'madeBy', 'status', 'progress', 'actions']);
    expect(report.counts).toEqual({ imported: 3, updated: 0, unchanged: 0, rejected: 1 });
    expect(report.rows.find((r) => r.label.startsWith('R2'))!.warnings).toEqual(["no action 9.9 in this council's plans; not linked"]);
    expect(report.rows.find((r) => r.label.startsWith('R3'))!.warnings).toEqual([
      "status 'Amber-ish' is not a label I know; imported as 'no status reported', with the label kept",
    ]);

    const snap = await s.snapshot();
    const recs = snap.recommendations.filter((r) => r.planId === 'derby-audit-recs');
    expect(recs.map((r) => [r.numberRaw, r.madeBy, r.status.canonical, snap.theme(r.themeId!)?.name])).toEqual([
      ['R1', 'audit', 'IN_PROGRESS', 'Finance'],
      ['R2', 'audit', 'COMPLETED', 'Governance'],
      ['R3', 'peer-challenge', 'UNKNOWN', 'Information governance'],
    ]);
    expect(recs[0]!.progress).toEqual([{ kind: 'reported', text: 'Sign-off by each director now in place.', source: { document: 'recs.csv', note: 'row 2' } }]);
    expect(snap.action('derby-cip-2.2')?.recommendationIds).toEqual([recs[0]!.id]);
    expect(snap.action('derby-cip-4.1')?.recommendationIds).toEqual([recs[1]!.id]);
    expect(snap.recommendationIndex().actionsAnswering(recs[0]!.id).map((a) => a.id)).toEqual(['derby-cip-2.2']);
  });

  it('matches on re-import and never adds a link twice', async () => {
    const s = store();
    const table = await csv('recs.csv', RECOMMENDATIONS);
    await importRecommendations(s, table, { planId: 'derby-audit-recs', actor, now, importId: 'r1' });
    const { report, writes } = computeRecommendationImport(await s.snapshot(), table, { planId: 'derby-audit-recs', actor, now, importId: 'r2' });
    expect(report.counts).toMatchObject({ imported: 0, unchanged: 3 });
    expect(writes.actions).toEqual([]);
    expect(writes.themes).toEqual([]);
  });

  it('only imports into a recommendation tracker', async () => {
    const snap = await store().snapshot();
    const table = await csv('recs.csv', RECOMMENDATIONS);
    expect(() => computeRecommendationImport(snap, table, { planId: 'derby-cip', actor, now, importId: 'x' })).toThrow(/is not a recommendation tracker/);
  });
});
