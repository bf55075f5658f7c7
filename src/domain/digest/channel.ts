/**
 * The committee or plan picture a channel receives each week: public content only, built from a
 * digest run.
 */
import type { Snapshot } from '../snapshot.js';
import { compareFollowUps } from './classify.js';
import { plansOfCommittee } from './scope.js';
import type { CommitteePicture, DigestRun, FollowUp, PersonDigest, PlanPicture } from './types.js';
import { isVisibleTo } from '../visibility.js';

/** A channel that receives the committee-level picture each week (set up by an admin in the channel). */
export interface ChannelScope {
  committeeId?: string;
  planId?: string;
}

/**
 * The committee or plan picture for a channel: public content only (exempt and internal actions,
 * and whole plans that are not public, never reach a channel; see visibility.ts).
 */
export function channelDigest(snapshot: Snapshot, run: DigestRun, scope: ChannelScope, conversationId: string): PersonDigest | undefined {
  const channel = { conversationKind: 'channel' as const, mayReadInternal: false, mayReadExempt: false };
  const publicPicture = (picture: PlanPicture | undefined): PlanPicture | undefined => {
    if (!picture || !isVisibleTo(picture.plan.sensitivity, channel)) return undefined;
    return { ...picture, top: picture.top.filter((f) => isVisibleTo(f.sensitivity, channel)) };
  };
  const committees: CommitteePicture[] = [];
  const plans: PlanPicture[] = [];
  const because: string[] = [];
  if (scope.committeeId) {
    const committee = snapshot.committee(scope.committeeId);
    if (!committee) return undefined;
    because.push(`the ${committee.name}`);
    const followUps: FollowUp[] = [];
    for (const meeting of snapshot.meetingsOf(committee.id)) {
      for (const resolution of meeting.resolutions) if (resolution.status === 'open') followUps.push({ meeting, committee, resolution });
    }
    committees.push({
      committee,
      plans: plansOfCommittee(committee, [...run.plans.values()].map((p) => p.plan))
        .map((p) => publicPicture(run.plans.get(p.id)))
        .filter((p): p is PlanPicture => Boolean(p)),
      openFollowUps: followUps.sort(compareFollowUps),
    });
  }
  if (scope.planId) {
    const picture = publicPicture(run.plans.get(scope.planId));
    if (!picture) return undefined;
    because.push(`the ${picture.plan.abbreviation ?? picture.plan.title}`);
    plans.push(picture);
  }
  if (committees.length === 0 && plans.length === 0) return undefined;
  return { personId: `channel:${conversationId}`, overview: { personId: `channel:${conversationId}`, because, plans, committees } };
}
