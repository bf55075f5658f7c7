/**
 * The committee's quarterly summary from chat (domain.md §4 E 41): which plan and quarter a
 * question means, the summary itself (from the round, or from the recorded position), and
 * choosing the committee channel it is posted to when a round closes.
 */
import type { Plan } from '../../domain/model.js';
import { committeeChannelOf, latestStartedQuarter, roundsIn } from '../../domain/quarterly/index.js';
import { buildQuarterlySummary, defaultAsAt, latestReportedQuarter, previousReport, type QuarterlySummary } from '../../domain/quarterly/summary.js';
import { formatQuarter } from '../../domain/quarters.js';
import { londonDate } from '../../domain/uk-format.js';
import { summaryCardReply } from './cards.js';
import { CHANNEL_AUDIENCE } from './service.js';
import { audienceOf } from '../../chat/present.js';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import { findPlanMention } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { type RoundsDeps, actorOf, administers, anyAdmin, exportButtons, planName, quarterIn, refuse } from './shared.js';

/** Which plan a summary or export is for: named, or the only plan with rounds or a status table. */
export function summaryPlan(deps: RoundsDeps, ctx: ChatContext, text: string, verb: string): { plan: Plan } | { reply: Reply } {
  const named = findPlanMention(ctx.snapshot, text);
  if (named) return { plan: named };
  const withRounds = [...new Set(roundsIn(ctx.snapshot).map((r) => r.planId))].map((id) => ctx.snapshot.plan(id)).filter((p): p is Plan => !!p);
  const candidates = withRounds.length ? withRounds : ctx.snapshot.plans.filter((p) => p.summaryBuckets.length > 0 || p.asAt);
  if (candidates.length === 1) return { plan: candidates[0]! };
  return {
    reply: messageReply({
      title: 'Which plan?',
      choices: (candidates.length ? candidates : ctx.snapshot.plans).map((p) => ({ title: planName(p), ask: `${verb} for the ${planName(p)}` })),
    }),
  };
}

/**
 * The summary a question asks for: the round for the quarter named (or the plan's latest round);
 * without a round, the quarter's position as recorded, dated by the data itself.
 */
export function summaryFor(deps: RoundsDeps, ctx: ChatContext, plan: Plan, text: string, audience = audienceOf(ctx)): { summary: QuarterlySummary } | { reply: Reply } {
  const today = londonDate(ctx.now);
  const quarterRef = quarterIn(text);
  const rounds = roundsIn(ctx.snapshot).filter((r) => r.planId === plan.id);
  let quarter: string;
  if (quarterRef?.label) quarter = quarterRef.label;
  else if (quarterRef) {
    const match = rounds.filter((r) => r.quarter.endsWith(`Q${quarterRef.number}`)).at(-1);
    quarter = match?.quarter ?? latestStartedQuarter(quarterRef.number, today).label;
  } else {
    quarter = [...rounds].sort((a, b) => a.asAt.localeCompare(b.asAt)).at(-1)?.quarter ?? latestReportedQuarter(ctx.snapshot, plan, today);
  }
  const round = rounds.find((r) => r.quarter === quarter);
  if (round) return { summary: deps.service.summaryFor(ctx.snapshot, round, audience) };
  const asAt = defaultAsAt(ctx.snapshot, plan, quarter);
  if (asAt > today) return { reply: messageReply({ title: `${formatQuarter(quarter)} has not ended yet.`, body: 'Ask for a quarter with a recorded position, or start an update round for it.' }) };
  return {
    summary: buildQuarterlySummary({
      snapshot: ctx.snapshot,
      plan,
      quarter,
      asAt,
      previous: previousReport(rounds, plan.id, asAt),
      audience,
    }),
  };
}

export function quarterlySummary(deps: RoundsDeps, ctx: ChatContext, text: string): Reply {
  const found = summaryPlan(deps, ctx, text, 'quarterly summary');
  if ('reply' in found) return found.reply;
  const result = summaryFor(deps, ctx, found.plan, text);
  if ('reply' in result) return result.reply;
  const buttons = administers(deps, ctx, found.plan) || anyAdmin(deps, ctx) ? exportButtons(found.plan, result.summary.quarter) : [];
  return summaryCardReply(result.summary, buttons);
}

export async function postToChannel(deps: RoundsDeps, ctx: ChatContext, text: string): Promise<Reply> {
  const found = summaryPlan(deps, ctx, text, 'post the quarterly summary to this channel');
  if ('reply' in found) return found.reply;
  const plan = found.plan;
  if (ctx.conversation.kind !== 'channel' || !ctx.conversation.id) {
    return messageReply({
      title: 'Say this in the committee\'s channel.',
      body: `Nothing was changed. Go to the channel where the ${planName(plan)} summary should appear, and @mention me there: "@Council Actions post the quarterly summary to this channel". I must be added to that team first.`,
    });
  }
  if (!administers(deps, ctx, plan)) return refuse(ctx, plan, 'choose the committee channel');
  if (plan.sensitivity !== 'public') {
    return messageReply({ title: `The ${plan.title} is ${plan.sensitivity}, so it is never posted to a channel.`, body: 'Nothing was changed.' });
  }
  const previous = committeeChannelOf(ctx.snapshot, plan.id);
  const remembered = await deps.service.rememberChannel(plan.id, ctx.conversation.id, actorOf(ctx));
  if (remembered.kind !== 'remembered') return notSavedReply(remembered);
  const result = summaryFor(deps, ctx, plan, text, CHANNEL_AUDIENCE);
  const note =
    previous && previous.conversationId !== ctx.conversation.id
      ? `This channel now replaces the previous committee channel for the ${planName(plan)}: summaries will be posted here when a round closes.`
      : `Summaries of the ${planName(plan)} will be posted here when an update round closes.`;
  if ('reply' in result) return messageReply({ title: note, body: result.reply.text });
  const reply = summaryCardReply({ ...result.summary, notes: [note, ...result.summary.notes] });
  return { ...reply, text: `${note}\n${reply.text}` };
}
