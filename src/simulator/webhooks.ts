/**
 * The simulated portal's webhook delivery: every change of the mutable store (write endpoints,
 * activity, test calls) becomes a HubSpot-shaped `conversation.*` event, POSTed to the app's
 * target URL in signed batches (X-HubSpot-Signature-v3), and retried like HubSpot: a batch that
 * gets no 2xx (status, network failure, 5 s timeout) is sent again later with each event's
 * `attemptNumber` + 1, up to 10 retries.
 *
 * Standalone on purpose (the simulator borrows nothing from the gateway): the signature is
 * HubSpot's algorithm, written here a second time.
 */
import { createHmac, randomInt } from 'node:crypto';
import type { SimChange } from './store.ts';

/** The simulated portal's id (HubSpot's `portalId`, the hub id). */
export const SIM_PORTAL_ID = 62515;
export const SIM_APP_ID = 2438486;

export interface WebhookDeliveryOptions {
  /** Where the batches are POSTed. */
  targetUrl: string;
  /** The URL signed (what HubSpot believes it calls: the app's target URL); default targetUrl. */
  signedUrl?: string;
  /** The app's client secret. */
  secret: string;
  portalId?: number;
  appId?: number;
  /** Changes within this window go out in one batch (default 100 ms). */
  batchWindowMs?: number;
  /** Events per request at most (default 100). */
  maxBatchSize?: number;
  /**
   * Delay before retry n (1-based), default 1 s, 2 s, 4 s … capped at 60 s (HubSpot spreads its
   * 10 retries over 24 hours; a simulator cannot wait that long).
   */
  retryDelayMs?: (retry: number) => number;
  /** Retries after the first attempt (default 10, like HubSpot). */
  maxRetries?: number;
  /** An attempt without an answer after this long counts as failed (default 5000, HubSpot's). */
  timeoutMs?: number;
  /** Called after every attempt (tests, logs). */
  onAttempt?: (attempt: DeliveryAttempt) => void;
}

/** One POST of a batch. */
export interface DeliveryAttempt {
  events: HubSpotEvent[];
  /** HTTP status, or 0 when no answer came (network failure, timeout). */
  status: number;
  /** The batch will be sent again. */
  willRetry: boolean;
}

export interface HubSpotEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeFlag?: string;
  messageId?: string;
  messageType?: string;
  propertyName?: string;
  propertyValue?: string;
}

export interface WebhookDelivery {
  /** Queues one change (what `sim.onChange` calls). */
  enqueue(change: SimChange): void;
  /** Resolves when nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void>;
  /** Stops: queued changes are sent once more (no retries), then nothing. */
  close(): Promise<void>;
}

/** Subscription ids of the simulated app, one per event type (HubSpot has one per type). */
const SUBSCRIPTION_IDS: Record<SimChange['kind'], number> = {
  creation: 2371670,
  newMessage: 2371671,
  propertyChange: 2371672,
  deletion: 2371673,
  privacyDeletion: 2371674,
};

export function createWebhookDelivery(options: WebhookDeliveryOptions): WebhookDelivery {
  const portalId = options.portalId ?? SIM_PORTAL_ID;
  const appId = options.appId ?? SIM_APP_ID;
  const windowMs = options.batchWindowMs ?? 100;
  const maxBatch = options.maxBatchSize ?? 100;
  const maxRetries = options.maxRetries ?? 10;
  const timeoutMs = options.timeoutMs ?? 5000;
  const retryDelay = options.retryDelayMs ?? ((n: number) => Math.min(60_000, 1000 * 2 ** (n - 1)));
  let nextEventId = randomInt(1_000_000, 2_000_000_000);
  let queue: HubSpotEvent[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  const pending = new Set<Promise<void>>();
  /** Retries waiting, and how to wake each (close() does, so nothing hangs). */
  const retryTimers = new Map<NodeJS.Timeout, () => void>();
  let closed = false;

  const toEvent = (change: SimChange): HubSpotEvent => ({
    eventId: nextEventId++,
    subscriptionId: SUBSCRIPTION_IDS[change.kind],
    portalId,
    appId,
    occurredAt: change.occurredAt,
    subscriptionType: `conversation.${change.kind}`,
    attemptNumber: 0,
    objectId: Number(change.threadId),
    ...(change.kind === 'newMessage'
      ? {
          changeFlag: 'NEW_MESSAGE',
          ...(change.messageId ? { messageId: change.messageId } : {}),
          ...(change.messageType ? { messageType: change.messageType } : {}),
        }
      : {}),
    ...(change.kind === 'propertyChange'
      ? {
          // HubSpot names the archive flag `isArchived` in webhooks.
          propertyName: change.propertyName === 'archived' ? 'isArchived' : change.propertyName,
          ...(change.propertyValue !== undefined ? { propertyValue: change.propertyValue } : {}),
        }
      : {}),
  });

  const track = (task: Promise<void>) => {
    pending.add(task);
    void task.finally(() => pending.delete(task));
  };

  const send = async (events: HubSpotEvent[], retry: number): Promise<void> => {
    const body = JSON.stringify(events);
    const timestamp = String(Date.now());
    const url = options.signedUrl ?? options.targetUrl;
    const signature = createHmac('sha256', options.secret)
      .update(`POST${url}${body}${timestamp}`, 'utf8')
      .digest('base64');
    let status = 0;
    try {
      const response = await fetch(options.targetUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (simulated)',
          'x-hubspot-signature-v3': signature,
          'x-hubspot-request-timestamp': timestamp,
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch {
      // No answer (refused, reset, timed out): status stays 0.
    }
    const ok = status >= 200 && status < 300;
    const willRetry = !ok && !closed && retry < maxRetries;
    options.onAttempt?.({ events, status, willRetry });
    if (!willRetry) return;
    const again = events.map((e) => ({ ...e, attemptNumber: e.attemptNumber + 1 }));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          retryTimers.delete(timer);
          resolve();
        },
        retryDelay(retry + 1),
      );
      timer.unref();
      retryTimers.set(timer, resolve);
    });
    if (!closed) await send(again, retry + 1);
  };

  const flush = () => {
    flushTimer = undefined;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      track(send(batch, 0));
    }
  };

  return {
    enqueue(change) {
      if (closed) return;
      queue.push(toEvent(change));
      if (queue.length >= maxBatch) flush();
      else if (!flushTimer) {
        flushTimer = setTimeout(flush, windowMs);
        flushTimer.unref();
      }
    },
    async idle() {
      while (queue.length > 0 || pending.size > 0) {
        // Send what is queued now rather than waiting for the batch window.
        if (queue.length > 0) {
          if (flushTimer) clearTimeout(flushTimer);
          flush();
        }
        await Promise.allSettled([...pending]);
      }
    },
    async close() {
      if (flushTimer) clearTimeout(flushTimer);
      flush();
      closed = true;
      for (const [timer, wake] of retryTimers) {
        clearTimeout(timer);
        wake();
      }
      retryTimers.clear();
      await Promise.race([
        Promise.allSettled([...pending]),
        new Promise((resolve) => setTimeout(resolve, timeoutMs)),
      ]);
    },
  };
}
