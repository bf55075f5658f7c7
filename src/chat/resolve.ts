/**
 * Entity resolution with typo and variant tolerance: action numbers ("5.5."), ids, title fragments
 * ("Pub is the Hub"), people (aliases, misspellings), owner groups ("SDMs"), themes and plans.
 * Never guesses silently: an ambiguous reference returns every candidate so the bot can ask.
 */
import MiniSearch from 'minisearch';
import type { Action, Person, Plan, Theme } from '../domain/model.js';
import type { Snapshot } from '../domain/snapshot.js';
import { fold } from './normalise.js';

export type Resolution<T> =
  | { kind: 'one'; value: T }
  | { kind: 'many'; options: T[] }
  | { kind: 'none'; suggestions: T[] };

const MAX_CHOICES = 6;

const ACTION_NUMBER = /^(?:action\s*|no\.?\s*|number\s*|#)?(\d{1,3}(?:\.\d{1,3}){1,2})\.?$/i;

export function resolveAction(snapshot: Snapshot, reference: string, planId?: string): Resolution<Action> {
  const ref = reference.trim().replace(/^["']|["']$/g, '').replace(/^(the\s+)?action\s+/i, '').replace(/^the\s+/i, '').trim();
  if (!ref) return { kind: 'none', suggestions: [] };
  const inPlan = (a: Action) => !planId || a.planId === planId;

  const byId = snapshot.action(ref) ?? snapshot.action(ref.toLowerCase());
  if (byId) return { kind: 'one', value: byId };

  const numberMatch = ACTION_NUMBER.exec(ref);
  if (numberMatch) {
    const matches = snapshot.actionsByNumber(numberMatch[1]!).filter(inPlan);
    if (matches.length === 1) return { kind: 'one', value: matches[0]! };
    if (matches.length > 1) return { kind: 'many', options: matches.slice(0, MAX_CHOICES) };
    return { kind: 'none', suggestions: nearbyNumbers(snapshot, numberMatch[1]!).filter(inPlan) };
  }

  const folded = fold(ref);
  const index = actionTitleIndex(snapshot);
  const exact = (index.byTitle.get(folded) ?? []).filter(inPlan);
  if (exact.length === 1) return { kind: 'one', value: exact[0]! };
  if (exact.length > 1) return { kind: 'many', options: exact.slice(0, MAX_CHOICES) };

  // A fragment contained in exactly one heading ("pub is the hub") is a confident match.
  const containing = index.headings.filter((h) => h.text.includes(folded) && inPlan(h.action));
  const containingActions = unique(containing.map((h) => h.action));
  if (folded.length >= 4 && containingActions.length === 1) return { kind: 'one', value: containingActions[0]! };
  if (folded.length >= 4 && containingActions.length > 1 && containingActions.length <= MAX_CHOICES) {
    return { kind: 'many', options: containingActions };
  }

  const results = index.search
    .search(ref, { fuzzy: 0.25, prefix: true, combineWith: 'AND' })
    .concat(containingActions.length === 0 ? index.search.search(ref, { fuzzy: 0.25, prefix: true }) : []);
  const ranked = unique(results.map((r) => snapshot.action(r.id as string)!).filter((a) => a && inPlan(a)));
  if (ranked.length === 0) return { kind: 'none', suggestions: [] };
  if (containingActions.length > MAX_CHOICES) return { kind: 'many', options: containingActions.slice(0, MAX_CHOICES) };
  const [first, second] = results;
  if (ranked.length === 1 || (first && second && first.score >= second.score * 2 && first.terms.length === second.terms.length)) {
    // One clear winner, but only when every query word matched: otherwise it is a suggestion.
    const allWordsMatched = first && first.queryTerms.length >= words(ref).length;
    if (allWordsMatched) return { kind: 'one', value: ranked[0]! };
  }
  return { kind: 'none', suggestions: ranked.slice(0, 3) };
}

interface ActionTitleIndex {
  byTitle: Map<string, Action[]>;
  headings: { text: string; action: Action }[];
  search: MiniSearch;
}

function actionTitleIndex(snapshot: Snapshot): ActionTitleIndex {
  return snapshot.memo('resolve:actionTitles', () => {
    const byTitle = new Map<string, Action[]>();
    const headings: { text: string; action: Action }[] = [];
    for (const action of snapshot.actions) {
      const subheading = action.themeId ? snapshot.theme(action.themeId) : undefined;
      const names = [action.title, subheading?.kind === 'subheading' ? subheading.name : undefined].filter(Boolean) as string[];
      for (const name of names) {
        const key = fold(name).replace(/[.:]+$/, '');
        const list = byTitle.get(key);
        if (list) list.push(action);
        else byTitle.set(key, [action]);
        headings.push({ text: key, action });
      }
    }
    const search = new MiniSearch({
      fields: ['title', 'heading', 'bullets'],
      storeFields: [],
      searchOptions: { boost: { title: 3, heading: 3 } },
      processTerm: (term) => {
        const t = term.toLowerCase();
        return STOP_WORDS.has(t) ? null : t;
      },
    });
    search.addAll(
      snapshot.actions.map((a) => ({
        id: a.id,
        title: a.title,
        heading: a.themeId ? (snapshot.theme(a.themeId)?.name ?? '') : '',
        bullets: a.bullets.join(' '),
      })),
    );
    return { byTitle, headings, search };
  });
}

function nearbyNumbers(snapshot: Snapshot, number: string): Action[] {
  const prefix = number.split('.')[0] + '.';
  return snapshot.actions.filter((a) => a.number?.startsWith(prefix)).slice(0, 5);
}

// ---------------------------------------------------------------------------------------------

export type OwnerRef = { kind: 'person'; person: Person } | { kind: 'group'; group: string };

/** Resolves a person or owner group by name, alias, email or a misspelling. */
export function resolveOwner(snapshot: Snapshot, reference: string): Resolution<OwnerRef> {
  const ref = reference.trim().replace(/^["']|["']$/g, '');
  const folded = fold(ref);
  if (!folded) return { kind: 'none', suggestions: [] };
  const byEmail = ref.includes('@') ? snapshot.personByEmail(ref) : undefined;
  if (byEmail) return { kind: 'one', value: { kind: 'person', person: byEmail } };
  const group = snapshot.ownerGroups().find((g) => fold(g) === folded || fold(g) === folded.replace(/s$/, '') + 's');
  if (group) return { kind: 'one', value: { kind: 'group', group } };

  const index = peopleIndex(snapshot);
  const exact = index.byName.get(folded);
  if (exact && exact.length === 1) return { kind: 'one', value: { kind: 'person', person: exact[0]! } };
  if (exact && exact.length > 1) return { kind: 'many', options: exact.map((person) => ({ kind: 'person', person })) };

  const results = index.search.search(ref, { fuzzy: 0.3, prefix: true, combineWith: 'AND' });
  const people = unique(results.map((r) => snapshot.person(r.id as string)!).filter(Boolean));
  if (people.length === 1) return { kind: 'one', value: { kind: 'person', person: people[0]! } };
  if (people.length > 1) {
    const [first, second] = results;
    if (first && second && first.score >= second.score * 2) return { kind: 'one', value: { kind: 'person', person: people[0]! } };
    return { kind: 'many', options: people.slice(0, MAX_CHOICES).map((person) => ({ kind: 'person', person })) };
  }
  const loose = index.search.search(ref, { fuzzy: 0.35, prefix: true });
  return {
    kind: 'none',
    suggestions: unique(loose.map((r) => snapshot.person(r.id as string)!).filter(Boolean))
      .slice(0, 3)
      .map((person) => ({ kind: 'person', person })),
  };
}

function peopleIndex(snapshot: Snapshot): { byName: Map<string, Person[]>; search: MiniSearch } {
  return snapshot.memo('resolve:people', () => {
    const byName = new Map<string, Person[]>();
    for (const person of snapshot.people) {
      for (const name of [person.name, ...person.aliases]) {
        const key = fold(name);
        const list = byName.get(key);
        if (list) list.push(person);
        else byName.set(key, [person]);
      }
    }
    const search = new MiniSearch({ fields: ['names'], storeFields: [] });
    search.addAll(snapshot.people.map((p) => ({ id: p.id, names: [p.name, ...p.aliases].join(' ') })));
    return { byName, search };
  });
}

// ---------------------------------------------------------------------------------------------

const PLAN_WORDS = /\b(plan|cip|cdp)\b/i;

export function resolvePlan(snapshot: Snapshot, reference: string): Resolution<Plan> {
  const folded = fold(reference).replace(/^the /, '');
  if (!folded) return { kind: 'none', suggestions: [] };
  const byId = snapshot.plan(reference.trim());
  if (byId) return { kind: 'one', value: byId };
  const matches = snapshot.plans.filter((plan) => {
    const names = [plan.title, plan.abbreviation, plan.id, initials(plan.title)].filter(Boolean).map((n) => fold(n!));
    return names.some((n) => n === folded || n.includes(folded) || (folded.length > 3 && folded.includes(n)));
  });
  if (matches.length === 1) return { kind: 'one', value: matches[0]! };
  if (matches.length > 1) return { kind: 'many', options: matches };
  return { kind: 'none', suggestions: PLAN_WORDS.test(reference) ? [...snapshot.plans] : [] };
}

/** Finds a plan named anywhere in a sentence ("... for the CIP as at June 2018"). */
export function findPlanMention(snapshot: Snapshot, text: string): Plan | undefined {
  const folded = ` ${fold(text)} `;
  return snapshot.plans.find((plan) =>
    [plan.title, plan.abbreviation, initials(plan.title)].filter(Boolean).some((n) => folded.includes(` ${fold(n!)} `)),
  );
}

export function resolveTheme(snapshot: Snapshot, reference: string, planId?: string): Resolution<Theme> {
  const ref = reference.trim().replace(/^theme\s+/i, '');
  const candidates = planId ? snapshot.themesOf(planId) : snapshot.data.themes;
  const number = /^\d+$/.test(ref) ? Number(ref) : undefined;
  const folded = fold(ref);
  const matches = candidates.filter((t) =>
    number !== undefined ? t.number === number : t.name !== undefined && (fold(t.name) === folded || fold(t.name).includes(folded)),
  );
  if (matches.length === 1) return { kind: 'one', value: matches[0]! };
  if (matches.length > 1) {
    const exact = matches.filter((t) => t.name && fold(t.name) === folded);
    if (exact.length === 1) return { kind: 'one', value: exact[0]! };
    return { kind: 'many', options: matches.slice(0, MAX_CHOICES) };
  }
  return { kind: 'none', suggestions: [] };
}

const STOP_WORDS = new Set(['the', 'a', 'an', 'of', 'and', 'to', 'for', 'in', 'on', 'is', 'with', 'by', 'at', 'action']);

function words(text: string): string[] {
  return fold(text)
    .split(' ')
    .filter((w) => w && !STOP_WORDS.has(w));
}

function initials(title: string): string {
  return title
    .split(/\s+/)
    .filter((w) => /^[A-Z]/.test(w))
    .map((w) => w[0])
    .join('');
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
