/**
 * Imports performance measures from a spreadsheet into a plan (an operating plan's appendix of
 * strategic and operational measures): every row is imported, updated, unchanged or rejected with
 * the reason, and a dry run gives the same report.
 *
 * Rules:
 * - Measures are matched by council and number, however the number is written ("EP3" = "EP 3").
 * - Benchmark and trajectory are kept as written beside the value read from them; a word that is
 *   not understood rejects the row (add it to the mapping file's benchmarkLabels / trajectoryLabels)
 *   rather than guessing. They are never turned into a colour.
 * - A row with one filled cell is a heading: "Population Outcomes" / "Process" set the category of
 *   the rows below, anything else their priority (as in Stoke's appendix).
 * - Blank cells never erase what is stored; measures not in the file are left as they are.
 * - Measures take the plan's sensitivity: an internal-only plan's measures never reach a channel.
 */
import { measureNumberKey, parseMeasureNumber } from '../../../domain/measures/measure-number.js';
import { AuditEntry, PerformanceMeasure, type BenchmarkPosition, type Trajectory } from '../../../domain/model.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import type { Store } from '../../../store/store.js';
import { ColumnMappingError } from './columns.js';
import { PlanImportError } from './types.js';
import {
  cellsByField,
  countOutcomes,
  headingText,
  layoutRecordColumns,
  type RecordColumnSpec,
  type RecordImportReport,
  type RecordMappingFile,
  type RecordRowReport,
} from './record-columns.js';
import { withoutUndefined } from '../records.js';
import { columnLetter, type SourceTable } from '../table.js';

export const MEASURE_FIELDS = ['number', 'measure', 'priority', 'category', 'benchmark', 'trajectory'] as const;
export type MeasureField = (typeof MEASURE_FIELDS)[number];

export const MEASURE_COLUMNS: RecordColumnSpec<MeasureField> = {
  records: 'performance measures',
  fields: MEASURE_FIELDS,
  labels: { number: 'Measure No.', measure: 'Measure', priority: 'Priority', category: 'Category', benchmark: 'Benchmark Position', trajectory: 'Performance Trajectory' },
  rules: [
    [/\b(benchmark|comparator|compared|quartile)\b/, 'benchmark'],
    [/\b(trajectory|direction of travel|trend|dot)\b/, 'trajectory'],
    [/\b(category|type|outcome or process|population outcome)\b/, 'category'],
    [/\b(priority|priorities|theme|strategic objective)\b/, 'priority'],
    [/^(measure |pi |kpi |indicator )?(no|number|ref|reference|code|id|#)$|^(pi|kpi)$|\bref no\b/, 'number'],
    [/\b(measure|measures|indicator|indicators|description|pi name|kpi name)\b/, 'measure'],
  ],
  required: 'measure',
};

const BENCHMARK_WORDS: Record<string, BenchmarkPosition> = {
  'above average': 'above-average',
  average: 'average',
  'below average': 'below-average',
  'n/a': 'not-applicable',
  na: 'not-applicable',
  'not applicable': 'not-applicable',
  tbc: 'to-be-confirmed',
  'to be confirmed': 'to-be-confirmed',
};
const TRAJECTORY_WORDS: Record<string, Trajectory> = {
  improving: 'improving',
  stable: 'stable',
  declining: 'declining',
  'n/a': 'not-applicable',
  na: 'not-applicable',
  'not applicable': 'not-applicable',
};

export interface MeasureImportOptions {
  planId: string;
  mapping?: RecordMappingFile;
  actor: { personId?: string; name: string };
  now: Date;
  importId: string;
  dryRun?: boolean;
}

interface Writes {
  measures: PerformanceMeasure[];
  audit: AuditEntry[];
}

const plain = (text: string) => text.replace(/<[^>]+>/g, ' ').replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
const word = (text: string) => plain(text).toLowerCase().replace(/[.]+$/, '');

function readBenchmark(raw: string, extra: Record<string, BenchmarkPosition>): PerformanceMeasure['benchmark'] | undefined {
  const text = word(raw);
  const known = { ...BENCHMARK_WORDS, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k.toLowerCase(), v])) };
  if (known[text]) return { raw, value: known[text]! };
  // "Below Average except unclassified roads": a known position followed by words that qualify it.
  const m = /^(above average|below average|average)\s+(.+)$/.exec(text);
  if (m) return { raw, value: known[m[1]!]!, qualifier: plain(raw).slice(m[1]!.length).trim() };
  return undefined;
}

function readTrajectory(raw: string, periodRaw: string, extra: Record<string, Trajectory>): { trajectory: PerformanceMeasure['trajectory']; newMeasure: boolean } | undefined {
  const text = word(raw);
  const known = { ...TRAJECTORY_WORDS, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k.toLowerCase(), v])) };
  const fresh = /^(n\/a|na|not applicable)?\s*[-–]?\s*new measure$/.exec(text);
  if (fresh) return { trajectory: { raw, value: 'not-applicable', periodRaw }, newMeasure: true };
  const value = known[text];
  return value ? { trajectory: { raw, value, periodRaw }, newMeasure: false } : undefined;
}

/** Works out the report and the writes against one snapshot. Pure: nothing is written. */
export function computeMeasureImport(snapshot: Snapshot, table: SourceTable, options: MeasureImportOptions): { report: RecordImportReport; writes: Writes } {
  const plan = snapshot.plan(options.planId);
  if (!plan) {
    const known = snapshot.plans.map((p) => `${p.id} (${p.title})`).join(', ') || 'none yet';
    throw new PlanImportError(`There is no plan "${options.planId}" to import measures into. Plans: ${known}.`);
  }
  const layout = layoutRecordColumns(MEASURE_COLUMNS, table.rows, options.mapping);
  const headerCells = table.rows[layout.headerRowIndex] ?? [];
  const trajectoryHeader = layout.columns.find((c) => c.field === 'trajectory')?.header ?? '';
  // "Performance Trajectory (last 12 months)": the period the column covers, as written.
  const periodRaw = /\(([^)]+)\)\s*$/.exec(trajectoryHeader)?.[1] ?? 'not stated';
  const writes: Writes = { measures: [], audit: [] };
  const nowIso = options.now.toISOString();
  let auditSeq = 0;
  const audit = (entry: Omit<AuditEntry, 'id' | 'at' | 'actorId' | 'actorName'>) =>
    writes.audit.push(withoutUndefined({ id: `audit-${options.importId}-${++auditSeq}`, at: nowIso, actorId: options.actor.personId, actorName: options.actor.name, ...entry }));

  const index = snapshot.measureIndex();
  const rows: RecordRowReport[] = [];
  const headings: RecordImportReport['headings'] = [];
  const seen = new Map<string, number>();
  let priority: string | undefined;
  let category: { value: PerformanceMeasure['category']; raw: string } | undefined;

  for (let i = layout.headerRowIndex + 1; i < table.rows.length; i++) {
    const cells = table.rows[i] ?? [];
    const rowNumber = i + 1;
    const heading = headingText(cells);
    if (!cells.some((c) => (c?.text ?? '').trim())) continue;
    const get = cellsByField(layout, cells);
    if (heading !== undefined && !parseMeasureNumber(heading)) {
      const text = plain(heading);
      if (/^population outcomes?$/i.test(text)) category = { value: 'population-outcome', raw: text };
      else if (/^process( measures)?$/i.test(text)) category = { value: 'process', raw: text };
      else if (headerCells.some((c) => plain(c?.text ?? '') === text)) continue; // the header row repeated
      else {
        priority = text;
        category = undefined;
      }
      headings.push({ row: rowNumber, text });
      continue;
    }
    const numberRaw = get('number');
    const measureText = get('measure');
    const label = [plain(numberRaw), measureText.length > 70 ? `${measureText.slice(0, 67)}...` : measureText].filter(Boolean).join(' ') || `row ${rowNumber}`;
    const reject = (reason: string) => rows.push({ row: rowNumber, outcome: 'rejected', label, reason, changes: [], warnings: [] });
    const number = numberRaw ? parseMeasureNumber(numberRaw) : undefined;
    if (!number) {
      reject(numberRaw ? `measure number '${numberRaw}' not understood (expected letters and a number, such as "EP 3" or "VUL 10b")` : 'missing measure number');
      continue;
    }
    if (!measureText) {
      reject('missing measure text');
      continue;
    }
    const key = measureNumberKey(number);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      reject(`duplicate measure number ${key} (already on row ${earlier})`);
      continue;
    }
    seen.set(key, rowNumber);

    const current = index.withNumber(key, plan.councilId)[0];
    const benchmarkRaw = get('benchmark');
    const benchmark = benchmarkRaw ? readBenchmark(benchmarkRaw, options.mapping?.benchmarkLabels ?? {}) : current?.benchmark;
    if (benchmarkRaw && !benchmark) {
      reject(`benchmark '${benchmarkRaw}' not understood (Above Average, Average, Below Average, N/a or Tbc; or add it to the mapping file's benchmarkLabels)`);
      continue;
    }
    const trajectoryRaw = get('trajectory');
    const trajectory = trajectoryRaw ? readTrajectory(trajectoryRaw, periodRaw, options.mapping?.trajectoryLabels ?? {}) : undefined;
    if (trajectoryRaw && !trajectory) {
      reject(`trajectory '${trajectoryRaw}' not understood (Improving, Stable, Declining, N/a or "N/a – New measure"; or add it to the mapping file's trajectoryLabels)`);
      continue;
    }
    const categoryCell = get('category');
    const rowCategory = categoryCell
      ? /process/i.test(categoryCell)
        ? { value: 'process' as const, raw: categoryCell }
        : /outcome/i.test(categoryCell)
          ? { value: 'population-outcome' as const, raw: categoryCell }
          : undefined
      : category;
    if (categoryCell && !rowCategory) {
      reject(`category '${categoryCell}' not understood (population outcome or process)`);
      continue;
    }
    const rowPriority = get('priority') || priority;
    const warnings: string[] = [];
    if (!benchmark) warnings.push('no benchmark position given: recorded as "to be confirmed"');
    if (!trajectory && !current) warnings.push('no trajectory given: recorded as N/a');
    if (!rowCategory && !current) warnings.push('no category given: recorded as population outcome');

    const candidate = PerformanceMeasure.parse(
      withoutUndefined({
        id: current?.id ?? `${plan.id}-measure-${key.toLowerCase().replace(/\s+/g, '-')}`,
        councilId: plan.councilId,
        planId: current?.planId ?? plan.id,
        number: key,
        numberRaw: numberRaw,
        prefix: number.prefix,
        sequence: number.sequence,
        suffix: number.suffix,
        measure: measureText,
        priority: rowPriority ?? current?.priority ?? 'not stated',
        priorityRaw: rowPriority ?? current?.priorityRaw ?? 'not stated',
        category: rowCategory?.value ?? current?.category ?? 'population-outcome',
        categoryRaw: rowCategory?.raw ?? current?.categoryRaw ?? 'not stated',
        benchmark: benchmark ?? { raw: '', value: 'to-be-confirmed' },
        trajectory: trajectory?.trajectory ?? current?.trajectory ?? { raw: '', value: 'not-applicable', periodRaw },
        newMeasure: trajectory ? trajectory.newMeasure : (current?.newMeasure ?? false),
        sensitivity: current?.sensitivity ?? plan.sensitivity,
        source: { document: table.fileName, note: `${table.sheetName ? `sheet ${table.sheetName}, ` : ''}row ${rowNumber}` },
      }),
    );
    if (!current) {
      writes.measures.push(candidate);
      audit({ command: 'import-measures', entity: 'measure', entityId: candidate.id, after: candidate, note: `${table.fileName} row ${rowNumber}` });
      rows.push({ row: rowNumber, outcome: 'imported', recordId: candidate.id, label, changes: [], warnings });
      continue;
    }
    const changes = changedFields(current, candidate);
    if (!changes.length) {
      rows.push({ row: rowNumber, outcome: 'unchanged', recordId: current.id, label, changes: [], warnings });
      continue;
    }
    const next = candidate;
    writes.measures.push(next);
    audit({
      command: 'import-measures',
      entity: 'measure',
      entityId: current.id,
      before: Object.fromEntries(changes.map((f) => [f, current[f]])),
      after: Object.fromEntries(changes.map((f) => [f, next[f]])),
      note: `${table.fileName} row ${rowNumber}`,
    });
    rows.push({ row: rowNumber, outcome: 'updated', recordId: current.id, label, changes: changes.map((f) => `${f} changed`), warnings });
  }

  const report: RecordImportReport = {
    importId: options.importId,
    fileName: table.fileName,
    sheetName: table.sheetName,
    planId: plan.id,
    planTitle: plan.title,
    headerRow: layout.headerRowIndex + 1,
    columns: layout.columns.map((c) => ({ field: c.field, label: MEASURE_COLUMNS.labels[c.field], header: c.header, column: columnLetter(c.column + 1), how: c.how })),
    ignoredColumns: layout.ignored,
    rows,
    counts: countOutcomes(rows),
    headings,
    dryRun: Boolean(options.dryRun),
  };
  return { report, writes };
}

const COMPARED: readonly (keyof PerformanceMeasure)[] = ['numberRaw', 'measure', 'priority', 'category', 'benchmark', 'trajectory', 'newMeasure'];

function changedFields(current: PerformanceMeasure, next: PerformanceMeasure): (keyof PerformanceMeasure)[] {
  return COMPARED.filter((f) => JSON.stringify(current[f]) !== JSON.stringify(next[f]));
}

/** Imports (or, with `dryRun`, only reports) in one transaction. */
export async function importMeasures(store: Store, table: SourceTable, options: MeasureImportOptions): Promise<RecordImportReport> {
  const { report, writes } = computeMeasureImport(await store.snapshot(), table, options);
  if (options.dryRun || writes.measures.length === 0) return report;
  await store.transact('import-measures', (tx) => {
    for (const m of writes.measures) tx.put('performanceMeasures', m);
    for (const entry of writes.audit) tx.put('audit', entry);
  });
  return report;
}

export { ColumnMappingError };
