/**
 * Stoke-on-Trent's Operating Plan 2020-21 (seed 003), read from the document itself: the ten
 * strategic themes and eight enabling functions with their typed lists, and the appendix of 79
 * strategic and operational measures. Checked against ../shared/seed-data/operating-plan.json and
 * performance-measures.json in tests/unit/demo-data-documents.test.ts.
 *
 * Sensitivity: the Annual Governance Statement lists the plan as evidence marked
 * "Operating Plan 2020-2021 (Internal only)" [000:362] (and "Operating Plan 2020 (Internal only)"
 * [000:376]); the plan itself carries no marking. Everything read from it, the measures appendix
 * included, is therefore 'internal' and never reaches a channel.
 */
import type { StoreDataInput } from '../../src/domain/model.js';
import { fail, type SeedText, visibleText } from './seed-text.js';

type Input = StoreDataInput;
type PlanIn = NonNullable<Input['plans']>[number];
type ThemeIn = NonNullable<Input['themes']>[number];
type ItemIn = NonNullable<Input['operatingPlanItems']>[number];
type MeasureIn = NonNullable<Input['performanceMeasures']>[number];

export const STOKE_OPERATING_PLAN = 'stoke-op-2020-21';
const COUNCIL = 'stoke';
export const OPERATING_PLAN_DOC = 'Stoke-on-Trent City Council, Operating Plan 2020-21';

const FIRST_SECTION_LINE = 225; // "## Strategic Themes"
const APPENDIX_LINE = 984; // "## Appendix – Performance Framework : Strategic and Operational Measures"

/** "### 1 - Children & Young People", "## **B - Workforce and Organisational Development**". */
const SECTION_HEADING = /^#+\s*\**\s*(\d{1,2}|[A-H])\s*[-–]\s*(.+?)\s*\**\s*$/;
/** Strategic objective codes at the end of a priority: "(1, 2, 4)", "(2,4, 5)", "(1)". */
const OBJECTIVE_CODES = /\((\d(?:\s*,\s*\d)*)\)\s*\.?\s*$/;

function listOf(heading: string): ItemIn['list'] {
  const text = heading.toLowerCase();
  if (text.includes('priorit')) return 'key-priority';
  if (text.includes('activit')) return 'key-activity';
  if (text.includes('efficiency')) return 'efficiency-commitment';
  if (text.includes('risk')) return 'key-risk';
  if (text.includes('improvement')) return 'improvement-project';
  return fail(`operating plan: unknown list heading "${heading}"`);
}

function codesOf(text: string): { objectiveCodes: number[]; objectiveCodesRaw?: string } {
  const m = OBJECTIVE_CODES.exec(text);
  if (!m) return { objectiveCodes: [] };
  const codes = m[1]!.split(',').map((c) => Number(c.trim()));
  if (codes.some((c) => c < 1 || c > 5)) fail(`objective code out of 1-5 in "${text}"`);
  return { objectiveCodes: codes, objectiveCodesRaw: m[0].trim().replace(/\.$/, '') };
}

export function buildOperatingPlan(doc: SeedText, ags: SeedText) {
  const source = (from: number, to = from, note?: string) => ({ document: OPERATING_PLAN_DOC, lines: doc.ref(from, to), note });
  const internalNote = ags.quote(362, 362, 'Operating Plan 2020-2021 (Internal only)');

  const plan: PlanIn = {
    id: STOKE_OPERATING_PLAN,
    councilId: COUNCIL,
    // "Stoke-on-Trent" + "**Operating Plan 2020-21**" [003:6-8]: initials "OP" alone would match "stop" or "development".
    title: `${visibleText(doc.line(6))} ${visibleText(doc.line(8))}`,
    kind: 'operating-plan',
    draft: false,
    origin: ags.quote(188, 188, 'In October 2020 Cabinet approved the Operating Plan for the 2020/21 Financial year'),
    statedThemeCount: 18,
    statusLabels: {},
    summaryBuckets: [],
    notes: [
      `${doc.quote(94, 94, 'The main body of the Plan is then divided into ten strategic themes and eight key enabling functions')} [${doc.ref(94)}]`,
      `${doc.quote(100, 100, 'Please note that this document does not include detailed plans, milestones, targets for individual activities and projects which should be included in specific service and programme documentation.')} [${doc.ref(100)}]`,
      `${doc.quote(98, 98, 'There is then a list of the key activities that we are undertaking through the second half of this financial year to meet those priorities.')} [${doc.ref(98)}]`,
      `${doc.quote(96, 96, 'For each stated priority in the ten strategic themes sections there is one or more codes in brackets, from 1 to 5, to show which of the Stronger Together objectives are being pursued through that priority.')} [${doc.ref(96)}]`,
      `The efficiency and productivity commitments of section 2 are introduced by "${doc.quote(319, 319, 'The key commitments are:')}" [${doc.ref(319)}].`,
      `In section 1 the objective codes of the second priority stand at the end of its last sub-item ("(1, 2)" [${doc.ref(236)}]); they are given to the priority and kept on the sub-item.`,
    ],
    source: source(1, APPENDIX_LINE - 1, `Marked internal only: the Annual Governance Statement 2020/21 lists it as "${internalNote}" [000:362]. The plan gives no owners, milestones or targets for its activities and projects.`),
    sensitivity: 'internal',
    adminIds: [],
    digestEnabled: true,
  };

  const themes: ThemeIn[] = [];
  const items: ItemIn[] = [];
  let theme: ThemeIn | undefined;
  let list: { list: ItemIn['list']; headingRaw: string } | undefined;
  let enabling = false;
  const positions = new Map<string, number>();

  for (const { n, text } of doc.range(FIRST_SECTION_LINE + 1, APPENDIX_LINE - 1)) {
    if (!text.trim()) continue;
    if (/^#\s+Enabling and support services/.test(text)) {
      enabling = true;
      continue;
    }
    const section = SECTION_HEADING.exec(text);
    if (section) {
      const code = section[1]!;
      const isNumber = /^\d+$/.test(code);
      if (isNumber === enabling) fail(`operating plan: section ${code} on the wrong side of "Enabling and support services"`);
      theme = {
        id: `${STOKE_OPERATING_PLAN}-s-${code.toLowerCase()}`,
        planId: STOKE_OPERATING_PLAN,
        number: isNumber ? Number(code) : undefined,
        code,
        name: section[2]!,
        kind: isNumber ? 'theme' : 'enabling-function',
        headingRaw: text,
        basis: isNumber ? 'strategic theme heading' : 'enabling function heading',
        source: source(n),
      };
      themes.push(theme);
      list = undefined;
      continue;
    }
    if (/^#/.test(text)) {
      if (!theme) fail(`operating plan: list heading before any section at line ${n}`);
      const headingRaw = visibleText(text.replace(/^#+\s*/, ''));
      list = { list: listOf(headingRaw), headingRaw };
      continue;
    }
    const top = /^- (.*)$/.exec(text);
    const sub = /^\s+- (.*)$/.exec(text);
    if (!theme || !list) fail(`operating plan: text outside a list at line ${n}: "${text}"`);
    if (top) {
      const key = `${theme.id}|${list.list}`;
      const position = (positions.get(key) ?? 0) + 1;
      positions.set(key, position);
      const itemText = top[1]!.trim();
      items.push({
        id: `${theme.id}-${list.list}-${position}`,
        councilId: COUNCIL,
        planId: STOKE_OPERATING_PLAN,
        themeId: theme.id,
        list: list.list,
        listHeadingRaw: list.headingRaw,
        position,
        text: itemText,
        ...(list.list === 'key-priority' ? codesOf(itemText) : { objectiveCodes: [] }),
        subItems: [],
        sensitivity: 'internal',
        source: source(n),
      });
    } else if (sub) {
      const parent = items.at(-1);
      if (!parent || parent.themeId !== theme.id || parent.list !== list.list) fail(`operating plan: sub-item without an item at line ${n}`);
      const subText = sub[1]!.trim();
      parent.subItems!.push({ text: subText, ...(list.list === 'key-priority' ? codesOf(subText) : { objectiveCodes: [] }), source: source(n) });
      parent.source = source(Number(parent.source.lines!.split(':')[1]!.split('-')[0]), n);
    } else if (n === 319) {
      // "The key commitments are:" introduces section 2's list (kept in the plan notes).
    } else {
      fail(`operating plan: unexpected line ${n}: "${text}"`);
    }
  }

  // Section 1, second priority: its codes stand at the end of its last sub-item (see the plan notes).
  for (const item of items) {
    if (item.list === 'key-priority' && !item.objectiveCodes?.length && item.subItems?.length) {
      const last = item.subItems.at(-1)!;
      if (last.objectiveCodes?.length) {
        item.objectiveCodes = last.objectiveCodes;
        item.objectiveCodesRaw = last.objectiveCodesRaw;
      }
    }
  }

  if (themes.length !== 18) fail(`operating plan: ${themes.length} sections, expected 18 (ten themes, eight enabling functions)`);
  return { plan, themes, items, measures: buildMeasures(doc) };
}

const BENCHMARKS: Record<string, MeasureIn['benchmark']['value']> = {
  'above average': 'above-average',
  average: 'average',
  'below average': 'below-average',
  'n/a': 'not-applicable',
  tbc: 'to-be-confirmed',
};
const TRAJECTORIES: Record<string, MeasureIn['trajectory']['value']> = {
  improving: 'improving',
  stable: 'stable',
  declining: 'declining',
  'n/a': 'not-applicable',
};

function readBenchmark(raw: string): MeasureIn['benchmark'] {
  const text = visibleText(raw);
  const m = /^(Above Average|Below Average|Average|N\/a|Tbc)(?:\s+(.+))?$/i.exec(text) ?? fail(`benchmark "${raw}" not understood`);
  return { raw, value: BENCHMARKS[m[1]!.toLowerCase()]!, qualifier: m[2] };
}

function readTrajectory(raw: string, periodRaw: string): { trajectory: MeasureIn['trajectory']; newMeasure: boolean } {
  const text = visibleText(raw);
  const m = /^(Improving|Stable|Declining|N\/a)(?:\s*[–-]\s*(New measure))?$/i.exec(text) ?? fail(`trajectory "${raw}" not understood`);
  return { trajectory: { raw, value: TRAJECTORIES[m[1]!.toLowerCase()]!, periodRaw }, newMeasure: Boolean(m[2]) };
}

/** "EP3" -> EP 3, "Vul 10b" -> VUL 10b, "<u>COU 1</u>" -> COU 1. */
function readNumber(raw: string): { number: string; prefix: string; sequence: number; suffix?: string } {
  const m = /^([A-Za-z]+)\s*(\d+)([a-z]?)$/.exec(visibleText(raw)) ?? fail(`measure number "${raw}" not understood`);
  const prefix = m[1]!.toUpperCase();
  const suffix = m[3] || undefined;
  return { number: `${prefix} ${Number(m[2])}${suffix ?? ''}`, prefix, sequence: Number(m[2]), suffix };
}

function buildMeasures(doc: SeedText): MeasureIn[] {
  const source = (n: number) => ({ document: `${OPERATING_PLAN_DOC}, Appendix – Performance Framework : Strategic and Operational Measures`, lines: doc.ref(n) });
  const measures: MeasureIn[] = [];
  let priority: { text: string; raw: string } | undefined;
  let category: { value: MeasureIn['category']; raw: string } | undefined;
  let periodRaw: string | undefined;
  for (const { n, text } of doc.range(APPENDIX_LINE + 1, doc.lineCount)) {
    if (!text.trim() || /^-+\t/.test(text) || /^\*\(/.test(text) || /^A new set of strategic measures/.test(text)) continue;
    if (/^#/.test(text)) {
      const heading = visibleText(text.replace(/^#+\s*/, ''));
      if (/^Population Outcomes$/i.test(heading)) category = { value: 'population-outcome', raw: heading };
      else if (/^Process( Measures)?$/i.test(heading)) category = { value: 'process', raw: heading };
      else {
        priority = { text: heading, raw: text };
        category = undefined;
      }
      continue;
    }
    const cells = text.split('\t');
    if (cells[0] === 'Measure No.') {
      periodRaw = /\(([^)]+)\)\s*$/.exec(cells[3] ?? '')?.[1] ?? fail(`no trajectory period in the header at line ${n}`);
      continue;
    }
    if (cells.length !== 4) fail(`measures: line ${n} has ${cells.length} cells`);
    if (!priority || !category || !periodRaw) fail(`measures: row before its headings at line ${n}`);
    const [numberRaw, measure, benchmarkRaw, trajectoryRaw] = cells as [string, string, string, string];
    const number = readNumber(numberRaw);
    const { trajectory, newMeasure } = readTrajectory(trajectoryRaw, periodRaw);
    measures.push({
      id: `${STOKE_OPERATING_PLAN}-measure-${number.number.toLowerCase().replace(/\s+/g, '-')}`,
      councilId: COUNCIL,
      planId: STOKE_OPERATING_PLAN,
      ...number,
      numberRaw,
      measure,
      priority: priority.text,
      priorityRaw: priority.raw,
      category: category.value,
      categoryRaw: category.raw,
      benchmark: readBenchmark(benchmarkRaw),
      trajectory,
      newMeasure,
      sensitivity: 'internal',
      source: source(n),
    });
  }
  // Every table under one priority heading uses one number prefix.
  const prefixByPriority = new Map<string, string>();
  for (const m of measures) {
    const known = prefixByPriority.get(m.priority);
    if (known && known !== m.prefix) fail(`measures under "${m.priority}" use prefixes ${known} and ${m.prefix}`);
    prefixByPriority.set(m.priority, m.prefix);
  }
  return measures;
}
