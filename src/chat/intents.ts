/**
 * Every intent family, in matching order. A feature adds its family here (one line).
 * Writes and specific phrasings come before the broad action questions.
 */
import { actionIntents } from './answers/actions.js';
import { adminIntents } from './answers/admin.js';
import { callInIntents } from './answers/call-in.js';
import { digestIntents } from './answers/digest.js';
import { meetingIntents } from './answers/meetings.js';
import { moderngovIntents } from '../import/moderngov/intents.js';
import { commandPromptIntents } from './answers/command-prompts.js';
import { helpIntent } from './answers/help.js';
import { planInsightIntents } from './answers/plan-insights.js';
import { quarterlyIntents } from './answers/quarterly.js';
import { updateIntents } from './answers/updates.js';
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
