import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import { leaseHorizonMs, SEND_ALLOWANCE_MS } from '../../src/hubspot/governor.ts';
import { RedisServer } from './redis-server.ts';
import {
  busiestWindow,
  markWindowKnown,
  type Replica,
  sleep,
  startReplica,
  within,
} from './replicas.ts';

/** The subject is the budget: every request reaches HubSpot (the cache does not answer). */
const NO_CACHE = { 'cache-control': 'no-cache' };

const PAGE =
  '{ threads(first: 4) { edges { node { id messages(first: 2) { edges { node { id } } } } } } }';
const LIMIT = 20;

/** Codes a request may get while Redis is away: refused before any upstream call. */
const OUTAGE_CODES = new Set(['UPSTREAM_UNAVAILABLE', 'RATE_LIMITED']);
/**
 * Around the restart (one window with no slots, then 4 requests per window for 4 loops) a
 * request may also wait for budget and run out of time: its deadline is 4 s.
 */
const RUN_CODES = new Set([...OUTAGE_CODES, 'UPSTREAM_TIMEOUT']);

interface Outcome {
  startedAt: number;
  at: number;
  replica: string;
  ok: boolean;
  codes: string[];
}

/** Requests in a loop on each replica until stopped (two concurrent loops per replica). */
function load(replicas: Replica[]): { stop: () => Promise<Outcome[]> } {
  const outcomes: Outcome[] = [];
  let running = true;
  const loop = async (replica: Replica) => {
    while (running) {
      const startedAt = Date.now();
      const res = await replica.gql(PAGE, NO_CACHE).catch(() => undefined);
      const at = Date.now();
      if (!res) {
        outcomes.push({ startedAt, at, replica: replica.name, ok: false, codes: ['NETWORK'] });
        continue;
      }
      const codes = (res.body.errors ?? []).map((e) => String(e.extensions?.code));
      outcomes.push({ startedAt, at, replica: replica.name, ok: codes.length === 0, codes });
      if (codes.length > 0) await sleep(100);
    }
  };
  const loops = replicas.flatMap((replica) => [loop(replica), loop(replica)]);
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

describe('Redis killed and restarted empty mid-run (two replicas, 20 per rolling 10 s)', () => {
  const WINDOW_MS = 10_000;
  let redis: RedisServer;
  let sim: Simulator;
  let replicas: Replica[] = [];
  afterAll(async () => {
    for (const r of replicas) await r.close();
    await sim?.close();
    await redis?.stop();
  });

  it('ready → not ready within 5 s → ready within 15 s of its return; never over budget, never a 429', async () => {
    redis = await RedisServer.start();
    sim = await startSimulator({
      log: false,
      latencyMs: 5,
      rateLimit: { max: LIMIT, intervalMs: WINDOW_MS, daily: 10_000_000 },
    });
    const env = {
      REDIS_URL: redis.url,
      HUBSPOT_MAX_REQUESTS_PER_10S: String(LIMIT),
      REQUEST_TIMEOUT_MS: '4000',
    };
    await markWindowKnown(redis.url, 'hsgw', sim.token);
    replicas = [await startReplica('A', sim, env), await startReplica('B', sim, env)];
    const [a, b] = replicas as [Replica, Replica];
    const allReady = async (status: number) =>
      (await a.readyz()) === status && (await b.readyz()) === status;
    await within(5_000, () => allReady(200));

    const traffic = load(replicas);
    await sleep(3_000);
    const killedAt = Date.now();
    await redis.kill();
    const downAfter = await within(5_000, () => allReady(503));
    expect(downAfter).toBeLessThanOrEqual(5_000);
    const downAt = Date.now();
    // Alive throughout: liveness stays 200.
    expect(await a.healthz()).toBe(200);
    expect(await b.healthz()).toBe(200);
    await sleep(5_000);
    // Calls admitted before the kill may still leave: a reservation's slots are taken up to its
    // horizon after it, and each call may take the send allowance to arrive (a loaded machine's
    // event loop). Past that, nothing may reach HubSpot while Redis is away.
    const admittedBeforeKillBy = killedAt + leaseHorizonMs(WINDOW_MS) + SEND_ALLOWANCE_MS;
    const upstreamDuringOutage = sim.requests.filter((r) => r.startedAt > admittedBeforeKillBy);
    const relaunchAt = Date.now();
    await redis.launch();
    const upAfter = await within(15_000, () => allReady(200));
    expect(upAfter).toBeLessThanOrEqual(15_000);
    const restartedAt = Date.now();
    // The restarted Redis has no record of the last window: nothing goes for one window, then
    // traffic flows again (20 calls = 4 requests per window, shared by both replicas).
    await sleep(3 * WINDOW_MS + 1_000);
    const outcomes = await traffic.stop();

    // Nothing reached HubSpot while Redis was away (after the calls admitted before the kill).
    expect(upstreamDuringOutage).toEqual([]);
    expect(sim.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(
      busiestWindow(
        sim.requests.map((r) => r.startedAt),
        WINDOW_MS,
      ),
    ).toBeLessThanOrEqual(LIMIT);
    const before = outcomes.filter((o) => o.at < killedAt);
    const after = outcomes.filter((o) => o.at > restartedAt + WINDOW_MS);
    expect(before.some((o) => o.ok)).toBe(true);
    expect(after.some((o) => o.ok)).toBe(true);
    // Both replicas serve again (which one won each slot under load is not the point): once the
    // traffic stops, each answers a request of its own within a window.
    for (const replica of [a, b]) {
      await within(WINDOW_MS + 5_000, async () => {
        const res = await replica.gql(PAGE, NO_CACHE).catch(() => undefined);
        return res?.status === 200 && res.body.errors === undefined;
      });
    }
    // Requests sent once both replicas reported Redis down, answered before it returned: every
    // one refused (a request admitted before the kill may still finish late on a loaded machine).
    const outage = outcomes.filter((o) => o.startedAt > downAt && o.at < relaunchAt);
    expect(outage.length).toBeGreaterThan(0);
    for (const o of outage) {
      expect(o.ok).toBe(false);
      for (const code of o.codes) expect(OUTAGE_CODES).toContain(code);
    }
    // Every failure anywhere in the run was a coded refusal, never a crash or a masked error.
    for (const o of outcomes.filter((o) => !o.ok)) {
      for (const code of o.codes) expect(RUN_CODES).toContain(code);
    }
  });
});

describe('Redis unresponsive (SIGSTOP) and Redis down at start', () => {
  let redis: RedisServer | undefined;
  let sim: Simulator | undefined;
  let replica: Replica | undefined;
  afterEach(async () => {
    redis?.thaw();
    await replica?.close();
    await sim?.close();
    await redis?.stop();
    replica = undefined;
    sim = undefined;
    redis = undefined;
  });

  it('a frozen Redis: not ready within 5 s, requests refused fast with a code (not hung), ready again after', async () => {
    redis = await RedisServer.start();
    sim = await startSimulator({ log: false });
    await markWindowKnown(redis.url, 'hsgw', sim.token);
    replica = await startReplica('A', sim, {
      REDIS_URL: redis.url,
      REDIS_COMMAND_TIMEOUT_MS: '500',
      REQUEST_TIMEOUT_MS: '20000',
    });
    await within(5_000, async () => (await replica!.readyz()) === 200);
    expect((await replica.gql(PAGE, NO_CACHE)).body.errors).toBeUndefined();
    sim.resetRequests();

    redis.freeze();
    expect(await within(5_000, async () => (await replica!.readyz()) === 503)).toBeLessThanOrEqual(
      5_000,
    );
    const started = Date.now();
    const res = await replica.gql(PAGE, NO_CACHE);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(res.body.data ?? null).toBeNull();
    expect(sim.requests).toEqual([]);
    expect(await replica.healthz()).toBe(200);

    redis.thaw();
    expect(await within(15_000, async () => (await replica!.readyz()) === 200)).toBeLessThanOrEqual(
      15_000,
    );
    const again = await replica.gql(PAGE, NO_CACHE);
    expect(again.body.errors).toBeUndefined();
    expect(sim.requests).toHaveLength(5);
  });

  it('Redis not running at start: the gateway starts, /healthz 200, /readyz 503, refuses; then recovers by itself', async () => {
    redis = await RedisServer.notStarted();
    sim = await startSimulator({ log: false });
    replica = await startReplica('A', sim, {
      REDIS_URL: redis.url,
      HUBSPOT_RATE_WINDOW_MS: '2000',
      REQUEST_TIMEOUT_MS: '20000',
    });
    expect(await replica.healthz()).toBe(200);
    expect(await replica.readyz()).toBe(503);
    const res = await replica.gql(PAGE, NO_CACHE);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(res.body.errors?.[0]?.message).toMatch(/shared rate-limit budget/);
    expect(sim.requests).toEqual([]);

    await redis.launch();
    expect(await within(15_000, async () => (await replica!.readyz()) === 200)).toBeLessThanOrEqual(
      15_000,
    );
    // A Redis with no record: the first request waits out one (2 s) window, then goes through.
    const started = Date.now();
    const ok = await replica.gql(PAGE, NO_CACHE);
    expect(ok.body.errors).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(sim.requests).toHaveLength(5);
  });
});
