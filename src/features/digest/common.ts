/**
 * Pieces every digest command shares: what the commands are built from, the replies for an unknown
 * asker, a shared conversation and a refusal, the audit entry, and how a schedule is described.
 */
import { randomUUID } from 'node:crypto';
import { describeCron, describeSchedule, type DigestPreference } from '../../domain/digest/schedule.js';
import type { AuditEntry } from '../../domain/model.js';
import type { Logger } from '../../log.js';
import type { ProactiveSender } from '../../outbound/types.js';
import type { Store } from '../../store/store.js';
import type { DigestService } from './service.js';
import { messageReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';

/** What the digest commands are built from (the feature's index.ts makes one). */
export interface DigestDeps {
  /** The running digest service; its settings are the ones in force. */
  service: DigestService;
  store: Store;
  log: Logger;
  sender: ProactiveSender;
}

export function unknownUser(ctx: ChatContext): Reply {
  return messageReply({
    title: "I don't know who you are yet, so I can't tell which digest is yours.",
    body: `Your Teams account (${ctx.asker.displayName}) is not linked to anyone in the plans. Ask a plan admin to link you, or check that your Teams email matches the one in the plan.`,
  });
}

export function personalOnly(): Reply {
  return messageReply({
    title: 'Your digest settings are personal.',
    body: 'Message me in a personal chat to see, stop or move your digest, so they are not changed from a shared conversation.',
  });
}

export function audit(ctx: ChatContext, entry: Omit<AuditEntry, 'id' | 'at' | 'actorId' | 'actorName'>): AuditEntry {
  return { id: `audit-${randomUUID()}`, at: ctx.now.toISOString(), actorId: ctx.asker.person?.id, actorName: ctx.asker.displayName, ...entry };
}

export function currentSchedule(deps: DigestDeps, preference: DigestPreference | undefined): string {
  return preference?.schedule ? describeSchedule(preference.schedule) : describeCron(deps.service.settings.DIGEST_CRON);
}

export function refuse(title: string, reason: string): Reply {
  return messageReply({ title, body: `Sorry: ${reason}.`, notes: ['Your own digest: say "show my digest".'] });
}
