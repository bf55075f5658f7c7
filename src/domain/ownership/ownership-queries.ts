/**
 * "Who owns what?" and "what does X own?" across actions of every plan, committee follow-ups and
 * periodic reports, scoped to a council when asked. Pure, over the snapshot's ownership index.
 */
import { foldWords } from '../keyed-index.js';
import type { Snapshot } from '../snapshot.js';
import type { OwnedItem } from './ownership-index.js';

export type OwnerReference = { personId: string } | { name: string };

/** What a person, group or body owns; by person id, or by any name they are written as. */
export function ownedBy(snapshot: Snapshot, who: OwnerReference, options: { councilId?: string } = {}): OwnedItem[] {
  const index = snapshot.ownershipIndex();
  const items = 'personId' in who ? index.ofPerson(who.personId) : index.ofName(who.name);
  return items.filter((i) => !options.councilId || i.councilId === options.councilId);
}

export interface OwnerSummary {
  label: string;
  personId?: string;
  /** How many things the owner owns in the scope, by kind. */
  counts: Record<OwnedItem['kind'], number>;
  items: OwnedItem[];
}

/** Every owner with what they own, most first; within a council when one is given. */
export function ownersAcross(snapshot: Snapshot, options: { councilId?: string } = {}): OwnerSummary[] {
  const index = snapshot.ownershipIndex();
  const out: OwnerSummary[] = [];
  for (const owner of index.owners()) {
    if (options.councilId && !owner.councilIds.includes(options.councilId)) continue;
    const items = (owner.personId ? index.ofPerson(owner.personId) : index.ofName(owner.label)).filter(
      (i) => !options.councilId || i.councilId === options.councilId,
    );
    if (!items.length) continue;
    const counts = { action: 0, 'follow-up': 0, report: 0 };
    for (const i of items) counts[i.kind] += 1;
    out.push({ label: owner.label, personId: owner.personId, counts, items });
  }
  return out.sort((a, b) => b.items.length - a.items.length || foldWords(a.label).localeCompare(foldWords(b.label)));
}
