/**
 * Reads a spreadsheet (XLSX with exceljs, CSV with csv-parse) into plain rows of cell text, so the
 * action-plan importer never sees a library type. Cells keep their text as written; Excel date
 * cells also carry the day they hold, because a date cell has no text a council typed.
 */
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';

export interface TableCell {
  /** The cell as text (untrimmed). Excel dates are written dd/mm/yyyy. */
  text: string;
  /** YYYY-MM-DD when the cell is an Excel date. */
  date?: string;
  /** Part of a merged range (a title spread across the columns). */
  merged?: boolean;
}

export interface SourceTable {
  fileName: string;
  kind: 'xlsx' | 'csv';
  sheetName?: string;
  sheetNames: string[];
  /** rows[0] is spreadsheet row 1; blank rows are kept so row numbers match what the user sees. */
  rows: TableCell[][];
  /** When the workbook says it was last saved (XLSX document properties), ISO instant. */
  savedAt?: string;
}

/** A file that cannot be read as a table: the message says what was wrong and what is allowed. */
export class TableReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableReadError';
  }
}

export const SPREADSHEET_EXTENSIONS = ['.xlsx', '.csv'] as const;
/** Guards memory: a plan with more rows than this is not an action plan. */
export const MAX_TABLE_ROWS = 200_000;

export function spreadsheetKind(fileName: string): 'xlsx' | 'csv' | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}

/**
 * Reads `content` as the spreadsheet named `fileName`. `sheet` picks a worksheet by 1-based number
 * or by name; by default the first worksheet that has any data.
 */
export async function readTable(fileName: string, content: Buffer, options: { sheet?: number | string } = {}): Promise<SourceTable> {
  const kind = spreadsheetKind(fileName);
  if (kind === 'xlsx') return readWorkbook(fileName, content, options.sheet);
  if (kind === 'csv') return readCsv(fileName, content);
  if (fileName.toLowerCase().endsWith('.xls')) {
    throw new TableReadError(`${fileName} is an old-style .xls workbook. Save it as .xlsx (Excel Workbook) or .csv and try again.`);
  }
  throw new TableReadError(`${fileName} is not a spreadsheet I can read. Send an .xlsx workbook or a .csv file.`);
}

async function readWorkbook(fileName: string, content: Buffer, sheet: number | string | undefined): Promise<SourceTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's own Buffer type predates @types/node's generic Buffer.
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new TableReadError(`${fileName} could not be opened as an .xlsx workbook (${(error as Error).message}). Is it password-protected or damaged?`);
  }
  const sheets = workbook.worksheets;
  const sheetNames = sheets.map((s) => s.name);
  if (sheets.length === 0) throw new TableReadError(`${fileName} has no worksheets.`);
  let worksheet: ExcelJS.Worksheet | undefined;
  if (typeof sheet === 'number') {
    worksheet = sheets[sheet - 1];
    if (!worksheet) throw new TableReadError(`${fileName} has ${sheets.length} worksheet(s); there is no sheet ${sheet}. Sheets: ${sheetNames.map((n, i) => `${i + 1} "${n}"`).join(', ')}.`);
  } else if (typeof sheet === 'string') {
    worksheet = sheets.find((s) => s.name.trim().toLowerCase() === sheet.trim().toLowerCase());
    if (!worksheet) throw new TableReadError(`${fileName} has no worksheet called "${sheet}". Sheets: ${sheetNames.map((n) => `"${n}"`).join(', ')}.`);
  } else {
    worksheet = sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden' && s.actualRowCount > 0) ?? sheets[0];
  }
  if (worksheet!.rowCount > MAX_TABLE_ROWS) {
    throw new TableReadError(`${fileName} sheet "${worksheet!.name}" has ${worksheet!.rowCount} rows; the limit is ${MAX_TABLE_ROWS}.`);
  }
  const rows: TableCell[][] = [];
  worksheet!.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: TableCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      cells[column - 1] = cellOf(cell);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= { text: '' };
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  const saved = workbook.modified ?? workbook.created;
  return {
    fileName,
    kind: 'xlsx',
    sheetName: worksheet!.name,
    sheetNames,
    rows,
    savedAt: saved instanceof Date && !Number.isNaN(saved.getTime()) ? saved.toISOString() : undefined,
  };
}

function cellOf(cell: ExcelJS.Cell): TableCell {
  if (cell.isMerged && cell.master !== cell) return { text: '', merged: true };
  const out = valueOf(cell.value);
  return cell.isMerged ? { ...out, merged: true } : out;
}

function valueOf(value: ExcelJS.CellValue | undefined): TableCell {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: String(value) };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { text: '' };
    // exceljs turns the Excel serial into a UTC midnight instant: the day is its UTC date.
    const iso = value.toISOString().slice(0, 10);
    return { text: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`, date: iso };
  }
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
  if ('hyperlink' in value) return { text: String(value.text ?? value.hyperlink) };
  if ('formula' in value || 'sharedFormula' in value) return valueOf((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('error' in value) return { text: String(value.error) };
  return { text: String(value) };
}

function readCsv(fileName: string, content: Buffer): SourceTable {
  const text = decodeText(content);
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const delimiter = count(firstLine, '\t') > count(firstLine, ',') ? '\t' : count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw new TableReadError(`${fileName} could not be read as CSV: ${(error as Error).message}`);
  }
  if (records.length > MAX_TABLE_ROWS) throw new TableReadError(`${fileName} has ${records.length} rows; the limit is ${MAX_TABLE_ROWS}.`);
  return { fileName, kind: 'csv', sheetNames: [], rows: records.map((r) => r.map((t) => ({ text: t }))) };
}

/** UTF-8 (with or without BOM); a file that is not valid UTF-8 is read as Windows-1252, Excel's "CSV" on UK Windows. */
function decodeText(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    // Node 20 decodes "windows-1252" as ISO-8859-1, so bytes 0x80-0x9F (curly quotes, dashes,
    // the euro sign) arrive as control characters: map them to what Windows meant.
    return new TextDecoder('windows-1252').decode(content).replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] || c);
  }
}

/** Windows-1252 characters for bytes 0x80-0x9F (empty: unassigned). */
const WINDOWS_1252_C1 = [
  '\u20ac', '', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '', '\u017d', '',
  '', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '', '\u017e', '\u0178',
];

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** Column letters as Excel shows them: 1 -> A, 27 -> AA. */
export function columnLetter(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** "C" -> 3, "AA" -> 27; undefined when not a column letter. */
export function columnNumber(letters: string): number | undefined {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return undefined;
  let n = 0;
  for (const c of letters.toUpperCase()) n = n * 26 + (c.charCodeAt(0) - 64);
  return n;
}
