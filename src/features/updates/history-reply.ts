/**
 * "history of 2.2": every recorded update with its author, time and previous -> new values, edits
 * marked, plus the committee decisions and delegations recorded against the action. Newest first,
 * paged, so a long history never exceeds the card size limit.
 */
import { formatDateExpr } from '../../domain/date-expr/index.js';
import type { Action, AuditEntry, ProgressUpdate } from '../../domain/model.js';
import { describeProposedDate } from '../../domain/progress-update/index.js';
import { formatUkDate, formatUkInstant, plural } from '../../domain/uk-format.js';
import { actionLabel, planLine, statusAsk } from '../../chat/present.js';
import { cardReply, type PagedChoice } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { recordedAt, truncate } from './update-replies.js';

export const HISTORY_PAGE_SIZE = 5;
/** Per entry, so five entries stay far below the 80 KB card limit even at 4,000 characters each. */
const COMMENTARY_IN_HISTORY = 2000;
const PREVIOUS_IN_HISTORY = 300;

const CHANNEL_WORDS: Record<ProgressUpdate['channel'], string> = {
  'teams-text': 'typed in Teams',
  'teams-card': 'Teams update card',
  import: 'imported',
  seed: 'from the published report',
  admin: 'recorded by an admin',
};

interface HistoryEntry {
  at: string;
  heading: string;
  meta: string;
  lines: string[];
}

/** cards/history.json */
export interface HistoryCardData {
  title: string;
  subtitle: string;
  /** Newest first, one page of them. */
  entries: HistoryEntry[];
  emptyText: string;
  notes: string[];
  buttons: PagedChoice[];
  speak: string;
}

declare module '../../chat/types.js' {
  interface CardTemplates {
    history: HistoryCardData;
  }
}

export function historyReply(ctx: ChatContext, action: Action): Reply {
  const { snapshot } = ctx;
  const label = actionLabel(snapshot, action);
  const updates = snapshot.updatesOf(action.id);
  const events = snapshot.data.audit.filter((a) => a.entityId === action.id && /^(revision|delegation)\./.test(a.command));
  const entries: HistoryEntry[] = [...updates.map((u) => updateEntry(u, updates)), ...events.map(eventEntry)].sort((a, b) => b.at.localeCompare(a.at));

  const page = Math.max(1, ctx.page);
  const start = (page - 1) * HISTORY_PAGE_SIZE;
  const shown = entries.slice(start, start + HISTORY_PAGE_SIZE);
  const remaining = entries.length - (start + shown.length);
  const buttons: PagedChoice[] = [];
  if (remaining > 0) buttons.push({ title: `Show more (${remaining} older)`, ask: `history of ${action.id}`, page: page + 1 });
  buttons.push({ title: 'Status', ask: statusAsk(action), page: 1 });

  const counter = entries.length > HISTORY_PAGE_SIZE ? ` (${start + 1}-${start + shown.length} of ${entries.length})` : '';
  const title = `History: ${label}${counter}`;
  const subtitle = `${planLine(snapshot, action)}. ${plural(updates.length, 'recorded update')}, newest first.`;
  const notes: string[] = [];
  if (action.originalTarget) notes.push(`Original target: ${formatDateExpr(action.originalTarget)} (never changed by updates).`);
  if (shown.some((e) => e.lines.some((l) => l.endsWith('…')))) notes.push('Long commentary is shortened here; the full text is on the action\'s status card and in exports.');
  const emptyText = 'No updates have been recorded for this action yet.';
  return {
    text: [
      title,
      subtitle,
      ...shown.flatMap((e) => [`${e.heading} (${e.meta})`, ...e.lines.map((l) => `  ${l}`)]),
      entries.length === 0 ? emptyText : undefined,
      remaining > 0 ? `${remaining} older: say "show more".` : undefined,
      ...notes,
    ]
      .filter(Boolean)
      .join('\n'),
    card: cardReply('history', { title, subtitle, entries: shown, emptyText, notes, buttons, speak: title }),
  };
}

function updateEntry(update: ProgressUpdate, all: readonly ProgressUpdate[]): HistoryEntry {
  const kind =
    update.kind === 'edit'
      ? `Edit of the update at ${editedTime(update, all)}`
      : update.kind === 'no-change'
        ? 'No change since the last update'
        : 'Update';
  const meta = [kind, CHANNEL_WORDS[update.channel], update.roundId ? 'quarterly round' : undefined, update.asAt ? `as at ${formatUkDate(update.asAt)}` : undefined]
    .filter(Boolean)
    .join(' · ');
  const lines: string[] = [];
  if (update.kind === 'no-change') lines.push(`Confirmed: status ${update.previous.status?.raw ?? update.previous.status?.canonical ?? 'not reported'} and commentary as before.`);
  if (update.status) {
    const before = update.previous.status?.raw ?? (update.previous.status ? update.previous.status.canonical.toLowerCase().replace(/_/g, ' ') : undefined);
    const after = update.status.raw ?? update.status.canonical;
    lines.push(before && before !== after ? `Status: ${before} → ${after}` : `Status: ${after}${before ? ' (unchanged)' : ''}`);
  }
  if (update.commentary) {
    lines.push(`Commentary: ${truncate(update.commentary, COMMENTARY_IN_HISTORY)}`);
    const before = update.previous.commentary;
    if (before && before !== update.commentary) lines.push(`Previous commentary: ${truncate(before, PREVIOUS_IN_HISTORY)}`);
  }
  if (update.proposedRevisedTarget) {
    lines.push(`Proposed new target: ${update.previous.target ?? 'none'} → ${describeProposedDate(update.proposedRevisedTarget)}`);
  }
  if (update.reasonForChange) lines.push(`Reason for change: ${truncate(update.reasonForChange, 600)}`);
  if (update.mitigation) lines.push(`Mitigation: ${truncate(update.mitigation, 600)}`);
  if (update.nextSteps) lines.push(`Next steps: ${truncate(update.nextSteps, 600)}`);
  return { at: update.authoredAt, heading: `${formatUkInstant(update.authoredAt)}: ${update.authorName}`, meta, lines };
}

function eventEntry(entry: AuditEntry): HistoryEntry {
  const meta = entry.command.startsWith('revision.') ? 'Committee decision on a revised date' : 'Who may update';
  return { at: entry.at, heading: `${formatUkInstant(entry.at)}: ${entry.actorName}`, meta, lines: [entry.note ?? entry.command] };
}

function editedTime(update: ProgressUpdate, all: readonly ProgressUpdate[]): string {
  const edited = all.find((u) => u.id === update.editsUpdateId);
  return edited ? recordedAt(edited.authoredAt) : 'an earlier time';
}
