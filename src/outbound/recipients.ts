/**
 * The messages a proactive run is given: each one checked before it is sent, and its recipient
 * (a person or a conversation) resolved to an active conversation reference, so that messages to
 * one conversation can be grouped and sent in order.
 */
import { z } from 'zod';
import type { Snapshot } from '../domain/snapshot.js';
import { reachabilityOf, refForConversation, type ConversationRefRecord } from './conversation-ref-records.js';
import type { ProactiveMessage, Recipient } from './types.js';

export const MessageInput = z.object({
  key: z.string().min(1).max(500),
  recipient: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('person'), personId: z.string().min(1).max(200) }),
    z.object({ kind: z.literal('conversation'), conversationId: z.string().min(1).max(2100) }),
  ]),
  reply: z.looseObject({ text: z.string() }),
});

export interface Item {
  index: number;
  message: ProactiveMessage;
}

export interface Group {
  ref: ConversationRefRecord;
  items: Item[];
}

export function resolveTarget(snapshot: Snapshot, recipient: Recipient): { ref?: ConversationRefRecord; reason: string } {
  if (recipient.kind === 'person') {
    if (!snapshot.person(recipient.personId)) return { reason: `no person with id ${recipient.personId}` };
    const reach = reachabilityOf(snapshot, recipient.personId);
    return reach.reachable ? { ref: reach.record, reason: reach.reason } : { reason: `no active conversation reference: ${reach.reason}` };
  }
  const ref = refForConversation(snapshot, recipient.conversationId);
  if (!ref) return { reason: 'no conversation reference: the bot has not been installed in that conversation' };
  if (!ref.active) return { reason: `the conversation reference is inactive: ${ref.inactiveReason ?? 'no longer reachable'}` };
  return { ref, reason: 'active' };
}
