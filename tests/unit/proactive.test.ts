import { describe, expect, it } from 'vitest';
import { messageReply } from '../../src/chat/reply.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { CONVERSATION_REFS_COLLECTION, reachabilityOf, type ConversationRefRecord } from '../../src/outbound/conversation-ref-records.js';
import { ConnectorError, type ConnectorTransport, type OutgoingActivity } from '../../src/outbound/connector-transport.js';
import { SEND_LOG_COLLECTION, SendLogRecord, ThrottledProactiveSender, classifyFailure, type ProactiveSenderOptions } from '../../src/outbound/proactive-sender.js';
import type { ProactiveMessage } from '../../src/outbound/types.js';
import { SendThrottle, SlidingWindow, backoffDelay, parseRetryAfter, TEAMS_LIMITS } from '../../src/outbound/throttle.js';
import { VirtualTime } from '../helpers/virtual-time.js';

const NOW = '2020-11-23T08:00:00.000Z';

function ref(personId: string, extra: Partial<ConversationRefRecord> = {}): ConversationRefRecord {
  return {
    id: `personal:29:${personId}`,
    kind: 'personal',
    personId,
    userId: `29:${personId}`,
    conversationId: `a:${personId}`,
    serviceUrl: 'https://smba.example/',
    tenantId: 'tenant-1',
    channelId: 'msteams',
    botId: '28:bot',
    active: true,
    updatedAt: '2020-11-01T00:00:00.000Z',
    ...extra,
  };
}

function storeWith(people: number, extraRefs: ConversationRefRecord[] = [], sendLog: SendLogRecord[] = []): MemoryStore {
  const ids = Array.from({ length: people }, (_, i) => `p${i}`);
  return new MemoryStore({
    people: ids.map((id) => ({ id, name: `Person ${id}` })),
    ext: {
      [CONVERSATION_REFS_COLLECTION]: [...ids.map((id) => ref(id)), ...extraRefs],
      ...(sendLog.length ? { [SEND_LOG_COLLECTION]: sendLog } : {}),
    },
  });
}

type Script = (call: { conversationId: string; n: number; activity: OutgoingActivity }) => { id?: string } | ConnectorError;

class FakeTransport implements ConnectorTransport {
  readonly calls: Array<{ conversationId: string; at: number; text?: string }> = [];
  readonly opened: string[] = [];
  private readonly perConversation = new Map<string, number>();
  constructor(
    private readonly time: VirtualTime,
    private readonly script: Script = () => ({ id: 'ok' }),
    private readonly onCall?: (conversationId: string) => void,
  ) {}
  async send(target: ConversationRefRecord & { conversationId: string }, activity: OutgoingActivity): Promise<{ id?: string }> {
    const n = (this.perConversation.get(target.conversationId) ?? 0) + 1;
    this.perConversation.set(target.conversationId, n);
    this.calls.push({ conversationId: target.conversationId, at: this.time.now(), text: activity.text });
    this.onCall?.(target.conversationId);
    const result = this.script({ conversationId: target.conversationId, n, activity });
    if (result instanceof ConnectorError) throw result;
    return { id: result.id ?? `act-${this.calls.length}` };
  }
  async openPersonalChat(target: ConversationRefRecord): Promise<string> {
    this.opened.push(target.id);
    return `a:opened-${target.userId}`;
  }
  delivered(conversationId: string): number {
    return this.calls.filter((c) => c.conversationId === conversationId).length;
  }
}

function sender(store: MemoryStore, transport: ConnectorTransport, time: VirtualTime, options: Partial<ProactiveSenderOptions> = {}) {
  return new ThrottledProactiveSender({
    store,
    transport,
    time,
    clock: () => new Date(NOW),
    random: () => 0.5,
    render: (reply) => ({ type: 'message', text: reply.text }),
    ...options,
  });
}

function toPeople(count: number, run = 'digest:2020-W48'): ProactiveMessage[] {
  return Array.from({ length: count }, (_, i) => ({ key: `${run}:p${i}`, recipient: { kind: 'person', personId: `p${i}` }, reply: messageReply({ title: `Hello p${i}` }) }));
}

/** The most calls in any window of `ms` (windows start at each call). */
function maxInWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('throttling to Teams limits (virtual time)', () => {
  it('keeps to 50 sends a second per tenant over 200 recipients, evenly paced, and sends each once', async () => {
    const time = new VirtualTime();
    const store = storeWith(200);
    const transport = new FakeTransport(time);
    const report = await sender(store, transport, time).send('digest:2020-W48', toPeople(200));
    expect(report.counts).toEqual({ sent: 200, 'already-sent': 0, unreachable: 0, failed: 0 });
    expect(maxInWindow(transport.calls.map((c) => c.at), 1000)).toBeLessThanOrEqual(50);
    const duration = Math.max(...transport.calls.map((c) => c.at));
    // Paced evenly, not in bursts: 200 at 50/s take 4 s, plus the 5% safety margin at most.
    expect(duration).toBeGreaterThanOrEqual(4000 * 0.97);
    expect(duration).toBeLessThan(4000 * 1.06);
    expect(maxInWindow(transport.calls.map((c) => c.at), 200)).toBeLessThanOrEqual(12);
    expect(new Set(transport.calls.map((c) => c.conversationId)).size).toBe(200);
  });

  it('keeps to 7 a second and 8 in 2 seconds in one conversation, in order', async () => {
    const time = new VirtualTime();
    const channel = ref('channel', { id: 'channel:19:c', kind: 'channel', personId: undefined, conversationId: '19:c@thread.tacv2' });
    const store = storeWith(0, [channel]);
    const transport = new FakeTransport(time);
    const messages: ProactiveMessage[] = Array.from({ length: 20 }, (_, i) => ({
      key: `round:q3:${i}`,
      recipient: { kind: 'conversation', conversationId: '19:c@thread.tacv2' },
      reply: { text: `message ${i}` },
    }));
    const report = await sender(store, transport, time).send('round:q3', messages);
    expect(report.counts.sent).toBe(20);
    const times = transport.calls.map((c) => c.at);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(times, 2000)).toBeLessThanOrEqual(8);
    expect(transport.calls.map((c) => c.text)).toEqual(messages.map((m) => m.reply.text));
  });

  it('a send that leaves late (a slow send-log write) is counted from when it left', async () => {
    const time = new VirtualTime();
    const throttle = new SendThrottle({ perConversationPerSecond: 7, perConversationPerHour: 1800, perTenantPerSecond: 1, safetyMargin: 0 }, time);
    const permit = await throttle.acquire('t', 'c1');
    time.advance(300);
    permit.depart();
    await throttle.acquire('t', 'c2');
    expect(time.now()).toBe(1300);
  });

  it('sliding windows: the eighth send in a second waits for the first to leave the window', () => {
    const window = new SlidingWindow([{ limit: 7, windowMs: 1000 }]);
    for (let t = 0; t < 7; t++) window.record(t * 10);
    expect(window.waitTime(100)).toBe(900);
    expect(window.waitTime(1000)).toBe(0);
    // Half the limit (3): the sends at 40 ms and earlier must leave, so 50 and 60 plus this one make 3.
    expect(window.waitTime(100, 0.5)).toBe(40 + 1000 - 100);
  });
});

describe('retries (virtual time)', () => {
  it('429 with Retry-After waits that long, pauses every conversation, and halves the rate', async () => {
    const time = new VirtualTime();
    const store = storeWith(3);
    const transport = new FakeTransport(time, ({ conversationId, n }) =>
      conversationId === 'a:p0' && n === 1 ? new ConnectorError('slow down', 429, 'Throttled', '3') : { id: 'x' },
    );
    const s = sender(store, transport, time, { maxInFlight: 1 });
    const report = await s.send('digest:2020-W48', toPeople(3));
    expect(report.counts.sent).toBe(3);
    const p0 = transport.calls.filter((c) => c.conversationId === 'a:p0');
    expect(p0).toHaveLength(2);
    expect(p0[1]!.at - p0[0]!.at).toBeGreaterThanOrEqual(3000);
    // The other recipients were held back by the global pause as well.
    const others = transport.calls.filter((c) => c.conversationId !== 'a:p0');
    for (const call of others) expect(call.at).toBeGreaterThanOrEqual(3000);
    expect(report.outcomes[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(s.throttle.state().throttledCount).toBe(1);
    expect(s.throttle.state().rateFactor).toBeLessThan(1);
  });

  it('429 without Retry-After is retried with exponential backoff and jitter (the SDK does not retry it)', async () => {
    const time = new VirtualTime();
    const store = storeWith(1);
    const transport = new FakeTransport(time, ({ n }) => (n <= 3 ? new ConnectorError('slow down', 429) : { id: 'x' }));
    const report = await sender(store, transport, time, { random: () => 1 }).send('r', toPeople(1));
    expect(report.outcomes[0]).toMatchObject({ status: 'sent', attempts: 4 });
    const gaps = transport.calls.slice(1).map((c, i) => c.at - transport.calls[i]!.at);
    // base 1 s doubling: 1 s, 2 s, 4 s (random() = 1 takes the top of each jitter range)
    expect(gaps[0]).toBeGreaterThanOrEqual(1000);
    expect(gaps[1]).toBeGreaterThanOrEqual(2000);
    expect(gaps[2]).toBeGreaterThanOrEqual(4000);
  });

  it.each([412, 502, 503, 504])('%i is retried and then succeeds', async (status) => {
    const time = new VirtualTime();
    const store = storeWith(1);
    const transport = new FakeTransport(time, ({ n }) => (n === 1 ? new ConnectorError('busy', status) : { id: 'x' }));
    const report = await sender(store, transport, time).send('r', toPeople(1));
    expect(report.outcomes[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a connection error is retried', async () => {
    const time = new VirtualTime();
    const transport = new FakeTransport(time, ({ n }) => (n === 1 ? new ConnectorError('connect ECONNREFUSED', undefined, 'ECONNREFUSED') : { id: 'x' }));
    const report = await sender(storeWith(1), transport, time).send('r', toPeople(1));
    expect(report.outcomes[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives up after the bounded number of attempts and says why', async () => {
    const time = new VirtualTime();
    const store = storeWith(1);
    const transport = new FakeTransport(time, () => new ConnectorError('down', 503, 'ServiceUnavailable'));
    const report = await sender(store, transport, time, { maxAttempts: 4 }).send('r', toPeople(1));
    expect(transport.calls).toHaveLength(4);
    expect(report.outcomes[0]!.status).toBe('failed');
    expect(report.outcomes[0]!.reason).toContain('gave up after 4 attempts (last: 503 ServiceUnavailable)');
    // Backoff between attempts never exceeds the cap and grows.
    expect(time.sleeps.filter((ms) => ms >= 500)).toHaveLength(3);
  });

  it('403 is never retried: the reference is marked inactive and the person reported unreachable', async () => {
    const time = new VirtualTime();
    const store = storeWith(2);
    const transport = new FakeTransport(time, ({ conversationId }) =>
      conversationId === 'a:p1' ? new ConnectorError('blocked', 403, 'MessageWritesBlocked') : { id: 'x' },
    );
    const s = sender(store, transport, time);
    const report = await s.send('r', toPeople(2));
    expect(transport.delivered('a:p1')).toBe(1);
    expect(report.outcomes[1]).toMatchObject({ status: 'unreachable', reason: '403 MessageWritesBlocked', attempts: 1 });
    expect(await s.canReach('p1')).toBe(false);
    expect(await s.canReach('p0')).toBe(true);
    const reach = reachabilityOf(await store.snapshot(), 'p1');
    expect(reach.reason).toContain('403 MessageWritesBlocked');
    // The next run does not even try.
    const again = await s.send('r2', toPeople(2, 'r2'));
    expect(again.outcomes[1]).toMatchObject({ status: 'unreachable' });
    expect(transport.delivered('a:p1')).toBe(1);
  });

  it.each([
    [400, 'BadArgument'],
    [413, 'MessageSizeTooBig'],
  ])('%i is reported as failed without a retry', async (status, code) => {
    const time = new VirtualTime();
    const transport = new FakeTransport(time, () => new ConnectorError('nope', status, code));
    const report = await sender(storeWith(1), transport, time).send('r', toPeople(1));
    expect(transport.calls).toHaveLength(1);
    expect(report.outcomes[0]!.status).toBe('failed');
    expect(report.outcomes[0]!.reason).toContain(`${status} ${code}`);
  });

  it('a Retry-After beyond the limit is not waited for', async () => {
    const time = new VirtualTime();
    const transport = new FakeTransport(time, () => new ConnectorError('later', 429, 'Throttled', '3600'));
    const report = await sender(storeWith(1), transport, time).send('r', toPeople(1));
    expect(report.outcomes[0]!.status).toBe('failed');
    expect(report.outcomes[0]!.reason).toMatch(/asked to wait 3600 s/);
    expect(time.now()).toBeLessThan(60_000);
  });

  it('classifies connector answers', () => {
    const now = Date.parse(NOW);
    expect(classifyFailure(new ConnectorError('x', 429, undefined, '2'), now)).toMatchObject({ kind: 'retry', throttled: true, retryAfterMs: 2000 });
    expect(classifyFailure(new ConnectorError('x', 403, 'BotNotInConversationRoster'), now)).toEqual({ kind: 'unreachable', reason: '403 BotNotInConversationRoster' });
    expect(classifyFailure(new ConnectorError('x', 403, 'BotDisabledByAdmin'), now).kind).toBe('unreachable');
    expect(classifyFailure(new ConnectorError('x', 401), now).kind).toBe('failed');
    expect(classifyFailure(new ConnectorError('x', undefined, 'ETIMEDOUT'), now).kind).toBe('retry');
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores nonsense', () => {
    const now = Date.parse('2020-11-23T08:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Mon, 23 Nov 2020 08:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('backoff grows, is capped, and keeps at least half the nominal delay', () => {
    const policy = { baseMs: 1000, capMs: 8000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(3000);
    expect(backoffDelay(10, policy, () => 1)).toBe(8000);
    expect(TEAMS_LIMITS.perTenantPerSecond).toBe(50);
  });
});

describe('idempotency and resuming', () => {
  it('writes the send log before the request leaves, and a second run with the same keys sends nothing', async () => {
    const time = new VirtualTime();
    const store = storeWith(3);
    const seenAtCall: string[] = [];
    const transport = new FakeTransport(time, undefined, (conversationId) => {
      const personId = conversationId.slice(2);
      void store.snapshot().then((snap) => {
        const record = snap.ext<SendLogRecord>(SEND_LOG_COLLECTION).find((r) => r.id === `digest:2020-W48:${personId}`);
        seenAtCall.push(record?.status ?? 'missing');
      });
    });
    const s = sender(store, transport, time);
    const first = await s.send('digest:2020-W48', toPeople(3));
    expect(first.counts.sent).toBe(3);
    expect(seenAtCall).toEqual(['sending', 'sending', 'sending']);
    const log = (await store.snapshot()).ext<SendLogRecord>(SEND_LOG_COLLECTION);
    expect(log.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(log[0]).toMatchObject({ runId: 'digest:2020-W48', recipient: 'person:p0', attempts: 1, conversationId: 'a:p0' });

    const second = await s.send('digest:2020-W48', toPeople(3));
    expect(second.counts).toEqual({ sent: 0, 'already-sent': 3, unreachable: 0, failed: 0 });
    expect(transport.calls).toHaveLength(3);
  });

  it('after a crash: in-flight ("sending") is not resent, "retrying" is, "sent" is skipped', async () => {
    const time = new VirtualTime();
    const at = '2020-11-23T08:00:00.000Z';
    const log: SendLogRecord[] = [
      { id: 'digest:2020-W48:p0', runId: 'digest:2020-W48', recipient: 'person:p0', status: 'sending', attempts: 1, at },
      { id: 'digest:2020-W48:p1', runId: 'digest:2020-W48', recipient: 'person:p1', status: 'retrying', attempts: 1, reason: '503', at },
      { id: 'digest:2020-W48:p2', runId: 'digest:2020-W48', recipient: 'person:p2', status: 'sent', attempts: 1, activityId: 'old', at },
    ];
    const store = storeWith(4, [], log);
    const transport = new FakeTransport(time);
    const report = await sender(store, transport, time).send('digest:2020-W48', toPeople(4));
    expect(report.outcomes.map((o) => o.status)).toEqual(['already-sent', 'sent', 'already-sent', 'sent']);
    expect(report.outcomes[0]!.reason).toMatch(/in doubt/);
    expect(transport.calls.map((c) => c.conversationId).sort()).toEqual(['a:p1', 'a:p3']);
    const stored = (await store.snapshot()).ext<SendLogRecord>(SEND_LOG_COLLECTION).find((r) => r.id === 'digest:2020-W48:p1');
    expect(stored).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('writes the send log in batches (group commit): far fewer store writes than log records', async () => {
    const time = new VirtualTime();
    const store = storeWith(100);
    let transactions = 0;
    const transact = store.transact.bind(store);
    store.transact = ((label, work) => {
      if (label === 'proactive-send-log') transactions += 1;
      return transact(label, work);
    }) as typeof store.transact;
    const report = await sender(store, new FakeTransport(time), time, { limits: { perConversationPerSecond: 7, perConversationPerHour: 1800, perTenantPerSecond: 50 } }).send('g', toPeople(100, 'g'));
    expect(report.counts.sent).toBe(100);
    const log = (await store.snapshot()).ext<SendLogRecord>(SEND_LOG_COLLECTION);
    expect(log.filter((r) => r.status === 'sent')).toHaveLength(100);
    // 200 records ("sending" then "sent" for each); "sent" rides along with the next write.
    expect(transactions).toBeLessThanOrEqual(110);
  });

  it('two runs at once with the same keys send each message once', async () => {
    const time = new VirtualTime();
    const store = storeWith(20);
    const transport = new FakeTransport(time);
    const s = sender(store, transport, time);
    const [a, b] = await Promise.all([s.send('d', toPeople(20)), s.send('d', toPeople(20))]);
    expect(a.counts.sent + b.counts.sent).toBe(20);
    expect(transport.calls).toHaveLength(20);
  });

  it('the same key twice in one call is sent once', async () => {
    const time = new VirtualTime();
    const transport = new FakeTransport(time);
    const [m] = toPeople(1);
    const report = await sender(storeWith(1), transport, time).send('r', [m!, m!]);
    expect(report.outcomes.map((o) => o.status)).toEqual(['sent', 'already-sent']);
    expect(transport.calls).toHaveLength(1);
  });
});

describe('recipients', () => {
  it('a person with no reference is unreachable, with the reason, and it is logged', async () => {
    const time = new VirtualTime();
    const store = new MemoryStore({ people: [{ id: 'nobody', name: 'No Body' }] });
    const report = await sender(store, new FakeTransport(time), time).send('r', [{ key: 'r:nobody', recipient: { kind: 'person', personId: 'nobody' }, reply: { text: 'hi' } }]);
    expect(report.outcomes[0]).toMatchObject({ status: 'unreachable' });
    expect(report.outcomes[0]!.reason).toContain('has never installed or messaged the bot');
    expect((await store.snapshot()).ext<SendLogRecord>(SEND_LOG_COLLECTION)[0]).toMatchObject({ status: 'unreachable' });
  });

  it('opens a personal chat for someone known only from a team, then remembers it', async () => {
    const time = new VirtualTime();
    const member = ref('p0', { conversationId: undefined, source: 'members-added' });
    const store = new MemoryStore({ people: [{ id: 'p0', name: 'P' }], ext: { [CONVERSATION_REFS_COLLECTION]: [member] } });
    const transport = new FakeTransport(time);
    const s = sender(store, transport, time);
    const report = await s.send('r', toPeople(1, 'r'));
    expect(report.outcomes[0]!.status).toBe('sent');
    expect(transport.opened).toEqual(['personal:29:p0']);
    expect(transport.calls[0]!.conversationId).toBe('a:opened-29:p0');
    expect(reachabilityOf(await store.snapshot(), 'p0').record?.conversationId).toBe('a:opened-29:p0');
  });

  it('an unknown conversation and a malformed message are reported, not thrown', async () => {
    const time = new VirtualTime();
    const report = await sender(storeWith(0), new FakeTransport(time), time).send('r', [
      { key: 'r:c', recipient: { kind: 'conversation', conversationId: '19:nowhere' }, reply: { text: 'x' } },
      { key: '', recipient: { kind: 'person', personId: 'p0' }, reply: { text: 'x' } },
    ]);
    expect(report.outcomes[0]).toMatchObject({ status: 'unreachable' });
    expect(report.outcomes[1]).toMatchObject({ status: 'failed' });
    expect(report.outcomes[1]!.reason).toMatch(/invalid message: key/);
  });
});
