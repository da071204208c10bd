import { randomBytes } from 'node:crypto';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from '../config.ts';
import { HubSpotCache } from '../cache/hubspot-cache.ts';
import { createTokenKeyer, type TokenKeyer } from '../cache/token-key.ts';
import {
  type CacheKind,
  type CacheResult,
  noThreadCache,
  type ThreadCache,
} from '../cache/types.ts';
import { type ContextDeps, createContext, type GatewayContext } from '../context.ts';
import { gatewayError } from '../error-codes.ts';
import { HubSpotError } from '../hubspot/errors.ts';
import type { Governor } from '../hubspot/governor.ts';
import {
  HubSpotTransport,
  type HubSpotTransportOptions,
  type TransportObserver,
} from '../hubspot/transport.ts';
import { ThreadChanges } from '../live/changes.ts';
import {
  type CacheKind as MetricCacheKind,
  type CacheRecorder,
  type CacheResult as MetricCacheResult,
  createObservability,
  type Observability,
} from '../observability/index.ts';
import { ThreadEventHub } from '../live/fanout.ts';
import { createRedisBackend, type RedisBackend } from '../redis/index.ts';
import { schema } from '../schema/index.ts';
import { withoutMutations } from '../schema/read-only.ts';
import { type GatewayStores, MemoryStore } from '../store/store.ts';
import { corsPolicy, useCorsPreflightRefusal } from './cors.ts';
import { hubSpotErrorToGraphQL, logMaskedError, maskError } from './errors.ts';
import {
  graphiqlOptions,
  renderGraphiQLPage,
  useClientSchemaForGraphiQL,
  useGraphiQLAssetsAndCompression,
} from './graphiql.ts';
import { createHardeningPlugins } from './hardening.ts';
import { useRootRedirect } from './landing.ts';
import type { Logger } from './logger.ts';
import { useEventContext } from './subscriptions.ts';
import { WEBHOOK_PATH, WebhookReceiver } from '../webhooks/receiver.ts';

/** What the gateway is built over: everything that is not configuration. */
export interface GatewayDeps {
  logger: Logger;
  /** The server's own HubSpot token; undefined when every caller forwards its own. */
  accessToken: string | undefined;
  /** Upstream origin (HUBSPOT_API_BASE_URL, or the embedded simulator's). */
  baseUrl: string;
  /** Shared stores; default: Redis stores with REDIS_URL, in-process (MemoryStore) without. */
  stores?: GatewayStores;
  /**
   * Benchmarks only: leave out inbound auth, CSRF prevention, document limits and cost control
   * (to measure what they cost). Never set in production wiring.
   */
  unprotected?: boolean;
  /**
   * The webhook signing secret when it does not come from HUBSPOT_CLIENT_SECRET (simulator mode:
   * generated at start and shared with the embedded portal).
   */
  webhookSecret?: string;
  /** Extra yoga/envelop plugins, after the protections. */
  plugins?: Plugin<GatewayContext & Record<string, unknown>>[];
  /** Benchmarks only: force metrics / tracing off (to measure what they cost). */
  observability?: { metrics?: boolean; tracing?: boolean };
}

/** The whole app, built from configuration in one place (`npm start`, tests, bench, load). */
export interface Gateway {
  config: GatewayConfig;
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  /** Transports by token hash: one budget, concurrency cap and connection pool per token. */
  transports: TransportPool;
  /** Thread changes (webhooks and mutations publish; the cache and subscriptions listen). */
  changes: ThreadChanges;
  /** The cross-request cache's invalidation entry points. */
  cache: ThreadCache;
  stores: GatewayStores;
  /** Subscriptions' fan-out: `active` count, `onActiveChange` (graphql_subscriptions_active). */
  live: ThreadEventHub;
  /**
   * `POST /webhooks/hubspot`, when a secret is configured: `onOutcome` reports every counted
   * outcome (webhook_events_total{type,result}).
   */
  webhooks: WebhookReceiver | undefined;
  /** A token's identity (HMAC under CACHE_KEY_SECRET): the scope of its cache entries and events. */
  tokenKey: TokenKeyer;
  /** With REDIS_URL: the connections and shared pieces (budget, stores, pub/sub). */
  redis: RedisBackend | undefined;
  /** Whether this replica can serve: false while a configured REDIS_URL does not answer. */
  readiness(): { ready: boolean; checks: Record<string, 'up' | 'down'> };
  /** Metrics, traces, the request id and log line; `observability.cache` / `.webhooks` record. */
  observability: Observability;
  /**
   * Ends subscriptions, finishes accepted webhook events, releases long-lived resources (store
   * connections, span export).
   */
  close(): Promise<void>;
}

/** Keeps one transport per token, bounded, so forwarded tokens never share a budget or cache. */
export class TransportPool {
  private readonly byKey = new Map<string, HubSpotTransport>();
  private readonly create: (token: string, key: string) => HubSpotTransport;
  private readonly maxSize: number;
  private readonly tokenKey: TokenKeyer;

  /** `tokenKey`: the token's identity (HMAC under CACHE_KEY_SECRET), also the cache's scope. */
  constructor(
    create: (token: string, key: string) => HubSpotTransport,
    tokenKey: TokenKeyer,
    maxSize = 1000,
  ) {
    this.create = create;
    this.tokenKey = tokenKey;
    this.maxSize = maxSize;
  }

  /** The token's transport, created on first use (the least recently used one goes when full). */
  getOrCreate(token: string): { key: string; transport: HubSpotTransport } {
    const key = this.tokenKey(token);
    let transport = this.byKey.get(key);
    if (transport) {
      // Map order doubles as LRU order.
      this.byKey.delete(key);
    } else {
      transport = this.create(token, key);
      if (this.byKey.size >= this.maxSize) {
        const oldest = this.byKey.keys().next().value;
        if (oldest !== undefined) this.byKey.delete(oldest);
      }
    }
    this.byKey.set(key, transport);
    return { key, transport };
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** The HubSpot transport of one token, as the configuration says (budget, retries, timeouts). */
export function createTransport(
  config: GatewayConfig,
  baseUrl: string,
  token: string,
  onWarn?: HubSpotTransportOptions['onWarn'],
  observer?: TransportObserver,
  governor?: Governor,
): HubSpotTransport {
  return new HubSpotTransport({
    baseUrl,
    accessToken: token,
    timeoutMs: config.HUBSPOT_TIMEOUT_MS,
    maxRetries: config.HUBSPOT_MAX_RETRIES,
    // Unset: the transport's default, the budget itself (the cap never binds while it has room).
    maxConcurrency: config.HUBSPOT_MAX_CONCURRENCY,
    maxRequestsPer10s: config.HUBSPOT_MAX_REQUESTS_PER_10S,
    rateWindowMs: config.HUBSPOT_RATE_WINDOW_MS,
    governor,
    onWarn,
    observer,
  });
}

export function createGateway(config: GatewayConfig, deps: GatewayDeps): Gateway {
  const { logger } = deps;
  const observability = createObservability(config, { logger, ...deps.observability });
  // Replicas sharing a Redis cache must share it; one process alone may draw its own.
  const cacheSecret = config.CACHE_KEY_SECRET ?? randomBytes(32).toString('base64url');
  const tokenKeyer = createTokenKeyer(cacheSecret);
  const redis = config.REDIS_URL ? createRedisBackend(config, logger) : undefined;
  const transports = new TransportPool(
    (token, key) =>
      createTransport(
        config,
        deps.baseUrl,
        token,
        (event, message) => logger.warn(event, message),
        observability.transportObserver,
        redis?.governorFor(key),
      ),
    tokenKeyer,
  );
  const stores = deps.stores ?? redis?.stores ?? createMemoryStores(config);
  const changes = new ThreadChanges(redis?.eventTarget);
  const webhookSecret = deps.webhookSecret ?? config.HUBSPOT_CLIENT_SECRET;
  const cache = createThreadCache(
    config,
    deps,
    stores,
    cacheSecret,
    observability.cache,
    webhookSecret !== undefined,
  );
  const live = new ThreadEventHub(changes, {
    maxPerCaller: config.SUBSCRIPTIONS_MAX_PER_CALLER,
    maxTotal: config.SUBSCRIPTIONS_MAX_TOTAL,
    trustedTokenKey: deps.accessToken === undefined ? undefined : tokenKeyer(deps.accessToken),
    onWarn: (fields, message) => logger.warn(fields, message),
  });
  const webhooks =
    webhookSecret === undefined
      ? undefined
      : new WebhookReceiver({
          secret: webhookSecret,
          publicUrl: webhookPublicUrl(config),
          portalId: config.HUBSPOT_PORTAL_ID,
          maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
          state: stores.state,
          cache,
          changes,
          logger,
        });
  // webhook_events_total{type,result}: a request refused before its events could be read has
  // no type of its own (`unknown`; a type outside the closed set is `other`).
  webhooks?.onOutcome((outcome) =>
    observability.webhooks.webhookEvent(
      outcome.type === 'unknown' ? undefined : outcome.type,
      outcome.result,
    ),
  );
  const contextDeps: ContextDeps = {
    config,
    cache,
    changes,
    stores,
    live,
    resolveTransport: (request) => {
      const { key, transport } = transports.getOrCreate(
        pickToken(request, config, deps.accessToken),
      );
      return { tokenKey: key, transport };
    },
  };
  const protections = deps.unprotected ? [] : createHardeningPlugins(config, logger);

  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema: config.MUTATIONS ? schema : readOnlySchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    healthCheckEndpoint: '/yoga-health',
    logging: {
      // yoga calls debug several times per request: build the line only when it is written.
      debug: (...args) => {
        if (logger.isLevelEnabled('debug')) logger.debug(args.map(String).join(' '));
      },
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      // Errors yoga masked: facts only (never HubSpot's text, a token or, for upstream
      // failures, a stack).
      error: (...args) => logMaskedError(logger, args),
    },
    // Loopback origins in simulator mode, else only CORS_ORIGINS (see cors.ts).
    cors: corsPolicy(config),
    maxRequestBodySize: config.MAX_REQUEST_BODY_BYTES,
    graphiql: config.GRAPHIQL
      ? graphiqlOptions(config, { webhooks: webhookSecret !== undefined })
      : false,
    // A small page; GraphiQL's code is served as cacheable files (loaded on first use).
    renderGraphiQL: renderGraphiQLPage,
    maskedErrors: { maskError, isDev: false },
    context: ({ request }): GatewayContext => {
      const context = createContext(request, contextDeps);
      // yoga copies this object into its own context: the request is the stable handle.
      releases.set(request, context.release);
      return context;
    },
    plugins: [
      ...observability.firstPlugins,
      // Before the protections: HubSpot authenticates with its signature, not an API key.
      ...(webhooks ? [useWebhookEndpoint(webhooks)] : []),
      useGraphiQLAssetsAndCompression({ assets: config.GRAPHIQL }),
      ...observability.unprotectedPlugins,
      useCorsPreflightRefusal(),
      useRootRedirect(),
      ...protections,
      useBudgetReservation(),
      ...observability.protectedPlugins,
      ...(deps.plugins ?? []),
      useClientSchemaForGraphiQL(),
      useRequestLifecycle(),
      useCostReport(),
      useEventContext(),
    ],
  });

  return {
    config,
    yoga,
    transports,
    changes,
    cache,
    stores,
    live,
    webhooks,
    tokenKey: tokenKeyer,
    redis,
    readiness: (): ReturnType<Gateway['readiness']> => {
      if (!redis) return { ready: true, checks: {} };
      const up = redis.healthy;
      return { ready: up, checks: { redis: up ? 'up' : 'down' } };
    },
    observability,
    close: async () => {
      await live.close();
      await webhooks?.drain();
      await Promise.all([stores.close(), observability.close()]);
      await redis?.close();
    },
  };
}

/**
 * With a shared (Redis) budget: reserves the operation's estimated upstream calls (computed by
 * the cost limit just before) in one round trip, so its calls start without asking Redis again;
 * the unused rest goes back when the request ends (context.release). When the shared budget is
 * unreachable the operation fails here, before any upstream call. In process this is free.
 */
function useBudgetReservation(): Plugin<GatewayContext & Record<string, unknown>> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as Partial<GatewayContext> | undefined;
      const estimated = context?.cost?.estimated;
      if (!context?.budget || estimated === undefined || !(estimated > 0)) return;
      try {
        await context.budget.reserve(estimated);
      } catch (error) {
        if (!(error instanceof HubSpotError)) throw error;
        setResultAndStopExecution({
          errors: [hubSpotErrorToGraphQL(error)],
          extensions: { cost: { estimated, actual: 0, cached: 0 } },
        });
      }
    },
  };
}

/** The cache's lookup kinds as `gateway_cache_requests_total{kind}` names them. */
const METRIC_KIND: Record<CacheKind, MetricCacheKind> = {
  thread: 'thread',
  messages: 'messages',
  inboxes: 'inboxes',
  actor: 'actor',
  ticket: 'ticket',
  originalContent: 'originalContent',
};
/** Joining an identical call in flight saves an upstream call, as a hit does. */
const METRIC_RESULT: Record<CacheResult, MetricCacheResult> = {
  hit: 'hit',
  shared: 'shared',
  miss: 'miss',
  stale: 'miss',
  bypass: 'bypass',
};

/** The real cache when CACHE_MAX_AGE_S > 0; with 0, nothing is cached at all. */
function createThreadCache(
  config: GatewayConfig,
  deps: GatewayDeps,
  stores: GatewayStores,
  secret: string,
  recorder: CacheRecorder,
  /** Webhooks keep threads fresh, so thread reads may be cached (runtime.md caching rules). */
  threadsLive: boolean,
): ThreadCache {
  if (config.CACHE_MAX_AGE_S === 0) return noThreadCache;
  let storeErrorLogged = 0;
  return new HubSpotCache({
    store: stores.cache,
    maxAgeMs: config.CACHE_MAX_AGE_S * 1000,
    secret,
    threadsLive,
    onLookup: (kind, result) => recorder.cacheRequest(METRIC_KIND[kind], METRIC_RESULT[result]),
    onStoreError: (error) => {
      // At most one line a minute: a store outage must not flood the log.
      if (Date.now() - storeErrorLogged < 60_000) return;
      storeErrorLogged = Date.now();
      deps.logger.warn(
        { event: 'cache_store_error', error: error instanceof Error ? error.name : 'error' },
        'the cache store failed: reading HubSpot instead',
      );
    },
  });
}

/** WEBHOOK_PUBLIC_URL, or where this process listens. */
export function webhookPublicUrl(config: GatewayConfig): string {
  if (config.WEBHOOK_PUBLIC_URL !== undefined) return config.WEBHOOK_PUBLIC_URL;
  const host =
    config.HOST.includes(':') && !config.HOST.startsWith('[') ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${config.PORT}${WEBHOOK_PATH}`;
}

/** Serves `POST /webhooks/hubspot` before anything GraphQL runs. */
function useWebhookEndpoint(
  receiver: WebhookReceiver,
): Plugin<GatewayContext & Record<string, unknown>> {
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname !== WEBHOOK_PATH) return;
      endResponse(await receiver.handle(request));
    },
  };
}

let readOnly: ReturnType<typeof withoutMutations> | undefined;
/** MUTATIONS=false: the schema without its Mutation type (built once). */
function readOnlySchema() {
  readOnly ??= withoutMutations(schema);
  return readOnly;
}

/** One in-process store per kind (one replica, no REDIS_URL). */
function createMemoryStores(config: GatewayConfig): GatewayStores {
  return {
    cache: new MemoryStore({ maxBytes: config.CACHE_MAX_BYTES }),
    // Idempotency keys and webhook event ids: small entries, a generous fixed bound.
    state: new MemoryStore({ maxBytes: 64 * 1024 * 1024 }),
    close: () => Promise.resolve(),
  };
}

/** Each request's deadline timer and client-abort listener, released when its response is made. */
const releases = new WeakMap<Request, () => void>();

/** Ends each request's timers once yoga has its response, whatever path it took. */
function useRequestLifecycle(): Plugin<GatewayContext & Record<string, unknown>> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone() {
          (args.contextValue as Partial<GatewayContext>).release?.();
        },
      };
    },
    onResponse({ request }) {
      releases.get(request)?.();
      releases.delete(request);
    },
  };
}

function pickToken(
  request: Request,
  config: GatewayConfig,
  serverToken: string | undefined,
): string {
  if (config.FORWARD_CALLER_TOKEN) {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
    if (match?.[1]) return match[1];
  }
  if (serverToken) return serverToken;
  throw gatewayError(
    'UNAUTHENTICATED',
    'Send your HubSpot token as `Authorization: Bearer <token>`.',
    {
      extensions: { http: { status: 401 } },
    },
  );
}

/**
 * Adds `extensions.cost { estimated, actual, cached }` to every execution result: the estimate
 * (an upper bound, as if nothing were cached), the upstream attempts made, and the upstream
 * calls the cross-request cache saved.
 */
function useCostReport(): Plugin<GatewayContext & Record<string, unknown>> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as GatewayContext;
      return {
        onExecuteDone({ result, setResult }) {
          if (!context?.cost || !result || Symbol.asyncIterator in result) return;
          setResult({
            ...result,
            extensions: {
              ...result.extensions,
              cost: {
                estimated: context.cost.estimated ?? null,
                actual: context.cost.actual,
                cached: context.cost.cached,
              },
            },
          });
        },
      };
    },
  };
}
