/**
 * The three documents added to the demo dataset (Stoke's governance statement, peer challenge
 * review and Operating Plan) and the rest of the Staffordshire pack: counts against the documents
 * and a sample of values read back verbatim, from the committed data/demo/demo-data.json.
 *
 * The second half checks the committed data against the shared reference folder (the source
 * documents and their checked readings). A fresh clone has no ../shared, so that half skips; the
 * first half always runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreData, type Action } from '../../src/domain/model.js';
import { projectPath } from '../../src/paths.js';

const data: StoreData = StoreData.parse(JSON.parse(readFileSync(projectPath('data', 'demo', 'demo-data.json'), 'utf8')));
const actionsOf = (planId: string): Action[] => data.actions.filter((a) => a.planId === planId);
const plan = (id: string) => data.plans.find((p) => p.id === id)!;
const action = (id: string) => data.actions.find((a) => a.id === id)!;
const measure = (number: string) => data.performanceMeasures.find((m) => m.number === number)!;
const countBy = <T>(items: readonly T[], key: (item: T) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
};

describe('demo dataset: plans of every kind, each with its council', () => {
  it('holds ten plans across the three councils', () => {
    expect(data.plans.map((p) => [p.id, p.councilId, p.kind])).toEqual([
      ['derby-cip', 'derby', 'improvement-plan'],
      ['staffs-cdp', 'staffordshire', 'delivery-plan'],
      ['stoke-ags-2020-21', 'stoke', 'governance-action-plan'],
      ['stoke-local-partnerships-review-action-plan', 'stoke', 'review-action-plan'],
      ['stoke-lga-cpc-2022', 'stoke', 'recommendation-tracker'],
      ['stoke-op-2020-21', 'stoke', 'operating-plan'],
      ['staffs-ipr-2020-21-q2-commitments', 'staffordshire', 'report-commitments'],
      ['staffs-ombudsman-remedies-2019-20', 'staffordshire', 'recommendation-tracker'],
      ['staffs-communities-cabinet-report', 'staffordshire', 'recommendation-tracker'],
      ['staffs-community-impact-assessment', 'staffordshire', 'recommendation-tracker'],
    ]);
  });

  it('marks the Operating Plan and everything read from it internal, and nothing else', () => {
    expect(plan('stoke-op-2020-21').sensitivity).toBe('internal');
    expect(plan('stoke-op-2020-21').source?.note).toContain('"Operating Plan 2020-2021 (Internal only)" [000:362]');
    expect(new Set(data.performanceMeasures.map((m) => m.sensitivity))).toEqual(new Set(['internal']));
    expect(new Set(data.operatingPlanItems.map((i) => i.sensitivity))).toEqual(new Set(['internal']));
    const others = data.plans.filter((p) => p.id !== 'stoke-op-2020-21');
    for (const p of others) expect(p.sensitivity).toBe('public');
    for (const r of [...data.recommendations, ...data.reports]) expect(r.sensitivity).toBe('public');
  });
});

describe('demo dataset: Stoke Annual Governance Statement 2020/21', () => {
  const ags = actionsOf('stoke-ags-2020-21');

  it('has the 37 governance entries as actions of a governance action plan', () => {
    expect(ags).toHaveLength(37);
    expect(countBy(ags, (a) => a.entryKind ?? 'none')).toEqual({
      action: 14,
      'planned-event': 5,
      'action-plan': 3,
      'area-for-improvement': 3,
      commitment: 3,
      'reporting-arrangement': 3,
      'recommendations-reference': 2,
      finding: 1,
      'improvement-plan': 1,
      workplan: 1,
      priorities: 1,
    });
    expect(countBy(ags, (a) => a.status.canonical)).toEqual({ UNKNOWN: 20, IN_PROGRESS: 13, COMPLETED: 2, DEFERRED: 1, SLIPPED: 1 });
    for (const a of ags) expect(a.number).toBeUndefined();
  });

  it('keeps the self-assessment postponed because of Covid, with its original and revised target', () => {
    const a = action('stoke-ags-2020-21-01');
    expect(a.status).toEqual({ canonical: 'DEFERRED', raw: 'postponed' });
    expect(a.originalTarget).toMatchObject({ kind: 'month', raw: 'March 2020', value: '2020-03' });
    expect(a.revisions).toHaveLength(1);
    expect(a.revisions[0]).toMatchObject({ state: 'endorsed', to: { kind: 'year', raw: '2021', value: 2021 }, reason: 'has been postponed due to the Covid-19 emergency situation' });
    expect(a.description).toBe(
      'This was originally planned for March 2020 but has been postponed due to the Covid-19 emergency situation, it is planned that a self-assessment will be undertaken in 2021.',
    );
    expect(a.owners).toEqual([{ role: 'body', group: 'The Audit Committee', raw: 'The Audit Committee' }]);
    expect(a.source).toMatchObject({ lines: '000:88' });
    expect(a.source?.note).toContain('Paragraph 4.3 of the statement.');
  });

  it('keeps the delayed leadership event as slipped with no new date', () => {
    const a = action('stoke-ags-2020-21-31');
    expect(a.status).toEqual({ canonical: 'SLIPPED', raw: 'delayed' });
    expect(a.originalTarget).toMatchObject({ raw: 'March 2020' });
    expect(a.revisions).toEqual([]);
  });

  it('keeps the review-driven plans and improvement arrangements with what the text gives', () => {
    const improvement = action('stoke-ags-2020-21-08');
    expect(improvement).toMatchObject({ title: "Children's Improvement Plan", entryKind: 'improvement-plan', cadenceRaw: 'on a monthly basis' });
    expect(improvement.owners.map((o) => o.group)).toEqual(['Children’s Commissioner', 'Children’s Improvement Board']);
    expect(improvement.status.raw).toBe('we have now entered the second stage of this plan following review of phase 1');
    expect(action('stoke-ags-2020-21-02').status).toEqual({ canonical: 'COMPLETED', raw: 'all of which have now been implemented' });
    expect(action('stoke-ags-2020-21-37')).toMatchObject({ cadenceRaw: 'on a quarterly basis', sensitivity: 'public' });
    expect(action('stoke-ags-2020-21-37').source?.note).toContain('under closed agenda items');

    const lp = action('stoke-ags-2020-21-22');
    expect(lp.tracksPlanId).toBe('stoke-local-partnerships-review-action-plan');
    const items = actionsOf('stoke-local-partnerships-review-action-plan');
    expect(items).toHaveLength(10);
    expect(items[3]!.title).toBe('A change of reporting line for the Managing Director of Unitas to the Unitas Board.');
    for (const i of items) {
      expect(i).toMatchObject({ owners: [], status: { canonical: 'UNKNOWN' } });
      expect(i.originalTarget).toBeUndefined();
    }
  });

  it('reads dates as written and records none where the year is missing', () => {
    expect(action('stoke-ags-2020-21-04').originalTarget).toEqual({ kind: 'financial_year', raw: 'during 2021/22', fyStartYear: 2021 });
    expect(action('stoke-ags-2020-21-10').originalTarget).toMatchObject({ kind: 'season', raw: 'spring 2022', season: 'spring', year: 2022 });
    expect(action('stoke-ags-2020-21-09').originalTarget).toMatchObject({ kind: 'month', qualifier: 'until', value: '2022-03' });
    expect(action('stoke-ags-2020-21-33').originalTarget).toBeUndefined();
    expect(action('stoke-ags-2020-21-33').source?.note).toContain('Due "May/June" with no year given');
  });
});

describe('demo dataset: Stoke LGA Corporate Peer Challenge progress review', () => {
  const recommendations = data.recommendations.filter((r) => r.planId === 'stoke-lga-cpc-2022');

  it('has 10 recommendations under the four themes, five of them from a list that may be partial', () => {
    expect(recommendations).toHaveLength(10);
    const themes = data.themes.filter((t) => t.planId === 'stoke-lga-cpc-2022');
    expect(themes.map((t) => t.name)).toEqual([
      "Children's and Young People's Priorities and Progress",
      'Economic Development and Civic Pride',
      'Medium Term Financial Strategy',
      'Organisational Culture and Improvement',
    ]);
    expect(countBy(recommendations, (r) => r.themeId!)).toEqual({
      'stoke-lga-cpc-2022-t1': 1,
      'stoke-lga-cpc-2022-t2': 2,
      'stoke-lga-cpc-2022-t3': 2,
      'stoke-lga-cpc-2022-t4': 5,
    });
    expect(recommendations.filter((r) => r.partOfPartialList)).toHaveLength(5);
    for (const r of recommendations) expect(r.status).toEqual({ canonical: 'UNKNOWN' });
  });

  it('keeps what each asked for and the narrative on progress, paragraph by paragraph', () => {
    const mtfs = recommendations.find((r) => r.id === 'stoke-lga-cpc-2022-rec-04')!;
    expect(mtfs.text).toBe(
      'Map out how the financial gap will be addressed over the five years of the Medium-Term Financial Strategy (MTFS) – reflecting the specific actions required around savings and income generation',
    );
    expect(mtfs.introRaw).toBe('The corporate peer challenge recommended that the council:');
    expect(mtfs.progress.map((p) => p.source.lines)).toEqual(['001:131', '001:133', '001:134', '001:135', '001:137', '001:139', '001:141', '001:143']);
    const view = mtfs.progress.find((p) => p.kind === 'reviewer-view')!;
    expect(view.text).toContain('the peer team see it as crucial for this to crystallise into clear savings plans');
    expect(mtfs.progress[5]!.text).toContain('The forecast out-turn for 2022/23 at the end of quarter two in September was an overspend of £8.5m');
    expect(recommendations.find((r) => r.id === 'stoke-lga-cpc-2022-rec-03')!.introRaw).toBe('It also recommended');
  });

  it('links what the review records to the recommendation it answers', () => {
    const review = actionsOf('stoke-lga-cpc-2022');
    expect(review).toHaveLength(20); // 21 items in the reading; the LGA contact is a plan note
    expect(countBy(review, (a) => a.entryKind!)).toEqual({ commitment: 12, 'offer-of-support': 4, suggestion: 3, issue: 1 });
    expect(action('stoke-lga-cpc-2022-11').recommendationIds).toEqual(['stoke-lga-cpc-2022-rec-04']);
    expect(action('stoke-lga-cpc-2022-04').owners).toEqual([{ role: 'body', group: 'Matt Jukes, Chief Executive, Hull City Council', raw: 'Matt Jukes' }]);
    expect(action('stoke-lga-cpc-2022-10').status).toEqual({ canonical: 'ON_TRACK', raw: 'on target for completion in early 2025' });
    expect(action('stoke-lga-cpc-2022-09').originalTarget).toEqual({ kind: 'relative', raw: 'in the new year', anchor: '2022-12-12' });
    expect(plan('stoke-lga-cpc-2022').notes?.some((n) => n.startsWith('Helen Murray (Principal Adviser for the West Midlands) is the main point of contact'))).toBe(true);
  });
});

describe('demo dataset: Stoke Operating Plan 2020-21', () => {
  const sections = data.themes.filter((t) => t.planId === 'stoke-op-2020-21');

  it('has ten strategic themes and eight enabling functions with their typed lists', () => {
    expect(countBy(sections, (t) => t.kind)).toEqual({ theme: 10, 'enabling-function': 8 });
    expect(sections.map((t) => t.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(data.operatingPlanItems).toHaveLength(443);
    expect(countBy(data.operatingPlanItems, (i) => i.list)).toEqual({
      'key-activity': 199,
      'key-priority': 72,
      'key-risk': 72,
      'improvement-project': 65,
      'efficiency-commitment': 35,
    });
    // Enabling functions have no efficiency commitments and no objective codes.
    const enabling = new Set(sections.filter((t) => t.kind === 'enabling-function').map((t) => t.id));
    const ofEnabling = data.operatingPlanItems.filter((i) => enabling.has(i.themeId));
    expect(ofEnabling.filter((i) => i.list === 'efficiency-commitment')).toEqual([]);
    expect(ofEnabling.flatMap((i) => i.objectiveCodes)).toEqual([]);
  });

  it('keeps priorities with their objective codes and every entry as written', () => {
    const first = data.operatingPlanItems.find((i) => i.id === 'stoke-op-2020-21-s-1-key-priority-1')!;
    expect(first.text).toBe(
      'Develop a whole-city vision and strategy focused on the needs of children and young people, owned by all partners and supported by a clear programme plan. (1, 2, 4)',
    );
    expect(first).toMatchObject({ objectiveCodes: [1, 2, 4], objectiveCodesRaw: '(1, 2, 4)', source: { lines: '003:231' } });
    const second = data.operatingPlanItems.find((i) => i.id === 'stoke-op-2020-21-s-1-key-priority-2')!;
    expect(second.subItems).toHaveLength(4);
    expect(second.objectiveCodes).toEqual([1, 2]);
    expect(data.operatingPlanItems.find((i) => i.id === 'stoke-op-2020-21-s-10-key-priority-4')?.objectiveCodesRaw).toBe('(2,4, 5)');
    const risk = data.operatingPlanItems.find((i) => i.source.lines === '003:281')!;
    expect(risk).toMatchObject({ list: 'key-risk', text: 'Unable to recruit and retain high quality staff at all levels.' });
    expect(sections.find((t) => t.code === 'B')).toMatchObject({ name: 'Workforce and Organisational Development', headingRaw: '## **B - Workforce and Organisational Development**' });
  });

  it('has the 79 measures: EP 22, HB 16, COM 13, COU 9, VUL 19; 53 population outcome and 26 process', () => {
    const measures = data.performanceMeasures;
    expect(measures).toHaveLength(79);
    expect(countBy(measures, (m) => m.prefix)).toEqual({ EP: 22, HB: 16, COM: 13, COU: 9, VUL: 19 });
    expect(countBy(measures, (m) => m.category)).toEqual({ 'population-outcome': 53, process: 26 });
    expect(countBy(measures, (m) => m.benchmark.value)).toEqual({ 'above-average': 24, 'not-applicable': 24, 'below-average': 23, average: 5, 'to-be-confirmed': 3 });
    expect(countBy(measures, (m) => m.trajectory.value)).toEqual({ declining: 32, improving: 32, stable: 13, 'not-applicable': 2 });
    expect(measures.filter((m) => m.newMeasure).map((m) => m.number)).toEqual(['VUL 15', 'VUL 16']);
    for (const m of measures) {
      expect(m.councilId).toBe('stoke');
      expect(m.trajectory.periodRaw).toBe('last 12 months');
      // No colour of any kind: the source gives no polarity.
      expect(Object.keys(m)).not.toContain('rag');
    }
  });

  it('reads measure numbers, benchmarks and trajectories back as written', () => {
    expect(measure('EP 4')).toMatchObject({
      measure: 'Teenage Conceptions (Rate per 1,000)',
      priority: 'Enable our residents to fulfil their potential',
      category: 'population-outcome',
      benchmark: { raw: '<b>Above Average</b>', value: 'above-average' },
      trajectory: { raw: 'Declining', value: 'declining' },
      source: { lines: '003:998' },
    });
    expect([measure('EP 3').numberRaw, measure('VUL 10b').numberRaw, measure('COU 1').numberRaw]).toEqual(['EP3', 'Vul 10b', '<u>COU 1</u>']);
    expect(measure('COM 1').benchmark).toEqual({ raw: '<b>Below Average except unclassified roads</b>', value: 'below-average', qualifier: 'except unclassified roads' });
    expect(measure('COM 12').benchmark).toEqual({ raw: 'N/A', value: 'not-applicable' });
    expect(measure('HB 6a').benchmark).toEqual({ raw: '<b>Tbc</b>', value: 'to-be-confirmed' });
    expect(measure('VUL 15')).toMatchObject({ newMeasure: true, trajectory: { raw: 'N/a – New measure', value: 'not-applicable' } });
    expect(measure('COM 8').categoryRaw).toBe('Process Measures');
    expect(measure('COM 7').measure).toBe('Air Quality - NO2 ( $\\mu\\text{g}/\\text{m}^3$ )');
  });
});

describe('demo dataset: the rest of the Staffordshire Corporate Review pack', () => {
  const ipr = data.reports.find((r) => r.id === 'staffs-ipr-2020-21-q2')!;
  const complaints = data.reports.find((r) => r.id === 'staffs-complaints-2019-20')!;

  it('keeps the Q2 2020/21 overall assessment as reported, with its period', () => {
    expect(ipr).toMatchObject({ kind: 'integrated-performance-report', periodLabel: 'Quarter 2, 2020/21', fyStartYear: 2020, quarter: 2, meetingId: 'staffs-crc-2020-11-17' });
    expect(ipr.overallAssessment).toEqual({
      rating: 'amber',
      ratingRaw: 'amber',
      sentence: "At the end of Quarter 2, the overall assessment on the Council's performance and financial position is amber.",
      periodLabel: 'Quarter 2, 2020/21',
      source: expect.objectContaining({ lines: '002:713' }),
    });
  });

  it('keeps both inconsistent statements of the forecast outturn, never reconciled', () => {
    expect(ipr.forecastOutturn.map((f) => [f.valueRaw, f.value, f.source.lines, f.periodLabel])).toEqual([
      ['£1.809m (0.3%)', 1.809, '002:713', 'Quarter 2, 2020/21'],
      ['£1.8m (0.8%)', 1.8, '002:881', 'Quarter 2, 2020/21'],
      ['£10.1m (1.9%)', 10.1, '002:881', 'quarter 1'],
    ]);
    expect(ipr.forecastOutturn[0]!.sentence).toBe('The latest revenue forecast outturn shows a forecast overspend of £1.809m (0.3%).');
    expect(ipr.conflicts[0]).toContain('"£1.809m (0.3%)"');
  });

  it('keeps the five financial health indicators with their ratings unknown (the symbols are lost)', () => {
    expect(ipr.financialHealthIndicators).toHaveLength(5);
    expect(ipr.financialHealthIndicators.map((i) => i.rating)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
    expect(ipr.financialHealthIndicators[0]).toMatchObject({
      name: 'Debtors',
      definition: 'Level of outstanding general debtors more than 6 months old does not exceed £14.7m',
      textSays: { text: expect.stringContaining('this is over the target of £14.7m by £4.311m') },
    });
    expect(ipr.indicatorLegendRaw).toEqual(['Indicator not met', 'Indicator not met by small margin', 'Indicator met']);
  });

  it('holds the report\'s 12 dated commitments as actions of their own plan', () => {
    const commitments = actionsOf('staffs-ipr-2020-21-q2-commitments');
    expect(commitments).toHaveLength(12);
    expect(plan('staffs-ipr-2020-21-q2-commitments')).toMatchObject({ reportId: 'staffs-ipr-2020-21-q2', reportingCommittee: 'Corporate Review Committee' });
    expect(commitments[4]).toMatchObject({ title: 'Individual grants will be awarded in November 2020.', originalTarget: { kind: 'month', value: '2020-11' } });
    expect(commitments[7]!.owners).toEqual([{ role: 'body', group: 'Climate Change Working Group', raw: 'Climate Change Working Group' }]);
  });

  it("keeps the complaints report's headline figures as reported", () => {
    expect(complaints).toMatchObject({ kind: 'complaints-annual-report', periodLabel: 'April 2019 to March 2020' });
    const byLabel = new Map(complaints.figures.map((f) => [f.label, f]));
    expect(byLabel.get('Stage 1, Economy, Infrastructure & Skills')).toMatchObject({ valueRaw: '63', value: 63 });
    expect(byLabel.get('Stage 2 Review Requests, Economy, Infrastructure & Skills')).toMatchObject({ valueRaw: '32 25 Stage 2 7 Refusals', value: 32 });
    expect(byLabel.get('Stage 1 Investigations')).toMatchObject({ valueRaw: '30%', direction: 'down', sentence: 'Stage 1 Investigations – down by 30%' });
    expect(byLabel.get('Contacts from the Ombudsman')).toMatchObject({ value: 33, source: { lines: '002:511' } });
    expect(complaints.conflicts[0]).toContain('"56%"');
  });

  it('has the Ombudsman remedies, the draft Cabinet report recommendations and the 8 CIA recommendations', () => {
    const remedies = data.recommendations.filter((r) => r.planId === 'staffs-ombudsman-remedies-2019-20');
    expect(remedies).toHaveLength(6);
    for (const r of remedies) expect(r.status).toEqual({ canonical: 'COMPLETED', raw: 'The Council has accepted the above recommendations have been implemented.' });

    const cabinet = data.recommendations.filter((r) => r.planId === 'staffs-communities-cabinet-report');
    expect(cabinet.map((r) => [r.numberRaw, r.text])).toEqual([
      ['a', 'Considers the ‘lessons learned’ for the Communities principle in 2020.'],
      ['b', 'Considers and approves the proposed plan for the Communities principle (Communities Delivery Plan)'],
      ['c', 'Agrees to a further review of funding for the Communities principle which will be brought back to Cabinet for discussion early 2021.'],
    ]);
    expect(cabinet[2]!.variants[0]).toMatchObject({ text: expect.stringContaining('brought back to Cabinet for discussion in 2021.'), source: { lines: '002:1294' } });
    expect(actionsOf('staffs-communities-cabinet-report').filter((a) => a.recommendationIds?.includes('staffs-communities-cabinet-report-rec-c'))).toHaveLength(2);

    const cia = data.recommendations.filter((r) => r.planId === 'staffs-community-impact-assessment');
    expect(cia).toHaveLength(8);
    expect(cia[0]).toMatchObject({
      text: 'Ensure people with protected characteristics are considered when delivering the plan. This includes endeavouring to communicate any changes to services / Covid-19 guidance in a way that is accessible to all.',
      textRaw: 'Ensure people with **protected characteristics are considered** when delivering the plan. This includes endeavouring to communicate any changes to services / Covid-19 guidance in a way that is accessible to all.',
      madeBy: 'community-impact-assessment',
      relatedPlanIds: ['staffs-cdp'],
      source: { lines: '002:1749' },
    });
  });

  it('gives the committee follow-ups their lines, and closes the 4 June outcome on explicit evidence', () => {
    const resolutions = data.meetings.flatMap((m) => m.resolutions);
    for (const r of resolutions) expect(r.source?.lines).toMatch(/^002:\d+$/);
    const june = data.meetings.find((m) => m.id === 'staffs-crc-2020-06-04')!.resolutions;
    expect(june).toEqual([
      expect.objectContaining({
        text: 'That the Chairmen of the Select Committees agree which committee would be best placed to scrutinise the Local Outbreak Control Plan',
        ownerText: 'the Chairmen of the Select Committees',
        status: 'closed',
        closureEvidence: expect.stringContaining('"Requested at 4 June meeting and 31 July." [002:1873]'),
      }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Against the shared reference folder, when there is one
// ---------------------------------------------------------------------------------------------

const sharedDir = [process.env.SHARED_DIR, projectPath('..', 'shared'), projectPath('..', '..', 'shared')].find(
  (dir): dir is string => Boolean(dir) && existsSync(path.join(dir!, 'seed-data')) && existsSync(path.join(dir!, 'seeds')),
);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const reading = (name: string): Json => JSON.parse(readFileSync(path.join(sharedDir!, 'seed-data', name), 'utf8'));
const seedLines = (() => {
  const cache = new Map<string, string[]>();
  return (key: string): string[] => {
    if (!cache.has(key)) {
      const dir = path.join(sharedDir!, 'seeds');
      const file = readdirSync(dir).find((f) => f.startsWith(`${key}_`))!;
      cache.set(key, readFileSync(path.join(dir, file), 'utf8').split('\n'));
    }
    return cache.get(key)!;
  };
})();
/** What a reader sees of the cited lines (markup, emphasis, heading and list marks removed). */
function visibleLines(ref: string): string {
  const m = /^(\d{3}):(\d+)(?:-(\d+))?$/.exec(ref);
  if (!m) throw new Error(`not a line reference: ${ref}`);
  const lines = seedLines(m[1]!).slice(Number(m[2]) - 1, Number(m[3] ?? m[2]));
  return lines
    .join(' ')
    .replace(/^\s*#+\s*/, '')
    .replace(/<\/?(?:sup|sub|b|i|u|em|strong|span)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\*\*|\*/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
/** "000:262" -> "000:262-274": listed items can run on below the sentence that introduces them. */
function widened(ref: string, extra: number): string {
  const m = /^(\d{3}):(\d+)(?:-(\d+))?$/.exec(ref)!;
  return `${m[1]}:${m[2]}-${Number(m[3] ?? m[2]) + extra}`;
}
const visible = (text: string) => text.replace(/<\/?(?:sup|sub|b|i|u)\b[^>]*>/g, '').replace(/\*\*|\*/g, '').replace(/\s+/g, ' ').replace(/^\s*-\s+/, '').trim();

describe.skipIf(!sharedDir)('demo dataset against the shared reference folder', () => {
  it('matches the checked reading of the 79 measures, field by field', () => {
    const measures = reading('performance-measures.json').measures as Json[];
    expect(data.performanceMeasures.map((m) => m.number)).toEqual(measures.map((m) => m.measure_no));
    data.performanceMeasures.forEach((m, i) => {
      const r = measures[i];
      expect([m.numberRaw, m.measure, m.priority, m.category.replace('-', '_'), m.categoryRaw]).toEqual([
        r.measure_no_raw,
        r.measure,
        r.priority,
        r.category,
        r.category_heading_raw,
      ]);
      expect([m.benchmark.raw, m.trajectory.raw, m.newMeasure, m.source.lines]).toEqual([
        r.benchmark_position_raw,
        r.performance_trajectory_12m_raw,
        r.new_measure,
        `003:${r.evidence.line_range[0]}`,
      ]);
    });
    expect(reading('performance-measures.json').counts.total).toBe(data.performanceMeasures.length);
  });

  it('matches the checked reading of the Operating Plan, section by section and list by list', () => {
    const op = reading('operating-plan.json');
    const lists: Record<string, string> = {
      'key-priority': 'key_priorities',
      'key-activity': 'key_activities',
      'improvement-project': 'improvement_projects',
      'efficiency-commitment': 'efficiency_and_productivity_commitments',
      'key-risk': 'key_risks',
    };
    for (const section of op.sections as Json[]) {
      const theme = data.themes.find((t) => t.planId === 'stoke-op-2020-21' && t.code === section.code)!;
      expect(theme.name).toBe(section.name);
      expect(theme.headingRaw).toBe(section.heading_raw);
      for (const [list, key] of Object.entries(lists)) {
        const mine = data.operatingPlanItems.filter((i) => i.themeId === theme.id && i.list === list);
        const theirs = (section[key] ?? []) as Json[];
        expect(mine.map((i) => i.text)).toEqual(theirs.map((t) => t.text));
        expect(mine.map((i) => i.objectiveCodes)).toEqual(theirs.map((t) => t.objective_codes ?? []));
        expect(mine.map((i) => i.subItems.map((s) => s.text))).toEqual(theirs.map((t) => (t.sub_items ?? []).map((s: Json) => s.text)));
        expect(mine.length).toBe(op.counts[section.code][key] ?? 0);
      }
    }
  });

  it('has every governance entry, peer challenge recommendation and review item of the checked reading', () => {
    const other = reading('other-actions.json');
    const collection = (id: string) => (other.collections as Json[]).find((c) => c.id === id);
    const ags = collection('ags-2020-21-actions').items as Json[];
    expect(actionsOf('stoke-ags-2020-21')).toHaveLength(other.counts['ags-2020-21-actions']);
    for (const entry of ags) {
      const mine = action(`stoke-ags-2020-21-${entry.id.slice(4)}`);
      expect([mine.title, mine.description].filter(Boolean).join(' ')).toContain(entry.text);
      expect(mine.entryKind!.replace(/-/g, '_')).toBe(entry.type.replace('external_audit_', ''));
    }
    // Targets: the reading's target (or original target) is the raw text of ours, except where we record none.
    const noTarget = new Set(['AGS-21', 'AGS-33']);
    for (const entry of ags) {
      const mine = action(`stoke-ags-2020-21-${entry.id.slice(4)}`);
      const expected = entry.original_target_raw ?? entry.target_raw;
      if (noTarget.has(entry.id) || !expected) expect(mine.originalTarget).toBeUndefined();
      else expect(mine.originalTarget?.raw).toBe(expected);
      if (entry.original_target_raw && entry.target_raw) expect(mine.revisions[0]?.to.raw).toBe(entry.target_raw);
    }
    const lp = ags.find((e) => e.id === 'AGS-22');
    expect(actionsOf('stoke-local-partnerships-review-action-plan').map((a) => a.title)).toEqual(lp.sub_items);

    const recs = collection('lga-cpc-2022-recommendations').items as Json[];
    expect(data.recommendations.filter((r) => r.planId === 'stoke-lga-cpc-2022').map((r) => r.text)).toEqual(recs.map((r) => r.text));
    const items = collection('lga-cpc-2022-progress-review-other').items as Json[];
    expect(actionsOf('stoke-lga-cpc-2022').length + 1).toBe(items.length);

    expect(data.recommendations.filter((r) => r.planId === 'staffs-community-impact-assessment').map((r) => r.text)).toEqual(
      (collection('communities-delivery-plan-cia-recommendations').items as Json[]).map((r) => r.text),
    );
    const ipr = collection('ipr-q2-2020-21');
    expect(actionsOf('staffs-ipr-2020-21-q2-commitments').map((a) => a.title)).toEqual((ipr.dated_commitments as Json[]).map((c) => c.text));
    expect(data.reports[0]!.overallAssessment?.rating).toBe(ipr.overall_assessment.rag_raw);
    expect(data.reports[0]!.financialHealthIndicators.map((i) => i.definition)).toEqual((ipr.financial_health_indicators.indicators as Json[]).map((i) => i.definition_raw));
  });

  it('quotes every new record verbatim from the lines it cites', () => {
    const checks: { lines: string; text: string }[] = [
      ...data.performanceMeasures.flatMap((m) => [m.measure, m.numberRaw, m.benchmark.raw, m.trajectory.raw].map((text) => ({ lines: m.source.lines!, text }))),
      ...data.operatingPlanItems.map((i) => ({ lines: i.source.lines!, text: i.text })),
      ...data.recommendations.map((r) => ({ lines: r.source.lines!, text: r.text })),
      ...data.recommendations.flatMap((r) => r.progress.map((p) => ({ lines: p.source.lines!, text: p.text }))),
      ...data.reports.flatMap((r) => [...r.figures, ...r.forecastOutturn].map((f) => ({ lines: f.source.lines!, text: f.valueRaw }))),
      ...data.reports.flatMap((r) => r.financialHealthIndicators.map((i) => ({ lines: i.source.lines!, text: i.definition }))),
      ...data.meetings.flatMap((m) => m.resolutions.map((r) => ({ lines: r.source!.lines!, text: r.text.replace(/ \(Context: .*\)$/, '').replace(/^[a-c]\) (?=Information|The Cabinet|That the results)/, '') }))),
    ];
    const newPlans = new Set(['stoke-ags-2020-21', 'stoke-local-partnerships-review-action-plan', 'stoke-lga-cpc-2022', 'staffs-ipr-2020-21-q2-commitments', 'staffs-communities-cabinet-report']);
    for (const a of data.actions.filter((x) => newPlans.has(x.planId))) {
      const composed = a.source?.note?.includes('Title composed from');
      const quoted = composed ? a.title.slice(a.title.indexOf(': ') + 2) : a.title;
      // Titles taken from another line of the document say so through description (the entry's own text).
      checks.push({ lines: a.source!.lines!, text: a.description ?? quoted });
      if (a.status.raw) checks.push({ lines: a.source!.lines!, text: a.status.raw });
      for (const b of a.bullets) checks.push({ lines: widened(a.source!.lines!, 12), text: b });
    }
    const failures = checks.filter((c) => !visibleLines(c.lines).includes(visible(c.text))).map((c) => `${c.lines}: ${c.text}`);
    expect(failures).toEqual([]);
    expect(checks.length).toBeGreaterThan(900);
  });
});
