/**
 * Small pieces shared by the embedded-store tests: temporary data folders, a logger whose lines
 * can be read back, and valid records to write.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.js';
import type { AuditEntry, Council } from '../../src/domain/model.js';

export class TempDirs {
  private readonly dirs: string[] = [];

  async make(prefix = 'council-bot-store-'): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  async removeAll(): Promise<void> {
    for (const dir of this.dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  }
}

export interface CapturedLog {
  log: Logger;
  /** Messages logged so far, with their level name. */
  entries(): { level: string; msg: string; [key: string]: unknown }[];
}

export function capturingLogger(): CapturedLog {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger('debug', sink);
  const names: Record<number, string> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
  return {
    log,
    entries: () =>
      lines.map((line) => {
        const parsed = JSON.parse(line) as { level: number; msg: string };
        return { ...parsed, level: names[parsed.level] ?? String(parsed.level) };
      }),
  };
}

export function auditEntry(id: string, note = `entry ${id}`): AuditEntry {
  return { id, at: '2020-11-20T12:00:00.000Z', actorName: 'Test', command: 'test', entity: 'test', entityId: id, note };
}

export function council(id: string): Council {
  return {
    id,
    name: `Council ${id}`,
    type: 'other',
    timeZone: 'Europe/London',
    callInRules: { workingDays: 5, signatoriesRequired: 5, agendaClearDays: 5, keyDecisionNoticeClearDays: 28, extraClosureDays: [], reminderWorkingDaysBefore: 2 },
  };
}
