/**
 * Captures conversation references from Teams events and keeps them durable (platform pain 2:
 * references lost on restart; pain 1: users the bot cannot reach). The bot calls it on every
 * activity; the records it writes are the outbound sender's address book (src/outbound/):
 *
 * - installationUpdate "add" and conversationUpdate with the bot among membersAdded: the personal
 *   chat, channel or group chat is stored as active;
 * - conversationUpdate with people among membersAdded (a team or group chat): each person is stored
 *   as "known from a team", so the sender can open a personal chat with them;
 * - every message and card action: the conversation is stored or refreshed (a user who blocked the
 *   bot and writes again becomes reachable again), and a channel message also teaches us its author;
 * - installationUpdate "remove" and the bot removed from a team: marked inactive (never deleted:
 *   "who can't the digest reach?" needs the reason).
 *
 * Nothing is written when nothing changed: the record is compared with the stored one first.
 * The person is found with the bot's own identity rules (identity.ts), not a copy of them.
 */
import type { Activity, ChannelAccount, TurnContext } from 'botbuilder';
import type { Clock } from '../clock.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { CONVERSATION_REFS_COLLECTION, markRefsInactive, refIndex, type ConversationRefRecord } from '../outbound/conversation-ref-records.js';
import { conversationKindOf } from './conversation-kind.js';
import type { IdentityService } from './identity.js';

export interface CaptureDependencies {
  store: Store;
  identity: IdentityService;
  clock: Clock;
  log: Logger;
}

type Kind = ConversationRefRecord['kind'];

export class ConversationRefCapture {
  constructor(private readonly deps: CaptureDependencies) {}

  async onActivity(context: TurnContext): Promise<void> {
    const deps = this.deps;
    const activity = context.activity;
    if (!activity.serviceUrl || !activity.conversation?.id) return;
    switch (activity.type) {
      case 'message':
      case 'invoke':
        await this.captureConversation(context, deps, 'message');
        return;
      case 'installationUpdate':
        if (activity.action === 'add' || activity.action === 'add-upgrade') await this.captureConversation(context, deps, 'install');
        return;
      case 'conversationUpdate':
        await this.onConversationUpdate(context, deps);
        return;
      default:
        return;
    }
  }

  async onUninstall(context: TurnContext): Promise<void> {
    const deps = this.deps;
    await this.deactivateConversation(context, deps, 'uninstalled the app');
  }

  private async onConversationUpdate(context: TurnContext, deps: CaptureDependencies): Promise<void> {
    const activity = context.activity;
    const botId = activity.recipient?.id;
    const added = activity.membersAdded ?? [];
    if (added.some((m) => m.id === botId)) await this.captureConversation(context, deps, 'members-added');
    const people = added.filter((m) => m.id !== botId);
    if (people.length > 0 && kindOf(activity) !== 'personal') {
      for (const member of people) await this.captureMember(context, deps, member, 'members-added');
    }
    if ((activity.membersRemoved ?? []).some((m) => m.id === botId)) {
      await this.deactivateConversation(context, deps, 'removed the bot from the conversation');
    }
  }

  /** The conversation the activity came from; in a channel or group chat, also its author. */
  private async captureConversation(context: TurnContext, deps: CaptureDependencies, source: NonNullable<ConversationRefRecord['source']>): Promise<void> {
    const activity = context.activity;
    const kind = kindOf(activity);
    const snapshot = await deps.store.snapshot();
    if (kind === 'personal') {
      const from = activity.from;
      if (!from?.id) return;
      const personId = await this.personOf(context, deps, snapshot);
      await this.upsert(deps, {
        ...this.base(activity, kind, source),
        id: `personal:${from.id}`,
        personId,
        aadObjectId: from.aadObjectId,
        userId: from.id,
        userName: from.name,
        conversationId: activity.conversation.id,
      });
      return;
    }
    const conversationId = channelConversationId(activity);
    await this.upsert(deps, {
      ...this.base(activity, kind, source),
      id: `${kind}:${conversationId}`,
      conversationId,
      teamId: teamIdOf(activity),
    });
    if (activity.type === 'message' && activity.from?.id) await this.captureMember(context, deps, activity.from, 'channel-member');
  }

  /**
   * A person seen in a team or group chat: stored so the bot can open a personal chat with them,
   * unless a personal chat is already known (a record from a real 1:1 chat is never downgraded).
   */
  private async captureMember(context: TurnContext, deps: CaptureDependencies, member: ChannelAccount, source: 'members-added' | 'channel-member'): Promise<void> {
    const snapshot = await deps.store.snapshot();
    const id = `personal:${member.id}`;
    const existing = refIndex(snapshot).byId.get(id);
    if (existing?.conversationId) return;
    if (existing && !existing.active) return; // blocked or uninstalled: only the person's own message re-activates it
    const personId = await this.personOf(asMember(context, member), deps, snapshot);
    await this.upsert(deps, {
      ...this.base(context.activity, 'personal', source),
      id,
      personId,
      aadObjectId: member.aadObjectId,
      userId: member.id,
      userName: member.name,
    });
  }

  private base(activity: Partial<Activity>, kind: Kind, source: NonNullable<ConversationRefRecord['source']>) {
    return {
      kind,
      serviceUrl: activity.serviceUrl!,
      tenantId: tenantIdOf(activity),
      channelId: activity.channelId ?? 'msteams',
      botId: activity.recipient?.id,
      botName: activity.recipient?.name,
      active: true,
      source,
    };
  }

  private async personOf(context: TurnContext, deps: CaptureDependencies, snapshot: Snapshot): Promise<string | undefined> {
    try {
      return (await deps.identity.resolve(context, snapshot)).person?.id;
    } catch (error) {
      deps.log.debug({ err: (error as Error).message }, 'identity lookup for a conversation reference failed');
      return undefined;
    }
  }

  /** Writes the record only if something a sender relies on changed. */
  private async upsert(deps: CaptureDependencies, candidate: Omit<ConversationRefRecord, 'updatedAt'>): Promise<void> {
    const snapshot = await deps.store.snapshot();
    const existing = refIndex(snapshot).byId.get(candidate.id);
    const merged: ConversationRefRecord = {
      ...existing,
      ...stripUndefined(candidate),
      // Keep what we knew when this event does not say (a later event may lack the person link).
      personId: candidate.personId ?? existing?.personId,
      inactiveReason: undefined,
      // The first way we learnt of a reference is kept: it says whether the person chose to install.
      source: existing?.source ?? candidate.source,
      updatedAt: deps.clock().toISOString(),
    };
    if (existing && sameReference(existing, merged)) return;
    await deps.store.transact('conversation-refs:capture', (tx) => {
      tx.extPut(CONVERSATION_REFS_COLLECTION, stripUndefined(merged) as ConversationRefRecord);
    });
    deps.log.info({ ref: merged.id, kind: merged.kind, personId: merged.personId, active: true, was: existing ? (existing.active ? 'active' : 'inactive') : 'new' }, 'conversation reference stored');
  }

  private async deactivateConversation(context: TurnContext, deps: CaptureDependencies, reason: string): Promise<void> {
    const activity = context.activity;
    const snapshot = await deps.store.snapshot();
    const index = refIndex(snapshot);
    const kind = kindOf(activity);
    const ids: string[] = [];
    if (kind === 'personal') {
      if (activity.from?.id) ids.push(`personal:${activity.from.id}`);
    } else {
      const conversationId = channelConversationId(activity);
      ids.push(`${kind}:${conversationId}`);
      // Removing the app from a team removes it from every channel of that team.
      const teamId = teamIdOf(activity);
      if (teamId) for (const record of index.byId.values()) if (record.teamId === teamId && record.kind === 'channel') ids.push(record.id);
    }
    const existing = [...new Set(ids)].filter((id) => index.byId.has(id));
    const changed = await markRefsInactive(deps.store, existing, `${reason} on ${deps.clock().toISOString().slice(0, 10)}`, deps.clock());
    if (changed) deps.log.info({ refs: existing, reason }, 'conversation references marked inactive');
  }
}

/** The same reading as the bot's (conversation-kind.ts): an odd spelling is a channel, never a personal chat. */
function kindOf(activity: Partial<Activity>): Kind {
  return conversationKindOf(activity.conversation);
}

/** A reply thread's id is "<channel id>;messageid=<n>": a proactive post goes to the channel itself. */
function channelConversationId(activity: Partial<Activity>): string {
  return activity.conversation!.id.split(';')[0]!;
}

function tenantIdOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return channelData?.tenant?.id ?? activity.conversation?.tenantId;
}

function teamIdOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { team?: { id?: string } } | undefined;
  return channelData?.team?.id;
}

/** The same turn, seen as if `member` had sent it: lets identity.ts look up someone other than the sender. */
function asMember(context: TurnContext, member: ChannelAccount): TurnContext {
  const activity = { ...context.activity, from: member };
  return new Proxy(context, {
    get(target, property) {
      if (property === 'activity') return activity;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const COMPARED: (keyof ConversationRefRecord)[] = [
  'kind',
  'personId',
  'aadObjectId',
  'userId',
  'userName',
  'conversationId',
  'serviceUrl',
  'tenantId',
  'channelId',
  'teamId',
  'botId',
  'botName',
  'active',
];

function sameReference(a: ConversationRefRecord, b: ConversationRefRecord): boolean {
  return COMPARED.every((key) => (a[key] ?? undefined) === (b[key] ?? undefined));
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
