import { Redis, type RedisOptions } from 'ioredis';

export interface RedisClientOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /** Bound on every command: an unresponsive Redis fails the command instead of hanging it. */
  commandTimeoutMs: number;
  /** Connection name shown by `CLIENT LIST` (e.g. `hsgw:commands`). */
  name: string;
  /**
   * Queue commands while disconnected (sent on reconnect) instead of failing them at once. Only
   * for the pub/sub subscriber, whose few SUBSCRIBE commands must survive a reconnect.
   */
  offlineQueue?: boolean;
  /** Connection problems, once per change of state (no secrets: the URL is never included). */
  onStateChange?: (state: 'ready' | 'down', detail?: string) => void;
}

/** Longest pause between reconnect attempts: Redis back → ready again within a few seconds. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/**
 * An ioredis client for the gateway's shared state. Reconnects forever (50 ms, 100 ms, … up to
 * 1 s between attempts); a command never waits longer than `commandTimeoutMs` (a frozen Redis
 * fails commands instead of hanging requests); while disconnected, commands fail at once (no
 * offline queue: a request must not wait for Redis to come back) unless `offlineQueue`.
 * `rediss://` URLs connect over TLS; the password and database number come from the URL.
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  const redisOptions: RedisOptions = {
    connectionName: options.name,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: Math.max(1_000, options.commandTimeoutMs * 2),
    enableOfflineQueue: options.offlineQueue ?? false,
    // A command in flight when the connection drops fails instead of being replayed later.
    maxRetriesPerRequest: options.offlineQueue ? null : 0,
    retryStrategy: (attempt) => Math.min(attempt * 50, MAX_RECONNECT_DELAY_MS),
    // Redis answering LOADING / not-yet-ready after a restart: wait for it, then mark ready.
    enableReadyCheck: true,
    keepAlive: 10_000,
    lazyConnect: false,
  };
  const client = new Redis(options.url, redisOptions);
  let state: 'ready' | 'down' | undefined;
  const report = (next: 'ready' | 'down', detail?: string) => {
    if (state === next) return;
    state = next;
    options.onStateChange?.(next, detail);
  };
  client.on('ready', () => report('ready'));
  // Without an 'error' listener ioredis prints every failed reconnect to stderr.
  client.on('error', (error: Error & { code?: string }) =>
    report('down', error.code ?? error.name),
  );
  client.on('close', () => report('down', 'connection closed'));
  return client;
}

/**
 * Whether Redis answers, checked every `intervalMs` with a PING on `client` (bounded by the
 * client's command timeout) plus the other connections' states: an unreachable or frozen
 * Redis is reported within interval + timeout, its return within interval + reconnect delay.
 */
export class RedisHealth {
  private healthy = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private checking = false;
  private readonly clients: Redis[];
  private readonly onChange: ((healthy: boolean) => void) | undefined;

  constructor(clients: Redis[], intervalMs = 1_000, onChange?: (healthy: boolean) => void) {
    this.clients = clients;
    this.onChange = onChange;
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
    void this.check();
  }

  get ok(): boolean {
    return this.healthy;
  }

  /** One check now: PING on the first client; every client connected. */
  async check(): Promise<boolean> {
    if (this.checking) return this.healthy;
    this.checking = true;
    let healthy: boolean;
    try {
      const [first] = this.clients;
      healthy =
        first !== undefined &&
        this.clients.every((client) => client.status === 'ready') &&
        (await first.ping()) === 'PONG';
    } catch {
      healthy = false;
    } finally {
      this.checking = false;
    }
    if (healthy !== this.healthy) {
      this.healthy = healthy;
      this.onChange?.(healthy);
    }
    return healthy;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Closes a client politely (QUIT) when it answers quickly, at once otherwise. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    const quit = client.quit().then(
      () => true,
      () => false,
    );
    const timeout = new Promise<boolean>((resolve) =>
      setTimeout(() => resolve(false), 500).unref(),
    );
    if (await Promise.race([quit, timeout])) return;
  }
  client.disconnect();
}
