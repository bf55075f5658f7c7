/**
 * Call-in reminders (domain.md §4 C item 30). A configurable number of working days
 * (Council.callInRules.reminderWorkingDaysBefore, default 2) before each date reserved for call-in,
 * the committee's support officers and chair get a personal message:
 *   "Friday 4 December 2020 2pm is reserved for call-in; no call-in has been lodged; cancel?"
 * with buttons to mark the meeting cancelled or keep it. Only a support officer, the chair or a
 * democratic services admin may press them (checked by the command, whatever the card says); each
 * press is one audited write with a version check (answerCallInReminder in commands.ts).
 *
 * Idempotent: one key per meeting and recipient ("call-in-reminder:<meeting>:<person>"), so a daily
 * run, a restart or a second trigger never sends the same reminder twice. A run that missed the
 * reminder day (server down) still sends it on a later day, up to the meeting itself.
 */
import { callInReminderDate, lodgedCallIns, reservedCallInMeetings } from '../../domain/call-in.js';
import { decisionStatus } from '../../domain/decisions.js';
import { hasMeetingStarted, isMeetingCancelled, meetingWhen } from '../../domain/meetings.js';
import type { CallInRules, Committee, Decision, Meeting } from '../../domain/model.js';
import type { Snapshot } from '../../domain/snapshot.js';
import { formatUkDate, formatUkTime, londonDate } from '../../domain/uk-format.js';
import { rulesOf } from '../committees/committee-scope.js';
import { cardReply, messageReply, notSavedReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/store.js';
import type { CardActionHandler, CardActionResult } from '../../chat/card-actions.js';
import type { ProactiveSender, SendReport } from '../../outbound/types.js';
import { answerCallInReminder, type CallInDeps } from './commands.js';

export const CANCEL_VERB = 'callin.reminder.cancel';
export const KEEP_VERB = 'callin.reminder.keep';

/** cards/call-in-reminder.json */
export interface CallInReminderCardData {
  title: string;
  body: string;
  lines: string[];
  notes: string[];
  /** The meeting the buttons cancel or keep. */
  meetingId: string;
  /** False once a call-in is lodged: the meeting is needed, so there is no "cancel". */
  canCancel: boolean;
  speak: string;
}

declare module '../../chat/types.js' {
  interface CardTemplates {
    'call-in-reminder': CallInReminderCardData;
  }
}

// ---------------------------------------------------------------------------------------------
// What is due (pure)
// ---------------------------------------------------------------------------------------------

export interface DueReminder {
  committee: Committee;
  meeting: Meeting;
  rules: CallInRules;
  reminderDate: string;
  /** Support officers and chair(s), without duplicates. */
  recipientIds: string[];
  /** Decisions called in since the previous reserved date: the meeting is needed. */
  lodged: Decision[];
  /** Decisions whose call-in period is still open: a call-in could still be lodged. */
  stillOpen: { decision: Decision; lastDay: string }[];
}

/** "Friday 4 December 2020 2pm", the wording of the reminder. */
export function reminderDateText(meeting: Meeting): string {
  return `${formatUkDate(meeting.date)}${meeting.time ? ` ${formatUkTime(meeting.time)}` : ''}`;
}

export function dueCallInReminders(snapshot: Snapshot, now: Date): DueReminder[] {
  const today = londonDate(now);
  const due: DueReminder[] = [];
  for (const committee of snapshot.committees) {
    const rules = rulesOf(snapshot.council(committee.councilId));
    const meetings = snapshot.meetingsOf(committee.id);
    const reserved = reservedCallInMeetings(meetings, { includeCancelled: true });
    for (const meeting of reserved) {
      if (isMeetingCancelled(meeting) || hasMeetingStarted(meeting, now)) continue;
      const reminderDate = callInReminderDate(meeting.date, rules);
      if (today < reminderDate || today > meeting.date) continue;
      const councilDecisions = snapshot.data.decisions.filter((d) => d.councilId === committee.councilId);
      const lodged = lodgedCallIns(snapshot, committee, meeting);
      const stillOpen = councilDecisions
        .map((decision) => ({ decision, status: decisionStatus(decision, rules, now) }))
        .filter((s) => s.status.state === 'in-call-in' && s.status.period)
        .map((s) => ({ decision: s.decision, lastDay: s.status.period!.lastDay }));
      const recipientIds = [...new Set([...committee.supportOfficers.map((s) => s.personId), ...committee.members.filter((m) => m.role === 'chair').map((m) => m.personId)])];
      due.push({ committee, meeting, rules, reminderDate, recipientIds, lodged, stillOpen });
    }
  }
  return due;
}

export function reminderKey(meetingId: string, personId: string): string {
  return `call-in-reminder:${meetingId}:${personId}`;
}

/** The reminder card: the question, what is known about lodged call-ins, and the two buttons. */
export function reminderReply(snapshot: Snapshot, due: DueReminder): Reply {
  const when = reminderDateText(due.meeting);
  const lodged = due.lodged.length > 0;
  const title = lodged
    ? `${when} is reserved for call-in; a call-in has been lodged, so the meeting is needed.`
    : `${when} is reserved for call-in; no call-in has been lodged; cancel?`;
  const lines = [
    ...due.lodged.map((d) => `Called in: ${d.title}${d.calledInOn ? ` (on ${formatUkDate(d.calledInOn)})` : ''}`),
    ...due.stillOpen.map((s) => `Still open for call-in until the end of ${formatUkDate(s.lastDay)}: ${s.decision.title}`),
  ];
  const notes = [
    `You are receiving this as the ${due.committee.name}'s support officer or chair, ${due.rules.reminderWorkingDaysBefore} working days before the date.`,
    'Cancelling marks the meeting cancelled for everyone asking the bot; keeping it records that you checked.',
  ];
  if (due.stillOpen.length && !lodged) notes.unshift('A call-in could still be lodged for the decisions listed: check before cancelling.');
  return {
    text: [title, `${due.committee.name}.`, ...lines, ...notes].join('\n'),
    card: cardReply('call-in-reminder', {
      title,
      body: `${due.committee.name}. Call-in dates are convened only if a call-in is lodged.`,
      lines,
      notes,
      meetingId: due.meeting.id,
      canCancel: !lodged,
      speak: title,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// The run (shell: store, sender, clock)
// ---------------------------------------------------------------------------------------------

export interface CallInReminderDeps {
  store: Store;
  clock: () => Date;
  sender: ProactiveSender;
  log: Logger;
}

export interface CallInReminderRun {
  runId: string;
  meetings: string[];
  report?: SendReport;
}

export async function runCallInReminders(deps: CallInReminderDeps): Promise<CallInReminderRun> {
  const now = deps.clock();
  const runId = `call-in-reminders:${londonDate(now)}`;
  const snapshot = await deps.store.snapshot();
  const due = dueCallInReminders(snapshot, now);
  const meetings = due.map((d) => d.meeting.id);
  if (!due.length) return { runId, meetings };
  const sender = deps.sender;
  const messages = due.flatMap((d) => {
    const reply = reminderReply(snapshot, d);
    return d.recipientIds.map((personId) => ({ key: reminderKey(d.meeting.id, personId), recipient: { kind: 'person' as const, personId }, reply }));
  });
  const report = await sender.send(runId, messages);
  const notReached = report.outcomes.filter((o) => o.status === 'unreachable' || o.status === 'failed');
  if (notReached.length) deps.log.warn({ runId, notReached: notReached.map((o) => ({ key: o.key, status: o.status, reason: o.reason })) }, 'some call-in reminders could not be delivered');
  deps.log.info({ runId, meetings, counts: report.counts }, 'call-in reminders run');
  return { runId, meetings, report };
}

// ---------------------------------------------------------------------------------------------
// The buttons
// ---------------------------------------------------------------------------------------------

function refusal(ctx: ChatContext, committee: Committee): CardActionResult {
  return {
    reply: messageReply({
      title: 'Only the support officer, the chair or democratic services can answer this reminder.',
      body: ctx.asker.person ? `Nothing was changed. Ask the ${committee.name}'s support officer.` : "I don't know who you are yet, so nothing was changed.",
    }),
  };
}

async function answerReminder(deps: CallInDeps, data: Record<string, unknown>, ctx: ChatContext, cancel: boolean): Promise<CardActionResult> {
  const outcome = await answerCallInReminder(deps, { ...data, cancel }, ctx);
  const allDates = [{ title: 'All call-in dates', ask: 'all call-in dates' }];
  switch (outcome.kind) {
    case 'invalid':
      return { reply: messageReply({ title: 'That reminder could not be read.', body: 'Nothing was changed. Ask "all call-in dates" to check the meeting.' }) };
    case 'no-meeting':
      return { reply: messageReply({ title: 'That meeting is no longer in the calendar.', body: 'Nothing was changed.' }) };
    case 'refused':
      return refusal(ctx, outcome.committee);
    case 'already-cancelled': {
      const meeting = outcome.meeting;
      return { updatedCard: messageReply({ title: `${reminderDateText(meeting)} is already cancelled.`, body: 'Nothing was changed.', notes: meeting.notes.filter((n) => /^Cancelled on/.test(n)).slice(-1) }) };
    }
    case 'passed':
      return { updatedCard: messageReply({ title: `${reminderDateText(outcome.meeting)} has passed.`, body: 'Nothing was changed.' }) };
    case 'call-in-lodged':
      return {
        reply: messageReply({
          title: `${reminderDateText(outcome.meeting)} was not cancelled: a call-in has been lodged.`,
          body: 'The meeting is needed to hear it. Nothing was changed.',
          lines: outcome.lodged.map((d) => `Called in: ${d.title}`),
        }),
      };
    case 'changed-meanwhile':
    case 'not-saved':
      return { reply: notSavedReply(outcome, { title: 'Someone else answered this reminder at the same moment.', body: 'Nothing was changed by you. Ask "all call-in dates" to see where it stands.' }) };
    case 'cancelled':
      return {
        updatedCard: messageReply({
          title: `${reminderDateText(outcome.meeting)} is now marked cancelled.`,
          body: outcome.note,
          lines: [outcome.next ? `The next date reserved for call-in is ${meetingWhen(outcome.next)}.` : 'No further date is reserved for call-in.'],
          choices: allDates,
        }),
      };
    case 'kept':
      return { updatedCard: messageReply({ title: `${reminderDateText(outcome.meeting)} stays reserved for call-in.`, body: outcome.note, choices: allDates }) };
  }
}

export function callInReminderCardActions(deps: CallInDeps): CardActionHandler[] {
  return [
    { verb: CANCEL_VERB, handle: (data, ctx) => answerReminder(deps, data, ctx, true) },
    { verb: KEEP_VERB, handle: (data, ctx) => answerReminder(deps, data, ctx, false) },
  ];
}
