import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HubSpotError } from '../../src/hubspot/errors.ts';
import { RateGovernor } from '../../src/hubspot/governor.ts';

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
