/**
 * Contracts of the chat kernel. Each feature brings IntentDefinitions; the router tries them in
 * order. Answers return Replies (view models), never Bot Framework objects, so they can be tested
 * without Teams. A ChatContext is read-only: it carries what a question needs to be answered (the
 * snapshot, the clock's reading, who is asking, where); writes go through a feature's own commands,
 * which the feature received as typed dependencies when it was built.
 */
import type { Person } from '../domain/model.js';
import type { Role } from '../domain/roles.js';
import type { Snapshot } from '../domain/snapshot.js';

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

/** Roles, including per-plan admin markers (see src/domain/roles.ts). */
export type AskerRole = Role;

export interface Asker {
  /** The linked Person, when the Teams user is known. */
  person?: Person;
  displayName: string;
  aadObjectId?: string;
  email?: string;
  /** AAD groups (among those named in role grants) the user belongs to, from the directory. */
  aadGroupIds?: readonly string[];
  roles: ReadonlySet<AskerRole>;
}

export interface ChatContext {
  snapshot: Snapshot;
  now: Date;
  asker: Asker;
  conversation: { kind: ConversationKind; id?: string };
  /** The Teams activity id (or invoke id): the idempotency key for writes. */
  activityId?: string;
  /** Page of a paged list (1-based), from a "show more" button. */
  page: number;
}

/**
 * The data each card template in cards/ is expanded with, by template name. Empty here, so the
 * kernel knows no feature: the module that builds a template declares its data interface beside the
 * builder and adds it to this map,
 *   declare module '../../chat/types.js' { interface CardTemplates { 'update-form': UpdateFormCardData } }
 * and builds the card with `cardReply` (chat/reply.ts), so a renamed field fails the type check.
 * tests/unit/card-templates.test.ts checks that every `${...}` binding of a template is a field of
 * its interface, and that every template has one.
 */
export interface CardTemplates {}

export type CardTemplateName = keyof CardTemplates;

/** A card to render: a template in cards/ and the data bound into it (user text only as data). */
export interface CardReply {
  template: string;
  data: Record<string, unknown>;
}

export interface Reply {
  /** Plain text: the whole answer for previews, screen readers and non-card clients. */
  text: string;
  card?: CardReply;
  /** A file to attach (exports). */
  file?: { name: string; contentType: string; content: Buffer };
  /**
   * A read-back card waiting for an answer: typing "yes" presses `confirm`, "no" presses `cancel`,
   * exactly as the card's buttons would.
   */
  awaiting?: {
    confirm: { verb: string; data: Record<string, unknown> };
    cancel: { verb: string; data: Record<string, unknown> };
    /** "your update to Pub is the Hub" */
    about: string;
  };
}

export type IntentSlots = Record<string, string | undefined>;

export interface IntentDefinition {
  name: string;
  /** Returns slots when this intent matches the normalised text, else null. Must be cheap. */
  match(text: string): IntentSlots | null;
  /** Example phrases: shown in help and used in tests. */
  examples: readonly string[];
  /** `text` is the normalised question, for answers that read more than their slots. */
  answer(slots: IntentSlots, ctx: ChatContext, text: string): Reply | Promise<Reply>;
}

/** A button that asks the bot a question as if the user had typed it. */
export interface AskChoice {
  title: string;
  ask: string;
}

/** Tried when no intent understood the text: answers it (a bare action title, say) or passes with null. */
export interface FallbackDefinition {
  /** The intent name logged when it answers. */
  name: string;
  answer(ctx: ChatContext, text: string): Reply | null;
}
