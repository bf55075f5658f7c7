/**
 * Stored conversation references: where the bot can post without being asked. Plain data and
 * lookups only (no botbuilder), so the chat layer ("who can't the digest reach?") and the sender
 * share one reading of them. The capture from Teams events lives in conversation-refs.ts.
 *
 * One record per user for personal chats (id "personal:<Teams user id>") and one per channel or
 * group chat (id "channel:<conversation id>"). A personal record without a conversationId is a
 * user we know from a team roster or a channel message: the sender can open the 1:1 chat itself.
 */
import { z } from 'zod';
import { IsoInstant } from '../domain/model.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { Store } from '../store/store.js';

export const CONVERSATION_REFS_COLLECTION = 'conversation-refs';

export const ConversationRefRecord = z.object({
  id: z.string().min(1).max(2100),
  kind: z.enum(['personal', 'channel', 'groupChat']),
  /** The Person this personal chat belongs to, when the Teams user is linked to one. */
  personId: z.string().optional(),
  aadObjectId: z.string().optional(),
  /** Teams user id ("29:..."), for personal chats and for opening one. */
  userId: z.string().optional(),
  userName: z.string().optional(),
  /** Absent for a personal chat the bot has not opened yet (it can create it from userId + tenantId). */
  conversationId: z.string().optional(),
  serviceUrl: z.string().min(1),
  tenantId: z.string().optional(),
  /** Bot Framework channel ("msteams"). */
  channelId: z.string().default('msteams'),
  /** The team a channel belongs to (uninstalling from the team deactivates all its channels). */
  teamId: z.string().optional(),
  botId: z.string().optional(),
  botName: z.string().optional(),
  active: z.boolean(),
  /** Why the bot cannot post here any more: "uninstalled", "403 MessageWritesBlocked", ... */
  inactiveReason: z.string().optional(),
  /** How the reference was learnt: a message, an install, a members-added event, a roster. */
  source: z.enum(['message', 'install', 'members-added', 'channel-member']).optional(),
  updatedAt: IsoInstant,
});
export type ConversationRefRecord = z.infer<typeof ConversationRefRecord>;

interface RefIndex {
  byId: Map<string, ConversationRefRecord>;
  personalByPerson: Map<string, ConversationRefRecord[]>;
  personalByAad: Map<string, ConversationRefRecord[]>;
  byConversation: Map<string, ConversationRefRecord>;
  aadByPerson: Map<string, string[]>;
}

/** The references in a snapshot, validated and indexed once per snapshot. Invalid records are skipped. */
export function refIndex(snapshot: Snapshot): RefIndex {
  return snapshot.memo('conversation-refs:index', () => {
    const index: RefIndex = { byId: new Map(), personalByPerson: new Map(), personalByAad: new Map(), byConversation: new Map(), aadByPerson: new Map() };
    for (const raw of snapshot.ext(CONVERSATION_REFS_COLLECTION)) {
      const parsed = ConversationRefRecord.safeParse(raw);
      if (!parsed.success) continue;
      const record = parsed.data;
      index.byId.set(record.id, record);
      if (record.conversationId) index.byConversation.set(record.conversationId, record);
      if (record.kind === 'personal') {
        if (record.personId) push(index.personalByPerson, record.personId, record);
        if (record.aadObjectId) push(index.personalByAad, record.aadObjectId, record);
      }
    }
    for (const link of snapshot.data.identityLinks) push(index.aadByPerson, link.personId, link.aadObjectId);
    for (const person of snapshot.people) if (person.aadObjectId) push(index.aadByPerson, person.id, person.aadObjectId);
    return index;
  });
}

/** Every personal-chat record that belongs to a person: by person id, or by their linked AAD ids. */
export function personalRefsOf(snapshot: Snapshot, personId: string): ConversationRefRecord[] {
  const index = refIndex(snapshot);
  const found = new Map<string, ConversationRefRecord>();
  for (const record of index.personalByPerson.get(personId) ?? []) found.set(record.id, record);
  for (const aad of index.aadByPerson.get(personId) ?? []) {
    for (const record of index.personalByAad.get(aad) ?? []) found.set(record.id, record);
  }
  return [...found.values()];
}

/**
 * The reference to use for a person's personal chat: an active one with an open conversation
 * first, then an active one the bot can open, newest first; undefined when none is active.
 */
export function activePersonalRef(snapshot: Snapshot, personId: string): ConversationRefRecord | undefined {
  return personalRefsOf(snapshot, personId)
    .filter((r) => r.active)
    .sort((a, b) => Number(Boolean(b.conversationId)) - Number(Boolean(a.conversationId)) || b.updatedAt.localeCompare(a.updatedAt))[0];
}

export function refForConversation(snapshot: Snapshot, conversationId: string): ConversationRefRecord | undefined {
  return refIndex(snapshot).byConversation.get(conversationId);
}

export interface Reachability {
  reachable: boolean;
  /** In words: "can be messaged", "blocked the bot (403 MessageWritesBlocked) on ...", "has never used the bot". */
  reason: string;
  record?: ConversationRefRecord;
}

/** Whether the bot can post to a person's personal chat, and if not, why. */
export function reachabilityOf(snapshot: Snapshot, personId: string): Reachability {
  const active = activePersonalRef(snapshot, personId);
  if (active) {
    return {
      reachable: true,
      reason: active.conversationId ? 'has a personal chat with the bot' : 'known from a team; the bot will open a personal chat',
      record: active,
    };
  }
  const latest = personalRefsOf(snapshot, personId).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (latest) {
    return { reachable: false, reason: `${latest.inactiveReason ?? 'no longer reachable'} (since ${latest.updatedAt.slice(0, 10)})`, record: latest };
  }
  return { reachable: false, reason: 'has never installed or messaged the bot' };
}

/** Marks references inactive (uninstall, 403 from the connector). Writes only what changes. */
export async function markRefsInactive(store: Store, ids: readonly string[], reason: string, at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  return store.transact('conversation-refs:inactive', (tx) => {
    let changed = 0;
    for (const id of ids) {
      const parsed = ConversationRefRecord.safeParse(tx.extGet(CONVERSATION_REFS_COLLECTION, id));
      if (!parsed.success) continue;
      if (!parsed.data.active && parsed.data.inactiveReason === reason) continue;
      tx.extPut(CONVERSATION_REFS_COLLECTION, { ...parsed.data, active: false, inactiveReason: reason, updatedAt: at.toISOString() });
      changed += 1;
    }
    return changed;
  });
}

/** Records that a personal chat was opened by the bot (createConversation). */
export async function recordOpenedConversation(store: Store, id: string, conversationId: string, at: Date): Promise<void> {
  await store.transact('conversation-refs:opened', (tx) => {
    const parsed = ConversationRefRecord.safeParse(tx.extGet(CONVERSATION_REFS_COLLECTION, id));
    if (!parsed.success || parsed.data.conversationId === conversationId) return;
    tx.extPut(CONVERSATION_REFS_COLLECTION, { ...parsed.data, conversationId, updatedAt: at.toISOString() });
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
