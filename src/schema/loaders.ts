import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { CacheSession } from '../cache/types.ts';
import type { GatewayContext } from '../context.ts';
import { type ListThreadsParams, TICKET_BATCH_LIMIT } from '../hubspot/client.ts';
import type {
  HubSpotActor,
  HubSpotCrmObject,
  HubSpotInbox,
  HubSpotMessageContent,
  HubSpotMessagePage,
  HubSpotThread,
  HubSpotThreadPage,
} from '../hubspot/schemas.ts';
import { upstreamCost } from './upstream-cost.ts';

/** One `GET …/threads/{threadId}/messages` call. */
export interface MessagePageKey {
  threadId: string;
  after: string | undefined;
  limit: number;
  /**
   * The thread's latestMessageTimestamp as read in this request (null: no message), when the
   * caller holds the thread; otherwise the loader finds it (list pages, the thread loader). Not
   * part of the key: within one request a page is the same whoever asks.
   */
  latestMessageTimestamp?: string | null;
}

export interface OriginalContentKey {
  threadId: string;
  messageId: string;
}

export interface InboxDirectory {
  /** HubSpot's order. */
  list: readonly HubSpotInbox[];
  byId: ReadonlyMap<string, HubSpotInbox>;
}

/** Actor batch reads: HubSpot documents no maximum; 100 matches its CRM batch limit. */
export const ACTOR_BATCH_LIMIT = 100;
/** Inboxes per listInboxes page: a portal has a handful, so one call covers them. */
export const INBOX_PAGE_LIMIT = 100;

/**
 * The upstream cost of a field that resolves through one of these loaders: put it in the field's
 * `extensions` (see upstream-cost.ts). Batch sizes are the loaders' own.
 */
export const loaderCost = {
  /** `thread.load`: one getThread per parent (free when a list in the request had the thread). */
  thread: upstreamCost.perParent(1),
  /** `actor.load`: batched, ≤ ACTOR_BATCH_LIMIT ids per call. */
  actor: upstreamCost.batch(ACTOR_BATCH_LIMIT),
  /** `ticketRecord(…).load`: batched, ≤ TICKET_BATCH_LIMIT ids per call, per property set. */
  ticketRecord: upstreamCost.batch(TICKET_BATCH_LIMIT),
  /** `inboxes()`: one listInboxes per request, whoever asks. */
  inboxes: upstreamCost.oncePerRequest('inboxes'),
  /** `originalContent.load`: up to one call per message, shared by the fields reading it. */
  originalContent: upstreamCost.sharedPerParent('originalContent'),
} as const;

/** CRM ticket properties every `Ticket.crmRecord` reads. */
export const TICKET_RECORD_PROPERTIES = [
  'subject',
  'content',
  'hs_pipeline',
  'hs_pipeline_stage',
  'hs_ticket_priority',
  'createdate',
  'hs_lastmodifieddate',
] as const;

/**
 * The per-request loaders. They hang off the GraphQL context object (a new one per request);
 * what outlives the request goes through the cross-request cache (`ctx.cache.session`, see
 * src/cache/hubspot-cache.ts), scoped to the request's token identity:
 * - message pages: served only while the thread's latestMessageTimestamp, as read in this same
 *   request (its list page or getThread), is the one the page was read under;
 * - getThread: from the cache only while webhooks are configured (until an event or max age);
 * - thread lists: always from HubSpot (they are what shows a change);
 * - original contents, actors, CRM tickets, the inbox directory: by TTL.
 *
 * Batch functions never reject as a whole: each key gets its value or its own Error. DataLoader
 * caches per-key errors, so one failed upstream call is not repeated by another field of the same
 * request, and the error surfaces only at the fields that asked for that key.
 */
export interface Loaders {
  /** getThread (always with association=TICKET), primed from every thread list page. */
  thread: DataLoader<string, HubSpotThread | null>;
  /**
   * One listThreads page, keyed by its exact query: aliases of one list cost one call. Every
   * thread it returns is primed into `thread`.
   */
  listThreads(query: ListThreadsParams): Promise<HubSpotThreadPage>;
  /** listMessages pages, keyed by (threadId, after, limit). */
  messagePage: DataLoader<MessagePageKey, HubSpotMessagePage | null, string>;
  /** getOriginalContent, keyed by (threadId, messageId). */
  originalContent: DataLoader<OriginalContentKey, HubSpotMessageContent | null, string>;
  /** batchReadActors, ≤ 100 ids per call; ids HubSpot does not know resolve to null. */
  actor: DataLoader<string, HubSpotActor | null>;
  /** batchReadTickets, ≤ 100 ids per call, one loader per set of extra properties. */
  ticketRecord(extraProperties: readonly string[]): DataLoader<string, HubSpotCrmObject | null>;
  /** Every inbox, read once per request (listInboxes, following pages if any). */
  inboxes(): Promise<InboxDirectory>;
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** Runs one call per key concurrently (the transport bounds concurrency). */
async function eachKey<K, V>(
  keys: readonly K[],
  call: (key: K) => Promise<V>,
): Promise<(V | Error)[]> {
  const settled = await Promise.allSettled(keys.map(call));
  return settled.map((r) => (r.status === 'fulfilled' ? r.value : asError(r.reason)));
}

/** Runs one batch call; a failure becomes every key's error instead of rejecting the batch. */
async function wholeBatch<K, V>(
  keys: readonly K[],
  call: (keys: readonly K[]) => Promise<readonly V[]>,
): Promise<(V | Error)[]> {
  try {
    return [...(await call(keys))];
  } catch (error) {
    const failure = asError(error);
    return keys.map(() => failure);
  }
}

/** The loaders' cache when caching is off: every read goes to HubSpot. */
const uncached: CacheSession = {
  messagePage: (_key, _timestamp, fetch) => fetch(),
  thread: (_id, fetch) => fetch(),
  originalContent: (_thread, _message, fetch) => fetch(),
  batch: async (_kind, _variant, ids, fetchMissing) => {
    const found = await fetchMissing(ids);
    return ids.map((id) => found.get(id) ?? null);
  },
  inboxes: async (fetch) => (await fetch()).value,
};

/**
 * The sibling-list wait policy. Root fields run side by side, so `thread(id)` usually starts
 * while a sibling `threads` list of the same request is still in flight: a getThread batch first
 * waits for every thread list in flight (and the next pages their connection walks ask for), then
 * calls getThread only for the ids those lists did not return. Trade: a `thread(id)` that no list
 * returns answers one list round trip later, in exchange for never paying a getThread for a
 * thread the request already has. With no list in flight, getThread starts at once.
 * (docs/operations.md §4; test/schema/thread-by-id.test.ts "sibling-list wait policy".)
 */
async function waitForSiblingLists(pending: ReadonlySet<Promise<unknown>>): Promise<void> {
  while (pending.size > 0) {
    await Promise.allSettled([...pending]);
    // Let connection walks that just got a page ask for their next one before re-checking.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function createLoaders(ctx: GatewayContext): Loaders {
  const hubspot = ctx.hubspot;
  const cache =
    ctx.cache.session?.({
      tokenKey: ctx.tokenKey,
      request: ctx.request,
      signal: ctx.signal,
      onAvoided: (calls) => {
        ctx.cost.cached += calls;
      },
    }) ?? uncached;

  // Threads seen in list pages of this request, and the list pages still in flight.
  const listed = new Map<string, HubSpotThread>();
  const pendingLists = new Set<Promise<unknown>>();

  const thread = new DataLoader<string, HubSpotThread | null>(async (ids) => {
    await waitForSiblingLists(pendingLists);
    return eachKey(
      ids,
      async (id) =>
        listed.get(id) ??
        cache.thread(id, () => hubspot.getThread(id, { association: ['TICKET'] })),
    );
  });

  // Threads this request reads by id (thread(id), _entities, payloads): their getThread answer
  // carries the timestamp a message page of theirs is checked against.
  const requestedThreads = new Set<string>();
  const loadThreadById = thread.load.bind(thread);
  thread.load = (id: string) => {
    requestedThreads.add(id);
    return loadThreadById(id);
  };

  // The thread's latestMessageTimestamp as read in this request: a list page's, else getThread's
  // (undefined when the request does not read the thread, HubSpot has no such thread or the
  // read failed: the page is then neither served from nor stored in the cache).
  const latestMessageTimestamp = (threadId: string) => {
    const seen = listed.get(threadId);
    if (seen) return seen.latestMessageTimestamp ?? null;
    if (!requestedThreads.has(threadId)) return undefined;
    return thread.load(threadId).then(
      (read) => (read === null ? undefined : (read.latestMessageTimestamp ?? null)),
      () => undefined,
    );
  };

  const threadPage = new DataLoader<ListThreadsParams, HubSpotThreadPage, string>(
    (queries) =>
      eachKey(queries, async (query) => {
        const page = await hubspot.listThreads(query);
        for (const item of page.results) {
          if (!listed.has(item.id)) listed.set(item.id, item);
          thread.prime(item.id, item);
        }
        return page;
      }),
    {
      cacheKeyFn: (query) =>
        JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1))),
    },
  );
  const listThreads = (query: ListThreadsParams) => {
    const page = threadPage.load(query);
    const settled: Promise<unknown> = page.then(
      () => pendingLists.delete(settled),
      () => pendingLists.delete(settled),
    );
    pendingLists.add(settled);
    return page;
  };

  const messagePage = new DataLoader<MessagePageKey, HubSpotMessagePage | null, string>(
    (keys) =>
      eachKey(keys, ({ threadId, after, limit, latestMessageTimestamp: known }) =>
        cache.messagePage(
          { threadId, after, limit },
          known !== undefined ? known : latestMessageTimestamp(threadId),
          () => hubspot.listMessages(threadId, after === undefined ? { limit } : { after, limit }),
        ),
      ),
    { cacheKeyFn: ({ threadId, after, limit }) => `${threadId}\u0000${limit}\u0000${after ?? ''}` },
  );

  const originalContent = new DataLoader<OriginalContentKey, HubSpotMessageContent | null, string>(
    (keys) =>
      eachKey(keys, ({ threadId, messageId }) =>
        cache.originalContent(threadId, messageId, () =>
          hubspot.getOriginalContent(threadId, messageId),
        ),
      ),
    { cacheKeyFn: ({ threadId, messageId }) => `${threadId}\u0000${messageId}` },
  );

  const actor = new DataLoader<string, HubSpotActor | null>(
    (ids) =>
      wholeBatch(ids, (batch) =>
        cache.batch('actor', '', batch, async (missing) => {
          // 207 answers list unknown ids under `errors`; anything not in `results` is null.
          const { results } = await hubspot.batchReadActors(missing);
          return new Map(results.map((a) => [a.id, a]));
        }),
      ),
    { maxBatchSize: ACTOR_BATCH_LIMIT },
  );

  const ticketLoaders = new Map<string, DataLoader<string, HubSpotCrmObject | null>>();
  const ticketRecord = (extraProperties: readonly string[]) => {
    const properties = [...new Set([...TICKET_RECORD_PROPERTIES, ...extraProperties])].sort();
    const cacheKey = properties.join(',');
    let loader = ticketLoaders.get(cacheKey);
    if (!loader) {
      loader = new DataLoader<string, HubSpotCrmObject | null>(
        (ids) =>
          wholeBatch(ids, (batch) =>
            cache.batch('ticket', cacheKey, batch, async (missing) => {
              const { results } = await hubspot.batchReadTickets(missing, { properties });
              return new Map(results.map((t) => [t.id, t]));
            }),
          ),
        { maxBatchSize: TICKET_BATCH_LIMIT },
      );
      ticketLoaders.set(cacheKey, loader);
    }
    return loader;
  };

  let inboxDirectory: Promise<InboxDirectory> | undefined;
  const inboxes = () => {
    inboxDirectory ??= (async () => {
      const list = await cache.inboxes(async () => {
        const all: HubSpotInbox[] = [];
        let calls = 0;
        let after: string | undefined;
        do {
          const page = await hubspot.listInboxes(
            after === undefined ? { limit: INBOX_PAGE_LIMIT } : { after, limit: INBOX_PAGE_LIMIT },
          );
          calls++;
          all.push(...page.results);
          const next = page.paging?.next?.after;
          after = next !== undefined && next !== after ? next : undefined;
        } while (after !== undefined);
        return { value: all, calls };
      });
      return { list, byId: new Map(list.map((inbox) => [inbox.id, inbox])) };
    })();
    return inboxDirectory;
  };

  return { thread, listThreads, messagePage, originalContent, actor, ticketRecord, inboxes };
}

/** The loaders of the request that `ctx` belongs to (created on first use). */
export const loadersFor = createContextCache((ctx: GatewayContext) => createLoaders(ctx));
