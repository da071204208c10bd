import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { type ErrorCode, gatewayError, locationOf } from '../error-codes.ts';
import { HubSpotError, isTransientStatus } from '../hubspot/errors.ts';

/*
 * From failures to the codes of the one table (src/error-codes.ts), applied to every error a
 * response carries. HubSpot's raw text, stack traces and tokens never reach a client (they go
 * to the log, with HubSpot's correlationId).
 */

export function hubSpotErrorToGraphQL(error: HubSpotError, source?: GraphQLError): GraphQLError {
  const { code, message, extra } = describe(error);
  return gatewayError(code, message, {
    ...(source ? locationOf(source) : {}),
    extensions: {
      ...extra,
      ...(error.correlationId ? { correlationId: error.correlationId } : {}),
    },
  });
}

function describe(error: HubSpotError): {
  code: ErrorCode;
  message: string;
  extra: Record<string, unknown>;
} {
  switch (error.kind) {
    case 'timeout':
      return {
        code: 'UPSTREAM_TIMEOUT',
        message: 'HubSpot did not answer in time; retry later.',
        extra: {},
      };
    case 'aborted':
      return { code: 'UPSTREAM_TIMEOUT', message: 'The request was cancelled.', extra: {} };
    case 'budget':
      return {
        code: 'RATE_LIMITED',
        message: 'The HubSpot rate-limit budget is spent for now; retry after the delay.',
        extra: { retryAfterSeconds: error.retryAfterSeconds ?? 1 },
      };
    case 'budget-unavailable':
      return {
        code: 'UPSTREAM_UNAVAILABLE',
        message:
          "The gateway's shared rate-limit budget is unreachable, so no HubSpot call was made; retry later.",
        extra: { retryAfterSeconds: error.retryAfterSeconds ?? 1 },
      };
    case 'network':
    case 'malformed':
      return {
        code: 'UPSTREAM_UNAVAILABLE',
        message: 'HubSpot is unavailable or answered unexpectedly; retry later.',
        extra: {},
      };
    case 'invalid-call':
      return { code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.', extra: {} };
    case 'http':
      break;
  }
  const status = error.status ?? 0;
  if (status === 401) {
    return {
      code: 'UNAUTHENTICATED',
      message: 'HubSpot refused the access token.',
      extra: {},
    };
  }
  if (status === 403) {
    return {
      code: 'FORBIDDEN',
      message: error.requiredScopes
        ? `The HubSpot token lacks a required scope: ${error.requiredScopes.join(', ')}.`
        : 'The HubSpot token is not allowed to read this.',
      extra: error.requiredScopes ? { requiredScopes: error.requiredScopes } : {},
    };
  }
  if (status === 429) {
    const daily = error.isDailyLimit;
    return {
      code: 'RATE_LIMITED',
      message: daily
        ? "The portal's daily HubSpot API limit is reached; it resets at midnight portal time."
        : 'HubSpot rate limit reached; retry after the delay.',
      extra: {
        retryAfterSeconds: daily ? 3600 : (error.retryAfterSeconds ?? 10),
        ...(error.policyName ? { policyName: error.policyName } : {}),
      },
    };
  }
  if (status === 400) {
    return {
      code: 'BAD_USER_INPUT',
      message: 'HubSpot rejected the request arguments; check filters, ids and cursors.',
      extra: {},
    };
  }
  if (isTransientStatus(status)) {
    return {
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'HubSpot is unavailable; retry later.',
      extra: {},
    };
  }
  return { code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.', extra: {} };
}

/**
 * yoga's `maskedErrors.maskError`, applied to every error a response carries:
 * - HubSpot failures (wrapped by GraphQL execution or not) by the table above;
 * - GraphQL errors that already carry a code (BAD_USER_INPUT from resolvers, the gateway's own,
 *   yoga's GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED / BAD_REQUEST …) as they are, path
 *   included;
 * - variable coercion errors (graphql-js gives them no code) as BAD_USER_INPUT, HTTP 400;
 * - anything else as INTERNAL_SERVER_ERROR with a fixed message (graphql-js invariants such as
 *   "Cannot return null …" and thrown non-GraphQL errors alike). Request-level errors without a
 *   code but with an HTTP 4xx status (yoga's own) keep their message as BAD_REQUEST.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  if (error instanceof HubSpotError) return hubSpotErrorToGraphQL(error);
  if (!(error instanceof GraphQLError)) return internalError(yogaMaskError(error, message, isDev));
  const original = error.originalError;
  if (original instanceof HubSpotError) return hubSpotErrorToGraphQL(original, error);
  if (original !== undefined && original !== null && !(original instanceof GraphQLError)) {
    return internalError(yogaMaskError(error, message, isDev));
  }
  if (typeof error.extensions?.code === 'string') {
    if (error.extensions.originalError === undefined) return error;
    // yoga puts the JSON parser's error (which quotes the body) under `originalError`: the
    // message already says what is wrong, and a body is never echoed back.
    const { originalError: _parserError, ...extensions } = error.extensions;
    const http = extensions.http as { status?: number } | undefined;
    // A body that is not JSON is a 400 whatever the Accept header (yoga's own answer).
    if (http?.status !== undefined) extensions.http = { status: http.status };
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions,
    });
  }
  if (error.path === undefined && /^Variable "\$/.test(error.message)) {
    return recode(error, 'BAD_USER_INPUT', error.message, { http: { spec: true, status: 400 } });
  }
  const http = error.extensions?.http as { status?: number } | undefined;
  if (error.path === undefined && http?.status !== undefined && http.status < 500) {
    return recode(error, 'BAD_REQUEST', error.message, { http });
  }
  return recode(error, 'INTERNAL_SERVER_ERROR', message, {});
}

function recode(
  error: GraphQLError,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown>,
): GraphQLError {
  return gatewayError(code, message, { ...locationOf(error), extensions: extra });
}

function internalError(masked: Error): Error {
  if (masked instanceof GraphQLError && masked.extensions?.code === undefined) {
    return gatewayError('INTERNAL_SERVER_ERROR', masked.message, {
      ...locationOf(masked),
      extensions: masked.extensions,
    });
  }
  return masked;
}

/** What a log line may say about a HubSpot failure: no HubSpot text, no stack, no token. */
export function describeHubSpotFailure(error: HubSpotError): Record<string, unknown> {
  const cause = error.cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const causeCode = cause?.code ?? cause?.cause?.code;
  return {
    operation: error.operation,
    kind: error.kind,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.category === undefined ? {} : { category: error.category }),
    ...(error.policyName === undefined ? {} : { policyName: error.policyName }),
    ...(error.correlationId === undefined ? {} : { correlationId: error.correlationId }),
    ...(typeof causeCode === 'string' ? { cause: causeCode } : {}),
    attempts: error.attempts,
  };
}

interface ErrorLogger {
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
  debug(object: Record<string, unknown>, message: string): void;
}

/**
 * yoga's `logging.error`: yoga calls it with each error it masked. HubSpot failures are logged
 * as one warn line of facts (operation, kind, status, category, policy, correlationId: never
 * HubSpot's message or a stack); errors the caller caused at debug; real surprises at error,
 * with their stack (that one is a gateway bug to fix).
 */
export function logMaskedError(logger: ErrorLogger, args: unknown[]): void {
  const error = args.find((arg) => arg instanceof Error);
  if (!error) {
    logger.error({ detail: args.map(String).join(' ').slice(0, 500) }, 'gateway error');
    return;
  }
  const located = error instanceof GraphQLError ? error : undefined;
  const cause = located ? located.originalError : error;
  const path = located?.path?.join('.');
  if (cause instanceof HubSpotError) {
    if (cause.kind === 'aborted') {
      // The client went away: its pending calls were cancelled on purpose.
      logger.debug({ upstream: describeHubSpotFailure(cause) }, 'HubSpot call cancelled');
      return;
    }
    logger.warn(
      { upstream: describeHubSpotFailure(cause), ...(path ? { path } : {}) },
      'HubSpot call failed',
    );
    return;
  }
  if (located && (cause === undefined || cause instanceof GraphQLError)) {
    const code = located.extensions?.code;
    if (typeof code === 'string' || located.path === undefined) {
      logger.debug({ code, message: located.message }, 'request refused');
    } else {
      logger.error({ path, message: located.message }, 'unexpected GraphQL execution error');
    }
    return;
  }
  logger.error({ err: cause, ...(path ? { path } : {}) }, 'unexpected error');
}
