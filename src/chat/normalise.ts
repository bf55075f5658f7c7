/**
 * Turns what Teams delivers into plain question text: mentions and HTML removed, quotes and
 * spaces normalised, trailing punctuation dropped ("what's happening with action 5.5." works).
 * Case is kept: slots such as commentary must reach the store as written.
 */

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };

export const MAX_MESSAGE_CHARS = 6000;

export function normaliseText(input: string): string {
  return input
    .replace(/<at>[^<]*<\/at>/gi, ' ') // Teams mentions, including the bot's own
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?[a-z][^>]*>/gi, ' ') // any other markup Teams adds (<p>, <div>)
    .replace(/&(nbsp|amp|lt|gt|quot|#39|apos);/gi, (m) => ENTITIES[m.toLowerCase()] ?? m)
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\u2018\u2019\u2032]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/\n\s*/g, '\n')
    .trim();
}

/** The text used for intent matching: one line, no trailing punctuation. */
export function matchingText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\s?!.,;:]+$/g, '').trim();
}

/** Lower-case folded form for comparisons: accents, punctuation and "&"/"and" differences removed. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9#.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
