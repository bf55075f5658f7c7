/**
 * Named things a message can mention by name: plans ("the CIP", "the delivery plan", "the
 * governance statement"), councils ("Derby", "Staffs", "Stoke"), committees ("Corporate Review",
 * "CRC", "the cttee"), themes ("theme 5", "Robust internal controls", "Place Based Approach"),
 * decisions and work-programme topics. Each index is built once per snapshot.
 */
import type { Committee, Council, Decision, Plan, PlanKind, Theme } from '../../../domain/model.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import type { Span } from '../frame.js';
import { byCollections } from './by-collections.js';
import { findPhrases, phraseIndex, type FoldedText, type PhraseIndex } from './phrases.js';

/** What each kind of plan is called in conversation when a council has one of that kind. */
const KIND_NAMES: Partial<Record<PlanKind, string[]>> = {
  'improvement-plan': ['improvement plan'],
  'delivery-plan': ['delivery plan', 'communities plan'],
  'governance-action-plan': ['governance statement', 'annual governance statement', 'governance action plan', 'governance actions', 'governance plan', 'AGS actions'],
  'operating-plan': ['operating plan', 'op plan'],
};

function planNames(plan: Plan, council: Council | undefined): string[] {
  const names = [plan.title, plan.id];
  if (plan.abbreviation) names.push(plan.abbreviation, `the ${plan.abbreviation}`);
  // "Annual Governance Statement 2020/21 – governance actions" is also "the Annual Governance Statement".
  const head = plan.title.split(/\s+[–—:(-]\s*|\s*\(/)[0]!.replace(/\s+\d{4}(?:[/-]\d{2,4})?$/, '').trim();
  if (head && head !== plan.title) names.push(head);
  const withoutCouncil = council ? head.replace(new RegExp(`^${escape(council.name.replace(/\s+(City|County|Borough|District)?\s*Council$/i, ''))}\\s+`, 'i'), '') : head;
  if (withoutCouncil !== head) names.push(withoutCouncil);
  const initials = head
    .split(/\s+/)
    .filter((w) => /^[A-Z]/.test(w))
    .map((w) => w[0])
    .join('');
  if (initials.length >= 3 && initials.length <= 4) names.push(initials);
  return names;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface NameIndexes {
  plans: PhraseIndex<Plan>;
  councils: PhraseIndex<Council>;
  committees: PhraseIndex<Committee>;
  themes: PhraseIndex<Theme>;
  decisions: PhraseIndex<Decision>;
  topics: PhraseIndex<string>;
}

export function nameIndexes(snapshot: Snapshot): NameIndexes {
  const d = snapshot.data;
  return byCollections('understanding:names', [d.plans, d.councils, d.committees, d.themes, d.decisions, d.workProgrammeItems, d.meetings], () => {
    const planEntries: Array<[string, Plan]> = [];
    const byKind = new Map<string, Plan[]>();
    for (const plan of snapshot.plans) {
      const council = snapshot.council(plan.councilId);
      for (const name of planNames(plan, council)) planEntries.push([name, plan]);
      const list = byKind.get(plan.kind) ?? [];
      list.push(plan);
      byKind.set(plan.kind, list);
    }
    for (const [kind, plans] of byKind) {
      // "the delivery plan" names a plan only where the store holds exactly one of that kind.
      if (plans.length === 1) for (const name of KIND_NAMES[kind as PlanKind] ?? []) planEntries.push([name, plans[0]!]);
    }
    const councilEntries: Array<[string, Council]> = [];
    for (const council of snapshot.data.councils) {
      const short = council.name.replace(/\s+(City|County|Borough|District|Metropolitan)?\s*(Borough\s+)?Council$/i, '').trim();
      for (const name of [council.name, council.id, short, ...(council.aliases ?? [])]) councilEntries.push([name, council]);
    }
    const committeeEntries: Array<[string, Committee]> = [];
    for (const committee of snapshot.committees) {
      const short = committee.name.replace(/\s+(?:Overview and Scrutiny\s+|Scrutiny\s+)?Committee$/i, '').trim();
      for (const name of [committee.name, short, ...committee.aliases]) committeeEntries.push([name, committee]);
    }
    const themeEntries: Array<[string, Theme]> = [];
    for (const theme of snapshot.data.themes) {
      if (theme.name && theme.kind !== 'subheading' && theme.name.split(/\s+/).length >= 2) themeEntries.push([theme.name, theme]);
      if (theme.code) themeEntries.push([theme.code, theme]);
    }
    const decisionEntries: Array<[string, Decision]> = snapshot.data.decisions.map((d) => [d.title, d]);
    const topicEntries: Array<[string, string]> = [];
    for (const item of snapshot.data.workProgrammeItems) topicEntries.push([item.topic, item.id]);
    for (const meeting of snapshot.meetings) {
      for (const item of meeting.items) {
        if (item.part === 'TWO' || item.exempt) continue;
        for (const title of [item.title, ...item.aliases]) if (title.split(/\s+/).length <= 8) topicEntries.push([title, item.id]);
      }
    }
    for (const committee of snapshot.committees) for (const group of committee.workingGroups) topicEntries.push([group.name, group.id]);
    return {
      plans: phraseIndex(planEntries),
      councils: phraseIndex(councilEntries),
      committees: phraseIndex(committeeEntries),
      themes: phraseIndex(themeEntries, { minLength: 4 }),
      decisions: phraseIndex(decisionEntries, { minLength: 4 }),
      topics: phraseIndex(topicEntries, { minLength: 4 }),
    };
  });
}

const THEME_NUMBER = /\b(?:theme|section|workstream|priority)\s+(\d{1,2})\b/gi;

export interface NamedMentions {
  plans: (Span & { plan: Plan })[];
  councils: (Span & { council: Council })[];
  committees: (Span & { committee: Committee })[];
  themes: (Span & { theme: Theme })[];
  decisions: (Span & { decisions: Decision[] })[];
  topics: Span[];
}

export function recogniseNames(snapshot: Snapshot, text: string, folded: FoldedText, taken: Span[]): NamedMentions {
  const indexes = nameIndexes(snapshot);
  const spans = [...taken];
  const claim = <T extends Span>(found: T[]): T[] => {
    spans.push(...found);
    return found;
  };
  const decisions = claim(findPhrases(folded, text, indexes.decisions, spans).map((f) => ({ ...span(f), decisions: f.values })));
  const topics = claim(findPhrases(folded, text, indexes.topics, spans).map(span));
  const plans = claim(findPhrases(folded, text, indexes.plans, spans).map((f) => ({ ...span(f), plan: f.values[0]! })));
  const committees = claim(findPhrases(folded, text, indexes.committees, spans).map((f) => ({ ...span(f), committee: f.values[0]! })));
  const councils = claim(findPhrases(folded, text, indexes.councils, spans).map((f) => ({ ...span(f), council: f.values[0]! })));
  const themes: (Span & { theme: Theme })[] = [];
  for (const m of text.matchAll(THEME_NUMBER)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (spans.some((s) => start < s.end && end > s.start)) continue;
    const number = Number(m[1]);
    const planId = plans[0]?.plan.id;
    const candidates = snapshot.data.themes.filter((t) => t.number === number && (!planId || t.planId === planId));
    // "theme 5" in a store with one numbered plan is that plan's theme 5.
    if (candidates.length >= 1) themes.push({ start, end, text: m[0], theme: candidates[0]! });
  }
  claim(themes);
  for (const f of findPhrases(folded, text, indexes.themes, spans)) themes.push({ ...span(f), theme: f.values[0]! });
  return { plans, councils, committees, themes, decisions, topics };
}

function span(f: Span): Span {
  return { start: f.start, end: f.end, text: f.text };
}
