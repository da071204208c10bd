import type { Client } from 'graphql-ws';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { createHttpServer, type HttpServer } from '../../src/server/http.ts';
import { createLogger } from '../../src/server/logger.ts';
import { loadConfig } from '../../src/config.ts';
import {
  type Simulator,
  startSimulator,
  type SimulatorOptions,
} from '../../src/simulator/index.ts';
import { signatureV3 } from '../../src/webhooks/signature.ts';
import type { pino } from 'pino';
import { takeSseFrames } from '../helpers/sse.ts';

export const SECRET = 'test-client-secret-0123456789';

export interface LiveHarness {
  sim: Simulator;
  gateway: Gateway;
  http: HttpServer;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The URL webhooks are signed for (WEBHOOK_PUBLIC_URL). */
  publicUrl: string;
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export interface LiveHarnessOptions {
  env?: Record<string, string>;
  sim?: SimulatorOptions;
  /** The server's HubSpot token; default the simulator's; null: forwarding-only. */
  accessToken?: string | null;
}

/** The gateway as `npm start` serves it (node:http, SSE and graphql-ws) over the simulator. */
export async function startLiveHarness(options: LiveHarnessOptions = {}): Promise<LiveHarness> {
  const sim = await startSimulator({
    log: false,
    rateLimit: { max: 100_000, intervalMs: 10_000, daily: 10_000_000 },
    ...options.sim,
  });
  const publicUrl = 'https://gateway.example.com/hooks/hubspot?app=conversations';
  const config = loadConfig({
    LOG_LEVEL: 'info',
    HUBSPOT_MAX_REQUESTS_PER_10S: '10000',
    HUBSPOT_CLIENT_SECRET: SECRET,
    WEBHOOK_PUBLIC_URL: publicUrl,
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: config.LOG_LEVEL,
    destination: {
      write(line: string) {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      },
    } as pino.DestinationStream,
  });
  const gateway = createGateway(config, {
    logger,
    accessToken: options.accessToken === null ? undefined : (options.accessToken ?? sim.token),
    baseUrl: sim.url,
  });
  const http = createHttpServer(gateway, logger);
  const { port } = await http.listen(0, '127.0.0.1');
  return {
    sim,
    gateway,
    http,
    origin: `http://127.0.0.1:${port}`,
    publicUrl,
    logs,
    async close() {
      await http.shutdown(1000);
      await gateway.close();
      await sim.close();
    },
  };
}

export interface WebhookEventInput {
  eventId: number;
  subscriptionType: string;
  objectId: number | string;
  [field: string]: unknown;
}

let nextEventId = 9_000_000;
/** A HubSpot-shaped event (envelope fields filled in). */
export function hubspotEvent(
  subscriptionType: string,
  objectId: number | string,
  extra: Record<string, unknown> = {},
): WebhookEventInput {
  return {
    eventId: nextEventId++,
    subscriptionId: 2371671,
    portalId: 62515,
    appId: 2438486,
    occurredAt: Date.now(),
    subscriptionType,
    attemptNumber: 0,
    objectId: Number(objectId),
    ...extra,
  };
}

export interface SignOptions {
  secret?: string;
  url?: string;
  timestamp?: number;
  method?: string;
}

/** POSTs a body to the webhook endpoint, signed as HubSpot signs it (unless told otherwise). */
export async function postWebhook(
  h: Pick<LiveHarness, 'origin' | 'publicUrl'>,
  body: string | unknown,
  sign: SignOptions & { headers?: Record<string, string>; unsigned?: boolean } = {},
): Promise<Response> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = String(sign.timestamp ?? Date.now());
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!sign.unsigned) {
    headers['x-hubspot-request-timestamp'] = timestamp;
    headers['x-hubspot-signature-v3'] = signatureV3(sign.secret ?? SECRET, {
      method: sign.method ?? 'POST',
      url: sign.url ?? h.publicUrl,
      body: Buffer.from(raw),
      timestamp,
    });
  }
  return fetch(`${h.origin}/webhooks/hubspot`, {
    method: 'POST',
    headers: { ...headers, ...sign.headers },
    body: raw,
  });
}

/** Resolves once `predicate` holds (checked every 10 ms), or rejects after `ms`. */
export async function until(
  predicate: () => boolean,
  ms = 5000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface SseSubscription {
  /** Data payloads received so far (parsed `next` events). */
  events: Array<{ data?: Record<string, unknown> | null; errors?: unknown[] }>;
  /** The response status. */
  status: number;
  /** Resolves when `count` events arrived. */
  waitFor(count: number, ms?: number): Promise<void>;
  /** True once the server completed the stream. */
  completed(): boolean;
  close(): void;
}

/** A GraphQL over SSE subscription (distinct connections mode) over real HTTP. */
export async function sseSubscribe(
  h: { origin: string },
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<SseSubscription> {
  const controller = new AbortController();
  const response = await fetch(`${h.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const events: SseSubscription['events'] = [];
  let done = false;
  const reading = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        const taken = takeSseFrames(buffer);
        buffer = taken.rest;
        for (const { event, data } of taken.frames) {
          if (event === 'complete') done = true;
          else if (event === 'next' && data) events.push(JSON.parse(data));
        }
      }
    } catch {
      // aborted
    }
    done = true;
  })();
  void reading;
  return {
    events,
    status: response.status,
    waitFor: (count, ms = 15_000) => until(() => events.length >= count, ms, `${count} SSE events`),
    completed: () => done,
    close: () => controller.abort(),
  };
}

export interface WsSubscription {
  events: Array<{ data?: Record<string, unknown> | null; errors?: unknown[] }>;
  errors: unknown[];
  waitFor(count: number, ms?: number): Promise<void>;
  completed(): boolean;
  close(): void;
}

/** A graphql-ws subscription over a real WebSocket (one client per subscription). */
export async function wsSubscribe(
  h: { origin: string },
  query: string,
  variables: Record<string, unknown> = {},
  connectionParams: Record<string, unknown> = {},
): Promise<WsSubscription & { client: Client; closed: Promise<number> }> {
  const { createClient } = await import('graphql-ws');
  const { default: WebSocket } = await import('ws');
  let resolveClosed: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => {
    resolveClosed = resolve;
  });
  const client = createClient({
    url: `${h.origin.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => resolveClosed((event as { code: number }).code) },
  });
  const events: WsSubscription['events'] = [];
  const errors: unknown[] = [];
  let done = false;
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (value) => void events.push(value as WsSubscription['events'][number]),
      error: (error) => {
        errors.push(error);
        done = true;
      },
      complete: () => {
        done = true;
      },
    },
  );
  return {
    client,
    closed,
    events,
    errors,
    waitFor: (count, ms = 15_000) => until(() => events.length >= count, ms, `${count} ws events`),
    completed: () => done,
    close: () => {
      dispose();
      void client.dispose();
    },
  };
}
