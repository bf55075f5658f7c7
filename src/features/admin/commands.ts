/**
 * The admin feature's writes: grant and remove roles, link a person to an account, attach an owner
 * name to a person, and record the accounts found in the directory. Each command validates its
 * input with zod, lets the core decide (domain/role-admin.ts, domain/people-links.ts), writes in one
 * transaction with its audit entries (store/audited-write.ts), and returns an outcome the answers
 * put into words.
 *
 * `ctx` is who is asking, when, and the snapshot they were answered from: the core decides on that
 * snapshot, and the transaction's version checks make sure nothing changed since.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { RoleName, type Action, type AuditEntry, type Person, type RoleGrant } from '../../domain/model.js';
import { mayLinkPerson, newPersonId, planOwnerNameLink, planPersonLink, type Account } from '../../domain/people-links.js';
import { describeRole, describeTarget, planGrant, planRevoke, type RoleTarget } from '../../domain/role-admin.js';
import { plural } from '../../domain/uk-format.js';
import { parseCommand, unchanged, writeAudited, written, type InvalidCommand, type WriteFailure } from '../../store/audited-write.js';
import { VersionConflictError } from '../../store/store.js';
import { actorLabel } from '../../chat/audit.js';
import type { ChatContext } from '../../chat/types.js';
import { type AdminDeps, audit, scopeOf } from './common.js';

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------

const RoleTargetInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), personId: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('email'), email: z.string().min(3).max(254) }),
  z.object({ kind: z.literal('group'), aadGroupId: z.string().min(1).max(200) }),
]);

export const RoleChangeCommand = z.object({
  role: RoleName,
  /** Plan admin of one plan; absent: of every plan (and always for the other roles). */
  planId: z.string().min(1).max(200).optional(),
  target: RoleTargetInput,
});
export type RoleChangeCommand = z.infer<typeof RoleChangeCommand>;

export type GrantOutcome =
  | { kind: 'granted'; grant: RoleGrant; target: RoleTarget }
  | { kind: 'refused'; reason: string }
  | { kind: 'already'; how: string }
  | InvalidCommand
  | WriteFailure;

export type RevokeOutcome =
  | { kind: 'revoked'; target: RoleTarget }
  | { kind: 'refused'; reason: string }
  | { kind: 'not-held'; hint?: string }
  | InvalidCommand
  | WriteFailure;

function unknownPerson(personId: string): InvalidCommand {
  return { kind: 'invalid', problems: [`There is nobody with the id ${personId}.`] };
}

function roleChange(ctx: ChatContext, input: unknown): { ok: true; role: RoleName; planId?: string; target: RoleTarget } | { ok: false; invalid: InvalidCommand } {
  const parsed = parseCommand(RoleChangeCommand, input);
  if (!parsed.ok) return parsed;
  const { role, planId, target } = parsed.command;
  if (target.kind !== 'person') return { ok: true, role, planId, target };
  const person = ctx.snapshot.person(target.personId);
  if (!person) return { ok: false, invalid: unknownPerson(target.personId) };
  return { ok: true, role, planId, target: { kind: 'person', person } };
}

/** The admin scope and label the core decides with: who is asking, as the audit log names them. */
function roleActor(deps: AdminDeps, ctx: ChatContext) {
  return { scope: scopeOf(deps, ctx), label: actorLabel(ctx) };
}

export async function grantRole(deps: AdminDeps, input: unknown, ctx: ChatContext): Promise<GrantOutcome> {
  const change = roleChange(ctx, input);
  if (!change.ok) return change.invalid;
  const decision = planGrant(ctx.snapshot, change, roleActor(deps, ctx), deps.adminEmails, ctx.now, `grant-${randomUUID()}`);
  if (decision.kind !== 'grant') return decision;
  const grant = decision.grant;
  const note = `${describeTarget(change.target)} made ${describeRole(ctx.snapshot, change.role, change.planId)}`;
  return writeAudited(deps, 'grant-role', (tx) => {
    tx.put('roleGrants', grant);
    return written<GrantOutcome>({ kind: 'granted', grant, target: change.target }, audit(ctx, 'grant-role', 'roleGrant', grant.id, undefined, grant, note));
  });
}

export async function revokeRole(deps: AdminDeps, input: unknown, ctx: ChatContext): Promise<RevokeOutcome> {
  const change = roleChange(ctx, input);
  if (!change.ok) return change.invalid;
  const decision = planRevoke(ctx.snapshot, change, roleActor(deps, ctx), deps.adminEmails);
  if (decision.kind !== 'revoke') return decision;
  const who = describeTarget(change.target);
  const roleText = describeRole(ctx.snapshot, change.role, change.planId);
  return writeAudited(deps, 'revoke-role', (tx) => {
    const entries = decision.grants.map((grant) => {
      tx.delete('roleGrants', grant.id);
      return audit(ctx, 'revoke-role', 'roleGrant', grant.id, grant, undefined, `${who} removed as ${roleText}`);
    });
    for (const plan of decision.fromPlanAdminLists) {
      const current = tx.get('plans', plan.id) ?? plan;
      const personId = change.target.kind === 'person' ? change.target.person.id : '';
      const after = { ...current, adminIds: current.adminIds.filter((id) => id !== personId) };
      tx.put('plans', after);
      entries.push(audit(ctx, 'revoke-role', 'plan', plan.id, { adminIds: current.adminIds }, { adminIds: after.adminIds }, `${who} removed from the plan's admins`));
    }
    return written<RevokeOutcome>({ kind: 'revoked', target: change.target }, ...entries);
  });
}

// ---------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------

const AccountInput = z.object({
  email: z.string().min(3).max(254),
  aadObjectId: z.string().min(1).max(200).optional(),
  displayName: z.string().max(500).optional(),
});

export const LinkPersonCommand = z.object({ personId: z.string().min(1).max(200), account: AccountInput });

export type LinkPersonOutcome =
  | { kind: 'linked'; person: Person; after: Person; dropLinks: string[] }
  | { kind: 'refused'; reason: string }
  | { kind: 'unchanged'; reason: string }
  | InvalidCommand
  | WriteFailure;

/** Links a person in the plans to an account (an email, and the Teams account when known). */
export async function linkPerson(deps: AdminDeps, input: unknown, ctx: ChatContext): Promise<LinkPersonOutcome> {
  const parsed = parseCommand(LinkPersonCommand, input);
  if (!parsed.ok) return parsed.invalid;
  const person = ctx.snapshot.person(parsed.command.personId);
  if (!person) return unknownPerson(parsed.command.personId);
  const decision = planPersonLink(ctx.snapshot, person, parsed.command.account, scopeOf(deps, ctx), deps.adminEmails);
  if (decision.kind !== 'link') return decision;
  return writeAudited(deps, 'link-person', (tx) => {
    // Someone else took the address since the question was read: the same as a version conflict.
    const taken = tx.list('people').find((p) => p.id !== person.id && p.email?.toLowerCase() === decision.after.email);
    if (taken) throw new VersionConflictError('people', taken.id, 0, 0);
    tx.put('people', decision.after, { expectedVersion: decision.before.version });
    for (const aad of decision.dropLinks) tx.unlinkIdentity(aad);
    const entry = audit(
      ctx,
      'link-person',
      'person',
      person.id,
      { email: decision.before.email, aadObjectId: decision.before.aadObjectId },
      { email: decision.after.email, aadObjectId: decision.after.aadObjectId },
      decision.dropLinks.length ? `unlinked ${plural(decision.dropLinks.length, 'Teams account')} of the previous address` : undefined,
    );
    return written<LinkPersonOutcome>({ kind: 'linked', person, after: decision.after, dropLinks: decision.dropLinks }, entry);
  });
}

export const LinkOwnerNameCommand = z.object({ ownerName: z.string().min(1).max(500), account: AccountInput });

export type LinkOwnerNameOutcome =
  | { kind: 'attached'; person: Person; personBefore?: Person; actions: { before: Action; after: Action }[] }
  | { kind: 'refused'; reason: string }
  | InvalidCommand
  | WriteFailure;

/** Attaches an owner name that matches nobody ("Darryl Eyers" in a cell) to a person with that account. */
export async function linkOwnerName(deps: AdminDeps, input: unknown, ctx: ChatContext): Promise<LinkOwnerNameOutcome> {
  const parsed = parseCommand(LinkOwnerNameCommand, input);
  if (!parsed.ok) return parsed.invalid;
  const { ownerName: name, account } = parsed.command;
  const decision = planOwnerNameLink(ctx.snapshot, name, account, scopeOf(deps, ctx), deps.adminEmails, newPersonId(ctx.snapshot, name));
  if (decision.kind === 'refused') return decision;
  return writeAudited(deps, 'link-owner-name', (tx) => {
    if (decision.personBefore) tx.put('people', decision.person, { expectedVersion: decision.personBefore.version });
    else tx.put('people', decision.person);
    const entries = [audit(ctx, 'link-owner-name', 'person', decision.person.id, decision.personBefore, decision.person, `owner name "${name}" linked to ${account.email}`)];
    for (const { before, after } of decision.actions) {
      tx.put('actions', after, { expectedVersion: before.version });
      entries.push(audit(ctx, 'link-owner-name', 'action', before.id, { owners: before.owners }, { owners: after.owners }, `owner "${name}" is ${decision.person.name}`));
    }
    return written<LinkOwnerNameOutcome>({ kind: 'attached', person: decision.person, personBefore: decision.personBefore, actions: decision.actions }, ...entries);
  });
}

export const DirectoryLinksCommand = z.object({
  links: z
    .array(
      z.object({
        personId: z.string().min(1).max(200),
        /** The person's version when they were looked up: a person changed since is left alone. */
        version: z.number().int().min(0),
        account: AccountInput,
        /** Found by their name, or their email confirmed (and the Teams account recorded). */
        how: z.enum(['matched-by-name', 'email-confirmed']),
      }),
    )
    .max(10_000),
});
export type DirectoryLink = z.infer<typeof DirectoryLinksCommand>['links'][number];

export type DirectoryLinksOutcome =
  | { kind: 'recorded'; written: DirectoryLink[]; changedMeanwhile: DirectoryLink[] }
  | { kind: 'refused'; reason: string }
  | InvalidCommand
  | WriteFailure;

/** Records the accounts a directory look-up found; anyone changed or taken meanwhile is left as they are. */
export async function recordDirectoryLinks(deps: AdminDeps, input: unknown, ctx: ChatContext): Promise<DirectoryLinksOutcome> {
  const parsed = parseCommand(DirectoryLinksCommand, input);
  if (!parsed.ok) return parsed.invalid;
  const { links } = parsed.command;
  const scope = scopeOf(deps, ctx);
  for (const link of links) {
    const person = ctx.snapshot.person(link.personId);
    const permission = person ? mayLinkPerson(ctx.snapshot, scope, person, deps.adminEmails) : { allowed: false as const, reason: `there is nobody with the id ${link.personId}` };
    if (!permission.allowed) return { kind: 'refused', reason: permission.reason };
  }
  if (links.length === 0) return { kind: 'recorded', written: [], changedMeanwhile: [] };
  return writeAudited(deps, 'link-from-directory', (tx) => {
    const done: DirectoryLink[] = [];
    const changedMeanwhile: DirectoryLink[] = [];
    const entries: AuditEntry[] = [];
    for (const link of links) {
      const current = tx.get('people', link.personId);
      const account: Account = link.account;
      const emailTaken = tx.list('people').some((p) => p.id !== link.personId && p.email?.toLowerCase() === account.email.toLowerCase());
      const aadTaken = account.aadObjectId && tx.list('people').some((p) => p.id !== link.personId && p.aadObjectId === account.aadObjectId);
      const aadLinkedElsewhere = account.aadObjectId && tx.identityLinks().some((l) => l.aadObjectId === account.aadObjectId && l.personId !== link.personId);
      if (!current || current.version !== link.version || emailTaken || aadTaken || aadLinkedElsewhere) {
        changedMeanwhile.push(link);
        continue;
      }
      const after: Person = { ...current, email: account.email.toLowerCase(), ...(account.aadObjectId ? { aadObjectId: account.aadObjectId } : {}) };
      tx.put('people', after, { expectedVersion: current.version });
      const note = link.how === 'matched-by-name' ? `matched by name to "${account.displayName}"` : 'email confirmed in the directory';
      entries.push(audit(ctx, 'link-from-directory', 'person', current.id, { email: current.email, aadObjectId: current.aadObjectId }, { email: after.email, aadObjectId: after.aadObjectId }, note));
      done.push(link);
    }
    const outcome: DirectoryLinksOutcome = { kind: 'recorded', written: done, changedMeanwhile };
    return entries.length ? written(outcome, ...entries) : unchanged(outcome);
  });
}
