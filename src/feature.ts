/**
 * The Feature contract: what one capability (actions, updates, committees, call-in, digest, rounds,
 * admin, imports, welcome) brings to the bot, and the Services it is built from.
 *
 * A feature is a value built by its folder's `index.ts` from typed Services, never found at run time
 * by a string key. Features depend on each other only where the domain does (call-in on committees,
 * rounds on updates), through the typed faces their folders export.
 */
import type { CardActionHandler } from './chat/card-actions.js';
import type { ActivityHooks } from './chat/hooks.js';
import type { FallbackDefinition, IntentDefinition } from './chat/types.js';
import type { QuestionDefinition } from './chat/understanding/frame.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Directory } from './directory/directory.js';
import type { Logger } from './log.js';
import type { ProactiveSender } from './outbound/types.js';
import type { Store } from './store/store.js';

/** What every feature may be built from. Composition (app.ts) makes exactly one of each. */
export interface Services {
  store: Store;
  clock: Clock;
  log: Logger;
  config: Config;
  /** Microsoft Graph, or the off directory when it is not configured. */
  directory: Directory;
  /** The one throttled, idempotent proactive sender (src/outbound/). */
  sender: ProactiveSender;
}

export interface Feature {
  readonly name: string;
  /** Exact commands (admin, settings, "update 2.2: ..."), tried in order before questions are read. */
  readonly intents?: readonly IntentDefinition[];
  /** The kinds of question it answers, each with the utterances the understanding layer learns from. */
  readonly questions?: readonly QuestionDefinition[];
  /** Tried when no intent of any feature understood the text; null to pass. */
  readonly fallback?: FallbackDefinition;
  readonly cardActions?: readonly CardActionHandler[];
  readonly hooks?: readonly ActivityHooks[];
  /** Starts background work (schedulers) once the bot is listening; returns how to stop it. */
  start?(): Promise<(() => Promise<void>) | void>;
}
