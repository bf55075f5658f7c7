/** Keyed maps over operating plan entries (by plan, section and council), updatable one entry at a time. */
import { KeyedIndex } from '../keyed-index.js';
import type { OperatingPlanItem } from '../model.js';

export class OperatingPlanIndex {
  readonly byId = new Map<string, OperatingPlanItem>();
  private readonly byPlan = new KeyedIndex<OperatingPlanItem>();
  private readonly bySection = new KeyedIndex<OperatingPlanItem>();
  private readonly byCouncil = new KeyedIndex<OperatingPlanItem>();

  static from(items: readonly OperatingPlanItem[]): OperatingPlanIndex {
    const index = new OperatingPlanIndex();
    for (const item of items) index.add(item);
    return index;
  }

  add(item: OperatingPlanItem): void {
    if (this.byId.has(item.id)) this.remove(item.id);
    this.byId.set(item.id, item);
    this.byPlan.add(item.planId, item);
    this.bySection.add(item.themeId, item);
    this.byCouncil.add(item.councilId, item);
  }

  remove(id: string): void {
    const item = this.byId.get(id);
    if (!item) return;
    this.byId.delete(id);
    this.byPlan.remove(item.planId, id);
    this.bySection.remove(item.themeId, id);
    this.byCouncil.remove(item.councilId, id);
  }

  ofPlan(planId: string): readonly OperatingPlanItem[] {
    return this.byPlan.get(planId);
  }
  ofSection(themeId: string): readonly OperatingPlanItem[] {
    return this.bySection.get(themeId);
  }
  ofCouncil(councilId: string): readonly OperatingPlanItem[] {
    return this.byCouncil.get(councilId);
  }
  all(): readonly OperatingPlanItem[] {
    return [...this.byId.values()];
  }
}
