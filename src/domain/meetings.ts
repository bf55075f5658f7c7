/**
 * Committee meetings as a councillor reads them (domain.md §2.9-2.11, §5 items 7-9, 24): which
 * meetings are still to come, which are cancelled (also when only struck through), which dates are
 * call-in placeholders, how a time reads ("2pm", keeping "2.pm" as written), who may see Part Two
 * business, and where the membership lists disagree.
 *
 * Pure: the clock is passed in; all comparisons are in Europe/London local time.
 */
import { DateTime } from 'luxon';
import type { AgendaItem, Committee, Meeting, Resolution } from './model.js';
import { COUNCIL_ZONE, addDays, formatUkDate, formatUkTime } from './uk-format.js';
import { isVisibleTo, type Audience, type Sensitivity } from './visibility.js';

/** Cancelled, or struck through in a source without the word "cancelled" ([002:1918]). */
export function isMeetingCancelled(meeting: Meeting): boolean {
  return meeting.cancelled || meeting.strikeThrough;
}

/**
 * A date reserved for call-in with no business of its own: a placeholder, convened only if a
 * call-in is lodged. 31 July 2020 was reserved AND carried business, so it is a real meeting.
 */
export function isCallInPlaceholder(meeting: Meeting): boolean {
  return meeting.reservedForCallIn && !meeting.hasBusiness && meeting.items.length === 0;
}

/** The instant after which a meeting is no longer "to come": its start, or the end of its day when no time is known (as in call-in.ts). */
function meetingEnd(meeting: Meeting): DateTime {
  if (meeting.time) return DateTime.fromISO(`${meeting.date}T${meeting.time}`, { zone: COUNCIL_ZONE });
  return DateTime.fromISO(`${addDays(meeting.date, 1)}T00:00`, { zone: COUNCIL_ZONE });
}

export function hasMeetingStarted(meeting: Meeting, now: Date): boolean {
  const nowLondon = DateTime.fromJSDate(now, { zone: COUNCIL_ZONE });
  return meetingEnd(meeting) <= nowLondon;
}

export function byMeetingDateTime(a: Meeting, b: Meeting): number {
  const at = `${a.date}T${a.time ?? '99:99'}`;
  const bt = `${b.date}T${b.time ?? '99:99'}`;
  return at < bt ? -1 : at > bt ? 1 : 0;
}

/** Meetings still to come and not cancelled, in date order (call-in placeholders included). */
export function upcomingMeetings(meetings: readonly Meeting[], now: Date): Meeting[] {
  return meetings.filter((m) => !isMeetingCancelled(m) && !hasMeetingStarted(m, now)).sort(byMeetingDateTime);
}

/**
 * The next meeting that will actually sit: not cancelled, not yet started, and not a call-in
 * placeholder (those are convened only if a call-in is lodged, so they are reported separately).
 */
export function nextMeeting(meetings: readonly Meeting[], now: Date): Meeting | undefined {
  return upcomingMeetings(meetings, now).find((m) => !isCallInPlaceholder(m));
}

/** The most recent meeting that sat (not cancelled, not a placeholder), before `now`. */
export function lastMeetingHeld(meetings: readonly Meeting[], now: Date): Meeting | undefined {
  return meetings
    .filter((m) => !isMeetingCancelled(m) && !isCallInPlaceholder(m) && hasMeetingStarted(m, now))
    .sort(byMeetingDateTime)
    .at(-1);
}

/** Meetings that were cancelled or struck through, in date order. */
export function cancelledMeetings(meetings: readonly Meeting[]): Meeting[] {
  return meetings.filter(isMeetingCancelled).sort(byMeetingDateTime);
}

/**
 * The time as a UK reader expects it, keeping the source's own spelling when it differs:
 * "2pm (written "2.pm")". Undefined when no source gives a time.
 */
export function meetingTimeText(meeting: Meeting): string | undefined {
  if (!meeting.time) return undefined;
  const normal = formatUkTime(meeting.time);
  const raw = meeting.timeRaw?.trim();
  return raw && raw.toLowerCase() !== normal.toLowerCase() ? `${normal} (written "${raw}")` : normal;
}

/** "Friday 4 December 2020 at 2pm" (the normalised time only), or just the date. */
export function meetingWhen(meeting: Meeting): string {
  return meeting.time ? `${formatUkDate(meeting.date)} at ${formatUkTime(meeting.time)}` : formatUkDate(meeting.date);
}

/** The independent flags of a meeting, as words ("reserved for call-in", "virtual", ...). */
export function meetingFlags(meeting: Meeting): string[] {
  const flags: string[] = [];
  if (meeting.cancelled) flags.push('cancelled');
  else if (meeting.strikeThrough) flags.push('struck through in the calendar (treated as cancelled)');
  if (meeting.reservedForCallIn) flags.push('reserved for call-in');
  if (meeting.reservedForCallIn && meeting.hasBusiness) flags.push('also carries ordinary business');
  if (meeting.virtual === true) flags.push('virtual');
  if (meeting.hostedBy) flags.push(`hosted by ${meeting.hostedBy}`);
  if (meeting.jointWith && meeting.jointWith !== meeting.hostedBy) flags.push(`joint with ${meeting.jointWith}`);
  else if (meeting.jointWith) flags.push('joint meeting');
  return flags;
}

// ---------------------------------------------------------------------------------------------
// Part Two / exempt business
// ---------------------------------------------------------------------------------------------

/** Part Two items and items carrying an exempt paragraph are exempt; everything else is public. */
export function agendaItemSensitivity(item: AgendaItem): Sensitivity {
  return item.part === 'TWO' || item.exempt ? 'exempt' : 'public';
}

/**
 * The items this audience may see, in agenda order, and how many were withheld. This is the one
 * filter every meeting answer goes through, so exempt titles never reach a channel or group chat.
 */
export function visibleAgendaItems(items: readonly AgendaItem[], audience: Audience): { visible: AgendaItem[]; withheld: number } {
  const visible = items.filter((i) => isVisibleTo(agendaItemSensitivity(i), audience));
  const ordered = [...visible].sort((a, b) => (a.number ?? 999) - (b.number ?? 999));
  return { visible: ordered, withheld: items.length - visible.length };
}

/**
 * Who may read a committee's Part Two business in a personal chat: democratic services admins,
 * the committee's own members (any role) and its support officers. Councillors who are not on the
 * committee, working-group-only members and other officers may not.
 */
export function mayReadCommitteeExempt(committee: Committee, personId: string | undefined, roles: ReadonlySet<string>): boolean {
  if (roles.has('democratic-services-admin')) return true;
  if (!personId) return false;
  return committee.members.some((m) => m.personId === personId) || committee.supportOfficers.some((s) => s.personId === personId);
}

/** "LGA 1972 Sch 12A, paragraph 3: Information relating to ..." */
export function exemptDescription(item: AgendaItem): string {
  if (!item.exempt) return 'Part Two (exempt): no paragraph recorded';
  const paragraph = item.exempt.paragraph !== undefined ? `, paragraph ${item.exempt.paragraph}` : '';
  return `${item.exempt.regime}${paragraph}${item.exempt.label ? `: ${item.exempt.label}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Membership
// ---------------------------------------------------------------------------------------------

export interface MembershipDisagreement {
  /** Each source list and how many people it names. */
  lists: { name: string; count: number }[];
  /** People missing from a list that names others. */
  missing: { list: string; personIds: string[] }[];
}

/** Where the committee's membership lists disagree (agenda 13 names vs calendar 10); undefined when they agree. */
export function membershipDisagreement(committee: Committee): MembershipDisagreement | undefined {
  const names = [...new Set(committee.members.flatMap((m) => m.listedIn))];
  if (names.length < 2) return undefined;
  const lists = names.map((name) => ({ name, count: committee.members.filter((m) => m.listedIn.includes(name)).length }));
  const missing = names
    .map((name) => ({ list: name, personIds: committee.members.filter((m) => !m.listedIn.includes(name)).map((m) => m.personId) }))
    .filter((m) => m.personIds.length > 0);
  return missing.length ? { lists, missing } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Resolutions and follow-ups
// ---------------------------------------------------------------------------------------------

/** A follow-up is still outstanding until it is closed with evidence; "noted" resolutions need nothing more. */
export function isOutstanding(resolution: Resolution): boolean {
  return resolution.status === 'open';
}

/** Meetings with outstanding follow-ups, oldest first, each with its open resolutions/undertakings. */
export function outstandingFollowUps(meetings: readonly Meeting[]): { meeting: Meeting; open: Resolution[] }[] {
  return [...meetings]
    .sort(byMeetingDateTime)
    .map((meeting) => ({ meeting, open: meeting.resolutions.filter(isOutstanding) }))
    .filter((m) => m.open.length > 0);
}

/** The most recent past meeting whose resolutions are recorded. */
export function lastMeetingWithResolutions(meetings: readonly Meeting[], now: Date): Meeting | undefined {
  return meetings
    .filter((m) => m.resolutions.length > 0 && hasMeetingStarted(m, now))
    .sort(byMeetingDateTime)
    .at(-1);
}
