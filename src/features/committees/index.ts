/**
 * Committees, their meetings and forward work programmes: the next meeting and its agenda, time,
 * format and host, who presents an item, when a topic comes to committee, TBC items, pre-decision
 * scrutiny, membership, working groups, resolutions and follow-ups; and suggesting an item for the
 * work programme (saved as an item for consideration and sent to the committee's support officers).
 * committee-scope.ts (which committee and council a question is about) is what call-in builds on.
 */
import type { Feature, Services } from '../../feature.js';
import { meetingIntents } from './intents.js';
import { suggestionCardActions } from './work-programme-suggestion.js';

export function committeesFeature(services: Pick<Services, 'store' | 'sender' | 'log'>): Feature {
  return {
    name: 'committees',
    intents: meetingIntents,
    cardActions: suggestionCardActions({ store: services.store, sender: services.sender, log: services.log }),
  };
}
