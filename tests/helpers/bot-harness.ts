/**
 * Starts the real app (real restify server, real CloudAdapter, real lowdb file in a temp folder)
 * with a fixed clock and a fake connector, and posts Teams-shaped activities to /api/messages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { FakeConnector, type TeamsMember } from './fake-connector.js';
import { SwitchableDirectory } from './switchable-directory.js';

export interface TestUser extends TeamsMember {
  aadObjectId: string;
}

/** People from the demo dataset, as Teams users. */
export const USERS = {
  tilly: { id: '29:tilly', name: 'Tilly Flanagan', aadObjectId: 'aad-tilly', email: 'tilly.flanagan@council.example' },
  joe: { id: '29:joe', name: 'Joe Sullivan', aadObjectId: 'aad-joe', email: 'joe.sullivan@council.example' },
  heather: { id: '29:heather', name: 'Heather Greenan', aadObjectId: 'aad-heather', email: 'heather.greenan@council.example' },
  nick: { id: '29:nick', name: 'Nick Pountney', aadObjectId: 'aad-nick', email: 'nick.pountney@council.example' },
  colin: { id: '29:colin', name: 'Colin Greatorex', aadObjectId: 'aad-colin', email: 'colin.greatorex@council.example' },
  stranger: { id: '29:stranger', name: 'Pat Visitor', aadObjectId: 'aad-stranger', email: 'pat.visitor@elsewhere.example' },
} satisfies Record<string, TestUser>;

export interface SayOptions {
  user?: TestUser;
  conversationType?: 'personal' | 'channel' | 'groupChat';
  conversationId?: string;
  id?: string;
  value?: unknown;
  replyToId?: string;
  mentionBot?: boolean;
  /** The Entra tenant the activity says it comes from (default "tenant-1"). */
  tenantId?: string;
}

export interface RequestOptions {
  /** Sent as is (a string body), not JSON-encoded. */
  raw?: boolean;
  headers?: Record<string, string>;
}

export interface PostResult {
  status: number;
  body: any;
  /** Messages the bot sent during this request. */
  replies: any[];
}

export class BotHarness {
  readonly clock: ManualClock;
  app!: App;
  connector = new FakeConnector();
  dataDir = '';
  readonly botId = '28:council-actions-bot';
  /** The directory the bot uses: off until a test points it at a fake Graph (`directory.use(...)`). */
  readonly directory = new SwitchableDirectory();
  /** What the last start used, so a restart builds the same bot. */
  private options: Omit<AppOptions, 'config' | 'log' | 'clock'> = {};
  /** Headers every request carries (a test with authentication on sets a token maker here). */
  headers: (body: unknown) => Record<string, string> = () => ({});
  /** Set before start: the bot's log lines at warn level and above are kept in `logLines`. */
  captureLog = false;
  readonly logLines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];

  constructor(
    now: string,
    /** Store options for the app (a file system that fails on demand, lock settings). */
    private readonly storeOptions?: AppOptions['store'],
  ) {
    this.clock = new ManualClock(now);
  }

  /** Starts the real app; `options` replace the outside world (the sender's time and transport, Graph) or feature settings. */
  async start(env: Record<string, string> = {}, options: Omit<AppOptions, 'config' | 'log' | 'clock'> = this.options): Promise<this> {
    this.options = options;
    await this.connector.start();
    for (const user of Object.values(USERS)) this.connector.addMember(user);
    this.dataDir = this.dataDir || (await mkdtemp(path.join(tmpdir(), 'council-bot-')));
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: this.dataDir,
      DEMO_DATA: 'true',
      LOG_LEVEL: 'silent',
      SCHEDULER_ENABLED: 'false',
      // "Typing…" goes out when a turn takes longer than this. At the default (250 ms) a busy
      // machine would add typing calls at random; the longest delay allowed keeps them out of
      // every test that does not ask for them.
      TYPING_DELAY_MS: '10000',
      ...env,
    });
    const log = this.captureLog
      ? createLogger(
          'warn',
          new Writable({
            write: (chunk, _encoding, done) => {
              for (const line of String(chunk).split('\n').filter(Boolean)) this.logLines.push(JSON.parse(line));
              done();
            },
          }),
        )
      : silentLogger();
    this.app = await createApp({ directory: this.directory, store: this.storeOptions, ...options, config, log, clock: this.clock.now });
    return this;
  }

  /** Stops the app but keeps the data folder (for restart tests). */
  async stopApp(): Promise<void> {
    await this.app.stop();
  }

  async restart(env: Record<string, string> = {}): Promise<void> {
    await this.app.stop();
    await this.connector.stop();
    this.connector = new FakeConnector();
    await this.start(env);
  }

  async stop(): Promise<void> {
    await this.app?.stop().catch(() => undefined);
    await this.connector.stop();
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }

  activity(text: string | undefined, options: SayOptions = {}): Record<string, unknown> {
    const user = options.user ?? USERS.tilly;
    const conversationType = options.conversationType ?? 'personal';
    const conversationId = options.conversationId ?? (conversationType === 'personal' ? `a:personal-${user.id}` : `19:channel-general@thread.tacv2`);
    const mention = options.mentionBot ?? conversationType !== 'personal';
    return {
      type: 'message',
      id: options.id ?? randomUUID(),
      timestamp: this.clock.now().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: { id: this.botId, name: 'Council Actions' },
      conversation: { id: conversationId, conversationType, tenantId: options.tenantId ?? 'tenant-1', isGroup: conversationType !== 'personal' },
      channelData: { tenant: { id: options.tenantId ?? 'tenant-1' }, ...(conversationType === 'channel' ? { channel: { id: conversationId }, team: { id: '19:team' } } : {}) },
      text: text === undefined ? undefined : mention ? `<at>Council Actions</at> ${text}` : text,
      entities: mention ? [{ type: 'mention', text: '<at>Council Actions</at>', mentioned: { id: this.botId, name: 'Council Actions' } }] : [],
      value: options.value,
      replyToId: options.replyToId,
      locale: 'en-GB',
    };
  }

  async post(body: unknown, options: boolean | RequestOptions = false): Promise<PostResult> {
    const { raw = false, headers = {} } = typeof options === 'boolean' ? { raw: options } : options;
    const before = this.connector.calls.length;
    const response = await fetch(`${this.app.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.headers(body), ...headers },
      body: raw ? (body as string) : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the text
    }
    const replies = this.connector.calls
      .slice(before)
      .filter((c) => c.method === 'POST' && c.body?.type === 'message')
      .map((c) => c.body);
    return { status: response.status, body: parsed, replies };
  }

  async say(text: string, options: SayOptions = {}): Promise<PostResult> {
    return this.post(this.activity(text, options));
  }

  /** Clicks an Action.Submit button: a message activity carrying the button's data as value. */
  async submit(data: Record<string, unknown>, options: SayOptions = {}): Promise<PostResult> {
    return this.post(this.activity(undefined, { ...options, value: data, mentionBot: false }));
  }

  /** Universal Actions: an adaptiveCard/action invoke. */
  async execute(verb: string, data: Record<string, unknown>, options: SayOptions = {}): Promise<PostResult> {
    const activity = this.activity(undefined, { ...options, mentionBot: false });
    return this.post({ ...activity, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } });
  }
}

/** The Adaptive Card of a reply (first attachment). */
export function cardOf(reply: any): any {
  return reply?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** What Teams shows for card Markdown the bot escaped: a backslash before punctuation is not shown. */
export function shownText(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Every piece of text in a card (TextBlocks, facts, table cells, action titles) as a person sees it, for assertions. */
export function cardText(card: any): string {
  const out: string[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(shownText(node.text));
    if (node.type === 'FactSet') for (const f of node.facts ?? []) out.push(`${shownText(String(f.title))}: ${shownText(String(f.value))}`);
    if (typeof node.title === 'string' && String(node.type ?? '').startsWith('Action.')) out.push(`[${node.title}]`);
    for (const value of Object.values(node)) if (typeof value === 'object') walk(value);
  };
  walk(card);
  return out.join('\n');
}

/** The text of the first card reply, or the plain text. */
export function replyText(result: PostResult): string {
  return result.replies.map((r) => (cardOf(r) ? cardText(cardOf(r)) : (r.text ?? ''))).join('\n---\n');
}
