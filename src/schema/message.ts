import { type GraphQLResolveInfo, getArgumentValues, isObjectType } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { HubSpotMessage } from '../hubspot/schemas.ts';
import { builder } from './builder.ts';
import {
  type ConnectionPlan,
  type ForwardArgs,
  firstPageRequest,
  planConnection,
  resolveForwardConnection,
} from './connection.ts';
import { cursorBinding } from './cursor.ts';
import { enumValues, knownOr } from './enums.ts';
import { loaderCost, loadersFor } from './loaders.ts';
import { MessageClient, MessageStatus } from './message-parts.ts';
import {
  ActorRef,
  AttachmentRef,
  InboxRef,
  MessageRecipientRef,
  MessageRef,
  MessageSenderRef,
} from './refs.ts';
import { DateTime } from './scalars.ts';
import { selectedSubfields } from './selection.ts';
import { ThreadStatus } from './thread-status.ts';
import { maxPageSizeOf } from './validation.ts';

type MessageTypeName =
  | 'ChannelMessage'
  | 'ThreadComment'
  | 'WelcomeMessage'
  | 'AssignmentChange'
  | 'ThreadStatusChange'
  | 'ThreadInboxChange'
  | 'UnknownMessage';

const DIRECTIONS = ['INCOMING', 'OUTGOING'] as const;
const THREAD_STATUSES = ['OPEN', 'CLOSED'] as const;
const TRUNCATION_STATUSES = [
  'NOT_TRUNCATED',
  'TRUNCATED',
  'TRUNCATED_TO_MOST_RECENT_REPLY',
] as const;

/**
 * The GraphQL type of a HubSpot message: by `type`, except that a message lacking a value its
 * type declares non-null (e.g. a MESSAGE with a direction this schema does not know) is served as
 * UnknownMessage, so a HubSpot change can never null a whole message list.
 */
export function messageTypeName(m: HubSpotMessage): MessageTypeName {
  switch (m.type) {
    case 'MESSAGE':
      return knownOr(DIRECTIONS, m.direction, null) !== null &&
        m.channelId !== undefined &&
        m.channelAccountId !== undefined
        ? 'ChannelMessage'
        : 'UnknownMessage';
    case 'COMMENT':
      return 'ThreadComment';
    case 'WELCOME_MESSAGE':
      return m.channelId !== undefined && m.channelAccountId !== undefined
        ? 'WelcomeMessage'
        : 'UnknownMessage';
    case 'ASSIGNMENT':
      return 'AssignmentChange';
    case 'THREAD_STATUS_CHANGE':
      return knownOr(THREAD_STATUSES, m.newStatus, null) === null
        ? 'UnknownMessage'
        : 'ThreadStatusChange';
    case 'THREAD_INBOX_CHANGE':
      return m.fromInboxId !== undefined && m.toInboxId !== undefined
        ? 'ThreadInboxChange'
        : 'UnknownMessage';
    default:
      return 'UnknownMessage';
  }
}

const MESSAGE_TYPE_OF: Record<MessageTypeName, string> = {
  ChannelMessage: 'MESSAGE',
  ThreadComment: 'COMMENT',
  WelcomeMessage: 'WELCOME_MESSAGE',
  AssignmentChange: 'ASSIGNMENT',
  ThreadStatusChange: 'THREAD_STATUS_CHANGE',
  ThreadInboxChange: 'THREAD_INBOX_CHANGE',
  UnknownMessage: 'UNKNOWN',
};

export const MessageType = builder.enumType('MessageType', {
  description: 'HubSpot’s message `type`.',
  values: enumValues([
    ['MESSAGE', 'A message received or sent over a channel: ChannelMessage.'],
    ['COMMENT', 'An internal note: ThreadComment.'],
    ['WELCOME_MESSAGE', 'The chat widget’s welcome message: WelcomeMessage.'],
    ['ASSIGNMENT', 'The thread was assigned or unassigned: AssignmentChange.'],
    ['THREAD_STATUS_CHANGE', 'The thread was opened or closed: ThreadStatusChange.'],
    ['THREAD_INBOX_CHANGE', 'The thread moved to another inbox: ThreadInboxChange.'],
    ['UNKNOWN', 'A type that HubSpot added after this schema was written.'],
  ]),
});

export const MessageDirection = builder.enumType('MessageDirection', {
  description: 'Whether a channel message came in from a visitor or went out from the portal.',
  values: enumValues([
    ['INCOMING', 'Received from the visitor or contact.'],
    ['OUTGOING', 'Sent by an agent, bot or integration.'],
  ]),
});

export const TruncationStatus = builder.enumType('TruncationStatus', {
  description:
    'Whether HubSpot cut the message body (it drops the quoted reply history of emails). The full body is `fullText` / `fullRichText`.',
  values: enumValues([
    ['NOT_TRUNCATED', 'The body is complete.'],
    ['TRUNCATED', 'The body was shortened.'],
    ['TRUNCATED_TO_MOST_RECENT_REPLY', 'Only the most recent reply of an email is kept.'],
  ]),
});

/** Absent → NOT_TRUNCATED (nothing says it was cut); a value this schema does not know → TRUNCATED. */
function truncationOf(m: HubSpotMessage): (typeof TRUNCATION_STATUSES)[number] {
  if (m.truncationStatus === undefined) return 'NOT_TRUNCATED';
  return knownOr(TRUNCATION_STATUSES, m.truncationStatus, 'TRUNCATED');
}

MessageRef.implement({
  description:
    'One entry of a thread’s history: a channel message, an internal comment or a thread event. Dispatch on `__typename`; types HubSpot adds later arrive as UnknownMessage.',
  resolveType: messageTypeName,
  fields: (t) => ({
    id: t.id({ resolve: (o) => o.id, description: 'HubSpot message id (32 hex characters).' }),
    type: t.field({
      type: MessageType,
      description: 'HubSpot’s message type; UNKNOWN for UnknownMessage.',
      resolve: (m) => MESSAGE_TYPE_OF[messageTypeName(m)] as 'UNKNOWN',
    }),
    threadId: t.id({
      resolve: (o) => o.conversationsThreadId,
      description: 'Id of the thread the message belongs to.',
    }),
    createdAt: t.field({
      type: DateTime,
      description: 'When the message was created.',
      resolve: (m) => m.createdAt,
    }),
    updatedAt: t.field({
      type: DateTime,
      nullable: true,
      description: 'When the message was last changed, if ever.',
      resolve: (m) => m.updatedAt,
    }),
    createdBy: t.id({
      resolve: (o) => o.createdBy,
      description: 'Actor id of the creator, e.g. V-1401.',
    }),
    creator: t.field({
      type: ActorRef,
      nullable: true,
      description:
        'The creator as an actor (batched: one actors batch-read call per 100 ids per request).',
      extensions: loaderCost.actor,
      resolve: (m, _args, ctx) => loadersFor(ctx).actor.load(m.createdBy),
    }),
    archived: t.boolean({
      resolve: (o) => o.archived,
      description: 'Whether the message is archived.',
    }),
    senders: t.field({
      type: [MessageSenderRef],
      description: 'Who sent the message (may be empty for thread events).',
      resolve: (m) => m.senders,
    }),
    recipients: t.field({
      type: [MessageRecipientRef],
      description: 'Who the message went to (may be empty).',
      resolve: (m) => m.recipients,
    }),
    client: t.field({
      type: MessageClient,
      nullable: true,
      description: 'What created the message.',
      resolve: (m) => m.client ?? null,
    }),
  }),
});

function messageObject(name: MessageTypeName) {
  return builder.objectRef<HubSpotMessage>(name);
}

async function originalContent(m: HubSpotMessage, ctx: GatewayContext) {
  if (truncationOf(m) === 'NOT_TRUNCATED') return null;
  return loadersFor(ctx).originalContent.load({
    threadId: m.conversationsThreadId,
    messageId: m.id,
  });
}

export const ChannelMessageObject = messageObject('ChannelMessage').implement({
  description:
    'HubSpot type MESSAGE: a message received or sent over a channel (chat, email, ...).',
  interfaces: [MessageRef],
  fields: (t) => ({
    text: t.string({
      nullable: true,
      description: 'Plain-text body (may be truncated: see `truncationStatus`).',
      resolve: (m) => m.text ?? null,
    }),
    richText: t.string({
      nullable: true,
      description: 'HTML body (may be truncated).',
      resolve: (m) => m.richText ?? null,
    }),
    subject: t.string({
      nullable: true,
      description: 'Subject line (email).',
      resolve: (m) => m.subject ?? null,
    }),
    direction: t.field({
      type: MessageDirection,
      description: 'Incoming from the visitor or outgoing from the portal.',
      resolve: (m) => knownOr(DIRECTIONS, m.direction, 'INCOMING'),
    }),
    truncationStatus: t.field({
      type: TruncationStatus,
      description:
        'Whether HubSpot cut the body. A value HubSpot adds later reads as TRUNCATED (so `fullText` fetches the original).',
      resolve: truncationOf,
    }),
    fullText: t.string({
      nullable: true,
      description:
        'The complete plain-text body. Costs one original-content call per truncated message, only when selected; for NOT_TRUNCATED messages it is `text`, at no cost.',
      extensions: loaderCost.originalContent,
      resolve: async (m, _args, ctx) => {
        const content = await originalContent(m, ctx);
        return content === null ? (m.text ?? null) : (content.text ?? null);
      },
    }),
    fullRichText: t.string({
      nullable: true,
      description:
        'The complete HTML body. Shares `fullText`’s original-content call (same cost rules).',
      extensions: loaderCost.originalContent,
      resolve: async (m, _args, ctx) => {
        const content = await originalContent(m, ctx);
        return content === null ? (m.richText ?? null) : (content.richText ?? null);
      },
    }),
    channelId: t.id({
      description: 'HubSpot channel id (1000 live chat, 1002 email, …).',
      resolve: (m) => m.channelId ?? '',
    }),
    channelAccountId: t.id({
      description: 'HubSpot channel account id.',
      resolve: (m) => m.channelAccountId ?? '',
    }),
    inReplyToId: t.id({
      nullable: true,
      description: 'Id of the message this one answers.',
      resolve: (m) => m.inReplyToId ?? null,
    }),
    status: t.field({
      type: MessageStatus,
      nullable: true,
      description: 'Delivery state, when HubSpot reports one.',
      resolve: (m) => m.status ?? null,
    }),
    attachments: t.field({
      type: [AttachmentRef],
      description: 'Files, locations, contact cards and channel metadata attached to the message.',
      resolve: (m) => m.attachments,
    }),
  }),
});

export const ThreadCommentObject = messageObject('ThreadComment').implement({
  description: 'HubSpot type COMMENT: an internal note, never sent to the visitor.',
  interfaces: [MessageRef],
  fields: (t) => ({
    text: t.string({
      nullable: true,
      description: 'Plain-text body.',
      resolve: (m) => m.text ?? null,
    }),
    richText: t.string({
      nullable: true,
      description: 'HTML body.',
      resolve: (m) => m.richText ?? null,
    }),
    attachments: t.field({
      type: [AttachmentRef],
      description: 'Files and other attachments of the note.',
      resolve: (m) => m.attachments,
    }),
  }),
});

messageObject('WelcomeMessage').implement({
  description: 'HubSpot type WELCOME_MESSAGE: the greeting the chat widget showed the visitor.',
  interfaces: [MessageRef],
  fields: (t) => ({
    text: t.string({
      nullable: true,
      description: 'Plain-text body.',
      resolve: (m) => m.text ?? null,
    }),
    richText: t.string({
      nullable: true,
      description: 'HTML body.',
      resolve: (m) => m.richText ?? null,
    }),
    channelId: t.id({
      description: 'HubSpot channel id of the chat.',
      resolve: (m) => m.channelId ?? '',
    }),
    channelAccountId: t.id({
      description: 'HubSpot channel account id of the chat.',
      resolve: (m) => m.channelAccountId ?? '',
    }),
  }),
});

messageObject('AssignmentChange').implement({
  description: 'HubSpot type ASSIGNMENT.',
  interfaces: [MessageRef],
  fields: (t) => ({
    assignedTo: t.id({
      nullable: true,
      description: 'Actor id of the new assignee; null when unassigned.',
      resolve: (m) => m.assignedTo ?? null,
    }),
    assignedFrom: t.id({
      nullable: true,
      description: 'Actor id of the previous assignee, if any.',
      resolve: (m) => m.assignedFrom ?? null,
    }),
    assignee: t.field({
      type: ActorRef,
      nullable: true,
      description: 'The new assignee as an actor (batched actor read).',
      extensions: loaderCost.actor,
      resolve: (m, _args, ctx) => (m.assignedTo ? loadersFor(ctx).actor.load(m.assignedTo) : null),
    }),
    previousAssignee: t.field({
      type: ActorRef,
      nullable: true,
      description: 'The previous assignee as an actor (batched actor read).',
      extensions: loaderCost.actor,
      resolve: (m, _args, ctx) =>
        m.assignedFrom ? loadersFor(ctx).actor.load(m.assignedFrom) : null,
    }),
  }),
});

messageObject('ThreadStatusChange').implement({
  description: 'HubSpot type THREAD_STATUS_CHANGE: the thread was opened or closed.',
  interfaces: [MessageRef],
  fields: (t) => ({
    newStatus: t.field({
      type: ThreadStatus,
      description: 'The thread’s status after the change.',
      resolve: (m) => knownOr(THREAD_STATUSES, m.newStatus, 'OPEN'),
    }),
  }),
});

async function inboxById(id: string | undefined, ctx: GatewayContext) {
  return id === undefined ? null : ((await loadersFor(ctx).inboxes()).byId.get(id) ?? null);
}

messageObject('ThreadInboxChange').implement({
  description: 'HubSpot type THREAD_INBOX_CHANGE: the thread moved to another inbox.',
  interfaces: [MessageRef],
  fields: (t) => ({
    fromInboxId: t.id({
      description: 'Id of the inbox the thread left.',
      resolve: (m) => m.fromInboxId ?? '',
    }),
    toInboxId: t.id({
      description: 'Id of the inbox the thread moved to.',
      resolve: (m) => m.toInboxId ?? '',
    }),
    fromInbox: t.field({
      type: InboxRef,
      nullable: true,
      description:
        'The inbox the thread left (shares the request’s one listInboxes call); null if archived or gone.',
      extensions: loaderCost.inboxes,
      resolve: (m, _args, ctx) => inboxById(m.fromInboxId, ctx),
    }),
    toInbox: t.field({
      type: InboxRef,
      nullable: true,
      description: 'The inbox the thread moved to (shares the request’s one listInboxes call).',
      extensions: loaderCost.inboxes,
      resolve: (m, _args, ctx) => inboxById(m.toInboxId, ctx),
    }),
  }),
});

messageObject('UnknownMessage').implement({
  description: 'A message whose HubSpot type this schema does not know yet.',
  interfaces: [MessageRef],
  fields: (t) => ({
    rawType: t.string({
      resolve: (o) => o.type,
      description: 'HubSpot’s type string, as received.',
    }),
    text: t.string({
      nullable: true,
      description: 'Plain-text body, if the message has one.',
      resolve: (m) => m.text ?? null,
    }),
    richText: t.string({
      nullable: true,
      description: 'HTML body, if the message has one.',
      resolve: (m) => m.richText ?? null,
    }),
  }),
});

export const MessageConnection = builder.connectionObject(
  {
    type: MessageRef,
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

function messagesPlan(threadId: string, args: ForwardArgs, ctx: GatewayContext): ConnectionPlan {
  return planConnection(
    args,
    cursorBinding('messages', threadId, {}),
    maxPageSizeOf(ctx.maxPageSize),
  );
}

/** Thread.messages: listMessages pages through the request's loader (one call per distinct page). */
export function resolveThreadMessages(threadId: string, args: ForwardArgs, ctx: GatewayContext) {
  const plan = messagesPlan(threadId, args, ctx);
  const loader = loadersFor(ctx).messagePage;
  return resolveForwardConnection(plan, async ({ after, limit }) => {
    const page = await loader.load({ threadId, after, limit });
    return page && { results: page.results, nextAfter: page.paging?.next?.after };
  });
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
  const threadType = info.schema.getType('Thread');
  const field = isObjectType(threadType) ? threadType.getFields().messages : undefined;
  if (!field) return;
  for (const node of selectedSubfields(info, 'Thread', 'messages')) {
    let plan: ConnectionPlan;
    try {
      plan = messagesPlan(threadId, getArgumentValues(field, node, info.variableValues), ctx);
    } catch {
      continue;
    }
    // The field resolver awaits the same cached promise and reports its failure at its own path.
    loadersFor(ctx)
      .messagePage.load({ threadId, ...firstPageRequest(plan) })
      .catch(() => undefined);
  }
}
