import type { GraphQLError } from 'graphql';
import { gatewayError } from '../error-codes.ts';

/** An error the caller can fix (BAD_USER_INPUT), never masked: the common case of gatewayError. */
export function badUserInput(message: string): GraphQLError {
  return gatewayError('BAD_USER_INPUT', message);
}

const HUBSPOT_ID = /^\d{1,19}$/;
const INT64_MAX = 9223372036854775807n;

/**
 * Thread, inbox, contact and ticket ids are HubSpot integers (int32/int64 path and query
 * parameters) sent as decimal strings. Anything else would cost an upstream 400 at best.
 */
export function assertHubSpotId(value: string, argument: string): string {
  if (!HUBSPOT_ID.test(value) || BigInt(value) > INT64_MAX) {
    throw badUserInput(
      `\`${argument}\` must be a HubSpot id: a decimal number of 1 to 19 digits, e.g. "176347007" (got ${JSON.stringify(value)}).`,
    );
  }
  return value;
}

/** The page size a connection serves when `first` is omitted. */
export const DEFAULT_FIRST = 20;
/** Fallback for `ctx.maxPageSize` when the gateway does not set one. */
export const DEFAULT_MAX_PAGE_SIZE = 1000;

export function maxPageSizeOf(configured: number | undefined): number {
  return configured !== undefined && Number.isInteger(configured) && configured > 0
    ? configured
    : DEFAULT_MAX_PAGE_SIZE;
}

/** `first` as the connection will use it (the default when omitted); undefined outside 1..max. */
export function validFirst(first: unknown, maxPageSize: number): number | undefined {
  if (first === null || first === undefined) return DEFAULT_FIRST;
  return typeof first === 'number' && Number.isInteger(first) && first >= 1 && first <= maxPageSize
    ? first
    : undefined;
}

/** `first` as the connection will use it: the default when omitted, refused outside 1..max. */
export function checkFirst(first: number | null | undefined, maxPageSize: number): number {
  const valid = validFirst(first, maxPageSize);
  if (valid === undefined) {
    throw badUserInput(
      `\`first\` must be between 1 and ${maxPageSize} (got ${first}); omit it for ${DEFAULT_FIRST}.`,
    );
  }
  return valid;
}
