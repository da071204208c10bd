import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createRedisClient } from '../../src/redis/client.ts';
import { RedisStore } from '../../src/redis/store.ts';
import { createGateway } from '../../src/server/gateway.ts';
import { createLogger } from '../../src/server/logger.ts';
import { MemoryStore } from '../../src/store/store.ts';
import { RedisServer } from './redis-server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisStore against a real redis-server', () => {
  let server: RedisServer;
  let client: Redis;
  let admin: Redis;
  let state: RedisStore;
  let cache: RedisStore;
  const cacheErrors: string[] = [];

  beforeAll(async () => {
    server = await RedisServer.start();
    client = createRedisClient({ url: server.url, name: 'test', commandTimeoutMs: 500 });
    admin = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    admin.on('error', () => {});
    await admin.connect();
    await waitFor(() => client.status === 'ready');
    state = new RedisStore(client, { prefix: 'hsgw:state:' });
    cache = new RedisStore(client, {
      prefix: 'hsgw:cache:',
      failOpen: true,
      onError: (operation) => cacheErrors.push(operation),
    });
  });
  afterAll(async () => {
    client.disconnect();
    admin.disconnect();
    await server.stop();
  });
  beforeEach(async () => {
    if (!server.running) await server.launch();
    await waitFor(async () => (await client.ping().catch(() => '')) === 'PONG');
    await admin.flushall().catch(async () => {
      await admin.connect().catch(() => {});
      await admin.flushall();
    });
  });

  it('set / get / delete under the store prefix, with a TTL in milliseconds', async () => {
    await state.set('k1', '{"a":1}', 60_000);
    expect(await state.get('k1')).toBe('{"a":1}');
    expect(await admin.get('hsgw:state:k1')).toBe('{"a":1}');
    const ttl = await admin.pttl('hsgw:state:k1');
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await state.delete('k1');
    expect(await state.get('k1')).toBeUndefined();
    expect(await admin.exists('hsgw:state:k1')).toBe(0);
    expect(await state.get('never-set')).toBeUndefined();
  });

  it('entries expire after their TTL', async () => {
    await cache.set('short', 'v', 150);
    expect(await cache.get('short')).toBe('v');
    await sleep(300);
    expect(await cache.get('short')).toBeUndefined();
  });

  it('setIfAbsent stores once (SET NX PX): a second writer gets false and the first value stays', async () => {
    expect(await state.setIfAbsent('event:1', 'first', 60_000)).toBe(true);
    expect(await state.setIfAbsent('event:1', 'second', 60_000)).toBe(false);
    expect(await state.get('event:1')).toBe('first');
    const ttl = await admin.pttl('hsgw:state:event:1');
    expect(ttl).toBeGreaterThan(55_000);
  });

  it('setIfAbsent is atomic under 50 concurrent writers from two connections: exactly one wins', async () => {
    const other = createRedisClient({ url: server.url, name: 'test2', commandTimeoutMs: 500 });
    await waitFor(() => other.status === 'ready');
    const second = new RedisStore(other, { prefix: 'hsgw:state:' });
    const wins = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? state : second).setIfAbsent('race', String(i), 60_000),
      ),
    );
    other.disconnect();
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('increment counts from 1, renews the TTL, and is exact under concurrency', async () => {
    expect(await state.increment('n', 60_000)).toBe(1);
    expect(await state.increment('n', 60_000)).toBe(2);
    const values = await Promise.all(
      Array.from({ length: 20 }, () => state.increment('n', 30_000)),
    );
    expect(new Set(values).size).toBe(20);
    expect(Math.max(...values)).toBe(22);
    const ttl = await admin.pttl('hsgw:state:n');
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    await state.increment('gone', 100);
    await sleep(250);
    expect(await state.increment('gone', 100)).toBe(1);
  });

  it('Redis down: the state store fails loudly, the cache store reads a miss and drops writes', async () => {
    await cache.set('kept', 'v', 60_000);
    await server.kill();
    await waitFor(() => client.status !== 'ready');
    await expect(state.get('k')).rejects.toThrow();
    await expect(state.setIfAbsent('k', 'v', 1000)).rejects.toThrow();
    await expect(state.increment('k', 1000)).rejects.toThrow();
    cacheErrors.length = 0;
    expect(await cache.get('kept')).toBeUndefined();
    await cache.set('x', 'v', 1000);
    await cache.delete('x');
    expect(await cache.setIfAbsent('x', 'v', 1000)).toBe(false);
    expect(cacheErrors).toEqual(['get', 'set', 'delete', 'setIfAbsent']);
    // Back by itself.
    await server.launch();
    await waitFor(async () => (await client.ping().catch(() => '')) === 'PONG', 10_000);
    await state.set('after', '1', 1000);
    expect(await state.get('after')).toBe('1');
  });
});

describe('createGateway picks the stores from REDIS_URL', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(() => server.stop());

  const logger = createLogger({ level: 'silent' });

  it('REDIS_URL set: cache and state are Redis stores shared by two gateways; unset: MemoryStore', async () => {
    const env = {
      REDIS_URL: server.url,
      REDIS_KEY_PREFIX: 'storetest',
      CACHE_KEY_SECRET: 'store-test-cache-secret',
    };
    const deps = { logger, accessToken: 'tok', baseUrl: 'http://127.0.0.1:9' };
    const a = createGateway(loadConfig(env), deps);
    const b = createGateway(loadConfig(env), deps);
    try {
      expect(a.stores.cache).toBeInstanceOf(RedisStore);
      expect(a.stores.state).toBeInstanceOf(RedisStore);
      await waitFor(() => a.readiness().ready && b.readiness().ready);
      await a.stores.state.set('idem:1', 'done', 60_000);
      expect(await b.stores.state.get('idem:1')).toBe('done');
      expect(await b.stores.state.setIfAbsent('idem:1', 'again', 60_000)).toBe(false);
      await b.stores.cache.set('page', 'json', 60_000);
      expect(await a.stores.cache.get('page')).toBe('json');
      // Under the deployment's prefix, apart per kind.
      const keys = (await a.redis!.client.keys('storetest:*')).sort();
      expect(keys).toEqual(['storetest:cache:page', 'storetest:state:idem:1']);
    } finally {
      await a.close();
      await b.close();
    }
    const local = createGateway(loadConfig({}), deps);
    expect(local.stores.cache).toBeInstanceOf(MemoryStore);
    expect(local.redis).toBeUndefined();
    expect(local.readiness()).toEqual({ ready: true, checks: {} });
    await local.close();
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(20);
  }
}
