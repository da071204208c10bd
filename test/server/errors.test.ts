import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/error-codes.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { type GqlResponse, type Harness, startUnthrottledHarness } from '../helpers/harness.ts';
import { expectNoLeaks, gatewayOver, gqlVia, ops } from './support.ts';

const LIST =
  '{ threads(first: 3) { edges { node { id messages(first: 2) { edges { node { id } } } } } } }';

type Err = NonNullable<GqlResponse<unknown>['errors']>[number];

function onlyError(res: GqlResponse<unknown>): Err {
  expect(res.errors).toHaveLength(1);
  return res.errors![0]!;
}

describe('the error-code table', () => {
  it('docs/operations.md §1 describes exactly the codes of ERROR_CODES', () => {
    const doc = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## 1. Error codes'), doc.indexOf('## 2.'));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` /gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
});

describe('error table, end to end (simulator faults → extensions.code)', () => {
  let h: Harness;
  const responses: unknown[] = [];
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const res = await h.gql(query, variables);
    responses.push(res);
    return res;
  };

  beforeAll(async () => {
    // One retry, 300 ms per attempt: every fault path runs quickly.
    h = await startUnthrottledHarness({
      env: { HUBSPOT_MAX_RETRIES: '1', HUBSPOT_TIMEOUT_MS: '300' },
    });
  });
  afterAll(async () => {
    // Nothing any of these failures produced carries HubSpot's text, a stack or the token.
    expectNoLeaks(responses, [h.sim.token]);
    expectNoLeaks(h.logs, [h.sim.token]);
    expect(h.logs.length).toBeGreaterThan(0);
    await h.close();
  });
  beforeEach(() => {
    h.sim.clearFaults();
    h.reset();
  });

  it('ten-secondly 429: retried up to HUBSPOT_MAX_RETRIES, then RATE_LIMITED with retryAfterSeconds', async () => {
    h.sim.injectFault({ operation: 'listThreads', kind: 'rate-limit', retryAfterSeconds: 1 });
    const res = await gql(LIST);
    const error = onlyError(res);
    expect(error.path).toEqual(['threads']);
    expect(error.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 1,
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    expect(error.extensions?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.upstream().map((r) => r.status)).toEqual([429, 429]);
    expect(res.extensions?.cost).toMatchObject({ actual: 2 });
  });

  it('daily 429: not retried, RATE_LIMITED until the reset', async () => {
    h.sim.injectFault({ operation: 'listThreads', kind: 'daily-limit' });
    const error = onlyError(await gql(LIST));
    expect(error.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      policyName: 'DAILY',
      retryAfterSeconds: 3600,
    });
    expect(h.upstream().map((r) => r.status)).toEqual([429]);
  });

  it('5xx: retried up to the limit, then UPSTREAM_UNAVAILABLE with the correlationId', async () => {
    h.sim.injectFault({ operation: 'listThreads', kind: 'status', status: 503 });
    const error = onlyError(await gql(LIST));
    expect(error.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.extensions?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.upstream().map((r) => r.status)).toEqual([503, 503]);
  });

  it('retries stop at HUBSPOT_MAX_RETRIES and a later success is used', async () => {
    h.sim.injectFault({ operation: 'listThreads', kind: 'status', status: 502, times: 1 });
    const res = await gql('{ threads(first: 2) { edges { node { id } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.threads.edges).toHaveLength(2);
    expect(h.upstream().map((r) => r.status)).toEqual([502, 200]);
    expect(res.extensions?.cost).toEqual({ estimated: 1, actual: 2, cached: 0 });
  });

  it('malformed body: UPSTREAM_UNAVAILABLE, not retried', async () => {
    h.sim.injectFault({ operation: 'listThreads', kind: 'malformed' });
    const error = onlyError(await gql(LIST));
    expect(error.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(h.upstream()).toHaveLength(1);
  });

  it('connection reset: UPSTREAM_UNAVAILABLE after the retries', async () => {
    h.sim.injectFault({ operation: 'listThreads', kind: 'reset' });
    const error = onlyError(await gql(LIST));
    expect(error.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(h.upstream()).toHaveLength(2);
  });

  // The test's timeout only bounds the wait: two attempts cut at 300 ms plus one backoff
  // (≤ 500 ms) end well within it; at the 10 s default two attempts would not.
  it(
    'hung upstream: each attempt cut at HUBSPOT_TIMEOUT_MS, then UPSTREAM_TIMEOUT',
    { timeout: 15_000 },
    async () => {
      h.sim.injectFault({ operation: 'listThreads', kind: 'hang' });
      const error = onlyError(await gql(LIST));
      expect(error.extensions?.code).toBe('UPSTREAM_TIMEOUT');
      // Both attempts were cut by the gateway (status 0: the simulator never answered), the
      // second after the first, and the request's own 30 s deadline was not what ended it.
      expect(h.upstream().map((r) => r.status)).toEqual([0, 0]);
    },
  );

  it('unknown thread id: null, not an error (and one call)', async () => {
    const res = await gql('{ thread(id: "999999999") { id status } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ thread: null });
    expect(ops(h.upstream())).toEqual(['getThread']);
  });

  it('invalid input: BAD_USER_INPUT with its path, before any call', async () => {
    const bad = await gql('{ thread(id: "not-a-number") { id } }');
    expect(onlyError(bad)).toMatchObject({
      path: ['thread'],
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const variables = await gql('query($n: Int) { threads(first: $n) { edges { node { id } } } }', {
      n: 'ten',
    });
    expect(onlyError(variables).extensions?.code).toBe('BAD_USER_INPUT');
    expect(h.upstream()).toEqual([]);
  });

  it("partial results: one thread's failed message fetch nulls only that thread's messages", async () => {
    const threads = h.sim.data.threads.filter((t) => !t.archived).slice(0, 3);
    const victim = threads[1]!;
    h.sim.injectFault({
      operation: 'listMessages',
      pathIncludes: `/threads/${victim.id}/messages`,
      kind: 'status',
      status: 500,
    });
    const res = await gql(LIST);
    const error = onlyError(res);
    expect(error.path).toEqual(['threads', 'edges', 1, 'node', 'messages']);
    expect(error.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const edges = res.data.threads.edges as Array<{ node: { id: string; messages: unknown } }>;
    expect(edges.map((e) => e.node.id)).toEqual(threads.map((t) => t.id));
    expect(edges[1]!.node.messages).toBeNull();
    expect(edges[0]!.node.messages).not.toBeNull();
    expect(edges[2]!.node.messages).not.toBeNull();
    // The failing call was retried once; the others ran once.
    expect(ops(h.upstream()).filter((op) => op === 'listMessages')).toHaveLength(4);
  });
});

describe('retry limit at the defaults', () => {
  it('HUBSPOT_MAX_RETRIES=2 (default): a GET that keeps failing is tried 3 times, never more', async () => {
    const h = await startUnthrottledHarness();
    try {
      h.sim.injectFault({ operation: 'getThread', kind: 'status', status: 500 });
      const res = await h.gql('{ thread(id: "8000000005") { id } }');
      expect(onlyError(res).extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(h.upstream().map((r) => r.status)).toEqual([500, 500, 500]);
      // Longer than any backoff (with jitter from 200 ms: at most 300 ms, then 500 ms): no
      // fourth attempt comes after the answer.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(h.upstream()).toHaveLength(3);
    } finally {
      await h.close();
    }
  });
});

describe('auth failures upstream', () => {
  it('401 (a server token HubSpot does not know): UNAUTHENTICATED, not retried', async () => {
    const sim = await startSimulator({ log: false });
    const badToken = 'pat-na1-00000000-1111-2222-3333-444444444444';
    try {
      const { gateway, logs } = gatewayOver(sim, badToken);
      const { status, body } = await gqlVia(gateway, LIST);
      expect(status).toBe(200);
      const error = onlyError(body);
      expect(error.extensions?.code).toBe('UNAUTHENTICATED');
      expect(error.message).toBe('HubSpot refused the access token.');
      expect(sim.requests.map((r) => [r.status, r.token])).toEqual([[401, badToken]]);
      // The logger knows no secret here: the token is absent, not scrubbed.
      expectNoLeaks([body, logs], [badToken, '00000000-1111']);
      expect(logs.some((line) => line.msg === 'HubSpot call failed')).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it('403 missing scopes: FORBIDDEN naming the scopes', async () => {
    const h = await startUnthrottledHarness({
      sim: { tokens: { 'sim-token': { scopes: ['tickets'] } } },
    });
    try {
      const res = await h.gql(LIST);
      const error = onlyError(res);
      expect(error.extensions).toMatchObject({
        code: 'FORBIDDEN',
        requiredScopes: ['conversations.read'],
      });
      expect(error.message).toContain('conversations.read');
      expect(error.extensions?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(h.upstream().map((r) => r.status)).toEqual([403]);
      expectNoLeaks([res, h.logs], [h.sim.token]);
    } finally {
      await h.close();
    }
  });
});
