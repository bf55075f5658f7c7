/**
 * Who owns what across every kind of record, and council scoping: which council a record belongs
 * to, which council a phrase names, and what is held for each council.
 */
import { describe, expect, it } from 'vitest';
import {
  councilIdOf,
  councilOfPerson,
  councilsHolding,
  councilsMentioned,
  heldData,
  holdsData,
  notHeldSentence,
  resolveCouncil,
} from '../../src/domain/councils/index.js';
import { KeyedIndex, foldWords } from '../../src/domain/keyed-index.js';
import { ownedBy, ownersAcross, OwnershipIndex } from '../../src/domain/ownership/index.js';
import { Snapshot } from '../../src/domain/snapshot.js';
import { demoData } from '../helpers/chat-context.js';

const snapshot = new Snapshot(demoData(), 1);

describe('who owns what', () => {
  it('finds what a person owns across actions, follow-ups and reports', () => {
    const andrew = ownedBy(snapshot, { personId: 'andrew-donaldson' });
    const kinds = new Set(andrew.map((i) => i.kind));
    expect(kinds).toEqual(new Set(['action', 'report']));
    expect(andrew.find((i) => i.kind === 'report')).toMatchObject({ recordId: 'staffs-ipr-2020-21-q2', role: 'report commissioner', councilId: 'staffordshire' });
    expect(ownedBy(snapshot, { name: 'Andrew Donaldson' })).toHaveLength(andrew.length);
    const susan = ownedBy(snapshot, { personId: 'susan-woodward' });
    expect(susan.map((i) => [i.kind, i.recordId])).toEqual([['follow-up', 'staffs-crc-2020-09-08-m19-u2']]);
  });

  it('finds what a body owns by the name it is written with', () => {
    expect(ownedBy(snapshot, { name: 'the audit committee' }).map((i) => i.recordId)).toEqual(['stoke-ags-2020-21-01']);
    expect(ownedBy(snapshot, { name: 'Financial Review Group (FRG)' })).toHaveLength(1);
    expect(ownedBy(snapshot, { name: 'SDMs' }).map((i) => i.councilId)).toEqual(['staffordshire', 'staffordshire']);
  });

  it('lists owners within a council', () => {
    const stoke = ownersAcross(snapshot, { councilId: 'stoke' });
    expect(stoke.map((o) => o.label)).toContain('Leeds City Council');
    expect(stoke.every((o) => o.items.every((i) => i.councilId === 'stoke'))).toBe(true);
    expect(ownersAcross(snapshot, { councilId: 'derby' })).toEqual([]);
    const staffs = ownersAcross(snapshot, { councilId: 'staffordshire' });
    expect(staffs[0]!.items.length).toBeGreaterThanOrEqual(staffs.at(-1)!.items.length);
  });

  it('refiles a record when it changes', () => {
    const action = snapshot.action('stoke-ags-2020-21-01')!;
    const index = OwnershipIndex.from({ ...snapshot.data, actions: [action], meetings: [], reports: [] });
    expect(index.ofName('The Audit Committee')).toHaveLength(1);
    index.addAction({ ...action, owners: [{ role: 'body', group: 'Internal Audit', raw: 'Internal Audit' }] });
    expect(index.ofName('The Audit Committee')).toEqual([]);
    expect(index.ofName('internal audit')).toHaveLength(1);
    index.removeRecord(`action:${action.id}`);
    expect(index.ofName('internal audit')).toEqual([]);
  });
});

describe('council scoping', () => {
  it('says which council a record of any kind belongs to', () => {
    expect(councilIdOf(snapshot, { kind: 'action', id: 'derby-cip-2.2' })).toBe('derby');
    expect(councilIdOf(snapshot, { kind: 'action', id: 'stoke-ags-2020-21-01' })).toBe('stoke');
    expect(councilIdOf(snapshot, { kind: 'measure', id: 'stoke-op-2020-21-measure-ep-3' })).toBe('stoke');
    expect(councilIdOf(snapshot, { kind: 'recommendation', id: 'staffs-community-impact-assessment-rec-1' })).toBe('staffordshire');
    expect(councilIdOf(snapshot, { kind: 'theme', id: 'stoke-op-2020-21-s-a' })).toBe('stoke');
    expect(councilIdOf(snapshot, { kind: 'operating-plan-entry', id: 'stoke-op-2020-21-s-1-key-risk-1' })).toBe('stoke');
    expect(councilIdOf(snapshot, { kind: 'report', id: 'staffs-ipr-2020-21-q2' })).toBe('staffordshire');
    expect(councilIdOf(snapshot, { kind: 'meeting', id: 'staffs-crc-2020-11-17' })).toBe('staffordshire');
    expect(councilIdOf(snapshot, { kind: 'work-programme-item', id: snapshot.data.workProgrammeItems[0]!.id })).toBe('staffordshire');
    expect(councilIdOf(snapshot, { kind: 'decision', id: snapshot.data.decisions[0]!.id })).toBe('staffordshire');
    expect(councilIdOf(snapshot, { kind: 'person', id: 'jon-rouse' })).toBe('stoke');
    expect(councilIdOf(snapshot, { kind: 'plan', id: 'no-such-plan' })).toBeUndefined();
    expect(councilOfPerson(snapshot, 'heather-greenan')?.name).toBe('Derby City Council');
    expect(councilOfPerson(snapshot, undefined)).toBeUndefined();
  });

  it('reads a council from the words people use', () => {
    expect(resolveCouncil(snapshot, 'Stoke')?.id).toBe('stoke');
    expect(resolveCouncil(snapshot, 'stoke-on-trent')?.id).toBe('stoke');
    expect(resolveCouncil(snapshot, 'in Staffs')?.id).toBe('staffordshire');
    expect(resolveCouncil(snapshot, 'Derby City Council')?.id).toBe('derby');
    expect(resolveCouncil(snapshot, 'Leeds')).toBeUndefined();
    expect(councilsMentioned(snapshot, 'what has slipped in Stoke-on-Trent and Derby?').map((c) => c.id)).toEqual(['stoke', 'derby']);
    expect(councilsMentioned(snapshot, 'what has slipped?')).toEqual([]);
  });

  it('knows what kinds of data are held for each council', () => {
    expect(heldData(snapshot, 'stoke')).toMatchObject({
      'performance measures': 79,
      'governance actions': 47,
      recommendations: 10,
      'operating plan entries': 443,
      committees: 0,
    });
    expect(heldData(snapshot, 'derby')).toMatchObject({ actions: 30, 'performance measures': 0, recommendations: 0 });
    expect(holdsData(snapshot, 'staffordshire', 'performance reports')).toBe(true);
    expect(holdsData(snapshot, 'derby', 'performance measures')).toBe(false);
    expect(councilsHolding(snapshot, 'performance measures').map((c) => c.id)).toEqual(['stoke']);
    expect(notHeldSentence('performance measures', snapshot.council('derby')!)).toBe('I hold no performance measures for Derby City Council.');
  });
});

describe('keyed index', () => {
  it('adds, replaces and removes records under a key in insertion order', () => {
    const index = new KeyedIndex<{ id: string; n: number }>();
    index.add('k', { id: 'a', n: 1 });
    index.add('k', { id: 'b', n: 2 });
    index.add('k', { id: 'a', n: 3 });
    expect(index.get('k')).toEqual([
      { id: 'a', n: 3 },
      { id: 'b', n: 2 },
    ]);
    index.remove('k', 'a');
    index.remove('k', 'b');
    expect(index.has('k')).toBe(false);
    expect(foldWords('Stoke-on-Trent’s <u>Plan</u> & more')).toBe('stoke on trents plan and more');
  });
});
