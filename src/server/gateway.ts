import { createHash } from 'node:crypto';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from '../config.ts';
import { noThreadCache, type ThreadCache } from '../cache/types.ts';
import { type ContextDeps, createContext, type GatewayContext } from '../context.ts';
import { gatewayError } from '../error-codes.ts';
import {
  HubSpotTransport,
  type HubSpotTransportOptions,
  type TransportObserver,
} from '../hubspot/transport.ts';
import { ThreadChanges } from '../live/changes.ts';
import { ThreadEventHub } from '../live/fanout.ts';
import { createObservability, type Observability } from '../observability/index.ts';
import { schema } from '../schema/index.ts';
import { withoutMutations } from '../schema/read-only.ts';
import { type GatewayStores, MemoryStore } from '../store/store.ts';
import { logMaskedError, maskError } from './errors.ts';
import {
  graphiqlOptions,
  renderGraphiQLPage,
  useClientSchemaForGraphiQL,
  useGraphiQLAssetsAndCompression,
} from './graphiql.ts';
import { createHardeningPlugins } from './hardening.ts';
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
  /** Shared stores; default: in-process (MemoryStore). */
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
  /** Ends subscriptions, finishes accepted webhook events, releases long-lived resources. */
  /** Metrics, traces, the request id and log line; `observability.cache` / `.webhooks` record. */
  observability: Observability;
  /** Releases long-lived resources (store connections, span export). */
  close(): Promise<void>;
}

/** Keeps one transport per token, bounded, so forwarded tokens never share a budget or cache. */
export class TransportPool {
  private readonly byKey = new Map<string, HubSpotTransport>();
  private readonly create: (token: string) => HubSpotTransport;
  private readonly maxSize: number;

  constructor(create: (token: string) => HubSpotTransport, maxSize = 1000) {
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
      transport = this.create(token);
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
    onWarn,
    observer,
  });
}

export function createGateway(config: GatewayConfig, deps: GatewayDeps): Gateway {
  const { logger } = deps;
  const observability = createObservability(config, { logger, ...deps.observability });
  const transports = new TransportPool((token) =>
    createTransport(
      config,
      deps.baseUrl,
      token,
      (event, message) => logger.warn(event, message),
      observability.transportObserver,
    ),
  );
  const stores = deps.stores ?? createMemoryStores(config);
  const changes = new ThreadChanges();
  const cache: ThreadCache = noThreadCache;
  const live = new ThreadEventHub(changes, {
    maxPerCaller: config.SUBSCRIPTIONS_MAX_PER_CALLER,
    maxTotal: config.SUBSCRIPTIONS_MAX_TOTAL,
    trustedTokenKey: deps.accessToken === undefined ? undefined : tokenKey(deps.accessToken),
    onWarn: (fields, message) => logger.warn(fields, message),
  });
  const webhookSecret = deps.webhookSecret ?? config.HUBSPOT_CLIENT_SECRET;
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
  // no type of its own (`other`).
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
      // Before the protections: HubSpot authenticates with its signature, not an API key.
      ...(webhooks ? [useWebhookEndpoint(webhooks)] : []),
      useGraphiQLAssetsAndCompression({ assets: config.GRAPHIQL }),
      ...observability.unprotectedPlugins,
      ...protections,
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
    observability,
    async close() {
      await live.close();
      await webhooks?.drain();
      await Promise.all([stores.close(), observability.close()]);
    },
  };
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
