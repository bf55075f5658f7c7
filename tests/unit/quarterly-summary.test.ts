import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../src/domain/snapshot.js';
import type { StoreData } from '../../src/domain/model.js';
import { buildQuarterlySummary, defaultAsAt, latestReportedQuarter } from '../../src/domain/quarterly/summary.js';
import type { Audience } from '../../src/domain/visibility.js';
import { toMarkdown } from '../../src/features/rounds/report/quarterly-report.js';
import { demoData } from '../helpers/chat-context.js';

const channel: Audience = { conversationKind: 'channel', mayReadInternal: false, mayReadExempt: false };
const admin: Audience = { conversationKind: 'personal', mayReadInternal: true, mayReadExempt: true };

function snapshotOf(data: StoreData): Snapshot {
  return new Snapshot(data, 1);
}

function cipSummary(data = demoData(), audience: Audience = channel) {
  const snapshot = snapshotOf(data);
  const plan = snapshot.plan('derby-cip')!;
  return buildQuarterlySummary({ snapshot, plan, quarter: '2018/19-Q1', asAt: '2018-06-01', audience });
}

describe('quarterly summary of the demo CIP (Derby, June 2018)', () => {
  it('finds the paper\'s position date and quarter from the data itself', () => {
    const snapshot = snapshotOf(demoData());
    const plan = snapshot.plan('derby-cip')!;
    expect(latestReportedQuarter(snapshot, plan, '2020-11-20')).toBe('2018/19-Q1');
    expect(defaultAsAt(snapshot, plan, '2018/19-Q1')).toBe('2018-06-01');
  });

  it('reproduces the 4.6 list: 17 actions completed since the launch of the CIP', () => {
    const summary = cipSummary();
    expect(summary.completedSince).toBe('since the launch of the CIP (December 2017)');
    expect(summary.completed.map((i) => i.number)).toEqual([
      '2.1', '3.3', '4.3', '5.1', '5.2', '5.3', '5.5', '5.9', '5.10', '7.1', '7.2', '7.3', '7.4', '8.1', '8.3', '8.4', '8.6',
    ]);
    expect(summary.completed[0]!.label).toBe('Agree MTFP approach and timetable for 2019/20 (2.1)');
    // The raw number is kept as the paper wrote it.
    expect(summary.completed.find((i) => i.number === '5.5')!.label).toMatch(/\(5\.5\.\)$/);
  });

  it('reproduces 4.7 (4 on track), 4.8 (one slippage: 2.2, with its commentary) and 4.9 (8 revised timescales)', () => {
    const summary = cipSummary();
    expect(summary.onTrack.map((i) => i.number)).toEqual(['5.4', '5.6', '8.5', '8.7']);
    expect(summary.slipped.map((i) => i.number)).toEqual(['2.2']);
    expect(summary.slipped[0]!.commentary).toContain('£1.8m saving to be achieved from employee reductions');
    expect(summary.revised.map((i) => i.number)).toEqual(['1.5', '2.5', '4.1', '4.2', '4.4', '4.5', '7.6', '8.2']);
    const r41 = summary.revised.find((i) => i.number === '4.1')!;
    expect(r41.to).toMatch(/September 2018/);
    expect(r41.reason).toContain('once the LGA training is completed');
  });

  it('computes the table from canonical statuses and shows the reported 17/41/1/2/61 separately, as reported', () => {
    const summary = cipSummary();
    expect(summary.counts.rows).toEqual([
      { label: 'Completed', count: 17 },
      { label: 'In progress', count: 4 },
      { label: 'Slippage', count: 1 },
      { label: 'Not started', count: 0 },
    ]);
    expect(summary.counts.total).toBe(30);
    expect(summary.counts.noStatus).toBe(8);
    expect(summary.reported).toMatchObject({
      periodLabel: 'June 2018',
      rows: [
        { label: 'Completed', count: 17 },
        { label: 'In progress', count: 41 },
        { label: 'Slippage', count: 1 },
        { label: 'Not started', count: 2 },
      ],
      total: 61,
    });
    expect(summary.reported!.source).toContain('004:38-43');
    expect(summary.notes.join(' ')).toContain('states 61 actions but 30 are itemised');
    // No overall assessment was reported in the CIP paper: none is invented.
    expect(summary.overallAssessment).toBeUndefined();
  });

  it('shows the overall assessment exactly as reported, with its period', () => {
    const data = demoData();
    data.reportedSummaries[0]!.overallAssessment = 'Amber: good progress, savings at risk';
    const summary = cipSummary(data);
    expect(summary.overallAssessment).toEqual({
      text: 'Amber: good progress, savings at risk',
      periodLabel: 'June 2018',
      source: expect.stringContaining('Corporate Improvement Plan'),
    });
  });

  it('compares with the previous report when statuses are known then, and lists only newly completed actions', () => {
    const data = demoData();
    // 5.4 completes after the June position; 2.1 was already complete.
    const a54 = data.actions.find((a) => a.id === 'derby-cip-5.4')!;
    data.updates.push({
      id: 'u-5.4',
      actionId: a54.id,
      authorName: 'Heather Greenan',
      authoredAt: '2018-09-20T10:00:00Z',
      channel: 'teams-card',
      kind: 'update',
      asAt: '2018-09-30',
      status: { canonical: 'COMPLETED', asAt: '2018-09-30' },
      previous: { status: a54.status },
    });
    a54.status = { canonical: 'COMPLETED', asAt: '2018-09-30' };
    const snapshot = snapshotOf(data);
    const summary = buildQuarterlySummary({
      snapshot,
      plan: snapshot.plan('derby-cip')!,
      quarter: '2018/19-Q2',
      asAt: '2018-09-30',
      previous: { asAt: '2018-06-01', label: 'Q1 2018/19 update' },
      audience: channel,
    });
    expect(summary.completed.map((i) => i.number)).toEqual(['5.4']);
    expect(summary.completedSince).toContain('since the last report');
    expect(summary.counts.comparable).toBe(true);
    expect(summary.counts.rows[0]).toEqual({ label: 'Completed', count: 18, previous: 17, change: 1 });
    expect(summary.counts.rows[1]).toEqual({ label: 'In progress', count: 3, previous: 4, change: -1 });
    expect(summary.onTrack.map((i) => i.number)).toEqual(['5.6', '8.5', '8.7']);
  });

  it('without an earlier report, compares the counts with the end of the previous quarter, and lists completions since launch', () => {
    const data = demoData();
    const a54 = data.actions.find((a) => a.id === 'derby-cip-5.4')!;
    data.updates.push({
      id: 'u-5.4',
      actionId: a54.id,
      authorName: 'Heather Greenan',
      authoredAt: '2018-09-20T10:00:00Z',
      channel: 'teams-card',
      kind: 'update',
      asAt: '2018-09-30',
      status: { canonical: 'COMPLETED', asAt: '2018-09-30' },
      previous: { status: a54.status },
    });
    a54.status = { canonical: 'COMPLETED', asAt: '2018-09-30' };
    const snapshot = snapshotOf(data);
    const summary = buildQuarterlySummary({ snapshot, plan: snapshot.plan('derby-cip')!, quarter: '2018/19-Q2', asAt: '2018-09-30', audience: channel });
    expect(summary.comparedWith).toEqual({ asAt: '2018-06-30', label: 'End of Q1 2018/19' });
    expect(summary.counts.rows[0]).toEqual({ label: 'Completed', count: 18, previous: 17, change: 1 });
    expect(summary.completedSince).toBe('since the launch of the CIP (December 2017)');
    expect(summary.completed).toHaveLength(18);
    expect(toMarkdown(summary)).toContain('| Completed | 18 | 17 | +1 |');
  });

  it('never lets an exempt or internal action reach a channel summary, in any list or count', () => {
    const data = demoData();
    data.actions.find((a) => a.id === 'derby-cip-2.2')!.sensitivity = 'exempt';
    data.actions.find((a) => a.id === 'derby-cip-2.1')!.sensitivity = 'internal';
    const summary = cipSummary(data, channel);
    const json = JSON.stringify(summary);
    expect(json).not.toContain('derby-cip-2.2');
    expect(json).not.toContain('Review detailed savings plans');
    expect(json).not.toContain('Agree MTFP approach');
    expect(summary.slipped).toEqual([]);
    expect(summary.counts.total).toBe(28);
    expect(summary.withheld).toBe(2);
    // An admin in a personal chat sees them, and is told what a channel would not show.
    const full = cipSummary(data, admin);
    expect(full.slipped.map((i) => i.number)).toEqual(['2.2']);
  });

  it('says so when nothing was recorded in the quarter asked for, rather than passing old statuses off as new', () => {
    const snapshot = snapshotOf(demoData());
    const plan = snapshot.plan('derby-cip')!;
    const summary = buildQuarterlySummary({ snapshot, plan, quarter: '2020/21-Q2', asAt: defaultAsAt(snapshot, plan, '2020/21-Q2'), audience: channel });
    expect(summary.asAt).toBe('2020-09-30');
    expect(summary.notes.join(' ')).toContain('Nothing was recorded for these actions during Q2 2020/21 (July to September 2020): the position shown is the latest known, recorded up to Friday 1 June 2018.');
    expect(cipSummary().notes.join(' ')).not.toContain('Nothing was recorded');
  });

  it('shows nothing of an internal-only plan in a channel', () => {
    const data = demoData();
    data.plans.find((p) => p.id === 'derby-cip')!.sensitivity = 'internal';
    const summary = cipSummary(data, channel);
    expect(summary.counts.total).toBe(0);
    expect(summary.completed).toEqual([]);
  });
});
