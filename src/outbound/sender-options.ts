/**
 * What a proactive sender is built from: its store, transport, card rendering, clocks, limits and
 * retry bounds.
 */
import type { Reply } from '../chat/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { ConnectorTransport, OutgoingActivity } from './connector-transport.js';
import type { ServiceUrlCheck } from './service-url-policy.js';
import type { BackoffPolicy, ThrottleLimits, TimeSource } from './throttle.js';

export interface ProactiveSenderOptions {
  store: Store;
  transport: ConnectorTransport;
  /** Reply -> activity (the bot's card rendering, with its text fallback). */
  render(reply: Reply): OutgoingActivity;
  /** Business clock, for the send log's timestamps. */
  clock: Clock;
  /** Monotonic time and sleeping, for throttling and backoff. Injected in tests and benchmarks. */
  time?: TimeSource;
  random?: () => number;
  limits?: ThrottleLimits;
  backoff?: BackoffPolicy;
  /** Attempts per message, including the first (default 6). */
  maxAttempts?: number;
  /** A Retry-After longer than this is not waited for: the message fails and a later run retries it. */
  maxRetryAfterMs?: number;
  /** Requests in flight at once, across conversations (default 16). */
  maxInFlight?: number;
  /** Send-log records older than this are pruned at the start of a run (default 120 days). */
  logRetentionDays?: number;
  /**
   * Whether a stored reference's serviceUrl may be called (service-url-policy.ts); a reference it
   * refuses is reported unreachable and nothing is sent. Default: every URL (unit tests).
   */
  serviceUrlAllowed?: ServiceUrlCheck;
  log?: Logger;
}
