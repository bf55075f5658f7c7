/**
 * The bot's understanding and answers without Teams or a network: the features built over a store
 * (usually a MemoryStore of the demo data), with the directory off and a sender that reports every
 * message as unreachable. Used by the command-line `ask` tool, benchmarks and answer tests, so they
 * route questions exactly as the running bot does.
 */
import type { ChatRouter } from './chat/router.js';
import type { Clock } from './clock.js';
import { loadConfig, type Config } from './config.js';
import { OffDirectory, type Directory } from './directory/directory.js';
import type { Services } from './feature.js';
import { chatRouterFor, createFeatures, type FeatureOptions } from './features/index.js';
import { silentLogger, type Logger } from './log.js';
import type { ProactiveSender } from './outbound/types.js';
import { UnavailableSender } from './outbound/unavailable-sender.js';
import type { Store } from './store/store.js';

export interface OfflineOptions {
  clock?: Clock;
  config?: Config;
  log?: Logger;
  directory?: Directory;
  sender?: ProactiveSender;
  features?: FeatureOptions;
}

export function offlineServices(store: Store, options: OfflineOptions = {}): Services {
  return {
    store,
    clock: options.clock ?? (() => new Date()),
    log: options.log ?? silentLogger(),
    config: options.config ?? loadConfig({ DEMO_DATA: 'false', LOG_LEVEL: 'silent', SCHEDULER_ENABLED: 'false' }),
    directory: options.directory ?? new OffDirectory(),
    sender: options.sender ?? new UnavailableSender(),
  };
}

export function offlineRouter(store: Store, options: OfflineOptions = {}): ChatRouter {
  return chatRouterFor(createFeatures(offlineServices(store, options), options.features));
}
