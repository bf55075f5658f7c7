/**
 * Shared by the meeting, work-programme and call-in answers: which committee a question is about,
 * what the asker may see of it, dates written in questions, the council whose call-in rules apply,
 * and the topics (agenda items, work-programme items, working groups) a question can name.
 */
import * as chrono from 'chrono-node';
import { CallInRules, type AgendaItem, type Committee, type Council, type Meeting, type WorkProgrammeItem, type WorkingGroup } from '../../domain/model.js';
import { isValidIsoDate } from '../../domain/calendar.js';
import { mayReadCommitteeExempt, visibleAgendaItems } from '../../domain/meetings.js';
import type { Snapshot } from '../../domain/snapshot.js';
import type { TopicCandidate } from '../../domain/topic-match.js';
import { COUNCIL_ZONE, formatUkDate } from '../../domain/uk-format.js';
import type { Audience } from '../../domain/visibility.js';
import { DateTime } from 'luxon';
import { fold } from '../../chat/normalise.js';
import { audienceOf } from '../../chat/present.js';
import type { ChatContext, IntentDefinition } from '../../chat/types.js';

// ---------------------------------------------------------------------------------------------
// Intent guard
// ---------------------------------------------------------------------------------------------

/**
 * Commands owned by the progress-update intents, which are registered after the committee ones:
 * "update 2.2: the agenda was published late" is an update, whatever words its commentary holds.
 */
const UPDATE_COMMANDS = /^(?:please\s+)?(?:update|record (?:an? )?(?:progress )?update|add (?:an? )?(?:progress )?update|progress update|let|allow|delegate|endorse|reject|history of)\b/i;

/** The same intents, never matching another family's commands. */
export function guarded(intents: readonly IntentDefinition[]): IntentDefinition[] {
  return intents.map((intent) => ({ ...intent, match: (text: string) => (UPDATE_COMMANDS.test(text) ? null : intent.match(text)) }));
}

// ---------------------------------------------------------------------------------------------
// Committees and audience
// ---------------------------------------------------------------------------------------------

function containsPhrase(foldedText: string, phrase: string): boolean {
  const p = fold(phrase);
  return p.length > 0 && new RegExp(`(^| )${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`).test(foldedText);
}

/** The committee named in the text ("Corporate Review", "CRC"), if any. */
export function findCommitteeMention(snapshot: Snapshot, text: string): Committee | undefined {
  const folded = fold(text);
  return snapshot.committees.find((c) => [c.name, ...c.aliases].some((name) => containsPhrase(folded, name)));
}

/** The committee the question names, or every committee that has meetings. */
export function committeesInScope(ctx: ChatContext, text: string): Committee[] {
  const named = findCommitteeMention(ctx.snapshot, text);
  if (named) return [named];
  return ctx.snapshot.committees.filter((c) => ctx.snapshot.meetingsOf(c.id).length > 0 || c.members.length > 0);
}

/** What the asker may see of this committee's business in this conversation. */
export function committeeAudience(ctx: ChatContext, committee: Committee | undefined): Audience {
  const base = audienceOf(ctx);
  return {
    conversationKind: ctx.conversation.kind,
    mayReadInternal: base.mayReadInternal,
    mayReadExempt: committee ? mayReadCommitteeExempt(committee, ctx.asker.person?.id, ctx.asker.roles) : ctx.asker.roles.has('democratic-services-admin'),
  };
}

/** The items of a meeting this asker may see here, and how many were withheld. */
export function visibleItemsOf(ctx: ChatContext, meeting: Meeting): { visible: AgendaItem[]; withheld: number } {
  return visibleAgendaItems(meeting.items, committeeAudience(ctx, ctx.snapshot.committee(meeting.committeeId)));
}

export function committeeName(snapshot: Snapshot, committeeId: string): string {
  return snapshot.committee(committeeId)?.name ?? committeeId;
}

export function personName(snapshot: Snapshot, personId: string): string {
  return snapshot.person(personId)?.name ?? personId;
}

export function names(snapshot: Snapshot, ids: readonly string[]): string {
  return ids.map((id) => personName(snapshot, id)).join(', ');
}

/** "Cabinet Members: Alan White, Mike Sutherland; officers: Richard Harling", or undefined. */
export function presentersLine(snapshot: Snapshot, item: { cabinetMemberIds: string[]; cabinetMemberRoles?: string[]; officerIds: string[] }): string | undefined {
  const members = [...item.cabinetMemberIds.map((id) => personName(snapshot, id)), ...(item.cabinetMemberRoles ?? []).map((r) => `the ${r} (role given, no name)`)];
  const parts = [
    members.length ? `${members.length === 1 ? 'Cabinet Member' : 'Cabinet Members'}: ${members.join(', ')}` : undefined,
    item.officerIds.length ? `${item.officerIds.length === 1 ? 'officer' : 'officers'}: ${names(snapshot, item.officerIds)}` : undefined,
  ].filter(Boolean) as string[];
  return parts.length ? parts.join('; ') : undefined;
}

/** Exempt/Part Two business is not shown here: the sentence that says so without naming it. */
export function withheldNote(ctx: ChatContext): string {
  return ctx.conversation.kind === 'personal'
    ? 'Part Two (exempt) business is not shown: your account does not have the right to see it for this committee.'
    : 'Part Two (exempt) business is never shown in a channel or group chat. Committee members and democratic services can ask me in a personal chat.';
}

// ---------------------------------------------------------------------------------------------
// Councils and their call-in rules
// ---------------------------------------------------------------------------------------------

export function rulesOf(council: Council | undefined): CallInRules {
  return council?.callInRules ?? CallInRules.parse({});
}

function sameRules(a: CallInRules, b: CallInRules): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The council whose rules apply to a question: one named in the text, else the asker's own, else
 * the only council, else (when every council has the same rules) the first with a note. Undefined
 * when it cannot be told and the rules differ.
 */
export function councilForQuestion(ctx: ChatContext, text: string): { council?: Council; rules: CallInRules; note?: string } | undefined {
  const councils = ctx.snapshot.data.councils;
  const folded = fold(text);
  const named = councils.find((c) => {
    const short = c.name.replace(/\b(county|city|borough|district|metropolitan)?\s*council\b/i, '').trim();
    return containsPhrase(folded, c.name) || (short.length > 2 && containsPhrase(folded, short)) || containsPhrase(folded, c.id);
  });
  if (named) return { council: named, rules: rulesOf(named) };
  const own = ctx.asker.person?.councilId ? ctx.snapshot.council(ctx.asker.person.councilId) : undefined;
  if (own) return { council: own, rules: rulesOf(own) };
  if (councils.length === 0) return { rules: rulesOf(undefined), note: 'No council is configured, so the default rules apply (5 working days).' };
  if (councils.length === 1) return { council: councils[0], rules: rulesOf(councils[0]) };
  if (councils.every((c) => sameRules(c.callInRules, councils[0]!.callInRules))) {
    return { council: councils[0], rules: rulesOf(councils[0]), note: `Every council here has the same call-in rules, so the answer holds for ${councils.map((c) => c.name).join(', ')}.` };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Dates in questions (UK day-first: "16/09/2022" is 16 September)
// ---------------------------------------------------------------------------------------------

export interface DateInText {
  date: string;
  /** False when the question gave no year ("4 December"): the caller decides which year is meant. */
  yearGiven: boolean;
  /** Set when the question names a weekday that the date does not fall on. */
  weekdayMismatch?: string;
  raw: string;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function datesInText(text: string, now: Date): DateInText[] {
  const reference = DateTime.fromJSDate(now, { zone: COUNCIL_ZONE });
  // chrono reads "2020 be published" as the Buddhist Era year 2020 BE: era words are never meant here.
  const cleaned = text.replace(/\b(be|bc|bce|ad|ce)\b/gi, ',');
  const results = chrono.en.GB.parse(cleaned, { instant: now, timezone: reference.offset }, {});
  const out: DateInText[] = [];
  for (const r of results) {
    if (!r.start.isCertain('day') || !r.start.isCertain('month')) continue;
    const y = r.start.get('year');
    const m = r.start.get('month');
    const d = r.start.get('day');
    if (!y || !m || !d) continue;
    const date = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (!isValidIsoDate(date)) continue;
    const entry: DateInText = { date, yearGiven: r.start.isCertain('year'), raw: r.text };
    const named = /\b(sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day|nesday|rsday|urday|sday)?\b/i.exec(r.text);
    if (named) {
      const actual = WEEKDAYS[DateTime.fromISO(date).weekday % 7]!;
      if (!actual.toLowerCase().startsWith(named[1]!.toLowerCase().slice(0, 3))) {
        entry.weekdayMismatch = `You wrote "${r.text.trim()}", but ${formatUkDate(date)} is a ${actual}; I have used the date.`;
      }
    }
    out.push(entry);
  }
  return out;
}

export function dateInText(text: string, now: Date): DateInText | undefined {
  return datesInText(text, now)[0];
}

/** Meetings on the date given, or (no year given) on that day and month in any year, nearest to today first. */
export function meetingsOnDate(meetings: readonly Meeting[], when: DateInText, today: string): Meeting[] {
  if (when.yearGiven) return meetings.filter((m) => m.date === when.date);
  const monthDay = when.date.slice(5);
  const distance = (m: Meeting) => Math.abs(DateTime.fromISO(m.date).diff(DateTime.fromISO(today), 'days').days);
  return meetings.filter((m) => m.date.slice(5) === monthDay).sort((a, b) => distance(a) - distance(b));
}

// ---------------------------------------------------------------------------------------------
// Topics a question can name
// ---------------------------------------------------------------------------------------------

export type Topic =
  | { kind: 'agenda-item'; committee: Committee; meeting: Meeting; item: AgendaItem }
  | { kind: 'work-programme-item'; committee: Committee; item: WorkProgrammeItem }
  | { kind: 'working-group'; committee: Committee; group: WorkingGroup };

/**
 * Everything in the committees' work programmes this asker may see here. Exempt items are filtered
 * out before matching, so a channel question can never find (or confirm) one.
 */
export function topicCandidates(ctx: ChatContext, committees: readonly Committee[]): TopicCandidate<Topic>[] {
  const out: TopicCandidate<Topic>[] = [];
  for (const committee of committees) {
    const audience = committeeAudience(ctx, committee);
    for (const meeting of ctx.snapshot.meetingsOf(committee.id)) {
      for (const item of visibleAgendaItems(meeting.items, audience).visible) {
        if (item.reportType === 'procedural') continue;
        out.push({ id: item.id, titles: [item.title, ...item.aliases], value: { kind: 'agenda-item', committee, meeting, item } });
      }
    }
    for (const item of ctx.snapshot.data.workProgrammeItems.filter((i) => i.committeeId === committee.id)) {
      out.push({ id: item.id, titles: [item.topic], value: { kind: 'work-programme-item', committee, item } });
    }
    for (const group of committee.workingGroups) {
      out.push({ id: group.id, titles: [group.name, ...(group.finalReportTitle ? [group.finalReportTitle] : [])], value: { kind: 'working-group', committee, group } });
    }
  }
  return out;
}

/** A topic given by its id (buttons ask with ids, which are unambiguous). */
export function topicById(candidates: readonly TopicCandidate<Topic>[], reference: string): TopicCandidate<Topic> | undefined {
  const ref = reference.trim().toLowerCase();
  return candidates.find((c) => c.id.toLowerCase() === ref);
}

/** Source text with markup made readable: "<del>9 November 2020</del>" -> "9 November 2020 [struck through]". */
export function readableSource(raw: string): string {
  return raw
    .replace(/<del>(.*?)<\/del>/gi, '$1 [struck through]')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export const SOURCE_NAMES: Record<string, string> = {
  'work-programme': 'Work programme',
  calendar: 'Calendar',
  agenda: 'Agenda',
  import: 'Import',
  chat: 'Recorded in Teams',
};
