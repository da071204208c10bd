import { LRUCache } from 'lru-cache';

/**
 * The one storage interface behind every piece of state that outlives a GraphQL request: the
 * HubSpot response cache, mutation idempotency keys and webhook de-duplication. Two
 * implementations: `MemoryStore` (one replica, the default) and the Redis store (`REDIS_URL`),
 * so each feature is written once against this interface and runs unchanged on either.
 *
 * Keys are opaque strings built by the caller; a caller that scopes data to a HubSpot token puts
 * the token's HMAC identity (never the token) in the key. Values are strings (JSON).
 */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Stores `value` only when `key` is absent; true when this call stored it (SET NX). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Adds one to an integer counter (absent: 0) and returns the new value; `ttlMs` renews it. */
  increment(key: string, ttlMs: number): Promise<number>;
}

export interface MemoryStoreOptions {
  /** Bound on the bytes of keys and values held (approximate: UTF-16 length × 2). */
  maxBytes: number;
}

/** In-process `KeyValueStore`: an LRU bounded in bytes, with a TTL per entry. */
export class MemoryStore implements KeyValueStore {
  private readonly entries: LRUCache<string, string>;

  constructor(options: MemoryStoreOptions) {
    this.entries = new LRUCache<string, string>({
      maxSize: options.maxBytes,
      sizeCalculation: (value, key) => (value.length + key.length) * 2 || 1,
      ttlAutopurge: false,
      allowStale: false,
    });
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.entries.get(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, value, { ttl: ttlMs });
    return Promise.resolve();
  }

  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.entries.has(key)) return Promise.resolve(false);
    this.entries.set(key, value, { ttl: ttlMs });
    return Promise.resolve(true);
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  increment(key: string, ttlMs: number): Promise<number> {
    const next = Number(this.entries.get(key) ?? 0) + 1;
    this.entries.set(key, String(next), { ttl: ttlMs });
    return Promise.resolve(next);
  }

  /** Bytes held now (as `maxBytes` counts them). */
  get bytes(): number {
    return this.entries.calculatedSize;
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  /** Every live entry (tests: what exactly is held). */
  dump(): [key: string, value: string][] {
    return [...this.entries.entries()];
  }
}

/** The stores of one gateway: the cache may evict under memory pressure, state must not. */
export interface GatewayStores {
  /** Cached HubSpot answers (bounded by CACHE_MAX_BYTES; entries may be evicted). */
  cache: KeyValueStore;
  /** Idempotency keys and webhook de-duplication: small, TTL-bound, never evicted for space. */
  state: KeyValueStore;
  /** Closes connections (Redis); a no-op in process. */
  close(): Promise<void>;
}
