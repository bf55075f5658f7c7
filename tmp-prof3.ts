import { readFileSync } from 'node:fs';
import { StoreData } from './src/domain/model.js';
import { offlineRouter } from './src/offline.js';
import { MemoryStore } from './src/store/memory-store.js';
const store = new MemoryStore(StoreData.parse(JSON.parse(readFileSync('data/demo/demo-data.json', 'utf8'))));
const now = new Date('2020-11-20T12:00:00Z');
const router = offlineRouter(store, { clock: () => now });
const snapshot = await store.snapshot();
const qs = ['which governance actions are outstanding?', 'hows the risk register one coming along', 'what has slipped in the CIP', 'is the scrutiny training on track', 'whats due w/c 7 Dec', 'who chairs the committee', 'when does call-in end for the social media decision', 'Pub is the Hub is on track, 12 pubs signed up', 'what is Tilly Flanagan delivering', 'how many CIP actions are complete'];
for (const q of qs) router.understanding.read(q, snapshot, now);
const per: Array<[string, number]> = [];
for (const q of qs) { let best = Infinity; for (let b = 0; b < 8; b++) { const s = performance.now(); for (let i = 0; i < 10; i++) router.understanding.read(q, snapshot, now); best = Math.min(best, (performance.now() - s) / 10); } per.push([q, best]); }
console.log(per.map(([q, t]) => `${t.toFixed(2)}ms  ${q}`).join('\n'));
