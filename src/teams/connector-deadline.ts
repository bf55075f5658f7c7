/**
 * Bounds the calls a turn makes to the Bot Connector (the reply, card updates, typing, member
 * look-ups). Without this, an unreachable connector held a turn for 26 to 28 s: each call waited
 * for the SDK's retries (about 0.8, 1.6 and 3.2 s of backoff, no timeout), one after another, and
 * every card was then sent a second time as text (bot.ts now falls back to text only when a card
 * cannot be built or the connector refuses its content).
 *
 * Each call gets `timeoutMs`, its retries included (the SDK's retry policy runs inside this one and
 * stops when the deadline aborts), and all the calls of one turn together get twice that, counted
 * from the first: with the 4 s default a turn spends at most 8 s waiting for the connector, well
 * inside the 15 s after which Teams gives up and redelivers. A call that gets no answer at all
 * (refused, reset, timed out) fails with ConnectorUnreachableError, so the turn knows not to try
 * telling the person through the same connector; one the connector answered with an error status
 * keeps its RestError and status code.
 */
import type { ConnectorFactory } from 'botframework-connector';

export class ConnectorUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectorUnreachableError';
  }
}

/** True when the error (or what it wraps) is the connector not answering. */
export function isConnectorUnreachable(error: unknown): boolean {
  let e = error as { name?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth += 1) {
    if (e instanceof ConnectorUnreachableError || e.name === 'ConnectorUnreachableError') return true;
    e = e.cause as typeof e;
  }
  return false;
}

interface PipelineRequest {
  url: string;
  method: string;
  timeout: number;
  abortSignal?: AbortSignal;
}

interface PipelineLike {
  addPolicy(policy: { name: string; sendRequest(request: PipelineRequest, next: (request: PipelineRequest) => Promise<unknown>): Promise<unknown> }): void;
}

/** Every connector client the factory makes (one per turn) is bounded as the file comment says. */
export function boundedConnectorFactory(inner: ConnectorFactory, timeoutMs: number): ConnectorFactory {
  const turnBudgetMs = 2 * timeoutMs;
  return {
    async create(serviceUrl: string, audience?: string) {
      const client = await inner.create(serviceUrl, audience);
      const pipeline = (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
      if (!pipeline) throw new Error('the connector client has no request pipeline to bound');
      let turnDeadline: AbortSignal | undefined;
      pipeline.addPolicy({
        name: 'council-turn-connector-deadline',
        async sendRequest(request, next) {
          turnDeadline ??= AbortSignal.timeout(turnBudgetMs);
          if (turnDeadline.aborted) throw new ConnectorUnreachableError(`this turn has already waited ${turnBudgetMs} ms for the Bot Connector; ${request.method} not sent`);
          const own = AbortSignal.timeout(timeoutMs);
          request.abortSignal = AbortSignal.any([own, turnDeadline, ...(request.abortSignal ? [request.abortSignal] : [])]);
          if (!request.timeout || request.timeout > timeoutMs) request.timeout = timeoutMs;
          try {
            return await next(request);
          } catch (error) {
            const e = error as { statusCode?: number; code?: string; name?: string };
            if (e.statusCode) throw error; // it answered: an error status, not an outage
            const why = own.aborted || turnDeadline.aborted ? `no answer within ${own.aborted ? timeoutMs : turnBudgetMs} ms` : (e.code ?? e.name ?? 'no answer');
            throw new ConnectorUnreachableError(`the Bot Connector at ${new URL(request.url).host} did not answer ${request.method} (${why})`, { cause: error });
          }
        },
      });
      return client;
    },
  } as ConnectorFactory;
}
