import { expect } from 'vitest';
import type { Gateway } from '../../src/server/gateway.ts';
import type { RecordedRequest, Simulator } from '../../src/simulator/index.ts';
import {
  createTestGateway,
  type GqlResponse,
  gqlOver,
  type Harness,
  postToGateway,
  startUnthrottledHarness,
} from '../helpers/harness.ts';

/** @deprecated Use `startUnthrottledHarness` (test/helpers/harness.ts); kept for branches in flight. */
export const startServerHarness = startUnthrottledHarness;

export function ops(requests: readonly RecordedRequest[]): string[] {
  return requests.map((r) => r.operation);
}

/** Raw POST through yoga.fetch, for status codes and headers (graphql-response+json). */
export function post(
  h: Harness,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return postToGateway(h.gateway, body, {
    accept: 'application/graphql-response+json',
    ...headers,
  });
}

/**
 * HubSpot's raw texts (as the simulator sends them), stack-frame shapes and class names that must
 * never reach a client or a log line.
 */
export const UPSTREAM_TEXTS = [
  'ten_secondly_rolling limit',
  'You have reached',
  'daily limit.',
  'An internal error occurred',
  'temporarily unavailable',
  'Authentication credentials not found',
  "hasn't been granted",
  'One or more of the following scopes',
  'HubSpotError',
  'does not match its documented shape',
  'not JSON',
];

/** Asserts `value` (a response or the log lines), serialised, leaks none of the above. */
export function expectNoLeaks(value: unknown, secrets: readonly string[]): void {
  const text = JSON.stringify(value);
  for (const secret of secrets) expect(text).not.toContain(secret);
  for (const raw of UPSTREAM_TEXTS) expect(text).not.toContain(raw);
  // A stack frame, e.g. "at HubSpotTransport.attempt (/…/transport.ts:123:5)".
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|\.ts:\d+:\d+|node:internal/);
  expect(text).not.toMatch(/"stack"/);
}

/**
 * A hardened gateway over `sim` with a server token of the test's choosing (the harness always
 * uses the simulator's own), its log lines parsed into `logs`. No secret is given to the logger:
 * what stays out of the logs stays out by construction, not by scrubbing.
 */
export function gatewayOver(
  sim: Simulator,
  accessToken: string | undefined,
  env: Record<string, string> = {},
): { gateway: Gateway; logs: Record<string, unknown>[] } {
  const { gateway, logs } = createTestGateway({
    sim,
    accessToken,
    env: { LOG_LEVEL: 'debug', HUBSPOT_MAX_REQUESTS_PER_10S: '10000', ...env },
  });
  return { gateway, logs };
}

export function gqlVia(
  gateway: Gateway,
  query: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GqlResponse<Record<string, unknown>> }> {
  return gqlOver<Record<string, unknown>>(gateway, query, undefined, headers);
}
