/**
 * The sender where nothing can be sent (the command line, answer tests): every message is reported
 * unreachable with the reason, so a command that fans out still says plainly what did not happen.
 */
import type { ProactiveMessage, ProactiveSender, SendReport } from './types.js';

export class UnavailableSender implements ProactiveSender {
  constructor(private readonly reason = 'proactive messages cannot be sent from here') {}

  async send(runId: string, messages: readonly ProactiveMessage[]): Promise<SendReport> {
    const outcomes = messages.map((m) => ({ key: m.key, recipient: m.recipient, status: 'unreachable' as const, reason: this.reason, attempts: 0 }));
    return { runId, outcomes, counts: { sent: 0, 'already-sent': 0, unreachable: outcomes.length, failed: 0 } };
  }

  async canReach(): Promise<boolean> {
    return false;
  }
}
