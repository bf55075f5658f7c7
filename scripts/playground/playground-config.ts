/**
 * Builds the Microsoft 365 Agents Playground's configuration file (its `.m365agentsplayground.yml`)
 * from people in our own data, so that the person chatting in the Playground is a real demo person
 * (by default Tilly Flanagan, a delivery lead) and the bot recognises them exactly as it would in
 * Teams: the Playground's mocked connector answers TeamsInfo.getMember with this email.
 *
 * The file is written as JSON, which is valid YAML 1.2 (the Playground parses it with `yaml`), so
 * names with quotes or colons need no YAML escaping.
 */
import { createHash } from 'node:crypto';
import type { Person } from '../../src/domain/model.js';

/** What the Playground's JSON schema requires of every user. */
export interface PlaygroundUser {
  id: string;
  name: string;
  /** Sic: the Playground's schema spells it "Principle". */
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

export interface PlaygroundConfigFile {
  version: string;
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: Array<{ id: string; name: string }> };
}

export const PLAYGROUND_TENANT_ID = '00000000-0000-4000-8000-00000000c0c1';

/**
 * A fixed, GUID-shaped Entra object id for a demo person, the same on every run, so the identity
 * link the bot stores (AAD object id → person) stays valid when the data folder is kept.
 */
export function stableAadObjectId(personId: string): string {
  const hex = createHash('sha256').update(`council-actions-playground:${personId}`).digest('hex');
  // Shaped as a version-4, variant-1 GUID so that anything validating GUIDs accepts it.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function playgroundUser(person: Person): PlaygroundUser {
  if (!person.email) throw new Error(`${person.name} (${person.id}) has no email, so the bot could not recognise them; choose someone with an email`);
  const parts = person.name.trim().split(/\s+/);
  return {
    // Teams user ids look like "29:…"; any unique string works in the Playground.
    id: `29:playground-${person.id}`,
    name: person.name,
    userPrincipleName: person.email,
    aadObjectId: stableAadObjectId(person.id),
    givenName: parts[0] ?? person.name,
    surname: parts.slice(1).join(' ') || person.name,
    email: person.email,
  };
}

/** The Playground's schema allows at most five other users. */
export const MAX_OTHER_USERS = 5;

/** People worth having in the mocked team: the admins of the demo data and a few action leads. */
const PREFERRED_OTHERS = ['heather-greenan', 'nick-pountney', 'joe-sullivan', 'colin-greatorex', 'andrew-donaldson', 'tilly-flanagan'];

/**
 * The Playground configuration for `current` chatting with the bot; up to five of `people` become
 * the other members of the mocked group chat and team (the Playground lists them in its UI).
 */
export function playgroundConfig(current: Person, people: readonly Person[]): PlaygroundConfigFile {
  // The Playground rejects a file whose currentUser also appears among the users.
  const candidates = people.filter((p) => p.id !== current.id && p.email);
  const rank = (p: Person) => {
    const i = PREFERRED_OTHERS.indexOf(p.id);
    return i < 0 ? PREFERRED_OTHERS.length : i;
  };
  const users = [...candidates]
    .sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id))
    .slice(0, MAX_OTHER_USERS)
    .map(playgroundUser);
  return {
    version: '0.1.1',
    tenantId: PLAYGROUND_TENANT_ID,
    bot: { id: '28:council-actions-bot', name: 'Council Actions' },
    currentUser: playgroundUser(current),
    users,
    personalChat: { id: `a:playground-personal-${current.id}` },
    groupChat: { id: '19:playground-group@thread.v2', name: 'Improvement plan leads' },
    team: {
      id: '19:playground-general@thread.tacv2',
      name: 'Corporate Review Committee',
      aadGroupId: '00000000-0000-4000-8000-00000000c0c2',
      channels: [{ id: '19:playground-scrutiny@thread.tacv2', name: 'Scrutiny' }],
    },
  };
}
