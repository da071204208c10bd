import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { call, expectError, NO_RATE_LIMIT, UUID, until, V3 } from './helpers.ts';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ rateLimit: { ...NO_RATE_LIMIT, max: 10_000 } });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.clearFaults();
  sim.setLatency(0);
  sim.resetRequests();
  sim.resetRateLimits();
});

const remaining = (headers: Headers) => Number(headers.get('x-hubspot-ratelimit-remaining'));

describe('injected faults', () => {
  it("'status' answers the status with an error body, for `times` matching requests", async () => {
    sim.injectFault({ kind: 'status', status: 503, operation: 'listThreads', times: 2 });
    const inbox = await call(sim, `${V3}/inboxes`);
    expect(inbox.status).toBe(200);
    const a = await call(sim, `${V3}/threads?limit=1`);
    const b = await call(sim, `${V3}/threads?limit=1`);
    const c = await call(sim, `${V3}/threads?limit=1`);
    expectError(a, 503, 'SERVICE_UNAVAILABLE');
    expectError(b, 503, 'SERVICE_UNAVAILABLE');
    expect(a.headers.get('retry-after')).toBeNull();
    expect(a.headers.get('x-hubspot-ratelimit-max')).toBe('10000');
    expect(c.status).toBe(200);
    expect(sim.requests.map((r) => r.status)).toEqual([200, 503, 503, 200]);
  });

  it("'status' covers 500, 502, 504, 423 and 477 with Retry-After", async () => {
    for (const status of [500, 502, 504, 423]) {
      sim.injectFault({ kind: 'status', status, times: 1 });
      const res = await call(sim, `${V3}/inboxes`);
      expect(res.status).toBe(status);
      expect(res.json).toMatchObject({
        status: 'error',
        correlationId: expect.stringMatching(UUID),
      });
    }
    sim.injectFault({ kind: 'status', status: 477, retryAfterSeconds: 30, times: 1 });
    const migrating = await call(sim, `${V3}/inboxes`);
    expect(migrating.status).toBe(477);
    expect(migrating.headers.get('retry-after')).toBe('30');
    expect((await call(sim, `${V3}/inboxes`)).status).toBe(200);
  });

  it('matches on pathIncludes', async () => {
    sim.injectFault({ kind: 'status', status: 502, pathIncludes: '/messages' });
    const thread = sim.data.threads[0]!;
    expect((await call(sim, `${V3}/threads/${thread.id}/messages`)).status).toBe(502);
    expect((await call(sim, `${V3}/threads/${thread.id}?archived=${thread.archived}`)).status).toBe(
      200,
    );
    sim.clearFaults();
    expect((await call(sim, `${V3}/threads/${thread.id}/messages`)).status).toBe(200);
  });

  it("'rate-limit' answers HubSpot's ten-secondly 429 without charging the window", async () => {
    const before = await call(sim, `${V3}/inboxes`);
    sim.injectFault({ kind: 'rate-limit', times: 1 });
    const refused = await call(sim, `${V3}/inboxes`);
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.stringMatching(UUID),
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    expect(refused.headers.get('retry-after')).toBeNull();
    const after = await call(sim, `${V3}/inboxes`);
    expect(remaining(after.headers)).toBe(remaining(before.headers) - 1);

    sim.injectFault({ kind: 'rate-limit', retryAfterSeconds: 2, times: 1 });
    expect((await call(sim, `${V3}/inboxes`)).headers.get('retry-after')).toBe('2');
  });

  it("'daily-limit' answers the DAILY 429", async () => {
    sim.injectFault({ kind: 'daily-limit', operation: 'batchReadActors', times: 1 });
    const res = await call(sim, `${V3}/actors/batch/read`, { body: { inputs: ['S-hubspot'] } });
    expect(res.status).toBe(429);
    expect(res.json).toMatchObject({
      policyName: 'DAILY',
      message: 'You have reached your daily limit.',
    });
  });

  it("'malformed' answers 200 with a body that is not valid JSON", async () => {
    sim.injectFault({ kind: 'malformed', operation: 'listThreads', times: 1 });
    const res = await call(sim, `${V3}/threads`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.json).toBeUndefined();
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it("'reset' destroys the connection", async () => {
    sim.injectFault({ kind: 'reset', operation: 'getInbox' });
    await expect(call(sim, `${V3}/inboxes/147959`)).rejects.toThrow();
    expect(sim.requests.at(-1)).toMatchObject({ operation: 'getInbox', status: 0 });
    sim.clearFaults();
    expect((await call(sim, `${V3}/inboxes/147959`)).status).toBe(200);
  });

  it("'hang' never answers; the client's abort ends it", async () => {
    sim.injectFault({ kind: 'hang', operation: 'listInboxes', times: 1 });
    const started = Date.now();
    await expect(
      call(sim, `${V3}/inboxes`, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(sim.requests[0]!.status).toBe(0);
    expect((await call(sim, `${V3}/inboxes`)).status).toBe(200);
  });

  it('applies probability with a seeded PRNG', async () => {
    sim.injectFault({ kind: 'status', status: 500, operation: 'getActor', probability: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await call(sim, `${V3}/actors/S-hubspot`)).status);
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(10);
    expect(failed).toBeLessThan(50);
    sim.clearFaults();
    sim.injectFault({ kind: 'status', status: 500, probability: 0 });
    expect((await call(sim, `${V3}/actors/S-hubspot`)).status).toBe(200);
  });

  it('adds latency to every response', async () => {
    sim.setLatency(600);
    const started = Date.now();
    expect((await call(sim, `${V3}/inboxes`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    // Back to none: after a latency longer than the test may wait, 0 lets the call answer.
    sim.setLatency(600_000);
    sim.setLatency(0);
    expect((await call(sim, `${V3}/inboxes`)).status).toBe(200);
  });
});

describe('close()', () => {
  it('closes the server even with hanging and delayed requests in flight', async () => {
    const local = await startSimulator({ latencyMs: 0 });
    local.injectFault({ kind: 'hang', operation: 'listThreads' });
    const hanging = call(local, `${V3}/threads`).then(
      () => 'answered',
      () => 'failed',
    );
    await until(async () => local.requests.length === 1);
    // Longer than the test may wait: close() must not wait for it (nor for the hang).
    local.setLatency(600_000);
    const delayed = call(local, `${V3}/inboxes`).then(
      () => 'answered',
      () => 'failed',
    );
    await until(async () => local.requests.length === 2);
    await local.close();
    expect(await hanging).toBe('failed');
    expect(await delayed).toBe('failed');
    await expect(fetch(`${local.url}${V3}/inboxes`)).rejects.toThrow();
  });

  it('honours latencyMs from the options', async () => {
    const slow = await startSimulator({ latencyMs: 100 });
    try {
      const started = Date.now();
      await call(slow, `${V3}/inboxes`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    } finally {
      await slow.close();
    }
  });
});
