/**
 * The data model: zod schemas are the single source of truth, TypeScript types are inferred.
 *
 * Principles (see docs/architecture.md):
 * - raw source text is kept beside every parsed value (`raw` + parsed), never "repaired";
 * - reported figures (from a document) and computed figures never share a field;
 * - records that can be written concurrently carry a `version` for optimistic concurrency.
 */
import { z } from 'zod';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const IsoMonth = z.string().regex(/^\d{4}-\d{2}$/, 'expected YYYY-MM');
/** An instant, ISO 8601 with offset or Z. */
export const IsoInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'expected an ISO 8601 date-time');
export const Id = z.string().min(1).max(200);

/** Where a fact came from: a document (and lines), an import, or a chat command. */
export const SourceRef = z.object({
  document: z.string(),
  lines: z.string().optional(),
  note: z.string().optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

// ---------------------------------------------------------------------------------------------
// Date expressions: "Ongoing", "TBC", "2021 (TBC)", "Early 21 (TBC)", "Oct 20 (Launch) Jan 21
// (allocation)", "by March 2018", "31 March 2019", "summer 2021", "during 2021/22", ...
// ---------------------------------------------------------------------------------------------

export const DateQualifier = z.enum(['by', 'end of', 'before', 'until', 'at the latest', 'from', 'during']);

const DateExprSingleShape = {
  date: z.object({ kind: z.literal('date'), raw: z.string(), value: IsoDate, qualifier: DateQualifier.optional(), annotation: z.string().optional() }),
  month: z.object({
    kind: z.literal('month'),
    raw: z.string(),
    value: IsoMonth,
    qualifier: DateQualifier.optional(),
    annotation: z.string().optional(),
    yearBasis: z.enum(['stated', 'inferred']).default('stated'),
    tentative: z.boolean().default(false),
  }),
  season: z.object({
    kind: z.literal('season'),
    raw: z.string(),
    year: z.number().int(),
    season: z.enum(['spring', 'summer', 'autumn', 'winter']),
    tentative: z.boolean().default(false),
  }),
  approximate: z.object({
    kind: z.literal('approximate'),
    raw: z.string(),
    year: z.number().int(),
    part: z.enum(['early', 'mid', 'late']),
    tentative: z.boolean().default(false),
    annotation: z.string().optional(),
  }),
  quarter: z.object({
    kind: z.literal('quarter'),
    raw: z.string(),
    /** UK financial year start, e.g. 2020 for 2020/21. */
    fyStartYear: z.number().int(),
    quarter: z.number().int().min(1).max(4),
  }),
  financialYear: z.object({ kind: z.literal('financial_year'), raw: z.string(), fyStartYear: z.number().int() }),
  year: z.object({ kind: z.literal('year'), raw: z.string(), value: z.number().int(), tentative: z.boolean().default(false) }),
  relative: z.object({ kind: z.literal('relative'), raw: z.string(), anchor: IsoDate.optional() }),
  ongoing: z.object({ kind: z.literal('ongoing'), raw: z.string() }),
  tbc: z.object({ kind: z.literal('tbc'), raw: z.string() }),
};

export const SimpleDateExpr = z.discriminatedUnion('kind', [
  DateExprSingleShape.date,
  DateExprSingleShape.month,
  DateExprSingleShape.season,
  DateExprSingleShape.approximate,
  DateExprSingleShape.quarter,
  DateExprSingleShape.financialYear,
  DateExprSingleShape.year,
  DateExprSingleShape.relative,
  DateExprSingleShape.ongoing,
  DateExprSingleShape.tbc,
]);
export type SimpleDateExpr = z.infer<typeof SimpleDateExpr>;

export const Milestone = z.object({ label: z.string(), at: SimpleDateExpr });
export type Milestone = z.infer<typeof Milestone>;

export const MilestonesDateExpr = z.object({ kind: z.literal('milestones'), raw: z.string(), milestones: z.array(Milestone).min(1) });

export const DateExpr = z.union([SimpleDateExpr, MilestonesDateExpr]);
export type DateExpr = z.infer<typeof DateExpr>;

// ---------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------

export const CanonicalStatus = z.enum([
  'NOT_STARTED',
  'IN_PROGRESS',
  'ON_TRACK',
  'AT_RISK',
  'SLIPPED',
  'COMPLETED',
  'DEFERRED',
  'ONGOING',
  'CLOSED_WITHDRAWN',
  'UNKNOWN',
]);
export type CanonicalStatus = z.infer<typeof CanonicalStatus>;

export const ActionStatus = z.object({
  canonical: CanonicalStatus,
  /** The council's own label ("Slippage", "In progress"), or the sentence it came from. */
  raw: z.string().optional(),
  asAt: IsoDate.optional(),
});
export type ActionStatus = z.infer<typeof ActionStatus>;

// ---------------------------------------------------------------------------------------------
// Council, people, plans, themes, actions
// ---------------------------------------------------------------------------------------------

export const CallInRules = z.object({
  /** Working days allowed for call-in, counted from the day after publication. */
  workingDays: z.number().int().min(1).max(30).default(5),
  /** Optional cut-off on the last day, "16:00" (Salford: 4pm on the fifth working day). */
  cutOffTime: z.string().regex(/^\d{2}:\d{2}$/).optional(),
  signatoriesRequired: z.number().int().min(1).max(20).default(5),
  signatoriesDescription: z.string().optional(),
  urgencyApprover: z.string().optional(),
  /** Clear days' notice for agenda publication (reg 6: 5). */
  agendaClearDays: z.number().int().min(0).max(60).default(5),
  /** Clear days' notice for a key decision (reg 9: 28). */
  keyDecisionNoticeClearDays: z.number().int().min(0).max(90).default(28),
  /** Extra closure days (council-specific), YYYY-MM-DD. */
  extraClosureDays: z.array(IsoDate).default([]),
  /** Working days before a reserved call-in date when the support officer and chair are reminded. */
  reminderWorkingDaysBefore: z.number().int().min(0).max(20).default(2),
});
export type CallInRules = z.infer<typeof CallInRules>;

export const Council = z.object({
  id: Id,
  name: z.string(),
  /** Other names people and documents use ("Stoke", "Stoke City Council", "Staffs"). */
  aliases: z.array(z.string()).optional(),
  type: z.enum(['county', 'city', 'district', 'unitary', 'metropolitan', 'london-borough', 'other']).default('other'),
  timeZone: z.string().default('Europe/London'),
  callInRules: CallInRules.default(CallInRules.parse({})),
});
export type Council = z.infer<typeof Council>;

export const Person = z.object({
  id: Id,
  name: z.string(),
  /** Spelling variants seen in documents ("Darryl Eyers" for "Darryl Evers"). */
  aliases: z.array(z.string()).default([]),
  email: z.string().optional(),
  aadObjectId: z.string().optional(),
  jobTitle: z.string().optional(),
  /** Councillor (member) or officer; unknown when the documents do not say. */
  kind: z.enum(['member', 'officer', 'unknown']).default('unknown'),
  roleNotes: z.array(z.string()).default([]),
  councilId: Id.optional(),
  version: z.number().int().default(1),
});
export type Person = z.infer<typeof Person>;

/**
 * What kind of collection a plan is. 'recommendations' is the older name of 'recommendation-tracker'
 * and is kept so that store files written before the rename still load; read both the same way.
 */
export const PlanKind = z.enum([
  'improvement-plan',
  'delivery-plan',
  'operating-plan',
  'action-plan',
  'recommendations',
  /** The actions an Annual Governance Statement reports on (Stoke AGS 2020/21). */
  'governance-action-plan',
  /** Recommendations made to the council (peer challenge, impact assessment, Ombudsman) and what answers them. */
  'recommendation-tracker',
  /** An action plan drawn up to answer one review (Local Partnerships review, Internal Audit review). */
  'review-action-plan',
  /** The dated commitments a periodic report makes ("grants will be awarded in November 2020"). */
  'report-commitments',
]);
export type PlanKind = z.infer<typeof PlanKind>;

export const Plan = z.object({
  id: Id,
  councilId: Id,
  title: z.string(),
  abbreviation: z.string().optional(),
  kind: PlanKind.default('action-plan'),
  versionLabel: z.string().optional(),
  draft: z.boolean().default(false),
  asAt: IsoDate.optional(),
  /** The as-at as the document words it ("considered up to July 2021"), when it gives no day. */
  asAtRaw: z.string().optional(),
  introduced: z.string().optional(),
  origin: z.string().optional(),
  /** Plans this one is about or answers (a recommendation tracker about the Communities Delivery Plan). */
  relatedPlanIds: z.array(Id).optional(),
  /** The periodic report whose commitments this plan holds (kind 'report-commitments'). */
  reportId: Id.optional(),
  /** Facts about the plan as a whole, as written, with their lines ("Helen Murray ... is the main point of contact"). */
  notes: z.array(z.string()).optional(),
  statedActionCount: z.number().int().optional(),
  statedThemeCount: z.number().int().optional(),
  reportingCommittee: z.string().optional(),
  /** How this council's own status labels map to canonical statuses (lower-cased label -> status). */
  statusLabels: z.record(z.string(), CanonicalStatus).default({}),
  /** The council's committee-table buckets (canonical status -> bucket label), in table order. */
  summaryBuckets: z
    .array(z.object({ label: z.string(), statuses: z.array(CanonicalStatus) }))
    .default([]),
  source: SourceRef.optional(),
  sensitivity: z.enum(['public', 'internal', 'exempt']).default('public'),
  /** Committee channels / admins: people ids who may administer this plan. */
  adminIds: z.array(Id).default([]),
  digestEnabled: z.boolean().default(true),
});
export type Plan = z.infer<typeof Plan>;

export const Theme = z.object({
  id: Id,
  planId: Id,
  number: z.number().int().optional(),
  name: z.string().optional(),
  /** Deeper plans: overview group > section > sub-heading. An operating plan has themes and enabling functions. */
  kind: z.enum(['theme', 'group', 'section', 'subheading', 'enabling-function']).default('theme'),
  parentId: Id.optional(),
  /** A code that is not a plain number ("A" for the Operating Plan's Finance, Audit and Assurance). */
  code: z.string().optional(),
  /** The heading line as written ("## **B - Workforce and Organisational Development**"). */
  headingRaw: z.string().optional(),
  source: SourceRef.optional(),
  /** How sure we are of the number/name mapping when the source lost it ("inferred", "unknown"). */
  basis: z.string().optional(),
});
export type Theme = z.infer<typeof Theme>;

export const OwnerRole = z.enum(['lead', 'wltOwner', 'deliveryLead', 'body']);
export type OwnerRole = z.infer<typeof OwnerRole>;

export const Owner = z.object({
  role: OwnerRole,
  /** Set when the owner is a known person. */
  personId: Id.optional(),
  /** Set when the owner is a group or role ("SDMs", "CCSMs", "Member: Leader"). */
  group: z.string().optional(),
  /** The text as written in the source cell. */
  raw: z.string(),
});
export type Owner = z.infer<typeof Owner>;

export const RevisionState = z.enum(['proposed', 'endorsed', 'rejected']);
export const Revision = z.object({
  id: Id,
  from: DateExpr.optional(),
  to: DateExpr,
  reason: z.string().optional(),
  state: RevisionState,
  raw: z.string().optional(),
  proposedBy: Id.optional(),
  proposedAt: IsoInstant.optional(),
  decidedBy: Id.optional(),
  decidedAt: IsoInstant.optional(),
  /** Meeting that endorsed/rejected it, and its date. */
  meetingId: Id.optional(),
  meetingDate: IsoDate.optional(),
  decisionNote: z.string().optional(),
  source: SourceRef.optional(),
});
export type Revision = z.infer<typeof Revision>;

/**
 * Statements and reviews mix actions with other kinds of entry. The kind is kept so that
 * "outstanding governance actions" can leave out a finding or a reporting arrangement, while every
 * entry with an owner or a date still reaches the digest like any other action.
 */
export const ActionEntryKind = z.enum([
  'action',
  /** An action plan drawn up to answer a review, reported on as a whole. */
  'action-plan',
  'improvement-plan',
  'workplan',
  'commitment',
  /** Something planned to happen on a date (a report to Cabinet, an inspection). */
  'planned-event',
  /** Areas for improvement an inspection named. */
  'area-for-improvement',
  /** A reference to recommendations being implemented ("the implementation of internal audit recommendations"). */
  'recommendations-reference',
  /** A finding about the council (a qualified value for money conclusion). */
  'finding',
  /** Priorities a strategy identified. */
  'priorities',
  /** How something is monitored or reported (a monthly dashboard). */
  'reporting-arrangement',
  /** A suggestion a reviewer made in passing (not one of the formal recommendations). */
  'suggestion',
  'offer-of-support',
  'target',
  'programme',
  /** A decision someone will need to take ("a further decision will need to be made by Cabinet"). */
  'decision-required',
  /** An issue the council faces that the source records without an action. */
  'issue',
]);
export type ActionEntryKind = z.infer<typeof ActionEntryKind>;

export const Action = z.object({
  id: Id,
  planId: Id,
  themeId: Id.optional(),
  /** Clean number ("5.5"); numberRaw keeps the source form ("5.5."). */
  number: z.string().optional(),
  numberRaw: z.string().optional(),
  title: z.string(),
  description: z.string().optional(),
  bullets: z.array(z.string()).default([]),
  refCodes: z.array(z.string()).default([]),
  owners: z.array(Owner).default([]),
  /** People the lead officer has allowed to record updates. */
  delegateIds: z.array(Id).default([]),
  originalTarget: DateExpr.optional(),
  revisions: z.array(Revision).default([]),
  milestones: z.array(Milestone).default([]),
  status: ActionStatus,
  commentary: z.string().optional(),
  commentaryAsAt: IsoDate.optional(),
  /** Last time anyone recorded an update (drives "no update for X weeks"). */
  lastUpdatedAt: IsoInstant.optional(),
  dependsOn: z.array(z.string()).default([]),
  dependencyRaw: z.string().optional(),
  bodiesMentioned: z.array(z.string()).default([]),
  /** Which list of the committee report it was itemised in, as reported ("4.6 completed since launch"). */
  reportedCategory: z.string().optional(),
  /** What the source makes of the entry, when it is not a plain action (see ActionEntryKind). */
  entryKind: ActionEntryKind.optional(),
  /** Recommendations this action answers, where the source places it as the answer. */
  recommendationIds: z.array(Id).optional(),
  /** How often it is reported or reviewed, as written ("on a quarterly basis"). */
  cadenceRaw: z.string().optional(),
  /** A review-driven plan this entry reports on as a whole (the AGS line on the Local Partnerships action plan). */
  tracksPlanId: Id.optional(),
  sensitivity: z.enum(['public', 'internal', 'exempt']).default('public'),
  source: SourceRef.optional(),
  version: z.number().int().default(1),
});
export type Action = z.infer<typeof Action>;


/** A figure taken from a document (never recomputed into the same field). */
export const ReportedSummary = z.object({
  id: Id,
  planId: Id,
  /** The period as the document labels it ("June 2018"). */
  periodLabel: z.string(),
  asAt: IsoDate.optional(),
  rows: z.array(z.object({ label: z.string(), count: z.number().int() })),
  total: z.number().int().optional(),
  overallAssessment: z.string().optional(),
  source: SourceRef,
});
export type ReportedSummary = z.infer<typeof ReportedSummary>;

/** Achievements as a report states them ("Achievements over the last six months include..."), by theme. */
export const Achievement = z.object({
  id: Id,
  planId: Id,
  themeId: Id.optional(),
  headingRaw: z.string(),
  text: z.string(),
  /** The window as the report words it, and the report's as-at date. */
  periodLabel: z.string(),
  asAt: IsoDate.optional(),
  source: SourceRef,
});
export type Achievement = z.infer<typeof Achievement>;

export const ProgressUpdate = z.object({
  id: Id,
  actionId: Id,
  authorId: Id.optional(),
  authorName: z.string(),
  authoredAt: IsoInstant,
  channel: z.enum(['teams-text', 'teams-card', 'import', 'seed', 'admin']),
  /** update = new information; edit = same author within 15 minutes; no-change = confirmed as before. */
  kind: z.enum(['update', 'edit', 'no-change']).default('update'),
  asAt: IsoDate.optional(),
  status: ActionStatus.optional(),
  commentary: z.string().optional(),
  proposedRevisedTarget: DateExpr.optional(),
  reasonForChange: z.string().optional(),
  mitigation: z.string().optional(),
  nextSteps: z.string().optional(),
  /** Values before this update, for "history of 2.2". */
  previous: z
    .object({ status: ActionStatus.optional(), commentary: z.string().optional(), target: z.string().optional() })
    .default({}),
  /** Id of the update this one edits (kind = edit). */
  editsUpdateId: Id.optional(),
  /** Teams activity id or invoke id: the same delivery is recorded once. */
  idempotencyKey: z.string().optional(),
  roundId: Id.optional(),
});
export type ProgressUpdate = z.infer<typeof ProgressUpdate>;

// ---------------------------------------------------------------------------------------------
// Committees, meetings, work programmes, decisions
// ---------------------------------------------------------------------------------------------

export const CommitteeMember = z.object({
  personId: Id,
  role: z.enum(['chair', 'vice-chair', 'opposition-vice-chair', 'member']),
  titleRaw: z.string().optional(),
  /** Which list(s) name them: membership lists in one pack disagree. */
  listedIn: z.array(z.string()).default([]),
});

export const WorkingGroup = z.object({
  id: Id,
  name: z.string(),
  appointedRaw: z.string().optional(),
  appointedOn: IsoDate.optional(),
  members: z.array(z.object({ personId: Id, chair: z.boolean().default(false) })).default([]),
  observerIds: z.array(Id).default([]),
  finalReportMeetingId: Id.optional(),
  finalReportTitle: z.string().optional(),
  status: z.string().optional(),
  notes: z.array(z.string()).default([]),
});
export type WorkingGroup = z.infer<typeof WorkingGroup>;

export const Committee = z.object({
  id: Id,
  councilId: Id,
  name: z.string(),
  aliases: z.array(z.string()).default([]),
  type: z.enum(['scrutiny', 'audit', 'cabinet', 'select', 'joint', 'standards', 'other']).default('scrutiny'),
  description: z.string().optional(),
  remit: z.array(z.string()).default([]),
  members: z.array(CommitteeMember).default([]),
  supportOfficers: z.array(z.object({ personId: Id, roleRaw: z.string().optional(), phone: z.string().optional() })).default([]),
  workingGroups: z.array(WorkingGroup).default([]),
  relatedCommittees: z.array(z.string()).default([]),
  workProgrammeDraft: z.boolean().default(false),
  source: SourceRef.optional(),
});
export type Committee = z.infer<typeof Committee>;

export const ExemptInfo = z.object({
  /** "LGA 1972 Sch 12A" (England), "LGA 1972 Sch 12A (Wales)", pre-2006 numbering, ... */
  regime: z.string(),
  paragraph: z.number().int().optional(),
  label: z.string().optional(),
});

export const AgendaItem = z.object({
  id: Id,
  number: z.number().int().optional(),
  title: z.string(),
  aliases: z.array(z.string()).default([]),
  part: z.enum(['ONE', 'TWO']).default('ONE'),
  exempt: ExemptInfo.optional(),
  reportOf: z.string().optional(),
  reportType: z.enum(['written', 'verbal', 'procedural']).default('written'),
  pages: z.string().optional(),
  cabinetMemberIds: z.array(Id).default([]),
  /** Roles given instead of names ("Leader"). */
  cabinetMemberRoles: z.array(z.string()).default([]),
  officerIds: z.array(Id).default([]),
  scrutinyType: z.enum(['pre-decision', 'performance', 'annual', 'update', 'verbal', 'call-in', 'other']).optional(),
  /** Where the decision goes next: "Cabinet 16 December 2020". */
  decisionBody: z.string().optional(),
  decisionDate: IsoDate.optional(),
  background: z.string().optional(),
  outcome: z.string().optional(),
  /** "agenda" (the published agenda) or "work-programme" (the forward plan table). */
  provenance: z.array(z.string()).default([]),
  notes: z.array(z.string()).default([]),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

export const Resolution = z.object({
  id: Id,
  minuteNo: z.number().int().optional(),
  minuteTitle: z.string().optional(),
  text: z.string(),
  kind: z.enum(['resolution', 'undertaking', 'outcome']),
  ownerText: z.string().optional(),
  ownerPersonId: Id.optional(),
  dueText: z.string().optional(),
  status: z.enum(['open', 'closed', 'noted']).default('open'),
  closureEvidence: z.string().optional(),
  source: SourceRef.optional(),
});
export type Resolution = z.infer<typeof Resolution>;

export const Meeting = z.object({
  id: Id,
  committeeId: Id,
  date: IsoDate,
  /** Normalised 24h time "14:00"; timeRaw keeps "2.pm". */
  time: z.string().regex(/^\d{2}:\d{2}$/).optional(),
  timeRaw: z.string().optional(),
  reservedForCallIn: z.boolean().default(false),
  cancelled: z.boolean().default(false),
  strikeThrough: z.boolean().default(false),
  hasBusiness: z.boolean().default(false),
  virtual: z.boolean().optional(),
  format: z.string().optional(),
  hostedBy: z.string().optional(),
  jointWith: z.string().optional(),
  yearInferred: z.boolean().default(false),
  /** The raw entries from each source: the work-programme table and the calendar can disagree. */
  sources: z.array(z.object({ source: z.string(), raw: z.string(), lines: z.string().optional() })).default([]),
  /** Disagreements between sources, said to the user. */
  conflicts: z.array(z.string()).default([]),
  items: z.array(AgendaItem).default([]),
  /** Part Two exists on the agenda even when no items are listed (withheld). */
  partTwoHeading: z.boolean().default(false),
  agendaIssued: z.string().optional(),
  resolutions: z.array(Resolution).default([]),
  notes: z.array(z.string()).default([]),
  version: z.number().int().default(1),
});
export type Meeting = z.infer<typeof Meeting>;

export const WorkProgrammeItem = z.object({
  id: Id,
  committeeId: Id,
  topic: z.string(),
  status: z.enum(['tbc', 'for-consideration', 'briefing-note', 'scheduled']),
  cabinetMemberIds: z.array(Id).default([]),
  officerIds: z.array(Id).default([]),
  background: z.string().optional(),
  targetTimingRaw: z.string().optional(),
  possibleOption: z.string().optional(),
  /** Dates mentioned inside the text ("Raised at 3/7/20 committee"), read UK day-first. */
  mentionedDates: z.array(z.object({ raw: z.string(), date: IsoDate })).default([]),
  suggestedBy: Id.optional(),
  suggestedAt: IsoInstant.optional(),
  notes: z.array(z.string()).default([]),
  source: SourceRef.optional(),
});
export type WorkProgrammeItem = z.infer<typeof WorkProgrammeItem>;

export const Decision = z.object({
  id: Id,
  councilId: Id,
  title: z.string(),
  decisionMaker: z.string(),
  takenOn: IsoDate,
  publishedOn: IsoDate,
  keyDecision: z.boolean().default(false),
  subjectToCallIn: z.boolean().default(true),
  urgencyReason: z.string().optional(),
  calledIn: z.boolean().default(false),
  calledInOn: IsoDate.optional(),
  exempt: z.boolean().default(false),
  recordedBy: Id.optional(),
  source: SourceRef.optional(),
  version: z.number().int().default(1),
});
export type Decision = z.infer<typeof Decision>;

// ---------------------------------------------------------------------------------------------
// Recommendations, performance measures, operating plans and periodic reports
//
// Every record below carries its council id and its source; fields added to the older records
// above are optional, so store files and code written before them keep working.
// ---------------------------------------------------------------------------------------------

export const SensitivityLevel = z.enum(['public', 'internal', 'exempt']);

/** A passage of the source about a recommendation, kept as written, one paragraph per entry. */
export const RecommendationProgress = z.object({
  /**
   * 'reported': what the council told the reviewers (or a report says) was done;
   * 'reviewer-view': what the reviewers made of it ("the peer team would encourage ...").
   */
  kind: z.enum(['reported', 'reviewer-view']),
  text: z.string(),
  /** When it was said, as a date and as written ("12th December 2022"). */
  asAt: IsoDate.optional(),
  asAtRaw: z.string().optional(),
  source: SourceRef,
});
export type RecommendationProgress = z.infer<typeof RecommendationProgress>;

/**
 * A recommendation made to the council: by a peer challenge, a community impact assessment, a
 * report to Cabinet, the Ombudsman, an inspection or an audit. The actions that answer it point to
 * it (Action.recommendationIds); the recommendation itself holds only what the source says of it.
 */
export const Recommendation = z.object({
  id: Id,
  councilId: Id,
  /** The recommendation tracker it belongs to (a plan of kind 'recommendation-tracker'). */
  planId: Id,
  themeId: Id.optional(),
  /** Its letter or number where the source gives one ("c"), as written. */
  numberRaw: z.string().optional(),
  /** The recommendation as written (markup such as bold removed; textRaw keeps it when it differs). */
  text: z.string(),
  textRaw: z.string().optional(),
  madeBy: z.enum(['peer-challenge', 'community-impact-assessment', 'report-to-cabinet', 'ombudsman', 'inspection', 'audit', 'other']),
  /** The sentence that introduces it, as written ("The corporate peer challenge recommended that the council:"). */
  introRaw: z.string().optional(),
  /** Who it is addressed to, as written ("Cabinet"). */
  addressedTo: z.string().optional(),
  /** The source introduces its list with "included:": other recommendations may exist that it does not list. */
  partOfPartialList: z.boolean().default(false),
  /** Status as reported; UNKNOWN when the source gives none (the peer review gives narrative only). */
  status: ActionStatus,
  progress: z.array(RecommendationProgress).default([]),
  /** The same recommendation worded differently elsewhere ("in 2021" vs "early 2021"). */
  variants: z.array(z.object({ text: z.string(), source: SourceRef, note: z.string().optional() })).default([]),
  /** Plans it is about (the Community Impact Assessment recommendations are about the Communities Delivery Plan). */
  relatedPlanIds: z.array(Id).default([]),
  sensitivity: SensitivityLevel.default('public'),
  source: SourceRef,
  version: z.number().int().default(1),
});
export type Recommendation = z.infer<typeof Recommendation>;

/**
 * Benchmark position and trajectory as the Operating Plan reports them. They are never turned into a
 * red/amber/green colour: whether "Above Average" is good depends on the measure (new business starts
 * vs teenage conceptions), and the source gives no polarity, targets or values.
 */
export const BenchmarkPosition = z.enum(['above-average', 'average', 'below-average', 'not-applicable', 'to-be-confirmed']);
export type BenchmarkPosition = z.infer<typeof BenchmarkPosition>;
export const Trajectory = z.enum(['improving', 'stable', 'declining', 'not-applicable']);
export type Trajectory = z.infer<typeof Trajectory>;

export const PerformanceMeasure = z.object({
  id: Id,
  councilId: Id,
  /** The plan whose appendix lists it (Stoke's Operating Plan 2020-21). */
  planId: Id,
  /** Normalised number ("EP 3", "VUL 10b"); numberRaw keeps the source form ("EP3", "Vul 10b", "<u>COU 1</u>"). */
  number: z.string(),
  numberRaw: z.string(),
  /** The priority code of the number ("EP"), its position (3) and letter ("b"). */
  prefix: z.string(),
  sequence: z.number().int(),
  suffix: z.string().optional(),
  /** The measure as written, units included ("Teenage Conceptions (Rate per 1,000)"). */
  measure: z.string(),
  /** The priority heading it sits under, as written (markup removed), and the heading line itself. */
  priority: z.string(),
  priorityRaw: z.string(),
  category: z.enum(['population-outcome', 'process']),
  /** The sub-heading as written ("Population Outcomes", "Process Measures"). */
  categoryRaw: z.string(),
  benchmark: z.object({
    /** As written, markup included ("<b>Below Average</b>", "N/A", "Tbc"). */
    raw: z.string(),
    value: BenchmarkPosition,
    /** Words that qualify the position ("except unclassified roads"). */
    qualifier: z.string().optional(),
  }),
  trajectory: z.object({
    raw: z.string(),
    value: Trajectory,
    /** The period the column header gives ("last 12 months"). */
    periodRaw: z.string(),
  }),
  /** Listed as a new measure with no trajectory yet ("N/a – New measure"). */
  newMeasure: z.boolean().default(false),
  sensitivity: SensitivityLevel.default('public'),
  source: SourceRef,
});
export type PerformanceMeasure = z.infer<typeof PerformanceMeasure>;

export const OperatingPlanList = z.enum(['key-priority', 'key-activity', 'improvement-project', 'efficiency-commitment', 'key-risk']);
export type OperatingPlanList = z.infer<typeof OperatingPlanList>;

const OperatingPlanSubItem = z.object({
  text: z.string(),
  objectiveCodes: z.array(z.number().int()).default([]),
  objectiveCodesRaw: z.string().optional(),
  source: SourceRef,
});

/**
 * One entry of an operating plan section: a key priority (with the strategic objective codes in
 * brackets), key activity, improvement project, efficiency commitment or key risk. The plan says it
 * gives no owners, milestones or targets for these, so they are not actions and never reach a digest.
 */
export const OperatingPlanItem = z.object({
  id: Id,
  councilId: Id,
  planId: Id,
  /** The strategic theme or enabling function (a Theme of the plan). */
  themeId: Id,
  list: OperatingPlanList,
  /** The sub-heading as written ("Key Improvement projects", "Risks"). */
  listHeadingRaw: z.string(),
  /** 1-based position within its list. */
  position: z.number().int().min(1),
  /** As written, codes included ("... supported by a clear programme plan. (1, 2, 4)"). */
  text: z.string(),
  objectiveCodes: z.array(z.number().int()).default([]),
  objectiveCodesRaw: z.string().optional(),
  subItems: z.array(OperatingPlanSubItem).default([]),
  sensitivity: SensitivityLevel.default('public'),
  source: SourceRef,
});
export type OperatingPlanItem = z.infer<typeof OperatingPlanItem>;

/** A figure as a report states it: never recomputed, two reports of one figure are both kept. */
export const ReportedFigure = z.object({
  /** What it is ("Revenue forecast outturn", "Stage 1 complaints, Corporate Services"). */
  label: z.string(),
  /** As written ("£1.809m", "0.3%", "63", "down by 30%"). */
  valueRaw: z.string(),
  /** The number in it, when there is exactly one (1.809 for "£1.809m"); unit says what it counts. */
  value: z.number().optional(),
  unit: z.enum(['GBP million', 'GBP', 'percent', 'count', 'days', 'percentage points']).optional(),
  /** Which way, as the sentence says ("overspend", "saving", "down"). */
  direction: z.string().optional(),
  periodLabel: z.string().optional(),
  /** Groups figures of one table or paragraph ("Complaint volumes 2019-20"). */
  group: z.string().optional(),
  /** The sentence or table row it comes from, as written. */
  sentence: z.string(),
  source: SourceRef,
  note: z.string().optional(),
});
export type ReportedFigure = z.infer<typeof ReportedFigure>;

/** A threshold indicator with a three-level legend; the per-indicator symbols may be lost. */
export const FinancialHealthIndicator = z.object({
  id: Id,
  name: z.string(),
  /** The threshold as written ("... does not exceed £14.7m"). */
  definition: z.string(),
  currentPerformanceRaw: z.string().optional(),
  /** The rating as the report shows it; 'unknown' when its symbol did not survive. */
  rating: z.enum(['met', 'not-met-by-small-margin', 'not-met', 'unknown']),
  /** What the report's text says about it elsewhere ("this is over the target of £14.7m by £4.311m"). */
  textSays: z.object({ text: z.string(), source: SourceRef }).optional(),
  source: SourceRef,
});
export type FinancialHealthIndicator = z.infer<typeof FinancialHealthIndicator>;

export const ReportPerson = z.object({
  name: z.string(),
  roleRaw: z.string().optional(),
  personId: Id.optional(),
});

/**
 * A periodic report: the quarterly integrated performance report, the annual complaints report.
 * Ratings and figures are as reported, with the period and the lines they come from.
 */
export const PeriodicReport = z.object({
  id: Id,
  councilId: Id,
  kind: z.enum(['integrated-performance-report', 'complaints-annual-report']),
  title: z.string(),
  /** Other titles used for it in the same pack ("Performance Report"). */
  aliases: z.array(z.string()).default([]),
  /** The period as the report labels it ("Quarter 2, 2020/21", "April 2019 and March 2020"). */
  periodLabel: z.string(),
  /** UK financial year start (2020 for 2020/21) and quarter, when the report is quarterly. */
  fyStartYear: z.number().int().optional(),
  quarter: z.number().int().min(1).max(4).optional(),
  /** The meeting it went to, when it is in the store, and the committee. */
  meetingId: Id.optional(),
  committeeId: Id.optional(),
  reportOf: z.string().optional(),
  commissioners: z.array(ReportPerson).default([]),
  authors: z.array(ReportPerson).default([]),
  /** What the committee is asked to do, as written. */
  recommendationsToCommittee: z.array(z.string()).default([]),
  /** The overall assessment as reported ("amber"), in the sentence it comes from. */
  overallAssessment: z
    .object({ rating: z.string(), ratingRaw: z.string(), sentence: z.string(), periodLabel: z.string(), source: SourceRef })
    .optional(),
  /** The forecast outturn: every statement of it, each with its lines, even when they disagree. */
  forecastOutturn: z.array(ReportedFigure).default([]),
  /** Disagreements between statements of one figure, said to the user. */
  conflicts: z.array(z.string()).default([]),
  financialHealthIndicators: z.array(FinancialHealthIndicator).default([]),
  /** The legend of the indicator ratings, as written. */
  indicatorLegendRaw: z.array(z.string()).default([]),
  /** Headline and other figures as reported. */
  figures: z.array(ReportedFigure).default([]),
  /** Content the source refers to but does not hold (charts and RAG graphics lost in extraction). */
  missingContent: z.array(z.string()).default([]),
  notes: z.array(z.string()).default([]),
  sensitivity: SensitivityLevel.default('public'),
  source: SourceRef,
});
export type PeriodicReport = z.infer<typeof PeriodicReport>;

// ---------------------------------------------------------------------------------------------
// Administration: roles, audit, idempotency
// ---------------------------------------------------------------------------------------------

export const RoleName = z.enum(['plan-admin', 'democratic-services-admin', 'member', 'officer']);
export type RoleName = z.infer<typeof RoleName>;

export const RoleGrant = z.object({
  id: Id,
  role: RoleName,
  /** Who holds it: an email (matched case-insensitively), a person id, or an AAD group id. */
  email: z.string().optional(),
  personId: Id.optional(),
  aadGroupId: z.string().optional(),
  planId: Id.optional(),
  grantedBy: z.string(),
  grantedAt: IsoInstant,
});
export type RoleGrant = z.infer<typeof RoleGrant>;

/** Links a Teams user (AAD object id) to a Person. */
export const IdentityLink = z.object({
  aadObjectId: z.string(),
  personId: Id,
  linkedAt: IsoInstant,
  how: z.enum(['email', 'admin', 'aad']),
});
export type IdentityLink = z.infer<typeof IdentityLink>;

export const AuditEntry = z.object({
  id: Id,
  at: IsoInstant,
  actorId: z.string().optional(),
  actorName: z.string(),
  command: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  note: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/**
 * The newest data layout this build reads and writes. Bump it whenever an older build would lose or
 * misread something on its first write (a new field or collection it would drop, a collection moved
 * to another file): builds refuse a store whose version is newer than theirs. 2: the audit log and
 * the proactive send log live in append-only files beside store.json (see src/store/lowdb-store.ts).
 */
export const SCHEMA_VERSION = 2;

/** Everything the embedded store holds. New collections must default to empty so old files load. */
export const StoreData = z.object({
  schemaVersion: z.number().int().min(1).max(SCHEMA_VERSION).default(SCHEMA_VERSION),
  councils: z.array(Council).default([]),
  people: z.array(Person).default([]),
  plans: z.array(Plan).default([]),
  themes: z.array(Theme).default([]),
  actions: z.array(Action).default([]),
  reportedSummaries: z.array(ReportedSummary).default([]),
  achievements: z.array(Achievement).default([]),
  updates: z.array(ProgressUpdate).default([]),
  committees: z.array(Committee).default([]),
  meetings: z.array(Meeting).default([]),
  workProgrammeItems: z.array(WorkProgrammeItem).default([]),
  decisions: z.array(Decision).default([]),
  recommendations: z.array(Recommendation).default([]),
  performanceMeasures: z.array(PerformanceMeasure).default([]),
  operatingPlanItems: z.array(OperatingPlanItem).default([]),
  reports: z.array(PeriodicReport).default([]),
  roleGrants: z.array(RoleGrant).default([]),
  identityLinks: z.array(IdentityLink).default([]),
  audit: z.array(AuditEntry).default([]),
  /**
   * Extension collections owned by features (conversation references, send logs, rounds,
   * subscriptions, ...). Each feature validates its own records with its own zod schema.
   */
  ext: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).default({}),
});
export type StoreData = z.infer<typeof StoreData>;
export type StoreDataInput = z.input<typeof StoreData>;
