/**
 * People and owner groups named in a message, and the asker themself: "Tilly Flanagan", a typo
 * ("Tilly Flannagan"), a surname alone when only one person has it ("Greatorex"), a group ("SDMs").
 * The asker ("my", "mine", "I own") is read with the other words any message can hold (index.ts).
 */
import MiniSearch from 'minisearch';
import type { Person } from '../../../domain/model.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import type { OwnerMention, Span } from '../frame.js';
import { findPhrases, phraseIndex, type FoldedText, type PhraseIndex } from './phrases.js';
import { isStopWord, tokenise } from '../words.js';
import { byCollections } from './by-collections.js';

interface PeopleIndex {
  names: PhraseIndex<Person>;
  surnames: Map<string, Person[]>;
  search: MiniSearch;
}

function peopleIndex(snapshot: Snapshot): PeopleIndex {
  return byCollections('understanding:people', [snapshot.data.people], () => {
    const entries: Array<[string, Person]> = [];
    const surnames = new Map<string, Person[]>();
    for (const person of snapshot.people) {
      for (const name of [person.name, ...person.aliases]) {
        entries.push([name, person]);
        const parts = name.trim().split(/\s+/);
        if (parts.length >= 2) {
          const surname = parts.at(-1)!.toLowerCase();
          const list = surnames.get(surname) ?? [];
          if (!list.includes(person)) list.push(person);
          surnames.set(surname, list);
        }
      }
    }
    const search = new MiniSearch({ fields: ['names'], storeFields: [] });
    search.addAll(snapshot.people.map((p) => ({ id: p.id, names: [p.name, ...p.aliases].join(' ') })));
    return { names: phraseIndex(entries, { minLength: 5 }), surnames, search };
  });
}

/** Capitalised or not, two neighbouring words that could be a first name and a surname. */
function nameLikePairs(text: string, taken: Span[], isQuestionWord: (word: string) => boolean): Array<{ start: number; end: number; words: string }> {
  const tokens = tokenise(text).filter((t) => /^[a-z][a-z'-]+$/.test(t.word) && !isStopWord(t.word) && !isQuestionWord(t.word) && !taken.some((s) => t.start < s.end && t.end > s.start));
  const pairs: Array<{ start: number; end: number; words: string }> = [];
  for (let i = 0; i + 1 < tokens.length; i += 1) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (/\S/.test(text.slice(a.end, b.start).trim())) continue;
    pairs.push({ start: a.start, end: b.end, words: `${a.word} ${b.word}` });
  }
  return pairs;
}

export function recogniseOwners(snapshot: Snapshot, text: string, folded: FoldedText, taken: Span[], isQuestionWord: (word: string) => boolean = () => false): OwnerMention[] {
  const index = peopleIndex(snapshot);
  const found: OwnerMention[] = [];
  const spans = () => [...taken, ...found];
  for (const f of findPhrases(folded, text, index.names, spans())) {
    // Two people share the name: the first is kept, the answer asks which when it matters.
    found.push({ start: f.start, end: f.end, text: f.text, kind: 'person', person: f.values[0]! });
  }
  for (const f of findPhrases(folded, text, groupIndex(snapshot), spans())) {
    if (f.text.length < 3 || !/[A-Z]{2}/.test(f.text)) continue; // "SDMs", never the word "sdm" inside a sentence
    found.push({ start: f.start, end: f.end, text: f.text, kind: 'group', group: f.values[0]! });
  }
  // Misspelt full names ("Tilly Flannagan"): both words close to one person's name.
  for (const pair of nameLikePairs(text, spans(), isQuestionWord)) {
    const results = index.search.search(pair.words, { fuzzy: 0.25, combineWith: 'AND' });
    if (results.length === 0) continue;
    if (results.length > 1 && results[1]!.score > results[0]!.score * 0.8) continue;
    const person = snapshot.person(String(results[0]!.id));
    if (!person || found.some((f) => pair.start < f.end && pair.end > f.start)) continue;
    if (results[0]!.terms.length < 2) continue;
    found.push({ start: pair.start, end: pair.end, text: text.slice(pair.start, pair.end), kind: 'person', person });
  }
  // A surname alone ("what is Greatorex delivering"), written with a capital, when only one person has it.
  for (const token of tokenise(text)) {
    if (spans().some((s) => token.start < s.end && token.end > s.start)) continue;
    const written = text.slice(token.start, token.end);
    if (!/^[A-Z][a-z'-]{3,}$/.test(written)) continue;
    const people = index.surnames.get(token.word);
    if (people?.length === 1) found.push({ start: token.start, end: token.end, text: written, kind: 'person', person: people[0]! });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Owner groups ("SDMs", "CCSMs") come from the actions' owner cells: a few, rebuilt per snapshot. */
function groupIndex(snapshot: Snapshot): PhraseIndex<string> {
  return snapshot.memo('understanding:owner-groups', () =>
    phraseIndex(
      snapshot.ownerGroups().flatMap((g): Array<[string, string]> => [
        [g, g],
        [g.replace(/s$/i, ''), g],
      ]),
      { minLength: 3 },
    ),
  );
}
