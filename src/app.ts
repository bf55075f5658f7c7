/**
 * Builds the whole bot from a configuration: store, demo data, identity, chat router, Teams bot,
 * HTTP server. index.ts (the process) and the end-to-end tests both use this, so tests exercise
 * exactly what runs in production, with only the clock and the outside world replaced.
 */
import { readFileSync } from 'node:fs';
import { allIntents } from './chat/intents.js';
import { ChatRouter } from './chat/router.js';
import { fixedClock, systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { createDirectory } from './directory/create.js';
import { directoryOf } from './directory/directory.js';
import type { Logger } from './log.js';
import { projectPath } from './paths.js';
import { startServer, type RunningServer, type ServerOptions } from './server.js';
import { loadDemoIfEmpty } from './store/demo.js';
import { LowdbStore, type LowdbStoreOptions } from './store/lowdb-store.js';
import type { Store } from './store/store.js';
import { CouncilBot, type BotHooks, type CardActionHandler } from './teams/bot.js';
import { IdentityService } from './teams/identity.js';

export interface App {
  config: Config;
  store: Store;
  bot: CouncilBot;
  server: RunningServer;
  clock: Clock;
  features: Record<string, unknown>;
  demoLoaded: boolean;
  /** Stops the server (finishing in-flight turns), stops jobs, flushes and closes the store. */
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  extraRoutes?: ServerOptions['extraRoutes'];
  /** The embedded store's lock settings and file system (tests inject failures there). */
  store?: Omit<LowdbStoreOptions, 'log'>;
}

/** A feature plugs in here: card actions, hooks and background jobs. */
export interface FeatureModule {
  name: string;
  cardActions?: CardActionHandler[];
  hooks?: BotHooks[];
  /** Starts background work (schedulers); returns a stop function. */
  start?(app: App): Promise<(() => Promise<void>) | void>;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
}

export async function createApp(options: AppOptions, modules: FeatureModule[] = []): Promise<App> {
  const { config, log } = options;
  const clock = options.clock ?? (config.FIXED_NOW ? fixedClock(config.FIXED_NOW) : systemClock);
  const store = await LowdbStore.open(config.DATA_DIR, { ...options.store, log });
  let demoLoaded = false;
  try {
    if (config.DEMO_DATA) demoLoaded = await loadDemoIfEmpty(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  // The directory (Microsoft Graph, or off) is a feature service: answers find it in features.directory.
  const features: Record<string, unknown> = { config, clock, directory: createDirectory(config, log) };
  const router = new ChatRouter(allIntents());
  const identity = new IdentityService(store, config.ADMIN_EMAILS, log, clock, (id, groups) => directoryOf(features).memberGroups(id, groups));
  const bot = new CouncilBot({
    store,
    router,
    identity,
    clock,
    log,
    features,
    cardActions: modules.flatMap((m) => m.cardActions ?? []),
    hooks: modules.flatMap((m) => m.hooks ?? []),
    typingDelayMs: config.TYPING_DELAY_MS,
  });
  let server: RunningServer;
  try {
    server = await startServer({ config, log, store, bot, version: packageVersion(), extraRoutes: options.extraRoutes });
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
    features,
    demoLoaded,
    async stop() {
      await server.stop();
      for (const stop of stops.reverse()) await stop();
      await store.close();
    },
  };
  for (const module of modules) {
    const stop = await module.start?.(app);
    if (stop) stops.push(stop);
  }
  return app;
}
