import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from '../../src/config.ts';
import { createHttpServer } from '../../src/server/http.ts';
import { createLogger } from '../../src/server/logger.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { gatewayOver } from './support.ts';

/** Every numeric setting, and the least value that works for it. */
const NUMERIC: Record<string, 0 | 1> = {
  HUBSPOT_MAX_REQUESTS_PER_10S: 1,
  HUBSPOT_MAX_CONCURRENCY: 1,
  HUBSPOT_TIMEOUT_MS: 1,
  HUBSPOT_MAX_RETRIES: 0,
  HUBSPOT_RATE_WINDOW_MS: 1,
  REQUEST_TIMEOUT_MS: 1,
  MAX_PAGE_SIZE: 1,
  MAX_OPERATION_COST: 1,
  MAX_REQUEST_BODY_BYTES: 1,
  MAX_QUERY_DEPTH: 1,
  MAX_ALIASES: 0,
  MAX_TOKENS: 1,
  MAX_DIRECTIVES: 0,
  SHUTDOWN_GRACE_MS: 0,
  CACHE_MAX_AGE_S: 0,
  CACHE_MAX_BYTES: 1,
  SIMULATOR_LATENCY_MS: 0,
  METRICS_MAX_OPERATION_NAMES: 0,
  HUBSPOT_PORTAL_ID: 1,
  WEBHOOK_MAX_BODY_BYTES: 1,
  SUBSCRIPTIONS_MAX_PER_CALLER: 1,
  SUBSCRIPTIONS_MAX_TOTAL: 1,
  WS_KEEPALIVE_MS: 1,
  SIMULATOR_ACTIVITY_PER_MIN: 0,
  REDIS_COMMAND_TIMEOUT_MS: 1,
};

describe('limits are the operator’s', () => {
  it('accepts a budget and a concurrency far above HubSpot’s public limits', () => {
    const config = loadConfig({
      HUBSPOT_MAX_REQUESTS_PER_10S: '100000',
      HUBSPOT_MAX_CONCURRENCY: '100000',
    });
    expect(config.HUBSPOT_MAX_REQUESTS_PER_10S).toBe(100_000);
    expect(config.HUBSPOT_MAX_CONCURRENCY).toBe(100_000);
  });

  it('has no ceiling on any count, and takes timer durations up to what a Node timer can wait', () => {
    const durations = new Set([
      'HUBSPOT_TIMEOUT_MS',
      'HUBSPOT_RATE_WINDOW_MS',
      'REQUEST_TIMEOUT_MS',
      'SHUTDOWN_GRACE_MS',
      'SIMULATOR_LATENCY_MS',
      'WS_KEEPALIVE_MS',
      'REDIS_COMMAND_TIMEOUT_MS',
    ]);
    for (const name of Object.keys(NUMERIC)) {
      const big = durations.has(name)
        ? 2 ** 31 - 1
        : name === 'CACHE_MAX_AGE_S'
          ? 10 ** 12
          : 10 ** 15;
      expect(loadConfig({ [name]: String(big) })[name as 'MAX_TOKENS'], name).toBe(big);
      expect(loadConfig({ [name]: String(NUMERIC[name]) })[name as 'MAX_TOKENS'], name).toBe(
        NUMERIC[name],
      );
    }
    // A longer delay would make Node fire the timer at once: refused, not clamped.
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: String(2 ** 31) })).toThrow(
      /^Invalid REQUEST_TIMEOUT_MS: /,
    );
  });

  it('covers every numeric setting the schema has', () => {
    const numeric = Object.keys(configSchema.shape).filter((name) => {
      const parsed = configSchema.shape[name as keyof typeof configSchema.shape].safeParse('7');
      return parsed.success && typeof parsed.data === 'number';
    });
    expect(numeric.sort()).toEqual([...Object.keys(NUMERIC), 'PORT', 'METRICS_PORT'].sort());
  });

  it('refuses 0 (where it cannot work), negatives and non-numbers with one line naming the variable', () => {
    for (const [name, least] of Object.entries(NUMERIC)) {
      const bad = ['-1', 'abc', '1.5', 'Infinity', ...(least === 1 ? ['0'] : [])];
      for (const value of bad) {
        let error: unknown;
        try {
          loadConfig({ [name]: value });
        } catch (caught) {
          error = caught;
        }
        expect(error, `${name}=${value}`).toBeInstanceOf(ConfigError);
        const message = (error as Error).message;
        expect(message.startsWith(`Invalid ${name}: `), message).toBe(true);
        expect(message).not.toContain('\n');
      }
    }
    expect(() => loadConfig({ PORT: '65536' })).toThrow(/^Invalid PORT: /);
  });

  it('leaves the concurrency unset by default: each token’s transport takes its budget as the cap', () => {
    expect(loadConfig({}).HUBSPOT_MAX_CONCURRENCY).toBeUndefined();
  });
});

describe('settings replicas must share', () => {
  it('REDIS_URL without CACHE_KEY_SECRET is refused with one line: each replica would key its own budget', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      /^Invalid CACHE_KEY_SECRET: with REDIS_URL every replica must share it/,
    );
    const config = loadConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      CACHE_KEY_SECRET: 'shared-by-every-replica',
    });
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });
});

describe('the concurrency cap never binds while the budget has room', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({
      log: false,
      rateLimit: { max: 100_000, intervalMs: 10_000, daily: 10_000_000 },
    });
  });
  afterAll(() => sim.close());

  it('with the default, all 50 message calls of a 50-thread preview page are in flight at once', async () => {
    const { gateway } = gatewayOver(sim, sim.token, {
      HUBSPOT_MAX_REQUESTS_PER_10S: '1000',
      LOG_LEVEL: 'silent',
    });
    const http = createHttpServer(gateway, createLogger({ level: 'silent' }));
    const { port } = await http.listen(0, '127.0.0.1');
    sim.resetRequests();
    sim.injectFault({ operation: 'listMessages', kind: 'hang' });
    const controller = new AbortController();
    const response = fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ threads(first: 50) { edges { node { id messages(first: 1) { edges { node { id } } } } } } }',
      }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    try {
      const messageCalls = () => sim.requests.filter((r) => r.operation === 'listMessages').length;
      const until = Date.now() + 5000;
      while (messageCalls() < 50 && Date.now() < until) await sleep(10);
      const { transport } = gateway.transports.getOrCreate(sim.token);
      // Every call left at once: none waits for a concurrency slot or a budget slot.
      expect(messageCalls()).toBe(50);
      expect(transport.load).toEqual({ active: 50, pending: 0 });
      expect(transport.governor.queued).toBe(0);
      expect(sim.requests.filter((r) => r.operation === 'listThreads')).toHaveLength(1);
    } finally {
      controller.abort();
      await response;
      sim.clearFaults();
      await http.shutdown(100);
    }
  });

  it('an explicit HUBSPOT_MAX_CONCURRENCY still caps the calls in flight', async () => {
    const { gateway } = gatewayOver(sim, sim.token, {
      HUBSPOT_MAX_REQUESTS_PER_10S: '1000',
      HUBSPOT_MAX_CONCURRENCY: '7',
      LOG_LEVEL: 'silent',
    });
    const http = createHttpServer(gateway, createLogger({ level: 'silent' }));
    const { port } = await http.listen(0, '127.0.0.1');
    sim.resetRequests();
    sim.injectFault({ operation: 'listMessages', kind: 'hang' });
    const controller = new AbortController();
    const response = fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ threads(first: 20) { edges { node { id messages(first: 1) { edges { node { id } } } } } } }',
      }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    try {
      const messageCalls = () => sim.requests.filter((r) => r.operation === 'listMessages').length;
      const until = Date.now() + 5000;
      while (messageCalls() < 7 && Date.now() < until) await sleep(10);
      await sleep(100);
      expect(messageCalls()).toBe(7);
      expect(gateway.transports.getOrCreate(sim.token).transport.load).toEqual({
        active: 7,
        pending: 13,
      });
    } finally {
      controller.abort();
      await response;
      sim.clearFaults();
      await http.shutdown(100);
    }
  });
});
