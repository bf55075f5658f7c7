/**
 * Commands on a running quarterly update round (domain.md §4 E 39): who hasn't responded, send
 * reminders now, resend the cards that did not arrive, extend the deadline, close the round (which
 * posts the summary to the committee channel).
 */
import { reminderDate } from '../../domain/quarterly/index.js';
import { formatUkDate, formatUkInstant, londonDate, plural } from '../../domain/uk-format.js';
import { progressReply, shortQuarter, summaryCardReply } from './cards.js';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { type RoundsDeps, actorOf, administers, dayIn, exportButtons, findRound, planName, refuse, roundTitle } from './shared.js';

export function progress(deps: RoundsDeps, ctx: ChatContext, text: string): Reply {
  const found = findRound(ctx, text, { openOnly: false, verb: 'show progress of' });
  if ('reply' in found) return found.reply;
  const plan = ctx.snapshot.plan(found.round.planId)!;
  if (!administers(deps, ctx, plan)) return refuse(ctx, plan, "see who hasn't responded to an update round");
  return progressReply(ctx.snapshot, found.round, text, ctx.page, londonDate(ctx.now));
}

export async function remindNow(deps: RoundsDeps, ctx: ChatContext, text: string): Promise<Reply> {
  const found = findRound(ctx, text, { openOnly: true, verb: 'send reminders for' });
  if ('reply' in found) return found.reply;
  const plan = ctx.snapshot.plan(found.round.planId)!;
  if (!administers(deps, ctx, plan)) return refuse(ctx, plan, 'send round reminders');
  const result = await deps.service.remind(found.round.id, { manual: true });
  const name = (id: string) => ctx.snapshot.person(id)?.name ?? id;
  const sent = result.reminded.filter((o) => o.status === 'sent');
  const repeat = result.reminded.filter((o) => o.status === 'already-sent');
  const missed = result.reminded.filter((o) => o.status === 'unreachable' || o.status === 'failed');
  const who = (o: (typeof result.reminded)[number]) => (o.recipient.kind === 'person' ? name(o.recipient.personId) : o.recipient.conversationId);
  if (result.reminded.length === 0) return messageReply({ title: `Everyone has responded to ${roundTitle(ctx, found.round)}.`, body: 'No reminders were needed.' });
  return messageReply({
    title: `Reminded ${plural(sent.length, 'lead')} for ${roundTitle(ctx, found.round)}.`,
    lines: [
      ...(sent.length ? [`Reminded: ${sent.map(who).join(', ')}.`] : []),
      ...(repeat.length ? [`Already reminded today: ${repeat.map(who).join(', ')}.`] : []),
      ...missed.map((o) => `Not reached: ${who(o)} (${o.reason ?? o.status}).`),
    ],
  });
}

export async function resend(deps: RoundsDeps, ctx: ChatContext, text: string): Promise<Reply> {
  const found = findRound(ctx, text, { openOnly: true, verb: 'resend the cards for' });
  if ('reply' in found) return found.reply;
  const plan = ctx.snapshot.plan(found.round.planId)!;
  if (!administers(deps, ctx, plan)) return refuse(ctx, plan, 'resend round cards');
  const missing = found.round.leads.filter((l) => l.delivery.status !== 'sent' && l.delivery.status !== 'already-sent');
  if (missing.length === 0) return messageReply({ title: `Every lead in ${roundTitle(ctx, found.round)} has their card.`, body: 'Nothing was resent.' });
  const report = await deps.service.dispatch(found.round.id, { retry: true, report: false });
  const name = (id: string) => ctx.snapshot.person(id)?.name ?? id;
  const outcomes = report?.outcomes ?? [];
  const reached = outcomes.filter((o) => o.status === 'sent' || o.status === 'already-sent');
  return messageReply({
    title: `Resent ${plural(reached.length, 'card')} for ${roundTitle(ctx, found.round)}.`,
    lines: outcomes
      .filter((o) => o.status === 'unreachable' || o.status === 'failed')
      .map((o) => `Still not reached: ${o.recipient.kind === 'person' ? name(o.recipient.personId) : o.recipient.conversationId} (${o.reason ?? o.status}).`),
  });
}

export async function extend(deps: RoundsDeps, ctx: ChatContext, text: string): Promise<Reply> {
  const found = findRound(ctx, text, { openOnly: false, verb: 'extend' });
  if ('reply' in found) return found.reply;
  const round = found.round;
  const plan = ctx.snapshot.plan(round.planId)!;
  if (!administers(deps, ctx, plan)) return refuse(ctx, plan, 'extend update rounds');
  if (round.state === 'closed') {
    return messageReply({ title: `${capitalise(roundTitle(ctx, round))} closed on ${formatUkInstant(round.closedAt!)}.`, body: 'A closed round cannot be extended. Late updates can still be recorded with "update <action>".' });
  }
  const today = londonDate(ctx.now);
  const to = /\b(?:to|until|till|by)\s+(.+)$/i.exec(text.replace(/^.*?\bround\b/i, ''))?.[1];
  if (!to) return messageReply({ title: 'To which date?', body: `Nothing was changed. Say, for example, "extend the ${shortQuarter(round.quarter)} round to 21 October 2020".` });
  const parsed = dayIn(to, today, 'new deadline');
  if ('problem' in parsed) return messageReply({ title: 'The deadline was not changed.', body: parsed.problem });
  if (parsed.date <= round.deadline) {
    return messageReply({
      title: 'The deadline was not changed.',
      body: `${formatUkDate(parsed.date)} is not later than the current deadline, ${formatUkDate(round.deadline)}. To finish early, say "close the ${shortQuarter(round.quarter)} round".`,
    });
  }
  const extended = await deps.service.extend(round.id, parsed.date, actorOf(ctx));
  if (extended.kind !== 'extended') return notSavedReply(extended);
  const updated = extended.round;
  const reminders = deps.reminderWorkingDays;
  const closures = ctx.snapshot.council(plan.councilId)?.callInRules.extraClosureDays;
  return messageReply({
    title: `Extended ${roundTitle(ctx, round)} to ${formatUkDate(updated.deadline)}.`,
    body: `The deadline was ${formatUkDate(round.deadline)}. Anyone who has not responded will be reminded again on ${formatUkDate(reminderDate(updated.deadline, reminders, closures))}.`,
  });
}

export async function close(deps: RoundsDeps, ctx: ChatContext, text: string): Promise<Reply> {
  const found = findRound(ctx, text, { openOnly: true, verb: 'close' });
  if ('reply' in found) return found.reply;
  const plan = ctx.snapshot.plan(found.round.planId)!;
  if (!administers(deps, ctx, plan)) return refuse(ctx, plan, 'close update rounds');
  const result = await deps.service.close(found.round.id, actorOf(ctx));
  if (result.kind !== 'closed') return notSavedReply(result);
  const final = result.round.finalProgress;
  const early = londonDate(ctx.now) < found.round.deadline ? ` early (the deadline was ${formatUkDate(found.round.deadline)})` : '';
  const posted = !result.channelId
    ? `No committee channel is set for the ${planName(plan)}: in the committee's channel, say "@Council Actions post the quarterly summary to this channel".`
    : result.posted?.status === 'sent' || result.posted?.status === 'already-sent'
      ? 'The summary below has been posted to the committee channel.'
      : `The summary could not be posted to the committee channel (${result.posted?.reason ?? result.posted?.status}).`;
  const notes = [
    `Closed ${roundTitle(ctx, found.round)}${early}.${final ? ` ${final.leadsResponded} of ${final.leads} leads responded; ${final.actionsAnswered} of ${final.actions} actions answered.` : ''}`,
    posted,
  ];
  const reply = summaryCardReply({ ...result.summary, notes: [...notes, ...result.summary.notes] }, exportButtons(plan, result.round.quarter));
  return { ...reply, text: `${notes.join('\n')}\n${reply.text}` };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
