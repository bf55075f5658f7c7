/**
 * Questions about recommendations: which are open (by theme, by who made them), what each asked for,
 * what progress the source records, and which actions answer it. Pure, over the snapshot's index.
 */
import { foldWords } from '../keyed-index.js';
import type { Action, CanonicalStatus, Plan, Recommendation, Theme } from '../model.js';
import type { Snapshot } from '../snapshot.js';
import { strictestSensitivity, visibleRecords, type Audience, type Sensitivity } from '../visibility.js';

/** 'open': anything not reported as completed or withdrawn (a recommendation with no status is open). */
export type RecommendationState = CanonicalStatus | 'open' | 'closed';

export interface RecommendationFilter {
  councilId?: string;
  planId?: string;
  madeBy?: Recommendation['madeBy'];
  /** A theme id, or words of its name ("MTFS", "children", "organisational culture"). */
  theme?: string;
  status?: RecommendationState;
  audience?: Audience;
}

export interface RecommendationView {
  recommendation: Recommendation;
  plan: Plan | undefined;
  theme: Theme | undefined;
  /** Actions that answer it, in the order the source gives them. */
  actions: Action[];
}

const CLOSED: ReadonlySet<CanonicalStatus> = new Set(['COMPLETED', 'CLOSED_WITHDRAWN']);

export function isRecommendationOpen(recommendation: Recommendation): boolean {
  return !CLOSED.has(recommendation.status.canonical);
}

export function recommendationSensitivity(snapshot: Snapshot, recommendation: Recommendation): Sensitivity {
  return strictestSensitivity(recommendation.sensitivity, snapshot.plan(recommendation.planId)?.sensitivity);
}

export function recommendationsMatching(snapshot: Snapshot, filter: RecommendationFilter = {}): RecommendationView[] {
  const index = snapshot.recommendationIndex();
  let candidates: readonly Recommendation[];
  if (filter.theme !== undefined) {
    const themes = resolveRecommendationTheme(snapshot, filter.theme, { planId: filter.planId, councilId: filter.councilId });
    candidates = themes.flatMap((t) => index.ofTheme(t.id));
  } else if (filter.planId) candidates = index.ofPlan(filter.planId);
  else if (filter.councilId) candidates = index.ofCouncil(filter.councilId);
  else candidates = index.all();

  const matching = candidates.filter(
    (r) =>
      (!filter.councilId || r.councilId === filter.councilId) &&
      (!filter.planId || r.planId === filter.planId) &&
      (!filter.madeBy || r.madeBy === filter.madeBy) &&
      matchesState(r, filter.status),
  );
  return visibleRecords(matching, filter.audience, (r) => recommendationSensitivity(snapshot, r)).map((r) => viewOf(snapshot, r, filter.audience));
}

export function recommendationById(snapshot: Snapshot, id: string, audience?: Audience): RecommendationView | undefined {
  const r = snapshot.recommendationIndex().byId.get(id);
  if (!r || !visibleRecords([r], audience, (x) => recommendationSensitivity(snapshot, x)).length) return undefined;
  return viewOf(snapshot, r, audience);
}

/** The actions that answer a recommendation (visible to the audience when one is given). */
export function actionsAnswering(snapshot: Snapshot, recommendationId: string, audience?: Audience): Action[] {
  const actions = snapshot.recommendationIndex().actionsAnswering(recommendationId);
  return visibleRecords(actions, audience, (a) => strictestSensitivity(a.sensitivity, snapshot.plan(a.planId)?.sensitivity));
}

/** The recommendations an action answers. */
export function recommendationsAnsweredBy(snapshot: Snapshot, action: Action): Recommendation[] {
  const index = snapshot.recommendationIndex();
  return (action.recommendationIds ?? []).flatMap((id) => {
    const r = index.byId.get(id);
    return r ? [r] : [];
  });
}

/** The themes of recommendation trackers, by id or by words of the name ("MTFS" finds "Medium Term Financial Strategy"). */
export function resolveRecommendationTheme(snapshot: Snapshot, text: string, scope: { planId?: string; councilId?: string } = {}): Theme[] {
  const plans = snapshot.plans.filter(
    (p) => (p.kind === 'recommendation-tracker' || p.kind === 'recommendations') && (!scope.planId || p.id === scope.planId) && (!scope.councilId || p.councilId === scope.councilId),
  );
  const themes = plans.flatMap((p) => snapshot.themesOf(p.id));
  const byId = themes.filter((t) => t.id === text);
  if (byId.length) return byId;
  const folded = foldWords(text);
  if (!folded) return [];
  return themes.filter((t) => {
    if (!t.name) return false;
    const name = foldWords(t.name);
    const initials = name
      .split(' ')
      .filter((w) => w.length > 2 || /^\d/.test(w))
      .map((w) => w[0])
      .join('');
    if (String(t.number) === folded || `theme ${t.number}` === folded) return true;
    if (initials === folded.replace(/\s+/g, '')) return true;
    const words = folded.split(' ').filter((w) => w.length > 2 && !['and', 'the', 'theme'].includes(w));
    return words.length > 0 && words.every((w) => ` ${name} `.includes(` ${w}`));
  });
}

function matchesState(r: Recommendation, state: RecommendationState | undefined): boolean {
  if (!state) return true;
  if (state === 'open') return isRecommendationOpen(r);
  if (state === 'closed') return !isRecommendationOpen(r);
  return r.status.canonical === state;
}

function viewOf(snapshot: Snapshot, r: Recommendation, audience: Audience | undefined): RecommendationView {
  return {
    recommendation: r,
    plan: snapshot.plan(r.planId),
    theme: r.themeId ? snapshot.theme(r.themeId) : undefined,
    actions: actionsAnswering(snapshot, r.id, audience),
  };
}
