/**
 * The committee's quarterly summary (domain.md §2.6, §2.18, §4 A 1-5 and E 41), shaped like the
 * Derby CIP paper: the status table as at the cut-off with the change since the previous report,
 * then the lists: completed since the last report (4.6), on track (4.7), slippage with no new date
 * (4.8) and revised timescales proposed for endorsement (4.9).
 *
 * Computed figures come from canonical statuses through the plan's bucket mapping (statusAsAt +
 * countByBucket). A figure taken from a document (ReportedSummary) is carried separately, labelled
 * "as reported" with its period and source, and never merged into a computed number.
 *
 * Each action appears in at most one list, in this order of precedence: completed, revised
 * timescale proposed, slipped, on track (a slipped action with a proposed new date is re-baselined,
 * not "slippage": domain.md §2.6 and §5.3).
 *
 * Exempt and internal-only actions are filtered here, by audience, before anything is counted or
 * listed, so a summary built for a channel can never carry them.
 */
import { formatDateExpr } from '../date-expr/index.js';
import type { Action, ActionStatus, DateExpr, Plan, ProgressUpdate, ReportedSummary } from '../model.js';
import { financialQuarterOf, formatQuarter, previousQuarter, quarterFromLabel } from '../quarters.js';
import { isRoundUpdate, type QuarterlyRound } from './index.js';
import type { Snapshot } from '../snapshot.js';
import { pendingRevision } from '../slippage.js';
import { countByBucket, effectiveDate, statusAsAt } from '../status-history.js';
import { formatUkDate } from '../uk-format.js';
import { isVisibleTo, type Audience } from '../visibility.js';

export interface SummaryItem {
  actionId: string;
  number?: string;
  title: string;
  /** "Title (2.2)", the paper's style. */
  label: string;
  commentary?: string;
}

export interface RevisedItem extends SummaryItem {
  from?: string;
  to: string;
  reason?: string;
}

export interface CountRow {
  label: string;
  count: number;
  previous?: number;
  /** count - previous, only when the previous position is known. */
  change?: number;
}

export interface QuarterlySummary {
  planId: string;
  planTitle: string;
  planAbbreviation?: string;
  councilName?: string;
  reportingCommittee?: string;
  quarter: string;
  /** "Q2 2020/21 (July to September 2020)" */
  quarterText: string;
  asAt: string;
  previous?: { asAt: string; label: string };
  /** The position the change column compares with: the previous report, else the previous quarter's end. */
  comparedWith: { asAt: string; label: string };
  counts: {
    rows: CountRow[];
    total: number;
    /** Actions with no status as at the cut-off (counted in the total, in no bucket). */
    noStatus: number;
    previousNoStatus?: number;
    /** False when no status is known at the previous date: no change column then. */
    comparable: boolean;
  };
  /** "since the launch of the CIP (December 2017)" or "since the last report (as at 30 June 2020)". */
  completedSince: string;
  completed: SummaryItem[];
  onTrack: SummaryItem[];
  slipped: SummaryItem[];
  revised: RevisedItem[];
  /** The figure a document reported for this period, shown as reported. */
  reported?: { periodLabel: string; asAt?: string; rows: { label: string; count: number }[]; total?: number; source: string };
  overallAssessment?: { text: string; periodLabel: string; source: string };
  /** Actions held back from this audience (exempt/internal); only ever a count. */
  withheld: number;
  notes: string[];
}

export interface QuarterlySummaryInput {
  snapshot: Snapshot;
  plan: Plan;
  quarter: string;
  asAt: string;
  /** The previous report's cut-off and name; without it, "completed" means since the plan's launch. */
  previous?: { asAt: string; label: string };
  /** The round being summarised: its answers speak for its cut-off, whenever they were typed. */
  round?: QuarterlyRound;
  audience: Audience;
}

/**
 * The committee-table buckets when a plan has none of its own (the Communities Delivery Plan was
 * published without a status column): the four the Derby table uses, said to be a default.
 */
export const DEFAULT_SUMMARY_BUCKETS: Plan['summaryBuckets'] = [
  { label: 'Completed', statuses: ['COMPLETED'] },
  { label: 'In progress', statuses: ['IN_PROGRESS', 'ON_TRACK', 'AT_RISK', 'ONGOING'] },
  { label: 'Slippage', statuses: ['SLIPPED'] },
  { label: 'Not started', statuses: ['NOT_STARTED'] },
];

export function buildQuarterlySummary(input: QuarterlySummaryInput): QuarterlySummary {
  const { snapshot, round, audience } = input;
  const ownBuckets = input.plan.summaryBuckets.length > 0;
  const plan = ownBuckets ? input.plan : { ...input.plan, summaryBuckets: DEFAULT_SUMMARY_BUCKETS };
  const quarter = quarterFromLabel(input.quarter);
  const planVisible = isVisibleTo(plan.sensitivity, audience);
  const all = snapshot.actionsOf(plan.id);
  const actions = planVisible ? all.filter((a) => isVisibleTo(a.sensitivity, audience)) : [];
  const withheld = all.length - actions.length;
  const updatesOf = (a: Action) => roundAdjusted(snapshot.updatesOf(a.id), round);

  const statusNow = new Map<string, ActionStatus | undefined>(actions.map((a) => [a.id, statusAsAt(a, updatesOf(a), input.asAt)]));
  // "Completed since the last report" needs a report; the change column can use the previous quarter.
  const statusAtReport = input.previous
    ? new Map<string, ActionStatus | undefined>(actions.map((a) => [a.id, statusAsAt(a, updatesOf(a), input.previous!.asAt)]))
    : undefined;
  const previousQuarterEnd = quarterFromLabel(previousQuarter(quarter.label));
  const comparedWith = input.previous ?? { asAt: previousQuarterEnd.end, label: `End of ${formatQuarter(previousQuarterEnd.label).replace(/ \(.*\)$/, '')}` };
  const statusBefore = statusAtReport ?? new Map(actions.map((a) => [a.id, statusAsAt(a, updatesOf(a), comparedWith.asAt)]));

  const now = countByBucket(plan, [...statusNow.values()]);
  const before = countByBucket(plan, [...statusBefore.values()]);
  const comparable = before.total - before.unbucketed > 0;
  const rows: CountRow[] = now.rows.map((row, i) =>
    comparable ? { ...row, previous: before.rows[i]!.count, change: row.count - before.rows[i]!.count } : { ...row },
  );

  const abbreviation = plan.abbreviation ?? plan.title;
  const completedSince = input.previous
    ? `since the last report (${input.previous.label}, as at ${formatUkDate(input.previous.asAt)})`
    : `since the launch of the ${abbreviation}${plan.introduced ? ` (${plan.introduced})` : ''}`;

  const completed: SummaryItem[] = [];
  const onTrack: SummaryItem[] = [];
  const slipped: SummaryItem[] = [];
  const revised: RevisedItem[] = [];
  for (const action of actions) {
    const status = statusNow.get(action.id)?.canonical;
    const pending = pendingRevision(action);
    if (status === 'COMPLETED') {
      if (statusAtReport?.get(action.id)?.canonical !== 'COMPLETED') completed.push(item(action, undefined));
      continue;
    }
    if (pending) {
      revised.push({
        ...item(action, undefined),
        from: plainTarget(pending.from ?? action.originalTarget),
        to: plainTarget(pending.to)!,
        reason: pending.reason,
      });
    } else if (status === 'SLIPPED') {
      slipped.push(item(action, latestCommentary(action, updatesOf(action), input.asAt)));
    } else if (status === 'ON_TRACK') {
      onTrack.push(item(action, undefined));
    }
  }

  const reportedSummary = pickReported(snapshot.data.reportedSummaries.filter((r) => r.planId === plan.id), quarter.start, input.asAt);
  const reported = reportedSummary
    ? {
        periodLabel: reportedSummary.periodLabel,
        asAt: reportedSummary.asAt,
        rows: reportedSummary.rows.map((r) => ({ label: r.label, count: r.count })),
        total: reportedSummary.total,
        source: sourceText(reportedSummary),
      }
    : undefined;
  const overallAssessment = reportedSummary?.overallAssessment
    ? { text: reportedSummary.overallAssessment, periodLabel: reportedSummary.periodLabel, source: sourceText(reportedSummary) }
    : undefined;

  const notes: string[] = [];
  if (!ownBuckets) {
    notes.push(`The ${plan.title} has no committee status table of its own, so the standard one is used (Completed / In progress, including on track and at risk / Slippage / Not started).`);
  }
  if (now.unbucketed) {
    notes.push(`${now.unbucketed} of ${now.total} actions have no status recorded as at ${formatUkDate(input.asAt)}; they are in the total but in no row.`);
  }
  const latestRecorded = actions
    .flatMap((a) => [a.status.asAt, ...updatesOf(a).map(effectiveDate)])
    .filter((d): d is string => !!d && d <= input.asAt)
    .sort()
    .at(-1);
  if (actions.length && (!latestRecorded || latestRecorded < quarter.start)) {
    notes.push(
      latestRecorded
        ? `Nothing was recorded for these actions during ${formatQuarter(quarter.label)}: the position shown is the latest known, recorded up to ${formatUkDate(latestRecorded)}.`
        : `No status has been recorded for these actions yet.`,
    );
  }
  if (input.previous && !comparable) {
    notes.push(`No statuses are recorded as at ${formatUkDate(input.previous.asAt)}, so the change since the previous report cannot be shown.`);
  }
  if (plan.statedActionCount && plan.statedActionCount !== all.length) {
    notes.push(
      `The plan states ${plan.statedActionCount} actions but ${all.length} are itemised, so the computed table and the reported table cannot match; neither is adjusted to fit the other.`,
    );
  }
  if (withheld > 0 && audience.conversationKind === 'personal') {
    notes.push(`${withheld} restricted (internal or exempt) actions are not included.`);
  }

  return {
    planId: plan.id,
    planTitle: plan.title,
    planAbbreviation: plan.abbreviation,
    councilName: snapshot.council(plan.councilId)?.name,
    reportingCommittee: plan.reportingCommittee,
    quarter: quarter.label,
    quarterText: formatQuarter(quarter.label),
    asAt: input.asAt,
    previous: input.previous,
    comparedWith,
    counts: { rows, total: now.total, noStatus: now.unbucketed, previousNoStatus: comparable ? before.unbucketed : undefined, comparable },
    completedSince,
    completed: sortByNumber(completed),
    onTrack: sortByNumber(onTrack),
    slipped: sortByNumber(slipped),
    revised: sortByNumber(revised),
    reported,
    overallAssessment,
    withheld,
    notes,
  };
}

/** Answers to a round speak for its cut-off, even when recorded days later (as they always are). */
function roundAdjusted(updates: readonly ProgressUpdate[], round: QuarterlyRound | undefined): readonly ProgressUpdate[] {
  if (!round) return updates;
  return updates.map((u) => (isRoundUpdate(round, u) && (!u.asAt || u.asAt > round.asAt) ? { ...u, asAt: round.asAt } : u));
}

/** "September 2018" rather than "by September 2018": the list says "from ... to ..." itself. */
function plainTarget(expr: DateExpr | undefined): string | undefined {
  if (!expr) return undefined;
  if ((expr.kind === 'month' || expr.kind === 'date') && expr.qualifier) return formatDateExpr({ ...expr, qualifier: undefined });
  return formatDateExpr(expr);
}

function item(action: Action, commentary: string | undefined): SummaryItem {
  const number = action.numberRaw ?? action.number;
  return {
    actionId: action.id,
    number: action.number,
    title: action.title,
    label: number ? `${action.title} (${number})` : action.title,
    commentary,
  };
}

/** The commentary that stood at the cut-off: the last update on or before it, else the action's own. */
function latestCommentary(action: Action, updates: readonly ProgressUpdate[], asAt: string): string | undefined {
  const upTo = updates.filter((u) => u.commentary && effectiveDate(u) <= asAt).at(-1);
  return upTo?.commentary ?? action.commentary;
}

function sortByNumber<T extends SummaryItem>(items: T[]): T[] {
  const key = (n?: string) => (n ?? '').split('.').map((p) => p.padStart(4, '0')).join('.');
  return [...items].sort((a, b) => key(a.number).localeCompare(key(b.number)) || a.title.localeCompare(b.title));
}

/** The reported figure for this period: the latest one dated within the quarter, up to the cut-off. */
function pickReported(summaries: readonly ReportedSummary[], quarterStart: string, asAt: string): ReportedSummary | undefined {
  return [...summaries]
    .filter((s) => s.asAt !== undefined && s.asAt >= quarterStart && s.asAt <= asAt)
    .sort((a, b) => a.asAt!.localeCompare(b.asAt!))
    .at(-1);
}

function sourceText(summary: ReportedSummary): string {
  return `${summary.source.document}${summary.source.lines ? ` [${summary.source.lines}]` : ''}`;
}

/**
 * The position a summary speaks for when no round names it: the latest date on which anything in
 * the plan was reported (its statuses' as-at dates and updates), within the quarter. The demo CIP
 * says "as at 1 June 2018", as its paper did, not the end of the quarter it was never updated for.
 */
export function defaultAsAt(snapshot: Snapshot, plan: Plan, quarterLabel: string): string {
  const quarter = quarterFromLabel(quarterLabel);
  let latest: string | undefined;
  const consider = (date: string | undefined) => {
    if (date && date >= quarter.start && date <= quarter.end && (!latest || date > latest)) latest = date;
  };
  consider(plan.asAt);
  for (const action of snapshot.actionsOf(plan.id)) {
    consider(action.status.asAt);
    for (const update of snapshot.updatesOf(action.id)) consider(effectiveDate(update));
  }
  return latest ?? quarter.end;
}

/** The quarter of the latest reported position in the plan (the demo CIP: Q1 2018/19). */
export function latestReportedQuarter(snapshot: Snapshot, plan: Plan, today: string): string {
  let latest = plan.asAt && plan.asAt <= today ? plan.asAt : undefined;
  for (const action of snapshot.actionsOf(plan.id)) {
    const dates = [action.status.asAt, ...snapshot.updatesOf(action.id).map(effectiveDate)];
    for (const date of dates) if (date && date <= today && (!latest || date > latest)) latest = date;
  }
  return financialQuarterOf(latest ?? today).label;
}

/** The previous report's position: the latest earlier round's cut-off, if the plan has one. */
export function previousReport(rounds: readonly QuarterlyRound[], planId: string, asAt: string): { asAt: string; label: string } | undefined {
  const earlier = rounds.filter((r) => r.planId === planId && r.asAt < asAt).sort((a, b) => a.asAt.localeCompare(b.asAt)).at(-1);
  if (!earlier) return undefined;
  return { asAt: earlier.asAt, label: `${formatQuarter(earlier.quarter).replace(/ \(.*\)$/, '')} update` };
}
