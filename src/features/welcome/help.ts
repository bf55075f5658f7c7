/**
 * "help": what the bot can do, with examples tailored to who is asking, as buttons.
 */
import { messageReply } from '../../chat/reply.js';
import type { ChatContext, IntentDefinition, Reply } from '../../chat/types.js';

export function helpReply(ctx: ChatContext, intents: readonly IntentDefinition[]): Reply {
  const roles = ctx.asker.roles;
  const personal: string[] = [];
  if (roles.has('action-lead')) personal.push('what do I own?', 'update <action>: <what has happened>; status on track');
  if (roles.has('plan-admin')) personal.push('which revised timescales need committee endorsement?', "who hasn't responded for Q2?");
  if (roles.has('democratic-services-admin')) personal.push('which decisions are in their call-in period now?');
  if (roles.has('plan-admin') || roles.has('democratic-services-admin')) personal.push('who is unmapped?');
  const available = new Set(intents.flatMap((i) => i.examples));
  const general = [
    'status of 2.2',
    'what has slipped?',
    'what is Tilly Flanagan delivering?',
    "what's due this quarter?",
    'what is on the next Corporate Review agenda?',
    'when is the next date reserved for call-in?',
    'which items are still TBC?',
    'status summary for the CIP as at June 2018',
  ].filter((e) => available.has(e) || intents.some((i) => i.match(e.replace(/[?]$/, '')) !== null));
  const examples = [...personal, ...general].slice(0, 10);
  return messageReply({
    title: 'What I can help with',
    body: 'Ask in your own words about actions in the council\'s plans, committee work programmes and call-in. For example:',
    lines: examples.map((e) => `- "${e}"`),
    notes: [
      ctx.conversation.kind === 'personal'
        ? 'Action leads can record progress here: "update 2.2" opens a form.'
        : 'In a channel, mention me first. Exempt and internal items are only shown in a personal chat.',
    ],
    choices: examples.filter((e) => !e.includes('<')).slice(0, 5).map((e) => ({ title: e, ask: e })),
  });
}

export function helpIntent(all: () => readonly IntentDefinition[]): IntentDefinition {
  return {
    name: 'help',
    examples: ['help'],
    match: (text) => (/^(help|\?|what can you do|what can i ask|commands|menu|start|get started|examples)$/i.test(text) ? {} : null),
    answer: (_s, ctx) => helpReply(ctx, all()),
  };
}
