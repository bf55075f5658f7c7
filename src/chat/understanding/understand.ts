/**
 * Reading a message: standardise the typing, recognise every entity wherever it stands, take the
 * message's shape, score every kind of question over the whole sentence, and weigh each reading by
 * whether the entities it needs are there (or were just talked about). The result is a ranked list
 * of readings, each a typed Frame a feature can answer; the router decides whether the best is
 * clear enough to answer, or whether to ask which was meant.
 */
import type { Snapshot } from '../../domain/snapshot.js';
import { classifierFor, type Scored, type ShapeClassifier } from './classifier.js';
import { recogniseEntities, recogniseGeneric } from './entities/index.js';
import type { EntityNeed, Entities, Frame, QuestionDefinition, Span } from './frame.js';
import type { Remembered } from './memory.js';
import { entitySpans, shapeOf, writtenPlaceholders, type LabelledSpan } from './shape.js';
import { expand, standardiseTyping, type StandardisedText } from './typing.js';
import { stem, tokenise } from './words.js';

/** Utterances are read against a fixed day: only the shape of their dates matters, never the value. */
const UTTERANCE_DAY = new Date('2020-11-20T12:00:00Z');

export interface Reading {
  kind: string;
  probability: number;
  question: QuestionDefinition;
  frame: Frame;
}

export interface MessageReading {
  standardised: StandardisedText;
  entities: Entities;
  topics: Span[];
  shape: string[];
  /** Most likely first. */
  readings: Reading[];
}

export interface TrainingExample {
  kind: string;
  utterance: string;
  shape: string[];
}

const shapeCache = new Map<string, { shape: string[]; questionWords: string[] }>();

/** An utterance as the model learns it: typing standardised, status and date words placeholdered. */
export function utteranceShape(utterance: string): string[] {
  return readUtterance(utterance).shape;
}

/**
 * The shape and the question words of an utterance. Words inside status and date phrases are not
 * question words: they are read by their own recognisers, and "risk" in "at risk" must still be able
 * to name the risk register action. Cached: every bot in a process learns from the same utterances.
 */
function readUtterance(utterance: string): { shape: string[]; questionWords: string[] } {
  const cached = shapeCache.get(utterance);
  if (cached) return cached;
  const text = expand(utterance);
  const written = writtenPlaceholders(text);
  const generic = recogniseGeneric(text.replace(/\{\w+\}/g, (p) => ' '.repeat(p.length)), UTTERANCE_DAY);
  const spans: LabelledSpan[] = [...written];
  const free = (s: Span) => !spans.some((x) => s.start < x.end && s.end > x.start);
  for (const s of generic.statuses) if (free(s)) spans.push({ ...s, label: 'status', extra: `status=${s.status}` });
  for (const p of generic.periods) if (free(p)) spans.push({ ...p, label: 'period' });
  for (const d of generic.days) if (free(d)) spans.push({ ...d, label: 'day' });
  for (const o of generic.owners) if (free(o)) spans.push({ ...o, label: 'me' });
  const questionWords = tokenise(text)
    .filter((t) => !spans.some((s) => t.start < s.end && t.end > s.start))
    .flatMap((t) => [t.word, t.stem]);
  const read = { shape: shapeOf(text, spans), questionWords };
  shapeCache.set(utterance, read);
  return read;
}

const NEED_OF: Record<EntityNeed, (e: Entities) => boolean> = {
  action: (e) => e.actions.length > 0 || e.unknown.length > 0,
  owner: (e) => e.owners.length > 0,
  plan: (e) => e.plans.length > 0,
  theme: (e) => e.themes.length > 0,
  committee: (e) => e.committees.length > 0,
  decision: (e) => e.decisions.length > 0 || e.unknown.length > 0,
  day: (e) => e.days.length > 0,
  period: (e) => e.periods.length > 0,
  status: (e) => e.statuses.length > 0,
};

/** A word that points back at what was just discussed ("and who leads it?", "what about that one"). */
const BACK_REFERENCE = /\b(?:it|its|that|this|they|them|those|these|that one|this one|the same|same one)\b/i;
const FOLLOW_UP_START = /^(?:and|also|plus|what about|how about|and what about|same for|ok and|okay and|then)\b/i;

export class Understanding {
  private readonly classifier: ShapeClassifier;
  private readonly questions = new Map<string, QuestionDefinition>();
  private readonly questionWords = new Set<string>();
  readonly examples: TrainingExample[] = [];

  constructor(questions: readonly QuestionDefinition[]) {
    for (const question of questions) {
      if (this.questions.has(question.kind)) throw new Error(`Two features answer "${question.kind}"`);
      this.questions.set(question.kind, question);
      for (const utterance of question.utterances) {
        const { shape, questionWords } = readUtterance(utterance);
        for (const word of questionWords) this.questionWords.add(word);
        this.examples.push({ kind: question.kind, utterance, shape });
        // A name the bot does not hold reads as {thing}: the same kind of question, answered "not found".
        if (shape.includes('{action}') || shape.includes('{decision}')) {
          this.examples.push({ kind: question.kind, utterance, shape: shape.map((t) => (t === '{action}' || t === '{decision}' ? '{thing}' : t)) });
        }
      }
    }
    this.classifier = classifierFor(this.examples);
  }

  /** True for words the utterances use to ask (never part of a name). */
  isQuestionWord = (word: string): boolean => this.questionWords.has(word) || this.questionWords.has(stem(word));

  question(kind: string): QuestionDefinition | undefined {
    return this.questions.get(kind);
  }

  /** Every question's real example phrasings, for suggestions and help. */
  allExamples(): string[] {
    return [...this.questions.values()].flatMap((q) => q.examples);
  }

  read(raw: string, snapshot: Snapshot, now: Date, memory?: Remembered): MessageReading {
    const standardised = standardiseTyping(raw);
    const text = standardised.text;
    const recognised = recogniseEntities(snapshot, text, { now, isQuestionWord: this.isQuestionWord });
    const { topics, ...entities } = recognised;
    const shape = shapeOf(text, entitySpans(entities, topics));
    const scored = this.classifier.score(shape);
    const readings = this.weigh(scored, entities, text, raw, memory, standardised);
    return { standardised, entities, topics, shape, readings };
  }

  private weigh(scored: Scored[], entities: Entities, text: string, raw: string, memory: Remembered | undefined, standardised: StandardisedText): Reading[] {
    // "and who leads it?", "what about that one", or a short question naming nothing at all
    // ("who's the delivery lead?") right after an answer: it is about what was just discussed.
    const namesNothing = Object.entries(entities).every(([key, list]) => key === 'statuses' || (list as unknown[]).length === 0);
    const backReference = BACK_REFERENCE.test(text) || FOLLOW_UP_START.test(text) || (namesNothing && tokenise(text).length <= 7);
    const readings: Reading[] = [];
    for (const { kind, probability } of scored) {
      const question = this.questions.get(kind)!;
      let weight = probability;
      const fromMemory: Array<keyof Entities> = [];
      let frameEntities = entities;
      for (const need of question.needs ?? []) {
        if (NEED_OF[need](frameEntities)) continue;
        const carried = backReference && memory ? carry(need, memory.entities) : undefined;
        if (carried) {
          frameEntities = { ...frameEntities, ...carried.patch };
          fromMemory.push(carried.key);
        } else {
          weight *= 0.08;
        }
      }
      readings.push({
        kind,
        probability: weight,
        question,
        frame: { kind, entities: frameEntities, text, raw, confidence: weight, fromMemory, tone: { greeting: standardised.greeting, thanks: standardised.thanks } },
      });
    }
    const total = readings.reduce((sum, r) => sum + r.probability, 0) || 1;
    for (const r of readings) {
      r.probability /= total;
      r.frame.confidence = r.probability;
    }
    return readings.sort((a, b) => b.probability - a.probability);
  }
}

/** The entity of that type from the last answer, to fill a follow-up that refers back to it. */
function carry(need: EntityNeed, remembered: Partial<Entities>): { key: keyof Entities; patch: Partial<Entities> } | undefined {
  const keyOf: Partial<Record<EntityNeed, keyof Entities>> = { action: 'actions', owner: 'owners', plan: 'plans', theme: 'themes', committee: 'committees', decision: 'decisions', day: 'days', period: 'periods' };
  const key = keyOf[need];
  if (!key) return undefined;
  const value = remembered[key];
  if (!value || (value as unknown[]).length === 0) return undefined;
  const patch: Partial<Entities> = { [key]: key === 'actions' ? (value as Entities['actions']).map((a) => ({ ...a, by: 'memory' as const })) : value };
  return { key, patch };
}
