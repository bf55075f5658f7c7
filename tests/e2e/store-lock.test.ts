/**
 * One writer per data folder, across processes and hosts: while the bot's process holds the store
 * (as host "app-1"), a second process claiming to be another host ("app-2") on the same shared folder
 * is refused with who holds it, and writes nothing; once the first lets go, the second opens it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { TempDirs, council } from '../helpers/store-kit.js';

const run = promisify(execFile);
const dirs = new TempDirs();
afterEach(() => dirs.removeAll());

async function secondHost(dataDir: string, councilId: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsx = projectPath('node_modules', '.bin', 'tsx');
  return run(tsx, [projectPath('tests', 'helpers', 'open-store-process.ts'), dataDir, 'app-2', councilId], { cwd: projectPath() }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('the data folder lock across hosts', () => {
  it('a process on another host is refused while the store is held, naming host, pid and since, and writes nothing', { timeout: 60_000 }, async () => {
    const dataDir = await dirs.make();
    const holder = await LowdbStore.open(dataDir, { lock: { host: 'app-1' } });
    try {
      await holder.transact('first-host-write', (tx) => tx.put('councils', council('from-app-1')));
      const refused = await secondHost(dataDir, 'from-app-2');
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(new RegExp(`it is already open in process ${process.pid} on host app-1 since \\d{4}-\\d\\d-\\d\\dT`));
      expect((await holder.snapshot()).data.councils.map((c) => c.id)).toEqual(['from-app-1']);
    } finally {
      await holder.close();
    }
    const opened = await secondHost(dataDir, 'from-app-2');
    expect(opened).toMatchObject({ code: 0, stdout: 'opened\n' });
    const reopened = await LowdbStore.open(dataDir);
    expect((await reopened.snapshot()).data.councils.map((c) => c.id)).toEqual(['from-app-1', 'from-app-2']);
    await reopened.close();
  });
});
