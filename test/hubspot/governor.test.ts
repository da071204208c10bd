import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHubSpotClient } from '../../src/hubspot/client.ts';
import { HubSpotError } from '../../src/hubspot/errors.ts';
import {
  RateGovernor,
  SEND_ALLOWANCE_MS,
  SharedRateGovernor,
  type SharedWindow,
  type WindowGrant,
} from '../../src/hubspot/governor.ts';
import { HubSpotTransport } from '../../src/hubspot/transport.ts';
import { startSimulator } from '../../src/simulator/index.ts';

describe('RateGovernor (rolling window)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets `max` requests through at once, then holds the next until the oldest leaves the window', async () => {
    const governor = new RateGovernor({ maxRequests: 3, intervalMs: 1000 });
    const far = Date.now() + 60_000;
    for (let i = 0; i < 3; i++) await governor.acquire('op', far);
    expect(governor.inWindow).toBe(3);

    let released = false;
    const fourth = governor.acquire('op', far).then(() => {
      released = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(released).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    await fourth;
    expect(released).toBe(true);
  });

  it('never lets more than `max` start in any rolling window under a burst of 50 callers', async () => {
    const governor = new RateGovernor({ maxRequests: 5, intervalMs: 1000 });
    const starts: number[] = [];
    const far = Date.now() + 60_000;
    const all = Array.from({ length: 50 }, () =>
      governor.acquire('op', far).then(() => starts.push(Date.now())),
    );
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all(all);
    expect(starts).toHaveLength(50);
    for (const start of starts) {
      const inWindow = starts.filter((s) => s > start - 1000 && s <= start).length;
      expect(inWindow).toBeLessThanOrEqual(5);
    }
  });

  it('fails fast with a budget error when the wait would pass the deadline', async () => {
    const governor = new RateGovernor({ maxRequests: 1, intervalMs: 10_000 });
    await governor.acquire('op', Date.now() + 60_000);
    const error = await governor.acquire('listThreads', Date.now() + 500).catch((e) => e);
    expect(error).toBeInstanceOf(HubSpotError);
    expect(error).toMatchObject({ kind: 'budget', operation: 'listThreads', status: 429 });
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(9);
    expect(governor.queued).toBe(0);
  });

  it('adopts a lower budget and unseen usage from HubSpot headers', async () => {
    const governor = new RateGovernor({ maxRequests: 100, intervalMs: 10_000 });
    await governor.acquire('op', Date.now() + 1000);
    governor.observe({ max: 10, remaining: 2 });
    expect(governor.budget).toBe(10);
    // 1 seen + 7 unseen = 8 used of 10: two more fit, the third waits.
    await governor.acquire('op', Date.now() + 1000);
    await governor.acquire('op', Date.now() + 1000);
    const error = await governor.acquire('op', Date.now() + 1000).catch((e) => e);
    expect(error).toMatchObject({ kind: 'budget' });
  });

  it('rejects a queued caller whose request is cancelled, and forgets it', async () => {
    const governor = new RateGovernor({ maxRequests: 1, intervalMs: 10_000 });
    await governor.acquire('op', Date.now() + 60_000);
    const controller = new AbortController();
    const pending = governor.acquire('op', Date.now() + 60_000, controller.signal).catch((e) => e);
    expect(governor.queued).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted' });
    expect(governor.queued).toBe(0);
  });
});

/**
 * A call that ended without an answer (timeout, network failure, cancelled) may still be on its
 * way: HubSpot counts it when it arrives, after we gave up on it. Its slot must not leave our
 * window before it leaves HubSpot's.
 */
describe('an unanswered call keeps counting past the moment we gave up on it', () => {
  const WINDOW_MS = 10_000;
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** HubSpot's side: counts each call at its arrival, refuses the (max+1)-th in any window. */
  function hubspot(max: number) {
    const arrivals: number[] = [];
    return {
      arrive(at: number) {
        arrivals.push(at);
      },
      wouldRefuse(at: number) {
        return arrivals.filter((t) => t > at - WINDOW_MS && t <= at).length >= max;
      },
    };
  }

  it('in process: a call cancelled 20 ms after it was sent, arriving 40 ms after, holds its slot a window past its arrival', async () => {
    const governor = new RateGovernor({ maxRequests: 1, intervalMs: WINDOW_MS });
    const portal = hubspot(1);
    const sentAt = Date.now();
    const slot = await governor.acquire('op', sentAt + 60_000);
    await vi.advanceTimersByTimeAsync(20);
    governor.settle(slot, false);
    portal.arrive(sentAt + 40);
    await vi.advanceTimersByTimeAsync(WINDOW_MS + 10);
    // Now = sent + 10 030 ms: HubSpot still counts the call (it arrived at +40).
    expect(portal.wouldRefuse(Date.now())).toBe(true);
    expect(governor.remaining).toBe(0);
    // An answered call is dated from its answer (HubSpot counted it before that): no hold-over.
    const answered = new RateGovernor({ maxRequests: 1, intervalMs: WINDOW_MS });
    const other = await answered.acquire('op', Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(20);
    answered.settle(other);
    await vi.advanceTimersByTimeAsync(WINDOW_MS + 1);
    expect(answered.remaining).toBe(1);
  });

  it('shared window: a reserved call cancelled in flight is re-dated ahead, so another replica cannot take its slot while HubSpot counts it', async () => {
    const window = new MemoryWindow();
    const replicaA = new SharedRateGovernor({ window, maxRequests: 1, intervalMs: WINDOW_MS });
    const replicaB = new SharedRateGovernor({ window, maxRequests: 1, intervalMs: WINDOW_MS });
    const portal = hubspot(1);
    const budget = replicaA.openBudget();
    await budget.reserve(1);
    const sentAt = Date.now();
    const slot = await replicaA.acquire('op', sentAt + 60_000, undefined, budget);
    await vi.advanceTimersByTimeAsync(20);
    replicaA.settle(slot, false);
    budget.release();
    await vi.advanceTimersByTimeAsync(0);
    portal.arrive(sentAt + 40);
    await vi.advanceTimersByTimeAsync(WINDOW_MS + 10);
    expect(portal.wouldRefuse(Date.now())).toBe(true);
    const grant = await window.take(1, 1, 0);
    expect(grant.members).toEqual([]);
    const other = replicaB.openBudget();
    await other.reserve(1);
    const refused = await replicaB.acquire('op', Date.now() + 100).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HubSpotError);
    other.release();
  });

  it('shared window without a reservation: the per-call entry of an unanswered call is re-dated ahead too', async () => {
    const window = new MemoryWindow();
    const governor = new SharedRateGovernor({ window, maxRequests: 1, intervalMs: WINDOW_MS });
    const slot = await governor.acquire('op', Date.now() + 60_000);
    const grantedAt = Date.now();
    await vi.advanceTimersByTimeAsync(3_000);
    governor.settle(slot, false);
    await vi.advanceTimersByTimeAsync(0);
    // The entry was dated the send allowance after its grant; it now counts from after the
    // moment the call was given up (3 s later), plus the allowance.
    expect(window.score(slot.member!)).toBeGreaterThanOrEqual(
      grantedAt + 3_000 + SEND_ALLOWANCE_MS,
    );
  });
});

/** The Lua sliding log's semantics (src/redis/window.ts) in memory, on the (fake) clock. */
class MemoryWindow implements SharedWindow {
  private readonly entries = new Map<string, number>();
  private sequence = 0;
  private readonly windowMs = 10_000;
  score(member: string): number | undefined {
    return this.entries.get(member);
  }
  private evict(now: number) {
    for (const [member, score] of this.entries) {
      if (score <= now - this.windowMs) this.entries.delete(member);
    }
  }
  take(limit: number, want: number, holdMs: number): Promise<WindowGrant> {
    const now = Date.now();
    this.evict(now);
    const free = limit - this.entries.size;
    if (free <= 0) {
      const oldest = Math.min(...this.entries.values());
      return Promise.resolve({
        members: [],
        retryInMs: Math.max(1, oldest + this.windowMs - now),
        remaining: 0,
      });
    }
    const granted = Math.min(free, want);
    const prefix = `m${++this.sequence}`;
    const members = Array.from({ length: granted }, (_, i) => `${prefix}:${i + 1}`);
    for (const member of members) this.entries.set(member, now + holdMs);
    return Promise.resolve({ members, retryInMs: 0, remaining: free - granted });
  }
  settle(
    unused: readonly string[],
    used: ReadonlyArray<{ member: string; agoMs: number }>,
  ): Promise<void> {
    const now = Date.now();
    for (const member of unused) this.entries.delete(member);
    for (const { member, agoMs } of used) {
      if (this.entries.has(member)) this.entries.set(member, now - agoMs);
    }
    return Promise.resolve();
  }
  pad(): Promise<void> {
    return Promise.resolve();
  }
  block(): Promise<void> {
    return Promise.resolve();
  }
}

describe('the transport tells the governor whether HubSpot answered', () => {
  it('a timed-out (hung) attempt settles as unanswered, an answered one as answered', async () => {
    const sim = await startSimulator({ log: false });
    try {
      const governor = new RateGovernor({ maxRequests: 10 });
      const settled: boolean[] = [];
      const settle = governor.settle.bind(governor);
      governor.settle = (slot, answered) => {
        settled.push(answered ?? true);
        settle(slot, answered);
      };
      const over = (timeoutMs: number) =>
        createHubSpotClient({
          transport: new HubSpotTransport({
            baseUrl: sim.url,
            accessToken: sim.token,
            governor,
            timeoutMs,
            maxRetries: 0,
          }),
          apiVersion: '2026-09',
        });
      await over(10_000).listThreads({ limit: 1 });
      sim.injectFault({ operation: 'getThread', kind: 'hang' });
      const error = await over(200)
        .getThread('123')
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'timeout' });
      expect(sim.requests.map((r) => r.operation)).toEqual(['listThreads', 'getThread']);
      expect(settled).toEqual([true, false]);
    } finally {
      await sim.close();
    }
  });
});
