/**
 * Questions about committees, their meetings and forward work programmes (domain.md §4 C):
 * the next meeting and its agenda, time / format / host, who presents an item, when a topic comes to committee, TBC items and how long they have
 * waited, pre-decision scrutiny, membership, working groups, resolutions and follow-ups.
 *
 * Every answer is built from what the asker may see here: Part Two items are removed in the core
 * (domain/meetings.ts visibleAgendaItems) before any line is written, and where the work-programme
 * table and the calendar disagree the answer keeps both and says so.
 *
 * The answers live in one module per job (agenda.ts, topics.ts, work-programme.ts, membership.ts,
 * resolutions.ts, work-programme-suggestion.ts); this file holds the intents and their order.
 * Reserved call-in dates and cancelled meetings are the call-in feature's.
 */
import { guarded } from './committee-scope.js';
import type { IntentDefinition } from '../../chat/types.js';
import { logisticsReply, nextMeetingReply } from './agenda.js';
import { membershipReply, workingGroupsReply } from './membership.js';
import { followUpsReply, lastResolvedReply } from './resolutions.js';
import { presentingReply, whenTopicReply } from './topics.js';
import { considerationReply, preDecisionReply, tbcReply, workProgrammeReply } from './work-programme.js';
import { suggestionIntents } from './work-programme-suggestion.js';

// ---------------------------------------------------------------------------------------------
// Intents. Placed before the action intents, which catch broad words ("due", "completed").
// ---------------------------------------------------------------------------------------------

/** Questions about actions that mention a meeting only as a period ("due before the next meeting"). */
const ACTION_WORDS = /\b(due|overdue|slipp\w*|actions?|deadline|completed|on track)\b/i;

export const meetingIntents: IntentDefinition[] = guarded([
  ...suggestionIntents,
  {
    name: 'pre-decision',
    examples: ['which items are pre-decision scrutiny, and when does Cabinet decide?'],
    match: (text) => (/\bpre[- ]?decision\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => preDecisionReply(ctx, text),
  },
  {
    name: 'tbc-items',
    examples: ['which items are still TBC?', 'items for consideration'],
    match: (text) =>
      (/\b(tbc|to be confirmed|unscheduled|not (yet )?scheduled|no (meeting )?date yet)\b/i.test(text) && !/\bactions?\b/i.test(text)) ||
      /\bitems? for consideration\b|\bsuggested items\b/i.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => (/consideration|suggested/i.test(text) ? considerationReply(ctx, text) : tbcReply(ctx, text)),
  },
  {
    name: 'working-groups',
    examples: ['what working groups are there?', 'who sits on the MTFS working group?'],
    match: (text) => {
      if (!/\bworking groups?\b/i.test(text) || /^when\b/i.test(text)) return null;
      const m =
        /\b(?:who (?:sits|is|are|'s)(?: on| in)?|members? of|membership of|who(?:'s| is) in|tell me about|show(?: me)?)(?: the)? (.+?) working groups?\b/i.exec(text) ??
        /\bworking groups? (?:on|for|about|called) (.+)$/i.exec(text);
      const ref = m?.[1]?.trim();
      return { ref: ref && !/^(the|all|which|what|any)$/i.test(ref) ? ref : undefined };
    },
    answer: (s, ctx, text = '') => workingGroupsReply(ctx, s.ref, text),
  },
  {
    name: 'membership',
    examples: ['who is on the Corporate Review Committee?', 'who chairs the committee?', 'who are the vice-chairs?', 'who are the support officers?'],
    match: (text) =>
      /\bwho(?:'s| is| are)? (?:on|in|sits on|serves on)\b.*\b(committee|corporate review|crc)\b|\b(members|membership) of\b.*\b(committee|corporate review|crc)\b|\bcommittee members(hip)?\b|\bwho chairs\b|\bwho(?:'s| is| are) the (?:vice[- ]?)?chair|\bvice[- ]?chairs?\b|\bsupport officers?\b|\bscrutiny (?:and|&) support manager\b|\bwho is the chair(man)?\b/i.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => membershipReply(ctx, text),
  },
  {
    name: 'follow-ups',
    examples: ['which follow-ups are outstanding?'],
    match: (text) => (/\bfollow[- ]?ups?\b|\bundertakings?\b|\boutstanding (resolutions|actions from the (minutes|meeting))\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => followUpsReply(ctx, text),
  },
  {
    name: 'resolutions',
    examples: ['what did we resolve last time?'],
    match: (text) => (/\bresol(ve|ved|utions?)\b|\bminutes\b|\bwhat did (we|the committee) (decide|agree)\b/i.test(text) && !/\b(called in|call[- ]?in)\b/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => lastResolvedReply(ctx, text),
  },
  {
    name: 'presenting',
    examples: ['who is presenting the Covid-19 update?'],
    match: (text) => {
      const m = /^who(?:'s| is| are| will be)? (?:presenting|introducing|presents|reporting on|bringing|leading on|taking) (?:the )?(.+?)(?: item| report)?$/i.exec(text) ?? /^who presents (?:the )?(.+)$/i.exec(text);
      return m ? { ref: m[1] } : null;
    },
    answer: (s, ctx, text = '') => presentingReply(ctx, s.ref!, text),
  },
  {
    name: 'meeting-logistics',
    examples: ['is the next meeting virtual?', 'what time is the next meeting?', 'who hosts the next meeting?'],
    match: (text) =>
      /\b(meeting|committee|meet)\b/i.test(text) &&
      /\b(virtual|online|in person|on teams|remote|what time|which time|start time|starts?|hosts?|hosted|hosting|where)\b/i.test(text) &&
      !ACTION_WORDS.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => logisticsReply(ctx, text),
  },
  {
    name: 'work-programme',
    examples: ['show the work programme'],
    match: (text) => (/^(?:show|list|what(?:'s| is)(?: on)?|view|see)?\s*(?:me )?(?:the )?(?:committee(?:'s)? |forward )?work programme$/i.test(text) || /^work programme( for .+)?$/i.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => workProgrammeReply(ctx, text),
  },
  {
    name: 'agenda',
    examples: ['what is on the next Corporate Review agenda?', 'agenda for 17 November 2020', 'when is the next meeting?'],
    match: (text) =>
      (/\bagenda\b/i.test(text) && !/\bpublish/i.test(text)) ||
      (/\bnext (?:[a-z]+ ){0,3}(meeting|committee meeting)\b|\bwhen (?:does|will|is) .*\bnext meet|\bnext meets?\b|\bmeeting (?:on|of) \d/i.test(text) && !ACTION_WORDS.test(text))
        ? {}
        : null,
    answer: (_s, ctx, text = '') => nextMeetingReply(ctx, text),
  },
  {
    name: 'topic-when',
    examples: ['when does the Q3 performance report come to committee?', 'when is the MTFS working group final report?'],
    match: (text) => {
      if (/\b(call[- ]?in|decision|agenda)\b/i.test(text)) return null;
      const m =
        /^when (?:does|do|will|is|are|'s) (?:the )?(.+?) (?:coming|come|going|go|due|scheduled|considered|discussed|taken|heard|being considered|on the agenda)(?: (?:to|at|before|for|in|back))?(?: (?:the )?(?:committee|corporate review(?: committee)?|crc|scrutiny|meeting))?$/i.exec(text) ??
        /^when (?:is|are|'s) (?:the )?(.+)$/i.exec(text);
      const ref = m?.[1]?.trim();
      if (!ref || /^(next|the next)\b/i.test(ref) || /^(it|that|this)$/i.test(ref)) return null;
      return { ref };
    },
    answer: (s, ctx, text = '') => whenTopicReply(ctx, s.ref!, text),
  },
]);
