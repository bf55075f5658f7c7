/**
 * Questions about actions in the council's plans (domain.md §4 A and B): the intents and their
 * order. The answers live in action-card.ts (one action) and action-lists.ts (lists).
 */
import { visibleActions } from '../../chat/present.js';
import { resolveAction } from '../../chat/resolve.js';
import type { ChatContext, IntentDefinition, Reply } from '../../chat/types.js';
import { actionStatusReply, withAction } from './action-card.js';
import {
  awaitingEndorsementReply,
  completedReply,
  dueReply,
  milestonesReply,
  noDateReply,
  onTrackReply,
  overdueNoUpdateReply,
  ownerActionsReply,
  plansReply,
  slippedReply,
  themeReply,
  whoLeadsReply,
} from './action-lists.js';
import { summaryReply } from './status-summary.js';

export { actionStatusReply, withAction };

// ---------------------------------------------------------------------------------------------
// Intents. Order matters: explicit phrasings ("status of", "how is X going") before the broad
// keyword lists, so that an action whose title says "Complete..." is not taken for "completed".
// ---------------------------------------------------------------------------------------------

function re(pattern: RegExp, slot?: (m: RegExpExecArray) => Record<string, string | undefined>) {
  return (text: string) => {
    const m = pattern.exec(text);
    return m ? (slot ? slot(m) : {}) : null;
  };
}

export const actionIntents: IntentDefinition[] = [
  {
    name: 'plans',
    examples: ['which plans are there?'],
    match: re(/^(which|what) plans\b|^(list|show)( all)?( the)? plans$|^plans$/i),
    answer: (_s, ctx) => plansReply(ctx),
  },
  {
    name: 'status-summary',
    examples: ['status summary for the CIP as at June 2018', 'how many actions are completed?'],
    match: re(/^(?:show |give me |what(?:'s| is) )?(?:the |a )?(?:status summary|summary|status counts|counts table|count of actions|how many actions)\b(.*)$/i, (m) => ({ rest: m[1] })),
    answer: (_s, ctx, text = '') => summaryReply(ctx, text),
  },
  {
    name: 'action-status',
    examples: ['status of 2.2', "what's happening with action 5.5.", 'how is Pub is the Hub going?'],
    match: (text) => {
      const m =
        /^(?:what(?:'s| is) the )?(?:status|progress|latest|update|news)(?: (?:of|on|for))? (.+)$/i.exec(text) ??
        /^(?:what(?:'s| is) happening (?:with|on)|tell me about|details (?:of|for)|where are we (?:with|on)|open|show(?: me)? (?:action|the action)) (.+)$/i.exec(text) ??
        /^how(?:'s| is| are)(?: things with)? (.+?) (?:going|doing|getting on|progressing)$/i.exec(text) ??
        /^(?:action )?(\d{1,3}\.\d{1,3}\.?)$/i.exec(text);
      return m ? { ref: m[1] } : null;
    },
    answer: (s, ctx) => withAction(ctx, s.ref!, (a) => actionStatusReply(ctx, a)),
  },
  {
    name: 'awaiting-endorsement',
    examples: ['which revised timescales need committee endorsement?', 'what is awaiting endorsement?'],
    match: re(/\b(endorse|endorsement|revised timescales?|revised dates?|proposed (new |revised )?dates?|re-?baselined)\b/i),
    answer: (_s, ctx, text = '') => awaitingEndorsementReply(ctx, text),
  },
  {
    name: 'overdue-no-update',
    examples: ["what's overdue with no update?"],
    match: re(/\b(overdue|past due|late)\b.*\b(no|without|not had an?|missing)( recent)? updates?\b/i),
    answer: (_s, ctx, text = '') => overdueNoUpdateReply(ctx, text),
  },
  {
    name: 'slipped',
    examples: ['what has slipped?', 'which actions are behind?'],
    match: re(/\b(slipped|slippage|slipping|behind( schedule)?|overdue|running late|late actions)\b/i),
    answer: (_s, ctx, text = '') => slippedReply(ctx, text),
  },
  {
    name: 'no-date',
    examples: ['which actions have no date?'],
    match: re(/\b(?:no|without(?: a| any)?) (?:target |due )?dates?\b|\bundated\b|\b(?:tbc|ongoing) actions\b|\bno deadlines?\b/i),
    answer: (_s, ctx, text = '') => noDateReply(ctx, text),
  },
  {
    name: 'milestones',
    examples: ['milestones for the #DoingOurBit Fund'],
    match: re(/^(?:show |list |what are )?(?:the )?milestones? (?:for|of|on) (.+)$/i, (m) => ({ ref: m[1] })),
    answer: (s, ctx) => milestonesReply(ctx, s.ref!),
  },
  {
    name: 'who-leads',
    examples: ['who leads 2.2?'],
    match: re(/^who(?:'s| is)? (?:leads?|leading|owns?|responsible for|in charge of|delivering|the lead (?:officer )?(?:for|on)) (.+)$/i, (m) => ({ ref: m[1] })),
    answer: (s, ctx) => whoLeadsReply(ctx, s.ref!),
  },
  {
    name: 'owner-actions',
    examples: ['what is Tilly Flanagan delivering?', 'what do I own?', 'my actions'],
    match: (text) => {
      const mine = /^(what do i (own|lead|deliver)|what am i (delivering|leading|responsible for)|my actions|what are my actions|what's mine|show my actions)$/i.exec(text);
      if (mine) return { ref: 'me' };
      const m =
        /^(?:what|which actions?)(?: is| are|'s)? (.+?) (?:delivering|leading|responsible for|doing|working on)$/i.exec(text) ??
        /^what does (.+?) (?:own|lead|deliver)$/i.exec(text) ??
        /^(?:actions|show actions|list actions) (?:for|owned by|led by|of) (.+)$/i.exec(text) ??
        /^(.+?)'s actions$/i.exec(text);
      return m ? { ref: m[1] } : null;
    },
    answer: (s, ctx, text = '') => ownerActionsReply(ctx, s.ref!, text),
  },
  {
    name: 'on-track',
    examples: ['what is on track?'],
    match: re(/\bon track\b/i),
    answer: (_s, ctx, text = '') => onTrackReply(ctx, text),
  },
  {
    name: 'completed',
    examples: ['what was completed since launch?'],
    match: re(/\b(completed|complete|finished|achieved|done)\b/i),
    answer: (_s, ctx, text = '') => completedReply(ctx, text),
  },
  {
    name: 'due',
    examples: ["what's due this month?", "what's due this quarter?", "what's due before the next committee?"],
    match: re(/\b(due|deadlines?|coming up)\b/i),
    answer: (_s, ctx, text = '') => dueReply(ctx, text),
  },
  {
    name: 'theme',
    examples: ['theme 8 actions', 'actions under Place Based Approach'],
    match: (text) => {
      const m =
        /^(?:show |list )?(?:the )?(?:actions (?:in|under|for) )?theme (\d+|[a-z0-9-]+)(?: actions)?$/i.exec(text) ??
        /^(?:show |list |which )?(?:the )?actions (?:fall )?(?:in|under|for) (?:the )?(.+?)(?: section| theme| workstream)?$/i.exec(text) ??
        /^(.+?) (?:theme|section|workstream) actions$/i.exec(text);
      return m ? { ref: m[1] } : null;
    },
    answer: (s, ctx, text = '') => themeReply(ctx, s.ref!, text),
  },
];

/** Used by the router when nothing else matched: a bare action title or number. */
export function tryBareActionReference(ctx: ChatContext, text: string): Reply | null {
  if (text.length > 80) return null;
  const result = resolveAction(ctx.snapshot, text);
  if (result.kind === 'one' && visibleActions(ctx, [result.value]).length) return actionStatusReply(ctx, result.value);
  if (result.kind === 'many') return withAction(ctx, text, (a) => actionStatusReply(ctx, a));
  return null;
}
