/**
 * The Agents Playground configuration `npm run playground` writes: the person chatting is a demo
 * person with the email the bot matches, a stable Entra object id, and a file the Playground accepts
 * (its schema allows five other users and no duplicate ids).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StoreData, type Person } from '../../src/domain/model.js';
import { MAX_OTHER_USERS, playgroundConfig, playgroundUser, stableAadObjectId } from '../../scripts/playground/playground-config.js';

const data = StoreData.parse(JSON.parse(readFileSync(new URL('../../data/demo/demo-data.json', import.meta.url), 'utf8')));
const person = (id: string): Person => {
  const found = data.people.find((p) => p.id === id);
  if (!found) throw new Error(`no demo person ${id}`);
  return found;
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Playground configuration for a demo person', () => {
  it('makes Tilly Flanagan the current user, with the email the bot recognises her by', () => {
    const config = playgroundConfig(person('tilly-flanagan'), data.people);
    expect(config.currentUser).toMatchObject({
      name: 'Tilly Flanagan',
      email: 'tilly.flanagan@council.example',
      userPrincipleName: 'tilly.flanagan@council.example',
      givenName: 'Tilly',
      surname: 'Flanagan',
    });
  });

  it('gives each person the same GUID-shaped object id on every run, different between people', () => {
    expect(stableAadObjectId('tilly-flanagan')).toBe(stableAadObjectId('tilly-flanagan'));
    expect(stableAadObjectId('tilly-flanagan')).toMatch(GUID);
    expect(stableAadObjectId('heather-greenan')).not.toBe(stableAadObjectId('tilly-flanagan'));
    expect(playgroundUser(person('heather-greenan')).aadObjectId).toBe(stableAadObjectId('heather-greenan'));
  });

  it('keeps within what the Playground accepts: at most five others, none of them the current user, unique ids', () => {
    for (const id of ['tilly-flanagan', 'heather-greenan', 'nick-pountney']) {
      const config = playgroundConfig(person(id), data.people);
      expect(config.users.length).toBe(MAX_OTHER_USERS);
      const userIds = [config.currentUser.id, ...config.users.map((u) => u.id)];
      expect(new Set(userIds).size).toBe(userIds.length);
      const chatIds = [config.personalChat.id, config.groupChat.id, config.team.id, ...config.team.channels.map((c) => c.id)];
      expect(new Set(chatIds).size).toBe(chatIds.length);
      expect(config.team.channels.length).toBeLessThanOrEqual(1);
      for (const user of [config.currentUser, ...config.users]) expect(user.email).toMatch(/@council\.example$/);
    }
  });

  it('puts the demo admins in the team, so switching to them is one --as away', () => {
    const others = playgroundConfig(person('tilly-flanagan'), data.people).users.map((u) => u.name);
    expect(others).toEqual(expect.arrayContaining(['Heather Greenan', 'Nick Pountney']));
  });

  it('refuses a person without an email, naming them: the bot could not recognise them', () => {
    const noEmail: Person = { ...person('tilly-flanagan'), id: 'no-email', name: 'Nobody Known', email: undefined };
    expect(() => playgroundUser(noEmail)).toThrow(/Nobody Known \(no-email\) has no email/);
  });
});
