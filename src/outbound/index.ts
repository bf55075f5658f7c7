/**
 * The outbound pipeline's face: the one proactive sender every feature uses (digest, call-in
 * reminders, quarterly rounds, work-programme suggestions), built once by the composition root
 * from the store, a connector transport and the Teams shell's card rendering.
 */
import type { Reply } from '../chat/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { ConnectorTransport, OutgoingActivity } from './connector-transport.js';
import type { ServiceUrlCheck } from './service-url-policy.js';
import { ThrottledProactiveSender, type ProactiveSenderOptions } from './proactive-sender.js';
import type { TimeSource } from './throttle.js';

export type { ProactiveMessage, ProactiveSender, Recipient, SendOutcome, SendReport, SendStatus } from './types.js';
export { ThrottledProactiveSender } from './proactive-sender.js';

/** Tests and benchmarks: fake time, a different transport, smaller limits, more attempts. */
export interface OutboundOverrides {
  time?: TimeSource;
  transport?: ConnectorTransport;
  sender?: Partial<Pick<ProactiveSenderOptions, 'maxAttempts' | 'maxInFlight' | 'backoff' | 'random' | 'maxRetryAfterMs' | 'limits'>>;
}

export interface OutboundDependencies {
  store: Store;
  transport: ConnectorTransport;
  /** Reply -> activity: the bot's own card rendering with its text fallback. */
  render(reply: Reply): OutgoingActivity;
  clock: Clock;
  log: Logger;
  perConversationPerSecond: number;
  perTenantPerSecond: number;
  serviceUrlAllowed: ServiceUrlCheck;
}

export function createProactiveSender(deps: OutboundDependencies, overrides: OutboundOverrides = {}): ThrottledProactiveSender {
  return new ThrottledProactiveSender({
    store: deps.store,
    transport: overrides.transport ?? deps.transport,
    render: deps.render,
    clock: deps.clock,
    time: overrides.time,
    limits: {
      perConversationPerSecond: deps.perConversationPerSecond,
      perConversationPerHour: 1800,
      perTenantPerSecond: deps.perTenantPerSecond,
    },
    log: deps.log,
    serviceUrlAllowed: deps.serviceUrlAllowed,
    ...overrides.sender,
  });
}
