/**
 * The last resort for a message nothing else understood: a bare action title or number
 * ("Pub is the Hub", "2.2") asks for that action's status.
 */
import { visibleActions } from '../../chat/present.js';
import { resolveAction } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { actionStatusReply, withAction } from './action-card.js';

export function tryBareActionReference(ctx: ChatContext, text: string): Reply | null {
  if (text.length > 80) return null;
  const result = resolveAction(ctx.snapshot, text);
  if (result.kind === 'one' && visibleActions(ctx, [result.value]).length) return actionStatusReply(ctx, result.value);
  if (result.kind === 'many') return withAction(ctx, text, (a) => actionStatusReply(ctx, a));
  return null;
}
