/**
 * The progress-update command and its interpretation (domain.md §2.8): the one validated command
 * every channel produces, and the field-by-field check that turns raw user text into labels and
 * dates with a specific message for each problem. Nothing is applied here.
 *
 * Pure: the clock is a parameter; nothing here reads or writes the store.
 */
import { z } from 'zod';
import { dateExprEquals, dueDateOf, formatDateExpr, parseDateExpr } from '../date-expr/index.js';
import { Id, IsoDate, ProgressUpdate, type Action, type ActionStatus, type DateExpr, type Plan } from '../model.js';
import { matchStatusLabel, statusOptions } from './status.js';
import { approvedTarget } from '../slippage.js';
import { formatUkDate, londonDate } from '../uk-format.js';

export const MAX_COMMENTARY_CHARS = 4000;
/** Reason, mitigation and next steps: the same ceiling as commentary. */
export const MAX_DETAIL_CHARS = 4000;
/** An as-at date further ahead than this is almost certainly a typo (2102 for 2021). */
const MAX_AS_AT_DAYS_AHEAD = 366;

export const UpdateChannel = ProgressUpdate.shape.channel;
export type UpdateChannel = z.infer<typeof UpdateChannel>;

/**
 * The one command every channel produces. Text fields are raw user text; they are interpreted
 * (labels mapped, dates parsed) by interpretCommand so that every channel gets the same messages.
 * Hard caps here only stop absurd payloads; the user-facing limits are checked with specific
 * messages in interpretCommand.
 */
export const RecordUpdateCommand = z.object({
  actionId: Id,
  /** The action version the user's form or confirmation was built from (optimistic concurrency). */
  expectedVersion: z.number().int().min(0).optional(),
  /** The council's own status label ("Slippage", "On track"), or a common synonym. Absent: unchanged. */
  status: z.string().max(200).optional(),
  commentary: z.string().max(100_000).optional(),
  /** Reporting cut-off, YYYY-MM-DD; defaults to today (Europe/London). */
  asAt: IsoDate.optional(),
  /** A date expression as typed: "September 2018", "Early 21 (TBC)", "31 March 2019". */
  proposedRevisedTarget: z.string().max(500).optional(),
  reasonForChange: z.string().max(100_000).optional(),
  mitigation: z.string().max(100_000).optional(),
  nextSteps: z.string().max(100_000).optional(),
  /** Confirms the current position: status and commentary kept, last-updated refreshed. */
  noChange: z.boolean().optional(),
  /** Teams activity / invoke id, form id, or import row key: the same key is recorded once. */
  idempotencyKey: z.string().min(1).max(500),
  channel: UpdateChannel,
  roundId: Id.optional(),
});
export type RecordUpdateCommand = z.infer<typeof RecordUpdateCommand>;

/** Which field was wrong and what is allowed, in words for the person who typed it. */
export interface UpdateProblem {
  field: 'status' | 'commentary' | 'asAt' | 'proposedRevisedTarget' | 'reasonForChange' | 'mitigation' | 'nextSteps' | 'action' | 'update';
  message: string;
}

export interface UpdateAuthor {
  personId?: string;
  name: string;
}
// ---------------------------------------------------------------------------------------------
// Interpreting a command
// ---------------------------------------------------------------------------------------------

/** What the command means for this action, checked field by field. */
export interface InterpretedUpdate {
  status?: ActionStatus;
  commentary?: string;
  asAt: string;
  proposedRevisedTarget?: DateExpr;
  reasonForChange?: string;
  mitigation?: string;
  nextSteps?: string;
  noChange: boolean;
}

export type Interpretation = { ok: true; value: InterpretedUpdate } | { ok: false; problems: UpdateProblem[] };

export const DATE_EXAMPLES = '"September 2018", "31 March 2019", "Q3 2020/21", "Early 21 (TBC)" or "TBC"';

/**
 * Checks every field and says exactly what is wrong with each. Nothing is applied here, so the
 * confirmation card (before anything is saved) and the save itself give the same answers.
 */
export function interpretCommand(command: RecordUpdateCommand, plan: Plan | undefined, action: Action, now: Date): Interpretation {
  const problems: UpdateProblem[] = [];
  const today = londonDate(now);
  const clean = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : text.trim());
  const noChange = command.noChange === true;

  const asAt = command.asAt ?? today;
  if (!isRealDate(asAt)) {
    problems.push({ field: 'asAt', message: `The as-at date "${asAt}" is not a real date. Use the reporting cut-off, for example ${formatUkDate(today)}.` });
  } else if (daysFrom(today, asAt) > MAX_AS_AT_DAYS_AHEAD) {
    problems.push({ field: 'asAt', message: `The as-at date ${formatUkDate(asAt)} is more than a year ahead. Use the reporting cut-off date (today is ${formatUkDate(today)}).` });
  }

  if (noChange) return problems.length ? { ok: false, problems } : { ok: true, value: { asAt, noChange } };

  let status: ActionStatus | undefined;
  const statusText = clean(command.status);
  if (statusText) {
    const option = matchStatusLabel(plan, statusText);
    if (!option) {
      const allowed = statusOptions(plan).map((o) => o.label);
      problems.push({
        field: 'status',
        message: `"${truncate(statusText, 60)}" is not one of the ${plan?.abbreviation ?? plan?.title ?? 'plan'}'s status labels. Use one of: ${allowed.join(', ')}.`,
      });
    } else {
      status = { canonical: option.canonical, raw: option.label, asAt };
    }
  }

  const commentary = clean(command.commentary);
  if (commentary && commentary.length > MAX_COMMENTARY_CHARS) {
    problems.push({
      field: 'commentary',
      message: `The commentary is ${commentary.length.toLocaleString('en-GB')} characters; the limit is ${MAX_COMMENTARY_CHARS.toLocaleString('en-GB')}. Shorten it by ${(commentary.length - MAX_COMMENTARY_CHARS).toLocaleString('en-GB')} characters, or move detail into mitigation or next steps.`,
    });
  }
  const details: Array<['reasonForChange' | 'mitigation' | 'nextSteps', string]> = [
    ['reasonForChange', 'reason for change'],
    ['mitigation', 'mitigation'],
    ['nextSteps', 'next steps'],
  ];
  const detailValues: Partial<Record<(typeof details)[number][0], string>> = {};
  for (const [field, words] of details) {
    const value = clean(command[field]);
    if (value && value.length > MAX_DETAIL_CHARS) {
      problems.push({ field, message: `The ${words} is ${value.length.toLocaleString('en-GB')} characters; the limit is ${MAX_DETAIL_CHARS.toLocaleString('en-GB')}.` });
    }
    detailValues[field] = value;
  }

  let proposed: DateExpr | undefined;
  const dateText = clean(command.proposedRevisedTarget);
  if (dateText) {
    const parsed = parseDateExpr(dateText, { referenceDate: isRealDate(asAt) ? asAt : today });
    if (!parsed) {
      problems.push({ field: 'proposedRevisedTarget', message: `I can't read "${truncate(dateText, 80)}" as a date. Write the proposed new date as, for example, ${DATE_EXAMPLES}.` });
    } else if (parsed.kind === 'relative') {
      problems.push({
        field: 'proposedRevisedTarget',
        message: `"${truncate(dateText, 80)}" depends on when it is read, so the committee could not hold you to it. Give a month, a date or a period, for example ${DATE_EXAMPLES}.`,
      });
    } else {
      const baseline = approvedTarget(action);
      // "March 2018" proposes nothing new against "by March 2018": the same due date is the same target.
      const sameDue = baseline && dueDateOf(baseline) !== null && dueDateOf(baseline) === dueDateOf(parsed);
      if (baseline && (dateExprEquals(baseline, parsed) || sameDue)) {
        problems.push({ field: 'proposedRevisedTarget', message: `${formatDateExpr(parsed)} is already the approved target, so there is nothing to propose. Leave the new date empty to keep it.` });
      } else {
        proposed = parsed;
      }
    }
    if (!detailValues.reasonForChange) {
      problems.push({ field: 'reasonForChange', message: 'A proposed new date needs a reason for the change: the committee is asked to endorse it. Add one, for example "because of the restructure".' });
    }
  }

  const hasContent = status || commentary || dateText || detailValues.mitigation || detailValues.nextSteps || detailValues.reasonForChange;
  if (!hasContent && problems.length === 0) {
    problems.push({ field: 'update', message: 'There is nothing to record: give a status, some commentary or a proposed new date, or choose "No change".' });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      status,
      commentary,
      asAt,
      proposedRevisedTarget: proposed,
      reasonForChange: detailValues.reasonForChange,
      mitigation: detailValues.mitigation,
      nextSteps: detailValues.nextSteps,
      noChange,
    },
  };
}

function isRealDate(iso: string): boolean {
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso;
}

function daysFrom(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
