import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { CanonicalStatus } from '../../src/domain/model.js';
import { ColumnMappingError, ColumnMappingFile, guessField } from '../../src/features/imports/plan/columns.js';
import { importPlan, PlanImportError, type PlanImportOptions, type PlanImportReport } from '../../src/features/imports/plan/index.js';
import { reportLines } from '../../src/features/imports/plan/report.js';
import { cleanActionNumber } from '../../src/features/imports/plan/rows.js';
import { PeopleDirectory, splitOwnerCell } from '../../src/features/imports/owners.js';
import { readTable } from '../../src/features/imports/table.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { demoData } from '../helpers/chat-context.js';

type CellInput = string | number | Date | null;

/** Builds an .xlsx in memory, the way a council's workbook looks. */
async function workbook(rows: CellInput[][], options: { merges?: string[]; modified?: Date; sheetName?: string; extraSheetFirst?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = options.modified ?? new Date('2020-11-01T09:00:00Z');
  wb.modified = options.modified ?? new Date('2020-11-01T09:00:00Z');
  if (options.extraSheetFirst) wb.addWorksheet('Notes').addRow(['Read me first']);
  const ws = wb.addWorksheet(options.sheetName ?? 'Delivery Plan');
  rows.forEach((row, i) => {
    row.forEach((value, c) => {
      if (value !== null && value !== '') ws.getCell(i + 1, c + 1).value = value;
    });
  });
  for (const range of options.merges ?? []) ws.mergeCells(range);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = ['Action Ref', 'Action', 'WLT Owner', 'Delivery Lead(s)', 'Due date', 'RAG/Status', 'Progress update'];

/** A Communities-Delivery-Plan-style sheet with the edge cases of docs/domain.md §5. */
function messyRows(): CellInput[][] {
  return [
    ['Communities Delivery Plan – DRAFT v1 – progress as at 1 November 2020'],
    [],
    HEADER,
    ['PROMOTING SOCIAL ACTION & BUILDING CAPACITY'],
    ['1.1', 'Effective signposting to digital IAG and self-help   ', 'Andrew Donaldson', 'Sarah James Kerry Dove Keith Luscombe Rose Hampton Adam Rooney', 'March 21', 'In progress', 'Going well'],
    ['1.2', 'Restart regular citizen surveys', 'Kerry Dove', 'Kerry Dove Wendy Tompson', 'Ongoing', '', ''],
    [],
    ['1.3', 'Virtual family hubs', 'Ann-Marie Davidson Sarah Getley', 'Becky Murphy / SDMs', '2021 (TBC)', 'Not started', ''],
    ['1.4', '#DoingOurBit Fund', 'Natasha Moody', 'CCSMs Pete Barker', 'Oct 20 (Launch) Jan 21 (allocation)', 'On track', ''],
    ['COMMUNITY AND PARTNERSHIP ACTIVITY AT LOCAL LEVEL'],
    ['1.5', 'Pub is the Hub', 'Member: Leader', 'LPDMs / SDMs', 'Early 21 (TBC)', '', ''],
    ['1.6', 'Volunteer strategy', 'Helen Riley, Andrew Donaldson / Janene Cox', 'Zed Newperson Quinn Unknownname', 'TBC', '', ''],
    ['1.7', 'Review grant criteria', 'Kerry Dove', '', 'Sept 2O20', '', ''],
    ['', '', 'Kerry Dove', 'Wendy Tompson', 'Dec 21', '', ''],
    ['1.2', 'A second 1.2 row', 'Kerry Dove', '', 'Dec 21', '', ''],
    ['5.5.', 'Action with a messy number', '', '', new Date(Date.UTC(2021, 2, 31)), 'Amber-ish', ''],
    ['1.8', 'Dated to the end of June', 'Janene Cox', '', 'by the end of June', 'Complete', 'Done early'],
  ];
}

const MERGES = ['A1:G1', 'A4:G4', 'A10:G10'];

function options(overrides: Partial<PlanImportOptions> = {}): PlanImportOptions {
  return {
    planId: 'staffs-cdp-v2',
    newPlan: { councilId: 'staffordshire', title: 'Communities Delivery Plan v2' },
    actor: { personId: 'nick-pountney', name: 'Nick Pountney' },
    now: new Date('2020-11-20T12:00:00Z'),
    importId: `import-${Math.random().toString(36).slice(2)}`,
    ...overrides,
  };
}

function row(report: PlanImportReport, n: number) {
  return report.rows.find((r) => r.row === n);
}

describe('reading real-world spreadsheets', () => {
  it('dry run reports every row and changes nothing', async () => {
    const store = new MemoryStore(demoData());
    const before = structuredClone((await store.snapshot()).data);
    const table = await readTable('cdp.xlsx', await workbook(messyRows(), { merges: MERGES }));
    const report = await importPlan(store, table, options({ dryRun: true }));

    expect(report.dryRun).toBe(true);
    expect(report.headerRow).toBe(3);
    expect(report.asAt).toMatchObject({ date: '2020-11-01', basis: 'title row' });
    expect(report.counts).toEqual({ imported: 8, updated: 0, unchanged: 0, rejected: 3, held: 0 });
    expect(row(report, 13)).toMatchObject({ outcome: 'rejected', reason: "target date 'Sept 2O20' not understood" });
    expect(row(report, 14)?.reason).toMatch(/^missing title/);
    expect(row(report, 15)).toMatchObject({ outcome: 'rejected', reason: 'duplicate action number 1.2 (already on row 6)' });
    expect(report.headings.map((h) => h.text)).toEqual(['PROMOTING SOCIAL ACTION & BUILDING CAPACITY', 'COMMUNITY AND PARTNERSHIP ACTIVITY AT LOCAL LEVEL']);
    expect(report.blankRows).toBe(1);
    expect(report.newPeople.map((p) => p.name)).toEqual(['Zed Newperson', 'Quinn Unknownname']);
    expect(reportLines(report).join('\n')).toContain("row 13: rejected 1.7 Review grant criteria: target date 'Sept 2O20' not understood");
    expect((await store.snapshot()).data).toEqual(before);
  });

  it('imports owners, groups, roles, date expressions, numbers and sections as written', async () => {
    const store = new MemoryStore(demoData());
    const table = await readTable('cdp.xlsx', await workbook(messyRows(), { merges: MERGES }));
    const report = await importPlan(store, table, options());
    const snap = await store.snapshot();
    const action = (n: string) => snap.actionsOf('staffs-cdp-v2').find((a) => a.number === n)!;
    const ownerIds = (n: string, role: string) => action(n).owners.filter((o) => o.role === role).map((o) => o.personId ?? `group:${o.group}`);

    expect(report.counts.imported).toBe(8);
    expect(snap.plan('staffs-cdp-v2')?.councilId).toBe('staffordshire');
    // Space-separated names, split two tokens at a time and matched to known people.
    expect(ownerIds('1.1', 'deliveryLead')).toEqual(['sarah-james', 'kerry-dove', 'keith-luscombe', 'rose-hampton', 'adam-rooney']);
    expect(action('1.1').owners.find((o) => o.role === 'deliveryLead')?.raw).toBe('Sarah James Kerry Dove Keith Luscombe Rose Hampton Adam Rooney');
    expect(ownerIds('1.3', 'wltOwner')).toEqual(['ann-marie-davidson', 'sarah-getley']);
    expect(ownerIds('1.3', 'deliveryLead')).toEqual(['becky-murphy', 'group:SDMs']);
    expect(ownerIds('1.4', 'deliveryLead')).toEqual(['group:CCSMs', 'pete-barker']);
    expect(ownerIds('1.5', 'wltOwner')).toEqual(['group:Member: Leader']);
    expect(ownerIds('1.5', 'deliveryLead')).toEqual(['group:LPDMs', 'group:SDMs']);
    expect(ownerIds('1.6', 'wltOwner')).toEqual(['helen-riley', 'andrew-donaldson', 'janene-cox']);
    // Unknown names become people without an email: the unmapped-owner list.
    const created = ownerIds('1.6', 'deliveryLead').map((id) => snap.person(id)!);
    expect(created.map((p) => [p.name, p.email])).toEqual([
      ['Zed Newperson', undefined],
      ['Quinn Unknownname', undefined],
    ]);
    // Titles trimmed; dates are expressions with the raw text kept.
    expect(action('1.1').title).toBe('Effective signposting to digital IAG and self-help');
    expect(action('1.1').originalTarget).toMatchObject({ kind: 'month', value: '2021-03', raw: 'March 21' });
    expect(action('1.2').originalTarget).toMatchObject({ kind: 'ongoing', raw: 'Ongoing' });
    expect(action('1.3').originalTarget).toMatchObject({ kind: 'year', value: 2021, tentative: true });
    expect(action('1.5').originalTarget).toMatchObject({ kind: 'approximate', part: 'early', year: 2021, tentative: true });
    expect(action('1.6').originalTarget).toMatchObject({ kind: 'tbc' });
    expect(action('1.4').originalTarget?.kind).toBe('milestones');
    expect(action('1.4').milestones.map((m) => m.label)).toEqual(['Launch', 'allocation']);
    // "by the end of June" takes its year from the spreadsheet's as-at date.
    expect(action('1.8').originalTarget).toMatchObject({ kind: 'month', value: '2021-06', yearBasis: 'inferred' });
    // "5.5." keeps its raw form; an Excel date cell is a day.
    expect(action('5.5')).toMatchObject({ numberRaw: '5.5.', originalTarget: { kind: 'date', value: '2021-03-31' } });
    // Unknown status label: kept as written, reported, status UNKNOWN.
    expect(action('5.5').status).toMatchObject({ canonical: 'UNKNOWN', raw: 'Amber-ish' });
    expect(row(report, 16)?.warnings.join()).toMatch(/status 'Amber-ish' is not one of this plan's labels/);
    expect(action('1.1').status).toMatchObject({ canonical: 'IN_PROGRESS', raw: 'In progress', asAt: '2020-11-01' });
    expect(action('1.8').status.canonical).toBe('COMPLETED');
    // Section heading rows become sections.
    expect(snap.theme(action('1.1').themeId!)?.name).toBe('PROMOTING SOCIAL ACTION & BUILDING CAPACITY');
    expect(snap.theme(action('1.5').themeId!)?.name).toBe('COMMUNITY AND PARTNERSHIP ACTIVITY AT LOCAL LEVEL');
    // The import is audited and progress is recorded as an import update.
    const audit = snap.data.audit.filter((a) => a.command === 'import-plan');
    expect(audit.filter((a) => a.entity === 'action')).toHaveLength(8);
    expect(audit.filter((a) => a.entity === 'person').map((a) => a.entityId)).toEqual(created.map((p) => p.id));
    expect(snap.updatesOf(action('1.1').id)).toEqual([expect.objectContaining({ channel: 'import', commentary: 'Going well', asAt: '2020-11-01' })]);
  });

  it('re-importing the same file changes nothing', async () => {
    const store = new MemoryStore(demoData());
    const buffer = await workbook(messyRows(), { merges: MERGES });
    await importPlan(store, await readTable('cdp.xlsx', buffer), options());
    const after = structuredClone((await store.snapshot()).data);
    const again = await importPlan(store, await readTable('cdp.xlsx', buffer), options());
    expect(again.counts).toEqual({ imported: 0, updated: 0, unchanged: 8, rejected: 3, held: 0 });
    expect(again.newPeople).toEqual([]);
    expect((await store.snapshot()).data).toEqual(after);
  });

  it('a newer version updates by action key and records every change in the audit log', async () => {
    const store = new MemoryStore(demoData());
    await importPlan(store, await readTable('cdp.xlsx', await workbook(messyRows(), { merges: MERGES })), options());
    const rows = messyRows();
    rows[0] = ['Communities Delivery Plan – progress as at 1 December 2020'];
    rows[4] = ['1.1', 'Effective signposting to digital IAG and self-help', 'Andrew Donaldson', 'Sarah James', 'March 21', 'Completed', 'Signposting live on the website'];
    rows[5] = ['1.2', 'Restart regular citizen surveys', 'Kerry Dove', 'Kerry Dove Wendy Tompson', 'Dec 21', '', ''];
    const report = await importPlan(store, await readTable('cdp-dec.xlsx', await workbook(rows, { merges: MERGES })), options());
    const snap = await store.snapshot();
    const a11 = snap.actionsOf('staffs-cdp-v2').find((a) => a.number === '1.1')!;
    const a12 = snap.actionsOf('staffs-cdp-v2').find((a) => a.number === '1.2')!;

    expect(report.counts).toMatchObject({ imported: 0, updated: 2, unchanged: 6 });
    expect(row(report, 5)?.changes).toEqual(['owners (WLT owner, delivery lead)', 'status In progress → Completed', 'commentary']);
    expect(a11.status).toEqual({ canonical: 'COMPLETED', raw: 'Completed', asAt: '2020-12-01' });
    expect(a11.owners.filter((o) => o.role === 'deliveryLead').map((o) => o.personId)).toEqual(['sarah-james']);
    // A changed target date is a proposed revision; the original target is kept.
    expect(a12.originalTarget?.raw).toBe('Ongoing');
    expect(a12.revisions).toEqual([expect.objectContaining({ state: 'proposed', to: expect.objectContaining({ raw: 'Dec 21' }), proposedBy: 'nick-pountney' })]);
    const update = snap.updatesOf(a11.id).at(-1)!;
    expect(update).toMatchObject({ channel: 'import', asAt: '2020-12-01', authorName: 'Nick Pountney', status: { canonical: 'COMPLETED' }, previous: { status: { canonical: 'IN_PROGRESS' }, commentary: 'Going well' } });
    const entry = snap.data.audit.filter((a) => a.entity === 'action' && a.entityId === a11.id).at(-1)!;
    expect(entry).toMatchObject({ command: 'import-plan', actorName: 'Nick Pountney', note: 'cdp-dec.xlsx row 5' });
    expect(entry.before).toMatchObject({ status: { canonical: 'IN_PROGRESS' }, commentary: 'Going well' });
    expect(entry.after).toMatchObject({ status: { canonical: 'COMPLETED' }, commentary: 'Signposting live on the website' });
  });

  it('never overwrites a newer chat update without the admin confirming', async () => {
    const store = new MemoryStore(demoData());
    await importPlan(store, await readTable('cdp.xlsx', await workbook(messyRows(), { merges: MERGES })), options());
    const a11 = (await store.snapshot()).actionsOf('staffs-cdp-v2').find((a) => a.number === '1.1')!;
    await store.transact('chat update', (tx) => {
      tx.put('actions', { ...a11, status: { canonical: 'AT_RISK', raw: 'At risk', asAt: '2020-11-18' }, commentary: 'Supplier has pulled out' });
      tx.put('updates', {
        id: 'chat-1',
        actionId: a11.id,
        authorId: 'tilly-flanagan',
        authorName: 'Tilly Flanagan',
        authoredAt: '2020-11-18T10:00:00Z',
        channel: 'teams-text',
        kind: 'update',
        status: { canonical: 'AT_RISK' as CanonicalStatus, raw: 'At risk' },
        commentary: 'Supplier has pulled out',
        previous: {},
      });
    });
    // The same (older) spreadsheet, as at 1 November, still says "In progress".
    const table = await readTable('cdp.xlsx', await workbook(messyRows(), { merges: MERGES }));
    const held = await importPlan(store, table, options());
    expect(row(held, 5)).toMatchObject({ outcome: 'held', reason: 'held: newer chat update by Tilly Flanagan on Wednesday 18 November 2020' });
    expect(row(held, 5)?.changes).toEqual(['status At risk → In progress', 'commentary']);
    expect((await store.snapshot()).action(a11.id)?.status.canonical).toBe('AT_RISK');

    const forced = await importPlan(store, table, options({ force: true }));
    expect(row(forced, 5)?.outcome).toBe('updated');
    const snap = await store.snapshot();
    expect(snap.action(a11.id)?.status.canonical).toBe('IN_PROGRESS');
    expect(snap.data.audit.filter((a) => a.entityId === a11.id).at(-1)?.note).toMatch(/overwrote a newer chat update by Tilly Flanagan \(admin confirmed\)/);
  });

  it('a newer spreadsheet does update an action changed in chat before its date', async () => {
    const store = new MemoryStore(demoData());
    await importPlan(store, await readTable('cdp.xlsx', await workbook(messyRows(), { merges: MERGES })), options());
    const a11 = (await store.snapshot()).actionsOf('staffs-cdp-v2').find((a) => a.number === '1.1')!;
    await store.transact('chat update', (tx) => {
      tx.put('updates', { id: 'chat-2', actionId: a11.id, authorName: 'Tilly Flanagan', authoredAt: '2020-11-18T10:00:00Z', channel: 'teams-card', kind: 'update', commentary: 'x', previous: {} });
    });
    const rows = messyRows();
    rows[0] = ['Progress as at 30 November 2020'];
    rows[4]![5] = 'Completed';
    const report = await importPlan(store, await readTable('cdp.xlsx', await workbook(rows, { merges: MERGES })), options());
    expect(row(report, 5)?.outcome).toBe('updated');
  });

  it('updates an existing plan by action number with its own status labels (Derby CIP)', async () => {
    const store = new MemoryStore(demoData());
    const rows: CellInput[][] = [
      ['Derby City Council'],
      ['Corporate Improvement Plan monitoring sheet'],
      ['Action No.', 'Action', 'Lead Officer', 'Target Date', 'Revised Date', 'Status', 'Commentary'],
      ['2.2', 'Review detailed savings plans with sign-off by each strategic director by March 2018', 'Heather Greenan', 'by March 2018', 'March 2019', 'Slippage', ''],
      ['(7.9).', 'Brand new CIP action', 'Heather Greenan', '31 March 2019', '', 'Not started', ''],
    ];
    const report = await importPlan(store, await readTable('cip.xlsx', await workbook(rows, { modified: new Date('2018-07-02T08:00:00Z') })), options({ planId: 'derby-cip', newPlan: undefined }));
    expect(report.asAt).toMatchObject({ basis: 'workbook saved', date: '2018-07-02' });
    expect(row(report, 4)).toMatchObject({ outcome: 'updated', actionId: 'derby-cip-2.2' });
    expect(row(report, 4)?.changes).toEqual(['owners (lead officer)', 'revised target March 2019 proposed']);
    const snap = await store.snapshot();
    const a22 = snap.action('derby-cip-2.2')!;
    expect(a22.status.canonical).toBe('SLIPPED');
    expect(a22.commentary).toMatch(/^All the savings plans/); // a blank cell never erases
    expect(a22.revisions.at(-1)).toMatchObject({ state: 'proposed', from: { raw: 'by March 2018' }, to: { kind: 'month', value: '2019-03' } });
    expect(row(report, 5)).toMatchObject({ outcome: 'imported', actionId: 'derby-cip-7.9' });
    expect(snap.action('derby-cip-7.9')).toMatchObject({ numberRaw: '(7.9).', themeId: 'derby-cip-t7' });
  });

  it('reads CSV (csv-parse) with title rows, "/" and "," owners, trailing spaces and a header variant', async () => {
    const csv = [
      'Corporate Review actions,,,,',
      'Updated 15/11/2020,,,,',
      'Action No.,Action,Owner(s),Target,Status',
      '1,"Publish the forward plan  ",Helen Riley /Darryl Evers/John Tradewell/ Ian Turner,Dec 20,In progress',
      '2,"Members\' parental leave policy","Member: Alan White, Mike Sutherland",2021 (TBC),',
      ',,,,',
      '3,Review the work programme,Nick Pountney,Sept 2O20,',
    ].join('\r\n');
    const store = new MemoryStore(demoData());
    const report = await importPlan(store, await readTable('crc.csv', Buffer.from(csv, 'utf8')), options({ planId: 'crc-actions', newPlan: { councilId: 'staffordshire', title: 'CRC actions' } }));
    expect(report.asAt).toMatchObject({ basis: 'title row', date: '2020-11-15' });
    expect(report.counts).toMatchObject({ imported: 2, rejected: 1 });
    expect(row(report, 7)?.reason).toBe("target date 'Sept 2O20' not understood");
    const snap = await store.snapshot();
    const first = snap.actionsOf('crc-actions').find((a) => a.number === '1')!;
    expect(first.title).toBe('Publish the forward plan');
    expect(first.owners.map((o) => o.personId)).toEqual(['helen-riley', 'darryl-evers', 'john-tradewell', 'ian-turner']);
    const second = snap.actionsOf('crc-actions').find((a) => a.number === '2')!;
    expect(second.owners.map((o) => o.personId)).toEqual(['alan-white', 'mike-sutherland']);
  });

  it('reads a CSV saved by Excel on UK Windows (Windows-1252), keeping "£" and curly quotes', async () => {
    const csv = 'Action,Target Date,Commentary\r\n\u201cBudget\u201d savings of \u00a31.8m,March 21,Members\u2019 views sought\r\n';
    const table = await readTable('budget.csv', Buffer.from(csv.replace(/\u201c/g, '\x93').replace(/\u201d/g, '\x94').replace(/\u2019/g, '\x92'), 'latin1'));
    expect(table.rows[1]!.map((c) => c.text)).toEqual(['\u201cBudget\u201d savings of \u00a31.8m', 'March 21', 'Members\u2019 views sought']);
  });

  it('a mapping file overrides the guesses: header row, columns and extra status labels', async () => {
    const rows: CellInput[][] = [
      ['Key deliverable', 'Who', 'When', 'RAG', 'Notes'],
      ['Plan title row pretending to be data', '', '', '', ''],
      ['Real header: Deliverable', 'Accountable', 'Deadline', 'RAG', 'Notes'],
      ['Refresh the risk register', 'Kerry Dove', 'Q3 2020/21', 'Amber', 'Late start'],
    ];
    const mapping = ColumnMappingFile.parse({ headerRow: 3, columns: { title: 'Real header: Deliverable', lead: 'B', target: 3, status: 'RAG', commentary: null }, statusLabels: { amber: 'AT_RISK' } });
    const store = new MemoryStore(demoData());
    const report = await importPlan(store, await readTable('custom.xlsx', await workbook(rows)), options({ mapping, asAt: '2020-10-01' }));
    expect(report.columns.map((c) => [c.field, c.header, c.how])).toEqual([
      ['title', 'Real header: Deliverable', 'mapping file'],
      ['lead', 'Accountable', 'mapping file'],
      ['target', 'Deadline', 'mapping file'],
      ['status', 'RAG', 'mapping file'],
    ]);
    expect(report.ignoredColumns).toEqual(['Notes']);
    const action = (await store.snapshot()).actionsOf('staffs-cdp-v2')[0]!;
    expect(action).toMatchObject({ title: 'Refresh the risk register', status: { canonical: 'AT_RISK', raw: 'Amber' }, originalTarget: { kind: 'quarter', quarter: 3 } });
    expect(action.commentary).toBeUndefined();
    expect(() => ColumnMappingFile.parse({ columns: { colour: 'A' } })).toThrow();
  });

  it('picks the sheet by number or name and says what is wrong with a file it cannot use', async () => {
    const buffer = await workbook(messyRows(), { merges: MERGES, extraSheetFirst: true });
    expect((await readTable('cdp.xlsx', buffer)).sheetName).toBe('Notes');
    expect((await readTable('cdp.xlsx', buffer, { sheet: 2 })).sheetName).toBe('Delivery Plan');
    expect((await readTable('cdp.xlsx', buffer, { sheet: 'delivery plan' })).sheetName).toBe('Delivery Plan');
    await expect(readTable('cdp.xlsx', buffer, { sheet: 3 })).rejects.toThrow(/there is no sheet 3/);
    await expect(readTable('plan.xls', Buffer.from('x'))).rejects.toThrow(/old-style .xls/);
    await expect(readTable('plan.xlsx', Buffer.from('not a zip'))).rejects.toThrow(/could not be opened as an .xlsx workbook/);

    const store = new MemoryStore(demoData());
    const notes = await readTable('cdp.xlsx', buffer);
    await expect(importPlan(store, notes, options())).rejects.toThrow(ColumnMappingError);
    await expect(importPlan(store, await readTable('cdp.xlsx', buffer, { sheet: 2 }), options({ planId: 'nope', newPlan: undefined }))).rejects.toThrow(PlanImportError);
  });
});

describe('owner cells and headers', () => {
  const directory = () => new PeopleDirectory(demoData().people, 'staffordshire');
  const parts = (cell: string) => splitOwnerCell(cell, directory()).parts.map((p) => (p.kind === 'group' ? `[${p.group}]` : p.name));

  it.each([
    ['Sarah James Kerry Dove', ['Sarah James', 'Kerry Dove']],
    ['Ann-Marie Davidson Sarah Getley', ['Ann-Marie Davidson', 'Sarah Getley']],
    ['Becky Murphy / SDMs', ['Becky Murphy', '[SDMs]']],
    ['LPDMs / SDMs', ['[LPDMs]', '[SDMs]']],
    ['CCSMs Pete Barker', ['[CCSMs]', 'Pete Barker']],
    ['Member: Leader', ['[Member: Leader]']],
    ['Officer: Helen Riley, Andrew Donaldson / Janene Cox', ['Helen Riley', 'Andrew Donaldson', 'Janene Cox']],
    ['Cabinet Member for Communities and Culture', ['[Cabinet Member for Communities and Culture]']],
    ['kerry dove and WENDY TOMPSON', ['kerry dove', 'WENDY TOMPSON']],
    ['Communities Team', ['[Communities Team]']],
    ['TBC', []],
    ['Mary Ann Smith', ['Mary Ann Smith']],
    ['Amy Adams Bob Brown Cat Cole', ['Amy Adams', 'Bob Brown', 'Cat Cole']],
    ['sarah.james@council.example', ['Sarah James']],
  ])('%s', (cell, expected) => {
    expect(parts(cell)).toEqual(expected);
  });

  it.each([
    ['Action No.', 'number'],
    ['Action Ref', 'number'],
    ['Action', 'title'],
    ['Lead', 'lead'],
    ['Owner(s)', 'lead'],
    ['Lead Officer', 'lead'],
    ['WLT Owner', 'wltOwner'],
    ['Delivery Lead(s)', 'deliveryLead'],
    ['Due date', 'target'],
    ['Target Date', 'target'],
    ['Revised target date', 'revised'],
    ['RAG/Status', 'status'],
    ['Progress update', 'commentary'],
    ['Commentary', 'commentary'],
    ['Theme/Section', 'theme'],
  ])('header "%s" is %s', (header, field) => {
    expect(guessField(header)).toBe(field);
  });

  it.each([
    ['5.5.', '5.5'],
    ['(8.6)', '8.6'],
    ['Action 2.2', '2.2'],
    ['2.10', '2.10'],
    [' 3 ', '3'],
  ])('action number %s is %s', (raw, clean) => {
    expect(cleanActionNumber(raw)).toBe(clean);
  });
});
