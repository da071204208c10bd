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
}

/** The cache with caching off (CACHE_MAX_AGE_S=0): nothing held, nothing to forget. */
export const noThreadCache: ThreadCache = {
  invalidateThread: () => Promise.resolve(),
  purgeThread: () => Promise.resolve(),
};
