import type { SimulatedDataset } from './dataset.ts';
import type { Store } from './store.ts';

export interface RateLimitOptions {
  /** Requests allowed per token in any rolling window of `intervalMs`. */
  max: number;
  intervalMs: number;
  /** Requests allowed per token until `resetRateLimits()` (HubSpot resets at the portal's midnight). */
  daily: number;
  /** When set, real 429s carry `Retry-After: <seconds>` (HubSpot documents none). */
  retryAfterSeconds?: number;
}

export interface SimulatorOptions {
  /** 0 = ephemeral. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seed?: number;
  /** Number of generated threads (default 580). */
  threadCount?: number;
  /** Default `{ 'sim-token': { scopes: ['conversations.read','conversations.write','tickets'] } }`. */
  tokens?: Record<string, { scopes: string[] }>;
  /** Added to every response, default 0. */
  latencyMs?: number;
  /** Default 100 requests / 10 000 ms, 250 000 a day. */
  rateLimit?: RateLimitOptions;
  /** What a `limit` above 500 does: clamp to 500 (default) or 400 VALIDATION_ERROR. */
  limitOver500?: 'clamp' | 'reject';
  /** Log one line per request to stdout, default false. */
  log?: boolean;
  /**
   * Keep only about this many of the latest requests in `requests` (the oldest are dropped in
   * batches of up to 1024), so a long-running simulator (`npm start`, benchmarks) does not grow
   * without bound. Default: keep every request.
   */
  maxRecordedRequests?: number;
}

export type SimOperation =
  | 'listThreads'
  | 'getThread'
  | 'listMessages'
  | 'getMessage'
  | 'getOriginalContent'
  | 'batchReadActors'
  | 'getActor'
  | 'listInboxes'
  | 'getInbox'
  | 'batchReadTickets'
  | 'createMessage'
  | 'updateThread'
  | 'archiveThread'
  | 'assignThread'
  | 'unassignThread'
  | 'unknown';

export type SimApiVersion = 'v3' | '2026-09' | '2026-09-beta' | 'crm-v3' | 'crm-2026-09';

export interface RecordedRequest {
  method: string;
  /** Pathname only. */
  path: string;
  /** Every query parameter, repeated ones kept in order. */
  query: Record<string, string[]>;
  /** Query parameter names that the operation's OpenAPI spec does not declare (HubSpot ignores them). */
  unknownQueryParams: string[];
  /** Parsed JSON body, or undefined (no body, or not valid JSON). */
  body: unknown;
  token: string | undefined;
  /** Status sent; 0 while unanswered (and forever for `hang` and `reset` faults). */
  status: number;
  /** Date.now() when received. */
  startedAt: number;
  operation: SimOperation;
  /** Path family; requests to unrecognised paths outside every family are recorded as 'v3'. */
  version: SimApiVersion;
}

export type FaultKind = 'status' | 'rate-limit' | 'daily-limit' | 'hang' | 'malformed' | 'reset';

export interface FaultRule {
  /** Match RecordedRequest.operation; absent = any. */
  operation?: string;
  /** Match a substring of the path. */
  pathIncludes?: string;
  kind: FaultKind;
  /** For 'status' (500, 502, 503, 504, 423, 477 ...); default 500. */
  status?: number;
  /** Adds Retry-After. */
  retryAfterSeconds?: number;
  /** How many matching requests it affects (default Infinity). */
  times?: number;
  /** 0..1, drawn from a PRNG seeded with the simulator seed, default 1. */
  probability?: number;
}

export interface Simulator {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The default valid token ('sim-token'). */
  token: string;
  data: SimulatedDataset;
  /** The mutable store behind the endpoints; the write functions below are its own. */
  store: Store;
  /** See Store: each keeps JSON and indexes true and raises a SimChange. */
  addMessage: Store['addMessage'];
  setStatus: Store['setStatus'];
  setAssignee: Store['setAssignee'];
  archive: Store['archive'];
  restore: Store['restore'];
  createThread: Store['createThread'];
  privacyDelete: Store['privacyDelete'];
  /** A delivery-status change on an existing MESSAGE (no SimChange: HubSpot sends no webhook). */
  setMessageStatus: Store['setMessageStatus'];
  /** Listens to every change the store makes (write endpoints and the functions above). */
  onChange: Store['onChange'];
  /**
   * Every request received, in order (including refused ones); only the latest ones when
   * `maxRecordedRequests` is set.
   */
  requests: RecordedRequest[];
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Clears `requests`. */
  resetRequests(): void;
  resetRateLimits(): void;
  /** Closes the server and every open (including hanging) socket. */
  close(): Promise<void>;
}
