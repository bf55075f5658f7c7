/**
 * A full disk, end to end through /api/messages: on a real 4 MB tmpfs where the machine allows
 * mounting one, and with ENOSPC injected into the store's writes as well (on a machine without
 * mount rights only that variant runs). A save on a full disk is answered plainly "not saved" (no bare 5xx), nobody
 * is shown it, /healthz reports the store failing until a write succeeds, questions are still
 * answered, and the write that failed is not stored by the next one, nor found after a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, USERS, cardOf, cardText, replyText, type PostResult } from '../helpers/bot-harness.js';
import { canMountTmpfs, smallDisk, type SmallDisk } from '../helpers/small-disk.js';

const PUB = 'staffs-cdp-12'; // Pub is the Hub: Tilly Flanagan is a delivery lead

function executeOf(card: any, title: string): { verb: string; data: Record<string, unknown> } {
  const action = (card.actions ?? []).find((a: any) => a.type === 'Action.Execute' && a.title === title);
  if (!action) throw new Error(`no Action.Execute "${title}" on card`);
  return { verb: action.verb, data: action.data };
}

function submitOf(card: any, title: string): Record<string, unknown> {
  return (card.actions ?? []).find((a: any) => a.type === 'Action.Execute' && a.title === title).fallback.data;
}

async function health(bot: BotHarness): Promise<{ status: number; body: any }> {
  const response = await fetch(`${bot.app.server.url}/healthz`);
  return { status: response.status, body: await response.json() };
}

async function commentaries(bot: BotHarness): Promise<string[]> {
  const snapshot = await bot.app.store.snapshot();
  return snapshot.data.updates.filter((u) => u.actionId === PUB).map((u) => u.commentary ?? '');
}

/** Everything the person was shown for one request: the invoke's own answer and any messages. */
function shown(result: PostResult): string {
  const invoke = result.body?.value;
  const invokeText = typeof invoke === 'string' ? invoke : invoke ? cardText(invoke) : '';
  return [invokeText, replyText(result)].join('\n');
}

// The real thing where the machine allows it; the injected ENOSPC always, so both paths stay tested.
const variants = (await canMountTmpfs()) ? [false, true] : [true];

for (const injected of variants) {
  describe(injected ? 'a full disk (ENOSPC injected into the store\'s writes)' : 'a full disk (a real 4 MB tmpfs)', () => {
    let disk: SmallDisk;
    let bot: BotHarness;

    beforeAll(async () => {
      disk = await smallDisk({ injected });
      bot = new BotHarness('2020-11-20T12:00:00Z', disk.fs ? { fs: disk.fs } : undefined);
      bot.dataDir = disk.dataDir;
      await bot.start();
    });
    afterAll(async () => {
      await bot?.stop();
      await disk?.dispose();
    });

    it('says "not saved", shows nobody the update, fails /healthz until a write succeeds, and never stores it', async () => {
      expect(disk.kind).toBe(injected ? 'injected ENOSPC' : 'tmpfs');
      const form = cardOf((await bot.say('update Pub is the Hub')).replies[0]);
      const save = executeOf(form, 'Save update');
      expect((await health(bot)).status).toBe(200);

      await disk.fill();
      const failed = await bot.execute(save.verb, { ...save.data, status: 'On track', commentary: 'Written while the disk was full' });
      expect(failed.status).toBe(200);
      expect(shown(failed)).toMatch(/Not saved|Nothing was saved/);
      expect(shown(failed)).not.toMatch(/Update recorded/);

      const failing = await health(bot);
      expect(failing.status).toBe(503);
      expect(failing.body).toMatchObject({ status: 'down', detail: 'store failing' });
      expect(failing.body.store.writeFailure.message).toBe('the disk is full');

      // Others are not shown it, and questions are still answered while the disk is full.
      const asked = await bot.say('status of Pub is the Hub', { user: USERS.colin });
      expect(asked.status).toBe(200);
      expect(replyText(asked)).toContain('Pub is the Hub');
      expect(replyText(asked)).not.toContain('Written while the disk was full');
      expect(await commentaries(bot)).not.toContain('Written while the disk was full');

      // A typed update confirmed by Action.Submit (a message, not an invoke) is also answered plainly.
      const typed = cardOf((await bot.say('Pub is the Hub is at risk, two venues closed')).replies[0]);
      const confirmed = await bot.submit(submitOf(typed, 'Confirm'));
      expect(confirmed.status).toBe(200);
      expect(replyText(confirmed)).toMatch(/Not saved|Nothing was saved/);
      expect(await commentaries(bot)).not.toContain('two venues closed');

      // Space is back: the store still says failing until a write succeeds, then ok.
      await disk.free();
      expect((await health(bot)).status).toBe(503);
      const fresh = cardOf((await bot.say('update Pub is the Hub')).replies[0]);
      const again = executeOf(fresh, 'Save update');
      const saved = await bot.execute(again.verb, { ...again.data, status: 'On track', commentary: 'Written after space was freed' });
      expect(shown(saved)).toContain('Update recorded');
      const healthy = await health(bot);
      expect(healthy.status).toBe(200);
      expect(healthy.body.store.writeFailure).toBeUndefined();

      // The failed writes were not carried into the file by the successful one.
      await bot.restart();
      const after = await commentaries(bot);
      expect(after).toContain('Written after space was freed');
      expect(after).not.toContain('Written while the disk was full');
      expect(after).not.toContain('two venues closed');
    });
  });
}
