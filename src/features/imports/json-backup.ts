/**
 * Whole-store backup and restore as JSON, validated with the same StoreData schema the store loads.
 *
 * - Export writes StoreData exactly, so a backup is also a valid data file.
 * - Import into an empty store loads everything as it was (lossless).
 * - Import into a store that has data merges by id unless `replace` is given: a record with a new id
 *   is added, the same record is unchanged, a different record with the same id is updated (the
 *   backup's version wins, and the version number never goes backwards). Nothing is ever duplicated.
 * - `replace` makes the store exactly the backup (records not in the backup are removed).
 * Every restore is one transaction with one audit entry that lists what changed.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { AuditEntry, StoreData } from '../../domain/model.js';
import type { Snapshot } from '../../domain/snapshot.js';
import type { CollectionName, ExtRecord, RecordOf, Store } from '../../store/store.js';
import { transactAudited, written } from '../../store/audited-write.js';

/** Every collection of records with an id, taken from the schema so a new collection is never left out. */
export const BACKUP_COLLECTIONS: readonly CollectionName[] = Object.keys(StoreData.shape).filter(
  (key) => key !== 'schemaVersion' && key !== 'ext' && key !== 'identityLinks',
) as CollectionName[];

export class BackupFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFileError';
  }
}

export interface CollectionReport {
  name: string;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
}

export interface JsonImportReport {
  mode: 'into-empty-store' | 'merge' | 'replace';
  collections: CollectionReport[];
  dryRun: boolean;
  changed: boolean;
}

/** The store as a backup document (StoreData, pretty-printed). */
export function exportStoreJson(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot.data, null, 2)}\n`;
}

/** Reads and validates a backup; the error names the place in the file and what was expected. */
export function parseBackup(text: string, fileName: string): StoreData {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BackupFileError(`${fileName} is not valid JSON (${(error as Error).message}).`);
  }
  const parsed = StoreData.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
    throw new BackupFileError(`${fileName} is not a valid backup: at ${issue.path.join('.') || '(root)'}: ${issue.message}${more}. Nothing was imported.`);
  }
  const data = parsed.data;
  for (const name of BACKUP_COLLECTIONS) assertUniqueIds(name, data[name] as { id: string }[], fileName);
  for (const [name, records] of Object.entries(data.ext)) assertUniqueIds(`ext.${name}`, records as { id?: unknown }[], fileName);
  const aad = new Set<string>();
  for (const link of data.identityLinks) {
    if (aad.has(link.aadObjectId)) throw new BackupFileError(`${fileName} links Teams account ${link.aadObjectId} twice. Nothing was imported.`);
    aad.add(link.aadObjectId);
  }
  return data;
}

function assertUniqueIds(name: string, records: readonly { id?: unknown }[], fileName: string): void {
  const seen = new Set<string>();
  records.forEach((record, index) => {
    if (typeof record.id !== 'string' || !record.id) {
      throw new BackupFileError(`${fileName}: ${name}[${index}] has no id. Nothing was imported.`);
    }
    if (seen.has(record.id)) throw new BackupFileError(`${fileName}: ${name} has two records with id "${record.id}". Nothing was imported.`);
    seen.add(record.id);
  });
}

function isEmpty(data: Readonly<StoreData>): boolean {
  return BACKUP_COLLECTIONS.every((c) => data[c].length === 0) && data.identityLinks.length === 0 && Object.values(data.ext).every((r) => r.length === 0);
}

/** Same record, whatever its version number (a version is bookkeeping, not content). */
function sameContent(a: unknown, b: unknown): boolean {
  if (a && b && typeof a === 'object' && typeof b === 'object' && 'version' in a && 'version' in b) {
    return isDeepStrictEqual({ ...a, version: 0 }, { ...b, version: 0 });
  }
  return isDeepStrictEqual(a, b);
}

export async function importStoreJson(
  store: Store,
  backup: StoreData,
  options: { replace?: boolean; dryRun?: boolean; fileName: string; actorName: string; now: Date },
): Promise<JsonImportReport> {
  const snapshot = await store.snapshot();
  const current = snapshot.data;
  const mode: JsonImportReport['mode'] = isEmpty(current) ? 'into-empty-store' : options.replace ? 'replace' : 'merge';
  const collections: CollectionReport[] = [];
  const plans = new Map<CollectionName, unknown[]>();

  for (const name of BACKUP_COLLECTIONS) {
    const existing = current[name] as { id: string; version?: number }[];
    const incoming = backup[name] as { id: string; version?: number }[];
    const byId = new Map(existing.map((r) => [r.id, r]));
    const report: CollectionReport = { name, added: 0, updated: 0, unchanged: 0, removed: 0 };
    const incomingIds = new Set(incoming.map((r) => r.id));
    let result: unknown[];
    if (mode === 'merge') {
      const replacements = new Map<string, unknown>();
      const added: unknown[] = [];
      for (const record of incoming) {
        const before = byId.get(record.id);
        if (!before) {
          report.added++;
          added.push(record);
        } else if (sameContent(before, record)) {
          report.unchanged++;
        } else {
          report.updated++;
          const version = typeof record.version === 'number' && typeof before.version === 'number' ? Math.max(record.version, before.version + 1) : record.version;
          replacements.set(record.id, version === undefined ? record : { ...record, version });
        }
      }
      result = [...existing.map((r) => replacements.get(r.id) ?? r), ...added];
    } else {
      for (const record of incoming) {
        const before = byId.get(record.id);
        if (!before) report.added++;
        else if (isDeepStrictEqual(before, record)) report.unchanged++;
        else report.updated++;
      }
      report.removed = existing.filter((r) => !incomingIds.has(r.id)).length;
      result = incoming;
    }
    collections.push(report);
    if (report.added || report.updated || report.removed) plans.set(name, result);
  }

  // Identity links (keyed by Teams account) and feature collections.
  const linkReport: CollectionReport = { name: 'identityLinks', added: 0, updated: 0, unchanged: 0, removed: 0 };
  const currentLinks = new Map(current.identityLinks.map((l) => [l.aadObjectId, l]));
  for (const link of backup.identityLinks) {
    const before = currentLinks.get(link.aadObjectId);
    if (!before) linkReport.added++;
    else if (isDeepStrictEqual(before, link)) linkReport.unchanged++;
    else linkReport.updated++;
  }
  const backupLinks = new Set(backup.identityLinks.map((l) => l.aadObjectId));
  const unlinks = mode === 'merge' ? [] : current.identityLinks.filter((l) => !backupLinks.has(l.aadObjectId)).map((l) => l.aadObjectId);
  linkReport.removed = unlinks.length;
  collections.push(linkReport);

  const extWrites: Array<{ collection: string; put: ExtRecord[]; remove: string[] }> = [];
  const extNames = new Set([...Object.keys(current.ext), ...Object.keys(backup.ext)]);
  for (const name of [...extNames].sort()) {
    const existing = (current.ext[name] ?? []) as ExtRecord[];
    const incoming = (backup.ext[name] ?? []) as ExtRecord[];
    const byId = new Map(existing.map((r) => [r.id, r]));
    const report: CollectionReport = { name: `ext.${name}`, added: 0, updated: 0, unchanged: 0, removed: 0 };
    const put: ExtRecord[] = [];
    for (const record of incoming) {
      const before = byId.get(record.id);
      if (!before) report.added++;
      else if (isDeepStrictEqual(before, record)) continue;
      else report.updated++;
      put.push(record);
    }
    report.unchanged = incoming.length - put.length;
    const incomingIds = new Set(incoming.map((r) => r.id));
    const remove = mode === 'merge' ? [] : existing.filter((r) => !incomingIds.has(r.id)).map((r) => r.id);
    report.removed = remove.length;
    collections.push(report);
    if (put.length || remove.length) extWrites.push({ collection: name, put, remove });
  }

  const changed = plans.size > 0 || linkReport.added + linkReport.updated + linkReport.removed > 0 || extWrites.length > 0;
  const result: JsonImportReport = { mode, collections, dryRun: Boolean(options.dryRun), changed };
  if (options.dryRun || !changed) return result;

  const summary = collections
    .filter((c) => c.added || c.updated || c.removed)
    .map((c) => `${c.name}: ${c.added} added, ${c.updated} updated, ${c.removed} removed`)
    .join('; ');
  await transactAudited(store, 'import-json', (tx) => {
    for (const [name, records] of plans) tx.replaceAll(name, records as RecordOf<typeof name>[]);
    for (const aad of unlinks) tx.unlinkIdentity(aad);
    for (const link of backup.identityLinks) {
      const before = currentLinks.get(link.aadObjectId);
      if (!before || !isDeepStrictEqual(before, link)) tx.linkIdentity(link);
    }
    for (const write of extWrites) {
      for (const id of write.remove) tx.extDelete(write.collection, id);
      for (const record of write.put) tx.extPut(write.collection, record);
    }
    return written(
      undefined,
      AuditEntry.parse({
        id: `audit-import-json-${randomUUID()}`,
        at: options.now.toISOString(),
        actorName: options.actorName,
        command: 'import-json',
        entity: 'store',
        entityId: options.fileName,
        after: { mode, collections: collections.filter((c) => c.added || c.updated || c.removed) },
        note: `restored from ${options.fileName} (${mode}): ${summary}`,
      }),
    );
  });
  return result;
}

export function jsonReportLines(report: JsonImportReport, fileName: string): string[] {
  const modeWords = {
    'into-empty-store': 'loaded into an empty store',
    merge: 'merged by id into the existing data (use --replace to make the store exactly the backup)',
    replace: 'replaced the existing data',
  }[report.mode];
  const lines = [`${fileName}: ${report.dryRun ? 'dry run, nothing changed; would be ' : ''}${modeWords}.`];
  for (const c of report.collections) {
    if (c.added + c.updated + c.unchanged + c.removed === 0) continue;
    lines.push(`  ${c.name}: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged${c.removed ? `, ${c.removed} removed` : ''}`);
  }
  if (!report.changed) lines.push('Nothing to change: the store already holds exactly this data.');
  return lines;
}
