/**
 * How actions, owners, statuses and targets read in an answer. One place, so every card and list
 * says the same thing the same way.
 */
import { describePrecision, formatDateExpr } from '../domain/date-expr/index.js';
import type { Action, CanonicalStatus, OwnerRole, Revision } from '../domain/model.js';
import type { Snapshot } from '../domain/snapshot.js';
import { approvedTarget, pendingRevision } from '../domain/slippage.js';
import { formatUkDate } from '../domain/uk-format.js';
import { isVisibleTo } from '../domain/visibility.js';
import type { ChatContext } from './types.js';

export const STATUS_WORDS: Record<CanonicalStatus, string> = {
  NOT_STARTED: 'Not started',
  IN_PROGRESS: 'In progress',
  ON_TRACK: 'On track',
  AT_RISK: 'At risk',
  SLIPPED: 'Slipped',
  COMPLETED: 'Completed',
  DEFERRED: 'Deferred',
  ONGOING: 'Ongoing',
  CLOSED_WITHDRAWN: 'Closed / withdrawn',
  UNKNOWN: 'No status reported',
};

export const ROLE_WORDS: Record<OwnerRole, [string, string]> = {
  lead: ['Lead officer', 'Lead officers'],
  wltOwner: ['WLT owner', 'WLT owners'],
  deliveryLead: ['Delivery lead', 'Delivery leads'],
  body: ['Responsible body', 'Responsible bodies'],
};

/** "2.2 Review detailed savings plans..." or, for unnumbered rows, "Pub is the Hub: Work with..." */
export function actionLabel(snapshot: Snapshot, action: Action): string {
  if (action.number) return `${action.number} ${action.title}`;
  const heading = action.themeId ? snapshot.theme(action.themeId) : undefined;
  if (heading?.kind === 'subheading' && heading.name && !action.title.toLowerCase().startsWith(heading.name.toLowerCase())) {
    return `${heading.name}: ${action.title}`;
  }
  return action.title;
}

/** The plan and theme/section line under an action heading. */
export function planLine(snapshot: Snapshot, action: Action): string {
  const plan = snapshot.plan(action.planId);
  const parts = [plan ? `${plan.title}${plan.draft && plan.versionLabel ? ` (${plan.versionLabel})` : ''}` : action.planId];
  let theme = action.themeId ? snapshot.theme(action.themeId) : undefined;
  const trail: string[] = [];
  while (theme) {
    trail.unshift(theme.number !== undefined ? `Theme ${theme.number}${theme.name ? `: ${theme.name}` : ''}` : (theme.name ?? ''));
    theme = theme.parentId ? snapshot.theme(theme.parentId) : undefined;
  }
  return [...parts, ...trail.filter(Boolean)].join(' · ');
}

/** The council's own label first, then what it means when the words differ. */
export function statusText(action: Action): string {
  const canonical = STATUS_WORDS[action.status.canonical];
  const raw = action.status.raw;
  const label = raw && raw.length <= 40 && raw.toLowerCase() !== canonical.toLowerCase() ? `${raw} (${canonical.toLowerCase()})` : canonical;
  return action.status.asAt ? `${label}, as at ${formatUkDate(action.status.asAt)}` : label;
}

export function ownerNames(snapshot: Snapshot, action: Action, role: OwnerRole): string[] {
  return action.owners
    .filter((o) => o.role === role)
    .map((o) => (o.personId ? (snapshot.person(o.personId)?.name ?? o.raw) : (o.group ?? o.raw)));
}

export function ownerFacts(snapshot: Snapshot, action: Action): { title: string; value: string }[] {
  const facts: { title: string; value: string }[] = [];
  for (const role of Object.keys(ROLE_WORDS) as OwnerRole[]) {
    const names = [...new Set(ownerNames(snapshot, action, role))];
    if (names.length) facts.push({ title: ROLE_WORDS[role][names.length === 1 ? 0 : 1], value: names.join(', ') });
  }
  if (!action.owners.length) facts.push({ title: 'Lead officer', value: 'Not recorded in the source document' });
  return facts;
}

/** "March 2018 (month precision)", with the approved baseline and a pending proposal. */
export function targetFacts(action: Action): { title: string; value: string }[] {
  const facts: { title: string; value: string }[] = [];
  if (action.originalTarget) {
    facts.push({ title: 'Original target', value: `${formatDateExpr(action.originalTarget)} (${describePrecision(action.originalTarget)})` });
  } else {
    facts.push({ title: 'Target', value: 'No target date recorded' });
  }
  const approved = approvedTarget(action);
  if (approved && approved !== action.originalTarget) facts.push({ title: 'Approved revised target', value: formatDateExpr(approved) });
  const pending = pendingRevision(action);
  if (pending) facts.push({ title: 'Proposed new target', value: `${formatDateExpr(pending.to)} (awaiting committee endorsement)` });
  return facts;
}

export function revisionLine(revision: Revision): string {
  const from = revision.from ? `${formatDateExpr(revision.from)} → ` : '';
  const state =
    revision.state === 'proposed'
      ? 'proposed, awaiting committee endorsement'
      : revision.state === 'endorsed'
        ? `endorsed${revision.meetingDate ? ` by the committee on ${formatUkDate(revision.meetingDate)}` : ''}`
        : `rejected${revision.meetingDate ? ` on ${formatUkDate(revision.meetingDate)}` : ''}`;
  return `${from}${formatDateExpr(revision.to)}: ${state}${revision.reason ? `. Reason: ${revision.reason}` : ''}`;
}

/** What the reader may see, given the conversation and their rights. */
export function audienceOf(ctx: ChatContext) {
  const roles = ctx.asker.roles;
  const admin = roles.has('plan-admin') || roles.has('democratic-services-admin');
  return {
    conversationKind: ctx.conversation.kind,
    mayReadInternal: admin || ctx.asker.person?.kind === 'officer' || roles.has('officer') || roles.has('action-lead'),
    mayReadExempt: admin,
  };
}

export function visibleActions(ctx: ChatContext, actions: readonly Action[]): Action[] {
  const audience = audienceOf(ctx);
  return actions.filter((a) => {
    const plan = ctx.snapshot.plan(a.planId);
    return isVisibleTo(a.sensitivity, audience) && isVisibleTo(plan?.sensitivity, audience);
  });
}

/** The line "status of" links ask: ids are unambiguous even when titles repeat. */
export function statusAsk(action: Action): string {
  return `status of ${action.id}`;
}
