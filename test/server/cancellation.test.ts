import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/server/gateway.ts';
import { createHttpServer, type HttpServer } from '../../src/server/http.ts';
import { createLogger } from '../../src/server/logger.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { gatewayOver } from './support.ts';

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** The gateway over real HTTP on a loopback port, as `npm start` serves it. */
async function serve(sim: Simulator, env: Record<string, string>) {
  const { gateway, logs } = gatewayOver(sim, sim.token, env);
  const http = createHttpServer(gateway, createLogger({ level: 'silent' }));
  const { port } = await http.listen(0, '127.0.0.1');
  return { gateway, logs, http, url: `http://127.0.0.1:${port}/graphql` };
}

const PREVIEWS = JSON.stringify({
  query:
    '{ threads(first: 10) { edges { node { id messages(first: 2) { edges { node { id } } } } } } }',
});

describe('cancellation and deadlines over real HTTP', () => {
  let sim: Simulator;
  let servers: HttpServer[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ log: false });
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.shutdown(100)));
    servers = [];
    sim.clearFaults();
    sim.resetRequests();
  });
  afterAll(() => sim.close());

  const load = (gateway: Gateway) => {
    const { transport } = gateway.transports.getOrCreate(sim.token);
    return { ...transport.load, queued: transport.governor.queued };
  };

  it('a client that disconnects cancels its in-flight and queued upstream calls', async () => {
    // Two upstream slots: two listMessages calls hang in flight, eight wait their turn.
    const server = await serve(sim, { HUBSPOT_MAX_CONCURRENCY: '2', HUBSPOT_MAX_RETRIES: '2' });
    servers.push(server.http);
    sim.injectFault({ operation: 'listMessages', kind: 'hang' });

    const controller = new AbortController();
    const response = fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: PREVIEWS,
      signal: controller.signal,
    }).catch((error: unknown) => error);

    const messageCalls = () => sim.requests.filter((r) => r.operation === 'listMessages').length;
    await waitFor(() => messageCalls() === 2);
    expect(load(server.gateway)).toEqual({ active: 2, pending: 8, queued: 0 });

    controller.abort();
    expect(await response).toBeInstanceOf(Error);

    // The hung calls are aborted, the queued ones never start, nothing is retried.
    await waitFor(() => load(server.gateway).active === 0 && load(server.gateway).pending === 0);
    const seen = sim.requests.length;
    await sleep(800); // longer than any retry backoff (≤ 500 ms here)
    expect(sim.requests.length).toBe(seen);
    expect(messageCalls()).toBe(2);
    expect(load(server.gateway)).toEqual({ active: 0, pending: 0, queued: 0 });
  });

  // The test's timeout only bounds the wait: the 500 ms deadline ends it well within; the
  // 10 s per-attempt timeout (and its retries) would not.
  it(
    'REQUEST_TIMEOUT_MS cuts a request whose upstream hangs: UPSTREAM_TIMEOUT, no retry after it',
    { timeout: 8_000 },
    async () => {
      const server = await serve(sim, { REQUEST_TIMEOUT_MS: '500', HUBSPOT_TIMEOUT_MS: '10000' });
      servers.push(server.http);
      sim.injectFault({ operation: 'listThreads', kind: 'hang' });

      const started = Date.now();
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: PREVIEWS,
      });
      // It waited for the deadline (a lower bound: a loaded machine only makes it later).
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.errors[0].extensions.code).toBe('UPSTREAM_TIMEOUT');
      await sleep(500);
      expect(sim.requests.map((r) => r.operation)).toEqual(['listThreads']);
      expect(load(server.gateway)).toEqual({ active: 0, pending: 0, queued: 0 });
    },
  );

  it('a disconnect while waiting for the rate-limit budget leaves the queue', async () => {
    const server = await serve(sim, {
      HUBSPOT_MAX_REQUESTS_PER_10S: '1',
      HUBSPOT_RATE_WINDOW_MS: '5000',
    });
    servers.push(server.http);
    const controller = new AbortController();
    const response = fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: PREVIEWS,
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await waitFor(() => load(server.gateway).queued > 0);
    expect(sim.requests).toHaveLength(1);
    controller.abort();
    await response;
    await waitFor(() => load(server.gateway).queued === 0 && load(server.gateway).pending === 0);
    expect(sim.requests).toHaveLength(1);
  });
});
