/**
 * The LGA Corporate Peer Challenge progress review of Stoke-on-Trent (seed 001, 12 December 2022) as
 * a recommendation tracker: the four themes, the ten recommendations the review restates, the
 * review's narrative on progress for each (paragraph by paragraph, as written), and what else it
 * records (council commitments, peer suggestions, offers of support, one issue) as actions linked to
 * the recommendation whose narrative they sit in.
 *
 * The sentences come from the checked reading (../shared/seed-data/other-actions.json,
 * "lga-cpc-2022-recommendations" and "lga-cpc-2022-progress-review-other"), and which paragraphs are
 * progress for which recommendation from its progress_evidence; every quote is checked against the
 * document's lines here. The review gives no status, owner or date per recommendation, so each has
 * status UNKNOWN and the narrative only.
 */
import { parseDateExpr } from '../../src/domain/date-expr/index.js';
import type { ActionEntryKind, CanonicalStatus, StoreDataInput } from '../../src/domain/model.js';
import { fail, type SeedText, visibleText } from './seed-text.js';

type Input = StoreDataInput;
type PlanIn = NonNullable<Input['plans']>[number];
type ThemeIn = NonNullable<Input['themes']>[number];
type ActionIn = NonNullable<Input['actions']>[number];
type RecommendationIn = NonNullable<Input['recommendations']>[number];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const COUNCIL = 'stoke';
export const CPC_PLAN = 'stoke-lga-cpc-2022';
export const CPC_DOC = 'LGA Corporate Peer Challenge – Progress Review, Stoke-on-Trent City Council, feedback of 12th December 2022';
const REVIEW_DATE = '2022-12-12';

/** Theme headings in the body and the lines each theme's feedback runs over. */
const THEME_LINES: { heading: number; from: number; to: number }[] = [
  { heading: 57, from: 57, to: 91 },
  { heading: 92, from: 92, to: 123 },
  { heading: 124, from: 124, to: 166 },
  { heading: 167, from: 167, to: 220 },
];

/** The peers named in the review (lines 39-44), for owners of their offers and suggestions. */
const PEER_LINES: Record<string, number> = { 'Matt Jukes': 39, 'Lynne Ridsdale': 41, 'Rob Powell': 42 };

const ENTRY_KIND: Record<string, ActionEntryKind> = {
  peer_suggestion: 'suggestion',
  offer_of_support: 'offer-of-support',
  council_commitment: 'commitment',
  governance_issue: 'issue',
};

/** Owners of offers and suggestions, as the text names them. */
const OWNERS: Record<string, { peer: string; raw: string }> = {
  'CPC-03': { peer: 'Rob Powell', raw: 'Rob Powell' },
  'CPC-04': { peer: 'Matt Jukes', raw: 'Matt Jukes' },
  // "She" is Lynne Ridsdale: the sentence follows "Lynne also reflected that ..." [001:157].
  'CPC-06': { peer: 'Lynne Ridsdale', raw: 'She' },
  'CPC-07': { peer: 'Rob Powell', raw: 'Rob Powell' },
};

const STATUSES: Record<string, { canonical: CanonicalStatus; raw: string }> = {
  'CPC-10': { canonical: 'ON_TRACK', raw: 'on target for completion in early 2025' },
  'CPC-19': { canonical: 'IN_PROGRESS', raw: 'progress is being made on but around which there is still more to do' },
};

const NOTES: Record<string, string> = {
  'CPC-02': 'The sentence continues after a page break: "delivery." [001:163].',
  'CPC-20': 'The seven areas are not listed in the review.',
};

/** A paragraph is the reviewers' view when it is the peers speaking; otherwise it is what the council reported. */
function progressKind(text: string): 'reported' | 'reviewer-view' {
  return /\bpeer team\b|\bpeers\b|^(Matt Jukes|Lynne|Rob Powell|Councillor David Renard)\b/.test(text) ? 'reviewer-view' : 'reported';
}

export function buildPeerChallenge(doc: SeedText, reading: Json) {
  const recCollection = (reading.collections as Json[]).find((c) => c.id === 'lga-cpc-2022-recommendations') ?? fail('no peer challenge recommendations');
  const otherCollection = (reading.collections as Json[]).find((c) => c.id === 'lga-cpc-2022-progress-review-other') ?? fail('no peer challenge review items');
  const source = (from: number, to = from, note?: string) => ({ document: CPC_DOC, lines: doc.ref(from, to), note });
  const asAtRaw = doc.quote(8, 8, '12th December 2022');

  const themes: ThemeIn[] = THEME_LINES.map(({ heading }, i) => {
    const name = visibleText(doc.line(heading));
    doc.quote(50, 53, name);
    if (name !== recCollection.themes[i]) fail(`peer challenge theme ${i + 1} is "${name}", the reading says "${recCollection.themes[i]}"`);
    return { id: `${CPC_PLAN}-t${i + 1}`, planId: CPC_PLAN, number: i + 1, name, kind: 'theme', basis: 'theme of the review (the council chose the four themes)', headingRaw: doc.line(heading), source: source(heading) };
  });
  const themeOfLine = (line: number): string => {
    const i = THEME_LINES.findIndex((t) => line >= t.from && line <= t.to);
    return i >= 0 ? themes[i]!.id : fail(`line ${line} is in no theme of the review`);
  };

  const contact = (otherCollection.items as Json[]).find((i) => i.type === 'contact');
  const plan: PlanIn = {
    id: CPC_PLAN,
    councilId: COUNCIL,
    title: visibleText(doc.line(4)),
    abbreviation: 'CPC',
    kind: 'recommendation-tracker',
    draft: false,
    asAt: REVIEW_DATE,
    asAtRaw,
    origin: doc.quote(23, 23, 'Stoke-on-Trent City Council undertook a Local Government Association (LGA) corporate peer challenge across the four days from 23rd to 26th May 2022. The council published the related report on 19th July 2022.'),
    statedThemeCount: 4,
    statusLabels: {},
    summaryBuckets: [],
    notes: [
      `The peer team: ${doc.range(39, 44).map((l) => visibleText(l.text)).join('; ')} [001:39-44].`,
      `${doc.quote(225, 225, contact.text)} [001:225]`,
      `${doc.quote(48, 48, 'The written feedback below is provided under the following four themes identified by the council and reflects the way in which the council sees things having progressed since the original corporate peer challenge:')} [001:48]`,
    ],
    source: source(1, 225, 'The review gives narrative progress only: no status, RAG, owner or dates per recommendation.'),
    sensitivity: 'public',
    adminIds: [],
    digestEnabled: true,
  };

  const recLines = new Set<number>();
  for (const r of recCollection.items as Json[]) recLines.add(r.evidence.line_range[0]);

  const recommendations: RecommendationIn[] = [];
  const progressRanges: { id: string; from: number; to: number }[] = [];
  for (const r of recCollection.items as Json[]) {
    const line = r.evidence.line_range[0] as number;
    const text = doc.quote(line, line, r.text);
    const visible = visibleText(doc.line(line));
    // The words before the recommendation in its own sentence ("It also recommended").
    const before = visible.slice(0, visible.indexOf(visibleText(text))).trim().split(/(?<=[.!?])\s+/).pop() ?? '';
    let introRaw = before;
    if (!before) {
      // A list item: the intro is the nearest line above that ends with a colon.
      let n = line - 1;
      while (n > 0 && !/:\s*$/.test(doc.line(n))) n--;
      introRaw = visibleText(doc.line(n));
    }
    const partOfPartialList = /\bincluded:\s*$/.test(introRaw);
    const progress: RecommendationIn['progress'] = [];
    for (const ev of r.progress_evidence as Json[]) {
      const [from, to] = ev.line_range as [number, number];
      progressRanges.push({ id: `${CPC_PLAN}-rec-${r.id.slice(-2)}`, from, to });
      for (const l of doc.range(from, to)) {
        const para = visibleText(l.text);
        if (!para || recLines.has(l.n) || themes.some((t) => t.name === para)) continue;
        progress.push({ kind: progressKind(para), text: para, asAt: REVIEW_DATE, asAtRaw, source: source(l.n) });
      }
    }
    recommendations.push({
      id: `${CPC_PLAN}-rec-${r.id.slice(-2)}`,
      councilId: COUNCIL,
      planId: CPC_PLAN,
      themeId: themeOfLine(line),
      text,
      madeBy: 'peer-challenge',
      introRaw,
      addressedTo: 'the council',
      partOfPartialList,
      status: { canonical: 'UNKNOWN' },
      progress,
      variants: [],
      relatedPlanIds: [],
      sensitivity: 'public',
      source: source(line, line, partOfPartialList ? `Introduced with "${introRaw}": the review may not list every recommendation of this theme.` : undefined),
      version: 1,
    });
  }

  const actions: ActionIn[] = [];
  for (const item of otherCollection.items as Json[]) {
    if (item.type === 'contact') continue; // kept in the plan notes
    const [from, to] = item.evidence.line_range as [number, number];
    const text = doc.quote(from, to, item.text);
    const entryKind = ENTRY_KIND[item.type] ?? fail(`unknown review item type ${item.type}`);
    const recommendationIds = [...new Set(progressRanges.filter((p) => from >= p.from && from <= p.to).map((p) => p.id))];
    const owner = OWNERS[item.id];
    const status = STATUSES[item.id];
    const notes = [
      recommendationIds.length ? 'Linked to the recommendation whose progress narrative it sits in.' : 'Part of the theme narrative; the review ties it to no single recommendation.',
      ...(NOTES[item.id] ? [NOTES[item.id]!] : []),
    ];
    actions.push({
      id: `${CPC_PLAN}-${item.id.slice(4)}`,
      planId: CPC_PLAN,
      themeId: themeOfLine(from),
      title: text,
      bullets: [],
      refCodes: [],
      owners: owner
        ? [{ role: 'body', group: visibleText(doc.line(PEER_LINES[owner.peer]!)), raw: doc.quote(from, to, owner.raw) }]
        : [],
      delegateIds: [],
      originalTarget: item.target_raw
        ? (parseDateExpr(doc.quote(from, to, item.target_raw), { referenceDate: REVIEW_DATE }) ?? fail(`target "${item.target_raw}" not understood`))
        : undefined,
      revisions: [],
      milestones: [],
      status: status ? { ...status, raw: doc.quote(from, to, status.raw) } : { canonical: 'UNKNOWN' },
      dependsOn: [],
      bodiesMentioned: [],
      entryKind,
      recommendationIds,
      sensitivity: 'public',
      source: source(from, to, notes.join(' ')),
      version: 1,
    });
  }
  return { plan, themes, recommendations, actions };
}
