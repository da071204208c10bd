import type { HubSpotErrorBody } from './schemas.ts';

/**
 * HTTP statuses that mean "try again later": 429 (rate limit), 423 (locked), 477 (portal
 * migration in progress) and every 5xx. The transport retries them (idempotent calls only; never
 * a daily 429); the gateway reports what is left of them as RATE_LIMITED / UPSTREAM_UNAVAILABLE.
 */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status === 423 || status === 477 || status >= 500;
}

/** The X-HubSpot-RateLimit-* headers of one response, when HubSpot sent them. */
export interface RateLimitHeaders {
  max?: number;
  remaining?: number;
  intervalMs?: number;
  daily?: number;
  dailyRemaining?: number;
}

/**
 * Why an upstream call failed:
 * - `http`: HubSpot answered with a non-2xx status (see `status`, `category`);
 * - `timeout`: one attempt exceeded HUBSPOT_TIMEOUT_MS;
 * - `network`: no HTTP answer (connection refused, reset, DNS);
 * - `malformed`: a 2xx whose body is not the JSON HubSpot documents;
 * - `budget`: the gateway's own rate-limit governor refused to wait past the request deadline;
 * - `budget-unavailable`: the shared rate-limit budget (Redis) could not be reached, so the call
 *   was not made (it could not have been counted);
 * - `aborted`: the GraphQL request was cancelled (client gone, or its deadline passed);
 * - `invalid-call`: the caller broke the client's contract (e.g. more ids than a batch takes):
 *   a gateway bug, nothing was sent.
 */
export type HubSpotFailureKind =
  | 'http'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'budget'
  | 'budget-unavailable'
  | 'aborted'
  | 'invalid-call';

export interface HubSpotErrorInit {
  kind: HubSpotFailureKind;
  message: string;
  operation: string;
  status?: number;
  category?: string;
  subCategory?: string;
  correlationId?: string;
  policyName?: string;
  retryAfterSeconds?: number;
  requiredScopes?: string[];
  invalidFields?: string[];
  rateLimit?: RateLimitHeaders;
  attempts?: number;
  cause?: unknown;
}

/**
 * The only error a call of `src/hubspot/` rejects with (only constructing a transport with an
 * unsupported base URL throws a TypeError, at startup). Its `message` may hold HubSpot text: log
 * it, never show it.
 */
export class HubSpotError extends Error {
  override name = 'HubSpotError';
  readonly kind: HubSpotFailureKind;
  /** The client operation, e.g. `listThreads`. */
  readonly operation: string;
  readonly status: number | undefined;
  readonly category: string | undefined;
  readonly subCategory: string | undefined;
  /** Quote it to HubSpot support. */
  readonly correlationId: string | undefined;
  /** 429 only: `TEN_SECONDLY_ROLLING`, `SECONDLY` or `DAILY`. */
  readonly policyName: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** 403 MISSING_SCOPES: the scopes HubSpot asked for. */
  readonly requiredScopes: string[] | undefined;
  /** 400: the request fields HubSpot named as at fault (`errors[].in`), when it named any. */
  readonly invalidFields: string[] | undefined;
  readonly rateLimit: RateLimitHeaders | undefined;
  /** How many attempts were made, retries included (set by the transport). */
  attempts: number;

  constructor(init: HubSpotErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.category = init.category;
    this.subCategory = init.subCategory;
    this.correlationId = init.correlationId;
    this.policyName = init.policyName;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.requiredScopes = init.requiredScopes;
    this.invalidFields = init.invalidFields;
    this.rateLimit = init.rateLimit;
    this.attempts = init.attempts ?? 1;
  }

  /** A daily 429 will not clear by waiting seconds: never retry it. */
  get isDailyLimit(): boolean {
    return this.status === 429 && this.policyName === 'DAILY';
  }

  static fromResponse(
    operation: string,
    status: number,
    body: HubSpotErrorBody | undefined,
    rateLimit: RateLimitHeaders,
    retryAfterSeconds: number | undefined,
  ): HubSpotError {
    const scopes = body?.errors?.flatMap(
      (e) => e.context?.requiredScopes ?? e.context?.requiredGranularScopes ?? [],
    );
    const fields = body?.errors?.flatMap((e) => (e.in === undefined ? [] : [e.in]));
    return new HubSpotError({
      kind: 'http',
      operation,
      status,
      message: body?.message ?? `HubSpot answered HTTP ${status}`,
      category: body?.category ?? body?.errorType,
      subCategory: body?.subCategory,
      correlationId: body?.correlationId,
      policyName: body?.policyName,
      retryAfterSeconds,
      requiredScopes: scopes && scopes.length > 0 ? scopes : undefined,
      invalidFields: fields && fields.length > 0 ? fields : undefined,
      rateLimit,
    });
  }
}
