import { z } from 'zod';
import { API_VERSIONS } from './hubspot/paths.ts';

/**
 * Limits are the operator's: a setting takes every value that can work, with no ceiling picked
 * by the gateway. Refused: not a whole number, and below the least value that works.
 */
const whole = (min: 0 | 1) => z.coerce.number().int().min(min).max(Number.MAX_SAFE_INTEGER);
/** Node's timers wait at most 2³¹−1 ms (~24.8 days); a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const timerMs = (min: 0 | 1) => whole(min).max(MAX_TIMER_MS);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/**
 * Every setting, read once from the environment at start. Nothing else reads `process.env`.
 * Names in the first block are fixed by the runtime contract.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Unset: the embedded simulated HubSpot portal is used. */
  HUBSPOT_ACCESS_TOKEN: z.string().min(1).optional(),
  HUBSPOT_API_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.hubapi.com'),
  HUBSPOT_API_VERSION: z.enum(API_VERSIONS).default('2026-09'),
  /** Upstream calls per rolling 10 s, per token: any positive number (a proxy may allow more). */
  HUBSPOT_MAX_REQUESTS_PER_10S: whole(1).default(100),
  /**
   * Upstream calls in flight at once, per token. Unset: the budget above, so it never binds
   * while the budget has room (the rolling budget paces the calls; a 20-thread inbox page with
   * previews fires its 20 message calls in one round trip however many requests share the token).
   * Set it lower only to spare a proxy or upstream that limits connections.
   */
  HUBSPOT_MAX_CONCURRENCY: whole(1).optional(),
  /** One upstream attempt's timeout. */
  HUBSPOT_TIMEOUT_MS: timerMs(1).default(10_000),
  HUBSPOT_MAX_RETRIES: whole(0).default(2),
  /**
   * Internal, for tests: the rolling window's length. HubSpot's is 10 s; leave it unset in
   * production (the budget above is per 10 s only with the default).
   */
  HUBSPOT_RATE_WINDOW_MS: timerMs(1).default(10_000),

  /** Whole GraphQL request deadline: no upstream call starts or retries after it. */
  REQUEST_TIMEOUT_MS: timerMs(1).default(30_000),
  /** Largest `first` a connection accepts (HubSpot pages cap at 500; larger pages cost more calls). */
  MAX_PAGE_SIZE: whole(1).default(1000),
  /** Operations estimated above this many upstream calls are refused before any call. */
  MAX_OPERATION_COST: whole(1).default(100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * `json`: one JSON object per line (the runtime contract); `pretty`: one readable line per
   * entry; `auto` (default): pretty when stdout is a terminal, JSON otherwise.
   */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Largest accepted request body (POST), in bytes; larger bodies get 413. */
  MAX_REQUEST_BODY_BYTES: whole(1).default(100_000),
  /** Deepest field nesting an operation may have (fragments do not add depth). */
  MAX_QUERY_DEPTH: whole(1).default(15),
  /** Most aliases an operation may use. */
  MAX_ALIASES: whole(0).default(30),
  /** Most lexical tokens a document may have (the largest shipped operation has 314). */
  MAX_TOKENS: whole(1).default(2_000),
  /** Most directives an operation may use. */
  MAX_DIRECTIVES: whole(0).default(50),
  /**
   * Origins allowed to call the gateway from a browser page on another origin (CORS), e.g.
   * `https://app.example.com`. Empty (default): no cross-origin browser access at all.
   */
  CORS_ORIGINS: list.default([]),
  /** GraphiQL at /graphql for browsers. */
  GRAPHIQL: bool.default(true),
  /** Introspection queries. */
  INTROSPECTION: bool.default(true),
  /** Use the caller's `Authorization: Bearer` token upstream instead of HUBSPOT_ACCESS_TOKEN. */
  FORWARD_CALLER_TOKEN: bool.default(false),
  /** Inbound API keys (header `x-api-key`); required when HOST is not loopback. */
  GATEWAY_API_KEYS: list.default([]),
  /** Inbound JWTs (`Authorization: Bearer`), HS256 with this shared secret (≥ 32 characters). */
  GATEWAY_JWT_SECRET: z.string().min(32).optional(),
  /** Inbound JWTs verified against the public keys of this JWKS file (RS256, ES256, EdDSA …). */
  GATEWAY_JWT_JWKS_FILE: z.string().min(1).optional(),
  /** When set, inbound JWTs must carry this `iss`. */
  GATEWAY_JWT_ISSUER: z.string().min(1).optional(),
  /** When set, inbound JWTs must carry this `aud`. */
  GATEWAY_JWT_AUDIENCE: z.string().min(1).optional(),
  /** Explicit opt-out of inbound authentication on a non-loopback HOST. */
  ALLOW_UNAUTHENTICATED: bool.default(false),
  /** HMAC key for pagination cursors; set the same value on every replica. */
  CURSOR_SECRET: z.string().min(16).optional(),
  /** How long in-flight requests may run after SIGTERM. */
  SHUTDOWN_GRACE_MS: timerMs(0).default(10_000),
  /**
   * The longest any cached HubSpot answer is served without being read again, in seconds;
   * 0 turns the cross-request cache off.
   */
  CACHE_MAX_AGE_S: whole(0)
    .max(Math.floor(Number.MAX_SAFE_INTEGER / 1000))
    .default(300),
  /**
   * Key of the caller-token identity (HMAC) in cache keys, and of the sealing of cached values.
   * Replicas sharing a Redis cache must all set the same value; unset: random per process.
   */
  CACHE_KEY_SECRET: z.string().min(16).optional(),
  /** Bound on the in-process cache's memory, in bytes (keys and values). */
  CACHE_MAX_BYTES: whole(1).default(64 * 1024 * 1024),
  /**
   * The HubSpot app's client secret: turns on `POST /webhooks/hubspot` and is the key of
   * `X-HubSpot-Signature-v3`. Unset: no webhook endpoint (404), except in simulator mode, where
   * a secret generated at start is shared with the embedded portal. With webhooks on, the cache
   * also serves `thread(id)` until an event about the thread arrives (or CACHE_MAX_AGE_S).
   */
  HUBSPOT_CLIENT_SECRET: z.string().min(1).optional(),
  /**
   * The exact URL HubSpot calls (scheme, host, path, query): signatures are checked against this
   * string. Default: `http://$HOST:$PORT/webhooks/hubspot`.
   */
  WEBHOOK_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** When set, webhook events of any other portal are acknowledged and ignored. */
  HUBSPOT_PORTAL_ID: whole(1).optional(),
  /** Largest accepted webhook body, in bytes (HubSpot batches up to ~100 small events). */
  WEBHOOK_MAX_BODY_BYTES: whole(1).default(1_000_000),
  /** Open subscriptions one caller may hold at once (caller: its API key, JWT or HubSpot token). */
  SUBSCRIPTIONS_MAX_PER_CALLER: whole(1).default(100),
  /** Open subscriptions the whole process holds at once. */
  SUBSCRIPTIONS_MAX_TOTAL: whole(1).default(10_000),
  /** graphql-ws: WebSocket ping interval; a socket that misses a pong is closed. */
  WS_KEEPALIVE_MS: timerMs(1).default(12_000),
  /**
   * Simulator mode only: simulated visitor and agent activity (new messages, status and
   * assignment changes, new threads) per minute, delivered as signed webhooks. 0 turns it off.
   */
  SIMULATOR_ACTIVITY_PER_MIN: whole(0).default(12),
  /**
   * `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS): the rate budget, cache,
   * webhook de-duplication, idempotency keys and subscription fan-out are shared through it by
   * every replica. Unset: all of it in-process (one replica).
   */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of every Redis key and channel: deployments sharing one Redis use different ones. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)')
    .default('hsgw'),
  /** Bound on each Redis command: an unresponsive Redis fails fast instead of hanging requests. */
  REDIS_COMMAND_TIMEOUT_MS: timerMs(1).default(1_000),
  /**
   * The Mutation type (writes need the token's `conversations.write` scope). false: a read-only
   * deployment whose schema has no Mutation type at all.
   */
  MUTATIONS: bool.default(true),
  /** `GET /metrics` (Prometheus text format); `false` turns metrics off entirely. */
  METRICS: bool.default(true),
  /**
   * Serve `/metrics` on this port (on METRICS_HOST) instead of the GraphQL port, without inbound
   * auth. Unset: `/metrics` is on the GraphQL port, behind the GraphQL API's inbound auth unless
   * HOST is loopback.
   */
  METRICS_PORT: whole(1).max(65535).optional(),
  /** Listen address of METRICS_PORT. @default HOST */
  METRICS_HOST: z.string().min(1).optional(),
  /**
   * Distinct caller-sent operation names kept as metric label values; later ones are counted as
   * `other` (a caller cannot blow up the metrics' cardinality).
   */
  METRICS_MAX_OPERATION_NAMES: whole(0).default(100),
  /**
   * One `info` line per request (operation, duration, status, upstream and cached calls, error
   * codes, request id). Default: on with the embedded simulated portal, off with a real one.
   */
  REQUEST_LOG: bool.optional(),
  /** OTLP/HTTP collector base URL (traces go to `<url>/v1/traces`); unset: no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** Full OTLP/HTTP traces URL; overrides OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** `service.name` of the traces. */
  OTEL_SERVICE_NAME: z.string().min(1).default('hubspot-conversations-gateway'),
  /** Share of new traces recorded (0–1); a traceparent's sampled flag is always followed. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** Simulated portal only: latency added to each upstream response. */
  SIMULATOR_LATENCY_MS: timerMs(0).default(0),
});

export type GatewayConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; a bad value throws a one-line ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const input = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, emptyToUndefined(env[key])]),
  );
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid ${name}: ${issue?.message ?? 'bad value'}`);
  }
  const config = parsed.data;
  const jwt = config.GATEWAY_JWT_SECRET !== undefined || config.GATEWAY_JWT_JWKS_FILE !== undefined;
  if (jwt && config.FORWARD_CALLER_TOKEN) {
    throw new ConfigError(
      'Invalid GATEWAY_JWT_SECRET: inbound JWTs and FORWARD_CALLER_TOKEN both use `Authorization: Bearer`; use GATEWAY_API_KEYS with forwarding',
    );
  }
  if (config.REDIS_URL !== undefined && config.CACHE_KEY_SECRET === undefined) {
    // The shared budget, cache and idempotency keys are all keyed by the token's HMAC under it.
    throw new ConfigError(
      'Invalid CACHE_KEY_SECRET: with REDIS_URL every replica must share it (≥ 16 chars), or the replicas share neither budget nor cache',
    );
  }
  if (config.GATEWAY_API_KEYS.some((key) => key.length < 16)) {
    throw new ConfigError('Invalid GATEWAY_API_KEYS: every key needs at least 16 characters');
  }
  if (config.GATEWAY_JWT_SECRET !== undefined && config.GATEWAY_JWT_JWKS_FILE !== undefined) {
    throw new ConfigError(
      'Invalid GATEWAY_JWT_JWKS_FILE: set GATEWAY_JWT_SECRET or GATEWAY_JWT_JWKS_FILE, not both',
    );
  }
  if (!isLoopback(config.HOST) && config.GATEWAY_API_KEYS.length === 0 && !jwt) {
    const forwarding = config.FORWARD_CALLER_TOKEN && config.HUBSPOT_ACCESS_TOKEN === undefined;
    if (!forwarding && !config.ALLOW_UNAUTHENTICATED) {
      throw new ConfigError(
        `Invalid HOST: ${config.HOST} is not loopback, so set GATEWAY_API_KEYS (inbound API keys), GATEWAY_JWT_SECRET / GATEWAY_JWT_JWKS_FILE (inbound JWTs) or ALLOW_UNAUTHENTICATED=true`,
      );
    }
  }
  if (config.METRICS_PORT !== undefined && config.METRICS_PORT === config.PORT) {
    throw new ConfigError('Invalid METRICS_PORT: it must differ from PORT');
  }
  return config;
}

/** No HubSpot token and no forwarding: `npm start` serves the embedded simulated portal. */
export function isSimulatorMode(config: GatewayConfig): boolean {
  return config.HUBSPOT_ACCESS_TOKEN === undefined && !config.FORWARD_CALLER_TOKEN;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** No HubSpot token and no forwarding: `npm start` serves the embedded simulated portal. */
export function usesSimulator(config: GatewayConfig): boolean {
  return config.HUBSPOT_ACCESS_TOKEN === undefined && !config.FORWARD_CALLER_TOKEN;
}
