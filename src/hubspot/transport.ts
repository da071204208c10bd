import pLimit, { type LimitFunction } from 'p-limit';
import type { z } from 'zod';
import { HubSpotError, type RateLimitHeaders } from './errors.ts';
import { abortedError, RateGovernor } from './governor.ts';
import { errorBodySchema } from './schemas.ts';

export interface HubSpotTransportOptions {
  /** Upstream origin, e.g. `https://api.hubapi.com`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; never logged. */
  accessToken: string;
  /** One attempt's timeout. @default 10000 */
  timeoutMs?: number;
  /** Retries of an idempotent call after 429 / 5xx / timeout / network failure. @default 2 */
  maxRetries?: number;
  /** Upstream requests in flight at once, across all GraphQL requests using this token. @default 16 */
  maxConcurrency?: number;
  /** The rolling 10-second budget this token must never exceed. @default 100 */
  maxRequestsPer10s?: number;
  /** The rolling window's length; HubSpot's is 10 s (tests shorten it). @default 10000 */
  rateWindowMs?: number;
  /** First backoff step for 5xx / timeouts; doubles each retry, full jitter. @default 200 */
  retryBaseDelayMs?: number;
  fetch?: typeof fetch;
  /** Receives one line per upstream attempt that failed or was retried (no token, no body). */
  onWarn?: (event: Record<string, unknown>, message: string) => void;
}

/** What the caller's GraphQL request contributes: cancellation, deadline and call accounting. */
export interface RequestScope {
  /** Aborts every pending and queued upstream call of this GraphQL request. */
  signal?: AbortSignal;
  /** Epoch ms after which no upstream call of this request starts or retries. */
  deadline?: number;
  /** Called once per upstream attempt, after it settles. */
  onCall?: (call: UpstreamCall) => void;
}

export interface UpstreamCall {
  operation: string;
  method: string;
  path: string;
  status: number | undefined;
  attempt: number;
  durationMs: number;
}

export interface RequestSpec<T> {
  operation: string;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  /** GETs and batch reads: safe to retry. */
  idempotent: boolean;
  schema: z.ZodType<T>;
  /** Answer `null` instead of throwing on 404 (lookups by id). */
  nullOn404?: boolean;
}

const DEFAULT_DEADLINE_MS = 60_000;

/**
 * HTTP to one HubSpot portal with one token: concurrency cap, rolling-window budget, per-attempt
 * timeout, bounded retries, and HubSpot's error bodies turned into `HubSpotError`. One instance
 * per token, shared by all GraphQL requests using it; Node's fetch keeps connections alive.
 */
export class HubSpotTransport {
  readonly governor: RateGovernor;
  private readonly limit: LimitFunction;
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly onWarn: HubSpotTransportOptions['onWarn'];

  constructor(options: HubSpotTransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.authorization = `Bearer ${options.accessToken}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
    this.fetchImpl = options.fetch ?? fetch;
    this.onWarn = options.onWarn;
    this.limit = pLimit(options.maxConcurrency ?? 16);
    this.governor = new RateGovernor({
      maxRequests: options.maxRequestsPer10s ?? 100,
      intervalMs: options.rateWindowMs,
    });
  }

  /** Upstream requests in flight and waiting for a concurrency slot. */
  get load(): { active: number; pending: number } {
    return { active: this.limit.activeCount, pending: this.limit.pendingCount };
  }

  async request<T>(spec: RequestSpec<T>, scope: RequestScope = {}): Promise<T | null> {
    const deadline = scope.deadline ?? Date.now() + DEFAULT_DEADLINE_MS;
    const url = this.buildUrl(spec);
    const attempts = spec.idempotent ? this.maxRetries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.limit(() => this.attempt(spec, url, attempt, deadline, scope));
      } catch (error) {
        if (!(error instanceof HubSpotError)) throw error;
        const delay = attempt < attempts ? this.retryDelay(error, attempt) : undefined;
        if (delay === undefined || Date.now() + delay > deadline) {
          throw withAttempts(error, attempt);
        }
        this.onWarn?.(
          {
            operation: spec.operation,
            status: error.status,
            kind: error.kind,
            correlationId: error.correlationId,
            attempt,
            retryInMs: delay,
          },
          'retrying HubSpot call',
        );
        await sleep(delay, scope.signal, spec.operation);
      }
    }
  }

  private async attempt<T>(
    spec: RequestSpec<T>,
    url: string,
    attempt: number,
    deadline: number,
    scope: RequestScope,
  ): Promise<T | null> {
    const slot = await this.governor.acquire(spec.operation, deadline, scope.signal);
    const started = performance.now();
    let status: number | undefined;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = scope.signal ? AbortSignal.any([scope.signal, timeout]) : timeout;
    try {
      let response: Response;
      let text: string;
      try {
        response = await this.fetchImpl(url, {
          method: spec.method,
          headers: {
            authorization: this.authorization,
            accept: 'application/json',
            ...(spec.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal,
        });
        status = response.status;
        text = await response.text();
      } catch (cause) {
        if (scope.signal?.aborted) throw abortedError(spec.operation, scope.signal);
        if (timeout.aborted) {
          throw new HubSpotError({
            kind: 'timeout',
            operation: spec.operation,
            message: `HubSpot did not answer within ${this.timeoutMs} ms`,
            cause,
          });
        }
        throw new HubSpotError({
          kind: 'network',
          operation: spec.operation,
          message: 'HubSpot could not be reached',
          cause,
        });
      }
      const rateLimit = readRateLimit(response.headers);
      this.governor.observe(rateLimit);
      if (response.status === 404 && spec.nullOn404) return null;
      if (response.status >= 400) {
        const body = parseErrorBody(text);
        const error = HubSpotError.fromResponse(
          spec.operation,
          response.status,
          body,
          rateLimit,
          parseRetryAfter(response.headers.get('retry-after')),
        );
        if (response.status === 429 && !error.isDailyLimit) {
          // HubSpot sends no Retry-After on a ten-secondly 429: hold every caller for a window share.
          this.governor.pause(error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 1000);
        }
        throw error;
      }
      return parseBody(spec, text, response.status);
    } finally {
      this.governor.settle(slot);
      scope.onCall?.({
        operation: spec.operation,
        method: spec.method,
        path: spec.path,
        status,
        attempt,
        durationMs: performance.now() - started,
      });
    }
  }

  /** Backoff before the next attempt, or undefined when this failure must not be retried. */
  private retryDelay(error: HubSpotError, attempt: number): number | undefined {
    if (error.kind === 'aborted' || error.kind === 'budget' || error.kind === 'malformed') {
      return undefined;
    }
    if (error.kind === 'http') {
      const status = error.status ?? 0;
      const retryable = status === 429 || status === 423 || status === 477 || status >= 500;
      if (!retryable || error.isDailyLimit) return undefined;
    }
    if (error.retryAfterSeconds !== undefined) {
      return error.retryAfterSeconds * 1000 + Math.random() * 100;
    }
    const base = error.status === 429 ? 1000 : this.retryBaseDelayMs;
    return Math.random() * base * 2 ** (attempt - 1) + base / 2;
  }

  private buildUrl(spec: RequestSpec<unknown>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) params.append(key, item);
      else params.append(key, String(value));
    }
    const query = params.toString();
    return `${this.baseUrl}${spec.path}${query ? `?${query}` : ''}`;
  }
}

function parseBody<T>(spec: RequestSpec<T>, text: string, status: number): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new HubSpotError({
      kind: 'malformed',
      operation: spec.operation,
      status,
      message: 'HubSpot answered with a body that is not JSON',
      cause,
    });
  }
  const parsed = spec.schema.safeParse(json);
  if (!parsed.success) {
    throw new HubSpotError({
      kind: 'malformed',
      operation: spec.operation,
      status,
      message: `HubSpot's ${spec.operation} answer does not match its documented shape: ${parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    });
  }
  return parsed.data;
}

function parseErrorBody(text: string) {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function readRateLimit(headers: Headers): RateLimitHeaders {
  const num = (name: string) => {
    const value = headers.get(name);
    if (value === null) return undefined;
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  };
  return {
    max: num('x-hubspot-ratelimit-max'),
    remaining: num('x-hubspot-ratelimit-remaining'),
    intervalMs: num('x-hubspot-ratelimit-interval-milliseconds'),
    daily: num('x-hubspot-ratelimit-daily'),
    dailyRemaining: num('x-hubspot-ratelimit-daily-remaining'),
  };
}

/** Retry-After in seconds (delta-seconds or an HTTP date). */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function withAttempts(error: HubSpotError, attempts: number): HubSpotError {
  error.attempts = attempts;
  return error;
}

function sleep(ms: number, signal: AbortSignal | undefined, operation: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(operation, signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(operation, signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
