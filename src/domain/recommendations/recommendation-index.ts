/**
 * Keyed maps over recommendations and the actions that answer them (Action.recommendationIds),
 * built once per snapshot and updatable one record at a time.
 */
import { KeyedIndex } from '../keyed-index.js';
import type { Action, Recommendation } from '../model.js';

export class RecommendationIndex {
  readonly byId = new Map<string, Recommendation>();
  private readonly byCouncil = new KeyedIndex<Recommendation>();
  private readonly byPlan = new KeyedIndex<Recommendation>();
  private readonly byTheme = new KeyedIndex<Recommendation>();
  private readonly answering = new KeyedIndex<Action>();
  private readonly answeredBy = new Map<string, readonly string[]>();

  static from(recommendations: readonly Recommendation[], actions: readonly Action[]): RecommendationIndex {
    const index = new RecommendationIndex();
    for (const r of recommendations) index.add(r);
    for (const a of actions) index.addAction(a);
    return index;
  }

  add(recommendation: Recommendation): void {
    if (this.byId.has(recommendation.id)) this.remove(recommendation.id);
    this.byId.set(recommendation.id, recommendation);
    this.byCouncil.add(recommendation.councilId, recommendation);
    this.byPlan.add(recommendation.planId, recommendation);
    if (recommendation.themeId) this.byTheme.add(recommendation.themeId, recommendation);
  }

  remove(id: string): void {
    const r = this.byId.get(id);
    if (!r) return;
    this.byId.delete(id);
    this.byCouncil.remove(r.councilId, id);
    this.byPlan.remove(r.planId, id);
    if (r.themeId) this.byTheme.remove(r.themeId, id);
  }

  /** Files an action under each recommendation it answers (replacing what it answered before). */
  addAction(action: Action): void {
    this.removeAction(action.id);
    const ids = action.recommendationIds ?? [];
    if (!ids.length) return;
    for (const id of ids) this.answering.add(id, action);
    this.answeredBy.set(action.id, ids);
  }

  removeAction(actionId: string): void {
    for (const id of this.answeredBy.get(actionId) ?? []) this.answering.remove(id, actionId);
    this.answeredBy.delete(actionId);
  }

  ofCouncil(councilId: string): readonly Recommendation[] {
    return this.byCouncil.get(councilId);
  }

  ofPlan(planId: string): readonly Recommendation[] {
    return this.byPlan.get(planId);
  }

  ofTheme(themeId: string): readonly Recommendation[] {
    return this.byTheme.get(themeId);
  }

  actionsAnswering(recommendationId: string): readonly Action[] {
    return this.answering.get(recommendationId);
  }

  all(): readonly Recommendation[] {
    return [...this.byId.values()];
  }
}
