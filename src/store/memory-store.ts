/**
 * A Store held only in memory: for unit tests, benchmarks and command-line tools that must not
 * touch the data file. Same transaction semantics as the lowdb store (writes validated with the
 * load's schemas), without the disk.
 */
import { StoreData, type StoreDataInput } from '../domain/model.js';
import { Snapshot } from '../domain/snapshot.js';
import { MemoryTransaction } from './memory-transaction.js';
import type { Store, StoreState, Transaction } from './store.js';
import { RecordJsonCache, validateTransactionWrites } from './write-validation.js';

export class MemoryStore implements Store {
  private data: StoreData;
  private generation = 1;
  private cached?: Snapshot;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly json = new RecordJsonCache();

  constructor(initial: StoreDataInput = {}) {
    this.data = StoreData.parse(initial);
  }

  async snapshot(): Promise<Snapshot> {
    if (!this.cached || this.cached.generation !== this.generation) this.cached = new Snapshot(this.data, this.generation);
    return this.cached;
  }

  transact<T>(_label: string, work: (tx: Transaction) => T): Promise<T> {
    const run = async () => {
      const next = { ...this.data };
      const tx = new MemoryTransaction(next);
      const result = work(tx);
      if (tx.touched) {
        validateTransactionWrites(tx, this.json);
        tx.commitInto(next);
        this.data = next;
        this.generation += 1;
      }
      return result;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  state(): StoreState {
    const counts: Record<string, number> = {};
    for (const [key, value] of Object.entries(this.data)) if (Array.isArray(value)) counts[key] = value.length;
    return { kind: 'memory', location: '(memory)', loaded: true, generation: this.generation, counts, pendingWrites: 0 };
  }

  async flush(): Promise<void> {
    await this.queue;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
