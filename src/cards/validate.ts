/**
 * Validates rendered cards against Adaptive Cards 1.5 as Teams supports it.
 *
 * The official 1.5 JSON schema is not published on npm (adaptivecards-designer ships only 1.0), so
 * two checks stand in for it: the official object model (the `adaptivecards` package) parses the
 * card strictly and reports unknown element/action types and invalid properties, and a zod schema
 * pins the Teams subset (version 1.5, no media, Action.Execute/Submit/OpenUrl/ShowCard/
 * ToggleVisibility only, unique input ids, no template expression left unbound, under 80 KB).
 */
import { createRequire } from 'node:module';
import { z } from 'zod';
import { MAX_CARD_BYTES, cardBytes } from './render.js';

// adaptivecards' lib/ is ESM with extensionless imports; its dist bundle loads in Node.
const AC: typeof import('adaptivecards') = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js');

const ELEMENT_TYPES = [
  'TextBlock', 'RichTextBlock', 'TextRun', 'Image', 'ImageSet', 'Container', 'ColumnSet', 'Column', 'FactSet',
  'ActionSet', 'Table', 'TableRow', 'TableCell', 'Input.Text', 'Input.Number', 'Input.Date', 'Input.Time',
  'Input.Toggle', 'Input.ChoiceSet',
] as const;
const ACTION_TYPES = ['Action.Submit', 'Action.Execute', 'Action.OpenUrl', 'Action.ShowCard', 'Action.ToggleVisibility'] as const;

const Action: z.ZodType = z.lazy(() =>
  z.looseObject({
    type: z.enum(ACTION_TYPES),
    title: z.string().max(200).optional(),
    verb: z.string().optional(),
    url: z.string().optional(),
    card: Card.optional(),
    fallback: z.union([z.literal('drop'), Action]).optional(),
  }),
);

const Element: z.ZodType = z.lazy(() =>
  z.looseObject({
    type: z.enum(ELEMENT_TYPES),
    id: z.string().optional(),
    items: z.array(Element).optional(),
    columns: z.array(z.unknown()).optional(),
    rows: z.array(z.unknown()).optional(),
    cells: z.array(z.unknown()).optional(),
    inlines: z.array(z.unknown()).optional(),
    actions: z.array(Action).optional(),
    selectAction: Action.optional(),
  }),
);

const Card = z.looseObject({
  type: z.literal('AdaptiveCard'),
  version: z.literal('1.5'),
  body: z.array(Element).optional(),
  actions: z.array(Action).max(6, 'Teams shows at most 6 card-level actions').optional(),
  refresh: z.unknown().optional(),
});

export function validateCard(card: unknown): string[] {
  const errors: string[] = [];
  const structural = Card.safeParse(card);
  if (!structural.success) {
    for (const issue of structural.error.issues.slice(0, 10)) errors.push(`${issue.path.join('.') || '(card)'}: ${issue.message}`);
  }
  const json = JSON.stringify(card);
  const unbound = /\$\{[^}]*\}/.exec(stripDataStrings(card));
  if (unbound) errors.push(`template expression left unbound: ${unbound[0]}`);
  if (cardBytes(card) > MAX_CARD_BYTES) errors.push(`card is ${cardBytes(card)} bytes, over ${MAX_CARD_BYTES}`);

  const ids = new Set<string>();
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.')) {
      if (typeof node.id !== 'string' || !node.id) errors.push(`${node.type} without an id`);
      else if (ids.has(node.id)) errors.push(`duplicate input id ${node.id}`);
      else ids.add(node.id);
    }
    if (node.type === 'Action.Execute' && !node.verb) errors.push('Action.Execute without a verb');
    if (node.type === 'TextBlock' && typeof node.text !== 'string') errors.push('TextBlock without text');
  });

  // The official object model: unknown types and invalid values surface as parse/validation events.
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(JSON.parse(json), context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    errors.push(`adaptivecards: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    errors.push(`adaptivecards: ${event.message}`);
  }
  return errors;
}

/**
 * User data may legitimately contain "${...}" (it is never evaluated), so only look for unbound
 * expressions in property values that came from the template: strings that are *entirely* an
 * expression, which is what a missing binding leaves behind.
 */
function stripDataStrings(card: unknown): string {
  const leftovers: string[] = [];
  walk(card, (node) => {
    for (const value of Object.values(node)) {
      if (typeof value === 'string' && /^\$\{[^}]*\}$/.test(value)) leftovers.push(value);
    }
  });
  return leftovers.join(' ');
}

function walk(node: unknown, visit: (node: Record<string, any>) => void): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit));
  if (node && typeof node === 'object') {
    visit(node as Record<string, any>);
    for (const value of Object.values(node)) walk(value, visit);
  }
}
