import { LRUCache } from 'lru-cache';
import { gatewayError } from '../error-codes.ts';
import type { ThreadChange, ThreadChanges, ThreadChangeType } from './changes.ts';

/**
 * Two reports of the same happening (our mutation's and HubSpot's webhook) whose `occurredAt`
 * differ by at most this much are one event. HubSpot's time and ours differ by the write's
 * round trip plus clock skew: seconds, not a minute.
 */
export const SAME_HAPPENING_WINDOW_MS = 60_000;
/** How long an event is remembered for matching a later report of it. */
export const MATCH_RETENTION_MS = 15 * 60_000;
/** Events remembered for matching, at most (oldest forgotten first). */
const MAX_REMEMBERED = 50_000;
/** Events queued for one subscriber that is not reading; beyond, the subscription ends. */
const MAX_QUEUED_PER_SUBSCRIBER = 1_000;

/** One change as every subscriber of this replica sees it, with per-token shared work. */
export class Delivery {
  readonly change: ThreadChange;
  private readonly scopes = new Map<string, unknown>();

  constructor(change: ThreadChange) {
    this.change = change;
  }

  /**
   * The work shared by every subscriber with the same key (the HubSpot token's identity): made
   * once, by the first subscriber that needs it.
   */
  scope<T>(key: string, create: () => T): T {
    if (this.scopes.has(key)) return this.scopes.get(key) as T;
    const made = create();
    this.scopes.set(key, made);
    return made;
  }
}

export interface SubscriberFilter {
  threadId?: string;
  types?: ReadonlySet<ThreadChangeType>;
}

export interface SubscribeOptions<P> {
  /** Who holds the subscription, for the per-caller limit (an opaque hash, never a secret). */
  callerKey: string;
  filter: SubscriberFilter;
  /** The payload for this subscriber, or undefined to skip the event (not visible, filtered). */
  accept(delivery: Delivery): Promise<P | undefined>;
}

/**
 * A subscription payload may carry the context its event is executed with (one per event and
 * token, shared by that token's subscribers): see `useEventContext`.
 */
export const EVENT_CONTEXT = Symbol('eventContext');

export interface ThreadEventHubOptions {
  maxPerCaller: number;
  maxTotal: number;
  /**
   * The server's own HubSpot token identity: the portal the webhooks come from, so its
   * subscribers see DELETED events of threads they never read (other tokens see them only for
   * threads they were seen reading).
   */
  trustedTokenKey?: string;
  onWarn?: (fields: Record<string, unknown>, message: string) => void;
}

interface Subscriber {
  callerKey: string;
  filter: SubscriberFilter;
  push(delivery: Delivery): void;
  end(): void;
}

interface Remembered {
  key: string;
  source: ThreadChange['source'];
  occurredMs: number;
  seenAt: number;
  matched: boolean;
}

/**
 * Fan-out of thread changes to subscriptions on this replica. It listens to `ThreadChanges` once,
 * drops the second report of a happening (see `isSecondReport`), and hands each remaining change
 * to every subscriber whose cheap filter (thread, types) matches; the subscriber's `accept` does
 * the rest (visibility for its token, inbox) on work shared per token through `Delivery.scope`.
 */
export class ThreadEventHub {
  private readonly options: ThreadEventHubOptions;
  private readonly subscribers = new Set<Subscriber>();
  private readonly perCaller = new Map<string, number>();
  private readonly source: AsyncIterableIterator<ThreadChange>;
  private readonly remembered = new Map<string, Remembered[]>();
  private readonly seenIds = new Map<string, number>();
  private readonly activeListeners = new Set<(active: number) => void>();
  private closed = false;
  private readonly loop: Promise<void>;
  /** (token identity, thread id) → the thread's inbox, for threads a token was seen reading. */
  private readonly readable = new LRUCache<string, string>({ max: 100_000 });

  constructor(changes: ThreadChanges, options: ThreadEventHubOptions) {
    this.options = options;
    this.source = changes.subscribe();
    this.loop = this.run();
  }

  /** Open subscriptions now. */
  get active(): number {
    return this.subscribers.size;
  }

  get trustedTokenKey(): string | undefined {
    return this.options.trustedTokenKey;
  }

  /** Records that `tokenKey` could read `threadId` (in `inboxId`). */
  rememberReadable(tokenKey: string, threadId: string, inboxId: string): void {
    this.readable.set(`${tokenKey}|${threadId}`, inboxId);
  }

  /** The thread's inbox when `tokenKey` was seen reading it, else undefined. */
  readableInbox(tokenKey: string, threadId: string): string | undefined {
    return this.readable.get(`${tokenKey}|${threadId}`);
  }

  /** Calls `listener` with the new count whenever a subscription opens or ends. */
  onActiveChange(listener: (active: number) => void): () => void {
    this.activeListeners.add(listener);
    return () => this.activeListeners.delete(listener);
  }

  /**
   * A new subscription; refused (a GraphQL error, `SUBSCRIPTION_LIMIT_EXCEEDED`) beyond the
   * per-caller or total limit. Ending the iteration (`return()`) frees everything it held.
   */
  subscribe<P>(options: SubscribeOptions<P>): AsyncIterableIterator<P> {
    if (this.closed) {
      throw gatewayError(
        'UPSTREAM_UNAVAILABLE',
        'The server is shutting down; subscribe again shortly.',
      );
    }
    const { maxPerCaller, maxTotal } = this.options;
    const held = this.perCaller.get(options.callerKey) ?? 0;
    if (held >= maxPerCaller || this.subscribers.size >= maxTotal) {
      const scope = held >= maxPerCaller ? 'caller' : 'server';
      throw gatewayError(
        'SUBSCRIPTION_LIMIT_EXCEEDED',
        scope === 'caller'
          ? `Too many open subscriptions for this caller (limit ${maxPerCaller}): close one first.`
          : `The server holds its maximum of ${maxTotal} subscriptions: retry later.`,
        { extensions: { limit: scope === 'caller' ? maxPerCaller : maxTotal, scope } },
      );
    }
    this.perCaller.set(options.callerKey, held + 1);
    return new SubscriberIterator<P>(this, options);
  }

  /** Ends every subscription (graceful shutdown) and stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    for (const subscriber of [...this.subscribers]) subscriber.end();
    await this.source.return?.();
    await this.loop;
  }

  /** @internal */
  add(subscriber: Subscriber): void {
    this.subscribers.add(subscriber);
    this.notifyActive();
  }

  /** @internal */
  remove(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    const held = (this.perCaller.get(subscriber.callerKey) ?? 1) - 1;
    if (held <= 0) this.perCaller.delete(subscriber.callerKey);
    else this.perCaller.set(subscriber.callerKey, held);
    this.notifyActive();
  }

  private notifyActive(): void {
    for (const listener of this.activeListeners) listener(this.subscribers.size);
  }

  private async run(): Promise<void> {
    for await (const change of this.source) {
      if (this.closed) break;
      if (this.isSecondReport(change, Date.now())) continue;
      if (this.subscribers.size === 0) continue;
      const delivery = new Delivery(change);
      for (const subscriber of this.subscribers) {
        const { threadId, types } = subscriber.filter;
        if (threadId !== undefined && threadId !== change.threadId) continue;
        if (types !== undefined && !types.has(change.type)) continue;
        subscriber.push(delivery);
      }
    }
  }

  /**
   * True when `change` reports a happening already delivered:
   * - the same change id (a change seen twice, e.g. through a shared event bus);
   * - NEW_MESSAGE with a message id: the same thread and message, whoever reports it;
   * - otherwise: the same thread and type, reported by the other source (a mutation of this
   *   gateway and HubSpot's webhook about it) with `occurredAt` within 60 s, each report matching
   *   at most one other. Two changes from the same source (closing, then reopening and closing
   *   again) are two happenings.
   */
  private isSecondReport(change: ThreadChange, now: number): boolean {
    this.forgetOld(now);
    if (this.seenIds.has(change.id)) return true;
    this.seenIds.set(change.id, now);
    const byMessage = change.type === 'NEW_MESSAGE' && change.messageId !== undefined;
    const key = byMessage
      ? `${change.threadId}|NEW_MESSAGE|${change.messageId}`
      : `${change.threadId}|${change.type}`;
    const occurredMs = Date.parse(change.occurredAt);
    const earlier = this.remembered.get(key) ?? [];
    const match = earlier.find(
      (e) =>
        !e.matched &&
        (byMessage ||
          (e.source !== change.source &&
            Math.abs(e.occurredMs - occurredMs) <= SAME_HAPPENING_WINDOW_MS)),
    );
    if (match) {
      match.matched = true;
      return true;
    }
    earlier.push({ key, source: change.source, occurredMs, seenAt: now, matched: false });
    this.remembered.delete(key);
    this.remembered.set(key, earlier);
    return false;
  }

  private forgetOld(now: number): void {
    for (const [id, seenAt] of this.seenIds) {
      if (now - seenAt <= MATCH_RETENTION_MS && this.seenIds.size <= MAX_REMEMBERED) break;
      this.seenIds.delete(id);
    }
    for (const [key, list] of this.remembered) {
      const newest = list[list.length - 1];
      if (
        newest &&
        now - newest.seenAt <= MATCH_RETENTION_MS &&
        this.remembered.size <= MAX_REMEMBERED
      ) {
        break;
      }
      this.remembered.delete(key);
    }
  }

  /** @internal */
  warn(fields: Record<string, unknown>, message: string): void {
    this.options.onWarn?.(fields, message);
  }
}

/**
 * One subscription's iterator. Hand-written rather than an async generator: `return()` (client
 * gone) must end it at once, even while it waits for the next event.
 */
class SubscriberIterator<P> implements AsyncIterableIterator<P>, Subscriber {
  readonly callerKey: string;
  readonly filter: SubscriberFilter;
  private readonly hub: ThreadEventHub;
  private readonly accept: (delivery: Delivery) => Promise<P | undefined>;
  private readonly queue: Delivery[] = [];
  private waiting: ((delivery: Delivery | undefined) => void) | undefined;
  private done = false;

  constructor(hub: ThreadEventHub, options: SubscribeOptions<P>) {
    this.hub = hub;
    this.callerKey = options.callerKey;
    this.filter = options.filter;
    this.accept = options.accept;
    hub.add(this);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  push(delivery: Delivery): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(delivery);
      return;
    }
    if (this.queue.length >= MAX_QUEUED_PER_SUBSCRIBER) {
      this.hub.warn({ queued: this.queue.length }, 'subscriber too slow: subscription ended');
      this.end();
      return;
    }
    this.queue.push(delivery);
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    this.queue.length = 0;
    this.hub.remove(this);
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.(undefined);
  }

  async next(): Promise<IteratorResult<P>> {
    while (!this.done) {
      const delivery =
        this.queue.shift() ??
        (await new Promise<Delivery | undefined>((resolve) => {
          this.waiting = resolve;
        }));
      if (!delivery || this.done) break;
      let payload: P | undefined;
      try {
        payload = await this.accept(delivery);
      } catch {
        // A failed visibility read (HubSpot down, rate limit): this subscriber skips the event.
        payload = undefined;
      }
      if (payload !== undefined && !this.done) return { done: false, value: payload };
    }
    return { done: true, value: undefined };
  }

  return(): Promise<IteratorResult<P>> {
    this.end();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(error?: unknown): Promise<IteratorResult<P>> {
    this.end();
    return Promise.reject(error);
  }
}
