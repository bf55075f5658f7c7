/**
 * The view models of the update workflow: the update form, the confirmation card (free text), the
 * "recorded" card that replaces a submitted card, the conflict card, refusals and problems.
 *
 * User text reaches a card only as template data (never concatenated into a template), so `${...}`
 * or HTML in commentary is shown exactly as typed.
 */
import { DateTime } from 'luxon';
import { describePrecision, dueDateOf, formatDateExpr } from '../../domain/date-expr/index.js';
import type { Action, Plan, ProgressUpdate } from '../../domain/model.js';
import { UPDATING_ROLES, type UpdatePermission } from '../../domain/permissions.js';
import { describeProposedDate, statusOptions, type InterpretedUpdate, type UpdateProblem } from '../../domain/progress-update/index.js';
import type { Snapshot } from '../../domain/snapshot.js';
import { approvedTarget, pendingRevision } from '../../domain/slippage.js';
import { COUNCIL_ZONE, formatUkDate, formatUkInstant, formatUkTime, londonDate } from '../../domain/uk-format.js';
import { planAdminNames } from '../../domain/update-rights.js';
import { ROLE_WORDS, actionLabel, planLine, statusAsk, statusText } from '../../chat/present.js';
import { cardReply, messageReply, type CardFact } from '../../chat/reply.js';
import type { AskChoice, Asker, Reply } from '../../chat/types.js';
import type { ChangeSince } from './update-service.js';

/** The data a card button sends back: Action.Execute's data, and the Action.Submit fallback's (with the verb). */
type ButtonData = Record<string, unknown>;

/** What every card of the update workflow shows about the action. */
interface UpdateCardHeader {
  title: string;
  actionLabel: string;
  planLine: string;
  notes: string[];
  speak: string;
}

/** cards/update-form.json */
export interface UpdateFormCardData extends UpdateCardHeader {
  /** A message above the form (a problem to correct, a conflict); empty for none. */
  bannerTitle: string;
  bannerLines: string[];
  bannerStyle: 'attention' | 'warning' | 'good' | 'accent' | 'default';
  /** What changed since the form was made (a conflict); empty for none. */
  newerTitle: string;
  newerFacts: CardFact[];
  currentFacts: CardFact[];
  statusChoices: { title: string; value: string }[];
  statusValue: string;
  commentary: string;
  asAt: string;
  proposedRevisedTarget: string;
  reasonForChange: string;
  mitigation: string;
  nextSteps: string;
  submitTitle: string;
  executeData: ButtonData;
  submitData: ButtonData;
  noChangeExecuteData: ButtonData;
  noChangeSubmitData: ButtonData;
  cancelExecuteData: ButtonData;
  cancelSubmitData: ButtonData;
}

/** cards/update-confirm.json */
export interface UpdateConfirmCardData extends UpdateCardHeader {
  facts: CardFact[];
  commentaryLines: string[];
  confirmExecuteData: ButtonData;
  confirmSubmitData: ButtonData;
  editExecuteData: ButtonData;
  editSubmitData: ButtonData;
  cancelExecuteData: ButtonData;
  cancelSubmitData: ButtonData;
}

/** cards/update-recorded.json */
export interface UpdateRecordedCardData extends UpdateCardHeader {
  recordedLine: string;
  /** The container style. */
  style: 'good';
  facts: CardFact[];
  commentaryLines: string[];
  buttons: AskChoice[];
}

declare module '../../chat/types.js' {
  interface CardTemplates {
    'update-form': UpdateFormCardData;
    'update-confirm': UpdateConfirmCardData;
    'update-recorded': UpdateRecordedCardData;
  }
}

export const VERBS = { submit: 'update.submit', edit: 'update.edit', cancel: 'update.cancel' } as const;

/** The values a form shows (and a submission carries): raw text as the user typed or chose it. */
export interface UpdateFormValues {
  status?: string;
  commentary?: string;
  asAt?: string;
  proposedRevisedTarget?: string;
  reasonForChange?: string;
  mitigation?: string;
  nextSteps?: string;
}

/** Hidden fields every update card carries back to the bot. */
export interface CardContext {
  actionId: string;
  expectedVersion: number;
  /** Identifies this form or confirmation: one card records at most one update per person. */
  formId: string;
  roundId?: string;
  /** 'text' when the card confirms a typed update (recorded with channel teams-text). */
  source?: 'form' | 'text';
  /** Who typed the update a confirmation card confirms: only they may confirm it (channels show it to all). */
  requestedBy?: string;
}

function hidden(context: CardContext, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    actionId: context.actionId,
    expectedVersion: context.expectedVersion,
    formId: context.formId,
    roundId: context.roundId,
    source: context.source,
    requestedBy: context.requestedBy,
    ...extra,
  };
}

function executeAndSubmit(verb: string, data: Record<string, unknown>): { execute: Record<string, unknown>; submit: Record<string, unknown> } {
  // Action.Execute carries the verb separately; the Action.Submit fallback carries it in its data.
  return { execute: data, submit: { verb, ...data } };
}

/** "Recorded by Tilly Flanagan at 12 noon on Friday 20 November 2020" */
export function recordedAt(iso: string): string {
  const when = DateTime.fromISO(iso, { zone: COUNCIL_ZONE });
  if (!when.isValid) return iso;
  return `${formatUkTime(when.toFormat('HH:mm'))} on ${formatUkDate(when.toISODate()!)}`;
}

/** The plan's status label that describes the action now, if it is one of the plan's options. */
export function currentStatusLabel(action: Action, plan: Plan | undefined): string {
  const options = statusOptions(plan);
  const raw = action.status.raw?.toLowerCase();
  return (
    options.find((o) => o.label.toLowerCase() === raw)?.label ??
    (action.status.canonical === 'UNKNOWN' ? '' : (options.find((o) => o.canonical === action.status.canonical)?.label ?? ''))
  );
}

function currentFacts(snapshot: Snapshot, action: Action): { title: string; value: string }[] {
  const last = snapshot.updatesOf(action.id).at(-1);
  const facts = [{ title: 'Status now', value: statusText(action) }];
  if (last) facts.push({ title: 'Last update', value: `${last.authorName}, ${formatUkInstant(last.authoredAt)}` });
  const approved = approvedTarget(action);
  facts.push({ title: 'Approved target', value: approved ? `${formatDateExpr(approved)} (${describePrecision(approved)})` : 'None recorded' });
  const pending = pendingRevision(action);
  if (pending) facts.push({ title: 'Already proposed', value: `${formatDateExpr(pending.to)}, awaiting committee endorsement` });
  return facts;
}

export interface UpdateFormOptions {
  context: CardContext;
  now: Date;
  values?: UpdateFormValues;
  title?: string;
  banner?: { title: string; lines: string[]; style: 'attention' | 'warning' | 'good' | 'accent' };
  newer?: { title: string; facts: { title: string; value: string }[] };
  submitTitle?: string;
  notes?: string[];
}

/** The update form, pre-filled with the current status and commentary (or the user's own values). */
export function updateFormReply(snapshot: Snapshot, action: Action, options: UpdateFormOptions): Reply {
  const plan = snapshot.plan(action.planId);
  const label = actionLabel(snapshot, action);
  const values = options.values ?? {};
  const context = options.context;
  const main = executeAndSubmit(VERBS.submit, hidden(context));
  const noChange = executeAndSubmit(VERBS.submit, hidden(context, { noChange: true }));
  const cancel = executeAndSubmit(VERBS.cancel, hidden(context));
  const choices = statusOptions(plan).map((o) => ({ title: o.label, value: o.label }));
  const statusValue = values.status ?? currentStatusLabel(action, plan);
  // A typed label that is not an option is still shown, so the user sees what they typed.
  if (statusValue && !choices.some((c) => c.value === statusValue)) choices.push({ title: `${statusValue} (not a status of this plan)`, value: statusValue });
  const notes = options.notes ?? [
    'A new date stays proposed until the committee endorses it; the approved target does not change before then.',
    'Nothing is saved until you press the button.',
  ];
  const textLines = [
    options.title ?? 'Record progress',
    label,
    ...(options.banner ? [options.banner.title, ...options.banner.lines] : []),
    ...(options.newer ? [options.newer.title, ...options.newer.facts.map((f) => `${f.title}: ${f.value}`)] : []),
    ...currentFacts(snapshot, action).map((f) => `${f.title}: ${f.value}`),
    `Statuses you can choose: ${choices.map((c) => c.title).join(', ')}.`,
  ];
  return {
    text: textLines.join('\n'),
    card: cardReply('update-form', {
      title: options.title ?? 'Record progress',
      actionLabel: label,
      planLine: planLine(snapshot, action),
      bannerTitle: options.banner?.title ?? '',
      bannerLines: options.banner?.lines ?? [],
      bannerStyle: options.banner?.style ?? 'default',
      newerTitle: options.newer?.title ?? '',
      newerFacts: options.newer?.facts ?? [],
      currentFacts: currentFacts(snapshot, action),
      statusChoices: choices,
      statusValue,
      commentary: values.commentary ?? action.commentary ?? '',
      asAt: values.asAt ?? londonDate(options.now),
      proposedRevisedTarget: values.proposedRevisedTarget ?? '',
      reasonForChange: values.reasonForChange ?? '',
      mitigation: values.mitigation ?? '',
      nextSteps: values.nextSteps ?? '',
      notes,
      submitTitle: options.submitTitle ?? 'Save update',
      executeData: main.execute,
      submitData: main.submit,
      noChangeExecuteData: noChange.execute,
      noChangeSubmitData: noChange.submit,
      cancelExecuteData: cancel.execute,
      cancelSubmitData: cancel.submit,
      speak: `Record progress on ${label}`,
    }),
  };
}

/** What the bot understood from a typed update, to confirm before anything is saved. */
export function confirmReply(snapshot: Snapshot, action: Action, understood: InterpretedUpdate, values: UpdateFormValues, context: CardContext, now: Date): Reply {
  const label = actionLabel(snapshot, action);
  const facts: { title: string; value: string }[] = [];
  if (understood.noChange) {
    facts.push({ title: 'Update', value: `No change since the last update (status stays ${statusText(action)})` });
  } else {
    facts.push({ title: 'Status', value: understood.status ? `${understood.status.raw}${understood.status.raw !== action.status.raw ? ` (was ${statusText(action)})` : ' (unchanged)'}` : `Unchanged: ${statusText(action)}` });
    if (understood.proposedRevisedTarget) {
      facts.push({ title: 'New date', value: `${describeProposedDate(understood.proposedRevisedTarget)} (proposed: the committee is asked to endorse it)` });
    }
    if (understood.reasonForChange) facts.push({ title: 'Reason for change', value: understood.reasonForChange });
    if (understood.mitigation) facts.push({ title: 'Mitigation', value: understood.mitigation });
    if (understood.nextSteps) facts.push({ title: 'Next steps', value: understood.nextSteps });
  }
  facts.push({ title: 'As at', value: formatUkDate(understood.asAt) });
  const commentaryLines = understood.commentary ? [understood.commentary] : [];
  const notes = ['Nothing is saved until you press Confirm.'];
  const proposedDue = understood.proposedRevisedTarget ? dueDateOf(understood.proposedRevisedTarget) : null;
  if (proposedDue && proposedDue < londonDate(now)) notes.unshift(`Check the new date: ${formatDateExpr(understood.proposedRevisedTarget!)} is already in the past.`);
  if (!understood.noChange && !understood.commentary) notes.push('No commentary was given: the current commentary stays as it is.');
  const data = hidden({ ...context, source: 'text' }, { ...values, noChange: understood.noChange || undefined });
  const confirm = executeAndSubmit(VERBS.submit, data);
  const edit = executeAndSubmit(VERBS.edit, data);
  const cancel = executeAndSubmit(VERBS.cancel, data);
  return {
    text: ['Please check this before I save it:', label, ...facts.map((f) => `${f.title}: ${f.value}`), ...commentaryLines.map((c) => `Commentary: ${c}`), ...notes, 'Choose: Confirm | Edit in form | Cancel'].join('\n'),
    card: cardReply('update-confirm', {
      title: 'Please check this before I save it',
      actionLabel: label,
      planLine: planLine(snapshot, action),
      facts,
      commentaryLines,
      notes,
      confirmExecuteData: confirm.execute,
      confirmSubmitData: confirm.submit,
      editExecuteData: edit.execute,
      editSubmitData: edit.submit,
      cancelExecuteData: cancel.execute,
      cancelSubmitData: cancel.submit,
      speak: `Please check your update to ${label}`,
    }),
  };
}

/** Replaces the submitted card: what was recorded, by whom and when; no inputs, so no second submit. */
export function recordedReply(snapshot: Snapshot, action: Action, update: ProgressUpdate, duplicate: boolean): Reply {
  const label = actionLabel(snapshot, action);
  const facts: { title: string; value: string }[] = [];
  const notes: string[] = [];
  if (update.kind === 'no-change') {
    facts.push({ title: 'Update', value: 'No change since the last update' });
    facts.push({ title: 'Status', value: statusText(action) });
  } else {
    facts.push({ title: 'Status', value: update.status?.raw ?? `Unchanged: ${statusText(action)}` });
  }
  if (update.proposedRevisedTarget) {
    facts.push({ title: 'Proposed new date', value: `${describeProposedDate(update.proposedRevisedTarget)}, awaiting committee endorsement` });
    notes.push('The approved target does not change until the committee endorses the new date.');
  }
  if (update.reasonForChange) facts.push({ title: 'Reason for change', value: update.reasonForChange });
  if (update.mitigation) facts.push({ title: 'Mitigation', value: update.mitigation });
  if (update.nextSteps) facts.push({ title: 'Next steps', value: update.nextSteps });
  if (update.asAt) facts.push({ title: 'As at', value: formatUkDate(update.asAt) });
  if (update.kind === 'edit' && update.editsUpdateId) {
    const edited = snapshot.data.updates.find((u) => u.id === update.editsUpdateId);
    notes.push(`Recorded as an edit of ${edited ? `the update at ${recordedAt(edited.authoredAt)}` : 'an earlier update'}: both are kept in the history.`);
  }
  if (duplicate) notes.unshift('This card was already submitted: the update was recorded once, not twice.');
  const recordedLine = `Recorded by ${update.authorName} at ${recordedAt(update.authoredAt)}`;
  const title = duplicate ? 'Already recorded' : update.kind === 'edit' ? 'Edit recorded' : 'Update recorded';
  const commentaryLines = update.commentary ? [update.commentary] : [];
  return {
    text: [title, recordedLine, label, ...facts.map((f) => `${f.title}: ${f.value}`), ...commentaryLines.map((c) => `Commentary: ${c}`), ...notes].join('\n'),
    card: cardReply('update-recorded', {
      title,
      recordedLine,
      style: 'good',
      actionLabel: label,
      planLine: planLine(snapshot, action),
      facts,
      commentaryLines,
      notes,
      buttons: [
        { title: 'History', ask: `history of ${action.id}` },
        { title: 'Status', ask: statusAsk(action) },
      ],
      speak: `${title}. ${recordedLine}.`,
    }),
  };
}

/** Who can update an action, named with their role, plus the plan admins. */
export function updatersOf(snapshot: Snapshot, action: Action): { updaters: string[]; admins: string[] } {
  const updaters: string[] = [];
  for (const owner of action.owners) {
    if (!UPDATING_ROLES.has(owner.role) || !owner.personId) continue;
    const name = snapshot.person(owner.personId)?.name ?? owner.raw;
    const entry = `${name} (${roleWord(owner.role)})`;
    if (!updaters.some((u) => u.startsWith(`${name} (`))) updaters.push(entry);
  }
  for (const id of action.delegateIds) {
    const name = snapshot.person(id)?.name ?? id;
    if (!updaters.some((u) => u.startsWith(`${name} (`))) updaters.push(`${name} (delegate)`);
  }
  return { updaters, admins: planAdminNames(snapshot, snapshot.plan(action.planId)) };
}

/** "delivery lead", "lead officer", but "WLT owner" keeps its capitals. */
function roleWord(role: keyof typeof ROLE_WORDS): string {
  const word = ROLE_WORDS[role][0];
  return /^[A-Z]{2,}\b/.test(word) ? word : word.charAt(0).toLowerCase() + word.slice(1);
}

export function whoCanLines(snapshot: Snapshot, action: Action): string[] {
  const { updaters, admins } = updatersOf(snapshot, action);
  const lines: string[] = [];
  lines.push(updaters.length ? `Who can update it: ${updaters.join(', ')}.` : 'No lead officer or delivery lead is recorded for this action, so only plan admins can update it.');
  lines.push(admins.length ? `Plan admins (can update any action in the plan): ${admins.join(', ')}.` : 'The plan has no named admin.');
  return lines;
}

/** The refusal: why, and who can update instead. */
export function refusalReply(snapshot: Snapshot, action: Action, _permission: UpdatePermission, asker: Asker): Reply {
  const label = actionLabel(snapshot, action);
  const unlinked = !asker.person;
  const councillor = asker.person?.kind === 'member';
  const body = unlinked
    ? `Your Teams account (${asker.displayName}) is not linked to anyone in the plans, so I can't tell whether you lead this action. Ask a plan admin to link your account to your name in the plan, or check that your Teams email matches the one the council holds.`
    : councillor
      ? 'Councillors can read actions, their commentary and history, but progress is recorded by the officers who lead them.'
      : `You are not a lead officer, WLT owner or delivery lead for this action, and no owner has delegated updates to you.`;
  const notes = unlinked || councillor ? [] : [`An owner can let you update it: they type "let ${asker.person?.name ?? asker.displayName} update ${action.number ?? action.id}".`];
  return messageReply({
    title: `You can't record updates on ${label}. Nothing was saved.`,
    body,
    lines: whoCanLines(snapshot, action),
    notes,
    choices: [
      { title: 'Status', ask: statusAsk(action) },
      { title: 'History', ask: `history of ${action.id}` },
    ],
  });
}

/** Problems with a submission: each names the field and what is allowed. */
export function problemsReply(problems: readonly UpdateProblem[], action?: { label: string }): Reply {
  return messageReply({
    title: `I couldn't save that update${action ? ` to ${action.label}` : ''}: nothing was saved.`,
    lines: problems.map((p) => `- ${p.message}`),
    notes: action ? ['Your text is kept in the form so you can correct it.'] : ['Ask "update <action>" for a fresh form.'],
  });
}

/** The conflict card: what changed since the user's form, their own text kept, and a way to save it. */
export function conflictFormReply(
  snapshot: Snapshot,
  action: Action,
  changes: readonly ChangeSince[],
  submitted: UpdateFormValues & { formId: string; roundId?: string; source?: 'form' | 'text'; requestedBy?: string },
  now: Date,
): Reply {
  const names = [...new Set(changes.map((c) => c.by))];
  const lines = changes.slice(-5).map((c) => `${c.by} at ${recordedAt(c.at)}: ${describeChange(c)}`);
  const newerFacts = [{ title: 'Status now', value: statusText(action) }];
  if (action.commentary) newerFacts.push({ title: 'Commentary now', value: truncate(action.commentary, 1200) });
  const pending = pendingRevision(action);
  if (pending) newerFacts.push({ title: 'Proposed new date', value: `${formatDateExpr(pending.to)}${pending.reason ? ` (reason: ${truncate(pending.reason, 200)})` : ''}` });
  return updateFormReply(snapshot, action, {
    context: { actionId: action.id, expectedVersion: action.version, formId: submitted.formId, roundId: submitted.roundId, source: submitted.source, requestedBy: submitted.requestedBy },
    now,
    values: submitted,
    title: 'Not saved yet: someone else updated this action',
    banner: {
      title: `${names.join(' and ') || 'Someone'} updated this action after your ${submitted.source === 'text' ? 'confirmation' : 'form'} was made, so I did not overwrite it.`,
      lines,
      style: 'warning',
    },
    newer: { title: 'The action now says', facts: newerFacts },
    submitTitle: 'Save my update',
    notes: [
      'Your update is kept in the form below exactly as you wrote it. Check it against the newer update, change it if you need to, then save it.',
      'Saving records yours as a new update; the other update stays in the history.',
    ],
  });
}

function describeChange(change: ChangeSince): string {
  const update = change.update;
  if (!update) return change.what;
  const parts: string[] = [];
  if (update.kind === 'no-change') parts.push('confirmed no change');
  if (update.status) parts.push(`status ${update.status.raw ?? update.status.canonical}`);
  if (update.commentary) parts.push(`"${truncate(update.commentary, 160)}"`);
  if (update.proposedRevisedTarget) parts.push(`proposed ${formatDateExpr(update.proposedRevisedTarget)}`);
  return parts.join('; ') || 'a progress update';
}

export function cancelledReply(label: string): Reply {
  return messageReply({ title: 'Update cancelled.', body: `Nothing was saved for ${label}.` });
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
