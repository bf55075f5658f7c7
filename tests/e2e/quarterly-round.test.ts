/**
 * A quarterly update round end to end through /api/messages, with the clock fixed and the real
 * proactive sender talking to the fake connector: start, each lead's card, answers by card
 * ("No change" by Action.Execute and by Action.Submit, a full update through the update form),
 * progress, reminders only to the late, extension, close with the committee summary posted to the
 * channel, and the report export through Teams' file consent flow.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCard } from '../../src/cards/validate.js';
import { actionLabel, statusText } from '../../src/chat/present.js';
import { roundsIn, type QuarterlyRound } from '../../src/domain/quarterly/index.js';
import { FILE_CONSENT_CONTENT_TYPE, FILE_INFO_CONTENT_TYPE } from '../../src/teams/file-consent.js';
import { BotHarness, USERS, cardOf, cardText, replyText, type TestUser } from '../helpers/bot-harness.js';

const TILLY_CDP = ['staffs-cdp-10', 'staffs-cdp-12', 'staffs-cdp-31', 'staffs-cdp-32', 'staffs-cdp-36'];
const ANDREW: TestUser = { id: '29:andrew', name: 'Andrew Donaldson', aadObjectId: 'aad-andrew', email: 'andrew.donaldson@council.example' };
const COMMITTEE_CHANNEL = '19:corporate-review@thread.tacv2';
const personal = (user: TestUser) => `a:personal-${user.id}`;

/** Every Action.Execute in a card with this verb, with its data. */
function executes(card: any, verb: string): any[] {
  const found: any[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'Action.Execute' && node.verb === verb) found.push(node);
    for (const value of Object.values(node)) if (typeof value === 'object') walk(value);
  };
  walk(card);
  return found;
}

function noChangeFor(card: any, actionId: string): any {
  return executes(card, 'round-no-change').find((a) => a.data.actionId === actionId);
}

describe('a quarterly update round, end to end', () => {
  const bot = new BotHarness('2020-10-01T08:00:00Z'); // Thursday 1 October 2020, 9am in London
  const service = () => bot.app.features.rounds.service;
  const round = async (): Promise<QuarterlyRound> => roundsIn(await bot.app.store.snapshot()).find((r) => r.planId === 'staffs-cdp')!;
  const lastCard = (conversationId: string) => cardOf(bot.connector.messages(conversationId).filter((m) => cardOf(m)).at(-1));
  let tillyCard: any;

  beforeAll(async () => {
    await bot.start({ ADMIN_EMAILS: USERS.nick.email });
    bot.connector.addMember(ANDREW);
    // Leads who have talked to the bot can be messaged; the other leads have no conversation yet.
    for (const user of [USERS.tilly, USERS.joe, ANDREW, USERS.nick]) await bot.say('what do I own?', { user });
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('refuses a round to someone who is not an admin of the plan, and starts nothing', async () => {
    const result = await bot.say('start the Q2 2020/21 update round for the CDP, cut-off 30 September 2020, deadline 14 October 2020', { user: USERS.joe });
    expect(replyText(result)).toContain('Only admins of the Communities Delivery Plan can start update rounds');
    expect(roundsIn(await bot.app.store.snapshot())).toHaveLength(0);
  });

  it('says exactly what is wrong with bad dates, and starts nothing', async () => {
    const result = await bot.say('start the Q2 2020/21 update round for the CDP, cut-off 5 October 2020, deadline 14 Octember', { user: USERS.nick });
    const text = replyText(result);
    expect(text).toContain('The round was not started');
    expect(text).toContain('I can\'t read "14 Octember" as the deadline');
    expect(roundsIn(await bot.app.store.snapshot())).toHaveLength(0);
  });

  it('an admin starts the round; each reachable lead gets one card; the unreachable are reported with the reason', async () => {
    const result = await bot.say('start the Q2 2020/21 update round for the CDP, cut-off 30 September 2020, deadline 14 October 2020', { user: USERS.nick });
    const text = replyText(result);
    expect(text).toContain('Started the Q2 2020/21 round for the Communities Delivery Plan');
    expect(text).toContain('Cut-off (as at): Wednesday 30 September 2020. Deadline: Wednesday 14 October 2020.');
    expect(text).toContain('Monday 12 October 2020 (2 working days before the deadline)');
    expect(text).toContain('SDMs is a group, not a person, so it cannot be messaged (2 actions)');
    await service().idle();

    const r = await round();
    expect(r).toMatchObject({ quarter: '2020/21-Q2', asAt: '2020-09-30', deadline: '2020-10-14', state: 'open', startedBy: { personId: 'nick-pountney' } });
    const delivery = Object.fromEntries(r.leads.map((l) => [l.personId, l.delivery.status]));
    expect(delivery['tilly-flanagan']).toBe('sent');
    expect(delivery['joe-sullivan']).toBe('sent');
    expect(delivery['andrew-donaldson']).toBe('sent');
    expect(delivery['adam-rooney']).toBe('unreachable');
    // One card each, in their own personal chat.
    for (const user of [USERS.tilly, USERS.joe, ANDREW]) {
      expect(bot.connector.messages(personal(user)).filter((m) => cardOf(m)?.body?.[0]?.text?.includes('update request'))).toHaveLength(1);
    }
    // The admin hears back who could not be reached, and why.
    const report = cardText(lastCard(personal(USERS.nick)));
    expect(report).toMatch(/3 cards delivered, 36 not delivered/);
    expect(report).toMatch(/Not reached: Adam Rooney \(.+\)/);
    expect(report).toContain('Not messaged (a group, not a person): SDMs, 2 actions');
  });

  it("Tilly's card lists exactly her five CDP actions as delivery lead, each with its last status and commentary", async () => {
    tillyCard = lastCard(personal(USERS.tilly));
    expect(validateCard(tillyCard)).toEqual([]);
    const snapshot = await bot.app.store.snapshot();
    const text = cardText(tillyCard);
    for (const id of TILLY_CDP) {
      const action = snapshot.action(id)!;
      expect(text).toContain(actionLabel(snapshot, action));
      expect(text).toContain(`Last status: ${statusText(action)}`);
    }
    expect(text.match(/Your role: Delivery lead/g)).toHaveLength(5);
    expect(executes(tillyCard, 'round-no-change').map((a) => a.data.actionId)).toEqual(TILLY_CDP);
    // Nobody else's actions: not one title of an action she does not own.
    for (const action of snapshot.actionsOf('staffs-cdp').filter((a) => !TILLY_CDP.includes(a.id))) {
      expect(text).not.toContain(actionLabel(snapshot, action));
    }
    const joe = lastCard(personal(USERS.joe));
    expect(executes(joe, 'round-no-change').map((a) => a.data.actionId)).toEqual(['staffs-cdp-10', 'staffs-cdp-26', 'staffs-cdp-30']);
  });

  it('"No change" by Action.Execute is recorded once through the update command and redraws the card in place', async () => {
    const button = noChangeFor(tillyCard, 'staffs-cdp-10');
    const first = await bot.execute(button.verb, button.data, { user: USERS.tilly });
    expect(first.status).toBe(200);
    const updated = first.body.value;
    expect(validateCard(updated)).toEqual([]);
    expect(cardText(updated)).toMatch(/✓ No change recorded by Tilly Flanagan on Thursday 1 October 2020/);
    expect(noChangeFor(updated, 'staffs-cdp-10')).toBeUndefined();
    expect(noChangeFor(updated, 'staffs-cdp-12')).toBeDefined();
    // Pressed twice (a double click, a retry): still one answer.
    await bot.execute(button.verb, button.data, { user: USERS.tilly });
    const snapshot = await bot.app.store.snapshot();
    const answers = snapshot.updatesOf('staffs-cdp-10').filter((u) => u.roundId === (button.data.roundId as string));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ kind: 'no-change', channel: 'teams-card', asAt: '2020-09-30', authorId: 'tilly-flanagan' });
    expect(snapshot.data.audit.some((a) => a.entityId === 'staffs-cdp-10' && a.actorId === 'tilly-flanagan')).toBe(true);
  });

  it('"No change" by the Action.Submit fallback updates the card with a PUT', async () => {
    const button = noChangeFor(tillyCard, 'staffs-cdp-31');
    const before = bot.connector.updates().length;
    await bot.submit({ verb: 'round-no-change', ...button.data }, { user: USERS.tilly, replyToId: 'round-card-activity' });
    const puts = bot.connector.updates().slice(before);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.activityId).toBe('round-card-activity');
    expect(cardText(cardOf(puts[0]!.body))).toContain('Recorded: no change for');
  });

  it('"Update…" opens the update form for the round; saving it goes through the same command, as at the cut-off', async () => {
    const open = executes(tillyCard, 'round-update').find((a) => a.data.actionId === 'staffs-cdp-12');
    const opened = await bot.execute(open.verb, open.data, { user: USERS.tilly });
    const form = cardOf(opened.replies[0]);
    expect(cardText(form)).toContain('Q2 2020/21 update');
    const save = executes(form, 'update.submit').find((a) => !a.data.noChange);
    expect(save.data.roundId).toBe(open.data.roundId);
    const saved = await bot.execute('update.submit', { ...save.data, status: 'On track', commentary: 'Twelve pubs signed up; launch event booked.', asAt: '2020-09-30' }, { user: USERS.tilly });
    expect(cardText(saved.body.value)).toMatch(/Recorded by Tilly Flanagan/);
    const update = (await bot.app.store.snapshot()).updatesOf('staffs-cdp-12').at(-1)!;
    expect(update).toMatchObject({ roundId: open.data.roundId, channel: 'teams-card', kind: 'update', status: { canonical: 'ON_TRACK' }, asAt: '2020-09-30' });
    // Tilly finishes her card.
    for (const id of ['staffs-cdp-32', 'staffs-cdp-36']) {
      const button = noChangeFor(tillyCard, id);
      await bot.execute(button.verb, button.data, { user: USERS.tilly });
    }
  });

  it("a lead cannot press someone else's card", async () => {
    const button = noChangeFor(tillyCard, 'staffs-cdp-36');
    const result = await bot.execute(button.verb, { ...button.data, actionId: 'staffs-cdp-26' }, { user: USERS.joe });
    expect(replyText(result)).toContain("This card is Tilly Flanagan's");
    expect((await bot.app.store.snapshot()).updatesOf('staffs-cdp-26')).toHaveLength(0);
  });

  it('Andrew Donaldson records three full updates (completed, slipped with a new date, slipped without one)', async () => {
    const card = lastCard(personal(ANDREW));
    const answers: Array<[string, Record<string, string>]> = [
      ['staffs-cdp-07', { status: 'Completed', commentary: 'Fund awarded to 40 groups.' }],
      ['staffs-cdp-09', { status: 'Slipped', commentary: 'Paused by Covid.', proposedRevisedTarget: 'March 2021', reasonForChange: 'Covid-19 restrictions' }],
      ['staffs-cdp-11', { status: 'Slipped', commentary: 'Waiting for the new criteria.' }],
    ];
    for (const [actionId, values] of answers) {
      const open = executes(card, 'round-update').find((a) => a.data.actionId === actionId);
      const opened = await bot.execute(open.verb, open.data, { user: ANDREW });
      const save = executes(cardOf(opened.replies[0]), 'update.submit').find((a) => !a.data.noChange);
      const saved = await bot.execute('update.submit', { ...save.data, asAt: '2020-09-30', ...values }, { user: ANDREW });
      expect(cardText(saved.body.value)).toMatch(/Recorded by Andrew Donaldson/);
    }
  });

  it("\"who hasn't responded for Q2?\" lists the late leads with counts, and the unreachable with reasons", async () => {
    const result = await bot.say("who hasn't responded for Q2?", { user: USERS.nick });
    const text = replyText(result);
    // Per action: Amanda Dawson-Blower's only action (staffs-cdp-11) was answered by her co-owner Andrew.
    expect(text).toMatch(/5 of 39 leads have responded; 8 of 38 actions answered \(4 updated, 4 no change\)/);
    expect(text).toContain('Could not be reached (32)');
    expect(text).not.toMatch(/Tilly Flanagan|Amanda Dawson-Blower/);
    // Later pages hold Joe and Andrew among those who have not responded.
    const all: string[] = [text];
    let page = result;
    for (let i = 0; i < 10; i++) {
      const more = cardOf(page.replies[0])?.actions?.find((a: any) => a.data?.page > 1);
      if (!more) break;
      page = await bot.submit(more.data, { user: USERS.nick });
      all.push(replyText(page));
    }
    const joined = all.join('\n');
    expect(joined).toMatch(/Joe Sullivan\n.*2 of 3 actions outstanding/);
    // His three updates and Tilly's five answers on actions he owns as WLT owner leave 11 of 19.
    expect(joined).toMatch(/Andrew Donaldson\n.*11 of 19 actions outstanding/);
    expect(joined).toMatch(/Adam Rooney\n.*Reason: .+/);
    // Not for leads to see.
    expect(replyText(await bot.say("who hasn't responded for Q2?", { user: USERS.tilly }))).toContain('Only admins');
  });

  it('reminders go only to those who have not responded, two working days before the deadline, once', async () => {
    const count = (user: TestUser) => bot.connector.messages(personal(user)).filter((m) => cardOf(m)?.body?.[0]?.text?.startsWith('Reminder:')).length;
    bot.clock.set('2020-10-09T08:00:00Z'); // Friday: too early
    await service().tick();
    expect([count(USERS.joe), count(ANDREW), count(USERS.tilly)]).toEqual([0, 0, 0]);

    bot.clock.set('2020-10-12T08:00:00Z'); // Monday, two working days before Wednesday 14th
    await service().tick();
    expect([count(USERS.joe), count(ANDREW), count(USERS.tilly)]).toEqual([1, 1, 0]);
    const reminder = lastCard(personal(USERS.joe));
    expect(validateCard(reminder)).toEqual([]);
    expect(cardText(reminder)).toContain('Reminder: your Q2 2020/21 update is due by Wednesday 14 October 2020');
    // Only his outstanding actions: staffs-cdp-10 was answered by his co-owner Tilly.
    expect(executes(reminder, 'round-no-change').map((a) => a.data.actionId)).toEqual(['staffs-cdp-26', 'staffs-cdp-30']);

    await service().tick(); // a second run the same day sends nothing
    expect([count(USERS.joe), count(ANDREW)]).toEqual([1, 1]);
    const joe = (await round()).leads.find((l) => l.personId === 'joe-sullivan')!;
    expect(joe.reminders).toEqual([{ deadline: '2020-10-14', on: '2020-10-12', status: 'sent' }]);
    expect((await round()).leads.find((l) => l.personId === 'adam-rooney')!.reminders[0]).toMatchObject({ status: 'unreachable' });
  });

  it('the admin extends the round; late leads are reminded again before the new deadline', async () => {
    const result = await bot.say('extend the Q2 round to 21 October 2020', { user: USERS.nick });
    expect(replyText(result)).toContain('Extended the Q2 2020/21 round for the Communities Delivery Plan to Wednesday 21 October 2020');
    expect(replyText(result)).toContain('reminded again on Monday 19 October 2020');
    expect((await round()).deadlineHistory).toMatchObject([{ from: '2020-10-14', to: '2020-10-21', byId: 'nick-pountney' }]);
    const before = bot.connector.messages(personal(USERS.joe)).length;
    bot.clock.set('2020-10-19T08:00:00Z');
    await service().tick();
    expect(bot.connector.messages(personal(USERS.joe)).length).toBe(before + 1);
  });

  it('an admin chooses the committee channel from inside it; the summary appears there', async () => {
    const result = await bot.say('post the quarterly summary for the CDP to this channel', { user: USERS.nick, conversationType: 'channel', conversationId: COMMITTEE_CHANNEL });
    expect(result.replies).toHaveLength(1);
    expect(replyText(result)).toContain('Summaries of the Communities Delivery Plan will be posted here when an update round closes');
    // Only admins may choose it.
    const refused = await bot.say('post the quarterly summary for the CDP to this channel', { user: USERS.colin, conversationType: 'channel', conversationId: '19:other@thread.tacv2' });
    expect(replyText(refused)).toContain('Only admins');
  });

  it('closing the round posts the summary to the committee channel: counts as at the cut-off and the four lists, no exempt action', async () => {
    // An exempt action must never reach the channel.
    await bot.app.store.transact('test: mark exempt', (tx) => {
      const action = tx.get('actions', 'staffs-cdp-01')!;
      tx.put('actions', { ...action, sensitivity: 'exempt' });
    });
    const exemptTitle = (await bot.app.store.snapshot()).action('staffs-cdp-01')!.title;
    bot.clock.set('2020-10-20T09:00:00Z');
    const before = bot.connector.messages(COMMITTEE_CHANNEL).length;
    const result = await bot.say('close the Q2 round', { user: USERS.nick });
    const text = replyText(result);
    expect(text).toContain('Closed the Q2 2020/21 round for the Communities Delivery Plan early (the deadline was Wednesday 21 October 2020)');
    expect(text).toContain('The summary below has been posted to the committee channel');

    const posted = bot.connector.messages(COMMITTEE_CHANNEL).slice(before);
    expect(posted).toHaveLength(1);
    const card = cardOf(posted[0]);
    expect(validateCard(card)).toEqual([]);
    const summary = cardText(card);
    const snapshot = await bot.app.store.snapshot();
    const title = (id: string) => snapshot.action(id)!.title;
    expect(summary).toContain('Communities Delivery Plan: Q2 2020/21 summary');
    expect(summary).toContain('Position as at Wednesday 30 September 2020');
    // Counts: table rows are label / count cells.
    const rows = (card.body as any[]).find((b) => b.type === 'Table').rows.map((r: any) => r.cells.map((c: any) => c.items[0].text));
    expect(rows).toEqual([
      ['Status', 'Wednesday 30 September 2020'],
      ['Completed', '1'],
      ['In progress', '1'],
      ['Slippage', '2'],
      ['Not started', '0'],
      ['No status recorded', '33'],
      ['Total', '37'],
    ]);
    expect(summary).toContain(`4.6 Completed since the launch of the Communities Delivery Plan (1)\n${title('staffs-cdp-07')}`);
    expect(summary).toContain(`4.7 On track (1)\n${title('staffs-cdp-12')}`);
    expect(summary).toContain(`4.8 Slippage, no new date (1)\n${title('staffs-cdp-11')}`);
    expect(summary).toContain(`4.9 Revised timescales proposed for endorsement (1)\n${title('staffs-cdp-09')}`);
    expect(summary).toMatch(/→ March 2021\. Covid-19 restrictions/);
    expect(JSON.stringify(card)).not.toContain(exemptTitle);

    const closed = await round();
    expect(closed).toMatchObject({ state: 'closed', closedBy: { personId: 'nick-pountney' }, finalProgress: { leads: 39, leadsResponded: 5, actions: 38, actionsAnswered: 8 } });
    // Every change to the round is in the audit log, with who did it.
    const audit = (await bot.app.store.snapshot()).data.audit.filter((a) => a.entity === 'quarterlyRound');
    expect(new Set(audit.map((a) => a.command))).toEqual(
      new Set(['quarterly-round:start', 'quarterly-round:delivery', 'quarterly-round:notice', 'quarterly-round:reminders', 'quarterly-round:extend', 'quarterly-round:close']),
    );
    expect(audit.find((a) => a.command === 'quarterly-round:extend')).toMatchObject({ actorId: 'nick-pountney', before: { deadline: '2020-10-14' }, after: { deadline: '2020-10-21' } });
    // A button on an old card after closing records nothing.
    const button = noChangeFor(lastCard(personal(USERS.joe)), 'staffs-cdp-26');
    const late = await bot.execute(button.verb, button.data, { user: USERS.joe });
    expect(replyText(late) + cardText(late.body?.value ?? {})).toContain('closed');
    expect((await bot.app.store.snapshot()).updatesOf('staffs-cdp-26')).toHaveLength(0);
  });

  it('"quarterly summary for the CDP" afterwards shows the same position', async () => {
    const result = await bot.say('quarterly summary for the CDP', { user: USERS.colin, conversationType: 'channel', conversationId: COMMITTEE_CHANNEL });
    const text = replyText(result);
    expect(text).toContain('Communities Delivery Plan: Q2 2020/21 summary');
    expect(text).toContain('4.9 Revised timescales proposed for endorsement (1)');
  });

  it('exports the report: a file consent card in a personal chat, uploaded to the address Teams gives on accept', async () => {
    const uploads: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      uploads.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = 201;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const result = await bot.say('export the Q2 report for the CDP as xlsx', { user: USERS.nick });
      const consent = result.replies.flatMap((r) => r.attachments ?? []).find((a: any) => a.contentType === FILE_CONSENT_CONTENT_TYPE);
      expect(consent).toMatchObject({ name: 'report-staffs-cdp-2020-21-q2.xlsx' });
      expect(replyText(result)).toContain('Communities Delivery Plan: Q2 2020/21 (July to September 2020) update');
      const accept = {
        ...bot.activity(undefined, { user: USERS.nick, mentionBot: false, replyToId: 'consent-card' }),
        type: 'invoke',
        name: 'fileConsent/invoke',
        value: {
          type: 'fileUpload',
          action: 'accept',
          context: consent.content.acceptContext,
          uploadInfo: {
            name: consent.name,
            uploadUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload-session/1`,
            contentUrl: 'https://council.sharepoint.example/personal/nick/report.xlsx',
            uniqueId: 'file-1',
            fileType: 'xlsx',
          },
        },
      };
      const accepted = await bot.post(accept);
      expect(accepted.status).toBe(200);
      expect(uploads).toHaveLength(1);
      expect(uploads[0]!.headers['content-range']).toBe(`bytes 0-${uploads[0]!.body.length - 1}/${uploads[0]!.body.length}`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(uploads[0]!.body as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['Counts', '4.6 Completed', '4.7 On track', '4.8 Slippage', '4.9 Revised timescales']);
      const info = accepted.replies.flatMap((r) => r.attachments ?? []).find((a: any) => a.contentType === FILE_INFO_CONTENT_TYPE);
      expect(info).toMatchObject({ contentUrl: 'https://council.sharepoint.example/personal/nick/report.xlsx', name: consent.name });
      // Accepting the same card again: the file has gone, a clear answer, no second upload.
      const again = await bot.post({ ...accept, id: 'again' });
      expect(replyText(again)).toContain('expired');
      expect(uploads).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('in a channel, the export comes back as Markdown text, saying why', async () => {
    const result = await bot.say('export the Q2 report for the CDP as xlsx', { user: USERS.nick, conversationType: 'channel', conversationId: COMMITTEE_CHANNEL });
    const text = replyText(result);
    expect(text).toContain('I can only send files in a personal chat');
    expect(text).toContain('## 4.6 Completed since the launch of the Communities Delivery Plan (1)');
    expect(result.replies.flatMap((r) => r.attachments ?? []).some((a: any) => a.contentType === FILE_CONSENT_CONTENT_TYPE)).toBe(false);
  });
});
