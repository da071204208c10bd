import { setMaxListeners } from 'node:events';
import type { ThreadCache } from './cache/types.ts';
import type { GatewayConfig } from './config.ts';
import { createHubSpotClient, type HubSpotClient } from './hubspot/client.ts';
import type { RequestBudget } from './hubspot/governor.ts';
import type { HubSpotTransport } from './hubspot/transport.ts';
import type { ThreadChanges } from './live/changes.ts';
import type { ThreadEventHub } from './live/fanout.ts';
import type { GatewayStores } from './store/store.ts';

/** Upstream cost of one GraphQL request, reported in the response's `extensions.cost`. */
export interface CostTracker {
  /** Estimated upstream calls, computed from the operation before execution. */
  estimated: number | undefined;
  /** Upstream HTTP attempts actually made (retries included). */
  actual: number;
  /** Upstream calls the cross-request cache saved (hits, and identical calls in flight joined). */
  cached: number;
}

/**
 * The per-request GraphQL context. A new one per request, so every loader hanging off it
 * (Pothos' dataloader plugin keys its caches by the context object) lives for one request only.
 */
export interface GatewayContext {
  /** HubSpot client scoped to this request: its signal, deadline and call accounting. */
  hubspot: HubSpotClient;
  /** The token's identity for cross-request caches (an HMAC, never the token). */
  tokenKey: string;
  cost: CostTracker;
  /**
   * The request's share of the rate budget: with a shared (Redis) budget, the estimated calls
   * are reserved before execution in one round trip and the rest returned when it ends.
   */
  budget: RequestBudget;
  /** Cancels the request's pending upstream work (client gone or deadline passed). */
  signal: AbortSignal;
  /** Epoch ms after which no upstream call of this request starts (REQUEST_TIMEOUT_MS). */
  deadline: number;
  /** Upper bound for a connection's `first`. */
  maxPageSize: number;
  /** The cross-request cache (invalidation entry points). */
  cache: ThreadCache;
  /** Where mutations announce the changes they made. */
  changes: ThreadChanges;
  /** Shared state (idempotency keys, …) and the cache's store. */
  stores: GatewayStores;
  /** Subscriptions' fan-out of thread changes (limits, de-duplication of reports). */
  live: ThreadEventHub;
  /** The inbound HTTP request. */
  request: Request;
  /** Ends the request's deadline timer and client-abort listener, returns its unused budget; idempotent. */
  release(): void;
  /**
   * A fresh context for the same caller and token, with its own deadline, cost and loaders: one
   * per subscription event (a subscription outlives its request's deadline). Released when the
   * deadline passes.
   */
  fork(): GatewayContext;
}

/** What `createContext` needs from the gateway: long-lived parts shared by all requests. */
export interface ContextDeps {
  config: GatewayConfig;
  cache: ThreadCache;
  changes: ThreadChanges;
  stores: GatewayStores;
  live: ThreadEventHub;
  /** The token to use upstream for this request, and its transport. */
  resolveTransport(request: Request): { tokenKey: string; transport: HubSpotTransport };
}

/** The context of one GraphQL request. The caller must call `release()` when it ends. */
export function createContext(request: Request, deps: ContextDeps): GatewayContext {
  return contextFor(request, deps, deps.resolveTransport(request), request.signal);
}

function contextFor(
  request: Request,
  deps: ContextDeps,
  upstream: { tokenKey: string; transport: HubSpotTransport },
  clientSignal: AbortSignal | undefined,
): GatewayContext {
  const { config } = deps;
  const { tokenKey, transport } = upstream;
  const cost: CostTracker = { estimated: undefined, actual: 0, cached: 0 };
  const deadline = Date.now() + config.REQUEST_TIMEOUT_MS;
  const signal = requestSignal(clientSignal, config.REQUEST_TIMEOUT_MS);
  const budget = transport.governor.openBudget();
  const hubspot = createHubSpotClient({
    transport,
    apiVersion: config.HUBSPOT_API_VERSION,
    scope: {
      signal,
      deadline,
      budget,
      onCall: () => {
        cost.actual++;
      },
    },
  });
  const release = () => {
    signal.release();
    budget.release();
  };
  // A forked context (one per subscription event) has no request end of its own: its deadline
  // ends it, and returns what its budget did not use.
  if (clientSignal === undefined) signal.addEventListener('abort', release, { once: true });
  return {
    hubspot,
    tokenKey,
    cost,
    budget,
    signal,
    deadline,
    maxPageSize: config.MAX_PAGE_SIZE,
    cache: deps.cache,
    changes: deps.changes,
    stores: deps.stores,
    live: deps.live,
    request,
    release,
    // A forked context does not end with its request: only its own deadline aborts it.
    fork: () => contextFor(request, deps, upstream, undefined),
  };
}

/**
 * The request's cancellation: aborts when the client disconnects or the deadline passes (with a
 * TimeoutError reason, which the transport reports as UPSTREAM_TIMEOUT). One controller and one
 * timer instead of AbortSignal.any + AbortSignal.timeout, which cost several times more per
 * request on Node 20 (measured in BENCHMARKS.md).
 */
function requestSignal(
  clientSignal: AbortSignal | undefined,
  timeoutMs: number,
): AbortSignal & { release: () => void } {
  const controller = new AbortController();
  // Every upstream call of the request listens to it (an inbox page with previews: 21).
  setMaxListeners(1000, controller.signal);
  const onClientGone = () => controller.abort(clientSignal?.reason);
  const timer = setTimeout(
    () => controller.abort(new DOMException('The request deadline passed', 'TimeoutError')),
    timeoutMs,
  );
  timer.unref();
  if (clientSignal?.aborted) onClientGone();
  else clientSignal?.addEventListener('abort', onClientGone, { once: true });
  let released = false;
  return Object.assign(controller.signal, {
    release: () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      clientSignal?.removeEventListener('abort', onClientGone);
    },
  });
}
