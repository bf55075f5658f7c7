/**
 * The contract of a card button's handler. A feature registers handlers by verb; the Teams shell
 * routes both Action.Execute (invoke `adaptiveCard/action`) and Action.Submit (a message carrying
 * `value.verb`) to the same handler, so a card works on every Teams client.
 */
import type { ChatContext, Reply } from './types.js';

export interface CardActionResult {
  /** Sent as a new message. */
  reply?: Reply;
  /** Replaces the card the user acted on (in place). */
  updatedCard?: Reply;
}

export interface CardActionHandler {
  verb: string;
  handle(data: Record<string, unknown>, ctx: ChatContext, via: 'execute' | 'submit'): Promise<CardActionResult>;
}
