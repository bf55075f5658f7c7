/**
 * A disk that can be filled up, for full-disk tests: a real tmpfs of a few megabytes where the
 * machine allows mounting one (root in a sandbox), else the real file system with ENOSPC injected
 * into the store's writes (the same error a full disk gives, from the same calls).
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StoreFileSystem } from '../../src/store/store-fs.js';

const run = promisify(execFile);

export interface SmallDisk {
  kind: 'tmpfs' | 'injected ENOSPC';
  /** A data folder on the disk. */
  dataDir: string;
  /** What the store must use to see the injected failures (undefined for tmpfs: the real thing). */
  fs?: StoreFileSystem;
  /** Uses up every free byte. */
  fill(): Promise<void>;
  /** Frees the space fill() took. */
  free(): Promise<void>;
  /** Unmounts and removes everything. */
  dispose(): Promise<void>;
}

/** Whether this machine lets a test mount a tmpfs (root in a sandbox: yes; most CI containers: no). */
export async function canMountTmpfs(): Promise<boolean> {
  const disk = await smallDisk({ sizeBytes: 64 * 1024 });
  await disk.dispose();
  return disk.kind === 'tmpfs';
}

export async function smallDisk(options: { sizeBytes?: number; injected?: boolean } = {}): Promise<SmallDisk> {
  const sizeBytes = options.sizeBytes ?? 4 * 1024 * 1024;
  if (options.injected) return injectedDisk();
  const mountPoint = await mkdtemp(path.join(tmpdir(), 'council-bot-small-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', mountPoint]);
  } catch {
    await rm(mountPoint, { recursive: true, force: true });
    return injectedDisk();
  }
  const filler = path.join(mountPoint, 'filler');
  return {
    kind: 'tmpfs',
    dataDir: path.join(mountPoint, 'data'),
    async fill() {
      const handle = await fs.open(filler, 'a');
      try {
        // Big chunks first, then smaller ones, until not even one byte fits.
        for (const chunk of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
          const buffer = Buffer.alloc(chunk, 0x2e);
          for (;;) {
            try {
              await handle.write(buffer);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw error;
            }
          }
        }
      } finally {
        await handle.close();
      }
    },
    async free() {
      await rm(filler, { force: true });
    },
    async dispose() {
      await run('umount', [mountPoint]).catch(async () => run('umount', ['-l', mountPoint]));
      await rm(mountPoint, { recursive: true, force: true });
    },
  };
}

/** ENOSPC from every write of file content while "full", as a full disk answers. */
async function injectedDisk(): Promise<SmallDisk> {
  const dir = await mkdtemp(path.join(tmpdir(), 'council-bot-enospc-'));
  let full = false;
  const noSpace = (call: string) => Object.assign(new Error(`ENOSPC: no space left on device, ${call}`), { code: 'ENOSPC', errno: -28, syscall: call });
  const failing: StoreFileSystem = {
    ...fs,
    async open(file, flags, mode) {
      const handle = await fs.open(file, flags, mode);
      const writeFile = handle.writeFile.bind(handle);
      const write = handle.write.bind(handle) as (...args: unknown[]) => Promise<unknown>;
      return Object.assign(handle, {
        writeFile: async (...args: Parameters<typeof writeFile>) => {
          if (full) throw noSpace('write');
          return writeFile(...args);
        },
        write: async (...args: unknown[]) => {
          if (full) throw noSpace('write');
          return write(...args);
        },
      });
    },
  };
  return {
    kind: 'injected ENOSPC',
    dataDir: path.join(dir, 'data'),
    fs: failing,
    async fill() {
      full = true;
    },
    async free() {
      full = false;
    },
    async dispose() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
