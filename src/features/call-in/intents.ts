/**
 * Call-in questions (governance-rules.md §2): when call-in ends for a decision, whether it can be
 * implemented, which decisions are in call-in now, the call-in period for a hypothetical
 * publication date, the agenda publication deadline (5 clear working days) and the key-decision
 * notice deadline (28 clear days). The rules are each council's configuration (Council.callInRules);
 * the arithmetic is domain/call-in.ts and domain/calendar.ts, shown day by day so it can be checked.
 *
 * Democratic services' writes (record a decision, record a call-in) are in decision-commands.ts and
 * registered here, ahead of the questions.
 */
import { agendaPublicationDeadline, callInPeriod, keyDecisionNoticeDeadline, nextReservedCallInMeeting } from '../../domain/call-in.js';
import { workingDaysAfter } from '../../domain/calendar.js';
import { decisionStatus, type DecisionStateName } from '../../domain/decisions.js';
import { isCallInPlaceholder, meetingWhen, nextMeeting } from '../../domain/meetings.js';
import type { Meeting } from '../../domain/model.js';
import { addDays, formatUkDate, londonDate, plural } from '../../domain/uk-format.js';
import { committeeName, committeesInScope, councilForQuestion, dateInText, guarded, meetingsOnDate, rulesOf } from '../committees/committee-scope.js';
import { decisionNotFound, decisionReply, implementableFrom, periodEnd, periodLines, resolveDecision, ruleLine, visibleDecisions, whichDecision, type DecisionFocus } from './decisions-view.js';
import { listReply, messageReply, type ListGroup } from '../../chat/reply.js';
import type { ChatContext, IntentDefinition, Reply } from '../../chat/types.js';
import { decisionCommandIntents } from './decision-commands.js';
import { reservedDateIntents } from './reserved-dates.js';
import type { CallInDeps } from './commands.js';

// ---------------------------------------------------------------------------------------------
// One decision
// ---------------------------------------------------------------------------------------------

function decisionQuestion(ctx: ChatContext, reference: string, focus: DecisionFocus, ask: (id: string) => string): Reply {
  const found = resolveDecision(ctx, reference);
  if (found.kind === 'none') return decisionNotFound(ctx, reference, ask);
  if (found.kind === 'many') return whichDecision(reference, found.options, ask);
  return decisionReply(ctx, found.decision, focus);
}

// ---------------------------------------------------------------------------------------------
// Decisions in call-in now
// ---------------------------------------------------------------------------------------------

const GROUPS: { states: DecisionStateName[]; heading: string; explanation: string; color: ListGroup['color'] }[] = [
  { states: ['in-call-in'], heading: 'In their call-in period now', explanation: 'Cannot be implemented until the period ends.', color: 'Warning' },
  { states: ['called-in'], heading: 'Called in', explanation: 'Cannot be implemented until the call-in is withdrawn or determined.', color: 'Attention' },
  { states: ['not-yet-taken', 'not-yet-published'], heading: 'Not taken or not published yet', explanation: 'The call-in period starts only after the decision notice is published.', color: 'Default' },
  { states: ['can-be-implemented'], heading: 'Call-in period over', explanation: 'No call-in recorded: can be implemented.', color: 'Good' },
  { states: ['not-subject-to-call-in'], heading: 'Not subject to call-in', explanation: 'Urgency procedure, or recorded as not subject to call-in.', color: 'Default' },
];

function inCallInReply(ctx: ChatContext, text: string): Reply {
  const decisions = visibleDecisions(ctx).sort((a, b) => b.publishedOn.localeCompare(a.publishedOn));
  const today = londonDate(ctx.now);
  const withStatus = decisions.map((d) => ({ decision: d, status: decisionStatus(d, rulesOf(ctx.snapshot.council(d.councilId)), ctx.now) }));
  const t = text.toLowerCase();
  const onlyCalledIn = /\bcalled[- ]?in\b/.test(t) && !/\bperiod\b/.test(t);
  const groups: ListGroup[] = GROUPS.filter((g) => !onlyCalledIn || g.states.includes('called-in')).map((g) => ({
    heading: g.heading,
    explanation: g.explanation,
    color: g.color,
    items: withStatus
      .filter((s) => g.states.includes(s.status.state))
      .map(({ decision, status }) => ({
        heading: decision.title,
        lines: [
          `${decision.decisionMaker}; taken ${formatUkDate(decision.takenOn)}; published ${formatUkDate(decision.publishedOn)}${decision.keyDecision ? '; key decision' : ''}`,
          status.state === 'in-call-in' ? `Call-in ends at ${periodEnd(status.period!)}; can be implemented from ${implementableFrom(status.period!)}` : undefined,
          status.state === 'called-in' && decision.calledInOn ? `Called in on ${formatUkDate(decision.calledInOn)}` : undefined,
          status.state === 'not-yet-taken' ? 'Not taken yet' : status.state === 'not-yet-published' ? 'Notice not published yet' : undefined,
          status.state === 'can-be-implemented' ? `Call-in ended at ${periodEnd(status.period!)}` : undefined,
          status.state === 'not-subject-to-call-in' && decision.urgencyReason ? 'Urgency procedure' : undefined,
        ].filter(Boolean) as string[],
        ask: `when does call-in end for ${decision.id}`,
      })),
  }));
  const inCallIn = withStatus.filter((s) => s.status.state === 'in-call-in').length;
  return listReply({
    title: onlyCalledIn ? `Decisions called in (${withStatus.filter((s) => s.status.state === 'called-in').length})` : `Decisions in their call-in period now (${inCallIn})`,
    subtitle: `As at ${formatUkDate(today)}.`,
    groups: groups.filter((g) => g.items.length),
    emptyText: 'No decisions are recorded.',
    notes: withStatus.length === 0 ? ['Democratic services can record decisions: "record decision".'] : [],
    ask: text,
    page: ctx.page,
  });
}

// ---------------------------------------------------------------------------------------------
// "If a decision is published on Friday 16 September 2022, when does call-in end?"
// ---------------------------------------------------------------------------------------------

function hypotheticalReply(ctx: ChatContext, text: string): Reply {
  const when = dateInText(text, ctx.now);
  if (!when) {
    return messageReply({ title: "I couldn't find the publication date in your question.", body: 'Ask, for example: "if a decision is published on Friday 16 September 2022, when does call-in end?"' });
  }
  const council = councilForQuestion(ctx, text);
  if (!council) {
    const councils = ctx.snapshot.data.councils;
    return messageReply({ title: 'Which council? Their call-in rules differ.', choices: councils.slice(0, 6).map((c) => ({ title: c.name, ask: `${text} at ${c.name}` })) });
  }
  const period = callInPeriod(when.date, council.rules);
  const title = `Call-in ends at ${periodEnd(period)}; the decision can be implemented from ${implementableFrom(period)}.`;
  const notes = [
    ...(when.weekdayMismatch ? [when.weekdayMismatch] : []),
    ...(!when.yearGiven ? [`No year was given; I have used ${when.date.slice(0, 4)}.`] : []),
    ...(council.note ? [council.note] : []),
    'Bank holidays are the England and Wales list, including one-off holidays (8 May 2020, 3 June 2022, 19 September 2022, 8 May 2023).',
  ];
  return messageReply({
    title,
    lines: [`Published: ${formatUkDate(period.publishedOn)}`, ruleLine(ctx, council.council?.id), ...periodLines(period)],
    notes,
  });
}

// ---------------------------------------------------------------------------------------------
// Notice deadlines
// ---------------------------------------------------------------------------------------------

function meetingForQuestion(ctx: ChatContext, text: string): { meeting?: Meeting; problem?: Reply; note?: string } {
  const committees = committeesInScope(ctx, text);
  const meetings = committees.flatMap((c) => [...ctx.snapshot.meetingsOf(c.id)]);
  const when = dateInText(text, ctx.now);
  if (when) {
    const found = meetingsOnDate(meetings, when, londonDate(ctx.now))[0];
    if (found) return { meeting: found, ...(when.weekdayMismatch ? { note: when.weekdayMismatch } : {}) };
    return { problem: messageReply({ title: `No committee meeting is recorded on ${formatUkDate(when.date)}.`, body: 'Ask about a meeting in the calendar, for example "when must the agenda for the next meeting be published?"' }) };
  }
  if (/\bcall[- ]?in\b/i.test(text)) {
    const next = nextReservedCallInMeeting(meetings, ctx.now);
    if (next) return { meeting: next };
  }
  const next = nextMeeting(meetings, ctx.now);
  return next ? { meeting: next } : { problem: messageReply({ title: 'No further meetings are scheduled.' }) };
}

function agendaDeadlineReply(ctx: ChatContext, text: string): Reply {
  const { meeting, problem, note } = meetingForQuestion(ctx, text);
  if (!meeting) return problem!;
  const committee = ctx.snapshot.committee(meeting.committeeId);
  const rules = rulesOf(committee ? ctx.snapshot.council(committee.councilId) : undefined);
  const deadline = agendaPublicationDeadline(meeting.date, rules);
  const clearDays = workingDaysAfter(deadline.deadline, deadline.clearDays, rules.extraClosureDays);
  const office = deadline.latestWorkingDay !== deadline.deadline;
  const title = `The agenda for the ${committeeName(ctx.snapshot, meeting.committeeId)} on ${meetingWhen(meeting)} must be published by ${formatUkDate(office ? deadline.latestWorkingDay : deadline.deadline)}.`;
  const lines = [
    `Rule: ${plural(deadline.clearDays, 'clear working day')} before the meeting; neither the day of publication nor the day of the meeting counts.`,
    `Clear days: ${clearDays.map((d) => formatUkDate(d)).join('; ')}`,
    office ? `The legal latest day, ${formatUkDate(deadline.deadline)}, is not a working day, so publish by ${formatUkDate(deadline.latestWorkingDay)}.` : undefined,
    meeting.agendaIssued ? `This agenda was issued: ${meeting.agendaIssued}` : undefined,
  ].filter(Boolean) as string[];
  const notes = [...(note ? [note] : [])];
  if (deadline.latestWorkingDay < londonDate(ctx.now) && !meeting.agendaIssued) notes.push('That day has passed.');
  if (isCallInPlaceholder(meeting)) notes.push('This date is reserved for call-in: the meeting (and its agenda) is needed only if a call-in is lodged.');
  return messageReply({ title, lines, notes, choices: [{ title: 'That meeting', ask: `agenda for ${meeting.date}` }] });
}

function keyDecisionNoticeReply(ctx: ChatContext, text: string): Reply {
  const when = dateInText(text, ctx.now);
  if (!when) return messageReply({ title: 'Which date is the key decision to be taken?', body: 'Ask, for example: "latest date to give notice of a key decision taken on 16 December 2020?"' });
  const council = councilForQuestion(ctx, text);
  if (!council) return messageReply({ title: 'Which council? Their rules differ.', choices: ctx.snapshot.data.councils.slice(0, 6).map((c) => ({ title: c.name, ask: `${text} at ${c.name}` })) });
  const deadline = keyDecisionNoticeDeadline(when.date, council.rules);
  const office = deadline.latestWorkingDay !== deadline.deadline;
  const title = `Notice of a key decision to be taken on ${formatUkDate(when.date)} must be published by ${formatUkDate(deadline.deadline)}.`;
  return messageReply({
    title,
    lines: [
      `Rule: ${deadline.clearDays} clear days' notice (calendar days); neither the day the notice is published nor the day of the decision counts.`,
      `Clear days: ${formatUkDate(addDays(deadline.deadline, 1))} to ${formatUkDate(addDays(when.date, -1))}`,
      office ? `${formatUkDate(deadline.deadline)} is not a working day: to be safe, publish by ${formatUkDate(deadline.latestWorkingDay)}.` : undefined,
    ].filter(Boolean) as string[],
    notes: [
      ...(when.weekdayMismatch ? [when.weekdayMismatch] : []),
      ...(council.note ? [council.note] : []),
      "If 28 clear days' notice cannot be given: the general exception (notice to the chair of overview and scrutiny, then 5 clear days), or special urgency (the chair agrees the decision cannot reasonably be deferred).",
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Intents (before the meeting questions and the broad action questions)
// ---------------------------------------------------------------------------------------------

const CI = String.raw`call[- ]?in`;

function clean(ref: string): string {
  return ref.replace(/^(?:for|of|on|the)\s+/i, '').trim();
}

export function callInIntents(deps: CallInDeps): IntentDefinition[] {
  return guarded([
  ...decisionCommandIntents(deps),
  {
    name: 'agenda-deadline',
    examples: ['when must the agenda for the next meeting be published?'],
    match: (text) => (/\bagenda\b/i.test(text) && /\b(publish\w*|issued?|go out|sent out|deadline)\b/i.test(text) && !/\bwho\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => agendaDeadlineReply(ctx, text),
  },
  {
    name: 'key-decision-notice',
    examples: ['latest date to give notice of a key decision taken on 16 December 2020?'],
    match: (text) => (/\bkey decisions?\b/i.test(text) && /\b(notice|forward plan|latest|deadline|publish\w*)\b/i.test(text) && !/^record\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => keyDecisionNoticeReply(ctx, text),
  },
  {
    name: 'call-in-hypothetical',
    examples: ['if a decision is published on Friday 16 September 2022, when does call-in end?'],
    match: (text) =>
      /\bpublish(ed|es)?\b/i.test(text) && new RegExp(String.raw`\b(${CI}|implement\w*|effective)\b`, 'i').test(text) && /\b(if|when|suppose|supposing|published on|published)\b/i.test(text) && /\d/.test(text) && !/^record\b/i.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => hypotheticalReply(ctx, text),
  },
  {
    name: 'decisions-in-call-in',
    examples: ['which decisions are in their call-in period now?'],
    match: (text) =>
      /\bdecisions\b/i.test(text) && /\b(which|what|list|show|any|recent|all)\b/i.test(text)
        ? {}
        : new RegExp(String.raw`^(?:which|what) (?:decisions? )?(?:are|is) (?:in|still in|currently in) (?:their |its |the )?${CI}`, 'i').test(text)
          ? {}
          : null,
    answer: (_s, ctx, text = '') => inCallInReply(ctx, text),
  },
  {
    name: 'call-in-end',
    examples: ['when does call-in end for <decision>?'],
    match: (text) => {
      const m =
        new RegExp(String.raw`^when (?:does|will|is|did) (?:the )?${CI}(?: period)? (?:end|finish|close|expire|run out|over)s?(?: for| on| of)? (.+)$`, 'i').exec(text) ??
        new RegExp(String.raw`^when (?:does|will|did) (?:the )?${CI}(?: period)? (?:for|on|of) (.+?) (?:end|finish|close|expire)s?$`, 'i').exec(text) ??
        new RegExp(String.raw`^(?:what is |what's )?(?:the )?${CI} (?:deadline|end date|end|period|status) (?:for|of|on) (.+)$`, 'i').exec(text) ??
        /^(?:status of|what(?:'s| is) the status of) (?:the )?decision (.+)$/i.exec(text);
      return m ? { ref: clean(m[1]!) } : null;
    },
    answer: (s, ctx) => decisionQuestion(ctx, s.ref!, 'end', (id) => `when does call-in end for ${id}`),
  },
  {
    name: 'has-been-called-in',
    examples: ['has <decision> been called in?'],
    match: (text) => {
      const m = new RegExp(String.raw`^(?:has|have|was|is) (?:the )?(?:decision )?(.+?) (?:been )?called[- ]?in(?: yet)?$`, 'i').exec(text);
      return m ? { ref: clean(m[1]!) } : null;
    },
    answer: (s, ctx) => decisionQuestion(ctx, s.ref!, 'called-in', (id) => `has ${id} been called in`),
  },
  {
    name: 'can-implement',
    examples: ['can <decision> be implemented yet?'],
    match: (text) => {
      if (!/\bimplement/i.test(text)) return null;
      const m =
        /^(?:can|could|may) (?:we |i |they |the council )?(?:implement )?(?:the )?(.+?)(?: decision)? (?:be implemented|go ahead)(?: yet| now| today)?$/i.exec(text) ??
        /^(?:can|could|may) (?:we |i |they |the council )?implement (?:the )?(.+?)(?: yet| now| today)?$/i.exec(text) ??
        /^when (?:can|could|may) (?:we |i |they )?(?:implement )?(?:the )?(.+?)(?: be implemented)?$/i.exec(text) ??
        /^is (?:the )?(.+?) (?:implementable|ready to implement|ready to be implemented)(?: yet| now)?$/i.exec(text);
      return m ? { ref: clean(m[1]!) } : null;
    },
    answer: (s, ctx) => decisionQuestion(ctx, s.ref!, 'implement', (id) => `can we implement ${id} yet`),
  },
  ...reservedDateIntents,
  ]);
}
