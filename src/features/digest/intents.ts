/**
 * The weekly digest in chat (domain.md §4 E 40):
 * - everyone: "show my digest", "stop my digest", "start my digest",
 *   "send my digest on Fridays at 4pm", "send my digest at the usual time";
 * - plan admins and democratic services: "send the weekly digest now", "who can't the digest reach?",
 *   "how did the last digest go?", "turn off the digest for the CDP" / "turn on ...".
 * Permissions are checked in the core (domain/digest.ts); every change is audited.
 *
 * The commands live in one module per job (personal.ts for everyone's own digest,
 * admin-commands.ts for plan admins and democratic services, channel-posting.ts for channels, with
 * common.ts for shared pieces); this file holds the intents and their order.
 */
import type { IntentDefinition } from '../../chat/types.js';
import type { DigestDeps } from './common.js';
import { lastRunReport, sendDigestNow, switchPlanDigest, whoCantBeReached } from './admin-commands.js';
import { postDigestHere, stopPostingHere } from './channel-posting.js';
import { scheduleMyDigest, showMyDigest, startMyDigest, stopMyDigest } from './personal.js';

const MY = String.raw`(?:my|the)\s+(?:weekly\s+)?(?:slippage\s+)?digest`;

export function digestIntents(deps: DigestDeps): IntentDefinition[] {
  return [
  {
    name: 'digest-channel-add',
    examples: ['post the weekly digest here'],
    match: (text) => {
      const here = String.raw`(?:here|in this (?:channel|chat)|to this (?:channel|chat))`;
      const m =
        new RegExp(`^(?:please\\s+)?(?:post|send|share)\\s+the\\s+(?:weekly\\s+|committee\\s+)?digest\\s+${here}(?:\\s+(?:for|about)\\s+(.+))?$`, 'i').exec(text) ??
        new RegExp(`^(?:please\\s+)?(?:post|send|share)\\s+the\\s+(?:weekly\\s+|committee\\s+)?digest\\s+(?:for|about)\\s+(.+?)\\s+${here}$`, 'i').exec(text);
      return m ? { scope: m[1] } : null;
    },
    answer: (s, ctx) => postDigestHere(deps, ctx, s.scope),
  },
  {
    name: 'digest-channel-remove',
    examples: ['stop posting the digest here'],
    match: (text) => (/^(?:please\s+)?(?:stop|don'?t keep)\s+(?:posting|sending|sharing)\s+the\s+(?:weekly\s+|committee\s+)?digest\s+(?:here|in this (?:channel|chat)|to this (?:channel|chat))$/i.test(text) ? {} : null),
    answer: (_s, ctx) => stopPostingHere(deps, ctx),
  },
  {
    name: 'digest-plan-switch',
    examples: ['turn off the digest for the CDP', 'turn on the digest for the CIP'],
    match: (text) => {
      const m =
        /^(?:please\s+)?(?:turn|switch)\s+(off|on)\s+the\s+(?:weekly\s+)?digest\s+(?:for|on)\s+(.+)$/i.exec(text) ??
        /^(?:please\s+)?(?:turn|switch)\s+the\s+(?:weekly\s+)?digest\s+(off|on)\s+(?:for|on)\s+(.+)$/i.exec(text);
      if (m) return { onOff: m[1]!.toLowerCase(), plan: m[2] };
      const verb = /^(?:please\s+)?(stop|pause|disable|start|resume|enable)\s+the\s+(?:weekly\s+)?digest\s+for\s+(.+)$/i.exec(text);
      return verb ? { onOff: /^(stop|pause|disable)$/i.test(verb[1]!) ? 'off' : 'on', plan: verb[2] } : null;
    },
    answer: (s, ctx) => switchPlanDigest(deps, ctx, s.plan!, s.onOff === 'on'),
  },
  {
    name: 'digest-send-now',
    examples: ['send the weekly digest now'],
    match: (text) => (/^(?:please\s+)?(?:send|run)\s+(?:out\s+)?(?:this week'?s\s+|the\s+)(?:weekly\s+)?digests?(?:\s+out)?(?:\s+now)?$/i.test(text) ? {} : null),
    answer: (_s, ctx) => sendDigestNow(deps, ctx),
  },
  {
    name: 'digest-unreachable',
    examples: ["who can't the digest reach?"],
    match: (text) =>
      /^who\s+(?:can'?t|cannot|can not|won'?t|will not|doesn'?t|does not)\s+(?:the\s+)?(?:weekly\s+)?digest\s+reach$/i.test(text) ||
      /^who\s+(?:can'?t|cannot|won'?t|doesn'?t|does not)\s+get\s+the\s+(?:weekly\s+)?digest$/i.test(text) ||
      /^(?:who is\s+)?unreachable(?:\s+(?:people|owners|leads))?(?:\s+for the digest)?$/i.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => whoCantBeReached(deps, ctx, text),
  },
  {
    name: 'digest-last-run',
    examples: ['how did the last digest go?'],
    match: (text) => (/^(?:how did|how was)\s+the\s+(?:last\s+)?(?:weekly\s+)?digest(?:\s+run)?(?:\s+go)?$|^(?:last\s+)?digest\s+(?:run\s+)?(?:report|status)$/i.test(text) ? {} : null),
    answer: (_s, ctx) => lastRunReport(deps, ctx),
  },
  {
    name: 'digest-schedule',
    examples: ['send my digest on Fridays at 4pm', 'send my digest at the usual time'],
    match: (text) => {
      const m = /^(?:please\s+)?(?:send|give|deliver|move|change|switch)\s+(?:me\s+)?my\s+(?:weekly\s+)?digest\s+(?:to\s+)?((?:on|every|at|for)\b.+)$/i.exec(text) ?? /^(?:i want|i'd like)\s+my\s+(?:weekly\s+)?digest\s+((?:on|every|at)\b.+)$/i.exec(text);
      return m ? { when: m[1] } : null;
    },
    answer: (s, ctx) => scheduleMyDigest(deps, ctx, s.when!),
  },
  {
    name: 'digest-stop',
    examples: ['stop my digest'],
    match: (text) => (new RegExp(`^(?:please\\s+)?(?:stop|turn off|switch off|pause|cancel|disable|unsubscribe(?: me)? from|opt out of|no more)\\s+${MY}(?:\\s+please)?$`, 'i').test(text) ? {} : null),
    answer: (_s, ctx) => stopMyDigest(deps, ctx),
  },
  {
    name: 'digest-start',
    examples: ['start my digest'],
    match: (text) => (new RegExp(`^(?:please\\s+)?(?:start|turn on|switch on|resume|restart|enable|subscribe(?: me)? to|opt (?:back )?in to)\\s+${MY}(?:\\s+again)?(?:\\s+please)?$`, 'i').test(text) ? {} : null),
    answer: (_s, ctx) => startMyDigest(deps, ctx),
  },
  {
    name: 'digest-show',
    examples: ['show my digest'],
    match: (text) =>
      /^(?:show|preview|see|view|send)\s+(?:me\s+)?my\s+(?:weekly\s+)?digest(?:\s+now)?$|^what(?:'s| is| would be)\s+in\s+my\s+(?:weekly\s+)?digest$|^my\s+(?:weekly\s+)?digest$/i.test(text) ? {} : null,
    answer: (_s, ctx) => showMyDigest(deps, ctx),
  },
  ];
}
