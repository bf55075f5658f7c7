/**
 * The progress-update feature: card actions for the update form, confirmation and conflict cards.
 * The chat side ("update 2.2: ...", "history of 2.2", "let Joe Sullivan update ...") is registered
 * in src/chat/intents.ts.
 */
import type { FeatureModule } from '../../app.js';
import { updateCardActions } from './card-actions.js';

export const updatesFeature: FeatureModule = {
  name: 'updates',
  cardActions: updateCardActions,
};
