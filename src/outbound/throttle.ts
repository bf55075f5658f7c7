/**
 * Rate limiting for proactive sends, to Teams' published limits (rate-limit.md): per bot per
 * conversation 7 in 1 s, 8 in 2 s, 60 in 30 s and 1,800 in an hour; per app per tenant 50 a second.
 * Sliding windows, not token buckets: a bucket of 7 refilled at 7/s lets 14 through in just over a
 * second, which Teams answers with 429.
 *
 * Any 429 slows everyone down (Company Communicator's "global throttle flag"): all sends pause for
 * the Retry-After (or a backoff), and the tenant rate halves, creeping back up with each success.
 *
 * Time is injected (a monotonic `now` and a `sleep`), so tests and benchmarks run without waiting.
 */

export interface TimeSource {
  /** Monotonic milliseconds (not the business clock: that may be frozen for demos). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTime: TimeSource = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export interface WindowRule {
  limit: number;
  windowMs: number;
}

/** A log of send times checked against several windows at once. */
export class SlidingWindow {
  private stamps: number[] = [];
  private readonly longest: number;

  constructor(private readonly rules: readonly WindowRule[]) {
    this.longest = Math.max(...rules.map((r) => r.windowMs));
  }

  /** How long to wait before one more send fits every rule (0: now). `scale` shrinks the limits. */
  waitTime(now: number, scale = 1): number {
    this.prune(now);
    let wait = 0;
    for (const rule of this.rules) {
      const limit = Math.max(1, Math.floor(rule.limit * scale));
      const from = now - rule.windowMs;
      const first = firstAfter(this.stamps, from);
      const count = this.stamps.length - first;
      if (count >= limit) {
        // The send that must leave the window for one more to fit.
        const leaving = this.stamps[this.stamps.length - limit]!;
        wait = Math.max(wait, leaving + rule.windowMs - now);
      }
    }
    return wait;
  }

  record(now: number): void {
    this.stamps.push(now);
  }

  /** A reservation made at `from` actually left at `to` (later): count it from when it left. */
  move(from: number, to: number): void {
    const at = firstAfter(this.stamps, from) - 1;
    if (at < 0 || this.stamps[at] !== from) return;
    this.stamps.splice(at, 1);
    this.stamps.splice(firstAfter(this.stamps, to), 0, to);
  }

  get size(): number {
    return this.stamps.length;
  }

  private prune(now: number): void {
    const from = now - this.longest;
    if (this.stamps.length && this.stamps[0]! <= from) this.stamps = this.stamps.slice(firstAfter(this.stamps, from));
  }
}

/** Index of the first stamp strictly after `t` (stamps ascending). */
function firstAfter(stamps: readonly number[], t: number): number {
  let lo = 0;
  let hi = stamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stamps[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ThrottleLimits {
  /** Sends per conversation per second (Teams: 7). */
  perConversationPerSecond: number;
  /** Sends per conversation per hour (Teams: 1,800). */
  perConversationPerHour: number;
  /** Sends per tenant per second (Teams: 50 for one app). */
  perTenantPerSecond: number;
  /**
   * Extra window length, as a fraction: our window counts when a request leaves, the connector's
   * when it arrives, so network and event-loop jitter can squeeze 51 arrivals into its second.
   */
  safetyMargin?: number;
}

/** 5%: 47.6 sends a second against a limit of 50. A 429 costs everyone a pause, far more than 5%. */
export const DEFAULT_SAFETY_MARGIN = 0.05;

export const TEAMS_LIMITS: ThrottleLimits = { perConversationPerSecond: 7, perConversationPerHour: 1800, perTenantPerSecond: 50 };

/** "7 a second" as window rules; below 1 a second it becomes "1 every n seconds". */
function perSecondRule(rate: number, margin: number): WindowRule {
  if (rate >= 1) return { limit: Math.floor(rate), windowMs: Math.ceil(1000 * (1 + margin)) };
  return { limit: 1, windowMs: Math.ceil((1000 / rate) * (1 + margin)) };
}

export function conversationRules(limits: ThrottleLimits): WindowRule[] {
  const margin = limits.safetyMargin ?? DEFAULT_SAFETY_MARGIN;
  const rules = [perSecondRule(limits.perConversationPerSecond, margin), { limit: limits.perConversationPerHour, windowMs: 3_600_000 }];
  // Teams' intermediate windows, scaled down when the per-second rate is configured lower.
  const scale = Math.min(1, limits.perConversationPerSecond / 7);
  rules.push({ limit: Math.max(1, Math.floor(8 * scale)), windowMs: 2000 }, { limit: Math.max(1, Math.floor(60 * scale)), windowMs: 30_000 });
  return rules;
}

export function tenantRules(limits: ThrottleLimits): WindowRule[] {
  return [perSecondRule(limits.perTenantPerSecond, limits.safetyMargin ?? DEFAULT_SAFETY_MARGIN)];
}

/**
 * Even pacing per tenant (GCRA, the "virtual scheduling" form of a leaky bucket): one send every
 * 1/rate seconds, with a small tolerance so a timer that fires late is made up for straight away.
 * Without pacing, a full second's allowance leaves in a burst and a little network or event-loop
 * jitter lands 51 arrivals in the connector's second: a 429, and everyone pauses.
 */
export class Pacer {
  private theoretical = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    /** How many intervals late a sender may catch up at once. */
    private readonly toleranceIntervals = 1,
  ) {}

  /** Milliseconds to wait before the next send for `key` (0: now); `scale` < 1 slows the pace. */
  waitTime(key: string, now: number, scale = 1): number {
    const interval = this.intervalMs / Math.max(scale, 0.01);
    const tat = this.theoretical.get(key) ?? now;
    return Math.max(0, tat - interval * this.toleranceIntervals - now);
  }

  record(key: string, now: number, scale = 1): void {
    const interval = this.intervalMs / Math.max(scale, 0.01);
    this.theoretical.set(key, Math.max(this.theoretical.get(key) ?? now, now) + interval);
  }

  /** The send left later than it was paced for: the next one is paced from when it left. */
  departed(key: string, at: number, scale = 1): void {
    const interval = this.intervalMs / Math.max(scale, 0.01);
    this.theoretical.set(key, Math.max(this.theoretical.get(key) ?? at, at + interval));
  }
}

/** A slot to send, taken from the throttle. */
export interface SendPermit {
  /**
   * Call just before the request leaves. Between taking the slot and sending, the send log is
   * written (durably); the limits then count the send from when it really left, so a slow disk
   * write cannot bunch requests at the connector.
   */
  depart(): void;
}

export interface SlowDownState {
  /** Fraction of the tenant rate currently allowed (1 = full). */
  rateFactor: number;
  pausedForMs: number;
  throttledCount: number;
}

export class SendThrottle {
  private readonly tenants = new Map<string, SlidingWindow>();
  private readonly conversations = new Map<string, SlidingWindow>();
  private pausedUntil = 0;
  private factor = 1;
  private throttled = 0;
  private readonly conversationRuleSet: WindowRule[];
  private readonly tenantRuleSet: WindowRule[];
  private readonly pacer: Pacer;

  constructor(
    readonly limits: ThrottleLimits,
    private readonly time: TimeSource,
    /** Lowest fraction of the tenant rate a run of 429s can push it to. */
    private readonly minFactor = 0.1,
    /** How much of the rate each success wins back after a slow-down. */
    private readonly recoveryStep = 0.05,
  ) {
    this.conversationRuleSet = conversationRules(limits);
    this.tenantRuleSet = tenantRules(limits);
    this.pacer = new Pacer((1000 / limits.perTenantPerSecond) * (1 + (limits.safetyMargin ?? DEFAULT_SAFETY_MARGIN)));
  }

  /** Waits until one more send to this conversation fits every limit, then counts it. */
  async acquire(tenantId: string, conversationId: string): Promise<SendPermit> {
    const tenant = windowFor(this.tenants, tenantId || '(no tenant)', this.tenantRuleSet);
    const conversation = windowFor(this.conversations, conversationId, this.conversationRuleSet);
    const tenantKey = tenantId || '(no tenant)';
    for (;;) {
      const now = this.time.now();
      const wait = Math.max(
        this.pausedUntil - now,
        tenant.waitTime(now, this.factor),
        this.pacer.waitTime(tenantKey, now, this.factor),
        conversation.waitTime(now),
      );
      if (wait <= 0) {
        // Check and record in the same tick: concurrent callers cannot both take the last slot.
        tenant.record(now);
        this.pacer.record(tenantKey, now, this.factor);
        conversation.record(now);
        return {
          depart: () => {
            const left = this.time.now();
            if (left <= now) return;
            tenant.move(now, left);
            conversation.move(now, left);
            this.pacer.departed(tenantKey, left, this.factor);
          },
        };
      }
      await this.time.sleep(wait);
    }
  }

  /** A 429: everybody pauses for `pauseMs`, and the tenant rate halves. */
  onThrottled(pauseMs: number): void {
    this.throttled += 1;
    this.pausedUntil = Math.max(this.pausedUntil, this.time.now() + pauseMs);
    this.factor = Math.max(this.minFactor, this.factor / 2);
  }

  onSuccess(): void {
    if (this.factor < 1) this.factor = Math.min(1, this.factor + this.recoveryStep);
  }

  state(): SlowDownState {
    return { rateFactor: this.factor, pausedForMs: Math.max(0, this.pausedUntil - this.time.now()), throttledCount: this.throttled };
  }

  /** Forget windows of conversations idle for over an hour, so memory stays flat over months. */
  sweep(): void {
    const now = this.time.now();
    for (const [id, window] of this.conversations) if (window.waitTime(now) === 0 && window.size === 0) this.conversations.delete(id);
  }
}

function windowFor(map: Map<string, SlidingWindow>, key: string, rules: WindowRule[]): SlidingWindow {
  let window = map.get(key);
  if (!window) {
    window = new SlidingWindow(rules);
    map.set(key, window);
  }
  return window;
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };

/**
 * Exponential backoff with "equal jitter": half the delay fixed, half random, so retries from
 * many senders spread out but never come back sooner than half the nominal delay.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const nominal = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return nominal / 2 + random() * (nominal / 2);
}

/** Retry-After is seconds or an HTTP date; returns milliseconds, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowEpochMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowEpochMs);
}
