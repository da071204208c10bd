import {
  createHash,
  createHmac,
  createSecretKey,
  type KeyObject,
  timingSafeEqual,
} from 'node:crypto';
import { badUserInput } from './validation.ts';

/**
 * Edge cursors over HubSpot's paging.
 *
 * HubSpot hands out one opaque `after` token per page, not per item. An edge cursor therefore
 * names a position as (p, i): `p` is the HubSpot token the fetch started from (null = the very
 * start of the list) and `i` the item's offset among the results of that fetch. Resuming after
 * (p, i) asks HubSpot for `after=p` and drops the first i + 1 items. The last item of an upstream
 * page whose `paging.next.after` is q is stored as (q, -1): resuming from it skips nothing.
 *
 * A cursor is bound to the list it came from (connection kind, parent id, filter and sort, as a
 * short hash) and signed with an HMAC, so a cursor used with other arguments or edited by hand is
 * refused before any upstream call.
 *
 * Wire format: base64url(`1|<binding>|<i>|<p>`) + '.' + base64url(HMAC-SHA256)[0..22], where `<p>`
 * is '-' for the start or '+' followed by HubSpot's token.
 */
export interface CursorPosition {
  /** HubSpot `after` token the fetch started from; null = the start of the list. */
  p: string | null;
  /** Offset of the item after `p`; -1 = "resume at p itself". */
  i: number;
}

const DEFAULT_SECRET = 'hubspot-conversations-gateway:cursor-hmac:v1';
let key: KeyObject = createSecretKey(Buffer.from(DEFAULT_SECRET));

/**
 * Cursors already signed, by payload: the same pages are served again and again (an inbox that
 * agents keep open), and one HMAC costs a few microseconds, 50 of them per inbox page.
 * Bounded (about 2 MB); the oldest entry goes first. Cleared when the secret changes.
 */
const encoded = new Map<string, string>();
const ENCODED_CACHE_SIZE = 5_000;

/**
 * Sets the key cursors are signed with. Cursors signed with another key are refused, so use the
 * same secret on every gateway instance behind one endpoint. The default is a constant: cursors
 * are not secrets, the HMAC only proves they were issued by this gateway.
 */
export function configureCursorSecret(secret: string | Uint8Array): void {
  const bytes = typeof secret === 'string' ? Buffer.from(secret) : Buffer.from(secret);
  if (bytes.length === 0) throw new RangeError('The cursor secret must not be empty');
  key = createSecretKey(bytes);
  encoded.clear();
}

const MAC_LENGTH = 22;

function mac(payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url').slice(0, MAC_LENGTH);
}

/** Bindings already hashed, by canonical list description (bounded like `encoded`). */
const bindings = new Map<string, string>();
const BINDING_CACHE_SIZE = 5_000;

/** The lists cursors page through; a cursor of one kind never resumes another. */
export type ConnectionKind = 'threads' | 'ticket-threads' | 'messages';

/** Short hash of what a cursor is bound to: a connection kind, its parent and its query. */
export function cursorBinding(
  kind: ConnectionKind,
  parentId: string | null,
  query: Record<string, unknown>,
): string {
  const canonical = JSON.stringify([
    kind,
    parentId,
    Object.keys(query)
      .filter((name) => query[name] !== undefined)
      .sort()
      .map((name) => [name, query[name]]),
  ]);
  // Every thread's `messages` has a binding of its own: an inbox page with previews needs 20.
  let binding = bindings.get(canonical);
  if (binding === undefined) {
    binding = createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
    if (bindings.size >= BINDING_CACHE_SIZE) bindings.delete(bindings.keys().next().value!);
    bindings.set(canonical, binding);
  }
  return binding;
}

export function encodeCursor(binding: string, position: CursorPosition): string {
  const payload = `1|${binding}|${position.i}|${position.p === null ? '-' : `+${position.p}`}`;
  let cursor = encoded.get(payload);
  if (cursor === undefined) {
    cursor = `${Buffer.from(payload).toString('base64url')}.${mac(payload)}`;
    if (encoded.size >= ENCODED_CACHE_SIZE) encoded.delete(encoded.keys().next().value!);
    encoded.set(payload, cursor);
  }
  return cursor;
}

/** `1|<binding>|<i>|<p>`: binding, offset, position token. */
const PAYLOAD = /^1\|([A-Za-z0-9_-]+)\|(-1|0|[1-9]\d{0,8})\|(-|\+[\s\S]+)$/;

/**
 * The item offset of an edge cursor, read WITHOUT checking its signature: only for sizing a cost
 * estimate (a forged cursor is refused by the field before any call). -1 (a page boundary) when
 * unreadable.
 */
export function peekCursorOffset(cursor: string): number {
  const dot = cursor.indexOf('.');
  if (dot <= 0) return -1;
  const parts = PAYLOAD.exec(Buffer.from(cursor.slice(0, dot), 'base64url').toString());
  return parts ? Number(parts[2]) : -1;
}

const RESTART = 'Omit `after` to start from the first page.';

/** Reads an `after` argument; refuses foreign, tampered and malformed cursors with BAD_USER_INPUT. */
export function decodeCursor(cursor: string, binding: string): CursorPosition {
  const dot = cursor.indexOf('.');
  const body = dot > 0 ? cursor.slice(0, dot) : '';
  const signature = dot > 0 ? cursor.slice(dot + 1) : '';
  const payload = Buffer.from(body, 'base64url').toString();
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(signature);
  if (
    body.length === 0 ||
    given.length !== expected.length ||
    !timingSafeEqual(given, expected) ||
    Buffer.from(payload).toString('base64url') !== body
  ) {
    throw badUserInput(
      `\`after\` is not a cursor issued by this API: pass an \`edges.cursor\` or \`pageInfo.endCursor\` value unchanged. ${RESTART}`,
    );
  }
  const parts = PAYLOAD.exec(payload);
  if (!parts) throw badUserInput(`\`after\` is not a cursor of this API version. ${RESTART}`);
  if (parts[1] !== binding) {
    throw badUserInput(
      `\`after\` was issued for a different list (another connection, parent, filter or sort). A cursor only resumes the query that returned it: repeat the same arguments, or omit \`after\` to start from the first page.`,
    );
  }
  const p = parts[3]!;
  return { p: p === '-' ? null : p.slice(1), i: Number(parts[2]) };
}
