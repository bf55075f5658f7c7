/**
 * Wires proactive messaging into the app: the conversation-reference capture hook, and the one
 * sender every feature finds at app.features[PROACTIVE_FEATURE].
 */
import { MessageFactory } from 'botbuilder';
import type { App, FeatureModule } from '../app.js';
import type { Reply } from '../chat/types.js';
import { createLogger } from '../log.js';
import { BotConnectorTransport, type ConnectorTransport, type OutgoingActivity } from './connector-transport.js';
import { ConversationRefCapture } from './conversation-refs.js';
import { IdentityService } from '../teams/identity.js';
import { ThrottledProactiveSender, type ProactiveSenderOptions } from './proactive-sender.js';
import { PROACTIVE_FEATURE } from './types.js';
import type { TimeSource } from './throttle.js';

export interface ProactiveFeatureOptions {
  /** Tests and benchmarks: fake time, a different transport, smaller limits. */
  time?: TimeSource;
  transport?: (app: App) => ConnectorTransport;
  overrides?: Partial<Pick<ProactiveSenderOptions, 'maxAttempts' | 'maxInFlight' | 'backoff' | 'random' | 'maxRetryAfterMs' | 'limits'>>;
}

export function proactiveFeature(options: ProactiveFeatureOptions = {}): FeatureModule {
  const capture = new ConversationRefCapture();
  return {
    name: PROACTIVE_FEATURE,
    hooks: [capture],
    async start(app) {
      const log = createLogger(app.config.LOG_LEVEL).child({ feature: PROACTIVE_FEATURE });
      capture.attach({ store: app.store, identity: new IdentityService(app.store, app.config.ADMIN_EMAILS, log, app.clock), clock: app.clock, log });
      const sender = new ThrottledProactiveSender({
        store: app.store,
        transport: options.transport?.(app) ?? new BotConnectorTransport(app.server.adapter, app.config.MicrosoftAppId),
        render: (reply) => renderActivity(app, reply, log),
        clock: app.clock,
        time: options.time,
        limits: {
          perConversationPerSecond: app.config.SEND_PER_CONVERSATION_PER_SECOND,
          perConversationPerHour: 1800,
          perTenantPerSecond: app.config.SEND_PER_TENANT_PER_SECOND,
        },
        log,
        ...options.overrides,
      });
      app.features[PROACTIVE_FEATURE] = sender;
      return async () => {
        await sender.close();
        delete app.features[PROACTIVE_FEATURE];
      };
    },
  };
}

/** The same card (with text fallback) the bot would send in a turn. */
function renderActivity(app: App, reply: Reply, log: { warn(obj: object, msg: string): void }): OutgoingActivity {
  if (reply.card) {
    try {
      return { ...(app.bot.cardActivity(reply) as Record<string, unknown>), type: 'message' };
    } catch (error) {
      log.warn({ err: (error as Error).message, template: reply.card.template }, 'card could not be built; sending text');
    }
  }
  return { ...(MessageFactory.text(reply.text) as Record<string, unknown>), type: 'message' };
}
