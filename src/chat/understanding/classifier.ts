/**
 * Which kind of answer a message asks for, scored from the whole sentence: a multinomial logistic
 * regression over the message's shape (its words, with every entity replaced by its placeholder,
 * so "how is {action} going" is one pattern whatever the action is called), with word pairs and the
 * opening words as extra evidence.
 *
 * Why logistic regression rather than naive Bayes: with kinds of very different sizes (two hundred
 * ways to ask for a list, twenty to ask for milestones), naive Bayes lets a small kind win every
 * short message that shares a common word ("show {action}"); a discriminative model learns which
 * words actually tell kinds apart, and its probabilities are honest enough to decide when to ask.
 *
 * Trained in memory from the features' utterances when the bot starts, deterministically (a seeded
 * order), and cached per corpus, so every bot in a process shares one model.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Scored {
  kind: string;
  probability: number;
}

/** Features of a shape: words, word pairs, the opening words, which placeholders are present. */
export function featuresOf(shape: readonly string[]): string[] {
  const features: string[] = [];
  for (let i = 0; i < shape.length; i += 1) {
    features.push(shape[i]!);
    if (i + 1 < shape.length) features.push(`${shape[i]}|${shape[i + 1]}`);
  }
  if (shape.length) features.push(`^${shape[0]}`);
  if (shape.length > 1) features.push(`^${shape[0]}|${shape[1]}`);
  if (shape.length) features.push(`${shape.at(-1)}$`);
  for (const placeholder of new Set(shape.filter((t) => t.startsWith('{')))) features.push(`has:${placeholder}`);
  features.push(shape.length <= 2 ? 'length:short' : shape.length <= 5 ? 'length:medium' : 'length:long');
  return features;
}

interface Example {
  kind: string;
  shape: readonly string[];
}

const EPOCHS = 40;
const LEARNING_RATE = 0.3;
const L2 = 1e-5;

export interface SavedModel {
  kinds: string[];
  features: string[];
  weights: number[];
  bias: number[];
}

export class ShapeClassifier {
  readonly kinds: string[];
  private readonly featureIndex = new Map<string, number>();
  private readonly weights: Float64Array;
  private readonly bias: Float64Array;

  static fromSaved(saved: SavedModel): ShapeClassifier {
    const model = Object.create(ShapeClassifier.prototype) as ShapeClassifier;
    const fields = model as unknown as { kinds: string[]; featureIndex: Map<string, number>; weights: Float64Array; bias: Float64Array };
    fields.kinds = saved.kinds;
    fields.featureIndex = new Map(saved.features.map((f, i) => [f, i]));
    fields.weights = Float64Array.from(saved.weights);
    fields.bias = Float64Array.from(saved.bias);
    return model;
  }

  save(): SavedModel {
    return { kinds: this.kinds, features: [...this.featureIndex.keys()], weights: [...this.weights].map((w) => Math.round(w * 1e6) / 1e6), bias: [...this.bias] };
  }

  constructor(examples: readonly Example[]) {
    this.kinds = [...new Set(examples.map((e) => e.kind))].sort();
    const kindIndex = new Map(this.kinds.map((k, i) => [k, i]));
    const encoded = examples.map((e) => ({ kind: kindIndex.get(e.kind)!, features: this.encode(featuresOf(e.shape), true) }));
    const K = this.kinds.length;
    const F = this.featureIndex.size;
    this.weights = new Float64Array(K * F);
    this.bias = new Float64Array(K);
    // Each kind counts as much as any other, however many ways there are to ask it.
    const perKind = new Array<number>(K).fill(0);
    for (const e of encoded) perKind[e.kind]! += 1;
    const classWeight = perKind.map((n) => (n ? Math.sqrt(encoded.length / (K * n)) : 0));
    const gradSquares = new Float64Array(K * F).fill(1e-8);
    const biasSquares = new Float64Array(K).fill(1e-8);
    const random = seeded(20201120);
    const order = encoded.map((_e, i) => i);
    const logits = new Float64Array(K);
    for (let epoch = 0; epoch < EPOCHS; epoch += 1) {
      shuffle(order, random);
      for (const i of order) {
        const { kind, features } = encoded[i]!;
        this.logits(features, logits);
        softmaxInPlace(logits);
        const scale = classWeight[kind]!;
        for (let k = 0; k < K; k += 1) {
          const gradient = (logits[k]! - (k === kind ? 1 : 0)) * scale;
          if (gradient === 0) continue;
          biasSquares[k]! += gradient * gradient;
          this.bias[k]! -= (LEARNING_RATE * gradient) / Math.sqrt(biasSquares[k]!);
          for (const f of features) {
            const at = k * F + f;
            const g = gradient + L2 * this.weights[at]!;
            gradSquares[at]! += g * g;
            this.weights[at]! -= (LEARNING_RATE * g) / Math.sqrt(gradSquares[at]!);
          }
        }
      }
    }
  }

  /** Every kind with its probability, most likely first. */
  score(shape: readonly string[]): Scored[] {
    const features = this.encode(featuresOf(shape), false);
    const logits = new Float64Array(this.kinds.length);
    this.logits(features, logits);
    softmaxInPlace(logits);
    return this.kinds.map((kind, k) => ({ kind, probability: logits[k]! })).sort((a, b) => b.probability - a.probability);
  }

  private encode(features: string[], grow: boolean): number[] {
    const out: number[] = [];
    for (const f of features) {
      let i = this.featureIndex.get(f);
      if (i === undefined && grow) {
        i = this.featureIndex.size;
        this.featureIndex.set(f, i);
      }
      if (i !== undefined && !out.includes(i)) out.push(i);
    }
    return out;
  }

  private logits(features: readonly number[], into: Float64Array): void {
    const F = this.featureIndex.size;
    for (let k = 0; k < this.kinds.length; k += 1) {
      let sum = this.bias[k]!;
      for (const f of features) sum += this.weights[k * F + f]!;
      into[k] = sum;
    }
  }
}

function softmaxInPlace(values: Float64Array): void {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) {
    values[i] = Math.exp(values[i]! - max);
    sum += values[i]!;
  }
  for (let i = 0; i < values.length; i += 1) values[i]! /= sum;
}

/** A small deterministic generator (mulberry32): the same corpus always trains the same model. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

const trained = new Map<string, ShapeClassifier>();

/**
 * One model per corpus: every bot and test in a process built from the same utterances shares it,
 * and a model trained once is kept in the system's temporary folder (named by a hash of the corpus
 * and of this file's training settings), so processes started later load it instead of training.
 * A missing, unreadable or stale file is simply trained again.
 */
export function classifierFor(examples: readonly Example[]): ShapeClassifier {
  const corpus = examples.map((e) => `${e.kind}\u0000${e.shape.join(' ')}`).join('\u0001');
  const key = createHash('sha256').update(`${MODEL_VERSION}\u0002${EPOCHS}\u0002${LEARNING_RATE}\u0002${L2}\u0002${corpus}`).digest('hex').slice(0, 32);
  let model = trained.get(key);
  if (model) return model;
  const file = path.join(tmpdir(), 'council-actions-understanding', `${key}.json`);
  try {
    model = ShapeClassifier.fromSaved(JSON.parse(readFileSync(file, 'utf8')) as SavedModel);
  } catch {
    model = new ShapeClassifier(examples);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(model.save()));
      renameSync(temporary, file);
    } catch {
      // A read-only or full temporary folder only costs the next process a few hundred milliseconds.
    }
  }
  trained.set(key, model);
  if (trained.size > 8) trained.delete(trained.keys().next().value as string);
  return model;
}

/** Change when featuresOf or the model changes, so an old saved model is never loaded. */
const MODEL_VERSION = 'shape-lr-1';
