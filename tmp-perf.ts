import { generateStore } from './bench/generate.js';
import { offlineRouter } from './src/offline.js';
import { MemoryStore } from './src/store/memory-store.js';
import { rolesOf } from './src/domain/roles.js';
const data = generateStore(10000, 2000);
const store = new MemoryStore(data);
const now = new Date('2020-11-20T12:00:00Z');
const router = offlineRouter(store, { clock: () => now });
const snapshot = await store.snapshot();
const qs = ['status of 3.45', 'hows the risk register one coming along', 'what has slipped', 'what is Sam Jones delivering', 'who leads the asset valuations one', 'whats due w/c 7 Dec', 'is the digital inclusion plan on track?', 'any news re 5.9?'];
let t = performance.now();
router.understanding.read(qs[1], snapshot, now);
console.log('first read (indexes)', Math.round(performance.now() - t), 'ms');
const times: number[] = [];
for (let r = 0; r < 20; r++) for (const q of qs) { const s = performance.now(); router.understanding.read(q, snapshot, now); times.push(performance.now() - s); }
times.sort((a, b) => a - b);
console.log('understanding p50', times[Math.floor(times.length * 0.5)].toFixed(2), 'p95', times[Math.floor(times.length * 0.95)].toFixed(2), 'ms');
const per: Record<string, number> = {};
for (const q of qs) { const s = performance.now(); for (let i = 0; i < 10; i++) router.understanding.read(q, snapshot, now); per[q] = (performance.now() - s) / 10; }
console.log(per);
