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
 */
import { isDeepStrictEqual } from 'node:util';
import { DateTime } from 'luxon';
import { dateExprEquals, formatDateExpr, parseDateExpr, startDateOf, dueDateOf } from '../domain/date-expr.js';
import {
  Action,
  AuditEntry,
  Council,
  Plan,
  ProgressUpdate,
  Theme,
  type DateExpr,
  type Owner,
  type OwnerRole,
  type Person,
  type Revision,
} from '../domain/model.js';
import type { Snapshot } from '../domain/snapshot.js';
import { COUNCIL_ZONE, formatUkDate, londonDate } from '../domain/uk-format.js';
import { VersionConflictError, type Store } from '../store/store.js';
import { FIELD_LABELS, layoutColumns, type ColumnMappingFile, type PlanField } from './plan-columns.js';
import { PeopleDirectory, slug } from './owners.js';
import { actionKey, normaliseTitle, readRow, statusLabelMap, type ParsedRow } from './plan-rows.js';
import { withoutUndefined } from './records.js';
import { columnLetter, type SourceTable, type TableCell } from './table.js';

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

interface Writes {
  council?: Council;
  plan?: Plan;
  people: Person[];
  themes: Theme[];
  actions: { record: Action; expectedVersion: number }[];
  updates: ProgressUpdate[];
  audit: AuditEntry[];
}

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
      await store.transact('import-plan', (tx) => {
        if (writes.council) tx.put('councils', writes.council);
        if (writes.plan) tx.put('plans', writes.plan);
        for (const person of writes.people) tx.put('people', person, { expectedVersion: 0 });
        for (const theme of writes.themes) tx.put('themes', theme);
        for (const { record, expectedVersion } of writes.actions) tx.put('actions', record, { expectedVersion });
        for (const update of writes.updates) tx.put('updates', update);
        for (const entry of writes.audit) tx.put('audit', entry);
      });
      return report;
    } catch (error) {
      if (error instanceof VersionConflictError && attempt < 2) continue;
      throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// As-at date
// ---------------------------------------------------------------------------------------------

const AS_AT_WORDS = /\b(?:as at|as of|position (?:as )?at|progress (?:up )?to|progress at|updated(?: on| at)?|last updated)\b[:\s-]*(.*)$/i;

/**
 * The date the spreadsheet's progress is as at: given by the user, else written in a title row
 * ("... as at 1 November 2020"), else when the workbook was last saved, else the file's date.
 * `cutoff` is the instant chat updates are compared with; none when nothing dates the file.
 */
function findAsAt(table: SourceTable, headerRowIndex: number, options: PlanImportOptions): PlanImportReport['asAt'] {
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

// ---------------------------------------------------------------------------------------------
// Building and comparing actions
// ---------------------------------------------------------------------------------------------

function matchByTitle(byTitle: Map<string, Action>, parsed: ParsedRow): Action | undefined {
  const found = byTitle.get(normaliseTitle(parsed.title));
  // A numbered row only takes over an unnumbered action; two numbered actions may share a title.
  if (found && parsed.number && found.number && found.number.toLowerCase() !== parsed.number.toLowerCase()) return undefined;
  return found;
}

function newAction(id: string, planId: string, themeId: string | undefined, parsed: ParsedRow, asAt: PlanImportReport['asAt'], fileName: string, options: PlanImportOptions): Action {
  const owners = [...parsed.owners.values()].flat();
  const revisions: Revision[] = parsed.revised ? [revisionTo(id, parsed.target, parsed.revised, fileName, parsed.row, options)] : [];
  const hasProgress = Boolean(parsed.status || parsed.commentary);
  const action: Action = {
    id,
    planId,
    themeId,
    number: parsed.number,
    numberRaw: parsed.numberRaw,
    title: parsed.title,
    description: parsed.description,
    bullets: [],
    refCodes: [],
    owners,
    delegateIds: [],
    originalTarget: parsed.target,
    revisions,
    milestones: parsed.target?.kind === 'milestones' ? parsed.target.milestones : [],
    status: parsed.status
      ? { canonical: parsed.status.canonical, raw: parsed.status.raw, asAt: asAt.date }
      : parsed.unknownStatusLabel
        ? { canonical: 'UNKNOWN', raw: parsed.unknownStatusLabel, asAt: asAt.date }
        : { canonical: 'UNKNOWN' },
    commentary: parsed.commentary,
    commentaryAsAt: parsed.commentary ? asAt.date : undefined,
    lastUpdatedAt: hasProgress ? asAtInstant(asAt) : undefined,
    dependsOn: [],
    bodiesMentioned: [],
    sensitivity: 'public',
    source: { document: fileName, lines: `row ${parsed.row}`, note: 'imported from a spreadsheet' },
    version: 1,
  };
  // Only the top level can hold undefined here; nested parts are built without it.
  for (const key of Object.keys(action) as (keyof Action)[]) if (action[key] === undefined) delete action[key];
  return action;
}

interface FieldChange {
  field: string;
  text: string;
  before: unknown;
  after: unknown;
}

function diffAction(
  current: Action,
  parsed: ParsedRow,
  themeId: string | undefined,
  asAt: PlanImportReport['asAt'],
  fileName: string,
  options: PlanImportOptions,
): { next: Action; changes: FieldChange[]; warnings: string[] } {
  // A shallow copy: changed fields are replaced, never mutated in place.
  const next: Action = { ...current };
  const changes: FieldChange[] = [];
  const warnings: string[] = [];
  const change = (field: keyof Action, text: string, after: unknown) => {
    changes.push({ field, text, before: current[field], after });
    (next as Record<string, unknown>)[field] = after;
  };

  if (parsed.title !== current.title) change('title', 'title', parsed.title);
  if (parsed.number && !current.number) {
    change('number', `number ${parsed.number}`, parsed.number);
    change('numberRaw', 'number as written', parsed.numberRaw);
  } else if (parsed.numberRaw && parsed.number === current.number && parsed.numberRaw !== (current.numberRaw ?? current.number)) {
    change('numberRaw', `number as written '${parsed.numberRaw}'`, parsed.numberRaw);
  }
  if (parsed.description && parsed.description !== current.description) change('description', 'description', parsed.description);
  if (themeId && themeId !== current.themeId) change('themeId', 'theme', themeId);

  if (parsed.owners.size > 0) {
    const kept = current.owners.filter((o) => !parsed.owners.has(o.role));
    const owners = [...kept, ...[...parsed.owners.values()].flat()];
    if (ownerKey(owners) !== ownerKey(current.owners)) change('owners', `owners (${[...parsed.owners.keys()].map(roleWord).join(', ')})`, owners);
  }

  // Dates: the original target is set once; later differences are proposed revisions.
  let proposed: DateExpr | undefined = parsed.revised;
  if (parsed.target) {
    if (!current.originalTarget) {
      change('originalTarget', `target ${formatDateExpr(parsed.target)}`, parsed.target);
      if (parsed.target.kind === 'milestones') change('milestones', 'milestones', parsed.target.milestones);
    } else if (!sameTarget(current.originalTarget, parsed.target) && !latestRevisionIs(current, parsed.target)) {
      if (parsed.revised) {
        warnings.push(`target date '${parsed.target.raw}' differs from the recorded original target (${formatDateExpr(current.originalTarget)}); the original is kept`);
      } else {
        proposed = parsed.target;
      }
    }
  }
  if (proposed && !latestRevisionIs(current, proposed) && !(current.revisions.length === 0 && current.originalTarget && sameTarget(current.originalTarget, proposed))) {
    const from = next.originalTarget ? (latestRevision(current)?.to ?? next.originalTarget) : undefined;
    const revision = revisionTo(current.id, from, proposed, fileName, parsed.row, options);
    change('revisions', `revised target ${formatDateExpr(proposed)} proposed`, [...current.revisions, revision]);
  } else if (proposed && latestRevision(current)?.state === 'rejected' && latestRevisionIs(current, proposed)) {
    warnings.push(`revised date '${proposed.raw}' was rejected by the committee; it is not proposed again`);
  }

  let progress = false;
  if (parsed.status && parsed.status.canonical !== current.status.canonical) {
    change('status', `status ${current.status.raw ?? current.status.canonical} → ${parsed.status.raw}`, { canonical: parsed.status.canonical, raw: parsed.status.raw, asAt: asAt.date });
    progress = true;
  }
  if (parsed.commentary && squash(parsed.commentary) !== squash(current.commentary ?? '')) {
    change('commentary', 'commentary', parsed.commentary);
    next.commentaryAsAt = asAt.date;
    progress = true;
  }
  if (progress) {
    const at = asAtInstant(asAt);
    if (!current.lastUpdatedAt || at > current.lastUpdatedAt) next.lastUpdatedAt = at;
  }
  return { next, changes, warnings };
}

function latestRevision(action: Action): Revision | undefined {
  return action.revisions[action.revisions.length - 1];
}

function latestRevisionIs(action: Action, expr: DateExpr): boolean {
  const latest = latestRevision(action);
  return latest !== undefined && sameTarget(latest.to, expr);
}

function revisionTo(actionId: string, from: DateExpr | undefined, to: DateExpr, fileName: string, row: number, options: PlanImportOptions): Revision {
  return withoutUndefined<Revision>({
    id: `${actionId}-rev-${options.importId.slice(0, 8)}`,
    from,
    to,
    raw: to.raw,
    reason: `Revised date in ${fileName} (row ${row}); awaiting committee endorsement`,
    state: 'proposed',
    proposedBy: options.actor.personId,
    proposedAt: options.now.toISOString(),
    source: { document: fileName, lines: `row ${row}` },
  });
}

/** The update that records a status or commentary change, so "history of 2.2" shows the import. */
function progressUpdateFor(next: Action, before: Action | undefined, parsed: ParsedRow, asAt: PlanImportReport['asAt'], options: PlanImportOptions): ProgressUpdate | undefined {
  const statusChanged = Boolean(parsed.status) && (!before || before.status.canonical !== next.status.canonical);
  const commentaryChanged = Boolean(parsed.commentary) && (!before || squash(before.commentary ?? '') !== squash(next.commentary ?? ''));
  if (!statusChanged && !commentaryChanged) return undefined;
  return withoutUndefined<ProgressUpdate>({
    id: `${next.id}-import-${options.importId}`,
    actionId: next.id,
    authorId: options.actor.personId,
    authorName: options.actor.name,
    authoredAt: options.now.toISOString(),
    channel: 'import' as const,
    kind: 'update' as const,
    asAt: asAt.date,
    status: statusChanged ? next.status : undefined,
    commentary: commentaryChanged ? next.commentary : undefined,
    previous: before
      ? { status: before.status, commentary: before.commentary, target: before.originalTarget ? formatDateExpr(before.originalTarget) : undefined }
      : {},
    idempotencyKey: `${options.importId}:row-${parsed.row}`,
  });
}

function newestChatUpdate(snapshot: Snapshot, actionId: string): ProgressUpdate | undefined {
  const chat = snapshot.updatesOf(actionId).filter((u) => CHAT_CHANNELS.has(u.channel));
  return chat[chat.length - 1];
}

const asAtInstants = new WeakMap<PlanImportReport['asAt'], string>();
/** The instant progress in the sheet speaks for (computed once per import: it is asked for on every row). */
function asAtInstant(asAt: PlanImportReport['asAt']): string {
  let instant = asAtInstants.get(asAt);
  if (!instant) {
    instant = asAt.basis === 'workbook saved' || asAt.basis === 'file date' ? asAt.cutoff! : startOfLondonDay(asAt.date);
    asAtInstants.set(asAt, instant);
  }
  return instant;
}

/** Same target: the common case (identical records) is answered without the canonical comparison. */
function sameTarget(a: DateExpr, b: DateExpr): boolean {
  return isDeepStrictEqual(a, b) || dateExprEquals(a, b);
}

function ownerKey(owners: readonly Owner[]): string {
  return owners
    .map((o) => `${o.role}|${o.personId ?? ''}|${o.group ?? ''}|${o.raw.replace(/\s+/g, ' ').trim()}`)
    .sort()
    .join('\n');
}

function roleWord(role: OwnerRole): string {
  return { lead: 'lead officer', wltOwner: 'WLT owner', deliveryLead: 'delivery lead', body: 'body' }[role];
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
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

// ---------------------------------------------------------------------------------------------
// Themes and sections
// ---------------------------------------------------------------------------------------------

/** Finds or creates the theme a row belongs to: its theme cell, the heading above it, or its number prefix. */
class ThemeBook {
  readonly created: Theme[] = [];
  private readonly themes: Theme[];
  private readonly usedIds: Set<string>;

  constructor(snapshot: Snapshot, private readonly planId: string) {
    this.themes = [...snapshot.themesOf(planId)];
    this.usedIds = new Set(snapshot.data.themes.map((t) => t.id));
  }

  idFor(parsed: ParsedRow, current: Action | undefined): string | undefined {
    if (parsed.theme) return this.byText(parsed.theme, parsed.themeFromHeading ? 'section' : 'theme');
    // CIP numbering: action 8.6 is in theme 8, when the plan has a theme 8.
    const prefix = parsed.number ? /^(\d+)\./.exec(parsed.number)?.[1] : undefined;
    if (prefix && !current?.themeId) return this.themes.find((t) => t.number === Number(prefix))?.id;
    return undefined;
  }

  private byText(text: string, kind: 'theme' | 'section'): string {
    const numbered = /^(?:theme|section|workstream|priority)?\s*(\d+)\s*[:.)\-–]?\s*(.*)$/i.exec(text);
    const number = numbered ? Number(numbered[1]) : undefined;
    const name = (numbered ? numbered[2]! : text).trim() || undefined;
    const folded = name?.toLowerCase();
    const found =
      (folded ? this.themes.find((t) => t.name?.toLowerCase() === folded) : undefined) ??
      (number !== undefined ? this.themes.find((t) => t.number === number) : undefined);
    if (found) return found.id;
    let id = `${this.planId}-${number !== undefined && !name ? `t${number}` : `t-${slug(name ?? text) || 'theme'}`}`;
    for (let n = 2; this.usedIds.has(id); n++) id = `${id.replace(/-\d+$/, '')}-${n}`;
    this.usedIds.add(id);
    const theme = Theme.parse({ id, planId: this.planId, number, name, kind, basis: 'from a spreadsheet import' });
    this.themes.push(theme);
    this.created.push(theme);
    return id;
  }
}

export { actionKey };
