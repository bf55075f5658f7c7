/**
 * Which kind of answer a message asks for, scored from the whole sentence: a multinomial naive
 * Bayes model over the message's shape (its words, with every entity replaced by its placeholder,
 * so "how is {action} going" is one pattern whatever the action is called), with word pairs and
 * the opening word as extra evidence. Trained in memory from the features' utterances when the bot
 * starts (a few milliseconds for thousands of utterances) and deterministic: the same utterances
 * always give the same model.
 */

export interface Scored {
  kind: string;
  probability: number;
}

/** Features of a shape: words, word pairs, the opening word, which placeholders are present. */
export function featuresOf(shape: readonly string[]): string[] {
  const features: string[] = [];
  for (let i = 0; i < shape.length; i += 1) {
    features.push(shape[i]!);
    if (i + 1 < shape.length) features.push(`${shape[i]}|${shape[i + 1]}`);
  }
  if (shape.length) features.push(`^${shape[0]}`);
  if (shape.length > 1) features.push(`^${shape[0]}|${shape[1]}`);
  for (const placeholder of new Set(shape.filter((t) => t.startsWith('{')))) features.push(`has:${placeholder}`);
  if (shape.length <= 3) features.push('short');
  return features;
}

export class NaiveBayesClassifier {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly totals = new Map<string, number>();
  private readonly vocabulary = new Set<string>();
  private readonly alpha = 0.3;

  constructor(examples: Iterable<{ kind: string; shape: readonly string[] }>) {
    for (const { kind, shape } of examples) {
      const counts = this.counts.get(kind) ?? new Map<string, number>();
      this.counts.set(kind, counts);
      for (const feature of featuresOf(shape)) {
        counts.set(feature, (counts.get(feature) ?? 0) + 1);
        this.totals.set(kind, (this.totals.get(kind) ?? 0) + 1);
        this.vocabulary.add(feature);
      }
    }
  }

  get kinds(): string[] {
    return [...this.counts.keys()];
  }

  /** Every kind with its probability, most likely first. */
  score(shape: readonly string[]): Scored[] {
    const features = featuresOf(shape).filter((f) => this.vocabulary.has(f));
    const v = this.vocabulary.size;
    const logScores: Array<[string, number]> = [];
    for (const [kind, counts] of this.counts) {
      const denominator = Math.log((this.totals.get(kind) ?? 0) + this.alpha * v);
      let score = 0;
      for (const feature of features) score += Math.log((counts.get(feature) ?? 0) + this.alpha) - denominator;
      logScores.push([kind, score]);
    }
    // Naive Bayes is overconfident: the evidence of n features is not n independent facts.
    const temperature = Math.max(1, Math.sqrt(features.length));
    const max = Math.max(...logScores.map(([, s]) => s));
    const exps = logScores.map(([kind, s]) => [kind, Math.exp((s - max) / temperature)] as const);
    const sum = exps.reduce((total, [, e]) => total + e, 0);
    return exps.map(([kind, e]) => ({ kind, probability: e / sum })).sort((a, b) => b.probability - a.probability);
  }
}
