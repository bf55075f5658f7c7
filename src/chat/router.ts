/**
 * Decides what a message is and who answers it. Never silent: anything not understood gets a reply
 * that says what was recognised, offers the likeliest readings and help.
 *
 * In order:
 * 1. a typed "yes" or "no" to a read-back card waiting in this conversation presses its button;
 * 2. exact commands (admin, digest settings, rounds, "update 2.2: ..."), where exactness matters;
 * 3. questions, read by the understanding layer: entities first, then the kind of answer scored
 *    over the whole sentence; two questions in one message are answered in turn, and a follow-up
 *    ("and who leads it?") takes what it lacks from the last answer;
 * 4. a feature's fallback (a bare action title);
 * 5. "I didn't understand", saying what was recognised.
 */
import { confirmationAnswer } from './understanding/confirmation.js';
import type { Entities, Frame, QuestionDefinition } from './understanding/frame.js';
import { ConversationMemory, type PendingCardAction, type Remembered } from './understanding/memory.js';
import { splitQuestions } from './understanding/split.js';
import { Understanding, type MessageReading, type Reading } from './understanding/understand.js';
import { MAX_MESSAGE_CHARS, matchingText, normaliseText } from './normalise.js';
import { messageReply } from './reply.js';
import type { AskChoice, ChatContext, FallbackDefinition, IntentDefinition, Reply } from './types.js';
import { standardiseTyping } from './understanding/typing.js';

const MORE = /^(show more|more|next|next page|show me more|continue|more please|the rest|see more)$/i;

/** A reading at least this likely is answered. */
const ACCEPT = 0.5;
/** Below ACCEPT, a reading this likely and this far ahead of the next is still answered. */
const ACCEPT_LEAD = { probability: 0.3, ratio: 2.5 };
/** Readings this likely are offered as "did you mean". */
const OFFER = 0.12;

export interface RouterResult {
  /** The intent or kind of question answered ("action.status", "grant-role", "not-understood"). */
  intent: string;
  /** The first reply (most answers have one). */
  reply: Reply;
  /** Every reply, in order: a message with two questions gets two answers. */
  replies: Reply[];
  /** A typed "yes" or "no" stands for pressing this card button. */
  cardAction?: PendingCardAction;
  /** The reading answered, for logs and tests. */
  frame?: Frame;
}

export class ChatRouter {
  readonly understanding: Understanding;
  readonly memory = new ConversationMemory();
  private readonly smallTalk?: QuestionDefinition;

  constructor(
    /** Exact commands, tried in order before any question is read. */
    readonly intents: readonly IntentDefinition[],
    questions: readonly QuestionDefinition[] = [],
    /** Tried in order when nothing else understood the text (a bare action title, say). */
    private readonly fallbacks: readonly FallbackDefinition[] = [],
  ) {
    this.understanding = new Understanding(questions.filter((q) => q.utterances.length > 0));
    this.smallTalk = questions.find((q) => q.kind === 'small-talk');
  }

  /** Which intent or kind of question (if any) this text reaches: for tests and logs. */
  classify(rawText: string, ctx: ChatContext): string | undefined {
    const text = matchingText(normaliseText(rawText));
    const command = this.intents.find((i) => i.match(text) !== null);
    if (command) return command.name;
    const reading = this.understanding.read(text, ctx.snapshot, ctx.now);
    const best = reading.readings[0];
    return best && this.decide(best, reading) === 'answer' ? best.kind : undefined;
  }

  async reply(rawText: string, ctx: ChatContext): Promise<RouterResult> {
    if (rawText.length > MAX_MESSAGE_CHARS) {
      return single('too-long', messageReply({
        title: `That message is too long for me (${rawText.length.toLocaleString('en-GB')} characters).`,
        body: `Please keep messages under ${MAX_MESSAGE_CHARS.toLocaleString('en-GB')} characters. Nothing was saved. For long commentary, use the update form ("update <action>").`,
      }));
    }
    const normalised = normaliseText(rawText);
    const text = matchingText(normalised);
    if (!text) return single('empty', messageReply({ title: "I didn't catch a question.", body: 'Type a question, or "help" to see examples.' }));
    const conversationId = ctx.conversation.id ?? '';
    const remembered = this.memory.get(conversationId, ctx.now);

    const pending = remembered?.pending;
    if (pending && pending.personKey === personKey(ctx)) {
      const answer = confirmationAnswer(text);
      if (answer) {
        this.memory.update(conversationId, ctx.now, (e) => ({ ...e, pending: undefined }));
        return { intent: answer === 'yes' ? 'confirm' : 'cancel', reply: { text: '' }, replies: [], cardAction: answer === 'yes' ? pending.confirm : pending.cancel };
      }
    }
    if (MORE.test(text)) {
      const next = remembered?.nextPage;
      if (!next) return single('more', messageReply({ title: 'There is nothing more to show.', body: 'Ask a question first, for example "what has slipped?".' }));
      return this.reply(next.ask, { ...ctx, page: next.page });
    }

    const command = this.command(text) ?? this.command(matchingText(standardiseTyping(text).text));
    if (command) {
      const reply = await command.intent.answer(command.slots, ctx, command.text);
      this.remember(conversationId, ctx, [reply]);
      return single(command.intent.name, reply);
    }

    const parts = splitQuestions(text);
    if (parts.length > 1) {
      const answered = await this.answerParts(parts, ctx, remembered);
      if (answered) return answered;
    }
    const reading = this.understanding.read(text, ctx.snapshot, ctx.now, remembered);
    if (reading.standardised.onlySmallTalk && this.smallTalk) {
      const frame = smallTalkFrame(text, reading);
      return single('small-talk', await this.smallTalk.answer(frame, ctx));
    }
    const best = reading.readings[0];
    const decision = best ? this.decide(best, reading) : 'refuse';
    if (best && decision === 'answer') {
      const reply = await best.question.answer(best.frame, ctx);
      this.remember(conversationId, ctx, [reply], best);
      return { intent: best.kind, reply, replies: [reply], frame: best.frame };
    }
    for (const fallback of reading.standardised.onlySmallTalk ? [] : this.fallbacks) {
      const reply = fallback.answer(ctx, text);
      if (reply) {
        this.remember(conversationId, ctx, [reply]);
        return single(fallback.name, reply);
      }
    }
    if (decision === 'clarify') return single('clarify', this.clarify(reading));
    return single('not-understood', this.notUnderstood(text, reading));
  }

  private command(text: string): { intent: IntentDefinition; slots: Record<string, string | undefined>; text: string } | undefined {
    if (!text) return undefined;
    for (const intent of this.intents) {
      const slots = intent.match(text);
      if (slots) return { intent, slots, text };
    }
    return undefined;
  }

  private decide(best: Reading, reading: MessageReading): 'answer' | 'clarify' | 'refuse' {
    const second = reading.readings[1];
    if (best.probability >= ACCEPT) return 'answer';
    if (best.probability >= ACCEPT_LEAD.probability && (!second || best.probability >= second.probability * ACCEPT_LEAD.ratio)) return 'answer';
    return best.probability >= OFFER ? 'clarify' : 'refuse';
  }

  /** "When's the next meeting and what's on it?": each part answered, in order, if each is clear. */
  private async answerParts(parts: string[], ctx: ChatContext, remembered: Remembered | undefined): Promise<RouterResult | undefined> {
    const conversationId = ctx.conversation.id ?? '';
    let memory = remembered;
    const readings: Reading[] = [];
    for (const part of parts) {
      const reading = this.understanding.read(part, ctx.snapshot, ctx.now, memory);
      const best = reading.readings[0];
      if (!best || this.decide(best, reading) !== 'answer' || best.probability < ACCEPT) return undefined;
      readings.push(best);
      memory = { at: ctx.now.getTime(), kind: best.kind, entities: { ...(memory?.entities ?? {}), ...nonEmpty(best.frame.entities) } };
    }
    if (new Set(readings.map((r) => `${r.kind}:${r.frame.text}`)).size < readings.length) return undefined;
    const replies: Reply[] = [];
    for (const r of readings) replies.push(await r.question.answer(r.frame, ctx));
    this.remember(conversationId, ctx, replies, readings.at(-1));
    return { intent: readings.map((r) => r.kind).join('+'), reply: replies[0]!, replies, frame: readings[0]!.frame };
  }

  private remember(conversationId: string, ctx: ChatContext, replies: Reply[], reading?: Reading): void {
    if (!conversationId) return;
    this.memory.update(conversationId, ctx.now, (entry) => {
      const last = replies.at(-1);
      const awaiting = replies.find((r) => r.awaiting)?.awaiting;
      const buttons = (last?.card?.data.buttons ?? []) as Array<{ ask?: string; page?: number }>;
      const more = buttons.find((b) => typeof b.page === 'number' && b.page > 1 && b.ask);
      return {
        ...entry,
        kind: reading?.kind ?? entry.kind,
        entities: reading && reading.question.readOnly !== false ? { ...entry.entities, ...nonEmpty(reading.frame.entities) } : entry.entities,
        pending: awaiting ? { ...awaiting, personKey: personKey(ctx) } : undefined,
        nextPage: more ? { ask: more.ask!, page: more.page! } : undefined,
      };
    });
  }

  private clarify(reading: MessageReading): Reply {
    const offers = reading.readings.filter((r) => r.probability >= OFFER).slice(0, 3);
    const choices: AskChoice[] = [];
    for (const r of offers) {
      const described = r.question.describe?.(r.frame);
      if (described && !choices.some((c) => c.ask === described.ask)) choices.push(described);
    }
    if (choices.length === 0) return this.notUnderstood(reading.standardised.text, reading);
    return messageReply({
      title: 'I want to be sure I answer the right question. Did you mean:',
      body: recognisedSentence(reading.entities),
      choices: [...choices, { title: 'Something else (help)', ask: 'help' }],
    });
  }

  private notUnderstood(text: string, reading: MessageReading): Reply {
    const found = recognisedSentence(reading.entities);
    const action = reading.entities.actions.find((a) => a.actions.length === 1)?.actions[0];
    const choices: AskChoice[] = action
      ? [
          { title: `Status of ${action.number ?? 'that action'}`, ask: `status of ${action.id}` },
          { title: 'Who leads it?', ask: `who leads ${action.id}` },
          { title: 'Its history', ask: `history of ${action.id}` },
        ]
      : this.suggestions(text);
    return messageReply({
      title: found ? `${found} But I'm not sure what you want to know about it.` : `Sorry, I didn't understand "${text.length > 80 ? `${text.slice(0, 77)}...` : text}".`,
      body: choices.length ? 'Did you mean one of these?' : 'Say "help" to see what I can answer.',
      choices: [...choices, { title: 'Help', ask: 'help' }],
    });
  }

  private suggestions(text: string): AskChoice[] {
    const words = new Set(text.toLowerCase().split(/\W+/).filter((w) => w.length > 3));
    const examples = [...this.intents.flatMap((i) => i.examples), ...this.understanding.allExamples()];
    return examples
      .map((e) => ({ e, score: e.toLowerCase().split(/\W+/).filter((w) => words.has(w)).length }))
      .filter((x) => x.score > 0 && !x.e.includes('<'))
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .map((x) => ({ title: x.e, ask: x.e }));
  }
}

function single(intent: string, reply: Reply): RouterResult {
  return { intent, reply, replies: [reply] };
}

function personKey(ctx: ChatContext): string {
  return ctx.asker.person?.id ?? ctx.asker.aadObjectId ?? ctx.asker.displayName;
}

function nonEmpty(entities: Entities): Partial<Entities> {
  const out: Partial<Entities> = {};
  for (const [key, value] of Object.entries(entities) as Array<[keyof Entities, unknown[]]>) {
    if (key !== 'unknown' && key !== 'statuses' && Array.isArray(value) && value.length > 0) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

function smallTalkFrame(text: string, reading: MessageReading): Frame {
  return { kind: 'small-talk', entities: reading.entities, text, raw: text, confidence: 1, fromMemory: [], tone: { greeting: reading.standardised.greeting, thanks: reading.standardised.thanks } };
}

/** "I found the action 2.2 (Review detailed savings plans...)." */
function recognisedSentence(entities: Entities): string {
  const parts: string[] = [];
  const action = entities.actions[0];
  if (action?.actions.length === 1) parts.push(`the action ${action.actions[0]!.number ? `${action.actions[0]!.number} ` : ''}"${action.actions[0]!.title.slice(0, 80)}"`);
  else if (action && action.actions.length > 1) parts.push(`${action.actions.length} actions that match "${action.text}"`);
  const owner = entities.owners.find((o) => o.kind === 'person');
  if (owner && owner.kind === 'person') parts.push(owner.person.name);
  if (entities.plans[0]) parts.push(`the ${entities.plans[0].plan.abbreviation ?? entities.plans[0].plan.title}`);
  if (entities.committees[0]) parts.push(`the ${entities.committees[0].committee.name}`);
  if (entities.periods[0]) parts.push(entities.periods[0].period.label);
  return parts.length ? `I found ${parts.join(', ')}.` : '';
}
