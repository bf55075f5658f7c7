/**
 * When digests go out, and each person's choices about theirs. Pure (luxon for Europe/London
 * arithmetic; the instant is always passed in).
 *
 * - A run is identified by the ISO week in London ("digest:2020-W47"): every send in that week
 *   shares it, so a second scheduler tick, an admin's "send it now" and a person's own schedule
 *   never give anyone two digests in one week.
 * - A personal schedule is a weekday and a time in Europe/London ("Fridays at 4pm"); the instant is
 *   computed in London, so it is right on both sides of the clock changes.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { IsoInstant } from '../model.js';
import type { Snapshot } from '../snapshot.js';
import { COUNCIL_ZONE, formatUkTime } from '../uk-format.js';

export const DIGEST_PREFERENCES_COLLECTION = 'digest-preferences';
export const DIGEST_RUNS_COLLECTION = 'digest-runs';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export const PersonalSchedule = z.object({
  /** ISO weekday, 1 = Monday. */
  weekday: z.number().int().min(1).max(7),
  /** 24-hour "HH:mm", Europe/London. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
});
export type PersonalSchedule = z.infer<typeof PersonalSchedule>;

export const DigestPreference = z.object({
  /** The person's id. */
  id: z.string().min(1),
  optedOut: z.boolean().default(false),
  schedule: PersonalSchedule.optional(),
  updatedAt: IsoInstant,
  updatedBy: z.string().optional(),
});
export type DigestPreference = z.infer<typeof DigestPreference>;

export const DigestRunRecord = z.object({
  /** "digest:2020-W47" */
  id: z.string().min(1),
  week: z.string(),
  startedAt: IsoInstant,
  finishedAt: IsoInstant.optional(),
  /** What started the latest pass: the schedule, an admin, or people's own schedules. */
  trigger: z.enum(['schedule', 'admin', 'personal-schedule', 'catch-up']),
  triggeredBy: z.string().optional(),
  passes: z.number().int().min(1).default(1),
  counts: z.object({ sent: z.number(), 'already-sent': z.number(), unreachable: z.number(), failed: z.number() }).optional(),
  /** People not sent to and why (opted out, nothing to report, own schedule), counted. */
  skipped: z.record(z.string(), z.number()).default({}),
});
export type DigestRunRecord = z.infer<typeof DigestRunRecord>;

export const DIGEST_CHANNELS_COLLECTION = 'digest-channels';

/** A channel or group chat that gets the committee-level picture each week. */
export const DigestChannel = z.object({
  /** The conversation id (a channel's own id, without ";messageid=..."). */
  id: z.string().min(1),
  committeeId: z.string().optional(),
  planId: z.string().optional(),
  addedBy: z.string(),
  addedAt: IsoInstant,
});
export type DigestChannel = z.infer<typeof DigestChannel>;

export function digestChannels(snapshot: Snapshot): DigestChannel[] {
  return snapshot.ext(DIGEST_CHANNELS_COLLECTION).flatMap((raw) => {
    const parsed = DigestChannel.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
}

/** "2020-W47": the ISO week (Monday to Sunday) in London containing `now`. */
export function isoWeekOf(now: Date): string {
  return DateTime.fromJSDate(now, { zone: COUNCIL_ZONE }).toFormat("kkkk-'W'WW");
}

export function digestRunId(now: Date): string {
  return `digest:${isoWeekOf(now)}`;
}

export function digestMessageKey(runId: string, personId: string): string {
  return `${runId}:${personId}`;
}

/** The instant of a personal schedule in the ISO week containing `now` (London time, DST-aware). */
export function scheduledInstantInWeek(now: Date, schedule: PersonalSchedule): Date {
  const local = DateTime.fromJSDate(now, { zone: COUNCIL_ZONE });
  const [hour, minute] = schedule.time.split(':').map(Number);
  return local.set({ weekday: schedule.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7, hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** "every Friday at 4pm" */
export function describeSchedule(schedule: PersonalSchedule): string {
  return `every ${WEEKDAYS[schedule.weekday - 1]} at ${formatUkTime(schedule.time)}`;
}

/**
 * The default schedule in words, from a cron pattern of the simple "minute hour * * weekday" form
 * ("0 8 * * 1" -> "every Monday at 8am"); anything else is described as the cron pattern itself.
 */
export function describeCron(pattern: string): string {
  const match = /^(\d{1,2}) (\d{1,2}) \* \* ([1-7]|MON|TUE|WED|THU|FRI|SAT|SUN)$/i.exec(pattern.trim());
  if (!match) return `on the schedule "${pattern}" (Europe/London)`;
  const names = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
  const day = /^\d$/.test(match[3]!) ? Number(match[3]) : names.indexOf(match[3]!.toUpperCase()) + 1;
  const time = `${match[2]!.padStart(2, '0')}:${match[1]!.padStart(2, '0')}`;
  return describeSchedule({ weekday: day === 7 || day === 0 ? 7 : day, time });
}

export type ScheduleParse = { ok: true; schedule: PersonalSchedule } | { ok: false; problem: string };

const DAY_PATTERN = /\b(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?\b/i;
const DAY_INDEX: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/**
 * Reads "Fridays at 4pm", "every Tuesday 09:30", "on wednesday at 2.30pm", "Monday morning".
 * Says what was wrong otherwise. The time must be on the hour or half hour between 6am and 8pm:
 * the schedule is checked every few minutes, and nobody wants a digest at 3am.
 */
export function parsePersonalSchedule(text: string): ScheduleParse {
  const day = DAY_PATTERN.exec(text);
  if (!day) return { ok: false, problem: 'I could not see a day of the week. Say, for example, "send my digest on Fridays at 4pm".' };
  const weekday = DAY_INDEX[day[1]!.slice(0, 3).toLowerCase()]!;
  const rest = text.slice(0, day.index) + ' ' + text.slice(day.index + day[0].length);
  let hour: number | undefined;
  let minute = 0;
  const clock = /\b(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?=\s|$)/i.exec(rest.replace(/\bnoon\b/i, '12pm'));
  if (clock && (clock[2] || clock[3] || /\bat\s+\d/i.test(rest))) {
    hour = Number(clock[1]);
    minute = clock[2] ? Number(clock[2]) : 0;
    const meridiem = clock[3]?.toLowerCase().replace(/\./g, '');
    if (meridiem === 'pm' && hour < 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
    if (!meridiem && hour >= 1 && hour <= 7) hour += 12; // "at 4" in working hours means 4pm
  } else if (/\bmorning\b/i.test(rest)) {
    hour = 8;
  } else if (/\bafternoon\b/i.test(rest)) {
    hour = 14;
  } else if (/\bend of (the )?day\b|\bevening\b/i.test(rest)) {
    hour = 17;
  } else {
    hour = 8;
  }
  if (hour > 23 || minute > 59) return { ok: false, problem: `"${clock?.[0]?.trim()}" is not a time I understand. Try "4pm" or "16:00".` };
  if (minute !== 0 && minute !== 30) return { ok: false, problem: 'Digests go out on the hour or half hour. Try, for example, "at 4pm" or "at 9.30am".' };
  if (hour < 6 || hour > 20 || (hour === 20 && minute > 0)) {
    return { ok: false, problem: 'Pick a time between 6am and 8pm (UK time), for example "at 4pm".' };
  }
  return { ok: true, schedule: { weekday, time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` } };
}

/** Everyone's digest choices, by person id (invalid records ignored). */
export function digestPreferences(snapshot: Snapshot): Map<string, DigestPreference> {
  return snapshot.memo('digest-preferences:index', () => {
    const map = new Map<string, DigestPreference>();
    for (const raw of snapshot.ext(DIGEST_PREFERENCES_COLLECTION)) {
      const parsed = DigestPreference.safeParse(raw);
      if (parsed.success) map.set(parsed.data.id, parsed.data);
    }
    return map;
  });
}

export function digestRunRecord(snapshot: Snapshot, runId: string): DigestRunRecord | undefined {
  const raw = snapshot.ext<{ id: string }>(DIGEST_RUNS_COLLECTION).find((r) => r.id === runId);
  const parsed = DigestRunRecord.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function latestDigestRun(snapshot: Snapshot): DigestRunRecord | undefined {
  let latest: DigestRunRecord | undefined;
  for (const raw of snapshot.ext(DIGEST_RUNS_COLLECTION)) {
    const parsed = DigestRunRecord.safeParse(raw);
    if (parsed.success && (!latest || parsed.data.startedAt > latest.startedAt)) latest = parsed.data;
  }
  return latest;
}
