/**
 * What every admin command needs: who is asking and may they (admin scope, personal chat only), the
 * audit entry for a change, the reply when a write loses a race, and two wording helpers.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import type { AuditEntry, Person } from '../../domain/model.js';
import { adminScopeOf, isAnyAdmin, type AdminScope } from '../../domain/roles.js';
import { VersionConflictError } from '../../store/store.js';
import { messageReply } from '../reply.js';
import type { ChatContext, Reply } from '../types.js';

export function adminEmails(ctx: ChatContext): readonly string[] {
  return (ctx.services.features.config as Config | undefined)?.ADMIN_EMAILS ?? [];
}

export function scopeOf(ctx: ChatContext): AdminScope {
  return adminScopeOf(ctx.snapshot, { person: ctx.asker.person, email: ctx.asker.email, aadGroupIds: ctx.asker.aadGroupIds }, adminEmails(ctx));
}

export function actorLabel(ctx: ChatContext): string {
  const name = ctx.asker.person?.name ?? ctx.asker.displayName;
  const email = ctx.asker.email ?? ctx.asker.person?.email;
  return email ? `${name} (${email})` : name;
}

/** Refuses non-admins and channels; undefined when the command may go ahead. */
export function adminGuard(ctx: ChatContext, what: string): Reply | undefined {
  if (!isAnyAdmin(scopeOf(ctx))) {
    return messageReply({
      title: `Only plan admins and democratic services admins can ${what}.`,
      body: 'Nothing was changed. Say "who are the admins?" to see who can help.',
      choices: [{ title: 'Who are the admins?', ask: 'who are the admins?' }],
    });
  }
  if (ctx.conversation.kind !== 'personal') {
    return messageReply({
      title: 'Admin commands work only in a personal chat with me.',
      body: 'Their answers include people\'s emails and roles, so I do not post them here. Nothing was changed; send the same message to me in a personal chat.',
    });
  }
  return undefined;
}

export function audit(ctx: ChatContext, command: string, entity: string, entityId: string, before: unknown, after: unknown, note?: string): AuditEntry {
  return {
    id: randomUUID(),
    at: ctx.now.toISOString(),
    actorId: ctx.asker.person?.id ?? ctx.asker.aadObjectId,
    actorName: actorLabel(ctx),
    command,
    entity,
    entityId,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
    ...(note ? { note } : {}),
  };
}

export function conflictReply(error: unknown): Reply {
  if (error instanceof VersionConflictError) {
    return messageReply({ title: 'Someone changed this at the same moment.', body: 'Nothing was saved. Please send the command again.' });
  }
  throw error;
}

export function personChoiceTitle(person: Person): string {
  const detail = person.jobTitle ?? person.email ?? person.roleNotes[0];
  return detail ? `${person.name} (${detail.length > 40 ? `${detail.slice(0, 37)}...` : detail})` : person.name;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
