/**
 * "Suggest an item for the work programme" (domain.md §4 C item 29): a card collects the topic,
 * the reason and a suggested date; the suggestion is stored as an item for consideration and sent
 * to the committee's support officers through the one proactive sender. If none of them can be
 * reached in Teams, the suggester is told and the item is kept.
 *
 * The card carries a form id, so a double-click or a Teams retry stores the suggestion once.
 *
 * Suggestions reach support officers' personal chats under the bot's name, so only a person the
 * bot knows (a Teams account linked to someone in the council's records) may file one, and at most
 * SUGGESTIONS_PER_DAY in any 24 hours: counted from the stored items' `suggestedAt` inside the
 * saving transaction, on the turn's clock (ctx.now), so the limit holds across restarts and
 * instances and two submissions at once cannot both slip under it.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isValidIsoDate } from '../../domain/calendar.js';
import { WorkProgrammeItem, type Committee } from '../../domain/model.js';
import { formatUkDate, formatUkInstant, londonDate } from '../../domain/uk-format.js';
import type { CardActionHandler, CardActionResult } from '../../chat/card-actions.js';
import type { ProactiveSender, SendReport } from '../../outbound/types.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/store.js';
import { committeesInScope, personName } from './committee-scope.js';
import { messageReply } from '../../chat/reply.js';
import type { ChatContext, IntentDefinition, Reply } from '../../chat/types.js';
import { auditEntry } from '../../chat/audit.js';

export const SUGGEST_VERB = 'wp.suggest';
export const SUGGESTIONS_PER_DAY = 5;
const DAY_MS = 24 * 3600_000;
const SUGGESTED_IN_TEAMS = 'Suggested in Teams';

function unknownSuggester(): Reply {
  return messageReply({
    title: 'Only people this bot knows can suggest work-programme items. Nothing was sent.',
    body: "Your Teams account is not linked to anyone in the council's records. Democratic services can link it (\"<your name> is <your email>\"); until then, please send your suggestion to the committee's support officer directly.",
  });
}

function suggestionCard(ctx: ChatContext, committees: readonly Committee[], topic: string | undefined, notes: string[] = []): Reply {
  const formId = (ctx.activityId ?? randomUUID()).replace(/[^A-Za-z0-9:_-]/g, '').slice(0, 80) || randomUUID();
  const title = 'Suggest an item for the work programme';
  return {
    text: `${title}\nFill in the card: topic, why, and (optionally) a suggested meeting date. It goes to the committee's support officer.`,
    card: {
      template: 'work-programme-suggestion',
      data: {
        title,
        intro: "Your suggestion is stored as an item for consideration and sent to the committee's support officer, who brings it to the Chair and Vice-Chairs.",
        committees: committees.map((c) => ({ id: c.id, name: c.name })),
        committeeId: committees.length === 1 ? committees[0]!.id : '',
        topic: topic ?? '',
        formId,
        notes,
        speak: title,
      },
    },
  };
}

function suggestReply(ctx: ChatContext, text: string, topic: string | undefined): Reply {
  if (!ctx.asker.person) return unknownSuggester();
  const committees = committeesInScope(ctx, text);
  if (!committees.length) return messageReply({ title: 'There is no committee to suggest an item to yet.' });
  return suggestionCard(ctx, committees, topic?.trim().slice(0, 200));
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} is too long (at most ${max.toLocaleString('en-GB')} characters)`)
    .optional()
    .transform((v) => (v ? v : undefined));

const SuggestionSubmission = z.object({
  formId: z.string().min(1, 'the card is incomplete').max(100),
  committeeId: z.string({ error: 'choose the committee' }).min(1, 'choose the committee'),
  topic: z.string({ error: 'give the topic' }).trim().min(3, 'the topic is too short (at least 3 characters)').max(200, 'the topic is too long (at most 200 characters)'),
  reason: optionalText(2000, 'the reason'),
  suggestedDate: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || isValidIsoDate(v), 'the suggested date is not a real date'),
});

function problemReply(problem: string): CardActionResult {
  return { reply: messageReply({ title: `The suggestion was not saved: ${problem}.`, body: 'Correct it on the card and send it again.' }) };
}

/** What a suggestion is saved and sent with. */
export interface SuggestionDeps {
  store: Store;
  sender: ProactiveSender;
  log: Logger;
}

async function handleSuggestion(deps: SuggestionDeps, data: Record<string, unknown>, ctx: ChatContext): Promise<CardActionResult> {
  const person = ctx.asker.person;
  if (!person) return { reply: unknownSuggester() };
  const parsed = SuggestionSubmission.safeParse(data);
  if (!parsed.success) return problemReply(parsed.error.issues.map((i) => i.message).join('; '));
  const input = parsed.data;
  const committee = ctx.snapshot.committee(input.committeeId);
  if (!committee) return problemReply(`there is no committee "${input.committeeId.slice(0, 60)}"`);
  const today = londonDate(ctx.now);
  if (input.suggestedDate && input.suggestedDate < today) return problemReply(`the suggested date, ${formatUkDate(input.suggestedDate)}, is in the past`);

  const id = `${committee.id}-wps-${input.formId}`.slice(0, 200);
  const who = ctx.asker.person?.name ?? ctx.asker.displayName;
  const item = WorkProgrammeItem.parse({
    id,
    committeeId: committee.id,
    topic: input.topic,
    status: 'for-consideration',
    ...(input.reason ? { background: input.reason } : {}),
    ...(input.suggestedDate ? { targetTimingRaw: `Suggested for ${formatUkDate(input.suggestedDate)}` } : {}),
    suggestedBy: person.id,
    suggestedAt: ctx.now.toISOString(),
    notes: [`Suggested in Teams by ${who}.`],
    source: { document: SUGGESTED_IN_TEAMS, note: `form ${input.formId}` },
  });
  const since = new Date(ctx.now.getTime() - DAY_MS).toISOString();
  const stored = await deps.store.transact('suggest-work-programme-item', (tx) => {
    const existing = tx.get('workProgrammeItems', id);
    // Someone else's form id (a replayed card) is not theirs to see or resend.
    if (existing) return existing.suggestedBy === person.id ? ({ kind: 'duplicate', item: existing } as const) : ({ kind: 'foreign' } as const);
    const recent = tx.list('workProgrammeItems').filter((w) => w.suggestedBy === person.id && w.source?.document === SUGGESTED_IN_TEAMS && (w.suggestedAt ?? '') > since);
    if (recent.length >= SUGGESTIONS_PER_DAY) return { kind: 'limited', oldest: recent.map((w) => w.suggestedAt!).sort()[0]! } as const;
    tx.put('workProgrammeItems', item);
    tx.put('audit', auditEntry(ctx, { id: `audit-${item.id}`, command: 'suggest-work-programme-item', entity: 'workProgrammeItem', entityId: item.id, after: item }));
    return { kind: 'stored', item } as const;
  });
  if (stored.kind === 'foreign') return problemReply('this card was already used by someone else; ask me for a fresh one ("suggest an item for the work programme")');
  if (stored.kind === 'limited') {
    const again = new Date(new Date(stored.oldest).getTime() + DAY_MS).toISOString();
    return {
      reply: messageReply({
        title: `Not sent: you have made ${SUGGESTIONS_PER_DAY} work-programme suggestions in the last 24 hours, the most one person can make in a day.`,
        body: `You can suggest another from ${formatUkInstant(again)}. What you filled in is still on the card.`,
      }),
    };
  }
  if (stored.kind === 'duplicate') {
    return { reply: messageReply({ title: 'This suggestion was already sent.', body: `"${stored.item.topic}" is stored as an item for consideration; nothing was added twice.` }) };
  }

  const delivery = await notifySupportOfficers(deps, ctx, committee, stored.item);
  const confirmation = messageReply({
    title: `Thank you: "${stored.item.topic}" is saved as an item for consideration for the ${committee.name}.`,
    lines: [
      input.reason ? `Why: ${input.reason}` : undefined,
      input.suggestedDate ? `Suggested date: ${formatUkDate(input.suggestedDate)}` : undefined,
      `Suggested by ${who} on ${formatUkInstant(ctx.now.toISOString())}`,
    ].filter(Boolean) as string[],
    notes: [delivery],
    choices: [{ title: 'Items for consideration', ask: 'items for consideration' }],
  });
  return { updatedCard: confirmation };
}

/** Sends the suggestion to every support officer; returns the sentence that tells the suggester what happened. */
async function notifySupportOfficers(deps: SuggestionDeps, ctx: ChatContext, committee: Committee, item: WorkProgrammeItem): Promise<string> {
  const officers = committee.supportOfficers.map((s) => s.personId);
  const officerNames = officers.map((id) => personName(ctx.snapshot, id));
  if (!officers.length) return `No support officer is recorded for the ${committee.name}, so nobody was notified; democratic services will see it under "items for consideration".`;
  const proactive = deps.sender;
  const who = ctx.asker.person?.name ?? ctx.asker.displayName;
  const notice = messageReply({
    title: `New work-programme suggestion for the ${committee.name}`,
    body: item.topic,
    lines: [
      item.background ? `Why: ${item.background}` : undefined,
      item.targetTimingRaw,
      `Suggested by ${who} on ${formatUkInstant(item.suggestedAt!)}`,
    ].filter(Boolean) as string[],
    notes: ['Stored as an item for consideration. Bring it to the Chair and Vice-Chairs when the work programme is next reviewed.'],
    choices: [{ title: 'Items for consideration', ask: 'items for consideration' }],
  });
  let report: SendReport | undefined;
  try {
    report = await proactive.send(
      `wp-suggestion:${item.id}`,
      officers.map((personId) => ({ key: `wp-suggestion:${item.id}:${personId}`, recipient: { kind: 'person', personId }, reply: notice })),
    );
  } catch (error) {
    deps.log.warn({ err: (error as Error).message, item: item.id }, 'work-programme suggestion could not be sent');
  }
  const reached = (report?.outcomes ?? []).filter((o) => o.status === 'sent' || o.status === 'already-sent').map((o) => (o.recipient.kind === 'person' ? personName(ctx.snapshot, o.recipient.personId) : ''));
  const missed = officerNames.filter((name) => !reached.includes(name));
  if (!reached.length) return `I couldn't reach ${officerNames.join(' or ')} in Teams, but the suggestion is saved and listed under "items for consideration". You may want to let them know.`;
  return `Sent to ${reached.join(' and ')}${missed.length ? `; I couldn't reach ${missed.join(' or ')} in Teams` : ''}.`;
}

export function suggestionCardActions(deps: SuggestionDeps): CardActionHandler[] {
  return [{ verb: SUGGEST_VERB, handle: (data, ctx) => handleSuggestion(deps, data, ctx) }];
}

export const suggestionIntents: IntentDefinition[] = [
  {
    name: 'suggest-work-programme-item',
    examples: ['suggest an item for the work programme'],
    match: (text) => {
      const m = /^(?:i(?:'d| would) like to |can i |how do i |i want to )?(?:suggest|propose|raise|add)(?: an?| new)? (?:item|topic|issue)s?(?: (?:for|to|on) (?:the )?(?:[a-z ]+ )?work ?programme)?(?:\s*[:\-]\s*(.+))?$/i.exec(text);
      return m ? { topic: m[1] } : null;
    },
    answer: (s, ctx, text = '') => suggestReply(ctx, text, s.topic),
  },
];
