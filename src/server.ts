/**
 * `npm start`: read the configuration once, start the embedded simulated portal when no HubSpot
 * token is set, serve GraphQL, and drain gracefully on SIGTERM / SIGINT.
 */
import { ConfigError, type GatewayConfig, loadConfig } from './config.ts';
import { configureCursorSecret } from './schema/cursor.ts';
import { redisUrlSecret } from './redis/index.ts';
import { createGateway } from './server/gateway.ts';
import { startMetricsServer } from './observability/metrics-server.ts';
import { createHttpServer } from './server/http.ts';
import { createLogger } from './server/logger.ts';

async function main(): Promise<void> {
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

  let upstream: { baseUrl: string; token: string | undefined; close?: () => Promise<void> };
  let firstLine: { msg: string; fields: Record<string, unknown> };
  if (config.HUBSPOT_ACCESS_TOKEN === undefined && !config.FORWARD_CALLER_TOKEN) {
    const { startSimulator } = await import('./simulator/index.ts');
    // Bounded request log: the portal's record is for tests; a long-running start must not grow.
    const sim = await startSimulator({
      latencyMs: config.SIMULATOR_LATENCY_MS,
      maxRecordedRequests: 1000,
    });
    upstream = { baseUrl: sim.url, token: sim.token, close: () => sim.close() };
    firstLine = {
      msg: 'HUBSPOT_ACCESS_TOKEN is unset: serving the embedded simulated HubSpot portal',
      fields: { mode: 'simulator', upstream: sim.url },
    };
  } else {
    upstream = { baseUrl: config.HUBSPOT_API_BASE_URL, token: config.HUBSPOT_ACCESS_TOKEN };
    firstLine = {
      msg: 'using a real HubSpot portal',
      fields: {
        mode: config.FORWARD_CALLER_TOKEN ? 'forward-caller-token' : 'server-token',
        upstream: config.HUBSPOT_API_BASE_URL,
      },
    };
  }

  const logger = createLogger({
    level: config.LOG_LEVEL,
    secrets: [
      upstream.token,
      config.CURSOR_SECRET,
      config.GATEWAY_JWT_SECRET,
      redisUrlSecret(config.REDIS_URL),
      ...config.GATEWAY_API_KEYS,
    ].filter((s): s is string => s !== undefined),
  });
  logger.info(
    {
      ...firstLine.fields,
      apiVersion: config.HUBSPOT_API_VERSION,
      inboundAuth: inboundAuth(config),
    },
    firstLine.msg,
  );
  if (config.CURSOR_SECRET) configureCursorSecret(config.CURSOR_SECRET);

  const gateway = createGateway(config, {
    logger,
    accessToken: upstream.token,
    baseUrl: upstream.baseUrl,
  });
  const http = createHttpServer(gateway, logger);
  const bound = await http.listen(config.PORT, config.HOST);
  logger.info(
    { url: `http://${bound.host}:${bound.port}/graphql` },
    'gateway listening (GraphiQL at /graphql in a browser)',
  );
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
    await gateway.close();
    await upstream.close?.();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** How callers are authenticated, for the start line (never the keys themselves). */
function inboundAuth(config: GatewayConfig): string {
  if (config.GATEWAY_API_KEYS.length > 0) return 'api-keys';
  if (config.GATEWAY_JWT_SECRET !== undefined) return 'jwt-hs256';
  if (config.GATEWAY_JWT_JWKS_FILE !== undefined) return 'jwt-jwks';
  return config.ALLOW_UNAUTHENTICATED ? 'none (ALLOW_UNAUTHENTICATED)' : 'none (loopback only)';
}

await main();
