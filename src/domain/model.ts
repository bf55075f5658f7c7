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

export const Plan = z.object({
  id: Id,
  councilId: Id,
  title: z.string(),
  abbreviation: z.string().optional(),
  kind: z.enum(['improvement-plan', 'delivery-plan', 'operating-plan', 'action-plan', 'recommendations']).default('action-plan'),
  versionLabel: z.string().optional(),
  draft: z.boolean().default(false),
  asAt: IsoDate.optional(),
  introduced: z.string().optional(),
  origin: z.string().optional(),
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
  /** Deeper plans: overview group > section > sub-heading. */
  kind: z.enum(['theme', 'group', 'section', 'subheading']).default('theme'),
  parentId: Id.optional(),
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
