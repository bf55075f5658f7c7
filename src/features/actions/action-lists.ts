/**
 * Lists of actions answering plan questions: slippage (reported vs computed, kept apart), revised
 * timescales awaiting endorsement, completions, on track, due in a period, undated, overdue with
 * no update, what a person or group delivers, milestones, themes, plans. Every list is computed
 * over an ActionScope (scope.ts), so filters a question combines all apply.
 */
import { formatDateExpr, isTentative } from '../../domain/date-expr/index.js';
import type { Action, Plan } from '../../domain/model.js';
import {
  approvedDueDate,
  daysOverdue,
  hasNoDate,
  isClosed,
  isDueBetween,
  isOverdue,
  isReportedSlipped,
  isSlippedWithoutNewDate,
  isStale,
  lastUpdateDate,
  pendingRevision,
} from '../../domain/slippage.js';
import { formatUkDate, londonDate, plural } from '../../domain/uk-format.js';
import type { Period } from '../../chat/periods.js';
import { actionLabel, ownerFacts, revisionLine, statusAsk, statusText, visibleActions } from '../../chat/present.js';
import { listReply, messageReply, type ListGroup, type ListItem } from '../../chat/reply.js';
import { findPlanMention, resolveTheme } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { withAction } from './action-card.js';
import { actionsInScope, scopeNotes, scopeSuffix, themeTitle, type ActionScope } from './scope.js';

function item(ctx: ChatContext, action: Action, ...lines: (string | undefined)[]): ListItem {
  return { heading: actionLabel(ctx.snapshot, action), lines: lines.filter(Boolean) as string[], ask: statusAsk(action) };
}

function targetLine(action: Action): string | undefined {
  return action.originalTarget ? `Target: ${formatDateExpr(action.originalTarget)}` : undefined;
}

function ownersLine(ctx: ChatContext, action: Action): string | undefined {
  const facts = ownerFacts(ctx.snapshot, action).filter((f) => f.value !== 'Not recorded in the source document');
  return facts.length ? facts.map((f) => `${f.title}: ${f.value}`).join('; ') : undefined;
}


export function slippedReply(ctx: ChatContext, scope: ActionScope, text: string): Reply {
  const actions = actionsInScope(ctx, scope);
  const today = londonDate(ctx.now);
  const reported = actions.filter(isReportedSlipped);
  const computed = actions.filter((a) => !isReportedSlipped(a) && isOverdue(a, today));
  const rebaselined = actions.filter((a) => !isReportedSlipped(a) && pendingRevision(a));
  const candidates: ListGroup[] = [
    {
      heading: `Reported as slipped (${reported.length})`,
      explanation: 'The council\'s own status says this is behind.',
      color: 'Attention',
      items: reported.map((a) =>
        item(ctx, a, statusText(a), targetLine(a), isSlippedWithoutNewDate(a) ? 'No new date proposed' : undefined, a.commentary ? `Commentary: ${truncate(a.commentary, 160)}` : undefined),
      ),
    },
    {
      heading: `Past the approved target date, not completed (${computed.length})`,
      explanation: `Computed from each action's approved target, as at ${formatUkDate(today)}. Ongoing and TBC actions are never overdue.`,
      color: 'Warning',
      items: computed.map((a) => item(ctx, a, `Due ${formatUkDate(approvedDueDate(a)!)} (${plural(daysOverdue(a, today), 'day')} ago)`, statusText(a))),
    },
    {
      heading: `Revised timescales proposed (${rebaselined.length})`,
      explanation: 'Re-baselined, not counted as slippage; awaiting committee endorsement.',
      color: 'Accent',
      items: rebaselined.map((a) => item(ctx, a, revisionLine(pendingRevision(a)!))),
    },
  ];
  const groups = candidates.filter((g) => g.items.length > 0);
  return listReply({
    title: `What has slipped${scopeSuffix(scope)}`,
    groups,
    emptyText: `Nothing has slipped${scopeSuffix(scope)}: no action is reported as slipped or past its approved target.`,
    notes: scopeNotes(ctx, scope),
    ask: text,
    page: ctx.page,
  });
}

export function awaitingEndorsementReply(ctx: ChatContext, scope: ActionScope, text: string): Reply {
  const actions = actionsInScope(ctx, scope);
  const pending = actions.filter((a) => pendingRevision(a));
  return listReply({
    title: `Revised timescales awaiting committee endorsement${scopeSuffix(scope)} (${pending.length})`,
    subtitle: 'A proposed date does not move the approved baseline until the committee endorses it.',
    groups: [{ items: pending.map((a) => item(ctx, a, revisionLine(pendingRevision(a)!))) }],
    emptyText: 'No revised timescales are waiting for endorsement.',
    notes: scopeNotes(ctx, scope),
    ask: text,
    page: ctx.page,
  });
}

export function completedReply(ctx: ChatContext, scope: ActionScope, text: string): Reply {
  const actions = actionsInScope(ctx, scope);
  const done = actions.filter((a) => a.status.canonical === 'COMPLETED');
  const sinceLastReport = /since the last report|since last report/i.test(text);
  const notes = sinceLastReport
    ? ['Completion dates are not recorded for actions completed before they were tracked here; the list shows every action whose status is completed.']
    : [];
  return listReply({
    title: `Completed actions${scopeSuffix(scope)} (${done.length})`,
    subtitle: scope.plan?.introduced ? `Since the launch of the ${scope.plan.abbreviation ?? scope.plan.title} (${scope.plan.introduced}).` : undefined,
    groups: [{ items: done.map((a) => item(ctx, a, statusText(a))) }],
    emptyText: 'No actions are recorded as completed.',
    notes: [...notes, ...scopeNotes(ctx, scope)],
    ask: text,
    page: ctx.page,
  });
}

export function onTrackReply(ctx: ChatContext, scope: ActionScope, text: string): Reply {
  const actions = actionsInScope(ctx, scope);
  const onTrack = actions.filter((a) => a.status.canonical === 'ON_TRACK');
  return listReply({
    title: `On track${scopeSuffix(scope)} (${onTrack.length})`,
    groups: [{ items: onTrack.map((a) => item(ctx, a, statusText(a), targetLine(a))) }],
    emptyText: 'No actions are reported as on track.',
    notes: scopeNotes(ctx, scope),
    ask: text,
    page: ctx.page,
  });
}

export function dueReply(ctx: ChatContext, scope: ActionScope, text: string): Reply {
  const period: Period | undefined = scope.period;
  if (!period) {
    return messageReply({
      title: "I couldn't tell which period you mean.",
      body: 'Try "due this month", "due this quarter", "due w/c 7 December", "due in March 2021", "due in the next 4 weeks" or "due before the next committee".',
    });
  }
  const actions = actionsInScope(ctx, scope);
  const due = actions
    .filter((a) => isDueBetween(a, period.from, period.to))
    .sort((a, b) => approvedDueDate(a)!.localeCompare(approvedDueDate(b)!));
  return listReply({
    title: `Due ${period.label}${scopeSuffix(scope)} (${due.length})`,
    subtitle: `${formatUkDate(period.from)} to ${formatUkDate(period.to)}. A month target is due at the end of the month; a year at 31 December.`,
    groups: [{ items: due.map((a) => item(ctx, a, `Due ${formatUkDate(approvedDueDate(a)!)}`, targetLine(a), ownersLine(ctx, a))) }],
    emptyText: `Nothing is due ${period.label}.`,
    notes: [...(period.note ? [period.note] : []), ...scopeNotes(ctx, scope)],
    ask: text,
    page: ctx.page,
  });
}

export function noDateReply(ctx: ChatContext, scope: ActionScope, text: string): Reply {
  const actions = actionsInScope(ctx, scope);
  const undated = actions.filter((a) => !isClosed(a) && hasNoDate(a));
  const tentative = actions.filter((a) => !isClosed(a) && !hasNoDate(a) && a.originalTarget && isTentative(a.originalTarget));
  const line = (a: Action) => item(ctx, a, a.originalTarget ? `Target: ${a.originalTarget.raw}` : 'No target recorded', ownersLine(ctx, a));
  return listReply({
    title: `Actions with no firm date${scopeSuffix(scope)} (${undated.length + tentative.length})`,
    groups: ([
      { heading: `No date: Ongoing, TBC or none (${undated.length})`, explanation: 'Never overdue, but they can go stale.', items: undated.map(line) },
      { heading: `Tentative dates (${tentative.length})`, explanation: 'A year or period marked TBC: due at the end of that period.', items: tentative.map(line) },
    ] as ListGroup[]).filter((g) => g.items.length > 0),
    emptyText: 'Every open action has a date.',
    notes: scopeNotes(ctx, scope),
    ask: text,
    page: ctx.page,
  });
}

const STALE_WEEKS = 12;

export function overdueNoUpdateReply(ctx: ChatContext, scope: ActionScope, text: string): Reply {
  const actions = actionsInScope(ctx, scope);
  const today = londonDate(ctx.now);
  const overdue = actions.filter((a) => isOverdue(a, today) && isStale(a, today, STALE_WEEKS));
  return listReply({
    title: `Past due with no update in ${STALE_WEEKS} weeks${scopeSuffix(scope)} (${overdue.length})`,
    subtitle: `As at ${formatUkDate(today)}, against each action's approved target.`,
    groups: [
      {
        items: overdue.map((a) =>
          item(ctx, a, `Due ${formatUkDate(approvedDueDate(a)!)}`, lastUpdateDate(a) ? `Last update ${formatUkDate(lastUpdateDate(a)!)}` : 'Never updated', ownersLine(ctx, a)),
        ),
      },
    ],
    emptyText: 'No overdue action is without a recent update.',
    notes: scopeNotes(ctx, scope),
    ask: text,
    page: ctx.page,
  });
}

/** "What is Tilly Flanagan delivering?": a person's or group's actions by their role, within any other filters. */
export function ownerActionsReply(ctx: ChatContext, scope: ActionScope, text: string): Reply {
  const owner = scope.owner!;
  const name = owner.kind === 'person' ? owner.name : owner.group;
  const owned = actionsInScope(ctx, scope);
  const groupsByRole = new Map<string, Action[]>();
  for (const action of owned) {
    const roles = action.owners.filter((o) => (owner.kind === 'person' ? o.personId === owner.id : o.group?.toLowerCase() === owner.group.toLowerCase())).map((o) => o.role);
    const key = roles.includes('lead') ? 'Lead officer' : roles.includes('wltOwner') ? 'WLT owner' : roles.includes('deliveryLead') ? 'Delivery lead' : 'Other role';
    const list = groupsByRole.get(key) ?? [];
    list.push(action);
    groupsByRole.set(key, list);
  }
  const today = londonDate(ctx.now);
  const groups: ListGroup[] = [...groupsByRole.entries()].map(([role, list]) => ({
    heading: `As ${role.toLowerCase()} (${list.length})`,
    items: list.map((a) => item(ctx, a, statusText(a), targetLine(a), isOverdue(a, today) ? 'Past its approved target' : undefined)),
  }));
  const isMe = owner.kind === 'person' && owner.isAsker;
  const within = scopeSuffix({ ...scope, owner: undefined });
  return listReply({
    title: isMe ? `What you are delivering${within} (${owned.length})` : `What ${name} is delivering${within} (${owned.length})`,
    subtitle: owner.kind === 'group' ? `${name} is a group, not a person: it cannot be messaged directly.` : undefined,
    groups,
    emptyText: `${isMe ? 'You are' : `${name} is`} not named as an owner of any action${within}${ctx.conversation.kind === 'personal' ? '' : ' visible here'}.`,
    notes: scopeNotes(ctx, scope),
    ask: text,
    page: ctx.page,
  });
}

/** A person named in words the bot could not place: who they might be. */
export function ownerNotFoundReply(reference: string, suggestions: readonly { title: string }[]): Reply {
  return messageReply({
    title: `I don't know anyone called "${reference}" in the plans.`,
    body: suggestions.length ? 'Did you mean:' : 'Check the spelling, or ask "who is unmapped?" if you are an admin.',
    choices: suggestions.map((s) => ({ title: s.title, ask: `what is ${s.title} delivering` })),
  });
}

export function unknownAskerReply(ctx: ChatContext): Reply {
  return unknownUserReply(ctx);
}

function unknownUserReply(ctx: ChatContext): Reply {
  return messageReply({
    title: "I don't know who you are yet.",
    body: `Your Teams account (${ctx.asker.displayName}) is not linked to anyone in the plans. Ask a plan admin to link you ("link ${ctx.asker.displayName} to <name in the plan>"), or make sure your Teams email matches the one in the plan.`,
    notes: ['You can still ask about any action, meeting or call-in date.'],
  });
}

export function milestonesReply(ctx: ChatContext, reference: string): Reply {
  return withAction(
    ctx,
    reference,
    (action) => {
      const milestones = action.milestones.length
        ? action.milestones
        : action.originalTarget?.kind === 'milestones'
          ? action.originalTarget.milestones
          : [];
      return messageReply({
        title: `Milestones: ${actionLabel(ctx.snapshot, action)}`,
        lines: milestones.length
          ? milestones.map((m) => `${m.label}: ${formatDateExpr(m.at)}`)
          : [`No separate milestones are recorded. Target: ${action.originalTarget ? formatDateExpr(action.originalTarget) : 'none recorded'}.`],
        choices: [{ title: 'Full status', ask: statusAsk(action) }],
      });
    },
    'milestones for',
  );
}

export function themeReply(ctx: ChatContext, scope: ActionScope, text: string): Reply {
  const theme = scope.theme!;
  const actions = actionsInScope(ctx, scope);
  const plan = ctx.snapshot.plan(theme.planId);
  const title = theme.number !== undefined ? `Theme ${theme.number}${theme.name ? `: ${theme.name}` : ''}` : (theme.name ?? theme.id);
  const notes: string[] = [];
  if (theme.basis && theme.basis !== 'stated') notes.push(`Theme name/number mapping: ${theme.basis}.`);
  if (plan?.statedActionCount && plan.statedActionCount > ctx.snapshot.actionsOf(plan.id).length) {
    notes.push(`The source itemises only ${ctx.snapshot.actionsOf(plan.id).length} of the plan's ${plan.statedActionCount} actions, so this list may be incomplete.`);
  }
  return listReply({
    title: `${title} (${actions.length})`,
    subtitle: plan?.title,
    groups: [{ items: actions.map((a) => item(ctx, a, statusText(a), targetLine(a))) }],
    emptyText: `No itemised actions are recorded under ${themeTitle(theme)}.`,
    notes,
    ask: text,
    page: ctx.page,
  });
}

/** "Theme 8 actions" where the theme could not be placed: which themes there are. */
export function themeNotFoundReply(ctx: ChatContext, reference: string, text: string): Reply {
  const plan = findPlanMention(ctx.snapshot, text);
  const result = resolveTheme(ctx.snapshot, reference, plan?.id);
  if (result.kind === 'many') {
    return messageReply({
      title: `"${reference}" matches ${result.options.length} themes. Which one?`,
      choices: result.options.map((t) => ({ title: `${t.name ?? `Theme ${t.number}`} (${ctx.snapshot.plan(t.planId)?.abbreviation ?? t.planId})`, ask: `actions in ${t.name ?? `theme ${t.number}`}` })),
    });
  }
  return messageReply({
    title: `I can't find a theme or section called "${reference}".`,
    body: 'Try "theme 8 actions", or a section name such as "Place Based Approach".',
  });
}

/** Actions with a given reported status, for the statuses that have no list of their own. */
export function statusListReply(ctx: ChatContext, scope: ActionScope, text: string, status: 'NOT_STARTED' | 'IN_PROGRESS' | 'AT_RISK' | 'DEFERRED' | 'OPEN' | 'ANY'): Reply {
  const actions = actionsInScope(ctx, scope);
  const matching =
    status === 'ANY' ? actions : status === 'OPEN' ? actions.filter((a) => !isClosed(a)) : actions.filter((a) => a.status.canonical === status);
  const words = { NOT_STARTED: 'Not started', IN_PROGRESS: 'In progress', AT_RISK: 'At risk', DEFERRED: 'Deferred or postponed', OPEN: 'Still open', ANY: 'Actions' }[status];
  return listReply({
    title: `${words}${scopeSuffix(scope)} (${matching.length})`,
    groups: [{ items: matching.map((a) => item(ctx, a, statusText(a), targetLine(a), ownersLine(ctx, a))) }],
    emptyText: `No actions${scopeSuffix(scope)} are ${words.toLowerCase()}.`,
    notes: scopeNotes(ctx, scope),
    ask: text,
    page: ctx.page,
  });
}

export function plansReply(ctx: ChatContext): Reply {
  return messageReply({
    title: 'Plans I know about',
    lines: ctx.snapshot.plans.map((p) => {
      const count = ctx.snapshot.actionsOf(p.id).length;
      const council = ctx.snapshot.council(p.councilId)?.name ?? p.councilId;
      return `${p.title}${p.abbreviation ? ` (${p.abbreviation})` : ''}, ${council}: ${plural(count, 'action')}${p.statedActionCount && p.statedActionCount !== count ? ` itemised of ${p.statedActionCount}` : ''}${p.asAt ? `, as at ${formatUkDate(p.asAt)}` : ''}${p.draft ? `, ${p.versionLabel ?? 'draft'}` : ''}`;
    }),
    choices: ctx.snapshot.plans.slice(0, 4).map((p) => ({ title: `Summary: ${p.abbreviation ?? p.title}`, ask: `status summary for ${p.abbreviation ?? p.title}` })),
  });
}

export function whoLeadsReply(ctx: ChatContext, reference: string): Reply {
  return withAction(
    ctx,
    reference,
    (action) =>
      messageReply({
        title: `Who is responsible for ${actionLabel(ctx.snapshot, action)}`,
        lines: ownerFacts(ctx.snapshot, action).map((f) => `${f.title}: ${f.value}`),
        choices: [{ title: 'Full status', ask: statusAsk(action) }],
      }),
    'who leads',
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
