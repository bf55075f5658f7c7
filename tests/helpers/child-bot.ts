/**
 * Runs the bot as a real child process (node + tsx on src/index.ts), for tests of start-up
 * failures, signals and crashes. Started through child-process.ts, so it is killed when the test
 * that started it finishes, whatever happens.
 */
import { baseEnv, spawnTsx, type Child, type SpawnOptions } from './child-process.js';

export interface ChildBot extends Child {
  /** Resolves with the base URL once the bot's stdout says it is listening; rejects if it exits first. */
  ready: Promise<string>;
}

/**
 * The bot on PORT 0 with the scheduler off, plus `env`; nothing else from the test runner's
 * environment. In a concurrent test, pass the test's context.
 */
export function startChildBot(env: Record<string, string>, test?: SpawnOptions['test']): ChildBot {
  const child = spawnTsx('src/index.ts', [], { env: baseEnv({ LOG_LEVEL: 'warn', PORT: '0', SCHEDULER_ENABLED: 'false', ...env }), test });
  const ready = child.waitFor('stdout', /listening on (http:\/\/[^/\s]+)\/api\/messages/).then((match) => match[1]!);
  ready.catch(() => undefined);
  return Object.assign(child, { ready });
}
