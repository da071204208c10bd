import {
  type FieldNode,
  GraphQLInt,
  type GraphQLResolveInfo,
  GraphQLString,
  type GraphQLInputType,
  valueFromAST,
} from 'graphql';
import type { GatewayContext } from '../context.ts';
import { builder } from './builder.ts';
import {
  type ConnectionPlan,
  connectionArgsDescriptions,
  type ForwardArgs,
  firstPageRequest,
  forwardConnectionCost,
  planConnection,
  resolveForwardConnection,
} from './connection.ts';
import { cursorBinding } from './edge-cursor.ts';
import { loadersFor } from './loaders.ts';
import { Message } from './message.ts';
import { Thread } from './refs.ts';
import { selectedSubfields } from './selection.ts';
import { maxPageSizeOf } from './validation.ts';

/**
 * `Thread.messages`: the link between a thread and its history, in one place: the connection
 * type, the field, and the prefetch that lets a parent (`thread(id)`) start the field's first
 * page early.
 */
export const MessageConnection = builder.connectionObject(
  {
    type: Message,
    name: 'MessageConnection',
    description: 'A page of a thread’s messages, newest first (HubSpot’s order).',
    edgesNullable: { list: false, items: false },
    nodeNullable: false,
    edgesField: { description: 'The messages of this page, each with its resumable cursor.' },
  },
  {
    name: 'MessageEdge',
    description: 'One message and its position in the thread’s history.',
    nodeField: { description: 'The message.' },
  },
);

const MESSAGES_FIELD = 'messages';
/** The field's arguments and their GraphQL types (the prefetch reads them from the document). */
const MESSAGES_ARGS: Record<keyof ForwardArgs, GraphQLInputType> = {
  first: GraphQLInt,
  after: GraphQLString,
};

builder.objectField(Thread, MESSAGES_FIELD, (t) =>
  t.field({
    type: MessageConnection,
    nullable: true,
    description:
      'The thread’s message history, newest first (HubSpot’s order). Costs one listMessages call per thread and page (HubSpot has no batch read for messages); identical selections share it. Null when HubSpot no longer has the thread.',
    args: {
      first: t.arg.int({ description: connectionArgsDescriptions.first }),
      after: t.arg.string({ description: connectionArgsDescriptions.after }),
    },
    extensions: forwardConnectionCost,
    resolve: (thread, args, ctx) =>
      resolveThreadMessages(thread.id, args, ctx, thread.latestMessageTimestamp ?? null),
  }),
);

function messagesPlan(threadId: string, args: ForwardArgs, ctx: GatewayContext): ConnectionPlan {
  return planConnection(
    args,
    cursorBinding('messages', threadId, {}),
    maxPageSizeOf(ctx.maxPageSize),
  );
}

/**
 * Thread.messages: listMessages pages through the request's loader (one call per distinct page,
 * or none while the cross-request cache holds the page under the thread's
 * `latestMessageTimestamp`, as read in this request).
 */
function resolveThreadMessages(
  threadId: string,
  args: ForwardArgs,
  ctx: GatewayContext,
  latestMessageTimestamp: string | null,
) {
  const plan = messagesPlan(threadId, args, ctx);
  const loader = loadersFor(ctx).messagePage;
  return resolveForwardConnection(plan, async ({ after, limit }) => {
    const page = await loader.load({ threadId, after, limit, latestMessageTimestamp });
    return page && { results: page.results, nextAfter: page.paging?.next?.after };
  });
}

/** The `first` / `after` a `messages` field node asks for; undefined when one does not coerce. */
function messagesArgs(node: FieldNode, variables: Record<string, unknown>): ForwardArgs | undefined {
  const args: ForwardArgs = {};
  for (const argument of node.arguments ?? []) {
    const name = argument.name.value as keyof ForwardArgs;
    const type = MESSAGES_ARGS[name];
    if (!type) return undefined;
    const value = valueFromAST(argument.value, type, variables) as never;
    if (value === undefined) return undefined;
    args[name] = value;
  }
  return args;
}

/**
 * Starts the first listMessages call of every `messages` field selected below the current field
 * on a Thread, with the exact key `Thread.messages` will ask the loader for. A thread-detail
 * query thus costs one round trip (getThread and listMessages in parallel) instead of two.
 * Invalid arguments are left for the field itself to report.
 */
export function prefetchThreadMessages(
  threadId: string,
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
) {
  for (const node of selectedSubfields(info, Thread.name, MESSAGES_FIELD)) {
    const args = messagesArgs(node, info.variableValues);
    if (!args) continue;
    let plan: ConnectionPlan;
    try {
      plan = messagesPlan(threadId, args, ctx);
    } catch {
      continue;
    }
    // The field resolver awaits the same cached promise and reports its failure at its own path.
    loadersFor(ctx)
      .messagePage.load({ threadId, ...firstPageRequest(plan) })
      .catch(() => undefined);
  }
}
