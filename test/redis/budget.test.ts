import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import { RedisServer } from './redis-server.ts';
import { busiestWindow, markWindowKnown, type Replica, startReplica, within } from './replicas.ts';

/** The subject is the budget: every request reaches HubSpot (the cache does not answer). */
const NO_CACHE = { 'cache-control': 'no-cache' };

/** 1 listThreads + 4 listMessages: 5 upstream calls, estimated 5 before execution. */
const PAGE =
  '{ threads(first: 4) { edges { node { id messages(first: 2) { edges { node { id } } } } } } }';
const WINDOW_MS = 10_000;
const LIMIT = 20;

describe('two gateway replicas, one HubSpot budget of 20 per rolling 10 s, one Redis', () => {
  let redis: RedisServer;
  let sim: Simulator;
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    redis = await RedisServer.start();
    sim = await startSimulator({
      log: false,
      latencyMs: 10,
      rateLimit: { max: LIMIT, intervalMs: WINDOW_MS, daily: 10_000_000 },
    });
    const env = {
      REDIS_URL: redis.url,
      HUBSPOT_MAX_REQUESTS_PER_10S: String(LIMIT),
      REQUEST_TIMEOUT_MS: '60000',
    };
    await markWindowKnown(redis.url, 'hsgw', sim.token);
    a = await startReplica('A', sim, env);
    b = await startReplica('B', sim, env);
    await within(5_000, async () => (await a.readyz()) === 200 && (await b.readyz()) === 200);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sim?.close();
    await redis?.stop();
  });
  beforeEach(() => sim.resetRequests());

  it('one request costs at most 2 Redis round trips for its 5 upstream calls (reserve + release)', async () => {
    const admin = new Redis(redis.url);
    await admin.config('RESETSTAT');
    const res = await a.gql(PAGE, NO_CACHE);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.extensions?.cost).toEqual({ estimated: 5, actual: 5, cached: 0 });
    expect(sim.requests.map((r) => r.operation)).toEqual([
      'listThreads',
      'listMessages',
      'listMessages',
      'listMessages',
      'listMessages',
    ]);
    const scripts = async () =>
      [...(await admin.info('commandstats')).matchAll(/cmdstat_eval(?:sha)?:calls=(\d+)/g)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
    // The release is sent after the response: wait for it, then make sure nothing else came.
    await within(2_000, async () => (await scripts()) >= 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await scripts()).toBe(2);
    admin.disconnect();
  });

  it('concurrent load on both replicas: HubSpot never sees more than 20 in any 10 s, no 429, all served', async () => {
    // The previous test's 5 calls still count: wait them out so the window starts empty.
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    sim.resetRequests();
    const started = Date.now();
    // 12 requests × 5 calls = 60 calls: three windows' worth, half sent to each replica.
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? b : a).gql(PAGE, NO_CACHE)),
    );
    const elapsed = Date.now() - started;
    for (const res of results) {
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.extensions?.cost).toEqual({ estimated: 5, actual: 5, cached: 0 });
    }
    expect(sim.requests).toHaveLength(60);
    expect(sim.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(sim.requests.every((r) => r.status === 200)).toBe(true);
    expect(
      busiestWindow(
        sim.requests.map((r) => r.startedAt),
        WINDOW_MS,
      ),
    ).toBeLessThanOrEqual(LIMIT);
    // 60 calls at 20 per window need two further windows: the replicas really waited for each other.
    expect(elapsed).toBeGreaterThanOrEqual(2 * WINDOW_MS - 500);
  });
});
