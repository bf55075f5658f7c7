/**
 * Parsing: reads a whole target-date cell. Milestone cells ("Oct 20 (Launch) Jan 21 (allocation)"),
 * decorations peeled off one expression ("(TBC)", "(end of year 5)", ", possibly January"), leading and
 * trailing qualifiers ("by the end of", "at the latest") and relative phrases; the bare date inside is
 * read by date-expr-bare-date.ts.
 */
import { DateTime } from 'luxon';
import type { DateExpr, Milestone, SimpleDateExpr } from '../model.js';
import { COUNCIL_ZONE } from '../uk-format.js';
import { parseBareDate } from './bare-date.js';
import { QUALIFIERS_THAT_END_AT_PERIOD_END, RELATIVE_PHRASES, TENTATIVE_MARKER, type Qualifier } from './vocabulary.js';

export interface DateExprParseContext {
  /** The document (or conversation) date, YYYY-MM-DD: supplies missing years and anchors relative phrases. */
  referenceDate?: string;
}

/**
 * Reads a target-date expression. Returns null when the text is not understood: the caller keeps the
 * raw text and shows it as written rather than acting on a guess.
 *
 * @throws RangeError when `context.referenceDate` is given but is not a real YYYY-MM-DD date
 *   (a programming error: documents and chats always have a known date).
 */
export function parseDateExpr(raw: string, context: DateExprParseContext = {}): DateExpr | null {
  const reference = readReferenceDate(context.referenceDate);
  const trimmed = raw.trim();
  const text = normaliseSpacing(trimmed);
  if (text === '') return null;

  const parsed = parseMilestoneCell(text, reference) ?? parseMilestoneList(text, reference) ?? parseSingleExpression(text, reference);
  if (!parsed) return null;
  return { ...parsed, raw: trimmed };
}

function readReferenceDate(referenceDate: string | undefined): DateTime | undefined {
  if (referenceDate === undefined) return undefined;
  const reference = /^\d{4}-\d{2}-\d{2}$/.test(referenceDate)
    ? DateTime.fromISO(referenceDate, { zone: COUNCIL_ZONE })
    : DateTime.invalid('not YYYY-MM-DD');
  if (!reference.isValid) throw new RangeError(`referenceDate must be a real YYYY-MM-DD date, got "${referenceDate}"`);
  return reference;
}

/** Collapses runs of spaces and reads typographic dashes/quotes as plain ones; case is kept for annotations. */
function normaliseSpacing(text: string): string {
  return text
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Oct 20 (Launch) Jan 21 (allocation)": one cell, two or more dated milestones, each labelled in brackets. */
function parseMilestoneCell(text: string, reference: DateTime | undefined): DateExpr | null {
  const segmentPattern = /\s*([^()]+?)\s*\(([^()]*)\)/y;
  const segments: { dateText: string; bracketText: string }[] = [];
  let position = 0;
  while (position < text.length) {
    segmentPattern.lastIndex = position;
    const match = segmentPattern.exec(text);
    if (!match) return null;
    segments.push({ dateText: match[1], bracketText: match[2].trim() });
    position = segmentPattern.lastIndex;
  }
  if (segments.length < 2) return null;

  const milestones: Milestone[] = [];
  for (const { dateText, bracketText } of segments) {
    const isTentativeMarker = TENTATIVE_MARKER.test(bracketText);
    let at = parseUndatedWord(dateText) ?? parseSimpleExpression(dateText, reference);
    if (at && isTentativeMarker) at = markTentative(at);
    if (!at) return null;
    milestones.push({ label: isTentativeMarker ? '' : bracketText, at });
  }
  return { kind: 'milestones', raw: text, milestones };
}

/** "Launch October 2020; allocation January 2021" (how formatDateExpr writes milestones). */
function parseMilestoneList(text: string, reference: DateTime | undefined): DateExpr | null {
  const parts = text.split(/\s*;\s*/);
  if (parts.length < 2) return null;
  const milestones: Milestone[] = [];
  for (const part of parts) {
    const milestone = parseLabelledMilestone(part, reference);
    if (!milestone) return null;
    milestones.push(milestone);
  }
  return { kind: 'milestones', raw: text, milestones };
}

function parseLabelledMilestone(part: string, reference: DateTime | undefined): Milestone | null {
  const unlabelled = parseSingleExpression(part, reference);
  if (unlabelled) return { label: '', at: unlabelled };
  // Shortest label first, so "Report by March 2021" keeps "by" with the date.
  for (const space of part.matchAll(/ /g)) {
    const label = part.slice(0, space.index).replace(/:$/, '').trim();
    const at = parseSingleExpression(part.slice(space.index + 1), reference);
    if (at && label !== '') return { label, at };
  }
  return null;
}

/**
 * One expression, with its decorations peeled off the end: "(TBC)" makes it tentative, another
 * bracket is an annotation ("July 21 (end of year 5)"), ", possibly January" is a soft preference.
 */
function parseSingleExpression(text: string, reference: DateTime | undefined): SimpleDateExpr | null {
  let core = text;
  let tentative = false;
  const annotations: string[] = [];

  for (let bracket = /^(.*?)\s*\(([^()]*)\)$/.exec(core); bracket; bracket = /^(.*?)\s*\(([^()]*)\)$/.exec(core)) {
    const inside = bracket[2].trim();
    if (TENTATIVE_MARKER.test(inside)) tentative = true;
    else if (inside !== '') annotations.unshift(inside);
    core = bracket[1];
  }
  const trailingTbc = /^(.+?),? (?:tbc|to be confirmed)$/i.exec(core);
  if (trailingTbc) {
    tentative = true;
    core = trailingTbc[1];
  }
  const preference = /^(.+?), ((?:possibly|probably|ideally|preferably) .+)$/i.exec(core);
  if (preference) {
    annotations.push(preference[2]);
    core = preference[1];
  }

  if (core === '' && tentative && annotations.length === 0) return { kind: 'tbc', raw: text }; // "(TBC)" on its own
  const undated = parseUndatedWord(core);
  if (undated) return annotations.length || (tentative && undated.kind === 'ongoing') ? null : { ...undated, raw: text };

  let expr = parseSimpleExpression(core, reference);
  if (expr && tentative) expr = markTentative(expr);
  if (expr && annotations.length > 1) return null; // two notes on one date: too unusual to read safely
  if (expr && annotations.length === 1) expr = annotate(expr, annotations[0]);
  return expr ? { ...expr, raw: text } : null;
}

/** "Ongoing" and "TBC": targets with no date at all. */
function parseUndatedWord(text: string): SimpleDateExpr | null {
  if (/^(?:on-?going|on going)$/i.test(text)) return { kind: 'ongoing', raw: text };
  if (TENTATIVE_MARKER.test(text)) return { kind: 'tbc', raw: text };
  return null;
}

/** A date with an optional leading/trailing qualifier: "by the end of June", "by August 2018 at the latest". */
function parseSimpleExpression(text: string, reference: DateTime | undefined): SimpleDateExpr | null {
  const raw = text.trim();
  const relative = parseRelativePhrase(raw, reference);
  if (relative) return relative;

  let core = raw;
  let qualifier: Qualifier | undefined;
  const atTheLatest = /^(.+?),? at the (?:very )?latest$/i.exec(core);
  if (atTheLatest) {
    qualifier = 'at the latest';
    core = atTheLatest[1].replace(/^by /i, '');
  } else {
    const leading: [RegExp, Qualifier | undefined][] = [
      [/^(?:by )?(?:the )?end of (?:the )?/i, 'end of'],
      [/^(?:by|no later than|not later than) /i, 'by'],
      [/^before /i, 'before'],
      [/^(?:until|till|up to) /i, 'until'],
      [/^(?:from|starting|starting in|with effect from) /i, 'from'],
      [/^during /i, 'during'],
      [/^(?:in|over|around) (?:the )?/i, undefined],
      [/^the /i, undefined],
    ];
    for (const [pattern, meaning] of leading) {
      if (pattern.test(core)) {
        qualifier = meaning;
        core = core.replace(pattern, '');
        break;
      }
    }
  }

  if (qualifier && parseRelativePhrase(core, reference)) return null; // "before next year": no such shape
  const bare = parseBareDate(core, reference);
  if (!bare) return null;
  const qualified = qualifier ? qualify(bare, qualifier) : bare;
  return qualified ? { ...qualified, raw } : null;
}

function parseRelativePhrase(text: string, reference: DateTime | undefined): SimpleDateExpr | null {
  if (!RELATIVE_PHRASES.some((pattern) => pattern.test(text))) return null;
  return reference ? { kind: 'relative', raw: text, anchor: reference.toISODate()! } : { kind: 'relative', raw: text };
}

/**
 * Attaches a qualifier. Kinds without a qualifier field keep their meaning when the qualifier only says
 * "by the end of this period" ("during 2021/22", "by 2025"); "before"/"from" would change the due date,
 * and the schema cannot record them, so those return null rather than a wrong date.
 */
function qualify(expr: SimpleDateExpr, qualifier: Qualifier): SimpleDateExpr | null {
  if (expr.kind === 'date' || expr.kind === 'month') return { ...expr, qualifier };
  if (expr.kind === 'relative' || expr.kind === 'ongoing' || expr.kind === 'tbc') return null;
  return QUALIFIERS_THAT_END_AT_PERIOD_END.has(qualifier) ? expr : null;
}

function markTentative(expr: SimpleDateExpr): SimpleDateExpr | null {
  switch (expr.kind) {
    case 'month':
    case 'season':
    case 'approximate':
    case 'year':
      return { ...expr, tentative: true };
    case 'tbc':
      return expr;
    default:
      return null; // the schema has no tentative flag for this kind; better unread than silently firm
  }
}

function annotate(expr: SimpleDateExpr, annotation: string): SimpleDateExpr | null {
  if (expr.kind === 'date' || expr.kind === 'month' || expr.kind === 'approximate') return { ...expr, annotation };
  return null; // no annotation field for this kind: dropping the note would lose meaning
}
