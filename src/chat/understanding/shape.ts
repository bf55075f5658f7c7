/**
 * The shape of a message: its words, stemmed, with each recognised entity replaced by one
 * placeholder. Utterances are written with the placeholders already in place ("how is {action}
 * going"); messages get theirs from the recognisers. Both pass through the same typing rules and
 * the same status and date recognisers, so training and reading agree.
 */
import type { Entities, Span } from './frame.js';
import { stem, tokenise } from './words.js';

export const PLACEHOLDERS = ['action', 'owner', 'me', 'plan', 'council', 'theme', 'committee', 'decision', 'topic', 'day', 'period', 'status', 'thing'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface LabelledSpan extends Span {
  label: Placeholder;
  /** Extra shape tokens the span stands for (the status it names: "status=slipped"). */
  extra?: string;
}

const WRITTEN_PLACEHOLDER = /\{(\w+)\}/g;

/** Placeholders written into an utterance, as spans. "{person}" is another way to write {owner}. */
export function writtenPlaceholders(text: string): LabelledSpan[] {
  const spans: LabelledSpan[] = [];
  for (const m of text.matchAll(WRITTEN_PLACEHOLDER)) {
    const name = m[1] === 'person' || m[1] === 'group' ? 'owner' : m[1] === 'date' ? 'day' : m[1];
    if (!(PLACEHOLDERS as readonly string[]).includes(name!)) throw new Error(`Unknown placeholder {${m[1]}} in "${text}"`);
    spans.push({ start: m.index!, end: m.index! + m[0].length, text: m[0], label: name as Placeholder });
  }
  return spans;
}

export function entitySpans(entities: Entities, topics: readonly Span[] = []): LabelledSpan[] {
  const spans: LabelledSpan[] = [];
  const add = (list: readonly Span[], label: Placeholder) => list.forEach((s) => spans.push({ start: s.start, end: s.end, text: s.text, label }));
  add(entities.actions, 'action');
  entities.owners.forEach((o) => spans.push({ start: o.start, end: o.end, text: o.text, label: o.kind === 'me' ? 'me' : 'owner' }));
  add(entities.plans, 'plan');
  add(entities.councils, 'council');
  add(entities.themes, 'theme');
  add(entities.committees, 'committee');
  add(entities.decisions, 'decision');
  add(topics, 'topic');
  add(entities.days, 'day');
  add(entities.periods, 'period');
  entities.statuses.forEach((s) => spans.push({ start: s.start, end: s.end, text: s.text, label: 'status', extra: `status=${s.status}` }));
  add(entities.unknown, 'thing');
  return spans;
}

/** Words and placeholders in order; each span gives one placeholder however many words it covers. */
export function shapeOf(text: string, spans: readonly LabelledSpan[]): string[] {
  const ordered = [...spans].sort((a, b) => a.start - b.start);
  const shape: string[] = [];
  let cursor = 0;
  for (const span of ordered) {
    if (span.start < cursor) continue;
    for (const token of tokenise(text.slice(cursor, span.start))) shape.push(stem(token.word));
    shape.push(`{${span.label}}`);
    if (span.extra) shape.push(span.extra);
    cursor = span.end;
  }
  for (const token of tokenise(text.slice(cursor))) shape.push(stem(token.word));
  return shape;
}
