/**
 * The welcome message on install (a BotHooks.onInstall). Teams announces a personal install twice
 * (installationUpdate and conversationUpdate) and a team install twice too, and may redeliver
 * either, so each conversation is welcomed once per install: the first delivery claims the
 * conversation in the store (a transaction, so two deliveries racing cannot both win), and an
 * uninstall releases it so a reinstall is welcomed again. App upgrades are not welcomed.
 */
import type { TurnContext } from 'botbuilder';
import type { App, FeatureModule } from '../../app.js';
import { channelWelcome, personalWelcome } from './welcome-messages.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import type { Store } from '../../store/store.js';
import { DEFAULT_APP_NAME } from '../../teams/app-package.js';
import type { BotHooks } from '../../teams/bot.js';

/** Extension collection: one record per welcomed conversation ({ id: conversation id, at, kind }). */
export const WELCOMES = 'welcomes';

export function welcomeFeature(): FeatureModule {
  let store: Store | undefined;
  const hooks: BotHooks = {
    async onInstall(context: TurnContext, ctx: ChatContext): Promise<Reply | undefined> {
      const activity = context.activity;
      if (activity.type === 'installationUpdate' && activity.action === 'add-upgrade') return undefined;
      const conversationId = ctx.conversation.id;
      if (!conversationId) return undefined;
      const claimed = await ctx.services.store.transact('welcome', (tx) => {
        if (tx.extGet(WELCOMES, conversationId)) return false;
        tx.extPut(WELCOMES, { id: conversationId, at: ctx.now.toISOString(), kind: ctx.conversation.kind });
        return true;
      });
      if (!claimed) return undefined;
      const botName = activity.recipient?.name?.trim() || DEFAULT_APP_NAME;
      return ctx.conversation.kind === 'personal' ? personalWelcome(ctx, botName) : channelWelcome(ctx, botName);
    },
    async onUninstall(context: TurnContext): Promise<void> {
      const conversationId = context.activity.conversation?.id;
      if (!store || !conversationId) return;
      const snapshot = await store.snapshot();
      if (!snapshot.ext<{ id: string }>(WELCOMES).some((w) => w.id === conversationId)) return;
      await store.transact('welcome-release', (tx) => tx.extDelete(WELCOMES, conversationId));
    },
  };
  return {
    name: 'welcome',
    hooks: [hooks],
    async start(app: App) {
      store = app.store;
    },
  };
}
