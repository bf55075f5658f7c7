/**
 * The weekly slippage digest: to each lead and to committee chairs (personal chats), and the
 * committee picture in a channel; everyone's own settings ("stop my digest", "send my digest on
 * Fridays at 4pm") and the admins' commands. The schedule (DIGEST_CRON, Europe/London) runs only
 * when SCHEDULER_ENABLED; tests and admins trigger runs directly.
 */
import type { Feature, Services } from '../../feature.js';
import type { DigestDeps } from './common.js';
import { DigestService, pickSettings, type DigestSettings } from './service.js';
import { digestIntents } from './intents.js';

export { DigestService, planDigest, describeRunReport, type DigestRunResult, type DigestSettings } from './service.js';

export interface DigestFeatureOptions {
  /** Extra settings for tests (e.g. DIGEST_SEND_EMPTY). */
  settings?: Partial<DigestSettings>;
}

export interface DigestFeature extends Feature {
  readonly service: DigestService;
}

export function digestFeature(services: Services, options: DigestFeatureOptions = {}): DigestFeature {
  const log = services.log.child({ feature: 'digest' });
  const service = new DigestService({
    store: services.store,
    clock: services.clock,
    settings: { ...pickSettings(services.config), ...options.settings },
    log,
    sender: services.sender,
  });
  const deps: DigestDeps = { service, store: services.store, log, sender: services.sender };
  return {
    name: 'digest',
    service,
    intents: digestIntents(deps),
    async start() {
      if (services.config.SCHEDULER_ENABLED) service.start();
      return () => service.stop();
    },
  };
}
