/**
 * Builders for the common reply shapes, so every answer has a card *and* a plain-text version
 * (previews, screen readers, clients without cards).
 */
import type { AskChoice, CardReply, CardTemplateName, CardTemplates, Reply } from './types.js';

export const PAGE_SIZE = 10;

/** A card of one of the templates in cards/, with the data its interface describes. */
export function cardReply<T extends CardTemplateName>(template: T, data: CardTemplates[T]): CardReply {
  return { template, data: data as unknown as Record<string, unknown> };
}

/** One row of a fact set: "Status: On track". */
export interface CardFact {
  title: string;
  value: string;
}

/** cards/message.json */
export interface MessageCardData {
  title?: string;
  body?: string;
  lines: string[];
  notes: string[];
  choices: AskChoice[];
  speak: string;
}

/** A button of a paged list: the question, and the page of its answer to show. */
export type PagedChoice = AskChoice & { page: number };

/** cards/action-list.json */
export interface ActionListCardData {
  title: string;
  subtitle?: string;
  /** Shown only when the list is empty. */
  emptyText?: string;
  groups: ListGroup[];
  notes: string[];
  buttons: PagedChoice[];
  speak: string;
}

declare module './types.js' {
  interface CardTemplates {
    message: MessageCardData;
    'action-list': ActionListCardData;
  }
}

export interface MessageContent {
  title?: string;
  body?: string;
  lines?: string[];
  notes?: string[];
  choices?: AskChoice[];
}

export function messageReply(content: MessageContent): Reply {
  const text = [content.title, content.body, ...(content.lines ?? []), ...(content.notes ?? [])]
    .filter(Boolean)
    .join('\n');
  const choicesText = content.choices?.length ? `\nChoose: ${content.choices.map((c) => c.title).join(' | ')}` : '';
  return {
    text: text + choicesText,
    card: cardReply('message', {
      title: content.title,
      body: content.body,
      lines: content.lines ?? [],
      notes: content.notes ?? [],
      choices: content.choices ?? [],
      speak: content.title ?? content.body ?? '',
    }),
  };
}

export interface ListItem {
  heading: string;
  lines: string[];
  /** What the bot is asked when the item is selected ("status of derby-cip-2.2"). */
  ask: string;
}

export interface ListGroup {
  heading?: string;
  explanation?: string;
  color?: 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';
  items: ListItem[];
}

export interface ListContent {
  title: string;
  subtitle?: string;
  groups: ListGroup[];
  notes?: string[];
  emptyText: string;
  /** The question that produced the list, re-asked with the next page by "Show more". */
  ask: string;
  page: number;
  extraButtons?: AskChoice[];
}

/** A paged list: items beyond the page size are reached with a "Show more" button. */
export function listReply(content: ListContent): Reply {
  const all = content.groups.flatMap((g) => g.items.map((item) => ({ group: g, item })));
  const start = (content.page - 1) * PAGE_SIZE;
  const pageItems = all.slice(start, start + PAGE_SIZE);
  const groups: ListGroup[] = [];
  for (const { group, item } of pageItems) {
    let target = groups.find((g) => g.heading === group.heading && g.explanation === group.explanation);
    if (!target) {
      target = { heading: group.heading, explanation: group.explanation, color: group.color ?? 'Default', items: [] };
      groups.push(target);
    }
    target.items.push(item);
  }
  const remaining = all.length - (start + pageItems.length);
  const buttons: PagedChoice[] = [];
  if (remaining > 0) {
    buttons.push({ title: `Show more (${remaining} more)`, ask: content.ask, page: content.page + 1 });
  }
  for (const extra of content.extraButtons ?? []) buttons.push({ ...extra, page: 1 });
  const counter = all.length > PAGE_SIZE ? ` (${start + 1}-${start + pageItems.length} of ${all.length})` : '';
  const textLines = [
    content.title + counter,
    content.subtitle,
    ...groups.flatMap((g) => [g.heading ? `${g.heading}:` : undefined, ...g.items.map((i) => `- ${i.heading}${i.lines.length ? ` (${i.lines.join('; ')})` : ''}`)]),
    all.length === 0 ? content.emptyText : undefined,
    remaining > 0 ? `${remaining} more: say "show more" or use the button.` : undefined,
    ...(content.notes ?? []),
  ].filter(Boolean);
  return {
    text: textLines.join('\n'),
    card: cardReply('action-list', {
      title: content.title + counter,
      subtitle: content.subtitle,
      emptyText: all.length === 0 ? content.emptyText : undefined,
      groups,
      notes: content.notes ?? [],
      buttons,
      speak: content.title,
    }),
  };
}

/** The admin commands' words for a record changed by someone else between reading and writing it. */
const CHANGED_MEANWHILE: MessageContent = { title: 'Someone changed this at the same moment.', body: 'Nothing was saved. Please send the command again.' };

/** Why a command saved nothing: its input did not validate, someone changed the record meanwhile, or the store failed. */
export type NotSaved = { kind: 'invalid'; problems: readonly string[] } | { kind: 'changed-meanwhile' } | { kind: 'not-saved' };

/**
 * A command that saved nothing, said plainly and never as a crash: a card or button changed after
 * the bot made it (`invalid`), someone changed the record at the same moment (`changedMeanwhile`
 * gives the words for that), or the store could not save it.
 */
export function notSavedReply(failure: NotSaved, changedMeanwhile: MessageContent = CHANGED_MEANWHILE): Reply {
  if (failure.kind === 'invalid') return messageReply({ title: 'That could not be done: nothing was changed.', lines: [...failure.problems], body: 'Ask again for a fresh card or command.' });
  if (failure.kind === 'changed-meanwhile') return messageReply(changedMeanwhile);
  return messageReply({
    title: 'Nothing was saved: I could not write it down just now.',
    body: 'Please try again in a moment. If it keeps happening, tell whoever runs this bot for your council; the bot\'s log says what went wrong.',
  });
}
