/**
 * Digest commands for plan admins and democratic services: "send the weekly digest now", "who can't
 * the digest reach?", "how did the last digest go?" and "turn off/on the digest for the CDP".
 * Permissions are checked in the core (domain/digest.ts) by the commands in commands.ts; every
 * change is audited.
 */
import { digestLeadIds, mayAdministerDigest } from '../../domain/digest/index.js';
import { describeCron, digestPreferences, latestDigestRun } from '../../domain/digest/schedule.js';
import type { Plan } from '../../domain/model.js';
import { isClosed } from '../../domain/slippage.js';
import { formatUkInstant, plural } from '../../domain/uk-format.js';
import { reachabilityOf } from '../../outbound/conversation-ref-records.js';
import { listReply, messageReply, notSavedReply, type ListGroup } from '../../chat/reply.js';
import { resolvePlan } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { requestDigestRun, setPlanDigest } from './commands.js';
import { type DigestDeps, refuse } from './common.js';

export async function sendDigestNow(deps: DigestDeps, ctx: ChatContext): Promise<Reply> {
  const outcome = await requestDigestRun(deps, ctx);
  if (outcome.kind === 'refused') return refuse("I can't send the weekly digest for you.", outcome.reason);
  if (outcome.kind === 'already-running') {
    const { running } = outcome;
    return messageReply({ title: 'A digest run is already under way.', body: `${running.runId} started ${formatUkInstant(running.startedAt)}. I'll not start a second one; the first reports when it is done.` });
  }
  if (outcome.kind !== 'started') return notSavedReply(outcome);
  const { plan, toSend, alreadySent: already, unreachable, ownSchedule, reportTo } = outcome;
  const notes: string[] = [];
  if (unreachable) notes.push(`${plural(unreachable, 'person has', 'people have')} no way for the bot to reach them: ask "who can't the digest reach?".`);
  if (ownSchedule) notes.push(`${plural(ownSchedule, 'person gets', 'people get')} theirs on a day they chose.`);
  return messageReply({
    title: `Sending this week's digest (${plan.week}) to ${plural(toSend - already, 'person', 'people')} now.`,
    body: `${already ? `${plural(already, 'person', 'people')} already had it this week and won't get it twice. ` : ''}${
      ctx.conversation.kind === 'personal' ? "I'll post the report here when it's done." : reportTo ? "I'll send you the report in a personal chat when it's done." : 'The report will be in the log.'
    }`,
    notes,
  });
}

export function whoCantBeReached(deps: DigestDeps, ctx: ChatContext, text: string): Reply {
  const permission = mayAdministerDigest(ctx.asker.roles);
  if (!permission.allowed) return refuse("I can't show who the digest misses.", permission.reason);
  if (ctx.conversation.kind !== 'personal') {
    return messageReply({ title: 'Ask me that in a personal chat.', body: 'The list names people, their email addresses and whether they blocked the bot, so I only show it to you.' });
  }
  const snapshot = ctx.snapshot;
  const preferences = digestPreferences(snapshot);
  const owned = new Map<string, number>();
  for (const id of digestLeadIds(snapshot)) owned.set(id, snapshot.actionsOwnedBy(id).filter((a) => !isClosed(a) && snapshot.plan(a.planId)?.digestEnabled).length);
  const never: ListGroup['items'] = [];
  const lost: ListGroup['items'] = [];
  let optedOut = 0;
  for (const [personId, count] of owned) {
    if (preferences.get(personId)?.optedOut) optedOut += 1;
    const reach = reachabilityOf(snapshot, personId);
    if (reach.reachable) continue;
    const person = snapshot.person(personId)!;
    const item = {
      heading: person.name,
      lines: [reach.reason, `Owns ${plural(count, 'open action')}`, person.email ? `Email: ${person.email}` : 'No email on record, so their Teams account cannot be matched'],
      ask: `what is ${person.name} delivering`,
    };
    (reach.record ? lost : never).push(item);
  }
  const byName = (a: { heading: string }, b: { heading: string }) => a.heading.localeCompare(b.heading);
  const total = never.length + lost.length;
  return listReply({
    title: `People the digest can't reach (${total} of ${owned.size} action owners)`,
    subtitle: 'They own open actions but the bot has no working chat with them. Ask them to open the Council Actions app in Teams and say hello; that is all it needs.',
    groups: [
      { heading: `Blocked, uninstalled or removed (${lost.length})`, explanation: 'The bot could reach them once.', color: 'Attention' as const, items: lost.sort(byName) },
      { heading: `Never installed or messaged the bot (${never.length})`, color: 'Warning' as const, items: never.sort(byName) },
    ].filter((g) => g.items.length > 0),
    emptyText: `Every action owner (${owned.size}) can be reached.`,
    notes: optedOut ? [`${plural(optedOut, 'owner has', 'owners have')} chosen to stop their digest (not counted as unreachable).`] : [],
    ask: text,
    page: ctx.page,
  });
}

export function lastRunReport(deps: DigestDeps, ctx: ChatContext): Reply {
  const permission = mayAdministerDigest(ctx.asker.roles);
  if (!permission.allowed) return refuse("I can't show the digest runs.", permission.reason);
  const latest = latestDigestRun(ctx.snapshot);
  if (!latest) return messageReply({ title: 'No weekly digest has been sent yet.', body: `It goes out ${describeCron(deps.service.settings.DIGEST_CRON)}. Say "send the weekly digest now" to send this week's.` });
  const counts = latest.counts;
  const lines = counts
    ? [`Sent: ${counts.sent}`, `Already sent earlier: ${counts['already-sent']}`, `Unreachable: ${counts.unreachable}`, `Failed: ${counts.failed}`]
    : ['Still running, or stopped before it finished (the next run carries on where it stopped).'];
  for (const [status, n] of Object.entries(latest.skipped)) lines.push(`Not sent (${status.replace(/-/g, ' ')}): ${n}`);
  return messageReply({
    title: `Last digest run: ${latest.week}`,
    body: `Started ${formatUkInstant(latest.startedAt)}${latest.finishedAt ? `, finished ${formatUkInstant(latest.finishedAt)}` : ''} (${latest.trigger === 'admin' ? 'sent on request' : latest.trigger.replace(/-/g, ' ')}).`,
    lines,
    choices: [{ title: "Who can't it reach?", ask: "who can't the digest reach?" }],
  });
}

export async function switchPlanDigest(deps: DigestDeps, ctx: ChatContext, reference: string, on: boolean): Promise<Reply> {
  const resolved = resolvePlan(ctx.snapshot, reference);
  if (resolved.kind === 'none' || resolved.kind === 'many') {
    const options = resolved.kind === 'many' ? resolved.options : ctx.snapshot.plans;
    return messageReply({
      title: resolved.kind === 'many' ? `"${reference}" matches more than one plan. Which one?` : `I can't find a plan called "${reference}".`,
      choices: options.map((p: Plan) => ({ title: p.abbreviation ?? p.title, ask: `turn ${on ? 'on' : 'off'} the digest for ${p.id}` })),
    });
  }
  const plan = resolved.value;
  const outcome = await setPlanDigest(deps, { planId: plan.id, on }, ctx);
  const name = plan.abbreviation ? `${plan.title} (${plan.abbreviation})` : plan.title;
  if (outcome.kind === 'refused') return refuse(`I can't switch the digest ${on ? 'on' : 'off'} for the ${plan.abbreviation ?? plan.title}.`, outcome.reason);
  if (outcome.kind === 'already') return messageReply({ title: `The weekly digest is already ${on ? 'on' : 'off'} for the ${name}.` });
  if (outcome.kind !== 'switched') return notSavedReply(outcome);
  return messageReply({
    title: on ? `The weekly digest is back on for the ${name}.` : `The weekly digest is now off for the ${name}.`,
    body: on
      ? "Its actions are in everyone's digest again from the next run."
      : `Its actions are left out of everyone's digest from the next run. Say "turn on the digest for the ${plan.abbreviation ?? plan.title}" to restore it.`,
  });
}

