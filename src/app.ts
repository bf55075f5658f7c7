/**
 * The composition root: builds the whole bot from a configuration (store, demo data, directory,
 * outbound sender, every feature, the chat router, the Teams bot, the HTTP server) and starts the
 * features' background jobs. index.ts (the process) and the end-to-end tests both use this, so tests
 * exercise exactly what runs in production, with only the clock and the outside world replaced.
 */
import { readFileSync } from 'node:fs';
import { fixedClock, systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { createDirectory } from './directory/create.js';
import type { Directory } from './directory/directory.js';
import type { Services } from './feature.js';
import { chatRouterFor, createFeatures, type FeatureOptions, type Features } from './features/index.js';
import type { Logger } from './log.js';
import { BotConnectorTransport } from './outbound/connector-transport.js';
import { createProactiveSender, type OutboundOverrides, type ThrottledProactiveSender } from './outbound/index.js';
import { projectPath } from './paths.js';
import { loadDemoIfEmpty } from './store/demo.js';
import type { LowdbStoreOptions } from './store/lowdb-store.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { CouncilBot } from './teams/bot.js';
import { ConversationRefCapture } from './teams/conversation-ref-capture.js';
import { IdentityService, MemberEmails } from './teams/identity.js';
import { cardActivity, textActivity } from './teams/reply-activity.js';
import { serviceUrlCheck } from './outbound/service-url-policy.js';
import { createAdapter, startServer, type RunningServer, type ServerOptions, type TeamsConnectionOptions } from './teams/server.js';

export interface App {
  config: Config;
  store: Store;
  bot: CouncilBot;
  server: RunningServer;
  clock: Clock;
  services: Services;
  /** The features with handles (digest, rounds, call-in reminders, ModernGov). */
  features: Features;
  sender: ThrottledProactiveSender;
  demoLoaded: boolean;
  /** Stops the server (finishing in-flight turns), the sender, the jobs; flushes and closes the store. */
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** Replaces Microsoft Graph (tests: a fake directory on loopback). */
  directory?: Directory;
  /** Tests and benchmarks: fake time, another transport, other limits for the proactive sender. */
  outbound?: OutboundOverrides;
  features?: FeatureOptions;
  extraRoutes?: ServerOptions['extraRoutes'];
  /**
   * Monotonic milliseconds for caches and rate limits that must keep moving when FIXED_NOW freezes
   * the business clock (member look-ups, signing keys). Default: performance.now.
   */
  steadyClock?: () => number;
  /** Tests: a fake identity provider and outbound credentials on loopback, for auth-on runs. */
  connection?: Omit<TeamsConnectionOptions, 'steadyClock'>;
  /** The embedded store's lock settings and file system (tests inject failures there). */
  store?: Omit<LowdbStoreOptions, 'log'>;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
}

export async function createApp(options: AppOptions): Promise<App> {
  const { config, log } = options;
  const clock = options.clock ?? (config.FIXED_NOW ? fixedClock(config.FIXED_NOW) : systemClock);
  const store = await openStore(config, log, options.store);
  let demoLoaded = false;
  try {
    if (config.DEMO_DATA) demoLoaded = await loadDemoIfEmpty(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  const directory = options.directory ?? createDirectory(config, log);
  const steadyClock = options.steadyClock ?? (() => performance.now());
  const connection: TeamsConnectionOptions = { ...options.connection, steadyClock };
  const adapter = createAdapter(config, log, connection);
  const sender = createProactiveSender(
    {
      store,
      transport: new BotConnectorTransport(adapter, config.MicrosoftAppId),
      render: (reply) => {
        // The same card (with its text fallback) the bot would send in a turn; plain text stays text.
        if (reply.card) {
          try {
            return { ...(cardActivity(reply) as Record<string, unknown>), type: 'message' };
          } catch (error) {
            log.warn({ err: (error as Error).message, template: reply.card.template }, 'card could not be built; sending text');
          }
        }
        return { ...(textActivity(reply) as Record<string, unknown>), type: 'message' };
      },
      clock,
      log: log.child({ feature: 'proactive' }),
      // Stored references are addresses anyone who could post an activity once may have chosen.
      serviceUrlAllowed: serviceUrlCheck(config.authEnabled ? 'authenticated' : 'local'),
      perConversationPerSecond: config.SEND_PER_CONVERSATION_PER_SECOND,
      perTenantPerSecond: config.SEND_PER_TENANT_PER_SECOND,
    },
    options.outbound,
  );
  const services: Services = { store, clock, log, config, directory, sender };
  const features = createFeatures(services, options.features);
  const router = chatRouterFor(features);
  // One memory of member look-ups for the turn's identity and the capture's: a turn asks the connector once per person.
  const memberEmails = new MemberEmails(log, steadyClock);
  const identity = new IdentityService({ store, adminEmails: config.ADMIN_EMAILS, log, clock, memberEmails, memberGroups: (id, groups) => directory.memberGroups(id, groups) });
  const bot = new CouncilBot({
    store,
    router,
    identity,
    clock,
    log,
    cardActions: features.all.flatMap((f) => f.cardActions ?? []),
    hooks: features.all.flatMap((f) => f.hooks ?? []),
    capture: new ConversationRefCapture({ store, identity: new IdentityService({ store, adminEmails: config.ADMIN_EMAILS, log, clock, memberEmails }), clock, log: log.child({ feature: 'proactive' }) }),
    typingDelayMs: config.TYPING_DELAY_MS,
  });
  let server: RunningServer;
  try {
    server = await startServer({ config, log, store, bot, adapter, connection, version: packageVersion(), extraRoutes: options.extraRoutes });
  } catch (error) {
    await store.close();
    throw error;
  }
  const stops: Array<() => Promise<void>> = [];
  const app: App = {
    config,
    store,
    bot,
    server,
    clock,
    services,
    features,
    sender,
    demoLoaded,
    async stop() {
      await server.stop();
      // The sender first: a digest or round fan-out in progress ends with what it has sent (the send
      // log lets the next run finish it) instead of holding the shutdown for minutes.
      await sender.close();
      for (const stop of stops.reverse()) await stop();
      await store.close();
    },
  };
  for (const feature of features.all) {
    const stop = await feature.start?.();
    if (stop) stops.push(stop);
  }
  return app;
}
