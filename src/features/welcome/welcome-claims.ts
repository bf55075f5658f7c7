/**
 * One welcome per install: a record per welcomed conversation in the `welcomes` collection.
 */
import type { ConversationKind } from '../../chat/types.js';
import type { Store } from '../../store/store.js';

/** Extension collection: one record per welcomed conversation ({ id: conversation id, at, kind }). */
export const WELCOMES = 'welcomes';

/** True when this delivery is the first to claim the conversation (and should send the welcome). */
export function claimWelcome(store: Store, conversationId: string, kind: ConversationKind, now: Date): Promise<boolean> {
  return store.transact('welcome', (tx) => {
    if (tx.extGet(WELCOMES, conversationId)) return false;
    tx.extPut(WELCOMES, { id: conversationId, at: now.toISOString(), kind });
    return true;
  });
}

/** After an uninstall, a reinstall is welcomed again. Writes nothing when there is nothing to release. */
export async function releaseWelcome(store: Store, conversationId: string): Promise<void> {
  const snapshot = await store.snapshot();
  if (!snapshot.ext<{ id: string }>(WELCOMES).some((w) => w.id === conversationId)) return;
  await store.transact('welcome-release', (tx) => tx.extDelete(WELCOMES, conversationId));
}
