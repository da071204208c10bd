import type { ThreadCache } from '../cache/types.ts';
import type { ThreadChanges } from '../live/changes.ts';
import type { Logger } from '../server/logger.ts';
import type { KeyValueStore } from '../store/store.ts';
import {
  effectOf,
  type EventEffect,
  type HubSpotWebhookEvent,
  parseBatch,
  typeLabel,
  type WebhookEventTypeLabel,
} from './events.ts';
import { checkSignatureV3, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.ts';

/** The path the gateway listens at (a proxy may map another public path to it). */
export const WEBHOOK_PATH = '/webhooks/hubspot';

/** HubSpot retries for up to 24 hours: remember processed event ids a little longer. */
export const DEDUP_TTL_MS = 26 * 60 * 60 * 1000;
/**
 * An event claimed but not yet marked processed: if this replica dies before processing it, a
 * HubSpot retry after this lease is processed again instead of being dropped as a duplicate.
 */
const CLAIM_LEASE_MS = 2 * 60 * 1000;

/** An effect on a thread (everything but `ignore`). */
type ThreadEffect = Exclude<EventEffect, { kind: 'ignore' }>;

export type WebhookResult = 'processed' | 'duplicate' | 'ignored' | 'invalid';

/**
 * One counted outcome: per event for a verified batch, or one per request refused before its
 * events could be trusted (type `unknown`). What `webhook_events_total{type,result}` counts.
 */
export interface WebhookOutcome {
  type: WebhookEventTypeLabel;
  result: WebhookResult;
  /** Why, for `invalid` and `ignored` (a short fixed phrase, never request text). */
  reason?: string;
}

export interface WebhookReceiverOptions {
  secret: string;
  /** WEBHOOK_PUBLIC_URL: the string HubSpot signed. */
  publicUrl: string;
  /** HUBSPOT_PORTAL_ID: events of other portals are ignored. */
  portalId?: number;
  maxBodyBytes: number;
  /** De-duplication of (portalId, eventId): shared by every replica with REDIS_URL. */
  state: KeyValueStore;
  cache: ThreadCache;
  changes: ThreadChanges;
  logger: Logger;
  now?: () => number;
}

/**
 * `POST /webhooks/hubspot`: verifies HubSpot's signature, claims each event id once (across
 * replicas, through the state store), answers within milliseconds, then processes the claimed
 * events: the cache forgets the thread, then the change is published to subscribers.
 */
export class WebhookReceiver {
  private readonly options: WebhookReceiverOptions;
  private publicUrl: string;
  private readonly listeners = new Set<(outcome: WebhookOutcome) => void>();
  private readonly processing = new Set<Promise<void>>();
  private readonly now: () => number;

  constructor(options: WebhookReceiverOptions) {
    this.options = options;
    this.publicUrl = options.publicUrl;
    this.now = options.now ?? Date.now;
  }

  /** The URL HubSpot signs, e.g. once the real port of `PORT=0` is known. */
  get signedUrl(): string {
    return this.publicUrl;
  }

  set signedUrl(url: string) {
    this.publicUrl = url;
  }

  /** Calls `listener` for every outcome (metrics); returns the unsubscribe function. */
  onOutcome(listener: (outcome: WebhookOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every accepted event has been processed (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.processing.size > 0) await Promise.allSettled([...this.processing]);
  }

  async handle(request: Request): Promise<Response> {
    if (request.method !== 'POST') {
      return reply(405, { error: 'Use POST.' }, { allow: 'POST' });
    }
    const body = await readLimited(request, this.options.maxBodyBytes);
    if (body === 'too-large') return this.refuse(413, 'body too large');
    if (body === 'failed') return this.refuse(400, 'body unreadable');

    const check = checkSignatureV3(
      this.options.secret,
      {
        method: request.method,
        url: this.publicUrl,
        body,
        timestamp: request.headers.get(TIMESTAMP_HEADER) ?? '',
      },
      request.headers.get(SIGNATURE_HEADER),
      this.now(),
    );
    if (check !== 'valid') return this.refuse(401, check);

    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      return this.refuse(400, 'body not JSON');
    }
    const events = parseBatch(json);
    if (!events) return this.refuse(400, 'body not an array of events');

    const claimed: Array<{ event: HubSpotWebhookEvent; effect: ThreadEffect; key: string }> = [];
    const counts = { accepted: 0, duplicate: 0, ignored: 0 };
    try {
      const decisions = await Promise.all(events.map((event) => this.claim(event)));
      decisions.forEach((decision, i) => {
        const event = events[i] as HubSpotWebhookEvent;
        if (decision.result === 'claimed') {
          claimed.push({ event, effect: decision.effect, key: decision.key });
          counts.accepted++;
        } else {
          counts[decision.result]++;
          this.record(event, decision.result, decision.reason);
        }
      });
    } catch (error) {
      // The store is unreachable: let HubSpot retry later instead of risking a lost or doubled
      // event. Claims made by this request are released so the retry is processed.
      await Promise.allSettled(claimed.map(({ key }) => this.options.state.delete(key)));
      this.options.logger.error(
        { err: error instanceof Error ? error.name : 'error', events: events.length },
        'webhook batch not accepted: de-duplication store unavailable',
      );
      return reply(503, { error: 'Temporarily unavailable; retry.' }, { 'retry-after': '5' });
    }

    if (claimed.length > 0) {
      const task = this.process(claimed).finally(() => this.processing.delete(task));
      this.processing.add(task);
    }
    return reply(200, counts);
  }

  private async claim(
    event: HubSpotWebhookEvent,
  ): Promise<
    | { result: 'claimed'; effect: ThreadEffect; key: string }
    | { result: 'duplicate' | 'ignored'; reason?: string }
  > {
    const { portalId } = this.options;
    if (portalId !== undefined && event.portalId !== portalId) {
      return { result: 'ignored', reason: 'other portal' };
    }
    const effect = effectOf(event);
    if (effect.kind === 'ignore') return { result: 'ignored', reason: effect.reason };
    const key = `webhook:event:${event.portalId ?? '-'}:${String(event.eventId)}`;
    const fresh = await this.options.state.setIfAbsent(key, 'claimed', CLAIM_LEASE_MS);
    return fresh ? { result: 'claimed', effect, key } : { result: 'duplicate' };
  }

  /** After the answer: events of one batch in order; nothing here may throw. */
  private async process(
    claimed: Array<{ event: HubSpotWebhookEvent; effect: ThreadEffect; key: string }>,
  ): Promise<void> {
    // Let the 200 go out first.
    await new Promise((resolve) => setImmediate(resolve));
    const { cache, changes, state, logger } = this.options;
    for (const { event, effect, key } of claimed) {
      const threadId = effect.kind === 'change' ? effect.change.threadId : effect.threadId;
      try {
        // The cache forgets first, so a subscriber resolving the event reads the new state.
        if (effect.kind === 'change' && effect.change.type === 'DELETED') {
          await cache.purgeThread(threadId);
        } else {
          await cache.invalidateThread(threadId);
        }
      } catch (error) {
        logger.warn(
          { eventId: String(event.eventId), err: error instanceof Error ? error.name : 'error' },
          'webhook event: cache invalidation failed',
        );
      }
      if (effect.kind === 'change') changes.publish(effect.change);
      this.record(event, 'processed');
      await state.set(key, 'processed', DEDUP_TTL_MS).catch((error: unknown) => {
        logger.warn(
          { eventId: String(event.eventId), err: error instanceof Error ? error.name : 'error' },
          'webhook event: could not remember it as processed (a HubSpot retry may repeat it)',
        );
      });
    }
  }

  private record(event: HubSpotWebhookEvent, result: WebhookResult, reason?: string): void {
    const type = typeLabel(event.subscriptionType);
    this.options.logger.info(
      {
        webhook: {
          eventId: String(event.eventId),
          type,
          result,
          ...(reason ? { reason } : {}),
          threadId: String(event.objectId),
          ...(typeof event.portalId === 'number' ? { portalId: event.portalId } : {}),
          ...(typeof event.attemptNumber === 'number'
            ? { attemptNumber: event.attemptNumber }
            : {}),
        },
      },
      'webhook event',
    );
    this.emit({ type, result, ...(reason ? { reason } : {}) });
  }

  private refuse(status: number, reason: string): Response {
    this.options.logger.warn({ webhook: { result: 'invalid', reason, status } }, 'webhook refused');
    this.emit({ type: 'unknown', result: 'invalid', reason });
    const message =
      status === 401
        ? 'Invalid or missing X-HubSpot-Signature-v3, or a timestamp more than 5 minutes off.'
        : status === 413
          ? 'Body too large.'
          : 'Expected a JSON array of HubSpot webhook events.';
    return reply(status, { error: message });
  }

  private emit(outcome: WebhookOutcome): void {
    for (const listener of this.listeners) {
      try {
        listener(outcome);
      } catch {
        // A metrics listener must never break webhook handling.
      }
    }
  }
}

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** The raw body bytes, read no further than `limit`. */
async function readLimited(
  request: Request,
  limit: number,
): Promise<Uint8Array | 'too-large' | 'failed'> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return 'too-large';
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    return 'failed';
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
