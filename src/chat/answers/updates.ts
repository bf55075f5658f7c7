/**
 * Recording progress from chat (domain.md §4 E 37-38):
 *
 * - "update 2.2: all savings plans signed off ...; status slipped; new date September 2018 because
 *   of the restructure" and "Pub is the Hub is on track, 12 pubs signed up": read into the update
 *   command and shown back on a confirmation card. Nothing is saved before Confirm.
 * - "update Pub is the Hub": the update form.
 * - "history of 2.2", "who can update 2.2?"
 * - "let Joe Sullivan update Pub is the Hub" (and "stop Joe Sullivan updating ...")
 * - "endorse the revised date for 4.1 (Audit and Accounts Committee 19 June 2018)", "reject ..."
 *
 * Registered before the action questions, so "update 2.2" is a command, while "update on 2.2" and
 * "what's the latest on 2.2" stay questions.
 */
import { randomUUID } from 'node:crypto';
import { formatDateExpr, parseDateExpr } from '../../domain/date-expr.js';
import type { Action } from '../../domain/model.js';
import { RecordUpdateCommand, interpretCommand, statusPhrasePattern } from '../../domain/progress-update.js';
import { approvedTarget, pendingRevision } from '../../domain/slippage.js';
import { formatUkDate, londonDate } from '../../domain/uk-format.js';
import { democraticServicesNames, mayDelegate, mayRecordCommitteeDecision, planAdminNames, updatePermission } from '../../domain/update-rights.js';
import { adminEmailsOf } from '../../updates/card-actions.js';
import { historyReply } from '../../updates/history-reply.js';
import { confirmReply, refusalReply, updateFormReply, whoCanLines, type UpdateFormValues } from '../../updates/update-replies.js';
import { actorOf, changeDelegate, recordRevisionDecision } from '../../updates/update-service.js';
import { fold } from '../normalise.js';
import { actionLabel, statusAsk, visibleActions } from '../present.js';
import { messageReply } from '../reply.js';
import { findPlanMention, resolveAction, resolveOwner } from '../resolve.js';
import type { ChatContext, IntentDefinition, Reply } from '../types.js';
import { parseTypedUpdate, type TypedUpdate } from '../update-text.js';
import { withAction } from './action-card.js';

const MAX_ASK_CHARS = 480;

// ---------------------------------------------------------------------------------------------
// Resolving the action named in a command
// ---------------------------------------------------------------------------------------------

type Found = { kind: 'one'; action: Action } | { kind: 'many'; options: Action[] } | { kind: 'none'; suggestions: Action[] };

function findAction(ctx: ChatContext, reference: string): Found {
  const plan = findPlanMention(ctx.snapshot, reference);
  const result = resolveAction(ctx.snapshot, reference.trim(), plan?.id);
  if (result.kind === 'one') return visibleActions(ctx, [result.value]).length ? { kind: 'one', action: result.value } : { kind: 'none', suggestions: [] };
  if (result.kind === 'many') {
    const options = visibleActions(ctx, result.options);
    return options.length === 1 ? { kind: 'one', action: options[0]! } : { kind: 'many', options };
  }
  return { kind: 'none', suggestions: visibleActions(ctx, result.suggestions) };
}

function notFoundReply(ctx: ChatContext, reference: string, found: Found, then: (a: Action) => string): Reply {
  if (found.kind === 'many') {
    return messageReply({
      title: `"${reference}" matches ${found.options.length} actions. Which one?`,
      choices: found.options.map((a) => ({ title: shortLabel(ctx, a), ask: then(a) })),
    });
  }
  const suggestions = found.kind === 'none' ? found.suggestions : [];
  return messageReply({
    title: `I can't find an action matching "${reference}". Nothing was saved.`,
    body: suggestions.length ? 'Did you mean one of these?' : 'Use the action number ("2.2") or words from its title ("Pub is the Hub").',
    choices: suggestions.map((a) => ({ title: shortLabel(ctx, a), ask: then(a) })),
  });
}

function shortLabel(ctx: ChatContext, action: Action): string {
  const label = actionLabel(ctx.snapshot, action);
  return label.length > 60 ? `${label.slice(0, 57)}...` : label;
}

function formId(ctx: ChatContext): string {
  return `f-${ctx.activityId ?? randomUUID()}`;
}

function commandKey(ctx: ChatContext, kind: string): string {
  return `${kind}:${ctx.activityId ?? randomUUID()}`;
}

/** What the asker may say next with content kept, if it fits in a button. */
function updateAsk(action: Action, content?: string): string {
  const ask = content ? `update ${action.id}: ${content}` : `update ${action.id}`;
  return ask.length <= MAX_ASK_CHARS ? ask : `update ${action.id}`;
}

// ---------------------------------------------------------------------------------------------
// "update 2.2: ..." and "Pub is the Hub is on track, ..."
// ---------------------------------------------------------------------------------------------

const UPDATE_COMMAND =
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

async function updateCommandReply(ctx: ChatContext, rest: string): Promise<Reply> {
  const candidates = splitCommand(rest);
  let firstMiss: { ref: string; found: Found; content?: string } | undefined;
  for (const candidate of candidates) {
    const found = findAction(ctx, candidate.ref);
    if (found.kind === 'one') {
      return candidate.content ? typedUpdateReply(ctx, found.action, parseTypedUpdate(candidate.content, ctx.snapshot.plan(found.action.planId), londonDate(ctx.now))) : formReply(ctx, found.action);
    }
    firstMiss ??= { ref: candidate.ref, found, content: candidate.content };
  }
  const miss = firstMiss ?? { ref: rest, found: { kind: 'none', suggestions: [] } as Found };
  return notFoundReply(ctx, miss.ref, miss.found, (a) => updateAsk(a, miss.content));
}

function formReply(ctx: ChatContext, action: Action): Reply {
  const permission = updatePermission(ctx.snapshot, action, actorOf(ctx.asker), adminEmailsOf(ctx));
  if (!permission.allowed) return refusalReply(ctx.snapshot, action, permission, ctx.asker);
  return updateFormReply(ctx.snapshot, action, { context: { actionId: action.id, expectedVersion: action.version, formId: formId(ctx), source: 'form' }, now: ctx.now });
}

/** Shows what was understood for confirmation; problems come back on the form with the text kept. */
function typedUpdateReply(ctx: ChatContext, action: Action, typed: TypedUpdate): Reply {
  const permission = updatePermission(ctx.snapshot, action, actorOf(ctx.asker), adminEmailsOf(ctx));
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
  const context = { actionId: action.id, expectedVersion: action.version, formId: formId(ctx), source: 'text' as const, requestedBy: ctx.asker.person?.id };
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
const STATEMENT = new RegExp(`^(?!${QUESTION_START}\\b)(.{2,150}?)${LINK}${STATUS}(?=$|[\\s,;:.!-])`, 'i');

/** "Pub is the Hub is on track, 12 pubs signed up": every "<x> is <status>" split is tried in turn. */
function statementReply(ctx: ChatContext, text: string): Reply {
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
      return typedUpdateReply(ctx, found.action, { ...typed, status: typed.status ?? match[1] });
    }
    if (firstReference === undefined) {
      firstReference = reference;
      firstFound = found;
    }
  }
  const content = text.slice(firstReference?.length ?? 0).replace(/^\s+(?:is|are|has|have)\s+/i, '').trim();
  return notFoundReply(ctx, firstReference ?? text, firstFound ?? { kind: 'none', suggestions: [] }, (a) => updateAsk(a, content));
}

// ---------------------------------------------------------------------------------------------
// Who can update, delegation
// ---------------------------------------------------------------------------------------------

function whoCanReply(ctx: ChatContext, reference: string): Reply {
  return withAction(
    ctx,
    reference,
    (action) => {
      const actor = actorOf(ctx.asker);
      const permission = updatePermission(ctx.snapshot, action, actor, adminEmailsOf(ctx));
      const notes = ['Councillors can read every action and its history, but do not record updates.'];
      if (mayDelegate(ctx.snapshot, action, actor, adminEmailsOf(ctx))) {
        notes.unshift(`You can let someone else update it: "let <name> update ${action.number ?? action.id}".`);
      }
      return messageReply({
        title: `Who can record updates on ${actionLabel(ctx.snapshot, action)}`,
        lines: [...whoCanLines(ctx.snapshot, action), permission.allowed ? `You can update it (${permission.reason}).` : `You can't update it: ${permission.reason}.`],
        notes,
        choices: [
          ...(permission.allowed ? [{ title: 'Update', ask: `update ${action.id}` }] : []),
          { title: 'Status', ask: statusAsk(action) },
        ],
      });
    },
    'who can update',
  );
}

async function delegationReply(ctx: ChatContext, personRef: string, actionRef: string, mode: 'add' | 'remove'): Promise<Reply> {
  const found = findAction(ctx, actionRef);
  if (found.kind !== 'one') {
    return notFoundReply(ctx, actionRef, found, (a) => (mode === 'add' ? `let ${personRef} update ${a.id}` : `stop ${personRef} updating ${a.id}`));
  }
  const action = found.action;
  const person = resolveOwner(ctx.snapshot, personRef);
  if (person.kind !== 'one' || person.value.kind !== 'person') {
    const options = person.kind === 'many' ? person.options : person.kind === 'none' ? person.suggestions : [];
    const people = options.flatMap((o) => (o.kind === 'person' ? [o.person] : []));
    return messageReply({
      title:
        person.kind === 'one'
          ? `"${personRef}" is a group, not a person: only named people can be delegates. Nothing was changed.`
          : person.kind === 'many'
            ? `"${personRef}" matches more than one person. Who do you mean?`
            : `I don't know anyone called "${personRef}". Nothing was changed.`,
      body: person.kind === 'none' ? 'Check the spelling, or use their council email address.' : undefined,
      choices: people.map((p) => ({ title: p.name, ask: mode === 'add' ? `let ${p.name} update ${action.id}` : `stop ${p.name} updating ${action.id}` })),
    });
  }
  const delegate = person.value.person;
  const outcome = await changeDelegate(
    { store: ctx.services.store, adminEmails: adminEmailsOf(ctx) },
    { actionId: action.id, delegatePersonId: delegate.id, mode, idempotencyKey: commandKey(ctx, 'delegation') },
    actorOf(ctx.asker),
    ctx.now,
  );
  const label = actionLabel(ctx.snapshot, action);
  switch (outcome.kind) {
    case 'refused':
      return messageReply({
        title: `You can't change who updates ${label}. Nothing was changed.`,
        body: "Only the action's lead officer, WLT owner or delivery leads, and the plan's admins, can let someone else record updates; a delegate cannot pass it on.",
        lines: whoCanLines(ctx.snapshot, action),
      });
    case 'invalid':
      return messageReply({ title: `Nothing was changed for ${label}.`, lines: outcome.problems.map((p) => p.message) });
    case 'not-found':
      return messageReply({ title: `I can't find that action any more. Nothing was changed.` });
    case 'delegated': {
      const after = await ctx.services.store.snapshot();
      const now = after.action(action.id) ?? outcome.action;
      const title =
        mode === 'add'
          ? outcome.changed
            ? `${delegate.name} can now record updates on ${label}.`
            : `${delegate.name} can already record updates on ${label}.`
          : outcome.changed
            ? `${delegate.name} can no longer record updates on ${label}.`
            : `${delegate.name} was not a delegate for ${label}; nothing changed.`;
      return messageReply({
        title,
        lines: whoCanLines(after, now),
        notes: outcome.changed ? ['Recorded in the audit log with your name and the time.'] : [],
        choices: [{ title: 'Who can update?', ask: `who can update ${action.id}` }],
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Committee decisions on revised dates
// ---------------------------------------------------------------------------------------------

const MEETING_ID = /\b([a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{4}-\d{2}-\d{2})\b/i;
const DATE_IN_TEXT =
  /(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b/i;

interface MeetingRef {
  meetingId?: string;
  meetingDate: string;
  committeeName?: string;
}

/** "Audit and Accounts Committee 19 June 2018", "staffs-crc-2020-11-17", "the meeting on 17/11/2020". */
export function readMeeting(ctx: ChatContext, text: string): { ok: true; value: MeetingRef } | { ok: false; message: string } {
  const idMatch = MEETING_ID.exec(text);
  const byId = idMatch ? ctx.snapshot.meeting(idMatch[1]!.toLowerCase()) : undefined;
  if (byId) return { ok: true, value: { meetingId: byId.id, meetingDate: byId.date, committeeName: ctx.snapshot.committee(byId.committeeId)?.name } };
  const dateMatch = DATE_IN_TEXT.exec(text);
  const date = dateMatch ? parseDateExpr(dateMatch[0].replace(/(\d)(st|nd|rd|th)\b/i, '$1').replace(/,/g, '')) : null;
  if (!date || date.kind !== 'date') {
    return {
      ok: false,
      message: 'Say which meeting made the decision and when, for example "(Audit and Accounts Committee 19 June 2018)" or a meeting id such as "staffs-crc-2020-11-17".',
    };
  }
  const committeeText = (dateMatch ? text.replace(dateMatch[0], ' ') : text)
    .replace(/\b(?:on|at|the|meeting|of|held|dated|by)\b/gi, ' ')
    .replace(/[(),:;]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const wanted = fold(committeeText);
  const committee = wanted
    ? ctx.snapshot.committees.find((c) => [c.name, ...c.aliases].some((n) => fold(n) === wanted || (wanted.length > 5 && (fold(n).includes(wanted) || wanted.includes(fold(n))))))
    : undefined;
  if (committee) {
    const meeting = ctx.snapshot.meetingsOf(committee.id).find((m) => m.date === date.value);
    if (!meeting) {
      const nearby = ctx.snapshot
        .meetingsOf(committee.id)
        .filter((m) => !m.cancelled)
        .map((m) => m.date)
        .sort((a, b) => Math.abs(Date.parse(a) - Date.parse(date.value)) - Math.abs(Date.parse(b) - Date.parse(date.value)))
        .slice(0, 2);
      return {
        ok: false,
        message: `The ${committee.name} has no meeting on ${formatUkDate(date.value)} in my records.${nearby.length ? ` Its nearest meetings: ${nearby.map(formatUkDate).join(', ')}.` : ''}`,
      };
    }
    if (meeting.cancelled) return { ok: false, message: `The ${committee.name} meeting on ${formatUkDate(date.value)} was cancelled, so it cannot have decided this.` };
    return { ok: true, value: { meetingId: meeting.id, meetingDate: meeting.date, committeeName: committee.name } };
  }
  return { ok: true, value: { meetingDate: date.value, committeeName: committeeText || undefined } };
}

const DECISION =
  /^(?:please\s+)?(?:record (?:that )?(?:the )?(?:committee )?(?:has )?)?(endorse|reject)(?:d|ed)?\s+(?:the\s+)?(?:revised|proposed|new)\s+(?:target\s+|due\s+)?(?:date|timescale|target|deadline)s?\s+(?:for|of|on|to)\s+(.+)$/i;

function splitDecision(rest: string): { ref: string; meetingText: string; note?: string } {
  const paren = /^(.+?)\s*\(([^)]*)\)\s*(?:[:\-–]\s*|because\s+|,\s*)?(.*)$/i.exec(rest);
  if (paren) return { ref: paren[1]!, meetingText: paren[2]!, note: paren[3]?.trim() || undefined };
  const noteSplit = /^(.*?)(?:\s*[:–]\s+|\s+-\s+|\s+because\s+)(.+)$/i.exec(rest);
  const main = noteSplit ? noteSplit[1]! : rest;
  const note = noteSplit ? noteSplit[2] : undefined;
  const at = /^(.+?)(?:,\s*|\s+(?:at|by|on|in)\s+)(.+)$/i.exec(main);
  return at ? { ref: at[1]!, meetingText: at[2]!, note } : { ref: main, meetingText: '', note };
}

async function decisionReply(ctx: ChatContext, verb: string, rest: string): Promise<Reply> {
  const decision = verb.toLowerCase().startsWith('endorse') ? 'endorsed' : 'rejected';
  const { ref, meetingText, note } = splitDecision(rest);
  const found = findAction(ctx, ref);
  if (found.kind !== 'one') return notFoundReply(ctx, ref, found, (a) => `${decision === 'endorsed' ? 'endorse' : 'reject'} the revised date for ${a.id} (${meetingText})`);
  const action = found.action;
  const label = actionLabel(ctx.snapshot, action);
  const actor = actorOf(ctx.asker);
  if (!mayRecordCommitteeDecision(ctx.snapshot, action, actor, adminEmailsOf(ctx))) {
    const admins = planAdminNames(ctx.snapshot, ctx.snapshot.plan(action.planId));
    const democratic = democraticServicesNames(ctx.snapshot);
    return messageReply({
      title: `Only admins can record a committee decision on ${label}. Nothing was changed.`,
      body: 'A revised date is endorsed or rejected by the committee; the plan admins and democratic services record that decision here.',
      lines: [admins.length ? `Plan admins: ${admins.join(', ')}.` : undefined, democratic.length ? `Democratic services: ${democratic.join(', ')}.` : undefined].filter(Boolean) as string[],
    });
  }
  const pending = pendingRevision(action);
  if (!pending) {
    return messageReply({
      title: `There is no proposed revised date waiting for a decision on ${label}.`,
      body: action.revisions.length ? `Its revisions: ${action.revisions.map((r) => `${formatDateExpr(r.to)} (${r.state})`).join('; ')}.` : 'No revised date has been proposed for it.',
      choices: [{ title: 'Awaiting endorsement', ask: 'what is awaiting endorsement?' }],
    });
  }
  const meeting = readMeeting(ctx, meetingText);
  if (!meeting.ok) return messageReply({ title: `I couldn't record that decision on ${label}. Nothing was changed.`, body: meeting.message });
  const outcome = await recordRevisionDecision(
    { store: ctx.services.store, adminEmails: adminEmailsOf(ctx) },
    { actionId: action.id, decision, ...meeting.value, note, idempotencyKey: commandKey(ctx, 'decision') },
    actor,
    ctx.now,
  );
  if (outcome.kind === 'invalid') return messageReply({ title: `I couldn't record that decision on ${label}. Nothing was changed.`, lines: outcome.problems.map((p) => p.message) });
  if (outcome.kind !== 'decided') return messageReply({ title: `I couldn't record that decision on ${label}. Nothing was changed.` });
  const after = outcome.action;
  const baseline = approvedTarget(after);
  const body =
    decision === 'endorsed'
      ? `The approved target is now ${baseline ? formatDateExpr(baseline) : formatDateExpr(outcome.revision.to)}; slippage is measured against it from now on.`
      : `The approved target stays ${baseline ? formatDateExpr(baseline) : 'as it was'}; slippage is still measured against it.`;
  return messageReply({
    title: `Recorded: the ${meeting.value.committeeName ?? 'committee'} ${decision} the revised date for ${label} (${formatDateExpr(outcome.revision.to)}) on ${formatUkDate(meeting.value.meetingDate)}.`,
    body,
    notes: [
      after.originalTarget ? `The original target (${formatDateExpr(after.originalTarget)}) is kept in the record.` : undefined,
      note ? `Note: ${note}` : undefined,
      outcome.duplicate ? 'This decision was already recorded; it was not recorded twice.' : 'Recorded in the audit log with your name and the time.',
    ].filter(Boolean) as string[],
    choices: [
      { title: 'Status', ask: statusAsk(after) },
      { title: 'History', ask: `history of ${after.id}` },
      { title: 'Still awaiting endorsement', ask: 'what is awaiting endorsement?' },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Intents
// ---------------------------------------------------------------------------------------------

const DELEGATE_ADD: Array<[RegExp, 'person-first' | 'action-first']> = [
  [/^(?:please\s+)?let (.+?) (?:update|record updates (?:for|on)|report on) (.+)$/i, 'person-first'],
  [/^(?:please\s+)?allow (.+?) to (?:update|record updates (?:for|on)) (.+)$/i, 'person-first'],
  [/^(?:please\s+)?add (.+?) as (?:an? )?delegate (?:for|on|to) (.+)$/i, 'person-first'],
  [/^(?:please\s+)?delegate (?:updates? (?:for|on|to) |updating (?:of )?)?(.+?) to (.+)$/i, 'action-first'],
];
const DELEGATE_REMOVE: Array<[RegExp, 'person-first']> = [
  [/^(?:please\s+)?(?:stop|don't let|do not let|no longer let) (.+?) (?:from )?(?:updating|update) (.+)$/i, 'person-first'],
  [/^(?:please\s+)?remove (.+?) as (?:an? )?delegate (?:for|on|from) (.+)$/i, 'person-first'],
];

function delegationMatch(text: string): { person: string; ref: string; mode: 'add' | 'remove' } | null {
  for (const [pattern, order] of DELEGATE_ADD) {
    const m = pattern.exec(text);
    if (m) return order === 'person-first' ? { person: m[1]!, ref: m[2]!, mode: 'add' } : { person: m[2]!, ref: m[1]!, mode: 'add' };
  }
  for (const [pattern] of DELEGATE_REMOVE) {
    const m = pattern.exec(text);
    if (m) return { person: m[1]!, ref: m[2]!, mode: 'remove' };
  }
  return null;
}

export const updateIntents: IntentDefinition[] = [
  {
    name: 'update-history',
    examples: ['history of 2.2', 'update history for Pub is the Hub'],
    match: (text) => {
      const m = /^(?:show |view |see |what is |what's )?(?:me )?(?:the )?(?:full )?(?:update |change |progress |audit )?(?:history|audit trail|audit log|changes|updates)(?: of| for| on| to)? (.+)$/i.exec(text);
      return m ? { ref: m[1] } : null;
    },
    answer: (s, ctx) => withAction(ctx, s.ref!, (a) => historyReply(ctx, a), 'history of'),
  },
  {
    name: 'who-can-update',
    examples: ['who can update 2.2?'],
    match: (text) => {
      const m = /^who (?:can|may|is allowed to|is able to|could|should) (?:update|edit|record (?:an? )?updates? (?:for|on|to)|report (?:progress )?on|write updates (?:for|on)) (.+)$/i.exec(text);
      return m ? { ref: m[1] } : null;
    },
    answer: (s, ctx) => whoCanReply(ctx, s.ref!),
  },
  {
    name: 'revision-decision',
    examples: ['endorse the revised date for 4.1 (Audit and Accounts Committee 19 June 2018)', 'reject the revised date for 4.2 (Audit and Accounts Committee 19 June 2018)'],
    match: (text) => {
      const m = DECISION.exec(text);
      return m ? { verb: m[1], rest: m[2] } : null;
    },
    answer: (s, ctx) => decisionReply(ctx, s.verb!, s.rest!),
  },
  {
    name: 'delegate-updates',
    examples: ['let Joe Sullivan update Pub is the Hub', 'stop Joe Sullivan updating Pub is the Hub'],
    match: (text) => {
      const m = delegationMatch(text);
      return m ? { person: m.person, ref: m.ref, mode: m.mode } : null;
    },
    answer: (s, ctx) => delegationReply(ctx, s.person!, s.ref!, s.mode as 'add' | 'remove'),
  },
  {
    name: 'record-update',
    examples: ['update 2.2: all savings plans signed off; status slipped; new date September 2018 because of the restructure', 'update Pub is the Hub'],
    match: (text) => {
      const m = UPDATE_COMMAND.exec(text);
      return m ? { rest: m[1] } : null;
    },
    answer: (s, ctx) => updateCommandReply(ctx, s.rest!),
  },
  {
    name: 'record-update-statement',
    examples: ['Pub is the Hub is on track, 12 pubs signed up'],
    match: (text) => (STATEMENT.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => statementReply(ctx, text),
  },
];
