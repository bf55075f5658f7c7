/**
 * Proactive fan-out: 1,000 digest cards to 1,000 personal chats through the real sender
 * (CloudAdapter, lowdb send log in a temp folder) to a fake connector on loopback that enforces
 * 50 requests a second per tenant, answering 429 beyond it, as Teams does.
 * Goals: at least 90% of the 50/s limit, zero lost, zero duplicates.
 * The baseline in the same run is the limit itself: 1,000 messages cannot take less than 20 s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, CardFactory } from 'botbuilder';
import { digestReply } from '../../src/features/digest/view.js';
import { renderCard } from '../../src/cards/render.js';
import type { Reply } from '../../src/chat/types.js';
import { computeDigests } from '../../src/domain/digest/index.js';
import type { StoreData } from '../../src/domain/model.js';
import { Snapshot } from '../../src/domain/snapshot.js';
import { readDemoData } from '../../src/store/demo.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { BotConnectorTransport, type OutgoingActivity } from '../../src/outbound/connector-transport.js';
import { CONVERSATION_REFS_COLLECTION } from '../../src/outbound/conversation-ref-records.js';
import { ThrottledProactiveSender } from '../../src/outbound/proactive-sender.js';
import type { ProactiveMessage } from '../../src/outbound/types.js';
import type { BenchSuite } from '../run.js';
import { printTable } from '../stats.js';

const MESSAGES = Number(process.env.BENCH_FANOUT ?? 1000);
const LIMIT_PER_SECOND = 50;
const GOAL_FRACTION = 0.9;

async function run(): Promise<void> {
  // The connector runs in its own process, enforcing 50/s on arrival (bench/fanout-connector.ts).
  const child = fork(fileURLToPath(new URL('../fanout-connector.ts', import.meta.url)), [String(LIMIT_PER_SECOND)], { execArgv: ['--import', 'tsx'] });
  const ask = <T>(message?: string) =>
    new Promise<T>((resolve) => {
      child.once('message', (reply) => resolve(reply as T));
      if (message) child.send(message);
    });
  const connector = await ask<{ url: string }>();
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-fanout-'));
  const demo = await readDemoData();
  const people = Array.from({ length: MESSAGES }, (_, i) => ({ id: `p${i}`, name: `Person ${i}`, aliases: [], kind: 'officer' as const, roleNotes: [], version: 1 }));
  const refs = people.map((p) => ({
    id: `personal:29:${p.id}`,
    kind: 'personal',
    personId: p.id,
    userId: `29:${p.id}`,
    conversationId: `a:${p.id}`,
    serviceUrl: connector.url,
    tenantId: 'tenant-1',
    channelId: 'msteams',
    botId: '28:bench',
    active: true,
    updatedAt: '2020-11-01T00:00:00.000Z',
  }));
  const store = await LowdbStore.open(dir);
  await store.transact('bench-setup', (tx) => {
    for (const person of people) tx.put('people', person);
    for (const ref of refs) tx.extPut(CONVERSATION_REFS_COLLECTION, ref);
  });
  // A realistic card: Andrew Donaldson's digest on the demo data (10 lines), rendered per message.
  const demoSnapshot = new Snapshot(demo as StoreData, 1);
  const digest = computeDigests(demoSnapshot, { today: '2020-11-23', dueWeeks: 4, staleWeeks: 12 }).people.get('andrew-donaldson')!;
  const reply = digestReply(demoSnapshot, digest, { today: '2020-11-23', dueWeeks: 4, staleWeeks: 12, scheduleText: 'every Monday at 8am' });
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' } as never),
  );
  const render = (r: Reply): OutgoingActivity => {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderCard(r.card!.template, r.card!.data)));
    activity.summary = r.text.split('\n')[0];
    return { ...(activity as Record<string, unknown>), type: 'message' };
  };
  const sender = new ThrottledProactiveSender({
    store,
    transport: new BotConnectorTransport(adapter, ''),
    render,
    clock: () => new Date('2020-11-23T08:00:00Z'),
    limits: { perConversationPerSecond: 7, perConversationPerHour: 1800, perTenantPerSecond: LIMIT_PER_SECOND },
  });
  const messages: ProactiveMessage[] = people.map((p) => ({ key: `bench:fanout:${p.id}`, recipient: { kind: 'person', personId: p.id }, reply }));

  const started = performance.now();
  const report = await sender.send('bench:fanout', messages);
  const elapsed = (performance.now() - started) / 1000;

  const stats = await ask<{ accepted: Record<string, number>; throttled: number }>('stats');
  const delivered = new Map(Object.entries(stats.accepted));
  const throttled = stats.throttled;
  const lost = people.filter((p) => !delivered.has(`a:${p.id}`)).length;
  const duplicates = [...delivered.values()].filter((n) => n > 1).length;
  const rate = report.counts.sent / elapsed;
  const floor = MESSAGES / LIMIT_PER_SECOND;
  printTable([
    { measure: 'messages sent (report)', value: report.counts.sent, goal: String(MESSAGES), met: report.counts.sent === MESSAGES ? 'yes' : 'NO' },
    { measure: 'elapsed, s', value: elapsed, goal: `>= ${floor} (the limit)`, met: '-' },
    { measure: 'rate, messages/s', value: rate, goal: `>= ${GOAL_FRACTION * LIMIT_PER_SECOND}`, met: rate >= GOAL_FRACTION * LIMIT_PER_SECOND ? 'yes' : 'NO' },
    { measure: 'rate / limit (baseline)', value: rate / LIMIT_PER_SECOND, goal: `>= ${GOAL_FRACTION}`, met: rate / LIMIT_PER_SECOND >= GOAL_FRACTION ? 'yes' : 'NO' },
    { measure: 'lost (no message arrived)', value: lost, goal: '0', met: lost === 0 ? 'yes' : 'NO' },
    { measure: 'duplicates (more than one arrived)', value: duplicates, goal: '0', met: duplicates === 0 ? 'yes' : 'NO' },
    { measure: '429 answers from the connector', value: throttled, goal: '-', met: '-' },
    { measure: 'machine load average (1 min, 2 cores)', value: loadavg()[0]!, goal: '-', met: '-' },
  ]);
  await store.close();
  child.send('stop');
  await rm(dir, { recursive: true, force: true });
}

const suite: BenchSuite = { name: 'proactive fan-out (1,000 messages, connector limited to 50/s)', run };
export default suite;
