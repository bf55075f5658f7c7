import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startChildBot } from '../helpers/child-bot.js';
import { CHILD_TEST_TIMEOUT } from '../helpers/child-process.js';

// Concurrent: each test starts its own bot on its own folder (removed when that test finishes).
describe.concurrent('the bot process', { timeout: CHILD_TEST_TIMEOUT }, () => {
  const tempDir = async (test: TestContext) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'council-bot-proc-'));
    test.onTestFinished(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };

  it('refuses to start on a bad setting, naming the variable, the value and what is allowed', async (test) => {
    const bot = startChildBot({ DATA_DIR: await tempDir(test), MicrosoftAppType: 'Sometimes' }, test);
    expect((await bot.exited).code).toBe(2);
    const lines = bot.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('MicrosoftAppType="Sometimes"');
    expect(lines[0]).toContain('SingleTenant');
  });

  it('refuses to start on a corrupt data file, names it, and leaves it untouched', async (test) => {
    const dir = await tempDir(test);
    const file = path.join(dir, 'store.json');
    await writeFile(file, '{"actions": [ {"id": "half-written"');
    const bot = startChildBot({ DATA_DIR: dir }, test);
    expect((await bot.exited).code).toBe(3);
    expect(bot.stderr()).toContain(file);
    expect(bot.stderr()).toContain('not valid JSON');
    expect(await readFile(file, 'utf8')).toBe('{"actions": [ {"id": "half-written"');
  });

  it('refuses a data file of the wrong shape, naming the field', async (test) => {
    const dir = await tempDir(test);
    await writeFile(path.join(dir, 'store.json'), JSON.stringify({ actions: [{ id: 'x' }] }));
    const bot = startChildBot({ DATA_DIR: dir }, test);
    expect((await bot.exited).code).toBe(3);
    expect(bot.stderr()).toMatch(/actions\.0\.\w+/);
  });

  it('warns loudly that auth is off, binds to 127.0.0.1, and stops cleanly on SIGTERM with the store flushed', async (test) => {
    const dir = await tempDir(test);
    const connector = await new FakeConnector().start();
    try {
      const bot = startChildBot({ DATA_DIR: dir, FIXED_NOW: '2020-11-20T12:00:00Z' }, test);
      const url = await bot.ready;
      expect(url).toContain('127.0.0.1');
      // Written to stderr just before "listening" goes to stdout: the two streams arrive in either
      // order, so wait for the warning on its own stream.
      await bot.waitFor('stderr', /\*\*\* INBOUND AUTHENTICATION IS OFF: MicrosoftAppId is not set/);
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message', id: 'm1', channelId: 'msteams', serviceUrl: connector.url, text: 'status of 2.2',
          from: { id: '29:x', name: 'X' }, recipient: { id: '28:bot' }, conversation: { id: 'a:1', conversationType: 'personal' },
        }),
      });
      expect(response.status).toBe(200);
      expect(connector.messages()).toHaveLength(1);
      expect(await bot.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      const stored = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8'));
      expect(stored.actions.length).toBeGreaterThan(100); // the whole demo dataset reached the disk
    } finally {
      await connector.stop();
    }
  });
});
