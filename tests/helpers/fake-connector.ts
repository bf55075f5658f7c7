/**
 * A fake Bot Connector service on loopback that speaks the real v3 REST wire protocol: it records
 * every call the bot makes (replies, card updates, typing, member look-ups, new conversations) and
 * can inject failures (429 with/without Retry-After, 5xx, 403) for the proactive-sending tests.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: any;
  at: number;
  status: number;
}

export interface TeamsMember {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

/** Decides the answer to one call; return undefined to answer normally. */
export type FaultInjector = (call: { method: string; path: string; conversationId?: string; body: any }) =>
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | undefined;

export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  readonly members = new Map<string, TeamsMember>();
  fault?: FaultInjector;
  /**
   * Holds a call (already received and recorded) until the returned promise settles: a slow
   * connector, or one that keeps requests in flight while a test kills the bot.
   */
  hold?: (call: RecordedCall) => Promise<void> | undefined;
  private server?: http.Server;
  private readonly watchers = new Set<() => void>();
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections?.();
    });
  }

  addMember(member: TeamsMember): void {
    this.members.set(member.id, member);
  }

  /** Messages the bot sent (replies and proactive), excluding typing indicators. */
  messages(conversationId?: string): any[] {
    return this.calls
      .filter((c) => c.method === 'POST' && /\/activities(\/|$)/.test(c.path) && c.body?.type === 'message' && c.status < 300)
      .filter((c) => !conversationId || c.conversationId === conversationId)
      .map((c) => c.body);
  }

  typing(): RecordedCall[] {
    return this.calls.filter((c) => c.body?.type === 'typing');
  }

  updates(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  clear(): void {
    this.calls.length = 0;
  }

  /**
   * Resolves with the first truthy value of `check`, tried now and again after every call the
   * connector receives or answers: waits for what the test needs, not for time to pass.
   */
  until<T>(check: () => T | undefined | null | false): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        try {
          const value = check();
          if (!value) return;
          this.watchers.delete(attempt);
          resolve(value);
        } catch (error) {
          this.watchers.delete(attempt);
          reject(error);
        }
      };
      this.watchers.add(attempt);
      attempt();
    });
  }

  private changed(): void {
    for (const attempt of [...this.watchers]) attempt();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    const match = /^\/v3\/conversations\/([^/]+)(?:\/(activities|members|pagedmembers)(?:\/(.+))?)?$/.exec(path);
    const conversationId = match?.[1];
    const call: RecordedCall = { method: req.method ?? 'GET', path, conversationId, activityId: match?.[3], body, at: Date.now(), status: 200 };
    this.calls.push(call);
    const held = this.hold?.(call);
    this.changed();
    if (held) await held;

    const injected = this.fault?.({ method: call.method, path, conversationId, body });
    if (injected) {
      call.status = injected.status;
      res.writeHead(injected.status, { 'content-type': 'application/json', ...(injected.headers ?? {}) });
      res.end(JSON.stringify(injected.body ?? { error: { code: 'Injected', message: `injected ${injected.status}` } }));
      this.changed();
      return;
    }

    const send = (status: number, payload: unknown) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
      this.changed();
    };

    if (req.method === 'POST' && path === '/v3/conversations') return send(200, { id: `a:${randomUUID()}` });
    if (match?.[2] === 'activities') {
      if (req.method === 'POST' || req.method === 'PUT') return send(200, { id: match[3] && req.method === 'PUT' ? match[3] : randomUUID() });
      if (req.method === 'DELETE') return send(200, {});
    }
    if (match?.[2] === 'members' && req.method === 'GET') {
      if (!match[3]) return send(200, [...this.members.values()]);
      const member = this.members.get(match[3]);
      return member ? send(200, member) : send(404, { error: { code: 'MemberNotFoundInConversation', message: 'member not found' } });
    }
    if (match?.[2] === 'pagedmembers') return send(200, { members: [...this.members.values()] });
    send(404, { error: { code: 'NotFound', message: `no route for ${req.method} ${path}` } });
  }
}
