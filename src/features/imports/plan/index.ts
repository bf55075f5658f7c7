/**
 * Imports an action plan from a spreadsheet: every row is imported, updated, unchanged, rejected
 * (with the reason) or held, and the same report is produced for a dry run.
 *
 * Rules a council can rely on:
 * - Actions are matched by plan + action number, or by title when unnumbered. Re-importing the same
 *   file changes nothing; a newer file changes only what changed, and every change is audited.
 * - Blank cells never erase anything: a spreadsheet that leaves commentary empty keeps the commentary.
 * - A changed target date never overwrites the recorded original: it becomes a proposed revision
 *   (slippage is measured against the approved baseline, docs/domain.md §5.4).
 * - An action updated in chat after the spreadsheet's as-at date is "held", never overwritten,
 *   unless the admin confirms (`force`).
 * - An unknown status label is not a reason to lose the row: a new action gets status UNKNOWN with
 *   the label kept as written; an existing action keeps its status; both are reported as warnings.
 *   An unreadable date rejects the row, because a wrong target date would drive wrong slippage.
 *
 * The import lives in one module per job (plan-import-types.ts for the options and report,
 * plan-import-as-at.ts for the as-at date, plan-import-actions.ts for building and comparing
 * actions, plan-import-themes.ts for themes and sections); this file walks the rows and writes.
 */
import { AuditEntry, Council, Plan, type Action, type ProgressUpdate } from '../../../domain/model.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import { formatUkDate, londonDate } from '../../../domain/uk-format.js';
import { VersionConflictError, type Store } from '../../../store/store.js';
import { transactAudited, written } from '../../../store/audited-write.js';
import { FIELD_LABELS, layoutColumns } from './columns.js';
import { findAsAt } from './as-at.js';
import { diffAction, matchByTitle, newAction, progressUpdateFor } from './actions.js';
import { ThemeBook } from './themes.js';
import { PlanImportError, type PlanImportOptions, type PlanImportReport, type RowOutcome, type RowReport, type Writes } from './types.js';
import { PeopleDirectory, slug } from '../owners.js';
import { actionKey, normaliseTitle, readRow, statusLabelMap } from './rows.js';
import { withoutUndefined } from '../records.js';
import { columnLetter, type SourceTable } from '../table.js';

export { PlanImportError } from './types.js';
export type { AsAtBasis, PlanImportOptions, PlanImportReport, RowOutcome, RowReport } from './types.js';

const CHAT_CHANNELS = new Set(['teams-text', 'teams-card']);

/** Works out the report and the writes against one snapshot. Pure: nothing is written. */
export function computePlanImport(snapshot: Snapshot, table: SourceTable, options: PlanImportOptions): { report: PlanImportReport; writes: Writes } {
  const writes: Writes = { people: [], themes: [], actions: [], updates: [], audit: [] };
  const nowIso = options.now.toISOString();
  let auditSeq = 0;
  // Built directly, not through zod: an import of 10,000 rows writes 10,000 of them.
  const audit = (entry: Omit<AuditEntry, 'id' | 'at' | 'actorId' | 'actorName'>) => {
    writes.audit.push(withoutUndefined({ id: `audit-${options.importId}-${++auditSeq}`, at: nowIso, actorId: options.actor.personId, actorName: options.actor.name, ...entry }));
  };

  // The plan (created when asked to).
  let plan = snapshot.plan(options.planId);
  let planCreated = false;
  if (!plan) {
    if (!options.newPlan) {
      const known = snapshot.plans.map((p) => `${p.id} (${p.title})`).join(', ') || 'none yet';
      throw new PlanImportError(`There is no plan "${options.planId}". Plans: ${known}. To create it, give its title (--title "...") and council (--council <id>).`);
    }
    const { councilId, title, councilName } = options.newPlan;
    if (!snapshot.council(councilId)) {
      writes.council = Council.parse({ id: councilId, name: councilName ?? humanise(councilId) });
      audit({ command: 'import-plan', entity: 'council', entityId: councilId, after: writes.council, note: `created for plan ${options.planId}` });
    }
    plan = Plan.parse({ id: options.planId, councilId, title, source: { document: table.fileName, note: 'created by spreadsheet import' } });
    writes.plan = plan;
    planCreated = true;
    audit({ command: 'import-plan', entity: 'plan', entityId: plan.id, after: plan, note: `created from ${table.fileName}` });
  }

  const layout = layoutColumns(table.rows, options.mapping);
  const asAt = findAsAt(table, layout.headerRowIndex, options);
  const directory = new PeopleDirectory(snapshot.people, plan.councilId);
  const statusLabels = statusLabelMap(plan.statusLabels, options.mapping?.statusLabels);
  const rowCtx = { layout, directory, statusLabels, referenceDate: asAt.date, planTitle: plan.title, fileName: table.fileName, dateCache: new Map() };

  // Existing actions by key; ids in use.
  const existing = snapshot.actionsOf(plan.id);
  const byNumber = new Map<string, Action>();
  const byTitle = new Map<string, Action>();
  for (const action of existing) {
    if (action.number) byNumber.set(action.number.toLowerCase(), action);
    if (!byTitle.has(normaliseTitle(action.title))) byTitle.set(normaliseTitle(action.title), action);
  }
  const usedActionIds = new Set(snapshot.actions.map((a) => a.id));
  const themes = new ThemeBook(snapshot, plan.id);
  const seenKeys = new Map<string, number>();
  const touched = new Set<string>();

  const rows: RowReport[] = [];
  const headings: PlanImportReport['headings'] = [];
  const skipped: PlanImportReport['skipped'] = [];
  let blankRows = 0;
  let section: string | undefined;

  for (let i = layout.headerRowIndex + 1; i < table.rows.length; i++) {
    const reading = readRow(table.rows[i] ?? [], i, section, rowCtx);
    if (reading.kind === 'blank') {
      blankRows++;
      continue;
    }
    if (reading.kind === 'heading') {
      section = reading.text.replace(/\s+/g, ' ').trim();
      headings.push({ row: reading.row, text: section });
      continue;
    }
    if (reading.kind === 'skipped') {
      skipped.push({ row: reading.row, why: reading.why });
      continue;
    }
    if (reading.kind === 'rejected') {
      rows.push({ row: reading.row, outcome: 'rejected', label: reading.label, reason: reading.reason, changes: [], warnings: [] });
      continue;
    }
    const parsed = reading.action;
    const label = [parsed.number, truncate(parsed.title, 70)].filter(Boolean).join(' ');
    const earlier = seenKeys.get(parsed.key);
    if (earlier !== undefined) {
      const reason = parsed.number ? `duplicate action number ${parsed.number} (already on row ${earlier})` : `duplicate title (already on row ${earlier})`;
      rows.push({ row: parsed.row, outcome: 'rejected', label, reason, changes: [], warnings: parsed.warnings });
      continue;
    }
    seenKeys.set(parsed.key, parsed.row);

    const match = (parsed.number ? byNumber.get(parsed.number.toLowerCase()) : undefined) ?? matchByTitle(byTitle, parsed);
    const themeId = themes.idFor(parsed, match);
    const warnings = [...parsed.warnings];
    if (parsed.unknownStatusLabel) {
      const allowed = Object.keys(plan.statusLabels).length ? Object.keys(plan.statusLabels) : ['Not started', 'In progress', 'On track', 'At risk', 'Slipped', 'Completed', 'Deferred', 'Ongoing', 'Closed'];
      warnings.push(
        `status '${parsed.unknownStatusLabel}' is not one of this plan's labels (${allowed.join(', ')}); ` +
          (match ? 'the status was left as it was' : "imported as 'no status reported', with the label kept"),
      );
    }

    if (!match) {
      const id = uniqueId(usedActionIds, parsed.number ? `${plan.id}-${parsed.number.replace(/[^A-Za-z0-9.-]/g, '-')}` : `${plan.id}-${slug(parsed.title).slice(0, 50) || 'action'}`);
      const record = newAction(id, plan.id, themeId, parsed, asAt, table.fileName, options);
      touched.add(id);
      writes.actions.push({ record, expectedVersion: 0 });
      audit({ command: 'import-plan', entity: 'action', entityId: id, after: record, note: `${table.fileName} row ${parsed.row}` });
      const update = progressUpdateFor(record, undefined, parsed, asAt, options);
      if (update) writes.updates.push(update);
      rows.push({ row: parsed.row, outcome: 'imported', actionId: id, label, changes: [], warnings });
      continue;
    }

    touched.add(match.id);
    const diff = diffAction(match, parsed, themeId, asAt, table.fileName, options);
    warnings.push(...diff.warnings);
    if (diff.changes.length === 0) {
      rows.push({ row: parsed.row, outcome: 'unchanged', actionId: match.id, label, changes: [], warnings });
      continue;
    }
    const newerChat = newestChatUpdate(snapshot, match.id);
    if (newerChat && !options.force && (asAt.cutoff === undefined || newerChat.authoredAt > asAt.cutoff)) {
      const when = formatUkDate(londonDate(new Date(newerChat.authoredAt)));
      const reason =
        asAt.cutoff === undefined
          ? `held: updated in chat by ${newerChat.authorName} on ${when}, and the spreadsheet's date is unknown (give its as-at date)`
          : `held: newer chat update by ${newerChat.authorName} on ${when}`;
      rows.push({ row: parsed.row, outcome: 'held', actionId: match.id, label, reason, changes: diff.changes.map((c) => c.text), warnings });
      continue;
    }
    const forcedOver = newerChat && options.force && (asAt.cutoff === undefined || newerChat.authoredAt > asAt.cutoff);
    writes.actions.push({ record: diff.next, expectedVersion: match.version });
    audit({
      command: 'import-plan',
      entity: 'action',
      entityId: match.id,
      before: Object.fromEntries(diff.changes.map((c) => [c.field, c.before])),
      after: Object.fromEntries(diff.changes.map((c) => [c.field, c.after])),
      note: `${table.fileName} row ${parsed.row}${forcedOver ? `; overwrote a newer chat update by ${newerChat!.authorName} (admin confirmed)` : ''}`,
    });
    const update = progressUpdateFor(diff.next, match, parsed, asAt, options);
    if (update) writes.updates.push(update);
    rows.push({ row: parsed.row, outcome: 'updated', actionId: match.id, label, changes: diff.changes.map((c) => c.text), warnings });
  }

  for (const { person, rows: personRows } of directory.created) {
    writes.people.push(person);
    audit({ command: 'import-plan', entity: 'person', entityId: person.id, after: person, note: `${table.fileName} rows ${personRows.join(', ')}: not matched to anyone known (no email yet)` });
  }
  for (const theme of themes.created) {
    writes.themes.push(theme);
    audit({ command: 'import-plan', entity: 'theme', entityId: theme.id, after: theme, note: `${table.fileName}` });
  }

  const counts: Record<RowOutcome, number> = { imported: 0, updated: 0, unchanged: 0, rejected: 0, held: 0 };
  for (const row of rows) counts[row.outcome]++;
  const report: PlanImportReport = {
    importId: options.importId,
    fileName: table.fileName,
    sheetName: table.sheetName,
    planId: plan.id,
    planTitle: plan.title,
    planCreated,
    headerRow: layout.headerRowIndex + 1,
    columns: layout.columns.map((c) => ({ field: c.field, label: FIELD_LABELS[c.field], header: c.header, column: columnLetter(c.column + 1), how: c.how })),
    ignoredColumns: layout.ignored,
    asAt,
    rows,
    counts,
    headings,
    skipped,
    blankRows,
    newPeople: directory.created.map(({ person, rows: r }) => ({ id: person.id, name: person.name, rows: r })),
    newThemes: themes.created.map((t) => ({ id: t.id, name: t.name ?? t.id })),
    notInFile: existing.filter((a) => !touched.has(a.id)).length,
    dryRun: Boolean(options.dryRun),
    forced: Boolean(options.force),
  };
  const anyChange = writes.actions.length + writes.people.length + writes.themes.length > 0 || writes.plan;
  if (anyChange) {
    audit({
      command: 'import-plan',
      entity: 'plan',
      entityId: plan.id,
      after: { fileName: table.fileName, sheet: table.sheetName, asAt: asAt.date, asAtBasis: asAt.basis, counts, forced: report.forced },
      note: `imported ${table.fileName}`,
    });
  }
  return { report, writes };
}

/**
 * Imports (or, with `dryRun`, only reports). The writes are one transaction checked against the
 * versions the report was computed from; if someone changed an action meanwhile, the import is
 * recomputed once on fresh data rather than overwriting their change.
 */
export async function importPlan(store: Store, table: SourceTable, options: PlanImportOptions): Promise<PlanImportReport> {
  for (let attempt = 1; ; attempt++) {
    const snapshot = await store.snapshot();
    const { report, writes } = computePlanImport(snapshot, table, options);
    if (options.dryRun) return report;
    const empty = writes.actions.length + writes.people.length + writes.themes.length + writes.updates.length === 0 && !writes.plan;
    if (empty) return report;
    try {
      await transactAudited(store, 'import-plan', (tx) => {
        if (writes.council) tx.put('councils', writes.council);
        if (writes.plan) tx.put('plans', writes.plan);
        for (const person of writes.people) tx.put('people', person, { expectedVersion: 0 });
        for (const theme of writes.themes) tx.put('themes', theme);
        for (const { record, expectedVersion } of writes.actions) tx.put('actions', record, { expectedVersion });
        for (const update of writes.updates) tx.put('updates', update);
        return written(undefined, ...writes.audit);
      });
      return report;
    } catch (error) {
      if (error instanceof VersionConflictError && attempt < 2) continue;
      throw error;
    }
  }
}

function newestChatUpdate(snapshot: Snapshot, actionId: string): ProgressUpdate | undefined {
  const chat = snapshot.updatesOf(actionId).filter((u) => CHAT_CHANNELS.has(u.channel));
  return chat[chat.length - 1];
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function humanise(id: string): string {
  return id.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

function uniqueId(used: Set<string>, base: string): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}


export { actionKey };
