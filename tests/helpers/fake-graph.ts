/**
 * A fake Microsoft Graph v1.0 on loopback that speaks the real /users shapes the directory uses:
 * - GET /v1.0/users?$filter=mail eq '…'&$select=…&$top=…            → { value: [...] }
 * - GET /v1.0/users/{id or upn}?$select=…                          → the user, or 404 Request_ResourceNotFound
 * - GET /v1.0/users?$search="displayName:…"&$top=N                 → needs ConsistencyLevel: eventual, else 400;
 *   pages of N with an absolute @odata.nextLink carrying $skiptoken
 * - POST /v1.0/users/{id}/checkMemberGroups { groupIds }           → { value: [ids the user is in] }
 * - a token endpoint POST /{tenant}/oauth2/v2.0/token (client credentials)
 * Faults: `throttle(n, retryAfter)` answers the next n Graph calls with 429 (+ Retry-After).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGraphUser {
  id: string;
  displayName: string;
  mail?: string | null;
  userPrincipalName: string;
  jobTitle?: string | null;
  groups?: string[];
}

export interface GraphCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: any;
  status: number;
}

export class FakeGraph {
  readonly calls: GraphCall[] = [];
  users: FakeGraphUser[] = [];
  private server?: http.Server;
  private throttles: Array<{ retryAfter?: string; status: number }> = [];
  url = '';
  /** Accepted client credentials for the token endpoint. */
  credentials = { tenantId: 'tenant-1', clientId: 'client-1', clientSecret: 'graph-secret-value', token: 'fake-access-token', expiresIn: 3599 };

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

  /** The next `count` Graph calls answer `status` (429 by default) with this Retry-After. */
  throttle(count: number, retryAfter?: string, status = 429): void {
    for (let i = 0; i < count; i += 1) this.throttles.push({ retryAfter, status });
  }

  graphCalls(): GraphCall[] {
    return this.calls.filter((c) => c.path.startsWith('/v1.0/'));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    let body: any = raw;
    try {
      body = raw && req.headers['content-type']?.includes('json') ? JSON.parse(raw) : raw;
    } catch {
      // keep the text
    }
    const call: GraphCall = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, headers: req.headers, body, status: 200 };
    this.calls.push(call);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'fake-request', ...headers });
      res.end(JSON.stringify(payload));
    };
    const graphError = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      send(status, { error: { code, message, innerError: { date: '2020-11-20T12:00:00', 'request-id': 'fake-request', 'client-request-id': 'fake' } } }, headers);

    if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(call.path)) {
      const form = new URLSearchParams(raw);
      const c = this.credentials;
      if (call.path !== `/${c.tenantId}/oauth2/v2.0/token`) return send(400, { error: 'invalid_request', error_description: "AADSTS90002: Tenant not found.\r\nTrace ID: x" });
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== c.clientId) {
        return send(400, { error: 'unauthorized_client', error_description: 'AADSTS700016: Application not found in the directory.\r\nTrace ID: x' });
      }
      if (form.get('client_secret') !== c.clientSecret) {
        return send(401, { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.\r\nTrace ID: x` });
      }
      return send(200, { token_type: 'Bearer', expires_in: c.expiresIn, ext_expires_in: c.expiresIn, access_token: c.token });
    }

    if (!call.path.startsWith('/v1.0/')) return graphError(400, 'BadRequest', 'Invalid version.');
    const throttle = this.throttles.shift();
    if (throttle) {
      return graphError(throttle.status, throttle.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'Too many requests', throttle.retryAfter ? { 'retry-after': throttle.retryAfter } : {});
    }

    const select = (user: FakeGraphUser) => {
      const fields = (url.searchParams.get('$select') ?? 'id,displayName,mail,userPrincipalName,jobTitle').split(',');
      const out: Record<string, unknown> = {};
      for (const f of fields) out[f] = (user as unknown as Record<string, unknown>)[f] ?? null;
      return out;
    };
    const context = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail,userPrincipalName,jobTitle)' };

    const member = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/.exec(call.path);
    if (member && req.method === 'POST') {
      const user = this.findUser(member[1]!);
      if (!user) return graphError(404, 'Request_ResourceNotFound', `Resource '${member[1]}' does not exist or one of its queried reference-property objects are not present.`);
      const ids: string[] = Array.isArray(body?.groupIds) ? body.groupIds : [];
      if (ids.length > 20) return graphError(400, 'Request_BadRequest', 'Too many group ids.');
      return send(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)', value: ids.filter((id) => user.groups?.includes(id)) });
    }

    const one = /^\/v1\.0\/users\/([^/]+)$/.exec(call.path) ?? /^\/v1\.0\/users\('(.+)'\)$/.exec(call.path);
    if (one && req.method === 'GET') {
      const user = this.findUser(one[1]!);
      if (!user) return graphError(404, 'Request_ResourceNotFound', `Resource '${one[1]}' does not exist or one of its queried reference-property objects are not present.`);
      return send(200, { ...context, ...select(user) });
    }

    if (call.path === '/v1.0/users' && req.method === 'GET') {
      const filter = url.searchParams.get('$filter');
      const search = url.searchParams.get('$search');
      const top = Number(url.searchParams.get('$top') ?? 100);
      let matches = this.users;
      if (filter) {
        const m = /^mail eq '((?:[^']|'')*)'$/.exec(filter);
        if (!m) return graphError(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified.');
        const mail = m[1]!.replace(/''/g, "'").toLowerCase();
        matches = matches.filter((u) => u.mail?.toLowerCase() === mail);
      }
      if (search) {
        if (req.headers.consistencylevel !== 'eventual') {
          return graphError(400, 'Request_UnsupportedQuery', "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
        }
        const m = /^"displayName:([^"]*)"$/.exec(search);
        if (!m) return graphError(400, 'Request_UnsupportedQuery', 'Invalid $search.');
        const terms = m[1]!.toLowerCase().split(/\s+/).filter(Boolean);
        matches = matches.filter((u) => {
          const words = u.displayName.toLowerCase().split(/[\s,().-]+/).filter(Boolean);
          return terms.every((t) => words.some((w) => w.startsWith(t)));
        });
      }
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const page = matches.slice(skip, skip + top);
      const payload: Record<string, unknown> = { ...context, value: page.map(select) };
      if (skip + top < matches.length) {
        const next = new URL(url.href);
        next.searchParams.set('$skiptoken', String(skip + top));
        payload['@odata.nextLink'] = next.href;
      }
      return send(200, payload);
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${call.path}'.`);
  }

  private findUser(key: string): FakeGraphUser | undefined {
    const k = key.toLowerCase();
    return this.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === k);
  }
}
