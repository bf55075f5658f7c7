/**
 * Who may record updates on an action, and delegation from chat: "who can update 2.2?",
 * "let Joe Sullivan update Pub is the Hub", "stop Joe Sullivan updating Pub is the Hub".
 */
import { mayDelegate, updatePermission } from '../../domain/update-rights.js';
import { whoCanLines } from './update-replies.js';
import { actorOf, changeDelegate, type UpdateServiceDeps } from './update-service.js';
import { actionLabel, statusAsk } from '../../chat/present.js';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import { resolveOwner } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { withAction } from '../actions/action-card.js';
import { commandKey, findAction, notFoundReply } from './shared.js';

export function whoCanReply(ctx: ChatContext, adminEmails: readonly string[], reference: string): Reply {
  return withAction(
    ctx,
    reference,
    (action) => {
      const actor = actorOf(ctx.asker);
      const permission = updatePermission(ctx.snapshot, action, actor, adminEmails);
      const notes = ['Councillors can read every action and its history, but do not record updates.'];
      if (mayDelegate(ctx.snapshot, action, actor, adminEmails)) {
        notes.unshift(`You can let someone else update it: "let <name> update ${action.number ?? action.id}".`);
      }
      return messageReply({
        title: `Who can record updates on ${actionLabel(ctx.snapshot, action)}`,
        lines: [...whoCanLines(ctx.snapshot, action), permission.allowed ? `You can update it (${permission.reason}).` : `You can't update it: ${permission.reason}.`],
        notes,
        choices: [
          ...(permission.allowed ? [{ title: 'Update', ask: `update ${action.id}` }] : []),
          { title: 'Status', ask: statusAsk(action) },
        ],
      });
    },
    'who can update',
  );
}

export async function delegationReply(deps: UpdateServiceDeps, ctx: ChatContext, personRef: string, actionRef: string, mode: 'add' | 'remove'): Promise<Reply> {
  const found = findAction(ctx, actionRef);
  if (found.kind !== 'one') {
    return notFoundReply(ctx, actionRef, found, (a) => (mode === 'add' ? `let ${personRef} update ${a.id}` : `stop ${personRef} updating ${a.id}`));
  }
  const action = found.action;
  const person = resolveOwner(ctx.snapshot, personRef);
  if (person.kind !== 'one' || person.value.kind !== 'person') {
    const options = person.kind === 'many' ? person.options : person.kind === 'none' ? person.suggestions : [];
    const people = options.flatMap((o) => (o.kind === 'person' ? [o.person] : []));
    return messageReply({
      title:
        person.kind === 'one'
          ? `"${personRef}" is a group, not a person: only named people can be delegates. Nothing was changed.`
          : person.kind === 'many'
            ? `"${personRef}" matches more than one person. Who do you mean?`
            : `I don't know anyone called "${personRef}". Nothing was changed.`,
      body: person.kind === 'none' ? 'Check the spelling, or use their council email address.' : undefined,
      choices: people.map((p) => ({ title: p.name, ask: mode === 'add' ? `let ${p.name} update ${action.id}` : `stop ${p.name} updating ${action.id}` })),
    });
  }
  const delegate = person.value.person;
  const outcome = await changeDelegate(
    deps,
    { actionId: action.id, delegatePersonId: delegate.id, mode, idempotencyKey: commandKey(ctx, 'delegation') },
    actorOf(ctx.asker),
    ctx.now,
  );
  const label = actionLabel(ctx.snapshot, action);
  switch (outcome.kind) {
    case 'refused':
      return messageReply({
        title: `You can't change who updates ${label}. Nothing was changed.`,
        body: "Only the action's lead officer, WLT owner or delivery leads, and the plan's admins, can let someone else record updates; a delegate cannot pass it on.",
        lines: whoCanLines(ctx.snapshot, action),
      });
    case 'invalid':
      return messageReply({ title: `Nothing was changed for ${label}.`, lines: outcome.problems.map((p) => p.message) });
    case 'not-found':
      return messageReply({ title: `I can't find that action any more. Nothing was changed.` });
    case 'changed-meanwhile':
    case 'not-saved':
      return notSavedReply(outcome);
    case 'delegated': {
      const after = await deps.store.snapshot();
      const now = after.action(action.id) ?? outcome.action;
      const title =
        mode === 'add'
          ? outcome.changed
            ? `${delegate.name} can now record updates on ${label}.`
            : `${delegate.name} can already record updates on ${label}.`
          : outcome.changed
            ? `${delegate.name} can no longer record updates on ${label}.`
            : `${delegate.name} was not a delegate for ${label}; nothing changed.`;
      return messageReply({
        title,
        lines: whoCanLines(after, now),
        notes: outcome.changed ? ['Recorded in the audit log with your name and the time.'] : [],
        choices: [{ title: 'Who can update?', ask: `who can update ${action.id}` }],
      });
    }
  }
}

const DELEGATE_ADD: Array<[RegExp, 'person-first' | 'action-first']> = [
  [/^(?:please\s+)?let (.+?) (?:update|record updates (?:for|on)|report on) (.+)$/i, 'person-first'],
  [/^(?:please\s+)?allow (.+?) to (?:update|record updates (?:for|on)) (.+)$/i, 'person-first'],
  [/^(?:please\s+)?add (.+?) as (?:an? )?delegate (?:for|on|to) (.+)$/i, 'person-first'],
  [/^(?:please\s+)?delegate (?:updates? (?:for|on|to) |updating (?:of )?)?(.+?) to (.+)$/i, 'action-first'],
];
const DELEGATE_REMOVE: Array<[RegExp, 'person-first']> = [
  [/^(?:please\s+)?(?:stop|don't let|do not let|no longer let) (.+?) (?:from )?(?:updating|update) (.+)$/i, 'person-first'],
  [/^(?:please\s+)?remove (.+?) as (?:an? )?delegate (?:for|on|from) (.+)$/i, 'person-first'],
];

export function delegationMatch(text: string): { person: string; ref: string; mode: 'add' | 'remove' } | null {
  for (const [pattern, order] of DELEGATE_ADD) {
    const m = pattern.exec(text);
    if (m) return order === 'person-first' ? { person: m[1]!, ref: m[2]!, mode: 'add' } : { person: m[2]!, ref: m[1]!, mode: 'add' };
  }
  for (const [pattern] of DELEGATE_REMOVE) {
    const m = pattern.exec(text);
    if (m) return { person: m[1]!, ref: m[2]!, mode: 'remove' };
  }
  return null;
}
