/**
 * An embedded, simulated HubSpot portal for tests and benchmarks: a real node:http server that
 * answers the Conversations read and write operations (v3, 2026-09 and 2026-09-beta path
 * families) and the CRM tickets batch read (v3 and 2026-09) from a deterministic, seeded data set
 * held in a mutable store (`sim.onChange` tells every change, in HubSpot's webhook vocabulary).
 *
 * Choices where HubSpot's reference documents nothing (the simulator's own, all listed here):
 * - `limit` absent → 100 (threads, messages, inboxes); above 500 → clamped to 500, or a 400 with
 *   `limitOver500: 'reject'`; not a positive integer → 400 VALIDATION_ERROR.
 * - Order of checks: 401 (missing/unknown token) → 429 (rate limit) → injected fault → 403
 *   (scope) → 404 (unknown path) → 400 (validation) → answer. 401s are not charged to any
 *   rate-limit bucket; every other request is, except 429s (real or injected), which do not use
 *   up the window or the daily budget. Every response carries the X-HubSpot-RateLimit-* headers.
 * - The daily budget only resets through `resetRateLimits()`.
 * - `GET /threads/{id}` and `GET /inboxes/{id}` treat `archived` like CRM reads: an archived
 *   object is found only with `archived=true`, and `archived=true` finds only archived ones. The
 *   message endpoints find a thread whatever its state and accept (validate, then ignore) `archived`.
 * - Cursors are base64url JSON of the last item's sort key, bound to the sort order; anything
 *   else in `after` is a 400 VALIDATION_ERROR.
 * - Batch reads (actors, tickets) return results in a deterministic but shuffled order, dedupe
 *   repeated ids, and answer 207 with one OBJECT_NOT_FOUND error (`numErrors: 1`) listing the
 *   missing ids. With `archived=true` no ticket is found (the data set has no archived ticket).
 * - Unknown query parameters are ignored and listed in `RecordedRequest.unknownQueryParams`.
 * - `RecordedRequest.status` stays 0 for requests never answered (`hang`, `reset`, closed).
 * - Writes: see write-handlers.ts (archived threads refuse messages, status changes and
 *   assignment with a 400; `archived=true` on PATCH addresses archived threads only; DELETE of an
 *   archived thread and DELETE assignee of an unassigned one are 204 no-ops; status and
 *   assignment changes add HubSpot's THREAD_STATUS_CHANGE / ASSIGNMENT system messages; only
 *   MESSAGEs move latestMessage*Timestamp). The token `sim-read-only-token` lacks
 *   `conversations.write` (403 MISSING_SCOPES on writes).
 */
export { encodeCursor } from './page-cursor.ts';
export type {
  ChannelId,
  DatasetOptions,
  FileUsageType,
  InboxType,
  SimActor,
  SimActorType,
  SimAssignmentMessage,
  SimAttachment,
  SimCallTranscript,
  SimChannelAccount,
  SimClient,
  SimComment,
  SimContact,
  SimConversationsMessage,
  SimInbox,
  SimMessage,
  SimMessageContent,
  SimMessageStatus,
  SimMessageType,
  SimRecipient,
  SimSender,
  SimThread,
  SimThreadInboxChange,
  SimThreadStatusChange,
  SimTicket,
  SimulatedDataset,
  SimWelcomeMessage,
  ThreadStatus,
  TruncationStatus,
} from './dataset.ts';
export { BASE_TIME, DEFAULT_SEED, DEFAULT_THREAD_COUNT, generateDataset } from './dataset.ts';
export {
  DEFAULT_LIMIT,
  MAX_BATCH_INPUTS,
  MAX_BATCH_INPUTS_WITH_HISTORY,
  MAX_LIMIT,
  SPEC_QUERY_PARAMS,
} from './handlers.ts';
export { OPERATION_SCOPES } from './routes.ts';
export {
  DEFAULT_RATE_LIMIT,
  DEFAULT_TOKEN,
  DEFAULT_TOKENS,
  READ_ONLY_TOKEN,
  startSimulator,
} from './server.ts';
export type {
  MessageEntry,
  NewMessage,
  NewThread,
  SimChange,
  SimChangeListener,
  Store,
  ThreadEntry,
} from './store.ts';
export { API_APP, MAX_TEXT_LENGTH } from './write-handlers.ts';
export type {
  FaultKind,
  FaultRule,
  RateLimitOptions,
  RecordedRequest,
  SimApiVersion,
  SimOperation,
  Simulator,
  SimulatorOptions,
} from './types.ts';
