/**
 * Who owns what, across every kind of record that names an owner: actions of every plan (lead
 * officers, WLT owners, delivery leads, bodies such as "The Audit Committee"), committee follow-ups
 * (resolutions and undertakings with an owner), and periodic reports (commissioners and authors).
 * Keyed by person id and by the folded name as written, and updatable one record at a time.
 */
import { foldWords, KeyedIndex } from '../keyed-index.js';
import type { Action, Committee, Meeting, PeriodicReport, Person, Plan } from '../model.js';

export interface OwnedItem {
  /** Unique per owner entry: kind, record and position. */
  id: string;
  kind: 'action' | 'follow-up' | 'report';
  recordId: string;
  councilId: string | undefined;
  title: string;
  /** The owner role: an action's owner role, 'follow-up owner', 'report commissioner' or 'report author'. */
  role: string;
  personId?: string;
  /** The owner as written in the source ("Ann-Marie Davidson Sarah Getley", "The Audit Committee"). */
  raw: string;
  /** A readable owner name: the person's name, else the group or body, else the text as written. */
  label: string;
}

export interface OwnershipSources {
  plans: readonly Plan[];
  actions: readonly Action[];
  meetings: readonly Meeting[];
  committees: readonly Committee[];
  reports: readonly PeriodicReport[];
  people: readonly Person[];
}

export class OwnershipIndex {
  private readonly byOwner = new KeyedIndex<OwnedItem>();
  private readonly keysOfRecord = new Map<string, { key: string; id: string }[]>();
  private readonly labels = new Map<string, { label: string; personId?: string; councilIds: Set<string> }>();
  private readonly people: Map<string, Person>;
  private readonly councilOfPlan: Map<string, string>;
  private readonly councilOfCommittee: Map<string, string>;

  constructor(people: readonly Person[], plans: readonly Plan[], committees: readonly Committee[]) {
    this.people = new Map(people.map((p) => [p.id, p]));
    this.councilOfPlan = new Map(plans.map((p) => [p.id, p.councilId]));
    this.councilOfCommittee = new Map(committees.map((c) => [c.id, c.councilId]));
  }

  static from(sources: OwnershipSources): OwnershipIndex {
    const index = new OwnershipIndex(sources.people, sources.plans, sources.committees);
    for (const action of sources.actions) index.addAction(action);
    for (const meeting of sources.meetings) index.addMeeting(meeting);
    for (const report of sources.reports) index.addReport(report);
    return index;
  }

  addAction(action: Action): void {
    const record = `action:${action.id}`;
    this.removeRecord(record);
    const councilId = this.councilOfPlan.get(action.planId);
    action.owners.forEach((owner, i) => {
      this.file(record, {
        id: `${record}:${i}`,
        kind: 'action',
        recordId: action.id,
        councilId,
        title: action.title,
        role: owner.role,
        personId: owner.personId,
        raw: owner.raw,
        label: this.labelFor(owner.personId, owner.group ?? owner.raw),
      });
    });
  }

  addMeeting(meeting: Meeting): void {
    const record = `meeting:${meeting.id}`;
    this.removeRecord(record);
    const councilId = this.councilOfCommittee.get(meeting.committeeId);
    for (const resolution of meeting.resolutions) {
      if (!resolution.ownerPersonId && !resolution.ownerText) continue;
      this.file(record, {
        id: `follow-up:${resolution.id}`,
        kind: 'follow-up',
        recordId: resolution.id,
        councilId,
        title: resolution.text,
        role: 'follow-up owner',
        personId: resolution.ownerPersonId,
        raw: resolution.ownerText ?? '',
        label: this.labelFor(resolution.ownerPersonId, resolution.ownerText ?? ''),
      });
    }
  }

  addReport(report: PeriodicReport): void {
    const record = `report:${report.id}`;
    this.removeRecord(record);
    const entries = [
      ...report.commissioners.map((p) => ({ person: p, role: 'report commissioner' })),
      ...report.authors.map((p) => ({ person: p, role: 'report author' })),
    ];
    entries.forEach(({ person, role }, i) => {
      this.file(record, {
        id: `${record}:${i}`,
        kind: 'report',
        recordId: report.id,
        councilId: report.councilId,
        title: report.title,
        role,
        personId: person.personId,
        raw: person.name,
        label: this.labelFor(person.personId, person.name),
      });
    });
  }

  /** Takes out everything one record filed (before it is filed again, or when it is deleted). */
  removeRecord(record: string): void {
    for (const { key, id } of this.keysOfRecord.get(record) ?? []) this.byOwner.remove(key, id);
    this.keysOfRecord.delete(record);
  }

  /** Items owned by a person (any role), by id. */
  ofPerson(personId: string): readonly OwnedItem[] {
    return this.byOwner.get(`person:${personId}`);
  }

  /** Items whose owner is written this way (a group, a body, a name), folded ("audit committee"). */
  ofName(name: string): readonly OwnedItem[] {
    return this.byOwner.get(`name:${foldWords(name)}`);
  }

  /** Every owner known, with its readable label and the councils it owns things in. */
  owners(): { key: string; label: string; personId?: string; councilIds: string[]; count: number }[] {
    return this.byOwner
      .keys()
      .filter((key) => this.labels.has(key))
      .map((key) => {
        const info = this.labels.get(key)!;
        return { key, label: info.label, personId: info.personId, councilIds: [...info.councilIds], count: this.byOwner.count(key) };
      });
  }

  private file(record: string, item: OwnedItem): void {
    const keys: string[] = [];
    if (item.personId) {
      keys.push(`person:${item.personId}`);
      const person = this.people.get(item.personId);
      for (const name of person ? [person.name, ...person.aliases] : []) keys.push(`name:${foldWords(name)}`);
    } else if (item.label) {
      keys.push(`name:${foldWords(item.label)}`);
      if (item.raw && foldWords(item.raw) !== foldWords(item.label)) keys.push(`name:${foldWords(item.raw)}`);
    }
    const filed = this.keysOfRecord.get(record) ?? [];
    for (const key of new Set(keys)) {
      this.byOwner.add(key, item);
      filed.push({ key, id: item.id });
    }
    this.keysOfRecord.set(record, filed);
    // One readable entry per owner for "who owns what": the person key, or the label key of a group.
    const ownerKey = item.personId ? `person:${item.personId}` : `name:${foldWords(item.label)}`;
    const info = this.labels.get(ownerKey) ?? { label: item.label, personId: item.personId, councilIds: new Set<string>() };
    if (item.councilId) info.councilIds.add(item.councilId);
    this.labels.set(ownerKey, info);
  }

  private labelFor(personId: string | undefined, written: string): string {
    if (personId) return this.people.get(personId)?.name ?? written;
    return written.trim();
  }
}
