/**
 * Every child process a test starts goes through here, so none outlives its test:
 *
 * - started inside a test, it is killed (SIGKILL) and waited for when that test finishes, passed
 *   or failed or timed out (onTestFinished); started in a beforeAll, when the test file finishes;
 *   and if the test worker itself exits first, on its way out;
 * - output is waited for on the stream it is written to (`waitFor('stderr', /.../)`), never read
 *   "as soon as the other stream said something";
 * - `exited` resolves on 'close', after both streams have been read to the end, so what a child
 *   printed just before exiting is always there.
 *
 * Scripts run as `node --import tsx <file>`: one process, so killing it leaves nothing behind
 * (the tsx command line would put a second node process under it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, onTestFinished, type TestContext } from 'vitest';
import { projectPath } from '../../src/paths.js';

export type Stream = 'stdout' | 'stderr';

/**
 * The timeout for a test that starts node processes. Not a wait: a safety net against a hang.
 * Starting the bot with tsx takes a few seconds on a quiet machine; with `nice npm test` competing
 * against two CPU-bound processes on this 2-core one, the kill-and-restart test took 176 s.
 */
export const CHILD_TEST_TIMEOUT = 600_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  readonly process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Both streams closed and the process gone. Never rejects. */
  readonly exited: Promise<Exit>;
  /**
   * Resolves with the first match of `pattern` in everything written to `stream` so far; rejects,
   * with the output, if the process ends without writing it.
   */
  waitFor(stream: Stream, pattern: RegExp): Promise<RegExpExecArray>;
  /** Sends the signal (SIGKILL by default) unless it has already exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

export interface SpawnOptions {
  cwd?: string;
  /** The whole environment: nothing of the test runner's own leaks in unless passed here. */
  env: NodeJS.ProcessEnv;
  /**
   * The test's own context, in a concurrent test: vitest cannot tell concurrent tests apart
   * otherwise, and the child would be stopped when some other test finished.
   */
  test?: Pick<TestContext, 'onTestFinished'>;
}

const running = new Set<Child>();

function killAll(): Promise<unknown> {
  return Promise.all([...running].map((child) => child.stop('SIGKILL')));
}

// Children started outside a test (in a beforeAll) go when the file is done.
afterAll(killAll);
// Last resort: the worker is exiting (a crash, an unhandled error) while children still run.
process.once('exit', () => {
  for (const child of running) child.process.kill('SIGKILL');
});

/** Node's own environment for a child: PATH and HOME only, plus what the test gives. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_OPTIONS: '', ...extra };
}

export function spawnChild(command: string, args: readonly string[], options: SpawnOptions): Child {
  const proc = spawn(command, args, { cwd: options.cwd ?? projectPath(), env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const text: Record<Stream, string> = { stdout: '', stderr: '' };
  const waiters = new Set<() => void>();
  let closed = false;
  const exited = new Promise<Exit>((resolve) => {
    // 'error' (the command could not be started) is followed by 'close'.
    proc.once('error', (error) => (text.stderr += `\n[spawn error] ${error.message}\n`));
    proc.once('close', (code, signal) => {
      closed = true;
      for (const wake of waiters) wake();
      resolve({ code, signal });
    });
  });
  for (const stream of ['stdout', 'stderr'] as const) {
    proc[stream]!.setEncoding('utf8');
    proc[stream]!.on('data', (chunk: string) => {
      text[stream] += chunk;
      for (const wake of waiters) wake();
    });
  }

  const child: Child = {
    process: proc,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    exited,
    waitFor(stream, pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(text[stream]);
          if (match) {
            waiters.delete(check);
            resolve(match);
          } else if (closed) {
            waiters.delete(check);
            reject(new Error(`${describe(args)} ended (${JSON.stringify(proc.exitCode ?? proc.signalCode)}) without writing ${pattern} to ${stream}:\n--- stdout\n${text.stdout}\n--- stderr\n${text.stderr}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGKILL') {
      if (!closed && proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  try {
    (options.test?.onTestFinished ?? onTestFinished)(() => child.stop('SIGKILL').then(() => undefined));
  } catch {
    // Not inside a test: the file's afterAll above stops it.
  }
  return child;
}

function describe(args: readonly string[]): string {
  return args.filter((a) => !a.startsWith('--') && !a.startsWith('file:')).map((a) => a.replace(projectPath(), '.')).join(' ') || 'the child process';
}

/** tsx's loader by absolute URL, so a child may run in any folder (`--import tsx` resolves from the cwd). */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A TypeScript file of this project run by node with tsx: `node --import tsx <file> ...args`. */
export function spawnTsx(file: string, args: readonly string[], options: SpawnOptions): Child {
  return spawnChild(process.execPath, ['--import', TSX_LOADER, projectPath(file), ...args], options);
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command-line tool in scripts/ to the end. */
export async function runScript(file: string, args: readonly string[], options: Partial<SpawnOptions> = {}): Promise<Finished> {
  const child = spawnTsx(file, args, { cwd: options.cwd, env: options.env ?? baseEnv(), test: options.test });
  const { code } = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}
