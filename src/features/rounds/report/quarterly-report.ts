/**
 * The committee report appendix, written from a QuarterlySummary in three formats. The sections
 * mirror the Derby CIP paper: the counts table (computed, then as reported), 4.6 completed, 4.7 on
 * track, 4.8 slippage, 4.9 revised timescales proposed for endorsement.
 *
 * User text (titles, commentary) is escaped for each format: Markdown control characters are
 * backslash-escaped, and CSV cells that a spreadsheet would run as a formula are prefixed with an
 * apostrophe (OWASP CSV injection). XLSX cells are written as plain strings, never as formulas.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { QuarterlySummary, RevisedItem, SummaryItem } from '../../../domain/quarterly/summary.js';
import { formatUkDate } from '../../../domain/uk-format.js';

export type ReportFormat = 'md' | 'csv' | 'xlsx';

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The paper's section numbers and headings, in order. */
export function sectionHeadings(summary: QuarterlySummary, escape: (text: string) => string = (t) => t) {
  return {
    completed: `4.6 Completed ${escape(summary.completedSince)}`,
    onTrack: '4.7 On track for completion',
    slipped: '4.8 Slippage (no new date proposed)',
    revised: '4.9 Revised timescales proposed for endorsement',
  };
}

export function reportTitle(summary: QuarterlySummary): string {
  return `${summary.planTitle}${summary.planAbbreviation ? ` (${summary.planAbbreviation})` : ''}: ${summary.quarterText} update`;
}

/** "report-derby-cip-2018-19-q1.xlsx" */
export function reportFileName(summary: QuarterlySummary, format: ReportFormat): string {
  return `report-${summary.planId}-${summary.quarter.replace('/', '-').toLowerCase()}.${format}`;
}

export async function writeReport(summary: QuarterlySummary, format: ReportFormat): Promise<Buffer> {
  if (format === 'md') return Buffer.from(toMarkdown(summary), 'utf8');
  if (format === 'csv') return Buffer.from(toCsv(summary), 'utf8');
  return toXlsx(summary);
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/** Escapes Markdown control characters so user text is shown as written, never as markup. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n+/g, ' ')
    .replace(/([\\`*_{}[\]<>|~])/g, '\\$1')
    .replace(/^(\s*)([-=+#])/, '$1\\$2')
    .replace(/^(\s*\d+)\./, '$1\\.');
}

function signed(n: number | undefined): string {
  if (n === undefined) return '';
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : 'no change';
}

export function toMarkdown(summary: QuarterlySummary): string {
  const headings = sectionHeadings(summary, escapeMarkdown);
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(reportTitle(summary))}`, '');
  const subtitle = [summary.councilName, summary.reportingCommittee].filter(Boolean).map((s) => escapeMarkdown(s!)).join(', ');
  if (subtitle) out.push(subtitle, '');
  out.push(`Progress up to ${formatUkDate(summary.asAt)}.`, '');

  out.push(`## Summary position as at ${formatUkDate(summary.asAt)} (computed from recorded statuses)`, '');
  if (summary.counts.comparable) {
    out.push(`| Status | ${formatUkDate(summary.asAt)} | ${escapeMarkdown(summary.comparedWith.label)} | Change |`, '|---|---:|---:|---:|');
    for (const row of summary.counts.rows) out.push(`| ${escapeMarkdown(row.label)} | ${row.count} | ${row.previous} | ${signed(row.change)} |`);
    if (summary.counts.noStatus) out.push(`| No status recorded | ${summary.counts.noStatus} | ${summary.counts.previousNoStatus ?? ''} | |`);
    out.push(`| **Total** | **${summary.counts.total}** | | |`);
  } else {
    out.push(`| Status | ${formatUkDate(summary.asAt)} |`, '|---|---:|');
    for (const row of summary.counts.rows) out.push(`| ${escapeMarkdown(row.label)} | ${row.count} |`);
    if (summary.counts.noStatus) out.push(`| No status recorded | ${summary.counts.noStatus} |`);
    out.push(`| **Total** | **${summary.counts.total}** |`);
  }
  out.push('');

  if (summary.reported) {
    const r = summary.reported;
    out.push(`## Summary position as reported (${escapeMarkdown(r.periodLabel)})`, '');
    out.push(`| Status | ${escapeMarkdown(r.periodLabel)} |`, '|---|---:|');
    for (const row of r.rows) out.push(`| ${escapeMarkdown(row.label)} | ${row.count} |`);
    if (r.total !== undefined) out.push(`| **Grand Total** | **${r.total}** |`);
    out.push('', `As reported, not recomputed. Source: ${escapeMarkdown(r.source)}.`, '');
  }
  if (summary.overallAssessment) {
    const a = summary.overallAssessment;
    out.push(`## Overall assessment (as reported, ${escapeMarkdown(a.periodLabel)})`, '', escapeMarkdown(a.text), '', `Source: ${escapeMarkdown(a.source)}.`, '');
  }

  const list = (heading: string, items: SummaryItem[], line: (i: SummaryItem) => string, empty: string) => {
    out.push(`## ${heading} (${items.length})`, '');
    if (items.length === 0) out.push(empty);
    for (const i of items) out.push(`- ${line(i)}`);
    out.push('');
  };
  list(headings.completed, summary.completed, (i) => escapeMarkdown(i.label), 'None.');
  list(headings.onTrack, summary.onTrack, (i) => escapeMarkdown(i.label), 'None.');
  list(headings.slipped, summary.slipped, (i) => escapeMarkdown(i.label) + (i.commentary ? ` – ${escapeMarkdown(i.commentary)}` : ''), 'None.');
  list(headings.revised, summary.revised, (i) => revisedLine(i as RevisedItem, escapeMarkdown), 'None.');

  if (summary.notes.length) {
    out.push('## Notes', '');
    for (const note of summary.notes) out.push(`- ${escapeMarkdown(note)}`);
    out.push('');
  }
  return out.join('\n');
}

function revisedLine(i: RevisedItem, escape: (s: string) => string): string {
  const dates = i.from ? `Proposed change of target: ${i.from} → ${i.to}.` : `Proposed new target: ${i.to}.`;
  return `${escape(i.label)} – ${i.reason ? `${escape(i.reason)} ` : ''}${escape(dates)}`;
}

// ---------------------------------------------------------------------------------------------
// CSV: one table, a section column first
// ---------------------------------------------------------------------------------------------

/** A cell a spreadsheet would evaluate (=, +, -, @, tab, CR) is prefixed with an apostrophe. */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(summary: QuarterlySummary): string {
  const headings = sectionHeadings(summary);
  const rows: string[][] = [['Section', 'Number', 'Action or status', 'Count', 'Previous', 'Change', 'Detail', 'From', 'To']];
  for (const r of summary.counts.rows) {
    rows.push([`Counts as at ${summary.asAt} (computed)`, '', r.label, String(r.count), r.previous?.toString() ?? '', r.change?.toString() ?? '', '', '', '']);
  }
  if (summary.counts.noStatus) rows.push([`Counts as at ${summary.asAt} (computed)`, '', 'No status recorded', String(summary.counts.noStatus), '', '', '', '', '']);
  rows.push([`Counts as at ${summary.asAt} (computed)`, '', 'Total', String(summary.counts.total), '', '', '', '', '']);
  if (summary.reported) {
    const section = `Counts as reported (${summary.reported.periodLabel})`;
    for (const r of summary.reported.rows) rows.push([section, '', r.label, String(r.count), '', '', summary.reported.source, '', '']);
    if (summary.reported.total !== undefined) rows.push([section, '', 'Grand Total', String(summary.reported.total), '', '', summary.reported.source, '', '']);
  }
  if (summary.overallAssessment) {
    rows.push([`Overall assessment as reported (${summary.overallAssessment.periodLabel})`, '', summary.overallAssessment.text, '', '', '', summary.overallAssessment.source, '', '']);
  }
  const itemRow = (section: string, i: SummaryItem, detail = '', from = '', to = '') => [section, i.number ?? '', i.title, '', '', '', detail, from, to];
  for (const i of summary.completed) rows.push(itemRow(headings.completed, i));
  for (const i of summary.onTrack) rows.push(itemRow(headings.onTrack, i));
  for (const i of summary.slipped) rows.push(itemRow(headings.slipped, i, i.commentary ?? ''));
  for (const i of summary.revised) rows.push(itemRow(headings.revised, i, i.reason ?? '', i.from ?? '', i.to));
  // Excel opens UTF-8 CSV correctly only with a byte-order mark ("£" and "–" in commentary).
  return '\uFEFF' + stringify(rows.map((row) => row.map(csvSafe)), { record_delimiter: '\r\n' });
}

// ---------------------------------------------------------------------------------------------
// XLSX: one sheet for the counts, one per section
// ---------------------------------------------------------------------------------------------

export async function toXlsx(summary: QuarterlySummary): Promise<Buffer> {
  const headings = sectionHeadings(summary);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Council Actions bot';
  workbook.title = reportTitle(summary);

  const counts = workbook.addWorksheet('Counts');
  counts.columns = [{ width: 28 }, { width: 16 }, { width: 16 }, { width: 12 }];
  counts.addRow([reportTitle(summary)]).font = { bold: true, size: 13 };
  counts.addRow([`Progress up to ${formatUkDate(summary.asAt)}`]);
  counts.addRow([]);
  counts.addRow(['Computed from recorded statuses']).font = { bold: true };
  const header = ['Status', formatUkDate(summary.asAt)];
  if (summary.counts.comparable) header.push(summary.comparedWith.label, 'Change');
  counts.addRow(header).font = { bold: true };
  for (const r of summary.counts.rows) counts.addRow(summary.counts.comparable ? [r.label, r.count, r.previous, r.change] : [r.label, r.count]);
  if (summary.counts.noStatus) counts.addRow(['No status recorded', summary.counts.noStatus]);
  counts.addRow(['Total', summary.counts.total]).font = { bold: true };
  if (summary.reported) {
    counts.addRow([]);
    counts.addRow([`As reported (${summary.reported.periodLabel}), not recomputed`]).font = { bold: true };
    counts.addRow(['Status', summary.reported.periodLabel]).font = { bold: true };
    for (const r of summary.reported.rows) counts.addRow([r.label, r.count]);
    if (summary.reported.total !== undefined) counts.addRow(['Grand Total', summary.reported.total]).font = { bold: true };
    counts.addRow([`Source: ${summary.reported.source}`]);
  }
  if (summary.overallAssessment) {
    counts.addRow([]);
    counts.addRow([`Overall assessment as reported (${summary.overallAssessment.periodLabel})`]).font = { bold: true };
    counts.addRow([summary.overallAssessment.text]);
  }
  for (const note of summary.notes) counts.addRow([note]);

  const sheet = (name: string, heading: string, columns: { header: string; width: number }[], rows: (string | undefined)[][]) => {
    const ws = workbook.addWorksheet(name);
    ws.columns = columns.map((c) => ({ width: c.width }));
    ws.addRow([heading]).font = { bold: true };
    ws.addRow(columns.map((c) => c.header)).font = { bold: true };
    for (const row of rows) ws.addRow(row.map((v) => v ?? '')).alignment = { wrapText: true, vertical: 'top' };
    if (rows.length === 0) ws.addRow(['None']);
  };
  const basic = [{ header: 'Number', width: 10 }, { header: 'Action', width: 80 }];
  sheet('4.6 Completed', headings.completed, basic, summary.completed.map((i) => [i.number, i.title]));
  sheet('4.7 On track', headings.onTrack, basic, summary.onTrack.map((i) => [i.number, i.title]));
  sheet('4.8 Slippage', headings.slipped, [...basic, { header: 'Commentary', width: 80 }], summary.slipped.map((i) => [i.number, i.title, i.commentary]));
  sheet(
    '4.9 Revised timescales',
    headings.revised,
    [...basic, { header: 'From', width: 20 }, { header: 'Proposed', width: 20 }, { header: 'Reason', width: 80 }],
    summary.revised.map((i) => [i.number, i.title, i.from, i.to, i.reason]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
