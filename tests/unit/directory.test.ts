import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createDirectory } from '../../src/directory/create.js';
import { DirectoryUnavailableError, OffDirectory, directoryOf } from '../../src/directory/directory.js';
import { GraphDirectory, type GraphDirectoryOptions } from '../../src/directory/graph-directory.js';
import { ClientCredentialsTokenProvider } from '../../src/directory/token.js';
import { silentLogger } from '../../src/log.js';
import { FakeGraph, type FakeGraphUser } from '../helpers/fake-graph.js';

const DARRYL: FakeGraphUser = { id: '0d0a1e7e-0000-4000-8000-000000000001', displayName: 'Darryl Evers', mail: 'Darryl.Evers@council.example', userPrincipalName: 'devers@council.example', jobTitle: 'Head of Finance' };
const SEAN: FakeGraphUser = { id: '0d0a1e7e-0000-4000-8000-000000000002', displayName: "Sean O'Brien", mail: "sean.o'brien+scrutiny@council.example", userPrincipalName: 'sobrien@council.example' };
/** Unlicensed account: no mail, UPN is the address. */
const UNLICENSED: FakeGraphUser = { id: '0d0a1e7e-0000-4000-8000-000000000003', displayName: 'Pat Temp', mail: null, userPrincipalName: 'pat.temp@council.example' };
const SMITHS: FakeGraphUser[] = Array.from({ length: 23 }, (_, i) => ({
  id: `5a1e0000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  displayName: `Sam Smith ${i + 1}`,
  mail: `sam.smith${i + 1}@council.example`,
  userPrincipalName: `ssmith${i + 1}@council.example`,
}));

describe('GraphDirectory against a fake Graph on loopback', () => {
  const graph = new FakeGraph();
  let clock = 0;
  let sleeps: number[] = [];
  let tokenRequests = 0;
  const make = (options: Partial<GraphDirectoryOptions> = {}) =>
    new GraphDirectory({
      baseUrl: graph.url,
      authProvider: { getAccessToken: async () => (tokenRequests++, 'token-that-must-not-travel-over-http') },
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      pageSize: 10,
      ...options,
    });

  beforeAll(async () => {
    await graph.start();
  });
  afterAll(async () => {
    await graph.stop();
  });
  beforeEach(() => {
    graph.users = [DARRYL, SEAN, UNLICENSED, ...SMITHS];
    graph.calls.length = 0;
    clock = Date.parse('2020-11-20T12:00:00Z');
    sleeps = [];
    tokenRequests = 0;
  });
  afterEach(() => {
    (graph as unknown as { throttles: unknown[] }).throttles = [];
  });

  it('finds a person by email with $filter=mail eq, case-insensitively, and returns the AAD object id', async () => {
    const user = await make().findByEmail('darryl.evers@COUNCIL.example');
    expect(user).toEqual({ id: DARRYL.id, displayName: 'Darryl Evers', mail: 'darryl.evers@council.example', userPrincipalName: 'devers@council.example', jobTitle: 'Head of Finance' });
    const call = graph.graphCalls()[0]!;
    expect(call.path).toBe('/v1.0/users');
    expect(call.query.get('$filter')).toBe("mail eq 'darryl.evers@council.example'");
    expect(call.query.get('$select')).toBe('id,displayName,mail,userPrincipalName,jobTitle');
  });

  it("escapes quotes and keeps '+' in an email (O'Brien, plus addressing)", async () => {
    const user = await make().findByEmail("sean.o'brien+scrutiny@council.example");
    expect(user?.id).toBe(SEAN.id);
    expect(graph.graphCalls()[0]!.query.get('$filter')).toBe("mail eq 'sean.o''brien+scrutiny@council.example'");
  });

  it('falls back to the UPN when no mailbox has the address, and answers "not found" on a 404', async () => {
    const directory = make();
    expect((await directory.findByEmail('pat.temp@council.example'))?.id).toBe(UNLICENSED.id);
    expect(await directory.findByEmail('nobody@council.example')).toBeUndefined();
    const paths = graph.graphCalls().map((c) => `${c.path} ${c.status}`);
    expect(paths).toEqual(['/v1.0/users 200', '/v1.0/users/pat.temp@council.example 200', '/v1.0/users 200', '/v1.0/users/nobody@council.example 404']);
  });

  it('finds by UPN with GET /users/{upn}; an unknown UPN is undefined, not an error', async () => {
    const directory = make();
    expect((await directory.findByUpn('DEvers@council.example'))?.displayName).toBe('Darryl Evers');
    await expect(directory.findByUpn('ghost@council.example')).resolves.toBeUndefined();
    expect(graph.graphCalls().at(-1)!.status).toBe(404);
  });

  it('searches display names with $search and ConsistencyLevel: eventual, following @odata.nextLink across pages', async () => {
    const users = await make().searchByDisplayName('Sam Smith');
    expect(users).toHaveLength(23);
    expect(new Set(users.map((u) => u.id)).size).toBe(23);
    const calls = graph.graphCalls();
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.headers.consistencylevel).toBe('eventual');
      expect(call.query.get('$search')).toBe('"displayName:Sam Smith"');
      expect(call.status).toBe(200);
    }
    expect(calls.map((c) => c.query.get('$skiptoken'))).toEqual([null, '10', '20']);
  });

  it('reads at most maxPages pages of a very common name', async () => {
    const users = await make({ maxPages: 2 }).searchByDisplayName('Smith');
    expect(users).toHaveLength(20);
    expect(graph.graphCalls()).toHaveLength(2);
  });

  it('strips quotes from a searched name rather than sending a broken $search clause', async () => {
    expect((await make().searchByDisplayName('"Darryl" Evers'))[0]?.id).toBe(DARRYL.id);
    expect(graph.graphCalls()[0]!.query.get('$search')).toBe('"displayName:Darryl Evers"');
  });

  it('honours Retry-After on 429 (in seconds) and then succeeds', async () => {
    graph.throttle(2, '3');
    const user = await make().findByEmail('darryl.evers@council.example');
    expect(user?.id).toBe(DARRYL.id);
    expect(sleeps).toEqual([3000, 3000]);
    expect(graph.graphCalls().map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    graph.throttle(1, new Date(clock + 5000).toUTCString());
    await make().findByUpn('devers@council.example');
    expect(sleeps).toEqual([5000]);
  });

  it('backs off exponentially (with jitter) on 429 without Retry-After and on 503', async () => {
    graph.throttle(1);
    graph.throttle(1, undefined, 503);
    await make().findByUpn('devers@council.example');
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(1000);
    expect(sleeps[0]).toBeLessThan(1250);
    expect(sleeps[1]).toBeGreaterThanOrEqual(2000);
    expect(sleeps[1]).toBeLessThan(2250);
  });

  it('gives up after a bounded number of retries with a DirectoryUnavailableError (never "not found")', async () => {
    graph.throttle(10, '1');
    const error = await make({ maxRetries: 3 }).findByEmail('darryl.evers@council.example').catch((e) => e);
    expect(error).toBeInstanceOf(DirectoryUnavailableError);
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/after 4 tries/);
    expect(graph.graphCalls()).toHaveLength(4);
  });

  it('does not wait for a Retry-After longer than it is willing to, and says how long', async () => {
    graph.throttle(1, '120');
    const error = await make().findByEmail('darryl.evers@council.example').catch((e) => e);
    expect(error).toBeInstanceOf(DirectoryUnavailableError);
    expect(error.retryAfterSeconds).toBe(120);
    expect(error.message).toContain('120 seconds');
    expect(sleeps).toEqual([]);
    expect(graph.graphCalls()).toHaveLength(1);
  });

  it('explains a 403 (missing User.Read.All) and does not retry it', async () => {
    graph.throttle(1, undefined, 403);
    const error = await make().findByUpn('devers@council.example').catch((e) => e);
    expect(error).toBeInstanceOf(DirectoryUnavailableError);
    expect(error.message).toContain('User.Read.All');
    expect(graph.graphCalls()).toHaveLength(1);
  });

  it('reports an unreachable Graph as unavailable after bounded retries', async () => {
    const error = await make({ baseUrl: 'http://127.0.0.1:9/', maxRetries: 1 }).findByUpn('devers@council.example').catch((e) => e);
    expect(error).toBeInstanceOf(DirectoryUnavailableError);
    expect(error.message).toMatch(/Could not reach Microsoft Graph/);
    expect(sleeps).toHaveLength(1);
  });

  it('caches answers (and "not found") with an expiry', async () => {
    const directory = make({ cacheTtlMs: 60_000, notFoundTtlMs: 10_000 });
    await directory.findByUpn('devers@council.example');
    await directory.findByUpn('devers@council.example');
    await directory.findByUpn('ghost@council.example');
    await directory.findByUpn('ghost@council.example');
    expect(graph.graphCalls()).toHaveLength(2);
    clock += 10_001; // the negative answer expires first
    await directory.findByUpn('devers@council.example');
    await directory.findByUpn('ghost@council.example');
    expect(graph.graphCalls()).toHaveLength(3);
    clock += 50_000;
    graph.users = graph.users.map((u) => (u.id === DARRYL.id ? { ...u, displayName: 'Darryl Evers (Finance)' } : u));
    expect((await directory.findByUpn('devers@council.example'))?.displayName).toBe('Darryl Evers (Finance)');
  });

  it('shares one request between identical concurrent look-ups', async () => {
    const directory = make();
    const results = await Promise.all([1, 2, 3].map(() => directory.findByUpn('devers@council.example')));
    expect(results.every((u) => u?.id === DARRYL.id)).toBe(true);
    expect(graph.graphCalls()).toHaveLength(1);
  });

  it('never sends the bearer token over plain http', async () => {
    await make().findByEmail('darryl.evers@council.example');
    expect(graph.graphCalls().every((c) => c.headers.authorization === undefined)).toBe(true);
    expect(tokenRequests).toBe(0);
  });

  it('does not follow a paging link to another host', async () => {
    const other = await new FakeGraph().start();
    try {
      other.users = SMITHS;
      const directory = make({ baseUrl: other.url });
      // Rewrite the first page's nextLink to point at the first fake server.
      const original = other['handle'].bind(other);
      (other as unknown as { handle: typeof original }).handle = async (req, res) => {
        const end = res.end.bind(res);
        res.end = ((chunk: string) => end(String(chunk).replace(other.url, graph.url))) as typeof res.end;
        return original(req, res);
      };
      const users = await directory.searchByDisplayName('Smith');
      expect(users).toHaveLength(10);
      expect(graph.graphCalls()).toHaveLength(0);
    } finally {
      await other.stop();
    }
  });

  it('checks group membership with checkMemberGroups, at most 20 group ids per call', async () => {
    const groups = Array.from({ length: 25 }, (_, i) => `9a000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    graph.users = [{ ...DARRYL, groups: [groups[3]!, groups[22]!] }];
    const member = await make().memberGroups(DARRYL.id, groups);
    expect(member.sort()).toEqual([groups[3], groups[22]].sort());
    const calls = graph.graphCalls();
    expect(calls.map((c) => [c.method, c.path, c.body.groupIds.length])).toEqual([
      ['POST', `/v1.0/users/${DARRYL.id}/checkMemberGroups`, 20],
      ['POST', `/v1.0/users/${DARRYL.id}/checkMemberGroups`, 5],
    ]);
    expect(await make().memberGroups('unknown-user', groups)).toEqual([]);
  });
});

describe('client-credentials token provider', () => {
  const graph = new FakeGraph();
  let now = 0;
  beforeAll(async () => {
    await graph.start();
  });
  afterAll(async () => {
    await graph.stop();
  });
  const provider = (secret = graph.credentials.clientSecret) =>
    new ClientCredentialsTokenProvider({
      tenantId: 'tenant-1',
      clientId: 'client-1',
      clientSecret: secret,
      scope: 'https://graph.microsoft.com/.default',
      authorityHost: graph.url,
      now: () => now,
    });

  it('asks the v2.0 token endpoint for an app-only Graph token and reuses it until near expiry', async () => {
    graph.calls.length = 0;
    now = 1_000_000;
    const tokens = provider();
    const [a, b] = await Promise.all([tokens.getAccessToken(), tokens.getAccessToken()]);
    expect(a).toBe('fake-access-token');
    expect(b).toBe(a);
    await tokens.getAccessToken();
    expect(graph.calls).toHaveLength(1);
    const form = new URLSearchParams(graph.calls[0]!.body);
    expect(graph.calls[0]!.path).toBe('/tenant-1/oauth2/v2.0/token');
    expect(Object.fromEntries(form)).toMatchObject({ grant_type: 'client_credentials', client_id: 'client-1', scope: 'https://graph.microsoft.com/.default' });
    now += (3599 - 5 * 60) * 1000 + 1; // five minutes before expiry: refresh
    await tokens.getAccessToken();
    expect(graph.calls).toHaveLength(2);
  });

  it('names the AADSTS error of a wrong secret without repeating the secret', async () => {
    const error = await provider('the-wrong-secret-value').getAccessToken().catch((e) => e);
    expect(error).toBeInstanceOf(DirectoryUnavailableError);
    expect(error.message).toContain('AADSTS7000215');
    expect(error.message).toContain('GRAPH_CLIENT_SECRET');
    expect(error.message).not.toContain('the-wrong-secret-value');
    expect(error.message).not.toContain('Trace ID');
  });
});

describe('choosing the directory from the configuration', () => {
  it('is off (email matching only) when GRAPH_* are empty', () => {
    const config = loadConfig({});
    const directory = createDirectory(config, silentLogger());
    expect(directory).toBeInstanceOf(OffDirectory);
    expect(directory.enabled).toBe(false);
    expect(directory.description).toMatch(/email only/);
    expect(directoryOf({})).toBeInstanceOf(OffDirectory);
  });

  it('is Graph when all three GRAPH_* are set', () => {
    const config = loadConfig({ GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' });
    const directory = createDirectory(config, silentLogger());
    expect(directory).toBeInstanceOf(GraphDirectory);
    expect(directory.enabled).toBe(true);
  });

  it('refuses a partial Graph configuration at start-up, naming the missing variable and hiding the secret', () => {
    expect(() => loadConfig({ GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 'super-secret' })).toThrow(ConfigError);
    try {
      loadConfig({ GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 'super-secret' });
    } catch (error) {
      expect((error as Error).message).toMatch(/^Invalid configuration: GRAPH_TENANT_ID=\(not set\): is required when GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET are set/);
      expect((error as Error).message).not.toContain('super-secret');
    }
  });
});
