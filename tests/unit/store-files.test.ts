/**
 * The store's files from other versions: a store from a newer build is refused, untouched.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/domain/model.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { TempDirs } from '../helpers/store-kit.js';

const dirs = new TempDirs();
afterEach(() => dirs.removeAll());

describe('stores written by another version', () => {
  it('a store from a newer version is refused with a clear message, and left untouched', async () => {
    const dir = await dirs.make();
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, commitSeq: 3, councils: [{ id: 'c-1', name: 'Newer', priority: 'high' }] });
    await writeFile(path.join(dir, 'store.json'), text);
    const failure = LowdbStore.open(dir, { lock: { refreshMs: 0 } });
    await expect(failure).rejects.toThrow(
      `it was written by a newer version of the bot (data schema version ${SCHEMA_VERSION + 1}; this version reads up to ${SCHEMA_VERSION}), and would lose what it does not know on its first write`,
    );
    expect(await readFile(path.join(dir, 'store.json'), 'utf8')).toBe(text);
  });
});
