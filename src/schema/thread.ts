import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { ListThreadsParams } from '../hubspot/client.ts';
import type { HubSpotThread } from '../hubspot/schemas.ts';
import { builder } from './builder.ts';
import {
  connectionArgsDescriptions,
  emptyConnection,
  type ForwardArgs,
  type ForwardConnection,
  forwardConnectionCost,
  planConnection,
  resolveForwardConnection,
} from './connection.ts';
import { type ConnectionKind, cursorBinding } from './edge-cursor.ts';
import { enumValues } from './enums.ts';
import { loaderCost, loadersFor } from './loaders.ts';
import { prefetchThreadMessages } from './thread-messages.ts';
import { Actor } from './actor.ts';
import { Contact } from './contact.ts';
import { Inbox } from './inbox.ts';
import { Thread, Ticket } from './refs.ts';
import { DateTime } from './scalars.ts';
import { ThreadStatus, threadStatusOf } from './thread-status.ts';
import { assertHubSpotId, badUserInput, isHubSpotId, maxPageSizeOf } from './validation.ts';


export const ThreadSortField = builder.enumType('ThreadSortField', {
  description: 'What thread lists can be ordered by (HubSpot offers no other order).',
  values: enumValues([
    ['ID', 'By thread id (HubSpot’s default order; oldest threads first when ascending).'],
    [
      'LATEST_MESSAGE_TIMESTAMP',
      'By the time of the latest message. Requires `filter.latestMessageTimestampAfter`.',
    ],
  ]),
});

export const SortDirection = builder.enumType('SortDirection', {
  description: 'Sort order.',
  values: enumValues([
    ['ASC', 'Ascending (HubSpot’s default).'],
    ['DESC', 'Descending. HubSpot allows it only together with `filter.associatedContactId`.'],
  ]),
});

export const ThreadFilter = builder.inputType('ThreadFilter', {
  description:
    'Which threads to list. Mirrors the filters of HubSpot’s threads endpoint, with its rules: `inboxId` and `associatedContactId` exclude each other, and `associatedContactId` needs `status`.',
  fields: (t) => ({
    inboxId: t.id({
      description:
        'Only threads of this inbox (one inbox; cannot be combined with `associatedContactId`).',
    }),
    associatedContactId: t.id({
      description:
        'Only threads of this CRM contact. Requires `status`; cannot be combined with `inboxId`.',
    }),
    associatedTicketId: t.id({ description: 'Only threads associated with this ticket.' }),
    status: t.field({ type: ThreadStatus, description: 'Only open or only closed threads.' }),
    archived: t.boolean({
      description:
        'true: only archived threads. false or absent: only threads that are not archived.',
    }),
    latestMessageTimestampAfter: t.field({
      type: DateTime,
      description: 'Only threads whose latest message is later than this instant.',
    }),
  }),
});

export const ThreadSort = builder.inputType('ThreadSort', {
  description: 'Order of a thread list. Omit it for HubSpot’s default (ID, ascending).',
  fields: (t) => ({
    field: t.field({ type: ThreadSortField, required: true, description: 'What to order by.' }),
    direction: t.field({
      type: SortDirection,
      defaultValue: 'ASC',
      description: 'Ascending (default) or descending (only with `filter.associatedContactId`).',
    }),
  }),
});

type ThreadFilterInput = typeof ThreadFilter.$inferInput;
type ThreadSortInput = typeof ThreadSort.$inferInput;

/** The HubSpot query a thread list maps to; every documented rule is checked here, before any call. */
export function threadListQuery(
  filter: ThreadFilterInput | null | undefined,
  sort: ThreadSortInput | null | undefined,
): ListThreadsParams {
  const query: ListThreadsParams = {};
  if (filter?.inboxId != null) query.inboxId = assertHubSpotId(filter.inboxId, 'filter.inboxId');
  if (filter?.associatedContactId != null) {
    query.associatedContactId = assertHubSpotId(
      filter.associatedContactId,
      'filter.associatedContactId',
    );
  }
  if (filter?.associatedTicketId != null) {
    query.associatedTicketId = assertHubSpotId(
      filter.associatedTicketId,
      'filter.associatedTicketId',
    );
  }
  if (filter?.status != null) query.threadStatus = filter.status;
  if (filter?.archived != null) query.archived = filter.archived;
  if (filter?.latestMessageTimestampAfter != null) {
    query.latestMessageTimestampAfter = filter.latestMessageTimestampAfter;
  }
  if (query.inboxId !== undefined && query.associatedContactId !== undefined) {
    throw badUserInput(
      'HubSpot cannot filter by `inboxId` and `associatedContactId` together: remove one of them from `filter`.',
    );
  }
  if (query.associatedContactId !== undefined && query.threadStatus === undefined) {
    throw badUserInput(
      'HubSpot requires `filter.status` (OPEN or CLOSED) whenever `filter.associatedContactId` is set: add it.',
    );
  }
  if (sort) {
    const field = sort.field === 'ID' ? 'id' : 'latestMessageTimestamp';
    const descending = sort.direction === 'DESC';
    if (field === 'latestMessageTimestamp' && query.latestMessageTimestampAfter === undefined) {
      throw badUserInput(
        'Sorting by LATEST_MESSAGE_TIMESTAMP requires `filter.latestMessageTimestampAfter`: add it (e.g. an instant far in the past to include every thread).',
      );
    }
    if (descending && query.associatedContactId === undefined) {
      throw badUserInput(
        'HubSpot sorts descending only within one contact’s threads: set `filter.associatedContactId` (and `filter.status`), or sort ASC.',
      );
    }
    // HubSpot's default order is id ascending: send `sort` only when it changes something.
    if (field !== 'id' || descending) query.sort = `${descending ? '-' : ''}${field}`;
  }
  return query;
}

/**
 * A thread list over listThreads, shared by Query.threads and Ticket.threads. The first page is
 * requested synchronously (before the first await), so a sibling `thread(id)` sees it in flight.
 */
export async function resolveThreadList(
  kind: Extract<ConnectionKind, 'threads' | 'ticket-threads'>,
  parentId: string | null,
  query: ListThreadsParams,
  args: ForwardArgs,
  ctx: GatewayContext,
): Promise<ForwardConnection<HubSpotThread>> {
  const plan = planConnection(
    args,
    cursorBinding(kind, parentId, { ...query }),
    maxPageSizeOf(ctx.maxPageSize),
  );
  const loaders = loadersFor(ctx);
  const connection = await resolveForwardConnection(plan, async ({ after, limit }) => {
    // association=TICKET makes Thread.ticket free; the loader primes the thread cache.
    const page = await loaders.listThreads({
      ...query,
      association: ['TICKET'],
      ...(after === undefined ? {} : { after }),
      limit,
    });
    return { results: page.results, nextAfter: page.paging?.next?.after };
  });
  // listThreads never answers "no such parent": a missing ticket simply has no threads.
  return connection ?? emptyConnection();
}

Thread.implement({
  description:
    'A HubSpot conversation thread: the conversation with one contact or visitor over one channel. Lists and lookups always include the ticket association, so `ticket` costs nothing.',
  // One federation reference (`_entities`) loads the thread.
  extensions: loaderCost.thread,
  fields: (t) => ({
    id: t.exposeID('id', { description: 'HubSpot thread id, e.g. "176347007".' }),
    status: t.field({
      type: ThreadStatus,
      description: 'OPEN or CLOSED. A state HubSpot adds later reads as OPEN (see `rawStatus`).',
      resolve: (thread) => threadStatusOf(thread.status),
    }),
    rawStatus: t.string({
      resolve: (o) => o.status,
      description: 'HubSpot’s status string, as received.',
    }),
    createdAt: t.expose('createdAt', {
      type: DateTime,
      description: 'When the thread started.',
    }),
    closedAt: t.expose('closedAt', {
      type: DateTime,
      nullable: true,
      description: 'When the thread was closed; null while open.',
    }),
    inboxId: t.exposeID('inboxId', { description: 'Id of the inbox the thread is in.' }),
    inbox: t.field({
      type: Inbox,
      nullable: true,
      description:
        'The inbox the thread is in. All inboxes are read once per request (one listInboxes call), however many threads ask.',
      extensions: loaderCost.inboxes,
      resolve: async (thread, _args, ctx) =>
        (await loadersFor(ctx).inboxes()).byId.get(thread.inboxId) ?? null,
    }),
    associatedContactId: t.exposeID('associatedContactId', {
      description:
        'CRM contact id of the visitor, or a visitor id when HubSpot has not created the contact yet.',
    }),
    associatedContact: t.field({
      type: Contact,
      description:
        'The CRM contact behind `associatedContactId`, as an entity reference: free here (no upstream call). In the company supergraph the CRM subgraph resolves its fields; the id may be a visitor id the CRM does not know, whose CRM fields are then null.',
      resolve: (thread) => ({ id: thread.associatedContactId }),
    }),
    assignedTo: t.exposeID('assignedTo', {
      nullable: true,
      description: 'Actor id of the assignee, e.g. A-2620022.',
    }),
    assignee: t.field({
      type: Actor,
      nullable: true,
      description:
        'The assignee as an actor (batched: one actors batch-read call per 100 ids per request).',
      extensions: loaderCost.actor,
      resolve: (thread, _args, ctx) =>
        thread.assignedTo ? loadersFor(ctx).actor.load(thread.assignedTo) : null,
    }),
    originalChannelId: t.exposeID('originalChannelId', {
      description: 'Channel the thread started on (1000 live chat, 1002 email, …).',
    }),
    originalChannelAccountId: t.exposeID('originalChannelAccountId', {
      description: 'Channel account the thread started on.',
    }),
    latestMessageTimestamp: t.expose('latestMessageTimestamp', {
      type: DateTime,
      nullable: true,
      description: 'When the latest message was sent or received.',
    }),
    latestMessageSentTimestamp: t.expose('latestMessageSentTimestamp', {
      type: DateTime,
      nullable: true,
      description: 'When the latest outgoing message was sent.',
    }),
    latestMessageReceivedTimestamp: t.expose('latestMessageReceivedTimestamp', {
      type: DateTime,
      nullable: true,
      description: 'When the latest incoming message was received.',
    }),
    spam: t.exposeBoolean('spam', {
      description: 'Whether HubSpot marked the thread as spam.',
    }),
    archived: t.exposeBoolean('archived', {
      description: 'Whether the thread is archived (in the trash).',
    }),
    ticket: t.field({
      type: Ticket,
      nullable: true,
      description: 'The ticket this thread is associated with, if any.',
      resolve: (thread) => {
        const id = thread.threadAssociations?.associatedTicketId;
        return id === undefined ? null : { id };
      },
    }),
  }),
});

export const ThreadConnection = builder.connectionObject(
  {
    type: Thread,
    name: 'ThreadConnection',
    description: 'A page of threads in HubSpot’s order, forward-paginated.',
    edgesNullable: { list: false, items: false },
    nodeNullable: false,
    edgesField: { description: 'The threads of this page, each with its resumable cursor.' },
  },
  {
    name: 'ThreadEdge',
    description: 'One thread and its position in the list.',
    nodeField: { description: 'The thread.' },
  },
);

/** Loads a thread by id (null on 404), starting its selected `messages` pages in parallel. */
export function loadThread(id: string, ctx: GatewayContext, info: GraphQLResolveInfo) {
  prefetchThreadMessages(id, ctx, info);
  return loadersFor(ctx).thread.load(id);
}

builder.queryFields((t) => ({
  threads: t.field({
    type: ThreadConnection,
    description:
      'Threads across the portal’s inboxes, forward-paginated over HubSpot’s paging cursor. One listThreads call per page (first ≤ 500).',
    args: {
      first: t.arg.int({ description: connectionArgsDescriptions.first }),
      after: t.arg.string({ description: connectionArgsDescriptions.after }),
      filter: t.arg({
        type: ThreadFilter,
        description: 'Which threads to list; all non-archived threads when omitted.',
      }),
      sort: t.arg({
        type: ThreadSort,
        description: 'Order of the list; id ascending when omitted.',
      }),
    },
    extensions: forwardConnectionCost,
    resolve: (_root, args, ctx) => {
      const query = threadListQuery(args.filter, args.sort);
      return resolveThreadList('threads', null, query, args, ctx);
    },
  }),
  thread: t.field({
    type: Thread,
    nullable: true,
    description:
      'One thread by its HubSpot id; null when HubSpot has no such thread. Free when the thread was already listed in the same request; otherwise one getThread call, made in parallel with the first page of its selected `messages`.',
    args: { id: t.arg.id({ required: true, description: 'HubSpot thread id (decimal digits).' }) },
    extensions: loaderCost.thread,
    resolve: (_root, { id }, ctx, info) => loadThread(assertHubSpotId(id, 'id'), ctx, info),
  }),
}));

builder.asEntity(Thread, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, ctx, info) =>
    isHubSpotId(id) ? loadThread(id, ctx, info) : null,
});
