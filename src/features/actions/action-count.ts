/**
 * "How many CIP actions are complete?": one number over the question's scope, beside the figure the
 * council's own report gives where there is one (never merged: the report counts every action in
 * the plan, the bot only those itemised in its source).
 */
import { messageReply } from '../../chat/reply.js';
import type { StatusWord } from '../../chat/understanding/frame.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import type { Action } from '../../domain/model.js';
import { hasNoDate, isClosed, isDueBetween, isOverdue, isReportedSlipped, pendingRevision } from '../../domain/slippage.js';
import { formatUkDate, londonDate, plural } from '../../domain/uk-format.js';
import { actionsInScope, scopeNotes, scopeSuffix, type ActionScope } from './scope.js';

const TESTS: Array<[StatusWord, string, (a: Action, today: string) => boolean]> = [
  ['completed', 'completed', (a) => a.status.canonical === 'COMPLETED'],
  ['on-track', 'on track', (a) => a.status.canonical === 'ON_TRACK'],
  ['slipped', 'slipped or past their approved target', (a, today) => isReportedSlipped(a) || isOverdue(a, today)],
  ['overdue', 'past their approved target and not completed', (a, today) => isOverdue(a, today)],
  ['awaiting-endorsement', 'waiting for a revised date to be endorsed', (a) => Boolean(pendingRevision(a))],
  ['not-started', 'not started', (a) => a.status.canonical === 'NOT_STARTED'],
  ['in-progress', 'in progress', (a) => a.status.canonical === 'IN_PROGRESS'],
  ['at-risk', 'at risk', (a) => a.status.canonical === 'AT_RISK'],
  ['deferred', 'deferred or postponed', (a) => a.status.canonical === 'DEFERRED'],
  ['no-date', 'without a firm date', (a) => !isClosed(a) && hasNoDate(a)],
  ['open', 'still open', (a) => !isClosed(a)],
];

export function countReply(ctx: ChatContext, scope: ActionScope, text: string): Reply {
  const today = londonDate(ctx.now);
  const all = actionsInScope(ctx, scope);
  const test = TESTS.find(([status]) => scope.statuses.has(status));
  let matching = all;
  let what = 'actions';
  if (test) {
    matching = all.filter((a) => test[2](a, today));
    what = `${plural(matching.length, 'action')} ${matching.length === 1 ? 'is' : 'are'} ${test[1]}`;
  }
  if (scope.period) {
    const period = scope.period;
    matching = matching.filter((a) => isDueBetween(a, period.from, period.to));
    what = test ? `${what}, due ${period.label}` : `${plural(matching.length, 'action')} ${matching.length === 1 ? 'is' : 'are'} due ${period.label}`;
  }
  const suffix = scopeSuffix(scope);
  const title = test || scope.period ? `${capitalise(what)}${suffix}, out of ${plural(all.length, 'action')}.` : `There are ${plural(all.length, 'action')}${suffix}.`;
  const lines: string[] = [];
  const plan = scope.plan;
  if (plan?.statedActionCount && plan.statedActionCount > ctx.snapshot.actionsOf(plan.id).length) {
    lines.push(`The ${plan.abbreviation ?? plan.title} has ${plan.statedActionCount} actions, but only ${ctx.snapshot.actionsOf(plan.id).length} are itemised in the document I hold, so I can only count those.`);
  }
  const reported = plan ? ctx.snapshot.data.reportedSummaries.filter((r) => r.planId === plan.id).at(-1) : undefined;
  if (reported) {
    lines.push(`The council's ${reported.periodLabel} report gave: ${reported.rows.map((r) => `${r.label} ${r.count}`).join(', ')}${reported.total !== undefined ? ` (total ${reported.total})` : ''}.`);
  }
  const planWords = plan ? (plan.abbreviation ?? plan.title) : undefined;
  return messageReply({
    title,
    body: test || scope.period ? undefined : `As at ${formatUkDate(today)}.`,
    lines,
    notes: scopeNotes(ctx, scope),
    choices: [
      { title: 'Show them', ask: text.replace(/^(?:how many|number of|count(?: of)?(?: the)?|total number of)\s+/i, 'which ') },
      ...(planWords ? [{ title: 'Status summary', ask: `status summary for ${planWords}` }] : []),
    ],
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
