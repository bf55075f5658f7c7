/**
 * Recording progress from chat (domain.md §4 E 37-38):
 *
 * - "update 2.2: all savings plans signed off ...; status slipped; new date September 2018 because
 *   of the restructure" and "Pub is the Hub is on track, 12 pubs signed up": read into the update
 *   command and shown back on a confirmation card. Nothing is saved before Confirm.
 * - "update Pub is the Hub": the update form.
 * - "history of 2.2", "who can update 2.2?"
 * - "let Joe Sullivan update Pub is the Hub" (and "stop Joe Sullivan updating ...")
 * - "endorse the revised date for 4.1 (Audit and Accounts Committee 19 June 2018)", "reject ..."
 *
 * Registered before the action questions, so "update 2.2" is a command, while "update on 2.2" and
 * "what's the latest on 2.2" stay questions.
 *
 * The answers live in one module per job (record-from-text.ts, delegation.ts,
 * revision-decisions.ts, shared.ts); this file holds the intents and their order.
 */
import { historyReply } from './history-reply.js';
import type { IntentDefinition } from '../../chat/types.js';
import type { UpdateServiceDeps } from './update-service.js';
import { withAction } from '../actions/action-card.js';
import { delegationMatch, delegationReply, whoCanReply } from './delegation.js';
import { STATEMENT, UPDATE_COMMAND, statementReply, updateCommandReply } from './record-from-text.js';
import { DECISION, decisionReply } from './revision-decisions.js';

export { readMeeting } from './revision-decisions.js';

// ---------------------------------------------------------------------------------------------
// Intents
// ---------------------------------------------------------------------------------------------

export function updateIntents(deps: UpdateServiceDeps): IntentDefinition[] {
  return [

  {
    name: 'update-history',
    examples: ['history of 2.2', 'update history for Pub is the Hub'],
    match: (text) => {
      const m = /^(?:show |view |see |what is |what's )?(?:me )?(?:the )?(?:full )?(?:update |change |progress |audit )?(?:history|audit trail|audit log|changes|updates)(?: of| for| on| to)? (.+)$/i.exec(text);
      return m ? { ref: m[1] } : null;
    },
    answer: (s, ctx) => withAction(ctx, s.ref!, (a) => historyReply(ctx, a), 'history of'),
  },
  {
    name: 'who-can-update',
    examples: ['who can update 2.2?'],
    match: (text) => {
      const m = /^who (?:can|may|is allowed to|is able to|could|should) (?:update|edit|record (?:an? )?updates? (?:for|on|to)|report (?:progress )?on|write updates (?:for|on)) (.+)$/i.exec(text);
      return m ? { ref: m[1] } : null;
    },
    answer: (s, ctx) => whoCanReply(ctx, deps.adminEmails, s.ref!),
  },
  {
    name: 'revision-decision',
    examples: ['endorse the revised date for 4.1 (Audit and Accounts Committee 19 June 2018)', 'reject the revised date for 4.2 (Audit and Accounts Committee 19 June 2018)'],
    match: (text) => {
      const m = DECISION.exec(text);
      return m ? { verb: m[1], rest: m[2] } : null;
    },
    answer: (s, ctx) => decisionReply(deps, ctx, s.verb!, s.rest!),
  },
  {
    name: 'delegate-updates',
    examples: ['let Joe Sullivan update Pub is the Hub', 'stop Joe Sullivan updating Pub is the Hub'],
    match: (text) => {
      const m = delegationMatch(text);
      return m ? { person: m.person, ref: m.ref, mode: m.mode } : null;
    },
    answer: (s, ctx) => delegationReply(deps, ctx, s.person!, s.ref!, s.mode as 'add' | 'remove'),
  },
  {
    name: 'record-update',
    examples: ['update 2.2: all savings plans signed off; status slipped; new date September 2018 because of the restructure', 'update Pub is the Hub'],
    match: (text) => {
      const m = UPDATE_COMMAND.exec(text);
      return m ? { rest: m[1] } : null;
    },
    answer: (s, ctx) => updateCommandReply(ctx, deps.adminEmails, s.rest!),
  },
  {
    name: 'record-update-statement',
    examples: ['Pub is the Hub is on track, 12 pubs signed up'],
    match: (text) => (STATEMENT.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => statementReply(ctx, deps.adminEmails, text),
  },
  ];
}
