/**
 * Democratic services' writes about decisions, from chat or a card:
 *   record decision: <title>; decision maker Cabinet; taken 16 December 2020; published 18 December 2020; key decision
 *   decision <title> has been called in [on <date>]
 *   call-in of <title> has been withdrawn
 *
 * Every route goes through the same commands (commands.ts: input validated with zod, permission
 * checked in the core, one transaction with a version check and an audit entry); this module reads
 * the text or the card, finds the decision meant, and puts the outcome into words. Bad input is
 * answered with what was wrong and what is allowed.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { mayRecordDecisions, type RecordDecisionInput } from '../../domain/decisions.js';
import { formatUkDate, londonDate } from '../../domain/uk-format.js';
import type { CardActionHandler, CardActionResult } from '../../chat/card-actions.js';
import { councilForQuestion, dateInText } from '../committees/committee-scope.js';
import { decisionNotFound, decisionReply, resolveDecision, whichDecision } from './decisions-view.js';
import { cardReply, messageReply, notSavedReply, type NotSaved } from '../../chat/reply.js';
import type { ChatContext, IntentDefinition, Reply } from '../../chat/types.js';
import { endCallIn as endCallInCommand, recordCallIn, recordDecision as recordDecisionCommand, type CallInDeps } from './commands.js';

export const RECORD_DECISION_VERB = 'decision.record';

/** cards/decision-form.json */
export interface DecisionFormCardData {
  title: string;
  intro: string;
  councils: { id: string; name: string }[];
  /** The council chosen to begin with; empty for none. */
  councilId: string;
  /** Identifies this form: a double submit records the decision once. */
  formId: string;
  speak: string;
}

declare module '../../chat/types.js' {
  interface CardTemplates {
    'decision-form': DecisionFormCardData;
  }
}

const RECORD_HELP =
  'Write it as: record decision: <title>; decision maker Cabinet; taken 16 December 2020; published 18 December 2020; key decision. Optional parts: "not a key decision", "urgent: <reason>", "exempt", "council <name>". Or say "record decision" for a form.';

function refused(ctx: ChatContext, what: string): Reply {
  return messageReply({
    title: `Only democratic services can ${what}.`,
    body: ctx.asker.person
      ? 'Your account does not have the democratic-services-admin role. Nothing was saved. Ask democratic services to record it, or to grant you the role.'
      : "I don't know who you are yet, so I can't check your role. Nothing was saved.",
  });
}

// ---------------------------------------------------------------------------------------------
// Record a decision
// ---------------------------------------------------------------------------------------------

type Draft = Partial<Record<keyof RecordDecisionInput, unknown>>;

/** Reads "record decision: <title>; decision maker ...; taken ...; ..." into a draft, or says which part was not understood. */
function parseRecordText(ctx: ChatContext, rest: string): { draft: Draft; problems: string[] } {
  const parts = rest.split(/;|\n/).map((p) => p.trim()).filter(Boolean);
  const draft: Draft = {};
  const problems: string[] = [];
  const date = (label: string, value: string): string | undefined => {
    const found = dateInText(value, ctx.now);
    if (!found) {
      problems.push(`I couldn't read "${value}" as the ${label} (write it like 16 December 2020 or 16/12/2020)`);
      return undefined;
    }
    if (!found.yearGiven) {
      problems.push(`the ${label} "${value}" has no year; add it (e.g. 16 December 2020)`);
      return undefined;
    }
    return found.date;
  };
  parts.forEach((part, index) => {
    let m: RegExpExecArray | null;
    if (index === 0) draft.title = part.replace(/^title\s*[:=]\s*/i, '');
    else if ((m = /^(?:decision[- ]?maker|maker|decided by|taken by|by)\s*[:=]?\s*(.+)$/i.exec(part))) draft.decisionMaker = m[1];
    else if ((m = /^(?:taken|date taken|decision date|decided|made|date of decision)(?:\s+on)?\s*[:=]?\s*(.+)$/i.exec(part))) draft.takenOn = date('date taken', m[1]!);
    else if ((m = /^(?:published|publication|publication date|date published|notice published)(?:\s+on)?\s*[:=]?\s*(.+)$/i.exec(part))) draft.publishedOn = date('date published', m[1]!);
    else if (/^(?:not a key decision|non[- ]?key(?: decision)?|not key)$/i.test(part)) draft.keyDecision = false;
    else if (/^(?:key decision|key)$/i.test(part)) draft.keyDecision = true;
    else if ((m = /^(?:urgent|urgency|urgency reason|taken under urgency)\s*[:=]?\s*(.*)$/i.exec(part))) {
      draft.urgencyReason = m[1] ?? '';
      draft.subjectToCallIn = false;
      if (!m[1]) problems.push('say why it was urgent: "urgent: <reason>"');
    } else if (/^not subject to call[- ]?in$/i.test(part)) draft.subjectToCallIn = false;
    else if (/^exempt$|^part (?:two|2)$/i.test(part)) draft.exempt = true;
    else if ((m = /^council\s*[:=]?\s*(.+)$/i.exec(part))) {
      const council = councilForQuestion(ctx, m[1]!);
      if (council?.council && council.council.name.toLowerCase().includes(m[1]!.toLowerCase().replace(/\s*council$/, '').trim())) draft.councilId = council.council.id;
      else problems.push(`I don't know the council "${m[1]}"`);
    } else problems.push(`I didn't understand "${part}"`);
  });
  return { draft, problems };
}

function defaultCouncilId(ctx: ChatContext): string | undefined {
  if (ctx.asker.person?.councilId && ctx.snapshot.council(ctx.asker.person.councilId)) return ctx.asker.person.councilId;
  return ctx.snapshot.data.councils.length === 1 ? ctx.snapshot.data.councils[0]!.id : undefined;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join('; ');
}

/** The one command behind both routes (text and card), in words. */
async function recordDecision(deps: CallInDeps, ctx: ChatContext, draft: Draft): Promise<Reply> {
  const outcome = await recordDecisionCommand(deps, { councilId: defaultCouncilId(ctx), ...draft }, ctx);
  switch (outcome.kind) {
    case 'refused':
      return refused(ctx, 'record decisions');
    case 'invalid':
      return messageReply({ title: `The decision was not recorded: ${outcome.problems.join('; ')}.`, body: RECORD_HELP });
    case 'unknown-council':
      return messageReply({ title: `The decision was not recorded: there is no council "${outcome.councilId}".`, body: RECORD_HELP });
    case 'changed-meanwhile':
    case 'not-saved':
      return notSavedReply(outcome);
    case 'recorded':
      if (outcome.duplicate) {
        return decisionReply(ctx, outcome.decision, 'status', ['This decision was already recorded (same council, title and date taken); nothing was changed.']);
      }
      return decisionReply(ctx, outcome.decision, 'recorded');
  }
}

function decisionForm(ctx: ChatContext): Reply {
  if (!mayRecordDecisions(ctx.asker.roles)) return refused(ctx, 'record decisions');
  const councils = ctx.snapshot.data.councils.map((c) => ({ id: c.id, name: c.name }));
  const title = 'Record a decision';
  return {
    text: `${title}\nFill in the card, or type: ${RECORD_HELP}`,
    card: cardReply('decision-form', {
      title,
      intro: 'The call-in period is worked out from the publication date with the council\'s rules. Leave the urgency reason empty unless the decision was taken under the urgency procedure.',
      councils,
      councilId: defaultCouncilId(ctx) ?? '',
      formId: (ctx.activityId ?? randomUUID()).slice(0, 80),
      speak: title,
    }),
  };
}

const toggle = z
  .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
  .optional();

const DecisionFormSubmission = z.object({
  councilId: z.string().max(200).optional(),
  title: z.string().max(1000).optional(),
  decisionMaker: z.string().max(1000).optional(),
  takenOn: z.string().max(40).optional(),
  publishedOn: z.string().max(40).optional(),
  keyDecision: toggle,
  exempt: toggle,
  urgencyReason: z.string().max(5000).optional(),
});

async function handleDecisionForm(deps: CallInDeps, data: Record<string, unknown>, ctx: ChatContext): Promise<CardActionResult> {
  if (!mayRecordDecisions(ctx.asker.roles)) return { reply: refused(ctx, 'record decisions') };
  const parsed = DecisionFormSubmission.safeParse(data);
  if (!parsed.success) return { reply: messageReply({ title: `The decision was not recorded: ${describeIssues(parsed.error)}.`, body: 'Correct the card and send it again.' }) };
  const f = parsed.data;
  const urgency = f.urgencyReason?.trim();
  const reply = await recordDecision(deps, ctx, {
    ...(f.councilId ? { councilId: f.councilId } : {}),
    title: f.title,
    decisionMaker: f.decisionMaker,
    takenOn: f.takenOn,
    publishedOn: f.publishedOn,
    keyDecision: f.keyDecision ?? false,
    exempt: f.exempt ?? false,
    ...(urgency ? { urgencyReason: urgency, subjectToCallIn: false } : {}),
  });
  return reply.text.startsWith('Recorded') ? { updatedCard: reply } : { reply };
}

async function recordDecisionFromText(deps: CallInDeps, ctx: ChatContext, rest: string): Promise<Reply> {
  if (!rest.trim()) return decisionForm(ctx);
  if (!mayRecordDecisions(ctx.asker.roles)) return refused(ctx, 'record decisions');
  const { draft, problems } = parseRecordText(ctx, rest);
  if (problems.length) return messageReply({ title: `The decision was not recorded: ${problems.join('; ')}.`, body: RECORD_HELP });
  return recordDecision(deps, ctx, draft);
}

// ---------------------------------------------------------------------------------------------
// Call-in lodged, withdrawn or determined
// ---------------------------------------------------------------------------------------------

/** Splits "<title> on <date>" when the tail is a date; the title itself may contain "on". */
function splitTrailingDate(ctx: ChatContext, text: string): { reference: string; date?: string } {
  const m = /^(.*)\s+on\s+(.+)$/i.exec(text);
  if (m) {
    const found = dateInText(m[2]!, ctx.now);
    // Without a year, chrono picks the nearest one, which is what "on 17 November" means here.
    if (found) return { reference: m[1]!.trim(), date: found.date };
  }
  return { reference: text.trim() };
}

/** A call-in (or its end) not saved; `then` says what to do when someone else changed the decision meanwhile. */
function callInNotSaved(outcome: NotSaved, then: string): Reply {
  return notSavedReply(outcome, { title: 'Someone else changed this decision at the same moment.', body: `Nothing was saved. ${then}` });
}

async function markCalledIn(deps: CallInDeps, ctx: ChatContext, text: string): Promise<Reply> {
  if (!mayRecordDecisions(ctx.asker.roles)) return refused(ctx, 'record a call-in');
  const { reference, date } = splitTrailingDate(ctx, text);
  const found = resolveDecision(ctx, reference);
  const ask = (id: string) => `decision ${id} has been called in${date ? ` on ${date}` : ''}`;
  if (found.kind === 'none') return decisionNotFound(ctx, reference, ask);
  if (found.kind === 'many') return whichDecision(reference, found.options, ask);
  const outcome = await recordCallIn(deps, { decisionId: found.decision.id, ...(date ? { lodgedOn: date } : {}) }, ctx);
  switch (outcome.kind) {
    case 'refused':
      return refused(ctx, 'record a call-in');
    case 'future-date':
      return messageReply({ title: `A call-in can't be recorded for a future date (${formatUkDate(outcome.lodgedOn)}).`, body: 'Nothing was saved.' });
    case 'not-allowed':
      return messageReply({ title: `The call-in was not recorded for "${outcome.decision.title}".`, body: `${outcome.problem} Nothing was saved.` });
    case 'invalid':
    case 'changed-meanwhile':
    case 'not-saved':
      return callInNotSaved(outcome, 'Ask again to see the latest, then repeat the command if it is still needed.');
    case 'called-in':
      return decisionReply(ctx, outcome.decision, 'status', [`Call-in recorded by ${ctx.asker.person?.name ?? ctx.asker.displayName}. It cannot be implemented until the call-in is withdrawn or determined.`]);
  }
}

async function endCallIn(deps: CallInDeps, ctx: ChatContext, reference: string, how: string): Promise<Reply> {
  if (!mayRecordDecisions(ctx.asker.roles)) return refused(ctx, 'record the outcome of a call-in');
  const found = resolveDecision(ctx, reference);
  const ask = (id: string) => `call-in of ${id} has been ${how.toLowerCase()}`;
  if (found.kind === 'none') return decisionNotFound(ctx, reference, ask);
  if (found.kind === 'many') return whichDecision(reference, found.options, ask);
  const ending = how.toLowerCase();
  const outcome = await endCallInCommand(deps, { decisionId: found.decision.id, outcome: ending }, ctx);
  switch (outcome.kind) {
    case 'refused':
      return refused(ctx, 'record the outcome of a call-in');
    case 'not-called-in':
      return messageReply({ title: `"${outcome.decision.title}" is not recorded as called in.`, body: 'Nothing was changed.' });
    case 'invalid':
    case 'changed-meanwhile':
    case 'not-saved':
      return callInNotSaved(outcome, 'Ask again to see the latest.');
    case 'ended':
      return decisionReply(ctx, outcome.decision, 'implement', [`Call-in recorded as ${ending} by ${ctx.asker.person?.name ?? ctx.asker.displayName}. If the committee referred it back to the decision-maker, record the reconsidered decision as a new decision.`]);
  }
}

export function decisionCardActions(deps: CallInDeps): CardActionHandler[] {
  return [{ verb: RECORD_DECISION_VERB, handle: (data, ctx) => handleDecisionForm(deps, data, ctx) }];
}

const QUESTION_START = /^(has|have|is|was|were|can|could|when|which|what|who|did|does)\b/i;

export function decisionCommandIntents(deps: CallInDeps): IntentDefinition[] {
  return [
  {
    name: 'record-decision',
    examples: ['record decision: <title>; decision maker Cabinet; taken 16 December 2020; published 18 December 2020; key decision'],
    match: (text) => {
      const m = /^(?:record|add|log|new) (?:a |new )?decision\b\s*[:\-]?\s*([\s\S]*)$/i.exec(text);
      return m ? { rest: m[1] } : null;
    },
    answer: (s, ctx) => recordDecisionFromText(deps, ctx, s.rest ?? ''),
  },
  {
    name: 'call-in-ended',
    examples: ['call-in of <decision> has been withdrawn'],
    match: (text) => {
      const m = /^(?:the )?call[- ]?in (?:of|for|on|against) (?:the )?(?:decision )?(.+?) (?:has been |was |is )?(withdrawn|determined|concluded)$/i.exec(text);
      return m ? { ref: m[1], how: m[2] } : null;
    },
    answer: (s, ctx) => endCallIn(deps, ctx, s.ref!, s.how!),
  },
  {
    name: 'mark-called-in',
    examples: ['decision <title> has been called in'],
    match: (text) => {
      if (QUESTION_START.test(text)) return null;
      const m =
        /^(?:the )?(?:decision )?(.+?) (?:has been|was|is|got|have been) called[- ]?in\b\s*(.*)$/i.exec(text) ??
        /^(?:record|mark|log) (?:a )?call[- ]?in (?:for|of|on|against) (?:the )?(?:decision )?(.+?)()$/i.exec(text) ??
        /^(?:mark|record) (?:the )?(?:decision )?(.+?) as called[- ]?in\b\s*(.*)$/i.exec(text);
      return m ? { ref: `${m[1]}${m[2] ? ` ${m[2]}` : ''}` } : null;
    },
    answer: (s, ctx) => markCalledIn(deps, ctx, s.ref!),
  },
  ];
}
