/**
 * Every intent family, in matching order. A feature adds its family here (one line).
 * Writes and specific phrasings come before the broad action questions.
 */
import { actionIntents } from '../features/actions/intents.js';
import { adminIntents } from '../features/admin/intents.js';
import { callInIntents } from '../features/call-in/intents.js';
import { digestIntents } from '../features/digest/intents.js';
import { meetingIntents } from '../features/committees/intents.js';
import { moderngovIntents } from '../features/imports/moderngov/intents.js';
import { commandPromptIntents } from '../features/welcome/command-prompts.js';
import { helpIntent } from '../features/welcome/help.js';
import { planInsightIntents } from '../features/actions/plan-insights.js';
import { quarterlyIntents } from '../features/rounds/intents.js';
import { updateIntents } from '../features/updates/intents.js';
import type { IntentDefinition } from './types.js';

export function allIntents(): IntentDefinition[] {
  const intents: IntentDefinition[] = [];
  intents.push(helpIntent(() => intents));
  intents.push(...commandPromptIntents); // bare command-menu titles ("status of", "update") get a prompt
  intents.push(...digestIntents); // "stop my digest", "send the weekly digest now": every phrasing names the digest
  intents.push(...adminIntents); // roles and account links: narrow phrasings ("make … a … admin", "link …")
  intents.push(...moderngovIntents); // "refresh meetings from ModernGov": before the meeting questions
  intents.push(...quarterlyIntents); // update rounds, quarterly summary, report export: "close/extend the Q2 round" before meetings and actions
  intents.push(...callInIntents, ...meetingIntents); // before the action intents, which catch "due", "completed"
  intents.push(...planInsightIntents);
  intents.push(...updateIntents); // "update 2.2: ...", "history of", delegation, endorsement: before "status/update of"
  intents.push(...actionIntents);
  return intents;
}
