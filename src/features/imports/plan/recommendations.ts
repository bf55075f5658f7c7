/**
 * Imports recommendations from a spreadsheet (a recommendation tracker: peer challenge, inspection,
 * audit or Ombudsman recommendations) into a plan of kind 'recommendation-tracker'. Every row is
 * imported, updated, unchanged or rejected with the reason; a dry run gives the same report.
 *
 * Rules:
 * - Recommendations are matched by reference when the sheet has one, else by their text.
 * - A theme cell (or a heading row above) files the recommendation under that theme of the plan,
 *   created when new.
 * - A status label is read with the same built-in labels as actions plus the plan's and the mapping
 *   file's; an unknown label keeps the row with status UNKNOWN and the label as written (warned).
 * - A progress cell is kept as written, as what the council reports ("reported").
 * - An "Actions" cell ("2.2, 4.1") links the recommendation to actions of the same council by number;
 *   a number that names no action, or several, is reported and not linked. Links are only added.
 * - Blank cells never erase what is stored.
 */
import { AuditEntry, Recommendation, Theme, type Action, type CanonicalStatus } from '../../../domain/model.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import type { Store } from '../../../store/store.js';
import { slug } from '../owners.js';
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
import { cleanActionNumber, normaliseLabel, normaliseTitle, statusLabelMap } from './rows.js';
import { withoutUndefined } from '../records.js';
import { columnLetter, type SourceTable } from '../table.js';

export const RECOMMENDATION_FIELDS = ['number', 'text', 'theme', 'madeBy', 'status', 'progress', 'actions'] as const;
export type RecommendationField = (typeof RECOMMENDATION_FIELDS)[number];

export const RECOMMENDATION_COLUMNS: RecordColumnSpec<RecommendationField> = {
  records: 'recommendations',
  fields: RECOMMENDATION_FIELDS,
  labels: { number: 'Ref', text: 'Recommendation', theme: 'Theme', madeBy: 'Made by', status: 'Status', progress: 'Progress', actions: 'Actions' },
  rules: [
    [/\b(linked actions?|actions? (no|nos|numbers?|refs?)|actions)\b/, 'actions'],
    [/\b(made by|source|raised by|from|review|inspection body)\b/, 'madeBy'],
    [/\b(status|rag)\b/, 'status'],
    [/\b(progress|update|updates|commentary|comments?|narrative)\b/, 'progress'],
    [/\b(theme|area|section|category|workstream)\b/, 'theme'],
    [/^(rec |recommendation )?(no|number|ref|reference|id|#)$|^ref\b|\bref no\b/, 'number'],
    [/\b(recommendation|recommendations|finding|area for improvement)\b/, 'text'],
  ],
  required: 'text',
};

const MADE_BY: ReadonlyArray<[RegExp, Recommendation['madeBy']]> = [
  [/peer (challenge|review)|\blga\b/i, 'peer-challenge'],
  [/impact assessment|\bcia\b|\beia\b/i, 'community-impact-assessment'],
  [/ombudsman|lgsco|\blgo\b/i, 'ombudsman'],
  [/ofsted|cqc|inspect/i, 'inspection'],
  [/audit/i, 'audit'],
  [/cabinet/i, 'report-to-cabinet'],
];

export interface RecommendationImportOptions {
  planId: string;
  mapping?: RecordMappingFile;
  /** Who made the recommendations when the sheet has no column saying so. */
  madeBy?: Recommendation['madeBy'];
  actor: { personId?: string; name: string };
  now: Date;
  importId: string;
  dryRun?: boolean;
}

interface Writes {
  recommendations: Recommendation[];
  themes: Theme[];
  actions: { record: Action; expectedVersion: number }[];
  audit: AuditEntry[];
}

export function computeRecommendationImport(snapshot: Snapshot, table: SourceTable, options: RecommendationImportOptions): { report: RecordImportReport; writes: Writes } {
  const plan = snapshot.plan(options.planId);
  if (!plan) {
    const known = snapshot.plans.map((p) => `${p.id} (${p.title})`).join(', ') || 'none yet';
    throw new PlanImportError(`There is no plan "${options.planId}" to import recommendations into. Plans: ${known}.`);
  }
  if (plan.kind !== 'recommendation-tracker' && plan.kind !== 'recommendations') {
    throw new PlanImportError(`${plan.title} is not a recommendation tracker (it is a ${plan.kind.replace(/-/g, ' ')}); import recommendations into a recommendation tracker.`);
  }
  const layout = layoutRecordColumns(RECOMMENDATION_COLUMNS, table.rows, options.mapping);
  const statusLabels = statusLabelMap({ implemented: 'COMPLETED', 'fully implemented': 'COMPLETED', 'partly implemented': 'IN_PROGRESS', open: 'UNKNOWN' }, plan.statusLabels, options.mapping?.statusLabels);
  const writes: Writes = { recommendations: [], themes: [], actions: [], audit: [] };
  const nowIso = options.now.toISOString();
  let auditSeq = 0;
  const audit = (entry: Omit<AuditEntry, 'id' | 'at' | 'actorId' | 'actorName'>) =>
    writes.audit.push(withoutUndefined({ id: `audit-${options.importId}-${++auditSeq}`, at: nowIso, actorId: options.actor.personId, actorName: options.actor.name, ...entry }));

  const existing = snapshot.recommendationIndex().ofPlan(plan.id);
  const byNumber = new Map(existing.filter((r) => r.numberRaw).map((r) => [r.numberRaw!.toLowerCase(), r]));
  const byText = new Map(existing.map((r) => [normaliseTitle(r.text), r]));
  const themes = new Map(snapshot.themesOf(plan.id).filter((t) => t.name).map((t) => [normaliseTitle(t.name!), t]));
  const usedIds = new Set(snapshot.recommendations.map((r) => r.id));
  // Actions of the same council by clean number, for the "Actions" column.
  const councilPlans = new Set(snapshot.plans.filter((p) => p.councilId === plan.councilId).map((p) => p.id));
  const linkedActions = new Map<string, Action>();

  const rows: RecordRowReport[] = [];
  const headings: RecordImportReport['headings'] = [];
  const seen = new Map<string, number>();
  let section: string | undefined;

  for (let i = layout.headerRowIndex + 1; i < table.rows.length; i++) {
    const cells = table.rows[i] ?? [];
    const rowNumber = i + 1;
    if (!cells.some((c) => (c?.text ?? '').trim())) continue;
    const get = cellsByField(layout, cells);
    const heading = headingText(cells);
    if (heading !== undefined && !get('text')) {
      section = heading;
      headings.push({ row: rowNumber, text: heading });
      continue;
    }
    const text = get('text').replace(/\s+/g, ' ');
    const numberRaw = get('number') || undefined;
    const label = [numberRaw, text.length > 70 ? `${text.slice(0, 67)}...` : text].filter(Boolean).join(' ') || `row ${rowNumber}`;
    if (!text) {
      rows.push({ row: rowNumber, outcome: 'rejected', label, reason: 'missing recommendation text', changes: [], warnings: [] });
      continue;
    }
    const key = numberRaw ? `n:${numberRaw.toLowerCase()}` : `t:${normaliseTitle(text)}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      rows.push({ row: rowNumber, outcome: 'rejected', label, reason: `duplicate ${numberRaw ? `reference ${numberRaw}` : 'recommendation'} (already on row ${earlier})`, changes: [], warnings: [] });
      continue;
    }
    seen.set(key, rowNumber);
    const warnings: string[] = [];
    const current = (numberRaw ? byNumber.get(numberRaw.toLowerCase()) : undefined) ?? byText.get(normaliseTitle(text));

    // Theme: the cell, else the heading row above; created in the plan when new.
    const themeName = get('theme') || section;
    let themeId = current?.themeId;
    if (themeName) {
      let theme = themes.get(normaliseTitle(themeName));
      if (!theme) {
        theme = Theme.parse({ id: `${plan.id}-t-${slug(themeName).slice(0, 50) || 'theme'}`, planId: plan.id, name: themeName, kind: 'theme', basis: `theme column of ${table.fileName}` });
        themes.set(normaliseTitle(themeName), theme);
        writes.themes.push(theme);
        audit({ command: 'import-recommendations', entity: 'theme', entityId: theme.id, after: theme, note: table.fileName });
      }
      themeId = theme.id;
    }

    const madeByCell = get('madeBy');
    let madeBy = current?.madeBy ?? options.madeBy ?? 'other';
    if (madeByCell) {
      const found = MADE_BY.find(([pattern]) => pattern.test(madeByCell))?.[1];
      if (found) madeBy = found;
      else warnings.push(`made by '${madeByCell}' is not a kind I know (peer challenge, impact assessment, Cabinet report, Ombudsman, inspection, audit); recorded as other`);
    }

    const statusText = get('status');
    let status: Recommendation['status'] = current?.status ?? { canonical: 'UNKNOWN' };
    if (statusText) {
      const canonical: CanonicalStatus | undefined = statusLabels.get(normaliseLabel(statusText));
      if (canonical) status = { canonical, raw: statusText };
      else {
        warnings.push(`status '${statusText}' is not a label I know; ${current ? 'the status was left as it was' : "imported as 'no status reported', with the label kept"}`);
        if (!current) status = { canonical: 'UNKNOWN', raw: statusText };
      }
    }

    const progressText = get('progress').replace(/\r\n?/g, '\n');
    const source = { document: table.fileName, note: `${table.sheetName ? `sheet ${table.sheetName}, ` : ''}row ${rowNumber}` };
    const progress = [...(current?.progress ?? [])];
    if (progressText && !progress.some((p) => p.text === progressText)) progress.push({ kind: 'reported', text: progressText, source });

    let id = current?.id;
    if (!id) {
      const base = `${plan.id}-rec-${slug(numberRaw ?? text).slice(0, 40) || 'recommendation'}`;
      id = base;
      for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
      usedIds.add(id);
    }
    const next = Recommendation.parse(
      withoutUndefined({
        ...(current ?? {}),
        id,
        councilId: plan.councilId,
        planId: plan.id,
        themeId,
        numberRaw: numberRaw ?? current?.numberRaw,
        text,
        madeBy,
        status,
        progress,
        sensitivity: current?.sensitivity ?? plan.sensitivity,
        source: current?.source ?? source,
        version: current?.version ?? 1,
      }),
    );

    // Links to the actions that answer it.
    for (const ref of get('actions').split(/\s*[,;/]\s*|\s+and\s+/).map((s) => s.trim()).filter(Boolean)) {
      const number = cleanActionNumber(ref);
      const matches = snapshot.actionsByNumber(number).filter((a) => councilPlans.has(a.planId));
      if (matches.length !== 1) {
        warnings.push(matches.length ? `action ${ref} is in ${matches.length} plans of this council; not linked` : `no action ${ref} in this council's plans; not linked`);
        continue;
      }
      const action = linkedActions.get(matches[0]!.id) ?? matches[0]!;
      if ((action.recommendationIds ?? []).includes(id)) continue;
      linkedActions.set(action.id, { ...action, recommendationIds: [...(action.recommendationIds ?? []), id] });
    }

    if (!current) {
      writes.recommendations.push(next);
      audit({ command: 'import-recommendations', entity: 'recommendation', entityId: id, after: next, note: `${table.fileName} row ${rowNumber}` });
      rows.push({ row: rowNumber, outcome: 'imported', recordId: id, label, changes: [], warnings });
      continue;
    }
    const changes = (['text', 'themeId', 'madeBy', 'status', 'progress', 'numberRaw'] as const).filter((f) => JSON.stringify(current[f]) !== JSON.stringify(next[f]));
    if (!changes.length) {
      rows.push({ row: rowNumber, outcome: 'unchanged', recordId: id, label, changes: [], warnings });
      continue;
    }
    writes.recommendations.push(next); // the store gives it the next version
    audit({
      command: 'import-recommendations',
      entity: 'recommendation',
      entityId: id,
      before: Object.fromEntries(changes.map((f) => [f, current[f]])),
      after: Object.fromEntries(changes.map((f) => [f, next[f]])),
      note: `${table.fileName} row ${rowNumber}`,
    });
    rows.push({ row: rowNumber, outcome: 'updated', recordId: id, label, changes: changes.map((f) => `${f} changed`), warnings });
  }

  for (const action of linkedActions.values()) {
    const before = snapshot.action(action.id)!;
    writes.actions.push({ record: action, expectedVersion: before.version });
    audit({ command: 'import-recommendations', entity: 'action', entityId: action.id, before: { recommendationIds: before.recommendationIds ?? [] }, after: { recommendationIds: action.recommendationIds }, note: `linked from ${table.fileName}` });
  }

  const report: RecordImportReport = {
    importId: options.importId,
    fileName: table.fileName,
    sheetName: table.sheetName,
    planId: plan.id,
    planTitle: plan.title,
    headerRow: layout.headerRowIndex + 1,
    columns: layout.columns.map((c) => ({ field: c.field, label: RECOMMENDATION_COLUMNS.labels[c.field], header: c.header, column: columnLetter(c.column + 1), how: c.how })),
    ignoredColumns: layout.ignored,
    rows,
    counts: countOutcomes(rows),
    headings,
    dryRun: Boolean(options.dryRun),
  };
  return { report, writes };
}

/** Imports (or, with `dryRun`, only reports) in one transaction; linked actions are checked against their versions. */
export async function importRecommendations(store: Store, table: SourceTable, options: RecommendationImportOptions): Promise<RecordImportReport> {
  const { report, writes } = computeRecommendationImport(await store.snapshot(), table, options);
  const empty = writes.recommendations.length + writes.themes.length + writes.actions.length === 0;
  if (options.dryRun || empty) return report;
  await store.transact('import-recommendations', (tx) => {
    for (const t of writes.themes) tx.put('themes', t);
    for (const r of writes.recommendations) tx.put('recommendations', r);
    for (const { record, expectedVersion } of writes.actions) tx.put('actions', record, { expectedVersion });
    for (const entry of writes.audit) tx.put('audit', entry);
  });
  return report;
}
