import { GraphQLError, type GraphQLErrorOptions } from 'graphql';

/**
 * Every `extensions.code` the gateway answers with, and what it means. The one table: errors are
 * made with `gatewayError(code, …)`, which takes only these codes, and docs/operations.md §1
 * describes each (a test keeps the two in step). Messages are the gateway's own: HubSpot's raw
 * text, stack traces and tokens never reach a client.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: 'Invalid input: arguments, ids, cursors, variables.',
  UNAUTHENTICATED: 'HubSpot refused the token (401), or the gateway refused the caller.',
  FORBIDDEN: 'The token lacks a HubSpot scope (403); `requiredScopes` names them.',
  RATE_LIMITED: 'HubSpot 429, or the gateway budget has no slot before the deadline.',
  UPSTREAM_TIMEOUT: 'HubSpot did not answer in time, or the request deadline passed.',
  UPSTREAM_UNAVAILABLE:
    'HubSpot 5xx, network failure, a malformed HubSpot body, or the shared rate budget (Redis) is unreachable.',
  COST_LIMIT_EXCEEDED: 'The operation would cost more upstream calls than allowed.',
  GRAPHQL_PARSE_FAILED: 'The document is not valid GraphQL syntax, or exceeds MAX_TOKENS.',
  GRAPHQL_VALIDATION_FAILED:
    'The document does not match the schema, or exceeds a depth / alias / directive limit (`limit`), or asks for introspection while it is off.',
  BAD_REQUEST: 'The HTTP request itself is wrong (method, parameters, CSRF protection).',
  REQUEST_ENTITY_TOO_LARGE: 'The request body exceeds MAX_REQUEST_BODY_BYTES (HTTP 413).',
  SUBSCRIPTION_LIMIT_EXCEEDED:
    'A subscription beyond SUBSCRIPTIONS_MAX_PER_CALLER (`scope: caller`) or SUBSCRIPTIONS_MAX_TOTAL (`scope: server`).',
  INTERNAL_SERVER_ERROR: 'Anything else; masked.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface GatewayErrorOptions extends Omit<GraphQLErrorOptions, 'extensions'> {
  /** Further extensions next to `code` (`http` sets the HTTP status and is not sent). */
  extensions?: Readonly<Record<string, unknown>>;
}

/** The one constructor of the gateway's errors: a GraphQL error with a code from the table. */
export function gatewayError(
  code: ErrorCode,
  message: string,
  options: GatewayErrorOptions = {},
): GraphQLError {
  return new GraphQLError(message, {
    ...options,
    extensions: { ...options.extensions, code },
  });
}

/** Location fields of `error` (nodes, source, positions, path), to re-code it in place. */
export function locationOf(error: GraphQLError): GatewayErrorOptions {
  return {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
  };
}
