/**
 * Builds a ChatContext over the demo dataset in memory, for unit tests of answers and resolution.
 */
import { readFileSync } from 'node:fs';
import type { AskerRole, ChatContext, ConversationKind } from '../../src/chat/types.js';
import { StoreData } from '../../src/domain/model.js';
import { rolesOf } from '../../src/domain/roles.js';
import { projectPath } from '../../src/paths.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { ChatRouter } from '../../src/chat/router.js';
import { offlineRouter } from '../../src/offline.js';

let demo: StoreData | undefined;

export function demoData(): StoreData {
  demo ??= StoreData.parse(JSON.parse(readFileSync(projectPath('data', 'demo', 'demo-data.json'), 'utf8')));
  return structuredClone(demo);
}

export async function demoContext(options: { now?: string; personId?: string; kind?: ConversationKind; roles?: AskerRole[]; store?: MemoryStore } = {}): Promise<ChatContext> {
  const store = options.store ?? new MemoryStore(demoData());
  const snapshot = await store.snapshot();
  const person = options.personId ? snapshot.person(options.personId) : undefined;
  const roles = rolesOf(snapshot, { person }, []);
  for (const r of options.roles ?? []) roles.add(r);
  return {
    snapshot,
    now: new Date(options.now ?? '2020-11-20T12:00:00Z'),
    asker: { person, displayName: person?.name ?? 'Test User', roles },
    conversation: { kind: options.kind ?? 'personal' },
    page: 1,
  };
}

/** The bot's router over a store (the demo data by default), exactly as the running bot routes questions. */
export function demoRouter(store: MemoryStore = new MemoryStore(demoData())): ChatRouter {
  return offlineRouter(store);
}
