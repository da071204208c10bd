import type { HubSpotClient } from './hubspot/client.ts';

/** Upstream cost of one GraphQL request, reported in the response's `extensions.cost`. */
export interface CostTracker {
  /** Estimated upstream calls, computed from the operation before execution. */
  estimated: number | undefined;
  /** Upstream HTTP attempts actually made (retries included). */
  actual: number;
}

/**
 * The per-request GraphQL context. A new one per request, so every loader hanging off it
 * (Pothos' dataloader plugin keys its caches by the context object) lives for one request only.
 */
export interface GatewayContext {
  /** HubSpot client scoped to this request: its signal, deadline and call accounting. */
  hubspot: HubSpotClient;
  /** The token's identity for cross-request caches (a hash, never the token). */
  tokenKey: string;
  cost: CostTracker;
  /** Cancels the request's pending upstream work (client gone or deadline passed). */
  signal: AbortSignal;
  /** Upper bound for a connection's `first`. */
  maxPageSize: number;
}
