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

describe('per-plan admin rights come from the whole role holder (email, AAD groups)', () => {
  const grant = (over: Record<string, unknown>) => ({ id: `g-${Math.random()}`, role: 'plan-admin' as const, planId: 'derby-cip', grantedBy: 'test', grantedAt: '2020-11-01T00:00:00Z', ...over });

  it('a CIP grant to an email with no person record does not reach the Communities Delivery Plan', async () => {
    const { snapshot: base } = await demoContext();
    const data = structuredClone(base.data);
    data.roleGrants.push(grant({ email: 'perf.officer@council.example' }));
    const { snapshot } = await demoContext({ store: new (await import('../../src/store/memory-store.js')).MemoryStore(data) });
    const roles = rolesOf(snapshot, { email: 'perf.officer@council.example' }, []);
    expect(mayUpdateAction(snapshot, snapshot.action('derby-cip-2.2')!, undefined, roles).allowed).toBe(true);
    expect(mayUpdateAction(snapshot, snapshot.action('staffs-cdp-12')!, undefined, roles).allowed).toBe(false);
  });

  it('a CIP grant to an AAD group gives CIP rights to its members only for the CIP', async () => {
    const { snapshot: base } = await demoContext();
    const data = structuredClone(base.data);
    data.roleGrants.push(grant({ aadGroupId: 'group-performance' }));
    const { snapshot } = await demoContext({ store: new (await import('../../src/store/memory-store.js')).MemoryStore(data) });
    const joe = snapshot.person('joe-sullivan');
    const roles = rolesOf(snapshot, { person: joe, aadGroupIds: ['group-performance'] }, []);
    expect(mayUpdateAction(snapshot, snapshot.action('derby-cip-2.2')!, joe?.id, roles).allowed).toBe(true);
    expect(mayUpdateAction(snapshot, snapshot.action('staffs-cdp-12')!, joe?.id, roles).allowed).toBe(false);
  });
});
