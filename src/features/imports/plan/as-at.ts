/**
 * The date a spreadsheet's progress is as at, and where that date came from (given, title row,
 * workbook saved, file date), plus the instant that progress speaks for.
 */
import { DateTime } from 'luxon';
import { dueDateOf, parseDateExpr, startDateOf } from '../../../domain/date-expr/index.js';
import { COUNCIL_ZONE, londonDate } from '../../../domain/uk-format.js';
import type { PlanImportOptions, PlanImportReport } from './types.js';
import type { SourceTable, TableCell } from '../table.js';

// ---------------------------------------------------------------------------------------------
// As-at date
// ---------------------------------------------------------------------------------------------

const AS_AT_WORDS = /\b(?:as at|as of|position (?:as )?at|progress (?:up )?to|progress at|updated(?: on| at)?|last updated)\b[:\s-]*(.*)$/i;

/**
 * The date the spreadsheet's progress is as at: given by the user, else written in a title row
 * ("... as at 1 November 2020"), else when the workbook was last saved, else the file's date.
 * `cutoff` is the instant chat updates are compared with; none when nothing dates the file.
 */
export function findAsAt(table: SourceTable, headerRowIndex: number, options: PlanImportOptions): PlanImportReport['asAt'] {
  const given = options.asAt ?? options.mapping?.asAt;
  if (given) return { date: given, basis: 'given', cutoff: startOfLondonDay(given) };
  for (let i = 0; i < headerRowIndex; i++) {
    const found = asAtInRow(table.rows[i] ?? []);
    if (found) return { date: found.date, basis: 'title row', cutoff: startOfLondonDay(found.start), text: found.text };
  }
  if (table.savedAt) return { date: londonDate(new Date(table.savedAt)), basis: 'workbook saved', cutoff: table.savedAt };
  if (options.fileDate) return { date: londonDate(new Date(options.fileDate)), basis: 'file date', cutoff: options.fileDate };
  return { date: londonDate(options.now), basis: 'unknown' };
}

function asAtInRow(cells: readonly TableCell[]): { date: string; start: string; text: string } | undefined {
  for (let c = 0; c < cells.length; c++) {
    const text = (cells[c]?.text ?? '').replace(/\s+/g, ' ').trim();
    const match = AS_AT_WORDS.exec(text);
    if (!match) continue;
    let rest = match[1]!.trim();
    if (!rest) {
      // "As at:" in one cell, the date in the next.
      const next = cells.slice(c + 1).find((cell) => cell?.text.trim());
      if (next?.date) return { date: next.date, start: next.date, text: `${text} ${next.text}` };
      rest = next?.text.trim() ?? '';
    }
    const words = rest.replace(/[()]/g, ' ').split(/\s+/).filter(Boolean);
    for (let n = Math.min(words.length, 5); n >= 1; n--) {
      const expr = parseDateExpr(words.slice(0, n).join(' ').replace(/[.,;:]+$/, ''));
      if (expr && (expr.kind === 'date' || expr.kind === 'month')) {
        return { date: dueDateOf(expr)!, start: startDateOf(expr)!, text };
      }
    }
  }
  return undefined;
}

function startOfLondonDay(date: string): string {
  return DateTime.fromISO(date, { zone: COUNCIL_ZONE }).startOf('day').toUTC().toISO()!;
}

const asAtInstants = new WeakMap<PlanImportReport['asAt'], string>();
/** The instant progress in the sheet speaks for (computed once per import: it is asked for on every row). */
export function asAtInstant(asAt: PlanImportReport['asAt']): string {
  let instant = asAtInstants.get(asAt);
  if (!instant) {
    instant = asAt.basis === 'workbook saved' || asAt.basis === 'file date' ? asAt.cutoff! : startOfLondonDay(asAt.date);
    asAtInstants.set(asAt, instant);
  }
  return instant;
}
