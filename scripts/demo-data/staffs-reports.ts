/**
 * The rest of Staffordshire's Corporate Review Committee pack of 17 November 2020 (seed 002): the
 * Q2 2020/21 Integrated Performance Report (overall assessment, forecast outturn, financial health
 * indicators, headline finance figures, and its dated commitments as a plan), the complaints annual
 * report's headline figures and Ombudsman remedies, the draft Cabinet report's recommendations on the
 * Communities principle, and the Community Impact Assessment's recommendations.
 *
 * Figures are as reported, each with its sentence and line; the two statements of the forecast
 * overspend ("£1.809m (0.3%)" [002:713] and "£1.8m (0.8%)" [002:881]) are both kept and never
 * reconciled. The sentences of the commitments and recommendations come from the checked reading
 * (../shared/seed-data/other-actions.json); every quote is checked against the document's lines.
 */
import { parseDateExpr } from '../../src/domain/date-expr/index.js';
import type { ActionEntryKind, CanonicalStatus, StoreDataInput } from '../../src/domain/model.js';
import { fail, type People, type SeedText, visibleText } from './seed-text.js';

type Input = StoreDataInput;
type PlanIn = NonNullable<Input['plans']>[number];
type ActionIn = NonNullable<Input['actions']>[number];
type RecommendationIn = NonNullable<Input['recommendations']>[number];
type ReportIn = NonNullable<Input['reports']>[number];
type FigureIn = NonNullable<ReportIn['figures']>[number];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const COUNCIL = 'staffordshire';
const MEETING = 'staffs-crc-2020-11-17';
const COMMITTEE = 'staffs-crc';
const MEETING_DATE = '2020-11-17';
export const IPR_REPORT = 'staffs-ipr-2020-21-q2';
export const IPR_COMMITMENTS_PLAN = 'staffs-ipr-2020-21-q2-commitments';
export const COMPLAINTS_REPORT = 'staffs-complaints-2019-20';
export const OMBUDSMAN_REMEDIES_PLAN = 'staffs-ombudsman-remedies-2019-20';
export const CIA_PLAN = 'staffs-community-impact-assessment';
export const COMMUNITIES_REPORT_PLAN = 'staffs-communities-cabinet-report';
const CDP = 'staffs-cdp';

const PACK = 'Staffordshire County Council, Corporate Review Committee agenda pack for 17 November 2020';
const IPR_DOC = `${PACK}, item 6: Integrated Performance Report – Quarter 2, 2020/21`;
const COMPLAINTS_DOC = `${PACK}, item 5: Customer Feedback and Complaints Service – Annual Report 2019-20 (Corporate Services)`;
const COMMUNITIES_DOC = `${PACK}, item 7: Communities Principle – Update and Delivery Plan (draft Cabinet report for 16 December 2020)`;
const CIA_DOC = `${PACK}, item 7, Appendix 3: Draft Community Impact Assessment – Communities Delivery Plan`;

function collection(reading: Json, id: string): Json {
  return (reading.collections as Json[]).find((c) => c.id === id) ?? fail(`no ${id} in the reading`);
}

/** The sentence of a line that holds `part`, as written (markup removed). */
function sentenceWith(doc: SeedText, line: number, part: string): string {
  const visible = visibleText(doc.line(line));
  const wanted = visibleText(part);
  const sentences = visible.split(/(?<=[.!?])\s+(?=[A-Z£0-9])/);
  return sentences.find((s) => s.includes(wanted)) ?? fail(`${doc.key}:${line} has no sentence with "${part}"`);
}

/** "£1.809m" -> 1.809 GBP million; "97.6%" -> 97.6 percent; "63" -> 63. Only when the text holds one number. */
function numberOf(valueRaw: string): Pick<FigureIn, 'value' | 'unit'> {
  const visible = visibleText(valueRaw);
  const numbers = visible.match(/\d[\d,]*(?:\.\d+)?/g) ?? [];
  if (numbers.length !== 1) return {};
  const value = Number(numbers[0]!.replace(/,/g, ''));
  if (/^£[\d.,]+m$/.test(visible)) return { value, unit: 'GBP million' };
  if (/^£[\d.,]+$/.test(visible)) return { value, unit: 'GBP' };
  if (/%/.test(visible)) return { value, unit: 'percent' };
  if (/^\d[\d,]*$/.test(visible)) return { value, unit: 'count' };
  return { value };
}

function figure(doc: SeedText, document: string, line: number, label: string, valueRaw: string, extra: Partial<FigureIn> = {}): FigureIn {
  doc.quote(line, line, valueRaw);
  return {
    label,
    valueRaw,
    ...numberOf(valueRaw),
    sentence: extra.sentence ?? sentenceWith(doc, line, valueRaw),
    source: { document, lines: doc.ref(line) },
    ...extra,
  };
}

function target(doc: SeedText, from: number, to: number, raw: string | null | undefined): ActionIn['originalTarget'] {
  if (!raw) return undefined;
  return parseDateExpr(doc.quote(from, to, raw), { referenceDate: MEETING_DATE }) ?? fail(`target "${raw}" not understood`);
}

// ---------------------------------------------------------------------------------------------
// Integrated Performance Report, Q2 2020/21
// ---------------------------------------------------------------------------------------------

const COMMITMENT_KIND: Record<string, ActionEntryKind> = {
  target: 'target',
  programme: 'programme',
  planned_event: 'planned-event',
  action: 'action',
  recommendation: 'decision-required',
};

export function buildIntegratedPerformanceReport(doc: SeedText, reading: Json, people: People) {
  const ipr = collection(reading, 'ipr-q2-2020-21');
  const commissioner = (name: string, line: number, titleLine: number) => {
    doc.quote(line, line, name);
    const roleRaw = visibleText(doc.line(titleLine)).replace(/^Job Title:\s*/, '');
    return { name, roleRaw, personId: people.add(name, { kind: 'officer', councilId: COUNCIL, jobTitle: roleRaw, roleNote: 'Report Commissioner, Integrated Performance Report' }) };
  };
  const authors = doc
    .quote(1170, 1170, 'Rachel Spain, Nicola Lycett')
    .split(', ')
    .map((name) => ({ name, personId: people.add(name, { kind: 'officer', councilId: COUNCIL, roleNote: 'Report author, Integrated Performance Report' }) }));

  const overallSentence = sentenceWith(doc, 713, "the overall assessment on the Council's performance and financial position is amber");
  const forecastOutturn: FigureIn[] = [
    figure(doc, IPR_DOC, 713, 'Revenue forecast outturn, Quarter 2 (report summary)', '£1.809m (0.3%)', { value: 1.809, unit: 'GBP million', direction: 'overspend', periodLabel: 'Quarter 2, 2020/21' }),
    figure(doc, IPR_DOC, 881, 'Revenue forecast outturn, Quarter 2 (Latest Financial Summary)', '£1.8m (0.8%)', { value: 1.8, unit: 'GBP million', direction: 'overspend', periodLabel: 'Quarter 2, 2020/21' }),
    figure(doc, IPR_DOC, 881, 'Revenue forecast outturn, Quarter 1 (as compared in the Latest Financial Summary)', '£10.1m (1.9%)', { value: 10.1, unit: 'GBP million', direction: 'overspend', periodLabel: 'quarter 1' }),
  ];

  const figures: FigureIn[] = [];
  for (const d of ipr.directorate_finance as Json[]) {
    if (d.directorate === 'Whole council') continue; // the forecast outturn above
    const line = d.evidence.line_range[0] as number;
    const text = doc.quote(line, line, d.text);
    const amount = /£[\d.]+m/.exec(text)?.[0] ?? fail(`no amount in "${text}"`);
    const direction = /overspend/.test(text) ? 'overspend' : /saving/.test(text) ? 'saving' : undefined;
    figures.push(
      figure(doc, IPR_DOC, line, d.directorate ? `${d.directorate} forecast outturn, Quarter 2` : 'Savings of low confidence of delivery', amount, {
        direction: d.type === 'savings_confidence' ? 'Low confidence of delivery' : direction,
        periodLabel: 'Quarter 2, 2020/21',
        group: d.type === 'savings_confidence' ? 'Savings' : 'Directorate finance',
        sentence: sentenceWith(doc, line, amount),
      }),
    );
  }
  figures.push(figure(doc, IPR_DOC, 890, 'Capital outturn projection', '£143m', { periodLabel: 'Quarter 2, 2020/21', group: 'Capital', value: 143, unit: 'GBP million' }));

  const fhi = ipr.financial_health_indicators;
  const financialHealthIndicators: NonNullable<ReportIn['financialHealthIndicators']> = (fhi.indicators as Json[]).map((ind, i) => {
    const line = ind.evidence[0].line_range[0] as number;
    const definition = doc.quote(line, line, ind.definition_raw);
    const textSays = ind.status_from_text
      ? (() => {
          const at = ind.evidence[1].line_range[0] as number;
          return { text: sentenceWith(doc, at, ind.status_from_text), source: { document: IPR_DOC, lines: doc.ref(at) } };
        })()
      : undefined;
    return {
      id: `${IPR_REPORT}-fhi-${i + 1}`,
      name: doc.quote(line, line, String(ind.indicator).replace(/\s*\(\d\)$/, '')),
      definition,
      currentPerformanceRaw: ind.current_performance_raw ? doc.quote(line, line, ind.current_performance_raw) : undefined,
      rating: 'unknown',
      textSays,
      source: { document: IPR_DOC, lines: doc.ref(line), note: 'The rating symbol of each indicator did not survive in the source; only the legend does [002:1261].' },
    };
  });

  const report: ReportIn = {
    id: IPR_REPORT,
    councilId: COUNCIL,
    kind: 'integrated-performance-report',
    title: visibleText(doc.line(684)),
    aliases: [visibleText(doc.line(30)).replace(/^6\.\s*/, '').replace(/\s*\(Pages[^)]*\)\s*$/, ''), doc.quote(1880, 1880, 'Performance Report – Quarter 2 2020/21')],
    periodLabel: 'Quarter 2, 2020/21',
    fyStartYear: 2020,
    quarter: 2,
    meetingId: MEETING,
    committeeId: COMMITTEE,
    reportOf: visibleText(doc.line(692)),
    commissioners: [commissioner('Andrew Donaldson', 865, 866), commissioner('Rob Salmon', 870, 871)],
    authors,
    recommendationsToCommittee: [doc.quote(690, 690, ipr.report.recommendation_raw)],
    overallAssessment: { rating: 'amber', ratingRaw: doc.quote(713, 713, 'amber'), sentence: overallSentence, periodLabel: 'Quarter 2, 2020/21', source: { document: IPR_DOC, lines: doc.ref(713) } },
    forecastOutturn,
    conflicts: [
      'The forecast overspend at Quarter 2 is given as "£1.809m (0.3%)" in the report summary [002:713] and as "£1.8m (0.8%)" in the Latest Financial Summary [002:881]; both are shown as reported.',
      `The agenda says "${visibleText(doc.line(32))}" [002:32]; the report itself says "${visibleText(doc.line(692))}" [002:692].`,
    ],
    financialHealthIndicators,
    indicatorLegendRaw: (fhi.legend_raw as string[]).map((l) => doc.quote(1261, 1261, l.trim())),
    figures,
    missingContent: [
      'The directorate summary graphics and their RAG markers are not in the source (blank lines 711, 719, 743 and 790); only the overall assessment word survives.',
      'The rating symbols of the financial health indicators are not in the source; only the legend survives [002:1261].',
    ],
    notes: [`${doc.quote(705, 705, ipr.report.cadence_raw)} [002:705]`],
    sensitivity: 'public',
    source: { document: IPR_DOC, lines: '002:682-1262' },
  };

  const plan: PlanIn = {
    id: IPR_COMMITMENTS_PLAN,
    councilId: COUNCIL,
    // Initials of a title are matched when people name a plan: "Commitments in the Integrated Performance ..." reads as CIP.
    title: 'Integrated Performance Report – Quarter 2, 2020/21: dated commitments',
    kind: 'report-commitments',
    draft: false,
    reportId: IPR_REPORT,
    reportingCommittee: 'Corporate Review Committee',
    statusLabels: {},
    summaryBuckets: [],
    source: { document: IPR_DOC, lines: '002:682-1262', note: 'Dated commitments the report makes in its narrative; it names an owner for one of them only.' },
    sensitivity: 'public',
    adminIds: [],
    digestEnabled: true,
  };
  const actions: ActionIn[] = (ipr.dated_commitments as Json[]).map((c) => {
    const [from, to] = c.evidence.line_range as [number, number];
    const text = doc.quote(from, to, c.text);
    // The reading's cross-document notes (a conflicting date elsewhere in the pack) are worth saying.
    const notes: string[] = (c.notes ?? []).filter((n: string) => /conflicting|DRAFT|TBC/.test(n)).map((n: string) => `Across the pack: ${n}`);
    const originalTarget = target(doc, from, to, c.target_raw);
    if (originalTarget?.kind === 'season' && !/\d{4}/.test(c.target_raw)) notes.push(`The year of "${c.target_raw}" is read from the report's date.`);
    if (originalTarget?.kind === 'month' && originalTarget.yearBasis === 'inferred') notes.push(`The year of "${c.target_raw}" is read from the report's date.`);
    const status: { canonical: CanonicalStatus; raw: string } | undefined =
      // "delayed ... the new service will now begin next year": put back to a new (relative) date, so DEFERRED, not slipped.
      c.status_raw === 'delayed'
        ? { canonical: 'DEFERRED', raw: doc.quote(from, to, 'has been delayed due to the Covid 19 pandemic') }
        : c.status_raw
          ? { canonical: 'IN_PROGRESS', raw: doc.quote(from, to, c.status_raw) }
          : undefined;
    return {
      id: `${IPR_COMMITMENTS_PLAN}-${c.id.slice(4)}`,
      planId: IPR_COMMITMENTS_PLAN,
      title: text,
      bullets: [],
      refCodes: [],
      owners: c.owner_raw ? [{ role: 'body' as const, group: c.owner_raw, raw: doc.quote(from, to, c.owner_raw) }] : [],
      delegateIds: [],
      originalTarget,
      revisions: [],
      milestones: [],
      status: status ?? { canonical: 'UNKNOWN' },
      dependsOn: [],
      bodiesMentioned: [],
      entryKind: COMMITMENT_KIND[c.type] ?? fail(`unknown commitment type ${c.type}`),
      sensitivity: 'public',
      source: { document: IPR_DOC, lines: doc.ref(from, to), note: notes.length ? notes.join(' ') : undefined },
      version: 1,
    };
  });
  return { report, plan, actions };
}

// ---------------------------------------------------------------------------------------------
// Complaints annual report 2019-20 and the Ombudsman remedies
// ---------------------------------------------------------------------------------------------

export function buildComplaintsReport(doc: SeedText, reading: Json, people: People) {
  const complaints = collection(reading, 'complaints-annual-report-2019-20');
  const figures: FigureIn[] = [];

  // Complaint volumes 2019-20 [002:291-294]: the bold number of each cell is its total.
  const header = doc.line(291).split('\t');
  for (const line of [292, 293, 294]) {
    const cells = doc.line(line).split('\t');
    const directorate = visibleText(cells[0]!);
    for (let c = 1; c < cells.length; c++) {
      const raw = cells[c]!;
      const bold = /<b>(\d+)<\/b>/.exec(raw)?.[1] ?? fail(`no bold total in "${raw}"`);
      figures.push({
        label: `${header[c]}, ${directorate}`,
        valueRaw: visibleText(raw),
        value: Number(bold),
        unit: 'count',
        periodLabel: '2019-20',
        group: 'Complaint volumes 2019-20',
        sentence: visibleText(doc.line(line)),
        source: { document: COMPLAINTS_DOC, lines: doc.ref(line) },
      });
    }
  }
  for (const text of complaints.headline_changes as string[]) {
    const line = doc.findLine(295, 306, text);
    const m = /^(.+?)\s+[–-]\s+(down|up) by (\d+%)$/.exec(text) ?? fail(`headline "${text}" not understood`);
    figures.push({ ...figure(doc, COMPLAINTS_DOC, line, m[1]!, m[3]!, { direction: m[2], periodLabel: '2019-20 compared with 2018-19', group: 'Headline changes' }), sentence: text });
  }
  // Outcomes, all services [002:320-324].
  const outcomeHeader = doc.line(320).split('\t');
  for (const line of [321, 322, 323, 324]) {
    const cells = doc.line(line).split('\t');
    for (let c = 1; c < cells.length; c++) {
      if (cells[c] === '-') continue;
      figures.push({ ...figure(doc, COMPLAINTS_DOC, line, `${cells[0]}, ${outcomeHeader[c]}`, cells[c]!, { group: 'Outcomes, all services', periodLabel: '2019-20' }), sentence: visibleText(doc.line(line)) });
    }
  }
  figures.push(
    figure(doc, COMPLAINTS_DOC, 446, 'Stage 2 Review requests', '34', { group: 'Stage 2 Reviews', periodLabel: '2019-20' }),
    figure(doc, COMPLAINTS_DOC, 446, 'Stage 2 Reviews that took place', '27', { group: 'Stage 2 Reviews', periodLabel: '2019-20' }),
    figure(doc, COMPLAINTS_DOC, 446, 'Stage 2 Review requests refused', '7', { group: 'Stage 2 Reviews', periodLabel: '2019-20' }),
    figure(doc, COMPLAINTS_DOC, 442, 'Stage 1 responses within corporate timescales', '65%', { group: 'Stage 1', periodLabel: '2019-20' }),
    figure(doc, COMPLAINTS_DOC, 432, 'Stage 1 complaints found Not Upheld', '51%', { group: 'Stage 1', periodLabel: '2019-20' }),
    figure(doc, COMPLAINTS_DOC, 511, 'Contacts from the Ombudsman', '33', { group: 'Local Government and Social Care Ombudsman', periodLabel: '2019-20' }),
    figure(doc, COMPLAINTS_DOC, 517, 'Ombudsman detailed investigations', '11', { group: 'Local Government and Social Care Ombudsman', periodLabel: '2019-20' }),
    figure(doc, COMPLAINTS_DOC, 625, 'Ombudsman investigations with a finding against the Council', 'two out of 11', {
      value: 2,
      unit: 'count',
      group: 'Local Government and Social Care Ombudsman',
      periodLabel: '2019-20',
    }),
  );

  const author = doc.quote(178, 178, 'Kate Bullivant');
  const authorRole = visibleText(doc.line(179)).replace(/^Job Title:\s*/, '');
  const ad = /Assistant Director:\s*(Tracy Thorley), (.+)$/.exec(visibleText(doc.line(176))) ?? fail('no Assistant Director on the complaints report');

  const report: ReportIn = {
    id: COMPLAINTS_REPORT,
    councilId: COUNCIL,
    kind: 'complaints-annual-report',
    title: complaints.report.title,
    aliases: [doc.quote(27, 27, 'Customer Feedback and Complaints Service - Annual Report 2019-20 (Corporate Services)'), 'Corporate Complaints Annual Report'],
    periodLabel: doc.quote(216, 216, 'April 2019 to March 2020'),
    fyStartYear: 2019,
    meetingId: MEETING,
    committeeId: COMMITTEE,
    reportOf: visibleText(doc.line(152)),
    commissioners: [{ name: ad[1]!, roleRaw: ad[2], personId: people.add(ad[1]!, { kind: 'officer', councilId: COUNCIL, jobTitle: ad[2], roleNote: 'Assistant Director named on the complaints annual report 2019-20' }) }],
    authors: [{ name: author, roleRaw: authorRole, personId: people.add(author, { kind: 'officer', councilId: COUNCIL, jobTitle: authorRole, roleNote: 'Report author, complaints annual report 2019-20' }) }],
    recommendationsToCommittee: [doc.quote(150, 150, complaints.report.recommendation_raw)],
    forecastOutturn: [],
    conflicts: [
      'Stage 1 Not Upheld is "56%" in the outcomes table [002:323] and "51%" in the Stage 1 overview [002:432]; both are shown as reported.',
    ],
    financialHealthIndicators: [],
    indicatorLegendRaw: [],
    figures,
    missingContent: [
      'The charts of the report (volumes, performance, outcomes) are not in the source.',
      'The Families and Communities outcome table has no figures in the source [002:398-401].',
      'The Stage 2 table has merged service cells whose row alignment is lost [002:451-476].',
    ],
    notes: [`${doc.quote(216, 216, 'Complaints regarding adult\'s social care and children\'s social care are not considered within this report')} [002:216]`],
    sensitivity: 'public',
    source: { document: COMPLAINTS_DOC, lines: '002:142-676' },
  };
  doc.quote(144, 144, report.title);

  // Ombudsman remedies [002:543-548] with their reported implementation [002:550].
  const implemented = sentenceWith(doc, 550, 'The Council has accepted the above recommendations have been implemented.');
  const plan: PlanIn = {
    id: OMBUDSMAN_REMEDIES_PLAN,
    councilId: COUNCIL,
    title: 'Ombudsman Remedies from the Complaints Annual Report 2019-20',
    kind: 'recommendation-tracker',
    draft: false,
    reportId: COMPLAINTS_REPORT,
    statusLabels: {},
    summaryBuckets: [],
    notes: [`${sentenceWith(doc, 550, 'Evidence of implementation has been provided to the Ombudsman')} [002:550]`],
    source: { document: COMPLAINTS_DOC, lines: '002:529-554' },
    sensitivity: 'public',
    adminIds: [],
    digestEnabled: true,
  };
  const recommendations: RecommendationIn[] = (complaints.lgsco_remedies as Json[]).map((r, i) => {
    const line = r.evidence.line_range[0] as number;
    return {
      id: `${OMBUDSMAN_REMEDIES_PLAN}-${i + 1}`,
      councilId: COUNCIL,
      planId: OMBUDSMAN_REMEDIES_PLAN,
      text: doc.quote(line, line, r.text),
      madeBy: 'ombudsman',
      introRaw: visibleText(doc.line(541)),
      addressedTo: 'the Council',
      partOfPartialList: false,
      status: { canonical: 'COMPLETED', raw: implemented },
      progress: [{ kind: 'reported', text: visibleText(doc.line(550)), source: { document: COMPLAINTS_DOC, lines: doc.ref(550) } }],
      variants: [],
      relatedPlanIds: [],
      sensitivity: 'public',
      source: { document: COMPLAINTS_DOC, lines: doc.ref(line) },
      version: 1,
    };
  });
  return { report, plan, recommendations };
}

// ---------------------------------------------------------------------------------------------
// Communities principle: the draft Cabinet report's recommendations, and the CIA's
// ---------------------------------------------------------------------------------------------

export function buildCommunitiesRecommendations(doc: SeedText, reading: Json) {
  const cabinet = collection(reading, 'communities-principle-cabinet-report');
  const cia = collection(reading, 'communities-delivery-plan-cia-recommendations');

  const reportPlan: PlanIn = {
    id: COMMUNITIES_REPORT_PLAN,
    councilId: COUNCIL,
    // Named so that it is not mistaken for the CIP or the Communities Delivery Plan when people name a plan
    // in a few words ("Principle" contains "cip"); the report's own title is in the source.
    title: 'Recommendations to Cabinet on the Communities update (draft report for 16 December 2020)',
    kind: 'recommendation-tracker',
    versionLabel: 'Draft',
    draft: true,
    relatedPlanIds: [CDP],
    statusLabels: {},
    summaryBuckets: [],
    notes: [
      `${doc.quote(1282, 1282, "The views of Corporate Review will then be used to inform the Communities Delivery Plan and shape the final version of the report before it is discussed at Public Cabinet on the 16th December 2020.")} [002:1282]`,
      `Listed as "${doc.quote(1308, 1308, "Appendix 1 – Draft ‘Communities Principle – Update and Delivery Plan’ Cabinet Report")}" [002:1308]. Cabinet's decision is not in the source.`,
    ],
    source: { document: COMMUNITIES_DOC, lines: '002:1346-1540' },
    sensitivity: 'public',
    adminIds: [],
    digestEnabled: true,
  };
  const recById = new Map<string, string>();
  const recommendations: RecommendationIn[] = [];
  const actions: ActionIn[] = [];
  for (const item of cabinet.items as Json[]) {
    const [from, to] = item.evidence.line_range as [number, number];
    const quoted = doc.quote(from, to, item.text);
    if (item.type === 'cabinet_recommendation') {
      const m = /^([a-z])\.\s+(.*)$/.exec(quoted) ?? fail(`recommendation "${quoted}" has no letter`);
      const id = `${COMMUNITIES_REPORT_PLAN}-rec-${m[1]}`;
      recById.set(item.id, id);
      // The committee covering report restates the recommendations [002:1292-1294].
      const coverLine = doc.findLine(1292, 1294, `${m[1]}. `);
      const coverText = visibleText(doc.line(coverLine)).replace(/^[a-z]\.\s+/, '');
      const variants = coverText !== m[2]
        ? [{ text: coverText, source: { document: `${PACK}, item 7 (covering report to the committee)`, lines: doc.ref(coverLine) }, note: 'The covering report to the committee words it differently.' }]
        : [];
      recommendations.push({
        id,
        councilId: COUNCIL,
        planId: COMMUNITIES_REPORT_PLAN,
        numberRaw: m[1],
        text: m[2]!,
        madeBy: 'report-to-cabinet',
        introRaw: visibleText(doc.line(1373)),
        addressedTo: 'Cabinet',
        partOfPartialList: false,
        status: { canonical: 'UNKNOWN' },
        progress: [],
        variants,
        relatedPlanIds: m[1] === 'b' ? [CDP] : [],
        sensitivity: 'public',
        source: { document: COMMUNITIES_DOC, lines: doc.ref(from, to), note: 'A recommendation of the draft report; Cabinet met on 16 December 2020, after the source.' },
        version: 1,
      });
    }
  }
  for (const item of cabinet.items as Json[]) {
    if (item.type === 'cabinet_recommendation') continue;
    const [from, to] = item.evidence.line_range as [number, number];
    const text = doc.quote(from, to, item.text);
    // Paragraphs 42-45 are about the funding review of recommendation c ("This paper recommends that a review of the current funding ... is undertaken" [002:1497]).
    const answersFundingReview = from >= 1495 && from <= 1498;
    const title =
      item.id === 'COMM-05'
        ? doc.quote(1495, 1495, 'During 2021 a further decision will need to be made by Cabinet regarding the future of the other streams of funding relating to the Communities principle moving forward.')
        : text;
    actions.push({
      id: `${COMMUNITIES_REPORT_PLAN}-${item.id.slice(5)}`,
      planId: COMMUNITIES_REPORT_PLAN,
      title,
      description: title === text ? undefined : text,
      bullets: [],
      refCodes: [],
      owners: [],
      delegateIds: [],
      originalTarget: target(doc, from, to, item.id === 'COMM-05' ? 'During 2021' : item.target_raw),
      revisions: [],
      milestones: [],
      status: { canonical: 'UNKNOWN' },
      dependsOn: [],
      bodiesMentioned: [],
      entryKind: item.type === 'decision_required' ? 'decision-required' : 'action',
      recommendationIds: answersFundingReview ? [recById.get('COMM-03')!] : [],
      sensitivity: 'public',
      source: {
        document: COMMUNITIES_DOC,
        lines: doc.ref(from, to),
        note: answersFundingReview ? 'Linked to recommendation c: the paragraph is part of the funding review it asks for [002:1495-1498].' : undefined,
      },
      version: 1,
    });
  }

  const ciaPlan: PlanIn = {
    id: CIA_PLAN,
    councilId: COUNCIL,
    // No abbreviation: "CIA" is inside "financial" and "social", and plan names are matched loosely;
    // the initials of the title still find it by "CIA".
    title: 'Community Impact Assessment recommendations (draft, for Cabinet on 16 December 2020)',
    kind: 'recommendation-tracker',
    versionLabel: 'Draft',
    draft: true,
    relatedPlanIds: [CDP],
    statusLabels: {},
    summaryBuckets: [],
    notes: [`${doc.quote(1304, 1304, 'The current draft version of this CIA has been attached for discussion.')} [002:1304]`],
    source: { document: CIA_DOC, lines: '002:1695-1918' },
    sensitivity: 'public',
    adminIds: [],
    digestEnabled: true,
  };
  const introRaw = doc.quote(1747, 1747, '3.1. Based on the assessment below, this CIA makes the following overarching recommendations in order to mitigate these risks and support the Communities principle and the Communities Delivery Plan:');
  const ciaRecommendations: RecommendationIn[] = (cia.items as Json[]).map((r, i) => {
    const line = r.evidence.line_range[0] as number;
    const text = doc.quote(line, line, r.text);
    const textRaw = doc.line(line).replace(/^\s*-\s+/, '');
    return {
      id: `${CIA_PLAN}-rec-${i + 1}`,
      councilId: COUNCIL,
      planId: CIA_PLAN,
      text,
      textRaw: textRaw !== text ? textRaw : undefined,
      madeBy: 'community-impact-assessment',
      introRaw,
      partOfPartialList: false,
      status: { canonical: 'UNKNOWN' },
      progress: [],
      variants: [],
      relatedPlanIds: [CDP],
      sensitivity: 'public',
      source: { document: CIA_DOC, lines: doc.ref(line), note: 'No action of the delivery plan is tied to it in the source.' },
      version: 1,
    };
  });
  return { plans: [reportPlan, ciaPlan], recommendations: [...recommendations, ...ciaRecommendations], actions };
}
