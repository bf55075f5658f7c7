/**
 * The bundled demo dataset (data/demo/demo-data.json, built by scripts/build-demo-data.ts).
 * Reads only the committed file: the product never reads ../shared.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StoreData, type Action, type Meeting } from '../../src/domain/model.js';

const raw = readFileSync(new URL('../../data/demo/demo-data.json', import.meta.url), 'utf8');
const data: StoreData = StoreData.parse(JSON.parse(raw));

const cipActions = data.actions.filter((a) => a.planId === 'derby-cip');
const cdpActions = data.actions.filter((a) => a.planId === 'staffs-cdp');
const personById = new Map(data.people.map((p) => [p.id, p]));
const meetingById = new Map(data.meetings.map((m) => [m.id, m]));

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function ownerIds(action: Action): string[] {
  return action.owners.flatMap((o) => (o.personId ? [o.personId] : []));
}

describe('demo dataset: file', () => {
  it('is valid StoreData and already in its parsed (normalised) form', () => {
    expect(JSON.parse(raw)).toEqual(JSON.parse(JSON.stringify(data)));
  });

  it('has the three councils with default call-in rules and the short names people use', () => {
    expect(data.councils.map((c) => [c.id, c.aliases])).toEqual([
      ['derby', ['Derby']],
      ['staffordshire', ['Staffordshire', 'Staffs']],
      ['stoke', ['Stoke-on-Trent', 'Stoke', 'Stoke City Council']],
    ]);
    expect(data.councils.map((c) => [c.id, c.name, c.type])).toEqual([
      ['derby', 'Derby City Council', 'city'],
      ['staffordshire', 'Staffordshire County Council', 'county'],
      ['stoke', 'Stoke-on-Trent City Council', 'city'],
    ]);
    for (const council of data.councils) {
      expect(council.callInRules).toMatchObject({
        workingDays: 5,
        agendaClearDays: 5,
        keyDecisionNoticeClearDays: 28,
        reminderWorkingDaysBefore: 2,
      });
    }
  });
});

describe('demo dataset: Derby Corporate Improvement Plan', () => {
  const plan = data.plans.find((p) => p.id === 'derby-cip')!;

  it('describes the plan', () => {
    expect(plan).toMatchObject({
      title: 'Corporate Improvement Plan',
      abbreviation: 'CIP',
      kind: 'improvement-plan',
      councilId: 'derby',
      asAt: '2018-06-01',
      introduced: 'December 2017',
      statedActionCount: 61,
      statedThemeCount: 10,
      reportingCommittee: 'Audit and Accounts Committee',
      adminIds: ['heather-greenan'],
    });
    expect(plan.source?.document).toBe(
      'Derby City Council, Corporate Improvement Plan – June 2018 Update (Audit and Accounts Committee 19 June 2018, item 11)',
    );
    expect(plan.statusLabels).toMatchObject({ slippage: 'SLIPPED', 'in progress': 'IN_PROGRESS', completed: 'COMPLETED', 'not started': 'NOT_STARTED' });
    expect(plan.summaryBuckets.map((b) => b.label)).toEqual(['Completed', 'In progress', 'Slippage', 'Not started']);
    expect(plan.summaryBuckets.flatMap((b) => b.statuses)).not.toContain('UNKNOWN');
  });

  it('itemises 30 actions: 17 completed, 4 on track, 1 slipped, 8 with a proposed revision', () => {
    expect(cipActions).toHaveLength(30);
    expect(countBy(cipActions, (a) => a.status.canonical)).toEqual({ COMPLETED: 17, ON_TRACK: 4, SLIPPED: 1, UNKNOWN: 8 });
    const revised = cipActions.filter((a) => a.revisions.some((r) => r.state === 'proposed'));
    expect(revised).toHaveLength(8);
    for (const action of revised) {
      expect(action.status.canonical).toBe('UNKNOWN');
      expect(action.reportedCategory).toBe('4.9 Revised timescales proposed');
      expect(action.revisions).toHaveLength(1);
    }
  });

  it('keeps slippage (2.2, no new date) apart from re-baselining', () => {
    const a = cipActions.find((x) => x.id === 'derby-cip-2.2')!;
    expect(a.status).toEqual({ canonical: 'SLIPPED', raw: 'Slippage', asAt: '2018-06-01' });
    expect(a.revisions).toEqual([]);
    expect(a.originalTarget).toMatchObject({ kind: 'month', value: '2018-03', qualifier: 'by' });
    expect(a.commentary).toMatch(/^All the savings plans for 2018\/19 have been signed off/);
  });

  it('keeps raw numbers, inferred years and revision dates', () => {
    const a55 = cipActions.find((x) => x.id === 'derby-cip-5.5')!;
    expect([a55.number, a55.numberRaw]).toEqual(['5.5', '5.5.']);
    const a41 = cipActions.find((x) => x.id === 'derby-cip-4.1')!;
    expect(a41.originalTarget).toMatchObject({ kind: 'month', raw: 'June', value: '2018-06', yearBasis: 'inferred' });
    expect(a41.revisions[0].to).toMatchObject({ kind: 'month', value: '2018-09' });
    const a15 = cipActions.find((x) => x.id === 'derby-cip-1.5')!;
    expect(a15.originalTarget).toEqual({ kind: 'month', raw: 'by September 2018', value: '2018-09', qualifier: 'by', yearBasis: 'stated', tentative: false });
    const a82 = cipActions.find((x) => x.id === 'derby-cip-8.2')!;
    expect(a82.revisions[0].to).toMatchObject({ kind: 'date', value: '2019-03-31' });
  });

  it('records no invented owners', () => {
    for (const action of cipActions) expect(action.owners).toEqual([]);
  });

  it('has 9 theme entries and never invents a name', () => {
    const themes = data.themes.filter((t) => t.planId === 'derby-cip');
    expect(themes).toHaveLength(9);
    // 7 names survive (6 numbered + "Improved service outcomes", unnumbered); themes 2 and 6 have none.
    expect(themes.filter((t) => t.name)).toHaveLength(7);
    expect(themes.find((t) => t.id === 'derby-cip-t2')?.name).toBeUndefined();
    expect(themes.find((t) => t.id === 'derby-cip-t6')?.name).toBeUndefined();
    expect(themes.find((t) => t.name === 'Improved service outcomes')?.number).toBeUndefined();
    for (const action of cipActions) expect(themes.some((t) => t.id === action.themeId)).toBe(true);
  });

  it('keeps the reported summary as reported: 17 / 41 / 1 / 2 of 61', () => {
    const summary = data.reportedSummaries.find((s) => s.id === 'derby-cip-2018-06')!;
    expect(summary.periodLabel).toBe('June 2018');
    expect(summary.rows).toEqual([
      { label: 'Completed', count: 17 },
      { label: 'In progress', count: 41 },
      { label: 'Slippage', count: 1 },
      { label: 'Not started', count: 2 },
    ]);
    expect(summary.total).toBe(61);
    expect(summary.source.lines).toBe('004:38-43');
  });

  it('gives 2.2 a first history entry from the report', () => {
    const history = data.updates.filter((u) => u.actionId === 'derby-cip-2.2');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ channel: 'seed', authorName: 'Heather Greenan', authoredAt: '2018-06-01T09:00:00Z' });
  });
});

describe('demo dataset: Staffordshire Communities Delivery Plan', () => {
  it('has 38 rows, a draft plan and no reported status', () => {
    const plan = data.plans.find((p) => p.id === 'staffs-cdp')!;
    expect(plan).toMatchObject({ kind: 'delivery-plan', versionLabel: 'DRAFT v1', draft: true, councilId: 'staffordshire' });
    expect(cdpActions).toHaveLength(38);
    expect(cdpActions.map((a) => a.id)).toEqual(Array.from({ length: 38 }, (_, i) => `staffs-cdp-${String(i + 1).padStart(2, '0')}`));
    for (const action of cdpActions) expect(action.status).toEqual({ canonical: 'UNKNOWN' });
  });

  it('has the "Pub is the Hub" row with its owners', () => {
    const theme = data.themes.find((t) => t.planId === 'staffs-cdp' && t.name === 'Pub is the Hub')!;
    expect(theme.kind).toBe('subheading');
    const rows = cdpActions.filter((a) => a.themeId === theme.id);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const leads = rows.flatMap((a) => a.owners.filter((o) => o.role === 'deliveryLead').map((o) => o.personId));
    expect(leads).toContain('tilly-flanagan');
    expect(rows[0].owners.find((o) => o.role === 'wltOwner')?.personId).toBe('andrew-donaldson');
  });

  it('keeps group owners as groups and the milestones of the #DoingOurBit Fund', () => {
    const groups = new Set(cdpActions.flatMap((a) => a.owners.flatMap((o) => (o.group ? [o.group] : []))));
    expect([...groups].sort()).toEqual(['CCSMs', 'LPDMs', 'SDMs']);
    const fund = cdpActions.find((a) => a.milestones.length > 0)!;
    expect(fund.originalTarget?.kind).toBe('milestones');
    expect(fund.milestones.map((m) => [m.label, m.at.kind === 'month' ? m.at.value : m.at.kind])).toEqual([
      ['Launch', '2020-10'],
      ['allocation', '2021-01'],
    ]);
  });

  it('reads the date expressions', () => {
    expect(countBy(cdpActions, (a) => a.originalTarget?.kind ?? 'none')).toEqual({
      ongoing: 4,
      month: 26,
      year: 5,
      approximate: 1,
      milestones: 1,
      tbc: 1,
    });
    expect(cdpActions.find((a) => a.id === 'staffs-cdp-09')?.originalTarget).toMatchObject({
      kind: 'approximate',
      raw: 'Early 21 (TBC)',
      part: 'early',
      tentative: true,
    });
  });
});

describe('demo dataset: people', () => {
  it('has Tilly Flanagan with a demo email, owning at least one action', () => {
    const tilly = personById.get('tilly-flanagan')!;
    expect(tilly.email).toBe('tilly.flanagan@council.example');
    expect(data.actions.filter((a) => ownerIds(a).includes('tilly-flanagan')).length).toBeGreaterThan(0);
  });

  it('keeps hyphens in emails', () => {
    expect(data.people.find((p) => p.email === 'amanda.dawson-blower@council.example')?.id).toBe('amanda-dawson-blower');
  });

  it('treats Darryl Eyers as a spelling of Darryl Evers', () => {
    expect(personById.get('darryl-evers')?.aliases).toEqual(['Darryl Eyers']);
    expect(data.people.some((p) => p.id === 'darryl-eyers')).toBe(false);
  });

  it('marks councillors as members and officers as officers', () => {
    expect(personById.get('colin-greatorex')?.kind).toBe('member');
    expect(personById.get('alan-white')?.roleNotes).toContain('Leader of the Council');
    expect(personById.get('mike-sutherland')?.roleNotes).toContain('Cabinet Member for Finance (inferred)');
    expect(personById.get('martyn-tittley')?.kind).toBe('member');
    expect(personById.get('nick-pountney')?.kind).toBe('officer');
    expect(personById.get('heather-greenan')?.councilId).toBe('derby');
  });

  it('gives every person a lower-case slug id and a first.last email', () => {
    for (const p of data.people) {
      expect(p.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.email).toBe(`${p.name.toLowerCase().replace(/'/g, '').replace(/\s+/g, '.')}@council.example`);
    }
  });
});

describe('demo dataset: Corporate Review Committee', () => {
  const committee = data.committees.find((c) => c.id === 'staffs-crc')!;
  const meetings = data.meetings.filter((m) => m.committeeId === 'staffs-crc');

  it('has its membership from both lists', () => {
    expect(committee.members).toHaveLength(13);
    expect(committee.members.filter((m) => m.listedIn.includes('calendar'))).toHaveLength(10);
    expect(committee.members.find((m) => m.role === 'chair')?.personId).toBe('colin-greatorex');
    expect(committee.members.find((m) => m.role === 'vice-chair')).toMatchObject({ personId: 'conor-wileman', titleRaw: 'Vice-Chairman' });
    expect(committee.members.find((m) => m.role === 'opposition-vice-chair')?.personId).toBe('susan-woodward');
    expect(committee.supportOfficers.map((s) => s.personId)).toEqual(['mandy-pattinson', 'nick-pountney']);
    expect(committee.aliases).toEqual(['Corporate Review', 'CRC']);
  });

  it('has the MTFS 2020 working group and its final report meeting', () => {
    const wg = committee.workingGroups.find((w) => w.name === 'MTFS 2020')!;
    expect(wg.appointedOn).toBe('2020-07-31');
    expect(wg.members.find((m) => m.chair)?.personId).toBe('colin-greatorex');
    expect(wg.members.map((m) => m.personId)).toContain('martyn-tittley');
    expect(wg.observerIds).toEqual(['mike-sutherland', 'alan-white']);
    expect(meetingById.has(wg.finalReportMeetingId!)).toBe(true);
    expect(committee.workingGroups).toHaveLength(3);
  });

  it('has 19 meetings: 5 cancelled, 9 reserved for call-in', () => {
    expect(meetings).toHaveLength(19);
    expect(meetings.filter((m) => m.cancelled)).toHaveLength(5);
    expect(meetings.filter((m) => m.reservedForCallIn)).toHaveLength(9);
    expect(meetings.filter((m) => m.reservedForCallIn && !m.cancelled)).toHaveLength(6);
    for (const m of meetings) expect(m.id).toBe(`staffs-crc-${m.date}`);
  });

  it('keeps times as written beside the normalised time', () => {
    expect(meetingById.get('staffs-crc-2020-12-04')).toMatchObject({ time: '14:00', timeRaw: '2.pm', reservedForCallIn: true, cancelled: false });
    expect(meetingById.get('staffs-crc-2020-11-17')).toMatchObject({ time: '10:00', timeRaw: '10:00' });
    expect(meetingById.get('staffs-crc-2020-11-23')).toMatchObject({
      time: '14:00',
      timeRaw: '2pm',
      hostedBy: 'Stoke City Council',
      yearInferred: true,
    });
    expect(meetingById.get('staffs-crc-2020-11-09')).toMatchObject({ cancelled: true, strikeThrough: true, reservedForCallIn: true });
  });

  it('merges the 17 November agenda with the work programme', () => {
    const m = meetingById.get('staffs-crc-2020-11-17')!;
    expect(m.items.filter((i) => i.part === 'ONE').map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(m.partTwoHeading).toBe(true);
    expect(m.items.filter((i) => i.part === 'TWO')).toEqual([]);
    const communities = m.items.find((i) => i.number === 7)!;
    expect(communities).toMatchObject({ scrutinyType: 'pre-decision', decisionBody: 'Cabinet', decisionDate: '2020-12-16', provenance: ['agenda', 'work-programme'] });
    expect(communities.aliases).toContain('Communities Principles');
    expect(m.items.find((i) => i.number === 4)).toMatchObject({ reportType: 'verbal', cabinetMemberIds: ['alan-white'] });
    expect(m.items.find((i) => i.number === 5)?.aliases).toContain('Corporate Complaints Annual Report');
  });

  it('has the 8 September minutes and the 31 July outcomes', () => {
    const sep = meetingById.get('staffs-crc-2020-09-08')!;
    expect(sep.resolutions.find((r) => r.text === 'That the work programme be noted.')?.status).toBe('noted');
    expect(sep.resolutions.find((r) => /demographics/.test(r.text))).toMatchObject({ kind: 'resolution', minuteNo: 18, status: 'open' });
    expect(sep.resolutions.filter((r) => r.kind === 'undertaking').length).toBeGreaterThanOrEqual(4);
    const jul = meetingById.get('staffs-crc-2020-07-31')!;
    const outcomes = jul.resolutions.filter((r) => r.kind === 'outcome');
    expect(outcomes).toHaveLength(3);
    expect(outcomes.find((r) => /client debt/.test(r.text))).toMatchObject({ status: 'open', dueText: 'in the next quarterly update report' });
  });

  it('has one illustrative exempt item, only in Part Two of a future meeting', () => {
    const all = data.meetings.flatMap((m) => m.items.map((i) => ({ meeting: m as Meeting, item: i })));
    const exempt = all.filter(({ item }) => item.exempt);
    expect(exempt).toHaveLength(1);
    expect(exempt[0].item.part).toBe('TWO');
    expect(exempt[0].meeting.id).toBe('staffs-crc-2021-01-21');
    expect(exempt[0].item.exempt).toMatchObject({ regime: 'LGA 1972 Sch 12A', paragraph: 3 });
    expect(exempt[0].item.notes).toContain('Illustrative demo item, not from the source documents');
    expect(all.filter(({ item }) => item.part === 'TWO')).toHaveLength(1);
    expect(all.filter(({ item }) => item.part === 'ONE' && item.title === exempt[0].item.title)).toEqual([]);
  });

  it('has the 4 TBC rows (one resolved by briefing note) and the item for consideration', () => {
    const items = data.workProgrammeItems.filter((w) => w.committeeId === 'staffs-crc');
    const fromTbcRows = items.filter((w) => w.status === 'tbc' || w.status === 'briefing-note');
    expect(fromTbcRows).toHaveLength(4);
    expect(items.filter((w) => w.status === 'tbc')).toHaveLength(3);
    expect(items.find((w) => w.status === 'briefing-note')?.topic).toBe('Apprenticeship Levy');
    const equal = items.find((w) => w.topic === 'Equal Opportunities')!;
    expect(equal.mentionedDates).toEqual([
      { raw: '3/7/20', date: '2020-07-03' },
      { raw: '6/10/20', date: '2020-10-06' },
    ]);
    expect(items.find((w) => w.targetTimingRaw)?.targetTimingRaw).toBe('early 2021, possibly January');
    const consideration = items.filter((w) => w.status === 'for-consideration');
    expect(consideration).toHaveLength(1);
    expect(consideration[0].mentionedDates).toEqual([{ raw: '07/10/20', date: '2020-10-07' }]);
  });
});

describe('demo dataset: decisions and roles', () => {
  it('has three illustrative Cabinet decisions, one taken under urgency', () => {
    expect(data.decisions).toHaveLength(3);
    for (const d of data.decisions) expect(d.source?.note).toBe('Illustrative demo decision, not from the source documents');
    expect(data.decisions.filter((d) => d.urgencyReason && !d.subjectToCallIn)).toHaveLength(1);
    expect(data.decisions.find((d) => d.publishedOn === '2020-11-13')?.subjectToCallIn).toBe(true);
  });

  it('grants the demo admin roles', () => {
    expect(data.roleGrants.map((g) => [g.role, g.personId, g.email, g.planId])).toEqual([
      ['democratic-services-admin', 'nick-pountney', 'nick.pountney@council.example', undefined],
      ['plan-admin', 'heather-greenan', 'heather.greenan@council.example', 'derby-cip'],
    ]);
  });
});

describe('demo dataset: integrity', () => {
  it('references only people that exist', () => {
    const refs: string[] = [];
    for (const a of data.actions) {
      refs.push(...ownerIds(a), ...a.delegateIds);
      for (const r of a.revisions) refs.push(...[r.proposedBy, r.decidedBy].filter((x): x is string => Boolean(x)));
    }
    for (const c of data.committees) {
      refs.push(...c.members.map((m) => m.personId), ...c.supportOfficers.map((s) => s.personId));
      for (const wg of c.workingGroups) refs.push(...wg.members.map((m) => m.personId), ...wg.observerIds);
    }
    for (const m of data.meetings) {
      for (const i of m.items) refs.push(...i.cabinetMemberIds, ...i.officerIds);
      for (const r of m.resolutions) if (r.ownerPersonId) refs.push(r.ownerPersonId);
    }
    for (const w of data.workProgrammeItems) refs.push(...w.cabinetMemberIds, ...w.officerIds);
    for (const p of data.plans) refs.push(...p.adminIds);
    for (const g of data.roleGrants) if (g.personId) refs.push(g.personId);
    for (const r of data.reports) for (const p of [...r.commissioners, ...r.authors]) if (p.personId) refs.push(p.personId);
    for (const u of data.updates) if (u.authorId) refs.push(u.authorId);
    for (const d of data.decisions) if (d.recordedBy) refs.push(d.recordedBy);
    const missing = [...new Set(refs)].filter((id) => !personById.has(id));
    expect(missing).toEqual([]);
    expect(refs.length).toBeGreaterThan(100);
  });

  it('links every record to things that exist', () => {
    const planIds = new Set(data.plans.map((p) => p.id));
    const themeIds = new Set(data.themes.map((t) => t.id));
    const actionIds = new Set(data.actions.map((a) => a.id));
    const councilIds = new Set(data.councils.map((c) => c.id));
    for (const a of data.actions) {
      expect(planIds.has(a.planId)).toBe(true);
      if (a.themeId) expect(themeIds.has(a.themeId)).toBe(true);
      for (const dep of a.dependsOn) expect(actionIds.has(dep)).toBe(true);
    }
    for (const t of data.themes) if (t.parentId) expect(themeIds.has(t.parentId)).toBe(true);
    for (const u of data.updates) expect(actionIds.has(u.actionId)).toBe(true);
    for (const p of data.people) if (p.councilId) expect(councilIds.has(p.councilId)).toBe(true);
    for (const m of data.meetings) expect(data.committees.some((c) => c.id === m.committeeId)).toBe(true);
    const recommendationIds = new Set(data.recommendations.map((r) => r.id));
    const reportIds = new Set(data.reports.map((r) => r.id));
    for (const a of data.actions) {
      for (const id of a.recommendationIds ?? []) expect(recommendationIds.has(id)).toBe(true);
      if (a.tracksPlanId) expect(planIds.has(a.tracksPlanId)).toBe(true);
    }
    for (const p of data.plans) {
      for (const id of p.relatedPlanIds ?? []) expect(planIds.has(id)).toBe(true);
      if (p.reportId) expect(reportIds.has(p.reportId)).toBe(true);
    }
    for (const r of data.recommendations) {
      expect(planIds.has(r.planId)).toBe(true);
      if (r.themeId) expect(themeIds.has(r.themeId)).toBe(true);
      for (const id of r.relatedPlanIds) expect(planIds.has(id)).toBe(true);
    }
    for (const m of data.performanceMeasures) expect(planIds.has(m.planId)).toBe(true);
    for (const i of data.operatingPlanItems) {
      expect(planIds.has(i.planId)).toBe(true);
      expect(themeIds.has(i.themeId)).toBe(true);
    }
    for (const r of data.reports) if (r.meetingId) expect(meetingById.has(r.meetingId)).toBe(true);
  });

  it('gives every new record its council, the same as its plan, and a source with lines', () => {
    const planCouncil = new Map(data.plans.map((p) => [p.id, p.councilId]));
    const councilIds = new Set(data.councils.map((c) => c.id));
    const records: { councilId: string; planId?: string; source?: { lines?: string } }[] = [
      ...data.recommendations,
      ...data.performanceMeasures,
      ...data.operatingPlanItems,
      ...data.reports,
    ];
    for (const r of records) {
      expect(councilIds.has(r.councilId)).toBe(true);
      if (r.planId) expect(planCouncil.get(r.planId)).toBe(r.councilId);
      expect(r.source?.lines).toMatch(/^00[0-4]:\d+(-\d+)?$/);
    }
    for (const a of data.actions) expect(a.source?.lines ?? 'no lines').toMatch(/^00[0-4]:\d+/);
    for (const p of data.plans) expect(p.source?.document).toBeTruthy();
  });

  it('uses every id once, across all collections and nested records', () => {
    const ids: string[] = [
      ...data.councils.map((c) => c.id),
      ...data.people.map((p) => p.id),
      ...data.plans.map((p) => p.id),
      ...data.themes.map((t) => t.id),
      ...data.actions.map((a) => a.id),
      ...data.actions.flatMap((a) => a.revisions.map((r) => r.id)),
      ...data.reportedSummaries.map((s) => s.id),
      ...data.updates.map((u) => u.id),
      ...data.committees.map((c) => c.id),
      ...data.committees.flatMap((c) => c.workingGroups.map((w) => w.id)),
      ...data.meetings.map((m) => m.id),
      ...data.meetings.flatMap((m) => m.items.map((i) => i.id)),
      ...data.meetings.flatMap((m) => m.resolutions.map((r) => r.id)),
      ...data.workProgrammeItems.map((w) => w.id),
      ...data.decisions.map((d) => d.id),
      ...data.roleGrants.map((g) => g.id),
      ...data.recommendations.map((r) => r.id),
      ...data.performanceMeasures.map((m) => m.id),
      ...data.operatingPlanItems.map((i) => i.id),
      ...data.reports.map((r) => r.id),
      ...data.reports.flatMap((r) => r.financialHealthIndicators.map((i) => i.id)),
    ];
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates).toEqual([]);
    for (const id of ids) expect(id).toBe(id.toLowerCase());
  });
});
