/**
 * Runs the bot as a real child process (node + tsx on src/index.ts), for tests of start-up
 * failures, signals and crashes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { projectPath } from '../../src/paths.js';

export interface ChildBot {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the URL once the bot says it is listening. */
  ready: Promise<string>;
  exited: Promise<number | null>;
}

export function startChildBot(env: Record<string, string>): ChildBot {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', projectPath('src', 'index.ts')], {
    cwd: projectPath(),
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', PORT: '0', SCHEDULER_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/[^/\s]+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk) => (err += chunk));
    void exited.then((code) => reject(new Error(`bot exited with ${code} before listening: ${err}`)));
  });
  ready.catch(() => undefined);
  return { process: child, stdout: () => out, stderr: () => err, ready, exited };
}
