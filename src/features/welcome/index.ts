/**
 * Welcome and help: the welcome message on install, "help" with examples chosen for the asker,
 * and prompts for the command menu's bare titles ("status of", "update").
 *
 * Teams announces a personal install twice (installationUpdate and conversationUpdate) and a team
 * install twice too, and may redeliver either, so each conversation is welcomed once per install:
 * the first delivery claims the conversation in the store (a transaction, so two deliveries racing
 * cannot both win), and an uninstall releases it so a reinstall is welcomed again. App upgrades
 * are not welcomed.
 */
import type { ActivityHooks } from '../../chat/hooks.js';
import type { IntentDefinition } from '../../chat/types.js';
import { DEFAULT_APP_NAME } from '../../config.js';
import type { Feature, Services } from '../../feature.js';
import { commandPromptIntents } from './command-prompts.js';
import { helpIntent } from './help.js';
import { smallTalkQuestion } from './small-talk.js';
import { claimWelcome, releaseWelcome } from './welcome-claims.js';
import { channelWelcome, personalWelcome } from './welcome-messages.js';

export interface WelcomeFeatureDependencies {
  /** Every intent the bot knows, for help's examples (known only once all features are built). */
  allIntents: () => readonly IntentDefinition[];
}

export function welcomeFeature(services: Pick<Services, 'store' | 'config'>, deps: WelcomeFeatureDependencies): Feature {
  const adminEmails = services.config.ADMIN_EMAILS;
  const hooks: ActivityHooks = {
    async onInstall(activity, ctx) {
      if (activity.type === 'installationUpdate' && activity.action === 'add-upgrade') return undefined;
      const conversationId = ctx.conversation.id;
      if (!conversationId) return undefined;
      if (!(await claimWelcome(services.store, conversationId, ctx.conversation.kind, ctx.now))) return undefined;
      const botName = activity.recipient?.name?.trim() || DEFAULT_APP_NAME;
      return ctx.conversation.kind === 'personal' ? personalWelcome(ctx, botName, adminEmails) : channelWelcome(ctx, botName);
    },
    async onUninstall(activity) {
      const conversationId = activity.conversation?.id;
      if (conversationId) await releaseWelcome(services.store, conversationId);
    },
  };
  return {
    name: 'welcome',
    // Help first; bare command-menu titles ("status of", "update") get a prompt before any lookup.
    intents: [helpIntent(deps.allIntents), ...commandPromptIntents],
    questions: [smallTalkQuestion(adminEmails)],
    hooks: [hooks],
  };
}
