/**
 * The weekly digest job: who gets what this week, and sending it through the proactive sender.
 *
 * - Default schedule: DIGEST_CRON (Monday 08:00) in Europe/London with croner, which keeps 08:00
 *   local across the clock changes.
 * - Personal schedules ("send my digest on Fridays at 4pm") and catching up a default run the bot
 *   missed while it was down: a croner tick every five minutes.
 * - Idempotent: the run id is the ISO week ("digest:2020-W47") and each message's key is run id +
 *   person, so a second tick, an admin's "send it now" and a restart mid-run never send anyone two
 *   digests in a week (the sender's send log). A scheduled run that already finished is not
 *   repeated at all; an admin's run sends to whoever has not had this week's digest yet.
 * - Only runs the scheduler when SCHEDULER_ENABLED (tests trigger runs directly).
 */
import { Cron } from 'croner';
import { digestReply, digestTotals } from './view.js';
import type { Reply } from '../../chat/types.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { channelDigest, computeDigests, digestLeadIds, hasContent, type DigestRun, type PersonDigest } from '../../domain/digest/index.js';
import {
  DIGEST_RUNS_COLLECTION,
  DigestRunRecord,
  describeCron,
  describeSchedule,
  digestChannels,
  digestMessageKey,
  digestPreferences,
  digestRunId,
  digestRunRecord,
  isoWeekOf,
  scheduledInstantInWeek,
} from '../../domain/digest/schedule.js';
import type { Snapshot } from '../../domain/snapshot.js';
import { londonDate, plural } from '../../domain/uk-format.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/store.js';
import { reachabilityOf, refForConversation, type Reachability } from '../../outbound/conversation-ref-records.js';
import { sendLogIndex, wasCutShort } from '../../outbound/proactive-sender.js';
import type { ProactiveMessage, ProactiveSender, SendReport } from '../../outbound/types.js';

/** A missed default run is caught up within this long after its time (a bot down at 8am Monday sends when it is back). */
const CATCH_UP_MS = 12 * 60 * 60 * 1000;

export type DigestSettings = Pick<Config, 'DIGEST_CRON' | 'DIGEST_DUE_WEEKS' | 'DIGEST_STALE_WEEKS' | 'DIGEST_SEND_EMPTY' | 'ADMIN_EMAILS'>;

export type PlanStatus = 'send' | 'nothing-to-report' | 'opted-out' | 'own-schedule';

export interface PlannedDigest {
  personId: string;
  name: string;
  status: PlanStatus;
  digest: PersonDigest;
  reply?: Reply;
  reach: Reachability;
  /** Already sent this week (the send log). */
  alreadySent: boolean;
}

export interface PlannedChannel {
  conversationId: string;
  /** "the Corporate Review Committee" */
  name: string;
  status: 'send' | 'nothing-to-report' | 'gone';
  reply?: Reply;
  reachable: boolean;
  alreadySent: boolean;
}

export interface DigestPlan {
  runId: string;
  week: string;
  today: string;
  computed: DigestRun;
  people: PlannedDigest[];
  channels: PlannedChannel[];
}

export type RunTrigger = { kind: 'schedule' | 'catch-up' | 'personal-schedule' } | { kind: 'admin'; by: string };

export interface DigestRunResult {
  runId: string;
  /** Set when nothing was sent because of this (already ran, already running, switched off). */
  skipped?: string;
  report?: SendReport;
  plan?: DigestPlan;
  skippedCounts: Record<string, number>;
}

/** Who gets what this week: pure apart from reading the snapshot. Used by the job, chat and the dry run. */
export function planDigest(snapshot: Snapshot, now: Date, settings: DigestSettings, options: { personal?: 'include' | 'exclude' | 'only'; onlyPeople?: ReadonlySet<string> } = {}): DigestPlan {
  const today = londonDate(now);
  const runId = digestRunId(now);
  const computed = computeDigests(snapshot, { today, dueWeeks: settings.DIGEST_DUE_WEEKS, staleWeeks: settings.DIGEST_STALE_WEEKS, adminEmails: settings.ADMIN_EMAILS });
  const preferences = digestPreferences(snapshot);
  const log = sendLogIndex(snapshot);
  const ids = new Set(computed.people.keys());
  if (settings.DIGEST_SEND_EMPTY) for (const id of digestLeadIds(snapshot)) ids.add(id);
  const personal = options.personal ?? 'exclude';
  const people: PlannedDigest[] = [];
  for (const personId of ids) {
    if (options.onlyPeople && !options.onlyPeople.has(personId)) continue;
    const person = snapshot.person(personId);
    if (!person) continue;
    const preference = preferences.get(personId);
    const digest = computed.people.get(personId) ?? { personId };
    const hasOwnSchedule = Boolean(preference?.schedule);
    if (personal === 'only' && !hasOwnSchedule) continue;
    let status: PlanStatus = 'send';
    if (preference?.optedOut) status = 'opted-out';
    else if (!hasContent(digest) && !settings.DIGEST_SEND_EMPTY) status = 'nothing-to-report';
    else if (hasOwnSchedule && personal === 'exclude') status = 'own-schedule';
    const scheduleText = preference?.schedule ? describeSchedule(preference.schedule) : describeCron(settings.DIGEST_CRON);
    const sent = log.get(digestMessageKey(runId, personId));
    people.push({
      personId,
      name: person.name,
      status,
      digest,
      reply:
        status === 'send'
          ? digestReply(snapshot, digest, { today, dueWeeks: settings.DIGEST_DUE_WEEKS, staleWeeks: settings.DIGEST_STALE_WEEKS, scheduleText })
          : undefined,
      reach: reachabilityOf(snapshot, personId),
      alreadySent: sent?.status === 'sent' || sent?.status === 'sending',
    });
  }
  people.sort((a, b) => a.name.localeCompare(b.name));
  const channels: PlannedChannel[] = [];
  if (personal !== 'only' && !options.onlyPeople) {
    for (const subscription of digestChannels(snapshot)) {
      const digest = channelDigest(snapshot, computed, subscription, subscription.id);
      const ref = refForConversation(snapshot, subscription.id);
      const sent = log.get(digestMessageKey(runId, `channel:${subscription.id}`));
      const status = !digest ? 'gone' : hasContent(digest) || settings.DIGEST_SEND_EMPTY ? 'send' : 'nothing-to-report';
      channels.push({
        conversationId: subscription.id,
        name: digest?.overview?.because.join(' and ') ?? `a committee or plan that no longer exists (${subscription.committeeId ?? subscription.planId})`,
        status,
        reply:
          status === 'send'
            ? digestReply(snapshot, digest!, { today, dueWeeks: settings.DIGEST_DUE_WEEKS, staleWeeks: settings.DIGEST_STALE_WEEKS, scheduleText: describeCron(settings.DIGEST_CRON), channel: true })
            : undefined,
        reachable: Boolean(ref?.active),
        alreadySent: sent?.status === 'sent' || sent?.status === 'sending',
      });
    }
  }
  return { runId, week: isoWeekOf(now), today, computed, people, channels };
}

export interface DigestServiceDependencies {
  store: Store;
  clock: Clock;
  settings: DigestSettings;
  log: Logger;
  sender: ProactiveSender;
}

export class DigestService {
  private current?: { runId: string; startedAt: string; promise: Promise<DigestRunResult> };
  private jobs: Cron[] = [];

  constructor(private readonly deps: DigestServiceDependencies) {}

  get settings(): DigestSettings {
    return this.deps.settings;
  }

  /** The run in progress, if any (for "send the weekly digest now" while one is going). */
  running(): { runId: string; startedAt: string } | undefined {
    return this.current ? { runId: this.current.runId, startedAt: this.current.startedAt } : undefined;
  }

  /** The weekly run for everyone on the default schedule. */
  runWeekly(trigger: RunTrigger): Promise<DigestRunResult> {
    return this.exclusive(digestRunId(this.deps.clock()), () => this.doRunWeekly(trigger));
  }

  /** Sends to people whose own schedule has come round (and who have not had this week's digest). */
  async runPersonalSchedules(): Promise<DigestRunResult | undefined> {
    const now = this.deps.clock();
    const snapshot = await this.deps.store.snapshot();
    const due = new Set<string>();
    for (const preference of digestPreferences(snapshot).values()) {
      if (!preference.schedule || preference.optedOut) continue;
      const at = scheduledInstantInWeek(now, preference.schedule).getTime();
      if (now.getTime() >= at && now.getTime() - at < CATCH_UP_MS) due.add(preference.id);
    }
    if (due.size === 0) return undefined;
    const runId = digestRunId(now);
    const log = sendLogIndex(snapshot);
    for (const id of due) if (['sent', 'sending'].includes(log.get(digestMessageKey(runId, id))?.status ?? '')) due.delete(id);
    if (due.size === 0) return undefined;
    return this.exclusive(runId, () => this.send({ kind: 'personal-schedule' }, { personal: 'only', onlyPeople: due }));
  }

  /** A default run the bot missed (it was down at the scheduled time) is sent when it comes back. */
  async catchUp(): Promise<DigestRunResult | undefined> {
    const now = this.deps.clock();
    let previous: Date | undefined;
    try {
      previous = new Cron(this.deps.settings.DIGEST_CRON, { timezone: 'Europe/London', paused: true }).previousRuns(1, now)[0];
    } catch {
      return undefined;
    }
    if (!previous || now.getTime() - previous.getTime() >= CATCH_UP_MS || digestRunId(previous) !== digestRunId(now)) return undefined;
    const record = digestRunRecord(await this.deps.store.snapshot(), digestRunId(now));
    if (record?.finishedAt) return undefined;
    return this.runWeekly({ kind: 'catch-up' });
  }

  /** Starts croner jobs (only when SCHEDULER_ENABLED). */
  start(): void {
    const protect = true; // a tick never overlaps the previous one
    this.jobs.push(
      new Cron(this.deps.settings.DIGEST_CRON, { timezone: 'Europe/London', protect, name: 'weekly-digest' }, () => {
        void this.runWeekly({ kind: 'schedule' }).catch((error: Error) => this.deps.log.error({ err: error.message }, 'weekly digest run failed'));
      }),
      new Cron('*/5 * * * *', { timezone: 'Europe/London', protect, name: 'digest-personal-schedules' }, async () => {
        try {
          await this.catchUp();
          await this.runPersonalSchedules();
        } catch (error) {
          this.deps.log.error({ err: (error as Error).message }, 'digest schedule tick failed');
        }
      }),
    );
    this.deps.log.info({ cron: this.deps.settings.DIGEST_CRON, next: this.jobs[0]!.nextRun()?.toISOString() }, 'weekly digest scheduled');
  }

  /**
   * Stops the schedule and waits for a run in progress. When the bot stops, the composition root
   * closes the sender first, so a run is not waited out (it could take minutes): it ends with what it
   * has sent, and the next run (or the catch-up after a restart) sends the rest, skipping everyone
   * who already had it.
   */
  async stop(): Promise<void> {
    for (const job of this.jobs) job.stop();
    this.jobs = [];
    await this.current?.promise.catch(() => undefined);
  }

  private async exclusive(runId: string, work: () => Promise<DigestRunResult>): Promise<DigestRunResult> {
    if (this.current) {
      return { runId, skipped: `a digest run (${this.current.runId}) is already under way, started ${this.current.startedAt}`, skippedCounts: {} };
    }
    const promise = work();
    this.current = { runId, startedAt: this.deps.clock().toISOString(), promise };
    try {
      return await promise;
    } finally {
      this.current = undefined;
    }
  }

  private async doRunWeekly(trigger: RunTrigger): Promise<DigestRunResult> {
    const runId = digestRunId(this.deps.clock());
    if (trigger.kind === 'schedule' || trigger.kind === 'catch-up') {
      const record = digestRunRecord(await this.deps.store.snapshot(), runId);
      if (record?.finishedAt) {
        this.deps.log.info({ runId, finishedAt: record.finishedAt }, 'weekly digest already sent this week; nothing to do');
        return { runId, skipped: `this week's digest (${runId}) already went out, finishing ${record.finishedAt}`, skippedCounts: {} };
      }
    }
    return this.send(trigger, { personal: 'exclude' });
  }

  private async send(trigger: RunTrigger, options: Parameters<typeof planDigest>[3]): Promise<DigestRunResult> {
    const sender = this.deps.sender;
    const now = this.deps.clock();
    const runId = digestRunId(now);
    const snapshot = await this.deps.store.snapshot();
    if (!snapshot.plans.some((p) => p.digestEnabled)) {
      return { runId, skipped: 'the digest is switched off for every plan', skippedCounts: {} };
    }
    const plan = planDigest(snapshot, now, this.deps.settings, options);
    const skippedCounts: Record<string, number> = {};
    for (const person of plan.people) if (person.status !== 'send') skippedCounts[person.status] = (skippedCounts[person.status] ?? 0) + 1;
    await this.recordRun(runId, now, trigger, undefined, skippedCounts, false);
    const messages: ProactiveMessage[] = plan.people
      .filter((p) => p.status === 'send')
      .map((p) => ({ key: digestMessageKey(runId, p.personId), recipient: { kind: 'person', personId: p.personId }, reply: p.reply! }));
    for (const channel of plan.channels) {
      if (channel.status !== 'send') continue;
      messages.push({ key: digestMessageKey(runId, `channel:${channel.conversationId}`), recipient: { kind: 'conversation', conversationId: channel.conversationId }, reply: channel.reply! });
    }
    this.deps.log.info({ runId, trigger: trigger.kind, messages: messages.length, skipped: skippedCounts }, 'digest run starting');
    const report = await sender.send(runId, messages);
    // A personal-schedule pass does not mark the week's default run as done, nor does one cut short
    // by the bot stopping (the catch-up after the restart finishes it).
    const cutShort = report.outcomes.some(wasCutShort);
    await this.recordRun(runId, this.deps.clock(), trigger, report, skippedCounts, trigger.kind !== 'personal-schedule' && !cutShort);
    this.deps.log.info({ runId, counts: report.counts }, 'digest run finished');
    return { runId, report, plan, skippedCounts };
  }

  private async recordRun(runId: string, at: Date, trigger: RunTrigger, report: SendReport | undefined, skipped: Record<string, number>, finished: boolean): Promise<void> {
    await this.deps.store.transact('digest-run', (tx) => {
      const parsed = DigestRunRecord.safeParse(tx.extGet(DIGEST_RUNS_COLLECTION, runId));
      const existing = parsed.success ? parsed.data : undefined;
      const record: DigestRunRecord = {
        id: runId,
        week: runId.replace(/^digest:/, ''),
        startedAt: existing?.startedAt ?? at.toISOString(),
        trigger: trigger.kind,
        passes: (existing?.passes ?? 0) + (report ? 0 : 1),
        skipped,
      };
      if (trigger.kind === 'admin') record.triggeredBy = trigger.by;
      const finishedAt = finished ? at.toISOString() : existing?.finishedAt;
      if (finishedAt) record.finishedAt = finishedAt;
      const counts = report?.counts ?? existing?.counts;
      if (counts) record.counts = counts;
      tx.extPut(DIGEST_RUNS_COLLECTION, record);
    });
  }
}

/** The run report in words, for the admin who asked and for the logs. */
export function describeRunReport(result: DigestRunResult, names: (personId: string) => string): { title: string; lines: string[] } {
  const channelNames = new Map((result.plan?.channels ?? []).map((c) => [c.conversationId, `the channel for ${c.name}`]));
  if (result.skipped || !result.report) return { title: `Nothing sent: ${result.skipped ?? 'no report'}.`, lines: [] };
  const { counts, outcomes } = result.report;
  const week = result.runId.replace(/^digest:/, '');
  const title = `Weekly digest for ${week}: ${plural(counts.sent, 'digest')} sent, ${counts['already-sent']} already sent, ${counts.unreachable} unreachable, ${counts.failed} failed.`;
  const lines: string[] = [];
  const who = (o: (typeof outcomes)[number]) =>
    o.recipient?.kind === 'person' ? names(o.recipient.personId) : (channelNames.get(o.recipient?.conversationId ?? '') ?? o.key);
  for (const outcome of outcomes.filter((o) => o.status === 'unreachable')) lines.push(`Unreachable: ${who(outcome)} (${outcome.reason ?? 'no reason given'})`);
  for (const outcome of outcomes.filter((o) => o.status === 'failed')) lines.push(`Failed: ${who(outcome)} (${outcome.reason ?? 'no reason given'})`);
  const skipped = Object.entries(result.skippedCounts)
    .map(([status, n]) => `${n} ${status === 'opted-out' ? 'stopped their digest' : status === 'own-schedule' ? 'get theirs on their own day' : 'had nothing to report'}`)
    .join(', ');
  if (skipped) lines.push(`Not sent: ${skipped}.`);
  return { title, lines };
}

export function pickSettings(config: DigestSettings): DigestSettings {
  return {
    DIGEST_CRON: config.DIGEST_CRON,
    DIGEST_DUE_WEEKS: config.DIGEST_DUE_WEEKS,
    DIGEST_STALE_WEEKS: config.DIGEST_STALE_WEEKS,
    DIGEST_SEND_EMPTY: config.DIGEST_SEND_EMPTY,
    ADMIN_EMAILS: config.ADMIN_EMAILS,
  };
}

export { digestTotals };
