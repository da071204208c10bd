import { createHmac, timingSafeEqual } from 'node:crypto';

/** HubSpot rejects requests older than this; we also reject ones this far in the future. */
export const MAX_TIMESTAMP_SKEW_MS = 5 * 60 * 1000;

export const SIGNATURE_HEADER = 'x-hubspot-signature-v3';
export const TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';

export interface SignedRequest {
  method: string;
  /** The exact URL HubSpot called (WEBHOOK_PUBLIC_URL), never rebuilt from the request. */
  url: string;
  /** The raw body bytes, exactly as received (re-serialised JSON would not match). */
  body: Uint8Array;
  /** The `X-HubSpot-Request-Timestamp` header value, as sent (epoch milliseconds). */
  timestamp: string;
}

/**
 * `X-HubSpot-Signature-v3`: base64 HMAC-SHA256, keyed with the app's client secret, of
 * method + URL + raw body + timestamp, with no separators.
 */
export function signatureV3(secret: string, request: SignedRequest): string {
  return createHmac('sha256', secret)
    .update(request.method, 'utf8')
    .update(request.url, 'utf8')
    .update(request.body)
    .update(request.timestamp, 'utf8')
    .digest('base64');
}

export type SignatureCheck =
  | 'valid'
  | 'missing-signature'
  | 'missing-timestamp'
  | 'stale-timestamp'
  | 'future-timestamp'
  | 'bad-timestamp'
  | 'mismatch';

/**
 * Checks a webhook request's v3 signature: the timestamp within ±5 minutes of `nowMs`, then the
 * HMAC, compared in constant time (a signature of another length is a
 * mismatch, never a thrown `timingSafeEqual`).
 */
export function checkSignatureV3(
  secret: string,
  request: SignedRequest,
  signature: string | null,
  nowMs: number,
): SignatureCheck {
  if (!signature) return 'missing-signature';
  if (!request.timestamp) return 'missing-timestamp';
  if (!/^\d{1,16}$/.test(request.timestamp)) return 'bad-timestamp';
  const sentAt = Number(request.timestamp);
  if (nowMs - sentAt > MAX_TIMESTAMP_SKEW_MS) return 'stale-timestamp';
  if (sentAt - nowMs > MAX_TIMESTAMP_SKEW_MS) return 'future-timestamp';
  // Compared as text: base64 decoding would ignore stray characters around a valid signature.
  const expected = Buffer.from(signatureV3(secret, request), 'utf8');
  const given = Buffer.from(signature.trim(), 'utf8');
  if (given.length !== expected.length) return 'mismatch';
  return timingSafeEqual(given, expected) ? 'valid' : 'mismatch';
}
