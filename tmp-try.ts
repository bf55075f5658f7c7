import { readFileSync } from 'node:fs';
import { StoreData } from './src/domain/model.js';
import { rolesOf } from './src/domain/roles.js';
import { offlineRouter } from './src/offline.js';
import { MemoryStore } from './src/store/memory-store.js';
const store = new MemoryStore(StoreData.parse(JSON.parse(readFileSync('data/demo/demo-data.json', 'utf8'))));
const now = new Date('2020-11-20T12:00:00Z');
const t0 = performance.now();
const router = offlineRouter(store, { clock: () => now });
console.log('router built in', Math.round(performance.now() - t0), 'ms');
const snapshot = await store.snapshot();
const person = snapshot.person(process.env.AS ?? 'tilly-flanagan');
const questions = process.argv.slice(2);
for (const q of questions) {
  const ctx = { snapshot, now, asker: { person, displayName: person?.name ?? 'x', roles: rolesOf(snapshot, { person }, []) }, conversation: { kind: 'personal' as const, id: 'c1' }, page: 1 };
  const r = await router.reply(q, ctx);
  const reading = router.understanding.read(q, snapshot, now);
  console.log(`\n>>> ${q}  [${r.intent}]  shape=${reading.shape.join(' ')}  top=${reading.readings.slice(0,3).map(x=>x.kind+':'+x.probability.toFixed(2)).join(', ')}`);
  console.log(r.replies.map((x) => x.text.split('\n').slice(0, 4).join(' / ')).join('\n---\n'));
}
