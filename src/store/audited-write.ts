/**
 * The one way a command writes: one transaction whose writes are committed together with the audit
 * entries that describe them, and whose failure is an outcome the answer can put into words.
 *
 * - The unit of work returns its outcome and its audit entries; the entries are put in the same
 *   transaction, so a change is never saved without its entry, nor an entry without its change.
 * - A unit of work that changes something but names no audit entry is refused (nothing is saved):
 *   an unaudited write is a bug, and it fails the first time it runs, not in an audit months later.
 * - `writeAudited` turns a failure into a `WriteFailure` (someone changed the record at the same
 *   moment, or the store refused the write) and logs it; `transactAudited` throws, for callers
 *   that report failures themselves (imports, background bookkeeping).
 */
import type { z } from 'zod';
import type { AuditEntry } from '../domain/model.js';
import type { Logger } from '../log.js';
import { VersionConflictError, type Store, type Transaction } from './store.js';

/** What a command's unit of work returns: its outcome, and an audit entry for each change it staged. */
export interface Audited<T> {
  outcome: T;
  /** Empty only when the work changed nothing (a repeat, an "already so"). */
  audit: readonly AuditEntry[];
}

/** An outcome for which nothing was changed (a repeat, a refusal found inside the transaction). */
export function unchanged<T>(outcome: T): Audited<T> {
  return { outcome, audit: [] };
}

/** An outcome and the audit entries of the changes that produced it. */
export function written<T>(outcome: T, ...audit: AuditEntry[]): Audited<T> {
  return { outcome, audit };
}

/** Why a command's write did not happen. Nothing of it was saved. */
export type WriteFailure =
  /** A record was changed by someone else between reading it and writing it (a version check). */
  | { kind: 'changed-meanwhile'; collection: string; id: string }
  /** The store refused or failed the write (disk full, file locked, closed while stopping). */
  | { kind: 'not-saved'; reason: string };

/** A command whose input did not validate (a card or button changed after the bot made it). */
export interface InvalidCommand {
  kind: 'invalid';
  problems: string[];
}

/** Every command validates its input first, whatever its caller checked. */
export function parseCommand<S extends z.ZodType>(schema: S, input: unknown): { ok: true; command: z.infer<S> } | { ok: false; invalid: InvalidCommand } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, command: parsed.data };
  return { ok: false, invalid: { kind: 'invalid', problems: parsed.error.issues.map((issue) => issue.message) } };
}

export interface WriteDeps {
  store: Store;
  log: Logger;
}

class UnauditedWriteError extends Error {
  constructor(readonly label: string) {
    super(`transaction ${label} changed data without an audit entry; nothing was saved`);
    this.name = 'UnauditedWriteError';
  }
}

/** Runs `work` as one transaction with its audit entries; throws what the store throws. */
export function transactAudited<T>(store: Store, label: string, work: (tx: Transaction) => Audited<T>): Promise<T> {
  return store.transact(label, (tx) => {
    const watched = watchWrites(tx);
    const { outcome, audit } = work(watched.tx);
    if (watched.wrote() && audit.length === 0) throw new UnauditedWriteError(label);
    for (const entry of audit) tx.put('audit', entry);
    return outcome;
  });
}

/** Runs `work` as one transaction with its audit entries; a failure is returned (and logged), never thrown. */
export async function writeAudited<T>(deps: WriteDeps, label: string, work: (tx: Transaction) => Audited<T>): Promise<T | WriteFailure> {
  try {
    return await transactAudited(deps.store, label, work);
  } catch (error) {
    if (error instanceof VersionConflictError) {
      deps.log.info({ write: label, collection: error.collection, id: error.id }, 'write not saved: the record changed meanwhile');
      return { kind: 'changed-meanwhile', collection: error.collection, id: error.id };
    }
    const reason = error instanceof Error ? error.message : String(error);
    deps.log.error({ write: label, err: reason }, 'write not saved');
    return { kind: 'not-saved', reason };
  }
}

/** The transaction as the work sees it, noting whether anything was staged. */
function watchWrites(tx: Transaction): { tx: Transaction; wrote: () => boolean } {
  let wrote = false;
  const staging =
    <A extends unknown[], R>(write: (...args: A) => R) =>
    (...args: A): R => {
      wrote = true;
      return write(...args);
    };
  const watched: Transaction = {
    get: (collection, id) => tx.get(collection, id),
    list: (collection) => tx.list(collection),
    identityLinks: () => tx.identityLinks(),
    extGet: (collection, id) => tx.extGet(collection, id),
    extList: (collection) => tx.extList(collection),
    put: staging((collection, record, options) => tx.put(collection, record, options)) as Transaction['put'],
    delete: staging((collection, id) => tx.delete(collection, id)) as Transaction['delete'],
    replaceAll: staging((collection, records) => tx.replaceAll(collection, records)) as Transaction['replaceAll'],
    linkIdentity: staging((link) => tx.linkIdentity(link)),
    unlinkIdentity: staging((aadObjectId) => tx.unlinkIdentity(aadObjectId)),
    extPut: staging((collection, record) => tx.extPut(collection, record)),
    extDelete: staging((collection, id) => tx.extDelete(collection, id)),
  };
  return { tx: watched, wrote: () => wrote };
}
