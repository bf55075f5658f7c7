/**
 * Pieces every quarterly-round and quarterly-summary answer shares: what the answers are built
 * from (RoundsDeps), who is asking and whether they administer the plan, the refusal that names the plan's
 * admins, reading a quarter or a day out of a sentence, finding the round a command is about,
 * and the export buttons under a summary.
 */
import { parseDateExpr } from '../../domain/date-expr/index.js';
import type { Plan } from '../../domain/model.js';
import { planAdminNames, roundsIn, type QuarterlyRound } from '../../domain/quarterly/index.js';
import { parseQuarter } from '../../domain/quarters.js';
import { adminScopeOf, administersPlan, isAnyAdmin } from '../../domain/roles.js';
import { formatUkDate } from '../../domain/uk-format.js';
import { shortQuarter } from './cards.js';
import type { RoundService } from './service.js';
import { messageReply } from '../../chat/reply.js';
import { findPlanMention } from '../../chat/resolve.js';
import type { AskChoice, ChatContext, Reply } from '../../chat/types.js';

/** What the round and summary answers are built from (the feature's index.ts makes one). */
export interface RoundsDeps {
  /** The running service: its scheduler and background fan-outs. */
  service: RoundService;
  /** ADMIN_EMAILS: admins of every plan. */
  adminEmails: readonly string[];
  /** ROUND_REMINDER_WORKING_DAYS: reminders go this many working days before a deadline. */
  reminderWorkingDays: number;
}

export function actorOf(ctx: ChatContext) {
  return { personId: ctx.asker.person?.id, name: ctx.asker.person?.name ?? ctx.asker.displayName };
}

export function administers(deps: RoundsDeps, ctx: ChatContext, plan: Plan): boolean {
  const scope = adminScopeOf(ctx.snapshot, { person: ctx.asker.person, email: ctx.asker.email, aadGroupIds: ctx.asker.aadGroupIds }, deps.adminEmails);
  return administersPlan(scope, plan.id);
}

export function anyAdmin(deps: RoundsDeps, ctx: ChatContext): boolean {
  return isAnyAdmin(adminScopeOf(ctx.snapshot, { person: ctx.asker.person, email: ctx.asker.email, aadGroupIds: ctx.asker.aadGroupIds }, deps.adminEmails));
}

export function planName(plan: Plan): string {
  return plan.abbreviation ?? plan.title;
}

export function refuse(ctx: ChatContext, plan: Plan, what: string): Reply {
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
export function dayIn(raw: string, today: string, what: string): { date: string } | { problem: string } {
  const text = raw.trim().replace(/[.,;]+$/, '');
  const expr = /\d/.test(text) ? parseDateExpr(text, { referenceDate: today }) : null;
  if (!expr) return { problem: `I can't read "${text}" as the ${what}. Write a day, for example 14 October 2020.` };
  if (expr.kind !== 'date') return { problem: `The ${what} "${text}" is not a single day. Give the day, for example 14 October 2020.` };
  return { date: expr.value };
}

/**
 * The round a command is about: the plan and quarter named (either may be left out when only one
 * round fits), preferring open rounds and then the latest.
 */
export function findRound(ctx: ChatContext, text: string, options: { openOnly: boolean; verb: string }): { round: QuarterlyRound } | { reply: Reply } {
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

export function roundTitle(ctx: ChatContext, round: QuarterlyRound): string {
  const plan = ctx.snapshot.plan(round.planId);
  return `the ${shortQuarter(round.quarter)} round for the ${plan ? planName(plan) : round.planId}`;
}

export function exportButtons(plan: Plan, quarter: string): AskChoice[] {
  const q = shortQuarter(quarter);
  return [
    { title: 'Export as Excel', ask: `export the ${q} report for the ${planName(plan)} as xlsx` },
    { title: 'Export as Markdown', ask: `export the ${q} report for the ${planName(plan)} as md` },
  ];
}
