/**
 * Words as the understanding layer compares them: tokens with their positions, a light stemmer
 * (so "slipping", "slipped" and "slips" meet), and the small words that never name anything.
 */

export interface Token {
  /** Lower-case, apostrophes removed. */
  word: string;
  stem: string;
  start: number;
  end: number;
}

const TOKEN = /[a-z0-9£#][a-z0-9£#'.\/-]*[a-z0-9%]|[a-z0-9£#]/gi;

/** Words split out of text, with their offsets. "5.10", "staffs-cdp-12", "17/11" and "£200k" stay whole. */
export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    let raw = m[0];
    // A sentence-final full stop is not part of the word ("status of 5.5." keeps "5.5").
    raw = raw.replace(/\.+$/, '');
    if (!raw) continue;
    const word = raw.toLowerCase().replace(/'/g, '');
    tokens.push({ word, stem: stem(word), start: m.index!, end: m.index! + raw.length });
  }
  return tokens;
}

/** A deliberately light stemmer: consistent for training and reading matters more than linguistics. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:sses|xes|ches|shes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  // "slipp" (slipped, slipping) and "slip" meet; "plann" and "plan".
  if (/([bdglmnprt])\1$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Words that never name an action, a person or a plan on their own. */
export const STOP_WORDS = new Set(
  `a an the of and or to for in on at by with from into onto about as is are was were be been being am do does did done
  has have had having it its it's this that these those there here what which who whom whose how why when where
  i me my mine we us our you your they them their he him his she her
  can could will would shall should may might must not no any some all every each
  so than then too very just only also still yet already now ever
  please thanks thank hi hello hey ok okay up out over under again more most much many
  one ones thing things stuff bit`
    .split(/\s+/)
    .filter(Boolean),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}
