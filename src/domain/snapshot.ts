/**
 * An immutable read view of the store with lazily built indexes. One Snapshot is shared by every
 * question until the next write, so indexes are built once per generation, not per question.
 */
import { CouncilDataIndex } from './councils/council-data-index.js';
import { MeasureIndex } from './measures/measure-index.js';
import type {
  Action,
  Committee,
  Council,
  Decision,
  Meeting,
  OperatingPlanItem,
  PerformanceMeasure,
  PeriodicReport,
  Person,
  Plan,
  ProgressUpdate,
  Recommendation,
  StoreData,
  Theme,
  WorkProgrammeItem,
} from './model.js';
import { OperatingPlanIndex } from './operating-plans/operating-plan-index.js';
import { OwnershipIndex } from './ownership/ownership-index.js';
import { RecommendationIndex } from './recommendations/recommendation-index.js';

export class Snapshot {
  private cache = new Map<string, unknown>();

  constructor(
    readonly data: Readonly<StoreData>,
    readonly generation: number,
  ) {}

  /** Memoise an index or derived value on this snapshot. Features use it for their own indexes. */
  memo<T>(key: string, build: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = build();
    this.cache.set(key, value);
    return value;
  }

  get actions(): readonly Action[] {
    return this.data.actions;
  }
  get people(): readonly Person[] {
    return this.data.people;
  }
  get plans(): readonly Plan[] {
    return this.data.plans;
  }
  get meetings(): readonly Meeting[] {
    return this.data.meetings;
  }
  get committees(): readonly Committee[] {
    return this.data.committees;
  }
  get recommendations(): readonly Recommendation[] {
    return this.data.recommendations;
  }
  get performanceMeasures(): readonly PerformanceMeasure[] {
    return this.data.performanceMeasures;
  }
  get operatingPlanItems(): readonly OperatingPlanItem[] {
    return this.data.operatingPlanItems;
  }
  get reports(): readonly PeriodicReport[] {
    return this.data.reports;
  }

  action(id: string): Action | undefined {
    return this.memo('actionById', () => byId(this.data.actions)).get(id);
  }
  person(id: string): Person | undefined {
    return this.memo('personById', () => byId(this.data.people)).get(id);
  }
  plan(id: string): Plan | undefined {
    return this.memo('planById', () => byId(this.data.plans)).get(id);
  }
  theme(id: string): Theme | undefined {
    return this.memo('themeById', () => byId(this.data.themes)).get(id);
  }
  council(id: string): Council | undefined {
    return this.memo('councilById', () => byId(this.data.councils)).get(id);
  }
  committee(id: string): Committee | undefined {
    return this.memo('committeeById', () => byId(this.data.committees)).get(id);
  }
  meeting(id: string): Meeting | undefined {
    return this.memo('meetingById', () => byId(this.data.meetings)).get(id);
  }
  workProgrammeItem(id: string): WorkProgrammeItem | undefined {
    return this.memo('workProgrammeItemById', () => byId(this.data.workProgrammeItems)).get(id);
  }
  decision(id: string): Decision | undefined {
    return this.memo('decisionById', () => byId(this.data.decisions)).get(id);
  }
  recommendation(id: string): Recommendation | undefined {
    return this.recommendationIndex().byId.get(id);
  }
  measure(id: string): PerformanceMeasure | undefined {
    return this.measureIndex().byId.get(id);
  }
  operatingPlanItem(id: string): OperatingPlanItem | undefined {
    return this.operatingPlanIndex().byId.get(id);
  }
  report(id: string): PeriodicReport | undefined {
    return this.memo('reportById', () => byId(this.data.reports)).get(id);
  }
  /** Periodic reports of one council. */
  reportsOf(councilId: string): readonly PeriodicReport[] {
    return this.memo('reportsByCouncil', () => groupBy(this.data.reports, (r) => r.councilId)).get(councilId) ?? [];
  }

  // Indexes of the recommendations, measures, operating plans, owners and council data. Each is a
  // set of keyed maps with add/remove, built once per snapshot generation, so that a later store can
  // carry an index across a write by updating the records it touched instead of rebuilding it.
  measureIndex(): MeasureIndex {
    return this.memo('measureIndex', () => MeasureIndex.from(this.data.performanceMeasures));
  }
  recommendationIndex(): RecommendationIndex {
    return this.memo('recommendationIndex', () => RecommendationIndex.from(this.data.recommendations, this.data.actions));
  }
  operatingPlanIndex(): OperatingPlanIndex {
    return this.memo('operatingPlanIndex', () => OperatingPlanIndex.from(this.data.operatingPlanItems));
  }
  ownershipIndex(): OwnershipIndex {
    return this.memo('ownershipIndex', () => OwnershipIndex.from(this.data));
  }
  councilDataIndex(): CouncilDataIndex {
    return this.memo('councilDataIndex', () => CouncilDataIndex.from(this.data));
  }

  /** Actions by clean number ("2.2"); several plans can share a number, so this is a list. */
  actionsByNumber(number: string): readonly Action[] {
    const index = this.memo('actionsByNumber', () => groupBy(this.data.actions.filter((a) => a.number), (a) => a.number!));
    return index.get(number) ?? [];
  }

  /** Actions where the person appears in any owner role (lead, WLT owner, delivery lead) or as delegate. */
  actionsOwnedBy(personId: string): readonly Action[] {
    const index = this.memo('actionsByOwner', () => {
      const map = new Map<string, Action[]>();
      for (const action of this.data.actions) {
        const ids = new Set<string>();
        for (const owner of action.owners) if (owner.personId) ids.add(owner.personId);
        for (const id of ids) push(map, id, action);
      }
      return map;
    });
    return index.get(personId) ?? [];
  }

  /** Actions owned by a group ("SDMs"), matched case-insensitively. */
  actionsOwnedByGroup(group: string): readonly Action[] {
    const index = this.memo('actionsByGroup', () => {
      const map = new Map<string, Action[]>();
      for (const action of this.data.actions) {
        for (const owner of action.owners) if (owner.group) push(map, owner.group.toLowerCase(), action);
      }
      return map;
    });
    return index.get(group.toLowerCase()) ?? [];
  }

  /** Distinct owner group names ("SDMs", "CCSMs", ...). */
  ownerGroups(): readonly string[] {
    return this.memo('ownerGroups', () => {
      const names = new Map<string, string>();
      for (const action of this.data.actions) {
        for (const owner of action.owners) if (owner.group) names.set(owner.group.toLowerCase(), owner.group);
      }
      return [...names.values()];
    });
  }

  themesOf(planId: string): readonly Theme[] {
    return this.memo('themesByPlan', () => groupBy(this.data.themes, (t) => t.planId)).get(planId) ?? [];
  }

  actionsOf(planId: string): readonly Action[] {
    return this.memo('actionsByPlan', () => groupBy(this.data.actions, (a) => a.planId)).get(planId) ?? [];
  }

  actionsInTheme(themeId: string): readonly Action[] {
    return this.memo('actionsByTheme', () => groupBy(this.data.actions.filter((a) => a.themeId), (a) => a.themeId!)).get(themeId) ?? [];
  }

  /** Progress updates of one action, oldest first. */
  updatesOf(actionId: string): readonly ProgressUpdate[] {
    return this.memo('updatesByAction', () => {
      const map = groupBy(this.data.updates, (u) => u.actionId);
      for (const list of map.values()) list.sort((a, b) => a.authoredAt.localeCompare(b.authoredAt));
      return map;
    }).get(actionId) ?? [];
  }

  meetingsOf(committeeId: string): readonly Meeting[] {
    return this.memo('meetingsByCommittee', () => {
      const map = groupBy(this.data.meetings, (m) => m.committeeId);
      for (const list of map.values()) list.sort((a, b) => (a.date + (a.time ?? '')).localeCompare(b.date + (b.time ?? '')));
      return map;
    }).get(committeeId) ?? [];
  }

  personByEmail(email: string): Person | undefined {
    return this.memo('personByEmail', () => {
      const map = new Map<string, Person>();
      for (const p of this.data.people) if (p.email) map.set(p.email.toLowerCase(), p);
      return map;
    }).get(email.toLowerCase());
  }

  personByAadObjectId(aadObjectId: string): Person | undefined {
    const link = this.memo('linkByAad', () => new Map(this.data.identityLinks.map((l) => [l.aadObjectId, l]))).get(aadObjectId);
    if (link) return this.person(link.personId);
    return this.memo('personByAad', () => {
      const map = new Map<string, Person>();
      for (const p of this.data.people) if (p.aadObjectId) map.set(p.aadObjectId, p);
      return map;
    }).get(aadObjectId);
  }

  ext<T = Record<string, unknown>>(collection: string): readonly T[] {
    return (this.data.ext[collection] ?? []) as unknown as T[];
  }
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) push(map, key(item), item);
  return map;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
