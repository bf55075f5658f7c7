import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateCard } from '../../src/cards/validate.js';
import { FILE_DOWNLOAD_INFO } from '../../src/features/imports/chat-import.js';
import { BotHarness, USERS, cardOf, cardText, replyText, type TestUser } from '../helpers/bot-harness.js';

/** Serves files the way Teams' pre-authorised download links do, on loopback. */
class FileHost {
  readonly files = new Map<string, Buffer>();
  readonly downloads: string[] = [];
  private server?: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const name = decodeURIComponent((req.url ?? '/').slice('/files/'.length));
      this.downloads.push(name);
      const file = this.files.get(name);
      if (!file) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.length) });
      res.end(file);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections?.();
    });
  }
}

async function cipWorkbook(status22: string, options: { asAt?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.modified = new Date('2020-11-19T09:00:00Z');
  const ws = wb.addWorksheet('CIP');
  ws.addRow([`Corporate Improvement Plan – progress as at ${options.asAt ?? '19 November 2020'}`]);
  ws.mergeCells('A1:F1');
  ws.addRow(['Action No.', 'Action', 'Lead Officer', 'Target Date', 'Status', 'Commentary']);
  ws.addRow(['2.2', 'Review detailed savings plans with sign-off by each strategic director by March 2018', 'Heather Greenan', 'by March 2018', status22, 'Employee reductions saving now agreed']);
  ws.addRow(['2.6', 'Publish the revised Medium Term Financial Plan', 'Heather Greenan', 'Feb 21', 'In progress', '']);
  ws.addRow(['2.7', 'Bad date', 'Heather Greenan', 'Sept 2O20', '', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('importing a plan from a file sent in chat', () => {
  const bot = new BotHarness('2020-11-20T12:00:00Z');
  const host = new FileHost();
  beforeAll(async () => {
    await host.start();
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
    await host.stop();
  });
  beforeEach(() => {
    host.downloads.length = 0;
  });

  function sendFile(name: string, content: Buffer | undefined, options: { user?: TestUser; text?: string; conversationType?: 'personal' | 'channel' } = {}) {
    if (content) host.files.set(name, content);
    const activity = bot.activity(options.text ?? '', { user: options.user ?? USERS.heather, conversationType: options.conversationType });
    return bot.post({
      ...activity,
      attachments: [{ contentType: FILE_DOWNLOAD_INFO, name, content: { downloadUrl: `${host.url}/files/${encodeURIComponent(name)}`, uniqueId: name, fileType: name.split('.').pop() } }],
    });
  }

  it('a plan admin gets the dry-run report, then imports with the button', async () => {
    const result = await sendFile('cip-november.xlsx', await cipWorkbook('Completed'));
    expect(result.replies).toHaveLength(1);
    const card = cardOf(result.replies[0]);
    const text = cardText(card);
    expect(text).toContain('Check before importing cip-november.xlsx into Corporate Improvement Plan');
    expect(text).toContain('1 imported, 1 updated, 0 unchanged, 1 rejected');
    expect(text).toContain("row 5: rejected 2.7 Bad date: target date 'Sept 2O20' not understood");
    expect(text).toContain('row 3: updated 2.2');
    expect(text).toContain('status Slippage → Completed');
    expect(card.actions.map((a: any) => a.title)).toEqual(['Import', 'Cancel']);
    expect(validateCard(card)).toEqual([]);
    // Nothing has changed yet.
    let snap = await bot.app.store.snapshot();
    expect(snap.action('derby-cip-2.2')?.status.canonical).toBe('SLIPPED');
    expect(snap.action('derby-cip-2.6')).toBeUndefined();

    const confirm = await bot.submit(card.actions[0].data, { user: USERS.heather, replyToId: 'report-card' });
    const update = bot.connector.updates().at(-1)!;
    expect(update.path).toContain('/activities/report-card');
    const updated = cardText(update.body.attachments[0].content);
    expect(updated).toContain('Imported cip-november.xlsx into Corporate Improvement Plan');
    expect(update.body.attachments[0].content.actions).toEqual([]);
    expect(confirm.status).toBe(200);
    snap = await bot.app.store.snapshot();
    expect(snap.action('derby-cip-2.2')?.status).toMatchObject({ canonical: 'COMPLETED', asAt: '2020-11-19' });
    expect(snap.action('derby-cip-2.6')?.title).toBe('Publish the revised Medium Term Financial Plan');
    expect(snap.updatesOf('derby-cip-2.2').at(-1)).toMatchObject({ channel: 'import', authorId: 'heather-greenan', authorName: 'Heather Greenan' });
    expect(snap.data.audit.some((a) => a.command === 'import-plan' && a.entityId === 'derby-cip-2.2' && a.actorId === 'heather-greenan')).toBe(true);

    // The same button again: the file is gone, nothing happens twice.
    const twice = await bot.submit(card.actions[0].data, { user: USERS.heather });
    expect(replyText(twice)).toContain('That import has expired');
  });

  it('holds rows updated in chat after the spreadsheet was dated, and overwrites them only on request', async () => {
    const action = (await bot.app.store.snapshot()).action('derby-cip-2.2')!;
    await bot.app.store.transact('chat update', (tx) => {
      tx.put('actions', { ...action, status: { canonical: 'AT_RISK', raw: 'At risk', asAt: '2020-11-20' } });
      tx.put('updates', { id: 'chat-held', actionId: action.id, authorId: 'heather-greenan', authorName: 'Heather Greenan', authoredAt: '2020-11-20T10:00:00Z', channel: 'teams-card', kind: 'update', status: { canonical: 'AT_RISK', raw: 'At risk' }, previous: {} });
    });
    const result = await sendFile('cip-old.xlsx', await cipWorkbook('In progress'));
    const card = cardOf(result.replies[0]);
    expect(cardText(card)).toContain('row 3: held 2.2');
    expect(cardText(card)).toContain('held: newer chat update by Heather Greenan on Friday 20 November 2020');
    expect(card.actions.map((a: any) => a.title)).toEqual(['Import and overwrite 1 newer chat update', 'Cancel']);

    await bot.submit(card.actions[0].data, { user: USERS.heather, replyToId: 'held-card' });
    const snap = await bot.app.store.snapshot();
    expect(snap.action('derby-cip-2.2')?.status.canonical).toBe('IN_PROGRESS');
    expect(snap.data.audit.filter((a) => a.entityId === 'derby-cip-2.2').at(-1)?.note).toMatch(/admin confirmed/);
  });

  it('refuses a non-admin without downloading the file', async () => {
    const result = await sendFile('cip-tilly.xlsx', await cipWorkbook('Completed'), { user: USERS.tilly });
    expect(replyText(result)).toContain('Only plan admins can import spreadsheets.');
    expect(replyText(result)).toContain('Nothing was imported.');
    expect(host.downloads).toEqual([]);
  });

  it('only the sender may press Import, and cancelling changes nothing', async () => {
    const result = await sendFile('cip-cancel.xlsx', await cipWorkbook('Not started'));
    const card = cardOf(result.replies[0]);
    const other = await bot.submit(card.actions[0].data, { user: USERS.nick });
    expect(replyText(other)).toContain('Only the person who sent the file can import it.');
    await bot.submit(card.actions.at(-1).data, { user: USERS.heather, replyToId: 'cancel-card' });
    expect(cardText(bot.connector.updates().at(-1)!.body.attachments[0].content)).toContain('Import cancelled.');
    expect((await bot.app.store.snapshot()).action('derby-cip-2.2')?.status.canonical).not.toBe('NOT_STARTED');
  });

  it('asks a democratic services admin which plan, then shows the report for the one chosen', async () => {
    const result = await sendFile('monitoring.xlsx', await cipWorkbook('Completed'), { user: USERS.nick });
    const card = cardOf(result.replies[0]);
    expect(cardText(card)).toContain('Which plan is monitoring.xlsx for?');
    const choice = card.actions.find((a: any) => a.data.planId === 'derby-cip' && a.data.verb === 'import-plan-choose');
    await bot.submit(choice.data, { user: USERS.nick, replyToId: 'choose-card' });
    expect(cardText(bot.connector.updates().at(-1)!.body.attachments[0].content)).toContain('Check before importing monitoring.xlsx into Corporate Improvement Plan');
  });

  it('says what is wrong with files it cannot take', async () => {
    const pdf = await sendFile('plan.pdf', Buffer.from('%PDF-1.4'));
    expect(replyText(pdf)).toContain("I can't import plan.pdf.");
    const big = await sendFile('huge.csv', Buffer.alloc(5 * 1024 * 1024 + 10, 'a'));
    expect(replyText(big)).toContain('I could not fetch huge.csv: the file is 5.0 MB; the limit is 5.0 MB.');
    const broken = await sendFile('broken.xlsx', Buffer.from('this is not a workbook'));
    expect(replyText(broken)).toContain('I could not import broken.xlsx.');
    const channel = await sendFile('cip.xlsx', await cipWorkbook('Completed'), { conversationType: 'channel' });
    expect(replyText(channel)).toContain('Send spreadsheets to me in a personal chat.');
  });

  it('a message without a file is still answered as a question', async () => {
    const result = await bot.say('status of 2.2', { user: USERS.heather });
    expect(replyText(result)).toContain('2.2 Review detailed savings plans');
  });
});
