import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startChildBot } from '../helpers/child-bot.js';
import { CHILD_TEST_TIMEOUT } from '../helpers/child-process.js';

describe('the bot process', { timeout: CHILD_TEST_TIMEOUT }, () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'council-bot-proc-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('refuses to start on a bad setting, naming the variable, the value and what is allowed', async () => {
    const bot = startChildBot({ DATA_DIR: await tempDir(), MicrosoftAppType: 'Sometimes' });
    expect((await bot.exited).code).toBe(2);
    const lines = bot.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('MicrosoftAppType="Sometimes"');
    expect(lines[0]).toContain('SingleTenant');
  });

  it('refuses to start on a corrupt data file, names it, and leaves it untouched', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'store.json');
    await writeFile(file, '{"actions": [ {"id": "half-written"');
    const bot = startChildBot({ DATA_DIR: dir });
    expect((await bot.exited).code).toBe(3);
    expect(bot.stderr()).toContain(file);
    expect(bot.stderr()).toContain('not valid JSON');
    expect(await readFile(file, 'utf8')).toBe('{"actions": [ {"id": "half-written"');
  });

  it('refuses a data file of the wrong shape, naming the field', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), JSON.stringify({ actions: [{ id: 'x' }] }));
    const bot = startChildBot({ DATA_DIR: dir });
    expect((await bot.exited).code).toBe(3);
    expect(bot.stderr()).toMatch(/actions\.0\.\w+/);
  });

  it('warns loudly that auth is off, binds to 127.0.0.1, and stops cleanly on SIGTERM with the store flushed', async () => {
    const dir = await tempDir();
    const connector = await new FakeConnector().start();
    try {
      const bot = startChildBot({ DATA_DIR: dir, FIXED_NOW: '2020-11-20T12:00:00Z' });
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
      expect(stored.actions).toHaveLength(68);
    } finally {
      await connector.stop();
    }
  });
});
