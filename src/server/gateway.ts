import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createGraphQLError, createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from '../config.ts';
import type { CostTracker, GatewayContext } from '../context.ts';
import { createHubSpotClient } from '../hubspot/client.ts';
import { HubSpotTransport, type HubSpotTransportOptions } from '../hubspot/transport.ts';
import { schema } from '../schema/index.ts';
import { logMaskedError, maskError } from './errors.ts';
import { GRAPHIQL_EXAMPLE_QUERY } from './graphiql-example.ts';
import type { Logger } from './logger.ts';

export interface GatewayOptions {
  config: GatewayConfig;
  logger: Logger;
  /** The server's own HubSpot token; undefined when every caller forwards its own. */
  accessToken: string | undefined;
  /** Upstream origin (HUBSPOT_API_BASE_URL, or the embedded simulator's). */
  baseUrl: string;
  /** Extra yoga/envelop plugins (hardening, cost control). */
  plugins?: Plugin<GatewayContext & Record<string, unknown>>[];
}

export interface Gateway {
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  /** Transports by token hash: one budget, concurrency cap and connection pool per token. */
  transports: TransportPool;
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
): HubSpotTransport {
  return new HubSpotTransport({
    baseUrl,
    accessToken: token,
    timeoutMs: config.HUBSPOT_TIMEOUT_MS,
    maxRetries: config.HUBSPOT_MAX_RETRIES,
    maxConcurrency: config.HUBSPOT_MAX_CONCURRENCY,
    maxRequestsPer10s: config.HUBSPOT_MAX_REQUESTS_PER_10S,
    rateWindowMs: config.HUBSPOT_RATE_WINDOW_MS,
    onWarn,
  });
}

export function createGateway(options: GatewayOptions): Gateway {
  const { config, logger } = options;
  const transports = new TransportPool((token) =>
    createTransport(config, options.baseUrl, token, (event, message) =>
      logger.warn(event, message),
    ),
  );

  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
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
    graphiql: config.GRAPHIQL
      ? { title: 'HubSpot Conversations gateway', defaultQuery: GRAPHIQL_EXAMPLE_QUERY }
      : false,
    // Loaded on first use: GraphiQL's inlined assets are large, and production may turn it off.
    renderGraphiQL: async (options) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    maskedErrors: { maskError, isDev: false },
    context: ({ request }): GatewayContext => {
      const token = pickToken(request, config, options.accessToken);
      const { key, transport } = transports.get(token);
      const cost: CostTracker = { estimated: undefined, actual: 0 };
      const deadline = Date.now() + config.REQUEST_TIMEOUT_MS;
      const signal = requestSignal(request.signal, config.REQUEST_TIMEOUT_MS);
      const hubspot = createHubSpotClient({
        transport,
        apiVersion: config.HUBSPOT_API_VERSION,
        scope: {
          signal,
          deadline,
          onCall: () => {
            cost.actual++;
          },
        },
      });
      const context = { hubspot, tokenKey: key, cost, signal, maxPageSize: config.MAX_PAGE_SIZE };
      releases.set(context, signal.release);
      return context;
    },
    plugins: [...(options.plugins ?? []), useCostReport()],
  });

  return { yoga, transports };
}

/** Ends a request's deadline timer once its execution is done. */
const releases = new WeakMap<GatewayContext, () => void>();

/**
 * The request's cancellation: aborts when the client disconnects or the deadline passes (with a
 * TimeoutError reason, which the transport reports as UPSTREAM_TIMEOUT). One controller and one
 * timer instead of AbortSignal.any + AbortSignal.timeout, which cost several times more per
 * request on Node 20 (measured in BENCHMARKS.md).
 */
function requestSignal(
  clientSignal: AbortSignal,
  timeoutMs: number,
): AbortSignal & { release: () => void } {
  const controller = new AbortController();
  // Every upstream call of the request listens to it (an inbox page with previews: 21).
  setMaxListeners(1000, controller.signal);
  const onClientGone = () => controller.abort(clientSignal.reason);
  const timer = setTimeout(
    () => controller.abort(new DOMException('The request deadline passed', 'TimeoutError')),
    timeoutMs,
  );
  timer.unref();
  if (clientSignal.aborted) onClientGone();
  else clientSignal.addEventListener('abort', onClientGone, { once: true });
  return Object.assign(controller.signal, {
    release: () => {
      clearTimeout(timer);
      clientSignal.removeEventListener('abort', onClientGone);
    },
  });
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
  throw createGraphQLError('Send your HubSpot token as `Authorization: Bearer <token>`.', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/** Adds `extensions.cost { estimated, actual }` to every execution result. */
function useCostReport(): Plugin<GatewayContext & Record<string, unknown>> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as GatewayContext;
      return {
        onExecuteDone({ result, setResult }) {
          releases.get(context)?.();
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
