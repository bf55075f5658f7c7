/**
 * The bot and the Microsoft 365 Agents Playground, started together on this machine: the real app
 * (createApp, the same code `npm start` runs, auth off, 127.0.0.1) on the demo data, and the
 * Playground (a Teams-like web client with Teams' Adaptive Card renderer and a mocked connector
 * service) pointed at it with channel `msteams`. Used by `npm run playground` and the browser test.
 *
 * Nothing here changes how the bot behaves: the Playground posts the same activities Teams does and
 * answers the same connector calls (replies, card updates, TeamsInfo.getMember), so whatever works
 * here goes through the code paths real Teams uses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Person } from '../../src/domain/model.js';
import { createLogger, type Logger } from '../../src/log.js';
import { projectPath } from '../../src/paths.js';
import { DEFAULT_PERSON_ID, DEFAULT_PLAYGROUND_PORT } from './defaults.js';
import { playgroundConfig } from './playground-config.js';

export { DEFAULT_PERSON_ID, DEFAULT_PLAYGROUND_PORT } from './defaults.js';

export interface PlaygroundStackOptions {
  /** Demo person to chat as (a Person id, e.g. "heather-greenan"). Default: tilly-flanagan. */
  as?: string;
  /** Keep the bot's data here. Default: a fresh temporary folder, deleted on stop. */
  dataDir?: string;
  /** Port for the Playground page. Default 56150, or any free port if that is taken; 0: any free port. */
  playgroundPort?: number;
  /** Port for the bot. Default: PORT from the environment, else any free port. */
  botPort?: number;
  /** Environment the bot's configuration is read from (FIXED_NOW, LOG_LEVEL, ...). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Use this Playground YAML file instead of the one generated for `as`. */
  playgroundConfigFile?: string;
  /** How long to wait for the Playground to start listening. */
  startTimeoutMs?: number;
  log?: Logger;
}

export interface PlaygroundStack {
  /** The page to open. */
  playgroundUrl: string;
  /** The bot's base URL (its endpoint is `${botUrl}/api/messages`). */
  botUrl: string;
  /** Who the Playground user is (undefined when a custom Playground file is used). */
  person?: Person;
  dataDir: string;
  /** Where the Playground writes its own log (useful when it stops unexpectedly). */
  playgroundLogFile: string;
  app: App;
  /** Resolves when the Playground process exits, with its exit code. */
  playgroundExited: Promise<number | null>;
  /** Stops the Playground and the bot, and deletes the temporary folders. Safe to call twice. */
  stop(): Promise<void>;
}

/** Variables that would turn inbound auth on: the Playground posts unsigned activities. */
const AUTH_VARIABLES = ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId'];

export async function startPlaygroundStack(options: PlaygroundStackOptions = {}): Promise<PlaygroundStack> {
  const env = options.env ?? process.env;
  const runDir = await mkdtemp(path.join(tmpdir(), 'council-playground-'));
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : path.join(runDir, 'data');
  await mkdir(dataDir, { recursive: true });

  const botEnv: Record<string, string | undefined> = {
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    ...env,
    PORT: String(options.botPort ?? (env.PORT ? Number(env.PORT) : 0)),
    DATA_DIR: dataDir,
    DEMO_DATA: 'true',
  };
  for (const name of AUTH_VARIABLES) delete botEnv[name];
  const config = loadConfig(botEnv);
  const log = options.log ?? createLogger(config.LOG_LEVEL);

  let app: App | undefined;
  let child: ChildProcess | undefined;
  const cleanUp = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const exited = once(child, 'exit');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await app?.stop();
    await rm(runDir, { recursive: true, force: true });
  };

  try {
    app = await createApp({ config, log });
    const snapshot = await app.store.snapshot();
    let person: Person | undefined;
    let configFile = options.playgroundConfigFile ? path.resolve(options.playgroundConfigFile) : undefined;
    if (!configFile) {
      const personId = options.as ?? DEFAULT_PERSON_ID;
      person = snapshot.person(personId);
      if (!person) {
        const examples = snapshot.people.filter((p) => p.email).slice(0, 5).map((p) => p.id).join(', ');
        throw new Error(`No person "${personId}" in the bot's data. Use a person id such as ${examples}.`);
      }
      configFile = path.join(runDir, 'm365agentsplayground.yml');
      await writeFile(configFile, `${JSON.stringify(playgroundConfig(person, snapshot.people), null, 2)}\n`);
    }

    const port = await choosePort(options.playgroundPort ?? DEFAULT_PLAYGROUND_PORT);
    const playgroundUrl = `http://127.0.0.1:${port}`;
    const playgroundLogFile = path.join(runDir, 'playground.log');
    child = spawn(
      process.execPath,
      [
        projectPath('scripts', 'playground', 'playground-child.cjs'),
        '--port', String(port),
        '--app-endpoint', `${app.server.url}/api/messages`,
        '--channel-id', 'msteams',
        // Where the bot sends replies: the Playground's mocked connector. Its default says
        // "localhost", which may resolve to ::1 while it listens on 127.0.0.1 only.
        '--service-url', `${playgroundUrl}/_connector`,
      ],
      {
        cwd: runDir,
        env: {
          ...process.env,
          TEAMSAPPTESTER_BROWSER: 'none',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
          M365_AGENTS_PLAYGROUND_LOGFILE: playgroundLogFile,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const playgroundExited = once(child, 'exit').then(([code]) => code as number | null);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    await waitForListening(child, port, options.startTimeoutMs ?? 30_000, async () => {
      const logTail = await readFile(playgroundLogFile, 'utf8').catch(() => '');
      return `${stderr}\n${logTail.split('\n').slice(-20).join('\n')}`.trim();
    });

    let stopped: Promise<void> | undefined;
    return {
      playgroundUrl,
      botUrl: app.server.url,
      person,
      dataDir,
      playgroundLogFile,
      app,
      playgroundExited,
      stop: () => (stopped ??= cleanUp()),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** The preferred port if it is free on loopback, otherwise (or for 0) any free port. */
async function choosePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => {
        const { port: bound } = server.address() as net.AddressInfo;
        server.close(() => resolve(bound));
      });
    });
  return (preferred > 0 ? await tryListen(preferred) : undefined) ?? (await tryListen(0))!;
}

async function waitForListening(child: ChildProcess, port: number, timeoutMs: number, diagnostics: () => Promise<string>): Promise<void> {
  let output = '';
  const listening = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (\d+)/.exec(output);
      if (!match) return;
      if (Number(match[1]) === port) resolve();
      else reject(new Error(`the Agents Playground listened on port ${match[1]} instead of ${port}`));
    });
    child.once('exit', (code) => reject(new Error(`the Agents Playground stopped while starting (exit code ${code})`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the Agents Playground did not start within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([listening, timeout]);
  } catch (error) {
    const details = await diagnostics();
    throw new Error(`${(error as Error).message}${details ? `:\n${details}` : ''}`);
  } finally {
    clearTimeout(timer);
  }
}
