/**
 * One spreadsheet row -> the action it describes, or the reason it cannot be imported. Pure: the
 * caller supplies the column layout, the people directory and the reference date for dates with no
 * year ("by the end of June").
 */
import { parseDateExpr } from '../../../domain/date-expr/index.js';
import { CanonicalStatus, type DateExpr, type Owner, type OwnerRole } from '../../../domain/model.js';
import { normaliseHeader, type ColumnLayout, type PlanField } from './columns.js';
import { ownersFromCell, type PeopleDirectory } from '../owners.js';
import type { TableCell } from '../table.js';

export interface ParsedRow {
  row: number;
  /** Identifies the action within its plan: its clean number, else its title. */
  key: string;
  number?: string;
  numberRaw?: string;
  title: string;
  description?: string;
  /** Theme cell, or the section heading row above it. */
  theme?: string;
  themeFromHeading: boolean;
  /** Owners per role; only roles whose cell had text. */
  owners: Map<OwnerRole, Owner[]>;
  target?: DateExpr;
  revised?: DateExpr;
  /** A status label this plan knows; `statusLabel` keeps an unknown one as written. */
  status?: { canonical: CanonicalStatus; raw: string };
  unknownStatusLabel?: string;
  commentary?: string;
  warnings: string[];
}

export type RowReading =
  | { kind: 'action'; action: ParsedRow }
  | { kind: 'rejected'; row: number; label: string; reason: string }
  | { kind: 'heading'; row: number; text: string }
  | { kind: 'blank'; row: number }
  | { kind: 'skipped'; row: number; why: string };

export interface RowContext {
  layout: ColumnLayout;
  /** Date cells repeat ("Ongoing", "March 21"): each distinct text is parsed once per import. */
  dateCache?: Map<string, DateExpr | null>;
  directory: PeopleDirectory;
  /** Lower-cased, space-normalised label -> status. */
  statusLabels: ReadonlyMap<string, CanonicalStatus>;
  referenceDate: string;
  planTitle: string;
  fileName: string;
}

const OWNER_FIELDS: ReadonlyArray<[PlanField, OwnerRole, string]> = [
  ['lead', 'lead', 'lead officer'],
  ['wltOwner', 'wltOwner', 'WLT owner'],
  ['deliveryLead', 'deliveryLead', 'delivery lead'],
];

/** The labels every plan understands: the canonical statuses and a few unambiguous spellings. */
const BUILT_IN_LABELS: ReadonlyArray<[string, CanonicalStatus]> = [
  ...CanonicalStatus.options.map((s) => [s.toLowerCase().replace(/_/g, ' '), s] as [string, CanonicalStatus]),
  ['complete', 'COMPLETED'],
  ['slippage', 'SLIPPED'],
  ['not yet started', 'NOT_STARTED'],
  ['closed', 'CLOSED_WITHDRAWN'],
  ['withdrawn', 'CLOSED_WITHDRAWN'],
  ['closed / withdrawn', 'CLOSED_WITHDRAWN'],
];

export function normaliseLabel(label: string): string {
  return label.toLowerCase().replace(/[\s_]+/g, ' ').replace(/[.!:;]+$/, '').trim();
}

/** Built-in labels, then the plan's own, then the mapping file's (later wins). */
export function statusLabelMap(...sources: Array<Record<string, CanonicalStatus> | undefined>): Map<string, CanonicalStatus> {
  const map = new Map<string, CanonicalStatus>(BUILT_IN_LABELS);
  for (const source of sources) for (const [label, status] of Object.entries(source ?? {})) map.set(normaliseLabel(label), status);
  return map;
}

/** "5.5." -> "5.5", "(8.6)" -> "8.6", "Action 2.2" -> "2.2"; anything else loses only trailing dots. */
export function cleanActionNumber(raw: string): string {
  const text = raw.trim();
  const match = /^\(?\s*(?:action|ref|no\.?|#)?\s*([A-Za-z]{0,3}\d+(?:[.\-/]\d+)*[a-z]?)\s*[.):]*\s*$/i.exec(text);
  return match ? match[1]! : text.replace(/[.\s:]+$/, '');
}

export function normaliseTitle(title: string): string {
  return title.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').replace(/[.;:]+$/, '').trim();
}

export function actionKey(number: string | undefined, title: string): string {
  return number ? `n:${number.toLowerCase()}` : `t:${normaliseTitle(title)}`;
}

/** A header row repeated down the sheet (page breaks in exported sheets): the title cell is checked first, cheaply. */
function repeatsHeader(cells: readonly TableCell[], layout: ColumnLayout): boolean {
  const title = layout.columns.find((c) => c.field === 'title')!;
  if (cellText(cells, title.column).toLowerCase() !== title.header.toLowerCase()) return false;
  return layout.columns.filter((c) => c.header && normaliseHeader(cellText(cells, c.column)) === normaliseHeader(c.header)).length >= 2;
}

const columnMaps = new WeakMap<ColumnLayout, Map<PlanField, number>>();
function columnsOf(layout: ColumnLayout): Map<PlanField, number> {
  let map = columnMaps.get(layout);
  if (!map) {
    map = new Map(layout.columns.map((c) => [c.field, c.column]));
    columnMaps.set(layout, map);
  }
  return map;
}

function cellText(cells: readonly TableCell[], column: number | undefined): string {
  if (column === undefined) return '';
  return (cells[column]?.text ?? '').trim();
}

/** Reads one row. `section` is the latest heading row above it. */
export function readRow(cells: readonly TableCell[], rowIndex: number, section: string | undefined, ctx: RowContext): RowReading {
  const row = rowIndex + 1;
  const columnOf = columnsOf(ctx.layout);
  const get = (field: PlanField) => cellText(cells, columnOf.get(field));
  const filled = cells.map((c, i) => [i, (c?.text ?? '').trim()] as const).filter(([, t]) => t !== '');
  if (filled.length === 0) return { kind: 'blank', row };

  if (repeatsHeader(cells, ctx.layout)) return { kind: 'skipped', row, why: 'the header row repeated' };

  const titleColumn = columnOf.get('title')!;
  const mappedColumns = new Set(ctx.layout.columns.map((c) => c.column));
  if (filled.length === 1 || new Set(filled.map(([, t]) => t)).size === 1) {
    const [column, text] = filled[0]!;
    const merged = filled.every(([i]) => cells[i]?.merged);
    const looksLikeNumber = column === columnOf.get('number') && /^\(?[A-Za-z]{0,3}\d+([.\-]\d+)*[.)]*$/.test(text);
    if (!looksLikeNumber && (merged || (column < titleColumn && filled.length === 1))) return { kind: 'heading', row, text };
  }
  if (!filled.some(([i]) => mappedColumns.has(i))) return { kind: 'skipped', row, why: 'nothing in the imported columns' };

  const numberRaw = get('number') || undefined;
  const number = numberRaw ? cleanActionNumber(numberRaw) : undefined;
  const title = get('title').replace(/\s+/g, ' ');
  const label = [number, title.length > 70 ? `${title.slice(0, 67)}...` : title].filter(Boolean).join(' ') || `row ${row}`;
  if (!title) return { kind: 'rejected', row, label, reason: `missing title (the "${ctx.layout.columns.find((c) => c.field === 'title')!.header}" column is empty)` };

  const warnings: string[] = [];
  const reject = (reason: string): RowReading => ({ kind: 'rejected', row, label, reason });

  const target = readDate(cells, columnOf.get('target'), ctx);
  if (target === 'not understood') return reject(`target date '${get('target')}' not understood`);
  const revised = readDate(cells, columnOf.get('revised'), ctx);
  if (revised === 'not understood') return reject(`revised date '${get('revised')}' not understood`);

  let status: ParsedRow['status'];
  let unknownStatusLabel: string | undefined;
  const statusText = get('status');
  if (statusText) {
    const canonical = ctx.statusLabels.get(normaliseLabel(statusText));
    if (canonical) status = { canonical, raw: statusText };
    else unknownStatusLabel = statusText;
  }

  const owners = new Map<OwnerRole, Owner[]>();
  for (const [field, role, roleName] of OWNER_FIELDS) {
    const text = get(field);
    if (!text) continue;
    const note = `Named as ${roleName} in ${ctx.planTitle} (${ctx.fileName})`;
    const result = ownersFromCell(text, role, ctx.directory, row, note);
    owners.set(role, result.owners);
    warnings.push(...result.warnings.map((w) => `${roleName}: ${w}`));
  }

  const theme = get('theme') || section;
  const commentary = get('commentary').replace(/\r\n?/g, '\n') || undefined;
  const description = get('description') || undefined;
  return {
    kind: 'action',
    action: {
      row,
      key: actionKey(number, title),
      number,
      numberRaw: numberRaw?.trim(),
      title,
      description,
      theme: theme || undefined,
      themeFromHeading: !get('theme') && Boolean(section),
      owners,
      target: target ?? undefined,
      revised: revised ?? undefined,
      status,
      unknownStatusLabel,
      commentary,
      warnings,
    },
  };
}

/** An Excel date cell is that day; text goes through the date-expression rules; null when empty. */
function readDate(cells: readonly TableCell[], column: number | undefined, ctx: RowContext): DateExpr | null | 'not understood' {
  if (column === undefined) return null;
  const cell = cells[column];
  const text = (cell?.text ?? '').trim();
  if (!text) return null;
  if (cell?.date) return { kind: 'date', raw: text, value: cell.date };
  let parsed = ctx.dateCache?.get(text);
  if (parsed === undefined) {
    parsed = parseDateExpr(text, { referenceDate: ctx.referenceDate });
    ctx.dateCache?.set(text, parsed);
  }
  // Shared between rows with the same text: records are never mutated in place.
  return parsed ?? 'not understood';
}
