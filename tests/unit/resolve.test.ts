import { describe, expect, it } from 'vitest';
import { resolveAction, resolveOwner, resolvePlan, resolveTheme, findPlanMention } from '../../src/chat/resolve.js';
import { demoContext } from '../helpers/chat-context.js';

const snap = async () => (await demoContext()).snapshot;

describe('resolving actions', () => {
  it.each(['2.2', 'action 2.2', '2.2.', 'Action 2.2', 'derby-cip-2.2', 'no. 2.2'])('"%s" is action 2.2', async (ref) => {
    const r = resolveAction(await snap(), ref);
    expect(r.kind === 'one' && r.value.id).toBe('derby-cip-2.2');
  });

  it('"5.5." (the source writes it with a trailing dot) finds 5.5', async () => {
    const r = resolveAction(await snap(), '5.5.');
    expect(r.kind === 'one' && r.value.id).toBe('derby-cip-5.5');
  });

  it('a title fragment finds the one action: "Pub is the Hub", any case', async () => {
    for (const ref of ['Pub is the Hub', 'pub is the hub', 'the Pub is the Hub']) {
      const r = resolveAction(await snap(), ref);
      expect(r.kind === 'one' && r.value.id, ref).toBe('staffs-cdp-12');
    }
  });

  it('a sub-heading shared by four rows ("Volunteering") is ambiguous and lists them all', async () => {
    const r = resolveAction(await snap(), 'Volunteering');
    expect(r.kind).toBe('many');
    if (r.kind === 'many') expect(r.options).toHaveLength(4);
  });

  it('a typo still finds close matches, but as suggestions, never as a silent guess', async () => {
    const r = resolveAction(await snap(), 'Cyber Essentails accreditation');
    expect(r.kind === 'one' ? r.value.id : r.kind === 'none' ? r.suggestions[0]?.id : undefined).toBe('derby-cip-8.5');
  });

  it('an unknown number finds nothing and suggests actions in the same theme', async () => {
    const r = resolveAction(await snap(), '8.99');
    expect(r.kind).toBe('none');
    if (r.kind === 'none') expect(r.suggestions.every((a) => a.number?.startsWith('8.'))).toBe(true);
  });
});

describe('resolving people and groups', () => {
  it('finds a person by exact name, by email, and despite a misspelling', async () => {
    const s = await snap();
    for (const ref of ['Tilly Flanagan', 'tilly.flanagan@council.example', 'Tily Flanagan', 'tilly flanigan']) {
      const r = resolveOwner(s, ref);
      expect(r.kind === 'one' && r.value.kind === 'person' && r.value.person.id, ref).toBe('tilly-flanagan');
    }
  });

  it('finds a spelling variant through the alias: Darryl Eyers is Darryl Evers', async () => {
    const r = resolveOwner(await snap(), 'Darryl Eyers');
    expect(r.kind === 'one' && r.value.kind === 'person' && r.value.person.id).toBe('darryl-evers');
  });

  it('recognises owner groups that are not people: SDMs', async () => {
    const r = resolveOwner(await snap(), 'SDMs');
    expect(r.kind === 'one' && r.value.kind === 'group' && r.value.group).toBe('SDMs');
  });

  it('says nothing matches for a stranger', async () => {
    expect(resolveOwner(await snap(), 'Zebedee Quartermaine').kind).toBe('none');
  });
});

describe('resolving plans and themes', () => {
  it('finds plans by abbreviation, title and initials', async () => {
    const s = await snap();
    expect(resolvePlan(s, 'CIP').kind === 'one').toBe(true);
    const cdp = resolvePlan(s, 'communities delivery plan');
    expect(cdp.kind === 'one' && cdp.value.id).toBe('staffs-cdp');
    expect(findPlanMention(s, 'status summary for the CIP as at June 2018')?.id).toBe('derby-cip');
  });

  it('finds a theme by number and by name', async () => {
    const s = await snap();
    const byNumber = resolveTheme(s, '8', 'derby-cip');
    expect(byNumber.kind === 'one' && byNumber.value.name).toBe('Sound Information Governance (IG)');
    const byName = resolveTheme(s, 'Place Based Approach');
    expect(byName.kind).toBe('one');
  });
});
