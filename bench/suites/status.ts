/**
 * "status of <action>" through /api/messages on 10,000 actions and 2,000 people, against an echo
 * handler on the same server and adapter path in the same run. Also times understanding + answer
 * (the chat router alone) and card rendering.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ActivityHandler, MessageFactory } from 'botbuilder';
import restify from 'restify';
import { createApp } from '../../src/app.js';
import { offlineRouter } from '../../src/offline.js';
import { renderCard } from '../../src/cards/render.js';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateStore } from '../generate.js';
import { printTable, summarise } from '../stats.js';
import type { BenchSuite } from '../run.js';

const ACTIONS = 10_000;
const PEOPLE = 2_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1500);
const WARMUP = 200;

async function run(): Promise<void> {
  const data = generateStore(ACTIONS, PEOPLE);
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-status-'));
  await writeFile(path.join(dir, 'store.json'), JSON.stringify(data));
  const connectorProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../connector-process.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const connectorUrl = await new Promise<string>((resolve) => connectorProcess.stdout!.once('data', (chunk) => resolve(String(chunk).trim())));
  const connector = { url: connectorUrl };
  const echo = new ActivityHandler();
  echo.onMessage(async (context, next) => {
    await context.sendActivity(MessageFactory.text(context.activity.text ?? ''));
    await next();
  });
  const config = loadConfig({ PORT: '0', DATA_DIR: dir, DEMO_DATA: 'false', LOG_LEVEL: 'silent', SCHEDULER_ENABLED: 'false' });
  const app = await createApp({
    config,
    log: silentLogger(),
    clock: fixedClock('2020-11-20T12:00:00Z'),
    extraRoutes: (server, adapter) => {
      // The bot's route reads its own body after authenticating; the echo route parses it as botbuilder's samples do.
      server.post('/api/echo', restify.plugins.bodyParser({ mapParams: false }), async (req, res) => {
        await adapter.process(req, res, (context) => echo.run(context));
      });
    },
  });
  const ids = data.actions.map((a) => a.id);
  const activity = (i: number, text: string) => ({
    type: 'message', id: `bench-${i}-${Math.random()}`, channelId: 'msteams', serviceUrl: connector.url, text,
    from: { id: '29:bench', name: 'Bench User', aadObjectId: 'aad-bench' }, recipient: { id: '28:bot' },
    conversation: { id: 'a:bench', conversationType: 'personal', tenantId: 't' }, channelData: { tenant: { id: 't' } },
  });
  const timePath = async (route: string, i: number, text: string) => {
    const body = JSON.stringify(activity(i, text));
    const start = performance.now();
    const response = await fetch(`${app.server.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
    return performance.now() - start;
  };
  // Interleave the two paths so that machine noise hits both equally.
  const echoTimes: number[] = [];
  const botTimes: number[] = [];
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const text = `status of ${ids[(i * 7919) % ids.length]}`;
    const e = await timePath('/api/echo', i, text);
    const b = await timePath('/api/messages', i, text);
    if (i >= WARMUP) {
      echoTimes.push(e);
      botTimes.push(b);
    }
  }
  await app.stop();
  connectorProcess.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });

  // Understanding + answer alone, and rendering, in process.
  const store = new MemoryStore(data);
  const router = offlineRouter(store);
  const snapshot = await store.snapshot();
  const ctx = {
    snapshot, now: new Date('2020-11-20T12:00:00Z'), asker: { displayName: 'Bench', roles: new Set<never>() },
    conversation: { kind: 'personal' as const, id: 'x' }, page: 1,
  };
  await router.reply(`status of ${ids[0]}`, ctx); // builds indexes once, as the first question after a write would
  const answerTimes: number[] = [];
  const renderTimes: number[] = [];
  const titleTimes: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const t0 = performance.now();
    const { reply } = await router.reply(`status of ${ids[(i * 104729) % ids.length]}`, ctx);
    const t1 = performance.now();
    renderCard(reply.card!.template, reply.card!.data);
    const t2 = performance.now();
    answerTimes.push(t1 - t0);
    renderTimes.push(t2 - t1);
  }
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    await router.reply(`how is ${data.actions[(i * 31) % data.actions.length]!.title} going`, ctx);
    titleTimes.push(performance.now() - t0);
  }

  const e = summarise(echoTimes);
  const b = summarise(botTimes);
  const a = summarise(answerTimes);
  const r = summarise(renderTimes);
  const t = summarise(titleTimes);
  printTable([
    { path: 'echo handler, /api/echo (baseline)', n: e.n, 'p50 ms': e.p50, 'p95 ms': e.p95, 'p99 ms': e.p99, 'p50 vs echo': 1 },
    { path: '"status of <id>" via /api/messages', n: b.n, 'p50 ms': b.p50, 'p95 ms': b.p95, 'p99 ms': b.p99, 'p50 vs echo': b.p50 / e.p50 },
    { path: 'understand + answer (router only)', n: a.n, 'p50 ms': a.p50, 'p95 ms': a.p95, 'p99 ms': a.p99, 'p50 vs echo': a.p50 / e.p50 },
    { path: 'card rendering (templating)', n: r.n, 'p50 ms': r.p50, 'p95 ms': r.p95, 'p99 ms': r.p99, 'p50 vs echo': r.p50 / e.p50 },
    { path: 'fuzzy title "how is <title> going"', n: t.n, 'p50 ms': t.p50, 'p95 ms': t.p95, 'p99 ms': t.p99, 'p50 vs echo': t.p50 / e.p50 },
  ]);
  process.stdout.write(
    `\n${ACTIONS.toLocaleString('en-GB')} actions, ${PEOPLE.toLocaleString('en-GB')} people; the fake connector runs in its own process.\n` +
      `Goal: bot p50 within 1.5x of echo -> ${(b.p50 / e.p50).toFixed(2)}x ${b.p50 / e.p50 <= 1.5 ? 'MET' : 'NOT MET'}; ` +
      `understand + answer p95 <= 5 ms -> ${a.p95.toFixed(2)} ms ${a.p95 <= 5 ? 'MET' : 'NOT MET'}.\n`,
  );
}

export default { name: 'status-of-action (issue 3)', run } satisfies BenchSuite;
