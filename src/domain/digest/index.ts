/**
 * The weekly slippage digest (domain.md §4 E 40): what each action lead should look at this week,
 * and the committee-level picture for committee chairs and plan admins. Pure: the date is passed in.
 *
 * Per lead, each open action they own (lead officer, WLT owner or delivery lead) appears once, in
 * the first of these that applies:
 *   1. reported slipped with no new date proposed or endorsed;
 *   2. past its approved target (slippage.ts: the latest endorsed revision, else the original),
 *      with no revised date proposed;
 *   3. a revised date proposed and awaiting committee endorsement (noting if it is past target);
 *   4. due in the next N weeks;
 *   5. Ongoing / TBC / undated, with no update for more than X weeks.
 * plus the committee follow-ups (open resolutions) that name them as owner.
 *
 * Fast by construction: every action is classified once and indexed by owner and plan; nothing is
 * recomputed per lead (10,000 actions and 500 leads in well under 200 ms, see bench/).
 *
 * The digest lives in one module per job (digest-types.ts for its shapes, digest-classify.ts for
 * sections, order and counts, digest-scope.ts for committee plans and plan admins,
 * digest-permissions.ts for who may run or switch it, digest-channel.ts for channel pictures);
 * this file computes a run and re-exports every public name.
 */
import { classifyAction, compareFollowUps, compareInSection, emptyCounts, emptySections, sum } from './classify.js';
import { planAdminIds, plansOfCommittee } from './scope.js';
import {
  SECTION_ORDER,
  type CommitteePicture,
  type DigestOptions,
  type DigestRun,
  type DigestSection,
  type FlaggedAction,
  type FollowUp,
  type PersonDigest,
  type PlanPicture,
} from './types.js';
import { UPDATING_ROLES } from '../permissions.js';
import { isAdmin, rolesOf } from '../roles.js';
import { isClosed } from '../slippage.js';
import type { Snapshot } from '../snapshot.js';
import { addDays } from '../uk-format.js';
import { isVisibleTo } from '../visibility.js';

export { channelDigest, type ChannelScope } from './channel.js';
export { classifyAction, emptyCounts, sum } from './classify.js';
export { mayAdministerDigest, mayToggleDigest, type DigestPermission } from './permissions.js';
export { planAdminIds } from './scope.js';
export * from './types.js';

const TOP_ORDER: readonly DigestSection[] = ['slipped-no-date', 'overdue', 'awaiting-endorsement'];

export function computeDigests(snapshot: Snapshot, options: DigestOptions): DigestRun {
  const { today } = options;
  const dueUntil = addDays(today, 7 * options.dueWeeks);
  const topItems = options.topItems ?? 5;
  const enabledPlans = snapshot.plans.filter((p) => p.digestEnabled);
  const disabledPlans = snapshot.plans.filter((p) => !p.digestEnabled);
  const enabledIds = new Set(enabledPlans.map((p) => p.id));

  // 1. Classify every action once; index the flags by owner and by plan.
  const byLead = new Map<string, FlaggedAction[]>();
  const byPlan = new Map<string, FlaggedAction[]>();
  const withoutOwner = new Map<string, number>();
  for (const plan of enabledPlans) {
    const flags: FlaggedAction[] = [];
    let unowned = 0;
    for (const action of snapshot.actionsOf(plan.id)) {
      const flagged = classifyAction(action, plan, today, dueUntil, options.staleWeeks);
      if (!flagged) continue;
      flags.push(flagged);
      let owned = false;
      for (const owner of action.owners) {
        if (!owner.personId || !UPDATING_ROLES.has(owner.role)) continue;
        owned = true;
        const list = byLead.get(owner.personId);
        // The same person in two roles (WLT owner and delivery lead) gets the line once.
        if (list?.at(-1) === flagged) continue;
        if (list) list.push(flagged);
        else byLead.set(owner.personId, [flagged]);
      }
      if (!owned) unowned += 1;
    }
    byPlan.set(plan.id, flags);
    withoutOwner.set(plan.id, unowned);
  }

  // 2. The plan-wide picture, once per plan.
  const plans = new Map<string, PlanPicture>();
  for (const plan of enabledPlans) {
    const flags = byPlan.get(plan.id)!;
    const counts = emptyCounts();
    const sections = emptySections();
    for (const flag of flags) {
      counts[flag.section] += 1;
      sections[flag.section].push(flag);
    }
    const top: FlaggedAction[] = [];
    for (const section of TOP_ORDER) {
      if (top.length >= topItems) break;
      top.push(...sections[section].sort(compareInSection).slice(0, topItems - top.length));
    }
    plans.set(plan.id, { plan, counts, top, withoutPersonalOwner: withoutOwner.get(plan.id)! });
  }

  // 3. Committee follow-ups: open resolutions, by owner and by committee.
  const followUpsByOwner = new Map<string, FollowUp[]>();
  const followUpsByCommittee = new Map<string, FollowUp[]>();
  for (const meeting of snapshot.meetings) {
    for (const resolution of meeting.resolutions) {
      if (resolution.status !== 'open') continue;
      const followUp: FollowUp = { meeting, committee: snapshot.committee(meeting.committeeId), resolution };
      push(followUpsByCommittee, meeting.committeeId, followUp);
      if (resolution.ownerPersonId) push(followUpsByOwner, resolution.ownerPersonId, followUp);
    }
  }
  for (const list of followUpsByCommittee.values()) list.sort(compareFollowUps);
  for (const list of followUpsByOwner.values()) list.sort(compareFollowUps);

  // 4. Leads.
  const people = new Map<string, PersonDigest>();
  const personDigest = (personId: string): PersonDigest => {
    let digest = people.get(personId);
    if (!digest) {
      digest = { personId };
      people.set(personId, digest);
    }
    return digest;
  };
  const leadIds = new Set([...byLead.keys(), ...followUpsByOwner.keys()]);
  for (const personId of leadIds) {
    const person = snapshot.person(personId);
    if (!person) continue;
    const flags = byLead.get(personId) ?? [];
    const mayReadExempt = flags.some((f) => f.sensitivity === 'exempt') && isAdmin(rolesOf(snapshot, { person }, options.adminEmails ?? []));
    const audience = { conversationKind: 'personal' as const, mayReadInternal: true, mayReadExempt };
    const sections = emptySections();
    let total = 0;
    for (const flag of flags) {
      if (flag.sensitivity !== 'public' && !isVisibleTo(flag.sensitivity, audience)) continue;
      sections[flag.section].push(flag);
      total += 1;
    }
    for (const section of SECTION_ORDER) sections[section].sort(compareInSection);
    const followUps = followUpsByOwner.get(personId) ?? [];
    total += followUps.length;
    if (total === 0) continue;
    personDigest(personId).lead = { personId, sections, followUps, total };
  }

  // 5. Overviews: committee chairs (their committee's plans and follow-ups) and plan admins.
  const overviews = new Map<string, { because: string[]; planIds: Set<string>; committeeIds: Set<string> }>();
  const overviewOf = (personId: string) => {
    let entry = overviews.get(personId);
    if (!entry) {
      entry = { because: [], planIds: new Set(), committeeIds: new Set() };
      overviews.set(personId, entry);
    }
    return entry;
  };
  for (const committee of snapshot.committees) {
    for (const member of committee.members) {
      if (member.role !== 'chair' || !snapshot.person(member.personId)) continue;
      const entry = overviewOf(member.personId);
      entry.because.push(`chair of the ${committee.name}`);
      entry.committeeIds.add(committee.id);
      for (const plan of plansOfCommittee(committee, enabledPlans)) entry.planIds.add(plan.id);
    }
  }
  for (const plan of enabledPlans) {
    for (const personId of planAdminIds(snapshot, plan, options.adminEmails ?? [])) {
      const entry = overviewOf(personId);
      if (!entry.planIds.has(plan.id)) entry.because.push(`plan admin for the ${plan.abbreviation ?? plan.title}`);
      entry.planIds.add(plan.id);
    }
  }
  for (const [personId, entry] of overviews) {
    const committees: CommitteePicture[] = [...entry.committeeIds].map((id) => {
      const committee = snapshot.committee(id)!;
      return {
        committee,
        plans: plansOfCommittee(committee, enabledPlans).map((p) => plans.get(p.id)!),
        openFollowUps: followUpsByCommittee.get(id) ?? [],
      };
    });
    const inCommittees = new Set(committees.flatMap((c) => c.plans.map((p) => p.plan.id)));
    const planPictures = [...entry.planIds].filter((id) => enabledIds.has(id) && !inCommittees.has(id)).map((id) => plans.get(id)!);
    const anything =
      planPictures.some((p) => sum(p.counts) > 0) || committees.some((c) => c.openFollowUps.length > 0 || c.plans.some((p) => sum(p.counts) > 0));
    if (!anything) continue;
    // Exempt lines never go into an overview unless the reader is an admin.
    const person = snapshot.person(personId)!;
    const admin = isAdmin(rolesOf(snapshot, { person }, options.adminEmails ?? []));
    const audience = { conversationKind: 'personal' as const, mayReadInternal: true, mayReadExempt: admin };
    const visible = (picture: PlanPicture): PlanPicture =>
      picture.top.every((f) => f.sensitivity === 'public') ? picture : { ...picture, top: picture.top.filter((f) => isVisibleTo(f.sensitivity, audience)) };
    personDigest(personId).overview = {
      personId,
      because: entry.because,
      plans: planPictures.map(visible),
      committees: committees.map((c) => ({ ...c, plans: c.plans.map(visible) })),
    };
  }

  return { today, people, plans, disabledPlans };
}


/** Whether a person's digest has anything to say (an empty digest is not sent unless configured). */
export function hasContent(digest: PersonDigest | undefined): boolean {
  if (!digest) return false;
  if (digest.lead && digest.lead.total > 0) return true;
  const overview = digest.overview;
  if (!overview) return false;
  return overview.plans.some((p) => sum(p.counts) > 0) || overview.committees.some((c) => c.openFollowUps.length > 0 || c.plans.some((p) => sum(p.counts) > 0));
}

/** Owners the digest is meant for: every person named as lead, WLT owner or delivery lead on an open action in an enabled plan. */
export function digestLeadIds(snapshot: Snapshot): string[] {
  const ids = new Set<string>();
  for (const plan of snapshot.plans) {
    if (!plan.digestEnabled) continue;
    for (const action of snapshot.actionsOf(plan.id)) {
      if (isClosed(action)) continue;
      for (const owner of action.owners) if (owner.personId && UPDATING_ROLES.has(owner.role)) ids.add(owner.personId);
    }
  }
  return [...ids].filter((id) => snapshot.person(id));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
