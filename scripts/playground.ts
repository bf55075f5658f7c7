/**
 * Try the bot in a Teams-like client in your browser, with no Azure or Teams tenant:
 *
 *   npm run playground
 *   FIXED_NOW=2020-11-20T12:00:00Z npm run playground -- --as heather-greenan
 *
 * Starts the bot on the demo data (a fresh temporary store unless --data-dir is given; inbound auth
 * off, 127.0.0.1 only) and the Microsoft 365 Agents Playground pointed at it (channel msteams, bound
 * to 127.0.0.1), prints the address to open, and stops both on Ctrl-C.
 *
 * Options:
 *   --as <person-id>        chat as this demo person (default tilly-flanagan, a delivery lead)
 *   --data-dir <folder>     keep the bot's data in this folder between runs (not the one `npm start` uses while it runs)
 *   --port <n>              Playground port (default 56150, or a free one)
 *   --playground-config <file>  your own Playground YAML (users, team) instead of --as
 * Environment: the bot's usual variables (FIXED_NOW, LOG_LEVEL, ...); PORT sets the bot's port.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { fail, parseCommandLine } from './cli.js';
import { DEFAULT_PERSON_ID, DEFAULT_PLAYGROUND_PORT } from './playground/defaults.js';
import type { PlaygroundStack } from './playground/stack.js';

const Options = z.object({
  as: z.string().regex(/^[a-z0-9-]{1,100}$/, 'a person id such as tilly-flanagan').optional(),
  'data-dir': z.string().min(1).optional(),
  port: z.coerce.number().int().min(0).max(65535).optional(),
  'playground-config': z.string().min(1).optional(),
});

const spec = {
  command: 'npm run playground',
  usage: [
    'Usage: npm run playground -- [--as <person-id>] [--data-dir <folder>] [--port <n>] [--playground-config <file>]',
    `  --as                 the demo person you chat as (default ${DEFAULT_PERSON_ID})`,
    '  --data-dir           keep the bot data in this folder (default: a temporary folder, deleted on exit)',
    `  --port               the Playground page's port (default ${DEFAULT_PLAYGROUND_PORT})`,
    '  --playground-config  a Playground YAML file of your own (users, team, chats)',
    'Environment: FIXED_NOW=2020-11-20T12:00:00Z shows the demo data as it stood then; PORT sets the bot port.',
  ].join('\n'),
  options: {
    as: { type: 'string' },
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    'playground-config': { type: 'string' },
  },
} as const;

async function main(): Promise<void> {
  const parsed = Options.safeParse(parseCommandLine(spec).values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(spec, `--${issue.path.join('.')}: ${issue.message}`);
  }
  const options = parsed.data;
  const { startPlaygroundStack } = await import('./playground/stack.js');

  process.stdout.write('Starting the bot and the Microsoft 365 Agents Playground...\n');
  // Signals are handled from the start: a Ctrl-C while starting still stops both and cleans up.
  let stopping = false;
  const starting = startPlaygroundStack({
    as: options.as,
    dataDir: options['data-dir'],
    playgroundPort: options.port,
    playgroundConfigFile: options['playground-config'],
  });
  const stop = async (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${why}: stopping the Playground and the bot...\n`);
    try {
      await (await starting).stop();
    } catch {
      // Starting failed: it has already cleaned up after itself.
    } finally {
      process.exit(code);
    }
  };
  process.on('SIGINT', () => void stop('Ctrl-C', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));

  let stack: PlaygroundStack;
  try {
    stack = await starting;
  } catch (error) {
    if (stopping) return;
    throw error;
  }
  if (stopping) return;
  const now = stack.app.clock();
  process.stdout.write(
    [
      '',
      `  Open ${stack.playgroundUrl} in your browser.`,
      '',
      `  You are chatting as ${stack.person ? `${stack.person.name} <${stack.person.email}>` : 'the user in your Playground file'}` +
        `${options.as ? '' : ' (change with --as <person-id>)'}.`,
      `  The bot: ${stack.botUrl}/api/messages, data in ${options['data-dir'] ? stack.dataDir : 'a temporary folder (deleted on exit)'}.`,
      `  Its clock: ${stack.app.config.FIXED_NOW ? `fixed at ${now.toISOString()} (FIXED_NOW)` : 'real time (set FIXED_NOW=2020-11-20T12:00:00Z to see the demo data as it stood in November 2020)'}.`,
      '  Both listen on 127.0.0.1 only. Try: "status of 2.2", "my actions", "update <one of your actions>", "help".',
      '',
      '  Press Ctrl-C to stop both.',
      '',
    ].join('\n'),
  );

  void stack.playgroundExited.then(async (code) => {
    if (stopping) return;
    const log = await readFile(stack.playgroundLogFile, 'utf8').catch(() => '');
    process.stderr.write(`\nThe Playground's last log lines:\n${log.split('\n').slice(-15).join('\n')}\n`);
    await stop(`The Playground stopped unexpectedly (exit code ${code})`, 1);
  });
}

main().catch((error) => {
  process.stderr.write(`Could not start the playground: ${(error as Error).message}\n`);
  process.exit(1);
});
