/**
 * The import report in words: every row for the command line, and a card for chat that puts the
 * rows needing attention (rejected, held) first and counts the unchanged ones.
 */
import { cardReply, type CardFact } from '../../../chat/reply.js';
import type { Reply } from '../../../chat/types.js';
import { formatUkDate, plural } from '../../../domain/uk-format.js';
import type { PlanImportReport, RowReport } from './index.js';

const OUTCOME_WORDS: Record<RowReport['outcome'], string> = {
  imported: 'imported',
  updated: 'updated',
  unchanged: 'unchanged',
  rejected: 'rejected',
  held: 'held',
};

export function summaryLine(report: PlanImportReport): string {
  const { counts } = report;
  const parts = [
    `${counts.imported} imported`,
    `${counts.updated} updated`,
    `${counts.unchanged} unchanged`,
    `${counts.rejected} rejected`,
    ...(counts.held ? [`${counts.held} held`] : []),
  ];
  const mode = report.dryRun ? ' (dry run: nothing was changed)' : '';
  return `${report.fileName} -> ${report.planTitle}: ${parts.join(', ')}${mode}`;
}

export function asAtLine(report: PlanImportReport): string {
  const { asAt } = report;
  const date = formatUkDate(asAt.date);
  switch (asAt.basis) {
    case 'given':
      return `Progress as at ${date} (as given).`;
    case 'title row':
      return `Progress as at ${date} (from the title: "${asAt.text}").`;
    case 'workbook saved':
      return `Progress dated ${date}, when the workbook was last saved (no "as at" date in the title rows).`;
    case 'file date':
      return `Progress dated ${date}, the file's date (no "as at" date in the title rows).`;
    case 'unknown':
      return 'The spreadsheet has no as-at date: actions updated in chat are held. Add "as at <date>" to a title row, or give the date.';
  }
}

export function rowLine(row: RowReport): string {
  const head = `row ${row.row}: ${OUTCOME_WORDS[row.outcome]} ${row.label}`;
  const detail =
    row.outcome === 'rejected'
      ? `: ${row.reason}`
      : row.outcome === 'held'
        ? `: ${row.reason} (would change ${row.changes.join(', ')})`
        : row.changes.length
          ? `: ${row.changes.join('; ')}`
          : '';
  const warnings = row.warnings.length ? ` [warning: ${row.warnings.join('; ')}]` : '';
  return `${head}${detail}${warnings}`;
}

/** Every line of the report, for the command line. */
export function reportLines(report: PlanImportReport): string[] {
  const lines = [summaryLine(report)];
  if (report.planCreated) lines.push(`New plan "${report.planTitle}" (${report.planId}).`);
  lines.push(
    `Sheet ${report.sheetName ? `"${report.sheetName}", ` : ''}header row ${report.headerRow}: ${report.columns.map((c) => `${c.label} = ${c.column} "${c.header}"${c.how === 'mapping file' ? ' (mapping file)' : ''}`).join(', ')}.`,
  );
  if (report.ignoredColumns.length) lines.push(`Columns not imported: ${report.ignoredColumns.map((c) => `"${c}"`).join(', ')}.`);
  lines.push(asAtLine(report));
  for (const row of report.rows) lines.push(rowLine(row));
  for (const heading of report.headings) lines.push(`row ${heading.row}: section heading "${heading.text}"`);
  for (const skip of report.skipped) lines.push(`row ${skip.row}: skipped, ${skip.why}`);
  if (report.blankRows) lines.push(`${plural(report.blankRows, 'blank row')} skipped.`);
  if (report.newPeople.length) {
    lines.push(
      `${plural(report.newPeople.length, 'owner')} not matched to anyone known, ${report.dryRun ? 'would be' : ''} added without an email (unmapped owners): ` +
        report.newPeople.map((p) => `${p.name} (rows ${p.rows.join(', ')})`).join('; ') +
        '.',
    );
  }
  if (report.newThemes.length) lines.push(`New themes/sections: ${report.newThemes.map((t) => t.name).join('; ')}.`);
  if (report.notInFile) lines.push(`${plural(report.notInFile, 'action')} of the plan ${report.notInFile === 1 ? 'is' : 'are'} not in this file and ${report.notInFile === 1 ? 'was' : 'were'} left as ${report.notInFile === 1 ? 'it was' : 'they were'}.`);
  if (report.counts.held) lines.push('Held rows were updated in chat after this spreadsheet was dated; import again with --force to overwrite them.');
  return lines.map((l) => l.replace(/ {2,}/g, ' '));
}

const CARD_ROW_LIMIT = 40;

/** A button under an import report: the card action's data (verb and ids) it sends. */
export interface ImportReportButton {
  title: string;
  data: Record<string, unknown>;
  style: 'positive' | 'destructive' | 'default';
}

/** cards/import-report.json (the report, and "which plan is this file for?") */
export interface ImportReportCardData {
  heading: string;
  summary: string;
  facts: CardFact[];
  lines: string[];
  notes: string[];
  buttons: ImportReportButton[];
  speak: string;
}

declare module '../../../chat/types.js' {
  interface CardTemplates {
    'import-report': ImportReportCardData;
  }
}

export interface ReportCardOptions {
  /** Buttons under the report (confirm, overwrite held rows, cancel). */
  buttons?: Array<Omit<ImportReportButton, 'style'> & { style?: ImportReportButton['style'] }>;
  heading?: string;
}

/** The report as a chat reply: the card and its plain-text twin. */
export function reportReply(report: PlanImportReport, options: ReportCardOptions = {}): Reply {
  const attention = report.rows.filter((r) => r.outcome === 'rejected' || r.outcome === 'held');
  const changed = report.rows.filter((r) => r.outcome === 'imported' || r.outcome === 'updated');
  const warned = report.rows.filter((r) => r.outcome === 'unchanged' && r.warnings.length);
  const listed = [...attention, ...changed, ...warned];
  const shown = listed.slice(0, CARD_ROW_LIMIT).map(rowLine);
  const more = listed.length - shown.length;
  const notes: string[] = [asAtLine(report)];
  if (report.counts.unchanged) notes.push(`${plural(report.counts.unchanged, 'row')} unchanged.`);
  if (more > 0) notes.push(`${more} more rows not shown here; the command line prints the full report.`);
  if (report.newPeople.length) {
    notes.push(
      `Not matched to anyone known (${report.dryRun ? 'will be ' : ''}added without an email, so they appear in "who is unmapped?"): ${report.newPeople
        .slice(0, 20)
        .map((p) => p.name)
        .join(', ')}${report.newPeople.length > 20 ? ` and ${report.newPeople.length - 20} more` : ''}.`,
    );
  }
  if (report.notInFile) notes.push(`${plural(report.notInFile, 'action')} of the plan not in this file will be left as they are.`);
  if (report.counts.held) notes.push('Held rows were updated in chat after the spreadsheet was dated. They are kept unless you choose to overwrite them.');

  const facts = [
    { title: 'Plan', value: `${report.planTitle} (${report.planId})` },
    { title: 'Sheet', value: `${report.sheetName ?? report.fileName}, header row ${report.headerRow}` },
    { title: 'Columns', value: report.columns.map((c) => `${c.label}: "${c.header}"`).join('; ') },
    { title: 'Imported', value: String(report.counts.imported) },
    { title: 'Updated', value: String(report.counts.updated) },
    { title: 'Unchanged', value: String(report.counts.unchanged) },
    { title: 'Rejected', value: String(report.counts.rejected) },
    ...(report.counts.held ? [{ title: 'Held', value: String(report.counts.held) }] : []),
  ];
  const heading = options.heading ?? (report.dryRun ? `Check before importing ${report.fileName}` : `Imported ${report.fileName}`);
  const card = cardReply('import-report', {
    heading,
    summary: summaryLine(report),
    facts,
    lines: shown,
    notes,
    buttons: (options.buttons ?? []).map((b) => ({ title: b.title, data: b.data, style: b.style ?? 'default' })),
    speak: heading,
  });
  const text = [heading, summaryLine(report), ...shown, ...notes, ...(options.buttons?.length ? [`Choose: ${options.buttons.map((b) => b.title).join(' | ')}`] : [])].join('\n');
  return { text, card };
}
