/**
 * The real file system with failures on demand, for store tests that need one exact call to fail
 * (the audit log's fsync, the rename of store.json, the take-back of a line). The failures are the
 * errors node raises for real (code, errno, syscall), and every other call does real I/O.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { StoreFileSystem } from '../../src/store/store-fs.js';

export type FaultyCall = 'write' | 'datasync' | 'sync' | 'truncate' | 'rename' | 'utimes';

/** Decides, per call, whether it fails: return an errno code ('ENOSPC', 'EIO') or undefined. */
export type FaultRule = (call: FaultyCall, file: string) => string | undefined;

export interface FaultyFs {
  fs: StoreFileSystem;
  /** Calls made so far, as "call basename". */
  calls: string[];
  fail(rule: FaultRule | undefined): void;
}

const ERRNO: Record<string, number> = { ENOSPC: -28, EIO: -5, EROFS: -30 };

export function faultyFs(): FaultyFs {
  let rule: FaultRule | undefined;
  const calls: string[] = [];
  const check = (call: FaultyCall, file: string) => {
    calls.push(`${call} ${path.basename(file)}`);
    const code = rule?.(call, file);
    if (code) throw Object.assign(new Error(`${code}: simulated failure, ${call} '${file}'`), { code, errno: ERRNO[code] ?? -1, syscall: call, path: file });
  };
  const wrapped: StoreFileSystem = {
    ...fs,
    async rename(from, to) {
      check('rename', String(to));
      await fs.rename(from, to);
      calls.push(`renamed ${path.basename(String(to))}`);
    },
    async utimes(file, atime, mtime) {
      check('utimes', String(file));
      return fs.utimes(file, atime, mtime);
    },
    async open(file, flags, mode) {
      const handle = await fs.open(file, flags, mode);
      const name = String(file);
      const original = {
        write: handle.write.bind(handle),
        writeFile: handle.writeFile.bind(handle),
        datasync: handle.datasync.bind(handle),
        sync: handle.sync.bind(handle),
        truncate: handle.truncate.bind(handle),
      };
      return Object.assign(handle, {
        writeFile: async (...args: Parameters<typeof original.writeFile>) => {
          try {
            check('write', name);
          } catch (error) {
            // A full disk takes what fits before it refuses: half the text reaches the file.
            const [data] = args;
            if (typeof data === 'string') await original.writeFile(data.slice(0, Math.floor(data.length / 2)));
            throw error;
          }
          return original.writeFile(...args);
        },
        write: async (...args: unknown[]) => {
          check('write', name);
          return (original.write as (...a: unknown[]) => Promise<unknown>)(...args);
        },
        datasync: async () => {
          check('datasync', name);
          return original.datasync();
        },
        sync: async () => {
          check('sync', name);
          return original.sync();
        },
        truncate: async (length?: number) => {
          check('truncate', name);
          return original.truncate(length);
        },
      });
    },
  };
  return {
    fs: wrapped,
    calls,
    fail(next) {
      rule = next;
    },
  };
}
