/**
 * An append-only JSON-lines file holding one ever-growing collection of the store (the audit log,
 * the proactive send log), so that the part of the data that only grows is never rewritten.
 *
 * A group commit appends at most one line to each log it touches, and fsyncs it before the commit
 * counts:
 *
 *   {"commit":12,"with":["store"],"put":[{...},{...}],"delete":["id"]}
 *
 * `commit` is the store-wide commit number. `with` names the other parts the same commit wrote
 * ("store" for store.json, or another log), so that start-up can tell a commit that reached every
 * file from one cut short by a crash (see store-files.ts). Records are put (inserted or replaced by
 * id) and deleted in the order of the lines.
 */
import { z } from 'zod';
import type { RecordJsonCache } from './write-validation.js';
import type { StoreFileSystem } from './store-fs.js';

export const LogLine = z.object({
  commit: z.number().int().min(1),
  with: z.array(z.string()).default([]),
  put: z.array(z.unknown()).default([]),
  delete: z.array(z.string()).default([]),
});
export type LogLine = z.infer<typeof LogLine>;

/** One complete line of a log file and where it lies (byte offsets, end after its newline). */
export interface StoredLine {
  line: LogLine;
  number: number;
  start: number;
  end: number;
}

export interface LogFileContent {
  lines: StoredLine[];
  /** Bytes after the last complete line that are not one: a write cut short by a crash. */
  tornTail?: { start: number; bytes: number; lineNumber: number };
  size: number;
}

/** A log line that is not the last one cannot be read: the file is damaged, not just cut short. */
export class LogFileDamagedError extends Error {
  constructor(
    readonly lineNumber: number,
    readonly problem: string,
  ) {
    super(`line ${lineNumber} ${problem}`);
    this.name = 'LogFileDamagedError';
  }
}

/**
 * Reads a log file; undefined when there is none. A last line that is incomplete (no newline) or
 * does not parse is reported as the torn tail: it is the end of a write that never completed, so it
 * was never acknowledged. Any other line that does not parse makes the file damaged.
 */
export async function readLogFile(fs: StoreFileSystem, file: string): Promise<LogFileContent | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const lines: StoredLine[] = [];
  let start = 0;
  let number = 0;
  while (start < bytes.length) {
    number += 1;
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline + 1;
    const text = bytes.subarray(start, newline === -1 ? bytes.length : newline).toString('utf8');
    const isLast = end >= bytes.length;
    let json: unknown;
    let parsed = false;
    if (newline !== -1) {
      try {
        json = JSON.parse(text);
        parsed = true;
      } catch {
        // handled below
      }
    }
    if (!parsed) {
      if (isLast) return { lines, tornTail: { start, bytes: bytes.length - start, lineNumber: number }, size: bytes.length };
      throw new LogFileDamagedError(number, 'is not valid JSON');
    }
    const line = LogLine.safeParse(json);
    if (!line.success) {
      const issue = line.error.issues[0]!;
      throw new LogFileDamagedError(number, `is not a log line (at ${issue.path.join('.') || '(line)'}: ${issue.message})`);
    }
    lines.push({ line: line.data, number, start, end });
    start = end;
  }
  return { lines, size: bytes.length };
}

/** The text of one log line (newline included), from records' cached JSON texts. */
export function logLineText(commit: number, withParts: readonly string[], changes: ReadonlyMap<string, unknown>, json: RecordJsonCache): string {
  const put: string[] = [];
  const deleted: string[] = [];
  for (const [id, record] of changes) {
    if (record === undefined) deleted.push(JSON.stringify(id));
    else put.push(json.of(record));
  }
  return `{"commit":${commit},"with":${JSON.stringify(withParts)},"put":[${put.join(',')}],"delete":[${deleted.join(',')}]}\n`;
}

type FileHandle = Awaited<ReturnType<StoreFileSystem['open']>>;

/**
 * Appends lines to one log file. Tracks the length of the file's committed content: bytes a failed
 * append may have left behind are cut off before the next append, so a line that was not committed
 * never sits in front of one that was.
 */
export class AppendLogWriter {
  /** Set when bytes past `size` may be on disk (an append or a take-back failed half-way). */
  private dirty = false;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private committedSize: number,
  ) {}

  /** Opens (creating) the file for appending, cutting off anything after `validSize` (a torn tail). */
  static async open(fs: StoreFileSystem, file: string, validSize: number): Promise<AppendLogWriter> {
    const handle = await fs.open(file, 'a');
    try {
      const { size } = await handle.stat();
      if (size > validSize) {
        await handle.truncate(validSize);
        await handle.datasync();
      }
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    return new AppendLogWriter(file, handle, validSize);
  }

  /** Length of the committed content in bytes. */
  get size(): number {
    return this.committedSize;
  }

  /** Appends `text` and fsyncs it; resolves only when it is on disk. */
  async append(text: string): Promise<void> {
    if (this.dirty) await this.cutTo(this.committedSize);
    this.dirty = true;
    await this.handle.writeFile(text);
    await this.handle.datasync();
    this.committedSize += Buffer.byteLength(text);
    this.dirty = false;
  }

  /** Takes back everything after `size`: the rest of its commit failed, so those lines never counted. */
  async takeBack(size: number): Promise<void> {
    this.committedSize = size;
    this.dirty = true;
    await this.cutTo(size);
  }

  private async cutTo(size: number): Promise<void> {
    await this.handle.truncate(size);
    await this.handle.datasync();
    this.dirty = false;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
