/**
 * The file-system operations the embedded store uses, as one typed dependency: production passes
 * node's fs.promises; tests can pass a wrapper that fails chosen calls (ENOSPC, EIO) where a real
 * full disk cannot be arranged.
 */
import { promises as nodeFs } from 'node:fs';
import path from 'node:path';

export type StoreFileSystem = Pick<typeof nodeFs, 'open' | 'readFile' | 'rename' | 'rm' | 'mkdir' | 'stat' | 'utimes'>;

export const nodeFileSystem: StoreFileSystem = nodeFs;

/**
 * Replaces `file` with `text` so that a reader (or a crash) sees the old file or the new one, never a
 * mix: a temporary file in the same folder is written and fsync'd, then renamed over the file. On
 * failure the temporary file is removed (on a full disk it would hold the last free space) and the
 * old file is untouched.
 */
export async function writeFileAtomically(fs: StoreFileSystem, file: string, content: string | readonly Buffer[]): Promise<void> {
  const dir = path.dirname(file);
  const temporary = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  let handle: Awaited<ReturnType<StoreFileSystem['open']>> | undefined;
  try {
    handle = await fs.open(temporary, 'w');
    if (typeof content === 'string') await handle.writeFile(content);
    else for (const piece of content) await writeAll(handle, piece);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temporary, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
  // The rename is the commit point; making the folder entry durable is best effort, because some
  // network file systems (Azure Files over SMB) refuse to fsync a directory.
  await syncDirectory(fs, dir);
}

/** Writes all of `bytes` at the handle's position (a write may take fewer bytes than offered). */
async function writeAll(handle: Awaited<ReturnType<StoreFileSystem['open']>>, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

export async function syncDirectory(fs: StoreFileSystem, dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // See writeFileAtomically.
  }
}

/** Words for the file-system errors a person or an operator can act on. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'the bot is not allowed to write its data folder';
    case 'EIO':
      return 'the disk reported an input/output error';
    default:
      return (error as Error | undefined)?.message ?? String(error);
  }
}
