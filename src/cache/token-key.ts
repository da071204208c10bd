import { createHmac } from 'node:crypto';

/**
 * A HubSpot token's identity for everything that outlives a request (cache keys, transports):
 * HMAC-SHA256 of the token under CACHE_KEY_SECRET, so no key, log or Redis entry ever holds the
 * token, and nobody without the secret can test a guessed token against a key. Replicas that
 * share a Redis cache must share the secret, or they never see each other's entries.
 */
export type TokenKeyer = (token: string) => string;

/** `secret`: CACHE_KEY_SECRET, or one drawn at random per process when it is unset. */
export function createTokenKeyer(secret: string): TokenKeyer {
  return (token) =>
    createHmac('sha256', secret)
      .update('hubspot-token\u0000')
      .update(token)
      .digest('base64url')
      .slice(0, 22);
}
