/**
 * Quarterly update rounds (domain.md §4 E item 39): the performance team asks every action lead for
 * an update as at a cut-off date, by a deadline, chases the late ones and closes the round.
 *
 * Pure: the round record, who is asked about what, who has answered, and when reminders are due.
 * Responses are never stored twice: whether an action is answered is read from the progress updates
 * themselves (one source of truth), the round record only keeps what the updates cannot tell
 * (deadline history, delivery results, reminders sent).
 *
 * "Responded" is decided per action and rolled up per lead: an action is answered when anyone
 * entitled to update it records an update or a "no change" during the round; a lead has responded
 * when every action on their card is answered (by them or a co-owner, since the committee needs one
 * answer per action, not one per owner).
 */
import { z } from 'zod';
import { subtractWorkingDays } from '../calendar.js';
import { Id, IsoDate, IsoInstant, type Action, type ProgressUpdate } from '../model.js';
import { UPDATING_ROLES } from '../permissions.js';
import { financialQuarter, financialQuarterOf, quarterFromLabel, type FinancialQuarter } from '../quarters.js';
import type { Snapshot } from '../snapshot.js';

/** The ext collection that holds rounds. */
export const ROUNDS_COLLECTION = 'quarterlyRounds';
/** The ext collection that remembers each plan's committee channel. */
export const COMMITTEE_CHANNELS_COLLECTION = 'committeeChannels';

export const QuarterLabel = z.string().regex(/^\d{4}\/\d{2}-Q[1-4]$/, 'expected a quarter label like 2020/21-Q2');

export const DeliveryStatus = z.enum(['pending', 'sent', 'already-sent', 'unreachable', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const RoundDelivery = z.object({
  status: DeliveryStatus,
  /** Why it could not be delivered, from the sender's report ("403 BotNotInConversationRoster"). */
  reason: z.string().optional(),
  at: IsoInstant.optional(),
});
export type RoundDelivery = z.infer<typeof RoundDelivery>;

export const RoundLead = z.object({
  personId: Id,
  /** The actions on this lead's card, in plan order. */
  actionIds: z.array(Id),
  delivery: RoundDelivery,
  /** Reminders sent, one per deadline (an extended deadline earns a fresh reminder). */
  reminders: z
    .array(z.object({ deadline: IsoDate, on: IsoDate, status: DeliveryStatus, reason: z.string().optional() }))
    .default([]),
});
export type RoundLead = z.infer<typeof RoundLead>;

export const QuarterlyRound = z.object({
  id: Id,
  planId: Id,
  quarter: QuarterLabel,
  /** The as-at cut-off: answers speak for the position on this date. */
  asAt: IsoDate,
  deadline: IsoDate,
  startedBy: z.object({ personId: Id.optional(), name: z.string() }),
  startedAt: IsoInstant,
  /** The conversation the admin started it from: progress reports go back there. */
  startedIn: z.string().optional(),
  state: z.enum(['open', 'closed']),
  closedAt: IsoInstant.optional(),
  closedBy: z.object({ personId: Id.optional(), name: z.string() }).optional(),
  deadlineHistory: z
    .array(z.object({ from: IsoDate, to: IsoDate, by: z.string(), byId: Id.optional(), at: IsoInstant }))
    .default([]),
  leads: z.array(RoundLead).default([]),
  /** Owner groups ("SDMs") cannot be messaged: kept so the admin can chase them another way. */
  groups: z.array(z.object({ group: z.string(), actionIds: z.array(Id) })).default([]),
  /** Councillors named as owners: they may read but not record updates. */
  members: z.array(z.object({ personId: Id, actionIds: z.array(Id) })).default([]),
  /** Open actions with nobody who could be asked. */
  unownedActionIds: z.array(Id).default([]),
  /** Completed fan-outs of the request card (the first, then any "resend"). */
  dispatches: z.number().int().min(0).default(0),
  /** Keys of one-off messages already sent for this round (deadline-passed reports, summary posts). */
  notices: z.array(z.object({ key: z.string(), at: IsoInstant, status: DeliveryStatus, reason: z.string().optional() })).default([]),
  /** Progress at the moment of closing, kept for the record. */
  finalProgress: z
    .object({ leads: z.number().int(), leadsResponded: z.number().int(), actions: z.number().int(), actionsAnswered: z.number().int() })
    .optional(),
  version: z.number().int().default(1),
});
export type QuarterlyRound = z.infer<typeof QuarterlyRound>;

export const CommitteeChannel = z.object({
  /** The plan id. */
  id: Id,
  conversationId: z.string().min(1),
  setBy: z.string(),
  setById: Id.optional(),
  setAt: IsoInstant,
});
export type CommitteeChannel = z.infer<typeof CommitteeChannel>;

/** "round-staffs-cdp-2020-21-q2": one round per plan and quarter. */
export function roundId(planId: string, quarter: string): string {
  return `round-${planId}-${quarter.replace('/', '-').toLowerCase()}`;
}

/** The rounds in a snapshot, validated; a record that fails validation is skipped, never trusted. */
export function roundsIn(snapshot: Snapshot): readonly QuarterlyRound[] {
  return snapshot.memo('quarterly:rounds', () =>
    snapshot
      .ext(ROUNDS_COLLECTION)
      .map((r) => QuarterlyRound.safeParse(r))
      .filter((r) => r.success)
      .map((r) => r.data)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
  );
}

export function committeeChannelOf(snapshot: Snapshot, planId: string): CommitteeChannel | undefined {
  const record = snapshot.ext(COMMITTEE_CHANNELS_COLLECTION).find((r) => (r as { id?: string }).id === planId);
  const parsed = CommitteeChannel.safeParse(record);
  return parsed.success ? parsed.data : undefined;
}

// ---------------------------------------------------------------------------------------------
// Who is asked about what
// ---------------------------------------------------------------------------------------------

export interface RoundRecipients {
  leads: { personId: string; actionIds: string[] }[];
  groups: { group: string; actionIds: string[] }[];
  members: { personId: string; actionIds: string[] }[];
  unownedActionIds: string[];
  /** Completed or withdrawn: nothing to ask. */
  closedActionIds: string[];
}

const FINISHED = new Set(['COMPLETED', 'CLOSED_WITHDRAWN']);

/** Actions a round asks about: everything in the plan that is not completed or withdrawn. */
export function actionsInScope(snapshot: Snapshot, planId: string): Action[] {
  return snapshot.actionsOf(planId).filter((a) => !FINISHED.has(a.status.canonical));
}

/**
 * Each person who may update an action (lead officer, delivery lead, WLT owner) gets the actions
 * they own, and only those. Groups and councillors are kept aside so the admin sees them.
 */
export function roundRecipients(snapshot: Snapshot, planId: string): RoundRecipients {
  const leads = new Map<string, string[]>();
  const members = new Map<string, string[]>();
  const groups = new Map<string, { group: string; actionIds: string[] }>();
  const unownedActionIds: string[] = [];
  const closedActionIds = snapshot.actionsOf(planId).filter((a) => FINISHED.has(a.status.canonical)).map((a) => a.id);
  for (const action of actionsInScope(snapshot, planId)) {
    let askable = false;
    const seen = new Set<string>();
    for (const owner of action.owners) {
      if (!UPDATING_ROLES.has(owner.role)) continue;
      if (owner.personId) {
        if (seen.has(owner.personId)) continue;
        seen.add(owner.personId);
        const person = snapshot.person(owner.personId);
        if (person?.kind === 'member') {
          push(members, owner.personId, action.id);
          continue;
        }
        push(leads, owner.personId, action.id);
        askable = true;
      } else if (owner.group) {
        const key = owner.group.toLowerCase();
        const entry = groups.get(key) ?? { group: owner.group, actionIds: [] };
        if (!entry.actionIds.includes(action.id)) entry.actionIds.push(action.id);
        groups.set(key, entry);
      }
    }
    if (!askable) unownedActionIds.push(action.id);
  }
  const byName = (a: string, b: string) => (snapshot.person(a)?.name ?? a).localeCompare(snapshot.person(b)?.name ?? b);
  return {
    leads: [...leads.keys()].sort(byName).map((personId) => ({ personId, actionIds: leads.get(personId)! })),
    groups: [...groups.values()].sort((a, b) => a.group.localeCompare(b.group)),
    members: [...members.keys()].sort(byName).map((personId) => ({ personId, actionIds: members.get(personId)! })),
    unownedActionIds,
    closedActionIds,
  };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ---------------------------------------------------------------------------------------------
// Who has answered
// ---------------------------------------------------------------------------------------------

/**
 * An update belongs to the round when it carries the round's id, or when it was recorded while the
 * round was open (an update typed in chat during the round answers it just as well as the card).
 */
export function isRoundUpdate(round: QuarterlyRound, update: ProgressUpdate): boolean {
  if (update.roundId) return update.roundId === round.id;
  if (update.channel === 'seed' || update.channel === 'import') return false;
  if (update.authoredAt < round.startedAt) return false;
  return !round.closedAt || update.authoredAt <= round.closedAt;
}

/** The latest update that answers the round for this action, if any. */
export function roundAnswer(round: QuarterlyRound, updates: readonly ProgressUpdate[]): ProgressUpdate | undefined {
  return updates.filter((u) => isRoundUpdate(round, u)).at(-1);
}

export interface LeadProgress {
  personId: string;
  actionIds: string[];
  answeredIds: string[];
  outstandingIds: string[];
  responded: boolean;
  delivery: RoundDelivery;
  lastReminder?: RoundLead['reminders'][number];
}

export interface RoundProgress {
  leads: LeadProgress[];
  leadsResponded: number;
  actionsInRound: string[];
  answered: Map<string, ProgressUpdate>;
  noChangeCount: number;
  updatedCount: number;
}

export function roundProgress(round: QuarterlyRound, snapshot: Snapshot): RoundProgress {
  const actionIds = new Set<string>([
    ...round.leads.flatMap((l) => l.actionIds),
    ...round.groups.flatMap((g) => g.actionIds),
    ...round.members.flatMap((m) => m.actionIds),
    ...round.unownedActionIds,
  ]);
  const answered = new Map<string, ProgressUpdate>();
  for (const id of actionIds) {
    const answer = roundAnswer(round, snapshot.updatesOf(id));
    if (answer) answered.set(id, answer);
  }
  const leads = round.leads.map((lead) => {
    const answeredIds = lead.actionIds.filter((id) => answered.has(id));
    const outstandingIds = lead.actionIds.filter((id) => !answered.has(id));
    return {
      personId: lead.personId,
      actionIds: lead.actionIds,
      answeredIds,
      outstandingIds,
      responded: outstandingIds.length === 0,
      delivery: lead.delivery,
      lastReminder: lead.reminders.at(-1),
    };
  });
  const values = [...answered.values()];
  return {
    leads,
    leadsResponded: leads.filter((l) => l.responded).length,
    actionsInRound: [...actionIds],
    answered,
    noChangeCount: values.filter((u) => u.kind === 'no-change').length,
    updatedCount: values.filter((u) => u.kind !== 'no-change').length,
  };
}

// ---------------------------------------------------------------------------------------------
// Dates: quarter, cut-off, deadline, reminders
// ---------------------------------------------------------------------------------------------

/** The working day reminders go out: `workingDays` before the deadline (0: on the deadline itself). */
export function reminderDate(deadline: string, workingDays: number, extraClosures?: readonly string[]): string {
  return workingDays <= 0 ? deadline : subtractWorkingDays(deadline, workingDays, extraClosures);
}

/** Reminders are due from the reminder date up to the deadline, once per deadline. */
export function remindersDue(round: QuarterlyRound, today: string, workingDays: number, extraClosures?: readonly string[]): boolean {
  if (round.state !== 'open') return false;
  return today >= reminderDate(round.deadline, workingDays, extraClosures) && today <= round.deadline;
}

/** Whether this lead should be reminded today: not responded, and not reminded for this deadline. */
export function needsReminder(round: QuarterlyRound, lead: LeadProgress): boolean {
  if (lead.responded) return false;
  const roundLead = round.leads.find((l) => l.personId === lead.personId);
  return !roundLead?.reminders.some((r) => r.deadline === round.deadline && (r.status === 'sent' || r.status === 'already-sent'));
}

/**
 * A bare "Q2" when starting a round means the latest Q2 that has begun: in April 2021 "Q4" is
 * January to March 2021, not the Q4 of the year that has only just started.
 */
export function latestStartedQuarter(quarter: number, today: string): FinancialQuarter {
  const current = financialQuarterOf(today);
  let candidate = financialQuarter(current.fyStartYear, quarter);
  if (candidate.start > today) candidate = financialQuarter(current.fyStartYear - 1, quarter);
  return candidate;
}

export interface RoundDatesProblem {
  field: 'asAt' | 'deadline';
  message: string;
}

/** Checks a round's dates make sense together; returns every problem, in words a user understands. */
export function checkRoundDates(quarterLabel: string, asAt: string, deadline: string, today: string): RoundDatesProblem[] {
  const quarter = quarterFromLabel(quarterLabel);
  const problems: RoundDatesProblem[] = [];
  if (asAt < quarter.start || asAt > quarter.end) {
    problems.push({ field: 'asAt', message: `the cut-off must fall within the quarter (${quarter.start} to ${quarter.end})` });
  }
  if (deadline < asAt) problems.push({ field: 'deadline', message: 'the deadline must be on or after the cut-off' });
  if (deadline < today) problems.push({ field: 'deadline', message: 'the deadline has already passed' });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Who runs rounds (the check itself is roles.ts administersPlan); names for a refusal come from
// update-rights.ts, shared with the progress-update refusals.
// ---------------------------------------------------------------------------------------------

export { planAdminNames } from '../update-rights.js';
