/**
 * What kind of conversation an activity comes from decides what may be shown in it (exempt and
 * internal items only in a personal chat, to the right people). The sender chooses the field, so a
 * spelling Teams does not use ("Personal", "personal ", "chat", missing) must never read as a
 * personal chat: only exactly "personal" (and not marked as a group) is one, "groupChat" is a
 * group chat, and anything else is treated as a channel, the most public kind.
 */
import type { ConversationKind } from '../chat/types.js';

export function conversationKindOf(conversation: { conversationType?: unknown; isGroup?: unknown } | undefined): ConversationKind {
  const type = conversation?.conversationType;
  if (type === 'personal' && conversation?.isGroup !== true) return 'personal';
  if (type === 'groupChat') return 'groupChat';
  return 'channel';
}
