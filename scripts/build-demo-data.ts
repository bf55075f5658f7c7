/**
 * Builds the bundled demo dataset, data/demo/demo-data.json, from the five source documents: the
 * checked JSON readings in ../shared/seed-data and the documents themselves in ../shared/seeds (every
 * quote taken from a reading is checked against the lines it cites; the Operating Plan and its
 * measures are read from the document directly). Developer tool only: the product never reads ../shared.
 *
 *   npx tsx scripts/build-demo-data.ts          (writes the file)
 *   npx tsx scripts/build-demo-data.ts --check  (exits 1 if the committed file is out of date)
 *
 * The output is validated with StoreData.parse and written pretty-printed with a stable order, so
 * re-running produces a byte-identical file.
 *
 * Choices made here (also in the commit report):
 * - CIP "revised timescale" actions (para 4.9, eight of them): the report never says which summary
 *   bucket they are in (they sit, with the 31 un-itemised actions, somewhere in "In progress" 41 or
 *   "Not started" 2; 7.6 reads like not started). Their status is therefore canonical UNKNOWN with
 *   raw "Revised timescale proposed (status not stated in the report)", plus one proposed Revision
 *   each. Slippage (2.2, no new date) and re-baselining (4.9, new date proposed) stay orthogonal.
 * - CIP summary buckets: Completed [COMPLETED]; In progress [IN_PROGRESS, ON_TRACK, AT_RISK, ONGOING];
 *   Slippage [SLIPPED]; Not started [NOT_STARTED]. UNKNOWN, DEFERRED and CLOSED_WITHDRAWN belong to no
 *   bucket: the council's four-row table has no place for them, and folding UNKNOWN into "In progress"
 *   would invent a status the document does not give. A computed table shows them separately.
 * - CIP owners are empty: Appendix 2 (the monitoring sheet with the lead officers) is not in the seed.
 * - CDP: no status column, so every row is UNKNOWN with no raw label.
 * - Apprenticeship Levy sits in the work programme's TBC rows but was resolved by a briefing note,
 *   so its status is 'briefing-note' (the other three TBC rows are 'tbc').
 * - Illustrative records (3 Cabinet decisions, 1 exempt Part Two item) are labelled as such.
 * - Stoke's governance statement, peer challenge review and Operating Plan, and the rest of the
 *   Staffordshire pack (performance report, complaints report, Communities principle and impact
 *   assessment recommendations), are built in scripts/demo-data/; their choices are in those files.
 * - Committee follow-ups carry the lines they come from; the 4 June 2020 outcome is added, closed on
 *   the evidence of the 8 September item ("Requested at 4 June meeting and 31 July." [002:1873]).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  StoreData,
  WorkingGroup,
  type StoreDataInput,
  type DateExpr,
  type SimpleDateExpr,
  type CanonicalStatus,
} from '../src/domain/model.js';
import { findSharedDir, SeedText } from './demo-data/seed-text.js';
import { buildGovernance } from './demo-data/stoke-governance.js';
import { buildPeerChallenge } from './demo-data/stoke-peer-challenge.js';
import { buildOperatingPlan } from './demo-data/stoke-operating-plan.js';
import { buildCommunitiesRecommendations, buildComplaintsReport, buildIntegratedPerformanceReport } from './demo-data/staffs-reports.js';
import { parseCommandLine } from './cli.js';

// ---------------------------------------------------------------------------------------------
// Paths and seed loading
// ---------------------------------------------------------------------------------------------

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedDir = findSharedDir(projectRoot) ?? path.resolve(projectRoot, '../shared');
const seedDir = path.join(sharedDir, 'seed-data');
const seedTextDir = path.join(sharedDir, 'seeds');
const outFile = path.join(projectRoot, 'data/demo/demo-data.json');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function loadSeed(name: string): Json {
  return JSON.parse(readFileSync(path.join(seedDir, name), 'utf8'));
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

type Input = StoreDataInput;
type PersonIn = NonNullable<Input['people']>[number];
type ActionIn = NonNullable<Input['actions']>[number];
type ThemeIn = NonNullable<Input['themes']>[number];
type MeetingIn = NonNullable<Input['meetings']>[number];
type AgendaItemIn = NonNullable<MeetingIn['items']>[number];
type ResolutionIn = NonNullable<MeetingIn['resolutions']>[number];
type WorkProgrammeItemIn = NonNullable<Input['workProgrammeItems']>[number];
type ProgressUpdateIn = NonNullable<Input['updates']>[number];
type OwnerIn = NonNullable<ActionIn['owners']>[number];
type WorkingGroupIn = z.input<typeof WorkingGroup>;

function fail(message: string): never {
  throw new Error(`build-demo-data: ${message}`);
}

/** Lower-case slug: apostrophes dropped, anything else non-alphanumeric becomes one hyphen. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Demo email: first.last@council.example (lower case, spaces become dots, apostrophes dropped, hyphens kept). */
function demoEmail(name: string): string {
  return `${name.trim().toLowerCase().replace(/['’]/g, '').replace(/\s+/g, '.')}@council.example`;
}

/** "004_efd47….txt" + [38, 43] -> "004:38-43". */
function lines(evidence: Json): string | undefined {
  if (!evidence) return undefined;
  const list = Array.isArray(evidence) ? evidence : [evidence];
  const parts = list
    .filter((e: Json) => e && e.file && e.line_range)
    .map((e: Json) => {
      const file = String(e.file).slice(0, 3);
      const [a, b] = e.line_range as [number, number];
      return a === b ? `${file}:${a}` : `${file}:${a}-${b}`;
    });
  return parts.length ? parts.join(', ') : undefined;
}

function uniq<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

function stripHtml(text: string): string {
  return text
    .replace(/<li>/g, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
const MONTH_ABBR = MONTHS.map((m) => m.slice(0, 3));

function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  const full = MONTHS.indexOf(lower);
  if (full >= 0) return full + 1;
  const abbr = MONTH_ABBR.indexOf(lower.slice(0, 3));
  if (abbr >= 0 && (lower.length === 3 || MONTHS[abbr].startsWith(lower))) return abbr + 1;
  return fail(`unknown month "${name}"`);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "2.pm", "2pm", "10:00", "**10:00**" -> "14:00" / "10:00". */
function normaliseTime(raw: string): string {
  const m = /^\**\s*(\d{1,2})(?:[:.](\d{2}))?\.?\s*(am|pm)?\s*\**$/i.exec(raw.trim());
  if (!m) return fail(`cannot read time "${raw}"`);
  let hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  const half = m[3]?.toLowerCase();
  if (half === 'pm' && hour < 12) hour += 12;
  if (half === 'am' && hour === 12) hour = 0;
  return `${pad2(hour)}:${pad2(minute)}`;
}

/** Dates inside prose: "3/7/20", "07/10/20" (UK day-first) and "10 January 2020". */
function mentionedDates(text: string | null | undefined): { raw: string; date: string }[] {
  if (!text) return [];
  const found: { index: number; raw: string; date: string }[] = [];
  for (const m of text.matchAll(/\b(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})\b/g)) {
    const day = Number(m[1]);
    const month = Number(m[2]);
    const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) fail(`bad d/m/yy date "${m[0]}"`);
    found.push({ index: m.index ?? 0, raw: m[0], date: `${year}-${pad2(month)}-${pad2(day)}` });
  }
  const monthAlternation = MONTHS.join('|');
  for (const m of text.matchAll(new RegExp(`\\b(\\d{1,2}) (${monthAlternation}) (\\d{4})\\b`, 'gi'))) {
    found.push({ index: m.index ?? 0, raw: m[0], date: `${m[3]}-${pad2(monthNumber(m[2]))}-${pad2(Number(m[1]))}` });
  }
  return found.sort((a, b) => a.index - b.index).map(({ raw, date }) => ({ raw, date }));
}

// ---------------------------------------------------------------------------------------------
// People registry
// ---------------------------------------------------------------------------------------------

/** Spelling variants seen in the documents -> the name we keep. */
const NAME_VARIANTS: Record<string, string> = {
  'Darryl Eyers': 'Darryl Evers',
};

interface PersonFacts {
  kind?: 'member' | 'officer';
  councilId: string;
  jobTitle?: string;
  roleNote?: string;
}

class PeopleRegistry {
  private readonly people = new Map<string, PersonIn & { roleNotes: string[]; aliases: string[] }>();

  /** Registers (or enriches) a person; returns the person id. */
  add(rawName: string, facts: PersonFacts): string {
    const written = rawName.replace(/\s*\([^)]*\)\s*$/, '').trim();
    if (!/^[A-Z][A-Za-z'’-]+ [A-Z][A-Za-z'’-]+$/.test(written)) fail(`not a two-token person name: "${rawName}"`);
    const name = NAME_VARIANTS[written] ?? written;
    const id = slug(name);
    let person = this.people.get(id);
    if (!person) {
      person = { id, name, aliases: [], email: demoEmail(name), kind: facts.kind ?? 'unknown', roleNotes: [], councilId: facts.councilId };
      this.people.set(id, person);
    }
    if (person.name !== name) fail(`slug clash: "${person.name}" and "${name}" both give ${id}`);
    if (written !== name && !person.aliases.includes(written)) person.aliases.push(written);
    if (facts.kind) {
      if (person.kind === 'unknown') person.kind = facts.kind;
      else if (person.kind !== facts.kind) fail(`${name} is both ${person.kind} and ${facts.kind}`);
    }
    if (facts.jobTitle && !person.jobTitle) person.jobTitle = facts.jobTitle;
    if (facts.roleNote && !person.roleNotes.includes(facts.roleNote)) person.roleNotes.push(facts.roleNote);
    if (person.councilId !== facts.councilId) fail(`${name} is in two councils`);
    return id;
  }

  /** The id of a person already registered, by any written form. */
  id(rawName: string): string {
    const written = rawName.replace(/\s*\([^)]*\)\s*$/, '').trim();
    const id = slug(NAME_VARIANTS[written] ?? written);
    if (!this.people.has(id)) fail(`unknown person "${rawName}"`);
    return id;
  }

  list(): PersonIn[] {
    return [...this.people.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}

// ---------------------------------------------------------------------------------------------
// Councils
// ---------------------------------------------------------------------------------------------

const DERBY = 'derby';
const STAFFS = 'staffordshire';
const STOKE = 'stoke';

function buildCouncils(): NonNullable<Input['councils']> {
  // Call-in rules: the defaults (5 working days, agenda 5 clear days, key decision 28 clear days,
  // reminder 2 working days before a reserved date). The seeds give no council-specific rules.
  // Aliases: the short names people use, and "Stoke City Council" as the Staffordshire work programme
  // writes it ("Hosted by Stoke City Council Teams meeting" [002:1884]).
  return [
    { id: DERBY, name: 'Derby City Council', aliases: ['Derby'], type: 'city', timeZone: 'Europe/London', callInRules: {} },
    { id: STAFFS, name: 'Staffordshire County Council', aliases: ['Staffordshire', 'Staffs'], type: 'county', timeZone: 'Europe/London', callInRules: {} },
    {
      id: STOKE,
      name: 'Stoke-on-Trent City Council',
      aliases: ['Stoke-on-Trent', 'Stoke', 'Stoke City Council'],
      type: 'city',
      timeZone: 'Europe/London',
      callInRules: {},
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Derby Corporate Improvement Plan
// ---------------------------------------------------------------------------------------------

const CIP = 'derby-cip';
const CIP_DOC =
  'Derby City Council, Corporate Improvement Plan – June 2018 Update (Audit and Accounts Committee 19 June 2018, item 11)';
const CIP_AS_AT = '2018-06-01';
const CIP_SEED_AUTHORED_AT = '2018-06-01T09:00:00Z';
const CIP_NO_LEAD_NOTE =
  'Lead officer not in the source: Appendix 2 (the CIP monitoring sheet with leads and detailed commentary) is missing from the seed, so no owner is recorded.';

const CIP_REPORTED_CATEGORY: Record<string, string> = {
  completed_since_launch: '4.6 Completed since the launch of the CIP',
  on_track_for_completion_by_end_of_june: '4.7 On track',
  slippage: '4.8 Slippage',
  revised_timescale_proposed: '4.9 Revised timescales proposed',
};

const REVISED_STATUS_RAW = 'Revised timescale proposed (status not stated in the report)';

function cipStatus(a: Json): { canonical: CanonicalStatus; raw: string; asAt: string } {
  switch (a.report_category) {
    case 'completed_since_launch':
      return { canonical: 'COMPLETED', raw: 'Completed', asAt: CIP_AS_AT };
    case 'on_track_for_completion_by_end_of_june':
      return { canonical: 'ON_TRACK', raw: a.status_raw, asAt: CIP_AS_AT };
    case 'slippage':
      return { canonical: 'SLIPPED', raw: 'Slippage', asAt: CIP_AS_AT };
    case 'revised_timescale_proposed':
      // See the header: the bucket is unstated, so the canonical status is UNKNOWN.
      return { canonical: 'UNKNOWN', raw: REVISED_STATUS_RAW, asAt: CIP_AS_AT };
    default:
      return fail(`unknown CIP report category ${a.report_category}`);
  }
}

type Qualifier = 'by' | 'end of' | 'before' | 'until' | 'at the latest' | 'from' | 'during';

/** A DateExpr from the seed's normalised month/date, keeping the raw text. */
function cipDate(raw: string, norm: Json, qualifierWord?: string): SimpleDateExpr {
  const qualifier = (norm.qualifier ??
    (qualifierWord === 'by' || /^by\b/i.test(raw) ? 'by' : qualifierWord === 'until' ? 'until' : undefined)) as
    | Qualifier
    | undefined;
  if (norm.kind === 'month') {
    const yearBasis = typeof norm.year_basis === 'string' && norm.year_basis.startsWith('inferred') ? 'inferred' : 'stated';
    return { kind: 'month', raw, value: norm.value, qualifier, yearBasis, tentative: false };
  }
  if (norm.kind === 'date') return { kind: 'date', raw, value: norm.value, qualifier };
  return fail(`unexpected CIP date kind ${norm.kind}`);
}

/** The date phrase inside a revised-target sentence ("deferred until March 2019" -> "until March 2019"). */
function revisedDate(sentence: string, norm: Json): SimpleDateExpr {
  const re = new RegExp(`(?:\\b(by|until|to)\\s+)?(?:(\\d{1,2})\\s+)?(${MONTHS.join('|')})\\s+(\\d{4})(\\s+at the latest)?`, 'gi');
  const matches = [...sentence.matchAll(re)];
  const m = matches[matches.length - 1] ?? fail(`no date in "${sentence}"`);
  const value = m[2] ? `${m[4]}-${pad2(monthNumber(m[3]))}-${pad2(Number(m[2]))}` : `${m[4]}-${pad2(monthNumber(m[3]))}`;
  if (value !== norm.value) fail(`revised date "${m[0]}" reads ${value}, the seed says ${norm.value}`);
  return cipDate(m[0], { ...norm, kind: m[2] ? 'date' : 'month' }, m[1]?.toLowerCase());
}

function buildCip(cip: Json, people: PeopleRegistry) {
  const heather = people.add('Heather Greenan', {
    kind: 'officer',
    councilId: DERBY,
    jobTitle: 'Head of Performance and Intelligence',
    roleNote: 'Contact for the Corporate Improvement Plan June 2018 update',
  });
  // Named in the achievements paragraph (para 4.5) of the same report.
  people.add('Carole Mills', {
    kind: 'officer',
    councilId: DERBY,
    roleNote: 'New Chief Executive, appointed (Corporate Improvement Plan June 2018 update, para 4.5)',
  });

  const plan = {
    id: CIP,
    councilId: DERBY,
    title: cip.plan.name,
    abbreviation: cip.plan.abbreviation,
    kind: 'improvement-plan' as const,
    draft: false,
    asAt: CIP_AS_AT,
    introduced: cip.plan.introduced_raw,
    origin: cip.plan.origin_raw,
    statedActionCount: cip.plan.action_count_stated,
    statedThemeCount: cip.plan.theme_count_stated,
    reportingCommittee: 'Audit and Accounts Committee',
    statusLabels: {
      completed: 'COMPLETED',
      'in progress': 'IN_PROGRESS',
      'on track': 'ON_TRACK',
      slippage: 'SLIPPED',
      slipped: 'SLIPPED',
      'not started': 'NOT_STARTED',
    } satisfies Record<string, CanonicalStatus>,
    // Table order of the council's summary. UNKNOWN / DEFERRED / CLOSED_WITHDRAWN: no bucket (see header).
    summaryBuckets: [
      { label: 'Completed', statuses: ['COMPLETED'] },
      { label: 'In progress', statuses: ['IN_PROGRESS', 'ON_TRACK', 'AT_RISK', 'ONGOING'] },
      { label: 'Slippage', statuses: ['SLIPPED'] },
      { label: 'Not started', statuses: ['NOT_STARTED'] },
    ] satisfies { label: string; statuses: CanonicalStatus[] }[],
    source: {
      document: CIP_DOC,
      lines: lines({ file: cip.source.file, line_range: cip.source.line_range }),
      note:
        'Only 30 of the 61 actions are itemised in the report text; the theme table and Appendix 2 (monitoring sheet with lead officers, target dates and detailed commentary) are missing from the seed.',
    },
    sensitivity: 'public' as const,
    adminIds: [heather],
    digestEnabled: true,
  };

  // Themes: 9 entries from the seed reading (7 named, 2 numbered but unnamed, 1 named but unnumbered).
  const themes: ThemeIn[] = [];
  const themeIdByNumber = new Map<number, string>();
  for (const t of cip.themes as Json[]) {
    const id = t.theme_number != null ? `${CIP}-t${t.theme_number}` : `${CIP}-t-${slug(t.name_raw)}`;
    const confidence = t.mapping_confidence ? ` (${t.mapping_confidence} confidence)` : '';
    const basis =
      t.theme_number_basis === 'inferred'
        ? `number inferred${confidence}: ${t.mapping_rationale}`
        : t.theme_number_basis === 'unknown-name'
          ? `name unknown (theme table missing from the seed): ${t.mapping_rationale}`
          : t.theme_number_basis === 'unknown-number'
            ? `number unknown: ${t.mapping_rationale}`
            : fail(`unknown theme basis ${t.theme_number_basis}`);
    themes.push({
      id,
      planId: CIP,
      number: t.theme_number ?? undefined,
      name: t.name_raw ?? undefined,
      kind: 'theme',
      basis,
    });
    if (t.theme_number != null) themeIdByNumber.set(t.theme_number, id);
  }
  themes.sort((a, b) => (a.number ?? 99) - (b.number ?? 99) || a.id.localeCompare(b.id));

  const actions: ActionIn[] = [];
  const updates: ProgressUpdateIn[] = [];
  for (const a of cip.actions as Json[]) {
    const id = `${CIP}-${a.action_number}`;
    const themeId = themeIdByNumber.get(a.theme_number) ?? fail(`no theme ${a.theme_number} for ${id}`);
    const status = cipStatus(a);
    const source = { document: CIP_DOC, lines: lines(a.evidence) };
    const originalTarget: DateExpr | undefined = a.original_target
      ? cipDate(a.original_target_raw, a.original_target)
      : undefined;

    const revisions = [];
    if (a.report_category === 'revised_timescale_proposed') {
      if (!a.revised_target) fail(`${id}: revised timescale without a revised date`);
      const note = [
        a.revised_target.note ? `Seed reading: ${a.revised_target.note}.` : undefined,
        'Proposed in the June 2018 update; report recommendation 2.2 asks the Audit and Accounts Committee (19 June 2018) "To endorse the revised timescales proposed for actions at paragraph 4.9." The outcome is not in the source.',
      ]
        .filter(Boolean)
        .join(' ');
      revisions.push({
        id: `${id}-rev1`,
        from: originalTarget,
        to: revisedDate(a.revised_target_raw, a.revised_target),
        reason: a.commentary,
        state: 'proposed' as const,
        raw: a.revised_target_raw,
        source: { document: CIP_DOC, lines: lines(a.evidence), note },
      });
    }

    const notes = [CIP_NO_LEAD_NOTE];
    if (a.action_number_raw !== a.action_number) notes.push(`Number written "${a.action_number_raw}" in the source.`);
    if (a.note) notes.push(`Seed reading: ${a.note}`);
    const dependsOn: string[] = [];
    if (a.dependency_raw && a.action_number === '4.1') {
      // "once the LGA training is completed": 4.3 (officer training) is already completed, so the
      // outstanding LGA training is 4.2 (Member / Member training).
      dependsOn.push(`${CIP}-4.2`);
      notes.push('dependsOn 4.2 is inferred from "once the LGA training is completed" (4.3, the officer training, is already completed).');
    }
    if (!a.original_target && a.report_category === 'revised_timescale_proposed') {
      notes.push('The original target date is not stated in the report text.');
    }

    actions.push({
      id,
      planId: CIP,
      themeId,
      number: a.action_number,
      numberRaw: a.action_number_raw,
      title: a.title,
      bullets: [],
      refCodes: [],
      owners: [],
      delegateIds: [],
      originalTarget,
      revisions,
      milestones: [],
      status,
      commentary: a.commentary ?? undefined,
      commentaryAsAt: a.commentary ? CIP_AS_AT : undefined,
      lastUpdatedAt: CIP_SEED_AUTHORED_AT,
      dependsOn,
      dependencyRaw: a.dependency_raw ?? undefined,
      bodiesMentioned: a.bodies_or_roles_mentioned ?? [],
      reportedCategory: CIP_REPORTED_CATEGORY[a.report_category] ?? fail(`category ${a.report_category}`),
      sensitivity: 'public',
      source: { ...source, note: notes.join(' ') },
      version: 1,
    });

    // The report itself as the first entry of each action's history ("history of 2.2").
    updates.push({
      id: `${id}-seed-2018-06`,
      actionId: id,
      authorId: heather,
      authorName: 'Heather Greenan',
      authoredAt: CIP_SEED_AUTHORED_AT,
      channel: 'seed',
      kind: 'update',
      asAt: CIP_AS_AT,
      status,
      commentary: a.commentary ?? undefined,
      proposedRevisedTarget: revisions[0]?.to,
      previous: {},
    });
  }

  const summary = cip.summary_counts;
  const rows = (summary.rows as Json[]).filter((r) => r.status !== 'Grand Total');
  const total = (summary.rows as Json[]).find((r) => r.status === 'Grand Total')?.count;
  const reportedSummary = {
    id: `${CIP}-2018-06`,
    planId: CIP,
    periodLabel: summary.column_label,
    asAt: CIP_AS_AT,
    rows: rows.map((r) => ({ label: r.status, count: r.count })),
    total,
    source: { document: CIP_DOC, lines: lines(summary.evidence) },
  };

  // Para 4.5, "Achievements over the last six months include...": kept as written, by theme heading.
  const achievements = (cip.achievements_last_six_months as Json[]).map((a) => {
    const theme = themes.find((t) => t.name === a.theme_heading_raw);
    return {
      id: `${CIP}-achievement-${slug(a.theme_heading_raw)}`,
      planId: CIP,
      themeId: theme?.id,
      headingRaw: a.theme_heading_raw,
      text: a.text, // as written, heading included; answers drop the repeated heading
      periodLabel: 'the six months to June 2018',
      asAt: CIP_AS_AT,
      source: { document: CIP_DOC, lines: lines(a.evidence) },
    };
  });
  return { plan, themes, actions, updates, reportedSummary, heather, achievements };
}

// ---------------------------------------------------------------------------------------------
// Staffordshire Communities Delivery Plan
// ---------------------------------------------------------------------------------------------

const CDP = 'staffs-cdp';
const CDP_DOC =
  "Staffordshire County Council, Communities Delivery Plan (DRAFT v1) – Appendix 1 to the draft Cabinet report 'Communities Principle – Update and Delivery Plan' (Corporate Review Committee 17 November 2020, item 7)";

function cdpSingleDate(raw: string, kind: string, value: string | null, extra: Json = {}): SimpleDateExpr {
  switch (kind) {
    case 'ongoing':
      return { kind: 'ongoing', raw };
    case 'tbc':
      return { kind: 'tbc', raw };
    case 'year':
      return { kind: 'year', raw, value: Number(value), tentative: Boolean(extra.tentative) };
    case 'approximate': {
      const part = extra.qualifier as 'early' | 'mid' | 'late';
      if (!['early', 'mid', 'late'].includes(part)) fail(`approximate date "${raw}" without part`);
      return { kind: 'approximate', raw, year: Number(value), part, tentative: Boolean(extra.tentative) };
    }
    case 'month':
      return {
        kind: 'month',
        raw,
        value: value ?? fail(`month "${raw}" without value`),
        annotation: extra.annotation ?? undefined,
        yearBasis: 'stated',
        tentative: Boolean(extra.tentative),
      };
    default:
      return fail(`unknown CDP date kind ${kind}`);
  }
}

function cdpDate(row: Json): DateExpr {
  const n = row.date_normalised;
  if (n.kind !== 'milestones') return cdpSingleDate(row.date_raw, n.kind, n.value, n);
  // "Oct 20 (Launch) Jan 21 (allocation)": one cell, several dated milestones.
  const parts = [...String(row.date_raw).matchAll(/([A-Za-z]+ \d{2,4})\s*\(([^)]+)\)/g)];
  if (parts.length !== n.milestones.length) fail(`milestones "${row.date_raw}" do not match the seed reading`);
  return {
    kind: 'milestones',
    raw: row.date_raw,
    milestones: (n.milestones as Json[]).map((ms, i) => {
      if (parts[i][2] !== ms.label) fail(`milestone label "${parts[i][2]}" vs "${ms.label}"`);
      return { label: ms.label, at: cdpSingleDate(parts[i][1], ms.kind, ms.value) };
    }),
  };
}

function buildCdp(cdp: Json, people: PeopleRegistry) {
  const plan = {
    id: CDP,
    councilId: STAFFS,
    title: 'Communities Delivery Plan',
    kind: 'delivery-plan' as const,
    versionLabel: cdp.overview.version_raw,
    draft: true,
    origin: cdp.source.context,
    reportingCommittee: 'Corporate Review Committee',
    statusLabels: {},
    summaryBuckets: [],
    source: {
      document: CDP_DOC,
      lines: lines({ file: cdp.source.file, line_range: cdp.source.line_range }),
      note: `${cdp.table_columns_note} Columns: ${(cdp.table_columns as string[]).join(' | ')}.`,
    },
    sensitivity: 'public' as const,
    adminIds: [],
    digestEnabled: true,
  };

  // Governance people named beside the plan.
  people.add('Victoria Wilson', {
    kind: 'member',
    councilId: STAFFS,
    roleNote: 'Cabinet Member for Culture and Communities (as written in the Cabinet report governance paragraph); leads the Communities principle',
  });
  people.add('Helen Riley', {
    kind: 'officer',
    councilId: STAFFS,
    roleNote: 'Chairs the Communities Leadership Group (Senior Leadership Team lead for Communities)',
  });
  for (const name of ['Andrew Donaldson', 'Janene Cox']) {
    people.add(name, { kind: 'officer', councilId: STAFFS, roleNote: 'Assistant Director and Joint WLT lead (Communities principle)' });
  }

  const themes: ThemeIn[] = [];
  const themeIds = new Set<string>();
  const addTheme = (theme: ThemeIn): string => {
    if (!themeIds.has(theme.id)) {
      themes.push(theme);
      themeIds.add(theme.id);
    }
    return theme.id;
  };

  const actions: ActionIn[] = [];
  const GROUP_OWNERS = new Set(['CCSMs', 'SDMs', 'LPDMs']);
  (cdp.actions as Json[]).forEach((row, index) => {
    const groupId = addTheme({
      id: `${CDP}-group-${slug(row.overview_group)}`,
      planId: CDP,
      name: row.overview_group,
      kind: 'group',
      basis: 'overview page group',
    });
    const sectionId = addTheme({
      id: `${CDP}-section-${slug(row.section)}`,
      planId: CDP,
      name: row.section,
      kind: 'section',
      parentId: groupId,
      basis: 'page section heading',
    });
    const subId = addTheme({
      id: `${CDP}-sub-${slug(row.sub_heading)}`,
      planId: CDP,
      name: row.sub_heading,
      kind: 'subheading',
      parentId: sectionId,
      basis: 'sub-heading row',
    });
    const parent = themes.find((t) => t.id === subId)!;
    if (parent.parentId !== sectionId) fail(`sub-heading ${row.sub_heading} under two sections`);
    if (themes.find((t) => t.id === sectionId)!.parentId !== groupId) fail(`section ${row.section} under two groups`);

    const number = String(index + 1).padStart(2, '0');
    const expectedSeedId = `CDP-${number}`;
    if (row.id !== expectedSeedId) fail(`CDP rows out of order: ${row.id} at ${expectedSeedId}`);

    const owners: OwnerIn[] = [];
    for (const name of row.wlt_owners as string[]) {
      const personId = people.add(name, { kind: 'officer', councilId: STAFFS, roleNote: 'WLT Owner, Communities Delivery Plan' });
      owners.push({ role: 'wltOwner', personId, raw: row.wlt_owners_raw });
    }
    for (const lead of row.delivery_leads as Json[]) {
      if (lead.type === 'group') {
        if (!GROUP_OWNERS.has(lead.name)) fail(`unexpected owner group ${lead.name}`);
        owners.push({ role: 'deliveryLead', group: lead.name, raw: row.delivery_leads_raw });
      } else {
        const personId = people.add(lead.name, { kind: 'officer', councilId: STAFFS, roleNote: 'Delivery Lead, Communities Delivery Plan' });
        owners.push({ role: 'deliveryLead', personId, raw: row.delivery_leads_raw });
      }
    }

    const actionText = String(row.action_text ?? '').trim();
    const notes = ['No status column in the source plan: status is UNKNOWN until someone reports one.'];
    // A bare lead-in ("Focus on local:") says nothing on its own in a list of actions, so very short
    // lead sentences are prefixed with their sub-heading; an empty cell takes the sub-heading alone.
    let title = actionText;
    if (!actionText) {
      title = row.sub_heading;
      notes.push('The action cell has no lead sentence; the title is the sub-heading.');
    } else if (actionText.split(/\s+/).length < 4) {
      title = `${row.sub_heading} – ${actionText.replace(/:$/, '')}`;
      notes.push(`Title composed from the sub-heading and the short lead sentence "${actionText}".`);
    }
    if (row.date_normalised?.annotation_note) notes.push(`Date annotation: ${row.date_normalised.annotation_note}.`);
    if (row.date_normalised?.note) notes.push(`Date: ${row.date_normalised.note}.`);

    const originalTarget = cdpDate(row);
    actions.push({
      id: `${CDP}-${number}`,
      planId: CDP,
      themeId: subId,
      title,
      description: row.sub_heading,
      bullets: row.bullet_points ?? [],
      refCodes: row.ref_code_raw ? [row.ref_code_raw] : [],
      owners,
      delegateIds: [],
      originalTarget,
      revisions: [],
      milestones: originalTarget.kind === 'milestones' ? originalTarget.milestones : [],
      status: { canonical: 'UNKNOWN' },
      dependsOn: [],
      bodiesMentioned: [],
      sensitivity: 'public',
      source: { document: CDP_DOC, lines: lines(row.evidence), note: notes.join(' ') },
      version: 1,
    });
  });

  return { plan, themes, actions };
}

// ---------------------------------------------------------------------------------------------
// Staffordshire Corporate Review Committee: committee, meetings, work programme
// ---------------------------------------------------------------------------------------------

const CRC = 'staffs-crc';
const CRC_DOC =
  'Staffordshire County Council, Corporate Review Committee agenda pack for 17 November 2020 (agenda, minutes of 8 September 2020, work programme November 2020 (DRAFT), calendar)';
const ILLUSTRATIVE_ITEM_NOTE = 'Illustrative demo item, not from the source documents';
const ILLUSTRATIVE_DECISION_NOTE = 'Illustrative demo decision, not from the source documents';

const meetingId = (date: string): string => `${CRC}-${date}`;

/** Words that carry no meaning when matching agenda titles to work-programme topics. */
const STOP_WORDS = new Set(['the', 'of', 'and', 'for', 'a', 'an', 'to', 'in', 'on', 'at', 'with']);

function titleTokens(title: string): Set<string> {
  return new Set(
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .split(' ')
      .filter((w) => w && !STOP_WORDS.has(w))
      .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w)),
  );
}

/** Overlap coefficient of the title words: 1 when one title's words are all in the other. */
function titleSimilarity(a: string, b: string): number {
  const ta = titleTokens(a);
  const tb = titleTokens(b);
  let shared = 0;
  for (const w of ta) if (tb.has(w)) shared++;
  return shared / Math.max(1, Math.min(ta.size, tb.size));
}

function registerPeopleFromWorkProgramme(wp: Json, people: PeopleRegistry): void {
  const membership = wp.committee.membership;
  const chair: string = membership.agenda_list.chair;
  for (const name of membership.agenda_list.members as string[]) {
    const note =
      name === chair
        ? 'Chairman, Corporate Review Committee'
        : name === 'Conor Wileman'
          ? 'Vice-Chairman, Corporate Review Committee'
          : name === 'Susan Woodward'
            ? "Opposition Vice-Chair, Corporate Review Committee (written 'Vice Chairman' on the agenda, 'Opposition Vice-Chair' in the minutes, 'Opposition Vice Chairman' in the calendar list)"
            : 'Member, Corporate Review Committee';
    people.add(name, { kind: 'member', councilId: STAFFS, roleNote: note });
  }
  for (const name of membership.calendar_list.members as string[]) people.add(name, { kind: 'member', councilId: STAFFS });

  for (const officer of membership.support_officers as Json[]) {
    people.add(officer.name, { kind: 'officer', councilId: STAFFS, jobTitle: officer.role_raw, roleNote: `${officer.role_raw}, Corporate Review Committee` });
  }

  // The seed's people list: cabinet members and officers, with stated or inferred roles.
  const cabinetMembers = new Set<string>();
  const officers = new Set<string>();
  const collect = (item: Json): void => {
    for (const n of item.cabinet_members ?? []) cabinetMembers.add(n);
    for (const n of item.officers ?? []) officers.add(n);
  };
  for (const m of wp.meetings as Json[]) for (const item of m.items) collect(item);
  for (const item of wp.tbc_items as Json[]) collect(item);

  for (const p of wp.people as Json[]) {
    const names: string[] = String(p.name).split(/\s*\/\s*/);
    for (const name of names) {
      const canonical = NAME_VARIANTS[name] ?? name;
      const isMember = [...cabinetMembers].some((n) => (NAME_VARIANTS[n] ?? n) === canonical);
      const stated = p.basis === 'stated';
      const roleNote = p.role_raw ? (stated ? p.role_raw : `${p.role_raw} (inferred)`) : undefined;
      people.add(name, {
        kind: isMember ? 'member' : 'officer',
        councilId: STAFFS,
        jobTitle: stated && !isMember ? p.role_raw : undefined,
        roleNote,
      });
    }
  }
  for (const name of cabinetMembers) {
    people.add(name, { kind: 'member', councilId: STAFFS, roleNote: "Named as 'Member:' (Cabinet Member) on Corporate Review work-programme items" });
  }
  for (const name of officers) {
    people.add(name, { kind: 'officer', councilId: STAFFS, roleNote: "Named as 'Officer:' on Corporate Review work-programme items" });
  }

  for (const wg of wp.working_groups as Json[]) {
    for (const name of wg.members ?? []) {
      const isChair = /\(Chairman\)/.test(name);
      people.add(name, {
        kind: 'member',
        councilId: STAFFS,
        roleNote: isChair ? `Chairman, ${wg.name} working group` : `Member, ${wg.name} working group`,
      });
    }
    for (const name of wg.observers ?? []) {
      people.add(name, { kind: 'member', councilId: STAFFS, roleNote: `Observer, ${wg.name} working group` });
    }
  }
  const issuer = /^([A-Z][a-z]+ [A-Z][a-z]+), (.+?), \d/.exec(wp.meetings.find((m: Json) => m.agenda)?.agenda.issued_by_raw ?? '');
  if (issuer) people.add(issuer[1], { kind: 'officer', councilId: STAFFS, jobTitle: issuer[2], roleNote: 'Issued the 17 November 2020 agenda' });
}

function buildCommittee(wp: Json, people: PeopleRegistry) {
  const membership = wp.committee.membership;
  const agendaNames: string[] = membership.agenda_list.members;
  const calendarNames = new Set<string>(membership.calendar_list.members);
  const viceTitles = new Map<string, string>((membership.agenda_list.vice_chairs as Json[]).map((v) => [v.name, v.title_raw]));
  const calendarViceTitles = new Map<string, string>((membership.calendar_list.vice_chairs as Json[]).map((v) => [v.name, v.title_raw]));

  const members = agendaNames.map((name) => {
    const listedIn = calendarNames.has(name) ? ['agenda', 'calendar'] : ['agenda'];
    if (name === membership.agenda_list.chair) return { personId: people.id(name), role: 'chair' as const, titleRaw: 'Chairman', listedIn };
    if (name === 'Susan Woodward') {
      // Agenda "Vice Chairman", minutes "Opposition Vice-Chair", calendar "Opposition Vice Chairman":
      // the calendar is the membership list that names the role, so its wording is kept.
      return { personId: people.id(name), role: 'opposition-vice-chair' as const, titleRaw: calendarViceTitles.get(name), listedIn };
    }
    if (viceTitles.has(name)) return { personId: people.id(name), role: 'vice-chair' as const, titleRaw: viceTitles.get(name), listedIn };
    return { personId: people.id(name), role: 'member' as const, listedIn };
  });
  for (const name of calendarNames) if (!agendaNames.includes(name)) fail(`${name} only in the calendar list`);

  const workingGroups: WorkingGroupIn[] = (wp.working_groups as Json[]).map((wg) => {
    const notes: string[] = [...(wg.notes ?? [])];
    if (wg.name === 'MTFS 2020') {
      const appointed = /appointed (\d{1,2}) ([A-Za-z]+) (\d{4})/.exec(wg.appointed_raw) ?? fail('MTFS appointment date');
      const finalDate = wg.final_report_scheduled.meeting_date;
      notes.push(`Final report linked to the ${finalDate} meeting by name only (seed reading: ${wg.final_report_scheduled.link_basis}).`);
      return {
        id: `${CRC}-wg-mtfs-2020`,
        name: wg.name,
        appointedRaw: wg.appointed_raw,
        appointedOn: `${appointed[3]}-${pad2(monthNumber(appointed[2]))}-${pad2(Number(appointed[1]))}`,
        members: (wg.members as string[]).map((n) => ({ personId: people.id(n), chair: /\(Chairman\)/.test(n) })),
        observerIds: (wg.observers as string[]).map((n) => people.id(n)),
        finalReportMeetingId: meetingId(finalDate),
        finalReportTitle: wg.final_report_scheduled.topic_raw,
        status: wg.status_raw,
        notes,
      };
    }
    if (/parental leave/i.test(wg.name)) {
      notes.push('Membership is not stated in the source.');
      return {
        id: `${CRC}-wg-members-parental-leave`,
        name: wg.name,
        members: [],
        observerIds: [],
        status: `Considered at the meeting on ${wg.considered_at}: ${wg.outcome_raw}`,
        notes,
      };
    }
    if (/client debt/i.test(wg.name)) {
      notes.push(`Reporting requirement: ${wg.reporting_requirement_raw} (outcome (c) of 31 July 2020).`);
      notes.push('Membership is not stated in the source.');
      return {
        id: `${CRC}-wg-client-debt`,
        name: wg.name,
        members: [],
        observerIds: [],
        status: wg.status_raw,
        notes,
      };
    }
    return fail(`unknown working group ${wg.name}`);
  });

  return {
    id: CRC,
    councilId: STAFFS,
    name: wp.committee.name,
    aliases: ['Corporate Review', 'CRC'],
    type: 'scrutiny' as const,
    description: wp.committee.description_raw,
    remit: wp.committee.remit,
    members,
    supportOfficers: (membership.support_officers as Json[]).map((o) => ({
      personId: people.id(o.name),
      roleRaw: o.role_raw,
      phone: o.phone_raw,
    })),
    workingGroups,
    relatedCommittees: wp.committee.related_committees,
    workProgrammeDraft: true,
    source: {
      document: CRC_DOC,
      lines: lines(wp.committee.evidence),
      note: `Membership lists disagree: the agenda names 13 members, the calendar 10 (${membership.calendar_list.note}) Susan Woodward's title is written ${(membership.title_variants_for_susan_woodward as string[]).join('; ')}.`,
    },
  };
}

function agendaItemFromWorkProgramme(id: string, item: Json, people: PeopleRegistry, meetingDate: string): AgendaItemIn {
  const text: string | null = item.background_outcome ?? (item.background_outcome_raw ? stripHtml(item.background_outcome_raw) : null);
  let background: string | undefined;
  let outcome: string | undefined;
  if (text) {
    const agreed = text.indexOf('Committee agreed:');
    if (agreed > 0) {
      background = text.slice(0, agreed).trim();
      outcome = text.slice(agreed).trim();
    } else if (meetingDate < '2020-11-17' && !/^Item proposed by/.test(text)) {
      // The "Background/Outcome" column holds the outcome once a meeting has been held.
      outcome = text;
    } else {
      background = text;
    }
  }
  const notes: string[] = [...(item.notes ?? [])].map((n: string) => n.replace(/ — same person\? unresolved\.$/, ' — treated as one person (Darryl Evers).'));
  const isPerformance = /^Performance Report/i.test(item.topic);
  const isAnnual = /Annual Report/i.test(item.topic);
  const isVerbal = /verbal/i.test(item.topic);
  const preDecision = item.scrutiny_type === 'pre-decision';
  return {
    id,
    title: item.topic,
    aliases: [],
    part: 'ONE',
    reportType: isVerbal ? 'verbal' : 'written',
    cabinetMemberIds: (item.cabinet_members as string[]).map((n) => people.id(n)),
    cabinetMemberRoles: item.cabinet_member_roles ?? [],
    officerIds: (item.officers as string[]).map((n) => people.id(n)),
    scrutinyType: preDecision ? 'pre-decision' : isPerformance ? 'performance' : isAnnual ? 'annual' : undefined,
    decisionBody: preDecision ? 'Cabinet' : undefined,
    decisionDate: preDecision ? '2020-12-16' : undefined,
    background,
    outcome,
    provenance: ['work-programme'],
    notes: [...notes, `Work-programme cell: ${item.topic_cell_raw}`],
  };
}

function buildMeetings(wp: Json, people: PeopleRegistry, pack: SeedText) {
  const minuteSource = (from: number, to: number, text: string) => ({ document: CRC_DOC, lines: pack.ref(pack.findLine(from, to, text)) });
  const meetings: MeetingIn[] = [];
  const workProgrammeTopicsMapped = new Set<string>();

  for (const m of wp.meetings as Json[]) {
    const id = meetingId(m.date);
    const sources: { source: string; raw: string; lines?: string }[] = [];
    if (m.date_raw) sources.push({ source: 'work-programme', raw: m.date_raw, lines: lines(m.evidence.work_programme_row) });
    if (m.calendar_entry) sources.push({ source: 'calendar', raw: m.calendar_entry.raw, lines: lines(m.calendar_entry.evidence) });
    if (m.agenda) {
      sources.push({
        source: 'agenda',
        raw: `${m.agenda.date_raw} ${m.agenda.time_raw} ${m.agenda.format_raw}`,
        lines: '002:3-13',
      });
    }

    // Disagreements between the sources, said to the user.
    const conflicts: string[] = [];
    const cal = m.calendar_entry;
    if (!m.date_raw) conflicts.push('Only in the calendar of committee meetings; not in the work-programme table.');
    if (!cal) conflicts.push('Only in the work-programme table; not in the calendar of committee meetings.');
    if (m.year_inferred) conflicts.push(`The date is written without a year ("${m.date_raw}"); ${m.date.slice(0, 4)} is inferred from its place in the table.`);
    if (m.time_raw) {
      const inWp = Boolean(m.date_raw && String(m.date_raw).includes(m.time_raw));
      const inCal = Boolean(cal?.time_raw);
      if (inCal && !inWp) conflicts.push(`The time "${m.time_raw}" appears only in the calendar; the work-programme table gives none.`);
      if (!inCal && !inWp && m.agenda) conflicts.push(`The time "${m.time_raw}" appears only on the agenda; the work-programme table and the calendar give none.`);
    }
    if (m.date === '2020-10-06') {
      conflicts.push('The calendar line ends "<del>6 October 2020 cancelled</del> 2pm": attaching "2pm" to 6 October is uncertain (it may be a stray fragment).');
    }
    if (cal?.virtual && m.date_raw && !/virtual/i.test(m.date_raw)) {
      conflicts.push(
        m.agenda
          ? 'The calendar says virtual and the agenda says TEAMS; the work-programme table does not say.'
          : 'The calendar says virtual; the work-programme table does not say.',
      );
    }
    if (m.reserved_for_call_in && cal && !cal.reserved_for_call_in) {
      conflicts.push('The work-programme table says reserved for call-in; the calendar entry does not.');
    }
    if (cal?.strike_through && !cal.cancelled) {
      conflicts.push('The calendar strikes the date through without the word "cancelled"; the work-programme table says "Cancelled".');
    }

    const notes: string[] = [...(m.notes ?? [])];
    if (m.contact_raw) notes.push(`Contact: ${String(m.contact_raw).replace(/^\(Contact:\s*|\)$/g, '')}`);
    if (m.hosted_by) notes.push(`Host council: ${STOKE} (Stoke-on-Trent City Council).`);

    const items: AgendaItemIn[] = [];
    const wpItems: Json[] = m.items ?? [];
    let partTwoHeading = false;
    let agendaIssued: string | undefined;

    if (m.agenda) {
      agendaIssued = m.agenda.issued_by_raw;
      // Map work-programme topics onto the published agenda: title variants first, then title similarity.
      const agendaItems: Json[] = m.agenda.part_one;
      const pairs: { wp: Json; ag: Json; score: number }[] = [];
      for (const w of wpItems) {
        for (const ag of agendaItems) {
          const variants: string[] = (ag.title_variants ?? []).map((v: Json) => v.raw);
          const score = variants.includes(w.topic) ? 2 : titleSimilarity(w.topic, ag.title);
          if (score >= 0.5) pairs.push({ wp: w, ag, score });
        }
      }
      pairs.sort((a, b) => b.score - a.score || a.ag.no - b.ag.no);
      const matchOf = new Map<Json, Json>();
      const usedWp = new Set<Json>();
      for (const p of pairs) {
        if (matchOf.has(p.ag) || usedWp.has(p.wp)) continue;
        matchOf.set(p.ag, p.wp);
        usedWp.add(p.wp);
      }

      for (const ag of agendaItems) {
        const itemId = `${id}-item-${ag.no}`;
        const procedural = /^(Apologies|Declarations of Interest|Minutes of the meeting|Exclusion of the Public)/i.test(ag.title);
        const matched = matchOf.get(ag);
        const base: AgendaItemIn = matched
          ? agendaItemFromWorkProgramme(itemId, matched, people, m.date)
          : { id: itemId, title: ag.title, provenance: [], notes: [] };
        const aliases = uniq<string>([
          ...(ag.title_variants ?? []).map((v: Json) => v.raw),
          ...(matched ? [matched.topic] : []),
        ]).filter((t) => t !== ag.title);
        const notes: string[] = [...(base.notes ?? [])];
        if (ag.report_of_variant) notes.push(`The report itself says "${ag.report_of_variant.raw}" (${lines(ag.report_of_variant.where)}).`);
        if (ag.motion_raw) notes.push(`Motion: ${ag.motion_raw}`);
        if (typeof ag.scrutiny_type === 'string') notes.push(ag.scrutiny_type);
        if (matched) workProgrammeTopicsMapped.add(`${m.date}|${matched.topic}`);
        items.push({
          ...base,
          number: ag.no,
          title: ag.title,
          aliases,
          part: 'ONE',
          reportOf: ag.report_of ?? undefined,
          reportType: ag.report_type === 'verbal' ? 'verbal' : procedural ? 'procedural' : base.reportType === 'verbal' ? 'verbal' : 'written',
          pages: ag.pages ? String(ag.pages).replace(/^Pages?\s+/, '') : undefined,
          provenance: matched ? ['agenda', 'work-programme'] : ['agenda'],
          notes,
        });
      }
      // Work-programme items that match no agenda item stay as their own items.
      wpItems
        .filter((w) => !usedWp.has(w))
        .forEach((w, i) => items.push(agendaItemFromWorkProgramme(`${id}-wp-${i + 1}`, w, people, m.date)));

      if (m.agenda.part_two) {
        partTwoHeading = true;
        if ((m.agenda.part_two.items ?? []).length) fail('the seed lists Part Two items; this script assumes none');
        notes.push(`Part Two heading "${m.agenda.part_two.exempt_note_raw}" with no items listed: ${m.agenda.part_two.note}`);
      }
    } else {
      wpItems.forEach((w, i) => items.push(agendaItemFromWorkProgramme(`${id}-wp-${i + 1}`, w, people, m.date)));
    }

    for (const wg of wp.working_groups as Json[]) {
      if (wg.final_report_scheduled?.meeting_date === m.date) {
        const item = items.find((i) => i.title === wg.final_report_scheduled.topic_raw) ?? fail(`no final report item for ${wg.name}`);
        item.notes = [...(item.notes ?? []), `Final report of the ${wg.name} working group (${CRC}-wg-${slug(wg.name)}); linked by name only.`];
      }
    }

    // One illustrative exempt item, on a future meeting, so the Part Two filter can be shown.
    if (m.date === '2021-01-21') {
      partTwoHeading = true;
      items.push({
        id: `${id}-demo-exempt-1`,
        title: 'Property disposal – commercial terms (exempt)',
        aliases: [],
        part: 'TWO',
        exempt: {
          regime: 'LGA 1972 Sch 12A',
          paragraph: 3,
          label: 'Information relating to the financial or business affairs of any particular person',
        },
        reportType: 'written',
        provenance: ['demo'],
        notes: [ILLUSTRATIVE_ITEM_NOTE],
      });
      notes.push(`The Part Two item on this meeting is illustrative (${ILLUSTRATIVE_ITEM_NOTE.toLowerCase()}).`);
    }

    // Resolutions and follow-ups.
    const resolutions: ResolutionIn[] = [];
    if (m.minutes) {
      const minutes = m.minutes;
      notes.push(`Minutes: ${minutes.present_raw}. ${String(minutes.apologies_raw).replace(/\*\*/g, '')}. ${minutes.note}`);
      for (const minute of minutes.minute_items as Json[]) {
        (minute.resolutions as string[]).forEach((text, i) => {
          const letter = /^([a-z])\)\s*/.exec(text)?.[1];
          const noted = /\bbe (noted|confirmed)\b/i.test(text) || /\bbe thanked\b/i.test(text);
          resolutions.push({
            id: `${id}-m${minute.minute_no}-r${letter ?? i + 1}`,
            minuteNo: minute.minute_no,
            minuteTitle: minute.title,
            text,
            kind: 'resolution',
            status: noted ? 'noted' : 'open',
            source: minuteSource(minute.evidence.line_range[0], minute.evidence.line_range[1], text),
          });
        });
        (minute.informal_undertakings ?? []).forEach((u: Json, i: number) => {
          const owner = undertakingOwner(u.text, people);
          resolutions.push({
            id: `${id}-m${minute.minute_no}-u${i + 1}`,
            minuteNo: minute.minute_no,
            minuteTitle: minute.title,
            text: u.context ? `${u.text} (Context: ${u.context})` : u.text,
            kind: 'undertaking',
            ownerText: owner.ownerText,
            ownerPersonId: owner.ownerPersonId,
            dueText: owner.dueText,
            status: 'open',
            source: minuteSource(u.evidence.line_range[0], u.evidence.line_range[1], u.text),
          });
        });
      }
    }
    for (const w of wpItems) {
      for (const o of (w.outcome_actions ?? []) as Json[]) {
        const isCabinetMember = /^The Cabinet Member\b/.test(o.text);
        const due = /\b(in the next quarterly update report)\b/.exec(o.text)?.[1];
        resolutions.push({
          id: `${id}-outcome-${o.ref}`,
          minuteTitle: w.topic,
          text: `${o.ref}) ${o.text}`,
          kind: 'outcome',
          ownerText: isCabinetMember
            ? `The Cabinet Member (inferred: ${w.cabinet_members.join(', ')}, the Member named for this item)`
            : undefined,
          ownerPersonId: isCabinetMember && w.cabinet_members.length === 1 ? people.id(w.cabinet_members[0]) : undefined,
          dueText: due,
          status: 'open',
          source: minuteSource(w.evidence.line_range[0], w.evidence.line_range[1], o.text),
        });
      }
    }
    if (m.date === '2020-06-04') {
      // The 4 June outcome sits in the work programme's Background/Outcome column [002:1866]; the plan
      // it is about came to this committee on 8 September, "Requested at 4 June meeting and 31 July."
      const w = wpItems.find((x) => /^That the Chairmen of the Select Committees/.test(x.background_outcome ?? '')) ?? fail('no 4 June outcome');
      resolutions.push({
        id: `${id}-outcome-1`,
        minuteTitle: w.topic,
        text: pack.quote(1866, 1866, w.background_outcome),
        kind: 'outcome',
        ownerText: pack.quote(1866, 1866, 'the Chairmen of the Select Committees'),
        status: 'closed',
        closureEvidence: `The Local Outbreak Control Plan came to this committee on 8 September 2020: "${pack.quote(1873, 1873, 'Requested at 4 June meeting and 31 July.')}" [002:1873]`,
        source: { document: CRC_DOC, lines: pack.ref(1866) },
      });
    }

    meetings.push({
      id,
      committeeId: CRC,
      date: m.date,
      time: m.time_raw ? normaliseTime(m.time_raw) : undefined,
      timeRaw: m.time_raw ?? undefined,
      reservedForCallIn: Boolean(m.reserved_for_call_in),
      cancelled: Boolean(m.cancelled),
      strikeThrough: Boolean(m.strike_through),
      hasBusiness: Boolean(m.has_business),
      virtual: m.virtual ?? undefined,
      format: m.agenda?.format_raw ?? m.venue_or_format_raw ?? (cal?.virtual ? 'virtual' : undefined),
      hostedBy: m.hosted_by ?? undefined,
      jointWith: m.joint_with ?? undefined,
      yearInferred: Boolean(m.year_inferred),
      sources,
      conflicts,
      items,
      partTwoHeading,
      agendaIssued,
      resolutions,
      notes,
      version: 1,
    });
    if (m.time && m.time !== normaliseTime(m.time_raw)) fail(`${id}: time ${m.time_raw} vs seed ${m.time}`);
  }

  return meetings.sort((a, b) => a.date.localeCompare(b.date));
}

function undertakingOwner(text: string, people: PeopleRegistry): { ownerText?: string; ownerPersonId?: string; dueText?: string } {
  const councillor = /^Councillor ([A-Z][a-z]+) agreed/.exec(text);
  if (councillor) {
    // "Councillor Woodward": the only Woodward on the committee is Susan Woodward.
    const full = councillor[1] === 'Woodward' ? 'Susan Woodward' : fail(`unknown councillor ${councillor[1]}`);
    return { ownerText: `Councillor ${councillor[1]}`, ownerPersonId: people.id(full) };
  }
  const role = /^(The Cabinet Member for [A-Za-z -]+?|The Chair and Vice Chairs) agree/.exec(text);
  if (role) return { ownerText: role[1] };
  const body = /at a future meeting of the (.+? Select Committee)/.exec(text);
  if (body) return { ownerText: body[1], dueText: `a future meeting of the ${body[1]}` };
  return {};
}

function buildWorkProgrammeItems(wp: Json, people: PeopleRegistry): WorkProgrammeItemIn[] {
  const items: WorkProgrammeItemIn[] = [];
  const idFor = (topic: string): string => `${CRC}-wpi-${slug(topic).split('-').slice(0, 6).join('-')}`;
  for (const t of wp.tbc_items as Json[]) {
    const briefing = /Briefing Note emailed/i.test(t.background_outcome_raw ?? '');
    const notes: string[] = [...(t.notes ?? [])];
    notes.push(`Date of meeting: ${t.date_raw}.`);
    if (briefing) notes.push("Listed with the TBC rows of the work programme; status 'briefing-note' because the source says \"Briefing Note emailed - Copy to Prosperous Select Committee\".");
    if (t.cabinet_members.length) notes.push(`Work-programme cell: ${t.topic_cell_raw}`);
    items.push({
      id: idFor(t.topic),
      committeeId: CRC,
      topic: t.topic,
      status: briefing ? 'briefing-note' : 'tbc',
      cabinetMemberIds: (t.cabinet_members as string[]).map((n) => people.id(n)),
      officerIds: (t.officers as string[]).map((n) => people.id(n)),
      background: t.background_outcome ?? undefined,
      targetTimingRaw: t.target_timing_raw ?? undefined,
      mentionedDates: mentionedDates(t.background_outcome),
      notes,
      source: { document: CRC_DOC, lines: lines(t.evidence) },
    });
  }
  for (const c of wp.items_for_consideration as Json[]) {
    items.push({
      id: idFor(c.suggested_item),
      committeeId: CRC,
      topic: c.suggested_item,
      status: 'for-consideration',
      cabinetMemberIds: [],
      officerIds: [],
      background: c.background || undefined,
      possibleOption: c.possible_option || undefined,
      mentionedDates: mentionedDates(c.background),
      notes: ['From "Items for Consideration for the Work Programme".'],
      source: { document: CRC_DOC, lines: lines(c.evidence) },
    });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Stoke-on-Trent: the signatories of the Annual Governance Statement [000:310-326]
// ---------------------------------------------------------------------------------------------

function registerStokeSignatories(ags: SeedText, people: PeopleRegistry): void {
  const signatories: { line: number; role: string; name: string; kind: 'member' | 'officer' }[] = [
    { line: 310, role: 'Leader of the Council', name: 'Jane Ashworth', kind: 'member' },
    { line: 316, role: 'City Director', name: 'Jon Rouse', kind: 'officer' },
    { line: 321, role: 'Section 151 Officer', name: 'Nick Edmonds', kind: 'officer' },
    { line: 326, role: 'Monitoring Officer', name: 'James Doble', kind: 'officer' },
  ];
  for (const s of signatories) {
    ags.quote(s.line, s.line, `${s.role}: `);
    ags.quote(s.line, s.line, s.name);
    const from = s.line === 310 ? ` ${ags.quote(310, 310, '(from 25th May 2023)')}` : '';
    people.add(s.name, {
      kind: s.kind,
      councilId: STOKE,
      jobTitle: s.kind === 'officer' ? s.role : undefined,
      roleNote: `${s.role}${from}, signatory of the Annual Governance Statement 2020/21`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Illustrative decisions and role grants
// ---------------------------------------------------------------------------------------------

function buildDecisions(recordedBy: string): NonNullable<Input['decisions']> {
  const source = { document: 'Demo dataset (illustrative)', note: ILLUSTRATIVE_DECISION_NOTE };
  return [
    {
      // Published Friday 13 November 2020: five working days end on Friday 20 November 2020.
      id: 'staffs-dec-2020-11-11-social-media-management-system',
      councilId: STAFFS,
      title: 'Procurement of a Social Media Management System for #DoingOurBit (illustrative)',
      decisionMaker: 'Cabinet',
      takenOn: '2020-11-11',
      publishedOn: '2020-11-13',
      keyDecision: false,
      subjectToCallIn: true,
      calledIn: false,
      exempt: false,
      recordedBy,
      source,
      version: 1,
    },
    {
      id: 'staffs-dec-2020-11-25-covid-recovery-fund-urgent',
      councilId: STAFFS,
      title: 'Covid-19 Recovery Fund: urgent distribution to local community groups (illustrative)',
      decisionMaker: 'Cabinet',
      takenOn: '2020-11-25',
      publishedOn: '2020-11-26',
      keyDecision: false,
      subjectToCallIn: false,
      urgencyReason:
        'Any delay caused by the call-in process would seriously prejudice the public interest: grants must reach community groups before the Christmas period. The Chairman of the Corporate Review Committee agreed that the decision is urgent (illustrative).',
      calledIn: false,
      exempt: false,
      recordedBy,
      source,
      version: 1,
    },
    {
      // Cabinet of Wednesday 16 December 2020 (the date in the source); published Friday 18 December.
      // The call-in period crosses Christmas: 25 and 28 December 2020 are bank holidays.
      id: 'staffs-dec-2020-12-16-communities-delivery-plan',
      councilId: STAFFS,
      title: 'Communities Principle – Update and Delivery Plan 2020/21 approved (illustrative)',
      decisionMaker: 'Cabinet',
      takenOn: '2020-12-16',
      publishedOn: '2020-12-18',
      keyDecision: true,
      subjectToCallIn: true,
      calledIn: false,
      exempt: false,
      recordedBy,
      source,
      version: 1,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Assemble, validate, write
// ---------------------------------------------------------------------------------------------

export function buildDemoData(): StoreData {
  const cipSeed = loadSeed('cip-actions.json');
  const cdpSeed = loadSeed('communities-delivery-plan.json');
  const wpSeed = loadSeed('work-programme.json');
  const otherSeed = loadSeed('other-actions.json');
  const ags = new SeedText(seedTextDir, '000');
  const review = new SeedText(seedTextDir, '001');
  const pack = new SeedText(seedTextDir, '002');
  const operatingPlanText = new SeedText(seedTextDir, '003');

  const people = new PeopleRegistry();
  const cip = buildCip(cipSeed, people);
  registerPeopleFromWorkProgramme(wpSeed, people);
  const cdp = buildCdp(cdpSeed, people);
  const committee = buildCommittee(wpSeed, people);
  const meetings = buildMeetings(wpSeed, people, pack);
  const workProgrammeItems = buildWorkProgrammeItems(wpSeed, people);
  const nick = people.id('Nick Pountney');

  registerStokeSignatories(ags, people);
  const governance = buildGovernance(ags, otherSeed);
  const peerChallenge = buildPeerChallenge(review, otherSeed);
  const operatingPlan = buildOperatingPlan(operatingPlanText, ags);
  const ipr = buildIntegratedPerformanceReport(pack, otherSeed, people);
  const complaints = buildComplaintsReport(pack, otherSeed, people);
  const communities = buildCommunitiesRecommendations(pack, otherSeed);

  const grantedAt = '2020-11-01T00:00:00Z';
  const roleGrants = [
    {
      id: 'grant-democratic-services-admin-nick-pountney',
      role: 'democratic-services-admin' as const,
      email: demoEmail('Nick Pountney'),
      personId: nick,
      grantedBy: 'demo dataset',
      grantedAt,
    },
    {
      id: 'grant-plan-admin-derby-cip-heather-greenan',
      role: 'plan-admin' as const,
      email: demoEmail('Heather Greenan'),
      personId: cip.heather,
      planId: CIP,
      grantedBy: 'demo dataset',
      grantedAt,
    },
  ];

  const input: StoreDataInput = {
    schemaVersion: 1,
    councils: buildCouncils(),
    people: people.list(),
    plans: [
      cip.plan,
      cdp.plan,
      governance.plan,
      ...governance.reviewPlans,
      peerChallenge.plan,
      operatingPlan.plan,
      ipr.plan,
      complaints.plan,
      ...communities.plans,
    ],
    themes: [...cip.themes, ...cdp.themes, ...peerChallenge.themes, ...operatingPlan.themes],
    actions: [
      ...cip.actions,
      ...cdp.actions,
      ...governance.actions,
      ...governance.reviewActions,
      ...peerChallenge.actions,
      ...ipr.actions,
      ...communities.actions,
    ],
    recommendations: [...peerChallenge.recommendations, ...complaints.recommendations, ...communities.recommendations],
    performanceMeasures: operatingPlan.measures,
    operatingPlanItems: operatingPlan.items,
    reports: [ipr.report, complaints.report],
    reportedSummaries: [cip.reportedSummary],
    achievements: cip.achievements,
    updates: cip.updates,
    committees: [committee],
    meetings,
    workProgrammeItems,
    decisions: buildDecisions(nick),
    roleGrants,
    identityLinks: [],
    audit: [],
    ext: {},
  };
  return StoreData.parse(input);
}

function main(): void {
  const { values } = parseCommandLine({
    command: 'npx tsx scripts/build-demo-data.ts',
    usage: `Usage: npx tsx scripts/build-demo-data.ts [--check]
Builds data/demo/demo-data.json from the seed documents' JSON in ${path.relative(projectRoot, seedDir)}/ (developer tool; the product never reads them).
  --check  write nothing; exit 1 if the committed file is out of date`,
    options: { check: { type: 'boolean' } },
  });
  const data = buildDemoData();
  const text = `${JSON.stringify(data, null, 2)}\n`;
  if (values.check) {
    let current = '';
    try {
      current = readFileSync(outFile, 'utf8');
    } catch {
      // missing file: out of date
    }
    if (current !== text) {
      console.error(`${path.relative(projectRoot, outFile)} is out of date; run npx tsx scripts/build-demo-data.ts`);
      process.exit(1);
    }
    console.log(`${path.relative(projectRoot, outFile)} is up to date`);
    return;
  }
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, text);
  console.log(
    `wrote ${path.relative(projectRoot, outFile)}: ${data.people.length} people, ${data.plans.length} plans, ${data.actions.length} actions, ` +
      `${data.recommendations.length} recommendations, ${data.performanceMeasures.length} measures, ${data.operatingPlanItems.length} operating plan entries, ` +
      `${data.reports.length} reports, ${data.meetings.length} meetings, ${data.workProgrammeItems.length} work-programme items, ${data.decisions.length} decisions`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
