/**
 * "Who is unmapped?": the owners in the plans whom the bot cannot recognise or message.
 * - people who own actions but have no account (no email, no AAD object id, no Teams link);
 * - owner names that match no person at all (typed differently in a cell, or new after an import);
 * - groups ("SDMs"): they cannot be linked to one account, so they are listed with their actions;
 * - spelling variants already folded into one person ("Darryl Eyers" for Darryl Evers), to check;
 * - other people named in the data (committee members, officers) without an account.
 * Owners with only an email are not unmapped: they are recognised by that email when they first
 * message the bot, and "link people from the directory" can fill in their AAD id beforehand.
 */
import type { Action, Person } from './model.js';
import { hasAccount, unmatchedOwnerNames } from './people-links.js';
import type { Snapshot } from './snapshot.js';

export interface UnmappedReport {
  owners: { person: Person; actions: Action[] }[];
  unmatchedNames: { name: string; actions: Action[] }[];
  groups: { group: string; actions: Action[] }[];
  variants: { person: Person; aliases: string[] }[];
  others: Person[];
  /** Owners known by email only (no AAD id, not yet seen in Teams). */
  emailOnly: Person[];
}

export function unmappedReport(snapshot: Snapshot, visible: (actions: readonly Action[]) => Action[]): UnmappedReport {
  const links = snapshot.data.identityLinks;
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const owners: UnmappedReport['owners'] = [];
  const emailOnly: Person[] = [];
  const others: Person[] = [];
  for (const person of snapshot.people) {
    const owned = snapshot.actionsOwnedBy(person.id);
    if (!hasAccount(person, links)) {
      if (owned.length > 0) owners.push({ person, actions: visible(owned) });
      else others.push(person);
    } else if (owned.length > 0 && !person.aadObjectId && !links.some((l) => l.personId === person.id)) {
      emailOnly.push(person);
    }
  }
  return {
    owners: owners.sort((a, b) => byName(a.person, b.person)),
    unmatchedNames: unmatchedOwnerNames(snapshot).map((e) => ({ name: e.name, actions: visible(e.actions) })),
    groups: snapshot
      .ownerGroups()
      .map((group) => ({ group, actions: visible(snapshot.actionsOwnedByGroup(group)) }))
      .sort((a, b) => a.group.localeCompare(b.group)),
    variants: snapshot.people.filter((p) => p.aliases.length > 0).map((person) => ({ person, aliases: person.aliases })).sort((a, b) => byName(a.person, b.person)),
    others: others.sort(byName),
    emailOnly: emailOnly.sort(byName),
  };
}
