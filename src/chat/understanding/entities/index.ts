/**
 * Every entity in a message, wherever it stands: first what any message can hold (status words,
 * days and periods, "my"), then the council's own names (plans, councils, committees, themes,
 * decisions, work-programme topics, people), then actions by number, title or description, and
 * last the words that look like a name the bot does not hold.
 *
 * Each recogniser claims its spans, so a word is read once: "is the Q3 performance report due?"
 * reads a topic, never an action that mentions performance.
 */
import type { Meeting } from '../../../domain/model.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import { emptyEntities, type Entities, type OwnerMention, type Span } from '../frame.js';
import { isStopWord, tokenise } from '../words.js';
import { recogniseActions } from './actions.js';
import { recogniseDays, recognisePeriods } from './dates.js';
import { recogniseNames } from './names.js';
import { recogniseOwners } from './owners.js';
import { foldWithOrigin } from './phrases.js';
import { recogniseStatuses } from './statuses.js';

export interface RecognitionOptions {
  now: Date;
  /** Words of questions, learnt from the utterances: never part of a name. */
  isQuestionWord: (word: string) => boolean;
}

/** The entities any message can hold, with no council data: used on utterances and messages alike. */
export function recogniseGeneric(text: string, now: Date, meetings: readonly Meeting[] = []): Pick<Entities, 'statuses' | 'days' | 'periods' | 'owners'> {
  const statuses = recogniseStatuses(text);
  const periods = recognisePeriods(text, { now, meetings }).filter((p) => !overlapsAny(p, statuses));
  const days = recogniseDays(text, { now, meetings }).filter((d) => !overlapsAny(d, [...statuses, ...periods]));
  const owners: OwnerMention[] = [];
  for (const m of text.matchAll(ME_ONLY)) {
    const span = { start: m.index!, end: m.index! + m[0].length };
    if (!overlapsAny(span, [...statuses, ...periods, ...days])) owners.push({ ...span, text: m[0], kind: 'me' });
  }
  return { statuses, periods, days, owners };
}

const ME_ONLY = /\b(?:my|mine|myself)\b|\bi\s+(?:own|lead|am\s+leading|deliver|am\s+delivering|am\s+responsible\s+for|look\s+after)\b|\b(?:assigned|allocated|given)\s+to\s+me\b|\b(?:owned|led)\s+by\s+me\b|\bon\s+my\s+plate\b/gi;

export function recogniseEntities(snapshot: Snapshot, text: string, options: RecognitionOptions): Entities & { topics: Span[] } {
  const entities = emptyEntities();
  const generic = recogniseGeneric(text, options.now, snapshot.meetings);
  entities.statuses = generic.statuses;
  entities.periods = generic.periods;
  entities.days = generic.days;
  const taken: Span[] = [...generic.statuses, ...generic.periods, ...generic.days, ...generic.owners];
  const folded = foldWithOrigin(text);
  // Numbers first: "2.2" is an action even where a name index would claim its words.
  const numbered = recogniseActions(snapshot, text, folded, taken, { isQuestionWord: () => true }).filter((a) => a.by === 'number' || a.by === 'id');
  taken.push(...numbered);
  const names = recogniseNames(snapshot, text, folded, taken);
  entities.plans = names.plans;
  entities.councils = names.councils;
  entities.committees = names.committees;
  entities.themes = names.themes;
  entities.decisions = names.decisions;
  taken.push(...names.plans, ...names.councils, ...names.committees, ...names.themes, ...names.decisions, ...names.topics);
  const people = recogniseOwners(snapshot, text, folded, taken, options.isQuestionWord).filter((o) => o.kind !== 'me');
  entities.owners = [...generic.owners, ...people].sort((a, b) => a.start - b.start);
  taken.push(...people);
  const actions = recogniseActions(snapshot, text, folded, taken, { isQuestionWord: options.isQuestionWord }).filter((a) => a.by !== 'number' && a.by !== 'id');
  entities.actions = [...numbered, ...actions].sort((a, b) => a.start - b.start);
  taken.push(...actions);
  entities.unknown = unknownRuns(text, taken, options.isQuestionWord);
  return { ...entities, topics: names.topics };
}

/** Runs of words that are neither the question's nor anything recognised: a name the bot does not hold. */
function unknownRuns(text: string, taken: Span[], isQuestionWord: (word: string) => boolean): Span[] {
  const runs: Span[] = [];
  let current: Span | undefined;
  for (const token of tokenise(text)) {
    const free = !taken.some((s) => token.start < s.end && token.end > s.start);
    const content = free && !isStopWord(token.word) && !isQuestionWord(token.word) && !/^\d+$/.test(token.word) && token.word.length > 1;
    if (content) {
      if (current && /^[\s'&-]*$/.test(text.slice(current.end, token.start))) current = { ...current, end: token.end, text: text.slice(current.start, token.end) };
      else {
        if (current) runs.push(current);
        current = { start: token.start, end: token.end, text: text.slice(token.start, token.end) };
      }
    } else if (current && !(free && isStopWord(token.word) && /^(?:of|and|the|for|on|in|to)$/.test(token.word))) {
      runs.push(current);
      current = undefined;
    }
  }
  if (current) runs.push(current);
  return runs;
}

function overlapsAny(span: { start: number; end: number }, others: readonly Span[]): boolean {
  return others.some((o) => span.start < o.end && span.end > o.start);
}
