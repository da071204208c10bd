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
  /** Shared window only: the slot's entry in the shared log, and the lease it came from. */
  member?: string;
  lease?: SharedLease;
}

/**
 * What the transport needs from a rate budget. Two implementations: `RateGovernor` (the rolling
 * window in this process, the default) and `SharedRateGovernor` (the same window kept in a
 * `SharedWindow` that every replica uses, e.g. Redis).
 */
export interface Governor {
  /**
   * Resolves when a request may be sent (and counts it). Rejects with a `budget` HubSpotError when
   * the wait would pass `deadline`, an `aborted` one when `signal` aborts first, and (shared
   * window) a `budget-unavailable` one when the window cannot be reached.
   */
  acquire(
    operation: string,
    deadline: number,
    signal?: AbortSignal,
    budget?: RequestBudget,
  ): Promise<Slot>;
  /** Reads HubSpot's rate-limit headers: adopt a lower budget and count requests we did not see. */
  observe(headers: RateLimitHeaders): void;
  /**
   * The call ended: date its slot from now. `answered` (the default): HubSpot's answer arrived, so
   * HubSpot counted the call before now. Not answered (timeout, network failure, cancelled after
   * it may have left): the request may still be on its way and be counted when it arrives, after
   * now, so its slot counts from `SEND_ALLOWANCE_MS` after now.
   */
  settle(slot: Slot, answered?: boolean): void;
  /** After a ten-secondly 429: hold every request until `ms` from now. */
  pause(ms: number): void;
  /** A per-GraphQL-request budget handle (see RequestBudget). */
  openBudget(): RequestBudget;
  /** The budget in force (configured, or lower when HubSpot reports less). */
  readonly budget: number;
  /** Requests counted in the current window (shared: as of the last answer from the window). */
  readonly inWindow: number;
  /** Callers waiting for a slot in this process. */
  readonly queued: number;
  /** Slots free in the window (shared: the replica's view as of the window's last answer). */
  readonly remaining: number;
}

/**
 * The upstream calls of one GraphQL request. With a shared window, `reserve` takes the request's
 * estimated calls in one round trip before execution, the calls then start without asking the
 * window again, and `release` hands back what was not used (and re-dates what was) in one more:
 * the shared budget costs per request, not per upstream call. In process both are free no-ops.
 */
export interface RequestBudget {
  /** Reserves up to `calls` slots now (fewer when the window has fewer; never waits). */
  reserve(calls: number): Promise<void>;
  /** Returns the unused reservation; idempotent; never throws. */
  release(): void;
}

const noBudget: RequestBudget = {
  reserve: () => Promise.resolve(),
  release: () => {},
};

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
export class RateGovernor implements Governor {
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

  /** In process every slot is taken when its call starts: nothing to reserve. */
  openBudget(): RequestBudget {
    return noBudget;
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

  settle(slot: Slot, answered = true): void {
    slot.at = Math.max(slot.at, this.now() + (answered ? 0 : SEND_ALLOWANCE_MS));
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

/**
 * Shared window: how long after it is granted a per-call slot's entry is dated, covering the
 * time between the grant and the call reaching HubSpot (which counts arrivals), event-loop lag
 * on a busy replica included. Nearly free: a request's entries are re-dated to their answers'
 * times when it ends, so the allowance only matters until then.
 */
export const SEND_ALLOWANCE_MS = 1_000;

/**
 * Shared window: a reservation's slots may start calls for this long after it was granted (then
 * calls go per call). Short, because a reserved slot counts from when its call may start.
 */
export function leaseHorizonMs(windowMs: number): number {
  return Math.min(Math.floor(windowMs / 2), 2_000);
}

/**
 * How long a token must send nothing when the shared log was lost (a Redis that restarted
 * empty): every call granted from the old log has been sent by then (reservations within their
 * horizon, per-call slots within the send allowance), and has left HubSpot's window after it.
 */
export function unknownWindowBlockMs(windowMs: number): number {
  return windowMs + leaseHorizonMs(windowMs) + SEND_ALLOWANCE_MS;
}

/** What a shared window answered to `take`. */
export interface WindowGrant {
  /** The log entries recorded for the granted calls; granted = members.length (maybe 0). */
  members: string[];
  /** Nothing granted: ms until the window may have a slot (a 429 block or the oldest entry). */
  retryInMs: number;
  /** Slots left in the window after this answer: the replica's view of the shared remainder. */
  remaining: number;
}

/**
 * The rolling window's log, kept where every replica sees it (Redis: `src/redis/window.ts`).
 * Every method is one atomic step on the window's server, timed by the server's clock; a
 * rejection means the window could not be reached (nothing may be sent then).
 */
export interface SharedWindow {
  /**
   * Records up to `want` calls if the window has room for at least one (partial grants), dated
   * `holdMs` after the server's now, so that an entry never leaves the window before the call it
   * stands for reaches HubSpot.
   */
  take(limit: number, want: number, holdMs: number): Promise<WindowGrant>;
  /**
   * Drops `unused` entries and re-dates `used` ones to `agoMs` before the server's now (a
   * negative `agoMs`: after it, for a call that may not have reached HubSpot yet).
   */
  settle(
    unused: readonly string[],
    used: ReadonlyArray<{ member: string; agoMs: number }>,
  ): Promise<void>;
  /** HubSpot reported `remaining`: add entries until the window has no more free slots than that. */
  pad(limit: number, remaining: number): Promise<void>;
  /** After a 429: nobody sends for `ms` (kept if a longer block is already in force). */
  block(ms: number): Promise<void>;
}

export interface SharedRateGovernorOptions {
  window: SharedWindow;
  /** HUBSPOT_MAX_REQUESTS_PER_10S. */
  maxRequests: number;
  /** @default 10000 */
  intervalMs?: number;
  /**
   * How long after it is granted a per-call slot's entry is dated: covers the time between the
   * grant and the call reaching HubSpot (which counts arrivals). @default SEND_ALLOWANCE_MS
   */
  sendAllowanceMs?: number;
  /** Upper bound on callers waiting for a slot; past it, callers fail at once. @default 10000 */
  maxQueue?: number;
  /** Longest pause between two asks while callers wait for a full window. @default 1000 */
  maxPollMs?: number;
  now?: () => number;
}

interface SharedWaiter {
  deadline: number;
  budget: SharedLease | undefined;
  resolve: (slot: Slot) => void;
  reject: (error: Error) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * The rolling window shared by every replica through a `SharedWindow`.
 *
 * Cost per GraphQL request: `openBudget().reserve(estimate)` takes the estimated calls in one
 * round trip before execution; each call then starts from the reservation without asking the
 * window; `release()` returns what was left and re-dates the used entries to their answers' times
 * in one more. Calls beyond the reservation (or without one) are admitted per call; concurrent
 * callers waiting in this process share one ask, so the window sees one round trip per burst.
 *
 * When the window cannot be reached the governor refuses (`budget-unavailable`): a call it
 * cannot count in the shared log could push the replicas together over HubSpot's limit, and a
 * per-replica fallback share cannot account for calls made just before the outage by the others.
 */
export class SharedRateGovernor implements Governor {
  readonly window: SharedWindow;
  readonly intervalMs: number;
  private readonly configuredMax: number;
  private effectiveMax: number;
  private readonly sendAllowanceMs: number;
  private readonly maxQueue: number;
  private readonly maxPollMs: number;
  private readonly now: () => number;
  private readonly waiters: SharedWaiter[] = [];
  private pumping = false;
  private pausedUntil = 0;
  private lastRemaining: number;
  private padding = false;
  private lastPadAt = 0;

  constructor(options: SharedRateGovernorOptions) {
    this.window = options.window;
    this.configuredMax = options.maxRequests;
    this.effectiveMax = options.maxRequests;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.sendAllowanceMs = options.sendAllowanceMs ?? SEND_ALLOWANCE_MS;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.maxPollMs = options.maxPollMs ?? 1_000;
    this.now = options.now ?? Date.now;
    this.lastRemaining = options.maxRequests;
  }

  get budget(): number {
    return this.effectiveMax;
  }

  get inWindow(): number {
    return Math.max(0, this.effectiveMax - this.lastRemaining);
  }

  /** The shared window's free slots as of its last answer. */
  get remaining(): number {
    return this.lastRemaining;
  }

  get queued(): number {
    return this.waiters.length;
  }

  openBudget(): RequestBudget {
    return new SharedLease(this);
  }

  acquire(
    operation: string,
    deadline: number,
    signal?: AbortSignal,
    budget?: RequestBudget,
  ): Promise<Slot> {
    if (signal?.aborted) return Promise.reject(abortedError(operation, signal));
    const lease = budget instanceof SharedLease && budget.governor === this ? budget : undefined;
    const now = this.now();
    if (lease && now >= this.pausedUntil) {
      const slot = lease.take(now);
      if (slot) return Promise.resolve(slot);
    }
    if (this.waiters.length >= this.maxQueue) {
      return Promise.reject(budgetError(operation, Math.ceil(this.intervalMs / 1000)));
    }
    return new Promise<Slot>((resolve, reject) => {
      const waiter: SharedWaiter = {
        deadline,
        budget: lease,
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
      void this.pump();
    });
  }

  observe(headers: RateLimitHeaders): void {
    if (headers.max !== undefined && headers.max > 0) {
      this.effectiveMax = Math.min(this.configuredMax, headers.max);
    }
    const remaining = headers.remaining;
    if (remaining === undefined || remaining >= this.lastRemaining) return;
    // HubSpot counts fewer free slots than the window said last: calls from outside the
    // gateway (other tools on the same app) may be using the budget. At most one ask at a time
    // and a few a second: the pad itself re-reads the window and adds nothing when it knows them.
    const now = this.now();
    if (this.padding || now - this.lastPadAt < 250) return;
    this.padding = true;
    this.lastPadAt = now;
    this.window
      .pad(this.effectiveMax, remaining)
      .catch(() => {})
      .finally(() => {
        this.padding = false;
      });
  }

  settle(slot: Slot, answered = true): void {
    const now = this.now();
    if (answered) {
      slot.at = Math.max(slot.at, now);
      if (slot.lease && slot.member !== undefined) slot.lease.used(slot.member, slot.at);
      return;
    }
    // Not answered: the request may still reach HubSpot and count from its arrival, after now.
    // Its entry (dated at most the allowance after the grant) must outlive that arrival by a
    // window, so it is re-dated ahead, also without a lease (whose entries nothing else re-dates).
    slot.at = Math.max(slot.at, now + this.sendAllowanceMs);
    if (slot.member === undefined) return;
    if (slot.lease) slot.lease.used(slot.member, slot.at);
    else {
      this.window.settle([], [{ member: slot.member, agoMs: now - slot.at }]).catch(() => {});
    }
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.window.block(ms).catch(() => {});
  }

  /** Takes slots for the waiters, oldest first, one ask to the window per round. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiters.length > 0) {
        const now = this.now();
        /** When the window may have room (fail-fast test), and how long to sleep before asking. */
        let expectedMs: number;
        let waitMs: number;
        if (now < this.pausedUntil) {
          expectedMs = waitMs = this.pausedUntil - now;
        } else {
          let grant: WindowGrant;
          try {
            grant = await this.window.take(
              this.effectiveMax,
              this.waiters.length,
              this.sendAllowanceMs,
            );
          } catch (cause) {
            for (const waiter of this.waiters.splice(0)) {
              waiter.signal?.removeEventListener('abort', waiter.onAbort);
              waiter.reject(unavailableError('queued', cause));
            }
            return;
          }
          this.lastRemaining = grant.remaining;
          const granted = this.now();
          const unclaimed: string[] = [];
          for (const member of grant.members) {
            const waiter = this.waiters.shift();
            if (!waiter) {
              unclaimed.push(member);
              continue;
            }
            waiter.signal?.removeEventListener('abort', waiter.onAbort);
            waiter.resolve({ at: granted, member, lease: waiter.budget });
          }
          // Callers that gave up while the window answered: hand their entries back.
          if (unclaimed.length > 0) this.window.settle(unclaimed, []).catch(() => {});
          if (this.waiters.length === 0) return;
          expectedMs = Math.max(1, grant.retryInMs);
          // Ask again at least every maxPollMs: reservations handed back free slots early.
          waitMs = Math.min(expectedMs, this.maxPollMs);
        }
        // Fail fast: callers whose deadline comes before the window can have room.
        const ready = this.now() + expectedMs;
        for (const waiter of [...this.waiters]) {
          if (ready > waiter.deadline) {
            this.remove(waiter);
            waiter.signal?.removeEventListener('abort', waiter.onAbort);
            waiter.reject(budgetError('queued', Math.ceil(expectedMs / 1000)));
          }
        }
        if (this.waiters.length === 0) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          timer.unref?.();
        });
      }
    } finally {
      this.pumping = false;
    }
  }

  private remove(waiter: SharedWaiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }

  /** Internal to SharedLease: one reservation ask. */
  reserveSlots(calls: number, holdMs: number): Promise<WindowGrant> {
    if (this.now() < this.pausedUntil) {
      return Promise.resolve({
        members: [],
        retryInMs: this.pausedUntil - this.now(),
        remaining: 0,
      });
    }
    return this.window.take(this.effectiveMax, calls, holdMs).then((grant) => {
      this.lastRemaining = grant.remaining;
      return grant;
    });
  }
}

/**
 * One GraphQL request's reservation in a shared window. Its entries are dated `horizon` ahead
 * (plus the send allowance): a call may start from the reservation only within `horizon` of
 * it, so no entry leaves the window before its call reaches HubSpot even if `release` never
 * comes. `release` lowers the used entries to their answers' times (as the in-process window
 * does) and drops the unused ones, so a finished request frees its unused slots at once.
 */
export class SharedLease implements RequestBudget {
  readonly governor: SharedRateGovernor;
  private members: string[] = [];
  private next = 0;
  private reservedAt = 0;
  private readonly horizonMs: number;
  private readonly answered: Array<{ member: string; at: number }> = [];
  private released = false;
  private asked = false;

  constructor(governor: SharedRateGovernor) {
    this.governor = governor;
    this.horizonMs = leaseHorizonMs(governor.intervalMs);
  }

  /** Rejects with `budget-unavailable` when the window cannot be reached. */
  async reserve(calls: number): Promise<void> {
    if (this.asked || this.released || !(calls > 0)) return;
    this.asked = true;
    this.reservedAt = Date.now();
    let grant: WindowGrant;
    try {
      grant = await this.governor.reserveSlots(
        Math.ceil(calls),
        this.horizonMs + SEND_ALLOWANCE_MS,
      );
    } catch (cause) {
      throw unavailableError('reserve', cause);
    }
    if (this.released) {
      this.governor.window.settle(grant.members, []).catch(() => {});
      return;
    }
    this.members = grant.members;
  }

  /** A reserved slot for a call starting now, if one is left and the reservation is fresh. */
  take(now: number): Slot | undefined {
    if (this.released || this.next >= this.members.length) return undefined;
    if (now - this.reservedAt > this.horizonMs) return undefined;
    const member = this.members[this.next++] as string;
    return { at: now, member, lease: this };
  }

  /**
   * Called by the governor when a call ended: `at` is its answer's time, or (unanswered) the
   * latest time it may still reach HubSpot, possibly ahead of now.
   */
  used(member: string, at: number): void {
    if (!this.released) {
      this.answered.push({ member, at });
      return;
    }
    // Answered after the request ended (execution finished without waiting for it): re-date it
    // now, so its entry never leaves the window before the call does.
    this.governor.window.settle([], [{ member, agoMs: Date.now() - at }]).catch(() => {});
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    const unused = this.members.slice(this.next);
    if (unused.length === 0 && this.answered.length === 0) return;
    const now = Date.now();
    const used = this.answered.map(({ member, at }) => ({ member, agoMs: now - at }));
    this.governor.window.settle(unused, used).catch(() => {});
  }
}

function unavailableError(operation: string, cause: unknown): HubSpotError {
  return new HubSpotError({
    kind: 'budget-unavailable',
    operation,
    message:
      'The shared rate-limit budget could not be reached: no call is made that it cannot count',
    retryAfterSeconds: 1,
    cause,
  });
}
