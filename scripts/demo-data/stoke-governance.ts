/**
 * Stoke-on-Trent's Annual Governance Statement 2020/21 (seed 000) as a governance action plan: the
 * 37 entries of the checked reading (../shared/seed-data/other-actions.json, "ags-2020-21-actions")
 * become actions of one plan, so that every entry with an owner or a date joins the digest, rounds
 * and reports like any other action. The reading chose the sentences; every quote is checked here
 * against the document's own lines, and the kind, status, owners and dates are read below.
 *
 * Choices (also in the commit report):
 * - No action number: the statement's paragraph numbers repeat ("4.8" twice [000:99], [000:103]) and
 *   would clash with the Derby CIP's numbers; the paragraph is kept in the source note instead.
 * - Status only where the text says one ("postponed", "Work continues", "all of which have now been
 *   implemented"); otherwise UNKNOWN with no label.
 * - 4.3 (self-assessment): originally March 2020, "postponed due to the Covid-19 emergency situation",
 *   now "planned ... in 2021": DEFERRED with an endorsed revision, the statement being the council's
 *   signed account of its plan (no separate committee decision on the new date is recorded).
 * - PE.6 leadership event: "planned for March 2020 ... delayed", no new date: SLIPPED (slippage and
 *   re-baselining stay apart, as for the Derby CIP).
 * - The Local Partnerships review's action plan is its own plan of kind 'review-action-plan' with its
 *   ten summary items as actions; the statement's line on it points there (tracksPlanId).
 */
import { parseDateExpr } from '../../src/domain/date-expr/index.js';
import type { ActionEntryKind, CanonicalStatus, StoreDataInput } from '../../src/domain/model.js';
import { evidenceLines, fail, type SeedText } from './seed-text.js';

type Input = StoreDataInput;
type PlanIn = NonNullable<Input['plans']>[number];
type ActionIn = NonNullable<Input['actions']>[number];
type OwnerIn = NonNullable<ActionIn['owners']>[number];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const COUNCIL = 'stoke';
export const AGS_PLAN = 'stoke-ags-2020-21';
export const LP_REVIEW_PLAN = 'stoke-local-partnerships-review-action-plan';
export const AGS_DOC = 'Stoke-on-Trent City Council, Annual Governance Statement 2020/21 (with an annex dated September 2024)';

interface EntryReading {
  kind: ActionEntryKind;
  /** A title that stands on its own, verbatim from the lines given (default: the entry's own lines). */
  title?: string;
  titleLines?: [number, number];
  /** "<context>: <entry text>" when the entry alone does not say what it is about; the context is verbatim. */
  titleContext?: { text: string; line: number };
  status?: { canonical: CanonicalStatus; raw: string };
  owners?: { role: OwnerIn['role']; group: string; raw: string }[];
  /** Use the reading's target as the original target (default), or override. */
  target?: string | null;
  original?: string;
  revision?: { to: string; reason: string };
  cadence?: string;
  /** A further sentence of the paragraph worth keeping as commentary, verbatim. */
  commentary?: { text: string; line: number };
  notes?: string[];
}

const WHOLE_STATEMENT_NOTE = 'The statement is "considered up to July 2021" [000:64]; the annex (paragraphs A1-A5) is dated September 2024 [000:470].';

/** Keyed by the reading's ids (AGS-01 ... AGS-37). */
const ENTRIES: Record<string, EntryReading> = {
  'AGS-01': {
    kind: 'action',
    title: 'plans were established to undertake a revised self-assessment and a knowledge and skills assessment to support a training plan for the Committee',
    titleContext: { text: 'The Audit Committee completes a self-assessment against updated CIPFA guidance', line: 88 },
    owners: [{ role: 'body', group: 'The Audit Committee', raw: 'The Audit Committee' }],
    status: { canonical: 'DEFERRED', raw: 'postponed' },
    original: 'March 2020',
    target: null,
    revision: { to: '2021', reason: 'has been postponed due to the Covid-19 emergency situation' },
  },
  'AGS-02': {
    kind: 'action-plan',
    titleContext: { text: 'An external review was undertaken in February 2018', line: 93 },
    status: { canonical: 'COMPLETED', raw: 'all of which have now been implemented' },
  },
  'AGS-03': { kind: 'recommendations-reference' },
  'AGS-04': { kind: 'action' },
  'AGS-05': {
    kind: 'finding',
    commentary: { text: 'The city council noted the recommendations resulting from the report and took steps to make further improvements.', line: 104 },
  },
  'AGS-06': {
    kind: 'recommendations-reference',
    titleContext: { text: 'The FE Stocktake', line: 115 },
    status: { canonical: 'IN_PROGRESS', raw: 'ongoing' },
  },
  'AGS-07': { kind: 'area-for-improvement', titleContext: { text: 'The OFSTED progress monitoring visit', line: 117 } },
  'AGS-08': {
    kind: 'improvement-plan',
    title: "Children's Improvement Plan",
    titleLines: [228, 228],
    owners: [
      {
        role: 'body',
        group: 'Children’s Commissioner',
        raw: 'overseen by the DfE appointed Children’s Commissioner Eleanor Brazil (who was replaced by Paul Moffat in July 2021)',
      },
      {
        role: 'body',
        group: 'Children’s Improvement Board',
        raw: 'monitored by the multi-agency Children’s Improvement Board on a monthly basis, chaired by the Commissioner',
      },
    ],
    status: { canonical: 'IN_PROGRESS', raw: 'we have now entered the second stage of this plan following review of phase 1' },
    cadence: 'on a monthly basis',
    notes: ['The Commissioner changed during the year: Eleanor Brazil "was replaced by Paul Moffat in July 2021" [000:121].'],
  },
  'AGS-09': { kind: 'commitment', owners: [{ role: 'body', group: 'Leeds City Council', raw: 'Leeds City Council' }] },
  'AGS-10': { kind: 'planned-event', cadence: 'at quarterly intervals' },
  'AGS-11': { kind: 'area-for-improvement', titleContext: { text: 'an Ofsted Focussed Visit in September 2020', line: 122 } },
  'AGS-12': { kind: 'area-for-improvement' },
  'AGS-13': {
    kind: 'action',
    title: 'the development of a draft Housing Customer Engagement Strategy to be consulted on in the summer 2021',
    titleLines: [138, 138],
  },
  'AGS-14': { kind: 'action', owners: [{ role: 'body', group: 'Internal Audit', raw: 'Internal Audit' }], status: { canonical: 'IN_PROGRESS', raw: 'are undertaking' } },
  'AGS-15': { kind: 'action' },
  'AGS-16': {
    kind: 'action',
    title: 'A new training strategy covering finance related skills will be delivered and administered through workforce development',
    titleLines: [231, 231],
    owners: [{ role: 'body', group: 'Financial Review Group (FRG)', raw: 'Financial Review Group (FRG)' }],
    status: { canonical: 'IN_PROGRESS', raw: "budget holder training having already been delivered to Children's & Families" },
  },
  'AGS-17': { kind: 'workplan', status: { canonical: 'IN_PROGRESS', raw: 'underway' } },
  'AGS-18': {
    kind: 'action',
    titleContext: { text: 'Financial Management Code', line: 245 },
    status: { canonical: 'IN_PROGRESS', raw: 'working towards full compliance' },
    commentary: { text: 'The main gaps relate to FM standard G / H, in relation to longer term planning and modelling, both of which are planned to be developed.', line: 248 },
  },
  'AGS-19': {
    kind: 'action',
    title: 'A full constitutional review is in progress',
    titleLines: [254, 254],
    status: { canonical: 'IN_PROGRESS', raw: 'in progress' },
    notes: ['"Further detailed changes will be considered in July 2020" is forward-looking text in a statement considered up to July 2021: the date is kept as written.'],
  },
  'AGS-20': { kind: 'action', status: { canonical: 'IN_PROGRESS', raw: 'Work continues' } },
  'AGS-21': {
    kind: 'action',
    status: { canonical: 'COMPLETED', raw: 'was launched in May 2020' },
    target: null,
    notes: ['"May 2020" is when the scheme was launched, not a target, so no target date is recorded.'],
  },
  'AGS-22': {
    kind: 'action-plan',
    titleContext: { text: 'Local Partnerships were commissioned to carry out a short independent review of city council owned / influenced entities', line: 262 },
  },
  'AGS-23': { kind: 'action', status: { canonical: 'IN_PROGRESS', raw: 'in the process of establishing' } },
  'AGS-24': { kind: 'reporting-arrangement', titleContext: { text: "A Progress & Assurance System for Children's Services", line: 277 }, cadence: 'reported on monthly' },
  'AGS-25': { kind: 'priorities' },
  'AGS-26': {
    kind: 'reporting-arrangement',
    owners: [{ role: 'lead', group: 'identified thematic leads', raw: 'identified thematic leads' }],
    notes: ['The thematic leads are not named in the statement.'],
  },
  'AGS-27': { kind: 'commitment', cadence: 'at regular intervals' },
  'AGS-28': {
    kind: 'commitment',
    title: "we will continue to strengthen the city council's governance arrangements and will monitor the implementation of recommendations to improve and enhance the arrangements as part of our next annual review",
    titleLines: [304, 304],
    cadence: 'as part of our next annual review',
  },
  'AGS-29': { kind: 'planned-event', titleContext: { text: 'Annual Customer Feedback Report', line: 356 } },
  'AGS-30': { kind: 'action', titleContext: { text: 'Scheme of Delegation', line: 425 }, status: { canonical: 'IN_PROGRESS', raw: 'work continues' } },
  'AGS-31': {
    kind: 'planned-event',
    status: { canonical: 'SLIPPED', raw: 'delayed' },
    original: 'March 2020',
    notes: ['Delayed with no new date given.'],
  },
  'AGS-32': { kind: 'action', status: { canonical: 'IN_PROGRESS', raw: 'is currently being developed' } },
  'AGS-33': {
    kind: 'planned-event',
    target: null,
    notes: ['Due "May/June" with no year given, so no target date is recorded.'],
  },
  'AGS-34': { kind: 'action', status: { canonical: 'IN_PROGRESS', raw: 'are currently revising' } },
  'AGS-35': { kind: 'planned-event' },
  'AGS-36': {
    kind: 'reporting-arrangement',
    title:
      "The council remains under a statutory direction to co-operate with the Children's Services Commissioner, continue to accept support from Leeds City Council as formal improvement partner and to engage in Department for Education reviews on a 6-monthly basis.",
    titleLines: [480, 480],
    cadence: 'on a 6-monthly basis',
    notes: ['Earlier the DfE reviews were quarterly: "the DfE hold quarterly reviews" [000:126].'],
  },
  'AGS-37': {
    kind: 'action-plan',
    titleContext: { text: 'Court of Protection reconciliation', line: 484 },
    status: { canonical: 'IN_PROGRESS', raw: 'update an action plan on a quarterly basis' },
    cadence: 'on a quarterly basis',
    notes: [
      'Reports on this went to the Audit and Standards Committee "in March 2023 and May 2024 under closed agenda items" [000:486]; those reports are not in the source and are not held.',
    ],
  },
};

const PARAGRAPH_START = /^(?:-\s*)?(\d+\.\d+|A\d+)\s|^(?:<p>)?(P[A-G]\.\d+)(?:<\/p>)?\t/;

/** The paragraph number a line belongs to ("4.3", "6.11", "PE.6", "A5"), searching back from it. */
function paragraphOf(doc: SeedText, line: number): string {
  for (let n = line; n >= 1; n--) {
    const m = PARAGRAPH_START.exec(doc.line(n));
    if (m) return (m[1] ?? m[2])!;
  }
  return fail(`no paragraph number above ${doc.key}:${line}`);
}

function readTarget(raw: string): NonNullable<ActionIn['originalTarget']> {
  // The statement gives its years; nothing is inferred, so no reference date is passed.
  return parseDateExpr(raw) ?? fail(`AGS target "${raw}" not understood`);
}

export function buildGovernance(doc: SeedText, reading: Json) {
  const collection = (reading.collections as Json[]).find((c) => c.id === 'ags-2020-21-actions') ?? fail('no AGS collection in the reading');
  const plan: PlanIn = {
    id: AGS_PLAN,
    councilId: COUNCIL,
    title: 'Annual Governance Statement 2020/21 – governance actions',
    abbreviation: 'AGS',
    kind: 'governance-action-plan',
    draft: false,
    asAtRaw: 'considered up to July 2021',
    origin: doc.quote(
      15,
      18,
      'iii. what improvements or changes in governance arrangements are proposed during the forthcoming year.',
    ),
    reportingCommittee: 'Audit Committee',
    statusLabels: {},
    summaryBuckets: [],
    notes: [
      `${doc.quote(64, 64, 'The governance framework covered by this statement has been in place at Stoke-on-Trent city council for the year ended 31 March 2021 and is considered up to July 2021.')} [000:64]`,
      `${doc.quote(474, 474, "Due to the delay in signing the 2020/21 accounts and Annual Governance Statement, details of significant developments relating to the council's governance arrangements are provided in the following paragraphs.")} [000:474]`,
      'Most entries name no owner and no date; they are kept with "no owner" and "no target" rather than given either.',
    ],
    source: {
      document: AGS_DOC,
      lines: '000:1-486',
      note: 'The statement is public. Documents it lists as "Internal only" (the Operating Plan among them) and reports taken "under closed agenda items" are not reproduced here.',
    },
    sensitivity: 'public',
    adminIds: [],
    digestEnabled: true,
  };

  const actions: ActionIn[] = [];
  for (const item of collection.items as Json[]) {
    const entry = ENTRIES[item.id] ?? fail(`no reading of ${item.id}`);
    const [from, to] = item.evidence.line_range as [number, number];
    const text = doc.quote(from, to, item.text);
    const sourceNotes: string[] = [`Paragraph ${paragraphOf(doc, from)} of the statement.`, WHOLE_STATEMENT_NOTE, ...(entry.notes ?? [])];

    let title = text;
    if (entry.title) title = entry.titleLines ? doc.quote(entry.titleLines[0], entry.titleLines[1], entry.title) : doc.quote(from, to, entry.title);
    if (entry.titleContext) {
      const context = doc.quote(entry.titleContext.line, entry.titleContext.line, entry.titleContext.text);
      title = `${context}: ${title}`;
      sourceNotes.push(`Title composed from "${context}" [000:${entry.titleContext.line}] and the entry.`);
    }
    const status = entry.status ? { ...entry.status, raw: doc.quote(from, Math.max(to, from), entry.status.raw) } : undefined;
    if (entry.status && item.status_raw && item.status_raw.toLowerCase() !== entry.status.raw.toLowerCase()) {
      sourceNotes.push(`Status read from "${entry.status.raw}".`);
    }
    const owners: OwnerIn[] = (entry.owners ?? []).map((o) => ({ role: o.role, group: o.group, raw: doc.quote(from, to, o.raw) }));

    const targetRaw = entry.target === undefined ? item.target_raw : entry.target;
    const originalRaw = entry.original ?? (targetRaw ? targetRaw : undefined);
    const originalTarget = originalRaw ? readTarget(doc.quote(from, to, originalRaw)) : undefined;
    const revisions: NonNullable<ActionIn['revisions']> = [];
    if (entry.revision) {
      revisions.push({
        id: `${AGS_PLAN}-${item.id.slice(4)}-rev1`,
        from: originalTarget,
        to: readTarget(doc.quote(from, to, entry.revision.to)),
        reason: doc.quote(from, to, entry.revision.reason),
        state: 'endorsed',
        raw: text,
        decisionNote: 'The new date is the plan stated in the signed Annual Governance Statement; no separate committee decision on it is recorded.',
        source: { document: AGS_DOC, lines: evidenceLines(item.evidence) },
      });
    }
    // Listed items can follow the sentence that introduces them (6.20's list runs to line 273).
    const bullets = ((item.sub_items ?? []) as string[]).map((b) => doc.quote(from, to + 12, b));
    const commentary = entry.commentary ? doc.quote(entry.commentary.line, entry.commentary.line, entry.commentary.text) : undefined;
    const cadenceRaw = entry.cadence ? doc.quote(from, to, entry.cadence) : undefined;

    const tracksPlanId = item.id === 'AGS-22' ? LP_REVIEW_PLAN : undefined;
    if (tracksPlanId) sourceNotes.push('The ten items of the action plan are held as the actions of its own plan.');
    actions.push({
      id: `${AGS_PLAN}-${item.id.slice(4)}`,
      planId: AGS_PLAN,
      title,
      description: title === text ? undefined : text,
      bullets: tracksPlanId ? [] : bullets,
      refCodes: [],
      owners,
      delegateIds: [],
      originalTarget,
      revisions,
      milestones: [],
      status: status ?? { canonical: 'UNKNOWN' },
      commentary,
      dependsOn: [],
      bodiesMentioned: [],
      entryKind: entry.kind,
      cadenceRaw,
      tracksPlanId,
      sensitivity: 'public',
      source: { document: AGS_DOC, lines: evidenceLines(item.evidence), note: sourceNotes.join(' ') },
      version: 1,
    });
  }
  const expected = (reading.counts as Record<string, number>)['ags-2020-21-actions'];
  if (actions.length !== expected) fail(`AGS: ${actions.length} entries, the reading counts ${expected}`);

  const lp = buildLocalPartnershipsPlan(doc, (collection.items as Json[]).find((i) => i.id === 'AGS-22'));
  return { plan, actions, reviewPlans: [lp.plan], reviewActions: lp.actions };
}

/** The Local Partnerships review's action plan [000:262-273]: ten summary items, no owners, no dates. */
function buildLocalPartnershipsPlan(doc: SeedText, entry: Json) {
  const items = (entry.sub_items as string[]).map((text, i) => ({ text, line: doc.findLine(264, 273, text), position: i + 1 }));
  if (items.length !== 10) fail(`Local Partnerships action plan: ${items.length} items, expected 10`);
  const plan: PlanIn = {
    id: LP_REVIEW_PLAN,
    councilId: COUNCIL,
    title: 'Action plan from the Local Partnerships review of city council owned / influenced entities',
    kind: 'review-action-plan',
    draft: false,
    origin: `${doc.quote(262, 262, "Local Partnerships were commissioned to carry out a short independent review of city council owned / influenced entities and the city council's arrangements with regard to them.")} ${doc.quote(262, 262, 'The review made a number of recommendations to the city council and an action plan has been developed to address these recommendations.')}`,
    relatedPlanIds: [AGS_PLAN],
    statusLabels: {},
    summaryBuckets: [],
    notes: [`The statement gives the plan "${doc.quote(262, 262, 'In summary')}": the ten items may not be the whole plan [000:262].`],
    source: { document: AGS_DOC, lines: '000:262-273', note: 'Paragraph 6.20 of the statement. No owners, dates or progress are given for the items.' },
    sensitivity: 'public',
    adminIds: [],
    digestEnabled: true,
  };
  const actions: ActionIn[] = items.map(({ text, line, position }) => ({
    id: `${LP_REVIEW_PLAN}-${String(position).padStart(2, '0')}`,
    planId: LP_REVIEW_PLAN,
    title: doc.quote(line, line, text),
    bullets: [],
    refCodes: [],
    owners: [],
    delegateIds: [],
    revisions: [],
    milestones: [],
    status: { canonical: 'UNKNOWN' },
    dependsOn: [],
    bodiesMentioned: [],
    entryKind: 'action',
    sensitivity: 'public',
    source: { document: AGS_DOC, lines: doc.ref(line), note: 'An item of the action plan summarised in paragraph 6.20; no owner, date or progress is given.' },
    version: 1,
  }));
  return { plan, actions };
}

