import { createHash } from 'node:crypto';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from '../config.ts';
import { noThreadCache, type ThreadCache } from '../cache/types.ts';
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
import { createObservability, type Observability } from '../observability/index.ts';
import { createRedisBackend, type RedisBackend } from '../redis/index.ts';
import { schema } from '../schema/index.ts';
import { withoutMutations } from '../schema/read-only.ts';
import { type GatewayStores, MemoryStore } from '../store/store.ts';
import { hubSpotErrorToGraphQL, logMaskedError, maskError } from './errors.ts';
import {
  graphiqlOptions,
  renderGraphiQLPage,
  useClientSchemaForGraphiQL,
  useGraphiQLAssetsAndCompression,
} from './graphiql.ts';
import { createHardeningPlugins } from './hardening.ts';
import type { Logger } from './logger.ts';

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
  /** Extra yoga/envelop plugins, after the protections. */
  plugins?: Plugin<GatewayContext & Record<string, unknown>>[];
  /** Benchmarks only: force metrics / tracing off (to measure what they cost). */
  observability?: { metrics?: boolean; tracing?: boolean };
}

/** The whole app, built from configuration in one place (`npm start`, tests, bench, load). */
export interface Gateway {
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  /** Transports by token hash: one budget, concurrency cap and connection pool per token. */
  transports: TransportPool;
  /** Thread changes (webhooks and mutations publish; the cache and subscriptions listen). */
  changes: ThreadChanges;
  /** The cross-request cache's invalidation entry points. */
  cache: ThreadCache;
  stores: GatewayStores;
  /** With REDIS_URL: the connections and shared pieces (budget, stores, pub/sub). */
  redis: RedisBackend | undefined;
  /** Whether this replica can serve: false while a configured REDIS_URL does not answer. */
  readiness(): { ready: boolean; checks: Record<string, 'up' | 'down'> };
  /** Metrics, traces, the request id and log line; `observability.cache` / `.webhooks` record. */
  observability: Observability;
  /** Releases long-lived resources (store connections, span export). */
  close(): Promise<void>;
}

/** Keeps one transport per token, bounded, so forwarded tokens never share a budget or cache. */
export class TransportPool {
  private readonly byKey = new Map<string, HubSpotTransport>();
  private readonly create: (token: string, key: string) => HubSpotTransport;
  private readonly maxSize: number;

  constructor(create: (token: string, key: string) => HubSpotTransport, maxSize = 1000) {
    this.create = create;
    this.maxSize = maxSize;
  }

  get(token: string): { key: string; transport: HubSpotTransport } {
    const key = tokenKey(token);
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

export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 16);
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
    // Unset: the budget itself, so the cap never binds while the budget has room.
    maxConcurrency: config.HUBSPOT_MAX_CONCURRENCY ?? config.HUBSPOT_MAX_REQUESTS_PER_10S,
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
  const redis = config.REDIS_URL ? createRedisBackend(config, logger) : undefined;
  const transports = new TransportPool((token, key) =>
    createTransport(
      config,
      deps.baseUrl,
      token,
      (event, message) => logger.warn(event, message),
      observability.transportObserver,
      redis?.governorFor(key),
    ),
  );
  const stores = deps.stores ?? redis?.stores ?? createMemoryStores(config);
  const changes = new ThreadChanges(redis?.eventTarget);
  const cache: ThreadCache = noThreadCache;
  const contextDeps: ContextDeps = {
    config,
    cache,
    changes,
    stores,
    resolveTransport: (request) => {
      const { key, transport } = transports.get(pickToken(request, config, deps.accessToken));
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
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      // Errors yoga masked: facts only (never HubSpot's text, a token or, for upstream
      // failures, a stack).
      error: (...args) => logMaskedError(logger, args),
    },
    // Browsers on other origins get no CORS headers unless CORS_ORIGINS lists them: without
    // this, yoga would reflect any Origin (with credentials) and let any web page read the
    // portal's conversations through a gateway running on a developer's machine.
    cors:
      config.CORS_ORIGINS.length === 0
        ? false
        : {
            origin: config.CORS_ORIGINS,
            methods: ['GET', 'POST'],
            allowedHeaders: [
              'content-type',
              'accept',
              'authorization',
              'x-api-key',
              'x-graphql-yoga-csrf',
            ],
            credentials: false,
            maxAge: 600,
          },
    maxRequestBodySize: config.MAX_REQUEST_BODY_BYTES,
    graphiql: config.GRAPHIQL ? graphiqlOptions(config) : false,
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
      useGraphiQLAssetsAndCompression({ assets: config.GRAPHIQL }),
      ...observability.unprotectedPlugins,
      ...protections,
      useBudgetReservation(),
      ...observability.protectedPlugins,
      ...(deps.plugins ?? []),
      useClientSchemaForGraphiQL(),
      useRequestLifecycle(),
      useCostReport(),
    ],
  });

  return {
    yoga,
    transports,
    changes,
    cache,
    stores,
    redis,
    readiness: (): ReturnType<Gateway['readiness']> => {
      if (!redis) return { ready: true, checks: {} };
      const up = redis.healthy;
      return { ready: up, checks: { redis: up ? 'up' : 'down' } };
    },
    observability,
    close: async () => {
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
          extensions: { cost: { estimated, actual: 0 } },
        });
      }
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

/** Adds `extensions.cost { estimated, actual }` to every execution result. */
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
              cost: { estimated: context.cost.estimated ?? null, actual: context.cost.actual },
            },
          });
        },
      };
    },
  };
}
