import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from '../store/store.ts';
import { Sealer } from './seal.ts';
import type {
  CacheableMessagePage,
  CacheKind,
  CacheResult,
  CacheScope,
  CacheSession,
  ThreadCache,
} from './types.ts';

export interface HubSpotCacheOptions {
  /** `stores.cache`: in process (MemoryStore) or Redis, shared by every replica. */
  store: KeyValueStore;
  /** CACHE_MAX_AGE_S in milliseconds (> 0): no entry is served older than this. */
  maxAgeMs: number;
  /** CACHE_KEY_SECRET (or the process's random one): seals every value. */
  secret: string;
  /**
   * Webhooks are configured (HUBSPOT_CLIENT_SECRET): an event about a thread reaches
   * `invalidateThread`, so `getThread` answers may be served until one arrives.
   */
  threadsLive: boolean;
  /** Every lookup's outcome (for metrics). */
  onLookup?: (kind: CacheKind, result: CacheResult) => void;
  /** A store operation failed: the lookup went to HubSpot instead. */
  onStoreError?: (error: unknown) => void;
}

/** Key prefix and layout version: a layout change must change it. */
const PREFIX = 'hc1';
/** CRM ticket records change in HubSpot without any conversation event: a short TTL. */
const TICKET_MAX_AGE_MS = 30_000;

interface Flight {
  promise: Promise<unknown>;
  /** The signal of the request making the call: if it aborts, a joined request calls itself. */
  signal: AbortSignal;
  /** The thread the call is about, if any (purgeThread forgets it). */
  threadId: string | undefined;
}

/** A stored value: `v` is the version it was read under (latestMessageTimestamp, or null). */
interface Stored<T> {
  v: string | null;
  d: T;
}

interface ReadThrough<T> {
  kind: CacheKind;
  scope: CacheScope;
  directives: Directives;
  storageKey: string;
  /** Thread-scoped entries: which of the thread's generations seal it. */
  thread?: { id: string; generations: 'change+purge' | 'purge' };
  ttlMs: number;
  /** False: never read or written here (single flight only). */
  cacheable: boolean;
  /** Served only when equal to the stored version (undefined: unknown, not served nor stored). */
  version: string | null | undefined | Promise<string | null | undefined>;
  /** Whether a fresh answer may be stored under `version` (default: yes). */
  storable?: (value: T, version: string | null, versionKnownBeforeCall: boolean) => boolean;
  /** Upstream calls a hit or a shared answer saves (default 1). */
  callsOf?: (value: T) => number;
  fetch: () => Promise<T | null>;
}

interface Directives {
  /** Cached reads are skipped (`Cache-Control: no-cache`, `no-store`, `max-age=0`). */
  bypass: boolean;
  /** Nothing read for this request is stored (`Cache-Control: no-store`). */
  noStore: boolean;
}

function directivesOf(request: Request): Directives {
  const header = request.headers.get('cache-control');
  if (!header) return { bypass: false, noStore: false };
  const tokens = header
    .toLowerCase()
    .split(',')
    .map((token) => token.trim().replace(/\s*=\s*/, '='));
  const noStore = tokens.includes('no-store');
  return {
    bypass: noStore || tokens.includes('no-cache') || tokens.includes('max-age=0'),
    noStore,
  };
}

function freshGeneration(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * The cross-request cache of HubSpot answers, below the resolvers and above the HubSpot client
 * (the request loaders call it), on any `KeyValueStore`.
 *
 * Keys: `hc1:<kind>:<tokenKey>:…` — every entry belongs to one token identity (an HMAC of the
 * token), so no answer read with one token is ever served to another.
 *
 * Thread changes are portal-wide: each thread has two random generations in the store,
 * `hc1:g:<threadId>` (replaced by `invalidateThread`, i.e. on every event or mutation) and
 * `hc1:p:<threadId>` (replaced only by `purgeThread`). An entry about a thread is sealed under
 * its generations (see Sealer): after a replacement no token, on any replica sharing the store,
 * can read what was stored before. A generation that is missing (never set, expired, evicted)
 * is created afresh, which can only turn entries into misses, never revive old ones.
 *
 * Ordering that keeps it correct: a lookup reads the generations before its upstream call, and
 * stores the answer under those; an invalidation that lands in between makes that answer
 * unreadable at once.
 */
export class HubSpotCache implements ThreadCache {
  private readonly store: KeyValueStore;
  private readonly maxAgeMs: number;
  private readonly sealer: Sealer;
  private readonly threadsLive: boolean;
  private readonly onLookup: (kind: CacheKind, result: CacheResult) => void;
  private readonly onStoreError: (error: unknown) => void;
  /** Upstream calls in flight, by sealed key (token, generations and version included). */
  private readonly flights = new Map<string, Flight>();

  constructor(options: HubSpotCacheOptions) {
    this.store = options.store;
    this.maxAgeMs = options.maxAgeMs;
    this.sealer = new Sealer(options.secret);
    this.threadsLive = options.threadsLive;
    this.onLookup = options.onLookup ?? (() => undefined);
    this.onStoreError = options.onStoreError ?? (() => undefined);
  }

  /** Generations outlive the entries sealed under them (which live ≤ maxAge). */
  private get generationTtlMs(): number {
    return Math.min(2 * this.maxAgeMs + 60_000, Number.MAX_SAFE_INTEGER);
  }

  async invalidateThread(threadId: string): Promise<void> {
    try {
      await this.store.set(`${PREFIX}:g:${threadId}`, freshGeneration(), this.generationTtlMs);
    } catch (error) {
      this.onStoreError(error);
    }
  }

  /**
   * Legal erasure: deletes both generations of the thread, so every entry about it — message
   * pages, the thread, original contents, for every token, on every replica sharing the store —
   * can never be opened again (their keys cannot be derived without the generations); the
   * sealed bytes themselves expire within CACHE_MAX_AGE_S. Calls in flight for the thread are
   * forgotten too, so no later request joins one.
   */
  async purgeThread(threadId: string): Promise<void> {
    for (const [key, flight] of this.flights) {
      if (flight.threadId === threadId) this.flights.delete(key);
    }
    try {
      await Promise.all([
        this.store.delete(`${PREFIX}:g:${threadId}`),
        this.store.delete(`${PREFIX}:p:${threadId}`),
      ]);
    } catch (error) {
      this.onStoreError(error);
    }
  }

  session(scope: CacheScope): CacheSession {
    const directives = directivesOf(scope.request);
    const token = scope.tokenKey;
    const base = { scope, directives };
    return {
      messagePage: <P extends CacheableMessagePage>(
        key: { threadId: string; after: string | undefined; limit: number },
        latestMessageTimestamp: string | null | undefined | Promise<string | null | undefined>,
        fetch: () => Promise<P | null>,
      ) =>
        this.readThrough<P>({
          ...base,
          kind: 'messages',
          storageKey: `${PREFIX}:m:${token}:${key.threadId}:${key.limit}:${key.after ?? ''}`,
          thread: { id: key.threadId, generations: 'change+purge' },
          ttlMs: this.maxAgeMs,
          cacheable: true,
          version: latestMessageTimestamp,
          storable: (page, version, knownBefore) =>
            knownBefore || (key.after === undefined && containsLatest(page, version)),
          fetch,
        }),
      thread: <T>(threadId: string, fetch: () => Promise<T | null>) =>
        this.readThrough<T>({
          ...base,
          kind: 'thread',
          storageKey: `${PREFIX}:t:${token}:${threadId}`,
          thread: { id: threadId, generations: 'change+purge' },
          ttlMs: this.maxAgeMs,
          cacheable: this.threadsLive,
          version: null,
          fetch,
        }),
      originalContent: <T>(threadId: string, messageId: string, fetch: () => Promise<T | null>) =>
        this.readThrough<T>({
          ...base,
          kind: 'originalContent',
          storageKey: `${PREFIX}:o:${token}:${threadId}:${messageId}`,
          thread: { id: threadId, generations: 'purge' },
          ttlMs: this.maxAgeMs,
          cacheable: true,
          version: null,
          fetch,
        }),
      inboxes: async <T>(fetch: () => Promise<{ value: T; calls: number }>) => {
        const answer = await this.readThrough<{ value: T; calls: number }>({
          ...base,
          kind: 'inboxes',
          storageKey: `${PREFIX}:i:${token}`,
          ttlMs: this.maxAgeMs,
          cacheable: true,
          version: null,
          callsOf: (value) => value.calls,
          fetch,
        });
        // `fetch` never answers null.
        return (answer as { value: T }).value;
      },
      batch: <T>(
        kind: 'actor' | 'ticket',
        variant: string,
        ids: readonly string[],
        fetchMissing: (ids: readonly string[]) => Promise<ReadonlyMap<string, T | null>>,
      ) =>
        this.batch<T>(
          kind,
          scope,
          directives,
          ids.map((id) => `${PREFIX}:${kind === 'actor' ? 'a' : 'k'}:${token}:${variant}:${id}`),
          ids,
          kind === 'ticket' ? Math.min(this.maxAgeMs, TICKET_MAX_AGE_MS) : this.maxAgeMs,
          fetchMissing,
        ),
    };
  }

  /** Reads the thread's generations, creating missing ones (a fresh one turns old entries into misses). */
  private async generations(threadId: string, which: 'change+purge' | 'purge'): Promise<string> {
    const purge = this.generation(`${PREFIX}:p:${threadId}`);
    if (which === 'purge') return purge;
    const [change, purged] = await Promise.all([this.generation(`${PREFIX}:g:${threadId}`), purge]);
    return `${change}.${purged}`;
  }

  private async generation(key: string): Promise<string> {
    const current = await this.store.get(key);
    if (current !== undefined) return current;
    const mine = freshGeneration();
    if (await this.store.setIfAbsent(key, mine, this.generationTtlMs)) return mine;
    return (await this.store.get(key)) ?? mine;
  }

  private async readThrough<T>(spec: ReadThrough<T>): Promise<T | null> {
    const { kind, scope, directives } = spec;
    const callsOf = spec.callsOf ?? (() => 1);
    const versionKnownBeforeCall = !(spec.version instanceof Promise);
    const version = () =>
      Promise.resolve(spec.version).then(
        (v) => v,
        () => undefined,
      );
    const reading = spec.cacheable && !directives.bypass;

    let sealedUnder: string;
    let raw: string | undefined;
    try {
      const [generations, stored] = await Promise.all([
        spec.thread ? this.generations(spec.thread.id, spec.thread.generations) : '',
        reading ? this.store.get(spec.storageKey) : undefined,
      ]);
      sealedUnder = `${spec.storageKey}|${generations}`;
      raw = stored;
    } catch (error) {
      // The store is unreachable: HubSpot answers, nothing is shared or stored.
      this.onStoreError(error);
      this.onLookup(kind, 'miss');
      return spec.fetch();
    }

    let stale = false;
    if (raw !== undefined) {
      const opened = this.sealer.open(sealedUnder, raw);
      if (opened !== undefined) {
        const entry = JSON.parse(opened) as Stored<T>;
        const wanted = await version();
        if (wanted !== undefined && entry.v === wanted) {
          this.onLookup(kind, 'hit');
          scope.onAvoided(callsOf(entry.d));
          return entry.d;
        }
      }
      // Sealed under an older generation (an event since) or read under another timestamp.
      stale = true;
    }

    const known = versionKnownBeforeCall ? (spec.version as string | null | undefined) : '?';
    const flightKey = `${sealedUnder}|${known ?? '-'}`;
    const joined = directives.bypass ? undefined : this.flights.get(flightKey);
    if (joined) {
      try {
        const value = (await joined.promise) as T | null;
        this.onLookup(kind, 'shared');
        if (value !== null) scope.onAvoided(callsOf(value));
        return value;
      } catch (error) {
        // The request that made the call went away: make it ourselves.
        if (!joined.signal.aborted || scope.signal.aborted) throw error;
      }
    }

    this.onLookup(kind, reading ? (stale ? 'stale' : 'miss') : 'bypass');
    const writing = spec.cacheable && !directives.noStore;
    const call = (async () => {
      const value = await spec.fetch();
      if (value === null || !writing) return value;
      const readUnder = await version();
      if (readUnder === undefined) return value;
      if (spec.storable && !spec.storable(value, readUnder, versionKnownBeforeCall)) return value;
      try {
        const stored: Stored<T> = { v: readUnder, d: value };
        await this.store.set(
          spec.storageKey,
          this.sealer.seal(sealedUnder, JSON.stringify(stored)),
          spec.ttlMs,
        );
      } catch (error) {
        this.onStoreError(error);
      }
      return value;
    })();
    this.fly(flightKey, call, scope.signal, spec.thread?.id);
    return call;
  }

  private fly(
    key: string,
    promise: Promise<unknown>,
    signal: AbortSignal,
    threadId?: string,
  ): void {
    const flight: Flight = { promise, signal, threadId };
    this.flights.set(key, flight);
    const land = () => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    promise.then(land, land);
  }

  private async batch<T>(
    kind: 'actor' | 'ticket',
    scope: CacheScope,
    directives: Directives,
    keys: readonly string[],
    ids: readonly string[],
    ttlMs: number,
    fetchMissing: (ids: readonly string[]) => Promise<ReadonlyMap<string, T | null>>,
  ): Promise<(T | null)[]> {
    if (ids.length === 0) return [];
    const answers = new Map<number, Promise<T | null>>();
    if (!directives.bypass) {
      let stored: (string | undefined)[] = [];
      try {
        stored = await Promise.all(keys.map((key) => this.store.get(key)));
      } catch (error) {
        this.onStoreError(error);
      }
      stored.forEach((raw, index) => {
        const opened = raw === undefined ? undefined : this.sealer.open(keys[index] as string, raw);
        if (opened === undefined) return;
        this.onLookup(kind, 'hit');
        answers.set(index, Promise.resolve((JSON.parse(opened) as Stored<T>).d));
      });
    }

    const joined = new Map<number, Flight>();
    const missing: number[] = [];
    keys.forEach((key, index) => {
      if (answers.has(index)) return;
      const flight = directives.bypass ? undefined : this.flights.get(key);
      if (flight) {
        this.onLookup(kind, 'shared');
        joined.set(index, flight);
      } else {
        this.onLookup(kind, directives.bypass ? 'bypass' : 'miss');
        missing.push(index);
      }
    });

    const callFor = (indexes: readonly number[]) => {
      const call = fetchMissing(indexes.map((index) => ids[index] as string));
      for (const index of indexes) {
        const key = keys[index] as string;
        const answer = call.then((found) => found.get(ids[index] as string) ?? null);
        this.fly(key, answer, scope.signal);
        answers.set(index, answer);
        if (!directives.noStore) {
          void answer.then(
            async (value) => {
              if (value === null) return;
              const stored: Stored<T> = { v: null, d: value };
              try {
                await this.store.set(key, this.sealer.seal(key, JSON.stringify(stored)), ttlMs);
              } catch (error) {
                this.onStoreError(error);
              }
            },
            () => undefined,
          );
        }
      }
      return call;
    };
    if (missing.length > 0) void callFor(missing).catch(() => undefined);
    else scope.onAvoided(1);

    for (const [index, flight] of joined) {
      answers.set(
        index,
        (flight.promise as Promise<T | null>).catch(async (error: unknown) => {
          if (!flight.signal.aborted || scope.signal.aborted) throw error;
          const id = ids[index] as string;
          return (await fetchMissing([id])).get(id) ?? null;
        }),
      );
    }
    return Promise.all(ids.map((_, index) => answers.get(index) as Promise<T | null>));
  }
}

/**
 * A first page read in parallel with its thread: it may be stored under the thread's
 * latestMessageTimestamp only if it already holds a message that recent (else the thread was
 * read after a message the page predates).
 */
function containsLatest(
  page: CacheableMessagePage,
  latestMessageTimestamp: string | null,
): boolean {
  if (latestMessageTimestamp === null) return page.results.length === 0;
  const latest = Date.parse(latestMessageTimestamp);
  return page.results.some((message) => Date.parse(message.createdAt) >= latest);
}
