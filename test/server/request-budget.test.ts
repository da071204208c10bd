import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startUnthrottledHarness } from '../helpers/harness.ts';

/** HubSpot's window is 10 s; a 1 s window (same logic) keeps the test quick. */
const WINDOW_MS = 1000;
const BUDGET = 10;

const PAGE_WITH_MESSAGES =
  '{ threads(first: 4) { edges { node { id messages(first: 2) { edges { node { id } } } } } } }';

/** The most requests the simulator received in any rolling window. */
function busiestWindow(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (const [i, start] of sorted.entries()) {
    let n = 0;
    for (let j = i; j < sorted.length && sorted[j]! < start + WINDOW_MS; j++) n++;
    most = Math.max(most, n);
  }
  return most;
}

describe('rolling-window budget across concurrent GraphQL requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startUnthrottledHarness({
      sim: { latencyMs: 15, rateLimit: { max: BUDGET, intervalMs: WINDOW_MS, daily: 1_000_000 } },
      env: {
        HUBSPOT_MAX_REQUESTS_PER_10S: String(BUDGET),
        HUBSPOT_RATE_WINDOW_MS: String(WINDOW_MS),
        REQUEST_TIMEOUT_MS: '20000',
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('8 concurrent operations (40 upstream calls) never exceed the budget: zero 429s, all served', async () => {
    // `no-cache`: every operation reads HubSpot in full (the cross-request cache would answer
    // the repeats), so 40 calls go through the budget.
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        h.gql(PAGE_WITH_MESSAGES, undefined, { 'cache-control': 'no-cache' }),
      ),
    );
    for (const res of results) {
      expect(res.errors).toBeUndefined();
      expect(res.data.threads.edges).toHaveLength(4);
      expect(res.extensions?.cost).toEqual({ estimated: 5, actual: 5, cached: 0 });
    }
    const upstream = h.upstream();
    expect(upstream).toHaveLength(40);
    expect(upstream.filter((r) => r.status === 429)).toEqual([]);
    // The simulator's own record of when each call arrived: no rolling window holds more than the
    // budget, so the 40 calls were paced over at least three further windows, not sent at once.
    expect(busiestWindow(upstream.map((r) => r.startedAt))).toBeLessThanOrEqual(BUDGET);
  });
});

describe('fail fast when the budget cannot serve a request before its deadline', () => {
  /**
   * HubSpot's own 10 s window and a 5 s deadline: a slot frees only after the deadline, so the
   * governor must refuse at once. Had it queued the calls instead, they would end at the deadline
   * with UPSTREAM_TIMEOUT (or be served after it, more than BUDGET calls): the assertions below tell
   * the behaviours apart by the error codes and the calls made, not by a clock, and the deadline
   * is long enough for the calls that got a slot on a loaded machine.
   */
  const SLOW_WINDOW_MS = 10_000;
  let h: Harness;
  beforeAll(async () => {
    h = await startUnthrottledHarness({
      sim: { rateLimit: { max: BUDGET, intervalMs: SLOW_WINDOW_MS, daily: 1_000_000 } },
      env: {
        HUBSPOT_MAX_REQUESTS_PER_10S: String(BUDGET),
        HUBSPOT_RATE_WINDOW_MS: String(SLOW_WINDOW_MS),
        REQUEST_TIMEOUT_MS: '5000',
      },
    });
  });
  afterAll(() => h.close());

  it('21 calls, 10 slots, deadline before the next slot: the rest fail at once with RATE_LIMITED, no pile-up', async () => {
    const res = await h.gql(
      '{ threads(first: 20) { edges { node { id messages(first: 1) { edges { node { id } } } } } } }',
    );
    const upstream = h.upstream();
    expect(upstream.length).toBeLessThanOrEqual(BUDGET);
    expect(upstream.filter((r) => r.status === 429)).toEqual([]);
    const codes = new Set(res.errors?.map((e) => e.extensions?.code));
    expect([...codes]).toEqual(['RATE_LIMITED']);
    for (const error of res.errors ?? []) {
      expect(error.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(error.path?.at(-1)).toBe('messages');
    }
    // The threads that got a slot have their messages: a partial result, not a failure.
    const edges = res.data.threads.edges as Array<{ node: { messages: unknown } }>;
    expect(edges).toHaveLength(20);
    expect(edges.filter((e) => e.node.messages !== null)).toHaveLength(upstream.length - 1);
    expect(h.gateway.transports.getOrCreate(h.sim.token).transport.governor.queued).toBe(0);
  });
});
