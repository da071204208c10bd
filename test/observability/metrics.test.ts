import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InboxPageDocument, ThreadDetailDocument } from '../__generated__/graphql.ts';
import type { Harness } from '../helpers/harness.ts';
import { startServerHarness } from '../server/support.ts';
import { countBy, scrape } from './support.ts';

const DURATION = 'hubspot_request_duration_seconds';

function threadWithSenders(h: Harness): string {
  for (const thread of h.sim.data.threads) {
    const messages = h.sim.data.messagesByThread.get(thread.id) ?? [];
    if (messages.length > 5 && messages.some((m) => m.senders.some((s) => s.actorId))) {
      return thread.id;
    }
  }
  throw new Error('no thread with senders');
}

describe('GET /metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness({ env: { REQUEST_LOG: 'false' } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.reset();
    h.sim.clearFaults();
  });

  it('serves the Prometheus text format with every documented family, before any traffic', async () => {
    const m = await scrape(h.gateway);
    for (const [name, type] of [
      ['hubspot_requests_total', 'counter'],
      [DURATION, 'histogram'],
      ['hubspot_rate_budget_remaining', 'gauge'],
      ['hubspot_governor_wait_seconds', 'histogram'],
      ['hubspot_retries_total', 'counter'],
      ['hubspot_rate_limited_total', 'counter'],
      ['gateway_cache_requests_total', 'counter'],
      ['webhook_events_total', 'counter'],
      ['graphql_subscriptions_active', 'gauge'],
      ['graphql_requests_total', 'counter'],
      ['graphql_errors_total', 'counter'],
      ['process_cpu_seconds_total', 'counter'],
      ['nodejs_eventloop_lag_seconds', 'gauge'],
    ]) {
      expect(m.types.get(name!), name).toBe(type);
    }
    // Series of the closed sets exist at 0, so dashboards' rates and ratios work from the start.
    expect(m.find('gateway_cache_requests_total', { kind: 'messages', result: 'hit' })).toEqual([
      {
        name: 'gateway_cache_requests_total',
        labels: { kind: 'messages', result: 'hit' },
        value: 0,
      },
    ]);
    expect(
      m.sum('webhook_events_total', { type: 'conversation.newMessage', result: 'processed' }),
    ).toBe(0);
    expect(m.find('webhook_events_total').length).toBe(6 * 4);
    expect(m.sum('graphql_subscriptions_active')).toBe(0);
    expect(m.sum('hubspot_rate_budget_remaining')).toBe(10_000);
    expect(h.upstream()).toEqual([]);
  });

  it('counts every upstream attempt as the simulator recorded it, with a full histogram', async () => {
    const before = await scrape(h.gateway);
    const id = threadWithSenders(h);
    expect((await h.gql(ThreadDetailDocument, { id })).errors).toBeUndefined();
    expect((await h.gql(InboxPageDocument, { first: 10 })).errors).toBeUndefined();
    expect((await h.gql(ThreadDetailDocument, { id })).errors).toBeUndefined();
    const recorded = h.upstream();
    expect(countBy(recorded, (r) => r.operation)).toEqual({
      getThread: 2,
      listMessages: 2,
      batchReadActors: 2,
      listThreads: 1,
      // ThreadDetail's `inbox`-free selection: no listInboxes.
    });
    const after = await scrape(h.gateway);

    const byOpStatus = countBy(recorded, (r) => `${r.operation} ${r.status}`);
    const counted: Record<string, number> = {};
    for (const s of after.find('hubspot_requests_total')) {
      const delta = s.value - before.sum('hubspot_requests_total', s.labels);
      if (delta > 0) counted[`${s.labels.operation} ${s.labels.status}`] = delta;
    }
    expect(counted).toEqual(byOpStatus);

    for (const [operation, calls] of Object.entries(countBy(recorded, (r) => r.operation))) {
      const count = after.sum(`${DURATION}_count`, { operation });
      expect(count).toBe(calls);
      const buckets = after.find(`${DURATION}_bucket`, { operation });
      const les = buckets.map((b) => b.labels.le);
      expect(les).toEqual([
        '0.005',
        '0.01',
        '0.025',
        '0.05',
        '0.075',
        '0.1',
        '0.25',
        '0.5',
        '0.75',
        '1',
        '2.5',
        '5',
        '7.5',
        '10',
        '+Inf',
      ]);
      // Cumulative, ending at the count.
      for (let i = 1; i < buckets.length; i++) {
        expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
      }
      expect(buckets.at(-1)!.value).toBe(calls);
      const sum = after.sum(`${DURATION}_sum`, { operation });
      expect(sum).toBeGreaterThan(0);
      expect(sum).toBeLessThan(calls * 10);
    }

    // One governor acquisition per attempt, none refused.
    expect(
      after.sum('hubspot_governor_wait_seconds_count', { outcome: 'acquired' }) -
        before.sum('hubspot_governor_wait_seconds_count', { outcome: 'acquired' }),
    ).toBe(recorded.length);
    expect(after.sum('hubspot_governor_wait_seconds_count', { outcome: 'refused' })).toBe(0);
    // The governor's view: the budget less the window's calls (every call of this file so far).
    expect(after.sum('hubspot_rate_budget_remaining')).toBeLessThanOrEqual(
      10_000 - recorded.length,
    );
    // HubSpot's own header, as the simulator sent it on the last answer.
    expect(after.find('hubspot_ratelimit_header_remaining', { window: '10s' })).toHaveLength(1);
    expect(after.find('hubspot_ratelimit_header_remaining', { window: 'daily' })).toHaveLength(1);

    // The GraphQL side: 3 requests, upstream calls per request in the histogram.
    expect(
      after.sum('graphql_requests_total', {
        operation_name: 'ThreadDetail',
        operation_type: 'query',
      }) - before.sum('graphql_requests_total', { operation_name: 'ThreadDetail' }),
    ).toBe(2);
    expect(
      after.sum('graphql_request_upstream_calls_sum') -
        before.sum('graphql_request_upstream_calls_sum'),
    ).toBe(recorded.length);
    expect(
      after.sum('graphql_request_upstream_calls_count') -
        before.sum('graphql_request_upstream_calls_count'),
    ).toBe(3);
  });

  it('counts retries, 429s by policy and 5xx by status', async () => {
    h.sim.injectFault({
      operation: 'listThreads',
      kind: 'rate-limit',
      times: 1,
      retryAfterSeconds: 0,
    });
    h.sim.injectFault({ operation: 'listMessages', kind: 'status', status: 503, times: 1 });
    const before = await scrape(h.gateway);
    const id = threadWithSenders(h);
    expect((await h.gql(InboxPageDocument, { first: 5 })).errors).toBeUndefined();
    expect((await h.gql(ThreadDetailDocument, { id })).errors).toBeUndefined();
    const recorded = h.upstream();
    expect(countBy(recorded, (r) => `${r.operation} ${r.status}`)).toMatchObject({
      'listThreads 429': 1,
      'listThreads 200': 1,
      'getThread 200': 1,
      'listMessages 503': 1,
      'listMessages 200': 1,
    });
    expect(recorded).toHaveLength(6); // and one actors batch read (200 or 207)
    const after = await scrape(h.gateway);
    const delta = (name: string, labels: Record<string, string>) =>
      after.sum(name, labels) - before.sum(name, labels);
    expect(delta('hubspot_requests_total', { operation: 'listThreads', status: '429' })).toBe(1);
    expect(delta('hubspot_requests_total', { operation: 'listMessages', status: '503' })).toBe(1);
    expect(delta('hubspot_retries_total', { operation: 'listThreads', reason: '429' })).toBe(1);
    expect(delta('hubspot_retries_total', { operation: 'listMessages', reason: '503' })).toBe(1);
    expect(
      delta('hubspot_rate_limited_total', {
        operation: 'listThreads',
        policy: 'TEN_SECONDLY_ROLLING',
      }),
    ).toBe(1);
    expect(delta('hubspot_requests_total', {})).toBe(recorded.length);
  });

  it('labels an attempt that got no answer `timeout`, and counts its retry', async () => {
    const t = await startServerHarness({
      env: { HUBSPOT_TIMEOUT_MS: '150', REQUEST_LOG: 'false' },
    });
    try {
      t.sim.injectFault({ operation: 'getThread', kind: 'hang', times: 1 });
      const res = await t.gql('query One($id: ID!) { thread(id: $id) { id } }', {
        id: t.sim.data.threads[0]!.id,
      });
      expect(res.errors).toBeUndefined();
      const recorded = t.upstream();
      expect(recorded.map((r) => `${r.operation} ${r.status}`)).toEqual([
        'getThread 0',
        'getThread 200',
      ]);
      const m = await scrape(t.gateway);
      expect(m.sum('hubspot_requests_total', { operation: 'getThread', status: 'timeout' })).toBe(
        1,
      );
      expect(m.sum('hubspot_requests_total', { operation: 'getThread', status: '200' })).toBe(1);
      expect(m.sum('hubspot_retries_total', { operation: 'getThread', reason: 'timeout' })).toBe(1);
      expect(m.sum('hubspot_requests_in_flight')).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('counts GraphQL errors by their stable code, at no upstream cost', async () => {
    const before = await scrape(h.gateway);
    const res = await h.gql('query Broken { noSuchField }');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const parse = await h.gql('query Nope {');
    expect(parse.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const after = await scrape(h.gateway);
    const delta = (code: string) =>
      after.sum('graphql_errors_total', { code }) - before.sum('graphql_errors_total', { code });
    expect(delta('GRAPHQL_VALIDATION_FAILED')).toBe(1);
    expect(delta('GRAPHQL_PARSE_FAILED')).toBe(1);
    expect(h.upstream()).toEqual([]);
  });

  it('keeps caller operation names bounded: 10 000 distinct names add at most 102 series', async () => {
    const before = await scrape(h.gateway);
    const names = Array.from({ length: 10_000 }, (_, i) => `Op${i}_${'x'.repeat(i % 80)}`);
    for (let i = 0; i < names.length; i += 200) {
      await Promise.all(
        names.slice(i, i + 200).map(async (name) => {
          const res = await h.gql(`query ${name} { __typename }`);
          expect(res.errors).toBeUndefined();
        }),
      );
    }
    const after = await scrape(h.gateway);
    const series = after.find('graphql_requests_total');
    expect(series.length).toBeLessThanOrEqual(102);
    expect(after.sum('graphql_requests_total') - before.sum('graphql_requests_total')).toBe(10_000);
    for (const s of series) {
      expect(s.labels.operation_name!.length).toBeLessThanOrEqual(64);
    }
    expect(after.sum('graphql_requests_total', { operation_name: 'other' })).toBeGreaterThan(9_000);
    expect(h.upstream()).toEqual([]);
  }, 120_000);
});

describe('labels never carry a token, a URL or caller text', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness({
      env: { FORWARD_CALLER_TOKEN: 'true' },
      sim: {
        tokens: {
          'tok-alice-secret-1234': { scopes: ['conversations.read', 'tickets'] },
          'tok-bob-secret-5678': { scopes: ['conversations.read', 'tickets'] },
        },
      },
    });
  });
  afterAll(() => h.close());
  afterEach(() => h.reset());

  it('after forwarded tokens, a bad token and hostile operation names', async () => {
    for (const token of ['tok-alice-secret-1234', 'tok-bob-secret-5678', 'tok-wrong-0000']) {
      await h.gql(InboxPageDocument, { first: 3 }, { authorization: `Bearer ${token}` });
    }
    await h.gql(
      'query Steal_tok_alice_secret_1234 { __typename }',
      {},
      { authorization: 'Bearer tok-alice-secret-1234' },
    );
    expect(countBy(h.upstream(), (r) => `${r.operation} ${r.status}`)).toEqual({
      'listThreads 200': 2,
      'listThreads 401': 1,
    });
    const m = await scrape(h.gateway);
    expect(m.text).not.toContain('tok-alice-secret-1234');
    expect(m.text).not.toContain('tok-bob-secret-5678');
    expect(m.text).not.toContain('tok-wrong');
    expect(m.text).not.toContain('Bearer');
    expect(m.text).not.toContain(h.sim.url);
    for (const sample of m.samples) {
      for (const value of Object.values(sample.labels)) {
        expect(value).not.toMatch(/https?:|\/\//);
      }
      if (sample.name === 'hubspot_requests_total') {
        expect(sample.labels.status).toMatch(/^(\d{3}|timeout|network)$/);
        expect(sample.labels.operation).toMatch(/^[a-z][A-Za-z]+$/);
      }
    }
    expect(m.sum('hubspot_requests_total', { operation: 'listThreads', status: '401' })).toBe(1);
  });
});

describe('/metrics exposure', () => {
  it('needs the inbound API key on a non-loopback HOST', async () => {
    const key = 'metrics-key-0123456789';
    const h = await startServerHarness({
      env: { HOST: '0.0.0.0', GATEWAY_API_KEYS: key },
    });
    try {
      const refused = await h.gateway.yoga.fetch('http://gateway.test/metrics');
      expect(refused.status).toBe(401);
      const m = await scrape(h.gateway, { 'x-api-key': key });
      expect(m.types.get('hubspot_requests_total')).toBe('counter');
      expect(h.upstream()).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('is not on the GraphQL port when METRICS_PORT is set, nor anywhere with METRICS=false', async () => {
    for (const env of [{ METRICS_PORT: '9464' }, { METRICS: 'false' }] as Record<
      string,
      string
    >[]) {
      const h = await startServerHarness({ env });
      try {
        const res = await h.gateway.yoga.fetch('http://gateway.test/metrics');
        expect(res.status).toBe(404);
      } finally {
        await h.close();
      }
    }
  });
});
