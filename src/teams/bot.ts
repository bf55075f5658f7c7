/**
 * The Teams shell: turns Bot Framework activities into chat questions and card actions, and
 * Replies back into activities. Everything a council cares about happens in features/, chat/ and
 * domain/; this file is the only one that knows botbuilder's turn objects.
 *
 * Teams specifics handled here: the bot @mention is stripped in channels and group chats; a typing
 * indicator is sent; the same activity delivered twice (Teams retries slow turns) is answered once;
 * Action.Execute (Universal Actions) and Action.Submit both reach the same card-action handlers;
 * conversation references are captured from every activity for proactive messages.
 */
import { createHash } from 'node:crypto';
import {
  ActivityTypes,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type FileConsentCardResponse,
  type InvokeResponse,
} from 'botbuilder';
import { z } from 'zod';
import type { CardActionHandler, CardActionResult } from '../chat/card-actions.js';
import type { ActivityHooks } from '../chat/hooks.js';
import type { ChatRouter } from '../chat/router.js';
import { messageReply } from '../chat/reply.js';
import type { ChatContext, Reply } from '../chat/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { isConnectorUnreachable } from './connector-deadline.js';
import { conversationKindOf } from './conversation-kind.js';
import type { ConversationRefCapture } from './conversation-ref-capture.js';
import type { IdentityService } from './identity.js';
import { RecentKeys } from './recent-keys.js';
import { FileConsentFlow } from './file-consent.js';
import { cardActivity, replyAttachment, replyCard, textActivity } from './reply-activity.js';

export interface BotDependencies {
  store: Store;
  router: ChatRouter;
  identity: IdentityService;
  clock: Clock;
  log: Logger;
  cardActions?: readonly CardActionHandler[];
  hooks?: readonly ActivityHooks[];
  /** Stores the conversation reference of every activity, for proactive messages. */
  capture?: ConversationRefCapture;
  /** Show "typing…" only for turns slower than this (0: always, first). */
  typingDelayMs?: number;
}

const CardSubmitData = z.looseObject({
  ask: z.string().max(500).optional(),
  page: z.union([z.number(), z.string()]).optional(),
  verb: z.string().max(100).optional(),
});

/** An Action.Execute invoke's value: the verb and the card's data. */
const CardInvokeValue = z.looseObject({
  action: z.looseObject({
    verb: z.string().max(100),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

const UNREADABLE_CARD = 'That card response could not be read. Nothing was saved. Please try again from a fresh card.';

export class CouncilBot extends TeamsActivityHandler {
  private readonly recent = new RecentKeys(5000);
  private readonly cardActions = new Map<string, CardActionHandler>();
  private readonly files: FileConsentFlow;

  constructor(private readonly deps: BotDependencies) {
    super();
    this.files = new FileConsentFlow(deps.clock, deps.log);
    for (const handler of deps.cardActions ?? []) this.cardActions.set(handler.verb, handler);

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.handleInstall(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.deps.capture?.onUninstall(context);
      for (const hook of this.deps.hooks ?? []) await hook.onUninstall?.(context.activity);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id);
      // Personal installs arrive as both installationUpdate and conversationUpdate; hooks de-duplicate.
      if (botAdded) await this.handleInstall(context);
      await next();
    });
  }

  addCardAction(handler: CardActionHandler): void {
    this.cardActions.set(handler.verb, handler);
  }

  /** Every activity passes here first: its conversation reference is stored for proactive messages. */
  async run(context: TurnContext): Promise<void> {
    try {
      await this.deps.capture?.onActivity(context);
    } catch (error) {
      this.deps.log.warn({ err: (error as Error).message }, 'conversation reference capture failed');
    }
    await super.run(context);
  }

  protected async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') return this.handleCardInvoke(context);
    const response = await super.onInvokeActivity(context);
    // botbuilder answers an invoke nobody handles with 501; it is the request that is wrong, not the server.
    if (response.status === 501) {
      this.deps.log.info({ name: context.activity.name?.slice(0, 100) ?? '(none)' }, 'invoke not handled');
      return { status: 400, body: { error: `this bot does not handle "${(context.activity.name ?? '').slice(0, 100)}" invokes` } };
    }
    return response;
  }

  /**
   * Universal Actions (Action.Execute): the handler's updated card is the invoke's answer. A card
   * that cannot be built (too large: a 160 KB form sent back) is not sent; the person's card stays
   * as it was, with what they typed in it, and the invoke answers with the reply's first line.
   */
  private async handleCardInvoke(context: TurnContext): Promise<InvokeResponse> {
    const parsed = CardInvokeValue.safeParse(context.activity.value);
    if (!parsed.success) return invokeMessage(UNREADABLE_CARD);
    const data = { ...(parsed.data.action.data ?? {}), verb: parsed.data.action.verb };
    if (this.isDuplicate(context)) return invokeMessage('Already recorded.');
    const result = await this.runCardAction(context, data, 'execute');
    let card: Record<string, unknown> | undefined;
    if (result.updatedCard) {
      try {
        card = replyCard(result.updatedCard);
      } catch (error) {
        this.deps.log.warn({ err: (error as Error).message, template: result.updatedCard.card?.template }, 'updated card could not be built; the card is left as it was');
      }
    }
    if (result.reply) {
      try {
        await this.send(context, result.reply);
      } catch (error) {
        // The invoke's own answer does not need the connector: the person still sees the outcome.
        if (!isConnectorUnreachable(error)) throw error;
        this.deps.log.warn({ err: (error as Error).message }, 'the Bot Connector did not answer; the card action is answered in the invoke only');
      }
    }
    if (card) return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
    return invokeMessage((result.reply ?? result.updatedCard)?.text.split('\n')[0] ?? 'Done.');
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    if (this.isDuplicate(context)) {
      this.deps.log.info({ activityId: context.activity.id }, 'duplicate delivery ignored');
      return;
    }
    const stopTyping = this.startTypingIndicator(context);
    try {
      await this.handleMessageTurn(context);
    } finally {
      stopTyping();
    }
  }

  private async handleMessageTurn(context: TurnContext): Promise<void> {
    const value = context.activity.value;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const parsed = CardSubmitData.safeParse(value);
      if (!parsed.success) {
        await this.send(context, messageReply({ title: 'That card response could not be read.', body: 'Nothing was saved. Please try again from a fresh card.' }));
        return;
      }
      if (parsed.data.verb) {
        const result = await this.runCardAction(context, parsed.data, 'submit');
        const replyToId = context.activity.replyToId;
        if (result.updatedCard && replyToId) await this.updateInPlace(context, replyToId, result.updatedCard, Boolean(result.reply));
        else if (result.updatedCard) await this.send(context, result.updatedCard);
        if (result.reply) await this.send(context, result.reply);
        return;
      }
      if (parsed.data.ask) {
        const page = Math.max(1, Math.min(1000, Number(parsed.data.page) || 1));
        await this.answer(context, parsed.data.ask, page);
        return;
      }
    }
    if (await this.runMessageHooks(context)) return;
    const text = TurnContext.removeRecipientMention(context.activity as Partial<Activity>) ?? context.activity.text ?? '';
    await this.answer(context, text, 1);
  }

  /**
   * Replaces the card the person acted on. A card that cannot be built is not sent (their card
   * keeps what they typed; the reply, or the card's text, says what happened); a card update the
   * connector refuses (the message is gone, say) is sent as a new message; a connector that does
   * not answer ends the turn (connector-deadline.ts).
   */
  private async updateInPlace(context: TurnContext, replyToId: string, card: Reply, replyFollows: boolean): Promise<void> {
    let attachment;
    try {
      attachment = replyAttachment(card);
    } catch (error) {
      this.deps.log.warn({ err: (error as Error).message, template: card.card?.template }, 'updated card could not be built; the card is left as it was');
      if (!replyFollows) await context.sendActivity(textActivity(card));
      return;
    }
    try {
      await context.updateActivity({ id: replyToId, type: ActivityTypes.Message, attachments: [attachment] });
    } catch (error) {
      if (isConnectorUnreachable(error)) throw error;
      this.deps.log.warn({ err: (error as Error).message }, 'card update in place failed; sending a new message');
      await this.send(context, card);
    }
  }

  /** True when a hook answered the message. */
  private async runMessageHooks(context: TurnContext): Promise<boolean> {
    const hooks = (this.deps.hooks ?? []).filter((h) => h.onMessage);
    if (hooks.length === 0) return false;
    let ctx: Promise<ChatContext> | undefined;
    const chatContext = () => (ctx ??= this.chatContext(context, 1));
    for (const hook of hooks) {
      const reply = await hook.onMessage!(context.activity, chatContext);
      if (reply) {
        await this.send(context, reply);
        return true;
      }
    }
    return false;
  }

  private async answer(context: TurnContext, text: string, page: number): Promise<void> {
    const started = performance.now();
    const ctx = await this.chatContext(context, page);
    const { intent, replies, cardAction } = await this.deps.router.reply(text, ctx);
    for (const reply of replies) await this.send(context, reply);
    if (cardAction) {
      // A typed "yes" or "no" to a read-back card: exactly what pressing its button does.
      const result = await this.runCardAction(context, { ...cardAction.data, verb: cardAction.verb }, 'submit');
      if (result.updatedCard) await this.send(context, result.updatedCard);
      if (result.reply) await this.send(context, result.reply);
    }
    this.deps.log.info(
      {
        turn: 'message',
        intent,
        conversationType: ctx.conversation.kind,
        known: Boolean(ctx.asker.person),
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      'answered',
    );
  }

  /**
   * "Typing…" is shown when a turn is slow: after `typingDelayMs` without a reply (0: at once).
   * Instant answers skip it, saving a connector call per turn. A reply waits for an indicator
   * already on its way, so the indicator never arrives after the answer; a failed indicator never
   * costs the user their answer.
   */
  private startTypingIndicator(context: TurnContext): () => void {
    let typing: Promise<unknown> | undefined;
    let ended = false;
    const send = () => {
      if (ended) return;
      try {
        typing = context.sendActivity({ type: ActivityTypes.Typing }).catch((error: Error) => {
          this.deps.log.debug({ err: error.message }, 'typing indicator failed');
        });
      } catch {
        // The turn already ended (a card updated in place sends no message): nothing to show.
      }
    };
    const delay = this.deps.typingDelayMs ?? 0;
    const timer = delay > 0 ? setTimeout(send, delay) : undefined;
    if (delay <= 0) send();
    context.onSendActivities(async (_ctx, activities, next) => {
      if (activities.some((a) => a.type !== ActivityTypes.Typing)) {
        if (timer) clearTimeout(timer);
        if (typing) await typing;
      }
      return next();
    });
    context.onUpdateActivity(async (_ctx, _activity, next) => {
      if (timer) clearTimeout(timer);
      return next();
    });
    // Called when the turn ends, whatever it sent: a late timer must never touch a finished turn.
    return () => {
      ended = true;
      if (timer) clearTimeout(timer);
    };
  }

  private async runCardAction(context: TurnContext, data: Record<string, unknown>, via: 'execute' | 'submit'): Promise<CardActionResult> {
    const verb = String(data.verb ?? '');
    const handler = this.cardActions.get(verb);
    if (!handler) {
      return { reply: messageReply({ title: `Unknown card action "${verb.slice(0, 50)}".`, body: 'Nothing was saved. The card may be out of date; ask again for a fresh one.' }) };
    }
    const ctx = await this.chatContext(context, 1);
    const started = performance.now();
    const result = await handler.handle(data, ctx, via);
    this.deps.log.info({ turn: 'card-action', verb, via, durationMs: Math.round(performance.now() - started) }, 'card action');
    return result;
  }

  private async handleInstall(context: TurnContext): Promise<void> {
    const ctx = await this.chatContext(context, 1);
    // Every hook sees the install (one may store the conversation reference); the first reply is sent.
    let replied = false;
    for (const hook of this.deps.hooks ?? []) {
      const reply = await hook.onInstall?.(context.activity, ctx);
      if (reply && !replied) {
        await this.send(context, reply);
        replied = true;
      }
    }
  }

  async chatContext(context: TurnContext, page: number): Promise<ChatContext> {
    const snapshot = await this.deps.store.snapshot();
    const asker = await this.deps.identity.resolve(context, snapshot);
    return {
      snapshot,
      now: this.deps.clock(),
      asker,
      conversation: { kind: conversationKindOf(context.activity.conversation), id: context.activity.conversation?.id },
      activityId: turnKey(context.activity),
      page,
    };
  }

  /** Sends a reply: an Adaptive Card with the plain text as fallback and notification summary. */
  async send(context: TurnContext, reply: Reply): Promise<void> {
    if (reply.file) {
      await this.sendFile(context, reply);
      return;
    }
    if (!reply.card) {
      await context.sendActivity(textActivity(reply));
      return;
    }
    let card: Partial<Activity>;
    try {
      card = cardActivity(reply);
    } catch (error) {
      // The card could not be built (too large, a template fault): the same answer as text.
      this.deps.log.error({ err: (error as Error).message, template: reply.card.template }, 'card could not be built; sending text');
      await context.sendActivity(textActivity(reply));
      return;
    }
    try {
      await context.sendActivity(card);
    } catch (error) {
      // Only a connector that answered and refused this card's content gets the text instead; a
      // connector that did not answer would not answer the text either (that cost a second wait).
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 400 && status !== 413) throw error;
      this.deps.log.error({ err: (error as Error).message, status, template: reply.card.template }, 'the connector refused the card; sending text');
      await context.sendActivity(textActivity(reply));
    }
  }

  /**
   * A file reaches a user only through Teams' file consent flow, and only in a personal chat: the
   * answer is sent first, then the consent card; accepting uploads the file to their OneDrive.
   * Elsewhere bots cannot attach files, so the answer is sent without it, saying so.
   */
  private async sendFile(context: TurnContext, reply: Reply): Promise<void> {
    const file = reply.file!;
    const withoutFile: Reply = { ...reply, file: undefined };
    if (conversationKindOf(context.activity.conversation) !== 'personal') {
      await this.send(context, { ...withoutFile, text: `${reply.text}\n(Files can only be sent in a personal chat with me.)` });
      return;
    }
    await this.send(context, withoutFile);
    await context.sendActivity({ type: ActivityTypes.Message, attachments: [this.files.offer(file, reply.text.split('\n')[0]!)] });
  }

  /** botbuilder reads `value.action` unguarded: a file-consent invoke without an object value is a bad request (400), not a crash. */
  protected async handleTeamsFileConsent(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    if (!response || typeof response !== 'object' || Array.isArray(response)) throw new Error('BadRequest');
    return super.handleTeamsFileConsent(context, response);
  }

  protected async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await this.answerFileConsent(context, response);
  }

  protected async handleTeamsFileConsentDecline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    await this.answerFileConsent(context, response);
  }

  private async answerFileConsent(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const result = await this.files.respond(context, response);
    await context.sendActivity({ type: ActivityTypes.Message, text: result.text, attachments: result.attachment ? [result.attachment] : undefined });
  }

  private isDuplicate(context: TurnContext): boolean {
    const key = turnKey(context.activity);
    return key ? !this.recent.add(key) : false;
  }
}

/**
 * The activity id as features key their writes by it (ChatContext.activityId: idempotency keys,
 * form ids), scoped to the conversation and the sender. Teams redelivers an activity with the same
 * id, conversation and sender, so a redelivery still finds its key; an id replayed from another
 * conversation, or by someone else, is a different key, so it can neither pass as a duplicate nor
 * show the recorded card of the write it was first used for. The scope comes first so that a key
 * cut short (form ids are cut to 80 characters) keeps it.
 */
export function turnKey(activity: Partial<Activity>): string | undefined {
  if (!activity.id) return undefined;
  const scope = createHash('sha256').update(`${activity.conversation?.id ?? ''}\n${activity.from?.id ?? ''}`).digest('base64url').slice(0, 16);
  return `${scope}_${activity.id}`;
}

function invokeMessage(text: string): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } };
}
