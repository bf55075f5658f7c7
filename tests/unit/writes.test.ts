/**
 * The one write path (store/audited-write.ts) as a user meets it: when the store cannot save, every
 * kind of command answers plainly that nothing was saved (never a crash, never a false "done"), and
 * nothing is half-written; a change without its audit entry is never saved at all.
 */
import { describe, expect, it } from 'vitest';
import type { ChatContext } from '../../src/chat/types.js';
import { createFeatures } from '../../src/features/index.js';
import { offlineServices } from '../../src/offline.js';
import { transactAudited, writeAudited } from '../../src/store/audited-write.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Transaction } from '../../src/store/store.js';
import { silentLogger } from '../../src/log.js';
import { demoContext, demoData, demoRouter } from '../helpers/chat-context.js';

/** A store whose disk has gone away: reads work, every write is refused. */
class FullDiskStore extends MemoryStore {
  writes = 0;
  override transact<T>(label: string, work: (tx: Transaction) => T): Promise<T> {
    this.writes += 1;
    return Promise.reject(new Error(`ENOSPC: no space left on device (transaction ${label})`));
  }
}

const NOT_SAVED = /^Nothing was saved: I could not write it down just now\.\nPlease try again in a moment/;

async function withFullDisk(personId: string, options: { kind?: ChatContext['conversation']['kind']; now?: string } = {}) {
  const store = new FullDiskStore(demoData());
  const ctx = await demoContext({ personId, store, kind: options.kind, now: options.now });
  const features = createFeatures(offlineServices(store, { clock: () => ctx.now }));
  const card = (verb: string, data: Record<string, unknown>) => features.all.flatMap((f) => f.cardActions ?? []).find((h) => h.verb === verb)!.handle({ ...data, verb }, ctx, 'execute');
  return { store, ctx, router: demoRouter(store), card, before: structuredClone((await store.snapshot()).data) };
}

describe('a write the store cannot save', () => {
  it('is answered "nothing was saved" for chat commands of every feature, and nothing changes', async () => {
    const commands: { personId: string; text: string; kind?: ChatContext['conversation']['kind']; now?: string }[] = [
      { personId: 'nick-pountney', text: 'make Tilly Flanagan a democratic services admin' },
      { personId: 'nick-pountney', text: 'remove Heather Greenan as plan admin for the CIP' },
      { personId: 'nick-pountney', text: 'Darryl Evers is darryl.evers2@council.example' },
      { personId: 'nick-pountney', text: 'record decision: Library service review; decision maker Cabinet; taken 18 November 2020; published 19 November 2020' },
      { personId: 'nick-pountney', text: 'decision social media management system has been called in' },
      { personId: 'tilly-flanagan', text: 'stop my digest' },
      { personId: 'joe-sullivan', text: 'send my digest on Fridays at 4pm' },
      { personId: 'nick-pountney', text: 'turn off the digest for the CDP' },
      { personId: 'nick-pountney', text: 'send the weekly digest now' },
      { personId: 'nick-pountney', text: 'post the weekly digest here', kind: 'channel' },
      { personId: 'andrew-donaldson', text: 'let Joe Sullivan update staffs-cdp-02' },
      { personId: 'heather-greenan', text: 'start the Q2 2020/21 update round for the CIP, cut-off 30 September 2020, deadline 14 October 2020', now: '2020-10-01T08:00:00Z' },
    ];
    for (const command of commands) {
      const { store, ctx, router, before } = await withFullDisk(command.personId, command);
      const { reply } = await router.reply(command.text, { ...ctx, conversation: { kind: command.kind ?? 'personal', id: `conversation-${command.personId}` } });
      expect(reply.text, command.text).toMatch(NOT_SAVED);
      expect(store.writes, command.text).toBeGreaterThan(0);
      expect((await store.snapshot()).data, command.text).toEqual(before);
    }
  });

  it('is answered "nothing was saved" for card buttons, and the update form keeps what was typed', async () => {
    const { store, card, before } = await withFullDisk('andrew-donaldson');
    const action = (await store.snapshot()).action('staffs-cdp-02')!;
    const save = await card('update.submit', { actionId: action.id, expectedVersion: action.version, formId: 'f-1', status: 'On track', commentary: 'Going well', source: 'form' });
    expect(save.reply?.text).toMatch(NOT_SAVED);
    // No "Update recorded" card replaces the form: pressing Save again is all it takes.
    expect(save.updatedCard).toBeUndefined();

    const suggestion = await card('wp.suggest', { formId: 'f-2', committeeId: 'staffs-crc', topic: 'Potholes' });
    expect(suggestion.reply?.text).toMatch(NOT_SAVED);
    expect((await store.snapshot()).data).toEqual(before);
  });

  it('is answered "nothing was saved" when a support officer answers a call-in reminder', async () => {
    const { store, card, before } = await withFullDisk('colin-greatorex', { now: '2020-12-01T09:00:00Z' });
    const result = await card('callin.reminder.cancel', { meetingId: 'staffs-crc-2020-12-04' });
    expect(result.reply?.text).toMatch(NOT_SAVED);
    expect(result.updatedCard).toBeUndefined();
    expect((await store.snapshot()).data).toEqual(before);
  });
});

describe('the audited write', () => {
  it('saves a change together with its audit entry', async () => {
    const store = new MemoryStore(demoData());
    const ctx = await demoContext({ store });
    const entry = { id: 'audit-test', at: ctx.now.toISOString(), actorName: 'Test', command: 'test', entity: 'plan', entityId: 'derby-cip' };
    const outcome = await writeAudited({ store, log: silentLogger() }, 'test', (tx) => {
      tx.put('plans', { ...tx.get('plans', 'derby-cip')!, digestEnabled: false });
      return { outcome: 'done', audit: [entry] };
    });
    expect(outcome).toBe('done');
    const after = await store.snapshot();
    expect(after.plan('derby-cip')?.digestEnabled).toBe(false);
    expect(after.data.audit.at(-1)).toEqual(entry);
  });

  it('refuses a change that names no audit entry, and saves none of it', async () => {
    const store = new MemoryStore(demoData());
    const before = structuredClone((await store.snapshot()).data);
    const unaudited = (tx: Transaction) => {
      tx.put('plans', { ...tx.get('plans', 'derby-cip')!, digestEnabled: false });
      return { outcome: 'done', audit: [] };
    };
    await expect(transactAudited(store, 'unaudited', unaudited)).rejects.toThrow(/without an audit entry/);
    expect(await writeAudited({ store, log: silentLogger() }, 'unaudited', unaudited)).toMatchObject({ kind: 'not-saved' });
    expect((await store.snapshot()).data).toEqual(before);
  });
});
