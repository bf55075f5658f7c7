/**
 * Escaping card Markdown (src/cards/markdown.ts), checked with a real CommonMark renderer
 * (markdown-it, the one the Adaptive Cards SDK documents for rendering card Markdown): whatever
 * anyone types is shown as typed, never as a link, emphasis, a list or a heading.
 */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeCardMarkdown, escapeMarkdown } from '../../src/cards/markdown.js';
import { renderCard } from '../../src/cards/render.js';
import { textActivity } from '../../src/teams/reply-activity.js';

const markdown = new MarkdownIt();

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

describe('escapeMarkdown', () => {
  it.each([
    ['[Council tax refund](https://evil.example/phish)'],
    ['![tracking pixel](https://evil.example/p.png)'],
    ['<https://evil.example>'],
    ['**URGENT** _now_ *please* ~~old~~ `code`'],
    ['# Heading'],
    ['- one\n+ two\n* three\n1. four\n2) five'],
    ['> quoted'],
    ['Title\n===\nSub\n---'],
    ['[link][ref]\n\n[ref]: https://evil.example'],
    ['<b>bold</b> <script>alert(1)</script>'],
    ['C:\\Users\\tilly \\* already escaped \\['],
  ])('%j is shown exactly as typed', (typed) => {
    const rendered = markdown.render(escapeMarkdown(typed));
    expect(rendered).not.toMatch(/<(a|em|strong|ul|ol|li|h\d|blockquote|code|img|s|del|hr)\b/);
    const paragraphs = typed.split(/\n{2,}/).map((p) => `<p>${html(p)}</p>`).join('\n');
    expect(rendered.trim()).toBe(paragraphs);
  });

  it('leaves ordinary text alone (action numbers, dates, hyphens inside words)', () => {
    for (const text of ['2.2 is late', 'Pub is the Hub (9 wards)', 'Q3 2020/21: 17 of 41 on-track', 'e-mail the co-owner']) expect(escapeMarkdown(text)).toBe(text);
  });

  it('any single line made of Markdown characters renders as that line, unformatted', () => {
    const alphabet = fc.constantFrom(...'ab1. *_[]()!<>#`~-+=:\\/'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 40 }).map((chars) => chars.join('')), (typed) => {
        fc.pre(typed.trim() === typed && typed.length > 0);
        expect(markdown.renderInline(escapeMarkdown(typed))).toBe(html(typed));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('every card is escaped where Teams reads Markdown', () => {
  it('TextBlocks and facts, not inputs, action data or titles', () => {
    const escaped = escapeCardMarkdown({
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: '[x](https://e.example)' },
        { type: 'FactSet', facts: [{ title: '*t*', value: '[v](https://e.example)' }] },
        { type: 'Input.Text', id: 'commentary', value: '[kept](https://as.typed)' },
        { type: 'Container', items: [{ type: 'ColumnSet', columns: [{ type: 'Column', items: [{ type: 'TextBlock', text: '_deep_' }] }] }] },
      ],
      actions: [{ type: 'Action.Submit', title: '[title]', data: { ask: 'status of [x]' } }],
    });
    expect(escaped.body[0]).toEqual({ type: 'TextBlock', text: '\\[x\\](https://e.example)' });
    expect(escaped.body[1]).toEqual({ type: 'FactSet', facts: [{ title: '\\*t\\*', value: '\\[v\\](https://e.example)' }] });
    expect(escaped.body[2]).toEqual({ type: 'Input.Text', id: 'commentary', value: '[kept](https://as.typed)' });
    expect(JSON.stringify(escaped.body[3])).toContain('\\\\_deep\\\\_');
    expect(escaped.actions[0]).toEqual({ type: 'Action.Submit', title: '[title]', data: { ask: 'status of [x]' } });
  });

  it('renderCard escapes user text bound into any template', () => {
    const card = renderCard('message', { title: 'I can\'t find "[refund](https://evil.example)".', body: undefined, lines: ['**a**'], notes: [], choices: [{ title: '[b]', ask: '[b]' }] });
    const texts = JSON.stringify(card);
    expect(texts).toContain('\\\\[refund\\\\](https://evil.example)');
    expect(texts).toContain('"ask":"[b]"');
  });

  it('plain-text replies are marked as plain, so Teams does not read them as Markdown', () => {
    expect(textActivity({ text: '[x](https://evil.example)' })).toMatchObject({ text: '[x](https://evil.example)', textFormat: 'plain' });
  });
});
