/**
 * The progress-update core: status labels, field checks with specific messages, applying an update
 * (proposed dates never move the baseline, edits within 15 minutes, no-change), committee decisions,
 * delegation, reading typed updates, and the service's idempotency, permission and conflict rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../src/cards/render.js';
import { validateCard } from '../../src/cards/validate.js';
import { parseTypedUpdate, splitDateAndReason } from '../../src/features/updates/update-text.js';
import type { Action, Plan, ProgressUpdate } from '../../src/domain/model.js';
import {
  EDIT_WINDOW_MINUTES,
  RecordUpdateCommand,
  applyUpdate,
  changeDelegation,
  endorseRevision,
  interpretCommand,
  matchStatusLabel,
  rejectRevision,
  statusOptions,
} from '../../src/domain/progress-update/index.js';
import { approvedTarget, isSlippedWithoutNewDate, pendingRevision } from '../../src/domain/slippage.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { silentLogger } from '../../src/log.js';
import { updateCardActions } from '../../src/features/updates/card-actions.js';
import { historyReply } from '../../src/features/updates/history-reply.js';
import { conflictFormReply, confirmReply, recordedReply, updateFormReply } from '../../src/features/updates/update-replies.js';
import { PROCESSED_COMMANDS, changeDelegate, recordProgressUpdate, recordRevisionDecision, type UpdateActor } from '../../src/features/updates/update-service.js';
import { cardText } from '../helpers/bot-harness.js';
import { demoContext, demoData } from '../helpers/chat-context.js';

const NOW = new Date('2020-11-20T12:00:00Z');
const data = demoData();
const cip = data.plans.find((p) => p.id === 'derby-cip')!;
const cdp = data.plans.find((p) => p.id === 'staffs-cdp')!;
const action22 = data.actions.find((a) => a.id === 'derby-cip-2.2')!;
const action41 = data.actions.find((a) => a.id === 'derby-cip-4.1')!;
const pub = data.actions.find((a) => a.id === 'staffs-cdp-12')!;
const TILLY = { personId: 'tilly-flanagan', name: 'Tilly Flanagan' };
const JOE = { personId: 'joe-sullivan', name: 'Joe Sullivan' };

function command(overrides: Partial<RecordUpdateCommand> = {}): RecordUpdateCommand {
  return RecordUpdateCommand.parse({ actionId: pub.id, idempotencyKey: `k-${Math.random()}`, channel: 'teams-card', ...overrides });
}

function minutesLater(minutes: number): Date {
  return new Date(NOW.getTime() + minutes * 60_000);
}

function apply(action: Action, overrides: Partial<RecordUpdateCommand>, author = TILLY, now = NOW, previous: ProgressUpdate[] = [], plan: Plan = cdp) {
  const result = applyUpdate(action, command({ actionId: action.id, ...overrides }), author, now, previous, plan);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result;
}

describe('status labels are the council\'s own', () => {
  it('the CIP offers its committee-table labels, one per meaning, "Slippage" rather than "Slipped"', () => {
    expect(statusOptions(cip).map((o) => o.label)).toEqual(['Completed', 'In progress', 'On track', 'Slippage', 'Not started']);
  });

  it('a plan without labels gets plain defaults', () => {
    expect(statusOptions(cdp).map((o) => o.label)).toContain('At risk');
    expect(statusOptions(cdp).some((o) => o.canonical === 'UNKNOWN')).toBe(false);
  });

  it('typed words and synonyms map to the plan\'s label; a status the plan does not use is not guessed', () => {
    expect(matchStatusLabel(cip, 'slipped')?.label).toBe('Slippage');
    expect(matchStatusLabel(cip, 'Behind schedule')?.label).toBe('Slippage');
    expect(matchStatusLabel(cip, 'done')?.label).toBe('Completed');
    expect(matchStatusLabel(cip, 'at risk')).toBeUndefined();
    expect(matchStatusLabel(cdp, 'at risk')?.canonical).toBe('AT_RISK');
    expect(matchStatusLabel(cdp, 'purple')).toBeUndefined();
  });
});

describe('every field is checked, and every problem says what is allowed', () => {
  const check = (overrides: Partial<RecordUpdateCommand>, action: Action = pub, plan: Plan = cdp) => interpretCommand(command({ actionId: action.id, ...overrides }), plan, action, NOW);
  const messages = (overrides: Partial<RecordUpdateCommand>, action?: Action, plan?: Plan) => {
    const result = check(overrides, action, plan);
    return result.ok ? [] : result.problems.map((p) => p.message);
  };

  it('commentary: 4,000 characters are accepted, 4,001 are refused with the count and the limit', () => {
    expect(check({ commentary: 'x'.repeat(4000) }).ok).toBe(true);
    expect(messages({ commentary: 'x'.repeat(4001) })).toEqual([
      'The commentary is 4,001 characters; the limit is 4,000. Shorten it by 1 characters, or move detail into mitigation or next steps.',
    ]);
  });

  it('an unknown status lists the plan\'s labels', () => {
    expect(messages({ status: 'at risk' }, action22, cip)).toEqual([
      '"at risk" is not one of the CIP\'s status labels. Use one of: Completed, In progress, On track, Slippage, Not started.',
    ]);
  });

  it('dates: unreadable, relative, the same as the approved target, or without a reason', () => {
    expect(messages({ proposedRevisedTarget: 'sometime soonish', reasonForChange: 'x' })[0]).toMatch(/^I can't read "sometime soonish" as a date/);
    expect(messages({ proposedRevisedTarget: 'soon', reasonForChange: 'x' })[0]).toMatch(/depends on when it is read/);
    expect(messages({ proposedRevisedTarget: 'March 2018', reasonForChange: 'x' }, action22, cip)[0]).toMatch(/already the approved target/);
    expect(messages({ proposedRevisedTarget: 'September 2018' })).toEqual([
      'A proposed new date needs a reason for the change: the committee is asked to endorse it. Add one, for example "because of the restructure".',
    ]);
    const ok = check({ proposedRevisedTarget: 'Early 21 (TBC)', reasonForChange: 'survey delayed' });
    expect(ok.ok && ok.value.proposedRevisedTarget).toMatchObject({ kind: 'approximate', year: 2021, part: 'early', tentative: true, raw: 'Early 21 (TBC)' });
  });

  it('as-at dates must be real and not more than a year ahead; an empty update is refused', () => {
    expect(messages({ asAt: '2020-02-30', commentary: 'x' })[0]).toMatch(/is not a real date/);
    expect(messages({ asAt: '2022-01-01', commentary: 'x' })[0]).toMatch(/more than a year ahead/);
    expect(messages({})[0]).toMatch(/There is nothing to record/);
    expect(messages({ commentary: '   ' })[0]).toMatch(/There is nothing to record/);
  });

  it('never throws, whatever text arrives, and either accepts it or names a problem (property)', () => {
    fc.assert(
      fc.property(fc.record({ status: fc.option(fc.string(), { nil: undefined }), commentary: fc.option(fc.string({ maxLength: 5000 }), { nil: undefined }), proposedRevisedTarget: fc.option(fc.string({ maxLength: 60 }), { nil: undefined }), reasonForChange: fc.option(fc.string(), { nil: undefined }) }), (fields) => {
        const result = check(fields);
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
        else if (fields.commentary?.trim()) expect(result.value.commentary).toBe(fields.commentary.trim());
      }),
      { numRuns: 300 },
    );
  });
});

describe('applying an update', () => {
  it('records the new status and commentary, keeps the values it replaced, and writes an audit entry', () => {
    const result = apply(action22, { status: 'slipped', commentary: 'All signed off except £1.8m', asAt: '2020-11-13' }, { personId: 'heather-greenan', name: 'Heather Greenan' }, NOW, [], cip);
    expect(result.action).toMatchObject({ status: { canonical: 'SLIPPED', raw: 'Slippage', asAt: '2020-11-13' }, commentary: 'All signed off except £1.8m', commentaryAsAt: '2020-11-13', lastUpdatedAt: NOW.toISOString(), version: action22.version + 1 });
    expect(result.update.previous).toMatchObject({ status: action22.status, commentary: action22.commentary, target: 'by March 2018' });
    expect(result.update).toMatchObject({ kind: 'update', authorId: 'heather-greenan', channel: 'teams-card' });
    expect(result.audit).toMatchObject({ entity: 'action', entityId: action22.id, actorName: 'Heather Greenan', command: 'progress-update.update' });
    expect((result.audit.before as { version: number }).version).toBe(action22.version);
    expect((result.audit.after as { version: number }).version).toBe(action22.version + 1);
  });

  it('a revised date stays proposed: the approved baseline and the original target do not move', () => {
    const result = apply(action22, { proposedRevisedTarget: 'September 2018', reasonForChange: 'the restructure' }, TILLY, NOW, [], cip);
    expect(result.action.originalTarget).toEqual(action22.originalTarget);
    expect(approvedTarget(result.action)).toEqual(action22.originalTarget);
    expect(pendingRevision(result.action)).toMatchObject({ state: 'proposed', reason: 'the restructure', proposedBy: 'tilly-flanagan', from: action22.originalTarget });
    expect(isSlippedWithoutNewDate(result.action)).toBe(false);
    // A second proposal replaces the one still waiting: the committee is asked about one date.
    const again = apply(result.action, { proposedRevisedTarget: 'December 2018', reasonForChange: 'consultation' }, TILLY, minutesLater(60), [result.update], cip);
    expect(again.action.revisions.filter((r) => r.state === 'proposed')).toHaveLength(1);
    expect(pendingRevision(again.action)!.to).toMatchObject({ value: '2018-12' });
    expect(again.update.previous.target).toBe('September 2018 (proposed, awaiting endorsement)');
  });

  it(`a second update by the same author within ${EDIT_WINDOW_MINUTES} minutes is an edit of the first; later, or by someone else, it is an update`, () => {
    const first = apply(pub, { commentary: 'first' });
    const edit = apply(first.action, { commentary: 'first, corrected' }, TILLY, minutesLater(EDIT_WINDOW_MINUTES), [first.update]);
    expect(edit.update).toMatchObject({ kind: 'edit', editsUpdateId: first.update.id, previous: { commentary: 'first' } });
    const editOfEdit = apply(edit.action, { commentary: 'again' }, TILLY, minutesLater(EDIT_WINDOW_MINUTES), [first.update, edit.update]);
    expect(editOfEdit.update.editsUpdateId).toBe(first.update.id);
    expect(apply(first.action, { commentary: 'later' }, TILLY, minutesLater(EDIT_WINDOW_MINUTES + 1), [first.update]).update.kind).toBe('update');
    expect(apply(first.action, { commentary: 'Joe' }, JOE, minutesLater(1), [first.update]).update.kind).toBe('update');
  });

  it('"no change" keeps status and commentary and refreshes the last-updated date', () => {
    const result = apply(action22, { noChange: true, commentary: 'ignored' }, TILLY, NOW, [], cip);
    expect(result.update.kind).toBe('no-change');
    expect(result.update.commentary).toBeUndefined();
    expect(result.action.commentary).toBe(action22.commentary);
    expect(result.action.status.canonical).toBe(action22.status.canonical);
    expect(result.action.status.asAt).toBe('2020-11-20');
    expect(result.action.lastUpdatedAt).toBe(NOW.toISOString());
  });
});

describe('committee decisions on revised dates', () => {
  const heather = { personId: 'heather-greenan', name: 'Heather Greenan' };

  it('endorsement moves the approved baseline; the original is kept; the decision names the meeting', () => {
    const result = endorseRevision(action41, { meetingDate: '2018-06-19', committeeName: 'Audit and Accounts Committee' }, heather, NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(approvedTarget(result.action)).toMatchObject({ value: '2018-09' });
    expect(result.action.originalTarget).toEqual(action41.originalTarget);
    expect(pendingRevision(result.action)).toBeUndefined();
    expect(result.revision).toMatchObject({ state: 'endorsed', meetingDate: '2018-06-19', decidedBy: 'heather-greenan', decisionNote: 'Audit and Accounts Committee' });
    expect(result.audit.command).toBe('revision.endorse');
  });

  it('rejection leaves the baseline; a decision needs a pending revision and a meeting in the past', () => {
    const rejected = rejectRevision(action41, { meetingDate: '2018-06-19', note: 'keep June' }, heather, NOW);
    expect(rejected.ok && approvedTarget(rejected.action)).toEqual(action41.originalTarget);
    expect(rejected.ok && rejected.revision.state).toBe('rejected');
    const none = endorseRevision(action22, { meetingDate: '2018-06-19' }, heather, NOW);
    expect(!none.ok && none.problems[0]!.message).toMatch(/no proposed revised date/);
    const future = endorseRevision(action41, { meetingDate: '2021-01-01' }, heather, NOW);
    expect(!future.ok && future.problems[0]!.message).toMatch(/is in the future/);
  });
});

describe('delegation', () => {
  it('adds and removes a delegate with an audit entry; repeating it changes nothing', () => {
    const added = changeDelegation(pub, { personId: 'joe-sullivan', name: 'Joe Sullivan' }, 'add', TILLY, NOW);
    expect(added.changed && added.action.delegateIds).toEqual(['joe-sullivan']);
    expect(added.audit?.command).toBe('delegation.add');
    expect(changeDelegation(added.action, { personId: 'joe-sullivan', name: 'Joe Sullivan' }, 'add', TILLY, NOW).changed).toBe(false);
    const removed = changeDelegation(added.action, { personId: 'joe-sullivan', name: 'Joe Sullivan' }, 'remove', TILLY, NOW);
    expect(removed.action.delegateIds).toEqual([]);
  });
});

describe('reading a typed update', () => {
  it('splits the CIP example into commentary, status, proposed date and reason', () => {
    expect(
      parseTypedUpdate('all savings plans signed off except £1.8m employee reductions; status slipped; new date September 2018 because of the restructure', cip, '2020-11-20'),
    ).toEqual({
      commentary: 'all savings plans signed off except £1.8m employee reductions',
      status: 'slipped',
      proposedRevisedTarget: 'September 2018',
      reasonForChange: 'the restructure',
    });
  });

  it('keeps commentary as typed, including "${...}" and punctuation; loose verbs are dates only when a date follows', () => {
    expect(parseTypedUpdate('on track. 12 pubs signed up. Next steps: recruit 3 more', cdp, '2020-11-20')).toEqual({ status: 'on track', commentary: '12 pubs signed up', nextSteps: 'recruit 3 more' });
    expect(parseTypedUpdate('team moved to new offices; costs ${total}', cdp, '2020-11-20')).toEqual({ commentary: 'team moved to new offices; costs ${total}' });
    expect(parseTypedUpdate('extended to 31 March 2019 as agreed with the chair', cdp, '2020-11-20')).toEqual({ proposedRevisedTarget: '31 March 2019', reasonForChange: 'as agreed with the chair' });
    expect(parseTypedUpdate('no change', cdp, '2020-11-20')).toEqual({ noChange: true });
    expect(parseTypedUpdate('new date sometime soonish', cdp, '2020-11-20')).toEqual({ proposedRevisedTarget: 'sometime soonish' });
  });

  it('finds the date at the start of a longer phrase', () => {
    expect(splitDateAndReason('Sept 2020 pending approval', '2020-11-20')).toEqual({ date: 'Sept 2020', reason: 'pending approval' });
  });
});

describe('the update service', () => {
  const tilly: UpdateActor = { personId: 'tilly-flanagan', name: 'Tilly Flanagan', roles: new Set(['officer', 'action-lead']) };
  const joe: UpdateActor = { personId: 'joe-sullivan', name: 'Joe Sullivan', roles: new Set(['officer', 'action-lead']) };
  const colin: UpdateActor = { personId: 'colin-greatorex', name: 'Colin Greatorex', roles: new Set(['member']) };
  const GRANT_FUND = 'staffs-cdp-10';

  it('records once per idempotency key, and keeps the key in the update and the ext collection', async () => {
    const store = new MemoryStore(demoData());
    const input = { actionId: pub.id, commentary: 'once', idempotencyKey: 'activity-1', channel: 'teams-card' };
    const first = await recordProgressUpdate({ store, log: silentLogger(), adminEmails: [] }, input, tilly, NOW);
    const second = await recordProgressUpdate({ store, log: silentLogger(), adminEmails: [] }, input, tilly, minutesLater(1));
    expect(first.kind).toBe('recorded');
    expect(second).toMatchObject({ kind: 'recorded', duplicate: true });
    const snapshot = await store.snapshot();
    expect(snapshot.data.updates.filter((u) => u.commentary === 'once')).toHaveLength(1);
    expect(snapshot.ext(PROCESSED_COMMANDS)).toContainEqual(expect.objectContaining({ id: 'activity-1', kind: 'progress-update', actionId: pub.id }));
    expect(snapshot.data.audit.filter((a) => a.entityId === pub.id)).toHaveLength(1);
  });

  it('refuses councillors and unlinked users, naming who can update', async () => {
    const store = new MemoryStore(demoData());
    const refused = await recordProgressUpdate({ store, log: silentLogger(), adminEmails: [] }, { actionId: pub.id, commentary: 'x', idempotencyKey: 'c', channel: 'teams-card' }, colin, NOW);
    expect(refused).toMatchObject({ kind: 'refused', permission: { allowed: false, reason: 'councillors can read actions but not record updates' } });
    expect(refused.kind === 'refused' && refused.permission.whoCan).toContain('Tilly Flanagan');
    const unknown = await recordProgressUpdate({ store, log: silentLogger(), adminEmails: [] }, { actionId: pub.id, commentary: 'x', idempotencyKey: 'u', channel: 'teams-card' }, { name: 'Pat Visitor', roles: new Set() }, NOW);
    expect(unknown.kind === 'refused' && unknown.permission.reason).toMatch(/not linked/);
    expect((await store.snapshot()).data.updates.filter((u) => u.actionId === pub.id)).toHaveLength(0);
  });

  it('a stale version from another person is a conflict naming them, nothing saved; the same person\'s own stale form is an edit', async () => {
    const store = new MemoryStore(demoData());
    const version = (await store.snapshot()).action(GRANT_FUND)!.version;
    const base = { actionId: GRANT_FUND, expectedVersion: version, channel: 'teams-card' };
    const [a, b] = await Promise.all([
      recordProgressUpdate({ store, log: silentLogger(), adminEmails: [] }, { ...base, commentary: 'Tilly first', idempotencyKey: 't1' }, tilly, NOW),
      recordProgressUpdate({ store, log: silentLogger(), adminEmails: [] }, { ...base, commentary: 'Joe second', idempotencyKey: 'j1' }, joe, NOW),
    ]);
    expect(a.kind).toBe('recorded');
    expect(b.kind).toBe('conflict');
    if (b.kind !== 'conflict') return;
    expect(b.changes).toHaveLength(1);
    expect(b.changes[0]).toMatchObject({ by: 'Tilly Flanagan', byId: 'tilly-flanagan' });
    expect(b.changes[0]!.update?.commentary).toBe('Tilly first');
    expect(b.submitted.commentary).toBe('Joe second');
    expect((await store.snapshot()).data.updates.filter((u) => u.actionId === GRANT_FUND).map((u) => u.commentary)).toEqual(['Tilly first']);

    const own = await recordProgressUpdate({ store, log: silentLogger(), adminEmails: [] }, { ...base, commentary: 'Tilly again', idempotencyKey: 't2' }, tilly, minutesLater(2));
    expect(own).toMatchObject({ kind: 'recorded', update: { kind: 'edit' } });
  });

  it('a version from the future is a tampered card; invalid input names the field', async () => {
    const store = new MemoryStore(demoData());
    const future = await recordProgressUpdate({ store, log: silentLogger(), adminEmails: [] }, { actionId: pub.id, expectedVersion: 99, commentary: 'x', idempotencyKey: 'f', channel: 'teams-card' }, tilly, NOW);
    expect(future.kind === 'invalid' && future.problems[0]!.message).toMatch(/changed after the bot sent it/);
    const badType = await recordProgressUpdate({ store, log: silentLogger(), adminEmails: [] }, { actionId: pub.id, expectedVersion: 'two', idempotencyKey: 'f', channel: 'teams-card' }, tilly, NOW);
    expect(badType.kind === 'invalid' && badType.problems[0]!.message).toBe('The card version should be a number.');
  });

  it('committee decisions and delegation check who is asking', async () => {
    const store = new MemoryStore(demoData());
    const decision = { actionId: 'derby-cip-4.1', decision: 'endorsed', meetingDate: '2018-06-19', committeeName: 'Audit and Accounts Committee', idempotencyKey: 'd1' };
    expect((await recordRevisionDecision({ store, log: silentLogger(), adminEmails: [] }, decision, tilly, NOW)).kind).toBe('refused');
    const heather: UpdateActor = { personId: 'heather-greenan', name: 'Heather Greenan', roles: new Set(['plan-admin', 'plan-admin:derby-cip', 'officer']) };
    expect(await recordRevisionDecision({ store, log: silentLogger(), adminEmails: [] }, decision, heather, NOW)).toMatchObject({ kind: 'decided', duplicate: false });
    expect(await recordRevisionDecision({ store, log: silentLogger(), adminEmails: [] }, decision, heather, NOW)).toMatchObject({ kind: 'decided', duplicate: true });

    expect((await changeDelegate({ store, log: silentLogger(), adminEmails: [] }, { actionId: pub.id, delegatePersonId: 'joe-sullivan', mode: 'add', idempotencyKey: 'g1' }, joe, NOW)).kind).toBe('refused');
    expect(await changeDelegate({ store, log: silentLogger(), adminEmails: [] }, { actionId: pub.id, delegatePersonId: 'joe-sullivan', mode: 'add', idempotencyKey: 'g2' }, tilly, NOW)).toMatchObject({ kind: 'delegated', changed: true });
    expect(await changeDelegate({ store, log: silentLogger(), adminEmails: [] }, { actionId: pub.id, delegatePersonId: 'colin-greatorex', mode: 'add', idempotencyKey: 'g3' }, tilly, NOW)).toMatchObject({ kind: 'invalid' });
  });
});

describe('update cards are valid Adaptive Cards 1.5, and user text is only ever data', () => {
  it('form, confirmation, recorded, conflict and history cards validate; "${...}" in commentary is shown literally', async () => {
    const store = new MemoryStore(demoData());
    const tilly: UpdateActor = { personId: 'tilly-flanagan', name: 'Tilly Flanagan', roles: new Set(['officer']) };
    const tricky = 'Cost ${total} and ${json(x)} <script>alert(1)</script> @{y}';
    const outcome = await recordProgressUpdate({ store, log: silentLogger(), adminEmails: [] }, { actionId: pub.id, commentary: tricky, proposedRevisedTarget: 'Early 21 (TBC)', reasonForChange: 'COVID-19', idempotencyKey: 'v1', channel: 'teams-card' }, tilly, NOW);
    expect(outcome.kind).toBe('recorded');
    if (outcome.kind !== 'recorded') return;
    const ctx = await demoContext({ personId: 'tilly-flanagan', store });
    const snapshot = ctx.snapshot;
    const action = snapshot.action(pub.id)!;
    const context = { actionId: action.id, expectedVersion: action.version, formId: 'f1' };
    const interpreted = interpretCommand(command({ commentary: tricky }), cdp, action, NOW);
    const replies = [
      updateFormReply(snapshot, action, { context, now: NOW }),
      confirmReply(snapshot, action, interpreted.ok ? interpreted.value : (undefined as never), { commentary: tricky }, context, NOW),
      recordedReply(snapshot, action, outcome.update, false),
      conflictFormReply(snapshot, action, [{ by: 'Joe Sullivan', at: NOW.toISOString(), what: 'x' }], { commentary: 'mine', formId: 'f1' }, NOW),
      historyReply(ctx, action),
    ];
    for (const reply of replies) {
      const card = renderCard(reply.card!.template, reply.card!.data);
      expect(validateCard(card), reply.card!.template).toEqual([]);
    }
    // Shown as typed (text blocks are escaped as Markdown); the form's input keeps it verbatim.
    expect(cardText(renderCard(replies[2]!.card!.template, replies[2]!.card!.data))).toContain(tricky);
    const formCard = renderCard(replies[0]!.card!.template, replies[0]!.card!.data);
    expect(JSON.stringify(formCard)).toContain(JSON.stringify(tricky).slice(1, -1));
  });
});

describe('card actions never name an internal action in a channel', () => {
  it('a submission for an internal action from a channel is answered as an unknown action, nothing saved', async () => {
    const internal = demoData();
    internal.actions.find((a) => a.id === pub.id)!.sensitivity = 'internal';
    const store = new MemoryStore(internal);
    const ctx = await demoContext({ personId: 'tilly-flanagan', kind: 'channel', store });
    const submit = updateCardActions({ store, log: silentLogger(), adminEmails: [] }).find((h) => h.verb === 'update.submit')!;
    const result = await submit.handle({ actionId: pub.id, expectedVersion: 1, commentary: 'x', formId: 'f' }, ctx, 'execute');
    expect(result.reply?.text).toContain("This card refers to an action I don't have");
    expect(result.reply?.text).not.toContain('Pub is the Hub');
    expect((await store.snapshot()).data.updates.filter((u) => u.actionId === pub.id)).toHaveLength(0);
  });
});
