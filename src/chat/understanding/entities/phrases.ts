/**
 * Finding known names in a message: plans, councils, committees, themes, decisions, work-programme
 * topics. Names and text are folded alike (case, accents, punctuation, "&" and "and"), matched on
 * whole words, longest first, and mapped back to where they stand in the message.
 */
import type { Span } from '../frame.js';

export interface FoldedText {
  /** Lower-case letters and digits, single spaces, with a space at each end. */
  folded: string;
  /** For each character of `folded`, its offset in the original text. */
  origin: number[];
}

export function foldWithOrigin(text: string): FoldedText {
  let folded = ' ';
  const origin: number[] = [0];
  const push = (ch: string, at: number) => {
    if (ch === ' ' && folded.endsWith(' ')) return;
    folded += ch;
    origin.push(at);
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    if (ch === '&') {
      push(' ', i);
      for (const c of 'and') push(c, i);
      push(' ', i);
    } else if (/^[a-z0-9#£]$/.test(ch)) push(ch, i);
    else if (ch === '.' && /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')) push('.', i);
    else push(' ', i);
  }
  push(' ', text.length);
  if (!folded.endsWith(' ')) {
    folded += ' ';
    origin.push(text.length);
  }
  return { folded, origin };
}

/** A name folded the way text is, without the end spaces. */
export function foldName(name: string): string {
  return foldWithOrigin(name).folded.trim();
}

export interface PhraseIndex<T> {
  /** Folded phrase -> what it names. */
  phrases: Map<string, T[]>;
  /** Phrase lengths in words, longest first, so "corporate review committee" wins over "corporate review". */
  byFirstWord: Map<string, string[]>;
}

export function phraseIndex<T>(entries: Iterable<[string, T]>, options: { minLength?: number } = {}): PhraseIndex<T> {
  const phrases = new Map<string, T[]>();
  for (const [name, value] of entries) {
    const key = foldName(name);
    if (key.length < (options.minLength ?? 2)) continue;
    const list = phrases.get(key) ?? [];
    if (!list.includes(value)) list.push(value);
    phrases.set(key, list);
  }
  const byFirstWord = new Map<string, string[]>();
  for (const key of phrases.keys()) {
    const first = key.split(' ')[0]!;
    const list = byFirstWord.get(first) ?? [];
    list.push(key);
    byFirstWord.set(first, list);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.length - a.length);
  return { phrases, byFirstWord };
}

/** Every whole-word occurrence of an indexed phrase, longest first, never overlapping `taken`. */
export function findPhrases<T>(text: FoldedText, original: string, index: PhraseIndex<T>, taken: Span[] = []): (Span & { values: T[] })[] {
  const found: (Span & { values: T[] })[] = [];
  const { folded, origin } = text;
  let i = 0;
  while (i < folded.length - 1) {
    if (folded[i] !== ' ') {
      i += 1;
      continue;
    }
    const wordEnd = folded.indexOf(' ', i + 1);
    if (wordEnd < 0) break;
    const first = folded.slice(i + 1, wordEnd);
    let matched = false;
    for (const phrase of index.byFirstWord.get(first) ?? []) {
      if (folded.startsWith(` ${phrase} `, i)) {
        const start = origin[i + 1]!;
        const end = origin[i + 1 + phrase.length - 1]! + 1;
        if (taken.some((t) => start < t.end && end > t.start) || found.some((f) => start < f.end && end > f.start)) continue;
        found.push({ start, end, text: original.slice(start, end), values: index.phrases.get(phrase)! });
        i += phrase.length + 1;
        matched = true;
        break;
      }
    }
    if (!matched) i = wordEnd;
  }
  return found;
}
