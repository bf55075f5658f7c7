/**
 * The weekly digest end to end: the real app (restify, CloudAdapter, lowdb) sends through the real
 * sender to the fake connector on loopback, which injects 429 (with and without Retry-After), 503
 * and 403 at fixed rates. Every intended recipient gets exactly one digest, blocked people are
 * marked inactive, and the run report says so. Then the bot is killed mid-run (a child process,
 * SIGKILL while requests are in flight) and restarted: still exactly one each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_PREFERENCES_COLLECTION } from '../../src/domain/digest/schedule.js';
import type { AuditEntry } from '../../src/domain/model.js';
import { reachabilityOf } from '../../src/outbound/conversation-ref-records.js';
import { VirtualTime } from '../helpers/virtual-time.js';
import { BotHarness, USERS, cardOf, cardText, replyText, type TestUser } from '../helpers/bot-harness.js';
import { startChildBot, type ChildBot } from '../helpers/child-bot.js';
import { CHILD_TEST_TIMEOUT } from '../helpers/child-process.js';
import { demoData } from '../helpers/chat-context.js';
import { FakeConnector, type RecordedCall } from '../helpers/fake-connector.js';


/** Everyone the demo data gives a digest on Monday 23 November 2020. */
const DIGEST_PEOPLE = [
  'adam-rooney', 'andrew-donaldson', 'ann-marie-davidson', 'caroline-quaife', 'catherine-mann', 'colin-greatorex', 'heather-greenan',
  'janene-cox', 'jo-sutherland', 'joe-sullivan', 'jon-topham', 'keith-luscombe', 'kerry-dove', 'lucy-hegarty', 'mike-sutherland',
  'natasha-moody', 'pete-barker', 'rose-hampton', 'sarah-bentley', 'sarah-getley', 'sarah-james', 'susan-woodward', 'tilly-flanagan',
  'tony-bullock', 'vicky-rowley',
];
const NEVER_INSTALLED = ['andrew-donaldson'];
const BLOCKED: Record<string, string> = { 'sarah-james': 'MessageWritesBlocked', 'rose-hampton': 'BotDisabledByAdmin' };

const DEMO_PEOPLE = new Map(demoData().people.map((p) => [p.id, p]));

/** The person as a Teams user: the harness's user when there is one, else one made from the demo record. */
function memberFor(personId: string): TestUser {
  const person = DEMO_PEOPLE.get(personId)!;
  const known = Object.values(USERS).find((u) => u.email === person.email);
  if (known) return known;
  return { id: `29:${personId}`, name: person.name, aadObjectId: `aad-${personId}`, email: person.email! };
}

function conversationOf(user: TestUser): string {
  return `a:personal-${user.id}`;
}

function isDigest(message: any): boolean {
  return /^Your weekly digest, \w+day \d+ \w+ \d{4}$/m.test(cardText(cardOf(message)) || message?.text || '');
}

function digestsIn(connector: FakeConnector): any[] {
  return connector.messages().filter(isDigest);
}

function digestsTo(connector: FakeConnector, user: TestUser): any[] {
  return connector.messages(conversationOf(user)).filter(isDigest);
}

/** A small deterministic random generator, so fault rates are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function install(post: (body: unknown) => Promise<unknown>, activity: Record<string, unknown>): Promise<void> {
  await post({ ...activity, type: 'installationUpdate', action: 'add', text: undefined, entities: [] });
}

describe('weekly digest through the fake connector with 429s, 503s and 403s', () => {
  const bot = new BotHarness('2020-11-23T08:00:00Z');
  const faults = { retryAfter: 0, throttledNoHeader: 0, unavailable: 0, forbidden: 0 };
  const installed = DIGEST_PEOPLE.filter((p) => !NEVER_INSTALLED.includes(p));
  const reachable = installed.filter((p) => !(p in BLOCKED));

  beforeAll(async () => {
    // 40% of posts fail; 10 attempts make losing one to bad luck vanishingly rare (0.4^10).
    await bot.start({}, { outbound: { time: new VirtualTime(), sender: { maxAttempts: 10 } } });
    for (const personId of DIGEST_PEOPLE) bot.connector.addMember(memberFor(personId));
    for (const personId of installed) await install((b) => bot.post(b), bot.activity(undefined, { user: memberFor(personId) }));
    await install((b) => bot.post(b), bot.activity(undefined, { user: USERS.nick }));
    const random = seeded(47);
    const blockedConversations = new Map(Object.entries(BLOCKED).map(([p, code]) => [conversationOf(memberFor(p)), code]));
    bot.connector.fault = (call) => {
      // Only proactive posts (POST …/activities with no activity id); replies in a turn are left alone.
      if (call.method !== 'POST' || !call.path.endsWith('/activities')) return undefined;
      const blocked = blockedConversations.get(call.conversationId ?? '');
      if (blocked) {
        faults.forbidden += 1;
        return { status: 403, body: { error: { code: blocked, message: 'The bot cannot write to this conversation' } } };
      }
      const roll = random();
      if (roll < 0.15) {
        faults.retryAfter += 1;
        return { status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'Throttled', message: 'slow down' } } };
      }
      if (roll < 0.3) {
        faults.throttledNoHeader += 1;
        return { status: 429, body: { error: { code: 'Throttled', message: 'slow down' } } };
      }
      if (roll < 0.4) {
        faults.unavailable += 1;
        return { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'try again' } } };
      }
      return undefined;
    };
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('"send the weekly digest now" answers at once, then every reachable lead gets exactly one digest and Nick gets the report', async () => {
    const answer = await bot.say('send the weekly digest now', { user: USERS.nick });
    expect(replyText(answer)).toContain(`Sending this week's digest (2020-W48) to ${DIGEST_PEOPLE.length} people now.`);
    expect(replyText(answer)).toContain('1 person has no way for the bot to reach them');

    // The report is the run's last message: wait for it to arrive.
    const report = await bot.connector.until(() =>
      bot.connector.messages(conversationOf(USERS.nick)).find((m) => /Weekly digest for 2020-W48/.test(cardText(cardOf(m)))),
    );
    const text = cardText(cardOf(report));
    expect(text).toContain(`Weekly digest for 2020-W48: ${reachable.length} digests sent, 0 already sent, 3 unreachable, 0 failed.`);
    expect(text).toContain('Unreachable: Sarah James (403 MessageWritesBlocked)');
    expect(text).toContain('Unreachable: Rose Hampton (403 BotDisabledByAdmin)');
    expect(text).toMatch(/Unreachable: Andrew Donaldson \(no active conversation reference: has never installed or messaged the bot\)/);

    for (const personId of reachable) expect(digestsTo(bot.connector, memberFor(personId)), personId).toHaveLength(1);
    for (const personId of [...Object.keys(BLOCKED), ...NEVER_INSTALLED]) expect(digestsTo(bot.connector, memberFor(personId)), personId).toHaveLength(0);
    // The faults really happened, and none made anyone lose or double a digest.
    expect(faults.retryAfter).toBeGreaterThan(0);
    expect(faults.throttledNoHeader).toBeGreaterThan(0);
    expect(faults.unavailable).toBeGreaterThan(0);
    // 403 is never retried: one attempt per blocked person.
    expect(faults.forbidden).toBe(2);
  });

  it("Tilly's digest lists her past-target action, links to it and has an Update button", async () => {
    const [digest] = digestsTo(bot.connector, USERS.tilly);
    const card = cardOf(digest);
    const text = cardText(card);
    expect(text).toContain('Your weekly digest, Monday 23 November 2020');
    expect(text).toContain('Past the approved target date (1)');
    expect(text).toContain('Supportive Communities: Go-live with Community Help points');
    expect(JSON.stringify(card)).toContain('"ask":"update staffs-cdp-31"');
    expect(JSON.stringify(card)).toContain('"ask":"status of staffs-cdp-31"');
    expect(digest.summary).toMatch(/^Your weekly digest/);
  });

  it('blocked people are marked inactive with the reason, and "who can\'t the digest reach?" lists them', async () => {
    const snapshot = await bot.app.store.snapshot();
    expect(reachabilityOf(snapshot, 'sarah-james')).toMatchObject({ reachable: false });
    expect(reachabilityOf(snapshot, 'sarah-james').reason).toContain('403 MessageWritesBlocked');
    const answer = replyText(await bot.say("who can't the digest reach?", { user: USERS.nick }));
    // Every owner of an open action counts, not only those with something to report this week.
    expect(answer).toMatch(/People the digest can't reach \(\d+ of \d+ action owners\)/);
    expect(answer).toContain('Blocked, uninstalled or removed (2)');
    expect(answer).toContain('Sarah James');
    expect(answer).toContain('Rose Hampton');
    expect(answer).toContain('Sarah James\n403 MessageWritesBlocked (since 2020-11-23)');
    expect(answer).toContain('Andrew Donaldson\nhas never installed or messaged the bot\nOwns 19 open actions');
    expect(answer).not.toContain('Tilly Flanagan');
  });

  it('asking again in the same week sends nobody a second digest, and a scheduler tick does nothing', async () => {
    bot.connector.fault = undefined;
    const before = bot.connector.messages().filter(isDigest).length;
    const again = await bot.say('send the weekly digest now', { user: USERS.nick });
    expect(replyText(again)).toContain(`${reachable.length} people already had it this week and won't get it twice.`);
    await bot.connector.until(() =>
      bot.connector.messages(conversationOf(USERS.nick)).filter((m) => /Weekly digest for 2020-W48/.test(cardText(cardOf(m)))).length === 2,
    );
    const second = bot.connector.messages(conversationOf(USERS.nick)).filter((m) => /Weekly digest for 2020-W48/.test(cardText(cardOf(m))))[1];
    expect(cardText(cardOf(second))).toContain(`0 digests sent, ${reachable.length} already sent, 3 unreachable`);
    const service = bot.app.features.digest.service;
    const tick = await service.runWeekly({ kind: 'schedule' });
    expect(tick.skipped).toMatch(/already went out/);
    expect(bot.connector.messages().filter(isDigest).length).toBe(before);
  });

  it('the list of who the digest misses is never shown in a channel', async () => {
    expect(replyText(await bot.say("who can't the digest reach?", { user: USERS.nick, conversationType: 'channel' }))).toContain('Ask me that in a personal chat');
  });

  it('only admins may send the digest or see who it misses', async () => {
    expect(replyText(await bot.say('send the weekly digest now', { user: USERS.tilly }))).toContain('only plan admins and democratic services admins can do that');
    expect(replyText(await bot.say("who can't the digest reach?", { user: USERS.tilly }))).toContain("I can't show who the digest misses");
  });

  it('"how did the last digest go?" reports the run', async () => {
    const answer = replyText(await bot.say('how did the last digest go?', { user: USERS.nick }));
    expect(answer).toContain('Last digest run: 2020-W48');
    expect(answer).toContain('Unreachable: 3');
  });

  it('"stop my digest", "send my digest on Fridays at 4pm" and "start my digest" change what next week brings', async () => {
    expect(replyText(await bot.say('stop my digest', { user: USERS.tilly }))).toContain("you won't get the weekly digest any more");
    expect(replyText(await bot.say('stop my digest', { user: USERS.tilly }))).toContain('already stopped');
    expect(replyText(await bot.say('send my digest on Fridays at 4pm', { user: USERS.joe }))).toContain('every Friday at 4pm (UK time)');
    expect(replyText(await bot.say('send my digest on Fridays at 3am', { user: USERS.joe }))).toContain('between 6am and 8pm');
    const snapshot = await bot.app.store.snapshot();
    const prefs = snapshot.ext<{ id: string; optedOut: boolean; schedule?: { weekday: number; time: string } }>(DIGEST_PREFERENCES_COLLECTION);
    expect(prefs.find((p) => p.id === 'tilly-flanagan')).toMatchObject({ optedOut: true });
    expect(prefs.find((p) => p.id === 'joe-sullivan')).toMatchObject({ schedule: { weekday: 5, time: '16:00' } });
    const audit = snapshot.data.audit as AuditEntry[];
    expect(audit.filter((a) => a.command.startsWith('digest:')).map((a) => a.command)).toEqual(
      expect.arrayContaining(['digest:send-now', 'digest:opt-out', 'digest:schedule']),
    );

    bot.clock.set('2020-11-30T08:00:00Z');
    const service = bot.app.features.digest.service;
    const monday = await service.runWeekly({ kind: 'schedule' });
    expect(monday.runId).toBe('digest:2020-W49');
    expect(monday.skippedCounts).toMatchObject({ 'opted-out': 1, 'own-schedule': 1 });
    expect(digestsTo(bot.connector, USERS.tilly)).toHaveLength(1); // still only last week's
    expect(digestsTo(bot.connector, USERS.joe)).toHaveLength(1);
    bot.clock.set('2020-12-04T16:00:00Z');
    await service.runPersonalSchedules();
    expect(digestsTo(bot.connector, USERS.joe)).toHaveLength(2);
    expect(replyText(await bot.say('start my digest', { user: USERS.tilly }))).toContain('your weekly digest is back on, every Monday at 8am');
  });

  it('"show my digest" previews it, in a personal chat only', async () => {
    const preview = await bot.say('show my digest', { user: USERS.tilly });
    expect(replyText(preview)).toContain('Your digest as it stands today');
    expect(JSON.stringify(cardOf(preview.replies[0]))).toContain('"ask":"update staffs-cdp-31"');
    const channel = await bot.say('show my digest', { user: USERS.tilly, conversationType: 'channel' });
    expect(replyText(channel)).toContain('Message me in a personal chat');
  });

  it('a plan admin can switch the digest off for a plan (audited); others cannot', async () => {
    expect(replyText(await bot.say('turn off the digest for the CDP', { user: USERS.heather }))).toContain("only the Communities Delivery Plan's plan admins");
    const off = replyText(await bot.say('turn off the digest for the CDP', { user: USERS.nick }));
    expect(off).toContain('The weekly digest is now off for the Communities Delivery Plan.');
    const snapshot = await bot.app.store.snapshot();
    expect(snapshot.plan('staffs-cdp')!.digestEnabled).toBe(false);
    expect((snapshot.data.audit as AuditEntry[]).find((a) => a.command === 'digest:plan-off')).toMatchObject({ entityId: 'staffs-cdp', before: { digestEnabled: true }, after: { digestEnabled: false } });
    const preview = replyText(await bot.say('show my digest', { user: USERS.tilly }));
    expect(preview).toContain('Nothing needs your attention this week');
    expect(replyText(await bot.say('turn on the digest for the CDP', { user: USERS.nick }))).toContain('back on');
  });
});

describe('the committee picture in a channel', () => {
  const bot = new BotHarness('2020-11-23T08:00:00Z');
  const channel = '19:crc-digest@thread.tacv2';
  beforeAll(async () => {
    await bot.start({}, { outbound: { time: new VirtualTime() } });
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('an admin sets it up in the channel; the weekly run posts it there once, public items only', async () => {
    const inChannel = { conversationType: 'channel' as const, conversationId: `${channel};messageid=1606118400000` };
    expect(replyText(await bot.say('post the weekly digest here', { user: USERS.tilly, ...inChannel }))).toContain("I can't set up the weekly digest for this channel");
    const set = replyText(await bot.say('post the weekly digest here', { user: USERS.nick, ...inChannel }));
    expect(set).toContain("Done: I'll post the weekly picture for the Corporate Review Committee here, every Monday at 8am.");
    const service = bot.app.features.digest.service;
    await service.runWeekly({ kind: 'schedule' });
    const posts = () => bot.connector.messages(channel).filter((m) => /^Weekly digest for the Corporate Review Committee, Monday 23 November 2020$/m.test(cardText(cardOf(m))));
    expect(posts()).toHaveLength(1);
    const text = cardText(cardOf(posts()[0]));
    expect(text).toContain('Corporate Review Committee: Communities Delivery Plan');
    expect(text).toContain('Past target: 7');
    expect(text).toContain('Corporate Review Committee: follow-ups not yet closed');
    expect(text).not.toContain('Stop my digest');
    // Posted as a new conversation in the channel, not as a reply in the thread it was set up from.
    expect(bot.connector.calls.find((c) => c.conversationId === channel && c.method === 'POST' && /Weekly digest for/.test(JSON.stringify(c.body)))?.activityId).toBeUndefined();
    // Asked in the channel, the run's report (which names people) goes to the admin's personal chat,
    // opened by the bot: Nick has only ever written in the channel.
    const asked = replyText(await bot.say('send the weekly digest now', { user: USERS.nick, ...inChannel }));
    expect(asked).toContain("I'll send you the report in a personal chat when it's done.");
    const report = await bot.connector.until(() => bot.connector.calls.find((c) => c.method === 'POST' && /Weekly digest for 2020-W48/.test(JSON.stringify(c.body ?? ''))));
    expect(report.conversationId).not.toBe(channel);
    const opened = bot.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations').map((c) => c.body.members[0].id);
    // Tilly too wrote only in the channel: her digest came to a personal chat the bot opened.
    expect(opened).toEqual(expect.arrayContaining([USERS.nick.id, USERS.tilly.id]));
    expect(digestsIn(bot.connector).some((m) => m.recipient?.id === USERS.tilly.id)).toBe(true);
    expect(posts()).toHaveLength(1);
    expect(replyText(await bot.say('stop posting the digest here', { user: USERS.nick, ...inChannel }))).toContain("I won't post the weekly digest here any more");
  });
});

describe('killed mid-run and restarted: still exactly one digest each', () => {
  const connector = new FakeConnector();
  let dataDir = '';
  let child: ChildBot | undefined;
  const people = DIGEST_PEOPLE.filter((p) => !(p in BLOCKED) && !NEVER_INSTALLED.includes(p));

  beforeAll(async () => {
    await connector.start();
    for (const personId of people) connector.addMember(memberFor(personId));
    connector.addMember(USERS.nick);
    dataDir = await mkdtemp(path.join(tmpdir(), 'council-digest-kill-'));
  });
  afterAll(async () => {
    await child?.stop();
    await connector.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  function activityFor(user: TestUser, text?: string): Record<string, unknown> {
    return {
      type: 'message',
      id: `act-${Math.random().toString(36).slice(2)}`,
      timestamp: '2020-11-23T08:00:00Z',
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: '28:council-actions-bot', name: 'Council Actions' },
      conversation: { id: conversationOf(user), conversationType: 'personal', tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' } },
      text,
      locale: 'en-GB',
    };
  }

  async function post(url: string, body: unknown): Promise<number> {
    const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await response.text();
    return response.status;
  }

  const env = () => ({ DATA_DIR: dataDir, DEMO_DATA: 'true', FIXED_NOW: '2020-11-23T08:00:00Z', HOME: process.env.HOME ?? '' });

  it('in-flight sends at the moment of the kill are not sent again; the rest are sent on restart', { timeout: CHILD_TEST_TIMEOUT }, async () => {
    child = startChildBot(env());
    let url = await child.ready;
    for (const personId of people) await install((b) => post(url, b), activityFor(memberFor(personId)));
    await install((b) => post(url, b), activityFor(USERS.nick));

    // The connector holds every digest post: requests arrive and stay in flight.
    const held: Array<() => void> = [];
    const isDigestPost = (call: RecordedCall) => call.method === 'POST' && call.path.endsWith('/activities') && call.conversationId !== conversationOf(USERS.nick);
    connector.hold = (call) => (isDigestPost(call) ? new Promise<void>((resolve) => held.push(resolve)) : undefined);

    expect(await post(url, activityFor(USERS.nick, 'send the weekly digest now'))).toBe(200);
    // The sender keeps at most 16 requests in flight: once 16 are held it can start no more, so
    // kill it then (a 17th would show up in the count of calls below).
    await connector.until(() => held.length >= 16);
    expect((await child.stop('SIGKILL')).signal).toBe('SIGKILL');
    connector.hold = undefined;
    for (const release of held) release();
    const inFlightAtKill = connector.calls.filter(isDigestPost).map((c) => c.conversationId);
    expect(new Set(inFlightAtKill).size).toBe(16);

    child = startChildBot(env());
    url = await child.ready;
    expect(await post(url, activityFor(USERS.nick, 'send the weekly digest now'))).toBe(200);
    const report = await connector.until(() => connector.messages(conversationOf(USERS.nick)).find((m) => /Weekly digest for 2020-W48/.test(cardText(cardOf(m)))));
    // In-flight at the kill: not resent ("already sent", in doubt); the other 6 sent now.
    expect(cardText(cardOf(report))).toContain(`Weekly digest for 2020-W48: ${people.length - 16} digests sent, 16 already sent`);
    for (const personId of people) expect(digestsTo(connector, memberFor(personId)), personId).toHaveLength(1);
  });
});
