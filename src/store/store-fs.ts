/**
 * The file-system operations the embedded store uses, as one typed dependency: production passes
 * node's fs.promises; tests can pass a wrapper that fails chosen calls (ENOSPC, EIO) where a real
 * full disk cannot be arranged.
 */
import { promises as nodeFs } from 'node:fs';

export type StoreFileSystem = Pick<typeof nodeFs, 'open' | 'readFile' | 'rename' | 'rm' | 'mkdir' | 'stat' | 'utimes'>;

export const nodeFileSystem: StoreFileSystem = nodeFs;

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
