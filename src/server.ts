/**
 * `npm start`: read the configuration once, start the embedded simulated portal when no HubSpot
 * token is set, serve GraphQL, and drain gracefully on SIGTERM / SIGINT.
 */
import { randomBytes } from 'node:crypto';
import { parseCommandLine } from './cli.ts';
import { ConfigError, type GatewayConfig, loadConfig } from './config.ts';
import { configureCursorSecret } from './schema/edge-cursor.ts';
import { describeCors } from './server/cors.ts';
import { redisUrlSecret } from './redis/index.ts';
import { createGateway } from './server/gateway.ts';
import { WEBHOOK_PATH } from './webhooks/receiver.ts';
import { startMetricsServer } from './observability/metrics-server.ts';
import { createHttpServer } from './server/http.ts';
import { createLogger } from './server/logger.ts';

const USAGE = `Usage: npm start

The HubSpot Conversations GraphQL gateway: GraphQL and GraphiQL at http://$HOST:$PORT/graphql.
Configured by environment variables only (README.md, "Configuration"), e.g.
  PORT=4001 npm start                          another port (default 4000)
  HUBSPOT_ACCESS_TOKEN=pat-… npm start          a real portal (unset: the embedded simulated one)
  LOG_FORMAT=json npm start                    JSON log lines on a terminal too (default: readable
                                               lines on a terminal, JSON otherwise)`;

async function main(): Promise<void> {
  parseCommandLine({ command: 'npm start', usage: USAGE, options: {} });
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let upstream: {
    baseUrl: string;
    token: string | undefined;
    /** Simulator mode: starts signed webhook delivery and activity once the gateway listens. */
    live?: (gatewayOrigin: string) => void;
    close?: () => Promise<void>;
  };
  // Simulator mode: a webhook secret of this run, shared with the embedded portal.
  let webhookSecret: string | undefined;
  let portal: string;
  let mode: string;
  if (config.HUBSPOT_ACCESS_TOKEN === undefined && !config.FORWARD_CALLER_TOKEN) {
    const { startSimulator } = await import('./simulator/index.ts');
    // Bounded request log: the portal's record is for tests; a long-running start must not grow.
    const sim = await startSimulator({
      latencyMs: config.SIMULATOR_LATENCY_MS,
      maxRecordedRequests: 1000,
    });
    webhookSecret = config.HUBSPOT_CLIENT_SECRET ?? randomBytes(32).toString('base64url');
    const secret = webhookSecret;
    const { createWebhookDelivery } = await import('./simulator/webhooks.ts');
    const { startActivity } = await import('./simulator/activity.ts');
    let stopLive = async () => undefined as void;
    upstream = {
      baseUrl: sim.url,
      token: sim.token,
      live: (gatewayOrigin) => {
        const delivery = createWebhookDelivery({
          targetUrl: `${gatewayOrigin}/webhooks/hubspot`,
          signedUrl: config.WEBHOOK_PUBLIC_URL ?? `${gatewayOrigin}/webhooks/hubspot`,
          secret,
        });
        const off = sim.onChange(delivery.enqueue);
        const stopActivity = startActivity(sim.store, {
          perMinute: config.SIMULATOR_ACTIVITY_PER_MIN,
        });
        stopLive = async () => {
          stopActivity();
          off();
          await delivery.close();
        };
      },
      close: async () => {
        await stopLive();
        await sim.close();
      },
    };
    mode = 'simulator';
    portal = 'the embedded simulated HubSpot portal (HUBSPOT_ACCESS_TOKEN is unset)';
  } else {
    upstream = { baseUrl: config.HUBSPOT_API_BASE_URL, token: config.HUBSPOT_ACCESS_TOKEN };
    mode = config.FORWARD_CALLER_TOKEN ? 'forward-caller-token' : 'server-token';
    portal = `the HubSpot portal at ${config.HUBSPOT_API_BASE_URL} (${mode})`;
  }

  const logger = createLogger({
    level: config.LOG_LEVEL,
    format:
      config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && process.stdout.isTTY)
        ? 'pretty'
        : 'json',
    secrets: [
      upstream.token,
      config.CURSOR_SECRET,
      config.GATEWAY_JWT_SECRET,
      config.HUBSPOT_CLIENT_SECRET,
      webhookSecret,
      redisUrlSecret(config.REDIS_URL),
      ...config.GATEWAY_API_KEYS,
    ].filter((s): s is string => s !== undefined),
  });
  if (config.CURSOR_SECRET) configureCursorSecret(config.CURSOR_SECRET);

  const gateway = createGateway(config, {
    logger,
    accessToken: upstream.token,
    baseUrl: upstream.baseUrl,
    webhookSecret,
  });
  const http = createHttpServer(gateway, logger);
  let bound: { port: number; host: string };
  try {
    bound = await http.listen(config.PORT, config.HOST);
  } catch (error) {
    const reason = listenFailure(error, config);
    if (!reason) throw error;
    process.stderr.write(`${reason}\n`);
    await Promise.allSettled([upstream.close?.(), gateway.close()]);
    process.exit(1);
  }
  const origin = `http://${browsableHost(bound.host)}:${bound.port}`;
  // PORT=0: HubSpot (or the embedded portal) signs the URL with the port actually bound.
  if (gateway.webhooks && config.WEBHOOK_PUBLIC_URL === undefined) {
    gateway.webhooks.signedUrl = `${origin}${WEBHOOK_PATH}`;
  }
  upstream.live?.(origin);
  // The first line says where to go and what is behind it (plainly, also in JSON).
  const url = `${origin}/graphql`;
  const cors = describeCors(config);
  logger.info(
    {
      url,
      mode,
      upstream: upstream.baseUrl,
      apiVersion: config.HUBSPOT_API_VERSION,
      inboundAuth: inboundAuth(config),
      cors,
      graphiql: config.GRAPHIQL,
      webhooks: gateway.webhooks !== undefined,
    },
    `${config.GRAPHIQL ? 'GraphiQL and GraphQL' : 'GraphQL'} at ${url}, serving ${portal}; browser pages on other origins (CORS): ${cors}`,
  );
  if (gateway.webhooks) {
    logger.info(
      { url: gateway.webhooks.signedUrl, simulated: upstream.live !== undefined },
      `webhook endpoint on (POST ${WEBHOOK_PATH})`,
    );
  }
  const metricsServer =
    config.METRICS_PORT !== undefined && gateway.observability.metrics
      ? await startMetricsServer(
          gateway.observability.metrics,
          config.METRICS_PORT,
          config.METRICS_HOST ?? config.HOST,
        )
      : undefined;
  if (metricsServer) {
    logger.info(
      { url: `http://${config.METRICS_HOST ?? config.HOST}:${metricsServer.port}/metrics` },
      'metrics on their own port',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'draining');
    await http.shutdown(config.SHUTDOWN_GRACE_MS);
    await metricsServer?.close();
    // Finishes the webhook events already acknowledged, then closes the stores.
    await gateway.close();
    await upstream.close?.();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** One line for the errors an operator can fix by changing PORT or HOST; undefined for others. */
function listenFailure(error: unknown, config: GatewayConfig): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${config.HOST}:${config.PORT}`;
  if (code === 'EADDRINUSE') {
    return `Port ${config.PORT} is already in use on ${config.HOST} (another gateway running?): stop it or set PORT, e.g. PORT=${config.PORT === 65535 ? 4001 : config.PORT + 1} npm start`;
  }
  if (code === 'EACCES') {
    return `Not allowed to listen on ${where}: set PORT to 1024 or above, e.g. PORT=4000`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `HOST=${config.HOST} is not an address of this machine: set HOST, e.g. HOST=127.0.0.1`;
  }
  return undefined;
}

/** 0.0.0.0 / :: listen everywhere, but a browser needs an address it can open. */
function browsableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** How callers are authenticated, for the start line (never the keys themselves). */
function inboundAuth(config: GatewayConfig): string {
  if (config.GATEWAY_API_KEYS.length > 0) return 'api-keys';
  if (config.GATEWAY_JWT_SECRET !== undefined) return 'jwt-hs256';
  if (config.GATEWAY_JWT_JWKS_FILE !== undefined) return 'jwt-jwks';
  return config.ALLOW_UNAUTHENTICATED ? 'none (ALLOW_UNAUTHENTICATED)' : 'none (loopback only)';
}

await main();
