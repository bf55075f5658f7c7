/**
 * Reads a progress update typed in chat into the fields of the update command:
 *
 *   "all savings plans signed off except £1.8m employee reductions; status slipped; new date
 *    September 2018 because of the restructure"
 *   -> commentary "all savings plans signed off except £1.8m employee reductions", status "slipped",
 *      proposed date "September 2018", reason "the restructure".
 *
 * Clauses are separated by ";", new lines or full stops. A clause that is a status, a new date, a
 * reason, mitigation, next steps or "no change" fills that field; everything else is commentary,
 * kept exactly as typed (with its own punctuation). Nothing here decides whether a label or date is
 * valid: that is the core's job (interpretCommand), so typed and card updates get the same answers.
 */
import { parseDateExpr } from '../../domain/date-expr/index.js';
import type { Plan } from '../../domain/model.js';
import { matchStatusLabel } from '../../domain/progress-update/index.js';

export interface TypedUpdate {
  status?: string;
  commentary?: string;
  proposedRevisedTarget?: string;
  reasonForChange?: string;
  mitigation?: string;
  nextSteps?: string;
  noChange?: boolean;
}

const NO_CHANGE = /^(?:no change(?:s)?(?: since (?:the )?last (?:update|report|time))?|nothing new|no (?:further )?(?:update|progress)|as before|position unchanged|unchanged)$/i;
const STATUS_CLAUSE = /^(?:the )?status(?: is| now| has changed to| changed to| has moved to| moved to)?(?:\s*:)?\s+(?:now\s+)?(.+)$/i;
const BARE_STATUS_PREFIX = /^(?:(?:it|we|this)(?:'s|'re| is| are)\s+|now\s+|still\s+|currently\s+)+/i;
/** Explicitly a new date: an unreadable date here is an error the user must see. */
const DATE_CLAUSE =
  /^(?:(?:a |the )?(?:new|revised|proposed|updated)(?: target| due| completion| end)? (?:date|target|timescale|deadline)|(?:the )?target date|now due(?: by| in)?)(?: is| of| to| now| will be)?(?:\s*:)?\s+(.+)$/i;
/** Verbs that often, but not always, introduce a date ("moved to new offices"): a date only if one is readable. */
const LOOSE_DATE_CLAUSE = /^(?:moving to|moved to|revised to|pushed back to|put back to|extended to|delayed (?:until|till|to)|slipping to|re-?baselined? to)\s+(.+)$/i;
const REASON_CLAUSE = /^(?:(?:the )?reason(?: for (?:the )?(?:change|delay|new date))?(?: is|:)|because(?: of)?)\s*:?\s+(.+)$/i;
const MITIGATION_CLAUSE = /^mitigations?(?: is| are|:)\s*:?\s*(.+)$|^mitigation\s+(.+)$/i;
const NEXT_STEPS_CLAUSE = /^next steps?(?: is| are|:)?\s*:?\s*(.+)$/i;
/** Where a reason starts inside a date clause ("September 2018 because of the restructure"). */
const REASON_CONNECTIVE = /\s+(because(?: of)?|reason:?|due to|owing to|as a result of|following|since|as)\s+/i;

/** Splits into clauses, keeping each clause's own separator so kept commentary reads as typed. */
function clauses(text: string): { text: string; separator: string }[] {
  const parts = text.split(/(;\s*|\n+\s*|\.\s+)/);
  const out: { text: string; separator: string }[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const clause = parts[i] ?? '';
    const separator = parts[i + 1] ?? '';
    if (clause.trim() === '') {
      if (out.length && separator) out[out.length - 1]!.separator += separator;
      continue;
    }
    out.push({ text: clause.trim(), separator });
  }
  return out;
}

export function parseTypedUpdate(content: string, plan: Plan | undefined, referenceDate: string): TypedUpdate {
  const result: TypedUpdate = {};
  const kept: { text: string; separator: string }[] = [];
  const reasons: string[] = [];
  for (const clause of clauses(content)) {
    const text = clause.text.replace(/[.]$/, '');
    if (NO_CHANGE.test(text)) {
      result.noChange = true;
      continue;
    }
    const statusClause = STATUS_CLAUSE.exec(text);
    if (statusClause && !result.status) {
      result.status = statusClause[1]!.trim();
      continue;
    }
    const bare = text.replace(BARE_STATUS_PREFIX, '');
    if (!result.status && matchStatusLabel(plan, bare)) {
      result.status = bare;
      continue;
    }
    const dateClause = DATE_CLAUSE.exec(text);
    const looseDate = dateClause ? null : LOOSE_DATE_CLAUSE.exec(text);
    if ((dateClause || looseDate) && !result.proposedRevisedTarget) {
      const { date, reason } = splitDateAndReason((dateClause ?? looseDate)![1]!, referenceDate);
      if (dateClause || isDate(date, referenceDate)) {
        result.proposedRevisedTarget = date;
        if (reason) reasons.push(reason);
        continue;
      }
    }
    const reason = REASON_CLAUSE.exec(text);
    if (reason) {
      reasons.push(reason[1]!.trim());
      continue;
    }
    const mitigation = MITIGATION_CLAUSE.exec(text);
    if (mitigation) {
      result.mitigation = [result.mitigation, (mitigation[1] ?? mitigation[2])!.trim()].filter(Boolean).join('; ');
      continue;
    }
    const nextSteps = NEXT_STEPS_CLAUSE.exec(text);
    if (nextSteps) {
      result.nextSteps = [result.nextSteps, nextSteps[1]!.trim()].filter(Boolean).join('; ');
      continue;
    }
    kept.push(clause);
  }
  if (reasons.length) result.reasonForChange = reasons.join('; ');
  const commentary = kept
    .map((c, i) => (i === kept.length - 1 ? c.text : c.text + c.separator.replace(/\s+$/, ' ').replace(/\n+ ?$/, '\n')))
    .join('')
    .replace(/[;\s]+$/, '')
    .trim();
  if (commentary) result.commentary = commentary;
  return result;
}

/**
 * "September 2018 because of the restructure" -> date "September 2018", reason "the restructure".
 * When the whole phrase is not a date, the longest leading phrase that is one is the date and the
 * rest is the reason; when no leading phrase is a date, the whole text is returned as the date so
 * the core can say it could not read it.
 */
export function splitDateAndReason(text: string, referenceDate: string): { date: string; reason?: string } {
  const connective = REASON_CONNECTIVE.exec(text);
  let dateText = text.trim();
  let reason: string | undefined;
  if (connective && connective.index > 0) {
    dateText = text.slice(0, connective.index).trim();
    const word = connective[1]!.toLowerCase().replace(/:$/, '');
    const rest = text.slice(connective.index + connective[0].length).trim();
    reason = word === 'because' || word === 'because of' || word === 'reason' ? rest : `${word} ${rest}`;
  }
  if (isDate(dateText, referenceDate)) return { date: dateText, reason };
  const words = dateText.split(/\s+/);
  for (let end = words.length - 1; end >= 1; end--) {
    const head = words.slice(0, end).join(' ');
    if (isDate(head, referenceDate)) {
      const leftover = words.slice(end).join(' ');
      return { date: head, reason: [leftover, reason].filter(Boolean).join(' ') };
    }
  }
  return { date: dateText, reason };
}

function isDate(text: string, referenceDate: string): boolean {
  const parsed = parseDateExpr(text, { referenceDate });
  return parsed !== null && parsed.kind !== 'relative';
}
