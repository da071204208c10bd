import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A caller's `x-request-id` is kept when it is a plausible id: 1–128 visible ASCII characters
 * from a conservative set (letters, digits, `-_.:/+=@`), so it is safe on a log line, in a
 * response header and in a GraphQL error. Anything else is replaced by a generated UUID.
 */
const ACCEPTABLE = /^[A-Za-z0-9\-_.:/+=@]{1,128}$/;

export function acceptRequestId(value: string | null): string {
  return value !== null && ACCEPTABLE.test(value) ? value : randomUUID();
}

const ids = new WeakMap<Request, string>();

/**
 * The request's id: the caller's `x-request-id` when acceptable, else generated; the same value
 * for the whole request (response header, log line, every error's `extensions.requestId`).
 */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (id === undefined) {
    id = acceptRequestId(request.headers.get(REQUEST_ID_HEADER));
    ids.set(request, id);
  }
  return id;
}
