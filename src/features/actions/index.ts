/**
 * Questions about the actions in the council's plans (domain.md §4 A and B): one action's status,
 * lists (slipped, due, completed, on track, no date, by theme or owner), status summaries and plan
 * insights (achievements, changes since the last report, dependencies). Read-only: recording
 * progress is the updates feature's.
 */
import type { Feature } from '../../feature.js';
import { tryBareActionReference } from './intents.js';
import { actionQuestions } from './questions.js';

export { actionStatusReply, withAction } from './action-card.js';

export function actionsFeature(): Feature {
  return {
    name: 'actions',
    questions: actionQuestions,
    // A bare title or number ("Pub is the Hub", "2.2") asks for that action's status.
    fallback: { name: 'action-status', answer: tryBareActionReference },
  };
}
