/**
 * The committees feature's write: a work-programme suggestion, stored as an item for consideration
 * (once per card: the form id is the item's key) with its audit entry, then sent to the committee's
 * support officers through the one proactive sender. Anyone who can talk to the bot may suggest an
 * item; the input is validated with zod and the outcome is put into words by
 * work-programme-suggestion.ts.
 */
import { z } from 'zod';
import { isValidIsoDate } from '../../domain/calendar.js';
import { WorkProgrammeItem, type Committee } from '../../domain/model.js';
import { formatUkDate, formatUkInstant, londonDate } from '../../domain/uk-format.js';
import type { Logger } from '../../log.js';
import type { ProactiveSender, SendReport } from '../../outbound/types.js';
import { parseCommand, unchanged, writeAudited, written, type Audited, type InvalidCommand, type WriteFailure } from '../../store/audited-write.js';
import type { Store } from '../../store/store.js';
import { auditEntry } from '../../chat/audit.js';
import { messageReply } from '../../chat/reply.js';
import type { ChatContext } from '../../chat/types.js';
import { personName } from './committee-scope.js';

/** What a suggestion is saved and sent with. */
export interface SuggestionDeps {
  store: Store;
  sender: ProactiveSender;
  log: Logger;
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} is too long (at most ${max.toLocaleString('en-GB')} characters)`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const SuggestionCommand = z.object({
  formId: z.string().min(1, 'the card is incomplete').max(100),
  committeeId: z.string({ error: 'choose the committee' }).min(1, 'choose the committee'),
  topic: z.string({ error: 'give the topic' }).trim().min(3, 'the topic is too short (at least 3 characters)').max(200, 'the topic is too long (at most 200 characters)'),
  reason: optionalText(2000, 'the reason'),
  suggestedDate: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || isValidIsoDate(v), 'the suggested date is not a real date'),
});
export type SuggestionCommand = z.infer<typeof SuggestionCommand>;

/** Who the suggestion went to: every support officer's name, and the names it reached. */
export interface SuggestionDelivery {
  officers: string[];
  reached: string[];
}

/**
 * Suggestions reach support officers' personal chats under the bot's name, so only a person the
 * bot knows may file one, and at most SUGGESTIONS_PER_DAY in any 24 hours: counted from the stored
 * items' `suggestedAt` inside the saving transaction, on the turn's clock, so the limit holds across
 * restarts and instances and two submissions at once cannot both slip under it.
 */
export const SUGGESTIONS_PER_DAY = 5;
const DAY_MS = 24 * 3600_000;
const SUGGESTED_IN_TEAMS = 'Suggested in Teams';

export type SuggestionOutcome =
  | { kind: 'saved'; item: WorkProgrammeItem; committee: Committee; command: SuggestionCommand; delivery: SuggestionDelivery }
  | { kind: 'already-saved'; item: WorkProgrammeItem }
  | { kind: 'unknown-suggester' }
  /** Someone else's form id (a replayed card): not theirs to see or resend. */
  | { kind: 'foreign' }
  | { kind: 'limited'; allowedAgainAt: string }
  | { kind: 'unknown-committee'; committeeId: string }
  | { kind: 'date-in-the-past'; suggestedDate: string }
  | InvalidCommand
  | WriteFailure;

function suggesterName(ctx: ChatContext): string {
  return ctx.asker.person?.name ?? ctx.asker.displayName;
}

export async function suggestWorkProgrammeItem(deps: SuggestionDeps, input: unknown, ctx: ChatContext): Promise<SuggestionOutcome> {
  const person = ctx.asker.person;
  if (!person) return { kind: 'unknown-suggester' };
  const parsed = parseCommand(SuggestionCommand, input);
  if (!parsed.ok) return parsed.invalid;
  const command = parsed.command;
  const committee = ctx.snapshot.committee(command.committeeId);
  if (!committee) return { kind: 'unknown-committee', committeeId: command.committeeId };
  if (command.suggestedDate && command.suggestedDate < londonDate(ctx.now)) return { kind: 'date-in-the-past', suggestedDate: command.suggestedDate };

  const id = `${committee.id}-wps-${command.formId}`.slice(0, 200);
  const item = WorkProgrammeItem.parse({
    id,
    committeeId: committee.id,
    topic: command.topic,
    status: 'for-consideration',
    ...(command.reason ? { background: command.reason } : {}),
    ...(command.suggestedDate ? { targetTimingRaw: `Suggested for ${formatUkDate(command.suggestedDate)}` } : {}),
    suggestedBy: person.id,
    suggestedAt: ctx.now.toISOString(),
    notes: [`Suggested in Teams by ${suggesterName(ctx)}.`],
    source: { document: SUGGESTED_IN_TEAMS, note: `form ${command.formId}` },
  });
  const since = new Date(ctx.now.getTime() - DAY_MS).toISOString();
  type Stored = { kind: 'stored' } | { kind: 'already-saved'; item: WorkProgrammeItem } | { kind: 'foreign' } | { kind: 'limited'; allowedAgainAt: string };
  const stored = await writeAudited(deps, 'suggest-work-programme-item', (tx): Audited<Stored> => {
    const existing = tx.get('workProgrammeItems', id);
    if (existing) return unchanged(existing.suggestedBy === person.id ? { kind: 'already-saved' as const, item: existing } : { kind: 'foreign' as const });
    const recent = tx.list('workProgrammeItems').filter((w) => w.suggestedBy === person.id && w.source?.document === SUGGESTED_IN_TEAMS && (w.suggestedAt ?? '') > since);
    if (recent.length >= SUGGESTIONS_PER_DAY) {
      const oldest = recent.map((w) => w.suggestedAt!).sort()[0]!;
      return unchanged({ kind: 'limited' as const, allowedAgainAt: new Date(new Date(oldest).getTime() + DAY_MS).toISOString() });
    }
    tx.put('workProgrammeItems', item);
    return written({ kind: 'stored' as const }, auditEntry(ctx, { id: `audit-${item.id}`, command: 'suggest-work-programme-item', entity: 'workProgrammeItem', entityId: item.id, after: item }));
  });
  if (stored.kind !== 'stored') return stored;
  const delivery = await notifySupportOfficers(deps, ctx, committee, item);
  return { kind: 'saved', item, committee, command, delivery };
}

/** Sends the suggestion to every support officer; a sender that fails reaches nobody, and the item stays saved. */
async function notifySupportOfficers(deps: SuggestionDeps, ctx: ChatContext, committee: Committee, item: WorkProgrammeItem): Promise<SuggestionDelivery> {
  const officers = committee.supportOfficers.map((s) => s.personId);
  const officerNames = officers.map((id) => personName(ctx.snapshot, id));
  if (!officers.length) return { officers: [], reached: [] };
  const notice = messageReply({
    title: `New work-programme suggestion for the ${committee.name}`,
    body: item.topic,
    lines: [
      item.background ? `Why: ${item.background}` : undefined,
      item.targetTimingRaw,
      `Suggested by ${suggesterName(ctx)} on ${formatUkInstant(item.suggestedAt!)}`,
    ].filter(Boolean) as string[],
    notes: ['Stored as an item for consideration. Bring it to the Chair and Vice-Chairs when the work programme is next reviewed.'],
    choices: [{ title: 'Items for consideration', ask: 'items for consideration' }],
  });
  let report: SendReport | undefined;
  try {
    report = await deps.sender.send(
      `wp-suggestion:${item.id}`,
      officers.map((personId) => ({ key: `wp-suggestion:${item.id}:${personId}`, recipient: { kind: 'person', personId }, reply: notice })),
    );
  } catch (error) {
    deps.log.warn({ err: (error as Error).message, item: item.id }, 'work-programme suggestion could not be sent');
  }
  const reached = (report?.outcomes ?? []).filter((o) => o.status === 'sent' || o.status === 'already-sent').map((o) => (o.recipient.kind === 'person' ? personName(ctx.snapshot, o.recipient.personId) : ''));
  return { officers: officerNames, reached };
}
