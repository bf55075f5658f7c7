/**
 * The words of every action, indexed for finding an action by description: each stemmed word of a
 * title, sub-heading, description, bullet points and commentary, with the actions it appears in and
 * where. Kept up to date record by record: when a write changes one action, only that action's
 * words are re-indexed, so the first question after a write is as fast as any other (issue 20).
 *
 * Looking up a word finds it exactly, as the start of a longer word ("capital" → "capitalisation"),
 * or one letter out ("valuatons", "Flannagan"-style typos), each counting for less.
 */
import type { Action, Theme } from '../../../domain/model.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import { isStopWord, stem, tokenise } from '../words.js';
import { foldName, type PhraseIndex } from './phrases.js';

export const FIELD = { title: 1, heading: 2, detail: 4, commentary: 8 } as const;
const HEADLINE = FIELD.title | FIELD.heading;

interface IndexedAction {
  record: Action;
  /** Its place in the scoring arrays (reused after a removal). */
  slot: number;
  /** stem -> fields it appears in */
  terms: Map<string, number>;
  /** The sub-heading name, so a renamed sub-heading re-indexes the action. */
  heading?: string;
  /** The titles it can be named by whole ("pub is the hub"). */
  phrases: string[];
}

export interface TermMatch {
  /** How good a match of the written word this term is: 1 exact, 0.9 prefix, 0.5 a typo away. */
  quality: number;
  term: string;
}

export class ActionWordIndex {
  private readonly actions = new Map<string, IndexedAction>();
  /** stem -> (slot -> fields) */
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly slots: (IndexedAction | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private scores?: Scratch;
  private sortedTerms: string[] | undefined;
  /** Whole titles and sub-headings, for "is Pub is the Hub on track?" (the PhraseIndex shape). */
  readonly headings: PhraseIndex<string> = { phrases: new Map(), byFirstWord: new Map() };
  /** The actions array this index reflects (identity), to tell what a new snapshot changed. */
  private source: readonly Action[] = [];

  get size(): number {
    return this.actions.size;
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  postingsOf(term: string): ReadonlyMap<number, number> | undefined {
    return this.postings.get(term);
  }

  actionAt(slot: number): Action | undefined {
    return this.slots[slot]?.record;
  }

  titleLengthAt(slot: number): number {
    return this.slots[slot]?.record.title.length ?? 1000;
  }

  /** Arrays to score a question in, one cell per action; cleared by the caller after use. */
  scratch(): Scratch {
    if (!this.scores || this.scores.capacity < this.slots.length) this.scores = new Scratch(Math.max(64, this.slots.length * 2));
    return this.scores;
  }

  action(id: string): Action | undefined {
    return this.actions.get(id)?.record;
  }

  /**
   * Brings the index up to date with a snapshot's actions. Unchanged records are the same objects
   * from one snapshot to the next (the store copies on write), so only changed ones are re-read.
   * Returns how many actions were re-indexed.
   */
  sync(actions: readonly Action[], theme: (id: string) => Theme | undefined): number {
    if (actions === this.source) return 0;
    let changed = 0;
    const seen = new Set<string>();
    for (const action of actions) {
      seen.add(action.id);
      const current = this.actions.get(action.id);
      const heading = headingOf(action, theme);
      if (current && current.record === action && current.heading === heading) continue;
      if (current) this.remove(current);
      this.add(action, heading);
      changed += 1;
    }
    if (seen.size !== this.actions.size) {
      for (const [id, entry] of this.actions) {
        if (!seen.has(id)) {
          this.remove(entry);
          changed += 1;
        }
      }
    }
    this.source = actions;
    return changed;
  }

  /** The share (0..1) of a sample of these actions that are the very records this index holds. */
  sharedSample(actions: readonly Action[]): number {
    if (actions === this.source) return 1;
    if (actions.length === 0 || this.actions.size === 0) return 0;
    const step = Math.max(1, Math.floor(actions.length / 50));
    let same = 0;
    let tried = 0;
    for (let i = 0; i < actions.length; i += step) {
      tried += 1;
      if (this.actions.get(actions[i]!.id)?.record === actions[i]) same += 1;
    }
    return same / tried;
  }

  /** Every indexed term that matches a written word, with the quality of the match. */
  match(word: string): TermMatch[] {
    const s = stem(word);
    const found: TermMatch[] = [];
    if (this.postings.has(s)) found.push({ term: s, quality: 1 });
    if (s.length >= 4) {
      const terms = this.terms();
      let i = lowerBound(terms, s);
      for (; i < terms.length && terms[i]!.startsWith(s); i += 1) if (terms[i] !== s) found.push({ term: terms[i]!, quality: 0.9 });
    }
    if (found.length === 0 && s.length >= 5) {
      const maxEdits = s.length >= 9 ? 2 : 1;
      for (const term of this.terms()) {
        if (Math.abs(term.length - s.length) > maxEdits || term[0] !== s[0]) continue;
        if (withinEdits(term, s, maxEdits)) found.push({ term, quality: 0.5 });
      }
    }
    return found;
  }

  private add(action: Action, heading: string | undefined): void {
    const terms = new Map<string, number>();
    const addField = (text: string | undefined, field: number) => {
      if (!text) return;
      for (const token of tokenise(text)) {
        if (token.word.length < 2 || isStopWord(token.word)) continue;
        terms.set(token.stem, (terms.get(token.stem) ?? 0) | field);
      }
    };
    addField(action.title, FIELD.title);
    // A sub-heading names its action ("Pub is the Hub"); a theme's name only says where it sits.
    addField(heading, headingIsSubheading(action, heading) ? FIELD.heading : FIELD.detail);
    addField([action.description ?? '', ...action.bullets].join(' '), FIELD.detail);
    addField(action.commentary, FIELD.commentary);
    const slot = this.freeSlots.pop() ?? this.slots.length;
    for (const [term, fields] of terms) {
      let posting = this.postings.get(term);
      if (!posting) {
        posting = new Map();
        this.postings.set(term, posting);
        this.sortedTerms = undefined;
      }
      posting.set(slot, fields);
    }
    const phrases: string[] = [];
    const title = action.title.replace(/[.:;]+$/, '');
    for (const name of [title.split(/\s+/).length <= 12 ? title : undefined, headingIsSubheading(action, heading) ? heading : undefined]) {
      if (!name) continue;
      const key = foldName(name);
      if (key.length < 6 || phrases.includes(key)) continue;
      phrases.push(key);
      const ids = this.headings.phrases.get(key);
      if (ids) ids.push(action.id);
      else {
        this.headings.phrases.set(key, [action.id]);
        const first = key.split(' ')[0]!;
        const list = this.headings.byFirstWord.get(first) ?? [];
        list.push(key);
        list.sort((a, b) => b.length - a.length);
        this.headings.byFirstWord.set(first, list);
      }
    }
    const entry = { record: action, slot, terms, heading, phrases };
    this.slots[slot] = entry;
    this.actions.set(action.id, entry);
  }

  private remove(entry: IndexedAction): void {
    for (const term of entry.terms.keys()) {
      const posting = this.postings.get(term);
      posting?.delete(entry.slot);
      if (posting && posting.size === 0) {
        this.postings.delete(term);
        this.sortedTerms = undefined;
      }
    }
    for (const key of entry.phrases) {
      const ids = this.headings.phrases.get(key)?.filter((id) => id !== entry.record.id) ?? [];
      if (ids.length) this.headings.phrases.set(key, ids);
      else {
        this.headings.phrases.delete(key);
        const first = key.split(' ')[0]!;
        const list = (this.headings.byFirstWord.get(first) ?? []).filter((k) => k !== key);
        if (list.length) this.headings.byFirstWord.set(first, list);
        else this.headings.byFirstWord.delete(first);
      }
    }
    this.actions.delete(entry.record.id);
    this.slots[entry.slot] = undefined;
    this.freeSlots.push(entry.slot);
  }

  private terms(): string[] {
    this.sortedTerms ??= [...this.postings.keys()].sort();
    return this.sortedTerms;
  }
}

export function isHeadline(fields: number): boolean {
  return (fields & HEADLINE) !== 0;
}

/** The sub-heading an action sits under (kept with a marker so only sub-headings name actions whole). */
function headingOf(action: Action, theme: (id: string) => Theme | undefined): string | undefined {
  const t = action.themeId ? theme(action.themeId) : undefined;
  return t?.name ? `${t.kind === 'subheading' ? '\u0001' : ''}${t.name}` : undefined;
}

function headingIsSubheading(_action: Action, heading: string | undefined): heading is string {
  return Boolean(heading?.startsWith('\u0001'));
}

/**
 * The word index for a snapshot, carried forward from the index of an earlier snapshot of the same
 * store: a write re-indexes only the actions it changed. A few indexes are kept, so tests and tools
 * that hold several stores at once do not rebuild on every question.
 */
const recent: ActionWordIndex[] = [];
const RECENT_INDEXES = 6;

export function actionWordIndex(snapshot: Snapshot): ActionWordIndex {
  return snapshot.memo('understanding:action-words', () => {
    const actions = snapshot.actions;
    let best: ActionWordIndex | undefined;
    let bestShared = -1;
    for (const index of recent) {
      const shared = index.sharedSample(actions);
      if (shared > bestShared) {
        best = index;
        bestShared = shared;
      }
    }
    // Too little in common: another store's index would cost more to change than to build.
    if (!best || bestShared < 0.5) {
      best = new ActionWordIndex();
      recent.unshift(best);
      if (recent.length > RECENT_INDEXES) recent.pop();
    } else {
      recent.splice(recent.indexOf(best), 1);
      recent.unshift(best);
    }
    best.sync(actions, (id) => snapshot.theme(id));
    return best;
  });
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Levenshtein distance at most `max`, computed only as far as needed. */
function withinEdits(a: string, b: string, max: number): boolean {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return false;
    previous = current;
  }
  return previous[b.length]! <= max;
}

/** Per-action scoring cells, reused from question to question (no allocation per action). */
export class Scratch {
  readonly score: Float64Array;
  readonly best: Float64Array;
  readonly headline: Uint8Array;
  /** Which of the question's words (bit i = word i) this action matched. */
  readonly tokens: Uint32Array;

  constructor(readonly capacity: number) {
    this.score = new Float64Array(capacity);
    this.best = new Float64Array(capacity);
    this.headline = new Uint8Array(capacity);
    this.tokens = new Uint32Array(capacity);
  }

  clear(slot: number): void {
    this.score[slot] = 0;
    this.best[slot] = 0;
    this.headline[slot] = 0;
    this.tokens[slot] = 0;
  }
}
