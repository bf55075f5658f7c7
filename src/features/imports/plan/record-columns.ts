/**
 * Column guesses and the mapping file for spreadsheets of records other than actions: performance
 * measures ("Measure No.", "Measure", "Benchmark Position", "Performance Trajectory") and
 * recommendations ("Ref", "Recommendation", "Theme", "Status", "Progress"). Same rules as the action
 * importer (columns.ts): the header row is found under any title rows, each header is guessed
 * from its words, and a small JSON mapping file overrides any guess.
 */
import { z } from 'zod';
import { CanonicalStatus } from '../../../domain/model.js';
import { ColumnMappingError, normaliseHeader } from './columns.js';
import { columnLetter, columnNumber, type TableCell } from '../table.js';

export interface RecordColumnSpec<F extends string> {
  /** What the records are, for messages ("measures"). */
  records: string;
  fields: readonly F[];
  labels: Record<F, string>;
  /** Header words, most specific first. */
  rules: ReadonlyArray<[RegExp, F]>;
  /** The field without which a row is not a record. */
  required: F;
}

/** A mapping file: `{ "headerRow": 2, "columns": { "measure": "Indicator", "owner": null }, "benchmarkLabels": {...} }`. */
export const RecordMappingFile = z
  .object({
    headerRow: z.number().int().min(1).max(1000).optional(),
    /** Field -> header text, column letter or 1-based column number; null ignores the field. */
    columns: z.record(z.string(), z.union([z.string().min(1), z.number().int().min(1), z.null()])).default({}),
    /** Extra status labels ("implemented" -> "COMPLETED"), for recommendations. */
    statusLabels: z.record(z.string(), CanonicalStatus).default({}),
    /** Extra benchmark words ("better than average" -> "above-average"), for measures. */
    benchmarkLabels: z.record(z.string(), z.enum(['above-average', 'average', 'below-average', 'not-applicable', 'to-be-confirmed'])).default({}),
    /** Extra trajectory words ("getting better" -> "improving"), for measures. */
    trajectoryLabels: z.record(z.string(), z.enum(['improving', 'stable', 'declining', 'not-applicable'])).default({}),
    sheet: z.union([z.number().int().min(1), z.string().min(1)]).optional(),
  })
  .strict();
export type RecordMappingFile = z.infer<typeof RecordMappingFile>;

export interface RecordColumnChoice<F extends string> {
  field: F;
  column: number;
  header: string;
  how: 'guessed' | 'mapping file';
}

export interface RecordColumnLayout<F extends string> {
  headerRowIndex: number;
  columns: RecordColumnChoice<F>[];
  ignored: string[];
}

const HEADER_SEARCH_ROWS = 30;

export function guessRecordField<F extends string>(spec: RecordColumnSpec<F>, header: string): F | undefined {
  const normalised = normaliseHeader(header);
  if (!normalised || normalised.length > 80) return undefined;
  return spec.rules.find(([pattern]) => pattern.test(normalised))?.[1];
}

export function layoutRecordColumns<F extends string>(spec: RecordColumnSpec<F>, rows: readonly TableCell[][], mapping: RecordMappingFile | undefined): RecordColumnLayout<F> {
  const headerRowIndex = mapping?.headerRow !== undefined ? mapping.headerRow - 1 : findRecordHeaderRow(spec, rows);
  const headers = (rows[headerRowIndex] ?? []).map((c) => (c?.text ?? '').trim());
  if (mapping?.headerRow !== undefined && headers.every((h) => !h)) {
    throw new ColumnMappingError(`The mapping file says the header row is row ${mapping.headerRow}, but that row is empty.`);
  }
  const explicit = mapping?.columns ?? {};
  for (const field of Object.keys(explicit)) {
    if (!spec.fields.includes(field as F)) {
      throw new ColumnMappingError(`The mapping file names a column "${field}", which ${spec.records} do not have. Their columns are: ${spec.fields.join(', ')}.`);
    }
  }
  const columns = new Map<F, RecordColumnChoice<F>>();
  for (const [field, target] of Object.entries(explicit) as [F, string | number | null][]) {
    if (target === null) continue;
    const column = findColumn(headers, target);
    if (column === undefined) {
      throw new ColumnMappingError(`The mapping file maps ${field} to ${JSON.stringify(target)}, but row ${headerRowIndex + 1} has no such column. Its columns are: ${describe(headers)}.`);
    }
    columns.set(field, { field, column, header: headers[column] || columnLetter(column + 1), how: 'mapping file' });
  }
  const used = new Set([...columns.values()].map((c) => c.column));
  headers.forEach((header, column) => {
    if (!header || used.has(column)) return;
    const field = guessRecordField(spec, header);
    if (!field || columns.has(field) || field in explicit) return;
    columns.set(field, { field, column, header, how: 'guessed' });
    used.add(column);
  });
  if (!columns.has(spec.required)) {
    throw new ColumnMappingError(
      `I could not tell which column holds the ${spec.labels[spec.required]} in row ${headerRowIndex + 1} (${describe(headers)}). ` +
        `Give a mapping file such as {"columns": {"${spec.required}": "<its header>"}}.`,
    );
  }
  return {
    headerRowIndex,
    columns: spec.fields.filter((f) => columns.has(f)).map((f) => columns.get(f)!),
    ignored: headers.filter((h, i) => h && !used.has(i)),
  };
}

/** The first row (of the first 30) naming the required field and the most others. */
export function findRecordHeaderRow<F extends string>(spec: RecordColumnSpec<F>, rows: readonly TableCell[][]): number {
  let best = -1;
  let bestScore = 1;
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const fields = new Set<F>();
    for (const cell of rows[i] ?? []) {
      const field = cell?.text ? guessRecordField(spec, cell.text) : undefined;
      if (field) fields.add(field);
    }
    if (fields.has(spec.required) && fields.size > bestScore) {
      best = i;
      bestScore = fields.size;
    }
  }
  if (best < 0) {
    throw new ColumnMappingError(
      `None of the first ${limit} rows looks like the header row of ${spec.records} (column names such as ${spec.fields.map((f) => spec.labels[f]).join(', ')}). ` +
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

function describe(headers: readonly string[]): string {
  const named = headers.map((h, i) => (h ? `${columnLetter(i + 1)} "${h}"` : '')).filter(Boolean);
  return named.length ? named.join(', ') : 'no column names';
}

/** One row's cells by field, trimmed. */
export function cellsByField<F extends string>(layout: RecordColumnLayout<F>, cells: readonly TableCell[]): (field: F) => string {
  const columns = new Map(layout.columns.map((c) => [c.field, c.column]));
  return (field) => {
    const column = columns.get(field);
    return column === undefined ? '' : (cells[column]?.text ?? '').trim();
  };
}

/** Outcome of one spreadsheet row of records. */
export interface RecordRowReport {
  row: number;
  outcome: 'imported' | 'updated' | 'unchanged' | 'rejected';
  recordId?: string;
  label: string;
  reason?: string;
  changes: string[];
  warnings: string[];
}

export interface RecordImportReport {
  importId: string;
  fileName: string;
  sheetName?: string;
  planId: string;
  planTitle: string;
  headerRow: number;
  columns: { field: string; label: string; header: string; column: string; how: string }[];
  ignoredColumns: string[];
  rows: RecordRowReport[];
  counts: Record<RecordRowReport['outcome'], number>;
  /** Heading rows (a priority or a category written on its own row above its records). */
  headings: { row: number; text: string }[];
  dryRun: boolean;
}

export function countOutcomes(rows: readonly RecordRowReport[]): RecordImportReport['counts'] {
  const counts = { imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const r of rows) counts[r.outcome] += 1;
  return counts;
}

/** Rows with one filled cell, or the same text across a merged range: a heading above the records. */
export function headingText(cells: readonly TableCell[]): string | undefined {
  const filled = cells.map((c) => (c?.text ?? '').trim()).filter(Boolean);
  if (filled.length === 0) return undefined;
  if (filled.length === 1 || new Set(filled).size === 1) return filled[0];
  return undefined;
}
