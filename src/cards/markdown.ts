/**
 * Card text is Markdown to Teams: a TextBlock's `text` and a FactSet's titles and values are read
 * as Markdown (bold, italics, lists, links), so a person who types `[Council tax refund](https://…)`
 * into a commentary, a suggestion topic or a question would have it shown as a live link in the
 * bot's own card, sent under the bot's name to other people (support officers, a channel).
 *
 * The design that cannot be forgotten: the renderer escapes every such field of every card after
 * the template is expanded (`escapeCardMarkdown`), whatever put the text there. Nothing in the
 * bot's cards relies on Markdown (emphasis is `weight`/`style`, lists are one TextBlock per item),
 * so bot-written text loses nothing, and a new template or a new answer built from user text is
 * escaped without anyone remembering to.
 *
 * Escaping is CommonMark's backslash before the characters that start Markdown in the subset
 * Teams renders, and before line-start markers (lists, headings, quotes). Teams shows `\[` as `[`,
 * so people see exactly what was typed. Plain-text messages are sent with textFormat "plain"
 * instead (teams/reply-activity.ts).
 */

/** Characters that open Markdown anywhere in a line: emphasis, links and images, code, strike-through, autolinks and HTML. */
const INLINE = /[\\*_[\]`~<]/g;
/**
 * What only means something at the start of a line: headings, quotes, bullets, rules and setext
 * underlines (the first character escaped is enough), and ordered-list numbers, whose "." or ")"
 * gets the backslash (a backslash before a digit is not an escape).
 */
const LINE_START = /^([ \t]*)(?:([#>+=-])|(\d{1,9})([.)])(?=[ \t]|$))/gm;

export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE, (c) => `\\${c}`)
    .replace(LINE_START, (_m, space: string, marker: string | undefined, digits: string | undefined, delimiter: string | undefined) =>
      marker ? `${space}\\${marker}` : `${space}${digits}\\${delimiter}`,
    );
}

/**
 * Every Markdown field of a rendered card, escaped: TextBlock `text`, Fact `title` and `value`
 * (anywhere in the card: bodies, containers, columns, table cells, Action.ShowCard cards).
 * Inputs, action data and titles are not Markdown and are left as they are.
 */
export function escapeCardMarkdown<T>(node: T): T {
  if (Array.isArray(node)) return node.map(escapeCardMarkdown) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const element = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(element)) {
    if (element.type === 'TextBlock' && key === 'text' && typeof value === 'string') out[key] = escapeMarkdown(value);
    else if (key === 'facts' && Array.isArray(value)) out[key] = value.map(escapeFact);
    else out[key] = escapeCardMarkdown(value);
  }
  return out as T;
}

function escapeFact(fact: unknown): unknown {
  if (!fact || typeof fact !== 'object') return fact;
  const { title, value, ...rest } = fact as Record<string, unknown>;
  return { ...rest, ...(typeof title === 'string' ? { title: escapeMarkdown(title) } : { title }), ...(typeof value === 'string' ? { value: escapeMarkdown(value) } : { value }) };
}
