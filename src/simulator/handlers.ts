/** One function per HubSpot operation: (store, request) → Reply. No I/O here. */
import { decodeCursor, encodeCursor } from './page-cursor.ts';
import type { SimConversationsMessage, SimInbox, SimMessageContent, SimTicket } from './dataset.ts';
import { notFound, type Reply, validationError } from './errors.ts';
import type { MessageEntry, Store, ThreadEntry, ThreadIndex } from './store.ts';
import type { SimOperation } from './types.ts';

/** Page size when `limit` is absent (HubSpot documents none; its own CLI uses 100). */
export const DEFAULT_LIMIT = 100;
/** HubSpot's documented maximum page size for threads. */
export const MAX_LIMIT = 500;
export const MAX_BATCH_INPUTS = 100;
export const MAX_BATCH_INPUTS_WITH_HISTORY = 50;

/** Query parameters each operation's OpenAPI spec declares; anything else is recorded as unknown. */
export const SPEC_QUERY_PARAMS: Record<SimOperation, readonly string[]> = {
  listThreads: [
    'after',
    'archived',
    'associatedContactId',
    'associatedTicketId',
    'association',
    'inboxId',
    'latestMessageTimestampAfter',
    'limit',
    'property',
    'sort',
    'threadStatus',
  ],
  getThread: ['archived', 'association', 'property'],
  listMessages: ['after', 'archived', 'limit', 'property', 'sort'],
  getMessage: ['property'],
  getOriginalContent: ['property'],
  batchReadActors: ['property'],
  getActor: ['property'],
  listInboxes: ['after', 'archived', 'defaultPageLength', 'limit', 'sort'],
  getInbox: ['archived'],
  batchReadTickets: ['archived'],
  createMessage: [],
  updateThread: ['archived'],
  archiveThread: [],
  assignThread: [],
  unassignThread: [],
  unknown: [],
};

export interface HandlerOptions {
  limitOver500: 'clamp' | 'reject';
}

export interface RequestContext {
  /** Decoded path parameters, in path order. */
  params: string[];
  query: Record<string, string[]>;
  body: unknown;
  /** `http://host:port` as the client addressed us, for `paging.next.link`. */
  origin: string;
  pathname: string;
  /** Raw query string without `?`. */
  search: string;
}

// ---------------------------------------------------------------------------------------------
// Parameter parsing
// ---------------------------------------------------------------------------------------------

const NUMERIC_ID = /^\d{1,19}$/;
const first = (values: string[] | undefined): string | undefined => values?.[0];

function parseLimit(values: string[] | undefined, options: HandlerOptions): number | Reply {
  const raw = first(values);
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    return validationError(`Invalid limit '${raw}': must be a positive integer`);
  }
  const limit = Number(raw);
  if (limit <= MAX_LIMIT) return limit;
  if (options.limitOver500 === 'reject') {
    return validationError(`limit must be less than or equal to ${MAX_LIMIT}`);
  }
  return MAX_LIMIT;
}

function parseBoolean(values: string[] | undefined, name: string): boolean | Reply {
  const raw = first(values);
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return validationError(`Invalid value '${raw}' for query parameter ${name}: expected a boolean`);
}

function checkNumericIds(
  query: Record<string, string[]>,
  names: readonly string[],
): Reply | undefined {
  for (const name of names) {
    for (const value of query[name] ?? []) {
      if (!NUMERIC_ID.test(value)) {
        return validationError(
          `Invalid value '${value}' for query parameter ${name}: expected an integer`,
        );
      }
    }
  }
  return undefined;
}

function parseAssociation(values: string[] | undefined): boolean | Reply {
  let withTicket = false;
  for (const value of values ?? []) {
    if (value !== 'TICKET') {
      return validationError(
        `Invalid value '${value}' for query parameter association: expected TICKET`,
      );
    }
    withTicket = true;
  }
  return withTicket;
}

function parseTimestamp(raw: string, name: string): number | Reply {
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (Number.isNaN(ms)) {
    return validationError(
      `Invalid value '${raw}' for query parameter ${name}: expected a date-time`,
    );
  }
  return ms;
}

const isReply = (value: unknown): value is Reply =>
  typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

// ---------------------------------------------------------------------------------------------
// Paging
// ---------------------------------------------------------------------------------------------

type Key = readonly number[];

function compareKey(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** Walks `sorted` from just past the cursor key, keeping up to `limit` items matching `pred`. */
function paginate<T>(
  sorted: readonly T[],
  keyOf: (item: T) => Key,
  after: Key | undefined,
  descending: boolean,
  pred: ((item: T) => boolean) | undefined,
  limit: number,
): { items: T[]; more: boolean } {
  const items: T[] = [];
  // lo = first index whose key is > after (ascending) or >= after (descending).
  let lo = 0;
  let hi = sorted.length;
  if (after) {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareKey(keyOf(sorted[mid]!), after);
      if (c < 0 || (c === 0 && !descending)) lo = mid + 1;
      else hi = mid;
    }
  }
  if (!descending) {
    for (let i = after ? lo : 0; i < sorted.length; i++) {
      const item = sorted[i]!;
      if (pred && !pred(item)) continue;
      if (items.length === limit) return { items, more: true };
      items.push(item);
    }
  } else {
    for (let i = after ? lo - 1 : sorted.length - 1; i >= 0; i--) {
      const item = sorted[i]!;
      if (pred && !pred(item)) continue;
      if (items.length === limit) return { items, more: true };
      items.push(item);
    }
  }
  return { items, more: false };
}

function nextLink(ctx: RequestContext, after: string): string {
  const params = new URLSearchParams(ctx.search);
  params.set('after', after);
  return `${ctx.origin}${ctx.pathname}?${params.toString()}`;
}

function pagedBody(ctx: RequestContext, parts: string[], next: string | undefined, total?: number) {
  let body = total === undefined ? '{"results":[' : `{"total":${total},"results":[`;
  body += parts.join(',');
  body += ']';
  if (next !== undefined) {
    body += `,"paging":{"next":{"after":${JSON.stringify(next)},"link":${JSON.stringify(nextLink(ctx, next))}}}`;
  }
  return `${body}}`;
}

function readAfter(
  query: Record<string, string[]>,
  tag: string,
  arity: number,
): Key | undefined | Reply {
  const raw = first(query.after);
  if (raw === undefined || raw === '') return undefined;
  return (
    decodeCursor(raw, tag, arity) ?? validationError(`Invalid paging cursor in 'after': ${raw}`)
  );
}

const ok = (body: string, status = 200): Reply => ({ status, body });

// ---------------------------------------------------------------------------------------------
// Threads
// ---------------------------------------------------------------------------------------------

const THREAD_SORT = /^-?(id|latestMessageTimestamp)$/;
const threadIdKey = (e: ThreadEntry): Key => [e.idNum];
const threadLmtKey = (e: ThreadEntry): Key => [e.lmt, e.idNum];

export function listThreads(store: Store, ctx: RequestContext, options: HandlerOptions): Reply {
  const q = ctx.query;
  const limit = parseLimit(q.limit, options);
  if (isReply(limit)) return limit;
  const inboxIds = q.inboxId ?? [];
  if (inboxIds.length > 1)
    return validationError('Only one inboxId filter is allowed for this query');
  const badId = checkNumericIds(q, ['inboxId', 'associatedContactId', 'associatedTicketId']);
  if (badId) return badId;
  const inboxId = inboxIds[0];
  const contactId = first(q.associatedContactId);
  const ticketId = first(q.associatedTicketId);
  const archived = parseBoolean(q.archived, 'archived');
  if (isReply(archived)) return archived;
  const threadStatus = first(q.threadStatus);
  if (threadStatus !== undefined && threadStatus !== 'OPEN' && threadStatus !== 'CLOSED') {
    return validationError(
      `Invalid value '${threadStatus}' for query parameter threadStatus: expected OPEN or CLOSED`,
    );
  }
  const withTicket = parseAssociation(q.association);
  if (isReply(withTicket)) return withTicket;
  if (contactId !== undefined && inboxId !== undefined) {
    return validationError('associatedContactId cannot be used in conjunction with inboxId');
  }
  if (contactId !== undefined && threadStatus === undefined) {
    return validationError('threadStatus must be provided when filtering by associatedContactId');
  }
  for (const value of q.sort ?? []) {
    if (!THREAD_SORT.test(value)) {
      return validationError(
        `Invalid sort '${value}': valid values are id and latestMessageTimestamp`,
      );
    }
  }
  const sort = first(q.sort) ?? 'id';
  const byLmt = sort.endsWith('latestMessageTimestamp');
  const lmtRaw = first(q.latestMessageTimestampAfter);
  const lmtAfter =
    lmtRaw === undefined ? undefined : parseTimestamp(lmtRaw, 'latestMessageTimestampAfter');
  if (isReply(lmtAfter)) return lmtAfter;
  if (byLmt && lmtAfter === undefined) {
    return validationError(
      'Sorting by latestMessageTimestamp requires latestMessageTimestampAfter to be set',
    );
  }
  // HubSpot: descending order only when filtering by associatedContactId; otherwise ascending.
  const descending = sort.startsWith('-') && contactId !== undefined;
  const tag = `threads:${descending ? '-' : ''}${byLmt ? 'latestMessageTimestamp' : 'id'}`;
  const after = readAfter(q, tag, byLmt ? 2 : 1);
  if (isReply(after)) return after;

  let index: ThreadIndex | undefined;
  let filterInbox = inboxId;
  let filterContact = contactId;
  let filterTicket = ticketId;
  if (ticketId !== undefined) {
    index = store.threadIndex(archived, 'ticket', ticketId);
    filterTicket = undefined;
  } else if (contactId !== undefined) {
    index = store.threadIndex(archived, 'contact', contactId);
    filterContact = undefined;
  } else if (inboxId !== undefined) {
    index = store.threadIndex(archived, 'inbox', inboxId);
    filterInbox = undefined;
  } else {
    index = store.threadIndex(archived, 'all');
  }
  if (!index) return ok('{"results":[]}');

  const filtered =
    threadStatus !== undefined ||
    filterInbox !== undefined ||
    filterContact !== undefined ||
    filterTicket !== undefined ||
    lmtAfter !== undefined;
  const pred = filtered
    ? (e: ThreadEntry) =>
        (threadStatus === undefined || e.thread.status === threadStatus) &&
        (filterInbox === undefined || e.thread.inboxId === filterInbox) &&
        (filterContact === undefined || e.thread.associatedContactId === filterContact) &&
        (filterTicket === undefined || e.ticketId === filterTicket) &&
        (lmtAfter === undefined || (e.lmt >= 0 && e.lmt > lmtAfter))
    : undefined;
  const keyOf = byLmt ? threadLmtKey : threadIdKey;
  const page = paginate(byLmt ? index.byLmt : index.byId, keyOf, after, descending, pred, limit);
  const parts = page.items.map((e) => (withTicket ? e.jsonWithTicket : e.json));
  const last = page.items[page.items.length - 1];
  const next = page.more && last ? encodeCursor(tag, keyOf(last)) : undefined;
  return ok(pagedBody(ctx, parts, next));
}

function threadIdParam(raw: string): Reply | undefined {
  return NUMERIC_ID.test(raw)
    ? undefined
    : validationError(`Invalid value '${raw}' for path parameter threadId: expected an integer`);
}

export function getThread(store: Store, ctx: RequestContext): Reply {
  const threadId = ctx.params[0]!;
  const bad = threadIdParam(threadId);
  if (bad) return bad;
  const archived = parseBoolean(ctx.query.archived, 'archived');
  if (isReply(archived)) return archived;
  const withTicket = parseAssociation(ctx.query.association);
  if (isReply(withTicket)) return withTicket;
  const entry = store.threadById.get(threadId);
  // Like CRM reads, `archived=true` addresses archived threads only, and only it reaches them.
  if (!entry || entry.thread.archived !== archived) return notFound(`Thread ${threadId} not found`);
  return ok(withTicket ? entry.jsonWithTicket : entry.json);
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

const MESSAGE_SORT = /^-?createdAt$/;
const messageKey = (e: MessageEntry): Key => [e.createdMs, e.pos];

function findThread(store: Store, threadId: string): ThreadEntry | Reply {
  const bad = threadIdParam(threadId);
  if (bad) return bad;
  return store.threadById.get(threadId) ?? notFound(`Thread ${threadId} not found`);
}

export function listMessages(store: Store, ctx: RequestContext, options: HandlerOptions): Reply {
  const threadId = ctx.params[0]!;
  const thread = findThread(store, threadId);
  if (isReply(thread)) return thread;
  const q = ctx.query;
  const limit = parseLimit(q.limit, options);
  if (isReply(limit)) return limit;
  // Accepted and validated; messages carry their thread's state, so it selects nothing here.
  const archived = parseBoolean(q.archived, 'archived');
  if (isReply(archived)) return archived;
  for (const value of q.sort ?? []) {
    if (!MESSAGE_SORT.test(value)) {
      return validationError(`Invalid sort '${value}': valid values are createdAt and -createdAt`);
    }
  }
  const descending = (first(q.sort) ?? '-createdAt').startsWith('-');
  const tag = descending ? 'messages:-createdAt' : 'messages:createdAt';
  const after = readAfter(q, tag, 2);
  if (isReply(after)) return after;
  const messages = store.messagesByThread.get(threadId) ?? [];
  const page = paginate(messages, messageKey, after, descending, undefined, limit);
  const last = page.items[page.items.length - 1];
  const next = page.more && last ? encodeCursor(tag, messageKey(last)) : undefined;
  return ok(
    pagedBody(
      ctx,
      page.items.map((e) => e.json),
      next,
    ),
  );
}

function findMessage(store: Store, ctx: RequestContext): MessageEntry | Reply {
  const threadId = ctx.params[0]!;
  const messageId = ctx.params[1]!;
  const thread = findThread(store, threadId);
  if (isReply(thread)) return thread;
  return (
    store.messageByKey.get(`${threadId}/${messageId}`) ??
    notFound(`Message ${messageId} not found in thread ${threadId}`)
  );
}

export function getMessage(store: Store, ctx: RequestContext): Reply {
  const entry = findMessage(store, ctx);
  return isReply(entry) ? entry : ok(entry.json);
}

export function getOriginalContent(store: Store, ctx: RequestContext): Reply {
  const entry = findMessage(store, ctx);
  if (isReply(entry)) return entry;
  const full = store.data.originalContent.get(entry.message.id);
  if (full) return ok(JSON.stringify(full));
  const content: Partial<SimMessageContent> = {};
  const message = entry.message as Partial<SimConversationsMessage>;
  if (typeof message.text === 'string') content.text = message.text;
  if (typeof message.richText === 'string') content.richText = message.richText;
  return ok(JSON.stringify(content));
}

// ---------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------

function batchEnvelope(results: string[], missing: string[], what: string, startedAt: string) {
  let body = `{"status":"COMPLETE","results":[${results.join(',')}]`;
  if (missing.length > 0) {
    const error = {
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message: `Could not get some ${what} objects, they may be deleted or not exist. Check that ids are valid.`,
      context: { ids: missing },
    };
    body += `,"numErrors":1,"errors":[${JSON.stringify(error)}]`;
  }
  body += `,"startedAt":"${startedAt}","completedAt":"${new Date().toISOString()}"}`;
  return ok(body, missing.length > 0 ? 207 : 200);
}

function batchTooLarge(count: number, max: number): Reply {
  return validationError(
    `The maximum number of inputs supported in a batch request is ${max}; got ${count}`,
  );
}

export function batchReadActors(store: Store, ctx: RequestContext): Reply {
  const startedAt = new Date().toISOString();
  const body = ctx.body as { inputs?: unknown } | undefined;
  const inputs = body && typeof body === 'object' ? body.inputs : undefined;
  if (!Array.isArray(inputs) || !inputs.every((id) => typeof id === 'string')) {
    return validationError('Invalid input: `inputs` must be an array of actor id strings');
  }
  if (inputs.length > MAX_BATCH_INPUTS) return batchTooLarge(inputs.length, MAX_BATCH_INPUTS);
  const ids = [...new Set(inputs as string[])];
  const found = ids.filter((id) => store.actorJson.has(id));
  const missing = ids.filter((id) => !store.actorJson.has(id));
  // Results come back in an arbitrary (but deterministic) order, as HubSpot's do.
  found.sort((a, b) => store.shuffleKey(a) - store.shuffleKey(b));
  return batchEnvelope(
    found.map((id) => store.actorJson.get(id)!),
    missing,
    'ACTOR',
    startedAt,
  );
}

export function getActor(store: Store, ctx: RequestContext): Reply {
  const actorId = ctx.params[0]!;
  const json = store.actorJson.get(actorId);
  return json === undefined ? notFound(`Actor ${actorId} not found`) : ok(json);
}

// ---------------------------------------------------------------------------------------------
// Inboxes
// ---------------------------------------------------------------------------------------------

const INBOX_SORT = /^-?(id|name|createdAt|updatedAt)$/;

export function listInboxes(store: Store, ctx: RequestContext, options: HandlerOptions): Reply {
  const q = ctx.query;
  const limit = parseLimit(q.limit, options);
  if (isReply(limit)) return limit;
  const archived = parseBoolean(q.archived, 'archived');
  if (isReply(archived)) return archived;
  for (const value of q.sort ?? []) {
    if (!INBOX_SORT.test(value)) return validationError(`Invalid sort '${value}'`);
  }
  const sort = first(q.sort) ?? 'id';
  const after = readAfter(q, `inboxes:${sort}`, 1);
  if (isReply(after)) return after;
  const inboxes = store.inboxes.filter((inbox) => inbox.archived === archived);
  const field = sort.replace(/^-/, '') as 'id' | 'name' | 'createdAt' | 'updatedAt';
  if (field !== 'id') {
    inboxes.sort(
      (a: SimInbox, b: SimInbox) => a[field].localeCompare(b[field]) || Number(a.id) - Number(b.id),
    );
  }
  if (sort.startsWith('-')) inboxes.reverse();
  const offset = after ? after[0]! : 0;
  const page = inboxes.slice(offset, offset + limit);
  const next =
    offset + limit < inboxes.length ? encodeCursor(`inboxes:${sort}`, [offset + limit]) : undefined;
  return ok(
    pagedBody(
      ctx,
      page.map((inbox) => store.inboxJson.get(inbox.id)!),
      next,
      inboxes.length,
    ),
  );
}

export function getInbox(store: Store, ctx: RequestContext): Reply {
  const inboxId = ctx.params[0]!;
  if (!NUMERIC_ID.test(inboxId)) {
    return validationError(
      `Invalid value '${inboxId}' for path parameter inboxId: expected an integer`,
    );
  }
  const archived = parseBoolean(ctx.query.archived, 'archived');
  if (isReply(archived)) return archived;
  const json = store.inboxJson.get(inboxId);
  const inbox = store.inboxes.find((i) => i.id === inboxId);
  if (json === undefined || !inbox || inbox.archived !== archived) {
    return notFound(`Inbox ${inboxId} not found`);
  }
  return ok(json);
}

// ---------------------------------------------------------------------------------------------
// CRM tickets
// ---------------------------------------------------------------------------------------------

const DEFAULT_TICKET_PROPERTIES = [
  'content',
  'hs_pipeline',
  'hs_pipeline_stage',
  'hs_ticket_category',
  'hs_ticket_priority',
  'subject',
];
const ALWAYS_TICKET_PROPERTIES = ['createdate', 'hs_lastmodifieddate', 'hs_object_id'];

function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return undefined;
  return value as string[];
}

function ticketJson(ticket: SimTicket, properties: string[], withHistory: string[]): string {
  const names = [
    ...new Set([
      ...(properties.length ? properties : DEFAULT_TICKET_PROPERTIES),
      ...ALWAYS_TICKET_PROPERTIES,
    ]),
  ]
    .filter((name) => name in ticket.properties)
    .sort();
  const props: Record<string, string | null> = {};
  for (const name of names) props[name] = ticket.properties[name] ?? null;
  const result: Record<string, unknown> = { id: ticket.id, properties: props };
  if (withHistory.length > 0) {
    const history: Record<string, unknown[]> = {};
    for (const name of withHistory) {
      if (!(name in ticket.properties)) continue;
      history[name] = [
        {
          value: ticket.properties[name] ?? '',
          timestamp: ticket.updatedAt,
          sourceType: 'CONVERSATIONS',
        },
      ];
    }
    result.propertiesWithHistory = history;
  }
  result.createdAt = ticket.createdAt;
  result.updatedAt = ticket.updatedAt;
  result.archived = ticket.archived;
  return JSON.stringify(result);
}

export function batchReadTickets(store: Store, ctx: RequestContext): Reply {
  const startedAt = new Date().toISOString();
  const archived = parseBoolean(ctx.query.archived, 'archived');
  if (isReply(archived)) return archived;
  const body = ctx.body as
    { inputs?: unknown; properties?: unknown; propertiesWithHistory?: unknown } | undefined;
  if (!body || typeof body !== 'object' || !Array.isArray(body.inputs)) {
    return validationError('Invalid input: `inputs` must be an array of {"id": "..."} objects');
  }
  const ids: string[] = [];
  for (const input of body.inputs as unknown[]) {
    const id = input && typeof input === 'object' ? (input as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' && typeof id !== 'number') {
      return validationError('Invalid input: `inputs` must be an array of {"id": "..."} objects');
    }
    ids.push(String(id));
  }
  if (ids.length > MAX_BATCH_INPUTS) return batchTooLarge(ids.length, MAX_BATCH_INPUTS);
  const properties = stringList(body.properties);
  const withHistory = stringList(body.propertiesWithHistory);
  if (!properties || !withHistory) {
    return validationError(
      'Invalid input: `properties` and `propertiesWithHistory` must be string arrays',
    );
  }
  if (withHistory.length > 0 && ids.length > MAX_BATCH_INPUTS_WITH_HISTORY) {
    return validationError(
      `The maximum number of inputs supported in a batch request for property histories is ${MAX_BATCH_INPUTS_WITH_HISTORY}`,
    );
  }
  const unique = [...new Set(ids)];
  const found: SimTicket[] = [];
  const missing: string[] = [];
  for (const id of unique) {
    const ticket = store.data.ticketById.get(id);
    if (ticket && ticket.archived === archived) found.push(ticket);
    else missing.push(id);
  }
  found.sort((a, b) => store.shuffleKey(a.id) - store.shuffleKey(b.id));
  return batchEnvelope(
    found.map((t) => ticketJson(t, properties, withHistory)),
    missing,
    'TICKET',
    startedAt,
  );
}
