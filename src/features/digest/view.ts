/**
 * How a weekly digest reads: the card (cards/digest.json) and its plain-text twin, from a
 * PersonDigest (domain/digest.ts). Used by the scheduled send, "send the weekly digest now",
 * "show my digest" and the dry-run script, so they all say the same thing.
 */
import { formatDateExpr } from '../../domain/date-expr/index.js';
import {
  SECTION_ORDER,
  sum,
  type DigestSection,
  type FlaggedAction,
  type FollowUp,
  type PersonDigest,
  type PlanPicture,
  type SectionCounts,
} from '../../domain/digest/index.js';
import type { Snapshot } from '../../domain/snapshot.js';
import { approvedTarget } from '../../domain/slippage.js';
import { addDays, daysBetween, formatUkDate, formatUkDateShort, plural } from '../../domain/uk-format.js';
import { actionLabel, revisionLine, statusAsk, statusText } from '../../chat/present.js';
import { cardReply, type CardFact } from '../../chat/reply.js';
import type { AskChoice, Reply } from '../../chat/types.js';

/** Lines shown per section before "and N more". */
export const LINES_PER_SECTION = 8;

const SECTION_TEXT: Record<DigestSection, { heading: string; explanation: string; color: string; short: string }> = {
  overdue: {
    heading: 'Past the approved target date',
    explanation: 'Not completed, and no revised date has been proposed.',
    color: 'Attention',
    short: 'Past target',
  },
  'slipped-no-date': {
    heading: 'Reported as slipped, with no new date',
    explanation: 'Propose a revised date (with the reason) so the committee can consider it.',
    color: 'Attention',
    short: 'Slipped, no new date',
  },
  'awaiting-endorsement': {
    heading: 'Revised dates awaiting committee endorsement',
    explanation: 'The approved target stays as it is until the committee endorses the new date.',
    color: 'Warning',
    short: 'Awaiting endorsement',
  },
  'due-soon': {
    heading: 'Due in the next weeks',
    explanation: 'By the approved target. A month target is due at the end of the month.',
    color: 'Accent',
    short: 'Due soon',
  },
  stale: {
    heading: 'Ongoing or to be confirmed, with no recent update',
    explanation: 'These never go overdue, so an update now and then is the only way the committee hears how they are going.',
    color: 'Default',
    short: 'No recent update',
  },
};

export interface DigestViewOptions {
  today: string;
  dueWeeks: number;
  staleWeeks: number;
  /** "every Monday at 8am": how the reader gets it, for the footer. */
  scheduleText?: string;
  /** True when shown on request ("show my digest") rather than sent by the schedule. */
  preview?: boolean;
  /** Posted to a committee channel rather than to one person. */
  channel?: boolean;
}

interface CardItem {
  heading: string;
  lines: string[];
  ask: string;
  update?: string;
}

interface CardSection {
  heading: string;
  explanation?: string;
  color: string;
  items: CardItem[];
  more?: string;
}

interface CardOverview {
  heading: string;
  explanation?: string;
  facts: CardFact[];
  items: CardItem[];
  notes: string[];
}

/** cards/digest.json */
export interface DigestCardData {
  title: string;
  subtitle?: string;
  /** Shown only when nothing needs attention. */
  emptyText?: string;
  /** The reader's own items, one section per reason. */
  sections: CardSection[];
  /** The picture across the plans and committees they oversee. */
  overviews: CardOverview[];
  notes: string[];
  buttons: AskChoice[];
  speak: string;
}

declare module '../../chat/types.js' {
  interface CardTemplates {
    digest: DigestCardData;
  }
}

/** Formatting dates is costly (luxon in Europe/London): one digest run formats the same few dates many times. */
const dateCache = new Map<string, string>();
function shortDate(iso: string): string {
  let text = dateCache.get(iso);
  if (text === undefined) {
    text = formatUkDateShort(iso);
    if (dateCache.size > 5000) dateCache.clear();
    dateCache.set(iso, text);
  }
  return text;
}

function actionLines(flag: FlaggedAction, options: DigestViewOptions): string[] {
  const { action } = flag;
  const target = approvedTarget(action);
  const lines: string[] = [];
  switch (flag.section) {
    case 'overdue':
      lines.push(`Due ${shortDate(flag.dueDate!)}: ${plural(daysBetween(flag.dueDate!, options.today), 'day')} ago`);
      lines.push(`Status: ${statusText(action)}`);
      break;
    case 'slipped-no-date':
      lines.push(`Status: ${statusText(action)}`);
      lines.push(target ? `Target: ${formatDateExpr(target)}${flag.pastTarget ? ` (passed ${shortDate(flag.dueDate!)})` : ''}` : 'No target date recorded');
      break;
    case 'awaiting-endorsement':
      lines.push(`Proposed: ${revisionLine(flag.pending!)}`);
      if (flag.pastTarget) lines.push(`The approved target (${shortDate(flag.dueDate!)}) has passed.`);
      break;
    case 'due-soon':
      lines.push(`Due ${shortDate(flag.dueDate!)}${target ? ` (target: ${formatDateExpr(target)})` : ''}`);
      lines.push(`Status: ${statusText(action)}`);
      break;
    case 'stale':
      lines.push(flag.lastUpdate ? `Last update ${shortDate(flag.lastUpdate)}` : 'No update recorded yet');
      lines.push(`Target: ${target ? formatDateExpr(target) : 'none recorded'}`);
      break;
  }
  return lines;
}

function actionItem(snapshot: Snapshot, flag: FlaggedAction, options: DigestViewOptions, withUpdate: boolean): CardItem {
  return {
    heading: actionLabel(snapshot, flag.action),
    lines: actionLines(flag, options),
    ask: statusAsk(flag.action),
    update: withUpdate ? `update ${flag.action.id}` : undefined,
  };
}

function followUpItem(followUp: FollowUp): CardItem {
  const { meeting, committee, resolution } = followUp;
  const minute = [resolution.minuteNo ? `minute ${resolution.minuteNo}` : undefined, resolution.minuteTitle].filter(Boolean).join(': ');
  return {
    heading: truncate(resolution.text, 200),
    lines: [
      `${committee?.name ?? meeting.committeeId}, ${shortDate(meeting.date)}${minute ? ` (${minute})` : ''}`,
      ...(resolution.dueText ? [`Asked for: ${resolution.dueText}`] : []),
      ...(resolution.ownerText && !resolution.ownerPersonId ? [`Owner: ${resolution.ownerText}`] : []),
    ],
    ask: 'which follow-ups are outstanding?',
  };
}

function moreText(hidden: number, what: string): string | undefined {
  return hidden > 0 ? `…and ${hidden} more ${what}. Ask "what do I own?" for the full list.` : undefined;
}

function countFacts(counts: SectionCounts): CardFact[] {
  return SECTION_ORDER.filter((s) => counts[s] > 0).map((s) => ({ title: SECTION_TEXT[s].short, value: String(counts[s]) }));
}

function planOverview(snapshot: Snapshot, picture: PlanPicture, heading: string, options: DigestViewOptions): CardOverview {
  const total = sum(picture.counts);
  const notes: string[] = [];
  if (picture.withoutPersonalOwner > 0) {
    notes.push(`${plural(picture.withoutPersonalOwner, 'of these has', 'of these have')} no named owner (only a group such as "SDMs"), so nobody gets ${picture.withoutPersonalOwner === 1 ? 'it' : 'them'} in a personal digest.`);
  }
  return {
    heading,
    explanation: total === 0 ? 'Nothing needs attention across the plan this week.' : `${plural(total, 'action')} need attention across the plan.`,
    facts: countFacts(picture.counts),
    items: picture.top.map((flag) => actionItem(snapshot, flag, options, false)),
    notes,
  };
}

export interface DigestTotals {
  /** Lines in the reader's own part. */
  own: number;
  /** Actions needing attention across the plans in their overview. */
  overview: number;
}

export function digestTotals(digest: PersonDigest): DigestTotals {
  const overview = digest.overview
    ? digest.overview.plans.reduce((n, p) => n + sum(p.counts), 0) +
      digest.overview.committees.reduce((n, c) => n + c.plans.reduce((m, p) => m + sum(p.counts), 0) + c.openFollowUps.length, 0)
    : 0;
  return { own: digest.lead?.total ?? 0, overview };
}

/** The digest as a card with a plain-text fallback. */
export function digestReply(snapshot: Snapshot, digest: PersonDigest, options: DigestViewOptions): Reply {
  const person = snapshot.person(digest.personId);
  const firstName = person?.name.split(' ')[0] ?? 'there';
  const date = formatUkDate(options.today);
  const totals = digestTotals(digest);
  const sections: CardSection[] = [];
  const lead = digest.lead;
  if (lead) {
    for (const section of SECTION_ORDER) {
      const flags = lead.sections[section];
      if (flags.length === 0) continue;
      const text = SECTION_TEXT[section];
      sections.push({
        heading: `${text.heading} (${flags.length})`,
        explanation: section === 'due-soon' ? `Due by ${formatUkDate(addDays(options.today, 7 * options.dueWeeks))}. ${text.explanation}` : section === 'stale' ? `No update for more than ${options.staleWeeks} weeks. ${text.explanation}` : text.explanation,
        color: text.color,
        items: flags.slice(0, LINES_PER_SECTION).map((flag) => actionItem(snapshot, flag, options, true)),
        more: moreText(flags.length - LINES_PER_SECTION, text.short.toLowerCase()),
      });
    }
    if (lead.followUps.length > 0) {
      sections.push({
        heading: `Committee follow-ups you own, not yet closed (${lead.followUps.length})`,
        explanation: 'Actions the committee asked for in its resolutions. They close when the evidence is recorded.',
        color: 'Warning',
        items: lead.followUps.slice(0, LINES_PER_SECTION).map(followUpItem),
        more: lead.followUps.length > LINES_PER_SECTION ? `…and ${lead.followUps.length - LINES_PER_SECTION} more follow-ups.` : undefined,
      });
    }
  }

  const overviews: CardOverview[] = [];
  const overview = digest.overview;
  if (overview) {
    for (const committee of overview.committees) {
      for (const picture of committee.plans) {
        overviews.push(planOverview(snapshot, picture, `${committee.committee.name}: ${picture.plan.title}`, options));
      }
      if (committee.openFollowUps.length > 0) {
        overviews.push({
          heading: `${committee.committee.name}: follow-ups not yet closed (${committee.openFollowUps.length})`,
          explanation: 'Oldest first.',
          facts: [],
          items: committee.openFollowUps.slice(0, 3).map(followUpItem),
          notes: committee.openFollowUps.length > 3 ? [`…and ${committee.openFollowUps.length - 3} more: ask "which follow-ups are outstanding?"`] : [],
        });
      }
    }
    for (const picture of overview.plans) overviews.push(planOverview(snapshot, picture, `${picture.plan.title}${picture.plan.abbreviation ? ` (${picture.plan.abbreviation})` : ''}`, options));
  }

  let title: string;
  let subtitle: string | undefined;
  let emptyText: string | undefined;
  let notes: string[];
  const buttons: AskChoice[] = [];
  if (options.channel) {
    const scope = overview?.because.join(' and ') ?? 'the committee';
    title = `Weekly digest for ${scope}, ${date}`;
    subtitle = totals.overview > 0 ? 'What needs attention across the plan, and the committee follow-ups not yet closed. Public items only.' : undefined;
    emptyText = totals.overview === 0 ? 'Nothing needs attention this week.' : undefined;
    notes = [
      `Posted here ${options.scheduleText ?? 'each week'}. Action leads get their own items in a personal chat.`,
      'A plan admin can say "stop posting the digest here".',
    ];
    buttons.push({ title: 'What has slipped?', ask: 'what has slipped?' }, { title: 'Follow-ups outstanding', ask: 'which follow-ups are outstanding?' });
  } else {
    title = options.preview ? `Your digest as it stands today, ${date}` : `Your weekly digest, ${date}`;
    const subtitleParts: string[] = [];
    if (totals.own > 0) subtitleParts.push(`${plural(totals.own, 'item')} of yours need${totals.own === 1 ? 's' : ''} attention`);
    if (overview) subtitleParts.push(`the picture ${overview.because.length ? `as ${overview.because.join(' and ')}` : 'across your plans'}`);
    subtitle = subtitleParts.length ? `Hello ${firstName}: ${subtitleParts.join(', and ')}.` : undefined;
    emptyText = totals.own === 0 && totals.overview === 0 ? 'Nothing needs your attention this week: no actions past target, slipped, awaiting endorsement, due soon or going stale.' : undefined;
    notes = [
      options.scheduleText ? `You get this digest ${options.scheduleText}.` : undefined,
      'Say "stop my digest" to stop it, or "send my digest on Fridays at 4pm" to change when it comes.',
    ].filter((n): n is string => Boolean(n));
    buttons.push({ title: 'What do I own?', ask: 'what do I own?' });
    if (!options.preview) buttons.push({ title: 'Stop my digest', ask: 'stop my digest' });
  }

  const textLines = [
    title,
    subtitle,
    emptyText,
    ...sections.flatMap((s) => [`${s.heading}:`, ...s.items.map((i) => `- ${i.heading} (${i.lines.join('; ')})`), s.more]),
    ...overviews.flatMap((o) => [`${o.heading}:`, o.explanation, ...o.facts.map((f) => `  ${f.title}: ${f.value}`), ...o.items.map((i) => `- ${i.heading} (${i.lines.join('; ')})`), ...o.notes]),
    ...notes,
  ].filter((l): l is string => Boolean(l));

  return {
    text: textLines.join('\n'),
    card: cardReply('digest', {
      title,
      subtitle,
      emptyText,
      sections,
      overviews,
      notes,
      buttons,
      speak: `${title}. ${subtitle ?? emptyText ?? ''}`,
    }),
  };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
