import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { pino } from 'pino';
import { type GatewayConfig, loadConfig } from '../../src/config.ts';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { createLogger } from '../../src/server/logger.ts';
import {
  type RecordedRequest,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator/index.ts';

export interface GqlResponse<T> {
  data?: T | null;
  errors?: Array<{
    message: string;
    path?: (string | number)[];
    extensions?: Record<string, unknown>;
  }>;
  extensions?: Record<string, unknown>;
}

export interface Harness {
  sim: Simulator;
  gateway: Gateway;
  config: GatewayConfig;
  /** Log lines the gateway wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Untyped documents answer `any`: tests check responses by value. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  gql<T = any>(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    document: string | TypedDocumentNode<T, any>,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResponse<T>>;
  /** The simulator's requests since the last reset(). */
  upstream(): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  sim?: SimulatorOptions;
  /** Environment-style settings, as an operator would set them. */
  env?: Record<string, string>;
  /** Send requests without the hardening plugins (auth, limits, cost control). */
  bare?: boolean;
}

export interface TestGatewayOptions {
  sim: Simulator;
  /** Environment-style settings, as an operator would set them. */
  env: Record<string, string>;
  /** The server's HubSpot token; undefined in forwarding-only mode. */
  accessToken: string | undefined;
  /** Strings the logger scrubs (none: what stays out of the logs stays out by construction). */
  secrets?: readonly string[];
  /** Without the hardening plugins (auth, limits, cost control). */
  bare?: boolean;
}

/** The gateway as `npm start` builds it, over `sim`, its log lines parsed into `logs`. */
export function createTestGateway(options: TestGatewayOptions): {
  gateway: Gateway;
  config: GatewayConfig;
  logs: Record<string, unknown>[];
} {
  const config = loadConfig(options.env);
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: config.LOG_LEVEL,
    secrets: options.secrets,
    destination: {
      write(line: string) {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      },
    } as pino.DestinationStream,
  });
  const gateway = createGateway(config, {
    logger,
    accessToken: options.accessToken,
    baseUrl: options.sim.url,
    unprotected: options.bare,
  });
  return { gateway, config, logs };
}

/**
 * One POST to the gateway's /graphql through `yoga.fetch` (the whole server, no socket): every
 * test request goes through here. `body` is sent as is when a string, as JSON otherwise.
 */
export function postToGateway(
  gateway: Gateway,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    gateway.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** A GraphQL operation through `postToGateway`: the HTTP status and the parsed body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function gqlOver<T = any>(
  gateway: Gateway,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  document: string | TypedDocumentNode<T, any>,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<{ status: number; body: GqlResponse<T> }> {
  const query = typeof document === 'string' ? document : print(document);
  const response = await postToGateway(gateway, { query, variables }, headers);
  return { status: response.status, body: (await response.json()) as GqlResponse<T> };
}

/**
 * A harness whose budgets never throttle a test: the simulator's and the gateway's rate limits
 * are raised so that call counts, not waiting, are what the tests observe (hardening stays on).
 */
export function startUnthrottledHarness(options: HarnessOptions = {}): Promise<Harness> {
  return startHarness({
    ...options,
    sim: { rateLimit: { max: 100_000, intervalMs: 10_000, daily: 10_000_000 }, ...options.sim },
    env: { HUBSPOT_MAX_REQUESTS_PER_10S: '10000', ...options.env },
  });
}

/** The real gateway (yoga.fetch) over the real simulator (real HTTP on a loopback port). */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ log: false, ...options.sim });
  const { gateway, config, logs } = createTestGateway({
    sim,
    env: { LOG_LEVEL: 'info', ...options.env },
    // Forwarding-only mode (no server token) unless the test also sets one.
    accessToken:
      ['true', '1'].includes(options.env?.FORWARD_CALLER_TOKEN ?? '') &&
      !options.env?.HUBSPOT_ACCESS_TOKEN
        ? undefined
        : sim.token,
    secrets: [sim.token],
    bare: options.bare,
  });
  return {
    sim,
    gateway,
    config,
    logs,
    gql: async (document, variables, headers) =>
      (await gqlOver(gateway, document, variables, headers)).body,
    upstream: () => [...sim.requests],
    reset: () => sim.resetRequests(),
    close: () => sim.close(),
  };
}
