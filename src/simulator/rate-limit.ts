import type { RateLimitPolicy } from './errors.ts';
import type { RateLimitOptions } from './types.ts';

interface Bucket {
  /** Times of counted requests; entries before `head` have left the window. */
  times: number[];
  head: number;
  daily: number;
}

/**
 * Per-token rolling window plus a daily counter. `check` never counts; the server calls `commit`
 * only for requests it does not refuse with a 429, so refused requests don't use up the window.
 */
export class RateLimiter {
  readonly options: RateLimitOptions;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions) {
    this.options = options;
  }

  private bucket(token: string, now: number): Bucket {
    let bucket = this.buckets.get(token);
    if (!bucket) {
      bucket = { times: [], head: 0, daily: 0 };
      this.buckets.set(token, bucket);
    }
    const cutoff = now - this.options.intervalMs;
    const { times } = bucket;
    while (bucket.head < times.length && times[bucket.head]! <= cutoff) bucket.head++;
    if (bucket.head > 1024 && bucket.head * 2 > times.length) {
      bucket.times = times.slice(bucket.head);
      bucket.head = 0;
    }
    return bucket;
  }

  /** The policy that refuses a request now, if any. */
  check(token: string, now: number): RateLimitPolicy | undefined {
    const bucket = this.bucket(token, now);
    if (bucket.daily >= this.options.daily) return 'DAILY';
    if (bucket.times.length - bucket.head >= this.options.max) return 'TEN_SECONDLY_ROLLING';
    return undefined;
  }

  commit(token: string, now: number): void {
    const bucket = this.bucket(token, now);
    bucket.times.push(now);
    bucket.daily++;
  }

  /** The X-HubSpot-RateLimit-* headers for `token` (a full budget for an unknown token). */
  headers(token: string | undefined, now: number): Record<string, string> {
    const { max, intervalMs, daily } = this.options;
    let used = 0;
    let usedToday = 0;
    if (token !== undefined && this.buckets.has(token)) {
      const bucket = this.bucket(token, now);
      used = bucket.times.length - bucket.head;
      usedToday = bucket.daily;
    }
    return {
      'X-HubSpot-RateLimit-Daily': String(daily),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, daily - usedToday)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(intervalMs),
      'X-HubSpot-RateLimit-Max': String(max),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, max - used)),
    };
  }

  reset(): void {
    this.buckets.clear();
  }
}
