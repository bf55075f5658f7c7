import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { digestReply } from '../../src/features/digest/view.js';
import { renderCard } from '../../src/cards/render.js';
import { loadConfig } from '../../src/config.js';
import { validateCard } from '../../src/cards/validate.js';
import { rolesOf } from '../../src/domain/roles.js';
import { channelDigest, computeDigests, hasContent, mayAdministerDigest, mayToggleDigest, type DigestRun } from '../../src/domain/digest/index.js';
import {
  DIGEST_PREFERENCES_COLLECTION,
  describeCron,
  digestRunId,
  isoWeekOf,
  parsePersonalSchedule,
  scheduledInstantInWeek,
} from '../../src/domain/digest/schedule.js';
import { StoreData, type Action } from '../../src/domain/model.js';
import { Snapshot } from '../../src/domain/snapshot.js';
import { DigestService, planDigest, type DigestSettings } from '../../src/features/digest/service.js';
import { silentLogger } from '../../src/log.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { CONVERSATION_REFS_COLLECTION } from '../../src/outbound/conversation-ref-records.js';
import type { ProactiveMessage, ProactiveSender, SendReport } from '../../src/outbound/types.js';
import type { ConnectorTransport } from '../../src/outbound/connector-transport.js';
import { ThrottledProactiveSender } from '../../src/outbound/proactive-sender.js';
import { demoData } from '../helpers/chat-context.js';
import { VirtualTime } from '../helpers/virtual-time.js';

const SETTINGS: DigestSettings = { DIGEST_CRON: '0 8 * * 1', DIGEST_DUE_WEEKS: 4, DIGEST_STALE_WEEKS: 12, DIGEST_SEND_EMPTY: false, ADMIN_EMAILS: [] };

function demoRun(today = '2020-11-20', data: StoreData = demoData()): DigestRun {
  return computeDigests(new Snapshot(data, 1), { today, dueWeeks: 4, staleWeeks: 12 });
}

function ids(flags: { action: Action }[]): string[] {
  return flags.map((f) => f.action.id);
}

describe('what each lead gets (demo data, 20 November 2020)', () => {
  const run = demoRun();

  it("Tilly Flanagan: Supportive Communities' Go-live with Community Help points (Oct 20) is past target", () => {
    const tilly = run.people.get('tilly-flanagan')!.lead!;
    expect(ids(tilly.sections.overdue)).toEqual(['staffs-cdp-31']);
    expect(tilly.sections.overdue[0]!.action.title).toMatch(/^Go-live with Community Help points/);
    expect(tilly.sections.overdue[0]!.dueDate).toBe('2020-10-31');
    // Her other actions are not due yet (Jan 21, April 21, 2021 (TBC), milestones ending Jan 21).
    expect(tilly.total).toBe(1);
  });

  it('Andrew Donaldson (WLT owner): past-target actions oldest first, and Ongoing actions never updated', () => {
    const andrew = run.people.get('andrew-donaldson')!.lead!;
    expect(ids(andrew.sections.overdue)).toEqual(['staffs-cdp-14', 'staffs-cdp-38', 'staffs-cdp-13', 'staffs-cdp-31', 'staffs-cdp-33', 'staffs-cdp-34', 'staffs-cdp-35']);
    expect(ids(andrew.sections.stale)).toEqual(['staffs-cdp-01', 'staffs-cdp-02', 'staffs-cdp-15']);
    expect(andrew.sections.stale.every((f) => f.lastUpdate === undefined)).toBe(true);
    expect(andrew.sections['due-soon']).toHaveLength(0);
  });

  it('a person named twice on one action (two roles) gets the line once', () => {
    const kerry = run.people.get('kerry-dove')!.lead!;
    expect(ids(kerry.sections.stale)).toEqual(['staffs-cdp-01']);
  });

  it('committee follow-ups go to the person the resolution names', () => {
    const mike = run.people.get('mike-sutherland')!.lead!;
    expect(mike.followUps.map((f) => f.resolution.id)).toEqual(['staffs-crc-2020-07-31-outcome-b']);
    expect(mike.followUps[0]!.committee?.name).toBe('Corporate Review Committee');
  });

  it('the committee chair gets the plan picture and the open follow-ups', () => {
    const colin = run.people.get('colin-greatorex')!;
    expect(colin.lead).toBeUndefined();
    expect(colin.overview!.because).toEqual(['chair of the Corporate Review Committee']);
    const committee = colin.overview!.committees[0]!;
    // The Q2 performance report's dated commitments also report to this committee (issue 15).
    expect(committee.plans.map((p) => p.plan.id)).toEqual(['staffs-cdp', 'staffs-ipr-2020-21-q2-commitments']);
    expect(committee.plans[0]!.counts).toMatchObject({ overdue: 7, stale: 5, 'slipped-no-date': 0 });
    expect(committee.openFollowUps.every((f) => f.resolution.status === 'open')).toBe(true);
    expect(committee.openFollowUps.length).toBeGreaterThan(0);
  });

  it("the CIP's plan admin gets counts and the top items: slipped with no date first", () => {
    const heather = run.people.get('heather-greenan')!.overview!;
    expect(heather.because).toEqual(['plan admin for the CIP']);
    const cip = heather.plans[0]!;
    expect(cip.counts).toEqual({ overdue: 4, 'slipped-no-date': 1, 'awaiting-endorsement': 8, 'due-soon': 0, stale: 0 });
    expect(cip.top[0]!.action.id).toBe('derby-cip-2.2');
    expect(cip.top).toHaveLength(5);
    // CIP actions have no named owners in the source: nobody would get them personally.
    expect(cip.withoutPersonalOwner).toBe(13);
  });

  it('due in the next 4 weeks: on 10 March 2021 the March 21 actions are due soon', () => {
    const march = demoRun('2021-03-10');
    expect(ids(march.people.get('keith-luscombe')!.lead!.sections['due-soon'])).toEqual(['staffs-cdp-03']);
    const ian = march.people.get('ian-turner')!.lead!;
    expect(ids(ian.sections['due-soon'])).toEqual(['staffs-cdp-18']);
    expect(march.people.get('tilly-flanagan')!.lead!.sections['due-soon']).toHaveLength(0);
  });

  it('a plan with its digest switched off is left out of everyone', () => {
    const data = demoData();
    data.plans = data.plans.map((p) => (p.id === 'staffs-cdp' ? { ...p, digestEnabled: false } : p));
    const off = demoRun('2020-11-20', data);
    expect(off.people.get('tilly-flanagan')).toBeUndefined();
    expect(off.disabledPlans.map((p) => p.id)).toEqual(['staffs-cdp']);
    // The committee's other plan (the performance report's commitments) still shows; the switched-off one does not.
    const plans = off.people.get('colin-greatorex')?.overview?.committees[0]?.plans ?? [];
    expect(plans.map((p) => p.plan.id)).toEqual(['staffs-ipr-2020-21-q2-commitments']);
  });

  it('an update within the stale window takes an Ongoing action out of the stale list', () => {
    const data = demoData();
    data.actions = data.actions.map((a) => (a.id === 'staffs-cdp-15' ? { ...a, lastUpdatedAt: '2020-11-01T10:00:00Z' } : a));
    expect(ids(demoRun('2020-11-20', data).people.get('andrew-donaldson')!.lead!.sections.stale)).toEqual(['staffs-cdp-01', 'staffs-cdp-02']);
  });
});

describe('which section an action belongs in', () => {
  function single(action: Partial<Action>, today = '2020-11-20'): DigestRun {
    const base: Partial<Action> = {
      id: 'x-1',
      planId: 'x',
      title: 'Test action',
      owners: [{ role: 'lead', personId: 'lee', raw: 'Lee' }],
      status: { canonical: 'IN_PROGRESS' },
      lastUpdatedAt: '2020-11-01T00:00:00Z',
    };
    const data = StoreData.parse({
      councils: [{ id: 'c', name: 'Council' }],
      people: [{ id: 'lee', name: 'Lee Lead' }],
      plans: [{ id: 'x', councilId: 'c', title: 'X plan' }],
      actions: [{ ...base, ...action }],
    });
    return computeDigests(new Snapshot(data, 1), { today, dueWeeks: 4, staleWeeks: 12 });
  }
  const section = (run: DigestRun) => {
    const lead = run.people.get('lee')?.lead;
    if (!lead) return 'none';
    return Object.entries(lead.sections).find(([, list]) => list.length > 0)?.[0] ?? 'none';
  };
  const oct = { kind: 'month', raw: 'Oct 20', value: '2020-10', yearBasis: 'stated', tentative: false } as const;
  const mar = { kind: 'month', raw: 'March 21', value: '2021-03', yearBasis: 'stated', tentative: false } as const;

  it('reported slipped with no new date comes first, even when also past target', () => {
    expect(section(single({ originalTarget: oct, status: { canonical: 'SLIPPED', raw: 'Slippage' } }))).toBe('slipped-no-date');
  });
  it('past target with a proposed new date waits for endorsement (and says it is past target)', () => {
    const run = single({ originalTarget: oct, revisions: [{ id: 'r', to: mar, state: 'proposed' }] });
    expect(section(run)).toBe('awaiting-endorsement');
    expect(run.people.get('lee')!.lead!.sections['awaiting-endorsement'][0]!.pastTarget).toBe(true);
  });
  it('an endorsed revision moves the baseline: not overdue', () => {
    expect(section(single({ originalTarget: oct, revisions: [{ id: 'r', to: mar, state: 'endorsed' }] }))).toBe('none');
  });
  it('completed and withdrawn actions never appear', () => {
    expect(section(single({ originalTarget: oct, status: { canonical: 'COMPLETED' } }))).toBe('none');
    expect(section(single({ originalTarget: oct, status: { canonical: 'CLOSED_WITHDRAWN' } }))).toBe('none');
  });
  it('Ongoing is never overdue, only stale after 12 weeks without an update', () => {
    const ongoing = { kind: 'ongoing', raw: 'Ongoing' } as const;
    expect(section(single({ originalTarget: ongoing, lastUpdatedAt: '2020-09-01T00:00:00Z' }))).toBe('none');
    expect(section(single({ originalTarget: ongoing, lastUpdatedAt: '2020-08-01T00:00:00Z' }))).toBe('stale');
  });
  it('due today is due soon, not overdue', () => {
    expect(section(single({ originalTarget: { kind: 'date', raw: '20 November 2020', value: '2020-11-20' } }))).toBe('due-soon');
  });
  it('an exempt action is not shown to a lead who is not an admin', () => {
    expect(section(single({ originalTarget: oct, sensitivity: 'exempt' }))).toBe('none');
    expect(section(single({ originalTarget: oct, sensitivity: 'internal' }))).toBe('overdue');
  });
});

describe('the committee picture for a channel', () => {
  it('is public only: exempt and internal actions, and non-public plans, never reach a channel', () => {
    const data = demoData();
    data.actions = data.actions.map((a) => (a.id === 'staffs-cdp-14' ? { ...a, sensitivity: 'exempt' as const } : a.id === 'staffs-cdp-38' ? { ...a, sensitivity: 'internal' as const } : a));
    const snapshot = new Snapshot(data, 1);
    const run = computeDigests(snapshot, { today: '2020-11-20', dueWeeks: 4, staleWeeks: 12 });
    const channel = channelDigest(snapshot, run, { committeeId: 'staffs-crc' }, '19:c')!;
    const picture = channel.overview!.committees[0]!.plans[0]!;
    expect(picture.top.map((f) => f.action.id)).not.toContain('staffs-cdp-14');
    expect(picture.top.map((f) => f.action.id)).not.toContain('staffs-cdp-38');
    expect(picture.top[0]!.action.id).toBe('staffs-cdp-13');
    expect(channel.overview!.committees[0]!.openFollowUps.length).toBeGreaterThan(0);
    data.plans = data.plans.map((p) => (p.id === 'derby-cip' ? { ...p, sensitivity: 'internal' as const } : p));
    const internal = new Snapshot(data, 2);
    expect(channelDigest(internal, computeDigests(internal, { today: '2020-11-20', dueWeeks: 4, staleWeeks: 12 }), { planId: 'derby-cip' }, '19:c')).toBeUndefined();
  });
});

describe('the digest card', () => {
  const run = demoRun();
  const options = { today: '2020-11-20', dueWeeks: 4, staleWeeks: 12, scheduleText: 'every Monday at 8am' };

  it("each line opens the action's card and has an Update button; the card is valid Adaptive Cards 1.5", () => {
    const snapshot = new Snapshot(demoData(), 1);
    const reply = digestReply(snapshot, run.people.get('tilly-flanagan')!, options);
    const card = renderCard(reply.card!.template, reply.card!.data);
    expect(validateCard(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('"ask":"status of staffs-cdp-31"');
    expect(json).toContain('"ask":"update staffs-cdp-31"');
    expect(reply.text).toContain('Past the approved target date (1)');
    expect(reply.text).toContain('Due 31 Oct 2020: 20 days ago');
    expect(reply.text).toContain('You get this digest every Monday at 8am.');
  });

  it("a chair's card has the committee picture and no Update buttons on other people's actions", () => {
    const snapshot = new Snapshot(demoData(), 1);
    const reply = digestReply(snapshot, run.people.get('colin-greatorex')!, options);
    const card = renderCard(reply.card!.template, reply.card!.data);
    expect(validateCard(card)).toEqual([]);
    expect(reply.text).toContain('Corporate Review Committee: Communities Delivery Plan');
    expect(reply.text).toContain('Past target: 7');
    expect(JSON.stringify(card)).not.toContain('"title":"Update"');
  });

  it('long sections are cut with a pointer to the rest, and stay under the size limit', () => {
    const snapshot = new Snapshot(demoData(), 1);
    const reply = digestReply(snapshot, run.people.get('andrew-donaldson')!, options);
    const card = renderCard(reply.card!.template, reply.card!.data);
    expect(validateCard(card)).toEqual([]);
    expect(hasContent(run.people.get('andrew-donaldson'))).toBe(true);
  });
});

describe('schedule', () => {
  it('names the run by ISO week in London', () => {
    expect(isoWeekOf(new Date('2020-11-20T12:00:00Z'))).toBe('2020-W47');
    expect(digestRunId(new Date('2020-11-23T08:00:00Z'))).toBe('digest:2020-W48');
    expect(isoWeekOf(new Date('2021-01-03T12:00:00Z'))).toBe('2020-W53');
    // Sunday 23:30 in summer is already Monday 00:30 in London: the new week.
    expect(isoWeekOf(new Date('2021-06-13T23:30:00Z'))).toBe('2021-W24');
  });

  it('Monday 08:00 Europe/London stays 08:00 local across the clock changes (croner)', () => {
    const job = new Cron(SETTINGS.DIGEST_CRON, { timezone: 'Europe/London', paused: true });
    expect(job.nextRun(new Date('2020-10-24T12:00:00Z'))!.toISOString()).toBe('2020-10-26T08:00:00.000Z'); // GMT from 25 October
    expect(job.nextRun(new Date('2021-03-27T12:00:00Z'))!.toISOString()).toBe('2021-03-29T07:00:00.000Z'); // BST from 28 March
    expect(describeCron('0 8 * * 1')).toBe('every Monday at 8am');
  });

  it('a personal schedule is in London time on both sides of the clock change', () => {
    expect(scheduledInstantInWeek(new Date('2021-06-14T09:00:00Z'), { weekday: 5, time: '16:00' }).toISOString()).toBe('2021-06-18T15:00:00.000Z');
    expect(scheduledInstantInWeek(new Date('2020-11-23T09:00:00Z'), { weekday: 5, time: '16:00' }).toISOString()).toBe('2020-11-27T16:00:00.000Z');
  });

  it.each([
    ['on Fridays at 4pm', { weekday: 5, time: '16:00' }],
    ['every Tuesday at 09:30', { weekday: 2, time: '09:30' }],
    ['on wednesday at 2.30pm', { weekday: 3, time: '14:30' }],
    ['on Thursdays', { weekday: 4, time: '08:00' }],
    ['on Monday afternoon', { weekday: 1, time: '14:00' }],
    ['every friday at 4', { weekday: 5, time: '16:00' }],
  ])('reads "%s"', (text, schedule) => {
    expect(parsePersonalSchedule(text)).toEqual({ ok: true, schedule });
  });

  it.each([
    ['at 4pm', /day of the week/],
    ['on Friday at 3am', /between 6am and 8pm/],
    ['on Friday at 4.15pm', /hour or half hour/],
  ])('explains what is wrong with "%s"', (text, problem) => {
    const parsed = parsePersonalSchedule(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });
});

describe('configuration', () => {
  it('a DIGEST_CRON croner cannot run stops start-up with a clear message', () => {
    expect(() => loadConfig({ DIGEST_CRON: 'every monday' })).toThrow(/DIGEST_CRON="every monday": a cron pattern such as "0 8 \* \* 1"/);
    expect(loadConfig({ DIGEST_CRON: '30 7 * * 5' }).DIGEST_CRON).toBe('30 7 * * 5');
  });
});

describe('permissions (checked in the core)', () => {
  const snapshot = new Snapshot(demoData(), 1);
  it('only plan admins and democratic services may send the digest or see who it misses', () => {
    expect(mayAdministerDigest(new Set(['democratic-services-admin'])).allowed).toBe(true);
    expect(mayAdministerDigest(new Set(['plan-admin'])).allowed).toBe(true);
    expect(mayAdministerDigest(new Set(['action-lead', 'officer'])).allowed).toBe(false);
  });
  it("a plan admin may switch only their own plan's digest", () => {
    const cip = snapshot.plan('derby-cip')!;
    const cdp = snapshot.plan('staffs-cdp')!;
    const heather = { email: 'heather.greenan@council.example', roles: rolesOf(snapshot, { person: snapshot.person('heather-greenan') }, []) };
    expect(mayToggleDigest(cip, heather, []).allowed).toBe(true);
    expect(mayToggleDigest(cdp, heather, []).allowed).toBe(false);
    expect(mayToggleDigest(cdp, { roles: new Set(['democratic-services-admin']) }, []).allowed).toBe(true);
  });
  it('a plan-admin grant to an AAD group lets its members switch that plan only', () => {
    const data = demoData();
    data.roleGrants.push({ id: 'g-group', role: 'plan-admin', planId: 'staffs-cdp', aadGroupId: 'group-communities', grantedBy: 'test', grantedAt: '2020-11-01T00:00:00Z' });
    const withGroup = new Snapshot(data, 2);
    const member = { roles: rolesOf(withGroup, { person: withGroup.person('joe-sullivan'), aadGroupIds: ['group-communities'] }, []) };
    expect(mayToggleDigest(withGroup.plan('staffs-cdp')!, member, []).allowed).toBe(true);
    expect(mayToggleDigest(withGroup.plan('derby-cip')!, member, []).allowed).toBe(false);
  });
});

/** A sender that records what it is asked to send and dedupes by key, like the real one. */
class RecordingSender implements ProactiveSender {
  readonly sent = new Map<string, ProactiveMessage>();
  readonly calls: string[][] = [];
  async send(runId: string, messages: readonly ProactiveMessage[]): Promise<SendReport> {
    this.calls.push(messages.map((m) => m.key));
    const outcomes = messages.map((m) => {
      const already = this.sent.has(m.key);
      this.sent.set(m.key, m);
      return { key: m.key, recipient: m.recipient, status: already ? ('already-sent' as const) : ('sent' as const), attempts: already ? 0 : 1 };
    });
    const counts = { sent: 0, 'already-sent': 0, unreachable: 0, failed: 0 };
    for (const o of outcomes) counts[o.status] += 1;
    return { runId, outcomes, counts };
  }
  async canReach(): Promise<boolean> {
    return true;
  }
}

describe('the digest job', () => {
  function service(now: { at: string }, store = new MemoryStore(demoData()), sender = new RecordingSender(), settings: Partial<DigestSettings> = {}) {
    const svc = new DigestService({ store, clock: () => new Date(now.at), settings: { ...SETTINGS, ...settings }, log: silentLogger(), sender });
    return { svc, store, sender };
  }

  it('a second scheduler tick in the same week does nothing; the next week runs again', async () => {
    const now = { at: '2020-11-23T08:00:00Z' };
    const { svc, sender } = service(now);
    const first = await svc.runWeekly({ kind: 'schedule' });
    expect(first.runId).toBe('digest:2020-W48');
    expect(first.report!.counts.sent).toBeGreaterThan(20);
    expect([...sender.sent.keys()]).toContain('digest:2020-W48:tilly-flanagan');
    const second = await svc.runWeekly({ kind: 'schedule' });
    expect(second.skipped).toMatch(/already went out/);
    expect(sender.calls).toHaveLength(1);
    now.at = '2020-11-30T08:00:00Z';
    const next = await svc.runWeekly({ kind: 'schedule' });
    expect(next.runId).toBe('digest:2020-W49');
    expect(sender.calls).toHaveLength(2);
  });

  it('leaves out people who stopped their digest and people with their own day; sends those on their day', async () => {
    const data = demoData();
    data.ext[DIGEST_PREFERENCES_COLLECTION] = [
      { id: 'tilly-flanagan', optedOut: true, updatedAt: '2020-11-01T00:00:00Z' },
      { id: 'andrew-donaldson', optedOut: false, schedule: { weekday: 5, time: '16:00' }, updatedAt: '2020-11-01T00:00:00Z' },
    ];
    const now = { at: '2020-11-23T08:00:00Z' };
    const { svc, sender } = service(now, new MemoryStore(data));
    const monday = await svc.runWeekly({ kind: 'schedule' });
    expect(sender.sent.has('digest:2020-W48:tilly-flanagan')).toBe(false);
    expect(sender.sent.has('digest:2020-W48:andrew-donaldson')).toBe(false);
    expect(monday.skippedCounts).toMatchObject({ 'opted-out': 1, 'own-schedule': 1 });
    now.at = '2020-11-27T15:55:00Z';
    expect(await svc.runPersonalSchedules()).toBeUndefined();
    now.at = '2020-11-27T16:00:00Z';
    const friday = await svc.runPersonalSchedules();
    expect(friday!.report!.outcomes.map((o) => o.key)).toEqual(['digest:2020-W48:andrew-donaldson']);
    now.at = '2020-11-27T16:05:00Z';
    expect(await svc.runPersonalSchedules()).toBeDefined(); // asked again: the sender's log makes it a no-op
    expect([...sender.sent.keys()].filter((k) => k.endsWith('andrew-donaldson'))).toHaveLength(1);
  });

  it('catches up a Monday run missed while the bot was down, but not days later', async () => {
    const now = { at: '2020-11-23T10:30:00Z' };
    const { svc, sender } = service(now);
    expect((await svc.catchUp())?.runId).toBe('digest:2020-W48');
    expect(sender.calls).toHaveLength(1);
    expect(await svc.catchUp()).toBeUndefined(); // finished: nothing more
    now.at = '2020-12-02T10:00:00Z';
    expect(await svc.catchUp()).toBeUndefined();
  });

  it('stopping the bot mid-run does not wait it out: the rest are left for the next run, nobody twice', async () => {
    const data = demoData();
    data.ext[CONVERSATION_REFS_COLLECTION] = data.people.map((p) => ({
      id: `personal:29:${p.id}`, kind: 'personal', personId: p.id, userId: `29:${p.id}`, conversationId: `a:${p.id}`, serviceUrl: 'https://x/', channelId: 'msteams', active: true, updatedAt: '2020-11-01T00:00:00Z',
    }));
    const store = new MemoryStore(data);
    const delivered: string[] = [];
    // A connector that answers only when the test says so: two sends are in flight when the bot stops.
    const inFlight: Array<() => void> = [];
    let twoInFlight!: () => void;
    const bothArrived = new Promise<void>((resolve) => (twoInFlight = resolve));
    const held: ConnectorTransport = {
      send: (target) =>
        new Promise((resolve) => {
          inFlight.push(() => resolve({ id: `act-${delivered.push(target.conversationId)}` }));
          if (inFlight.length === 2) twoInFlight();
        }),
      openPersonalChat: async () => 'never',
    };
    const render = (r: { text: string }) => ({ type: 'message' as const, text: r.text });
    const sender = new ThrottledProactiveSender({ store, transport: held, render, clock: () => new Date('2020-11-23T08:00:00Z'), maxInFlight: 2, time: new VirtualTime() });
    const now = { at: '2020-11-23T08:00:00Z' };
    const { svc } = service(now, store, sender as unknown as RecordingSender);
    const run = svc.runWeekly({ kind: 'schedule' });
    await bothArrived;
    // What app.stop() does: the sender is closed first, then the digest's stop waits only for what is in flight.
    const closing = sender.close();
    const stopping = svc.stop();
    // Stopping waits for the two in hand, and starts nothing new.
    for (const answer of inFlight.splice(0)) answer();
    await closing;
    await stopping;
    const stopped = await run;
    expect(stopped.report!.counts.sent).toBe(2);
    expect(inFlight).toHaveLength(0);
    expect(stopped.report!.outcomes.some((o) => o.reason?.includes('the bot was stopping'))).toBe(true);
    // The next run (a fresh sender after the restart) sends the rest, and nobody twice.
    const transport: ConnectorTransport = { send: async (target) => ({ id: `act-${delivered.push(target.conversationId)}` }), openPersonalChat: async () => 'never' };
    const again = new ThrottledProactiveSender({ store, transport, render, clock: () => new Date('2020-11-23T08:05:00Z'), time: new VirtualTime() });
    const resumed = await service({ at: '2020-11-23T08:05:00Z' }, store, again as unknown as RecordingSender).svc.catchUp();
    expect(resumed!.report!.counts.sent + stopped.report!.counts.sent).toBe(resumed!.report!.outcomes.length);
    expect(new Set(delivered).size).toBe(delivered.length);
  });

  it('nothing to report: no message, unless DIGEST_SEND_EMPTY', async () => {
    const snapshot = new Snapshot(demoData(), 1);
    const plan = planDigest(snapshot, new Date('2020-11-20T12:00:00Z'), SETTINGS);
    expect(plan.people.find((p) => p.personId === 'wendy-tompson')).toBeUndefined(); // her actions are not flagged this week
    const withEmpty = planDigest(snapshot, new Date('2020-11-20T12:00:00Z'), { ...SETTINGS, DIGEST_SEND_EMPTY: true });
    const wendy = withEmpty.people.find((p) => p.personId === 'wendy-tompson')!;
    expect(wendy.status).toBe('send');
    expect(wendy.reply!.text).toContain('Nothing needs your attention this week');
  });

  it('records reachability for the dry run', () => {
    const data = demoData();
    data.ext[CONVERSATION_REFS_COLLECTION] = [
      { id: 'personal:29:tilly', kind: 'personal', personId: 'tilly-flanagan', userId: '29:tilly', conversationId: 'a:t', serviceUrl: 'https://x/', channelId: 'msteams', active: true, updatedAt: '2020-11-01T00:00:00Z' },
    ];
    const plan = planDigest(new Snapshot(data, 1), new Date('2020-11-20T12:00:00Z'), SETTINGS);
    expect(plan.people.find((p) => p.personId === 'tilly-flanagan')!.reach.reachable).toBe(true);
    expect(plan.people.find((p) => p.personId === 'andrew-donaldson')!.reach).toMatchObject({ reachable: false, reason: 'has never installed or messaged the bot' });
  });
});
