/**
 * Admin commands through /api/messages: roles, "who is unmapped?", linking people to accounts,
 * with and without the directory (a fake Microsoft Graph on loopback).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, AuditEntry } from '../../src/domain/model.js';
import { GraphDirectory } from '../../src/directory/graph-directory.js';
import { BotHarness, USERS, cardOf, replyText, type TestUser } from '../helpers/bot-harness.js';
import { FakeGraph } from '../helpers/fake-graph.js';

const NOW = '2020-11-20T12:00:00Z';

/** Demo data with some people the bot cannot recognise: no email, an owner cell naming nobody. */
async function withUnmappedPeople(bot: BotHarness): Promise<void> {
  await bot.app.store.transact('test-setup', (tx) => {
    for (const id of ['adam-rooney', 'darryl-evers']) {
      const { email: _email, ...person } = tx.get('people', id)!;
      tx.put('people', person);
    }
    const action = tx.get('actions', 'staffs-cdp-05')! as Action;
    tx.put('actions', { ...action, owners: [...action.owners, { role: 'deliveryLead', raw: 'Jo Bloggs' }] });
  });
}

async function auditSince(bot: BotHarness, count: number): Promise<AuditEntry[]> {
  return (await bot.app.store.snapshot()).data.audit.slice(count);
}

describe('roles from chat', () => {
  const bot = new BotHarness(NOW);
  beforeAll(async () => {
    await bot.start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('refuses every admin command from a non-admin and changes nothing', async () => {
    const before = await bot.app.store.snapshot();
    for (const command of [
      'make Tilly Flanagan a democratic services admin',
      'remove Nick Pountney as democratic services admin',
      'who is unmapped?',
      'Darryl Eyers is darryl.evers@council.example',
      'link people from the directory',
    ]) {
      const result = await bot.say(command, { user: USERS.tilly });
      expect(replyText(result), command).toMatch(/Only plan admins and democratic services admins can/);
      expect(replyText(result), command).toContain('Nothing was changed');
    }
    const after = await bot.app.store.snapshot();
    expect(after.data.roleGrants).toEqual(before.data.roleGrants);
    expect(after.data.people).toEqual(before.data.people);
    expect(after.data.audit).toHaveLength(before.data.audit.length);
  });

  it('"who are the admins?" names them for anyone, with emails only for admins', async () => {
    const councillor = replyText(await bot.say('who are the admins?', { user: USERS.colin }));
    expect(councillor).toContain('Democratic services admins (manage every role and account link): Nick Pountney');
    expect(councillor).toContain('Plan admins for the Corporate Improvement Plan (CIP): Heather Greenan');
    expect(councillor).not.toContain('@council.example');
    const admin = replyText(await bot.say('who are the admins?', { user: USERS.nick }));
    expect(admin).toContain('Nick Pountney (nick.pountney@council.example), granted by demo dataset on Sunday 1 November 2020');
  });

  it('a democratic services admin makes someone a plan admin for one plan, audited', async () => {
    const auditBefore = (await bot.app.store.snapshot()).data.audit.length;
    const result = await bot.say('make Tilly Flanagan a plan admin for the CIP', { user: USERS.nick });
    expect(replyText(result)).toContain('Tilly Flanagan is now a plan admin for the Corporate Improvement Plan (CIP).');
    const snapshot = await bot.app.store.snapshot();
    const grant = snapshot.data.roleGrants.find((g) => g.personId === 'tilly-flanagan');
    expect(grant).toMatchObject({ role: 'plan-admin', planId: 'derby-cip', email: 'tilly.flanagan@council.example', grantedAt: NOW.replace('Z', '.000Z') });
    expect(grant!.grantedBy).toBe('Nick Pountney (nick.pountney@council.example)');
    const [entry] = await auditSince(bot, auditBefore);
    expect(entry).toMatchObject({ command: 'grant-role', entity: 'roleGrant', entityId: grant!.id, actorId: 'nick-pountney', after: grant });
    expect(entry!.before).toBeUndefined();
  });

  it('a plan admin may appoint plan admins for their own plan only, and never democratic services admins', async () => {
    const other = replyText(await bot.say('make Joe Sullivan a plan admin for the Communities Delivery Plan', { user: USERS.tilly }));
    expect(other).toContain("I can't make Joe Sullivan a plan admin for the Communities Delivery Plan.");
    expect(other).toContain('You are not a plan admin for the Communities Delivery Plan (you administer the Corporate Improvement Plan (CIP))');
    const ds = replyText(await bot.say('make Joe Sullivan a democratic services admin', { user: USERS.tilly }));
    expect(ds).toContain('Only a democratic services admin can grant or remove the democratic services admin role');
    const every = replyText(await bot.say('make Joe Sullivan a plan admin for every plan', { user: USERS.tilly }));
    expect(every).toContain('Only a democratic services admin or a plan admin of every plan can make someone a plan admin for every plan; you can for the Corporate Improvement Plan (CIP)');
    const own = replyText(await bot.say('make Joe Sullivan a plan admin for the CIP', { user: USERS.tilly }));
    expect(own).toContain('Joe Sullivan is now a plan admin for the Corporate Improvement Plan (CIP).');
    const grants = (await bot.app.store.snapshot()).data.roleGrants.filter((g) => g.personId === 'joe-sullivan');
    expect(grants.map((g) => [g.role, g.planId])).toEqual([['plan-admin', 'derby-cip']]);
  });

  it('"remove … as plan admin" without a plan removes the one plan they run', async () => {
    const result = replyText(await bot.say('remove Joe Sullivan as plan admin', { user: USERS.nick }));
    expect(result).toContain('Joe Sullivan is no longer a plan admin for the Corporate Improvement Plan (CIP).');
    expect((await bot.app.store.snapshot()).data.roleGrants.some((g) => g.personId === 'joe-sullivan')).toBe(false);
  });

  it('says so when the role is already held, without writing', async () => {
    const before = (await bot.app.store.snapshot()).generation;
    const result = replyText(await bot.say('make Heather Greenan a plan admin for the CIP', { user: USERS.nick }));
    expect(result).toContain('Heather Greenan is already a plan admin for the Corporate Improvement Plan (CIP)');
    expect((await bot.app.store.snapshot()).generation).toBe(before);
  });

  it('asks which kind of admin when the command only says "admin"', async () => {
    const result = await bot.say('make Heather Greenan an admin', { user: USERS.nick });
    const card = cardOf(result.replies[0]);
    expect(replyText(result)).toContain('Which kind of admin should Heather Greenan be?');
    const asks = card.actions.map((a: any) => a.data.ask);
    expect(asks).toContain('make Heather Greenan a democratic services admin');
    expect(asks).toContain('make Heather Greenan a plan admin for every plan');
  });

  it('removes a plan admin, including from the plan\'s own admin list, audited with the before', async () => {
    const auditBefore = (await bot.app.store.snapshot()).data.audit.length;
    const result = replyText(await bot.say('remove Heather Greenan as plan admin for the CIP', { user: USERS.nick }));
    expect(result).toContain('Heather Greenan is no longer a plan admin for the Corporate Improvement Plan (CIP).');
    const snapshot = await bot.app.store.snapshot();
    expect(snapshot.data.roleGrants.some((g) => g.personId === 'heather-greenan')).toBe(false);
    expect(snapshot.plan('derby-cip')!.adminIds).not.toContain('heather-greenan');
    const entries = await auditSince(bot, auditBefore);
    expect(entries.map((e) => [e.command, e.entity])).toEqual([
      ['revoke-role', 'roleGrant'],
      ['revoke-role', 'plan'],
    ]);
    expect(entries[0]!.before).toMatchObject({ id: 'grant-plan-admin-derby-cip-heather-greenan', role: 'plan-admin' });
    expect(entries[1]).toMatchObject({ before: { adminIds: ['heather-greenan'] }, after: { adminIds: [] } });
    // She is no longer an admin at all.
    expect(replyText(await bot.say('who is unmapped?', { user: USERS.heather }))).toMatch(/Only plan admins/);
  });

  it('will not remove the last democratic services admin when ADMIN_EMAILS is empty', async () => {
    const result = replyText(await bot.say('remove Nick Pountney as democratic services admin', { user: USERS.nick }));
    expect(result).toContain('Nick Pountney is the last democratic services admin and ADMIN_EMAILS is empty');
    expect((await bot.app.store.snapshot()).data.roleGrants.some((g) => g.role === 'democratic-services-admin')).toBe(true);
  });

  it('answers admin commands only in a personal chat', async () => {
    const result = replyText(await bot.say('make Joe Sullivan a plan admin for the CIP', { user: USERS.nick, conversationType: 'channel' }));
    expect(result).toContain('Admin commands work only in a personal chat with me.');
  });

  it('"what are my roles?" lists scoped roles', async () => {
    expect(replyText(await bot.say('what are my roles?', { user: USERS.tilly }))).toMatch(/plan admin for the Corporate Improvement Plan \(CIP\)[\s\S]*action lead \(5 actions\)/);
  });
});

describe('admins from ADMIN_EMAILS', () => {
  const bot = new BotHarness(NOW);
  beforeAll(async () => {
    await bot.start({ ADMIN_EMAILS: 'pat.visitor@elsewhere.example' });
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('may use the admin commands without being in the plans, and cannot be removed from chat', async () => {
    expect(replyText(await bot.say('who is unmapped?', { user: USERS.stranger }))).toContain('Who is unmapped');
    const removal = replyText(await bot.say('remove pat.visitor@elsewhere.example as democratic services admin', { user: USERS.nick }));
    expect(removal).toContain('is an admin through ADMIN_EMAILS');
    // With an admin in ADMIN_EMAILS, the last granted democratic services admin may step down.
    expect(replyText(await bot.say('remove Nick Pountney as democratic services admin', { user: USERS.nick }))).toContain('Nick Pountney is no longer a democratic services admin.');
  });
});

describe('who is unmapped, and linking people without the directory', () => {
  const bot = new BotHarness(NOW);
  beforeAll(async () => {
    await bot.start();
    await withUnmappedPeople(bot);
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('lists owners with no account, names that match nobody, groups and spelling variants', async () => {
    const text = replyText(await bot.say('who is unmapped?', { user: USERS.nick }));
    expect(text).toContain('Who is unmapped: 2 owners I cannot recognise');
    expect(text).toMatch(/Owners with no account \(1\)[\s\S]*Adam Rooney/);
    expect(text).toMatch(/Owner names that match nobody \(1\)[\s\S]*Jo Bloggs/);
    // Since issue 15 the Stoke and Staffordshire documents name bodies and reviewers as owners
    // ("The Audit Committee", "Leeds City Council"): 14 groups, so the list runs onto a second page.
    expect(text).toMatch(/Groups, not people \(14\)[\s\S]*CCSMs/);
    expect(text).toContain('The directory is off');
    const next = replyText(await bot.submit({ ask: 'who is unmapped?', page: 2 }, { user: USERS.nick }));
    expect(next).toMatch(/LPDMs[\s\S]*SDMs/);
    expect(next).toContain('Darryl Evers, also written Darryl Eyers');
  });

  it('links a spelling variant to an email, audited; the person is then recognised by that email', async () => {
    const auditBefore = (await bot.app.store.snapshot()).data.audit.length;
    const text = replyText(await bot.say('Darryl Eyers is darryl.evers@council.example', { user: USERS.nick }));
    expect(text).toContain('Linked Darryl Evers to darryl.evers@council.example ("Darryl Eyers" is a spelling recorded for them).');
    const snapshot = await bot.app.store.snapshot();
    expect(snapshot.person('darryl-evers')!.email).toBe('darryl.evers@council.example');
    const [entry] = await auditSince(bot, auditBefore);
    expect(entry).toMatchObject({ command: 'link-person', entityId: 'darryl-evers', before: { email: undefined }, after: { email: 'darryl.evers@council.example' } });
    const darryl: TestUser = { id: '29:darryl', name: 'Darryl Evers', aadObjectId: 'aad-darryl', email: 'darryl.evers@council.example' };
    bot.connector.addMember(darryl);
    expect(replyText(await bot.say('what are my roles?', { user: darryl }))).toContain('Your roles, Darryl Evers');
  });

  it('refuses an email that belongs to someone else, and an address that is not an email', async () => {
    const taken = replyText(await bot.say('link Adam Rooney to tilly.flanagan@council.example', { user: USERS.nick }));
    expect(taken).toContain('The email tilly.flanagan@council.example already belongs to Tilly Flanagan. Nothing was changed.');
    const notEmail = replyText(await bot.say('link Adam Rooney to adam.rooney-at-council', { user: USERS.nick }));
    expect(notEmail).toContain('"adam.rooney-at-council" is not an email address.');
    expect((await bot.app.store.snapshot()).person('adam-rooney')!.email).toBeUndefined();
  });

  it('a plan admin cannot link people outside their plans', async () => {
    const text = replyText(await bot.say('Adam Rooney is adam.rooney@council.example', { user: USERS.heather }));
    expect(text).toContain("I can't link Adam Rooney.");
    expect(text).toContain('Adam Rooney owns actions only in the Communities Delivery Plan, which you do not administer; ask a democratic services admin.');
  });

  it('links an owner name that matches nobody by creating the person and pointing the owner cell at them', async () => {
    const text = replyText(await bot.say('Jo Bloggs is jo.bloggs@council.example', { user: USERS.nick }));
    expect(text).toContain('Linked "Jo Bloggs" to jo.bloggs@council.example.');
    const snapshot = await bot.app.store.snapshot();
    const jo = snapshot.personByEmail('jo.bloggs@council.example')!;
    expect(jo).toMatchObject({ id: 'jo-bloggs', name: 'Jo Bloggs' });
    expect(snapshot.action('staffs-cdp-05')!.owners.find((o) => o.raw === 'Jo Bloggs')!.personId).toBe('jo-bloggs');
    const after = replyText(await bot.say('who is unmapped?', { user: USERS.nick }));
    expect(after).toContain('Who is unmapped: 1 owner I cannot recognise');
    expect(after).not.toContain('Jo Bloggs');
  });

  it('relinking to a new email unlinks the Teams account of the old one', async () => {
    // Tilly has messaged before, so her Teams account is linked by email.
    await bot.say('what do I own?', { user: USERS.tilly });
    expect((await bot.app.store.snapshot()).personByAadObjectId(USERS.tilly.aadObjectId)?.id).toBe('tilly-flanagan');
    const text = replyText(await bot.say('Tilly Flanagan is t.flanagan@council.example', { user: USERS.nick }));
    expect(text).toContain('The Teams account linked to their previous email is no longer linked to them.');
    expect((await bot.app.store.snapshot()).personByAadObjectId(USERS.tilly.aadObjectId)).toBeUndefined();
  });
});

describe('the directory (a fake Microsoft Graph)', () => {
  const bot = new BotHarness(NOW);
  const graph = new FakeGraph();
  const GROUP = '9a000000-0000-4000-8000-000000000001';
  beforeAll(async () => {
    await graph.start();
    await bot.start();
    await withUnmappedPeople(bot);
    await bot.app.store.transact('test-setup', (tx) => {
      const { email: _e, ...joe } = tx.get('people', 'joe-sullivan')!;
      tx.put('people', joe);
    });
    graph.users = [
      { id: 'aad-darryl-graph', displayName: 'Darryl Evers', mail: 'darryl.evers@council.example', userPrincipalName: 'devers@council.example', jobTitle: 'Head of Finance' },
      { id: 'aad-adam-graph', displayName: 'Adam Rooney', mail: 'adam.rooney@council.example', userPrincipalName: 'arooney@council.example' },
      { id: 'aad-joe-1', displayName: 'Joe Sullivan', mail: 'joe.sullivan@council.example', userPrincipalName: 'jsullivan@council.example' },
      { id: 'aad-joe-2', displayName: 'Joe Sullivan (Libraries)', mail: 'joe.sullivan2@council.example', userPrincipalName: 'jsullivan2@council.example' },
      { id: 'aad-tilly-graph', displayName: 'Tilly Flanagan', mail: 'tilly.flanagan@council.example', userPrincipalName: 'tflanagan@council.example' },
      { id: USERS.colin.aadObjectId, displayName: 'Colin Greatorex', mail: 'colin.greatorex@council.example', userPrincipalName: 'cgreatorex@council.example', groups: [GROUP] },
    ];
    bot.directory.use(new GraphDirectory({ baseUrl: graph.url, authProvider: { getAccessToken: async () => 'unused-over-http' }, sleep: async () => undefined }));
  });
  afterAll(async () => {
    await bot.stop();
    await graph.stop();
  });

  it('checks a typed email in the directory and records the AAD object id, so the person is recognised by it', async () => {
    const text = replyText(await bot.say('Darryl Eyers is darryl.evers@council.example', { user: USERS.nick }));
    expect(text).toContain('Found in the directory: Darryl Evers, Head of Finance.');
    expect((await bot.app.store.snapshot()).person('darryl-evers')).toMatchObject({ email: 'darryl.evers@council.example', aadObjectId: 'aad-darryl-graph' });
    // A Teams user whose email the connector does not give is still recognised, by AAD object id.
    const darryl: TestUser = { id: '29:darryl', name: 'Darryl Evers', aadObjectId: 'aad-darryl-graph' };
    bot.connector.addMember(darryl);
    expect(replyText(await bot.say('what are my roles?', { user: darryl }))).toContain('Your roles, Darryl Evers');
  });

  it('refuses an email the directory does not know, changing nothing', async () => {
    const text = replyText(await bot.say('Adam Rooney is adam.roony@council.example', { user: USERS.nick }));
    expect(text).toContain('The directory has no account with the email adam.roony@council.example. Check the spelling. Nothing was changed.');
    expect((await bot.app.store.snapshot()).person('adam-rooney')!.email).toBeUndefined();
  });

  it('"link people from the directory": one exact name links, several are listed for the admin, emails are confirmed', async () => {
    graph.throttle(1, '1'); // a throttled call on the way is retried, not reported as a failure
    const auditBefore = (await bot.app.store.snapshot()).data.audit.length;
    const result = await bot.say('link people from the directory', { user: USERS.nick });
    const text = replyText(result);
    expect(text).toContain('Linked by name (1): Adam Rooney → adam.rooney@council.example');
    expect(text).toMatch(/Several accounts match, choose \(1\): Joe Sullivan/);
    expect(text).toMatch(/Email confirmed, Teams account recorded \(\d+\): .*Tilly Flanagan/);
    expect(text).toMatch(/Email not found in the directory \(\d+\)/);
    const snapshot = await bot.app.store.snapshot();
    expect(snapshot.person('adam-rooney')).toMatchObject({ email: 'adam.rooney@council.example', aadObjectId: 'aad-adam-graph' });
    expect(snapshot.person('tilly-flanagan')!.aadObjectId).toBe('aad-tilly-graph');
    expect(snapshot.person('joe-sullivan')!.email).toBeUndefined();
    const asks = cardOf(result.replies[0]).actions.map((a: any) => a.data.ask);
    expect(asks).toContain('link joe-sullivan to joe.sullivan@council.example');
    const entries = await auditSince(bot, auditBefore);
    expect(entries.filter((e) => e.command === 'link-from-directory').map((e) => e.entityId).sort()).toEqual(expect.arrayContaining(['adam-rooney', 'tilly-flanagan']));
    // The admin's choice completes the link.
    const chosen = replyText(await bot.say('link joe-sullivan to joe.sullivan@council.example', { user: USERS.nick }));
    expect(chosen).toContain('Linked Joe Sullivan to joe.sullivan@council.example.');
  });

  it('"link <Teams name> to <name in the plan>" finds the account by display name', async () => {
    await bot.app.store.transact('test-setup', (tx) => {
      const { email: _e, aadObjectId: _a, ...adam } = tx.get('people', 'adam-rooney')!;
      tx.put('people', adam);
    });
    (bot.directory.inner as GraphDirectory).clearCache();
    const text = replyText(await bot.say('link Adam Rooney to Adam Rooney', { user: USERS.nick }));
    expect(text).toContain('Linked Adam Rooney to adam.rooney@council.example.');
  });

  it('a role granted to an AAD group applies to its members, checked in the directory', async () => {
    expect(replyText(await bot.say('who is unmapped?', { user: USERS.colin }))).toMatch(/Only plan admins/);
    const granted = replyText(await bot.say(`make group ${GROUP} a plan admin for the CIP`, { user: USERS.nick }));
    expect(granted).toContain(`The Azure AD group ${GROUP} is now a plan admin for the Corporate Improvement Plan (CIP).`);
    expect((await bot.app.store.snapshot()).data.roleGrants.find((g) => g.aadGroupId === GROUP)).toMatchObject({ role: 'plan-admin', planId: 'derby-cip' });
    expect(replyText(await bot.say('who is unmapped?', { user: USERS.colin }))).toContain('Who is unmapped');
    expect(graph.graphCalls().some((c) => c.path === `/v1.0/users/${USERS.colin.aadObjectId}/checkMemberGroups`)).toBe(true);
  });
});
