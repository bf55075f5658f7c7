/**
 * Loads the bundled demo dataset (data/demo/demo-data.json) into an empty store, so that
 * `npm ci && npm start` gives a working bot with no other set-up. A store that already holds
 * plans or committees is never touched.
 */
import { readFile } from 'node:fs/promises';
import { StoreData } from '../domain/model.js';
import { projectPath } from '../paths.js';
import type { CollectionName, Store } from './store.js';

export const DEMO_DATA_FILE = projectPath('data', 'demo', 'demo-data.json');

export async function readDemoData(file = DEMO_DATA_FILE): Promise<StoreData> {
  const parsed = StoreData.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`demo dataset ${file} is invalid at ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** Returns true when the demo data was loaded. */
export async function loadDemoIfEmpty(store: Store, file = DEMO_DATA_FILE): Promise<boolean> {
  const snapshot = await store.snapshot();
  if (snapshot.plans.length > 0 || snapshot.committees.length > 0) return false;
  const demo = await readDemoData(file);
  await store.transact('load-demo-data', (tx) => {
    for (const [key, value] of Object.entries(demo)) {
      if (key === 'schemaVersion' || key === 'ext' || key === 'identityLinks' || !Array.isArray(value)) continue;
      tx.replaceAll(key as CollectionName, value as never[]);
    }
    for (const link of demo.identityLinks) tx.linkIdentity(link);
    for (const [collection, records] of Object.entries(demo.ext)) for (const r of records) tx.extPut(collection, r as { id: string });
  });
  return true;
}
