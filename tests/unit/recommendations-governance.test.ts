/**
 * Recommendations (peer challenge, impact assessment, Cabinet report, Ombudsman) with the actions
 * that answer them, and governance actions (Stoke's AGS 2020/21 and its review-driven plan).
 */
import { describe, expect, it } from 'vitest';
import { governanceActions, governancePlans, isActionableEntry, isPostponed } from '../../src/domain/governance/index.js';
import { Action, Recommendation } from '../../src/domain/model.js';
import {
  actionsAnswering,
  recommendationById,
  recommendationsAnsweredBy,
  RecommendationIndex,
  recommendationsMatching,
  resolveRecommendationTheme,
} from '../../src/domain/recommendations/index.js';
import { Snapshot } from '../../src/domain/snapshot.js';
import { demoData } from '../helpers/chat-context.js';

const snapshot = new Snapshot(demoData(), 1);
const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);

describe('recommendations by theme, status and maker', () => {
  it('finds the peer challenge themes by words, initials and number', () => {
    expect(ids(resolveRecommendationTheme(snapshot, 'MTFS'))).toEqual(['stoke-lga-cpc-2022-t3']);
    expect(ids(resolveRecommendationTheme(snapshot, 'medium term financial strategy'))).toEqual(['stoke-lga-cpc-2022-t3']);
    expect(ids(resolveRecommendationTheme(snapshot, 'organisational culture'))).toEqual(['stoke-lga-cpc-2022-t4']);
    expect(ids(resolveRecommendationTheme(snapshot, 'theme 1', { planId: 'stoke-lga-cpc-2022' }))).toEqual(['stoke-lga-cpc-2022-t1']);
    expect(resolveRecommendationTheme(snapshot, 'housing')).toEqual([]);
  });

  it('lists the MTFS recommendations with their linked actions', () => {
    const views = recommendationsMatching(snapshot, { theme: 'MTFS' });
    expect(views.map((v) => v.recommendation.id)).toEqual(['stoke-lga-cpc-2022-rec-04', 'stoke-lga-cpc-2022-rec-05']);
    expect(views[0]!.theme?.name).toBe('Medium Term Financial Strategy');
    expect(views[0]!.plan?.kind).toBe('recommendation-tracker');
    expect(ids(views[0]!.actions)).toEqual(['stoke-lga-cpc-2022-11']);
    expect(views[0]!.recommendation.progress.some((p) => p.kind === 'reviewer-view')).toBe(true);
  });

  it('counts open ones: a recommendation with no reported status is open; implemented remedies are closed', () => {
    expect(recommendationsMatching(snapshot, { councilId: 'stoke', status: 'open' })).toHaveLength(10);
    expect(recommendationsMatching(snapshot, { madeBy: 'ombudsman', status: 'open' })).toEqual([]);
    expect(recommendationsMatching(snapshot, { madeBy: 'ombudsman', status: 'closed' })).toHaveLength(6);
    expect(recommendationsMatching(snapshot, { madeBy: 'community-impact-assessment' })).toHaveLength(8);
    expect(recommendationsMatching(snapshot, { councilId: 'derby' })).toEqual([]);
  });

  it('links both ways between a recommendation and the actions that answer it', () => {
    const funding = recommendationById(snapshot, 'staffs-communities-cabinet-report-rec-c')!;
    expect(ids(funding.actions)).toEqual(['staffs-communities-cabinet-report-05', 'staffs-communities-cabinet-report-06']);
    expect(funding.recommendation.variants).toHaveLength(1);
    const answering = actionsAnswering(snapshot, 'stoke-lga-cpc-2022-rec-09');
    expect(answering.length).toBeGreaterThan(3);
    expect(recommendationsAnsweredBy(snapshot, snapshot.action('stoke-lga-cpc-2022-01')!).map((r) => r.id)).toEqual([
      'stoke-lga-cpc-2022-rec-02',
      'stoke-lga-cpc-2022-rec-03',
    ]);
    expect(recommendationById(snapshot, 'no-such')).toBeUndefined();
  });

  it('keeps recommendations of an internal plan out of a channel', () => {
    const data = demoData();
    data.plans = data.plans.map((p) => (p.id === 'staffs-community-impact-assessment' ? { ...p, sensitivity: 'internal' as const } : p));
    const internal = new Snapshot(data, 2);
    const channel = { conversationKind: 'channel' as const, mayReadInternal: true, mayReadExempt: true };
    expect(recommendationsMatching(internal, { planId: 'staffs-community-impact-assessment', audience: channel })).toEqual([]);
    expect(recommendationsMatching(internal, { planId: 'staffs-community-impact-assessment' })).toHaveLength(8);
  });

  it('updates the recommendation index one record at a time', () => {
    const r = snapshot.recommendations[0]!;
    const index = RecommendationIndex.from([r], []);
    const a = Action.parse({ id: 'x-1', planId: r.planId, title: 'x', status: { canonical: 'UNKNOWN' }, recommendationIds: [r.id] });
    index.addAction(a);
    expect(ids(index.actionsAnswering(r.id))).toEqual(['x-1']);
    index.addAction({ ...a, recommendationIds: [] });
    expect(index.actionsAnswering(r.id)).toEqual([]);
    index.add(Recommendation.parse({ ...r, id: 'y-1', themeId: undefined }));
    expect(ids(index.ofPlan(r.planId))).toEqual([r.id, 'y-1']);
    index.remove('y-1');
    expect(ids(index.ofPlan(r.planId))).toEqual([r.id]);
  });
});

describe('governance actions', () => {
  const today = '2021-09-01';

  it("finds Stoke's governance plans and none for Derby", () => {
    expect(ids(governancePlans(snapshot, 'stoke'))).toEqual(['stoke-ags-2020-21', 'stoke-local-partnerships-review-action-plan']);
    expect(governancePlans(snapshot, 'derby')).toEqual([]);
  });

  it('lists the postponed and delayed ones with original and current target as written', () => {
    const postponed = governanceActions(snapshot, today, { councilId: 'stoke', state: 'postponed' });
    expect(postponed.map((v) => [v.action.id, v.statusAsWritten, v.originalTarget?.raw, v.currentTarget?.raw])).toEqual([
      ['stoke-ags-2020-21-01', 'postponed', 'March 2020', '2021'],
      ['stoke-ags-2020-21-31', 'delayed', 'March 2020', 'March 2020'],
    ]);
    expect(postponed.map((v) => v.overdue)).toEqual([false, true]);
    expect(governanceActions(snapshot, '2022-01-10', { state: 'postponed' })[0]!.overdue).toBe(true);
  });

  it('leaves findings, priorities and arrangements out of "outstanding", and completed ones too', () => {
    const outstanding = governanceActions(snapshot, today, { councilId: 'stoke', state: 'outstanding' });
    expect(outstanding).toHaveLength(37 + 10 - 2 - 5);
    expect(outstanding.every((v) => isActionableEntry(v.action))).toBe(true);
    expect(outstanding.some((v) => v.action.id === 'stoke-ags-2020-21-05')).toBe(false);
    expect(governanceActions(snapshot, today, { state: 'completed' }).map((v) => v.action.id)).toEqual(['stoke-ags-2020-21-02', 'stoke-ags-2020-21-21']);
    expect(governanceActions(snapshot, today, { planId: 'stoke-local-partnerships-review-action-plan' })).toHaveLength(10);
  });

  it('reads postponed from the status or its words', () => {
    const base = snapshot.action('stoke-ags-2020-21-20')!;
    expect(isPostponed(base)).toBe(false);
    expect(isPostponed({ ...base, status: { canonical: 'IN_PROGRESS', raw: 'delayed by the pandemic' } })).toBe(true);
  });
});
