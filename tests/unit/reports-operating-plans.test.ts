/**
 * Periodic reports as reported (Staffordshire's Q2 2020/21 integrated performance report and the
 * complaints annual report) and operating plan sections and entries (Stoke's Operating Plan).
 */
import { describe, expect, it } from 'vitest';
import {
  operatingPlanEntries,
  operatingPlanSections,
  operatingPlans,
  OperatingPlanIndex,
  resolveOperatingPlanSection,
} from '../../src/domain/operating-plans/index.js';
import {
  financialHealthIndicatorsOf,
  forecastOutturnOf,
  latestPeriodicReport,
  overallAssessmentOf,
  periodicReports,
  reportFigureGroups,
  reportFigures,
} from '../../src/domain/periodic-reports/index.js';
import { Snapshot } from '../../src/domain/snapshot.js';
import { demoData } from '../helpers/chat-context.js';

const snapshot = new Snapshot(demoData(), 1);
const channel = { conversationKind: 'channel' as const, mayReadInternal: true, mayReadExempt: true };

describe('the integrated performance report, as reported', () => {
  it('is the latest one once its meeting has happened, and not before', () => {
    expect(latestPeriodicReport(snapshot, 'staffordshire', 'integrated-performance-report', '2020-11-20')?.id).toBe('staffs-ipr-2020-21-q2');
    expect(latestPeriodicReport(snapshot, 'staffordshire', 'integrated-performance-report', '2020-11-16')).toBeUndefined();
    expect(latestPeriodicReport(snapshot, 'stoke', 'integrated-performance-report', '2021-01-01')).toBeUndefined();
    expect(periodicReports(snapshot, { councilId: 'staffordshire' }).map((r) => r.kind)).toEqual(['complaints-annual-report', 'integrated-performance-report']);
  });

  it('gives the overall rating as reported with its period and sentence', () => {
    const report = snapshot.report('staffs-ipr-2020-21-q2')!;
    expect(overallAssessmentOf(report)).toEqual({
      value: { rating: 'amber', ratingRaw: 'amber' },
      periodLabel: 'Quarter 2, 2020/21',
      sentence: "At the end of Quarter 2, the overall assessment on the Council's performance and financial position is amber.",
      source: expect.objectContaining({ lines: '002:713' }),
    });
    expect(overallAssessmentOf(snapshot.report('staffs-complaints-2019-20')!)).toBeUndefined();
  });

  it('gives both statements of the forecast outturn and says they disagree, without recomputing', () => {
    const forecast = forecastOutturnOf(snapshot.report('staffs-ipr-2020-21-q2')!)!;
    expect(forecast.statements.map((f) => f.valueRaw)).toEqual(['£1.809m (0.3%)', '£1.8m (0.8%)']);
    expect(forecast.comparisons.map((f) => [f.valueRaw, f.periodLabel])).toEqual([['£10.1m (1.9%)', 'quarter 1']]);
    expect(forecast.statedOnce).toBe(false);
    expect(forecast.conflicts).toHaveLength(1);
    expect(forecastOutturnOf(snapshot.report('staffs-complaints-2019-20')!)).toBeUndefined();
  });

  it('lists the financial health indicators, none with a rating the source lost', () => {
    const report = snapshot.report('staffs-ipr-2020-21-q2')!;
    expect(financialHealthIndicatorsOf(report).map((i) => i.name)).toEqual(['Debtors', 'Payments to suppliers', 'Monitoring', 'Monitoring', 'Monitoring']);
    expect(financialHealthIndicatorsOf(report, 'not-met')).toEqual([]);
    expect(financialHealthIndicatorsOf(report, 'unknown')).toHaveLength(5);
  });

  it("gives the complaints report's headline figures by group", () => {
    const report = snapshot.report('staffs-complaints-2019-20')!;
    expect(reportFigureGroups(report)).toEqual([
      'Complaint volumes 2019-20',
      'Headline changes',
      'Outcomes, all services',
      'Stage 2 Reviews',
      'Stage 1',
      'Local Government and Social Care Ombudsman',
    ]);
    expect(reportFigures(report, 'headline changes').map((f) => f.sentence)).toEqual([
      'Stage 1 Investigations – down by 30%',
      'Stage 2 Review Requests – down by 5%',
      'LGSCO Contacts - down by 11%',
    ]);
    expect(reportFigures(report)).toHaveLength(report.figures.length);
  });
});

describe('operating plan sections and entries', () => {
  const planId = 'stoke-op-2020-21';

  it('lists the sections with their list sizes', () => {
    expect(operatingPlans(snapshot, 'stoke').map((p) => p.id)).toEqual([planId]);
    const sections = operatingPlanSections(snapshot, planId);
    expect(sections).toHaveLength(18);
    expect(sections[0]).toMatchObject({
      theme: { code: '1', name: 'Children & Young People' },
      counts: { 'key-priority': 4, 'key-activity': 10, 'improvement-project': 4, 'efficiency-commitment': 5, 'key-risk': 4 },
    });
  });

  it('finds a section by code, heading or words', () => {
    const codes = (text: string) => resolveOperatingPlanSection(snapshot, planId, text).map((t) => t.code);
    expect(codes('3')).toEqual(['3']);
    expect(codes('theme 10')).toEqual(['10']);
    expect(codes('B')).toEqual(['B']);
    expect(codes('B - Workforce')).toEqual(['B']);
    expect(codes('housing')).toEqual(['4']);
    expect(codes('culture tourism')).toEqual(['9']);
    expect(codes('nothing like it')).toEqual([]);
  });

  it('filters entries by section, list and objective code', () => {
    expect(operatingPlanEntries(snapshot, { planId, section: 'housing', list: 'key-risk' }).map((i) => i.text)).toEqual([
      "Contractors' viability in a Covid-affected operating environment.",
      'Land owners with unrealistic land values – obtain red book valuations.',
      'The revenue budget does not allow for smartphones and the HMO website.',
      "HMO website is delayed if undertaken by the council's IT team due to low resources and high demand for their expertise.",
      'The improved communication methods do not reduce the number of abortive visits and cases.',
    ]);
    const objective5 = operatingPlanEntries(snapshot, { councilId: 'stoke', list: 'key-priority', objectiveCode: 5 });
    expect(objective5.length).toBeGreaterThan(5);
    expect(objective5.every((i) => i.objectiveCodes.includes(5))).toBe(true);
  });

  it('keeps the internal plan out of a channel', () => {
    expect(operatingPlanEntries(snapshot, { planId, audience: channel })).toEqual([]);
    expect(operatingPlanEntries(snapshot, { planId })).toHaveLength(443);
  });

  it('updates the index one entry at a time', () => {
    const first = snapshot.operatingPlanItems[0]!;
    const index = OperatingPlanIndex.from([first]);
    index.add({ ...first, themeId: 'elsewhere' });
    expect(index.ofSection(first.themeId)).toEqual([]);
    expect(index.ofSection('elsewhere')).toHaveLength(1);
    index.remove(first.id);
    expect(index.all()).toEqual([]);
  });
});
