/**
 * Quarterly update rounds and the committee's quarterly summary, from chat (domain.md §4 D 31, 35
 * and E 39, 41):
 * - "start the Q2 2020/21 update round for the CIP, cut-off 30 September 2020, deadline 14 October 2020"
 * - "who hasn't responded for Q2?", "send reminders for the Q2 round", "resend the round cards"
 * - "extend the Q2 round to 21 October 2020", "close the Q2 round"
 * - "quarterly summary for the CIP", "post the quarterly summary to this channel" (in the channel)
 * - "export the Q2 report for the CIP as xlsx" (a file in a personal chat; Markdown in a channel)
 *
 * Admin commands check the plan-admin scope in the core (roles.ts administersPlan). Every answer
 * that can reach a channel is built for the channel audience, so exempt and internal actions never
 * appear there.
 */
import type { Config } from '../../config.js';
import { parseDateExpr } from '../../domain/date-expr.js';
import type { Plan } from '../../domain/model.js';
import {
  actionsInScope,
  checkRoundDates,
  committeeChannelOf,
  latestStartedQuarter,
  planAdminNames,
  reminderDate,
  roundsIn,
  type QuarterlyRound,
} from '../../domain/quarterly.js';
import { buildQuarterlySummary, defaultAsAt, latestReportedQuarter, previousReport, type QuarterlySummary } from '../../domain/quarterly-summary.js';
import { formatQuarter, parseQuarter, quarterFromLabel } from '../../domain/quarters.js';
import { adminScopeOf, administersPlan, isAnyAdmin } from '../../domain/roles.js';
import { formatUkDate, formatUkInstant, londonDate, plural } from '../../domain/uk-format.js';
import { REPORT_CONTENT_TYPES, reportFileName, reportTitle, toMarkdown, writeReport, type ReportFormat } from '../../reports/quarterly-report.js';
import { progressReply, shortQuarter, summaryCardReply } from '../../rounds/round-cards.js';
import { CHANNEL_AUDIENCE, ROUNDS_FEATURE, RoundService } from '../../rounds/round-service.js';
import { PROACTIVE_FEATURE, type ProactiveSender } from '../../teams/proactive-types.js';
import { audienceOf } from '../present.js';
import { messageReply } from '../reply.js';
import { findPlanMention } from '../resolve.js';
import type { AskChoice, ChatContext, IntentDefinition, Reply } from '../types.js';

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

function config(ctx: ChatContext): Partial<Config> {
  return (ctx.services.features.config ?? {}) as Partial<Config>;
}

/** The running service (with its scheduler and background fan-outs), or one for this turn. */
export function roundServiceOf(ctx: ChatContext): RoundService {
  const running = ctx.services.features[ROUNDS_FEATURE];
  if (running instanceof RoundService) return running;
  return new RoundService({
    store: ctx.services.store,
    log: ctx.services.log,
    clock: () => ctx.now,
    reminderWorkingDays: config(ctx).ROUND_REMINDER_WORKING_DAYS ?? 2,
    sender: () => ctx.services.features[PROACTIVE_FEATURE] as ProactiveSender | undefined,
  });
}

function actorOf(ctx: ChatContext) {
  return { personId: ctx.asker.person?.id, name: ctx.asker.person?.name ?? ctx.asker.displayName };
}

function administers(ctx: ChatContext, plan: Plan): boolean {
  const scope = adminScopeOf(ctx.snapshot, { person: ctx.asker.person, email: ctx.asker.email, aadGroupIds: ctx.asker.aadGroupIds }, config(ctx).ADMIN_EMAILS ?? []);
  return administersPlan(scope, plan.id);
}

function anyAdmin(ctx: ChatContext): boolean {
  return isAnyAdmin(adminScopeOf(ctx.snapshot, { person: ctx.asker.person, email: ctx.asker.email, aadGroupIds: ctx.asker.aadGroupIds }, config(ctx).ADMIN_EMAILS ?? []));
}

function planName(plan: Plan): string {
  return plan.abbreviation ?? plan.title;
}

function refuse(ctx: ChatContext, plan: Plan, what: string): Reply {
  const admins = planAdminNames(ctx.snapshot, plan);
  return messageReply({
    title: `Only admins of the ${plan.title} can ${what}.`,
    body: ctx.asker.person
      ? `Nothing was changed. ${admins.length ? `Its admins: ${admins.join(', ')}.` : 'It has no named admins yet: a democratic services admin can make someone a plan admin.'}`
      : "Nothing was changed. I don't know who you are yet: ask an admin to link your Teams account to your name in the plans.",
  });
}

const QUARTER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 };
const QUARTER_IN_TEXT =
  /\b(\d{4}\s*\/\s*\d{2}\s*-\s*q[1-4]|(?:q(?:uarter|tr)?\.?\s*(?:[1-4]|one|two|three|four)|(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)(?:\s*(?:,|of|in)?\s*(?:fy\s*)?\d{2,4}\s*[/-]\s*\d{2,4})?)\b/i;

/** The quarter named in a sentence: a full label, or just its number ("Q2"). */
export function quarterIn(text: string): { label?: string; number: number } | undefined {
  const m = QUARTER_IN_TEXT.exec(text);
  if (!m) return undefined;
  const full = parseQuarter(m[1]!);
  if (full) return { label: full.label, number: full.quarter };
  const word = /([1-4])|(one|two|three|four|first|second|third|fourth|1st|2nd|3rd|4th)/i.exec(m[1]!);
  const number = word?.[1] ? Number(word[1]) : QUARTER_WORDS[(word?.[2] ?? '').toLowerCase()];
  return number ? { number } : undefined;
}

/** A single day written in a sentence ("14 October 2020", "14/10/2020"), or what was wrong with it. */
function dayIn(raw: string, today: string, what: string): { date: string } | { problem: string } {
  const text = raw.trim().replace(/[.,;]+$/, '');
  const expr = /\d/.test(text) ? parseDateExpr(text, { referenceDate: today }) : null;
  if (!expr) return { problem: `I can't read "${text}" as the ${what}. Write a day, for example 14 October 2020.` };
  if (expr.kind !== 'date') return { problem: `The ${what} "${text}" is not a single day. Give the day, for example 14 October 2020.` };
  return { date: expr.value };
}

const CUT_OFF = /\b(?:cut[\s-]?off|as at|as of)(?:\s+date)?(?:\s+(?:of|is|on))?\s*:?\s+(.+?)(?=\s*(?:[,;]|\band\b|\bwith\b|\bdeadline\b|\bresponses?\b|$))/i;
const DEADLINE = /\b(?:deadline|due(?:\s+date)?|responses?\s+(?:due\s+)?by|reply\s+by|replies\s+by)(?:\s+(?:of|is|on|date))?\s*:?\s+(.+?)(?=\s*(?:[,;]|\band\b|\bwith\b|\bcut[\s-]?off\b|\bas at\b|$))/i;

/**
 * The round a command is about: the plan and quarter named (either may be left out when only one
 * round fits), preferring open rounds and then the latest.
 */
function findRound(ctx: ChatContext, text: string, options: { openOnly: boolean; verb: string }): { round: QuarterlyRound } | { reply: Reply } {
  const plan = findPlanMention(ctx.snapshot, text);
  const quarter = quarterIn(text);
  let rounds = roundsIn(ctx.snapshot).filter((r) => (!plan || r.planId === plan.id) && (!quarter || (quarter.label ? r.quarter === quarter.label : r.quarter.endsWith(`Q${quarter.number}`))));
  if (options.openOnly) rounds = rounds.filter((r) => r.state === 'open');
  else if (rounds.some((r) => r.state === 'open')) rounds = rounds.filter((r) => r.state === 'open');
  const what = [quarter ? `for ${quarter.label ? shortQuarter(quarter.label) : `Q${quarter.number}`}` : undefined, plan ? `of the ${planName(plan)}` : undefined].filter(Boolean).join(' ');
  if (rounds.length === 0) {
    const open = roundsIn(ctx.snapshot).filter((r) => r.state === 'open');
    return {
      reply: messageReply({
        title: `There is no ${options.openOnly ? 'open ' : ''}update round${what ? ` ${what}` : ''} to ${options.verb}.`,
        body: open.length
          ? 'Open rounds:'
          : 'Start one with, for example, "start the Q2 2020/21 update round for the CIP, cut-off 30 September 2020, deadline 14 October 2020".',
        lines: open.map((r) => `${shortQuarter(r.quarter)} for the ${planName(ctx.snapshot.plan(r.planId)!)}, deadline ${formatUkDate(r.deadline)}`),
      }),
    };
  }
  const plans = new Set(rounds.map((r) => r.planId));
  if (plans.size > 1) {
    return {
      reply: messageReply({
        title: `Which plan's round${what ? ` (${what})` : ''}?`,
        choices: [...plans].map((id) => {
          const p = ctx.snapshot.plan(id)!;
          const r = rounds.filter((x) => x.planId === id).at(-1)!;
          return { title: `${planName(p)} ${shortQuarter(r.quarter)}`, ask: `${options.verb} the ${shortQuarter(r.quarter)} round for the ${planName(p)}` };
        }),
      }),
    };
  }
  return { round: [...rounds].sort((a, b) => a.startedAt.localeCompare(b.startedAt)).at(-1)! };
}

function roundTitle(ctx: ChatContext, round: QuarterlyRound): string {
  const plan = ctx.snapshot.plan(round.planId);
  return `the ${shortQuarter(round.quarter)} round for the ${plan ? planName(plan) : round.planId}`;
}

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

async function startRound(ctx: ChatContext, text: string): Promise<Reply> {
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
  if (!administers(ctx, plan)) return refuse(ctx, plan, 'start update rounds');
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
  const service = roundServiceOf(ctx);
  const outcome = await service.start({ plan, quarter: quarter.label, asAt, deadline: deadline!, actor: actorOf(ctx), conversationId: ctx.conversation.id });
  const round = outcome.round;
  const name = `${shortQuarter(round.quarter)} round for the ${planName(plan)}`;
  if (outcome.kind === 'exists') {
    return messageReply({
      title: `There is already a ${name} (${round.state}).`,
      body: `Started by ${round.startedBy.name} on ${formatUkInstant(round.startedAt)}; cut-off ${formatUkDate(round.asAt)}, deadline ${formatUkDate(round.deadline)}. Nothing new was sent.`,
      choices: [{ title: "Who hasn't responded?", ask: `who hasn't responded for the ${name}` }],
    });
  }
  const reminders = config(ctx).ROUND_REMINDER_WORKING_DAYS ?? 2;
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

// ---------------------------------------------------------------------------------------------
// Progress, reminders, resend, extend, close
// ---------------------------------------------------------------------------------------------

function progress(ctx: ChatContext, text: string): Reply {
  const found = findRound(ctx, text, { openOnly: false, verb: 'show progress of' });
  if ('reply' in found) return found.reply;
  const plan = ctx.snapshot.plan(found.round.planId)!;
  if (!administers(ctx, plan)) return refuse(ctx, plan, "see who hasn't responded to an update round");
  return progressReply(ctx.snapshot, found.round, text, ctx.page, londonDate(ctx.now));
}

async function remindNow(ctx: ChatContext, text: string): Promise<Reply> {
  const found = findRound(ctx, text, { openOnly: true, verb: 'send reminders for' });
  if ('reply' in found) return found.reply;
  const plan = ctx.snapshot.plan(found.round.planId)!;
  if (!administers(ctx, plan)) return refuse(ctx, plan, 'send round reminders');
  const result = await roundServiceOf(ctx).remind(found.round.id, { manual: true });
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

async function resend(ctx: ChatContext, text: string): Promise<Reply> {
  const found = findRound(ctx, text, { openOnly: true, verb: 'resend the cards for' });
  if ('reply' in found) return found.reply;
  const plan = ctx.snapshot.plan(found.round.planId)!;
  if (!administers(ctx, plan)) return refuse(ctx, plan, 'resend round cards');
  const missing = found.round.leads.filter((l) => l.delivery.status !== 'sent' && l.delivery.status !== 'already-sent');
  if (missing.length === 0) return messageReply({ title: `Every lead in ${roundTitle(ctx, found.round)} has their card.`, body: 'Nothing was resent.' });
  const report = await roundServiceOf(ctx).dispatch(found.round.id, { retry: true, report: false });
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

async function extend(ctx: ChatContext, text: string): Promise<Reply> {
  const found = findRound(ctx, text, { openOnly: false, verb: 'extend' });
  if ('reply' in found) return found.reply;
  const round = found.round;
  const plan = ctx.snapshot.plan(round.planId)!;
  if (!administers(ctx, plan)) return refuse(ctx, plan, 'extend update rounds');
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
  const updated = await roundServiceOf(ctx).extend(round.id, parsed.date, actorOf(ctx));
  const reminders = config(ctx).ROUND_REMINDER_WORKING_DAYS ?? 2;
  const closures = ctx.snapshot.council(plan.councilId)?.callInRules.extraClosureDays;
  return messageReply({
    title: `Extended ${roundTitle(ctx, round)} to ${formatUkDate(updated.deadline)}.`,
    body: `The deadline was ${formatUkDate(round.deadline)}. Anyone who has not responded will be reminded again on ${formatUkDate(reminderDate(updated.deadline, reminders, closures))}.`,
  });
}

async function close(ctx: ChatContext, text: string): Promise<Reply> {
  const found = findRound(ctx, text, { openOnly: true, verb: 'close' });
  if ('reply' in found) return found.reply;
  const plan = ctx.snapshot.plan(found.round.planId)!;
  if (!administers(ctx, plan)) return refuse(ctx, plan, 'close update rounds');
  const result = await roundServiceOf(ctx).close(found.round.id, actorOf(ctx));
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

// ---------------------------------------------------------------------------------------------
// Summary, channel, export
// ---------------------------------------------------------------------------------------------

function exportButtons(plan: Plan, quarter: string): AskChoice[] {
  const q = shortQuarter(quarter);
  return [
    { title: 'Export as Excel', ask: `export the ${q} report for the ${planName(plan)} as xlsx` },
    { title: 'Export as Markdown', ask: `export the ${q} report for the ${planName(plan)} as md` },
  ];
}

/** Which plan a summary or export is for: named, or the only plan with rounds or a status table. */
function summaryPlan(ctx: ChatContext, text: string, verb: string): { plan: Plan } | { reply: Reply } {
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
export function summaryFor(ctx: ChatContext, plan: Plan, text: string, audience = audienceOf(ctx)): { summary: QuarterlySummary } | { reply: Reply } {
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
  if (round) return { summary: roundServiceOf(ctx).summaryFor(ctx.snapshot, round, audience) };
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

function quarterlySummary(ctx: ChatContext, text: string): Reply {
  const found = summaryPlan(ctx, text, 'quarterly summary');
  if ('reply' in found) return found.reply;
  const result = summaryFor(ctx, found.plan, text);
  if ('reply' in result) return result.reply;
  const buttons = administers(ctx, found.plan) || anyAdmin(ctx) ? exportButtons(found.plan, result.summary.quarter) : [];
  return summaryCardReply(result.summary, buttons);
}

async function postToChannel(ctx: ChatContext, text: string): Promise<Reply> {
  const found = summaryPlan(ctx, text, 'post the quarterly summary to this channel');
  if ('reply' in found) return found.reply;
  const plan = found.plan;
  if (ctx.conversation.kind !== 'channel' || !ctx.conversation.id) {
    return messageReply({
      title: 'Say this in the committee\'s channel.',
      body: `Nothing was changed. Go to the channel where the ${planName(plan)} summary should appear, and @mention me there: "@Council Actions post the quarterly summary to this channel". I must be added to that team first.`,
    });
  }
  if (!administers(ctx, plan)) return refuse(ctx, plan, 'choose the committee channel');
  if (plan.sensitivity !== 'public') {
    return messageReply({ title: `The ${plan.title} is ${plan.sensitivity}, so it is never posted to a channel.`, body: 'Nothing was changed.' });
  }
  const previous = committeeChannelOf(ctx.snapshot, plan.id);
  await roundServiceOf(ctx).rememberChannel(plan.id, ctx.conversation.id, actorOf(ctx));
  const result = summaryFor(ctx, plan, text, CHANNEL_AUDIENCE);
  const note =
    previous && previous.conversationId !== ctx.conversation.id
      ? `This channel now replaces the previous committee channel for the ${planName(plan)}: summaries will be posted here when a round closes.`
      : `Summaries of the ${planName(plan)} will be posted here when an update round closes.`;
  if ('reply' in result) return messageReply({ title: note, body: result.reply.text });
  const reply = summaryCardReply({ ...result.summary, notes: [note, ...result.summary.notes] });
  return { ...reply, text: `${note}\n${reply.text}` };
}

const FORMAT_WORDS: Array<[RegExp, ReportFormat]> = [
  [/\b(xlsx|excel|spreadsheet|workbook)\b/i, 'xlsx'],
  [/\bcsv\b/i, 'csv'],
  [/\b(md|markdown|text)\b/i, 'md'],
];

async function exportReport(ctx: ChatContext, text: string): Promise<Reply> {
  const found = summaryPlan(ctx, text, 'export the report');
  if ('reply' in found) return found.reply;
  const plan = found.plan;
  if (!administers(ctx, plan) && !anyAdmin(ctx)) return refuse(ctx, plan, 'export the committee report');
  const format = FORMAT_WORDS.find(([re]) => re.test(text))?.[1] ?? 'xlsx';
  // The appendix goes into a public committee paper: built for the channel audience, whoever asks.
  const result = summaryFor(ctx, plan, text, CHANNEL_AUDIENCE);
  if ('reply' in result) return result.reply;
  const summary = result.summary;
  const restricted = summary.withheld ? ` ${plural(summary.withheld, 'internal or exempt action')} ${summary.withheld === 1 ? 'is' : 'are'} left out, as in any public paper.` : '';
  if (ctx.conversation.kind !== 'personal') {
    const markdown = toMarkdown(summary);
    return {
      text: markdown,
      card: {
        template: 'message',
        data: {
          title: `${reportTitle(summary)} (Markdown)`,
          body: `I can only send files in a personal chat with me, so here is the report as text.${restricted} For the ${format.toUpperCase()} file, ask me in a personal chat.`,
          lines: markdownLines(markdown),
          notes: [],
          choices: [],
          speak: reportTitle(summary),
        },
      },
    };
  }
  const content = await writeReport(summary, format);
  const name = reportFileName(summary, format);
  const size = content.length < 1024 ? `${content.length} bytes` : `${Math.round(content.length / 1024)} KB`;
  return {
    text: `${reportTitle(summary)}: ${name} (${size}).${restricted} Accept the upload to save it to your OneDrive.`,
    card: {
      template: 'message',
      data: {
        title: `${reportTitle(summary)}`,
        body: `Here is the report appendix as ${format === 'md' ? 'Markdown' : format.toUpperCase()}: ${name} (${size}). Accept the upload below to save it to your OneDrive.${restricted}`,
        lines: [
          `Counts as at ${formatUkDate(summary.asAt)}: ${summary.counts.rows.map((r) => `${r.label} ${r.count}`).join(', ')}; total ${summary.counts.total}.`,
          `Lists: ${summary.completed.length} completed, ${summary.onTrack.length} on track, ${summary.slipped.length} slipped, ${summary.revised.length} revised timescales.`,
        ],
        notes: [],
        choices: [],
        speak: reportTitle(summary),
      },
    },
    file: { name, contentType: REPORT_CONTENT_TYPES[format], content },
  };
}

/** Markdown as card lines, capped so the card stays well under the size limit. */
function markdownLines(markdown: string): string[] {
  const lines = markdown.split('\n').filter((l) => l.trim() !== '');
  const out: string[] = [];
  let size = 0;
  for (const line of lines) {
    size += line.length;
    if (size > 24_000) {
      out.push(`…the rest is in the file: ask me in a personal chat to export it.`);
      break;
    }
    out.push(line);
  }
  return out;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Intents (registered before the action questions: "close", "summary", "status of the round")
// ---------------------------------------------------------------------------------------------

export const quarterlyIntents: IntentDefinition[] = [
  {
    name: 'round-start',
    examples: ['start the Q2 2020/21 update round for the CIP, cut-off 30 September 2020, deadline 14 October 2020'],
    match: (text) => (/^(?:please\s+)?(?:start|open|launch|begin|kick off|run)\b.*\b(?:update\s+)?round\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => startRound(ctx, text),
  },
  {
    name: 'round-extend',
    examples: ['extend the Q2 round to 21 October 2020'],
    match: (text) => (/^(?:please\s+)?(?:extend|move)\b.*\bround\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => extend(ctx, text),
  },
  {
    name: 'round-close',
    examples: ['close the Q2 round'],
    match: (text) => (/^(?:please\s+)?(?:close|end|finish|stop)\b.*\bround\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => close(ctx, text),
  },
  {
    name: 'round-remind',
    examples: ['send reminders for the Q2 round'],
    match: (text) =>
      /^(?:please\s+)?(?:send\s+(?:the\s+)?(?:round\s+)?reminders?|chase|remind)\b.*\b(?:round|non-?responders|late|outstanding|leads)\b/i.test(text) ||
      /^(?:please\s+)?send\s+(?:the\s+)?(?:round\s+)?reminders?(?:\s+now)?$/i.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => remindNow(ctx, text),
  },
  {
    name: 'round-resend',
    examples: ['resend the round cards'],
    match: (text) => (/^(?:please\s+)?(?:re-?send|send again)\b.*\b(?:round|cards?)\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => resend(ctx, text),
  },
  {
    name: 'round-progress',
    examples: ["who hasn't responded for Q2?", 'progress of the Q2 round'],
    match: (text) =>
      /\bwho\s+(?:hasn'?t|has\s+not|have\s+not|haven'?t|still\s+(?:needs?|has|have)\s+to|is\s+(?:still\s+)?(?:outstanding|late))\b(?:\s+(?:yet\s+)?(?:responded|replied|answered|updated|sent))?/i.test(text) ||
      /\b(?:round\s+progress|progress\s+(?:of|on|with)\s+the\b.*\bround|how\s+is\s+the\b.*\bround\s+going|status\s+of\s+the\b.*\bround)\b/i.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => progress(ctx, text),
  },
  {
    name: 'post-summary-to-channel',
    examples: ['post the quarterly summary to this channel'],
    match: (text) => (/\b(?:post|send|share|put)\b.*\bsummar(?:y|ies)\b.*\b(?:this|here|the)\s+channel\b|\buse this channel for\b.*\bsummar/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => postToChannel(ctx, text),
  },
  {
    name: 'export-report',
    examples: ['export the Q2 report for the CIP as xlsx'],
    match: (text) => (/^(?:please\s+)?(?:export|download|generate|produce)\b.*\b(?:report|appendix|summary)\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => exportReport(ctx, text),
  },
  {
    name: 'quarterly-summary',
    examples: ['quarterly summary for the CIP'],
    match: (text) => (/\bquarterly\s+(?:summary|position|report summary|update summary)\b|\bsummary\s+(?:of|for)\s+the\b.*\bround\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => quarterlySummary(ctx, text),
  },
];
