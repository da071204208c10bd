import type { Redis } from 'ioredis';
import type { KeyValueStore } from '../store/store.ts';

export interface RedisStoreOptions {
  /** Prepended to every key (e.g. `hsgw:cache:`). */
  prefix: string;
  /**
   * For the response cache only: a failing Redis reads as a miss and writes are dropped, so an
   * outage costs cache hits, not requests. State (idempotency, de-duplication) must fail loudly.
   */
  failOpen?: boolean;
  /** Told about each failure when `failOpen` hides it. */
  onError?: (operation: string, error: unknown) => void;
}

/**
 * `KeyValueStore` in Redis: one command per call (single-key, so Cluster-safe), TTLs in ms
 * (`PX`), `setIfAbsent` as `SET NX PX`, `increment` as INCR + PEXPIRE in one MULTI.
 */
export class RedisStore implements KeyValueStore {
  private readonly client: Redis;
  private readonly prefix: string;
  private readonly failOpen: boolean;
  private readonly onError: RedisStoreOptions['onError'];

  constructor(client: Redis, options: RedisStoreOptions) {
    this.client = client;
    this.prefix = options.prefix;
    this.failOpen = options.failOpen ?? false;
    this.onError = options.onError;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.client.get(this.prefix + key)) ?? undefined;
    } catch (error) {
      return this.fail('get', error, undefined);
    }
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    try {
      await this.client.set(this.prefix + key, value, 'PX', ttl(ttlMs));
    } catch (error) {
      return this.fail('set', error, undefined);
    }
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    try {
      return (await this.client.set(this.prefix + key, value, 'PX', ttl(ttlMs), 'NX')) === 'OK';
    } catch (error) {
      return this.fail('setIfAbsent', error, false);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.del(this.prefix + key);
    } catch (error) {
      return this.fail('delete', error, undefined);
    }
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    try {
      const results = await this.client
        .multi()
        .incr(this.prefix + key)
        .pexpire(this.prefix + key, ttl(ttlMs))
        .exec();
      const [error, value] = results?.[0] ?? [new Error('transaction discarded'), null];
      if (error) throw error;
      return Number(value);
    } catch (error) {
      return this.fail('increment', error, 0);
    }
  }

  private fail<T>(operation: string, error: unknown, fallback: T): T {
    if (!this.failOpen) throw error;
    this.onError?.(operation, error);
    return fallback;
  }
}

/** Redis refuses PX 0 and fractions. */
function ttl(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
