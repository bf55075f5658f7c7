/**
 * Recording an update from typed text (domain.md §4 E 37): "update 2.2: ...; status slipped; new
 * date September 2018 because of the restructure", "update Pub is the Hub" (the form) and
 * "Pub is the Hub is on track, 12 pubs signed up". What was understood is shown back on a
 * confirmation card; nothing is saved before Confirm.
 */
import type { Action } from '../../domain/model.js';
import { RecordUpdateCommand, interpretCommand, statusPhrasePattern } from '../../domain/progress-update/index.js';
import { londonDate } from '../../domain/uk-format.js';
import { updatePermission } from '../../domain/update-rights.js';
import { confirmReply, refusalReply, updateFormReply, type UpdateFormValues } from './update-replies.js';
import { actorOf } from './update-service.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { parseTypedUpdate, type TypedUpdate } from './update-text.js';
import { confirmationFormId, findAction, formId, notFoundReply, updateAsk, type Found } from './shared.js';

export const UPDATE_COMMAND =
  /^(?:please\s+)?(?:update|record (?:an? )?(?:progress )?update (?:for|on|to)|add (?:an? )?(?:progress )?update (?:for|on|to)|progress update (?:for|on))\s+(?!(?:on|of|about|from)\b)(.+)$/i;

/** Where the action reference ends and the update begins, most explicit first. */
function splitCommand(rest: string): Array<{ ref: string; content?: string }> {
  const candidates: Array<{ ref: string; content?: string }> = [];
  const colon = rest.indexOf(':');
  if (colon > 0) candidates.push({ ref: rest.slice(0, colon), content: rest.slice(colon + 1) });
  const dash = /\s+[-–]\s+/.exec(rest);
  if (dash) candidates.push({ ref: rest.slice(0, dash.index), content: rest.slice(dash.index + dash[0].length) });
  const number = /^((?:action\s+)?\d{1,3}(?:\.\d{1,3}){1,2}\.?)[\s,;]+(.+)$/i.exec(rest);
  if (number) candidates.push({ ref: number[1]!, content: number[2] });
  candidates.push({ ref: rest });
  const keyword = /\s+(?=(?:status|new date|revised date|proposed date|new target|no change)\b)/i.exec(rest);
  if (keyword) candidates.push({ ref: rest.slice(0, keyword.index), content: rest.slice(keyword.index + keyword[0].length) });
  return candidates
    .map((c) => ({ ref: c.ref.trim().replace(/^(?:for|to)\s+/i, '').replace(/^["']|["']$/g, ''), content: c.content?.trim() || undefined }))
    .filter((c) => c.ref.length > 0);
}

export async function updateCommandReply(ctx: ChatContext, adminEmails: readonly string[], rest: string): Promise<Reply> {
  const candidates = splitCommand(rest);
  let firstMiss: { ref: string; found: Found; content?: string } | undefined;
  for (const candidate of candidates) {
    const found = findAction(ctx, candidate.ref);
    if (found.kind === 'one') {
      return candidate.content ? typedUpdateReply(ctx, adminEmails, found.action, parseTypedUpdate(candidate.content, ctx.snapshot.plan(found.action.planId), londonDate(ctx.now))) : formReply(ctx, adminEmails, found.action);
    }
    firstMiss ??= { ref: candidate.ref, found, content: candidate.content };
  }
  const miss = firstMiss ?? { ref: rest, found: { kind: 'none', suggestions: [] } as Found };
  return notFoundReply(ctx, miss.ref, miss.found, (a) => updateAsk(a, miss.content));
}

function formReply(ctx: ChatContext, adminEmails: readonly string[], action: Action): Reply {
  const permission = updatePermission(ctx.snapshot, action, actorOf(ctx.asker), adminEmails);
  if (!permission.allowed) return refusalReply(ctx.snapshot, action, permission, ctx.asker);
  return updateFormReply(ctx.snapshot, action, { context: { actionId: action.id, expectedVersion: action.version, formId: formId(ctx), source: 'form' }, now: ctx.now });
}

/** Shows what was understood for confirmation; problems come back on the form with the text kept. */
function typedUpdateReply(ctx: ChatContext, adminEmails: readonly string[], action: Action, typed: TypedUpdate): Reply {
  const permission = updatePermission(ctx.snapshot, action, actorOf(ctx.asker), adminEmails);
  if (!permission.allowed) return refusalReply(ctx.snapshot, action, permission, ctx.asker);
  const plan = ctx.snapshot.plan(action.planId);
  const values: UpdateFormValues = {
    status: typed.status,
    commentary: typed.commentary,
    proposedRevisedTarget: typed.proposedRevisedTarget,
    reasonForChange: typed.reasonForChange,
    mitigation: typed.mitigation,
    nextSteps: typed.nextSteps,
  };
  const context = { actionId: action.id, expectedVersion: action.version, formId: confirmationFormId(ctx), source: 'text' as const, requestedBy: ctx.asker.person?.id };
  const command = RecordUpdateCommand.safeParse({ ...values, actionId: action.id, expectedVersion: action.version, noChange: typed.noChange, idempotencyKey: 'preview', channel: 'teams-text' });
  const interpretation = command.success
    ? interpretCommand(command.data, plan, action, ctx.now)
    : { ok: false as const, problems: [{ field: 'update' as const, message: 'That update is too long to read. Use the form instead.' }] };
  if (!interpretation.ok) {
    return updateFormReply(ctx.snapshot, action, {
      context,
      now: ctx.now,
      values: { ...values, commentary: values.commentary ?? action.commentary },
      title: 'I need a little more before I can save this',
      banner: { title: 'Nothing was saved yet:', lines: interpretation.problems.map((p) => p.message), style: 'attention' },
      notes: ['What you typed is in the form below. Correct it and press "Save update".'],
    });
  }
  return confirmReply(ctx.snapshot, action, interpretation.value, values, context, ctx.now);
}

const QUESTION_START =
  '(?:what|which|who|whom|whose|how|why|when|where|is|are|was|were|has|have|had|do|does|did|can|could|will|would|should|shall|may|might|show|list|tell|give|find|any|anything|everything|all|every|nothing|none|there|it|this|that|these|those|we|i|you|they|he|she|if|whether)';
const LINK = '\\s+(?:is|are|has|have)(?:\\s+(?:now|still|currently|been|now been))*\\s+';
const STATUS = `(${statusPhrasePattern()})`;
export const STATEMENT = new RegExp(`^(?!${QUESTION_START}\\b)(.{2,150}?)${LINK}${STATUS}(?=$|[\\s,;:.!-])`, 'i');

/** "Pub is the Hub is on track, 12 pubs signed up": every "<x> is <status>" split is tried in turn. */
export function statementReply(ctx: ChatContext, adminEmails: readonly string[], text: string): Reply {
  const splitter = new RegExp(`${LINK}${STATUS}(?=$|[\\s,;:.!-])`, 'gi');
  let firstReference: string | undefined;
  let firstFound: Found | undefined;
  for (const match of text.matchAll(splitter)) {
    const reference = text.slice(0, match.index).trim();
    const found = findAction(ctx, reference);
    const rest = text.slice(match.index! + match[0].length).replace(/^[\s,;:.!-]+/, '').trim();
    if (found.kind === 'one') {
      const plan = ctx.snapshot.plan(found.action.planId);
      const typed = rest ? parseTypedUpdate(rest, plan, londonDate(ctx.now)) : {};
      return typedUpdateReply(ctx, adminEmails, found.action, { ...typed, status: typed.status ?? match[1] });
    }
    if (firstReference === undefined) {
      firstReference = reference;
      firstFound = found;
    }
  }
  const content = text.slice(firstReference?.length ?? 0).replace(/^\s+(?:is|are|has|have)\s+/i, '').trim();
  return notFoundReply(ctx, firstReference ?? text, firstFound ?? { kind: 'none', suggestions: [] }, (a) => updateAsk(a, content));
}
