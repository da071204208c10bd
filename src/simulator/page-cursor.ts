/**
 * Opaque paging cursors: base64url of `{"s":<sort tag>,"k":[...sort key of the last item]}`.
 * The same page always yields the same cursor, and a cursor only decodes for the sort it was made
 * for, so a garbled or foreign cursor is a 400 rather than a silently wrong page.
 */
export function encodeCursor(sortTag: string, key: readonly number[]): string {
  return Buffer.from(JSON.stringify({ s: sortTag, k: key })).toString('base64url');
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The sort key in `after`, or undefined when it is not a cursor made for `sortTag`. */
export function decodeCursor(after: string, sortTag: string, arity: number): number[] | undefined {
  if (!BASE64URL.test(after) || after.length > 512) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { s, k } = parsed as { s?: unknown; k?: unknown };
  if (s !== sortTag || !Array.isArray(k) || k.length !== arity) return undefined;
  if (!k.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
  // Re-encoding must give back the same text: rejects padded or otherwise non-canonical variants.
  if (encodeCursor(sortTag, k) !== after) return undefined;
  return k as number[];
}
