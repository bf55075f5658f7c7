/**
 * Plan questions that read history and relations: achievements as reported, what changed since the
 * last report (from the update history, which keeps previous values), and dependencies.
 */
import type { ProgressUpdate } from '../../domain/model.js';
import { effectiveDate } from '../../domain/status-history.js';
import { formatUkDate, formatUkInstant } from '../../domain/uk-format.js';
import { actionLabel, statusAsk, STATUS_WORDS, visibleActions } from '../../chat/present.js';
import { listReply, messageReply } from '../../chat/reply.js';
import { findPlanMention, resolveAction } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';

export function achievementsReply(ctx: ChatContext, text: string): Reply {
  const plan = findPlanMention(ctx.snapshot, text);
  const achievements = ctx.snapshot.data.achievements.filter((a) => !plan || a.planId === plan.id);
  if (achievements.length === 0) {
    return messageReply({ title: 'No achievements are recorded.', body: 'Achievements come from the committee reports that list them, by theme.' });
  }
  const period = achievements[0]!.periodLabel;
  return messageReply({
    title: `Achievements reported over ${period}`,
    body: `As reported in ${achievements[0]!.source.document}, by theme:`,
    lines: achievements.map((a) => `**${a.headingRaw}**: ${withoutHeading(a.text, a.headingRaw)}`),
    notes: ['Quoted from the report as written; not recomputed from action statuses.'],
  });
}

/** The report repeats each theme heading at the start of its paragraph; drop it when showing both. */
function withoutHeading(text: string, heading: string): string {
  return text.startsWith(heading) ? text.slice(heading.length).replace(/^\s*[–—-]*\s*/, '') : text;
}

export function changesReply(ctx: ChatContext, text: string): Reply {
  const plan = findPlanMention(ctx.snapshot, text);
  const plans = plan ? [plan] : ctx.snapshot.plans;
  const items = [];
  for (const p of plans) {
    const lastReport = ctx.snapshot.data.reportedSummaries
      .filter((r) => r.planId === p.id && r.asAt)
      .map((r) => r.asAt!)
      .sort()
      .at(-1) ?? p.asAt;
    for (const action of visibleActions(ctx, ctx.snapshot.actionsOf(p.id))) {
      const changes = ctx.snapshot.updatesOf(action.id).filter((u) => u.channel !== 'seed' && (!lastReport || effectiveDate(u) > lastReport));
      if (changes.length === 0) continue;
      items.push({
        heading: actionLabel(ctx.snapshot, action),
        lines: changes.map(describeChange),
        ask: statusAsk(action),
        since: lastReport,
      });
    }
  }
  const since = plans.length === 1 ? (items[0]?.since ?? plans[0]!.asAt) : undefined;
  return listReply({
    title: since ? `What changed since the last report (${formatUkDate(since)})` : "What changed since each plan's last report",
    subtitle: plan ? plan.title : undefined,
    groups: [{ items }],
    emptyText: 'Nothing has been recorded since the last report.',
    ask: text,
    page: ctx.page,
  });
}

function describeChange(update: ProgressUpdate): string {
  const parts: string[] = [];
  if (update.status && update.previous.status?.canonical !== update.status.canonical) {
    parts.push(`status ${update.previous.status ? STATUS_WORDS[update.previous.status.canonical] : 'none'} → ${update.status.raw ?? STATUS_WORDS[update.status.canonical]}`);
  }
  if (update.proposedRevisedTarget) parts.push(`new date proposed: ${update.proposedRevisedTarget.raw}`);
  if (update.kind === 'no-change') parts.push('confirmed no change');
  else if (update.commentary && update.commentary !== update.previous.commentary) parts.push('new commentary');
  return `${formatUkInstant(update.authoredAt)}, ${update.authorName}: ${parts.join('; ') || 'update recorded'}`;
}

export function dependenciesReply(ctx: ChatContext, text: string): Reply {
  const plan = findPlanMention(ctx.snapshot, text);
  const actions = visibleActions(ctx, plan ? ctx.snapshot.actionsOf(plan.id) : ctx.snapshot.actions).filter(
    (a) => a.dependsOn.length > 0 || a.dependencyRaw,
  );
  return listReply({
    title: `Actions that depend on other work (${actions.length})`,
    groups: [
      {
        items: actions.map((a) => ({
          heading: actionLabel(ctx.snapshot, a),
          lines: [
            ...a.dependsOn.map((ref) => {
              const found = resolveAction(ctx.snapshot, ref, a.planId);
              return `Depends on ${found.kind === 'one' ? actionLabel(ctx.snapshot, found.value) : ref}`;
            }),
            ...(a.dependencyRaw ? [`As written: "${a.dependencyRaw}"`] : []),
          ],
          ask: statusAsk(a),
        })),
      },
    ],
    emptyText: 'No dependencies between actions are recorded.',
    ask: text,
    page: ctx.page,
  });
}
