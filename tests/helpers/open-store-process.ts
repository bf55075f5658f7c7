/**
 * A second process that tries to open a data folder, as if on another host:
 *   tsx tests/helpers/open-store-process.ts <dataDir> <host name> [council id to write]
 * Exits 0 after opening (and writing the council, if given), 3 when the store is locked (its
 * message on stderr), 1 on anything else.
 */
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { StoreLockedError } from '../../src/store/store.js';
import { council } from './store-kit.js';

const [dataDir, host, councilId] = process.argv.slice(2);
try {
  const store = await LowdbStore.open(dataDir!, { lock: { host } });
  if (councilId) await store.transact('second-host-write', (tx) => tx.put('councils', council(councilId)));
  await store.close();
  process.stdout.write('opened\n');
  process.exit(0);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(error instanceof StoreLockedError ? 3 : 1);
}
