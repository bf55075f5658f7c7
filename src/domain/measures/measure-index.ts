/**
 * Keyed maps over the performance measures, built once per snapshot and updatable one measure at a
 * time: by id, by number (per council and across councils), by number without its letter, by council,
 * by plan and by priority.
 */
import { KeyedIndex } from '../keyed-index.js';
import type { PerformanceMeasure } from '../model.js';
import { measureNumberKey, measureStemKey } from './measure-number.js';

/** Measures of every council share this council key, for questions not scoped to one council. */
const ANY_COUNCIL = '*';

export class MeasureIndex {
  readonly byId = new Map<string, PerformanceMeasure>();
  private readonly byNumber = new KeyedIndex<PerformanceMeasure>();
  private readonly byStem = new KeyedIndex<PerformanceMeasure>();
  private readonly byCouncil = new KeyedIndex<PerformanceMeasure>();
  private readonly byPlan = new KeyedIndex<PerformanceMeasure>();
  private readonly byPriority = new KeyedIndex<PerformanceMeasure>();

  static from(measures: readonly PerformanceMeasure[]): MeasureIndex {
    const index = new MeasureIndex();
    for (const measure of measures) index.add(measure);
    return index;
  }

  add(measure: PerformanceMeasure): void {
    if (this.byId.has(measure.id)) this.remove(measure.id);
    this.byId.set(measure.id, measure);
    for (const council of [measure.councilId, ANY_COUNCIL]) {
      this.byNumber.add(`${council}|${measureNumberKey(measure)}`, measure);
      this.byStem.add(`${council}|${measureStemKey(measure)}`, measure);
    }
    this.byCouncil.add(measure.councilId, measure);
    this.byPlan.add(measure.planId, measure);
    this.byPriority.add(`${measure.councilId}|${measure.prefix.toUpperCase()}`, measure);
  }

  remove(id: string): void {
    const measure = this.byId.get(id);
    if (!measure) return;
    this.byId.delete(id);
    for (const council of [measure.councilId, ANY_COUNCIL]) {
      this.byNumber.remove(`${council}|${measureNumberKey(measure)}`, id);
      this.byStem.remove(`${council}|${measureStemKey(measure)}`, id);
    }
    this.byCouncil.remove(measure.councilId, id);
    this.byPlan.remove(measure.planId, id);
    this.byPriority.remove(`${measure.councilId}|${measure.prefix.toUpperCase()}`, id);
  }

  withNumber(key: string, councilId?: string): readonly PerformanceMeasure[] {
    return this.byNumber.get(`${councilId ?? ANY_COUNCIL}|${key}`);
  }

  withStem(key: string, councilId?: string): readonly PerformanceMeasure[] {
    return this.byStem.get(`${councilId ?? ANY_COUNCIL}|${key}`);
  }

  ofCouncil(councilId: string): readonly PerformanceMeasure[] {
    return this.byCouncil.get(councilId);
  }

  ofPlan(planId: string): readonly PerformanceMeasure[] {
    return this.byPlan.get(planId);
  }

  ofPriority(councilId: string, prefix: string): readonly PerformanceMeasure[] {
    return this.byPriority.get(`${councilId}|${prefix.toUpperCase()}`);
  }

  all(): readonly PerformanceMeasure[] {
    return [...this.byId.values()];
  }

  councils(): readonly string[] {
    return this.byCouncil.keys();
  }
}
