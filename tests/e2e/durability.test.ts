/**
 * Acknowledged means durable: the real bot runs as a child process (node --import tsx src/index.ts)
 * on a temporary data folder, receives a burst of update submissions, and is killed with SIGKILL in
 * the middle of it. Restarted on the same folder, every update that got its HTTP 200 is still there
 * (with its audit entry in the append-only audit log), the data files parse and validate, and
 * re-sending the burst records nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS, cardText } from '../helpers/bot-harness.js';
import { startChildBot } from '../helpers/child-bot.js';
import { CHILD_TEST_TIMEOUT } from '../helpers/child-process.js';
import { FakeConnector } from '../helpers/fake-connector.js';
import { readStoreData } from '../../src/store/lowdb-store.js';

const FIXED_NOW = '2020-11-20T12:00:00Z';
const BURST = 30;
const IN_FLIGHT = 6;
const KILL_AFTER_ACKS = 12;

const HEATHER = USERS.heather; // plan admin of the Derby CIP: may update all its actions
const CONVERSATION = `a:personal-${HEATHER.id}`;

function activity(connector: FakeConnector, id: string): Record<string, unknown> {
  return {
    id,
    timestamp: FIXED_NOW,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: HEATHER.id, name: HEATHER.name, aadObjectId: HEATHER.aadObjectId },
    recipient: { id: '28:council-actions-bot', name: 'Council Actions' },
    conversation: { id: CONVERSATION, conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    locale: 'en-GB',
  };
}

/** The Save button of an update form (Action.Execute), as Teams invokes it. */
function saveInvoke(connector: FakeConnector, submission: { actionId: string; version: number; commentary: string; formId: string }) {
  return {
    ...activity(connector, `invoke-${submission.formId}`),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: {
      action: {
        type: 'Action.Execute',
        verb: 'update.submit',
        data: { actionId: submission.actionId, expectedVersion: submission.version, formId: submission.formId, commentary: submission.commentary, status: 'In progress' },
      },
    },
  };
}

function message(connector: FakeConnector, text: string) {
  return { ...activity(connector, `message-${randomUUID()}`), type: 'message', text };
}

async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('durability: killed in the middle of a burst of updates', () => {
  let dataDir = '';
  const connector = new FakeConnector();
  /** The bot on the test's data folder; killed when the test ends, whatever happens. */
  const startBot = async () => {
    const bot = startChildBot({ DATA_DIR: dataDir, FIXED_NOW, LOG_LEVEL: 'silent', DEMO_DATA: 'true' });
    return { bot, url: await bot.ready };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'council-bot-durability-'));
    await connector.start();
    for (const user of Object.values(USERS)) connector.addMember(user);
  });

  afterAll(async () => {
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('every acknowledged update is still there after SIGKILL and restart, the file is valid, and nothing is recorded twice', { timeout: CHILD_TEST_TIMEOUT }, async () => {
    const first = await startBot();
    const initial = await readStoreData(dataDir);
    const actions = initial.actions.filter((a) => a.planId === 'derby-cip').slice(0, BURST);
    expect(actions).toHaveLength(BURST);
    const run = randomUUID().slice(0, 8);
    const submissions = actions.map((a, i) => ({ actionId: a.id, version: a.version, commentary: `Burst ${run} #${i}: progress on ${a.number}`, formId: `burst-${run}-${i}` }));

    // Send with a few requests in flight; kill the process as soon as KILL_AFTER_ACKS are acknowledged.
    const acknowledged: typeof submissions = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < submissions.length && !killed) {
        const submission = submissions[next++]!;
        try {
          const result = await post(first.url, saveInvoke(connector, submission));
          if (result.status === 200 && cardText(result.body?.value).includes('Update recorded')) acknowledged.push(submission);
        } catch {
          // The connection died with the process: not acknowledged.
        }
        if (acknowledged.length >= KILL_AFTER_ACKS && !killed) {
          killed = true;
          first.bot.process.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect(killed).toBe(true);
    expect((await first.bot.exited).signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acknowledged.length).toBeLessThan(BURST); // it really was mid-burst

    // The files on disk after the kill: parse, validate, and hold every acknowledged update and its audit entry.
    const afterKill = await readStoreData(dataDir);
    const commentaries = new Set(afterKill.updates.map((u) => u.commentary));
    for (const submission of acknowledged) expect(commentaries.has(submission.commentary)).toBe(true);
    for (const update of afterKill.updates.filter((u) => u.commentary?.startsWith(`Burst ${run}`))) {
      expect(afterKill.audit.some((a) => a.id === `audit-${update.id}`)).toBe(true);
    }

    // Restarted on the same folder (the stale lock of the killed process is taken over).
    const second = await startBot();
    const history = await post(second.url, message(connector, `history of ${acknowledged[0]!.actionId}`));
    expect(history.status).toBe(200);
    const historyReply = connector.messages(CONVERSATION).at(-1);
    expect(cardText(historyReply.attachments[0].content)).toContain(acknowledged[0]!.commentary);

    // Teams retries the whole burst: acknowledged updates are not recorded again.
    for (const submission of submissions) {
      const result = await post(second.url, saveInvoke(connector, submission));
      expect(result.status).toBe(200);
      const text = cardText(result.body?.value);
      if (acknowledged.includes(submission)) expect(text).toContain('Already recorded');
    }
    expect(await second.bot.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const final = await readStoreData(dataDir);
    for (const submission of submissions) {
      expect(final.updates.filter((u) => u.commentary === submission.commentary)).toHaveLength(1);
    }
    // One audit entry per recorded update, never rewritten.
    const burstUpdates = final.updates.filter((u) => u.commentary?.startsWith(`Burst ${run}`));
    for (const update of burstUpdates) expect(final.audit.filter((a) => a.id === `audit-${update.id}`)).toHaveLength(1);
  });
});
