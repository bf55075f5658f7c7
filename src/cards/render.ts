/**
 * Renders Adaptive Cards 1.5 from the templates in cards/ with adaptivecards-templating.
 *
 * User text reaches a card only as template data: the templating engine does not evaluate `${...}`
 * inside data values, whereas text concatenated into a template would be evaluated (a leak). Every
 * Markdown field of the expanded card is then escaped (markdown.ts), so text anyone typed is shown
 * as typed, never as a link or formatting.
 * Every card is checked for structure and for size (Teams rejects messages over 100 KB; we keep
 * cards under 80 KB so the text and envelope fit too).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { projectPath } from '../paths.js';
import { escapeCardMarkdown } from './markdown.js';

export const MAX_CARD_BYTES = 80 * 1024;

export type AdaptiveCardJson = { type: 'AdaptiveCard'; version: string; body?: unknown[]; actions?: unknown[]; [key: string]: unknown };

export class CardTooLargeError extends Error {
  constructor(
    readonly template: string,
    readonly bytes: number,
  ) {
    super(`card ${template} is ${bytes} bytes, over the ${MAX_CARD_BYTES}-byte limit`);
    this.name = 'CardTooLargeError';
  }
}

/** Parsed templates, kept: constructing a Template costs ~40x more than expanding one. */
const templates = new Map<string, ACData.Template>();

function loadTemplate(name: string): ACData.Template {
  let template = templates.get(name);
  if (!template) {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`invalid card template name: ${name}`);
    const file = projectPath('cards', `${name}.json`);
    template = new ACData.Template(JSON.parse(readFileSync(file, 'utf8')));
    templates.set(name, template);
  }
  return template;
}

/** Names of every template in cards/ (for tests that validate them all). */
export function templateNames(): string[] {
  return readdirSync(projectPath('cards'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.basename(f, '.json'))
    .sort();
}

/** Size as Teams counts it (UTF-16 code units, two bytes each). */
export function cardBytes(card: unknown): number {
  return JSON.stringify(card).length * 2;
}

export function renderCard(name: string, data: Record<string, unknown>): AdaptiveCardJson {
  const card = escapeCardMarkdown(loadTemplate(name).expand({ $root: sanitiseData(data) }) as AdaptiveCardJson);
  const bytes = cardBytes(card);
  if (bytes > MAX_CARD_BYTES) throw new CardTooLargeError(name, bytes);
  return card;
}

/**
 * Data values are never evaluated by the templating engine, but a value that is *exactly* an
 * expression-looking string can still confuse Teams clients that re-template on refresh. Strings
 * are passed through unchanged except for control characters, which Teams rejects.
 */
function sanitiseData<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '') as T;
  if (Array.isArray(value)) return value.map(sanitiseData) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = sanitiseData(v);
    return out as T;
  }
  return value;
}
