/**
 * Finding a committee item by topic when its title changes from document to document
 * (domain.md §5 item 11): "Performance Report" vs "Integrated Performance Report"; "Corporate
 * Complaints Annual Report" vs "Customer Feedback and Complaints Service - Annual Report 2019-20";
 * "Communities Principles" vs "Communities Principle - Update and Delivery Plan"; "MTFS" vs
 * "Medium Term Financial Strategy"; "Q3" vs "Quarter 3".
 *
 * How: both the question and every title go through the same normalisation (abbreviations
 * expanded, known equivalent phrases mapped to one form, plurals folded), then the question's words
 * are weighted by rarity across the candidates (a word every title has, like "report", counts for
 * little). Quarters and financial years are hard constraints: "Q3" never matches a Quarter 2 report.
 * Stable ids plus the stored aliases do the rest.
 *
 * Pure and deterministic.
 */

/** Abbreviations councils use in titles and questions, expanded before matching. */
export const TOPIC_ABBREVIATIONS: Readonly<Record<string, string>> = {
  mtfs: 'medium term financial strategy',
  ipr: 'integrated performance report',
  lep: 'local enterprise partnership',
  cip: 'corporate improvement plan',
  wg: 'working group',
  wp: 'work programme',
  crc: 'corporate review committee',
  vcse: 'voluntary community and social enterprise',
  cia: 'community impact assessment',
  nhs: 'nhs',
};

/**
 * Phrases that name the same thing, mapped to one form (applied after abbreviations). Order
 * matters: longer phrases first.
 */
export const TOPIC_EQUIVALENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bintegrated performance (report|reporting)\b/g, 'performance report'],
  [/\bcustomer feedback and complaints service\b/g, 'complaints'],
  [/\bcorporate complaints\b/g, 'complaints'],
  [/\bcustomer feedback\b/g, 'complaints'],
  [/\bcommunities principles?\b/g, 'communities principle'],
  [/\bcovid\s*-?\s*19\b/g, 'covid'],
  [/\bcoronavirus\b/g, 'covid'],
];

const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'of', 'and', 'or', 'for', 'to', 'on', 'in', 'at', 'with', 'by', 'from', 'about', 'into',
  'our', 'its', 'this', 'that', 'these', 'those', 'is', 'are', 'be', 'e', 'g', 'eg', 'item', 'items',
]);

/** Words too common in committee titles to identify an item on their own. */
const GENERIC_WORDS: ReadonlySet<string> = new Set([
  'report', 'update', 'plan', 'meeting', 'committee', 'final', 'annual', 'scrutiny', 'review', 'verbal', 'council', 'county', 'city',
  'corporate', 'services', 'service', 'staffordshire', 'quarter', 'discussion',
]);

const WORD_NUMBERS: Readonly<Record<string, string>> = { one: '1', two: '2', three: '3', four: '4', first: '1', second: '2', third: '3', fourth: '4' };

export interface TopicFeatures {
  /** Content words, singular, after expansion and equivalents. */
  words: string[];
  /** Financial quarters named ("Quarter 3", "Q3", "third quarter"). */
  quarters: number[];
  /** Financial years named, as "2020/21" ("2020/21", "2020-21", "2020/2021"). */
  years: string[];
}

function singular(word: string): string {
  if (word.length <= 3 || word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** The matching features of a title or a question. */
export function topicFeatures(text: string): TopicFeatures {
  let t = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[\u2013\u2014]/g, ' - ');

  const years: string[] = [];
  t = t.replace(/\b(20\d\d)\s*[/-]\s*(20)?(\d\d)\b/g, (_m, start: string, _c, end: string) => {
    years.push(`${start}/${end}`);
    return ' ';
  });

  const quarters: number[] = [];
  t = t.replace(/\bq([1-4])\b/g, (_m, q: string) => {
    quarters.push(Number(q));
    return ' quarter ';
  });
  t = t.replace(/\bquarters?\s+([1-4]|one|two|three|four)\b/g, (_m, q: string) => {
    quarters.push(Number(WORD_NUMBERS[q] ?? q));
    return ' quarter ';
  });
  t = t.replace(/\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\b/g, (_m, q: string) => {
    quarters.push(Number(WORD_NUMBERS[q] ?? q.charAt(0)));
    return ' quarter ';
  });

  t = t.replace(/[^a-z0-9]+/g, ' ');
  t = t
    .split(' ')
    .map((w) => TOPIC_ABBREVIATIONS[w] ?? w)
    .join(' ');
  for (const [pattern, replacement] of TOPIC_EQUIVALENTS) t = t.replace(pattern, replacement);

  const words = t
    .split(/\s+/)
    .filter((w) => w && !STOP_WORDS.has(w))
    .map(singular);
  return { words: [...new Set(words)], quarters: [...new Set(quarters)], years: [...new Set(years)] };
}

export interface TopicCandidate<T> {
  id: string;
  /** The title and every alias it has been known by. */
  titles: readonly string[];
  value: T;
}

export interface TopicMatch<T> {
  candidate: TopicCandidate<T>;
  /** 0..1: how much of the question the best title covers, weighted by word rarity. */
  score: number;
  /** The title (or alias) that matched best. */
  matchedTitle: string;
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** 1 for the same word, 0.8 for a one-letter typo in a longer word, else 0. */
function wordMatch(queryWord: string, titleWords: ReadonlySet<string>): number {
  if (titleWords.has(queryWord)) return 1;
  if (queryWord.length >= 5) for (const w of titleWords) if (w.length >= 5 && withinOneEdit(queryWord, w)) return 0.8;
  return 0;
}

export interface MatchTopicOptions {
  /** Minimum score to be returned at all (default 0.55). */
  minScore?: number;
}

/**
 * Candidates whose titles match the topic, best first. A candidate is left out when the question
 * names a quarter or financial year the title contradicts, or when only generic words ("report")
 * match.
 */
export function matchTopic<T>(topic: string, candidates: readonly TopicCandidate<T>[], options: MatchTopicOptions = {}): TopicMatch<T>[] {
  const query = topicFeatures(topic);
  if (query.words.length === 0 && query.quarters.length === 0) return [];
  const minScore = options.minScore ?? 0.55;

  const prepared = candidates.map((c) => ({ candidate: c, titles: c.titles.map((title) => ({ title, features: topicFeatures(title) })) }));
  // Rarity weights over the candidates (each candidate counted once per word).
  const documentFrequency = new Map<string, number>();
  for (const p of prepared) {
    const seen = new Set(p.titles.flatMap((t) => t.features.words));
    for (const w of seen) documentFrequency.set(w, (documentFrequency.get(w) ?? 0) + 1);
  }
  const n = Math.max(1, prepared.length);
  const weight = (w: string) => Math.log(1 + n / (documentFrequency.get(w) ?? 0.5)) * (GENERIC_WORDS.has(w) ? 0.5 : 1);
  const queryWeight = query.words.reduce((sum, w) => sum + weight(w), 0);

  const results: TopicMatch<T>[] = [];
  for (const p of prepared) {
    let best: TopicMatch<T> | undefined;
    for (const { title, features } of p.titles) {
      if (query.quarters.length && !query.quarters.every((q) => features.quarters.includes(q))) continue;
      if (query.years.length && features.years.length && !query.years.some((y) => features.years.includes(y))) continue;
      const titleWords = new Set(features.words);
      let matched = 0;
      let specific = false;
      for (const w of query.words) {
        const m = wordMatch(w, titleWords);
        if (m > 0) {
          matched += m * weight(w);
          if (!GENERIC_WORDS.has(w)) specific = true;
        }
      }
      const quarterOnly = query.words.length === 0 || query.words.every((w) => GENERIC_WORDS.has(w));
      if (!specific && !(quarterOnly && query.quarters.length)) continue;
      const coverage = queryWeight > 0 ? matched / queryWeight : 1;
      const titleWeight = features.words.reduce((sum, w) => sum + weight(w), 0);
      const precision = titleWeight > 0 ? Math.min(1, matched / titleWeight) : 0;
      const score = Math.round((coverage * 0.85 + precision * 0.15) * 1000) / 1000;
      if (!best || score > best.score) best = { candidate: p.candidate, score, matchedTitle: title };
    }
    if (best && best.score >= minScore) results.push(best);
  }
  return results.sort((a, b) => b.score - a.score || a.candidate.id.localeCompare(b.candidate.id));
}

/**
 * The matches that are as good as the best one (within `margin`): the ones to offer when the
 * question does not single out one item.
 */
export function topMatches<T>(matches: readonly TopicMatch<T>[], margin = 0.1): TopicMatch<T>[] {
  const best = matches[0];
  if (!best) return [];
  return matches.filter((m) => m.score >= best.score - margin);
}
