import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchModernGov, ModernGovFetchError } from '../../src/features/imports/moderngov/client.js';
import type { ModernGovService } from '../../src/features/imports/moderngov/refresh-service.js';
import { readModernGovFiles } from '../../src/features/imports/moderngov/files.js';
import { importModernGov, LINKS_COLLECTION, moderngovReportLines } from '../../src/features/imports/moderngov/merge.js';
import { decodeText, parseCommittees, parseMeeting, parseMeetings, readMgDate, readMgTime } from '../../src/features/imports/moderngov/parse.js';
import { projectPath } from '../../src/paths.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { BotHarness, USERS, replyText } from '../helpers/bot-harness.js';
import { demoData } from '../helpers/chat-context.js';

const FIXTURES = projectPath('tests', 'fixtures', 'moderngov');
const fixture = (name: string) => readFile(path.join(FIXTURES, name), 'utf8');
const NOW = new Date('2020-11-20T12:00:00Z');
const FILES = {
  committees: path.join(FIXTURES, 'committees.xml'),
  meetings: [path.join(FIXTURES, 'meetings-crc.xml'), path.join(FIXTURES, 'meetings-cabinet.xml')],
  meetingDir: path.join(FIXTURES, 'meetings'),
};

/** A ModernGov web service on loopback answering from the fixture files, recording every request. */
class FakeModernGov {
  readonly requests: URL[] = [];
  fail?: (url: URL) => { status: number; headers?: Record<string, string> } | undefined;
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections?.();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(url);
    const failure = this.fail?.(url);
    if (failure) {
      res.writeHead(failure.status, { 'content-type': 'text/html', ...(failure.headers ?? {}) });
      res.end('<html><body>Error</body></html>');
      return;
    }
    const op = url.pathname.replace(/^\/mgWebService\.asmx\//, '');
    let body: string | undefined;
    if (op === 'GetCommittees') body = await fixture('committees.xml');
    if (op === 'GetMeetings') {
      const id = url.searchParams.get('lCommitteeId');
      if (id === '136') body = await fixture('meetings-crc.xml');
      else if (id === '140') body = await fixture('meetings-cabinet.xml');
      else body = `<?xml version="1.0" encoding="utf-8"?><getmeetings><committee><committeeid>${id}</committeeid><meetings/></committee></getmeetings>`;
    }
    if (op === 'GetMeeting') {
      const id = url.searchParams.get('lMeetingId')!;
      body = await fixture(`meetings/${id}.xml`).catch(() => `<?xml version="1.0" encoding="utf-8"?><meeting><meetingid>${id}</meetingid><agendaitems/></meeting>`);
    }
    if (body === undefined) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
    res.end(body);
  }
}

describe('reading ModernGov XML', () => {
  it('reads committees, skipping nothing itself, and decodes doubly encoded entities', async () => {
    const committees = parseCommittees(await fixture('committees.xml'));
    expect(committees.map((c) => [c.id, c.title, c.expired])).toEqual([
      ['136', 'Corporate Review Committee', false],
      ['140', 'Cabinet', false],
      ['152', 'Audit & Standards Committee', false],
      ['98', 'Transformation Scrutiny Panel (2013 - 2017)', true],
    ]);
  });

  it('reads GetMeetings and GetAllMeetingsByDate shapes; dates are day first', async () => {
    const crc = parseMeetings(await fixture('meetings-crc.xml'));
    expect(crc.map((m) => [m.id, m.committeeId, m.date, m.time, m.status])).toEqual([
      ['13741', '136', '2020-11-17', '10:00', 'Confirmed'],
      ['13742', '136', '2020-12-04', '14:00', 'Cancelled'],
      ['13790', '136', '2021-02-04', '10:00', 'Confirmed'],
    ]);
    const cabinet = parseMeetings(await fixture('meetings-cabinet.xml'));
    expect(cabinet.map((m) => [m.id, m.committeeId, m.date])).toEqual([
      ['13801', '140', '2020-12-16'],
      ['13802', '140', '2021-01-20'],
      ['13803', '140', undefined],
    ]);
  });

  it('reads an agenda: restricted items, agenda text as plain text, entities decoded twice', async () => {
    const meeting = parseMeeting(await fixture('meetings/13801.xml'));
    expect(meeting.agendaPublished).toBe(true);
    expect(meeting.items.map((i) => i.title)).toEqual([
      'Declarations of Interest',
      'Communities Principle – Update and Delivery Plan',
      'Fees & Charges 2021/22',
      'Disposal of land at Beaconside, Stafford (exempt – paragraph 3)',
    ]);
    expect(meeting.items[1]).toMatchObject({ restricted: false, restrictedDocuments: 1, text: 'Report of the Cabinet Member for Communities & Culture.\nDecision: to approve the Communities Delivery Plan.' });
    expect(meeting.items[2]!.text).toBe("Members' views are sought.");
    expect(meeting.items[3]).toMatchObject({ restricted: true, text: undefined });
  });

  it.each([
    ['17/11/2020', '2020-11-17'],
    ['4/2/2021', '2021-02-04'],
    ['01/12/2020 00:00:00', '2020-12-01'],
    ['31/02/2021', undefined],
    ['2020-11-17', undefined],
  ])('date %s', (raw, iso) => expect(readMgDate(raw)).toBe(iso));

  it.each([
    ['10:00', '10:00'],
    ['10.00 am', '10:00'],
    ['2.00 pm', '14:00'],
    ['2pm', '14:00'],
    ['12.30 pm', '12:30'],
    ['14:00:00', '14:00'],
    ['tbc', undefined],
  ])('time %s', (raw, hhmm) => expect(readMgTime(raw)).toBe(hhmm));

  it('decodes "&amp;amp;" to "&" and leaves a single-encoded "&" alone', () => {
    expect(decodeText('Fees &amp; Charges')).toBe('Fees & Charges');
    expect(decodeText('Members&#39; allowances')).toBe("Members' allowances");
    expect(decodeText('Fees & Charges')).toBe('Fees & Charges');
  });

  it('says clearly when a file is not the web service XML', () => {
    expect(() => parseCommittees('<!DOCTYPE html><html><body>Access denied</body></html>')).toThrow(/HTML page/);
    expect(() => parseMeeting('not xml at all')).toThrow(/not XML/);
  });
});

describe('importing ModernGov into the store', () => {
  it('from files: links to existing committees and meetings, adds new ones, maps restricted items to exempt', async () => {
    const store = new MemoryStore(demoData());
    const data = await readModernGovFiles(FILES);
    const report = await importModernGov(store, data, { councilId: 'staffordshire', now: NOW, actorName: 'test' });
    const snap = await store.snapshot();

    expect(report.committees).toEqual({ added: 2, updated: 0, unchanged: 1, skipped: 1 });
    expect(report.meetings).toMatchObject({ added: 3, updated: 2, skipped: 1, cancelled: 1 });
    expect(report.problems).toEqual(["meeting 13803 (Cabinet, 31/02/2021): date '31/02/2021' not understood (expected dd/mm/yyyy)"]);
    expect(moderngovReportLines(report).join('\n')).toContain('Agenda items read: 7, of which 2 restricted');

    // The existing Corporate Review Committee is linked, not duplicated.
    expect(snap.committees.filter((c) => c.name === 'Corporate Review Committee')).toHaveLength(1);
    const cabinet = snap.committees.find((c) => c.name === 'Cabinet')!;
    expect(cabinet).toMatchObject({ id: 'staffordshire-cabinet', councilId: 'staffordshire', type: 'cabinet' });
    expect(snap.committees.find((c) => c.name === 'Audit & Standards Committee')?.type).toBe('audit');
    expect(snap.committees.some((c) => c.name.startsWith('Transformation Scrutiny Panel'))).toBe(false);

    // A new meeting from ModernGov, with its agenda.
    const dec16 = snap.meeting('staffordshire-cabinet-2020-12-16')!;
    expect(dec16).toMatchObject({ date: '2020-12-16', time: '10:00', timeRaw: '10.00 am', cancelled: false, hasBusiness: true, partTwoHeading: true, agendaIssued: 'published in ModernGov' });
    const exempt = dec16.items.find((i) => i.title.startsWith('Disposal of land'))!;
    expect(exempt).toMatchObject({ part: 'TWO', exempt: { regime: 'LGA 1972 Sch 12A', paragraph: 3 } });
    expect(JSON.stringify(exempt)).not.toContain('valuation'); // restricted agenda text is not kept
    expect(dec16.items.find((i) => i.title.startsWith('Communities Principle'))).toMatchObject({ number: 2, part: 'ONE', notes: ['1 restricted document(s) not published.'] });

    // An existing meeting known from the agenda pack: kept, ModernGov added as a source, new restricted item added as exempt.
    const nov17 = snap.meeting('staffs-crc-2020-11-17')!;
    expect(nov17.items).toHaveLength(10);
    expect(nov17.items.find((i) => i.title === 'Work Programme')?.provenance).toContain('moderngov');
    expect(nov17.items.at(-1)).toMatchObject({ title: 'Staffing restructure – consultation responses', part: 'TWO', exempt: { regime: 'LGA 1972 Sch 12A' } });
    expect(nov17.sources.map((s) => s.source)).toContain('moderngov');

    // Cancelled in ModernGov: the reserved call-in date of 4 December is cancelled, and says why.
    const dec4 = snap.meeting('staffs-crc-2020-12-04')!;
    expect(dec4).toMatchObject({ cancelled: true, reservedForCallIn: true });
    expect(dec4.notes).toContain('Cancelled in ModernGov (status "Cancelled").');

    // Everything is audited and linked.
    expect(snap.data.audit.filter((a) => a.command === 'import-moderngov').length).toBeGreaterThanOrEqual(7);
    expect(snap.ext(LINKS_COLLECTION).length).toBe(3 + 5);
  });

  it('re-importing the same responses changes nothing', async () => {
    const store = new MemoryStore(demoData());
    const data = await readModernGovFiles(FILES);
    await importModernGov(store, data, { councilId: 'staffordshire', now: NOW, actorName: 'test' });
    const after = structuredClone((await store.snapshot()).data);
    const again = await importModernGov(store, data, { councilId: 'staffordshire', now: NOW, actorName: 'test' });
    expect(again.committees).toMatchObject({ added: 0, updated: 0 });
    expect(again.meetings).toMatchObject({ added: 0, updated: 0, unchanged: 5 });
    expect((await store.snapshot()).data).toEqual(after);
  });

  it('a dry run reports and changes nothing', async () => {
    const store = new MemoryStore(demoData());
    const before = structuredClone((await store.snapshot()).data);
    const report = await importModernGov(store, await readModernGovFiles(FILES), { councilId: 'staffordshire', now: NOW, actorName: 'test', dryRun: true });
    expect(report.meetings.added).toBe(3);
    expect((await store.snapshot()).data).toEqual(before);
  });
});

describe('fetching from a ModernGov site (fake server on loopback)', () => {
  const site = new FakeModernGov();
  beforeAll(async () => {
    await site.start();
  });
  afterAll(async () => {
    await site.stop();
  });
  afterEach(() => {
    site.requests.length = 0;
    site.fail = undefined;
  });

  it('asks for committees, meetings (dd/mm/yyyy window) and agendas near today, and imports them', async () => {
    const data = await fetchModernGov({ siteUrl: site.url, now: NOW, sleep: async () => undefined });
    const ops = site.requests.map((u) => u.pathname.split('/').pop());
    expect(ops[0]).toBe('GetCommittees');
    const meetingsCalls = site.requests.filter((u) => u.pathname.endsWith('/GetMeetings'));
    expect(meetingsCalls.map((u) => u.searchParams.get('lCommitteeId'))).toEqual(['136', '140', '152']);
    expect(meetingsCalls[0]!.searchParams.get('sFromDate')).toBe('20/08/2020');
    expect(meetingsCalls[0]!.searchParams.get('sToDate')).toBe('20/11/2021');
    expect(site.requests.filter((u) => u.pathname.endsWith('/GetMeeting')).map((u) => u.searchParams.get('lMeetingId'))).toEqual(['13741', '13742', '13790', '13801', '13802']);

    const store = new MemoryStore(demoData());
    const report = await importModernGov(store, data, { councilId: 'staffordshire', now: NOW, actorName: 'test' });
    expect(report.meetings).toMatchObject({ added: 3, updated: 2 });
    expect((await store.snapshot()).meeting('staffordshire-cabinet-2020-12-16')?.items).toHaveLength(4);
  });

  it('retries a 503 after Retry-After, and reports a 403 without retrying', async () => {
    let failures = 1;
    const waits: number[] = [];
    site.fail = (url) => (url.pathname.endsWith('GetCommittees') && failures-- > 0 ? { status: 503, headers: { 'retry-after': '2' } } : undefined);
    await fetchModernGov({ siteUrl: `${site.url}/mgWebService.asmx`, now: NOW, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([2000]);

    site.requests.length = 0;
    site.fail = () => ({ status: 403 });
    await expect(fetchModernGov({ siteUrl: site.url, now: NOW, sleep: async () => undefined })).rejects.toThrow(ModernGovFetchError);
    await expect(fetchModernGov({ siteUrl: site.url, now: NOW, sleep: async () => undefined })).rejects.toThrow(/403 Forbidden\). Some ModernGov sites block automated requests/);
    expect(site.requests).toHaveLength(2);
  });

  it('gives up after bounded retries on a failing site', async () => {
    const waits: number[] = [];
    site.fail = () => ({ status: 500 });
    await expect(fetchModernGov({ siteUrl: site.url, now: NOW, retries: 2, sleep: async (ms) => void waits.push(ms) })).rejects.toThrow(/GetCommittees failed: HTTP 500/);
    expect(site.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it('the feature refreshes on demand and schedules a refresh only when the scheduler is on', async () => {
    const bot = new BotHarness('2020-11-20T12:00:00Z');
    await bot.start({ MODERNGOV_URL: site.url, MODERNGOV_COUNCIL_ID: 'staffordshire', SCHEDULER_ENABLED: 'false' });
    try {
      const service = bot.app.features.imports.moderngov!;
      expect(service.status().nextRunAt).toBeUndefined();
      const report = await service.refresh();
      expect(report.meetings.added).toBe(3);
      expect((await bot.app.store.snapshot()).meeting('staffordshire-cabinet-2020-12-16')).toBeDefined();
      // From chat: democratic services admins only.
      const refused = await bot.say('refresh meetings from ModernGov', { user: USERS.tilly });
      expect(replyText(refused)).toContain('Only democratic services admins can run the ModernGov import.');
      const refreshed = await bot.say('refresh meetings from ModernGov', { user: USERS.nick });
      expect(replyText(refreshed)).toContain('Meetings refreshed from ModernGov.');
      expect(replyText(refreshed)).toContain('Meetings: 0 added, 0 updated, 5 unchanged; 1 cancelled.');
      site.fail = () => ({ status: 500 });
      await expect(service.refresh()).rejects.toThrow(/HTTP 500/);
      expect(service.status()).toMatchObject({ consecutiveFailures: 1, lastError: expect.stringMatching(/HTTP 500/) });
      const status = await bot.say('ModernGov status', { user: USERS.nick });
      expect(replyText(status)).toMatch(/Last error \(1 failed in a row\): .*HTTP 500/);
      expect(replyText(status)).toContain('No scheduled refresh (the scheduler is off).');
    } finally {
      await bot.stop();
    }

    const scheduled = new BotHarness('2020-11-20T12:00:00Z');
    await scheduled.start({ MODERNGOV_URL: site.url, MODERNGOV_COUNCIL_ID: 'staffordshire', SCHEDULER_ENABLED: 'true', MODERNGOV_REFRESH_CRON: '0 6 * * *' });
    try {
      const next = scheduled.app.features.imports.moderngov!.status().nextRunAt;
      expect(next).toBeDefined();
      expect(new Date(next!).toISOString()).toMatch(/T0[56]:00:00\.000Z$/); // 6am in London
    } finally {
      await scheduled.stop();
    }
  });
});
