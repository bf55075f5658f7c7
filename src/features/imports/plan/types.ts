/**
 * The shapes of a spreadsheet plan import: its options, the per-row and whole-file report, the
 * error it refuses with, and the writes it computes before committing them in one transaction.
 */
import type { Action, AuditEntry, Council, Plan, Person, ProgressUpdate, Theme } from '../../../domain/model.js';
import type { ColumnMappingFile, PlanField } from './columns.js';

export type RowOutcome = 'imported' | 'updated' | 'unchanged' | 'rejected' | 'held';

export interface RowReport {
  row: number;
  outcome: RowOutcome;
  actionId?: string;
  label: string;
  reason?: string;
  changes: string[];
  warnings: string[];
}

export type AsAtBasis = 'given' | 'title row' | 'workbook saved' | 'file date' | 'unknown';

export interface PlanImportReport {
  importId: string;
  fileName: string;
  sheetName?: string;
  planId: string;
  planTitle: string;
  planCreated: boolean;
  headerRow: number;
  columns: { field: PlanField; label: string; header: string; column: string; how: string }[];
  ignoredColumns: string[];
  asAt: { date: string; basis: AsAtBasis; cutoff?: string; text?: string };
  rows: RowReport[];
  counts: Record<RowOutcome, number>;
  headings: { row: number; text: string }[];
  skipped: { row: number; why: string }[];
  blankRows: number;
  newPeople: { id: string; name: string; rows: number[] }[];
  newThemes: { id: string; name: string }[];
  /** Actions of the plan that the file does not mention (left as they are). */
  notInFile: number;
  dryRun: boolean;
  forced: boolean;
}

export interface PlanImportOptions {
  planId: string;
  mapping?: ColumnMappingFile;
  /** YYYY-MM-DD the progress is as at, given by the user: beats every other source. */
  asAt?: string;
  /** The file's own modification time (ISO instant), when known. */
  fileDate?: string;
  /** Overwrite actions updated in chat after the spreadsheet's date (the admin confirmed). */
  force?: boolean;
  /** Creates the plan (and council) when it does not exist yet. */
  newPlan?: { councilId: string; title: string; councilName?: string };
  actor: { personId?: string; name: string };
  now: Date;
  importId: string;
  dryRun?: boolean;
}

export class PlanImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanImportError';
  }
}

export interface Writes {
  council?: Council;
  plan?: Plan;
  people: Person[];
  themes: Theme[];
  actions: { record: Action; expectedVersion: number }[];
  updates: ProgressUpdate[];
  audit: AuditEntry[];
}
