/** The Store contract on MemoryStore (tests, benchmarks, tools); "reopening" starts a new one on the data it held. */
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { storeContract } from './contract.js';

storeContract('MemoryStore', {
  open: async () => new MemoryStore(),
  reopen: async (store: Store) => {
    const data = (await store.snapshot()).data;
    await store.close();
    return new MemoryStore(data);
  },
});
