/**
 * What the bot remembers of each conversation, so people can talk as they would to a colleague:
 * the entities of the last answer ("and who leads it?", "what about 5.5?"), the kind of question
 * it answered, and a read-back card waiting for "yes" or "no". Bounded (the oldest conversations
 * are forgotten first) and expiring (half an hour of silence and it is gone), on the turn's clock.
 */
import type { Entities } from './frame.js';

/** A card action a typed reply stands for: "yes" presses Save, "no" presses Cancel. */
export interface PendingCardAction {
  verb: string;
  data: Record<string, unknown>;
}

export interface PendingConfirmation {
  confirm: PendingCardAction;
  cancel: PendingCardAction;
  /** "your update to Pub is the Hub": for the reply when the person's answer is unclear. */
  about: string;
  /** Only the person who was asked can answer by typing. */
  personKey: string;
}

export interface Remembered {
  at: number;
  kind?: string;
  entities: Partial<Entities>;
  pending?: PendingConfirmation;
  /** The next page of the last paged list: "show more" continues it. */
  nextPage?: { ask: string; page: number };
}

export const MEMORY_TTL_MS = 30 * 60 * 1000;

export class ConversationMemory {
  private readonly entries = new Map<string, Remembered>();

  constructor(private readonly capacity = 2000) {}

  get(conversationId: string, now: Date): Remembered | undefined {
    const entry = this.entries.get(conversationId);
    if (!entry) return undefined;
    if (now.getTime() - entry.at > MEMORY_TTL_MS) {
      this.entries.delete(conversationId);
      return undefined;
    }
    return entry;
  }

  update(conversationId: string, now: Date, change: (entry: Remembered) => Remembered): void {
    const current = this.get(conversationId, now) ?? { at: now.getTime(), entities: {} };
    this.entries.delete(conversationId);
    this.entries.set(conversationId, { ...change(current), at: now.getTime() });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(conversationId: string): void {
    this.entries.delete(conversationId);
  }

  get size(): number {
    return this.entries.size;
  }
}
