/**
 * The Store contract on PostgresStore, against the real PostgreSQL server (TEST_DATABASE_URL): a
 * database of its own per test, dropped afterwards. Reopening closes the store and opens a new
 * instance on the same database, which loads everything from the tables.
 */
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { storeContract } from './contract.js';
import { createTestDatabase, type TestDatabase } from './pg-test-database.js';

const databases: TestDatabase[] = [];
const databaseOf = new Map<Store, TestDatabase>();

storeContract('PostgresStore', {
  open: async () => {
    const database = await createTestDatabase('contract');
    databases.push(database);
    const store = await database.open();
    databaseOf.set(store, database);
    return store;
  },
  reopen: async (store: Store) => {
    await store.close();
    const database = databaseOf.get(store)!;
    const again: PostgresStore = await database.open();
    databaseOf.set(again, database);
    return again;
  },
  cleanUp: async () => {
    for (const database of databases.splice(0)) await database.drop();
  },
});
