/**
 * Teams' command menu sends a command's bare title ("status of", "update", "call-in ends for").
 * Each gets a prompt that says what to add, with the likeliest choices as buttons, rather than a
 * failed lookup of the word "of".
 */
import { isClosed } from '../../domain/slippage.js';
import { actionLabel, visibleActions } from '../../chat/present.js';
import { messageReply } from '../../chat/reply.js';
import type { AskChoice, ChatContext, IntentDefinition, Reply } from '../../chat/types.js';

/** The asker's own open actions first, as buttons asking `verb <id>`. */
function ownActionChoices(ctx: ChatContext, verb: string): AskChoice[] {
  const person = ctx.asker.person;
  if (!person) return [];
  return visibleActions(ctx, ctx.snapshot.actionsOwnedBy(person.id))
    .filter((a) => !isClosed(a))
    .slice(0, 5)
    .map((a) => {
      const label = actionLabel(ctx.snapshot, a);
      return { title: label.length > 60 ? `${label.slice(0, 57)}...` : label, ask: `${verb} ${a.id}` };
    });
}

function actionPrompt(ctx: ChatContext, verb: string, what: string, example: string): Reply {
  const choices = ownActionChoices(ctx, verb);
  return messageReply({
    title: `Which action ${what}?`,
    body: `Add an action number or words from its title, for example "${example}".${choices.length ? ' Your open actions:' : ''}`,
    choices,
  });
}

function decisionPrompt(ctx: ChatContext): Reply {
  const decisions = [...ctx.snapshot.data.decisions].sort((a, b) => b.publishedOn.localeCompare(a.publishedOn)).slice(0, 5);
  return messageReply({
    title: 'Which decision?',
    body: 'Add the decision\'s title, or ask about a publication date: "if a decision is published on Friday 16 September 2022, when does call-in end?"',
    choices: decisions.map((d) => ({ title: d.title.length > 60 ? `${d.title.slice(0, 57)}...` : d.title, ask: `when does call-in end for ${d.title}` })),
  });
}

const PROMPTS: Record<string, (ctx: ChatContext) => Reply> = {
  'status of': (ctx) => actionPrompt(ctx, 'status of', 'do you want the status of', 'status of 2.2'),
  update: (ctx) => actionPrompt(ctx, 'update', 'are you updating', 'update Pub is the Hub'),
  'history of': (ctx) => actionPrompt(ctx, 'history of', 'do you want the history of', 'history of 2.2'),
  'call-in ends for': decisionPrompt,
  'send my digest on': () =>
    messageReply({
      title: 'Which day and time?',
      body: 'For example "send my digest on Fridays at 4pm". Or "stop my digest", or "send my digest at the usual time" (Monday 8am).',
      choices: [
        { title: 'Fridays at 4pm', ask: 'send my digest on Fridays at 4pm' },
        { title: 'The usual time', ask: 'send my digest at the usual time' },
      ],
    }),
};

export const commandPromptIntents: IntentDefinition[] = [
  {
    name: 'command-prompt',
    examples: [],
    match: (text) => {
      const key = text.trim().toLowerCase();
      return key in PROMPTS ? { command: key } : null;
    },
    answer: (slots, ctx) => PROMPTS[slots.command!]!(ctx),
  },
];
