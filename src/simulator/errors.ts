import { randomUUID } from 'node:crypto';

/** What a handler answers: status, serialised JSON body, extra headers. */
export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export type ErrorCategory =
  | 'VALIDATION_ERROR'
  | 'OBJECT_NOT_FOUND'
  | 'INVALID_AUTHENTICATION'
  | 'MISSING_SCOPES'
  | 'INTERNAL_ERROR'
  | (string & {});

export function errorReply(
  status: number,
  category: ErrorCategory,
  message: string,
  extra?: Record<string, unknown>,
): Reply {
  const body = { status: 'error', message, correlationId: randomUUID(), category, ...extra };
  return { status, body: JSON.stringify(body) };
}

export const validationError = (message: string): Reply =>
  errorReply(400, 'VALIDATION_ERROR', message);

export const notFound = (message: string): Reply => errorReply(404, 'OBJECT_NOT_FOUND', message);

export const AUTH_MESSAGE =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can ' +
  'find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

export const unauthorized = (): Reply => errorReply(401, 'INVALID_AUTHENTICATION', AUTH_MESSAGE);

export const missingScopes = (scope: string): Reply =>
  errorReply(
    403,
    'MISSING_SCOPES',
    "This app hasn't been granted all required scopes to make this call.",
    {
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredScopes: [scope] },
        },
      ],
    },
  );

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'DAILY';

/** HubSpot's 429 body: `errorType` and `policyName`, and no `category`. */
export function rateLimited(policy: RateLimitPolicy): Reply {
  const body = {
    status: 'error',
    message:
      policy === 'DAILY'
        ? 'You have reached your daily limit.'
        : 'You have reached your ten_secondly_rolling limit.',
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: policy,
  };
  return { status: 429, body: JSON.stringify(body) };
}

const FAULT_CATEGORIES: Record<number, [string, string]> = {
  423: ['LOCKED', 'The resource is temporarily locked. Try again in a few seconds.'],
  477: ['MIGRATION_IN_PROGRESS', 'This portal is being migrated. Retry after the indicated delay.'],
  500: ['INTERNAL_ERROR', 'An internal error occurred.'],
  502: ['BAD_GATEWAY', 'The request could not be processed in time. Try again.'],
  503: ['SERVICE_UNAVAILABLE', 'The service is temporarily unavailable.'],
  504: ['GATEWAY_TIMEOUT', 'The request timed out. Try again.'],
};

/** Body of an injected `status` fault. */
export function faultReply(status: number): Reply {
  const [category, message] = FAULT_CATEGORIES[status] ?? ['ERROR', `Simulated error ${status}.`];
  return errorReply(status, category, message);
}
