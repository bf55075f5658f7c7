/**
 * Brings ModernGov committees, meetings and agenda items into the store.
 *
 * - Each ModernGov committee/meeting is linked to one of ours (ext collection "moderngov-links"), so
 *   a refresh updates the same records instead of adding copies. A committee the council already
 *   has (same name or alias) and a meeting already on its calendar (same committee and date) are
 *   linked, not duplicated.
 * - Meetings the import created follow ModernGov. Meetings that came from other documents keep
 *   their own facts: ModernGov fills gaps, and disagreements are recorded as conflicts (the two
 *   calendars of one committee can disagree, docs/domain.md §5.8), except that a cancellation is
 *   always taken and an item is never made less private than either source says.
 * - Restricted items become Part Two with exempt information under "LGA 1972 Sch 12A"; their agenda
 *   text is not kept.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { AgendaItem, AuditEntry, Committee, Meeting } from '../../../domain/model.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import type { ExtRecord, Store } from '../../../store/store.js';
import { transactAudited, written } from '../../../store/audited-write.js';
import { slug } from '../owners.js';
import { withoutUndefined } from '../records.js';
import type { MgAgendaItem, MgCommittee, MgMeeting, MgMeetingSummary } from './parse.js';

export const LINKS_COLLECTION = 'moderngov-links';
export const EXEMPT_REGIME = 'LGA 1972 Sch 12A';

export interface ModernGovData {
  committees: MgCommittee[];
  /** Meetings from GetMeetings, with the GetMeeting details where they were fetched. */
  meetings: Array<MgMeetingSummary | MgMeeting>;
  /** Where it came from (site address or file names), for provenance. */
  source: string;
}

interface LinkRecord extends ExtRecord {
  kind: 'committee' | 'meeting';
  councilId: string;
  mgId: string;
  localId: string;
  /** True when the import created the local record (it then follows ModernGov). */
  created: boolean;
}

export interface ModernGovImportReport {
  source: string;
  councilId: string;
  committees: { added: number; updated: number; unchanged: number; skipped: number };
  meetings: { added: number; updated: number; unchanged: number; skipped: number; cancelled: number };
  items: { total: number; restricted: number };
  problems: string[];
  lines: string[];
  dryRun: boolean;
}

export interface ModernGovImportOptions {
  councilId: string;
  now: Date;
  actorName: string;
  actorId?: string;
  dryRun?: boolean;
}

interface Writes {
  committees: Committee[];
  meetings: Array<{ record: Meeting; expectedVersion: number }>;
  links: LinkRecord[];
  audit: AuditEntry[];
}

function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function committeeType(title: string, category?: string): Committee['type'] {
  const text = `${title} ${category ?? ''}`.toLowerCase();
  if (/\bcabinet\b|\bexecutive\b/.test(text)) return 'cabinet';
  if (/\baudit\b/.test(text)) return 'audit';
  if (/\bstandards?\b/.test(text)) return 'standards';
  if (/\bjoint\b/.test(text)) return 'joint';
  if (/\bselect\b/.test(text)) return 'select';
  if (/scrutiny|overview|review/.test(text)) return 'scrutiny';
  return 'other';
}

/** Works out what the import would change. Pure: nothing is written. */
export function computeModernGovImport(snapshot: Snapshot, data: ModernGovData, options: ModernGovImportOptions): { report: ModernGovImportReport; writes: Writes } {
  const { councilId } = options;
  const nowIso = options.now.toISOString();
  const writes: Writes = { committees: [], meetings: [], links: [], audit: [] };
  const report: ModernGovImportReport = {
    source: data.source,
    councilId,
    committees: { added: 0, updated: 0, unchanged: 0, skipped: 0 },
    meetings: { added: 0, updated: 0, unchanged: 0, skipped: 0, cancelled: 0 },
    items: { total: 0, restricted: 0 },
    problems: [],
    lines: [],
    dryRun: Boolean(options.dryRun),
  };
  let seq = 0;
  const runId = randomUUID();
  const audit = (entity: string, entityId: string, before: unknown, after: unknown, note: string) =>
    writes.audit.push(
      withoutUndefined({ id: `audit-moderngov-${runId}-${++seq}`, at: nowIso, actorId: options.actorId, actorName: options.actorName, command: 'import-moderngov', entity, entityId, before, after, note }),
    );

  const links = new Map<string, LinkRecord>();
  for (const link of snapshot.ext<LinkRecord>(LINKS_COLLECTION)) if (link.councilId === councilId) links.set(`${link.kind}:${link.mgId}`, link);
  const usedCommitteeIds = new Set(snapshot.committees.map((c) => c.id));
  const usedMeetingIds = new Set(snapshot.meetings.map((m) => m.id));
  const linkedLocalMeetings = new Set([...links.values()].filter((l) => l.kind === 'meeting').map((l) => l.localId));

  // Committees.
  const committeeFor = new Map<string, { id: string; created: boolean }>();
  const councilCommittees = snapshot.committees.filter((c) => c.councilId === councilId);
  for (const mg of data.committees) {
    if (mg.expired || mg.deleted) {
      report.committees.skipped++;
      continue;
    }
    const link = links.get(`committee:${mg.id}`);
    let local = link ? snapshot.committee(link.localId) : undefined;
    let created = link?.created ?? false;
    if (!local) {
      const title = fold(mg.title);
      local = councilCommittees.find((c) => [c.name, ...c.aliases].some((n) => fold(n) === title));
      created = false;
    }
    if (!local) {
      let id = `${councilId}-${slug(mg.title) || `committee-${mg.id}`}`;
      for (let n = 2; usedCommitteeIds.has(id); n++) id = `${councilId}-${slug(mg.title)}-${n}`;
      usedCommitteeIds.add(id);
      const record = withoutUndefined(Committee.parse({
        id,
        councilId,
        name: mg.title,
        type: committeeType(mg.title, mg.category),
        source: { document: `ModernGov ${data.source}`, note: `committee ${mg.id}${mg.category ? `, category "${mg.category}"` : ''}` },
      }));
      writes.committees.push(record);
      audit('committee', id, undefined, record, `from ModernGov committee ${mg.id}`);
      report.committees.added++;
      report.lines.push(`committee added: ${mg.title}`);
      committeeFor.set(mg.id, { id, created: true });
      writes.links.push({ id: `${councilId}:committee:${mg.id}`, kind: 'committee', councilId, mgId: mg.id, localId: id, created: true });
      continue;
    }
    committeeFor.set(mg.id, { id: local.id, created });
    if (!link || link.localId !== local.id) writes.links.push({ id: `${councilId}:committee:${mg.id}`, kind: 'committee', councilId, mgId: mg.id, localId: local.id, created });
    if (created && local.name !== mg.title) {
      const record = { ...local, name: mg.title, aliases: [...new Set([...local.aliases, local.name])] };
      writes.committees.push(record);
      audit('committee', local.id, { name: local.name }, { name: mg.title }, `renamed in ModernGov (committee ${mg.id})`);
      report.committees.updated++;
    } else {
      report.committees.unchanged++;
    }
  }
  const skippedCommittees = new Set(data.committees.filter((c) => c.expired || c.deleted).map((c) => c.id));

  // Meetings.
  for (const mg of data.meetings) {
    const label = `meeting ${mg.id}${mg.committeeTitle ? ` (${mg.committeeTitle}, ${mg.dateRaw})` : ` (${mg.dateRaw})`}`;
    const committee = mg.committeeId ? committeeFor.get(mg.committeeId) ?? linkedCommittee(links, snapshot, mg.committeeId) : undefined;
    if (!committee) {
      report.meetings.skipped++;
      if (!mg.committeeId || !skippedCommittees.has(mg.committeeId)) {
        report.problems.push(`${label}: its committee (${mg.committeeId ?? 'none given'}) is not in the committees list, so it was skipped`);
      }
      continue;
    }
    if (!mg.date) {
      report.meetings.skipped++;
      report.problems.push(`${label}: date '${mg.dateRaw}' not understood (expected dd/mm/yyyy)`);
      continue;
    }
    const link = links.get(`meeting:${mg.id}`);
    let existing = link ? snapshot.meeting(link.localId) : undefined;
    let createdByImport = link?.created ?? false;
    if (!existing) {
      existing = snapshot
        .meetingsOf(committee.id)
        .find((m) => m.date === mg.date && !linkedLocalMeetings.has(m.id) && (!m.time || !mg.time || m.time === mg.time));
      createdByImport = false;
    }
    const details = 'items' in mg ? mg : undefined;
    if (details) {
      report.items.total += details.items.length;
      report.items.restricted += details.items.filter((i) => i.restricted).length;
    }
    const cancelled = /cancel/i.test(mg.status ?? '');
    if (cancelled) report.meetings.cancelled++;

    if (!existing) {
      let id = `${committee.id}-${mg.date}`;
      if (usedMeetingIds.has(id)) id = `${committee.id}-${mg.date}-mg${mg.id}`;
      usedMeetingIds.add(id);
      linkedLocalMeetings.add(id);
      const record = withoutUndefined(Meeting.parse(meetingFromModernGov(id, committee.id, mg, details, data.source)));
      writes.meetings.push({ record, expectedVersion: 0 });
      writes.links.push({ id: `${councilId}:meeting:${mg.id}`, kind: 'meeting', councilId, mgId: mg.id, localId: id, created: true });
      audit('meeting', id, undefined, record, `from ModernGov meeting ${mg.id}`);
      report.meetings.added++;
      report.lines.push(`meeting added: ${id}${cancelled ? ' (cancelled)' : ''}`);
      continue;
    }
    linkedLocalMeetings.add(existing.id);
    if (!link || link.localId !== existing.id) {
      writes.links.push({ id: `${councilId}:meeting:${mg.id}`, kind: 'meeting', councilId, mgId: mg.id, localId: existing.id, created: createdByImport });
    }
    const next = withoutUndefined(createdByImport ? followModernGov(existing, mg, details, data.source) : mergeIntoExisting(existing, mg, details, data.source));
    if (isDeepStrictEqual({ ...next, version: 0 }, withoutUndefined({ ...structuredClone(existing), version: 0 }))) {
      report.meetings.unchanged++;
      continue;
    }
    writes.meetings.push({ record: next, expectedVersion: existing.version });
    const changed = (Object.keys(next) as (keyof Meeting)[]).filter((k) => !isDeepStrictEqual(next[k], existing![k]));
    audit(
      'meeting',
      existing.id,
      Object.fromEntries(changed.map((k) => [k, existing![k]])),
      Object.fromEntries(changed.map((k) => [k, next[k]])),
      `ModernGov meeting ${mg.id}`,
    );
    report.meetings.updated++;
    report.lines.push(`meeting updated: ${existing.id} (${changed.join(', ')})`);
  }
  if (writes.committees.length + writes.meetings.length + writes.links.length > 0) {
    audit('council', councilId, undefined, { committees: report.committees, meetings: report.meetings, items: report.items }, `ModernGov import from ${data.source}`);
  }
  return { report, writes };
}

function linkedCommittee(links: Map<string, LinkRecord>, snapshot: Snapshot, mgCommitteeId: string): { id: string; created: boolean } | undefined {
  const link = links.get(`committee:${mgCommitteeId}`);
  return link && snapshot.committee(link.localId) ? { id: link.localId, created: link.created } : undefined;
}

function sourceEntry(mg: MgMeetingSummary, source: string) {
  return {
    source: 'moderngov',
    raw: [`meeting ${mg.id}`, mg.dateRaw, mg.timeRaw, mg.status, mg.location].filter(Boolean).join(' | '),
    lines: source,
  };
}

function meetingFromModernGov(id: string, committeeId: string, mg: MgMeetingSummary, details: MgMeeting | undefined, source: string) {
  const items = details ? details.items.map((item, index) => agendaItem(id, item, index)) : [];
  return {
    id,
    committeeId,
    date: mg.date!,
    time: mg.time,
    timeRaw: mg.timeRaw,
    cancelled: /cancel/i.test(mg.status ?? ''),
    reservedForCallIn: /call[\s-]?in/i.test(mg.status ?? ''),
    hasBusiness: items.length > 0,
    format: mg.location,
    sources: [sourceEntry(mg, source)],
    items,
    partTwoHeading: items.some((i) => i.part === 'TWO'),
    agendaIssued: details?.agendaPublished ? 'published in ModernGov' : undefined,
    notes: mg.status && !/^confirmed$/i.test(mg.status) ? [`ModernGov status: ${mg.status}`] : [],
    version: 1,
  };
}

/** A meeting the import created: ModernGov is its only source, so it follows ModernGov. */
function followModernGov(existing: Meeting, mg: MgMeetingSummary, details: MgMeeting | undefined, source: string): Meeting {
  const fresh = Meeting.parse(meetingFromModernGov(existing.id, existing.committeeId, mg, details, source));
  // Without GetMeeting details (outside the agenda window) the agenda we already have stays.
  const items = details ? mergeItemIds(existing.items, fresh.items) : existing.items;
  return {
    ...existing,
    date: fresh.date,
    time: fresh.time,
    timeRaw: fresh.timeRaw,
    cancelled: fresh.cancelled,
    reservedForCallIn: fresh.reservedForCallIn,
    hasBusiness: items.length > 0,
    format: fresh.format,
    sources: [...existing.sources.filter((s) => s.source !== 'moderngov'), ...fresh.sources],
    items,
    partTwoHeading: items.some((i) => i.part === 'TWO'),
    agendaIssued: details ? fresh.agendaIssued : existing.agendaIssued,
    notes: fresh.notes,
  };
}

/** Keeps our ids for items ModernGov still lists, so links to them survive a refresh. */
function mergeItemIds(current: AgendaItem[], fresh: AgendaItem[]): AgendaItem[] {
  return fresh.map((item) => current.find((c) => c.id === item.id) ? { ...current.find((c) => c.id === item.id)!, ...item } : item);
}

/** A meeting known from other documents: ModernGov fills gaps and its disagreements are noted. */
function mergeIntoExisting(existing: Meeting, mg: MgMeetingSummary, details: MgMeeting | undefined, source: string): Meeting {
  const next: Meeting = structuredClone(existing);
  const conflicts = new Set(existing.conflicts);
  next.sources = [...existing.sources.filter((s) => s.source !== 'moderngov'), sourceEntry(mg, source)];
  if (mg.time) {
    if (!existing.time) {
      next.time = mg.time;
      next.timeRaw = existing.timeRaw ?? mg.timeRaw;
    } else if (existing.time !== mg.time) {
      conflicts.add(`ModernGov gives the time as ${mg.timeRaw}; the other sources say ${existing.timeRaw ?? existing.time}.`);
    }
  }
  const mgCancelled = /cancel/i.test(mg.status ?? '');
  if (mgCancelled && !existing.cancelled) {
    next.cancelled = true;
    next.notes = [...new Set([...next.notes, `Cancelled in ModernGov (status "${mg.status}").`])];
  } else if (!mgCancelled && existing.cancelled && mg.status) {
    conflicts.add(`ModernGov lists this meeting as "${mg.status}", but the other sources say it was cancelled.`);
  }
  if (details) {
    const items = [...existing.items];
    details.items.forEach((mgItem, index) => {
      const fresh = agendaItem(existing.id, mgItem, index);
      const title = fold(mgItem.title);
      const match = items.findIndex((i) => [i.title, ...i.aliases].some((t) => fold(t) === title));
      if (match < 0) {
        items.push(fresh);
        return;
      }
      const local = items[match]!;
      const merged: AgendaItem = { ...local, provenance: [...new Set([...local.provenance, 'moderngov'])] };
      // Never less private than either source says.
      if (fresh.part === 'TWO' && local.part !== 'TWO') {
        merged.part = 'TWO';
        merged.exempt = local.exempt ?? fresh.exempt;
        merged.notes = [...new Set([...local.notes, 'Restricted in ModernGov.'])];
      }
      items[match] = merged;
    });
    next.items = items;
    next.hasBusiness = existing.hasBusiness || items.length > 0;
    next.partTwoHeading = existing.partTwoHeading || items.some((i) => i.part === 'TWO');
    if (details.agendaPublished && !existing.agendaIssued) next.agendaIssued = 'published in ModernGov';
  }
  next.conflicts = [...conflicts];
  return next;
}

function agendaItem(meetingId: string, item: MgAgendaItem, index: number): AgendaItem {
  const numberText = item.numberRaw?.replace(/[.\s]+$/, '');
  const number = numberText && /^\d+$/.test(numberText) ? Number(numberText) : undefined;
  const paragraph = item.restricted ? /paragraphs?\s+(\d{1,2})/i.exec(item.title)?.[1] : undefined;
  const notes: string[] = [];
  if (numberText && number === undefined) notes.push(`Item ${numberText} in ModernGov.`);
  if (!item.restricted && item.restrictedDocuments > 0) notes.push(`${item.restrictedDocuments} restricted document(s) not published.`);
  return AgendaItem.parse({
    id: `${meetingId}-mg${item.id ?? index + 1}`,
    number,
    title: item.title,
    part: item.restricted ? 'TWO' : 'ONE',
    exempt: item.restricted ? { regime: EXEMPT_REGIME, paragraph: paragraph ? Number(paragraph) : undefined, label: 'Restricted in ModernGov' } : undefined,
    background: item.restricted ? undefined : item.text?.slice(0, 4000),
    provenance: ['moderngov'],
    notes,
  });
}

/** Applies the import in one transaction (or only reports, with dryRun). */
export async function importModernGov(store: Store, data: ModernGovData, options: ModernGovImportOptions): Promise<ModernGovImportReport> {
  const snapshot = await store.snapshot();
  if (!snapshot.council(options.councilId)) {
    throw new Error(`There is no council "${options.councilId}". Councils: ${snapshot.data.councils.map((c) => c.id).join(', ') || 'none yet'}.`);
  }
  const { report, writes } = computeModernGovImport(snapshot, data, options);
  if (options.dryRun) return report;
  if (writes.committees.length + writes.meetings.length + writes.links.length === 0) return report;
  await transactAudited(store, 'import-moderngov', (tx) => {
    for (const committee of writes.committees) tx.put('committees', committee);
    for (const { record, expectedVersion } of writes.meetings) tx.put('meetings', record, { expectedVersion });
    for (const link of writes.links) tx.extPut(LINKS_COLLECTION, link);
    return written(undefined, ...writes.audit);
  });
  return report;
}

export function moderngovReportLines(report: ModernGovImportReport): string[] {
  const c = report.committees;
  const m = report.meetings;
  const lines = [
    `ModernGov ${report.source} -> council ${report.councilId}${report.dryRun ? ' (dry run: nothing was changed)' : ''}`,
    `Committees: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped (expired or deleted).`,
    `Meetings: ${m.added} added, ${m.updated} updated, ${m.unchanged} unchanged, ${m.skipped} skipped; ${m.cancelled} cancelled.`,
    `Agenda items read: ${report.items.total}, of which ${report.items.restricted} restricted (Part Two, exempt).`,
    ...report.lines,
    ...report.problems.map((p) => `problem: ${p}`),
  ];
  return lines;
}
