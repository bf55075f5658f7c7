/**
 * What every admin command needs: who is asking and may they (admin scope, personal chat only), the
 * audit entry for a change, and two wording helpers.
 */
import type { Directory } from '../../directory/directory.js';
import type { AuditEntry, Person } from '../../domain/model.js';
import { adminScopeOf, isAnyAdmin, type AdminScope } from '../../domain/roles.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/store.js';
import { auditEntry } from '../../chat/audit.js';
import { messageReply } from '../../chat/reply.js';
import type { OwnerRef, Resolution } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';

/** What the admin commands are built from (the feature's index.ts makes one). */
export interface AdminDeps {
  store: Store;
  /** Where a write the store refused is reported. */
  log: Logger;
  /** Microsoft Graph, or the off directory. */
  directory: Directory;
  /** ADMIN_EMAILS: the first admins, admins of every plan. */
  adminEmails: readonly string[];
}

export function scopeOf(deps: AdminDeps, ctx: ChatContext): AdminScope {
  return adminScopeOf(ctx.snapshot, { person: ctx.asker.person, email: ctx.asker.email, aadGroupIds: ctx.asker.aadGroupIds }, deps.adminEmails);
}

/** Refuses non-admins and channels; undefined when the command may go ahead. */
export function adminGuard(deps: AdminDeps, ctx: ChatContext, what: string): Reply | undefined {
  if (!isAnyAdmin(scopeOf(deps, ctx))) {
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
  return auditEntry(ctx, { command, entity, entityId, before, after, note });
}

export function personChoiceTitle(person: Person): string {
  const detail = person.jobTitle ?? person.email ?? person.roleNotes[0];
  return detail ? `${person.name} (${detail.length > 40 ? `${detail.slice(0, 37)}...` : detail})` : person.name;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * For a name that did not resolve to one person: "who do you mean?" with the candidates, or "I don't
 * know anyone called …" with suggestions and `unknownHint`. `retry` re-asks the command for a person.
 */
export function whichPersonReply(words: string, result: Resolution<OwnerRef>, retry: (person: Person) => string, unknownHint: string): Reply {
  if (result.kind === 'many') {
    const people = result.options.filter((o) => o.kind === 'person').map((o) => o.person);
    return messageReply({
      title: `"${words}" matches more than one person. Who do you mean?`,
      body: 'Nothing was changed yet.',
      choices: people.slice(0, 5).map((p) => ({ title: personChoiceTitle(p), ask: retry(p) })),
    });
  }
  const suggestions = result.kind === 'none' ? result.suggestions.filter((o) => o.kind === 'person').map((o) => o.person) : [];
  return messageReply({
    title: `I don't know anyone called "${words}" in the plans.`,
    body: suggestions.length ? 'Did you mean one of these? Nothing was changed.' : `${unknownHint} Nothing was changed.`,
    choices: suggestions.map((p) => ({ title: personChoiceTitle(p), ask: retry(p) })),
  });
}
