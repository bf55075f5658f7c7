/**
 * Actions named in a message, however people name them:
 * - by number: "5.10", "action 2.2", "5.5." (the trailing full stop of the source kept apart);
 * - by id: "staffs-cdp-12";
 * - by title or sub-heading, anywhere in the sentence: "is Pub is the Hub on track?";
 * - by description, in any word order, with typos: "the risk register one", "the MTFP one",
 *   "capitalisation rates", "teh asset valuations" — a ranked fuzzy search over titles, sub-headings,
 *   bullet points, descriptions and commentary, using only the words that are not the question's.
 *
 * A reference that fits several actions equally well returns all of them, so the answer can ask
 * which; one that fits nothing well enough is not guessed.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Action } from '../../../domain/model.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import type { ActionMention, Span } from '../frame.js';
import { isStopWord, tokenise, type Token } from '../words.js';
import { findPhrases, phraseIndex, type FoldedText, type PhraseIndex } from './phrases.js';

const NUMBER = /(?<![\w.-])(?:action\s+|no\.?\s*|number\s+|#)?(\d{1,3}(?:\.\d{1,3}){1,2})\.?(?![\d.]*\d)(?!\s*(?:am|pm|%|m\b|k\b|bn\b))/gi;
const MAX_CHOICES = 5;

interface ActionIndex {
  headings: PhraseIndex<Action>;
  search: MiniSearch;
  /** How many actions each word appears in: rare words identify, common ones do not. */
  documentFrequency: Map<string, number>;
  total: number;
}

function actionIndex(snapshot: Snapshot): ActionIndex {
  return snapshot.memo('understanding:actions', () => {
    const headingEntries: Array<[string, Action]> = [];
    for (const action of snapshot.actions) {
      const heading = action.themeId ? snapshot.theme(action.themeId) : undefined;
      const title = action.title.replace(/[.:;]+$/, '');
      if (title.split(/\s+/).length <= 12) headingEntries.push([title, action]);
      if (heading?.kind === 'subheading' && heading.name) headingEntries.push([heading.name, action]);
    }
    const search = new MiniSearch({
      fields: ['title', 'heading', 'detail', 'commentary'],
      storeFields: [],
      searchOptions: { boost: { title: 3, heading: 3, detail: 1, commentary: 0.5 } },
      processTerm: (term) => {
        const t = term.toLowerCase().replace(/'s$/, '');
        return t.length < 2 || isStopWord(t) ? null : t;
      },
    });
    const documentFrequency = new Map<string, number>();
    const docs = snapshot.actions.map((a) => {
      const heading = a.themeId ? snapshot.theme(a.themeId) : undefined;
      const doc = {
        id: a.id,
        title: a.title,
        heading: heading?.name ?? '',
        detail: [a.description ?? '', ...a.bullets].join(' '),
        commentary: a.commentary ?? '',
      };
      for (const word of new Set(tokenise(`${doc.title} ${doc.heading} ${doc.detail}`).map((t) => t.word))) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
      return doc;
    });
    search.addAll(docs);
    return { headings: phraseIndex(headingEntries, { minLength: 6 }), search, documentFrequency, total: snapshot.actions.length };
  });
}

export interface ActionRecognitionOptions {
  /** Words that belong to questions ("status", "going", "slipped"), learnt from the utterances. */
  isQuestionWord: (word: string) => boolean;
}

export function recogniseActions(snapshot: Snapshot, text: string, folded: FoldedText, taken: Span[], options: ActionRecognitionOptions): ActionMention[] {
  const found: ActionMention[] = [];
  const overlaps = (start: number, end: number) => [...taken, ...found].some((s) => start < s.end && end > s.start);

  for (const token of tokenise(text)) {
    if (!token.word.includes('-') || overlaps(token.start, token.end)) continue;
    const action = snapshot.action(token.word);
    if (action) found.push({ start: token.start, end: token.end, text: text.slice(token.start, token.end), actions: [action], by: 'id', score: 1 });
  }
  for (const m of text.matchAll(NUMBER)) {
    const start = m.index!;
    const end = start + m[0].replace(/\.$/, '').length;
    if (overlaps(start, end)) continue;
    const actions = snapshot.actionsByNumber(m[1]!);
    found.push({ start, end, text: text.slice(start, end), actions: actions.slice(0, MAX_CHOICES), by: 'number', score: actions.length ? 1 : 0 });
  }
  const index = actionIndex(snapshot);
  for (const f of findPhrases(folded, text, index.headings, [...taken, ...found])) {
    found.push({ start: f.start, end: f.end, text: f.text, actions: f.values.slice(0, MAX_CHOICES), by: 'title', score: 1 });
  }
  const described = byDescription(snapshot, index, text, [...taken, ...found], options);
  if (described) found.push(described);
  return found.sort((a, b) => a.start - b.start);
}

/** The words of the message that could describe an action: not the question's, not already read. */
function contentTokens(text: string, taken: Span[], options: ActionRecognitionOptions): Token[] {
  return tokenise(text).filter(
    (t) =>
      !taken.some((s) => t.start < s.end && t.end > s.start) &&
      !isStopWord(t.word) &&
      !options.isQuestionWord(t.word) &&
      t.word.length >= 2 &&
      !/^\d+$/.test(t.word),
  );
}

function byDescription(snapshot: Snapshot, index: ActionIndex, text: string, taken: Span[], options: ActionRecognitionOptions): ActionMention | undefined {
  const tokens = contentTokens(text, taken, options);
  if (tokens.length === 0) return undefined;
  const query = tokens.map((t) => t.word).join(' ');
  const results = index.search.search(query, {
    fuzzy: (term) => (term.length >= 5 ? 0.2 : term.length >= 4 ? 1 / term.length : false),
    prefix: (term) => term.length >= 4,
    combineWith: 'OR',
  });
  if (results.length === 0) return undefined;
  // How much of what the person wrote each action explains, weighting rare words more.
  const weight = (word: string) => Math.log(1 + index.total / (1 + (index.documentFrequency.get(word) ?? 0)));
  const queryWeight = tokens.reduce((sum, t) => sum + weight(t.word), 0);
  const scored = results.slice(0, 25).map((r) => ({ r, coverage: coverage(r, tokens, weight) / queryWeight }));
  scored.sort((a, b) => b.coverage - a.coverage || b.r.score - a.r.score);
  const best = scored[0]!;
  // Too little of the message is explained: these are words of a question we do not know, not a name.
  if (best.coverage < 0.55) return undefined;
  const close = scored.filter((s) => s.coverage >= best.coverage - 0.05 && s.r.score >= best.r.score * 0.6);
  const matchedTokens = tokens.filter((t) => best.r.queryTerms.some((q) => q === t.word));
  const start = Math.min(...matchedTokens.map((t) => t.start));
  const end = Math.max(...matchedTokens.map((t) => t.end));
  const spanText = extendToArticle(text, start, end);
  const tail = /^\s+(?:one|action|item|thing|piece of work|bit)\b/i.exec(text.slice(end));
  const spanEnd = tail ? end + tail[0].length : end;
  const actions = close
    .slice(0, MAX_CHOICES)
    .map((s) => snapshot.action(String(s.r.id)))
    .filter((a): a is Action => Boolean(a));
  return { start: spanText.start, end: spanEnd, text: text.slice(spanText.start, spanEnd), actions, by: 'description', score: best.coverage };
}

/**
 * The weighted share of the message's words an action explains. A word matched only through a typo
 * allowance counts half: "root" is one letter from "room", and a guess on that alone is no match.
 */
function coverage(result: SearchResult, tokens: Token[], weight: (word: string) => number): number {
  const matched = new Set(result.queryTerms);
  const documentTerms = result.terms;
  let total = 0;
  for (const t of tokens) {
    if (!matched.has(t.word)) continue;
    const terms = documentTerms.filter((d) => d === t.word || d.startsWith(t.word) || (t.word.length >= 5 && t.word.startsWith(d)));
    const exact = terms.length > 0;
    // Words found only in the long description or the commentary say less than words of the title.
    const inHeadline = (exact ? terms : documentTerms).some((d) => (result.match[d] ?? []).some((field) => field === 'title' || field === 'heading'));
    total += weight(t.word) * (exact ? 1 : 0.5) * (inHeadline ? 1 : 0.6);
  }
  return total;
}

/** "the risk register one": the mention starts at "the" so the question reads "how is {action} going". */
function extendToArticle(text: string, start: number, end: number): { start: number; end: number } {
  const before = text.slice(0, start);
  const m = /\b(?:the|that|this|our|your)\s+$/i.exec(before);
  return { start: m ? m.index : start, end };
}
