/**
 * Asks the bot questions from the command line, on the demo data in memory (nothing is written):
 *   npx tsx scripts/ask.ts "status of 2.2" "what has slipped?"
 * Options: --now 2020-11-20T12:00:00Z  --as tilly-flanagan  --channel
 */
import { fail, parseCommandLine, personOrFail } from './cli.js';

const spec = {
  command: 'npx tsx scripts/ask.ts',
  usage: `Usage: npx tsx scripts/ask.ts "<question>" ["<question>" ...] [--as <person id>] [--now <ISO instant>] [--channel]
Asks the bot on the demo data, in memory (nothing is written), and prints each answer as text.
  --as       ask as this demo person, e.g. tilly-flanagan (default: someone the data does not know)
  --now      the bot's clock (default 2020-11-20T12:00:00Z, when the demo data was current)
  --channel  ask in a channel instead of a personal chat (exempt items are never shown there)`,
  options: { now: { type: 'string' }, as: { type: 'string' }, channel: { type: 'boolean' } },
  positionals: Infinity,
} as const;

const { values, positionals: questions } = parseCommandLine(spec);
const now = new Date(values.now ?? '2020-11-20T12:00:00Z');
if (Number.isNaN(now.getTime())) fail(spec, `--now "${values.now}" is not a date: use an ISO 8601 instant such as 2020-11-20T12:00:00Z.`);
if (questions.length === 0) fail(spec, 'give at least one question, in quotes: "status of 2.2".');

const { readFileSync } = await import('node:fs');
const { StoreData } = await import('../src/domain/model.js');
const { rolesOf } = await import('../src/domain/roles.js');
const { offlineRouter } = await import('../src/offline.js');
const { projectPath } = await import('../src/paths.js');
const { MemoryStore } = await import('../src/store/memory-store.js');

const store = new MemoryStore(StoreData.parse(JSON.parse(readFileSync(projectPath('data', 'demo', 'demo-data.json'), 'utf8'))));
const router = offlineRouter(store, { clock: () => now });
const snapshot = await store.snapshot();
const person = values.as ? personOrFail(spec, '--as', values.as, snapshot.person(values.as) ?? snapshot.personByEmail(values.as), 'the demo data') : undefined;
for (const question of questions) {
  const { intent, reply } = await router.reply(question, {
    snapshot,
    now,
    asker: { person, displayName: person?.name ?? 'CLI user', roles: rolesOf(snapshot, { person }, []) },
    conversation: { kind: values.channel ? 'channel' : 'personal' },
    page: 1,
  });
  process.stdout.write(`\n>>> ${question}   [${intent}]\n${reply.text}\n`);
}
