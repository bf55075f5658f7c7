/**
 * Building a new action from a spreadsheet row and comparing a row with the action already held:
 * which fields change, which target dates become proposed revisions, and the progress update that
 * records a status or commentary change.
 */
import { isDeepStrictEqual } from 'node:util';
import { dateExprEquals, formatDateExpr } from '../../../domain/date-expr/index.js';
import type { Action, DateExpr, Owner, OwnerRole, ProgressUpdate, Revision } from '../../../domain/model.js';
import { asAtInstant } from './as-at.js';
import type { PlanImportOptions, PlanImportReport } from './types.js';
import { normaliseTitle, type ParsedRow } from './rows.js';
import { withoutUndefined } from '../records.js';

// ---------------------------------------------------------------------------------------------
// Building and comparing actions
// ---------------------------------------------------------------------------------------------

export function matchByTitle(byTitle: Map<string, Action>, parsed: ParsedRow): Action | undefined {
  const found = byTitle.get(normaliseTitle(parsed.title));
  // A numbered row only takes over an unnumbered action; two numbered actions may share a title.
  if (found && parsed.number && found.number && found.number.toLowerCase() !== parsed.number.toLowerCase()) return undefined;
  return found;
}

export function newAction(id: string, planId: string, themeId: string | undefined, parsed: ParsedRow, asAt: PlanImportReport['asAt'], fileName: string, options: PlanImportOptions): Action {
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

export function diffAction(
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
export function progressUpdateFor(next: Action, before: Action | undefined, parsed: ParsedRow, asAt: PlanImportReport['asAt'], options: PlanImportOptions): ProgressUpdate | undefined {
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
