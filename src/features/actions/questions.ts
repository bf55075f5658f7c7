/**
 * The kinds of question the actions feature answers, each with the utterances it is learnt from.
 * One action (its status, who leads it, its milestones), lists with every filter the question
 * names, counts, the committee's status summary, and plan insights.
 */
import type { ActionMention, Frame, QuestionDefinition } from '../../chat/understanding/frame.js';
import { visibleActions } from '../../chat/present.js';
import { messageReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import type { Action } from '../../domain/model.js';
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
  statusListReply,
  themeNotFoundReply,
  themeReply,
  unknownAskerReply,
  whoLeadsReply,
} from './action-lists.js';
import { countReply } from './action-count.js';
import { achievementsReply, changesReply, dependenciesReply } from './plan-insights.js';
import { scopeOf } from './scope.js';
import { summaryReply } from './status-summary.js';
import * as U from './utterances.js';

/**
 * The action a one-action question is about: one clear action, a choice when several fit, the
 * nearest names when none does, or a prompt when nothing was named at all.
 */
export function withFrameAction(ctx: ChatContext, frame: Frame, then: (action: Action) => Reply, verb: string): Reply {
  const mention: ActionMention | undefined = frame.entities.actions[0];
  if (mention && mention.actions.length === 1) return withAction(ctx, mention.actions[0]!.id, then, verb);
  if (mention && mention.actions.length > 1) {
    const options = visibleActions(ctx, mention.actions);
    if (options.length === 1) return then(options[0]!);
    return messageReply({
      title: `"${mention.text}" matches ${options.length} actions. Which one?`,
      choices: options.map((a) => ({ title: shortTitle(a), ask: `${verb} ${a.id}` })),
    });
  }
  const unknown = frame.entities.unknown;
  // An unknown name is quoted back whole, punctuation and all ("status of ${x}"), from its first word.
  const words = mention?.text ?? (unknown.length ? frame.text.slice(referenceStart(frame.text, unknown[0]!.start), unknown.at(-1)!.end + trailingPunctuation(frame.text, unknown.at(-1)!.end)).trim() : undefined);
  if (words) return withAction(ctx, words, then, verb);
  return messageReply({ title: 'Which action do you mean?', body: 'Give its number ("2.2") or some words from its title ("the risk register one").' });
}

/** Where the name the person wrote begins: after "status of", "how is", "news on", or at its first word. */
function referenceStart(text: string, at: number): number {
  const before = text.slice(0, at);
  const preposition = /.*\b(?:of|on|with|about|re|for|is|are)\s+/i.exec(before);
  if (preposition) return preposition[0].length;
  let start = at;
  while (start > 0 && text[start - 1] !== ' ') start -= 1;
  return start;
}

function trailingPunctuation(text: string, at: number): number {
  const m = /^[^\s\w]*/.exec(text.slice(at));
  return m ? m[0].length : 0;
}

function shortTitle(action: Action): string {
  const label = `${action.number ? `${action.number} ` : ''}${action.title}`;
  return label.length > 60 ? `${label.slice(0, 57)}...` : label;
}

function describeAction(frame: Frame, verb: string, title: string): { title: string; ask: string } | undefined {
  const action = frame.entities.actions[0]?.actions[0];
  return action ? { title: `${title} ${action.number ?? shortTitle(action)}`, ask: `${verb} ${action.id}` } : undefined;
}

function listAnswer(frame: Frame, ctx: ChatContext): Reply {
  const scope = scopeOf(frame, ctx);
  if (scope === 'unknown-asker') return unknownAskerReply(ctx);
  const text = frame.text;
  const s = scope.statuses;
  if (s.has('stale')) return overdueNoUpdateReply(ctx, scope, text);
  if (s.has('awaiting-endorsement')) return awaitingEndorsementReply(ctx, scope, text);
  if (s.has('slipped') || s.has('overdue')) return slippedReply(ctx, scope, text);
  if (s.has('on-track')) return onTrackReply(ctx, scope, text);
  if (s.has('completed')) return completedReply(ctx, scope, text);
  if (s.has('no-date')) return noDateReply(ctx, scope, text);
  if (s.has('not-started')) return statusListReply(ctx, scope, text, 'NOT_STARTED');
  if (s.has('in-progress')) return statusListReply(ctx, scope, text, 'IN_PROGRESS');
  if (s.has('at-risk')) return statusListReply(ctx, scope, text, 'AT_RISK');
  if (s.has('deferred')) return statusListReply(ctx, scope, text, 'DEFERRED');
  if (scope.period || /\b(?:due|deadlines?|coming up)\b/i.test(text)) return dueReply(ctx, scope, text);
  if (s.has('open')) return statusListReply(ctx, scope, text, 'OPEN');
  if (scope.owner) return ownerActionsReply(ctx, scope, text);
  if (scope.theme) return themeReply(ctx, scope, text);
  const unknown = frame.entities.unknown[0];
  if (unknown && /\b(?:theme|section|workstream|under)\b/i.test(text)) return themeNotFoundReply(ctx, unknown.text, text);
  if (unknown && /\b(?:delivering|own|owns|lead|leads|leading|responsible|working on|actions? (?:for|of|owned))\b/i.test(text)) {
    return messageReply({
      title: `I don't know anyone called "${unknown.text}" in the plans.`,
      body: 'Check the spelling, or use their council email address. Admins can ask "who is unmapped?".',
    });
  }
  return statusListReply(ctx, scope, text, 'ANY');
}

export const actionQuestions: QuestionDefinition[] = [
  {
    kind: 'action.status',
    utterances: U.ACTION_STATUS,
    needs: ['action'],
    examples: ['status of 2.2', 'how is Pub is the Hub going?', 'hows the risk register one coming along'],
    readOnly: true,
    describe: (frame) => describeAction(frame, 'status of', 'Status of'),
    answer: (frame, ctx) => withFrameAction(ctx, frame, (a) => actionStatusReply(ctx, a), 'status of'),
  },
  {
    kind: 'action.owner',
    utterances: U.ACTION_OWNER,
    needs: ['action'],
    examples: ['who leads 2.2?'],
    readOnly: true,
    describe: (frame) => describeAction(frame, 'who leads', 'Who leads'),
    answer: (frame, ctx) => withFrameAction(ctx, frame, (a) => whoLeadsReply(ctx, a.id), 'who leads'),
  },
  {
    kind: 'action.milestones',
    utterances: U.ACTION_MILESTONES,
    needs: ['action'],
    examples: ['milestones for the #DoingOurBit Fund'],
    readOnly: true,
    describe: (frame) => describeAction(frame, 'milestones for', 'Milestones for'),
    answer: (frame, ctx) => withFrameAction(ctx, frame, (a) => milestonesReply(ctx, a.id), 'milestones for'),
  },
  {
    kind: 'actions.list',
    utterances: U.ACTIONS_LIST,
    examples: ['what has slipped?', 'what is Tilly Flanagan delivering?', "what's due this quarter?", 'which actions have no date?', 'slipped actions in theme 5'],
    readOnly: true,
    describe: (frame) => ({ title: `List: ${frame.text}`, ask: frame.text }),
    answer: listAnswer,
  },
  {
    kind: 'actions.count',
    utterances: U.ACTIONS_COUNT,
    examples: ['how many CIP actions are complete?'],
    readOnly: true,
    describe: (frame) => ({ title: `Count: ${frame.text}`, ask: frame.text }),
    answer: (frame, ctx) => {
      const scope = scopeOf(frame, ctx);
      return scope === 'unknown-asker' ? unknownAskerReply(ctx) : countReply(ctx, scope, frame.text);
    },
  },
  {
    kind: 'actions.summary',
    utterances: U.ACTIONS_SUMMARY,
    examples: ['status summary for the CIP as at June 2018', 'give me the CIP totals by status'],
    readOnly: true,
    describe: (frame) => ({ title: 'Status summary', ask: frame.entities.plans[0] ? `status summary for ${frame.entities.plans[0].plan.abbreviation ?? frame.entities.plans[0].plan.title}` : 'status summary' }),
    answer: (frame, ctx) => summaryReply(ctx, frame.text, frame.entities.plans[0]?.plan),
  },
  {
    kind: 'plans.list',
    utterances: U.PLANS_LIST,
    examples: ['which plans are there?'],
    readOnly: true,
    describe: () => ({ title: 'Which plans are there?', ask: 'which plans are there' }),
    answer: (_frame, ctx) => plansReply(ctx),
  },
  {
    kind: 'plan.achievements',
    utterances: U.PLAN_ACHIEVEMENTS,
    examples: ['what were the achievements in the last six months, by theme?'],
    readOnly: true,
    describe: () => ({ title: 'Achievements by theme', ask: 'what were the achievements in the last six months' }),
    answer: (frame, ctx) => achievementsReply(ctx, frame.text),
  },
  {
    kind: 'plan.changes',
    utterances: U.PLAN_CHANGES,
    examples: ['what changed since the last report?'],
    readOnly: true,
    describe: () => ({ title: 'What changed since the last report', ask: 'what changed since the last report' }),
    answer: (frame, ctx) => changesReply(ctx, frame.text),
  },
  {
    kind: 'actions.dependencies',
    utterances: U.ACTIONS_DEPENDENCIES,
    examples: ['which actions depend on another action?'],
    readOnly: true,
    describe: () => ({ title: 'Dependencies between actions', ask: 'which actions depend on another action' }),
    answer: (frame, ctx) => dependenciesReply(ctx, frame.text),
  },
];
