import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Gateway } from './gateway.ts';
import type { Logger } from './logger.ts';
import { attachGraphQLWs } from './subscriptions.ts';
import { acceptRequestId, REQUEST_ID_HEADER } from '../observability/request-id.ts';

/** Operator endpoints answer with a request id too (yoga's responses get theirs from a plugin). */
function requestIdHeader(req: IncomingMessage): Record<string, string> {
  const sent = req.headers[REQUEST_ID_HEADER];
  return { [REQUEST_ID_HEADER]: acceptRequestId(typeof sent === 'string' ? sent : null) };
}

export interface HttpServer {
  server: Server;
  /** Resolves with the bound address once listening. */
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  /** Stop accepting, let in-flight requests finish within `graceMs`, then close everything. */
  shutdown(graceMs: number): Promise<void>;
}

/**
 * node:http around yoga, plus the operator endpoints: `/healthz` (liveness: 200 once listening)
 * and `/readyz` (200 while serving; 503 while draining, or while a configured Redis does not
 * answer: the load balancer then sends traffic to the replicas that can count their calls), and
 * graphql-ws (WebSocket upgrades) at /graphql next to yoga's SSE. Shutdown ends every
 * subscription stream cleanly (SSE `complete`, WebSocket close 1001) before waiting for the other
 * in-flight requests.
 */
export function createHttpServer(gateway: Gateway, logger: Logger): HttpServer {
  let draining = false;
  let inFlight = 0;
  const idle: Array<() => void> = [];

  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (path === '/healthz') {
      res
        .writeHead(200, { 'content-type': 'application/json', ...requestIdHeader(req) })
        .end('{"status":"ok"}');
      return;
    }
    if (path === '/readyz') {
      const { ready, checks } = gateway.readiness();
      const status = draining ? 'draining' : ready ? 'ready' : 'not ready';
      res
        .writeHead(status === 'ready' ? 200 : 503, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
          ...requestIdHeader(req),
        })
        .end(JSON.stringify({ status, checks }));
      return;
    }
    if (draining) res.setHeader('connection', 'close');
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
    });
    gateway.yoga(req, res);
  });
  const graphqlWs = attachGraphQLWs(server, gateway, gateway.config, logger);
  // Keep-alive sockets outlive their requests; shutdown closes idle ones explicitly.
  server.keepAliveTimeout = 5_000;
  // Slow clients (slowloris): headers within 10 s, the whole request body within 30 s. Neither
  // limits how long the gateway may take to answer (REQUEST_TIMEOUT_MS does).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          const bound = typeof address === 'object' && address ? address.port : port;
          resolve({ port: bound, host });
        });
      });
    },
    async shutdown(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Subscriptions never finish by themselves: end them now (SSE completes, sockets close).
      await gateway.live.close();
      await graphqlWs.close();
      const drained = inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => idle.push(r));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      const outcome = await Promise.race([drained, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        logger.warn({ inFlight }, 'grace period over: closing remaining connections');
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
