/**
 * "Hello", "morning!", "thanks!", "cheers", "great, ta": a short, friendly reply, never "I didn't
 * understand". A greeting is answered with a few questions the person could ask.
 */
import { messageReply } from '../../chat/reply.js';
import type { QuestionDefinition } from '../../chat/understanding/frame.js';
import { welcomeExamples } from './welcome-messages.js';

export function smallTalkQuestion(adminEmails: readonly string[]): QuestionDefinition {
  return {
    kind: 'small-talk',
    // Small talk is recognised by the typing rules (typing.ts), not learnt: no utterances.
    utterances: [],
    examples: [],
    answer: (frame, ctx) => {
      const firstName = (ctx.asker.person?.name ?? ctx.asker.displayName).split(/\s+/)[0];
      if (frame.tone.greeting) {
        const examples = welcomeExamples(ctx, adminEmails);
        return messageReply({
          title: firstName && firstName !== 'Unknown' ? `Hello ${firstName}.` : 'Hello.',
          body: 'What would you like to know? For example:',
          choices: examples,
        });
      }
      if (frame.tone.thanks) return messageReply({ title: "You're welcome.", body: 'Ask me anything else about the plans, meetings or call-in whenever you like.' });
      return messageReply({ title: 'Glad to help.', body: 'Say "help" any time to see what I can answer.' });
    },
  };
}
