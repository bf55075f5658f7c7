/**
 * "Status summary for the CIP as at June 2018": the committee-table counts computed from canonical
 * statuses through the council's bucket mapping, and, separately, any figure reported in a
 * document with its provenance. The two are never merged into one number.
 */
import { dueDateOf, parseDateExpr } from '../../domain/date-expr/index.js';
import type { Plan, ReportedSummary } from '../../domain/model.js';
import { countByBucket, statusAsAt } from '../../domain/status-history.js';
import { formatUkDate, londonDate, plural } from '../../domain/uk-format.js';
import { cardReply, messageReply } from '../../chat/reply.js';
import { findPlanMention } from '../../chat/resolve.js';
import type { AskChoice, ChatContext, Reply } from '../../chat/types.js';
import { visibleActions } from '../../chat/present.js';

/** One table of cards/summary-table.json: computed counts, or the figures a report published. */
export interface SummaryTable {
  heading: string;
  explanation: string;
  countHeader: string;
  changeHeader: string;
  rows: { label: string; count: string; change: string }[];
  /** Where reported figures come from. */
  source?: string;
}

/** cards/summary-table.json */
export interface SummaryTableCardData {
  title: string;
  subtitle?: string;
  tables: SummaryTable[];
  notes: string[];
  buttons: AskChoice[];
  speak: string;
}

declare module '../../chat/types.js' {
  interface CardTemplates {
    'summary-table': SummaryTableCardData;
  }
}

export function summaryReply(ctx: ChatContext, text: string, named?: Plan): Reply {
  const plans = ctx.snapshot.plans.filter((p) => p.summaryBuckets.length > 0);
  const plan = named ?? findPlanMention(ctx.snapshot, text) ?? (plans.length === 1 ? plans[0] : undefined);
  if (!plan) {
    return messageReply({
      title: 'Which plan?',
      choices: plans.map((p) => ({ title: p.abbreviation ?? p.title, ask: `status summary for ${p.abbreviation ?? p.title}` })),
    });
  }
  if (plan.summaryBuckets.length === 0) {
    return messageReply({
      title: `${plan.title} has no status table.`,
      body: 'The plan as published has no status column, so there is nothing to count. Statuses will appear as action leads record updates.',
    });
  }
  const today = londonDate(ctx.now);
  const asAtMatch = /\bas (?:at|of) (.+)$/i.exec(text);
  let asAt = today;
  if (asAtMatch) {
    const expr = parseDateExpr(asAtMatch[1]!, { referenceDate: today });
    const end = expr ? dueDateOf(expr) : null;
    if (!end) return messageReply({ title: `I couldn't read the date "${asAtMatch[1]}".`, body: 'Try "as at June 2018" or "as at 1 June 2018".' });
    asAt = end < today ? end : today;
  }
  return summaryForPlan(ctx, plan, asAt);
}

export function summaryForPlan(ctx: ChatContext, plan: Plan, asAt: string): Reply {
  const actions = visibleActions(ctx, ctx.snapshot.actionsOf(plan.id));
  const statuses = actions.map((a) => statusAsAt(a, ctx.snapshot.updatesOf(a.id), asAt));
  const computed = countByBucket(plan, statuses);
  const reported = pickReported(ctx.snapshot.data.reportedSummaries.filter((r) => r.planId === plan.id), asAt);
  const pct = (n: number, total: number) => (total ? `${Math.round((100 * n) / total)}%` : '');
  const computedRows = computed.rows.map((r) => ({ label: r.label, count: String(r.count), change: pct(r.count, computed.total) }));
  if (computed.unbucketed) computedRows.push({ label: 'No status reported', count: String(computed.unbucketed), change: pct(computed.unbucketed, computed.total) });
  computedRows.push({ label: 'Total', count: String(computed.total), change: '' });
  const tables: SummaryTable[] = [
    {
      heading: `Computed as at ${formatUkDate(asAt)}`,
      explanation: `Counted from the canonical status of ${plural(actions.length, 'itemised action')}, through the council's table buckets.`,
      countHeader: 'Actions',
      changeHeader: 'Share',
      rows: computedRows,
    },
  ];
  const notes: string[] = [];
  if (reported) {
    tables.push({
      heading: `As reported: ${reported.periodLabel}`,
      explanation: 'Taken from the committee report as published. Not recomputed.',
      countHeader: 'Actions',
      changeHeader: '',
      rows: [...reported.rows.map((r) => ({ label: r.label, count: String(r.count), change: '' })), ...(reported.total !== undefined ? [{ label: 'Total', count: String(reported.total), change: '' }] : [])],
      source: `Source: ${reported.source.document}${reported.source.lines ? ` [${reported.source.lines}]` : ''}`,
    });
  }
  if (plan.statedActionCount && plan.statedActionCount !== ctx.snapshot.actionsOf(plan.id).length) {
    notes.push(
      `The plan has ${plan.statedActionCount} actions but only ${ctx.snapshot.actionsOf(plan.id).length} are itemised in the source, so the computed and reported counts cannot match; neither is adjusted to fit the other.`,
    );
  }
  if (computed.unbucketed) notes.push(`${plural(computed.unbucketed, 'action')} had no reported status on that date (for example, revised timescales whose status the report does not state).`);
  const text = [
    `Status summary: ${plan.title}`,
    ...tables.flatMap((t) => [t.heading, ...t.rows.map((r) => `${r.label}: ${r.count}`)]),
    ...notes,
  ].join('\n');
  return {
    text,
    card: cardReply('summary-table', {
      title: `Status summary: ${plan.title}${plan.abbreviation ? ` (${plan.abbreviation})` : ''}`,
      subtitle: ctx.snapshot.council(plan.councilId)?.name,
      tables,
      notes,
      buttons: [
        { title: 'What has slipped?', ask: `what has slipped in the ${plan.abbreviation ?? plan.title}` },
        { title: 'Awaiting endorsement', ask: `revised timescales awaiting endorsement in the ${plan.abbreviation ?? plan.title}` },
      ],
      speak: `Status summary for ${plan.title}`,
    }),
  };
}

/** The reported summary for the requested date: the latest one on or before it, else the earliest. */
function pickReported(summaries: readonly ReportedSummary[], asAt: string): ReportedSummary | undefined {
  const dated = [...summaries].sort((a, b) => (a.asAt ?? '').localeCompare(b.asAt ?? ''));
  return [...dated].reverse().find((s) => !s.asAt || s.asAt <= asAt) ?? dated[0];
}
