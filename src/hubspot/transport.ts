import { Agent as HttpAgent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import pLimit, { type LimitFunction } from 'p-limit';
import type { z } from 'zod';
import {
  HubSpotError,
  type HubSpotFailureKind,
  isTransientStatus,
  type RateLimitHeaders,
} from './errors.ts';
import {
  abortedError,
  type Governor,
  RateGovernor,
  type RequestBudget,
  type Slot,
} from './governor.ts';
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
  /**
   * Upstream requests in flight at once, across all GraphQL requests using this token.
   * @default maxRequestsPer10s (never binds while the budget has room)
   */
  maxConcurrency?: number;
  /** The rolling 10-second budget this token must never exceed. @default 100 */
  maxRequestsPer10s?: number;
  /** The rolling window's length; HubSpot's is 10 s (tests shorten it). @default 10000 */
  rateWindowMs?: number;
  /**
   * The rate budget; default: an in-process `RateGovernor` of `maxRequestsPer10s` per
   * `rateWindowMs`. Replicas sharing a budget pass a `SharedRateGovernor`.
   */
  governor?: Governor;
  /** First backoff step for 5xx / timeouts; doubles each retry, full jitter. @default 200 */
  retryBaseDelayMs?: number;
  /** Receives one line per upstream attempt that failed or was retried (no token, no body). */
  onWarn?: (event: Record<string, unknown>, message: string) => void;
  /** Told about every attempt, governor wait and retry (metrics, traces); see TransportObserver. */
  observer?: TransportObserver;
}

/**
 * What the transport reports to observability (src/observability turns it into metrics and
 * spans; nothing here knows Prometheus or OpenTelemetry). Callbacks run synchronously on the
 * request path: keep them cheap, never throw.
 */
export interface TransportObserver {
  /** Every governor acquisition, after it settled (a slot, a refusal or a cancellation). */
  onGovernorWait?(event: GovernorWaitEvent): void;
  /** An attempt got its slot and is about to be sent. */
  onAttemptStart?(event: AttemptStartEvent): void;
  /** An attempt that was sent has settled (answer, timeout, network failure or cancellation). */
  onAttemptEnd?(event: AttemptEndEvent): void;
  /** A failed attempt will be retried after `delayMs`. */
  onRetry?(event: RetryEvent): void;
}

export interface GovernorWaitEvent {
  operation: string;
  waitMs: number;
  outcome: 'acquired' | 'refused' | 'aborted';
}

export interface AttemptStartEvent {
  operation: string;
  method: string;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface AttemptEndEvent extends AttemptStartEvent {
  /** Full URL with query (the token travels in a header, never in it). */
  url: string;
  /** HTTP status, or undefined when no answer came. */
  status: number | undefined;
  /** Why the attempt failed; undefined for a 2xx (or a 404 read as null). */
  failure: HubSpotFailureKind | undefined;
  /** Epoch ms when the request was sent (after the governor wait). */
  startedAt: number;
  /** Time from send to settle. */
  durationMs: number;
  /** Time spent waiting for a governor slot before sending. */
  governorWaitMs: number;
  /** The governor's view of the calls left in the rolling window, after this attempt. */
  budgetRemaining: number;
  /** The X-HubSpot-RateLimit-* headers, when an answer came. */
  rateLimit: RateLimitHeaders | undefined;
  /** 429s: HubSpot's policyName (TEN_SECONDLY_ROLLING, SECONDLY, DAILY). */
  policyName: string | undefined;
  correlationId: string | undefined;
}

export interface RetryEvent {
  operation: string;
  /** The attempt that failed. */
  attempt: number;
  status: number | undefined;
  failure: HubSpotFailureKind;
  policyName: string | undefined;
  delayMs: number;
}

/** What the caller's GraphQL request contributes: cancellation, deadline and call accounting. */
export interface RequestScope {
  /** Aborts every pending and queued upstream call of this GraphQL request. */
  signal?: AbortSignal;
  /** Epoch ms after which no upstream call of this request starts or retries. */
  deadline?: number;
  /** The GraphQL request's reservation in a shared budget (see Governor.openBudget). */
  budget?: RequestBudget;
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
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  /**
   * Safe to retry: GETs, batch reads, and the writes whose repetition changes nothing more
   * (PATCH, PUT, DELETE). Never a POST that creates something (a message): sent exactly once.
   */
  idempotent: boolean;
  /** The answer may have no body (204): then `null`. */
  noContent?: boolean;
  schema: z.ZodType<T>;
  /** Answer `null` instead of throwing on 404 (lookups by id). */
  nullOn404?: boolean;
}

const DEFAULT_DEADLINE_MS = 60_000;
const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotliDecompress = promisify(zlib.brotliDecompress);

/**
 * HTTP to one HubSpot portal with one token: concurrency cap, rolling-window budget, per-attempt
 * timeout, bounded retries, and HubSpot's error bodies turned into `HubSpotError`. One instance
 * per token, shared by all GraphQL requests using it, with its own keep-alive connection pool.
 */
export class HubSpotTransport {
  readonly governor: Governor;
  private readonly limit: LimitFunction;
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly node: NodeHttp;
  private readonly onWarn: HubSpotTransportOptions['onWarn'];
  private readonly observer: TransportObserver | undefined;

  constructor(options: HubSpotTransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.authorization = `Bearer ${options.accessToken}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRetries = options.maxRetries ?? 2;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
    this.node = nodeHttp(this.baseUrl);
    this.onWarn = options.onWarn;
    this.observer = options.observer;
    const budget = options.maxRequestsPer10s ?? 100;
    this.limit = pLimit(options.maxConcurrency ?? budget);
    this.governor =
      options.governor ??
      new RateGovernor({
        maxRequests: budget,
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
        this.observer?.onRetry?.({
          operation: spec.operation,
          attempt,
          status: error.status,
          failure: error.kind,
          policyName: error.policyName,
          delayMs: delay,
        });
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
    const observer = this.observer;
    const queued = observer ? performance.now() : 0;
    let slot: Slot;
    try {
      slot = await this.governor.acquire(spec.operation, deadline, scope.signal, scope.budget);
    } catch (error) {
      observer?.onGovernorWait?.({
        operation: spec.operation,
        waitMs: performance.now() - queued,
        outcome:
          error instanceof HubSpotError &&
          (error.kind === 'budget' || error.kind === 'budget-unavailable')
            ? 'refused'
            : 'aborted',
      });
      throw error;
    }
    const started = performance.now();
    const governorWaitMs = observer ? started - queued : 0;
    if (observer) {
      observer.onGovernorWait?.({
        operation: spec.operation,
        waitMs: governorWaitMs,
        outcome: 'acquired',
      });
      observer.onAttemptStart?.({ operation: spec.operation, method: spec.method, attempt });
    }
    let status: number | undefined;
    let rateLimit: RateLimitHeaders | undefined;
    let failure: HubSpotError | undefined;
    try {
      let response: RawResponse;
      try {
        response = await this.send(spec, url, scope.signal);
        status = response.status;
      } catch (cause) {
        if (scope.signal?.aborted) throw abortedError(spec.operation, scope.signal);
        if (cause instanceof AttemptTimeout) {
          throw new HubSpotError({
            kind: 'timeout',
            operation: spec.operation,
            message: `HubSpot did not answer within ${this.timeoutMs} ms`,
            cause: cause.cause,
          });
        }
        throw new HubSpotError({
          kind: 'network',
          operation: spec.operation,
          message: 'HubSpot could not be reached',
          cause,
        });
      }
      rateLimit = readRateLimit(response.header);
      this.governor.observe(rateLimit);
      if (response.status === 404 && spec.nullOn404) return null;
      if (response.status >= 400) {
        const body = parseErrorBody(response.text);
        const error = HubSpotError.fromResponse(
          spec.operation,
          response.status,
          body,
          rateLimit,
          parseRetryAfter(response.header('retry-after')),
        );
        if (response.status === 429 && !error.isDailyLimit) {
          // HubSpot sends no Retry-After on a ten-secondly 429: hold every caller for a window share.
          this.governor.pause(
            error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 1000,
          );
        }
        throw error;
      }
      if (spec.noContent && (response.status === 204 || response.text.trim() === '')) return null;
      return parseBody(spec, response.text, response.status);
    } catch (error) {
      if (error instanceof HubSpotError) failure = error;
      throw error;
    } finally {
      // Unanswered (timeout, network failure, cancelled): HubSpot may still count it later.
      this.governor.settle(slot, status !== undefined);
      const durationMs = performance.now() - started;
      scope.onCall?.({
        operation: spec.operation,
        method: spec.method,
        path: spec.path,
        status,
        attempt,
        durationMs,
      });
      observer?.onAttemptEnd?.({
        operation: spec.operation,
        method: spec.method,
        attempt,
        url,
        status,
        failure: failure?.kind,
        startedAt: Date.now() - durationMs,
        durationMs,
        governorWaitMs,
        budgetRemaining: this.governor.remaining,
        rateLimit,
        policyName: failure?.policyName,
        correlationId: failure?.correlationId,
      });
    }
  }

  /** One HTTP exchange: the status, headers and whole body, or a rejection. */
  private send(
    spec: RequestSpec<unknown>,
    url: string,
    signal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    return this.sendWithNodeHttp(spec, url, body, signal);
  }

  /**
   * Through node:http(s) on a keep-alive agent: a fraction of the CPU of Node's fetch per call
   * (no WHATWG streams, Request/Response or AbortSignal objects), which matters when one GraphQL
   * request fans out into 20 calls. gzip / deflate / br answers are decoded like fetch does.
   */
  private sendWithNodeHttp(
    spec: RequestSpec<unknown>,
    url: string,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    const { agent, origin } = this.node;
    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      const finish = (error: unknown, response?: RawResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve(response!);
        else reject(error);
      };
      const headers: OutgoingHttpHeaders = {
        authorization: this.authorization,
        accept: 'application/json',
        'accept-encoding': 'gzip, deflate, br',
      };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const request = origin.request(
        {
          protocol: origin.protocol,
          hostname: origin.hostname,
          port: origin.port,
          path: origin.pathPrefix + url.slice(this.baseUrl.length),
          method: spec.method,
          headers,
          agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', finish);
          response.on('close', () => {
            if (!response.complete) finish(new Error('HubSpot closed the connection mid-answer'));
          });
          response.on('end', () => {
            const header = (name: string) => {
              const value = response.headers[name];
              return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
            };
            decode(Buffer.concat(chunks), header('content-encoding')).then(
              (text) => finish(undefined, { status: response.statusCode ?? 0, header, text }),
              finish,
            );
          });
        },
      );
      request.on('error', finish);
      const timer = setTimeout(() => {
        const error = new AttemptTimeout(undefined);
        request.destroy(error);
        finish(error);
      }, this.timeoutMs);
      timer.unref();
      const onAbort = () => {
        const error = new Error('aborted by the caller');
        request.destroy(error);
        finish(error);
      };
      if (signal) {
        if (signal.aborted) {
          onAbort();
          return;
        }
        signal.addEventListener('abort', onAbort, { once: true });
      }
      request.end(body);
    });
  }

  /** Backoff before the next attempt, or undefined when this failure must not be retried. */
  private retryDelay(error: HubSpotError, attempt: number): number | undefined {
    if (
      error.kind === 'aborted' ||
      error.kind === 'budget' ||
      error.kind === 'budget-unavailable' ||
      error.kind === 'malformed'
    ) {
      return undefined;
    }
    if (error.kind === 'http') {
      const status = error.status ?? 0;
      const retryable = isTransientStatus(status);
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
  const parsed = parseTolerant(spec.schema, json);
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

/** An id field: `id` or a name ending in `Id` (`inboxId`, `associatedTicketId`, …). */
const ID_KEY = /^id$|Id$/;

/**
 * `schema.safeParse`, strict first (the common case costs nothing more); when that fails because
 * id fields hold JSON numbers instead of strings, those ids are turned into their strings and
 * the body is parsed once more. Any other mismatch stays a failure.
 */
function parseTolerant<T>(
  schema: z.ZodType<T>,
  json: unknown,
): ReturnType<z.ZodType<T>['safeParse']> {
  const strict = schema.safeParse(json);
  if (strict.success) return strict;
  let changed = false;
  for (const issue of strict.error.issues) {
    const key = issue.path.at(-1);
    if (issue.code !== 'invalid_type' || issue.expected !== 'string') continue;
    if (typeof key !== 'string' || !ID_KEY.test(key)) continue;
    let parent: unknown = json;
    for (const step of issue.path.slice(0, -1)) {
      parent =
        parent !== null && typeof parent === 'object'
          ? (parent as Record<PropertyKey, unknown>)[step]
          : undefined;
    }
    if (parent === null || typeof parent !== 'object') continue;
    const value = (parent as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isFinite(value)) {
      (parent as Record<string, unknown>)[key] = String(value);
      changed = true;
    }
  }
  return changed ? schema.safeParse(json) : strict;
}

/** One HTTP answer, read whole. */
interface RawResponse {
  status: number;
  /** A response header by lower-case name; null when absent. */
  header: (name: string) => string | null;
  text: string;
}

/** An attempt cut by HUBSPOT_TIMEOUT_MS (as opposed to the caller's cancellation). */
class AttemptTimeout extends Error {
  constructor(cause: unknown) {
    super('timeout', cause === undefined ? undefined : { cause });
  }
}

interface NodeHttp {
  agent: HttpAgent;
  origin: {
    request: typeof httpRequest;
    protocol: string;
    hostname: string;
    port: string;
    /** The base URL's own path (e.g. a proxy prefix), without a trailing slash. */
    pathPrefix: string;
  };
}

function nodeHttp(baseUrl: string): NodeHttp {
  const url = new URL(baseUrl);
  const https = url.protocol === 'https:';
  if (!https && url.protocol !== 'http:') throw new TypeError(`Unsupported base URL ${baseUrl}`);
  // Like Node's global agents: idle sockets close after 4 s (sooner when the server's
  // Keep-Alive header says so), the most recently used socket is reused first.
  const options = { keepAlive: true, scheduling: 'lifo' as const, timeout: 4_000 };
  return {
    agent: https ? new HttpsAgent(options) : new HttpAgent(options),
    origin: {
      request: https ? httpsRequest : httpRequest,
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port,
      pathPrefix: url.pathname.replace(/\/+$/, ''),
    },
  };
}

/** The body as text, decoded from the content-encoding HubSpot chose (fetch does the same). */
async function decode(body: Buffer, encoding: string | null): Promise<string> {
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return body.toString('utf8');
    case 'gzip':
    case 'x-gzip':
      return (await gunzip(body)).toString('utf8');
    case 'deflate':
      // zlib-wrapped as the RFC says, or raw deflate as some servers send.
      return (await inflate(body).catch(() => inflateRaw(body))).toString('utf8');
    case 'br':
      return (await brotliDecompress(body)).toString('utf8');
    default:
      return body.toString('utf8');
  }
}

function parseErrorBody(text: string) {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function readRateLimit(header: (name: string) => string | null): RateLimitHeaders {
  const num = (name: string) => {
    const value = header(name);
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
