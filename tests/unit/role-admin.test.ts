import { describe, expect, it } from 'vitest';
import type { RoleGrant, StoreData } from '../../src/domain/model.js';
import { adminsOverview, mayChangeRole, planGrant, planRevoke, type Actor } from '../../src/domain/role-admin.js';
import { adminScopeOf, administersPlan, rolesOf } from '../../src/domain/roles.js';
import { Snapshot } from '../../src/domain/snapshot.js';
import { demoData } from '../helpers/chat-context.js';

const NOW = new Date('2020-11-20T12:00:00Z');

function snapshotWith(change: (data: StoreData) => void = () => undefined): Snapshot {
  const data = demoData();
  change(data);
  return new Snapshot(data, 1);
}

function actor(snapshot: Snapshot, personId: string, adminEmails: string[] = []): Actor {
  return { scope: adminScopeOf(snapshot, { person: snapshot.person(personId) }, adminEmails), label: personId };
}

const grant = (g: Partial<RoleGrant>): RoleGrant => ({ id: `g-${Math.random()}`, role: 'plan-admin', grantedBy: 'test', grantedAt: '2020-11-01T00:00:00Z', ...g });

describe('admin scope', () => {
  it('a plan-scoped grant administers that plan only; a grant without a plan, every plan', () => {
    const snapshot = snapshotWith((d) => d.roleGrants.push(grant({ email: 'joe.sullivan@council.example' })));
    const heather = adminScopeOf(snapshot, { person: snapshot.person('heather-greenan') }, []);
    expect(administersPlan(heather, 'derby-cip')).toBe(true);
    expect(administersPlan(heather, 'staffs-cdp')).toBe(false);
    expect(heather.democraticServices).toBe(false);
    const joe = adminScopeOf(snapshot, { person: snapshot.person('joe-sullivan') }, []);
    expect(joe.allPlans).toBe(true);
    expect(administersPlan(joe, 'staffs-cdp')).toBe(true);
  });

  it('ADMIN_EMAILS make someone both admins everywhere, matched case-insensitively by the Teams email', () => {
    const snapshot = snapshotWith();
    const scope = adminScopeOf(snapshot, { email: 'Pat.Visitor@elsewhere.example' }, ['pat.visitor@elsewhere.example']);
    expect(scope).toMatchObject({ fromEnvironment: true, democraticServices: true, allPlans: true });
  });

  it('an AAD group grant applies to members of that group only', () => {
    const snapshot = snapshotWith((d) => d.roleGrants.push(grant({ role: 'democratic-services-admin', aadGroupId: 'group-1' })));
    expect(rolesOf(snapshot, { aadGroupIds: ['group-1'] }, []).has('democratic-services-admin')).toBe(true);
    expect(rolesOf(snapshot, { aadGroupIds: ['group-2'] }, []).has('democratic-services-admin')).toBe(false);
  });
});

describe('who may grant what', () => {
  const snapshot = snapshotWith();
  const nick = actor(snapshot, 'nick-pountney');
  const heather = actor(snapshot, 'heather-greenan');

  it('a democratic services admin may grant every role', () => {
    for (const role of ['democratic-services-admin', 'plan-admin', 'officer', 'member'] as const) {
      expect(mayChangeRole(snapshot, nick.scope, role, role === 'plan-admin' ? 'staffs-cdp' : undefined).allowed).toBe(true);
    }
  });

  it('a plan admin may grant plan admin for their own plan only', () => {
    expect(mayChangeRole(snapshot, heather.scope, 'plan-admin', 'derby-cip').allowed).toBe(true);
    expect(mayChangeRole(snapshot, heather.scope, 'plan-admin', 'staffs-cdp')).toMatchObject({ allowed: false });
    expect(mayChangeRole(snapshot, heather.scope, 'plan-admin', undefined)).toMatchObject({ allowed: false });
    expect(mayChangeRole(snapshot, heather.scope, 'democratic-services-admin')).toMatchObject({ allowed: false, reason: expect.stringContaining('only a democratic services admin') });
    expect(mayChangeRole(snapshot, heather.scope, 'officer')).toMatchObject({ allowed: false });
  });

  it('a grant records who, what, for which plan and by whom', () => {
    const tilly = snapshot.person('tilly-flanagan')!;
    const decision = planGrant(snapshot, { role: 'plan-admin', planId: 'derby-cip', target: { kind: 'person', person: tilly } }, heather, [], NOW, 'grant-1');
    expect(decision).toEqual({
      kind: 'grant',
      grant: { id: 'grant-1', role: 'plan-admin', personId: 'tilly-flanagan', email: 'tilly.flanagan@council.example', planId: 'derby-cip', grantedBy: 'heather-greenan', grantedAt: '2020-11-20T12:00:00.000Z' },
    });
  });

  it('does not grant what is already held, including through the plan\'s own admin list or ADMIN_EMAILS', () => {
    const heatherPerson = snapshot.person('heather-greenan')!;
    const again = planGrant(snapshot, { role: 'plan-admin', planId: 'derby-cip', target: { kind: 'person', person: heatherPerson } }, nick, [], NOW, 'x');
    expect(again.kind).toBe('already');
    const env = planGrant(snapshot, { role: 'democratic-services-admin', target: { kind: 'email', email: 'it@council.example' } }, nick, ['it@council.example'], NOW, 'x');
    expect(env).toMatchObject({ kind: 'already', how: expect.stringContaining('ADMIN_EMAILS') });
  });
});

describe('removing roles', () => {
  it('removes the plan grant and the plan\'s own admin-list entry together', () => {
    const snapshot = snapshotWith();
    const decision = planRevoke(snapshot, { role: 'plan-admin', planId: 'derby-cip', target: { kind: 'person', person: snapshot.person('heather-greenan')! } }, actor(snapshot, 'nick-pountney'), []);
    expect(decision.kind).toBe('revoke');
    if (decision.kind !== 'revoke') return;
    expect(decision.grants.map((g) => g.id)).toEqual(['grant-plan-admin-derby-cip-heather-greenan']);
    expect(decision.fromPlanAdminLists.map((p) => p.id)).toEqual(['derby-cip']);
  });

  it('says which plan when a plan admin is removed without naming one', () => {
    const snapshot = snapshotWith();
    const decision = planRevoke(snapshot, { role: 'plan-admin', target: { kind: 'person', person: snapshot.person('heather-greenan')! } }, actor(snapshot, 'nick-pountney'), []);
    expect(decision).toMatchObject({ kind: 'not-held', hint: expect.stringContaining('plan admin for the Corporate Improvement Plan (CIP)') });
  });

  it('keeps the last democratic services admin unless ADMIN_EMAILS names someone', () => {
    const snapshot = snapshotWith();
    const change = { role: 'democratic-services-admin' as const, target: { kind: 'person' as const, person: snapshot.person('nick-pountney')! } };
    expect(planRevoke(snapshot, change, actor(snapshot, 'nick-pountney'), []).kind).toBe('refused');
    const withEnv = planRevoke(snapshot, change, actor(snapshot, 'nick-pountney', ['it@council.example']), ['it@council.example']);
    expect(withEnv.kind).toBe('revoke');
  });

  it('never removes an ADMIN_EMAILS admin from chat', () => {
    const snapshot = snapshotWith();
    const decision = planRevoke(snapshot, { role: 'plan-admin', target: { kind: 'email', email: 'IT@council.example' } }, actor(snapshot, 'nick-pountney'), ['it@council.example']);
    expect(decision).toMatchObject({ kind: 'refused', reason: expect.stringContaining('ADMIN_EMAILS') });
  });
});

describe('admins overview', () => {
  it('lists democratic services admins, plan admins per plan (grants and the plan\'s own list, once each) and ADMIN_EMAILS', () => {
    const snapshot = snapshotWith();
    const overview = adminsOverview(snapshot, ['nick.pountney@council.example', 'it@council.example']);
    expect(overview.democraticServices.map((h) => h.label)).toEqual(['Nick Pountney']);
    const byPlan = overview.byPlan.map((p) => [p.plan.id, p.holders.map((h) => h.label)]);
    expect(byPlan.slice(0, 2)).toEqual([
      ['derby-cip', ['Heather Greenan']],
      ['staffs-cdp', []],
    ]);
    // The plans added with issue 15 have no admins in the demo dataset.
    expect(byPlan.slice(2).every(([, holders]) => holders.length === 0)).toBe(true);
    expect(byPlan).toHaveLength(10);
    expect(overview.fromEnvironment.map((e) => e.person?.name ?? e.email)).toEqual(['Nick Pountney', 'it@council.example']);
  });
});
