/**
 * Work programme: TBC items and how long they have waited, items for consideration, pre-decision
 * scrutiny, and the whole programme of meetings still to come.
 */
import { hasMeetingStarted, isCallInPlaceholder, meetingWhen, upcomingMeetings } from '../../domain/meetings.js';
import { formatUkDate, londonDate, plural } from '../../domain/uk-format.js';
import { describeWait, itemsForConsideration, preDecisionItems, tbcItems } from '../../domain/work-programme.js';
import { committeesInScope, personName, presentersLine, visibleItemsOf } from './committee-scope.js';
import { listReply, type ListGroup, type ListItem } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { CALL_IN_PLACEHOLDER_NOTE, noCommitteeReply, truncate } from './shared.js';

export function tbcReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  const today = londonDate(ctx.now);
  const ids = new Set(committees.map((c) => c.id));
  const items = ctx.snapshot.data.workProgrammeItems.filter((i) => ids.has(i.committeeId));
  const waiting = tbcItems(items, today);
  const briefing = items.filter((i) => i.status === 'briefing-note');
  const consideration = itemsForConsideration(items);
  const groups: ListGroup[] = [
    {
      heading: `Still TBC (${waiting.length})`,
      explanation: 'No meeting date yet. Waiting time is counted from the earliest date written in the item.',
      color: 'Warning',
      items: waiting.map(({ item, wait }) => ({
        heading: truncate(item.topic, 140),
        lines: [
          wait.since ? `Waiting ${describeWait(wait.since.date, today)}, since ${formatUkDate(wait.since.date)} (written "${wait.since.raw}")` : 'No request date is written in the work programme',
          wait.latest ? `Last mentioned: ${formatUkDate(wait.latest.date)} (written "${wait.latest.raw}")` : undefined,
          item.targetTimingRaw ? `Timing requested: ${item.targetTimingRaw}` : undefined,
          presentersLine(ctx.snapshot, item),
        ].filter(Boolean) as string[],
        ask: `when does ${item.id} come to committee`,
      })),
    },
    {
      heading: `Dealt with outside a meeting (${briefing.length})`,
      explanation: 'Listed with the TBC rows, but resolved by a briefing note.',
      items: briefing.map((item) => ({ heading: truncate(item.topic, 140), lines: [item.background ? truncate(item.background, 200) : 'Briefing note'], ask: `when does ${item.id} come to committee` })),
    },
    {
      heading: `Items for consideration (${consideration.length})`,
      explanation: 'Suggested, not yet accepted into the work programme.',
      items: consideration.map((item) => {
        const wait = tbcItems([{ ...item, status: 'tbc' }], today)[0]!.wait;
        return {
          heading: truncate(item.topic, 140),
          lines: [
            wait.since ? `Since ${formatUkDate(wait.since.date)} (${describeWait(wait.since.date, today)}; written "${wait.since.raw}")` : undefined,
            item.suggestedBy ? `Suggested by ${personName(ctx.snapshot, item.suggestedBy)}` : undefined,
            item.background ? truncate(item.background, 200) : undefined,
          ].filter(Boolean) as string[],
          ask: `when does ${item.id} come to committee`,
        };
      }),
    },
  ];
  return listReply({
    title: `Work-programme items still TBC (${waiting.length})`,
    subtitle: `As at ${formatUkDate(today)}. Dates inside the text are read day-first: 3/7/20 is 3 July 2020.`,
    groups: groups.filter((g) => g.items.length),
    emptyText: 'Every work-programme item has a meeting date.',
    ask: text,
    page: ctx.page,
  });
}

export function considerationReply(ctx: ChatContext, text: string): Reply {
  return tbcReply(ctx, text);
}

export function preDecisionReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  const entries = committees.flatMap((committee) =>
    preDecisionItems(ctx.snapshot.meetingsOf(committee.id))
      .filter((p) => visibleItemsOf(ctx, p.meeting).visible.includes(p.item))
      .map((p) => ({ ...p, committee })),
  );
  const items: ListItem[] = entries.map((p) => ({
    heading: p.item.title,
    lines: [
      `Scrutinised: ${meetingWhen(p.meeting)} (${p.committee.name})${hasMeetingStarted(p.meeting, ctx.now) ? ', done' : ''}`,
      p.decisionBody ? `${p.decisionBody} decides: ${p.decisionDate ? formatUkDate(p.decisionDate) : 'date not recorded'}` : 'Decision-maker and date not recorded',
      p.item.aliases.length ? `Also known as: ${p.item.aliases.join('; ')}` : undefined,
      presentersLine(ctx.snapshot, p.item),
    ].filter(Boolean) as string[],
    ask: `when does ${p.item.id} come to committee`,
  }));
  const first = entries[0];
  return listReply({
    title: `Pre-decision scrutiny (${entries.length})`,
    subtitle: first && entries.length === 1 && first.decisionBody && first.decisionDate ? `${first.item.title}: ${first.decisionBody} decides on ${formatUkDate(first.decisionDate)}.` : 'Items the committee scrutinises before the decision-maker decides.',
    groups: [{ items }],
    emptyText: 'No items are marked as pre-decision scrutiny.',
    ask: text,
    page: ctx.page,
  });
}

export function workProgrammeReply(ctx: ChatContext, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  if (!committees.length) return noCommitteeReply();
  const groups: ListGroup[] = committees.map((committee) => ({
    heading: committees.length > 1 ? committee.name : undefined,
    items: upcomingMeetings(ctx.snapshot.meetingsOf(committee.id), ctx.now).map((m) => {
      const { visible, withheld } = visibleItemsOf(ctx, m);
      const business = visible.filter((i) => i.reportType !== 'procedural');
      return {
        heading: `${meetingWhen(m)}${isCallInPlaceholder(m) ? ' (reserved for call-in)' : ''}`,
        lines: [
          ...business.map((i) => `${i.title}${i.reportType === 'verbal' ? ' (verbal)' : ''}`),
          ...(business.length === 0 && !isCallInPlaceholder(m) ? ['No items recorded yet'] : []),
          ...(withheld ? ['Part Two business not shown here'] : []),
        ],
        ask: `agenda for ${m.date}`,
      };
    }),
  }));
  const ids = new Set(committees.map((c) => c.id));
  const tbc = ctx.snapshot.data.workProgrammeItems.filter((i) => ids.has(i.committeeId) && i.status === 'tbc').length;
  const draft = committees.some((c) => c.workProgrammeDraft);
  return listReply({
    title: `Work programme: meetings still to come`,
    subtitle: `${committees.length === 1 ? `${committees[0]!.name}. ` : ''}${draft ? 'The work programme is marked DRAFT.' : ''}`.trim() || undefined,
    groups: groups.filter((g) => g.items.length),
    emptyText: 'No meetings are still to come.',
    notes: [`${plural(tbc, 'item')} still TBC. ${CALL_IN_PLACEHOLDER_NOTE}`],
    extraButtons: [
      { title: 'Items still TBC', ask: 'which items are still TBC' },
      { title: 'Suggest an item', ask: 'suggest an item for the work programme' },
    ],
    ask: text,
    page: ctx.page,
  });
}
