/**
 * Pieces the update commands share: finding the action a command names (only among actions the
 * asker may see), the "which one?" / "can't find it" reply, and the keys that make a command from
 * one Teams message count once.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Action } from '../../domain/model.js';
import { actionLabel, visibleActions } from '../../chat/present.js';
import { messageReply } from '../../chat/reply.js';
import { findPlanMention, resolveAction } from '../../chat/resolve.js';
import type { Asker, ChatContext, Reply } from '../../chat/types.js';

const MAX_ASK_CHARS = 480;

// ---------------------------------------------------------------------------------------------
// Resolving the action named in a command
// ---------------------------------------------------------------------------------------------

export type Found = { kind: 'one'; action: Action } | { kind: 'many'; options: Action[] } | { kind: 'none'; suggestions: Action[] };

export function findAction(ctx: ChatContext, reference: string): Found {
  const plan = findPlanMention(ctx.snapshot, reference);
  const result = resolveAction(ctx.snapshot, reference.trim(), plan?.id);
  if (result.kind === 'one') return visibleActions(ctx, [result.value]).length ? { kind: 'one', action: result.value } : { kind: 'none', suggestions: [] };
  if (result.kind === 'many') {
    const options = visibleActions(ctx, result.options);
    return options.length === 1 ? { kind: 'one', action: options[0]! } : { kind: 'many', options };
  }
  return { kind: 'none', suggestions: visibleActions(ctx, result.suggestions) };
}

export function notFoundReply(ctx: ChatContext, reference: string, found: Found, then: (a: Action) => string): Reply {
  if (found.kind === 'many') {
    return messageReply({
      title: `"${reference}" matches ${found.options.length} actions. Which one?`,
      choices: found.options.map((a) => ({ title: shortLabel(ctx, a), ask: then(a) })),
    });
  }
  const suggestions = found.kind === 'none' ? found.suggestions : [];
  return messageReply({
    title: `I can't find an action matching "${reference}". Nothing was saved.`,
    body: suggestions.length ? 'Did you mean one of these?' : 'Use the action number ("2.2") or words from its title ("Pub is the Hub").',
    choices: suggestions.map((a) => ({ title: shortLabel(ctx, a), ask: then(a) })),
  });
}

function shortLabel(ctx: ChatContext, action: Action): string {
  const label = actionLabel(ctx.snapshot, action);
  return label.length > 60 ? `${label.slice(0, 57)}...` : label;
}

export function formId(ctx: ChatContext): string {
  return `f-${ctx.activityId ?? randomUUID()}`;
}

/**
 * The form id of a typed update's confirmation card names, as a hash, who typed it
 * ("c-<16 hex>-<activity>"), so "only the author confirms it" does not depend on optional fields of
 * the submission: a co-owner who drops `source` and `requestedBy` still sends this form id, and one
 * who drops or changes it too is no longer confirming that card, just sending an update of their own.
 */
export function confirmationFormId(ctx: ChatContext): string {
  const owner = ownerHash(ctx.asker);
  return owner ? `c-${owner}-${ctx.activityId ?? randomUUID()}` : formId(ctx);
}

/** The author a confirmation card's form id names (its hash), if it is one. */
export function confirmationOwnerOf(formIdValue: string | undefined): string | undefined {
  return formIdValue ? /^c-([0-9a-f]{16})-/.exec(formIdValue)?.[1] : undefined;
}

/** Who the asker is, as a confirmation card's form id names them: the person, else the Teams account. */
export function ownerHash(asker: Pick<Asker, 'person' | 'aadObjectId'>): string | undefined {
  const key = asker.person ? `person:${asker.person.id}` : asker.aadObjectId ? `aad:${asker.aadObjectId}` : undefined;
  return key ? createHash('sha256').update(key).digest('hex').slice(0, 16) : undefined;
}

export function commandKey(ctx: ChatContext, kind: string): string {
  return `${kind}:${ctx.activityId ?? randomUUID()}`;
}

/** What the asker may say next with content kept, if it fits in a button. */
export function updateAsk(action: Action, content?: string): string {
  const ask = content ? `update ${action.id}: ${content}` : `update ${action.id}`;
  return ask.length <= MAX_ASK_CHARS ? ask : `update ${action.id}`;
}
