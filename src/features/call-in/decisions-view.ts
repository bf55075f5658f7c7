/**
 * How a decision and its call-in period read in an answer, shared by the call-in questions and the
 * democratic-services commands. Exempt decisions are filtered here, in the core, by audience.
 */
import type { CallInPeriod } from '../../domain/call-in.js';
import { decisionStatus, type DecisionStatus } from '../../domain/decisions.js';
import type { Decision } from '../../domain/model.js';
import { matchTopic, topMatches } from '../../domain/topic-match.js';
import { formatUkDate, formatUkTime } from '../../domain/uk-format.js';
import { isVisibleTo } from '../../domain/visibility.js';
import { committeeAudience, rulesOf } from '../committees/committee-scope.js';
import { messageReply } from '../../chat/reply.js';
import type { AskChoice, ChatContext, Reply } from '../../chat/types.js';

export function visibleDecisions(ctx: ChatContext): Decision[] {
  const audience = committeeAudience(ctx, undefined);
  return ctx.snapshot.data.decisions.filter((d) => isVisibleTo(d.exempt ? 'exempt' : 'public', audience));
}

export type DecisionResolution = { kind: 'one'; decision: Decision } | { kind: 'many'; options: Decision[] } | { kind: 'none' };

/** A decision by id or by words from its title (titles vary, so the topic matcher is used). */
export function resolveDecision(ctx: ChatContext, reference: string): DecisionResolution {
  const decisions = visibleDecisions(ctx);
  const ref = reference
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/^(the|a)\s+/i, '')
    .replace(/^decision\s+(on|about|to|for)?\s*/i, '')
    .replace(/\s+decision$/i, '')
    .trim();
  if (!ref) return { kind: 'none' };
  const byId = decisions.find((d) => d.id.toLowerCase() === ref.toLowerCase());
  if (byId) return { kind: 'one', decision: byId };
  const matches = topMatches(
    matchTopic(
      ref,
      decisions.map((d) => ({ id: d.id, titles: [d.title], value: d })),
      { minScore: 0.5 },
    ),
  );
  if (matches.length === 1) return { kind: 'one', decision: matches[0]!.candidate.value };
  if (matches.length > 1) return { kind: 'many', options: matches.map((m) => m.candidate.value) };
  return { kind: 'none' };
}

/** `ask` turns a decision id into the question a button asks. */
export function decisionNotFound(ctx: ChatContext, reference: string, ask: (id: string) => string): Reply {
  const recent = visibleDecisions(ctx)
    .sort((a, b) => b.publishedOn.localeCompare(a.publishedOn))
    .slice(0, 4);
  return messageReply({
    title: `I can't find a decision matching "${reference}".`,
    body: recent.length ? 'Recent decisions:' : 'No decisions are recorded yet. Democratic services can record one: "record decision".',
    choices: recent.map((d) => ({ title: short(d.title), ask: ask(d.id) })),
  });
}

export function whichDecision(reference: string, options: Decision[], ask: (id: string) => string): Reply {
  return messageReply({
    title: `"${reference}" matches ${options.length} decisions. Which one?`,
    choices: options.slice(0, 6).map((d) => ({ title: short(d.title), ask: ask(d.id) })),
  });
}

export function short(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** "Monday 26 September 2022" or "4pm on Monday 26 September 2022". */
export function periodEnd(period: CallInPeriod): string {
  return period.cutOffTime ? `${formatUkTime(period.cutOffTime)} on ${formatUkDate(period.lastDay)}` : `the end of ${formatUkDate(period.lastDay)}`;
}

export function implementableFrom(period: CallInPeriod): string {
  return period.cutOffTime ? `${formatUkTime(period.cutOffTime)} on ${formatUkDate(period.lastDay)}` : formatUkDate(period.implementableFrom);
}

/** The working days counted and the days skipped, spelled out (the legal core, shown, not hidden). */
export function periodLines(period: CallInPeriod): string[] {
  const skipped = period.skippedDays.map((d) =>
    d.kind === 'weekend' ? `${formatUkDate(d.date)} (weekend)` : d.kind === 'bank-holiday' ? `${formatUkDate(d.date)} (${d.name ?? 'bank holiday'})` : `${formatUkDate(d.date)} (council closure day)`,
  );
  return [
    `Working days counted (${period.workingDaysCounted.length}): ${period.workingDaysCounted.map((d) => formatUkDate(d)).join('; ')}`,
    `Days not counted: ${skipped.length ? skipped.join('; ') : 'none'}`,
  ];
}

export function ruleLine(ctx: ChatContext, councilId: string | undefined): string {
  const council = councilId ? ctx.snapshot.council(councilId) : undefined;
  const rules = rulesOf(council);
  return `Rule${council ? ` (${council.name})` : ''}: ${rules.workingDays} working days, counted from the day after publication${rules.cutOffTime ? `, ending at ${formatUkTime(rules.cutOffTime)} on the last day` : ''}; weekends and England and Wales bank holidays (including one-off ones) do not count${rules.extraClosureDays.length ? `, nor the council's ${rules.extraClosureDays.length} closure days` : ''}.`;
}

export type DecisionFocus = 'status' | 'end' | 'implement' | 'called-in' | 'recorded';

function headline(decision: Decision, status: DecisionStatus, focus: DecisionFocus): string {
  const name = `"${short(decision.title, 120)}"`;
  const p = status.period;
  if (focus === 'called-in') {
    if (status.state === 'called-in') return `Yes: ${name} has been called in${decision.calledInOn ? ` (on ${formatUkDate(decision.calledInOn)})` : ''}.`;
    if (status.state === 'in-call-in') return `No call-in is recorded for ${name} yet; its call-in period ends at ${periodEnd(p!)}.`;
    if (status.state === 'can-be-implemented') return `No: ${name} was not called in; its call-in period ended at ${periodEnd(p!)}.`;
  }
  switch (status.state) {
    case 'called-in':
      return focus === 'implement' ? `No: ${name} has been called in.` : `${name} has been called in.`;
    case 'not-subject-to-call-in':
      return focus === 'implement' ? `Yes: ${name} is not subject to call-in, so it can be implemented.` : `${name} is not subject to call-in.`;
    case 'not-yet-taken':
      return focus === 'implement' ? `No: ${name} has not been taken yet.` : `${name} has not been taken yet, so its call-in period has not started.`;
    case 'not-yet-published':
      return focus === 'implement' ? `No: the decision notice for ${name} is not published yet.` : `The decision notice for ${name} is not published yet, so its call-in period has not started.`;
    case 'in-call-in':
      return focus === 'implement'
        ? `Not yet: ${name} is in its call-in period until ${periodEnd(p!)}; if it is not called in, it can be implemented from ${implementableFrom(p!)}.`
        : `Call-in for ${name} ends at ${periodEnd(p!)}.`;
    case 'can-be-implemented':
      return focus === 'implement' ? `Yes: ${name} can be implemented (from ${implementableFrom(p!)}).` : `Call-in for ${name} ended at ${periodEnd(p!)}.`;
  }
}

export function decisionReply(ctx: ChatContext, decision: Decision, focus: DecisionFocus, extraNotes: string[] = []): Reply {
  const council = ctx.snapshot.council(decision.councilId);
  const status = decisionStatus(decision, rulesOf(council), ctx.now);
  const title = focus === 'recorded' ? `Recorded: "${short(decision.title, 120)}"` : headline(decision, status, focus);
  const lines = [
    `Decision maker: ${decision.decisionMaker}`,
    `Taken: ${formatUkDate(decision.takenOn)}`,
    `Published: ${formatUkDate(decision.publishedOn)}`,
    `Key decision: ${decision.keyDecision ? 'yes' : 'no'}`,
    decision.urgencyReason ? `Urgency: ${decision.urgencyReason}` : undefined,
    decision.calledIn ? `Called in${decision.calledInOn ? ` on ${formatUkDate(decision.calledInOn)}` : ''}` : undefined,
    status.period ? ruleLine(ctx, decision.councilId) : undefined,
    ...(status.period ? periodLines(status.period) : []),
  ].filter(Boolean) as string[];
  const notes = [...extraNotes];
  if (status.projected && status.period) {
    notes.push(`If the notice is published on ${formatUkDate(status.period.publishedOn)} as recorded, call-in would end at ${periodEnd(status.period)} and the decision could be implemented from ${implementableFrom(status.period)}.`);
  }
  if (decision.source?.note) notes.push(decision.source.note);
  const choices: AskChoice[] = [{ title: 'Decisions in call-in now', ask: 'which decisions are in their call-in period now' }];
  if (status.state === 'in-call-in') choices.push({ title: 'Next call-in date', ask: 'when is the next date reserved for call-in' });
  return messageReply({ title, body: status.reason, lines, notes, choices });
}
