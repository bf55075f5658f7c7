/**
 * Pieces shared by every progress-update write (updates, committee decisions, delegation): the
 * audit view of an action and the timestamp that makes record ids unique without randomness.
 *
 * Pure: the clock is a parameter.
 */
import type { Action } from '../model.js';

export function auditView(action: Action): Record<string, unknown> {
  return {
    version: action.version,
    status: action.status,
    commentary: action.commentary,
    commentaryAsAt: action.commentaryAsAt,
    lastUpdatedAt: action.lastUpdatedAt,
    revisions: action.revisions,
    delegateIds: action.delegateIds,
  };
}

/** 20201120T120000123: sortable, unique per millisecond; record ids never depend on randomness. */
export function compactStamp(now: Date): string {
  return now.toISOString().replace(/[-:.Z]/g, '');
}
