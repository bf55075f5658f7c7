/**
 * Starting a quarterly update round from chat (domain.md §4 E 39): "start the Q2 2020/21 update
 * round for the CIP, cut-off 30 September 2020, deadline 14 October 2020". Reads the plan, quarter,
 * cut-off and deadline, says exactly what was wrong with any of them, and reports who will be asked.
 */
import { actionsInScope, checkRoundDates, latestStartedQuarter, reminderDate } from '../../domain/quarterly/index.js';
import { formatQuarter, quarterFromLabel } from '../../domain/quarters.js';
import { formatUkDate, formatUkInstant, londonDate, plural } from '../../domain/uk-format.js';
import { shortQuarter } from './cards.js';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import { findPlanMention } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { type RoundsDeps, actorOf, administers, dayIn, planName, quarterIn, refuse } from './shared.js';

const CUT_OFF = /\b(?:cut[\s-]?off|as at|as of)(?:\s+date)?(?:\s+(?:of|is|on))?\s*:?\s+(.+?)(?=\s*(?:[,;]|\band\b|\bwith\b|\bdeadline\b|\bresponses?\b|$))/i;
const DEADLINE = /\b(?:deadline|due(?:\s+date)?|responses?\s+(?:due\s+)?by|reply\s+by|replies\s+by)(?:\s+(?:of|is|on|date))?\s*:?\s+(.+?)(?=\s*(?:[,;]|\band\b|\bwith\b|\bcut[\s-]?off\b|\bas at\b|$))/i;

export async function startRound(deps: RoundsDeps, ctx: ChatContext, text: string): Promise<Reply> {
  const today = londonDate(ctx.now);
  const plan = findPlanMention(ctx.snapshot, text);
  const example = 'start the Q2 2020/21 update round for the CIP, cut-off 30 September 2020, deadline 14 October 2020';
  if (!plan) {
    return messageReply({
      title: 'Which plan is the round for?',
      body: `Name the plan, the quarter, the cut-off and the deadline, for example "${example}".`,
      lines: ctx.snapshot.plans.map((p) => `${p.title}${p.abbreviation ? ` (${p.abbreviation})` : ''}`),
    });
  }
  if (!administers(deps, ctx, plan)) return refuse(ctx, plan, 'start update rounds');
  const quarterRef = quarterIn(text);
  if (!quarterRef) {
    return messageReply({ title: 'Which quarter is the round for?', body: `Nothing was started. Say the quarter, for example "${example}". Quarters follow the financial year: Q2 2020/21 is July to September 2020.` });
  }
  const quarter = quarterRef.label ? quarterFromLabel(quarterRef.label) : latestStartedQuarter(quarterRef.number, today);
  const problems: string[] = [];
  const cutOffText = CUT_OFF.exec(text)?.[1];
  const deadlineText = DEADLINE.exec(text)?.[1];
  let asAt = quarter.end;
  if (cutOffText) {
    const parsed = dayIn(cutOffText, today, 'cut-off');
    if ('problem' in parsed) problems.push(parsed.problem);
    else asAt = parsed.date;
  }
  let deadline: string | undefined;
  if (!deadlineText) problems.push('Give a deadline for responses, for example "deadline 14 October 2020".');
  else {
    const parsed = dayIn(deadlineText, today, 'deadline');
    if ('problem' in parsed) problems.push(parsed.problem);
    else deadline = parsed.date;
  }
  if (problems.length === 0) {
    for (const p of checkRoundDates(quarter.label, asAt, deadline!, today)) {
      if (p.field === 'asAt') problems.push(`The cut-off ${formatUkDate(asAt)} is not in ${formatQuarter(quarter.label)}: ${p.message}.`);
      else problems.push(`The deadline ${formatUkDate(deadline!)} does not work: ${p.message} (today is ${formatUkDate(today)}).`);
    }
  }
  if (problems.length) return messageReply({ title: 'The round was not started.', lines: problems, notes: [`For example: "${example}".`] });

  if (actionsInScope(ctx.snapshot, plan.id).length === 0) {
    return messageReply({ title: `Every action in the ${plan.title} is completed or withdrawn.`, body: 'There is nothing to ask leads about, so no round was started.' });
  }
  const service = deps.service;
  const outcome = await service.start({ plan, quarter: quarter.label, asAt, deadline: deadline!, actor: actorOf(ctx), conversationId: ctx.conversation.id });
  if (outcome.kind !== 'started' && outcome.kind !== 'exists') return notSavedReply(outcome);
  const round = outcome.round;
  const name = `${shortQuarter(round.quarter)} round for the ${planName(plan)}`;
  if (outcome.kind === 'exists') {
    return messageReply({
      title: `There is already a ${name} (${round.state}).`,
      body: `Started by ${round.startedBy.name} on ${formatUkInstant(round.startedAt)}; cut-off ${formatUkDate(round.asAt)}, deadline ${formatUkDate(round.deadline)}. Nothing new was sent.`,
      choices: [{ title: "Who hasn't responded?", ask: `who hasn't responded for the ${name}` }],
    });
  }
  const reminders = deps.reminderWorkingDays;
  const closures = ctx.snapshot.council(plan.councilId)?.callInRules.extraClosureDays;
  const lines = [
    `Cut-off (as at): ${formatUkDate(round.asAt)}. Deadline: ${formatUkDate(round.deadline)}.`,
    `Asking ${plural(round.leads.length, 'lead')} about ${plural(new Set(round.leads.flatMap((l) => l.actionIds)).size, 'action')}: each gets one personal card with only their own actions.`,
    `Reminders go to anyone who has not responded on ${formatUkDate(reminderDate(round.deadline, reminders, closures))} (${plural(reminders, 'working day')} before the deadline).`,
    ...round.groups.map((g) => `${g.group} is a group, not a person, so it cannot be messaged (${plural(g.actionIds.length, 'action')}).`),
    ...round.members.map((m) => `${ctx.snapshot.person(m.personId)?.name ?? m.personId} is a councillor, so was not asked to update (${plural(m.actionIds.length, 'action')}).`),
    ...(round.unownedActionIds.length
      ? [`${plural(round.unownedActionIds.length, 'action')} ${round.unownedActionIds.length === 1 ? 'has' : 'have'} no lead officer, delivery lead or WLT owner to ask: an admin will need to update ${round.unownedActionIds.length === 1 ? 'it' : 'them'}.`]
      : []),
  ];
  return messageReply({
    title: `Started the ${name}.`,
    body: round.leads.length ? 'Sending the cards now. I will report back here who could not be reached, and why.' : 'No lead could be asked, so no cards are being sent.',
    lines,
    choices: [{ title: "Who hasn't responded?", ask: `who hasn't responded for the ${name}` }],
  });
}
