/** The Store contract on LowdbStore, the embedded default: a data file in a temporary folder per test. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import { storeContract } from './contract.js';

const folders: string[] = [];

storeContract('LowdbStore', {
  open: async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'store-contract-'));
    folders.push(folder);
    return LowdbStore.open(folder);
  },
  reopen: async (store: Store) => {
    await store.close();
    return LowdbStore.open(path.dirname((store as LowdbStore).file));
  },
  cleanUp: async () => {
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  },
});
