/**
 * The one list of features. Each is built from the typed Services; the order is the order their
 * questions are tried (until the understanding layer scores every reading, specific phrasings must
 * come before broad ones).
 */
import { ChatRouter } from '../chat/router.js';
import type { IntentDefinition } from '../chat/types.js';
import type { Feature, Services } from '../feature.js';
import { actionsFeature } from './actions/index.js';
import { adminFeature } from './admin/index.js';
import { callInFeature, type CallInFeature } from './call-in/index.js';
import { committeesFeature } from './committees/index.js';
import { digestFeature, type DigestFeature, type DigestFeatureOptions } from './digest/index.js';
import { importsFeature, type ImportsFeature, type ImportsFeatureOptions } from './imports/index.js';
import { roundsFeature, type RoundsFeature } from './rounds/index.js';
import { updatesFeature } from './updates/index.js';
import { welcomeFeature } from './welcome/index.js';

export interface FeatureOptions {
  digest?: DigestFeatureOptions;
  imports?: ImportsFeatureOptions;
}

/** Features with handles others need (tests, the command line): typed, never looked up by name. */
export interface Features {
  digest: DigestFeature;
  rounds: RoundsFeature;
  callIn: CallInFeature;
  imports: ImportsFeature;
  /** Every feature, in the order its questions are tried. */
  all: readonly Feature[];
}

export function createFeatures(services: Services, options: FeatureOptions = {}): Features {
  const digest = digestFeature(services, options.digest);
  const rounds = roundsFeature(services);
  const callIn = callInFeature(services);
  const imports = importsFeature(services, options.imports);
  const all: Feature[] = [];
  const intents = (): IntentDefinition[] => all.flatMap((f) => f.intents ?? []);
  all.push(
    welcomeFeature(services, { allIntents: intents }), // help; bare command-menu titles ("status of", "update") get a prompt
    digest, // "stop my digest", "send the weekly digest now": every phrasing names the digest
    adminFeature(services), // roles and account links: narrow phrasings ("make … a … admin", "link …")
    imports, // "refresh meetings from ModernGov": before the meeting questions
    rounds, // "close/extend the Q2 round", quarterly summary, report export: before meetings and actions
    callIn, // decisions, call-in periods, reserved dates: before the meeting questions
    committeesFeature(services), // before the action questions, which catch "due", "completed"
    updatesFeature(services), // "update 2.2: ...", "history of", delegation, endorsement: before "status of"
    actionsFeature(), // the broad action questions, and a bare title or number as the last resort
  );
  return { digest, rounds, callIn, imports, all };
}

/** The router over every feature's intents and fallbacks, in the features' order. */
export function chatRouterFor(features: Features): ChatRouter {
  return new ChatRouter(
    features.all.flatMap((f) => f.intents ?? []),
    features.all.flatMap((f) => f.questions ?? []),
    features.all.flatMap((f) => (f.fallback ? [f.fallback] : [])),
  );
}
