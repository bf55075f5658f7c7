/**
 * Forward work programme questions (domain.md §2.12, §4 C items 24-25): items still TBC and how
 * long they have waited, items for consideration, and pre-decision scrutiny with the date the
 * decision-maker decides.
 *
 * "How long it has waited" comes from the dates written inside the item's own text ("Raised at
 * 3/7/20 committee", "requested at 10 January 2020 meeting"), already read UK day-first into
 * `mentionedDates`; for an item suggested through the bot, from the day it was suggested.
 *
 * Pure: `today` (YYYY-MM-DD, Europe/London) is passed in.
 */
import { DateTime } from 'luxon';
import type { AgendaItem, Meeting, WorkProgrammeItem } from './model.js';
import { byMeetingDateTime, isMeetingCancelled } from './meetings.js';
import { daysBetween, formatUkDate, plural } from './uk-format.js';

export interface WaitingTime {
  /** The earliest date the item was raised or requested, with the text as written. */
  since?: { date: string; raw: string };
  /** The latest dated mention (e.g. "Discussion with Chair and Vice Chairs 6/10/20"). */
  latest?: { date: string; raw: string };
  /** Whole days from `since` to today. */
  days?: number;
}

export function waitingTime(item: WorkProgrammeItem, today: string): WaitingTime {
  const dated = [...item.mentionedDates].filter((d) => d.date <= today).sort((a, b) => a.date.localeCompare(b.date));
  if (item.suggestedAt) {
    const date = item.suggestedAt.slice(0, 10);
    if (date <= today) dated.push({ date, raw: `suggested ${formatUkDate(date)}` });
    dated.sort((a, b) => a.date.localeCompare(b.date));
  }
  const since = dated[0];
  const latest = dated.length > 1 ? dated[dated.length - 1] : undefined;
  return {
    ...(since ? { since, days: daysBetween(since.date, today) } : {}),
    ...(latest ? { latest } : {}),
  };
}

/** "4 months (140 days)", "10 months (315 days)", "1 year 2 months (430 days)", "12 days". */
export function describeWait(fromDate: string, today: string): string {
  const days = daysBetween(fromDate, today);
  if (days < 31) return plural(days, 'day');
  const diff = DateTime.fromISO(today).diff(DateTime.fromISO(fromDate), ['years', 'months']).toObject();
  const years = Math.floor(diff.years ?? 0);
  const months = Math.floor(diff.months ?? 0);
  const parts = [years ? plural(years, 'year') : '', months ? plural(months, 'month') : ''].filter(Boolean);
  return `${parts.join(' ') || plural(days, 'day')} (${days} days)`;
}

/** Items with no meeting yet (status TBC), longest-waiting first; undated ones last. */
export function tbcItems(items: readonly WorkProgrammeItem[], today: string): { item: WorkProgrammeItem; wait: WaitingTime }[] {
  return items
    .filter((i) => i.status === 'tbc')
    .map((item) => ({ item, wait: waitingTime(item, today) }))
    .sort((a, b) => (b.wait.days ?? -1) - (a.wait.days ?? -1));
}

export function itemsForConsideration(items: readonly WorkProgrammeItem[]): WorkProgrammeItem[] {
  return items.filter((i) => i.status === 'for-consideration');
}

export interface PreDecisionItem {
  meeting: Meeting;
  item: AgendaItem;
  /** "Cabinet", when recorded. */
  decisionBody?: string;
  decisionDate?: string;
}

/** Items taken as pre-decision scrutiny, in meeting order, with where and when the decision is taken. */
export function preDecisionItems(meetings: readonly Meeting[]): PreDecisionItem[] {
  return [...meetings]
    .filter((m) => !isMeetingCancelled(m))
    .sort(byMeetingDateTime)
    .flatMap((meeting) =>
      meeting.items
        .filter((item) => item.scrutinyType === 'pre-decision' || /\bpre-?decision scrutiny\b/i.test(item.background ?? ''))
        .map((item) => ({
          meeting,
          item,
          ...(item.decisionBody ? { decisionBody: item.decisionBody } : {}),
          ...(item.decisionDate ? { decisionDate: item.decisionDate } : {}),
        })),
    );
}
