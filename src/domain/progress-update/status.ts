/**
 * Status labels for progress updates: the statuses a lead may choose for a plan, in the plan's own
 * words, and the everyday synonyms people type for them.
 *
 * Pure: nothing here reads or writes the store.
 */
import type { CanonicalStatus, Plan } from '../model.js';

/** Plain words for plans that have no labels of their own (the Communities Delivery Plan has none). */
const DEFAULT_LABELS: ReadonlyArray<{ label: string; canonical: CanonicalStatus }> = [
  { label: 'Not started', canonical: 'NOT_STARTED' },
  { label: 'In progress', canonical: 'IN_PROGRESS' },
  { label: 'On track', canonical: 'ON_TRACK' },
  { label: 'At risk', canonical: 'AT_RISK' },
  { label: 'Slipped', canonical: 'SLIPPED' },
  { label: 'Completed', canonical: 'COMPLETED' },
  { label: 'Deferred', canonical: 'DEFERRED' },
  { label: 'Ongoing', canonical: 'ONGOING' },
  { label: 'Closed / withdrawn', canonical: 'CLOSED_WITHDRAWN' },
];

/** Everyday words people use for a status, mapped to canonical statuses (lower case, single spaces). */
const STATUS_SYNONYMS: ReadonlyArray<[CanonicalStatus, readonly string[]]> = [
  ['NOT_STARTED', ['not started', 'not yet started', 'yet to start', 'not begun']],
  ['IN_PROGRESS', ['in progress', 'underway', 'under way', 'progressing', 'started', 'in hand']],
  ['ON_TRACK', ['on track', 'on target', 'on schedule', 'on course', 'going to plan']],
  ['AT_RISK', ['at risk', 'at risk of slipping']],
  ['SLIPPED', ['slipped', 'slipping', 'slippage', 'behind', 'behind schedule', 'delayed', 'late', 'off track', 'running late']],
  ['COMPLETED', ['completed', 'complete', 'done', 'finished', 'delivered', 'implemented', 'achieved']],
  ['DEFERRED', ['deferred', 'postponed', 'on hold', 'paused']],
  ['ONGOING', ['ongoing', 'business as usual', 'continuing']],
  ['CLOSED_WITHDRAWN', ['closed', 'withdrawn', 'closed / withdrawn', 'closed/withdrawn', 'no longer required']],
];

export interface StatusOption {
  label: string;
  canonical: CanonicalStatus;
}

/**
 * The statuses a lead may choose for this plan, one per canonical status, in the plan's own words
 * ("Slippage", not "Slipped", for the CIP). Plans without labels get plain defaults.
 */
export function statusOptions(plan: Plan | undefined): StatusOption[] {
  const entries = Object.entries(plan?.statusLabels ?? {});
  if (entries.length === 0) return [...DEFAULT_LABELS];
  const options: StatusOption[] = [];
  for (const [key, canonical] of entries) {
    // Prefer the label the committee table uses ("Slippage") when two labels mean the same.
    const bucketLabel = plan?.summaryBuckets.find((b) => b.label.toLowerCase() === key)?.label;
    const existing = options.find((o) => o.canonical === canonical);
    if (existing) {
      if (bucketLabel) existing.label = bucketLabel;
      continue;
    }
    options.push({ label: bucketLabel ?? sentenceCase(key), canonical });
  }
  return options;
}

/** Maps typed or chosen text to one of the plan's statuses; undefined when it is not one. */
export function matchStatusLabel(plan: Plan | undefined, text: string): StatusOption | undefined {
  const wanted = text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!]+$/, '');
  if (!wanted) return undefined;
  const options = statusOptions(plan);
  const labels = plan?.statusLabels ?? {};
  const direct = labels[wanted] ?? options.find((o) => o.label.toLowerCase() === wanted)?.canonical;
  const canonical = direct ?? STATUS_SYNONYMS.find(([, words]) => words.includes(wanted))?.[0];
  if (!canonical) return undefined;
  return options.find((o) => o.canonical === canonical);
}

/** A regular-expression alternation of every status word the plan understands, longest first. */
export function statusPhrasePattern(plan?: Plan): string {
  const words = new Set<string>();
  for (const option of statusOptions(plan)) words.add(option.label.toLowerCase());
  for (const key of Object.keys(plan?.statusLabels ?? {})) words.add(key);
  for (const [, synonyms] of STATUS_SYNONYMS) for (const word of synonyms) words.add(word);
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|');
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
