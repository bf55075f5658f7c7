/**
 * A Reply (the chat kernel's view model) as a Bot Framework activity: an Adaptive Card with the
 * plain text as its fallback and notification summary, or plain text. Used for turn replies and,
 * through the outbound sender's `render`, for proactive messages, so both look the same.
 */
import { CardFactory, MessageFactory, type Activity, type Attachment } from 'botbuilder';
import { renderCard } from '../cards/render.js';
import type { Reply } from '../chat/types.js';

export function replyCard(reply: Reply): Record<string, unknown> {
  if (!reply.card) return renderCard('message', { body: reply.text, lines: [], notes: [], choices: [] });
  const card = renderCard(reply.card.template, reply.card.data);
  return { ...card, fallbackText: reply.text.slice(0, 4000) };
}

export function replyAttachment(reply: Reply): Attachment {
  return CardFactory.adaptiveCard(replyCard(reply));
}

/** The card activity for a reply; throws when the card cannot be built (the caller falls back to text). */
export function cardActivity(reply: Reply): Partial<Activity> {
  const activity = MessageFactory.attachment(replyAttachment(reply));
  activity.summary = reply.text.split('\n')[0]!.slice(0, 200);
  return activity;
}

/**
 * Plain text, marked as such: Teams renders a message's text as Markdown by default, and a reply's
 * text carries what people typed (cards escape it instead: cards/markdown.ts).
 */
export function textActivity(reply: Reply): Partial<Activity> {
  return { ...MessageFactory.text(reply.text), textFormat: 'plain' };
}
