import type { CORSOptions, Plugin } from 'graphql-yoga';
import { type GatewayConfig, isLoopback, usesSimulator } from '../config.ts';
import type { GatewayContext } from '../context.ts';

/** Request headers a browser page may send cross-origin. */
const ALLOWED_HEADERS = [
  'content-type',
  'accept',
  'authorization',
  'x-api-key',
  'x-graphql-yoga-csrf',
  'x-request-id',
  'cache-control',
  'idempotency-key',
];

/** Response headers a cross-origin page may read. */
const EXPOSED_HEADERS = ['x-request-id', 'retry-after'];

/** True for `http(s)://localhost:…`, `127.x.x.x` and `[::1]` origins (a local dev server). */
export function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopback(url.hostname);
  } catch {
    return false;
  }
}

/** Who may call the gateway from a browser page on another origin, for the first log line. */
export function describeCors(config: GatewayConfig): string {
  const listed = config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS.join(', ') : '';
  if (usesSimulator(config)) {
    return listed
      ? `loopback origins and ${listed}`
      : 'loopback origins (e.g. http://localhost:5173)';
  }
  return listed || 'off (set CORS_ORIGINS to allow browser pages on other origins)';
}

/**
 * CORS. With the embedded simulated portal (no HubSpot token, nothing real to leak) pages served
 * from loopback origins, such as a local Vite or Next dev server, may call the gateway by default.
 * With a real portal, only the origins listed in CORS_ORIGINS: without this, yoga would reflect
 * any Origin and let any web page read the portal's conversations through a gateway running on a
 * developer's machine.
 */
export function corsPolicy(
  config: GatewayConfig,
): false | ((request: Request) => CORSOptions | false) {
  const loopback = usesSimulator(config);
  const listed = new Set(config.CORS_ORIGINS);
  if (!loopback && listed.size === 0) return false;
  return (request) => {
    const origin = request.headers.get('origin');
    if (!origin || !(listed.has(origin) || (loopback && isLoopbackOrigin(origin)))) return false;
    return {
      origin: [origin],
      methods: ['GET', 'POST'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      credentials: false,
      maxAge: 600,
    };
  };
}

/**
 * A preflight from an origin that may not call the gateway gets 403 (yoga would answer 204 with
 * no CORS headers, which browsers also refuse, but less plainly).
 */
export function useCorsPreflightRefusal(): Plugin<GatewayContext & Record<string, unknown>> {
  return {
    onResponse({ request, response, setResponse, fetchAPI }) {
      if (request.method !== 'OPTIONS' || !request.headers.has('origin')) return;
      if (response.headers.has('access-control-allow-origin')) return;
      setResponse(new fetchAPI.Response(null, { status: 403, headers: { 'content-length': '0' } }));
    },
  };
}
