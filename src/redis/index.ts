import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../config.ts';
import { SharedRateGovernor } from '../hubspot/governor.ts';
import type { GatewayStores } from '../store/store.ts';
import { closeRedisClient, createRedisClient, RedisHealth } from './client.ts';
import { createRedisEventTarget } from './events.ts';
import { RedisKeys } from './keys.ts';
import { RedisStore } from './store.ts';
import { RedisWindow } from './window.ts';

export { RedisStore } from './store.ts';
export { RedisWindow, WINDOW_SCRIPT } from './window.ts';
export { RedisKeys } from './keys.ts';

/** What a log line may carry: never the URL (it holds the password). */
export interface RedisLogger {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
}

/** Everything the gateway shares through one Redis (REDIS_URL). */
export interface RedisBackend {
  /** `cache` fails open (an outage costs hits), `state` fails loudly. */
  stores: GatewayStores;
  /** The shared rolling budget of one token (by its identity, never the token). */
  governorFor(tokenKey: string): SharedRateGovernor;
  /** For ThreadChanges: events reach every replica's listeners once. */
  eventTarget: EventTarget;
  /** Redis reachable and answering (for /readyz). */
  readonly healthy: boolean;
  /** The command connection (tests, benchmarks). */
  client: Redis;
  close(): Promise<void>;
}

/**
 * Connects to REDIS_URL: one command connection (budget, stores, PUBLISH) and one subscriber
 * connection (pub/sub), both reconnecting on their own. Never throws for an unreachable Redis:
 * the gateway starts, /readyz says 503, and calls that need Redis fail with coded errors.
 */
export function createRedisBackend(config: GatewayConfig, logger: RedisLogger): RedisBackend {
  const url = config.REDIS_URL;
  if (!url) throw new Error('createRedisBackend needs REDIS_URL');
  const keys = new RedisKeys(config.REDIS_KEY_PREFIX);
  const target = redactedTarget(url);
  const onStateChange = (name: string) => (state: 'ready' | 'down', detail?: string) => {
    if (state === 'ready') logger.info({ redis: target, connection: name }, 'Redis connected');
    else logger.warn({ redis: target, connection: name, detail }, 'Redis unreachable; retrying');
  };
  const client = createRedisClient({
    url,
    name: `${config.REDIS_KEY_PREFIX}:commands`,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    onStateChange: onStateChange('commands'),
  });
  const subscriber = createRedisClient({
    url,
    name: `${config.REDIS_KEY_PREFIX}:events`,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    offlineQueue: true,
    onStateChange: onStateChange('events'),
  });
  const health = new RedisHealth([client, subscriber], 1_000, (healthy) => {
    if (healthy) logger.info({ redis: target }, 'Redis healthy: ready');
    else logger.warn({ redis: target }, 'Redis not answering: not ready');
  });
  let lastStoreError = 0;
  const onStoreError = (operation: string, error: unknown) => {
    // One line per second at most: an outage must not flood the log.
    if (Date.now() - lastStoreError < 1_000) return;
    lastStoreError = Date.now();
    const code = (error as { code?: unknown; name?: unknown } | undefined)?.code;
    logger.warn(
      {
        redis: target,
        operation,
        error: typeof code === 'string' ? code : String((error as Error)?.name),
      },
      'Redis cache unavailable: treated as a miss',
    );
  };
  const stores: GatewayStores = {
    cache: new RedisStore(client, {
      prefix: keys.store('cache'),
      failOpen: true,
      onError: onStoreError,
    }),
    state: new RedisStore(client, { prefix: keys.store('state') }),
    close: () => Promise.resolve(),
  };
  const eventTarget = createRedisEventTarget({
    publishClient: client,
    subscribeClient: subscriber,
    channelPrefix: config.REDIS_KEY_PREFIX,
    onError: (operation, error) => onStoreError(operation, error),
  });
  let closed = false;
  return {
    stores,
    eventTarget,
    client,
    get healthy() {
      return health.ok;
    },
    governorFor: (tokenKey) =>
      new SharedRateGovernor({
        window: new RedisWindow(client, keys.rateWindow(tokenKey), config.HUBSPOT_RATE_WINDOW_MS),
        maxRequests: config.HUBSPOT_MAX_REQUESTS_PER_10S,
        intervalMs: config.HUBSPOT_RATE_WINDOW_MS,
      }),
    async close() {
      if (closed) return;
      closed = true;
      health.stop();
      await Promise.all([closeRedisClient(subscriber), closeRedisClient(client)]);
    },
  };
}

/** `redis://host:port/db` without user or password, for log lines. */
export function redactedTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'redis';
  }
}

/** The password in a Redis URL, for the logger's scrub list. */
export function redisUrlSecret(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password.length > 0 ? password : undefined;
  } catch {
    return undefined;
  }
}
