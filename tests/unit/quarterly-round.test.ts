import { describe, expect, it } from 'vitest';
import { cardBytes, renderCard } from '../../src/cards/render.js';
import { validateCard } from '../../src/cards/validate.js';
import { quarterIn } from '../../src/features/rounds/intents.js';
import type { Action, StoreData } from '../../src/domain/model.js';
import {
  QuarterlyRound,
  checkRoundDates,
  latestStartedQuarter,
  needsReminder,
  reminderDate,
  remindersDue,
  roundProgress,
  roundRecipients,
} from '../../src/domain/quarterly/index.js';
import { buildQuarterlySummary } from '../../src/domain/quarterly/summary.js';
import { Snapshot } from '../../src/domain/snapshot.js';
import { ACTIONS_PER_PAGE, progressReply, roundCardReply, summaryCardReply } from '../../src/features/rounds/cards.js';
import { toCsv, toMarkdown, toXlsx, csvSafe, escapeMarkdown } from '../../src/features/rounds/report/quarterly-report.js';
import ExcelJS from 'exceljs';
import { demoData } from '../helpers/chat-context.js';

const TILLY_CDP = ['staffs-cdp-10', 'staffs-cdp-12', 'staffs-cdp-31', 'staffs-cdp-32', 'staffs-cdp-36'];

function cdpRound(data: StoreData, overrides: Partial<QuarterlyRound> = {}): QuarterlyRound {
  const snapshot = new Snapshot(data, 1);
  const r = roundRecipients(snapshot, 'staffs-cdp');
  return QuarterlyRound.parse({
    id: 'round-staffs-cdp-2020-21-q2',
    planId: 'staffs-cdp',
    quarter: '2020/21-Q2',
    asAt: '2020-09-30',
    deadline: '2020-10-14',
    startedBy: { personId: 'nick-pountney', name: 'Nick Pountney' },
    startedAt: '2020-10-01T09:00:00.000Z',
    state: 'open',
    leads: r.leads.map((l) => ({ ...l, delivery: { status: 'sent' } })),
    groups: r.groups,
    members: r.members,
    unownedActionIds: r.unownedActionIds,
    ...overrides,
  });
}

function rendered(reply: { card?: { template: string; data: Record<string, unknown> } }) {
  return renderCard(reply.card!.template, reply.card!.data);
}

describe('who a round asks, about what', () => {
  it('gives Tilly Flanagan exactly her five CDP actions as delivery lead, and nobody else\'s', () => {
    const snapshot = new Snapshot(demoData(), 1);
    const r = roundRecipients(snapshot, 'staffs-cdp');
    expect(r.leads.find((l) => l.personId === 'tilly-flanagan')!.actionIds).toEqual(TILLY_CDP);
    // Every action a lead is asked about names them as lead officer, delivery lead or WLT owner.
    for (const lead of r.leads) {
      for (const id of lead.actionIds) {
        expect(snapshot.action(id)!.owners.some((o) => o.personId === lead.personId && ['lead', 'deliveryLead', 'wltOwner'].includes(o.role))).toBe(true);
      }
    }
    // Groups cannot be messaged: kept aside, with their actions.
    expect(r.groups.map((g) => g.group)).toEqual(['CCSMs', 'LPDMs', 'SDMs']);
    expect(r.groups.find((g) => g.group === 'SDMs')!.actionIds).toEqual(['staffs-cdp-24', 'staffs-cdp-25']);
  });

  it('finds nobody to ask in the demo CIP (its lead officers were lost with Appendix 2), and leaves out completed actions', () => {
    const snapshot = new Snapshot(demoData(), 1);
    const r = roundRecipients(snapshot, 'derby-cip');
    expect(r.leads).toEqual([]);
    expect(r.unownedActionIds).toHaveLength(13);
    expect(r.closedActionIds).toHaveLength(17);
  });
});

describe('round progress and reminders', () => {
  it('counts an action answered by any co-owner, and a lead as responded when all their actions are answered', () => {
    const data = demoData();
    const round = cdpRound(data);
    const noChange = (actionId: string, personId: string, at: string) =>
      data.updates.push({
        id: `u-${actionId}`,
        actionId,
        authorId: personId,
        authorName: personId,
        authoredAt: at,
        channel: 'teams-card',
        kind: 'no-change',
        asAt: '2020-09-30',
        previous: {},
        roundId: round.id,
      });
    for (const id of TILLY_CDP) noChange(id, 'tilly-flanagan', '2020-10-02T10:00:00.000Z');
    // An update typed before the round started does not answer it.
    data.updates.push({ id: 'early', actionId: 'staffs-cdp-26', authorName: 'Joe Sullivan', authorId: 'joe-sullivan', authoredAt: '2020-09-01T10:00:00.000Z', channel: 'teams-text', kind: 'update', commentary: 'x', previous: {} });
    const progress = roundProgress(round, new Snapshot(data, 2));
    const tilly = progress.leads.find((l) => l.personId === 'tilly-flanagan')!;
    expect(tilly.responded).toBe(true);
    // Joe shares staffs-cdp-10 with Tilly: answered for him too; his other two are outstanding.
    const joe = progress.leads.find((l) => l.personId === 'joe-sullivan')!;
    expect(joe.answeredIds).toEqual(['staffs-cdp-10']);
    expect(joe.outstandingIds).toEqual(['staffs-cdp-26', 'staffs-cdp-30']);
    expect(joe.responded).toBe(false);
    expect(progress.noChangeCount).toBe(5);
    expect(needsReminder(round, tilly)).toBe(false);
    expect(needsReminder(round, joe)).toBe(true);
  });

  it('reminds a configurable number of working days before the deadline, skipping weekends and bank holidays', () => {
    expect(reminderDate('2020-10-14', 2)).toBe('2020-10-12'); // Wednesday -> Monday
    expect(reminderDate('2020-10-13', 2)).toBe('2020-10-09'); // Tuesday -> the Friday before
    expect(reminderDate('2020-12-29', 2)).toBe('2020-12-23'); // over Christmas and Boxing Day (substitute 28th)
    expect(reminderDate('2020-10-14', 0)).toBe('2020-10-14');
    const round = cdpRound(demoData());
    expect(remindersDue(round, '2020-10-11', 2)).toBe(false);
    expect(remindersDue(round, '2020-10-12', 2)).toBe(true);
    expect(remindersDue(round, '2020-10-14', 2)).toBe(true);
    expect(remindersDue(round, '2020-10-15', 2)).toBe(false);
    expect(remindersDue({ ...round, state: 'closed' }, '2020-10-12', 2)).toBe(false);
  });

  it('reminds again after an extension, once per deadline', () => {
    const data = demoData();
    const round = cdpRound(data);
    const withReminder = {
      ...round,
      leads: round.leads.map((l) => (l.personId === 'joe-sullivan' ? { ...l, reminders: [{ deadline: '2020-10-14', on: '2020-10-12', status: 'sent' as const }] } : l)),
    };
    const joe = roundProgress(withReminder, new Snapshot(data, 1)).leads.find((l) => l.personId === 'joe-sullivan')!;
    expect(needsReminder(withReminder, joe)).toBe(false);
    expect(needsReminder({ ...withReminder, deadline: '2020-10-21' }, joe)).toBe(true);
  });

  it('checks the dates of a new round and says what is wrong', () => {
    expect(checkRoundDates('2020/21-Q2', '2020-09-30', '2020-10-14', '2020-10-01')).toEqual([]);
    expect(checkRoundDates('2020/21-Q2', '2020-10-05', '2020-10-14', '2020-10-01')[0]!.message).toContain('within the quarter');
    expect(checkRoundDates('2020/21-Q2', '2020-09-30', '2020-09-20', '2020-10-01').map((p) => p.field)).toEqual(['deadline', 'deadline']);
  });

  it('reads quarters the way councils write them; a bare "Q4" in April means the one just ended', () => {
    expect(quarterIn('start the Q2 2020/21 update round for the CIP')).toEqual({ label: '2020/21-Q2', number: 2 });
    expect(quarterIn('export the 2020/21-Q2 report')).toEqual({ label: '2020/21-Q2', number: 2 });
    expect(quarterIn('close the second quarter 2020-21 round')).toEqual({ label: '2020/21-Q2', number: 2 });
    expect(quarterIn("who hasn't responded for Q2?")).toEqual({ number: 2 });
    expect(quarterIn('close the round')).toBeUndefined();
    expect(latestStartedQuarter(4, '2021-04-12').label).toBe('2020/21-Q4');
    expect(latestStartedQuarter(2, '2020-10-01').label).toBe('2020/21-Q2');
  });
});

describe('round cards', () => {
  it("Tilly's card lists her five actions with last status and commentary, No change and Update buttons, and validates", () => {
    const data = demoData();
    const round = cdpRound(data);
    const snapshot = new Snapshot(data, 1);
    const reply = roundCardReply(snapshot, round, 'tilly-flanagan', { page: 1, mode: 'request' });
    const card = rendered(reply);
    expect(validateCard(card)).toEqual([]);
    const actions = reply.card!.data.actions as Array<{ actionId: string; facts: { title: string; value: string }[] }>;
    expect(actions.map((a) => a.actionId)).toEqual(TILLY_CDP);
    expect(actions[0]!.facts.find((f) => f.title === 'Your role')!.value).toBe('Delivery lead');
    const json = JSON.stringify(card);
    expect(json.match(/"verb":"round-no-change"/g)).toHaveLength(TILLY_CDP.length * 2); // Execute + Submit fallback
    expect(json.match(/"verb":"round-update"/g)).toHaveLength(TILLY_CDP.length * 2);
    expect(json).not.toContain('${');
    expect(reply.text).toContain('Q2 2020/21 update request');
  });

  it('pages a lead with 200 actions: every page under 80 KB, valid, and together exactly their actions', () => {
    const data = demoData();
    const template = data.actions.find((a) => a.id === 'staffs-cdp-10')!;
    const many: Action[] = Array.from({ length: 200 }, (_, i) => ({
      ...structuredClone(template),
      id: `big-${i}`,
      title: `Action ${i}: ${'a long title with plenty of words '.repeat(12)}`,
      commentary: `Commentary ${i} £ – “quoted” ${'x'.repeat(3900)}`,
      owners: [{ role: 'deliveryLead', personId: 'tilly-flanagan', raw: 'Tilly Flanagan' }],
    }));
    data.actions.push(...many);
    const snapshot = new Snapshot(data, 1);
    const round = cdpRound(data);
    const tilly = round.leads.find((l) => l.personId === 'tilly-flanagan')!;
    expect(tilly.actionIds).toHaveLength(205);
    const seen: string[] = [];
    const pages = Math.ceil(205 / ACTIONS_PER_PAGE);
    for (let page = 1; page <= pages; page++) {
      const reply = roundCardReply(snapshot, round, 'tilly-flanagan', { page, mode: 'request' });
      const card = rendered(reply);
      expect(cardBytes(card)).toBeLessThan(80 * 1024);
      expect(validateCard(card)).toEqual([]);
      seen.push(...(reply.card!.data.actions as Array<{ actionId: string }>).map((a) => a.actionId));
    }
    expect(seen).toEqual(tilly.actionIds);
    // Someone else's card never includes Tilly's actions.
    const joe = roundCardReply(snapshot, round, 'joe-sullivan', { page: 1, mode: 'request' });
    expect((joe.card!.data.actions as Array<{ actionId: string }>).map((a) => a.actionId)).toEqual(['staffs-cdp-10', 'staffs-cdp-26', 'staffs-cdp-30']);
  });

  it('a reminder lists only the outstanding actions', () => {
    const data = demoData();
    const round = cdpRound(data);
    data.updates.push({ id: 'u1', actionId: 'staffs-cdp-10', authorName: 'Tilly Flanagan', authorId: 'tilly-flanagan', authoredAt: '2020-10-02T10:00:00.000Z', channel: 'teams-card', kind: 'no-change', previous: {}, roundId: round.id });
    const reply = roundCardReply(new Snapshot(data, 1), round, 'joe-sullivan', { page: 1, mode: 'reminder' });
    expect((reply.card!.data.actions as Array<{ actionId: string }>).map((a) => a.actionId)).toEqual(['staffs-cdp-26', 'staffs-cdp-30']);
    expect(reply.text).toContain('Reminder: your Q2 2020/21 update is due by Wednesday 14 October 2020');
    expect(validateCard(rendered(reply))).toEqual([]);
  });

  it('the progress list for the admin is a valid card naming groups that cannot be messaged', () => {
    const data = demoData();
    const round = cdpRound(data, { leads: cdpRound(data).leads.map((l) => (l.personId === 'joe-sullivan' ? { ...l, delivery: { status: 'unreachable', reason: 'no conversation reference' } } : l)) });
    const reply = progressReply(new Snapshot(data, 1), round, "who hasn't responded", 1, '2020-10-05');
    expect(validateCard(rendered(reply))).toEqual([]);
    expect(reply.text).toContain('0 of');
    expect(reply.text).toContain('Could not be reached (1)');
    expect(reply.text).toContain('Joe Sullivan');
  });
});

describe('admin progress for a plan of 500 actions', () => {
  it('every page of the progress list is a valid card under 80 KB', () => {
    const data = demoData();
    const template = data.actions.find((a) => a.id === 'staffs-cdp-10')!;
    const people = data.people.filter((p) => p.kind === 'officer').slice(0, 40);
    for (let i = 0; i < 462; i++) {
      data.actions.push({
        ...structuredClone(template),
        id: `bulk-${i}`,
        title: `Bulk action ${i} ${'with a long title '.repeat(10)}`,
        owners: i % 3 === 0 ? [] : [{ role: 'deliveryLead', personId: people[i % people.length]!.id, raw: people[i % people.length]!.name }],
      });
    }
    const snapshot = new Snapshot(data, 1);
    expect(snapshot.actionsOf('staffs-cdp')).toHaveLength(500);
    const round = cdpRound(data);
    for (let page = 1; page <= 20; page++) {
      const reply = progressReply(snapshot, round, "who hasn't responded", page, '2020-10-05');
      const card = rendered(reply);
      expect(cardBytes(card)).toBeLessThan(80 * 1024);
      expect(validateCard(card)).toEqual([]);
    }
  });
});

describe('committee summary card and exports', () => {
  function bigPlan(): StoreData {
    const data = demoData();
    const base = data.actions.find((a) => a.id === 'derby-cip-2.2')!;
    const statuses = ['COMPLETED', 'ON_TRACK', 'SLIPPED', 'IN_PROGRESS', 'NOT_STARTED'] as const;
    for (let i = 0; i < 470; i++) {
      data.actions.push({
        ...structuredClone(base),
        id: `derby-cip-x${i}`,
        number: `9.${i}`,
        numberRaw: `9.${i}`,
        title: `Extra action ${i} ${'with a long descriptive title '.repeat(6)}`,
        status: { canonical: statuses[i % 5]!, asAt: '2018-06-01' },
        commentary: 'c'.repeat(2000),
      });
    }
    return data;
  }

  it('stays a valid card under 80 KB for a plan of 500 actions, capping the lists and pointing to the export', () => {
    const data = bigPlan();
    const snapshot = new Snapshot(data, 1);
    expect(snapshot.actionsOf('derby-cip')).toHaveLength(500);
    const summary = buildQuarterlySummary({ snapshot, plan: snapshot.plan('derby-cip')!, quarter: '2018/19-Q1', asAt: '2018-06-01', audience: { conversationKind: 'channel', mayReadInternal: false, mayReadExempt: false } });
    expect(summary.completed.length).toBe(17 + 94);
    const reply = summaryCardReply(summary);
    const card = rendered(reply);
    expect(cardBytes(card)).toBeLessThan(80 * 1024);
    expect(validateCard(card)).toEqual([]);
    expect(JSON.stringify(card)).toMatch(/and \d+ more/);
  });

  it('the demo summary card shows computed counts and the reported 17/41/1/2/61 in separate tables', () => {
    const snapshot = new Snapshot(demoData(), 1);
    const summary = buildQuarterlySummary({ snapshot, plan: snapshot.plan('derby-cip')!, quarter: '2018/19-Q1', asAt: '2018-06-01', audience: { conversationKind: 'channel', mayReadInternal: false, mayReadExempt: false } });
    const card = rendered(summaryCardReply(summary));
    expect(validateCard(card)).toEqual([]);
    const tables = JSON.stringify(card);
    expect(tables).toContain('As reported (June 2018), not recomputed');
    expect(tables).toContain('"text":"41"');
    expect(tables).toContain('"text":"61"');
  });

  it('writes the appendix as Markdown, CSV and XLSX with the paper\'s sections, escaping user text', async () => {
    const data = demoData();
    data.actions.find((a) => a.id === 'derby-cip-2.1')!.title = '=HYPERLINK("http://evil") | *bold* <script>';
    const snapshot = new Snapshot(data, 1);
    const summary = buildQuarterlySummary({ snapshot, plan: snapshot.plan('derby-cip')!, quarter: '2018/19-Q1', asAt: '2018-06-01', audience: { conversationKind: 'channel', mayReadInternal: false, mayReadExempt: false } });
    const md = toMarkdown(summary);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Summary position as at Friday 1 June 2018 (computed from recorded statuses)',
      '## Summary position as reported (June 2018)',
      '## 4.6 Completed since the launch of the CIP (December 2017) (17)',
      '## 4.7 On track for completion (4)',
      '## 4.8 Slippage (no new date proposed) (1)',
      '## 4.9 Revised timescales proposed for endorsement (8)',
      '## Notes',
    ]);
    expect(md).toContain('| Completed | 17 |');
    expect(md).toContain('| **Grand Total** | **61** |');
    expect(md).toContain('\\=HYPERLINK("http://evil") \\| \\*bold\\* \\<script\\>');
    expect(escapeMarkdown('# heading')).toBe('\\# heading');

    const csv = toCsv(summary);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"") | *bold* <script>"`);
    expect(csvSafe('+1')).toBe("'+1");
    expect(csv.split('\r\n').filter((l) => l.startsWith('4.9')).length).toBe(8);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(summary)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Counts', '4.6 Completed', '4.7 On track', '4.8 Slippage', '4.9 Revised timescales']);
    const completed = workbook.getWorksheet('4.6 Completed')!;
    expect(completed.rowCount).toBe(2 + 17);
    const cell = completed.getCell('B3');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://evil") | *bold* <script>');
    const counts = workbook.getWorksheet('Counts')!;
    const values = counts.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1, 3).join('|') : ''));
    expect(values).toContain('Completed|17');
    expect(values).toContain('In progress|41');
    expect(values).toContain('Grand Total|61');
  });
});
