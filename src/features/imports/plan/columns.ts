/**
 * Which spreadsheet column holds which action field. Councils name columns their own way ("Action
 * No.", "Action Ref", "Lead", "Owner(s)", "Due date", "RAG/Status", "Progress update"), so the
 * importer guesses from the header text, finds the header row under any title rows, and lets the
 * user override every guess with a small JSON mapping file.
 */
import { z } from 'zod';
import { CanonicalStatus } from '../../../domain/model.js';
import { columnLetter, columnNumber, type TableCell } from '../table.js';

export const PLAN_FIELDS = [
  'number',
  'title',
  'description',
  'theme',
  'lead',
  'wltOwner',
  'deliveryLead',
  'target',
  'revised',
  'status',
  'commentary',
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

export const FIELD_LABELS: Record<PlanField, string> = {
  number: 'Action No.',
  title: 'Action',
  description: 'Description',
  theme: 'Theme/Section',
  lead: 'Lead Officer',
  wltOwner: 'WLT Owner',
  deliveryLead: 'Delivery Lead(s)',
  target: 'Target Date',
  revised: 'Revised Date',
  status: 'Status',
  commentary: 'Commentary',
};

/**
 * Header words, most specific first: "Revised target date" must not be read as the target date,
 * "Delivery Lead" not as the lead officer, "Action Ref" not as the action title.
 */
const HEADER_RULES: ReadonlyArray<[RegExp, PlanField]> = [
  [/\b(revised|new target|new due|forecast|re ?baselined)\b/, 'revised'],
  [/\b(target|due|deadline|timescales?|completion date|by when|when|date)\b/, 'target'],
  [/\bdelivery\b|\bdelivered by\b/, 'deliveryLead'],
  [/\b(wlt|slt|clt|senior|sponsor|accountable)\b/, 'wltOwner'],
  [/\b(lead|leads|owner|owners|responsible|officer|officers|who)\b/, 'lead'],
  [/\b(status|rag)\b/, 'status'],
  [/\b(comment|comments|commentary|progress|update|updates|narrative|notes?)\b/, 'commentary'],
  [/\b(theme|section|workstream|category|sub ?heading|area)\b/, 'theme'],
  [/^(action |rec |recommendation |item )?(no|number|ref|reference|id|#)$|^ref\b|\bref no\b/, 'number'],
  [/\b(description|details?|bullet points?|key activities)\b/, 'description'],
  [/\b(action|actions|title|recommendation|activity|task|what we will do)\b/, 'title'],
];

/** Lower-case words only: "Owner(s)" -> "owners", "RAG/Status" -> "rag status", "Action No." -> "action no". */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/\(s\)/g, 's')
    .replace(/#/g, ' # ')
    .replace(/[^a-z0-9#]+/g, ' ')
    .trim();
}

export function guessField(header: string): PlanField | undefined {
  const normalised = normaliseHeader(header);
  if (!normalised || normalised.length > 60) return undefined;
  return HEADER_RULES.find(([pattern]) => pattern.test(normalised))?.[1];
}

/** A mapping file: `{ "headerRow": 3, "columns": { "title": "Key action", "commentary": null } }`. */
export const ColumnMappingFile = z
  .object({
    /** 1-based row number of the header row (skips automatic detection). */
    headerRow: z.number().int().min(1).max(1000).optional(),
    /** Field -> header text (case-insensitive), column letter ("C") or 1-based column number; null ignores the field. */
    columns: z.partialRecord(z.enum(PLAN_FIELDS), z.union([z.string().min(1), z.number().int().min(1), z.null()])).default({}),
    /** Extra status labels for this file, on top of the plan's own ("amber" -> "AT_RISK"). */
    statusLabels: z.record(z.string(), CanonicalStatus).default({}),
    /** The date the spreadsheet's progress is as at (YYYY-MM-DD). */
    asAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').optional(),
    sheet: z.union([z.number().int().min(1), z.string().min(1)]).optional(),
  })
  .strict();
export type ColumnMappingFile = z.infer<typeof ColumnMappingFile>;

export interface ColumnChoice {
  field: PlanField;
  /** 0-based column index. */
  column: number;
  header: string;
  how: 'guessed' | 'mapping file';
}

export interface ColumnLayout {
  /** 0-based index of the header row. */
  headerRowIndex: number;
  columns: ColumnChoice[];
  /** Columns with a header that no field uses (reported, not imported). */
  ignored: string[];
}

export class ColumnMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ColumnMappingError';
  }
}

const HEADER_SEARCH_ROWS = 30;

/** Finds the header row and decides each field's column. */
export function layoutColumns(rows: readonly TableCell[][], mapping: ColumnMappingFile | undefined): ColumnLayout {
  const headerRowIndex = mapping?.headerRow !== undefined ? mapping.headerRow - 1 : findHeaderRow(rows);
  const headerCells = rows[headerRowIndex] ?? [];
  if (mapping?.headerRow !== undefined && headerCells.every((c) => !c?.text.trim())) {
    throw new ColumnMappingError(`The mapping file says the header row is row ${mapping.headerRow}, but that row is empty.`);
  }
  const headers = headerCells.map((c) => (c?.text ?? '').trim());
  const columns = new Map<PlanField, ColumnChoice>();
  const explicit = mapping?.columns ?? {};

  for (const [field, target] of Object.entries(explicit) as [PlanField, string | number | null][]) {
    if (target === null) continue;
    const column = findColumn(headers, target);
    if (column === undefined) {
      throw new ColumnMappingError(
        `The mapping file maps ${field} to ${JSON.stringify(target)}, but row ${headerRowIndex + 1} has no such column. Its columns are: ${describeHeaders(headers)}.`,
      );
    }
    columns.set(field, { field, column, header: headers[column] || columnLetter(column + 1), how: 'mapping file' });
  }
  const used = new Set([...columns.values()].map((c) => c.column));
  headers.forEach((header, column) => {
    if (!header || used.has(column)) return;
    const field = guessField(header);
    if (!field || columns.has(field) || field in explicit) return;
    columns.set(field, { field, column, header, how: 'guessed' });
    used.add(column);
  });
  // A sheet whose only text column is "Description" still has titles.
  if (!columns.has('title') && !('title' in explicit) && columns.has('description')) {
    const description = columns.get('description')!;
    columns.delete('description');
    columns.set('title', { ...description, field: 'title' });
  }
  if (!columns.has('title')) {
    throw new ColumnMappingError(
      `I could not tell which column holds the action titles in row ${headerRowIndex + 1} (${describeHeaders(headers)}). ` +
        'Name it "Action" or "Title", or give a mapping file such as {"columns": {"title": "Key action"}}.',
    );
  }
  const ignored = headers.filter((h, i) => h && !used.has(i));
  return {
    headerRowIndex,
    columns: PLAN_FIELDS.filter((f) => columns.has(f)).map((f) => columns.get(f)!),
    ignored,
  };
}

/** The first row (of the first 30) that names the most fields, with at least an action column and one other. */
export function findHeaderRow(rows: readonly TableCell[][]): number {
  let best = -1;
  let bestScore = 1;
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const fields = new Set<PlanField>();
    for (const cell of rows[i] ?? []) {
      const field = cell?.text ? guessField(cell.text) : undefined;
      if (field) fields.add(field);
    }
    const hasTitle = fields.has('title') || fields.has('description');
    if (hasTitle && fields.size > bestScore) {
      best = i;
      bestScore = fields.size;
    }
  }
  if (best < 0) {
    throw new ColumnMappingError(
      `None of the first ${limit} rows looks like a header row (column names such as Action, Action No., Lead Officer, Target Date, Status, Commentary). ` +
        'Give a mapping file with "headerRow" and "columns".',
    );
  }
  return best;
}

function findColumn(headers: readonly string[], target: string | number): number | undefined {
  if (typeof target === 'number') return target - 1;
  const byHeader = headers.findIndex((h) => normaliseHeader(h) === normaliseHeader(target));
  if (byHeader >= 0) return byHeader;
  const letter = columnNumber(target.trim());
  return letter !== undefined ? letter - 1 : undefined;
}

function describeHeaders(headers: readonly string[]): string {
  const named = headers.map((h, i) => (h ? `${columnLetter(i + 1)} "${h}"` : '')).filter(Boolean);
  return named.length ? named.join(', ') : 'no column names';
}
