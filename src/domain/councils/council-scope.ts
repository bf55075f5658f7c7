/**
 * Council scoping: which council a record belongs to, which council a person or a phrase ("in
 * Stoke", "for Staffordshire") names, and what kinds of data are held for each council, so that an
 * answer can say "I hold no performance measures for Derby City Council" instead of "I didn't
 * understand". Pure; the record kinds below are every kind of the store that belongs to a council.
 */
import { foldWords } from '../keyed-index.js';
import type { Council } from '../model.js';
import type { Snapshot } from '../snapshot.js';
import { DATA_KINDS, type DataKind } from './council-data-index.js';

export type RecordRef =
  | { kind: 'plan' | 'action' | 'theme' | 'recommendation' | 'measure' | 'operating-plan-entry' | 'report'; id: string }
  | { kind: 'committee' | 'meeting' | 'work-programme-item' | 'decision' | 'person'; id: string };

/** The council a record belongs to, or undefined when the record is unknown (or a person with no council). */
export function councilIdOf(snapshot: Snapshot, ref: RecordRef): string | undefined {
  const index = snapshot.councilDataIndex();
  switch (ref.kind) {
    case 'plan':
      return snapshot.plan(ref.id)?.councilId;
    case 'action': {
      const action = snapshot.action(ref.id);
      return action ? index.planCouncil(action.planId) : undefined;
    }
    case 'theme': {
      const theme = snapshot.theme(ref.id);
      return theme ? index.planCouncil(theme.planId) : undefined;
    }
    case 'recommendation':
      return snapshot.recommendation(ref.id)?.councilId;
    case 'measure':
      return snapshot.measure(ref.id)?.councilId;
    case 'operating-plan-entry':
      return snapshot.operatingPlanItem(ref.id)?.councilId;
    case 'report':
      return snapshot.report(ref.id)?.councilId;
    case 'committee':
      return snapshot.committee(ref.id)?.councilId;
    case 'meeting': {
      const meeting = snapshot.meeting(ref.id);
      return meeting ? index.committeeCouncil(meeting.committeeId) : undefined;
    }
    case 'work-programme-item': {
      const item = snapshot.workProgrammeItem(ref.id);
      return item ? index.committeeCouncil(item.committeeId) : undefined;
    }
    case 'decision':
      return snapshot.decision(ref.id)?.councilId;
    case 'person':
      return snapshot.person(ref.id)?.councilId;
  }
}

/** The council of the person asking, from their person record. */
export function councilOfPerson(snapshot: Snapshot, personId: string | undefined): Council | undefined {
  const councilId = personId ? snapshot.person(personId)?.councilId : undefined;
  return councilId ? snapshot.council(councilId) : undefined;
}

/** All the ways a council is named: its name, its aliases, and its name without "City Council"/"County Council". */
function namesOf(council: Council): string[] {
  const names = [council.name, ...(council.aliases ?? [])];
  const short = council.name.replace(/\s+(city|county|borough|district|metropolitan borough)?\s*council$/i, '');
  if (short !== council.name) names.push(short);
  return [...new Set(names.map(foldWords))].filter(Boolean);
}

/** The council a phrase names ("Stoke", "stoke-on-trent", "Staffs", "Derby City Council"), if exactly one. */
export function resolveCouncil(snapshot: Snapshot, text: string): Council | undefined {
  const folded = foldWords(text).replace(/^(the|in|at|for|of)\s+/, '');
  const matches = snapshot.data.councils.filter((c) => namesOf(c).includes(folded));
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * The councils named anywhere in a sentence ("what has slipped in Stoke?"), longest name first so
 * that "Stoke-on-Trent" is not also read as "Stoke". Each council once, in the order first named.
 */
export function councilsMentioned(snapshot: Snapshot, text: string): Council[] {
  let folded = ` ${foldWords(text)} `;
  const candidates = snapshot.data.councils.flatMap((c) => namesOf(c).map((name) => ({ council: c, name })));
  candidates.sort((a, b) => b.name.length - a.name.length);
  const found: { council: Council; at: number }[] = [];
  for (const { council, name } of candidates) {
    const at = folded.indexOf(` ${name} `);
    if (at < 0) continue;
    folded = `${folded.slice(0, at)} ${'_'.repeat(name.length)} ${folded.slice(at + name.length + 2)}`;
    if (!found.some((f) => f.council.id === council.id)) found.push({ council, at });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.council);
}

export type HeldData = Record<DataKind, number>;

/** How many records of each kind the store holds for a council. */
export function heldData(snapshot: Snapshot, councilId: string): HeldData {
  const index = snapshot.councilDataIndex();
  return Object.fromEntries(DATA_KINDS.map((kind) => [kind, index.count(councilId, kind)])) as HeldData;
}

/** Whether the store holds any records of a kind for a council. */
export function holdsData(snapshot: Snapshot, councilId: string, kind: DataKind): boolean {
  return snapshot.councilDataIndex().count(councilId, kind) > 0;
}

/** The councils that do hold a kind of data (for "... I do hold them for Stoke-on-Trent City Council"). */
export function councilsHolding(snapshot: Snapshot, kind: DataKind): Council[] {
  return snapshot.data.councils.filter((c) => holdsData(snapshot, c.id, kind));
}

/** The plain sentence for data not held: "I hold no performance measures for Derby City Council." */
export function notHeldSentence(kind: DataKind, council: Pick<Council, 'name'>): string {
  return `I hold no ${kind} for ${council.name}.`;
}
