/**
 * "Suggest an item for the work programme" (domain.md §4 C item 29): a card collects the topic,
 * the reason and a suggested date; the suggestion is stored as an item for consideration and sent
 * to the committee's support officers through the one proactive sender. If none of them can be
 * reached in Teams, the suggester is told and the item is kept.
 *
 * The card carries a form id, so a double-click or a Teams retry stores the suggestion once. The
 * write and the sending are suggestWorkProgrammeItem (commands.ts), which also keeps suggestions to
 * people the bot knows and at most SUGGESTIONS_PER_DAY a day; this module makes the card and words
 * the outcome.
 */
import { randomUUID } from 'node:crypto';
import type { Committee } from '../../domain/model.js';
import { formatUkDate, formatUkInstant } from '../../domain/uk-format.js';
import type { CardActionHandler, CardActionResult } from '../../chat/card-actions.js';
import { committeesInScope } from './committee-scope.js';
import { cardReply, messageReply, notSavedReply } from '../../chat/reply.js';
import type { ChatContext, IntentDefinition, Reply } from '../../chat/types.js';
import { SUGGESTIONS_PER_DAY, suggestWorkProgrammeItem, type SuggestionDelivery, type SuggestionDeps } from './commands.js';

export { SUGGESTIONS_PER_DAY } from './commands.js';

export type { SuggestionDeps } from './commands.js';

export const SUGGEST_VERB = 'wp.suggest';

function unknownSuggester(): Reply {
  return messageReply({
    title: 'Only people this bot knows can suggest work-programme items. Nothing was sent.',
    body: "Your Teams account is not linked to anyone in the council's records. Democratic services can link it (\"<your name> is <your email>\"); until then, please send your suggestion to the committee's support officer directly.",
  });
}

/** cards/work-programme-suggestion.json */
export interface WorkProgrammeSuggestionCardData {
  title: string;
  intro: string;
  committees: { id: string; name: string }[];
  /** The committee chosen to begin with; empty when there is a choice to make. */
  committeeId: string;
  topic: string;
  /** Identifies this card: a double submit stores the suggestion once. */
  formId: string;
  notes: string[];
  speak: string;
}

declare module '../../chat/types.js' {
  interface CardTemplates {
    'work-programme-suggestion': WorkProgrammeSuggestionCardData;
  }
}

function suggestionCard(ctx: ChatContext, committees: readonly Committee[], topic: string | undefined, notes: string[] = []): Reply {
  const formId = (ctx.activityId ?? randomUUID()).replace(/[^A-Za-z0-9:_-]/g, '').slice(0, 80) || randomUUID();
  const title = 'Suggest an item for the work programme';
  return {
    text: `${title}\nFill in the card: topic, why, and (optionally) a suggested meeting date. It goes to the committee's support officer.`,
    card: cardReply('work-programme-suggestion', {
      title,
      intro: "Your suggestion is stored as an item for consideration and sent to the committee's support officer, who brings it to the Chair and Vice-Chairs.",
      committees: committees.map((c) => ({ id: c.id, name: c.name })),
      committeeId: committees.length === 1 ? committees[0]!.id : '',
      topic: topic ?? '',
      formId,
      notes,
      speak: title,
    }),
  };
}

function suggestReply(ctx: ChatContext, text: string, topic: string | undefined): Reply {
  if (!ctx.asker.person) return unknownSuggester();
  const committees = committeesInScope(ctx, text);
  if (!committees.length) return messageReply({ title: 'There is no committee to suggest an item to yet.' });
  return suggestionCard(ctx, committees, topic?.trim().slice(0, 200));
}

function problemReply(problem: string): CardActionResult {
  return { reply: messageReply({ title: `The suggestion was not saved: ${problem}.`, body: 'Correct it on the card and send it again.' }) };
}

async function handleSuggestion(deps: SuggestionDeps, data: Record<string, unknown>, ctx: ChatContext): Promise<CardActionResult> {
  const outcome = await suggestWorkProgrammeItem(deps, data, ctx);
  switch (outcome.kind) {
    case 'invalid':
      return problemReply(outcome.problems.join('; '));
    case 'unknown-committee':
      return problemReply(`there is no committee "${outcome.committeeId.slice(0, 60)}"`);
    case 'date-in-the-past':
      return problemReply(`the suggested date, ${formatUkDate(outcome.suggestedDate)}, is in the past`);
    case 'unknown-suggester':
      return { reply: unknownSuggester() };
    case 'foreign':
      return problemReply('this card was already used by someone else; ask me for a fresh one ("suggest an item for the work programme")');
    case 'limited':
      return {
        reply: messageReply({
          title: `Not sent: you have made ${SUGGESTIONS_PER_DAY} work-programme suggestions in the last 24 hours, the most one person can make in a day.`,
          body: `You can suggest another from ${formatUkInstant(outcome.allowedAgainAt)}. What you filled in is still on the card.`,
        }),
      };
    case 'already-saved':
      return { reply: messageReply({ title: 'This suggestion was already sent.', body: `"${outcome.item.topic}" is stored as an item for consideration; nothing was added twice.` }) };
    case 'changed-meanwhile':
    case 'not-saved':
      return { reply: notSavedReply(outcome) };
    case 'saved': {
      const { item, committee, command } = outcome;
      const confirmation = messageReply({
        title: `Thank you: "${item.topic}" is saved as an item for consideration for the ${committee.name}.`,
        lines: [
          command.reason ? `Why: ${command.reason}` : undefined,
          command.suggestedDate ? `Suggested date: ${formatUkDate(command.suggestedDate)}` : undefined,
          `Suggested by ${ctx.asker.person?.name ?? ctx.asker.displayName} on ${formatUkInstant(ctx.now.toISOString())}`,
        ].filter(Boolean) as string[],
        notes: [deliverySentence(committee, outcome.delivery)],
        choices: [{ title: 'Items for consideration', ask: 'items for consideration' }],
      });
      return { updatedCard: confirmation };
    }
  }
}

/** What the suggester is told about who was notified. */
function deliverySentence(committee: Committee, delivery: SuggestionDelivery): string {
  const { officers, reached } = delivery;
  if (!officers.length) return `No support officer is recorded for the ${committee.name}, so nobody was notified; democratic services will see it under "items for consideration".`;
  const missed = officers.filter((name) => !reached.includes(name));
  if (!reached.length) return `I couldn't reach ${officers.join(' or ')} in Teams, but the suggestion is saved and listed under "items for consideration". You may want to let them know.`;
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
