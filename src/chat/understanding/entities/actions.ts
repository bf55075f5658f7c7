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
import type { Action } from '../../../domain/model.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import type { ActionMention, Span } from '../frame.js';
import { isStopWord, tokenise, type Token } from '../words.js';
import { actionWordIndex, isHeadline, type ActionWordIndex } from './action-words.js';
import { findPhrases, type FoldedText } from './phrases.js';

const NUMBER = /(?<![\w.-])(?:action\s+|no\.?\s*|number\s+|#)?(\d{1,3}(?:\.\d{1,3}){1,2})\.?(?![\d.]*\d)(?!\s*(?:am|pm|%|m\b|k\b|bn\b))/gi;
const MAX_CHOICES = 5;

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
  const index = actionWordIndex(snapshot);
  for (const f of findPhrases(folded, text, index.headings, [...taken, ...found])) {
    const actions = f.values.map((id) => index.action(id)).filter((a): a is Action => Boolean(a));
    if (actions.length) found.push({ start: f.start, end: f.end, text: f.text, actions: actions.slice(0, MAX_CHOICES), by: 'title', score: 1 });
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

function byDescription(snapshot: Snapshot, index: ActionWordIndex, text: string, taken: Span[], options: ActionRecognitionOptions): ActionMention | undefined {
  const tokens = contentTokens(text, taken, options).slice(0, 30);
  if (tokens.length === 0) return undefined;
  const total = Math.max(1, index.size);
  // How much of what the person wrote each action explains, rare words weighing more, a word
  // matched only through a typo allowance half, words found only in long descriptions less.
  const weight = (df: number) => Math.log(1 + total / (1 + df));
  const scratch = index.scratch();
  const touched: number[] = [];
  let queryWeight = 0;
  tokens.forEach((token, t) => {
    const bit = 1 << t;
    let tokenWeight = 0;
    for (const { term, quality } of index.match(token.word)) {
      const posting = index.postingsOf(term);
      if (!posting) continue;
      const w = weight(posting.size);
      tokenWeight = Math.max(tokenWeight, w);
      for (const [slot, fields] of posting) {
        const headline = isHeadline(fields);
        const value = w * quality * (headline ? 1 : 0.6);
        if (scratch.tokens[slot]! === 0) touched.push(slot);
        if ((scratch.tokens[slot]! & bit) === 0) {
          scratch.tokens[slot]! |= bit;
          scratch.best[slot] = value;
          scratch.score[slot]! += value;
          if (headline) scratch.headline[slot]! += 1;
        } else if (value > scratch.best[slot]!) {
          // A better term for the same written word replaces the weaker one, never adds to it.
          scratch.score[slot]! += value - scratch.best[slot]!;
          scratch.best[slot] = value;
        }
      }
    }
    // A word no action has weighs like the rarest: a name the bot does not know is not ignored.
    queryWeight += tokenWeight || weight(0);
  });
  if (touched.length === 0) return undefined;
  const ranked = touched.map((slot) => ({ slot, coverage: scratch.score[slot]! / queryWeight, headline: scratch.headline[slot]!, tokens: scratch.tokens[slot]! }));
  for (const slot of touched) scratch.clear(slot);
  ranked.sort((a, b) => b.coverage - a.coverage || b.headline - a.headline || index.titleLengthAt(a.slot) - index.titleLengthAt(b.slot));
  const best = ranked[0]!;
  // Too little of the message is explained: these are words of a question we do not know, not a name.
  if (best.coverage < 0.55) return undefined;
  const close = ranked.filter((c) => c.coverage >= best.coverage - 0.05 && c.headline >= best.headline);
  const matched = tokens.filter((_t, i) => (best.tokens & (1 << i)) !== 0);
  const start = Math.min(...matched.map((t) => t.start));
  const end = Math.max(...matched.map((t) => t.end));
  const spanText = extendToArticle(text, start, end);
  const tail = /^\s+(?:one|action|item|thing|piece of work|bit)\b/i.exec(text.slice(end));
  const spanEnd = tail ? end + tail[0].length : end;
  const actions = close
    .slice(0, MAX_CHOICES)
    .map((c) => index.actionAt(c.slot))
    .map((a) => a && snapshot.action(a.id))
    .filter((a): a is Action => Boolean(a));
  if (actions.length === 0) return undefined;
  return { start: spanText.start, end: spanEnd, text: text.slice(spanText.start, spanEnd), actions, by: 'description', score: best.coverage };
}

/** "the risk register one": the mention starts at "the" so the question reads "how is {action} going". */
function extendToArticle(text: string, start: number, end: number): { start: number; end: number } {
  const before = text.slice(0, start);
  const m = /\b(?:the|that|this|our|your)\s+$/i.exec(before);
  return { start: m ? m.index : start, end };
}
