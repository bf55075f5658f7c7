/**
 * The one place proactive messages touch the Bot Connector.
 *
 * Why not `adapter.continueConversationAsync(…, ctx => ctx.sendActivity(…))` as the samples do:
 * a failed send there is swallowed into onTurnError and the call resolves, and the SDK's own retry
 * policy sleeps in real time (exactly Retry-After on 429, ~0.75/1.1/3.7 s on 5xx) and never retries
 * a 429 without Retry-After (package-notes §2). The sender could neither see each attempt nor
 * honour the global slow-down.
 *
 * So we still open the turn with continueConversationAsync (botbuilder builds an authenticated
 * ConnectorClient for the reference's serviceUrl: SingleTenant/MSI credentials stay its job), but
 * inside it we take that client, remove its retry policy, and call the REST operation ourselves,
 * catching the RestError with its statusCode, error code and Retry-After. Retrying is the
 * sender's job (proactive-sender.ts). Each request has a timeout.
 */
import { TurnContext, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { ConversationRefRecord } from './conversation-ref-records.js';

export interface OutgoingActivity {
  type: 'message';
  text?: string;
  summary?: string;
  attachments?: unknown[];
  [key: string]: unknown;
}

/** What went wrong talking to the connector, normalised from RestError / network errors. */
export class ConnectorError extends Error {
  constructor(
    message: string,
    /** HTTP status, when the connector answered. */
    readonly statusCode?: number,
    /** The connector's error code ("MessageWritesBlocked") or the network code ("ECONNREFUSED"). */
    readonly code?: string,
    /** The Retry-After header, raw. */
    readonly retryAfter?: string,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export interface ConnectorTransport {
  /** Posts a new message to the reference's conversation; resolves with the new activity id. */
  send(target: ConversationRefRecord & { conversationId: string }, activity: OutgoingActivity): Promise<{ id?: string }>;
  /** Opens the personal chat with a user the bot knows from a team; resolves with its conversation id. */
  openPersonalChat(target: ConversationRefRecord): Promise<string>;
}

interface ConnectorClientLike {
  client?: { pipeline?: { removePolicy(options: { phase?: string; name?: string }): unknown } };
  conversations: {
    sendToConversation(conversationId: string, activity: unknown, options?: { timeout?: number }): Promise<{ id?: string }>;
    createConversation(parameters: unknown, options?: { timeout?: number }): Promise<{ id?: string }>;
  };
}

export class BotConnectorTransport implements ConnectorTransport {
  constructor(
    private readonly adapter: CloudAdapter,
    /** MicrosoftAppId ('' when inbound auth is off, local only). */
    private readonly appId: string,
    private readonly timeoutMs = 15_000,
  ) {}

  async send(target: ConversationRefRecord & { conversationId: string }, activity: OutgoingActivity): Promise<{ id?: string }> {
    const reference = toConversationReference(target);
    const outgoing = TurnContext.applyConversationReference({ ...activity } as Partial<Activity>, reference, false);
    delete outgoing.replyToId; // a new post, not a reply to the event that opened the turn
    return this.withClient(reference, (client) => client.conversations.sendToConversation(target.conversationId, outgoing, { timeout: this.timeoutMs }));
  }

  async openPersonalChat(target: ConversationRefRecord): Promise<string> {
    if (!target.userId) throw new ConnectorError('no Teams user id to open a personal chat with', undefined, 'NoUserId');
    const reference = toConversationReference({ ...target, conversationId: target.conversationId ?? '' });
    const result = await this.withClient(reference, (client) =>
      client.conversations.createConversation(
        {
          isGroup: false,
          bot: { id: target.botId ?? this.appId, name: target.botName },
          members: [{ id: target.userId, name: target.userName }],
          tenantId: target.tenantId,
          channelData: target.tenantId ? { tenant: { id: target.tenantId } } : undefined,
        },
        { timeout: this.timeoutMs },
      ),
    );
    if (!result.id) throw new ConnectorError('the connector opened a chat but returned no conversation id', 502, 'NoConversationId');
    return result.id;
  }

  private async withClient<T>(reference: Partial<ConversationReference>, call: (client: ConnectorClientLike) => Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        const client = context.turnState.get<ConnectorClientLike>(context.adapter.ConnectorClientKey);
        // A fresh client per turn: removing its retry policy affects only this call.
        client.client?.pipeline?.removePolicy({ phase: 'Retry' });
        try {
          outcome = { ok: true, value: await call(client) };
        } catch (error) {
          outcome = { ok: false, error };
        }
      });
    } catch (error) {
      // Creating the connector client failed (credentials, token endpoint): nothing was sent.
      throw toConnectorError(error);
    }
    if (!outcome) throw new ConnectorError('the proactive turn did not run', undefined, 'TurnNotRun');
    if (!outcome.ok) throw toConnectorError(outcome.error);
    return outcome.value;
  }
}

export function toConversationReference(record: ConversationRefRecord & { conversationId: string }): Partial<ConversationReference> {
  return {
    channelId: record.channelId,
    serviceUrl: record.serviceUrl,
    conversation: {
      id: record.conversationId,
      conversationType: record.kind,
      tenantId: record.tenantId,
      isGroup: record.kind !== 'personal',
      name: '',
    },
    bot: { id: record.botId ?? '', name: record.botName ?? '' },
    user: record.userId ? { id: record.userId, name: record.userName ?? '', aadObjectId: record.aadObjectId } : undefined,
  };
}

/** RestError (core-rest-pipeline) and Node network errors, as a ConnectorError. */
export function toConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = error as {
    message?: string;
    name?: string;
    statusCode?: number;
    code?: string;
    response?: { headers?: { get?(name: string): string | undefined }; bodyAsText?: string };
    cause?: { code?: string };
  };
  const retryAfter = e.response?.headers?.get?.('retry-after') ?? undefined;
  let code = e.code;
  if (e.statusCode && e.response?.bodyAsText) {
    try {
      code = (JSON.parse(e.response.bodyAsText) as { error?: { code?: string } }).error?.code ?? code;
    } catch {
      // not JSON: keep the RestError's code
    }
  }
  if (!e.statusCode && e.name === 'AbortError') code = code ?? 'Timeout';
  code = code ?? e.cause?.code;
  return new ConnectorError(e.message ?? String(error), e.statusCode, code, retryAfter);
}
