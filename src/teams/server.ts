/**
 * The HTTP shell: restify + botbuilder CloudAdapter at POST /api/messages, GET /healthz.
 *
 * POST /api/messages, in this order, each refusal answered with its status and a reason in the
 * body, before the bot runs and before anything is stored:
 * 1. a request from a web page (an Origin or Sec-Fetch-Site header) → 403: the Bot Connector never sends
 *    those, and a cross-site form post once drove the bot in local mode; in local mode a Host that
 *    is not loopback → 403 (DNS rebinding);
 * 2. with MicrosoftAppId set, the Bot Framework token from the Authorization header alone
 *    (inbound-auth.ts) → 401, before the body is read;
 * 3. Content-Type not application/json → 415 (browsers post urlencoded, multipart and text/plain
 *    cross-site without a preflight; JSON needs one, which this server never grants);
 * 4. the body: over MAX_BODY_BYTES → 413, not JSON → 400, not an activity (inbound-activity.ts) → 400
 *    naming the field;
 * 5. with auth on, the activity's serviceUrl must be the token's `serviceurl` claim → 401;
 * 6. the tenant must be served and the serviceUrl allowed (admission.ts) → 403, logged.
 * Then the turn runs through the adapter with the request's identity, and an invoke's answer is
 * the HTTP answer. Without an app id the server listens on 127.0.0.1 only (index.ts warns).
 *
 * GET /healthz: {status: up|down, version} to anyone; the store's state, counts and the auth mode
 * only to a request from this machine that no proxy forwarded (see `isLocalRequest`).
 *
 * Graceful stop: refuse new requests, finish in-flight turns, then the caller flushes the store.
 */
import type { IncomingMessage } from 'node:http';
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  INVOKE_RESPONSE_KEY,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { ClaimsIdentity, type AuthenticateRequestResult, type BotFrameworkAuthentication, type ServiceClientCredentialsFactory } from 'botframework-connector';
import restify from 'restify';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { isLoopbackHost, serviceUrlCheck, type ServiceUrlCheck } from '../outbound/service-url-policy.js';
import { NotSavedError, RecordRejectedError, type Store } from '../store/store.js';
import { admit } from './admission.js';
import { boundedConnectorFactory, isConnectorUnreachable } from './connector-deadline.js';
import { MAX_BODY_BYTES, checkActivity } from './inbound-activity.js';
import { BotFrameworkTokenVerifier, checkActivityAgainstToken, type VerifiedToken } from './inbound-auth.js';
import { SigningKeys } from './signing-keys.js';

export { MAX_BODY_BYTES } from './inbound-activity.js';

/** The audience of the bot's own calls to the Bot Connector (public cloud). */
const TO_CHANNEL_FROM_BOT_SCOPE = 'https://api.botframework.com';

export interface BotRunner {
  run(context: TurnContext): Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  adapter: CouncilAdapter;
  /** Stops accepting, waits for in-flight turns (at most `graceMs`), closes the listener. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * CloudAdapter with its authentication in reach: the server authenticates each request itself
 * (inbound-auth.ts) and then runs the turn with that identity.
 */
export class CouncilAdapter extends CloudAdapter {
  constructor(readonly authentication: BotFrameworkAuthentication) {
    super(authentication);
  }

  /** Runs a turn for an activity whose request the server already authenticated; resolves with an invoke's answer. */
  runAuthenticatedTurn(request: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(request, activity, logic);
  }
}

/** What the outside world the adapter talks to is, when it is not Microsoft's (tests: fakes on loopback). */
export interface TeamsConnectionOptions {
  /** Credentials for the bot's own calls to the connector with auth on (default: the app's secret or managed identity through MSAL). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** OpenID metadata of the identity provider that signs inbound tokens (default: the Bot Framework's). */
  openIdMetadataUrl?: string;
  /** Monotonic milliseconds, for the signing-key cache. */
  steadyClock?: () => number;
  /** Wall-clock milliseconds, for token lifetimes. */
  wallClock?: () => number;
}

export function createAdapter(config: Config, log: Logger, connection: TeamsConnectionOptions = {}): CouncilAdapter {
  const options: Partial<ConfigurationBotFrameworkAuthenticationOptions> = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    // With no app id the SDK disables inbound auth; it only accepts that combination as MultiTenant.
    MicrosoftAppType: config.authEnabled ? config.MicrosoftAppType : 'MultiTenant',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  const adapter = new CouncilAdapter(new ConfigurationBotFrameworkAuthentication(options as ConfigurationBotFrameworkAuthenticationOptions, connection.credentialsFactory));
  adapter.onTurnError = async (context, error) => {
    if (error instanceof NotSavedError) {
      log.warn({ err: error.message, activityType: context.activity.type, name: context.activity.name }, 'turn not saved');
      await tellNotSaved(context, error);
      return;
    }
    if (isConnectorUnreachable(error)) {
      // Telling the person would need the connector too: one bounded wait per turn is enough.
      log.warn({ err: error.message, activityType: context.activity.type }, 'the Bot Connector did not answer; the reply was not sent');
      return;
    }
    log.error({ err: error.message, stack: error.stack?.split('\n').slice(0, 5).join(' | '), activityType: context.activity.type }, 'turn failed');
    if (context.activity.type === 'invoke' && !context.turnState.get(INVOKE_RESPONSE_KEY)) {
      // Without an answer botbuilder would reply 501; a card action is told in words, other invokes get a plain 500.
      const card = context.activity.name === 'adaptiveCard/action';
      await context
        .sendActivity({
          type: 'invokeResponse',
          value: card
            ? { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Sorry, something went wrong while handling that. Nothing was saved; please try again in a moment.' } }
            : { status: 500, body: { error: 'internal error' } },
        })
        .catch(() => undefined);
      return;
    }
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
  adapter?: CouncilAdapter;
  version: string;
  connection?: TeamsConnectionOptions;
  /** Extra routes (for example the echo route the benchmark compares against); they parse their own bodies. */
  extraRoutes?: (server: restify.Server, adapter: CloudAdapter) => void;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config, log, store, bot, version } = options;
  const connection = options.connection ?? {};
  const adapter = options.adapter ?? createAdapter(config, log, connection);
  const server = restify.createServer({ name: 'council-actions-bot', handleUncaughtExceptions: false });
  const serviceUrlAllowed: ServiceUrlCheck = config.authEnabled ? () => undefined : serviceUrlCheck('local');
  const verifier = config.authEnabled
    ? new BotFrameworkTokenVerifier({
        appId: config.MicrosoftAppId,
        keys: new SigningKeys({ metadataUrl: connection.openIdMetadataUrl, log, steadyClock: connection.steadyClock ?? (() => performance.now()) }),
        wallClock: connection.wallClock,
      })
    : undefined;
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

  server.get('/healthz', async (req, res) => {
    const state = store.state();
    // A store whose writes fail is not healthy: what people save is not being kept.
    const problem = !state.loaded ? 'store not loaded' : state.writeFailure ? 'store failing' : undefined;
    const answer = { status: problem ? 'down' : 'up', version };
    if (!isLocalRequest(req)) {
      res.send(problem ? 503 : 200, answer);
      return;
    }
    res.send(problem ? 503 : 200, {
      ...answer,
      detail: problem ?? 'ok',
      auth: config.authEnabled ? 'on' : 'off (local only)',
      tenants: config.allowedTenants === 'any' ? 'any (local mode)' : config.allowedTenants,
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

  /**
   * A refusal, logged with its reason. What is left of the body is read and dropped (never parsed)
   * so the client sees the answer instead of a reset connection, up to DRAIN_LIMIT_BYTES; past
   * that the connection is cut.
   */
  const refuse = (req: IncomingMessage, res: restify.Response, status: number, body: Record<string, unknown>, logged: Record<string, unknown>) => {
    log.warn({ status, ...body, ...logged }, 'request to /api/messages refused');
    res.header('Connection', 'close');
    res.send(status, body);
    discardBody(req);
  };

  server.post('/api/messages', async (req, res) => {
    const from = { remoteAddress: req.socket.remoteAddress };
    // Browsers send Origin on every POST and Sec-Fetch-Site on every request (Node's fetch sends only Sec-Fetch-Mode).
    if (req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined) {
      refuse(req, res, 403, { error: 'requests from web pages are not accepted here (this endpoint is for the Bot Connector)' }, { ...from, origin: String(req.headers.origin ?? '').slice(0, 200) });
      return;
    }
    if (!config.authEnabled && !isLoopbackHost(hostOf(req.headers.host))) {
      refuse(req, res, 403, { error: 'in local mode (no MicrosoftAppId) only requests addressed to 127.0.0.1 or localhost are accepted' }, { ...from, host: String(req.headers.host ?? '').slice(0, 200) });
      return;
    }
    let token: VerifiedToken | undefined;
    if (verifier) {
      const verdict = await verifier.verify(req.headers.authorization);
      if (!verdict.ok) {
        refuse(req, res, 401, { error: 'unauthorized', reason: verdict.reason }, from);
        return;
      }
      token = verdict.token;
    }
    const mediaType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const charset = /;\s*charset=("?)([^";]+)\1/i.exec(String(req.headers['content-type'] ?? ''))?.[2]?.toLowerCase();
    if (mediaType !== 'application/json' || (charset && charset !== 'utf-8' && charset !== 'utf8')) {
      refuse(req, res, 415, { error: 'only application/json (UTF-8) is accepted', contentType: String(req.headers['content-type'] ?? '(none)').slice(0, 100) }, from);
      return;
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body.ok) {
      refuse(req, res, body.status, { error: body.error }, from);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch (error) {
      refuse(req, res, 400, { error: `the body is not JSON: ${(error as Error).message.slice(0, 200)}` }, from);
      return;
    }
    const checked = checkActivity(json);
    if (!checked.ok) {
      refuse(req, res, 400, { error: 'not a Bot Framework activity', field: checked.field, problem: checked.problem }, from);
      return;
    }
    const activity = checked.activity;
    if (token) {
      const mismatch = checkActivityAgainstToken(token, activity);
      if (mismatch) {
        refuse(req, res, 401, { error: 'unauthorized', reason: mismatch }, { ...from, serviceUrl: activity.serviceUrl.slice(0, 200) });
        return;
      }
    }
    const admission = admit(activity, config.allowedTenants, serviceUrlAllowed);
    if (!admission.admitted) {
      refuse(
        req,
        res,
        admission.status,
        { error: 'not served', reason: admission.reason },
        { ...from, tenantId: admission.tenantId, activityType: activity.type, conversationType: activity.conversation.conversationType, serviceUrl: activity.serviceUrl.slice(0, 200) },
      );
      return;
    }

    inFlight += 1;
    const started = performance.now();
    try {
      const invoke = await adapter.runAuthenticatedTurn(requestIdentity(adapter, token, config.CONNECTOR_TIMEOUT_MS), activity as unknown as Activity, (context) => bot.run(context));
      res.send(invoke?.status ?? 200, invoke?.body);
    } catch (error) {
      log.error({ err: (error as Error).message, activityType: activity.type }, 'request failed');
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    } finally {
      inFlight -= 1;
      log.debug({ activityType: activity.type, durationMs: Math.round(performance.now() - started) }, 'request');
      if (inFlight === 0) drained?.();
    }
  });

  options.extraRoutes?.(server, adapter);

  server.on('restifyError', (req, res, err, callback) => {
    // Unknown routes and methods: say what was wrong in the body.
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

/**
 * The identity a turn runs with: the verified token's claims with auth on, anonymous in local mode.
 * What botbuilder's own authenticateRequest would return for a Bot Framework channel token, with
 * the connector clients it makes bounded in time (connector-deadline.ts).
 */
function requestIdentity(adapter: CouncilAdapter, token: VerifiedToken | undefined, connectorTimeoutMs: number): AuthenticateRequestResult {
  const claimsIdentity = token
    ? new ClaimsIdentity(Object.entries(token.claims).map(([type, value]) => ({ type, value: value as string })), true)
    : new ClaimsIdentity([], 'anonymous');
  return {
    claimsIdentity,
    audience: TO_CHANNEL_FROM_BOT_SCOPE,
    callerId: token ? CallerIdConstants.PublicAzureChannel : undefined,
    connectorFactory: boundedConnectorFactory(adapter.authentication.createConnectorFactory(claimsIdentity), connectorTimeoutMs),
  };
}

const DRAIN_LIMIT_BYTES = 1024 * 1024;

function discardBody(req: IncomingMessage): void {
  if (req.readableEnded) return;
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DRAIN_LIMIT_BYTES) req.destroy();
  });
  req.on('error', () => undefined);
  req.resume();
}

type BodyRead = { ok: true; text: string } | { ok: false; status: 400 | 413; error: string };

/**
 * The request body as UTF-8 text, refusing anything over `limit` bytes: at once when the declared
 * length says so, else as soon as it is passed (what follows is dropped by `refuse`, not kept).
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const tooLarge: BodyRead = { ok: false, status: 413, error: `the body is larger than ${limit} bytes` };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(tooLarge);
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, text: new TextDecoder('utf-8').decode(Buffer.concat(chunks)) });
    const onError = (error: Error) => finish({ ok: false, status: 400, error: `the body could not be read: ${error.message.slice(0, 100)}` });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function hostOf(header: string | undefined): string {
  if (!header) return '';
  const bracketed = /^\[([^\]]+)\]/.exec(header);
  if (bracketed) return bracketed[1]!;
  return header.replace(/:\d+$/, '');
}

/**
 * Whether /healthz may show details: the request came from this machine (loopback) and no proxy
 * forwarded it (a reverse proxy on the same host would otherwise make every public request look
 * local). App Service and Docker health checks get the up/down answer either way.
 */
export function isLocalRequest(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  if (!isLoopbackHost(address)) return false;
  return !['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'x-client-ip'].some((h) => req.headers[h] !== undefined);
}
