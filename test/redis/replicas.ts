import { Redis } from 'ioredis';
import { createHttpServer, type HttpServer } from '../../src/server/http.ts';
import { createTokenKeyer } from '../../src/cache/token-key.ts';
import type { Gateway } from '../../src/server/gateway.ts';
import { createLogger } from '../../src/server/logger.ts';
import type { Simulator } from '../../src/simulator/index.ts';
import type { GqlResponse } from '../helpers/harness.ts';
import { createTestGateway } from '../helpers/harness.ts';
import { RedisKeys } from '../../src/redis/keys.ts';
import { WEBHOOK_PATH } from '../../src/webhooks/receiver.ts';

/** CACHE_KEY_SECRET of every replica: they key the shared budget and cache by it. */
export const SHARED_CACHE_KEY_SECRET = 'replicas-share-this-secret';

/** One gateway replica as `npm start` runs it: createGateway behind a real node:http server. */
export interface Replica {
  name: string;
  url: string;
  gateway: Gateway;
  http: HttpServer;
  logs: Record<string, unknown>[];
  /** POST /graphql; `headers` e.g. `cache-control: no-cache` where every call must be counted. */
  gql(
    query: string,
    headers?: Record<string, string>,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: GqlResponse<Record<string, unknown>> }>;
  readyz(): Promise<number>;
  healthz(): Promise<number>;
  close(): Promise<void>;
}

export async function startReplica(
  name: string,
  sim: Simulator,
  env: Record<string, string>,
): Promise<Replica> {
  const { gateway, logs } = createTestGateway({
    sim,
    env: { LOG_LEVEL: 'info', CACHE_KEY_SECRET: SHARED_CACHE_KEY_SECRET, ...env },
    accessToken: sim.token,
    secrets: [sim.token],
  });
  const http = createHttpServer(gateway, createLogger({ level: 'silent' }));
  const { port } = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  // As `npm start` does with PORT=0: HubSpot signs the URL of the port actually bound.
  if (gateway.webhooks && env.WEBHOOK_PUBLIC_URL === undefined) {
    gateway.webhooks.signedUrl = `${url}${WEBHOOK_PATH}`;
  }
  const status = async (path: string) => {
    const response = await fetch(url + path, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status;
  };
  return {
    name,
    url,
    gateway,
    http,
    logs,
    async gql(query, headers = {}, variables) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        body: (await response.json()) as GqlResponse<Record<string, unknown>>,
      };
    },
    readyz: () => status('/readyz'),
    healthz: () => status('/healthz'),
    async close() {
      await http.shutdown(200);
      await gateway.close();
    },
  };
}

/**
 * Tells a Redis that it has kept the token's window (as a long-running one has), so the first
 * call does not wait out the one-window block a Redis without a record imposes.
 */
export async function markWindowKnown(
  redisUrl: string,
  prefix: string,
  token: string,
): Promise<void> {
  const admin = new Redis(redisUrl);
  await admin.set(
    new RedisKeys(prefix).rateWindow(createTokenKeyer(SHARED_CACHE_KEY_SECRET)(token))[2],
    '1',
  );
  admin.disconnect();
}

/** The most requests that started within any span of `windowMs`. */
export function busiestWindow(starts: readonly number[], windowMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms; resolves with the ms it took, rejects after `timeoutMs`. */
export async function within(
  timeoutMs: number,
  check: () => boolean | Promise<boolean>,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(50);
  }
}
