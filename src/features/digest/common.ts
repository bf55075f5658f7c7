/**
 * Pieces every digest command shares: the digest settings in force, the replies for an unknown
 * asker, a shared conversation and a refusal, the audit entry, and how a schedule is described.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import { describeCron, describeSchedule, type DigestPreference } from '../../domain/digest/schedule.js';
import type { AuditEntry } from '../../domain/model.js';
import { DIGEST_FEATURE, pickSettings, type DigestService, type DigestSettings } from './digest-service.js';
import { messageReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';

const DEFAULT_SETTINGS: DigestSettings = { DIGEST_CRON: '0 8 * * 1', DIGEST_DUE_WEEKS: 4, DIGEST_STALE_WEEKS: 12, DIGEST_SEND_EMPTY: false, ADMIN_EMAILS: [] };

export function settingsOf(ctx: ChatContext): DigestSettings {
  const service = ctx.services.features[DIGEST_FEATURE] as DigestService | undefined;
  if (service) return service.settings;
  const config = ctx.services.features.config as Config | undefined;
  return config ? pickSettings(config) : DEFAULT_SETTINGS;
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

export function currentSchedule(ctx: ChatContext, preference: DigestPreference | undefined): string {
  return preference?.schedule ? describeSchedule(preference.schedule) : describeCron(settingsOf(ctx).DIGEST_CRON);
}

export function refuse(title: string, reason: string): Reply {
  return messageReply({ title, body: `Sorry: ${reason}.`, notes: ['Your own digest: say "show my digest".'] });
}
