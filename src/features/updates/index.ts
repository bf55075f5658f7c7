/**
 * Recording progress on actions: from typed text (confirmed on a card before anything is saved),
 * the update form, a quarterly round's "No change"; the history of an action; delegation; the
 * committee's endorsement or rejection of revised dates. Every write goes through update-service.ts
 * (one zod-validated command, permission decided in the domain, one transaction with its audit
 * entry, an outcome union).
 */
import type { Feature, Services } from '../../feature.js';
import { updateCardActions } from './card-actions.js';
import { updateIntents } from './intents.js';
import type { UpdateServiceDeps } from './update-service.js';

export { outcomeResult, CardUpdateSubmission, idempotencyKeyOf } from './card-actions.js';
export { recordProgressUpdate, actorOf, type UpdateServiceDeps, type RecordOutcome, type UpdateActor } from './update-service.js';

export function updatesFeature(services: Pick<Services, 'store' | 'config' | 'log'>): Feature {
  const deps: UpdateServiceDeps = { store: services.store, log: services.log, adminEmails: services.config.ADMIN_EMAILS };
  return {
    name: 'updates',
    intents: updateIntents(deps),
    cardActions: updateCardActions(deps),
  };
}
