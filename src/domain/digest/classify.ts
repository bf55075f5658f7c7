/**
 * Which digest section an open action belongs in this week, the order of lines within a section
 * and of committee follow-ups, and counting lines per section.
 */
import type { Action, Plan } from '../model.js';
import {
  approvedDueDate,
  hasNoDate,
  isClosed,
  isDueBetween,
  isOverdue,
  isReportedSlipped,
  isSlippedWithoutNewDate,
  isStale,
  lastUpdateDate,
  pendingRevision,
} from '../slippage.js';
import type { DigestSection, FlaggedAction, FollowUp, SectionCounts } from './types.js';
import type { Sensitivity } from '../visibility.js';

export function emptyCounts(): SectionCounts {
  return { overdue: 0, 'slipped-no-date': 0, 'awaiting-endorsement': 0, 'due-soon': 0, stale: 0 };
}

export function emptySections(): Record<DigestSection, FlaggedAction[]> {
  return { overdue: [], 'slipped-no-date': [], 'awaiting-endorsement': [], 'due-soon': [], stale: [] };
}

const SENSITIVITY_RANK: Record<Sensitivity, number> = { public: 0, internal: 1, exempt: 2 };

function strictest(a: Sensitivity, b: Sensitivity): Sensitivity {
  return SENSITIVITY_RANK[a] >= SENSITIVITY_RANK[b] ? a : b;
}

/** Which digest section an open action belongs in this week, if any. */
export function classifyAction(action: Action, plan: Plan | undefined, today: string, dueUntil: string, staleWeeks: number): FlaggedAction | undefined {
  if (isClosed(action)) return undefined;
  const sensitivity = strictest(action.sensitivity, plan?.sensitivity ?? 'public');
  const dueDate = approvedDueDate(action);
  const pastTarget = isOverdue(action, today);
  const reportedSlipped = isReportedSlipped(action);
  const flag = (section: DigestSection, extra: Partial<FlaggedAction> = {}): FlaggedAction => ({ action, section, dueDate, pastTarget, reportedSlipped, sensitivity, ...extra });
  if (isSlippedWithoutNewDate(action)) return flag('slipped-no-date');
  const pending = pendingRevision(action);
  if (pastTarget && !pending) return flag('overdue');
  if (pending) return flag('awaiting-endorsement', { pending });
  if (isDueBetween(action, today, dueUntil)) return flag('due-soon');
  if (hasNoDate(action) && isStale(action, today, staleWeeks, plan?.asAt)) {
    return flag('stale', { lastUpdate: lastUpdateDate(action) ?? plan?.asAt });
  }
  return undefined;
}

/** Plain code-unit order: ISO dates and ids sort correctly, and it is much cheaper than localeCompare. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most urgent first within a section. */
export function compareInSection(a: FlaggedAction, b: FlaggedAction): number {
  switch (a.section) {
    case 'overdue':
    case 'slipped-no-date':
    case 'due-soon':
      return byText(a.dueDate ?? '9999', b.dueDate ?? '9999') || byText(a.action.id, b.action.id);
    case 'awaiting-endorsement':
      return byText(a.pending?.proposedAt ?? '', b.pending?.proposedAt ?? '') || byText(a.action.id, b.action.id);
    case 'stale':
      return byText(a.lastUpdate ?? '', b.lastUpdate ?? '') || byText(a.action.id, b.action.id);
  }
}

export function compareFollowUps(a: FollowUp, b: FollowUp): number {
  return byText(a.meeting.date, b.meeting.date) || byText(a.resolution.id, b.resolution.id);
}

export function sum(counts: SectionCounts): number {
  return counts.overdue + counts['slipped-no-date'] + counts['awaiting-endorsement'] + counts['due-soon'] + counts.stale;
}
