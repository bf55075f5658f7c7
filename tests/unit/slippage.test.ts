import { describe, expect, it } from 'vitest';
import { Action } from '../../src/domain/model.js';
import { approvedTarget, hasNoDate, isDueBetween, isOverdue, isSlippedWithoutNewDate, isStale, pendingRevision } from '../../src/domain/slippage.js';

const base = (overrides: Record<string, unknown> = {}) =>
  Action.parse({ id: 'a', planId: 'p', title: 'An action', status: { canonical: 'IN_PROGRESS' }, ...overrides });
const month = (value: string, raw = value) => ({ kind: 'month', raw, value });

describe('due and overdue rules', () => {
  it('a month target is due at the end of the month: overdue only from the 1st of the next', () => {
    const action = base({ originalTarget: month('2020-09', 'Sep 20') });
    expect(isOverdue(action, '2020-09-30')).toBe(false);
    expect(isOverdue(action, '2020-10-01')).toBe(true);
  });

  it('a year target is due on 31 December', () => {
    const action = base({ originalTarget: { kind: 'year', raw: '2021 (TBC)', value: 2021, tentative: true } });
    expect(isOverdue(action, '2021-12-31')).toBe(false);
    expect(isOverdue(action, '2022-01-01')).toBe(true);
  });

  it('Ongoing and TBC are never overdue, but can be stale, and count as "no date"', () => {
    for (const target of [{ kind: 'ongoing', raw: 'Ongoing' }, { kind: 'tbc', raw: 'TBC' }]) {
      const action = base({ originalTarget: target, lastUpdatedAt: '2020-01-01T09:00:00Z' });
      expect(isOverdue(action, '2030-01-01')).toBe(false);
      expect(hasNoDate(action)).toBe(true);
      expect(isStale(action, '2020-06-01', 12)).toBe(true);
      expect(isStale(action, '2020-02-01', 12)).toBe(false);
    }
  });

  it('completed actions are never overdue', () => {
    const action = base({ originalTarget: month('2018-03'), status: { canonical: 'COMPLETED' } });
    expect(isOverdue(action, '2020-01-01')).toBe(false);
  });

  it('a proposed revision does not move the baseline; an endorsed one does; the original is kept', () => {
    const proposed = base({
      originalTarget: month('2018-06', 'by June 2018'),
      revisions: [{ id: 'r1', from: month('2018-06'), to: month('2018-09'), state: 'proposed' }],
    });
    expect(isOverdue(proposed, '2018-07-15')).toBe(true);
    expect(pendingRevision(proposed)?.id).toBe('r1');
    const endorsed = base({ ...proposed, revisions: [{ ...proposed.revisions[0], state: 'endorsed' }] });
    expect(isOverdue(endorsed, '2018-07-15')).toBe(false);
    expect(approvedTarget(endorsed)).toMatchObject({ value: '2018-09' });
    expect(endorsed.originalTarget).toMatchObject({ value: '2018-06' });
    const rejected = base({ ...proposed, revisions: [{ ...proposed.revisions[0], state: 'rejected' }] });
    expect(isOverdue(rejected, '2018-07-15')).toBe(true);
  });

  it('slippage without a new date: reported slipped and no revision in play', () => {
    expect(isSlippedWithoutNewDate(base({ status: { canonical: 'SLIPPED' } }))).toBe(true);
    expect(isSlippedWithoutNewDate(base({ status: { canonical: 'SLIPPED' }, revisions: [{ id: 'r', to: month('2019-01'), state: 'proposed' }] }))).toBe(false);
  });

  it('milestones are due at the last milestone: "Oct 20 (Launch) Jan 21 (allocation)"', () => {
    const action = base({
      originalTarget: { kind: 'milestones', raw: 'Oct 20 (Launch) Jan 21 (allocation)', milestones: [
        { label: 'Launch', at: month('2020-10') },
        { label: 'allocation', at: month('2021-01') },
      ] },
    });
    expect(isOverdue(action, '2020-11-20')).toBe(false);
    expect(isDueBetween(action, '2021-01-01', '2021-01-31')).toBe(true);
  });
});
