import { describe, expect, it } from 'vitest';
import { mayUpdateAction } from '../../src/domain/permissions.js';
import { rolesOf } from '../../src/domain/roles.js';
import { demoContext } from '../helpers/chat-context.js';

describe('who may update an action', () => {
  const check = async (personId: string | undefined, actionId: string, adminEmails: string[] = []) => {
    const { snapshot } = await demoContext();
    const person = personId ? snapshot.person(personId) : undefined;
    return mayUpdateAction(snapshot, snapshot.action(actionId)!, personId, rolesOf(snapshot, { person }, adminEmails));
  };

  it('a delivery lead may update their action (Tilly Flanagan, Pub is the Hub)', async () => {
    expect((await check('tilly-flanagan', 'staffs-cdp-12')).allowed).toBe(true);
  });

  it('someone else is refused, and told who can update it', async () => {
    const result = await check('joe-sullivan', 'staffs-cdp-12');
    expect(result.allowed).toBe(false);
    expect(result.whoCan).toEqual(expect.arrayContaining(['Tilly Flanagan', 'Andrew Donaldson']));
  });

  it('a councillor can read but not update', async () => {
    const result = await check('colin-greatorex', 'staffs-cdp-12');
    expect(result.allowed).toBe(false);
    expect(result.reason).toContain('councillors');
  });

  it('an unknown user is told to get linked', async () => {
    expect((await check(undefined, 'staffs-cdp-12')).reason).toContain('not linked');
  });

  it('a plan admin of the CIP may update CIP actions, but not the Communities Delivery Plan', async () => {
    expect((await check('heather-greenan', 'derby-cip-2.2')).allowed).toBe(true);
    expect((await check('heather-greenan', 'staffs-cdp-12')).allowed).toBe(false);
  });

  it('an admin named in ADMIN_EMAILS administers every plan', async () => {
    const { snapshot } = await demoContext();
    const roles = rolesOf(snapshot, { email: 'perf@council.example' }, ['perf@council.example']);
    expect(mayUpdateAction(snapshot, snapshot.action('staffs-cdp-12')!, undefined, roles).allowed).toBe(true);
  });
});
