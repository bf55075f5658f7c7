/**
 * The HTTP shell: restify + botbuilder CloudAdapter at POST /api/messages, GET /healthz.
 *
 * - Inbound JWT validation (the SDK's) is on whenever MicrosoftAppId is set. Without an app id,
 *   auth is off and the server listens on 127.0.0.1 only (see index.ts for the warning).
 * - Malformed JSON and bodies that are not activities get a 400 with a reason, before the bot runs.
 * - Graceful stop: refuse new requests, finish in-flight turns, then the caller flushes the store.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { NotSavedError, RecordRejectedError, type Store } from '../store/store.js';

export const MAX_BODY_BYTES = 256 * 1024;

/** The least an activity must have before it reaches the adapter. */
const InboundActivity = z.looseObject({
  type: z.string().min(1).max(100),
  id: z.string().max(500).optional(),
  channelId: z.string().max(100).optional(),
  serviceUrl: z.string().max(2000).optional(),
  // Long texts are let through so the bot can answer "too long" in words; the body limit still applies.
  text: z.string().max(MAX_BODY_BYTES).optional(),
  from: z.looseObject({ id: z.string().max(500) }).optional(),
  conversation: z.looseObject({ id: z.string().max(2000) }).optional(),
});

export interface BotRunner {
  run(context: TurnContext): Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  adapter: CloudAdapter;
  /** Stops accepting, waits for in-flight turns (at most `graceMs`), closes the listener. */
  stop(graceMs?: number): Promise<void>;
}

export function createAdapter(config: Config, log: Logger): CloudAdapter {
  const options: Partial<ConfigurationBotFrameworkAuthenticationOptions> = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    // With no app id the SDK disables inbound auth; it only accepts that combination as MultiTenant.
    MicrosoftAppType: config.authEnabled ? config.MicrosoftAppType : 'MultiTenant',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(options as ConfigurationBotFrameworkAuthenticationOptions));
  adapter.onTurnError = async (context, error) => {
    if (error instanceof NotSavedError) {
      log.warn({ err: error.message, activityType: context.activity.type, name: context.activity.name }, 'turn not saved');
      await tellNotSaved(context, error);
      return;
    }
    log.error({ err: error.message, stack: error.stack?.split('\n').slice(0, 5).join(' | '), activityType: context.activity.type }, 'turn failed');
    if (context.activity.type === 'message') {
      try {
        await context.sendActivity('Sorry, something went wrong while answering. Nothing you sent was saved twice or lost; please try again in a moment.');
      } catch {
        // The connector itself failed; the error is already logged.
      }
    }
  };
  return adapter;
}

/**
 * A write that was refused or could not be stored: the person is told plainly, in the conversation
 * and (for a card button) in the invoke's answer, instead of a bare 501 or a "something went wrong".
 */
async function tellNotSaved(context: TurnContext, error: NotSavedError): Promise<void> {
  const text =
    error instanceof RecordRejectedError
      ? 'Not saved: part of what you sent could not be stored safely, so none of it was recorded. Please tell whoever looks after this bot (the details are in its log).'
      : 'Not saved: I could not store that just now, so none of it was recorded and nobody else sees it. Please try again later; if it keeps happening, tell whoever looks after this bot (its storage is failing).';
  try {
    if (context.activity.type === 'invoke') {
      await context.sendActivity({
        type: 'invokeResponse',
        value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
      });
    }
    if (context.activity.type === 'message' || context.activity.name === 'adaptiveCard/action') await context.sendActivity(text);
  } catch {
    // The connector itself failed; the error is already logged.
  }
}

export interface ServerOptions {
  config: Config;
  log: Logger;
  store: Store;
  bot: BotRunner;
  adapter?: CloudAdapter;
  version: string;
  /** Extra routes (for example the echo route the benchmark compares against). */
  extraRoutes?: (server: restify.Server, adapter: CloudAdapter) => void;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config, log, store, bot, version } = options;
  const adapter = options.adapter ?? createAdapter(config, log);
  const server = restify.createServer({ name: 'council-actions-bot', handleUncaughtExceptions: false });
  let accepting = true;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  server.pre((req, res, next) => {
    if (!accepting && req.url?.startsWith('/api/')) {
      res.header('Connection', 'close');
      res.send(503, { error: 'shutting down' });
      return next(false);
    }
    return next();
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }));

  server.get('/healthz', async (_req, res) => {
    const state = store.state();
    // A store whose writes fail is not healthy: what people save is not being kept.
    const status = !state.loaded ? 'store not loaded' : state.writeFailure ? 'store failing' : 'ok';
    res.send(status === 'ok' ? 200 : 503, {
      status,
      version,
      auth: config.authEnabled ? 'on' : 'off (local only)',
      store: {
        kind: state.kind,
        generation: state.generation,
        counts: state.counts,
        lastWriteAt: state.lastWriteAt,
        pendingWrites: state.pendingWrites,
        writeFailure: state.writeFailure,
      },
    });
  });

  server.post('/api/messages', async (req, res) => {
    const parsed = InboundActivity.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      res.send(400, { error: 'not a Bot Framework activity', field: issue.path.join('.') || '(body)', problem: issue.message });
      return;
    }
    inFlight += 1;
    const started = performance.now();
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      log.error({ err: (error as Error).message }, 'request failed');
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    } finally {
      inFlight -= 1;
      log.debug({ activityType: parsed.data.type, durationMs: Math.round(performance.now() - started) }, 'request');
      if (inFlight === 0) drained?.();
    }
  });

  options.extraRoutes?.(server, adapter);

  server.on('restifyError', (req, res, err, callback) => {
    // Bad JSON, oversized bodies, wrong content types: say what was wrong in the body.
    err.toJSON = () => ({ error: err.message || err.name });
    return callback();
  });

  const host = config.authEnabled ? config.HOST : '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, host, () => resolve());
  });
  const address = server.address();
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;

  return {
    url,
    port: address.port,
    adapter,
    async stop(graceMs = 10_000) {
      accepting = false;
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets would hold the listener open until they time out.
      (server.server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await closed;
    },
  };
}
