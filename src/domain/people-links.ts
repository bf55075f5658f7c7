/**
 * Linking the people named in plans to real accounts (an email, and the AAD object id when the
 * directory knows it), so leads are recognised when they message the bot and can be messaged.
 * Pure rules: who may link whom, what a link changes, and which directory entries are the same
 * person. The chat layer (features/admin/) does the look-ups and the audited write.
 *
 * Linking decides whose Teams account holds a person's rights, so it is guarded like a role grant:
 * - a democratic services admin may link anyone;
 * - a plan admin may link people whose actions are all in plans they administer, unless that person
 *   holds an admin role (changing an admin's account would hand over their rights).
 */
import type { Action, IdentityLink, Person } from './model.js';
import type { Permission } from './role-admin.js';
import { administersPlan, grantsHeldBy, type AdminScope } from './roles.js';
import type { Snapshot } from './snapshot.js';

export interface Account {
  email: string;
  aadObjectId?: string;
  /** The directory's display name, when the account came from the directory. */
  displayName?: string;
}

export type LinkPlan =
  | { kind: 'refused'; reason: string }
  | { kind: 'unchanged'; reason: string }
  | { kind: 'link'; before: Person; after: Person; /** Teams accounts linked to the old account, to unlink. */ dropLinks: string[] };

export type OwnerNameLinkPlan =
  | { kind: 'refused'; reason: string }
  | {
      kind: 'attach';
      /** The person after the change (new, or existing with the name added as an alias). */
      person: Person;
      personBefore?: Person;
      actions: { before: Action; after: Action }[];
    };

const EMAIL = /^[^\s@<>()[\],;:"]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** A plausible email address, lower-cased; undefined when it is not one. */
export function normaliseEmail(text: string): string | undefined {
  const email = text.trim().replace(/^<|>$/g, '').replace(/^mailto:/i, '').toLowerCase();
  return EMAIL.test(email) && email.length <= 254 ? email : undefined;
}

/** A person has an account when we know an email, an AAD object id, or a Teams user was linked. */
export function hasAccount(person: Person, links: readonly IdentityLink[]): boolean {
  return Boolean(person.email || person.aadObjectId || links.some((l) => l.personId === person.id));
}

function holdsAdminRole(snapshot: Snapshot, person: Person, adminEmails: readonly string[]): boolean {
  if (person.email && adminEmails.includes(person.email.toLowerCase())) return true;
  if (grantsHeldBy(snapshot, { person }).some((g) => g.role === 'plan-admin' || g.role === 'democratic-services-admin')) return true;
  return snapshot.plans.some((p) => p.adminIds.includes(person.id));
}

function plansOfActions(actions: readonly Action[]): string[] {
  return [...new Set(actions.map((a) => a.planId))];
}

export function mayLinkPerson(snapshot: Snapshot, scope: AdminScope, person: Person, adminEmails: readonly string[]): Permission {
  if (scope.democraticServices) return { allowed: true };
  if (holdsAdminRole(snapshot, person, adminEmails)) {
    return { allowed: false, reason: `${person.name} holds an admin role, so only a democratic services admin can change which account is theirs` };
  }
  if (scope.allPlans) return { allowed: true };
  const plans = plansOfActions(snapshot.actionsOwnedBy(person.id));
  if (plans.length === 0) {
    return { allowed: false, reason: `${person.name} does not own actions in a plan you administer; ask a democratic services admin` };
  }
  const outside = plans.filter((id) => !administersPlan(scope, id));
  if (outside.length > 0) {
    const names = outside.map((id) => `the ${snapshot.plan(id)?.abbreviation ?? snapshot.plan(id)?.title ?? id}`);
    const some = outside.length < plans.length;
    return {
      allowed: false,
      reason: `${person.name} ${some ? 'also owns actions in' : 'owns actions only in'} ${names.join(' and ')}, which you do not administer; ask a democratic services admin`,
    };
  }
  return { allowed: true };
}

/** Which Teams accounts are linked to this person (stored links and the person's own AAD id). */
function linksOf(links: readonly IdentityLink[], personId: string): string[] {
  return links.filter((l) => l.personId === personId).map((l) => l.aadObjectId);
}

export function planPersonLink(
  snapshot: Snapshot,
  person: Person,
  account: Account,
  scope: AdminScope,
  adminEmails: readonly string[],
): LinkPlan {
  const permission = mayLinkPerson(snapshot, scope, person, adminEmails);
  if (!permission.allowed) return { kind: 'refused', reason: permission.reason };
  const email = normaliseEmail(account.email);
  if (!email) return { kind: 'refused', reason: `"${account.email}" is not an email address` };
  const owner = snapshot.personByEmail(email);
  if (owner && owner.id !== person.id) return { kind: 'refused', reason: `the email ${email} already belongs to ${owner.name}` };
  if (account.aadObjectId) {
    const other = snapshot.personByAadObjectId(account.aadObjectId);
    if (other && other.id !== person.id) return { kind: 'refused', reason: `that account is already linked to ${other.name}` };
  }
  const sameEmail = person.email?.toLowerCase() === email;
  if (sameEmail && (!account.aadObjectId || person.aadObjectId === account.aadObjectId)) {
    return { kind: 'unchanged', reason: `${person.name} is already linked to ${email}` };
  }
  // A new email is a different account: its AAD id (if we know it) replaces the old one, and Teams
  // users linked to the old account lose the link.
  const aadObjectId = account.aadObjectId ?? (sameEmail ? person.aadObjectId : undefined);
  const { aadObjectId: _old, ...rest } = person;
  const after: Person = aadObjectId ? { ...rest, email, aadObjectId } : { ...rest, email };
  const dropLinks = sameEmail && !person.aadObjectId ? [] : linksOf(snapshot.data.identityLinks, person.id).filter((aad) => aad !== aadObjectId);
  return { kind: 'link', before: person, after, dropLinks };
}

// ---------------------------------------------------------------------------------------------
// Owner names in plans that match no person ("Darryl Eyers" typed in a cell), e.g. after an import
// ---------------------------------------------------------------------------------------------

/** Owner cells naming nobody known: no person and not a group. Keyed by the folded name. */
export function unmatchedOwnerNames(snapshot: Snapshot): { name: string; actions: Action[] }[] {
  return snapshot.memo('people-links:unmatchedOwnerNames', () => {
    const byName = new Map<string, { name: string; actions: Action[] }>();
    for (const action of snapshot.actions) {
      for (const owner of action.owners) {
        if (owner.personId || owner.group || !owner.raw.trim()) continue;
        const key = foldName(owner.raw);
        const entry = byName.get(key) ?? { name: owner.raw.trim(), actions: [] };
        if (!entry.actions.includes(action)) entry.actions.push(action);
        byName.set(key, entry);
      }
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  });
}

/**
 * Attaches an unmatched owner name to a person: the existing person with that email (the name
 * becomes an alias: a spelling variant), or a new person. Every owner cell with that name then
 * points at the person.
 */
export function planOwnerNameLink(
  snapshot: Snapshot,
  name: string,
  account: Account,
  scope: AdminScope,
  adminEmails: readonly string[],
  newPersonId: string,
): OwnerNameLinkPlan {
  const entry = unmatchedOwnerNames(snapshot).find((e) => foldName(e.name) === foldName(name));
  if (!entry) return { kind: 'refused', reason: `no owner in the plans is written "${name}" without a matching person` };
  const email = normaliseEmail(account.email);
  if (!email) return { kind: 'refused', reason: `"${account.email}" is not an email address` };
  if (!scope.democraticServices && !scope.allPlans) {
    const outside = plansOfActions(entry.actions).filter((id) => !administersPlan(scope, id));
    if (outside.length) return { kind: 'refused', reason: `"${entry.name}" owns actions in plans you do not administer; ask a democratic services admin` };
  }
  const existing = snapshot.personByEmail(email) ?? (account.aadObjectId ? snapshot.personByAadObjectId(account.aadObjectId) : undefined);
  let person: Person;
  if (existing) {
    // Attaching the name only adds actions and an alias; filling in their AAD id changes their
    // account, so that part needs the right to link them.
    const mayChangeAccount = mayLinkPerson(snapshot, scope, existing, adminEmails).allowed;
    const isVariant = foldName(existing.name) !== foldName(entry.name) && !existing.aliases.some((a) => foldName(a) === foldName(entry.name));
    person = {
      ...existing,
      aliases: isVariant ? [...existing.aliases, entry.name] : existing.aliases,
      ...(mayChangeAccount && account.aadObjectId && !existing.aadObjectId ? { aadObjectId: account.aadObjectId } : {}),
    };
  } else {
    person = {
      id: newPersonId,
      name: account.displayName && namesMatch(entry.name, account.displayName) ? account.displayName : entry.name,
      aliases: account.displayName && foldName(account.displayName) !== foldName(entry.name) ? [entry.name] : [],
      email,
      ...(account.aadObjectId ? { aadObjectId: account.aadObjectId } : {}),
      kind: 'unknown',
      roleNotes: ['Linked by an admin from an owner name in a plan'],
      version: 1,
    };
  }
  const key = foldName(entry.name);
  const actions = entry.actions.map((before) => ({
    before,
    after: {
      ...before,
      owners: before.owners.map((o) => (!o.personId && !o.group && foldName(o.raw) === key ? { ...o, personId: person.id } : o)),
    },
  }));
  return { kind: 'attach', person, personBefore: existing, actions };
}

/** A person id from a name that no one has yet: "darryl-eyers", "darryl-eyers-2". */
export function newPersonId(snapshot: Snapshot, name: string): string {
  const base = foldName(name).replace(/ /g, '-').replace(/[^a-z0-9-]/g, '').slice(0, 60) || 'person';
  let id = base;
  for (let n = 2; snapshot.person(id); n += 1) id = `${base}-${n}`;
  return id;
}

// ---------------------------------------------------------------------------------------------
// Matching directory entries to names in plans
// ---------------------------------------------------------------------------------------------

/**
 * Lower-case words of a name with titles, punctuation and a trailing "(Department)" or
 * " - Department" removed; "Evers, Darryl" becomes "darryl evers".
 */
export function foldName(name: string): string {
  let text = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\([^)]*\)\s*$/, '')
    .replace(/\s+[-\u2013]\s+.*$/, '')
    .trim();
  const comma = /^([^,]+),\s*([^,]+)$/.exec(text);
  if (comma) text = `${comma[2]} ${comma[1]}`;
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' -]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !TITLES.has(w.replace(/\.$/, '')))
    .join(' ');
}

const TITLES = new Set(['cllr', 'councillor', 'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'dame']);

export function namesMatch(a: string, b: string): boolean {
  const x = foldName(a);
  return x.length > 0 && x === foldName(b);
}

/** Directory entries that are this person by name (their name or a recorded spelling variant). */
export function sameNameMatches<U extends { displayName: string }>(person: Pick<Person, 'name' | 'aliases'>, users: readonly U[]): U[] {
  const names = [person.name, ...person.aliases];
  return users.filter((u) => names.some((n) => namesMatch(n, u.displayName)));
}
