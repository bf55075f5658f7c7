/**
 * One action: its status card (owners by role, targets with precision, revisions with their state,
 * milestones, commentary and who recorded it), and resolving a reference to one action, asking with
 * choices when it is ambiguous.
 */
import { formatDateExpr } from '../../domain/date-expr/index.js';
import type { Action } from '../../domain/model.js';
import { mayUpdateAction } from '../../domain/permissions.js';
import { daysOverdue, isOverdue, isReportedSlipped, pendingRevision } from '../../domain/slippage.js';
import { formatUkDate, formatUkInstant, londonDate, plural } from '../../domain/uk-format.js';
import { actionLabel, ownerFacts, planLine, revisionLine, statusText, targetFacts, visibleActions } from '../../chat/present.js';
import { cardReply, messageReply, type CardFact } from '../../chat/reply.js';
import { findPlanMention, resolveAction } from '../../chat/resolve.js';
import type { AskChoice, ChatContext, Reply } from '../../chat/types.js';

/** cards/action-status.json */
export interface ActionStatusCardData {
  heading: string;
  planLine: string;
  statusLine: string;
  /** The container style: good, attention, warning or emphasis. */
  statusStyle: string;
  /** The status as written, when it is too long to be the status line. */
  statusDetail?: string;
  facts: CardFact[];
  bullets: string[];
  /** One line per revised timescale, with its state. */
  revisions: string[];
  commentary?: string;
  commentaryMeta?: string;
  notes: string[];
  buttons: AskChoice[];
  speak: string;
}

declare module '../../chat/types.js' {
  interface CardTemplates {
    'action-status': ActionStatusCardData;
  }
}

export function actionStatusReply(ctx: ChatContext, action: Action): Reply {
  const { snapshot } = ctx;
  const label = actionLabel(snapshot, action);
  const updates = snapshot.updatesOf(action.id);
  const lastUpdate = updates.at(-1);
  const facts = [
    ...ownerFacts(snapshot, action),
    ...targetFacts(action),
    ...action.milestones.map((m) => ({ title: `Milestone: ${m.label}`, value: formatDateExpr(m.at) })),
    ...(action.dependencyRaw ? [{ title: 'Depends on', value: action.dependencyRaw }] : []),
    ...(action.refCodes.length ? [{ title: 'Reference codes', value: action.refCodes.join(', ') }] : []),
  ];
  const today = londonDate(ctx.now);
  const notes: string[] = [];
  if (isOverdue(action, today)) notes.push(`Past its approved target by ${plural(daysOverdue(action, today), 'day')} (computed from the approved target).`);
  if (action.reportedCategory) notes.push(`Reported under: ${action.reportedCategory}.`);
  if (action.source?.note) notes.push(action.source.note);
  const commentaryMeta = lastUpdate
    ? `Recorded by ${lastUpdate.authorName} on ${formatUkInstant(lastUpdate.authoredAt)}${lastUpdate.asAt ? ` (as at ${formatUkDate(lastUpdate.asAt)})` : ''}`
    : action.commentaryAsAt
      ? `As at ${formatUkDate(action.commentaryAsAt)}`
      : undefined;
  const buttons = [{ title: 'History', ask: `history of ${action.id}` }];
  if (mayUpdateAction(snapshot, action, ctx.asker.person?.id, ctx.asker.roles).allowed) {
    buttons.unshift({ title: 'Update', ask: `update ${action.id}` });
  }
  const statusLine = statusText(action);
  const textLines = [
    label,
    planLine(snapshot, action),
    `Status: ${statusLine}`,
    ...facts.map((f) => `${f.title}: ${f.value}`),
    ...action.bullets.map((b) => `- ${b}`),
    ...action.revisions.map((r) => `Revised timescale: ${revisionLine(r)}`),
    action.commentary ? `Commentary: ${action.commentary}` : undefined,
    commentaryMeta,
    ...notes,
  ].filter(Boolean);
  return {
    text: textLines.join('\n'),
    card: cardReply('action-status', {
      heading: label,
      planLine: planLine(snapshot, action),
      statusLine,
      statusStyle: statusStyle(action, today),
      statusDetail: action.status.raw && action.status.raw.length > 40 ? `"${action.status.raw}"` : undefined,
      facts,
      bullets: action.bullets,
      revisions: action.revisions.map(revisionLine),
      commentary: action.commentary,
      commentaryMeta,
      notes,
      buttons,
      speak: `${label}. ${statusLine}.`,
    }),
  };
}

function statusStyle(action: Action, today: string): string {
  if (action.status.canonical === 'COMPLETED') return 'good';
  if (isReportedSlipped(action) || isOverdue(action, today)) return 'attention';
  if (pendingRevision(action)) return 'warning';
  return 'emphasis';
}

/** Resolves an action reference, answering with choices or suggestions when it cannot. */
export function withAction(ctx: ChatContext, reference: string, then: (action: Action) => Reply, verb = 'status of'): Reply {
  // An id ("derby-cip-2.2", as list buttons ask) contains the plan's abbreviation: never strip it.
  const plan = ctx.snapshot.action(reference.trim()) ? undefined : findPlanMention(ctx.snapshot, reference);
  const cleaned = plan ? reference.replace(new RegExp(`\\b(in|of|for)?\\s*(the\\s+)?(${escape(plan.abbreviation ?? '')}|${escape(plan.title)})\\b`, 'i'), '').trim() : reference;
  const result = resolveAction(ctx.snapshot, cleaned || reference, plan?.id);
  if (result.kind === 'one') {
    if (!visibleActions(ctx, [result.value]).length) return notVisibleReply(ctx);
    return then(result.value);
  }
  if (result.kind === 'many') {
    const options = visibleActions(ctx, result.options);
    if (options.length === 1) return then(options[0]!);
    return messageReply({
      title: `"${reference}" matches ${options.length} actions. Which one?`,
      choices: options.map((a) => ({ title: choiceTitle(ctx, a), ask: `${verb} ${a.id}` })),
    });
  }
  const suggestions = visibleActions(ctx, result.suggestions);
  return messageReply({
    title: `I can't find an action matching "${reference}".`,
    body: suggestions.length ? 'Did you mean one of these?' : 'Try an action number such as "2.2", or words from its title, or say "help".',
    choices: suggestions.map((a) => ({ title: choiceTitle(ctx, a), ask: `${verb} ${a.id}` })),
  });
}

function choiceTitle(ctx: ChatContext, action: Action): string {
  const label = actionLabel(ctx.snapshot, action);
  const theme = action.themeId ? ctx.snapshot.theme(action.themeId) : undefined;
  const where = theme?.kind === 'subheading' && theme.parentId ? ctx.snapshot.theme(theme.parentId)?.name : theme?.name;
  const short = label.length > 60 ? `${label.slice(0, 57)}...` : label;
  return where && !short.includes(where) ? `${short} (${where})` : short;
}

function notVisibleReply(ctx: ChatContext): Reply {
  return messageReply({
    title: 'That action is not shown here.',
    body:
      ctx.conversation.kind === 'personal'
        ? 'It is marked internal or exempt and your account does not have the right to see it.'
        : 'It is marked internal or exempt, so it is never shown in a channel or group chat. Ask me in a personal chat.',
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
