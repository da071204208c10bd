import { HubSpotError, type RateLimitHeaders } from './errors.ts';

export interface RateGovernorOptions {
  /** Requests allowed in any rolling window (HUBSPOT_MAX_REQUESTS_PER_10S). */
  maxRequests: number;
  /** @default 10000 */
  intervalMs?: number;
  /** Upper bound on callers waiting for a slot; past it, callers fail at once. @default 10000 */
  maxQueue?: number;
  now?: () => number;
}

/** One counted request; `settle` moves `at` to when its answer arrived. */
export interface Slot {
  at: number;
}

interface Waiter {
  deadline: number;
  resolve: (slot: Slot) => void;
  reject: (error: Error) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * A rolling-window budget shared by every GraphQL request that uses the same token.
 *
 * Hand-written rather than Bottleneck/p-throttle: HubSpot's limit is a *rolling* 10-second window,
 * the queue must refuse work whose wait would pass the GraphQL request's deadline (fail fast with
 * RATE_LIMITED instead of piling up), and the budget must shrink to what HubSpot's
 * X-HubSpot-RateLimit-* headers report. None of the common limiters does all three.
 */
export class RateGovernor {
  private readonly intervalMs: number;
  private readonly maxQueue: number;
  private readonly now: () => number;
  private configuredMax: number;
  /** The budget in force: the configured one, lowered when HubSpot reports a smaller one. */
  private effectiveMax: number;
  /**
   * The requests in the current window. Each slot is dated when sent and re-dated when its answer
   * arrives: HubSpot counts a request when it arrives, which is after we send it, so the answer
   * time is the safe upper bound. Not sorted after re-dating; a window holds at most a few hundred.
   */
  private sent: Slot[] = [];
  private readonly waiters: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** No request leaves before this instant (set after a ten-secondly 429). */
  private pausedUntil = 0;

  constructor(options: RateGovernorOptions) {
    this.configuredMax = options.maxRequests;
    this.effectiveMax = options.maxRequests;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Requests sent in the current window. */
  get inWindow(): number {
    this.evict(this.now());
    return this.sent.length;
  }

  get budget(): number {
    return this.effectiveMax;
  }

  /** Calls still allowed in the current window (0 while paused after a 429). */
  get remaining(): number {
    if (this.now() < this.pausedUntil) return 0;
    return Math.max(0, this.effectiveMax - this.inWindow);
  }

  get queued(): number {
    return this.waiters.length;
  }

  /**
   * Resolves when a request may be sent (and counts it). Rejects with a `budget` HubSpotError when
   * the wait would pass `deadline`, and with an `aborted` one when `signal` aborts first.
   */
  acquire(operation: string, deadline: number, signal?: AbortSignal): Promise<Slot> {
    if (signal?.aborted) return Promise.reject(abortedError(operation, signal));
    const now = this.now();
    if (this.waiters.length === 0) {
      const slot = this.tryTake(now);
      if (slot) return Promise.resolve(slot);
    }
    const waitMs = this.estimateWait(now, this.waiters.length);
    if (now + waitMs > deadline || this.waiters.length >= this.maxQueue) {
      return Promise.reject(budgetError(operation, Math.ceil(waitMs / 1000)));
    }
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        deadline,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.remove(waiter);
          reject(abortedError(operation, signal));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  /** Reads HubSpot's rate-limit headers: adopt a lower budget and count requests we did not see. */
  observe(headers: RateLimitHeaders): void {
    const now = this.now();
    if (headers.max !== undefined && headers.max > 0) {
      this.effectiveMax = Math.min(this.configuredMax, headers.max);
    }
    if (headers.remaining !== undefined) {
      this.evict(now);
      // Other processes sharing the app's burst limit show up as fewer remaining than we think.
      const unseen = this.effectiveMax - headers.remaining - this.sent.length;
      for (let i = 0; i < unseen; i++) this.sent.push({ at: now });
    }
  }

  /** The request's answer arrived: date its slot from now. */
  settle(slot: Slot): void {
    slot.at = Math.max(slot.at, this.now());
  }

  /** After a ten-secondly 429: hold every request until `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.schedule();
  }

  private tryTake(now: number): Slot | undefined {
    if (now < this.pausedUntil) return undefined;
    this.evict(now);
    if (this.sent.length >= this.effectiveMax) return undefined;
    const slot = { at: now };
    this.sent.push(slot);
    return slot;
  }

  /** When the (position+1)-th waiter could go, assuming the window slides at its current pace. */
  private estimateWait(now: number, position: number): number {
    this.evict(now);
    const free = this.effectiveMax - this.sent.length;
    const pause = Math.max(0, this.pausedUntil - now);
    if (position < free) return pause;
    const rounds = Math.floor((position - free) / this.effectiveMax);
    const times = this.sent.map((slot) => slot.at).sort((a, b) => a - b);
    const slot = times[(position - free) % this.effectiveMax] ?? now;
    return Math.max(pause, slot + this.intervalMs * (rounds + 1) - now);
  }

  private evict(now: number): void {
    const cutoff = now - this.intervalMs;
    if (this.sent.some((slot) => slot.at <= cutoff)) {
      this.sent = this.sent.filter((slot) => slot.at > cutoff);
    }
  }

  private schedule(): void {
    if (this.timer !== undefined || this.waiters.length === 0) return;
    const now = this.now();
    this.drain(now);
    if (this.waiters.length === 0) return;
    const wait = Math.max(1, this.estimateWait(now, 0));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain(this.now());
      this.schedule();
    }, wait);
    this.timer.unref?.();
  }

  private drain(now: number): void {
    while (this.waiters.length > 0) {
      const head = this.waiters[0] as Waiter;
      if (now > head.deadline) {
        this.waiters.shift();
        head.signal?.removeEventListener('abort', head.onAbort);
        head.reject(budgetError('queued', 0));
        continue;
      }
      const slot = this.tryTake(now);
      if (!slot) return;
      this.waiters.shift();
      head.signal?.removeEventListener('abort', head.onAbort);
      head.resolve(slot);
    }
  }

  private remove(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }
}

function budgetError(operation: string, retryAfterSeconds: number): HubSpotError {
  return new HubSpotError({
    kind: 'budget',
    operation,
    status: 429,
    message: 'The gateway rate-limit budget has no slot before the request deadline',
    retryAfterSeconds: Math.max(1, retryAfterSeconds),
  });
}

export function abortedError(operation: string, signal?: AbortSignal): HubSpotError {
  const reason = signal?.reason;
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
  return new HubSpotError({
    kind: timedOut ? 'timeout' : 'aborted',
    operation,
    message: timedOut ? 'The GraphQL request deadline passed' : 'The GraphQL request was cancelled',
    cause: reason,
  });
}
