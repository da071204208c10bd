import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'graphql-yoga';
import { createLocalJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { GatewayConfig } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { gatewayError } from '../error-codes.ts';
import { requestIdOf } from '../observability/request-id.ts';
import type { Logger } from './logger.ts';

/** The header inbound API keys travel in. */
export const API_KEY_HEADER = 'x-api-key';

/** Algorithms accepted for JWKS-verified tokens (never `none`, never HMAC with a public key). */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

export interface InboundAuthenticator {
  /** Which methods are on, for the start-up log line. */
  methods: string[];
  /** True when the request carries a valid API key or JWT. */
  verify(request: Request): Promise<boolean>;
}

/**
 * Inbound authentication of GraphQL callers, from the configuration: API keys (`x-api-key`,
 * compared in constant time over SHA-256 digests, so neither content nor length leaks) and/or
 * JWTs (`Authorization: Bearer`, HS256 with GATEWAY_JWT_SECRET or asymmetric keys from
 * GATEWAY_JWT_JWKS_FILE; `exp`/`nbf` always checked, `iss`/`aud` when configured).
 * Undefined when neither is configured (loopback, forwarding-only, or ALLOW_UNAUTHENTICATED).
 */
export function createInboundAuthenticator(
  config: GatewayConfig,
): InboundAuthenticator | undefined {
  const keyDigests = config.GATEWAY_API_KEYS.map(digest);
  let jwtKey: Uint8Array | JWTVerifyGetKey | undefined;
  let algorithms: string[] = [];
  if (config.GATEWAY_JWT_SECRET !== undefined) {
    jwtKey = new TextEncoder().encode(config.GATEWAY_JWT_SECRET);
    algorithms = ['HS256'];
  } else if (config.GATEWAY_JWT_JWKS_FILE !== undefined) {
    jwtKey = createLocalJWKSet(JSON.parse(readFileSync(config.GATEWAY_JWT_JWKS_FILE, 'utf8')));
    algorithms = ASYMMETRIC_ALGORITHMS;
  }
  if (keyDigests.length === 0 && jwtKey === undefined) return undefined;

  const verifyJwt = async (token: string): Promise<boolean> => {
    if (jwtKey === undefined) return false;
    const options = {
      algorithms,
      ...(config.GATEWAY_JWT_ISSUER ? { issuer: config.GATEWAY_JWT_ISSUER } : {}),
      ...(config.GATEWAY_JWT_AUDIENCE ? { audience: config.GATEWAY_JWT_AUDIENCE } : {}),
      clockTolerance: 5,
    };
    try {
      if (typeof jwtKey === 'function') await jwtVerify(token, jwtKey, options);
      else await jwtVerify(token, jwtKey, options);
      return true;
    } catch {
      return false;
    }
  };

  return {
    methods: [
      ...(keyDigests.length > 0 ? ['api-key'] : []),
      ...(jwtKey !== undefined ? ['jwt'] : []),
    ],
    async verify(request) {
      const presented = request.headers.get(API_KEY_HEADER);
      if (presented !== null && keyDigests.length > 0) {
        const given = digest(presented);
        let match = false;
        // No early exit: every key is compared.
        for (const key of keyDigests) match = timingSafeEqual(given, key) || match;
        if (match) return true;
      }
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      return bearer !== undefined && verifyJwt(bearer);
    },
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Refuses unauthenticated GraphQL requests with HTTP 401 and a GraphQL error body
 * (`extensions.code: UNAUTHENTICATED`) before anything is parsed or any upstream call is made.
 * The GraphiQL page itself (static HTML, no data) is served by yoga before this hook runs; the
 * queries it sends need a key like any other.
 */
export function useInboundAuth(
  config: GatewayConfig,
  logger: Logger,
): Plugin<GatewayContext & Record<string, unknown>> | undefined {
  const authenticator = createInboundAuthenticator(config);
  if (!authenticator) return undefined;
  logger.debug({ methods: authenticator.methods }, 'inbound authentication on');
  const challenge = authenticator.methods
    .map((method) => (method === 'jwt' ? 'Bearer' : `ApiKey header="${API_KEY_HEADER}"`))
    .join(', ');
  const message = `Authentication required: send a valid ${authenticator.methods
    .map((m) => (m === 'jwt' ? '`Authorization: Bearer <JWT>`' : `\`${API_KEY_HEADER}\` header`))
    .join(' or ')}.`;
  const body = (request: Request) =>
    JSON.stringify({
      errors: [
        gatewayError('UNAUTHENTICATED', message, {
          extensions: { requestId: requestIdOf(request) },
        }).toJSON(),
      ],
    });
  return {
    async onRequest({ request, endResponse, fetchAPI }) {
      if (await authenticator.verify(request)) return;
      const accept = request.headers.get('accept') ?? '';
      endResponse(
        new fetchAPI.Response(body(request), {
          status: 401,
          headers: {
            'content-type': accept.includes('application/graphql-response+json')
              ? 'application/graphql-response+json; charset=utf-8'
              : 'application/json; charset=utf-8',
            'www-authenticate': challenge,
          },
        }),
      );
    },
  };
}
