/**
 * The embedded store's files in DATA_DIR and how they are read back:
 *
 * - `store.json`: StoreData without the append-only collections, plus `commitSeq` (the last commit
 *   it includes) and `logSeq` (for each log, the last commit that had appended to it by then);
 *   rewritten atomically (temporary file, fsync, rename) by each commit that changes it.
 * - `audit.jsonl`, `proactive-send-log.jsonl`: the audit log and the proactive send log, appended to
 *   (append-log.ts), never rewritten.
 *
 * A commit appends to the logs first and writes store.json last, so after a crash only the last
 * commit can be incomplete: its lines are the last line of their files and some part it names in
 * `with` lacks it. Such a commit was never acknowledged, and start-up drops its lines. Anything else
 * that does not fit (a damaged line in the middle, a log missing commits that store.json counts on,
 * a record the schema refuses) stops start-up naming the file and the problem; nothing is changed.
 */
import path from 'node:path';
import { SCHEMA_VERSION, StoreData } from '../domain/model.js';
import { LogFileDamagedError, readLogFile, type LogFileContent, type StoredLine } from './append-log.js';
import { nodeFileSystem, type StoreFileSystem } from './store-fs.js';
import { RecordRejectedError, StoreLoadError } from './store.js';
import { checkRecord, RecordJsonCache, schemaOf } from './write-validation.js';

export const DATA_FILE_NAME = 'store.json';

/** A collection kept in its own append-only file instead of store.json. */
export interface LogCollection {
  /** The part name used in log lines' `with` and in store.json's logSeq. */
  name: string;
  fileName: string;
  /** Where the records live in StoreData. */
  area: 'collection' | 'ext';
  collection: string;
}

/**
 * The collections that only grow: every write appends an audit entry, and every proactive message
 * leaves a send-log record. "proactive-send-log" is the proactive sender's ext collection name.
 */
export const LOG_COLLECTIONS: readonly LogCollection[] = [
  { name: 'audit', fileName: 'audit.jsonl', area: 'collection', collection: 'audit' },
  { name: 'proactive-send-log', fileName: 'proactive-send-log.jsonl', area: 'ext', collection: 'proactive-send-log' },
];

/** The part name of store.json in log lines' `with`. */
export const STORE_PART = 'store';

export function logCollectionOf(area: 'collection' | 'ext', collection: string): LogCollection | undefined {
  return LOG_COLLECTIONS.find((log) => log.area === area && log.collection === collection);
}

export function recordsOf(data: StoreData, log: LogCollection): readonly { id: string }[] {
  return (log.area === 'collection' ? data[log.collection as 'audit'] : (data.ext[log.collection] ?? [])) as { id: string }[];
}

/** `data` with the records of `log` replaced (a new object; `data` is not changed). */
export function withRecords(data: StoreData, log: LogCollection, records: readonly unknown[]): StoreData {
  if (log.area === 'collection') return { ...data, [log.collection]: records } as StoreData;
  const ext = { ...data.ext };
  if (records.length) ext[log.collection] = records as StoreData['ext'][string];
  else delete ext[log.collection];
  return { ...data, ext };
}

export interface StoreFileDocument {
  data: StoreData;
  commitSeq: number;
  logSeq: Record<string, number>;
}

/** Records per cached piece of store.json: small enough that one change re-encodes little. */
const RECORDS_PER_CHUNK = 256;

interface EncodedChunk {
  records: readonly unknown[];
  bytes: Buffer;
}

/**
 * store.json's bytes, one record per line, from the records' cached JSON texts. Each collection is
 * kept as encoded chunks of records; a chunk whose records are the same objects as last time is
 * reused, so a write re-encodes only the chunks that changed instead of the whole 6 MB file, and the
 * event loop stays free for the people waiting on it. The append-only collections are left out.
 */
export class StoreFileSerialiser {
  private readonly chunks = new Map<string, EncodedChunk[]>();

  constructor(private readonly json: RecordJsonCache) {}

  bytes(document: StoreFileDocument): Buffer[] {
    const { data } = document;
    const out: Buffer[] = [Buffer.from(`{"schemaVersion":${SCHEMA_VERSION},"commitSeq":${document.commitSeq},"logSeq":${JSON.stringify(document.logSeq)}`)];
    for (const [key, value] of Object.entries(data)) {
      if (key === 'schemaVersion' || key === 'ext' || logCollectionOf('collection', key)) continue;
      out.push(Buffer.from(`,\n${JSON.stringify(key)}:`), ...this.array(key, value as unknown[]));
    }
    out.push(Buffer.from(',\n"ext":{'));
    let first = true;
    for (const [name, records] of Object.entries(data.ext)) {
      if (logCollectionOf('ext', name)) continue;
      out.push(Buffer.from(`${first ? '' : ','}\n${JSON.stringify(name)}:`), ...this.array(`ext:${name}`, records));
      first = false;
    }
    out.push(Buffer.from('}}\n'));
    return out;
  }

  private array(key: string, records: readonly unknown[]): Buffer[] {
    if (records.length === 0) {
      this.chunks.delete(key);
      return [Buffer.from('[]')];
    }
    const before = this.chunks.get(key) ?? [];
    const after: EncodedChunk[] = [];
    for (let start = 0; start < records.length; start += RECORDS_PER_CHUNK) {
      const slice = records.slice(start, start + RECORDS_PER_CHUNK);
      const previous = before[after.length];
      const unchanged = previous && previous.records.length === slice.length && previous.records.every((record, i) => record === slice[i]);
      after.push(unchanged ? previous : { records: slice, bytes: Buffer.from(slice.map((r) => this.json.of(r)).join(',\n')) });
    }
    this.chunks.set(key, after);
    const separator = Buffer.from(',\n');
    return [Buffer.from('[\n'), ...after.flatMap((chunk, i) => (i === 0 ? [chunk.bytes] : [separator, chunk.bytes])), Buffer.from('\n]')];
  }
}

export interface LoadedStore {
  /** Everything, the logs included. */
  data: StoreData;
  /** store.json is missing, or in the layout before the logs moved out: rewrite it now. */
  needsRewrite: boolean;
  /** Records found inside store.json that its log has never heard of: to be appended when rewriting. */
  toMigrate: Map<string, unknown[]>;
  storeSeq: number;
  /** The highest commit number seen anywhere: the next commit is one more. */
  lastSeq: number;
  logSeq: Record<string, number>;
  /** Per log, the length of its committed content (a torn or unfinished tail is left out). */
  logSizes: Map<string, number>;
  /** What was dropped from the end of a log (never acknowledged), to be logged. */
  dropped: { file: string; what: string }[];
}

/**
 * Reads every file of the store. `owner` (the process holding the lock) refuses anything but an
 * unfinished last commit; `reader` (a command line reading while the bot runs) also ignores commits
 * newer than the store.json it read, because the bot may be half-way through writing them.
 */
export async function loadStoreFiles(dataFile: string, mode: 'owner' | 'reader', fs: StoreFileSystem = nodeFileSystem): Promise<LoadedStore> {
  const dir = path.dirname(dataFile);
  let raw: string | undefined;
  try {
    raw = await fs.readFile(dataFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreLoadError(dataFile, (error as Error).message);
  }
  const main: ReturnType<typeof parseStoreFile> | { data: StoreData; commitSeq: number; logSeq: Record<string, number>; layout: 'missing' } =
    raw === undefined ? { data: StoreData.parse({}), commitSeq: 0, logSeq: {}, layout: 'missing' } : parseStoreFile(dataFile, raw);

  const contents = new Map<LogCollection, LogFileContent | undefined>();
  for (const log of LOG_COLLECTIONS) {
    const file = path.join(dir, log.fileName);
    try {
      contents.set(log, await readLogFile(fs, file));
    } catch (error) {
      if (error instanceof LogFileDamagedError) throw new StoreLoadError(file, `${error.message}, so it is damaged (not just cut short by a crash)`);
      throw new StoreLoadError(file, (error as Error).message);
    }
  }
  if (main.layout === 'missing') {
    const orphan = LOG_COLLECTIONS.find((log) => (contents.get(log)?.size ?? 0) > 0);
    if (orphan) throw new StoreLoadError(dataFile, `it is missing, but ${orphan.fileName} beside it holds data; restore ${DATA_FILE_NAME} from the same backup`);
  }

  const dropped: LoadedStore['dropped'] = [];
  const kept = new Map<LogCollection, StoredLine[]>();
  const sizes = new Map<string, number>();
  let lastSeq = main.commitSeq;
  for (const [log, content] of contents) {
    const lines = content?.lines ?? [];
    kept.set(log, [...lines]);
    sizes.set(log.name, content?.tornTail ? content.tornTail.start : (content?.size ?? 0));
    if (content?.tornTail) {
      dropped.push({ file: log.fileName, what: `an unfinished last line (line ${content.tornTail.lineNumber}, ${content.tornTail.bytes} bytes)` });
    }
    for (const { line } of lines) lastSeq = Math.max(lastSeq, line.commit);
  }

  // A commit counts when every part it names has it: store.json by its commitSeq, a log by a line.
  const hasCommit = (part: string, commit: number): boolean => {
    if (part === STORE_PART) return main.commitSeq >= commit;
    const log = LOG_COLLECTIONS.find((l) => l.name === part);
    return Boolean(log && kept.get(log)!.some((stored) => stored.line.commit === commit));
  };
  // Dropping one part's line can make another part's line of the same commit incomplete: repeat.
  for (let changed = true; changed; ) {
    changed = false;
    for (const log of LOG_COLLECTIONS) {
      const lines = kept.get(log)!;
      for (let index = lines.length - 1; index >= 0; index -= 1) {
        const stored = lines[index]!;
        if (stored.line.with.every((part) => hasCommit(part, stored.line.commit))) continue;
        const file = path.join(dir, log.fileName);
        const isTail = index === lines.length - 1 && stored.line.commit === lastSeq;
        if (mode === 'owner' && !isTail) {
          throw new StoreLoadError(
            file,
            `line ${stored.number} belongs to commit ${stored.line.commit}, which ${stored.line.with.join(' and ')} ${stored.line.with.length > 1 ? 'do' : 'does'} not have: ` +
              `the files do not belong together (copied at different times?). Restore all the store's files from one backup, or a JSON export`,
          );
        }
        lines.splice(index, 1);
        changed = true;
        if (mode === 'owner') {
          sizes.set(log.name, stored.start);
          dropped.push({ file: log.fileName, what: `the last write (commit ${stored.line.commit}), which did not reach ${stored.line.with.join(' and ')} before the bot stopped` });
        }
      }
    }
  }

  // store.json counts on each log holding at least the commits it had seen appended.
  for (const log of LOG_COLLECTIONS) {
    const expected = main.logSeq[log.name] ?? 0;
    const lines = kept.get(log)!;
    const highest = lines.reduce((max, stored) => Math.max(max, stored.line.commit), 0);
    if (expected > highest) {
      throw new StoreLoadError(
        path.join(dir, log.fileName),
        `it is missing writes that ${DATA_FILE_NAME} counts on (up to commit ${expected}; it ${lines.length ? `ends at commit ${highest}` : 'is empty or missing'}). ` +
          `Restore it together with ${DATA_FILE_NAME} from one backup`,
      );
    }
  }

  let data = main.data;
  const toMigrate = new Map<string, unknown[]>();
  const json = new RecordJsonCache();
  for (const log of LOG_COLLECTIONS) {
    const file = path.join(dir, log.fileName);
    const schema = schemaOf(log.area === 'ext' ? `ext:${log.collection}` : log.collection)!;
    // Records still inside store.json (the layout before the logs moved out) come first; the log wins.
    const records = new Map<string, unknown>(recordsOf(data, log).map((r) => [r.id, r]));
    const mentioned = new Set<string>();
    for (const stored of kept.get(log)!) {
      for (const record of stored.line.put) {
        const id = (record as { id?: unknown } | null)?.id;
        try {
          if (typeof id !== 'string' || !id) throw new RecordRejectedError(log.name, String(id), 'it has no text id');
          checkRecord(log.name, record, schema, json, id);
        } catch (error) {
          throw new StoreLoadError(file, `line ${stored.number}: ${(error as Error).message.replace(/^Not saved: /, '').replace(/ was refused because /, ' is invalid: ')}`);
        }
        records.set(id, record); // a replaced record keeps its place, as in memory
        mentioned.add(id);
      }
      for (const id of stored.line.delete) {
        records.delete(id);
        mentioned.add(id);
      }
    }
    const unmigrated = recordsOf(data, log).filter((r) => !mentioned.has(r.id));
    if (unmigrated.length) toMigrate.set(log.name, unmigrated);
    data = withRecords(data, log, [...records.values()]);
  }

  return {
    data,
    needsRewrite: main.layout !== 'current' || toMigrate.size > 0,
    toMigrate,
    storeSeq: main.commitSeq,
    lastSeq,
    logSeq: main.logSeq,
    logSizes: sizes,
    dropped,
  };
}

/** The data of a store as it is on disk, for reading while the bot may be running (no lock taken). */
export async function readStoreData(dataDir: string, fs: StoreFileSystem = nodeFileSystem): Promise<StoreData> {
  return (await loadStoreFiles(path.resolve(dataDir, DATA_FILE_NAME), 'reader', fs)).data;
}

function parseStoreFile(file: string, raw: string): { data: StoreData; commitSeq: number; logSeq: Record<string, number>; layout: 'legacy' | 'current' } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new StoreLoadError(file, `it is not valid JSON (${(error as Error).message})`);
  }
  const envelope = (json && typeof json === 'object' ? json : {}) as { schemaVersion?: unknown; commitSeq?: unknown; logSeq?: unknown };
  if (typeof envelope.schemaVersion === 'number' && envelope.schemaVersion > SCHEMA_VERSION) {
    throw new StoreLoadError(
      file,
      `it was written by a newer version of the bot (data schema version ${envelope.schemaVersion}; this version reads up to ${SCHEMA_VERSION}), ` +
        'and would lose what it does not know on its first write. Run the newer version, or restore a backup made by this one',
    );
  }
  const parsed = StoreData.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StoreLoadError(
      file,
      `it does not match the data schema at ${issue.path.join('.') || '(root)'}: ${issue.message}` +
        (parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : ''),
    );
  }
  const seq = envelope.commitSeq;
  if (seq !== undefined && !(Number.isInteger(seq) && (seq as number) >= 0)) throw new StoreLoadError(file, `its commitSeq is not a whole number (${JSON.stringify(seq)})`);
  const logSeq: Record<string, number> = {};
  if (envelope.logSeq !== undefined) {
    if (!envelope.logSeq || typeof envelope.logSeq !== 'object') throw new StoreLoadError(file, 'its logSeq is not an object');
    for (const [name, value] of Object.entries(envelope.logSeq)) {
      if (!Number.isInteger(value) || (value as number) < 0) throw new StoreLoadError(file, `its logSeq.${name} is not a whole number`);
      logSeq[name] = value as number;
    }
  }
  const current = seq !== undefined && parsed.data.schemaVersion >= 2;
  return { data: parsed.data, commitSeq: (seq as number | undefined) ?? 0, logSeq, layout: current ? 'current' : 'legacy' };
}
