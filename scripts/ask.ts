/**
 * Asks the bot questions from the command line, on the demo data in memory (nothing is written):
 *   npx tsx scripts/ask.ts "status of 2.2" "what has slipped?"
 * Options: --now 2020-11-20T12:00:00Z  --as tilly-flanagan  --channel
 */
import { readFileSync } from 'node:fs';
import { StoreData } from '../src/domain/model.js';
import { rolesOf } from '../src/domain/roles.js';
import { offlineRouter } from '../src/offline.js';
import { projectPath } from '../src/paths.js';
import { MemoryStore } from '../src/store/memory-store.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const now = new Date(option('now') ?? '2020-11-20T12:00:00Z');
const as = option('as');
const channel = args.includes('--channel') ? (args.splice(args.indexOf('--channel'), 1), true) : false;
const store = new MemoryStore(StoreData.parse(JSON.parse(readFileSync(projectPath('data', 'demo', 'demo-data.json'), 'utf8'))));
const router = offlineRouter(store, { clock: () => now });
const snapshot = await store.snapshot();
const person = as ? snapshot.person(as) : undefined;
for (const question of args) {
  const { intent, reply } = await router.reply(question, {
    snapshot,
    now,
    asker: { person, displayName: person?.name ?? 'CLI user', roles: rolesOf(snapshot, { person }, []) },
    conversation: { kind: channel ? 'channel' : 'personal' },
    page: 1,
  });
  process.stdout.write(`\n>>> ${question}   [${intent}]\n${reply.text}\n`);
}
