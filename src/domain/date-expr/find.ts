/**
 * Finding dates inside text: the deadline written into an action title, and UK day-first dates
 * inside prose.
 */
import type { DateExpr } from '../model.js';
import { dayExpr, fourDigitYear } from './bare-date.js';
import { parseDateExpr } from './parse.js';

/** Words that introduce a deadline in a title; "for 2019/20" or "programme 2017/18" is scope, not a target. */
const DEADLINE_WORDS: ReadonlySet<string> = new Set(['by', 'before', 'until', 'till', 'end', 'no', 'not']);
const LONGEST_DATE_IN_WORDS = 8;
const DATED_KINDS: ReadonlySet<DateExpr['kind']> = new Set(['date', 'month', 'season', 'approximate', 'quarter', 'financial_year', 'year']);

/**
 * The deadline written into an action title ("... sign-off by each strategic director by March 2018"
 * -> month 2018-03, qualifier "by"). Only deadline phrases count, and the last one wins because
 * titles put the target at the end. The title itself is never changed.
 */
export function findTargetInTitle(title: string): DateExpr | null {
  const words = [...title.matchAll(/\S+/g)];
  let found: DateExpr | null = null;
  for (let first = 0; first < words.length; first++) {
    if (!DEADLINE_WORDS.has(words[first][0].toLowerCase())) continue;
    const longest = Math.min(words.length, first + LONGEST_DATE_IN_WORDS);
    for (let end = longest; end > first + 1; end--) {
      const lastWord = words[end - 1];
      const phrase = title.slice(words[first].index, lastWord.index + lastWord[0].length).replace(/[.,;:!?]+$/, '');
      const expr = parseDateExpr(phrase);
      if (expr && DATED_KINDS.has(expr.kind)) {
        found = expr;
        first = end - 1; // "by the end of March 2019" must not be re-read as its tail "end of March 2019"
        break;
      }
    }
  }
  return found;
}

/**
 * d/m/yy and d/m/yyyy dates inside prose, read UK day-first ("3/7/20" is 3 July 2020). Fractions
 * such as "1/2" have no year and are ignored, as are impossible dates ("31/02/20").
 */
export function findUkDatesInText(text: string): { raw: string; date: string }[] {
  const found: { raw: string; date: string }[] = [];
  for (const match of text.matchAll(/(?<![\w/.-])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\w/]|\.\d)/g)) {
    const expr = dayExpr(match[0], fourDigitYear(match[3]), Number(match[2]), Number(match[1]));
    if (expr?.kind === 'date') found.push({ raw: match[0], date: expr.value });
  }
  return found;
}
