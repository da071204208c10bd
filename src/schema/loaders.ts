import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
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
 * The per-request loaders. They hang off the GraphQL context object (a new one per request),
 * so nothing is cached across requests or users.
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

function createLoaders(ctx: GatewayContext): Loaders {
  const hubspot = ctx.hubspot;

  // Threads seen in list pages of this request, and the list pages still in flight.
  const listed = new Map<string, HubSpotThread>();
  const pendingLists = new Set<Promise<unknown>>();
  const listsSettled = async () => {
    while (pendingLists.size > 0) {
      await Promise.allSettled([...pendingLists]);
      // Let connection walks that just got a page ask for their next one before re-checking.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  // Root fields run side by side, so `thread(id)` usually starts while a sibling `threads` list
  // is still in flight: wait for the lists first, and call getThread only for ids they lacked.
  // With no list in flight, getThread starts at once.
  const thread = new DataLoader<string, HubSpotThread | null>(async (ids) => {
    await listsSettled();
    return eachKey(
      ids,
      async (id) => listed.get(id) ?? hubspot.getThread(id, { association: ['TICKET'] }),
    );
  });

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
      eachKey(keys, ({ threadId, after, limit }) =>
        hubspot.listMessages(threadId, after === undefined ? { limit } : { after, limit }),
      ),
    { cacheKeyFn: ({ threadId, after, limit }) => `${threadId}\u0000${limit}\u0000${after ?? ''}` },
  );

  const originalContent = new DataLoader<OriginalContentKey, HubSpotMessageContent | null, string>(
    (keys) =>
      eachKey(keys, ({ threadId, messageId }) => hubspot.getOriginalContent(threadId, messageId)),
    { cacheKeyFn: ({ threadId, messageId }) => `${threadId}\u0000${messageId}` },
  );

  const actor = new DataLoader<string, HubSpotActor | null>(
    (ids) =>
      wholeBatch(ids, async (batch) => {
        // 207 answers list unknown ids under `errors`; anything not in `results` is null.
        const { results } = await hubspot.batchReadActors(batch);
        const byId = new Map(results.map((a) => [a.id, a]));
        return batch.map((id) => byId.get(id) ?? null);
      }),
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
          wholeBatch(ids, async (batch) => {
            const { results } = await hubspot.batchReadTickets(batch, { properties });
            const byId = new Map(results.map((t) => [t.id, t]));
            return batch.map((id) => byId.get(id) ?? null);
          }),
        { maxBatchSize: TICKET_BATCH_LIMIT },
      );
      ticketLoaders.set(cacheKey, loader);
    }
    return loader;
  };

  let inboxDirectory: Promise<InboxDirectory> | undefined;
  const inboxes = () => {
    inboxDirectory ??= (async () => {
      const list: HubSpotInbox[] = [];
      let after: string | undefined;
      do {
        const page = await hubspot.listInboxes(
          after === undefined ? { limit: INBOX_PAGE_LIMIT } : { after, limit: INBOX_PAGE_LIMIT },
        );
        list.push(...page.results);
        const next = page.paging?.next?.after;
        after = next !== undefined && next !== after ? next : undefined;
      } while (after !== undefined);
      return { list, byId: new Map(list.map((inbox) => [inbox.id, inbox])) };
    })();
    return inboxDirectory;
  };

  return { thread, listThreads, messagePage, originalContent, actor, ticketRecord, inboxes };
}

/** The loaders of the request that `ctx` belongs to (created on first use). */
export const loadersFor = createContextCache((ctx: GatewayContext) => createLoaders(ctx));
