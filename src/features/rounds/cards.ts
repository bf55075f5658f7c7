/**
 * View models for the quarterly round's cards: the personal update request a lead receives (paged,
 * each page under 80 KB), the reminder, the admin's progress list and the committee summary card.
 * Pure over a snapshot: the same function renders the card first sent and every in-place update.
 */
import { formatDateExpr } from '../../domain/date-expr/index.js';
import type { Action, OwnerRole, ProgressUpdate } from '../../domain/model.js';
import type { QuarterlySummary } from '../../domain/quarterly/summary.js';
import { roundProgress, type QuarterlyRound, type RoundProgress } from '../../domain/quarterly/index.js';
import { formatQuarter } from '../../domain/quarters.js';
import type { Snapshot } from '../../domain/snapshot.js';
import { approvedTarget, pendingRevision } from '../../domain/slippage.js';
import { formatUkDate, formatUkInstant, plural } from '../../domain/uk-format.js';
import { CardTooLargeError, renderCard } from '../../cards/render.js';
import { ROLE_WORDS, actionLabel, statusText } from '../../chat/present.js';
import { cardReply, listReply, type CardFact, type ListGroup } from '../../chat/reply.js';
import type { AskChoice, Reply } from '../../chat/types.js';

/** One action on a lead's round card. */
interface RoundCardAction {
  actionId: string;
  heading: string;
  facts: CardFact[];
  commentary?: string;
  commentaryMeta?: string;
  /** "✓ No change recorded by …", once the action has its answer for the round. */
  answeredText?: string;
}

/** cards/quarterly-round-request.json */
export interface RoundRequestCardData {
  title: string;
  intro: string;
  closed: boolean;
  closedText?: string;
  pageText: string;
  /** Carried back by every button, with the page and mode, so the card updates in place. */
  roundId: string;
  leadId: string;
  page: number;
  mode: RoundCardMode;
  actions: RoundCardAction[];
  pages: { title: string; page: number }[];
  notes: string[];
  /** The lead's Teams account: Teams refreshes the card whenever they open it. */
  refreshUserIds: string[];
  speak: string;
}

/** cards/quarterly-summary.json */
export interface QuarterlySummaryCardData {
  title: string;
  subtitle?: string;
  asAtText: string;
  countsHeading: string;
  /** False when there is no earlier report to compare with: the previous and change columns are hidden. */
  comparable: boolean;
  nowHeader: string;
  previousHeader: string;
  countRows: { label: string; count: string; previous: string; change: string; weight: 'Default' | 'Bolder' }[];
  /** The figures a committee report published, shown beside ours and never merged with them. */
  reported?: { heading: string; periodLabel: string; rows: { label: string; count: string }[]; source: string };
  assessment?: { heading: string; text: string; source: string };
  sections: { heading: string; color: string; items: { label: string; detail?: string }[]; more?: string }[];
  notes: string[];
  buttons: AskChoice[];
  speak: string;
}

declare module '../../chat/types.js' {
  interface CardTemplates {
    'quarterly-round-request': RoundRequestCardData;
    'quarterly-summary': QuarterlySummaryCardData;
  }
}

/** Actions per card page: with the truncations below a page stays far under 80 KB. */
export const ACTIONS_PER_PAGE = 8;
const MAX_HEADING = 300;
const MAX_COMMENTARY = 600;

export type RoundCardMode = 'request' | 'reminder';

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** "Q2 2020/21" */
export function shortQuarter(label: string): string {
  return formatQuarter(label).replace(/ \(.*\)$/, '');
}

function roleWords(action: Action, personId: string): string {
  const roles = [...new Set(action.owners.filter((o) => o.personId === personId).map((o) => o.role))] as OwnerRole[];
  return roles.map((r) => ROLE_WORDS[r][0]).join(', ');
}

export function answeredText(update: ProgressUpdate): string {
  const what = update.kind === 'no-change' ? 'No change' : 'Update';
  return `✓ ${what} recorded by ${update.authorName} on ${formatUkInstant(update.authoredAt)}`;
}

/** The lead's AAD object id, when known: Teams then refreshes the card whenever they open it. */
function aadIdOf(snapshot: Snapshot, personId: string): string | undefined {
  return snapshot.person(personId)?.aadObjectId ?? snapshot.data.identityLinks.find((l) => l.personId === personId)?.aadObjectId;
}

export interface RoundCardOptions {
  page: number;
  mode: RoundCardMode;
  /** A line at the top after a button press ("No change recorded for 2.2"). */
  flash?: string;
}

/** The actions a page of this lead's card shows: all of theirs, or only the unanswered ones for a reminder. */
export function roundCardActions(round: QuarterlyRound, progress: RoundProgress, leadId: string, mode: RoundCardMode): string[] {
  const lead = round.leads.find((l) => l.personId === leadId);
  if (!lead) return [];
  return mode === 'reminder' ? lead.actionIds.filter((id) => !progress.answered.has(id)) : lead.actionIds;
}

/**
 * The personal card for one lead: their actions in the round (never anyone else's), each with its
 * last status and commentary, "No change" and "Update…" buttons, paged in place.
 */
export function roundCardReply(snapshot: Snapshot, round: QuarterlyRound, leadId: string, options: RoundCardOptions): Reply {
  const plan = snapshot.plan(round.planId);
  const planName = plan ? `${plan.title}${plan.abbreviation ? ` (${plan.abbreviation})` : ''}` : round.planId;
  const quarter = shortQuarter(round.quarter);
  const progress = roundProgress(round, snapshot);
  const ids = roundCardActions(round, progress, leadId, options.mode);
  const pageCount = Math.max(1, Math.ceil(ids.length / ACTIONS_PER_PAGE));
  const page = Math.min(Math.max(1, Math.floor(options.page) || 1), pageCount);
  const pageIds = ids.slice((page - 1) * ACTIONS_PER_PAGE, page * ACTIONS_PER_PAGE);
  const leadProgress = progress.leads.find((l) => l.personId === leadId);
  const outstanding = leadProgress?.outstandingIds.length ?? 0;
  const total = round.leads.find((l) => l.personId === leadId)?.actionIds.length ?? 0;
  const closed = round.state === 'closed';

  const actions = pageIds.map((id): RoundCardAction => {
    const action = snapshot.action(id);
    if (!action) return { actionId: id, heading: `${id} (no longer in the plan)`, facts: [], answeredText: 'This action has been removed from the plan.' };
    const answer = progress.answered.get(id);
    const last = snapshot.updatesOf(id).filter((u) => u.commentary).at(-1);
    const target = approvedTarget(action);
    const pending = pendingRevision(action);
    const facts = [
      { title: 'Last status', value: statusText(action) },
      { title: 'Target', value: target ? formatDateExpr(target) : 'No target date recorded' },
      ...(pending ? [{ title: 'Proposed new target', value: `${formatDateExpr(pending.to)} (awaiting endorsement)` }] : []),
      { title: 'Your role', value: roleWords(action, leadId) || 'Owner' },
    ];
    const label = truncate(actionLabel(snapshot, action), MAX_HEADING);
    return {
      actionId: id,
      heading: label,
      facts,
      commentary: action.commentary ? `Last commentary: ${truncate(action.commentary, MAX_COMMENTARY)}` : 'No commentary recorded yet.',
      commentaryMeta: last
        ? `Recorded by ${last.authorName} on ${formatUkInstant(last.authoredAt)}`
        : action.commentaryAsAt
          ? `As at ${formatUkDate(action.commentaryAsAt)}`
          : undefined,
      answeredText: answer ? answeredText(answer) : undefined,
    };
  });

  const title =
    options.mode === 'reminder'
      ? `Reminder: your ${quarter} update is due by ${formatUkDate(round.deadline)}`
      : `${quarter} update request: ${planName}`;
  const intro =
    options.mode === 'reminder'
      ? `${plural(outstanding, 'action')} of your ${total} in the ${planName} still ${outstanding === 1 ? 'needs' : 'need'} an update as at ${formatUkDate(round.asAt)}. Press "No change" if nothing has changed, or "Update…" to record progress.`
      : `Please update the actions you lead, as at ${formatUkDate(round.asAt)}, by ${formatUkDate(round.deadline)}. Press "No change" if nothing has changed since the last update, or "Update…" to record progress, a new status or a proposed new date.`;
  const pageText =
    ids.length === 0
      ? options.mode === 'reminder'
        ? 'All your actions have an answer for this round. Thank you.'
        : 'You have no actions in this round.'
      : `${ids.length > ACTIONS_PER_PAGE ? `Actions ${(page - 1) * ACTIONS_PER_PAGE + 1}-${(page - 1) * ACTIONS_PER_PAGE + pageIds.length} of ${ids.length}. ` : ''}${total - outstanding} of ${total} answered.`;
  const pages: { title: string; page: number }[] = [];
  if (page > 1) pages.push({ title: `◀ Previous ${ACTIONS_PER_PAGE}`, page: page - 1 });
  if (page < pageCount) pages.push({ title: `Next ${Math.min(ACTIONS_PER_PAGE, ids.length - page * ACTIONS_PER_PAGE)} ▶`, page: page + 1 });
  pages.push({ title: 'Refresh', page });
  const aadId = aadIdOf(snapshot, leadId);
  const notes = [
    options.flash,
    `The update form records the same things as the round: status in the ${plan?.abbreviation ?? 'plan'}'s own words, commentary, and any proposed new date with its reason.`,
  ].filter(Boolean) as string[];

  const text = [
    title,
    intro,
    closed ? `This round closed on ${formatUkInstant(round.closedAt!)}.` : undefined,
    pageText,
    ...actions.map((a) => `- ${a.heading}${a.answeredText ? ` (${a.answeredText})` : ''}`),
    options.flash,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    text,
    card: cardReply('quarterly-round-request', {
      title,
      intro,
      closed,
      closedText: closed ? `This round closed on ${formatUkInstant(round.closedAt!)}. Late updates can still be recorded with "update <action>".` : undefined,
      pageText,
      roundId: round.id,
      leadId,
      page,
      mode: options.mode,
      actions,
      pages: closed ? [] : pages,
      notes,
      refreshUserIds: aadId && !closed ? [aadId] : [],
      speak: title,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Progress for the admin
// ---------------------------------------------------------------------------------------------

export function progressReply(snapshot: Snapshot, round: QuarterlyRound, ask: string, page: number, today: string): Reply {
  const plan = snapshot.plan(round.planId);
  const planName = plan?.abbreviation ?? plan?.title ?? round.planId;
  const progress = roundProgress(round, snapshot);
  const name = (id: string) => snapshot.person(id)?.name ?? id;
  /** Numbers when the plan has them ("2.2, 4.1"); otherwise the first few titles, shortened. */
  const numbers = (ids: string[]) => {
    const actions = ids.map((id) => snapshot.action(id));
    if (actions.every((a) => a?.number)) return actions.slice(0, 15).map((a) => a!.number).join(', ') + (ids.length > 15 ? ` and ${ids.length - 15} more` : '');
    return actions.slice(0, 3).map((a, i) => (a ? truncate(a.title, 40) : ids[i])).join('; ') + (ids.length > 3 ? `; and ${ids.length - 3} more` : '');
  };
  // Unreachable only matters while something is outstanding (a co-owner may have answered for them).
  const unreachable = progress.leads.filter((l) => !l.responded && (l.delivery.status === 'unreachable' || l.delivery.status === 'failed'));
  const waiting = progress.leads.filter((l) => !l.responded && !unreachable.includes(l));
  const candidates: ListGroup[] = [
    {
      heading: `Could not be reached (${unreachable.length})`,
      explanation: 'Their card was not delivered. Ask them to install the bot (or unblock it), then say "resend the round cards".',
      color: 'Attention' as const,
      items: unreachable.map((l) => ({
        heading: name(l.personId),
        lines: [`Reason: ${l.delivery.reason ?? l.delivery.status}`, `${l.outstandingIds.length} of ${l.actionIds.length} actions outstanding: ${numbers(l.outstandingIds)}`],
        ask: `what is ${name(l.personId)} delivering?`,
      })),
    },
    {
      heading: `Not yet responded (${waiting.length})`,
      explanation: 'A lead has responded when every action on their card has an update or "no change" (from them or a co-owner).',
      color: 'Warning' as const,
      items: waiting.map((l) => ({
        heading: name(l.personId),
        lines: [
          `${l.outstandingIds.length} of ${l.actionIds.length} actions outstanding: ${numbers(l.outstandingIds)}`,
          l.delivery.status === 'pending' ? 'Card not sent yet' : `Card sent${l.delivery.at ? ` ${formatUkInstant(l.delivery.at)}` : ''}`,
          l.lastReminder ? `Reminded ${formatUkDate(l.lastReminder.on)}${l.lastReminder.status === 'sent' || l.lastReminder.status === 'already-sent' ? '' : ` (not delivered: ${l.lastReminder.reason ?? l.lastReminder.status})`}` : undefined,
        ].filter(Boolean) as string[],
        ask: `what is ${name(l.personId)} delivering?`,
      })),
    },
    {
      heading: `Groups that cannot be messaged (${round.groups.length})`,
      explanation: 'Teams cannot message a group such as "SDMs": chase these another way, or name a person as lead.',
      items: round.groups.map((g) => ({
        heading: g.group,
        lines: [`${g.actionIds.filter((id) => !progress.answered.has(id)).length} of ${g.actionIds.length} actions outstanding: ${numbers(g.actionIds)}`],
        ask: `what is ${g.group} delivering?`,
      })),
    },
    {
      heading: `Councillors named as owners (${round.members.length})`,
      explanation: 'Councillors can read actions but not record updates, so they were not asked.',
      items: round.members.map((m) => ({ heading: name(m.personId), lines: [`Actions: ${numbers(m.actionIds)}`], ask: `what is ${name(m.personId)} delivering?` })),
    },
    {
      heading: `Actions with nobody to ask (${round.unownedActionIds.length})`,
      explanation: 'No lead officer, delivery lead or WLT owner is recorded: an admin must update these.',
      items: round.unownedActionIds.slice(0, 200).map((id) => {
        const action = snapshot.action(id);
        return {
          heading: action ? actionLabel(snapshot, action) : id,
          lines: [progress.answered.has(id) ? 'Answered' : 'Outstanding'],
          ask: `status of ${id}`,
        };
      }),
    },
  ];
  const groups = candidates.filter((g) => g.items.length > 0);

  const actionsTotal = progress.actionsInRound.length;
  const deadlineText =
    round.state === 'closed'
      ? `Closed ${formatUkInstant(round.closedAt!)}.`
      : today > round.deadline
        ? `The deadline (${formatUkDate(round.deadline)}) has passed; the round is still open.`
        : `Deadline ${formatUkDate(round.deadline)}.`;
  const subtitle = [
    `${progress.leadsResponded} of ${progress.leads.length} leads have responded; ${progress.answered.size} of ${actionsTotal} actions answered (${progress.updatedCount} updated, ${progress.noChangeCount} no change).`,
    `As at ${formatUkDate(round.asAt)}. ${deadlineText}`,
  ].join(' ');
  const extraButtons: AskChoice[] =
    round.state === 'open'
      ? [
          { title: 'Send reminders now', ask: `send reminders for the ${shortQuarter(round.quarter)} round for the ${planName}` },
          { title: 'Close the round', ask: `close the ${shortQuarter(round.quarter)} round for the ${planName}` },
        ]
      : [{ title: 'Quarterly summary', ask: `quarterly summary for the ${planName} for ${shortQuarter(round.quarter)}` }];
  return listReply({
    title: `${shortQuarter(round.quarter)} update round: ${plan?.title ?? round.planId}`,
    subtitle,
    groups,
    emptyText: 'Everyone has responded.',
    ask,
    page,
    extraButtons,
  });
}

// ---------------------------------------------------------------------------------------------
// The committee summary card
// ---------------------------------------------------------------------------------------------

/** Items per list on the card, from generous to tight: the first that fits under 80 KB is used. */
const LIST_CAPS = [40, 25, 15, 8, 4, 0];

export function summaryCardReply(summary: QuarterlySummary, buttons: AskChoice[] = [], exportHint = true): Reply {
  const planName = `${summary.planTitle}${summary.planAbbreviation ? ` (${summary.planAbbreviation})` : ''}`;
  const title = `${planName}: ${shortQuarter(summary.quarter)} summary`;
  const sign = (n?: number) => (n === undefined ? '' : n > 0 ? `+${n}` : n < 0 ? `−${-n}` : 'no change');
  const countRows: QuarterlySummaryCardData['countRows'] = [
    ...summary.counts.rows.map((r) => ({ label: r.label, count: String(r.count), previous: r.previous?.toString() ?? '', change: sign(r.change), weight: 'Default' as const })),
    ...(summary.counts.noStatus ? [{ label: 'No status recorded', count: String(summary.counts.noStatus), previous: summary.counts.previousNoStatus?.toString() ?? '', change: '', weight: 'Default' as const }] : []),
    { label: 'Total', count: String(summary.counts.total), previous: '', change: '', weight: 'Bolder' },
  ];
  const allSections = [
    { heading: `4.6 Completed ${summary.completedSince} (${summary.completed.length})`, color: 'Good', items: summary.completed.map((i) => ({ label: i.label })) },
    { heading: `4.7 On track (${summary.onTrack.length})`, color: 'Default', items: summary.onTrack.map((i) => ({ label: i.label })) },
    {
      heading: `4.8 Slippage, no new date (${summary.slipped.length})`,
      color: 'Attention',
      items: summary.slipped.map((i) => ({ label: i.label, detail: i.commentary ? truncate(i.commentary, 400) : undefined })),
    },
    {
      heading: `4.9 Revised timescales proposed for endorsement (${summary.revised.length})`,
      color: 'Warning',
      items: summary.revised.map((i) => ({ label: i.label, detail: truncate(`${i.from ? `${i.from} → ` : 'New target: '}${i.to}${i.reason ? `. ${i.reason}` : ''}`, 400) })),
    },
  ];
  const data = (cap: number): QuarterlySummaryCardData => ({
    title,
    subtitle: [summary.councilName, summary.reportingCommittee].filter(Boolean).join(' · ') || undefined,
    asAtText: `${summary.quarterText}. Position as at ${formatUkDate(summary.asAt)}.`,
    countsHeading: `Status of actions as at ${formatUkDate(summary.asAt)} (computed from recorded statuses)`,
    comparable: summary.counts.comparable,
    nowHeader: formatUkDate(summary.asAt),
    previousHeader: summary.comparedWith.label,
    countRows,
    reported: summary.reported
      ? {
          heading: `As reported (${summary.reported.periodLabel}), not recomputed`,
          periodLabel: summary.reported.periodLabel,
          rows: [...summary.reported.rows.map((r) => ({ label: r.label, count: String(r.count) })), ...(summary.reported.total !== undefined ? [{ label: 'Grand Total', count: String(summary.reported.total) }] : [])],
          source: `Source: ${summary.reported.source}`,
        }
      : undefined,
    assessment: summary.overallAssessment
      ? { heading: `Overall assessment as reported (${summary.overallAssessment.periodLabel})`, text: summary.overallAssessment.text, source: `Source: ${summary.overallAssessment.source}` }
      : undefined,
    sections: allSections.map((s) => ({
      heading: s.heading,
      color: s.color,
      items: s.items.slice(0, cap),
      more: s.items.length > cap ? `…and ${s.items.length - cap} more${exportHint ? ' (see the full report: "export the report as xlsx")' : ''}.` : undefined,
    })),
    notes: summary.notes,
    buttons,
    speak: title,
  });
  let chosen = cardReply('quarterly-summary', data(0));
  for (const cap of LIST_CAPS) {
    const candidate = cardReply('quarterly-summary', data(cap));
    try {
      renderCard(candidate.template, candidate.data);
      chosen = candidate;
      break;
    } catch (error) {
      if (!(error instanceof CardTooLargeError)) throw error;
    }
  }
  const text = [
    title,
    `Position as at ${formatUkDate(summary.asAt)}.`,
    ...summary.counts.rows.map((r) => `${r.label}: ${r.count}${r.change !== undefined ? ` (${sign(r.change)})` : ''}`),
    `Total: ${summary.counts.total}`,
    summary.reported ? `As reported (${summary.reported.periodLabel}): ${summary.reported.rows.map((r) => `${r.label} ${r.count}`).join(', ')}${summary.reported.total !== undefined ? `, total ${summary.reported.total}` : ''}` : undefined,
    summary.overallAssessment ? `Overall assessment as reported (${summary.overallAssessment.periodLabel}): ${summary.overallAssessment.text}` : undefined,
    ...allSections.flatMap((s) => [s.heading, ...s.items.slice(0, 25).map((i) => `- ${i.label}`)]),
  ]
    .filter(Boolean)
    .join('\n');
  return { text, card: chosen };
}
