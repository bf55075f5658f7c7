/**
 * What kinds of data the store holds for each council ("I hold no performance measures for Derby
 * City Council"), kept as keyed maps of record ids per council and kind, so one write can update it.
 */
import { KeyedIndex } from '../keyed-index.js';
import type { StoreData } from '../model.js';

/** The kinds of data a council can hold, as answers name them. */
export const DATA_KINDS = [
  'plans',
  'actions',
  'governance actions',
  'recommendations',
  'performance measures',
  'operating plan entries',
  'performance reports',
  'complaints reports',
  'committees',
  'meetings',
  'work programme items',
  'decisions',
] as const;
export type DataKind = (typeof DATA_KINDS)[number];

type Ref = { id: string };

export class CouncilDataIndex {
  private readonly held = new KeyedIndex<Ref>();
  private readonly councilOfPlan = new Map<string, string>();
  private readonly governancePlans = new Set<string>();
  private readonly councilOfCommittee = new Map<string, string>();

  static from(data: Readonly<StoreData>): CouncilDataIndex {
    const index = new CouncilDataIndex();
    for (const p of data.plans) {
      index.councilOfPlan.set(p.id, p.councilId);
      if (p.kind === 'governance-action-plan' || p.kind === 'review-action-plan') index.governancePlans.add(p.id);
      index.add(p.councilId, 'plans', p.id);
    }
    for (const c of data.committees) {
      index.councilOfCommittee.set(c.id, c.councilId);
      index.add(c.councilId, 'committees', c.id);
    }
    for (const a of data.actions) {
      const council = index.councilOfPlan.get(a.planId);
      if (!council) continue;
      index.add(council, index.governancePlans.has(a.planId) ? 'governance actions' : 'actions', a.id);
    }
    for (const r of data.recommendations) index.add(r.councilId, 'recommendations', r.id);
    for (const m of data.performanceMeasures) index.add(m.councilId, 'performance measures', m.id);
    for (const i of data.operatingPlanItems) index.add(i.councilId, 'operating plan entries', i.id);
    for (const r of data.reports) index.add(r.councilId, r.kind === 'integrated-performance-report' ? 'performance reports' : 'complaints reports', r.id);
    for (const m of data.meetings) {
      const council = index.councilOfCommittee.get(m.committeeId);
      if (council) index.add(council, 'meetings', m.id);
    }
    for (const w of data.workProgrammeItems) {
      const council = index.councilOfCommittee.get(w.committeeId);
      if (council) index.add(council, 'work programme items', w.id);
    }
    for (const d of data.decisions) index.add(d.councilId, 'decisions', d.id);
    return index;
  }

  add(councilId: string, kind: DataKind, id: string): void {
    this.held.add(`${councilId}|${kind}`, { id });
  }

  remove(councilId: string, kind: DataKind, id: string): void {
    this.held.remove(`${councilId}|${kind}`, id);
  }

  count(councilId: string, kind: DataKind): number {
    return this.held.count(`${councilId}|${kind}`);
  }

  /** The council a plan belongs to. */
  planCouncil(planId: string): string | undefined {
    return this.councilOfPlan.get(planId);
  }

  committeeCouncil(committeeId: string): string | undefined {
    return this.councilOfCommittee.get(committeeId);
  }
}
