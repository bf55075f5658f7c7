import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeConnector } from '../helpers/fake-connector.js';
import { startChildBot } from '../helpers/child-bot.js';

describe('the bot process', () => {
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
    expect(await bot.exited).toBe(2);
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
    expect(await bot.exited).toBe(3);
    expect(bot.stderr()).toContain(file);
    expect(bot.stderr()).toContain('not valid JSON');
    expect(await readFile(file, 'utf8')).toBe('{"actions": [ {"id": "half-written"');
  });

  it('refuses a data file of the wrong shape, naming the field', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'store.json'), JSON.stringify({ actions: [{ id: 'x' }] }));
    const bot = startChildBot({ DATA_DIR: dir });
    expect(await bot.exited).toBe(3);
    expect(bot.stderr()).toMatch(/actions\.0\.\w+/);
  });

  it('warns loudly that auth is off, binds to 127.0.0.1, and stops cleanly on SIGTERM with the store flushed', async () => {
    const dir = await tempDir();
    const connector = await new FakeConnector().start();
    const bot = startChildBot({ DATA_DIR: dir, FIXED_NOW: '2020-11-20T12:00:00Z' });
    const url = await bot.ready;
    expect(url).toContain('127.0.0.1');
    // stdout and stderr are two pipes: the "listening" line can arrive before the warning written just before it.
    for (const started = performance.now(); !bot.stderr().includes('INBOUND AUTHENTICATION IS OFF') && performance.now() - started < 5_000; ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(bot.stderr()).toContain('INBOUND AUTHENTICATION IS OFF');
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
    bot.process.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const stored = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8'));
    expect(stored.actions.length).toBeGreaterThan(100); // the whole demo dataset reached the disk
    await connector.stop();
  });
});
