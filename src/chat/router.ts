/**
 * Routes a question to the first intent that understands it. Never silent: anything not
 * understood gets a reply that says so, suggests close phrasings and offers help.
 */
import { MAX_MESSAGE_CHARS, matchingText, normaliseText } from './normalise.js';
import { messageReply } from './reply.js';
import type { ChatContext, FallbackDefinition, IntentDefinition, Reply } from './types.js';

const MORE = /^(show more|more|next|next page|show me more|continue)$/i;
const REMEMBERED_CONVERSATIONS = 2000;

export class ChatRouter {
  /** Per conversation, the next page of the last paged list: typing "show more" continues it. */
  private readonly nextPages = new Map<string, { ask: string; page: number }>();

  constructor(
    readonly intents: readonly IntentDefinition[],
    /** Tried in order when no intent understood the text (a bare action title, say). */
    private readonly fallbacks: readonly FallbackDefinition[] = [],
  ) {}

  /** Which intent (if any) understands this text: for tests and logs. */
  classify(rawText: string): string | undefined {
    const text = matchingText(normaliseText(rawText));
    return this.intents.find((i) => i.match(text) !== null)?.name;
  }

  async reply(rawText: string, ctx: ChatContext): Promise<{ intent: string; reply: Reply }> {
    if (rawText.length > MAX_MESSAGE_CHARS) {
      return {
        intent: 'too-long',
        reply: messageReply({
          title: `That message is too long for me (${rawText.length.toLocaleString('en-GB')} characters).`,
          body: `Please keep messages under ${MAX_MESSAGE_CHARS.toLocaleString('en-GB')} characters. Nothing was saved. For long commentary, use the update form ("update <action>").`,
        }),
      };
    }
    const normalised = normaliseText(rawText);
    const text = matchingText(normalised);
    if (!text) {
      return { intent: 'empty', reply: messageReply({ title: "I didn't catch a question.", body: 'Type a question, or "help" to see examples.' }) };
    }
    const conversationId = ctx.conversation.id ?? '';
    if (MORE.test(text)) {
      const next = this.nextPages.get(conversationId);
      if (!next) return { intent: 'more', reply: messageReply({ title: 'There is nothing more to show.', body: 'Ask a question first, for example "what has slipped?".' }) };
      return this.reply(next.ask, { ...ctx, page: next.page });
    }
    for (const intent of this.intents) {
      const slots = intent.match(text);
      if (slots) {
        const reply = await intent.answer(slots, ctx, text);
        this.rememberNextPage(conversationId, reply);
        return { intent: intent.name, reply };
      }
    }
    for (const fallback of this.fallbacks) {
      const reply = fallback.answer(ctx, text);
      if (reply) return { intent: fallback.name, reply };
    }
    return { intent: 'not-understood', reply: this.notUnderstood(text) };
  }

  private rememberNextPage(conversationId: string, reply: Reply): void {
    const buttons = (reply.card?.data.buttons ?? []) as Array<{ ask?: string; page?: number }>;
    const more = buttons.find((b) => typeof b.page === 'number' && b.page > 1 && b.ask);
    this.nextPages.delete(conversationId);
    if (!more) return;
    this.nextPages.set(conversationId, { ask: more.ask!, page: more.page! });
    if (this.nextPages.size > REMEMBERED_CONVERSATIONS) this.nextPages.delete(this.nextPages.keys().next().value as string);
  }

  private notUnderstood(text: string): Reply {
    const words = new Set(text.toLowerCase().split(/\W+/).filter((w) => w.length > 3));
    const scored = this.intents
      .flatMap((i) => i.examples.map((e) => ({ e, score: e.toLowerCase().split(/\W+/).filter((w) => words.has(w)).length })))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .map((x) => x.e);
    return messageReply({
      title: `Sorry, I didn't understand "${text.length > 80 ? `${text.slice(0, 77)}...` : text}".`,
      body: scored.length ? 'Did you mean one of these?' : 'Say "help" to see what I can answer.',
      choices: [...scored.map((e) => ({ title: e, ask: e })), { title: 'Help', ask: 'help' }],
    });
  }
}
