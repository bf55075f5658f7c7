/**
 * Importing a 10,000-row action-plan workbook (owners written as real cells are, mixed date
 * expressions, status labels, section rows), against reading the same workbook with exceljs alone
 * in the same run. Target: the whole import (read, match, diff, write to the store) under 10 s.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { importPlan } from '../../src/features/imports/plan/index.js';
import { readTable } from '../../src/features/imports/table.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { demoData } from '../../tests/helpers/chat-context.js';
import type { BenchSuite } from '../run.js';
import { printTable } from '../stats.js';

const ROWS = 10_000;
const LIMIT_MS = 10_000;
const OWNERS = ['Sarah James Kerry Dove', 'Becky Murphy / SDMs', 'Helen Riley, Andrew Donaldson / Janene Cox', 'CCSMs Pete Barker', 'Member: Leader', 'Alex New Sam Newer'];
const DATES = ['March 21', 'Ongoing', '2021 (TBC)', 'Early 21 (TBC)', 'Oct 20 (Launch) Jan 21 (allocation)', 'TBC', '31/03/2021', 'by the end of June'];
const STATUSES = ['In progress', 'Completed', 'Not started', 'On track', 'Slipped', ''];

async function buildWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.modified = new Date('2020-11-01T09:00:00Z');
  const ws = wb.addWorksheet('Plan');
  ws.addRow(['Big Delivery Plan – progress as at 1 November 2020']);
  ws.addRow([]);
  ws.addRow(['Action No.', 'Action', 'WLT Owner', 'Delivery Lead(s)', 'Target Date', 'Status', 'Commentary']);
  for (let i = 0; i < ROWS; i++) {
    if (i % 500 === 0) ws.addRow([`Section ${i / 500 + 1}: Theme of the section`]);
    const theme = Math.floor(i / 100) + 1;
    ws.addRow([
      `${theme}.${(i % 100) + 1}`,
      `Deliver improvement number ${i} for the council's residents  `,
      OWNERS[i % OWNERS.length],
      OWNERS[(i * 7) % OWNERS.length],
      i % 13 === 0 ? new Date(Date.UTC(2021, i % 12, 1 + (i % 28))) : DATES[i % DATES.length],
      STATUSES[i % STATUSES.length],
      i % 3 === 0 ? `Progress note ${i}: work continues with partners.` : '',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readWithExcelJsAlone(buffer: Buffer): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  let cells = 0;
  wb.worksheets[0]!.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.value !== null) cells++;
    });
  });
  return cells;
}

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function run(): Promise<void> {
  const buffer = await buildWorkbook();
  process.stdout.write(`workbook: ${ROWS} action rows, ${(buffer.length / 1024 / 1024).toFixed(1)} MB\n`);
  await readWithExcelJsAlone(buffer); // warm-up
  const baseline = Math.min((await time(() => readWithExcelJsAlone(buffer))).ms, (await time(() => readWithExcelJsAlone(buffer))).ms);

  const store = new MemoryStore(demoData());
  const options = (dryRun: boolean) => ({
    planId: 'big-plan',
    newPlan: { councilId: 'staffordshire', title: 'Big Delivery Plan' },
    actor: { name: 'bench' },
    now: new Date('2020-11-20T12:00:00Z'),
    importId: randomUUID(),
    dryRun,
  });
  const dry = await time(async () => importPlan(store, await readTable('big.xlsx', buffer), options(true)));
  const first = await time(async () => importPlan(store, await readTable('big.xlsx', buffer), options(false)));
  const again = await time(async () => importPlan(store, await readTable('big.xlsx', buffer), options(false)));
  const counts = (r: typeof first.result) => `${r.counts.imported} imported, ${r.counts.updated} updated, ${r.counts.unchanged} unchanged, ${r.counts.rejected} rejected`;

  printTable([
    { case: 'exceljs read alone (baseline)', ms: baseline, ratio: 1, rows: ROWS, result: '' },
    { case: 'dry run (read + report)', ms: dry.ms, ratio: dry.ms / baseline, rows: ROWS, result: counts(dry.result) },
    { case: 'import into the store', ms: first.ms, ratio: first.ms / baseline, rows: ROWS, result: counts(first.result) },
    { case: 're-import, nothing changed', ms: again.ms, ratio: again.ms / baseline, rows: ROWS, result: counts(again.result) },
  ]);
  const worst = Math.max(dry.ms, first.ms, again.ms);
  process.stdout.write(`${worst < LIMIT_MS ? 'PASS' : 'FAIL'}: slowest import ${(worst / 1000).toFixed(2)} s (target under ${LIMIT_MS / 1000} s)\n`);
  if (first.result.counts.imported !== ROWS) throw new Error(`expected ${ROWS} imported rows, got ${counts(first.result)}`);
  if (again.result.counts.unchanged !== ROWS) throw new Error(`re-import should change nothing, got ${counts(again.result)}`);
  if (worst >= LIMIT_MS) throw new Error(`import took ${worst.toFixed(0)} ms, over the ${LIMIT_MS} ms target`);
}

const suite: BenchSuite = { name: 'import-plan: 10,000-row workbook', run };
export default suite;
