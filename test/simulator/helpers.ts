import { expect } from 'vitest';
import type { Simulator } from '../../src/simulator/index.ts';

export const PREFIXES = {
  v3: '/conversations/v3/conversations',
  '2026-09': '/conversations/conversations/2026-09',
  '2026-09-beta': '/conversations/conversations/2026-09-beta',
} as const;
export const V3 = PREFIXES.v3;
export const TICKETS_V3 = '/crm/v3/objects/tickets/batch/read';
export const TICKETS_2026_09 = '/crm/objects/2026-09/tickets/batch/read';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Effectively no rate limit, for suites that are not about rate limiting. */
export const NO_RATE_LIMIT = { max: 1_000_000, intervalMs: 10_000, daily: 100_000_000 };

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper: assertions index freely into bodies
  json: any;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** null = no Authorization header. */
  token?: string | null;
  signal?: AbortSignal;
}

export async function call(
  sim: Simulator,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? sim.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(sim.url + path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Asserts HubSpot's error envelope. */
export function expectError(
  res: CallResult,
  status: number,
  category: string,
  message?: string | RegExp,
) {
  expect(res.status).toBe(status);
  expect(res.json).toMatchObject({ status: 'error', category });
  expect(res.json.correlationId).toMatch(UUID);
  expect(typeof res.json.message).toBe('string');
  if (typeof message === 'string') expect(res.json.message).toBe(message);
  else if (message) expect(res.json.message).toMatch(message);
}

/** Follows `paging.next.link` from `path` to the end; returns every page body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper
export async function walk(sim: Simulator, path: string, maxPages = 1000): Promise<any[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper
  const pages: any[] = [];
  let next: string | undefined = path;
  while (next !== undefined) {
    const res = await call(sim, next);
    expect(res.status).toBe(200);
    pages.push(res.json);
    const link: string | undefined = res.json.paging?.next?.link;
    next = link === undefined ? undefined : link.slice(sim.url.length);
    if (pages.length > maxPages) throw new Error('cursor walk does not end');
  }
  return pages;
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function until(check: () => Promise<boolean>, timeoutMs = 5000, stepMs = 25) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
