import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient, type HubSpotClient } from '../../src/hubspot/client.ts';
import { HubSpotError } from '../../src/hubspot/errors.ts';
import { API_VERSIONS, type ApiVersion } from '../../src/hubspot/paths.ts';
import { HubSpotTransport, type HubSpotTransportOptions } from '../../src/hubspot/transport.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  sim.clearFaults();
  sim.setLatency(0);
  sim.resetRequests();
  sim.resetRateLimits();
});

function client(
  options: Partial<HubSpotTransportOptions> = {},
  apiVersion: ApiVersion = '2026-09',
  signal?: AbortSignal,
): HubSpotClient {
  const transport = new HubSpotTransport({
    baseUrl: sim.url,
    accessToken: sim.token,
    retryBaseDelayMs: 5,
    ...options,
  });
  return createHubSpotClient({ transport, apiVersion, scope: { signal } });
}

const prefix: Record<ApiVersion, string> = {
  v3: '/conversations/v3/conversations',
  '2026-09': '/conversations/conversations/2026-09',
  '2026-09-beta': '/conversations/conversations/2026-09-beta',
};

describe('HubSpot client requests', () => {
  it('lists threads with every documented query parameter, exactly as sent', async () => {
    const thread = sim.data.threads.find((t) => !t.archived)!;
    const page = await client().listThreads({
      limit: 5,
      association: ['TICKET'],
      associatedContactId: thread.associatedContactId,
      threadStatus: thread.status,
      sort: '-id',
      archived: false,
      property: 'status',
    });
    expect(page.results.length).toBeGreaterThan(0);
    expect(page.results.every((t) => t.associatedContactId === thread.associatedContactId)).toBe(
      true,
    );
    const [request] = sim.requests;
    expect(sim.requests).toHaveLength(1);
    expect(request).toMatchObject({
      method: 'GET',
      path: `${prefix['2026-09']}/threads`,
      operation: 'listThreads',
      token: sim.token,
      unknownQueryParams: [],
      query: {
        limit: ['5'],
        association: ['TICKET'],
        associatedContactId: [thread.associatedContactId],
        threadStatus: [thread.status],
        sort: ['-id'],
        archived: ['false'],
        property: ['status'],
      },
    });
  });

  it('passes the paging cursor back exactly as received', async () => {
    const api = client();
    const first = await api.listThreads({ limit: 3 });
    const after = first.paging?.next?.after;
    expect(after).toBeTypeOf('string');
    const second = await api.listThreads({ limit: 3, after });
    expect(sim.requests.map((r) => r.query.after)).toEqual([undefined, [after]]);
    expect(second.results[0]!.id).not.toBe(first.results[0]!.id);
  });

  it.each(API_VERSIONS)('uses the %s path family for every operation', async (version) => {
    const api = client({}, version);
    const thread = sim.data.threads.find(
      (t) => (sim.data.messagesByThread.get(t.id) ?? []).length > 0,
    )!;
    const messages = sim.data.messagesByThread.get(thread.id)!;
    const ticket = sim.data.tickets[0]!;
    await api.listThreads({ limit: 1 });
    await api.getThread(thread.id, { association: ['TICKET'] });
    await api.listMessages(thread.id, { limit: 2 });
    await api.getMessage(thread.id, messages[0]!.id);
    await api.getOriginalContent(thread.id, messages[0]!.id);
    await api.batchReadActors([messages[0]!.createdBy]);
    await api.listInboxes();
    await api.batchReadTickets([ticket.id], { properties: ['subject'] });
    const p = prefix[version];
    const tickets = version === 'v3' ? '/crm/v3/objects/tickets' : '/crm/objects/2026-09/tickets';
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET ${p}/threads 200`,
      `GET ${p}/threads/${thread.id} 200`,
      `GET ${p}/threads/${thread.id}/messages 200`,
      `GET ${p}/threads/${thread.id}/messages/${messages[0]!.id} 200`,
      `GET ${p}/threads/${thread.id}/messages/${messages[0]!.id}/original-content 200`,
      `POST ${p}/actors/batch/read 200`,
      `GET ${p}/inboxes 200`,
      `POST ${tickets}/batch/read 200`,
    ]);
    expect(sim.requests.flatMap((r) => r.unknownQueryParams)).toEqual([]);
    expect(sim.requests[5]!.body).toEqual({ inputs: [messages[0]!.createdBy] });
    expect(sim.requests[7]!.body).toEqual({
      inputs: [{ id: ticket.id }],
      properties: ['subject'],
      propertiesWithHistory: [],
    });
  });

  it('validates responses but tolerates new fields, types and a numeric integrationAppId', async () => {
    const api = client();
    const withApp = [...sim.data.messagesByThread.entries()].find(([, list]) =>
      list.some((m) => typeof m.client?.integrationAppId === 'number'),
    );
    expect(withApp).toBeDefined();
    const [threadId] = withApp!;
    const page = await api.listMessages(threadId, { limit: 100 });
    expect(page?.results.some((m) => typeof m.client?.integrationAppId === 'number')).toBe(true);
    const unknownType = [...sim.data.messagesByThread.entries()].find(([, list]) =>
      list.some((m) => !KNOWN_TYPES.has(m.type)),
    );
    expect(unknownType).toBeDefined();
    const withUnknown = await api.listMessages(unknownType![0], { limit: 100 });
    expect(withUnknown?.results.some((m) => !KNOWN_TYPES.has(m.type))).toBe(true);
  });

  it('returns null for an unknown thread and for its messages (HubSpot 404)', async () => {
    const api = client();
    expect(await api.getThread('1')).toBeNull();
    expect(await api.listMessages('1')).toBeNull();
    expect(sim.requests.map((r) => r.status)).toEqual([404, 404]);
  });

  it('reads a 207 actors batch as results plus the unknown ids', async () => {
    const known = [...sim.data.actors.keys()][0]!;
    const batch = await client().batchReadActors([known, 'A-999999999']);
    expect(batch.results.map((a) => a.id)).toEqual([known]);
    expect(batch.errors?.[0]?.context?.ids).toEqual(['A-999999999']);
    expect(sim.requests.map((r) => r.status)).toEqual([207]);
  });

  it('refuses a ticket batch over 100 ids before any request', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => String(i + 1));
    await expect(client().batchReadTickets(ids)).rejects.toMatchObject({
      name: 'HubSpotError',
      kind: 'invalid-call',
      operation: 'batchReadTickets',
    });
    expect(sim.requests).toHaveLength(0);
  });
});

const KNOWN_TYPES = new Set([
  'MESSAGE',
  'COMMENT',
  'WELCOME_MESSAGE',
  'ASSIGNMENT',
  'THREAD_STATUS_CHANGE',
  'THREAD_INBOX_CHANGE',
]);

describe('HubSpot client errors', () => {
  async function failure(promise: Promise<unknown>): Promise<HubSpotError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HubSpotError);
    return error as HubSpotError;
  }

  it('401: category and correlationId, no retry', async () => {
    const transport = new HubSpotTransport({ baseUrl: sim.url, accessToken: 'wrong-token' });
    const api = createHubSpotClient({ transport, apiVersion: 'v3' });
    const error = await failure(api.listThreads());
    expect(error).toMatchObject({
      kind: 'http',
      status: 401,
      category: 'INVALID_AUTHENTICATION',
      attempts: 1,
    });
    expect(error.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sim.requests).toHaveLength(1);
  });

  it('403 MISSING_SCOPES names the required scopes', async () => {
    const scoped = await startSimulator({ tokens: { weak: { scopes: ['tickets'] } } });
    try {
      const transport = new HubSpotTransport({ baseUrl: scoped.url, accessToken: 'weak' });
      const api = createHubSpotClient({ transport, apiVersion: '2026-09' });
      const error = await failure(api.listThreads());
      expect(error).toMatchObject({
        status: 403,
        category: 'MISSING_SCOPES',
        requiredScopes: ['conversations.read'],
      });
      expect(scoped.requests).toHaveLength(1);
    } finally {
      await scoped.close();
    }
  });

  it('retries a 5xx at most HUBSPOT_MAX_RETRIES times, then fails with the last status', async () => {
    sim.injectFault({ operation: 'listThreads', kind: 'status', status: 503 });
    const error = await failure(client({ maxRetries: 2 }).listThreads());
    expect(error).toMatchObject({ kind: 'http', status: 503, attempts: 3 });
    expect(sim.requests.map((r) => r.status)).toEqual([503, 503, 503]);
  });

  it('recovers when a retry succeeds', async () => {
    sim.injectFault({ operation: 'listThreads', kind: 'status', status: 502, times: 1 });
    const page = await client({ maxRetries: 2 }).listThreads({ limit: 1 });
    expect(page.results).toHaveLength(1);
    expect(sim.requests.map((r) => r.status)).toEqual([502, 200]);
  });

  it('does not retry a daily 429', async () => {
    sim.injectFault({ operation: 'listThreads', kind: 'daily-limit' });
    const error = await failure(client({ maxRetries: 3 }).listThreads());
    expect(error).toMatchObject({ status: 429, policyName: 'DAILY', attempts: 1 });
    expect(error.isDailyLimit).toBe(true);
    expect(sim.requests).toHaveLength(1);
  });

  it('retries a ten-secondly 429 after the Retry-After it carries', async () => {
    sim.injectFault({
      operation: 'listThreads',
      kind: 'rate-limit',
      times: 1,
      retryAfterSeconds: 1,
    });
    const started = Date.now();
    await client({ maxRetries: 1 }).listThreads({ limit: 1 });
    expect(sim.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(sim.requests[1]!.startedAt - started).toBeGreaterThanOrEqual(990);
  });

  it('cuts a hung attempt at the timeout and retries it', async () => {
    sim.injectFault({ operation: 'getThread', kind: 'hang' });
    const error = await failure(client({ timeoutMs: 200, maxRetries: 1 }).getThread('123'));
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
    expect(sim.requests).toHaveLength(2);
  });

  it('reports a malformed body without retrying it', async () => {
    sim.injectFault({ operation: 'listInboxes', kind: 'malformed' });
    const error = await failure(client({ maxRetries: 2 }).listInboxes());
    expect(error).toMatchObject({ kind: 'malformed', status: 200, attempts: 1 });
    expect(sim.requests).toHaveLength(1);
  });

  it('retries a reset connection as a network failure', async () => {
    sim.injectFault({ operation: 'listInboxes', kind: 'reset', times: 1 });
    const page = await client({ maxRetries: 1 }).listInboxes();
    expect(page.results.length).toBeGreaterThan(0);
    expect(sim.requests).toHaveLength(2);
  });

  it('never retries past the request signal: an abort stops pending work', async () => {
    sim.injectFault({ operation: 'listThreads', kind: 'hang' });
    const controller = new AbortController();
    const pending = failure(
      client({ timeoutMs: 5000 }, '2026-09', controller.signal).listThreads(),
    );
    await waitFor(() => sim.requests.length === 1);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted', attempts: 1 });
    expect(sim.requests).toHaveLength(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
