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
import type { ChatContext, ConversationKind, Reply } from '../chat/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
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
    if (context.activity.name === 'adaptiveCard/action') {
      const value = (context.activity.value ?? {}) as { action?: { verb?: string; data?: Record<string, unknown> } };
      const verb = value.action?.verb ?? '';
      const data = { ...(value.action?.data ?? {}), verb };
      if (this.isDuplicate(context)) return invokeMessage('Already recorded.');
      const result = await this.runCardAction(context, data, 'execute');
      if (result.updatedCard) {
        if (result.reply) await this.send(context, result.reply);
        return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: replyCard(result.updatedCard) } };
      }
      if (result.reply) await this.send(context, result.reply);
      return invokeMessage(result.reply?.text.split('\n')[0] ?? 'Done.');
    }
    return super.onInvokeActivity(context);
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
        if (result.updatedCard && replyToId) {
          try {
            await context.updateActivity({ id: replyToId, type: ActivityTypes.Message, attachments: [replyAttachment(result.updatedCard)] });
          } catch (error) {
            this.deps.log.warn({ err: (error as Error).message }, 'card update in place failed; sending a new message');
            await this.send(context, result.updatedCard);
          }
        } else if (result.updatedCard) {
          await this.send(context, result.updatedCard);
        }
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
      conversation: { kind: conversationKind(context), id: context.activity.conversation?.id },
      activityId: context.activity.id,
      page,
    };
  }

  /** Sends a reply: an Adaptive Card with the plain text as fallback and notification summary. */
  async send(context: TurnContext, reply: Reply): Promise<void> {
    if (reply.file) {
      await this.sendFile(context, reply);
      return;
    }
    if (reply.card) {
      try {
        await context.sendActivity(cardActivity(reply));
        return;
      } catch (error) {
        this.deps.log.error({ err: (error as Error).message, template: reply.card.template }, 'card could not be sent; sending text');
      }
    }
    await context.sendActivity(textActivity(reply));
  }

  /**
   * A file reaches a user only through Teams' file consent flow, and only in a personal chat: the
   * answer is sent first, then the consent card; accepting uploads the file to their OneDrive.
   * Elsewhere bots cannot attach files, so the answer is sent without it, saying so.
   */
  private async sendFile(context: TurnContext, reply: Reply): Promise<void> {
    const file = reply.file!;
    const withoutFile: Reply = { ...reply, file: undefined };
    if (conversationKind(context) !== 'personal') {
      await this.send(context, { ...withoutFile, text: `${reply.text}\n(Files can only be sent in a personal chat with me.)` });
      return;
    }
    await this.send(context, withoutFile);
    await context.sendActivity({ type: ActivityTypes.Message, attachments: [this.files.offer(file, reply.text.split('\n')[0]!)] });
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
    const id = context.activity.id;
    if (!id) return false;
    const key = `${context.activity.conversation?.id ?? ''}|${id}`;
    return !this.recent.add(key);
  }
}

function conversationKind(context: TurnContext): ConversationKind {
  const type = context.activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat' || context.activity.conversation?.isGroup) return 'groupChat';
  return 'personal';
}

function invokeMessage(text: string): InvokeResponse {
  return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } };
}
