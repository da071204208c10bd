import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InboxPageDocument } from '../__generated__/graphql.ts';
import type { Harness } from '../helpers/harness.ts';
import { expectNoLeaks, post, startServerHarness } from '../server/support.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function requestLines(h: Harness): Record<string, unknown>[] {
  return h.logs.filter((line) => line.msg === 'request');
}

describe('request id', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.reset();
    h.logs.length = 0;
  });

  it('is generated when the caller sends none, and kept when it sends a sane one', async () => {
    const generated = await post(h, { query: '{ __typename }' });
    expect(generated.headers.get('x-request-id')).toMatch(UUID);
    const kept = await post(h, { query: '{ __typename }' }, { 'x-request-id': 'web-7f3a:42' });
    expect(kept.headers.get('x-request-id')).toBe('web-7f3a:42');
    const lines = requestLines(h);
    expect(lines.map((l) => l.requestId)).toEqual([
      generated.headers.get('x-request-id'),
      'web-7f3a:42',
    ]);
    expect(h.upstream()).toEqual([]);
  });

  it('replaces an overlong or odd caller id instead of echoing it', async () => {
    for (const bad of ['x'.repeat(129), 'has space', 'quote"', 'new\tline', '']) {
      const res = await post(h, { query: '{ __typename }' }, { 'x-request-id': bad });
      expect(res.headers.get('x-request-id')).toMatch(UUID);
    }
    const long = await post(h, { query: '{ __typename }' }, { 'x-request-id': 'y'.repeat(128) });
    expect(long.headers.get('x-request-id')).toBe('y'.repeat(128));
  });

  it('is in every error: validation, parse, bad JSON, upstream failures', async () => {
    const id = 'bug-report-1';
    const validation = await post(h, { query: '{ nope }' }, { 'x-request-id': id });
    const parse = await post(h, { query: '{' }, { 'x-request-id': id });
    const badJson = await post(h, '{"query":', { 'x-request-id': id });
    const noQuery = await h.gateway.yoga.fetch('http://gateway.test/graphql', {
      headers: { accept: 'application/json', 'x-request-id': id },
    });
    for (const res of [validation, parse, badJson, noQuery]) {
      expect(res.headers.get('x-request-id')).toBe(id);
      const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors.length).toBeGreaterThan(0);
      for (const error of body.errors) expect(error.extensions.requestId).toBe(id);
    }
    h.sim.injectFault({ operation: 'listThreads', kind: 'status', status: 500 });
    try {
      const upstream = await post(
        h,
        { query: '{ threads(first: 1) { edges { node { id } } } }' },
        {
          'x-request-id': id,
        },
      );
      const body = (await upstream.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0]!.extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        requestId: id,
      });
      expect(h.upstream().map((r) => r.status)).toEqual([500, 500, 500]);
    } finally {
      h.sim.clearFaults();
    }
  });

  it('is on a request refused by inbound auth', async () => {
    const key = 'request-id-key-0123456789';
    const a = await startServerHarness({ env: { GATEWAY_API_KEYS: key } });
    try {
      const res = await post(a, { query: '{ __typename }' }, { 'x-request-id': 'no-key-1' });
      expect(res.status).toBe(401);
      expect(res.headers.get('x-request-id')).toBe('no-key-1');
      const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0]!.extensions).toEqual({
        code: 'UNAUTHENTICATED',
        requestId: 'no-key-1',
      });
      expect(a.upstream()).toEqual([]);
    } finally {
      await a.close();
    }
  });
});

describe('the per-request log line', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.reset();
    h.logs.length = 0;
  });

  it('is on by default with the simulated portal: operation, duration, status, calls, codes, id', async () => {
    const res = await h.gql(InboxPageDocument, { first: 5 }, { 'x-request-id': 'line-1' });
    expect(res.errors).toBeUndefined();
    expect(h.upstream().map((r) => r.operation)).toEqual(['listThreads']);
    const [line, ...more] = requestLines(h);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'line-1',
      operationName: 'InboxPage',
      operationType: 'query',
      status: 200,
      upstreamCalls: 1,
      cachedCalls: 0,
      errorCodes: [],
    });
    expect(typeof line!.durationMs).toBe('number');
    expect(line!.durationMs as number).toBeGreaterThan(0);
  });

  it('lists the error codes and counts the upstream attempts of a failing request', async () => {
    h.sim.injectFault({ operation: 'listThreads', kind: 'status', status: 503 });
    try {
      const res = await h.gql('query Failing { threads(first: 2) { edges { node { id } } } }');
      expect(res.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      h.sim.clearFaults();
    }
    const calls = h.upstream();
    expect(calls.map((r) => r.status)).toEqual([503, 503, 503]);
    const [line] = requestLines(h);
    expect(line).toMatchObject({
      operationName: 'Failing',
      status: 200,
      upstreamCalls: calls.length,
      errorCodes: ['UPSTREAM_UNAVAILABLE'],
    });
    await h.gql('{ nope }');
    expect(requestLines(h)[1]).toMatchObject({
      status: 200,
      upstreamCalls: 0,
      errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
    });
    expect(requestLines(h)[1]!.operationName).toBeUndefined();
    expectNoLeaks(h.logs, [h.sim.token]);
  });

  it('caps a caller operation name and writes no line for /metrics', async () => {
    const name = `Long${'n'.repeat(300)}`;
    await h.gql(`query ${name} { __typename }`);
    await h.gateway.yoga.fetch('http://gateway.test/metrics');
    const lines = requestLines(h);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.operationName).toBe(name.slice(0, 64));
  });

  it('is off with REQUEST_LOG=false, and by default with a real portal', async () => {
    for (const env of [{ REQUEST_LOG: 'false' }, { HUBSPOT_ACCESS_TOKEN: 'sim-token' }] as Record<
      string,
      string
    >[]) {
      const quiet = await startServerHarness({ env });
      try {
        const res = await quiet.gql(InboxPageDocument, { first: 1 });
        expect(res.errors).toBeUndefined();
        expect(quiet.upstream()).toHaveLength(1);
        expect(requestLines(quiet)).toEqual([]);
      } finally {
        await quiet.close();
      }
    }
    const loud = await startServerHarness({
      env: { HUBSPOT_ACCESS_TOKEN: 'sim-token', REQUEST_LOG: 'true' },
    });
    try {
      await loud.gql(InboxPageDocument, { first: 1 });
      expect(requestLines(loud)).toHaveLength(1);
    } finally {
      await loud.close();
    }
  });
});
