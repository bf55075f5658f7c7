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
 */
import type { Action, Committee, Meeting, Plan, Resolution, Revision } from './model.js';
import { UPDATING_ROLES } from './permissions.js';
import { isAdmin, rolesOf } from './roles.js';
import {
  approvedDueDate,
  hasNoDate,
  isClosed,
  isDueBetween,
  isOverdue,
  isReportedSlipped,
  isSlippedWithoutNewDate,
  isStale,
  lastUpdateDate,
  pendingRevision,
} from './slippage.js';
import type { Snapshot } from './snapshot.js';
import { addDays } from './uk-format.js';
import { isVisibleTo, type Sensitivity } from './visibility.js';

export type DigestSection = 'overdue' | 'slipped-no-date' | 'awaiting-endorsement' | 'due-soon' | 'stale';

/** The order sections are shown in (not the order they are decided in). */
export const SECTION_ORDER: readonly DigestSection[] = ['overdue', 'slipped-no-date', 'awaiting-endorsement', 'due-soon', 'stale'];

export interface DigestOptions {
  /** Today in Europe/London, YYYY-MM-DD. */
  today: string;
  dueWeeks: number;
  staleWeeks: number;
  /** Items listed per plan in an overview (default 5). */
  topItems?: number;
  /** ADMIN_EMAILS: admins of every plan. */
  adminEmails?: readonly string[];
}

export interface FlaggedAction {
  action: Action;
  section: DigestSection;
  /** The approved target's due date, YYYY-MM-DD, when it has one. */
  dueDate?: string;
  /** Past the approved target (also set on awaiting-endorsement and slipped lines). */
  pastTarget: boolean;
  /** The council's own status says it is behind. */
  reportedSlipped: boolean;
  pending?: Revision;
  /** Last update (YYYY-MM-DD) for stale lines; undefined when never updated. */
  lastUpdate?: string;
  /** The strictest sensitivity of the action and its plan. */
  sensitivity: Sensitivity;
}

export interface FollowUp {
  meeting: Meeting;
  committee?: Committee;
  resolution: Resolution;
}

export type SectionCounts = Record<DigestSection, number>;

export interface LeadDigest {
  personId: string;
  sections: Record<DigestSection, FlaggedAction[]>;
  followUps: FollowUp[];
  total: number;
}

export interface PlanPicture {
  plan: Plan;
  counts: SectionCounts;
  /** The most urgent lines across the plan: slipped with no date, then longest past target, then awaiting endorsement. */
  top: FlaggedAction[];
  /** Flagged actions no named person owns (groups such as "SDMs" only): nobody gets them personally. */
  withoutPersonalOwner: number;
}

export interface CommitteePicture {
  committee: Committee;
  plans: PlanPicture[];
  openFollowUps: FollowUp[];
}

export interface OverviewDigest {
  personId: string;
  /** Why they get it: "chair of Corporate Review Committee", "plan admin for the CIP". */
  because: string[];
  plans: PlanPicture[];
  committees: CommitteePicture[];
}

export interface PersonDigest {
  personId: string;
  lead?: LeadDigest;
  overview?: OverviewDigest;
}

export interface DigestRun {
  today: string;
  /** Everyone with something to be told (leads and overview recipients), by person id. */
  people: Map<string, PersonDigest>;
  plans: Map<string, PlanPicture>;
  /** Plans left out because their digest is switched off. */
  disabledPlans: Plan[];
}

export function emptyCounts(): SectionCounts {
  return { overdue: 0, 'slipped-no-date': 0, 'awaiting-endorsement': 0, 'due-soon': 0, stale: 0 };
}

function emptySections(): Record<DigestSection, FlaggedAction[]> {
  return { overdue: [], 'slipped-no-date': [], 'awaiting-endorsement': [], 'due-soon': [], stale: [] };
}

const SENSITIVITY_RANK: Record<Sensitivity, number> = { public: 0, internal: 1, exempt: 2 };

function strictest(a: Sensitivity, b: Sensitivity): Sensitivity {
  return SENSITIVITY_RANK[a] >= SENSITIVITY_RANK[b] ? a : b;
}

/** Which digest section an open action belongs in this week, if any. */
export function classifyAction(action: Action, plan: Plan | undefined, today: string, dueUntil: string, staleWeeks: number): FlaggedAction | undefined {
  if (isClosed(action)) return undefined;
  const sensitivity = strictest(action.sensitivity, plan?.sensitivity ?? 'public');
  const dueDate = approvedDueDate(action);
  const pastTarget = isOverdue(action, today);
  const reportedSlipped = isReportedSlipped(action);
  const flag = (section: DigestSection, extra: Partial<FlaggedAction> = {}): FlaggedAction => ({ action, section, dueDate, pastTarget, reportedSlipped, sensitivity, ...extra });
  if (isSlippedWithoutNewDate(action)) return flag('slipped-no-date');
  const pending = pendingRevision(action);
  if (pastTarget && !pending) return flag('overdue');
  if (pending) return flag('awaiting-endorsement', { pending });
  if (isDueBetween(action, today, dueUntil)) return flag('due-soon');
  if (hasNoDate(action) && isStale(action, today, staleWeeks, plan?.asAt)) {
    return flag('stale', { lastUpdate: lastUpdateDate(action) ?? plan?.asAt });
  }
  return undefined;
}

/** Plain code-unit order: ISO dates and ids sort correctly, and it is much cheaper than localeCompare. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most urgent first within a section. */
function compareInSection(a: FlaggedAction, b: FlaggedAction): number {
  switch (a.section) {
    case 'overdue':
    case 'slipped-no-date':
    case 'due-soon':
      return byText(a.dueDate ?? '9999', b.dueDate ?? '9999') || byText(a.action.id, b.action.id);
    case 'awaiting-endorsement':
      return byText(a.pending?.proposedAt ?? '', b.pending?.proposedAt ?? '') || byText(a.action.id, b.action.id);
    case 'stale':
      return byText(a.lastUpdate ?? '', b.lastUpdate ?? '') || byText(a.action.id, b.action.id);
  }
}

const TOP_ORDER: readonly DigestSection[] = ['slipped-no-date', 'overdue', 'awaiting-endorsement'];

function normaliseName(text: string): string {
  return text.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Plans reporting to a committee, matched on the committee's name or aliases. */
function plansOfCommittee(committee: Committee, plans: readonly Plan[]): Plan[] {
  const names = new Set([committee.name, ...committee.aliases].map(normaliseName));
  return plans.filter((p) => p.reportingCommittee && names.has(normaliseName(p.reportingCommittee)));
}

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

/** People who administer a plan: named on the plan, granted plan-admin for it or for all plans, ADMIN_EMAILS. */
export function planAdminIds(snapshot: Snapshot, plan: Plan, adminEmails: readonly string[]): string[] {
  const ids = new Set(plan.adminIds);
  for (const grant of snapshot.data.roleGrants) {
    if (grant.role !== 'plan-admin' || (grant.planId && grant.planId !== plan.id)) continue;
    const person = grant.personId ? snapshot.person(grant.personId) : grant.email ? snapshot.personByEmail(grant.email) : undefined;
    if (person) ids.add(person.id);
  }
  for (const email of adminEmails) {
    const person = snapshot.personByEmail(email);
    if (person) ids.add(person.id);
  }
  return [...ids].filter((id) => snapshot.person(id));
}

export function sum(counts: SectionCounts): number {
  return counts.overdue + counts['slipped-no-date'] + counts['awaiting-endorsement'] + counts['due-soon'] + counts.stale;
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

function compareFollowUps(a: FollowUp, b: FollowUp): number {
  return byText(a.meeting.date, b.meeting.date) || byText(a.resolution.id, b.resolution.id);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface DigestPermission {
  allowed: boolean;
  /** In words a user understands. */
  reason: string;
}

/** Who may send the weekly digest now, or ask who it cannot reach: plan admins and democratic services. */
export function mayAdministerDigest(roles: ReadonlySet<string>): DigestPermission {
  if (roles.has('democratic-services-admin')) return { allowed: true, reason: 'you are a democratic services admin' };
  if (roles.has('plan-admin')) return { allowed: true, reason: 'you are a plan admin' };
  return { allowed: false, reason: 'only plan admins and democratic services admins can do that' };
}

/** Who may switch a plan's digest on or off: democratic services, and that plan's admins. */
export function mayToggleDigest(
  snapshot: Snapshot,
  plan: Plan,
  who: { personId?: string; email?: string; roles: ReadonlySet<string> },
  adminEmails: readonly string[],
): DigestPermission {
  if (who.roles.has('democratic-services-admin')) return { allowed: true, reason: 'you are a democratic services admin' };
  const email = who.email?.toLowerCase();
  if (email && adminEmails.includes(email)) return { allowed: true, reason: 'you are a bot administrator' };
  if (who.personId && planAdminIds(snapshot, plan, adminEmails).includes(who.personId)) return { allowed: true, reason: `you are a plan admin for the ${plan.abbreviation ?? plan.title}` };
  const granted = snapshot.data.roleGrants.some(
    (g) => g.role === 'plan-admin' && (!g.planId || g.planId === plan.id) && email && g.email?.toLowerCase() === email,
  );
  if (granted) return { allowed: true, reason: `you are a plan admin for the ${plan.abbreviation ?? plan.title}` };
  return { allowed: false, reason: `only the ${plan.abbreviation ?? plan.title}'s plan admins and democratic services admins can switch its digest on or off` };
}

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
