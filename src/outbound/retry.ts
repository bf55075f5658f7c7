/**
 * Which connector failures are worth another attempt (429, 412, 502-504, network errors), which
 * mean the recipient is unreachable (403, 404) and which are final; and which outcomes say a
 * stopping bot cut the run short, so the next run sends them.
 */
import { parseRetryAfter } from './throttle.js';
import type { ConnectorError } from './connector-transport.js';
import type { SendOutcome } from './types.js';

/** The reason given for messages a stopping bot did not get to: a later run sends them. */
export const STOPPED_REASON = 'not sent: the bot was stopping; the next run sends it';

/** Whether an outcome is "not attempted because the bot was stopping" (the run was cut short). */
export function wasCutShort(outcome: SendOutcome): boolean {
  return outcome.status === 'failed' && (outcome.reason === STOPPED_REASON || (outcome.reason?.endsWith('not retried: the bot was stopping (the next run retries it)') ?? false));
}

/** Connector status codes that are worth another attempt (Teams rate-limit guidance). */
const RETRYABLE_STATUS = new Set([412, 429, 502, 503, 504]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'REQUEST_SEND_ERROR', 'Timeout', 'AbortError']);

export type Verdict =
  | { kind: 'retry'; reason: string; throttled: boolean; retryAfterMs?: number }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'failed'; reason: string };

export function classifyFailure(error: ConnectorError, nowEpochMs: number): Verdict {
  const status = error.statusCode;
  const code = error.code ? ` ${error.code}` : '';
  if (status === 429) {
    return { kind: 'retry', reason: `429${code || ' Too Many Requests'}`, throttled: true, retryAfterMs: parseRetryAfter(error.retryAfter, nowEpochMs) };
  }
  if (status !== undefined && RETRYABLE_STATUS.has(status)) return { kind: 'retry', reason: `${status}${code}`, throttled: false };
  if (status === 403) return { kind: 'unreachable', reason: `403${code || ' Forbidden'}` };
  if (status === 404) return { kind: 'unreachable', reason: `404${code || ' ConversationNotFound'}` };
  if (status === 401) return { kind: 'failed', reason: `401${code}: the connector refused the bot's credentials (check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId)` };
  if (status === 413) return { kind: 'failed', reason: `413${code || ' MessageSizeTooBig'}: the message is too large for Teams` };
  if (status !== undefined) return { kind: 'failed', reason: `${status}${code}: ${error.message.slice(0, 200)}` };
  if (error.code && NETWORK_CODES.has(error.code)) return { kind: 'retry', reason: `network error ${error.code}`, throttled: false };
  return { kind: 'failed', reason: `${error.code ? `${error.code}: ` : ''}${error.message.slice(0, 200)}` };
}
