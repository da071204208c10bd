import { createPubSub, type PubSub } from 'graphql-yoga';

/** What happened to a thread; the names are `ThreadEventType`'s of the contract. */
export type ThreadChangeType =
  | 'THREAD_CREATED'
  | 'NEW_MESSAGE'
  | 'STATUS_CHANGED'
  | 'ASSIGNMENT_CHANGED'
  | 'ARCHIVED'
  | 'RESTORED'
  | 'DELETED';

/**
 * One change to one thread, whoever reported it: a HubSpot webhook event (after signature check
 * and de-duplication) or a mutation of this gateway. It is portal-wide: the thread changed for
 * every token that can read it.
 */
export interface ThreadChange {
  /** HubSpot's eventId, or `gw-…` for a change a mutation of this gateway made. */
  id: string;
  type: ThreadChangeType;
  threadId: string;
  /** ISO-8601 instant of the change (HubSpot's `occurredAt`, or the mutation's time). */
  occurredAt: string;
  /** NEW_MESSAGE: the message's id, when known. */
  messageId?: string;
  source: 'webhook' | 'mutation';
  /** HubSpot portal id, when known. */
  portalId?: number;
  /** For a mutation: the token identity (HMAC) of the caller that made it. */
  tokenKey?: string;
}

type ChangeTopics = { 'thread-change': [change: ThreadChange] };

/**
 * The gateway's one channel for thread changes. Webhooks and mutations publish; the cache
 * (invalidation) and subscriptions listen. In process by default; with `REDIS_URL` the same
 * pub/sub runs over Redis (`@graphql-yoga/redis-event-target`), so a change published on one
 * replica reaches the listeners of every replica.
 */
export class ThreadChanges {
  private readonly pubsub: PubSub<ChangeTopics>;

  /** `eventTarget`: e.g. `createRedisEventTarget(…)` to share changes across replicas. */
  constructor(eventTarget?: EventTarget) {
    this.pubsub = createPubSub<ChangeTopics>(eventTarget ? { eventTarget } : undefined);
  }

  publish(change: ThreadChange): void {
    this.pubsub.publish('thread-change', change);
  }

  /** Every change published after this call; end the iteration (return()) to stop. */
  subscribe(): AsyncIterableIterator<ThreadChange> {
    return this.pubsub.subscribe('thread-change') as AsyncIterableIterator<ThreadChange>;
  }
}
