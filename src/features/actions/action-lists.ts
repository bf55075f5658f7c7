/**
 * Lists of actions answering plan questions: slippage (reported vs computed, kept apart), revised
 * timescales awaiting endorsement, completions, on track, due in a period, undated, overdue with
 * no update, what a person or group delivers, milestones, themes, plans.
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
import { periodFromText } from '../../chat/periods.js';
import { actionLabel, ownerFacts, revisionLine, statusAsk, statusText, visibleActions } from '../../chat/present.js';
import { listReply, messageReply, type ListGroup, type ListItem } from '../../chat/reply.js';
import { findPlanMention, resolveOwner, resolveTheme, type OwnerRef } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { withAction } from './action-card.js';

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

/** The plan named in the question, if any, limits the list. */
function scopedActions(ctx: ChatContext, text: string): { plan?: Plan; actions: Action[] } {
  const plan = findPlanMention(ctx.snapshot, text);
  const actions = plan ? ctx.snapshot.actionsOf(plan.id) : ctx.snapshot.actions;
  return { plan, actions: visibleActions(ctx, actions) };
}

function scopeSuffix(plan?: Plan): string {
  return plan ? ` in the ${plan.abbreviation ?? plan.title}` : '';
}

export function slippedReply(ctx: ChatContext, text: string): Reply {
  const { plan, actions } = scopedActions(ctx, text);
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
    title: `What has slipped${scopeSuffix(plan)}`,
    groups,
    emptyText: `Nothing has slipped${scopeSuffix(plan)}: no action is reported as slipped or past its approved target.`,
    ask: text,
    page: ctx.page,
  });
}

export function awaitingEndorsementReply(ctx: ChatContext, text: string): Reply {
  const { plan, actions } = scopedActions(ctx, text);
  const pending = actions.filter((a) => pendingRevision(a));
  return listReply({
    title: `Revised timescales awaiting committee endorsement${scopeSuffix(plan)} (${pending.length})`,
    subtitle: 'A proposed date does not move the approved baseline until the committee endorses it.',
    groups: [{ items: pending.map((a) => item(ctx, a, revisionLine(pendingRevision(a)!))) }],
    emptyText: 'No revised timescales are waiting for endorsement.',
    ask: text,
    page: ctx.page,
  });
}

export function completedReply(ctx: ChatContext, text: string): Reply {
  const { plan, actions } = scopedActions(ctx, text);
  const done = actions.filter((a) => a.status.canonical === 'COMPLETED');
  const sinceLastReport = /since the last report|since last report/i.test(text);
  const notes = sinceLastReport
    ? ['Completion dates are not recorded for actions completed before they were tracked here; the list shows every action whose status is completed.']
    : [];
  return listReply({
    title: `Completed actions${scopeSuffix(plan)} (${done.length})`,
    subtitle: plan?.introduced ? `Since the launch of the ${plan.abbreviation ?? plan.title} (${plan.introduced}).` : undefined,
    groups: [{ items: done.map((a) => item(ctx, a, statusText(a))) }],
    emptyText: 'No actions are recorded as completed.',
    notes,
    ask: text,
    page: ctx.page,
  });
}

export function onTrackReply(ctx: ChatContext, text: string): Reply {
  const { plan, actions } = scopedActions(ctx, text);
  const onTrack = actions.filter((a) => a.status.canonical === 'ON_TRACK');
  return listReply({
    title: `On track${scopeSuffix(plan)} (${onTrack.length})`,
    groups: [{ items: onTrack.map((a) => item(ctx, a, statusText(a), targetLine(a))) }],
    emptyText: 'No actions are reported as on track.',
    ask: text,
    page: ctx.page,
  });
}

export function dueReply(ctx: ChatContext, text: string): Reply {
  const period = periodFromText(text, ctx);
  if (!period) {
    return messageReply({
      title: "I couldn't tell which period you mean.",
      body: 'Try "due this month", "due this quarter", "due next month", "due in the next 4 weeks" or "due before the next committee".',
    });
  }
  const { plan, actions } = scopedActions(ctx, text);
  const due = actions
    .filter((a) => isDueBetween(a, period.from, period.to))
    .sort((a, b) => approvedDueDate(a)!.localeCompare(approvedDueDate(b)!));
  return listReply({
    title: `Due ${period.label}${scopeSuffix(plan)} (${due.length})`,
    subtitle: `${formatUkDate(period.from)} to ${formatUkDate(period.to)}. A month target is due at the end of the month; a year at 31 December.`,
    groups: [{ items: due.map((a) => item(ctx, a, `Due ${formatUkDate(approvedDueDate(a)!)}`, targetLine(a), ownersLine(ctx, a))) }],
    emptyText: `Nothing is due ${period.label}.`,
    notes: period.note ? [period.note] : [],
    ask: text,
    page: ctx.page,
  });
}

export function noDateReply(ctx: ChatContext, text: string): Reply {
  const { plan, actions } = scopedActions(ctx, text);
  const undated = actions.filter((a) => !isClosed(a) && hasNoDate(a));
  const tentative = actions.filter((a) => !isClosed(a) && !hasNoDate(a) && a.originalTarget && isTentative(a.originalTarget));
  const line = (a: Action) => item(ctx, a, a.originalTarget ? `Target: ${a.originalTarget.raw}` : 'No target recorded', ownersLine(ctx, a));
  return listReply({
    title: `Actions with no firm date${scopeSuffix(plan)} (${undated.length + tentative.length})`,
    groups: ([
      { heading: `No date: Ongoing, TBC or none (${undated.length})`, explanation: 'Never overdue, but they can go stale.', items: undated.map(line) },
      { heading: `Tentative dates (${tentative.length})`, explanation: 'A year or period marked TBC: due at the end of that period.', items: tentative.map(line) },
    ] as ListGroup[]).filter((g) => g.items.length > 0),
    emptyText: 'Every open action has a date.',
    ask: text,
    page: ctx.page,
  });
}

const STALE_WEEKS = 12;

export function overdueNoUpdateReply(ctx: ChatContext, text: string): Reply {
  const { plan, actions } = scopedActions(ctx, text);
  const today = londonDate(ctx.now);
  const overdue = actions.filter((a) => isOverdue(a, today) && isStale(a, today, STALE_WEEKS));
  return listReply({
    title: `Past due with no update in ${STALE_WEEKS} weeks${scopeSuffix(plan)} (${overdue.length})`,
    subtitle: `As at ${formatUkDate(today)}, against each action's approved target.`,
    groups: [
      {
        items: overdue.map((a) =>
          item(ctx, a, `Due ${formatUkDate(approvedDueDate(a)!)}`, lastUpdateDate(a) ? `Last update ${formatUkDate(lastUpdateDate(a)!)}` : 'Never updated', ownersLine(ctx, a)),
        ),
      },
    ],
    emptyText: 'No overdue action is without a recent update.',
    ask: text,
    page: ctx.page,
  });
}

export function ownerActionsReply(ctx: ChatContext, reference: string, text: string): Reply {
  let owner: OwnerRef | undefined;
  if (/^(me|i|myself|my)$/i.test(reference.trim())) {
    if (!ctx.asker.person) return unknownUserReply(ctx);
    owner = { kind: 'person', person: ctx.asker.person };
  } else {
    const result = resolveOwner(ctx.snapshot, reference);
    if (result.kind === 'many') {
      return messageReply({
        title: `"${reference}" matches more than one person. Who do you mean?`,
        choices: result.options.map((o) => ({ title: o.kind === 'person' ? o.person.name : o.group, ask: `what is ${o.kind === 'person' ? o.person.name : o.group} delivering` })),
      });
    }
    if (result.kind === 'none') {
      return messageReply({
        title: `I don't know anyone called "${reference}" in the plans.`,
        body: result.suggestions.length ? 'Did you mean:' : 'Check the spelling, or ask "who is unmapped?" if you are an admin.',
        choices: result.suggestions.map((o) => ({ title: o.kind === 'person' ? o.person.name : o.group, ask: `what is ${o.kind === 'person' ? o.person.name : o.group} delivering` })),
      });
    }
    owner = result.value;
  }
  const name = owner.kind === 'person' ? owner.person.name : owner.group;
  const owned = visibleActions(ctx, owner.kind === 'person' ? ctx.snapshot.actionsOwnedBy(owner.person.id) : ctx.snapshot.actionsOwnedByGroup(owner.group));
  const groupsByRole = new Map<string, Action[]>();
  for (const action of owned) {
    const roles = action.owners.filter((o) => (owner!.kind === 'person' ? o.personId === owner!.person.id : o.group?.toLowerCase() === owner!.group.toLowerCase())).map((o) => o.role);
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
  const isMe = owner.kind === 'person' && owner.person.id === ctx.asker.person?.id;
  return listReply({
    title: isMe ? `What you are delivering (${owned.length})` : `What ${name} is delivering (${owned.length})`,
    subtitle: owner.kind === 'group' ? `${name} is a group, not a person: it cannot be messaged directly.` : undefined,
    groups,
    emptyText: `${isMe ? 'You are' : `${name} is`} not named as an owner of any action${ctx.conversation.kind === 'personal' ? '' : ' visible here'}.`,
    ask: text,
    page: ctx.page,
  });
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

export function themeReply(ctx: ChatContext, reference: string, text: string): Reply {
  const plan = findPlanMention(ctx.snapshot, text);
  const result = resolveTheme(ctx.snapshot, reference, plan?.id);
  if (result.kind === 'none') {
    return messageReply({
      title: `I can't find a theme or section called "${reference}".`,
      body: 'Try "theme 8 actions", or a section name such as "Place Based Approach".',
    });
  }
  if (result.kind === 'many') {
    return messageReply({
      title: `"${reference}" matches ${result.options.length} themes. Which one?`,
      choices: result.options.map((t) => ({ title: `${t.name ?? `Theme ${t.number}`} (${ctx.snapshot.plan(t.planId)?.abbreviation ?? t.planId})`, ask: `actions in theme ${t.id}` })),
    });
  }
  const theme = result.value;
  const descendants = new Set([theme.id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of ctx.snapshot.data.themes) if (t.parentId && descendants.has(t.parentId) && !descendants.has(t.id)) descendants.add(t.id), (grew = true);
  }
  const actions = visibleActions(ctx, ctx.snapshot.actionsOf(theme.planId).filter((a) => a.themeId && descendants.has(a.themeId)));
  const plan2 = ctx.snapshot.plan(theme.planId);
  const title = theme.number !== undefined ? `Theme ${theme.number}${theme.name ? `: ${theme.name}` : ''}` : (theme.name ?? theme.id);
  const notes: string[] = [];
  if (theme.basis && theme.basis !== 'stated') notes.push(`Theme name/number mapping: ${theme.basis}.`);
  if (plan2?.statedActionCount && plan2.statedActionCount > ctx.snapshot.actionsOf(plan2.id).length) {
    notes.push(`The source itemises only ${ctx.snapshot.actionsOf(plan2.id).length} of the plan's ${plan2.statedActionCount} actions, so this list may be incomplete.`);
  }
  return listReply({
    title: `${title} (${actions.length})`,
    subtitle: plan2?.title,
    groups: [{ items: actions.map((a) => item(ctx, a, statusText(a), targetLine(a))) }],
    emptyText: 'No itemised actions are recorded under this theme.',
    notes,
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
