/**
 * The small recording interfaces other parts of the gateway call (the cache, the webhook
 * endpoint): plain functions with closed-set arguments, so those parts never import prom-client
 * or OpenTelemetry. `createGateway` hands the real ones out; the no-op ones are for code built
 * without a gateway (unit tests, the bench's naive baseline).
 */

/** What was looked up in the cross-request cache. */
export const CACHE_KINDS = ['thread', 'messages', 'inboxes', 'actors', 'tickets', 'other'] as const;
export type CacheKind = (typeof CACHE_KINDS)[number];

/**
 * - `hit`: served from the cache (one upstream call saved);
 * - `miss`: not in the cache, read from HubSpot (and stored);
 * - `stale`: in the cache but no longer valid (a newer `latestMessageTimestamp`, an event since,
 *   too old), read from HubSpot;
 * - `bypass`: the cache was not consulted (`Cache-Control: no-cache`, or caching off).
 */
export const CACHE_RESULTS = ['hit', 'miss', 'stale', 'bypass'] as const;
export type CacheResult = (typeof CACHE_RESULTS)[number];

/** HubSpot's conversation webhook `subscriptionType`s; anything else is `other`. */
export const WEBHOOK_TYPES = [
  'conversation.creation',
  'conversation.deletion',
  'conversation.privacyDeletion',
  'conversation.propertyChange',
  'conversation.newMessage',
  'other',
] as const;

/**
 * - `processed`: accepted and published;
 * - `duplicate`: an `eventId` already processed (HubSpot retried it);
 * - `ignored`: valid but not for us (another portal, an unknown type);
 * - `invalid`: the event (or its batch) failed validation (bad signature, bad shape).
 */
export const WEBHOOK_RESULTS = ['processed', 'duplicate', 'ignored', 'invalid'] as const;
export type WebhookResult = (typeof WEBHOOK_RESULTS)[number];

export interface CacheRecorder {
  /** One cache lookup (a hit also adds a `gateway.cache.hit` event to the current span). */
  cacheRequest(kind: CacheKind, result: CacheResult): void;
}

export interface WebhookRecorder {
  /** One webhook event; `type` is HubSpot's `subscriptionType` as received (mapped to a closed set). */
  webhookEvent(type: string | undefined, result: WebhookResult): void;
}

export const noCacheRecorder: CacheRecorder = { cacheRequest: () => {} };
export const noWebhookRecorder: WebhookRecorder = { webhookEvent: () => {} };

const WEBHOOK_TYPE_SET = new Set<string>(WEBHOOK_TYPES);
const CACHE_KIND_SET = new Set<string>(CACHE_KINDS);

export function webhookTypeLabel(type: string | undefined): string {
  return type !== undefined && WEBHOOK_TYPE_SET.has(type) ? type : 'other';
}

export function cacheKindLabel(kind: string): string {
  return CACHE_KIND_SET.has(kind) ? kind : 'other';
}
