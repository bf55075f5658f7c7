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
   * when it arrives, so network jitter can squeeze 51 arrivals into its second. 2.5% avoids that.
   */
  safetyMargin?: number;
}

export const TEAMS_LIMITS: ThrottleLimits = { perConversationPerSecond: 7, perConversationPerHour: 1800, perTenantPerSecond: 50 };

/** "7 a second" as window rules; below 1 a second it becomes "1 every n seconds". */
function perSecondRule(rate: number, margin: number): WindowRule {
  if (rate >= 1) return { limit: Math.floor(rate), windowMs: Math.ceil(1000 * (1 + margin)) };
  return { limit: 1, windowMs: Math.ceil((1000 / rate) * (1 + margin)) };
}

export function conversationRules(limits: ThrottleLimits): WindowRule[] {
  const margin = limits.safetyMargin ?? 0.025;
  const rules = [perSecondRule(limits.perConversationPerSecond, margin), { limit: limits.perConversationPerHour, windowMs: 3_600_000 }];
  // Teams' intermediate windows, scaled down when the per-second rate is configured lower.
  const scale = Math.min(1, limits.perConversationPerSecond / 7);
  rules.push({ limit: Math.max(1, Math.floor(8 * scale)), windowMs: 2000 }, { limit: Math.max(1, Math.floor(60 * scale)), windowMs: 30_000 });
  return rules;
}

export function tenantRules(limits: ThrottleLimits): WindowRule[] {
  return [perSecondRule(limits.perTenantPerSecond, limits.safetyMargin ?? 0.025)];
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

  constructor(
    readonly limits: ThrottleLimits,
    private readonly time: TimeSource,
    /** Lowest fraction of the tenant rate a run of 429s can push it to. */
    private readonly minFactor = 0.1,
    /** How much of the rate each success wins back after a slow-down. */
    private readonly recoveryStep = 0.02,
  ) {
    this.conversationRuleSet = conversationRules(limits);
    this.tenantRuleSet = tenantRules(limits);
  }

  /** Waits until one more send to this conversation fits every limit, then counts it. */
  async acquire(tenantId: string, conversationId: string): Promise<void> {
    const tenant = windowFor(this.tenants, tenantId || '(no tenant)', this.tenantRuleSet);
    const conversation = windowFor(this.conversations, conversationId, this.conversationRuleSet);
    for (;;) {
      const now = this.time.now();
      const wait = Math.max(this.pausedUntil - now, tenant.waitTime(now, this.factor), conversation.waitTime(now));
      if (wait <= 0) {
        // Check and record in the same tick: concurrent callers cannot both take the last slot.
        tenant.record(now);
        conversation.record(now);
        return;
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
