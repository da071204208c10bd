import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HubSpotError } from '../../src/hubspot/errors.ts';
import { SharedRateGovernor, unknownWindowBlockMs } from '../../src/hubspot/governor.ts';
import { createRedisClient } from '../../src/redis/client.ts';
import { RedisKeys } from '../../src/redis/keys.ts';
import { RedisWindow } from '../../src/redis/window.ts';
import { RedisServer } from './redis-server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WINDOW_MS = 1_000;

describe('the shared rolling window (Lua sliding log) in a real redis-server', () => {
  let server: RedisServer;
  let client: Redis;
  let admin: Redis;
  const keys = new RedisKeys('wt');
  let scope = 0;
  let current: [string, string, string];
  let window: RedisWindow;

  beforeAll(async () => {
    server = await RedisServer.start();
    client = createRedisClient({ url: server.url, name: 'window', commandTimeoutMs: 500 });
    admin = new Redis(server.url);
    await waitFor(() => client.status === 'ready');
  });
  afterAll(async () => {
    client.disconnect();
    admin.disconnect();
    await server.stop();
  });
  /** A token scope this Redis has seen before (no unknown-window block), empty log. */
  beforeEach(async () => {
    current = keys.rateWindow(`tok${++scope}`);
    await admin.set(current[2], '1');
    window = new RedisWindow(client, current, WINDOW_MS);
  });

  it('keys of one token share a hash tag (one Cluster slot)', async () => {
    expect(current).toEqual([
      `wt:{tok${scope}}:rl`,
      `wt:{tok${scope}}:rl:blocked`,
      `wt:{tok${scope}}:rl:known`,
    ]);
    const slots = await Promise.all(
      current.map((key) => admin.call('CLUSTER', 'KEYSLOT', key).catch(() => null)),
    );
    // Standalone Redis still computes slots (CLUSTER KEYSLOT works without cluster mode in 7).
    if (slots[0] !== null) expect(new Set(slots).size).toBe(1);
  });

  it('grants up to the limit, partially when fewer are free, with unique members even in one millisecond', async () => {
    const first = await window.take(5, 3, 0);
    expect(first.members).toHaveLength(3);
    expect(first.remaining).toBe(2);
    const second = await window.take(5, 4, 0);
    expect(second.members).toHaveLength(2);
    expect(second.remaining).toBe(0);
    expect(new Set([...first.members, ...second.members]).size).toBe(5);
    expect(await admin.zcard(current[0])).toBe(5);
    const refused = await window.take(5, 1, 0);
    expect(refused.members).toEqual([]);
    // The oldest entry leaves after the window: the wait says so.
    expect(refused.retryInMs).toBeGreaterThan(WINDOW_MS - 200);
    expect(refused.retryInMs).toBeLessThanOrEqual(WINDOW_MS);
    // A refused ask records nothing.
    expect(await admin.zcard(current[0])).toBe(5);
  });

  it('is a rolling window: slots free one by one as their entries turn 1 window old, not all at a boundary', async () => {
    await window.take(4, 2, 0);
    await sleep(400);
    await window.take(4, 2, 0);
    expect((await window.take(4, 1, 0)).members).toHaveLength(0);
    await sleep(WINDOW_MS - 400 + 50);
    // The first two left; the two taken 400 ms later are still in.
    const after = await window.take(4, 4, 0);
    expect(after.members).toHaveLength(2);
    expect(after.remaining).toBe(0);
  });

  it('a held entry counts from holdMs after now; settle drops unused entries and re-dates used ones', async () => {
    const grant = await window.take(10, 4, 5_000);
    const scores = await admin.zrange(current[0], 0, -1, 'WITHSCORES');
    const [seconds, micros] = (await admin.time()) as unknown as [string, string];
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    expect(Number(scores[1])).toBeGreaterThan(now + 4_500);
    const [a, b, c, d] = grant.members as [string, string, string, string];
    await window.settle(
      [c, d],
      [
        { member: a, agoMs: 0 },
        { member: b, agoMs: 100 },
      ],
    );
    expect(await admin.zcard(current[0])).toBe(2);
    const scoreA = Number(await admin.zscore(current[0], a));
    const scoreB = Number(await admin.zscore(current[0], b));
    expect(scoreA - scoreB).toBeGreaterThanOrEqual(99);
    expect(scoreA).toBeLessThan(now + 1_000);
    // Expiry follows the newest entry: the keys go away by themselves.
    const pttl = await admin.pttl(current[0]);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(WINDOW_MS + 1_000);
    // Re-dating never resurrects an entry that is gone.
    await window.settle([], [{ member: c, agoMs: 0 }]);
    expect(await admin.zscore(current[0], c)).toBeNull();
  });

  it('pad: HubSpot reporting fewer remaining than the log knows adds entries up to that', async () => {
    await window.take(10, 2, 0);
    await window.pad(10, 5);
    expect(await admin.zcard(current[0])).toBe(5);
    await window.pad(10, 8);
    expect(await admin.zcard(current[0])).toBe(5);
    expect((await window.take(10, 10, 0)).members).toHaveLength(5);
  });

  it('block: after a 429 nobody takes until it passes; a shorter block never shortens a longer one', async () => {
    await window.block(300);
    await window.block(100);
    const blocked = await window.take(10, 1, 0);
    expect(blocked.members).toEqual([]);
    expect(blocked.retryInMs).toBeGreaterThan(150);
    await sleep(320);
    expect((await window.take(10, 1, 0)).members).toHaveLength(1);
  });

  it('a Redis that lost the log (restart, FLUSHALL) blocks the token past one window: forgotten calls leave first', async () => {
    expect((await window.take(5, 5, 0)).members).toHaveLength(5);
    await admin.flushall();
    const after = await window.take(5, 5, 0);
    expect(after.members).toEqual([]);
    // One window plus the time a slot granted from the lost log may still take to be used.
    expect(after.retryInMs).toBeGreaterThan(unknownWindowBlockMs(WINDOW_MS) - 100);
    expect(unknownWindowBlockMs(WINDOW_MS)).toBeGreaterThan(WINDOW_MS);
    expect((await window.take(5, 5, 0)).members).toEqual([]);
    await sleep(unknownWindowBlockMs(WINDOW_MS) + 20);
    expect((await window.take(5, 5, 0)).members).toHaveLength(5);
  });
});

describe('SharedRateGovernor over Redis: two replicas, one budget', () => {
  let server: RedisServer;
  let clients: Redis[];
  beforeAll(async () => {
    server = await RedisServer.start();
    clients = [0, 1].map((i) =>
      createRedisClient({ url: server.url, name: `replica${i}`, commandTimeoutMs: 500 }),
    );
    await waitFor(() => clients.every((c) => c.status === 'ready'));
    await clients[0]!.set(new RedisKeys('gv').rateWindow('tok')[2], '1');
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server.stop();
  });

  it('60 concurrent acquires on two governors: at most 10 per rolling window, all served, few round trips', async () => {
    const keys = new RedisKeys('gv').rateWindow('tok');
    const governors = clients.map(
      (client) =>
        new SharedRateGovernor({
          window: new RedisWindow(client, keys, WINDOW_MS),
          maxRequests: 10,
          intervalMs: WINDOW_MS,
          // No lease re-dates these entries: keep the allowance well under the 1-s window.
          sendAllowanceMs: 250,
          maxPollMs: 100,
        }),
    );
    const admin = new Redis(server.url);
    await admin.config('RESETSTAT');
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        governors[i % 2]!.acquire('op', Date.now() + 30_000).then((slot) => {
          times.push(Date.now());
          governors[i % 2]!.settle(slot);
        }),
      ),
    );
    expect(times).toHaveLength(60);
    expect(busiest(times, WINDOW_MS)).toBeLessThanOrEqual(10);
    // Waiting callers share asks: far fewer script runs than callers (polls included).
    const stats = await admin.info('commandstats');
    const runs = [...stats.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+)/g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    expect(runs).toBeLessThan(150);
    admin.disconnect();
  });

  it('a reservation costs one round trip for the whole request and returns what it did not use', async () => {
    const keys = new RedisKeys('gv').rateWindow('reserve');
    const admin = new Redis(server.url);
    await admin.set(keys[2], '1');
    const governor = new SharedRateGovernor({
      window: new RedisWindow(clients[0]!, keys, WINDOW_MS),
      maxRequests: 10,
      intervalMs: WINDOW_MS,
    });
    const budget = governor.openBudget();
    await budget.reserve(6);
    expect(await admin.zcard(keys[0])).toBe(6);
    await admin.config('RESETSTAT');
    const slots = [];
    for (let i = 0; i < 4; i++)
      slots.push(await governor.acquire('op', Date.now() + 1000, undefined, budget));
    for (const slot of slots) governor.settle(slot);
    const stats = await admin.info('commandstats');
    expect(stats).not.toMatch(/cmdstat_eval/);
    budget.release();
    await waitFor(async () => (await admin.zcard(keys[0])) === 4);
    // The window has 6 free again: the 2 unused came back.
    const other = governor.openBudget();
    await other.reserve(100);
    expect(await admin.zcard(keys[0])).toBe(10);
    other.release();
    admin.disconnect();
  });

  it('a reserved call that ends unanswered (cancelled in flight) keeps its entry a send allowance past its end', async () => {
    const keys = new RedisKeys('gv').rateWindow('unanswered');
    const admin = new Redis(server.url);
    await admin.set(keys[2], '1');
    const governor = new SharedRateGovernor({
      window: new RedisWindow(clients[0]!, keys, WINDOW_MS),
      maxRequests: 10,
      intervalMs: WINDOW_MS,
      sendAllowanceMs: 400,
    });
    const budget = governor.openBudget();
    await budget.reserve(2);
    const answered = await governor.acquire('op', Date.now() + 1000, undefined, budget);
    const cancelled = await governor.acquire('op', Date.now() + 1000, undefined, budget);
    const reserved = Number(await admin.zscore(keys[0], answered.member!));
    governor.settle(answered);
    governor.settle(cancelled, false);
    budget.release();
    // Re-dated in one script run: the answered call to its answer, before the reserved date.
    await waitFor(async () => Number(await admin.zscore(keys[0], answered.member!)) < reserved);
    const answeredScore = Number(await admin.zscore(keys[0], answered.member!));
    const cancelledScore = Number(await admin.zscore(keys[0], cancelled.member!));
    // The cancelled one may still reach HubSpot after it was given up: dated the allowance later.
    expect(cancelledScore - answeredScore).toBeGreaterThanOrEqual(400);
    admin.disconnect();
  });

  it('Redis unreachable: acquire and reserve fail at once with budget-unavailable (no call it cannot count)', async () => {
    const keys = new RedisKeys('gv').rateWindow('down');
    const governor = new SharedRateGovernor({
      window: new RedisWindow(clients[1]!, keys, WINDOW_MS),
      maxRequests: 10,
      intervalMs: WINDOW_MS,
    });
    server.freeze();
    try {
      const started = Date.now();
      const error = await governor.acquire('listThreads', Date.now() + 10_000).catch((e) => e);
      expect(error).toBeInstanceOf(HubSpotError);
      expect(error.kind).toBe('budget-unavailable');
      // Bounded by the command timeout (500 ms), not the request deadline.
      expect(Date.now() - started).toBeLessThan(3_000);
      await expect(governor.openBudget().reserve(3)).rejects.toMatchObject({
        kind: 'budget-unavailable',
      });
    } finally {
      server.thaw();
    }
  });
});

function busiest(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(20);
  }
}
