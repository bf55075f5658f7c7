/**
 * Quarterly update rounds and the committee's quarterly summary, from chat (domain.md §4 D 31, 35
 * and E 39, 41):
 * - "start the Q2 2020/21 update round for the CIP, cut-off 30 September 2020, deadline 14 October 2020"
 * - "who hasn't responded for Q2?", "send reminders for the Q2 round", "resend the round cards"
 * - "extend the Q2 round to 21 October 2020", "close the Q2 round"
 * - "quarterly summary for the CIP", "post the quarterly summary to this channel" (in the channel)
 * - "export the Q2 report for the CIP as xlsx" (a file in a personal chat; Markdown in a channel)
 *
 * Admin commands check the plan-admin scope in the core (roles.ts administersPlan). Every answer
 * that can reach a channel is built for the channel audience, so exempt and internal actions never
 * appear there.
 *
 * The answers live in one module per job (start-round.ts, commands.ts, summary-answers.ts,
 * report-export.ts, shared.ts); this file holds the intents and their order.
 */
import type { IntentDefinition } from '../../chat/types.js';
import type { RoundsDeps } from './shared.js';
import { startRound } from './start-round.js';
import { close, extend, progress, remindNow, resend } from './commands.js';
import { exportReport } from './report-export.js';
import { postToChannel, quarterlySummary } from './summary-answers.js';

export { quarterIn } from './shared.js';
export { summaryFor } from './summary-answers.js';

// ---------------------------------------------------------------------------------------------
// Intents (registered before the action questions: "close", "summary", "status of the round")
// ---------------------------------------------------------------------------------------------

export function quarterlyIntents(deps: RoundsDeps): IntentDefinition[] {
  return [
  {
    name: 'round-start',
    examples: ['start the Q2 2020/21 update round for the CIP, cut-off 30 September 2020, deadline 14 October 2020'],
    match: (text) => (/^(?:please\s+)?(?:start|open|launch|begin|kick off|run)\b.*\b(?:update\s+)?round\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => startRound(deps, ctx, text),
  },
  {
    name: 'round-extend',
    examples: ['extend the Q2 round to 21 October 2020'],
    match: (text) => (/^(?:please\s+)?(?:extend|move)\b.*\bround\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => extend(deps, ctx, text),
  },
  {
    name: 'round-close',
    examples: ['close the Q2 round'],
    match: (text) => (/^(?:please\s+)?(?:close|end|finish|stop)\b.*\bround\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => close(deps, ctx, text),
  },
  {
    name: 'round-remind',
    examples: ['send reminders for the Q2 round'],
    match: (text) =>
      /^(?:please\s+)?(?:send\s+(?:the\s+)?(?:round\s+)?reminders?|chase|remind)\b.*\b(?:round|non-?responders|late|outstanding|leads)\b/i.test(text) ||
      /^(?:please\s+)?send\s+(?:the\s+)?(?:round\s+)?reminders?(?:\s+now)?$/i.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => remindNow(deps, ctx, text),
  },
  {
    name: 'round-resend',
    examples: ['resend the round cards'],
    match: (text) => (/^(?:please\s+)?(?:re-?send|send again)\b.*\b(?:round|cards?)\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => resend(deps, ctx, text),
  },
  {
    name: 'round-progress',
    examples: ["who hasn't responded for Q2?", 'progress of the Q2 round'],
    match: (text) =>
      /\bwho\s+(?:hasn'?t|has\s+not|have\s+not|haven'?t|still\s+(?:needs?|has|have)\s+to|is\s+(?:still\s+)?(?:outstanding|late))\b(?:\s+(?:yet\s+)?(?:responded|replied|answered|updated|sent))?/i.test(text) ||
      /\b(?:round\s+progress|progress\s+(?:of|on|with)\s+the\b.*\bround|how\s+is\s+the\b.*\bround\s+going|status\s+of\s+the\b.*\bround)\b/i.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => progress(deps, ctx, text),
  },
  {
    name: 'post-summary-to-channel',
    examples: ['post the quarterly summary to this channel'],
    match: (text) => (/\b(?:post|send|share|put)\b.*\bsummar(?:y|ies)\b.*\b(?:this|here|the)\s+channel\b|\buse this channel for\b.*\bsummar/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => postToChannel(deps, ctx, text),
  },
  {
    name: 'export-report',
    examples: ['export the Q2 report for the CIP as xlsx'],
    match: (text) => (/^(?:please\s+)?(?:export|download|generate|produce)\b.*\b(?:report|appendix|summary)\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => exportReport(deps, ctx, text),
  },
  {
    name: 'quarterly-summary',
    examples: ['quarterly summary for the CIP'],
    match: (text) => (/\bquarterly\s+(?:summary|position|report summary|update summary)\b|\bsummary\s+(?:of|for)\s+the\b.*\bround\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => quarterlySummary(deps, ctx, text),
  },
  ];
}
