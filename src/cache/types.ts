/**
 * The cross-request HubSpot cache as the rest of the gateway sees it. Mutations call
 * `invalidateThread` after a write (awaited: a following query never shows the old state);
 * webhooks call it (and `purgeThread` for HubSpot's privacy deletion).
 */
export interface ThreadCache {
  /** Forget what is cached about `threadId` (every token: a change is portal-wide). */
  invalidateThread(threadId: string): Promise<void>;
  /** Forget everything held about `threadId`, for every token (legal erasure). */
  purgeThread(threadId: string): Promise<void>;
  /**
   * The read side for one GraphQL request (its token identity and `Cache-Control`). Absent on
   * a cache that holds nothing: the loaders then call HubSpot for everything.
   */
  session?(scope: CacheScope): CacheSession;
}

/** What kind of HubSpot answer a cache entry holds (the `kind` label of the cache metrics). */
export type CacheKind = 'thread' | 'messages' | 'originalContent' | 'actor' | 'inboxes' | 'ticket';

/**
 * How one lookup went: `hit` (served from the cache), `shared` (joined an identical upstream
 * call already in flight for the same token), `miss` (nothing cached: read from HubSpot),
 * `stale` (an entry no longer valid — another latestMessageTimestamp, an event since: read from
 * HubSpot), `bypass` (the request asked for fresh data, or this kind is not cacheable here).
 */
export type CacheResult = 'hit' | 'shared' | 'miss' | 'stale' | 'bypass';

/** One GraphQL request as the cache sees it. */
export interface CacheScope {
  /** The caller's token identity (HMAC of the token): entries never cross it. */
  tokenKey: string;
  /** The inbound request: its `Cache-Control` header decides whether cached reads are allowed. */
  request: Request;
  /** The request's cancellation (a shared upstream call it started may be taken over). */
  signal: AbortSignal;
  /** Called with the number of upstream calls the cache saved this request. */
  onAvoided(calls: number): void;
}

/** A listMessages page as the cache needs it: its messages' creation times. */
export interface CacheableMessagePage {
  results: readonly { createdAt: string }[];
}

/**
 * The loaders' view of the cache for one request. Each method takes the upstream call it
 * replaces (`fetch`) and either serves a cached answer, joins an identical call in flight, or
 * makes the call and stores its answer. A store failure is a miss, never a failed request.
 */
export interface CacheSession {
  /**
   * One message page of `threadId`. `latestMessageTimestamp` is the thread's, as read in this
   * request (null: the thread has no message), or a promise of it when the thread is being read
   * in parallel (undefined: unknown, nothing is cached).
   */
  messagePage<P extends CacheableMessagePage>(
    key: { threadId: string; after: string | undefined; limit: number },
    latestMessageTimestamp: string | null | undefined | Promise<string | null | undefined>,
    fetch: () => Promise<P | null>,
  ): Promise<P | null>;
  /** getThread: from the cache only while webhooks keep it true (see HubSpotCache). */
  thread<T>(threadId: string, fetch: () => Promise<T | null>): Promise<T | null>;
  /** A truncated message's original content (immutable per message id). */
  originalContent<T>(
    threadId: string,
    messageId: string,
    fetch: () => Promise<T | null>,
  ): Promise<T | null>;
  /**
   * Records read by id in batches (actors, CRM tickets): the ids not cached (nor in flight for
   * the same token) go to one `fetchMissing` call; null answers are not cached.
   */
  batch<T>(
    kind: 'actor' | 'ticket',
    /** Distinguishes batches of the same kind that ask for different data (e.g. properties). */
    variant: string,
    ids: readonly string[],
    fetchMissing: (ids: readonly string[]) => Promise<ReadonlyMap<string, T | null>>,
  ): Promise<(T | null)[]>;
  /** The inbox directory; `fetch` reports how many upstream calls it made. */
  inboxes<T>(fetch: () => Promise<{ value: T; calls: number }>): Promise<T>;
}

/** The cache with caching off (CACHE_MAX_AGE_S=0): nothing held, nothing to forget. */
export const noThreadCache: ThreadCache = {
  invalidateThread: () => Promise.resolve(),
  purgeThread: () => Promise.resolve(),
};
