/**
 * Fetches committees, meetings and agendas from a council's ModernGov site
 * (`<site>/mgWebService.asmx/<Op>`). Every call has a timeout and bounded retries with jitter,
 * honours Retry-After, and a refusal (403: some sites block automated requests) is reported, not
 * retried. Date parameters are always sent, dd/mm/yyyy: some sites require the "optional" ones.
 */
import { DateTime } from 'luxon';
import { COUNCIL_ZONE } from '../../../domain/uk-format.js';
import type { ModernGovData } from './merge.js';
import { combineMeeting, parseCommittees, parseMeeting, parseMeetings, type MgMeeting, type MgMeetingSummary } from './parse.js';

export interface ModernGovFetchOptions {
  /** The site ("https://democracy.example.gov.uk") or its web service address. */
  siteUrl: string;
  now: Date;
  /** Only these committees (ids or names, case-insensitive); all when empty. */
  committees?: readonly string[];
  /** Meeting window around today. */
  monthsBack?: number;
  monthsAhead?: number;
  /** Agendas (GetMeeting) are read only for meetings this close to today: they change near the meeting. */
  agendaDaysBack?: number;
  agendaDaysAhead?: number;
  timeoutMs?: number;
  retries?: number;
  fetch?: typeof fetch;
  /** Waits between retries; replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
}

export class ModernGovFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModernGovFetchError';
  }
}

export function webServiceUrl(siteUrl: string): string {
  const trimmed = siteUrl.trim().replace(/\/+$/, '');
  return /mgwebservice\.asmx$/i.test(trimmed) ? trimmed : `${trimmed}/mgWebService.asmx`;
}

function mgDate(date: DateTime): string {
  return date.toFormat('dd/MM/yyyy');
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function fetchModernGov(options: ModernGovFetchOptions): Promise<ModernGovData> {
  const service = webServiceUrl(options.siteUrl);
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const retries = options.retries ?? 2;
  const timeoutMs = options.timeoutMs ?? 20_000;

  const get = async (op: string, params: Record<string, string>): Promise<string> => {
    const url = `${service}/${op}?${new URLSearchParams(params).toString()}`;
    let lastProblem = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      let response: Response;
      try {
        response = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'text/xml, application/xml' } });
      } catch (error) {
        lastProblem = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (error as Error).message;
        if (attempt < retries) await sleep(backoff(attempt));
        continue;
      }
      if (response.ok) return response.text();
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 403) {
        throw new ModernGovFetchError(
          `${service} refused ${op} (403 Forbidden). Some ModernGov sites block automated requests: ask the council's web team to allow this server, or import saved XML files instead.`,
        );
      }
      lastProblem = `HTTP ${response.status}`;
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable) break;
      if (attempt < retries) {
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 60) * 1000 : backoff(attempt));
      }
    }
    throw new ModernGovFetchError(`${service}/${op} failed: ${lastProblem}.`);
  };

  const today = DateTime.fromJSDate(options.now, { zone: COUNCIL_ZONE }).startOf('day');
  const from = today.minus({ months: options.monthsBack ?? 3 });
  const to = today.plus({ months: options.monthsAhead ?? 12 });
  const agendaFrom = today.minus({ days: options.agendaDaysBack ?? 31 }).toISODate()!;
  const agendaTo = today.plus({ days: options.agendaDaysAhead ?? 120 }).toISODate()!;

  const committees = parseCommittees(await get('GetCommittees', { lDummy: '0' }), `${service}/GetCommittees`);
  const wanted = (options.committees ?? []).map((c) => c.trim().toLowerCase()).filter(Boolean);
  const chosen = committees.filter((c) => !c.expired && !c.deleted && (wanted.length === 0 || wanted.includes(c.id) || wanted.includes(c.title.toLowerCase())));

  const meetings: Array<MgMeetingSummary | MgMeeting> = [];
  for (const committee of chosen) {
    const xml = await get('GetMeetings', { lCommitteeId: committee.id, sFromDate: mgDate(from), sToDate: mgDate(to) });
    for (const summary of parseMeetings(xml, `${service}/GetMeetings?lCommitteeId=${committee.id}`)) {
      const withCommittee = { ...summary, committeeId: summary.committeeId ?? committee.id, committeeTitle: summary.committeeTitle ?? committee.title };
      if (withCommittee.date && withCommittee.date >= agendaFrom && withCommittee.date <= agendaTo) {
        const details = parseMeeting(await get('GetMeeting', { lMeetingId: summary.id }), `${service}/GetMeeting?lMeetingId=${summary.id}`);
        meetings.push(combineMeeting(withCommittee, details));
      } else {
        meetings.push(withCommittee);
      }
    }
  }
  return { committees: chosen, meetings, source: service };
}

function backoff(attempt: number): number {
  return 500 * 2 ** attempt * (0.75 + Math.random() * 0.5);
}
