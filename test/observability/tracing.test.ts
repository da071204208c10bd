import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThreadDetailDocument } from '../__generated__/graphql.ts';
import type { Harness } from '../helpers/harness.ts';
import { startServerHarness } from '../server/support.ts';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  status?: { code?: number };
  resource: Record<string, unknown>;
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;
const STATUS_ERROR = 2;

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
  arrayValue?: { values?: OtlpValue[] };
};

function value(v: OtlpValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(value);
  return undefined;
}

function attributes(
  list: { key: string; value: OtlpValue }[] | undefined,
): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((a) => [a.key, value(a.value)]));
}

/** An in-process OTLP/HTTP (JSON) receiver: the spans of every export it was sent. */
async function startReceiver(): Promise<{
  url: string;
  spans: OtlpSpan[];
  paths: string[];
  close(): Promise<void>;
}> {
  const spans: OtlpSpan[] = [];
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const body = JSON.parse(raw.toString('utf8')) as any;
      for (const rs of body.resourceSpans ?? []) {
        const resource = attributes(rs.resource?.attributes);
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            spans.push({
              ...s,
              attributes: attributes(s.attributes),
              // eslint-disable-next-line @typescript-eslint/no-explicit-any
              events: (s.events ?? []).map((e: any) => ({
                name: e.name,
                attributes: attributes(e.attributes),
              })),
              resource,
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    paths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function threadWithSenders(h: Harness): string {
  for (const thread of h.sim.data.threads) {
    const messages = h.sim.data.messagesByThread.get(thread.id) ?? [];
    if (messages.length > 5 && messages.some((m) => m.senders.some((s) => s.actorId)))
      return thread.id;
  }
  throw new Error('no thread with senders');
}

describe('OpenTelemetry traces over a real OTLP/HTTP exporter', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let h: Harness;
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpanId = '00f067aa0ba902b7';

  beforeAll(async () => {
    receiver = await startReceiver();
    h = await startServerHarness({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'gateway-under-test' },
    });
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  it('a thread-detail query: one operation span continuing traceparent, one child span per upstream attempt', async () => {
    h.sim.injectFault({ operation: 'listMessages', kind: 'status', status: 500, times: 1 });
    const id = threadWithSenders(h);
    const res = await h.gql(
      ThreadDetailDocument,
      { id },
      {
        traceparent: `00-${traceId}-${callerSpanId}-01`,
        'x-request-id': 'traced-1',
      },
    );
    expect(res.errors).toBeUndefined();
    const upstream = h.upstream();
    expect(upstream.map((r) => `${r.operation} ${r.status}`).sort()).toEqual(
      [
        'getThread 200',
        'listMessages 500',
        'listMessages 200',
        `batchReadActors ${upstream.find((r) => r.operation === 'batchReadActors')!.status}`,
      ].sort(),
    );

    // Flushes the batch processor through the real exporter.
    await h.gateway.close();
    expect(receiver.paths[0]).toMatch(/^POST \/v1\/traces application\/json/);
    const spans = receiver.spans;
    expect(spans).toHaveLength(1 + upstream.length);
    for (const span of spans) {
      expect(span.traceId).toBe(traceId);
      expect(span.resource['service.name']).toBe('gateway-under-test');
    }

    const [operation, ...others] = spans.filter((s) => s.kind === SPAN_KIND_SERVER);
    expect(others).toEqual([]);
    expect(operation!.name).toBe('query');
    expect(operation!.parentSpanId).toBe(callerSpanId);
    expect(operation!.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'ThreadDetail',
      'gateway.request_id': 'traced-1',
      'gateway.upstream_calls': upstream.length,
      'gateway.cached_calls': 0,
      'http.response.status_code': 200,
    });
    expect(operation!.events.map((e) => e.name)).toContain('hubspot.retry');

    const attempts = spans.filter((s) => s.kind === SPAN_KIND_CLIENT);
    expect(attempts).toHaveLength(upstream.length);
    for (const attempt of attempts) {
      expect(attempt.parentSpanId).toBe(operation!.spanId);
      expect(BigInt(attempt.startTimeUnixNano)).toBeGreaterThanOrEqual(
        BigInt(operation!.startTimeUnixNano),
      );
      expect(BigInt(attempt.endTimeUnixNano)).toBeLessThanOrEqual(
        BigInt(operation!.endTimeUnixNano),
      );
      const url = new URL(attempt.attributes['url.full'] as string);
      expect(url.origin).toBe(h.sim.url);
      expect(JSON.stringify(attempt)).not.toContain(h.sim.token);
      expect(attempt.attributes).toMatchObject({
        'http.request.method': attempt.name,
        'server.address': '127.0.0.1',
        'server.port': Number(new URL(h.sim.url).port),
      });
      expect(typeof attempt.attributes['gateway.governor.wait_ms']).toBe('number');
    }
    // Each attempt's URL is a request the simulator received, with the same path and query.
    const recorded = upstream.map((r) => `${r.method} ${r.path}`).sort();
    expect(
      attempts
        .map(
          (a) =>
            `${a.attributes['http.request.method']} ${new URL(a.attributes['url.full'] as string).pathname}`,
        )
        .sort(),
    ).toEqual(recorded);

    const byOperation = (op: string) =>
      attempts.filter((a) => a.attributes['hubspot.operation'] === op);
    const [failed, retried] = byOperation('listMessages').sort((a, b) =>
      Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)),
    );
    expect(failed!.attributes).toMatchObject({
      'http.response.status_code': 500,
      'error.type': '500',
    });
    expect(failed!.status?.code).toBe(STATUS_ERROR);
    expect(failed!.attributes['http.request.resend_count']).toBeUndefined();
    expect(retried!.attributes).toMatchObject({
      'http.response.status_code': 200,
      'http.request.resend_count': 1,
    });
    expect(retried!.attributes['error.type']).toBeUndefined();
    expect(byOperation('getThread')[0]!.attributes['http.response.status_code']).toBe(200);

    // The trace id on the log lines written during the request.
    const request = h.logs.find((l) => l.msg === 'request' && l.requestId === 'traced-1');
    expect(request).toMatchObject({ traceId });
    const retryLine = h.logs.find((l) => l.msg === 'retrying HubSpot call');
    expect(retryLine).toMatchObject({ traceId, spanId: operation!.spanId });
  });
});

describe('tracing off', () => {
  it('builds no tracer and sends nothing when no OTLP endpoint is set', async () => {
    const h = await startServerHarness();
    try {
      expect(h.gateway.observability.tracing).toBeUndefined();
      const res = await h.gql(
        '{ __typename }',
        {},
        { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      );
      expect(res.errors).toBeUndefined();
      const line = h.logs.find((l) => l.msg === 'request');
      expect(line).toBeDefined();
      expect(line!.traceId).toBeUndefined();
      expect(h.upstream()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
