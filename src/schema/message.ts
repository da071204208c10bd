import type { GatewayContext } from '../context.ts';
import type { HubSpotMessage } from '../hubspot/schemas.ts';
import type { ObjectFieldBuilder } from '@pothos/core';
import { builder, type GatewaySchemaTypes } from './builder.ts';
import { describedEnum, knownOr } from './enums.ts';
import { loaderCost, loadersFor } from './loaders.ts';
import type { Known } from './loose.ts';
import { MessageClient, MessageStatus } from './message-parts.ts';
import { Actor } from './actor.ts';
import { Attachment } from './attachment.ts';
import { Inbox } from './inbox.ts';
import { MessageRecipient, MessageSender } from './message-parts.ts';
import { DateTime } from './scalars.ts';
import { THREAD_STATUS_NAMES, ThreadStatus } from './thread-status.ts';

type MessageTypeName =
  | 'ChannelMessage'
  | 'ThreadComment'
  | 'WelcomeMessage'
  | 'AssignmentChange'
  | 'ThreadStatusChange'
  | 'ThreadInboxChange'
  | 'UnknownMessage';

const MESSAGE_TYPES = describedEnum([
  ['MESSAGE', 'A message received or sent over a channel: ChannelMessage.'],
  ['COMMENT', 'An internal note: ThreadComment.'],
  ['WELCOME_MESSAGE', 'The chat widget’s welcome message: WelcomeMessage.'],
  ['ASSIGNMENT', 'The thread was assigned or unassigned: AssignmentChange.'],
  ['THREAD_STATUS_CHANGE', 'The thread was opened or closed: ThreadStatusChange.'],
  ['THREAD_INBOX_CHANGE', 'The thread moved to another inbox: ThreadInboxChange.'],
  ['UNKNOWN', 'A type that HubSpot added after this schema was written.'],
]);
const DIRECTIONS = describedEnum([
  ['INCOMING', 'Received from the visitor or contact.'],
  ['OUTGOING', 'Sent by an agent, bot or integration.'],
]);
const TRUNCATION_STATUSES = describedEnum([
  ['NOT_TRUNCATED', 'The body is complete.'],
  ['TRUNCATED', 'The body was shortened.'],
  ['TRUNCATED_TO_MOST_RECENT_REPLY', 'Only the most recent reply of an email is kept.'],
]);

/**
 * The GraphQL type of a HubSpot message: by `type`, except that a message lacking a value its
 * type declares non-null (e.g. a MESSAGE with a direction this schema does not know) is served as
 * UnknownMessage, so a HubSpot change can never null a whole message list.
 */
export function messageTypeName(m: HubSpotMessage): MessageTypeName {
  switch (m.type) {
    case 'MESSAGE':
      return knownOr(DIRECTIONS.names, m.direction, null) !== null &&
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
      return knownOr(THREAD_STATUS_NAMES, m.newStatus, null) === null
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

const MESSAGE_TYPE_OF: Record<MessageTypeName, (typeof MESSAGE_TYPES.names)[number]> = {
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
  values: MESSAGE_TYPES.values,
});

export const MessageDirection = builder.enumType('MessageDirection', {
  description: 'Whether a channel message came in from a visitor or went out from the portal.',
  values: DIRECTIONS.values,
});

export const TruncationStatus = builder.enumType('TruncationStatus', {
  description:
    'Whether HubSpot cut the message body (it drops the quoted reply history of emails). The full body is `fullText` / `fullRichText`.',
  values: TRUNCATION_STATUSES.values,
});

/** Absent → NOT_TRUNCATED (nothing says it was cut); a value this schema does not know → TRUNCATED. */
function truncationOf(m: HubSpotMessage): (typeof TRUNCATION_STATUSES.names)[number] {
  if (m.truncationStatus === undefined) return 'NOT_TRUNCATED';
  return knownOr(TRUNCATION_STATUSES.names, m.truncationStatus, 'TRUNCATED');
}

export const Message = builder.interfaceRef<Known<HubSpotMessage>>('Message').implement({
  description:
    'One entry of a thread’s history: a channel message, an internal comment or a thread event. Dispatch on `__typename`; types HubSpot adds later arrive as UnknownMessage.',
  resolveType: messageTypeName,
  fields: (t) => ({
    id: t.exposeID('id', { description: 'HubSpot message id (32 hex characters).' }),
    type: t.field({
      type: MessageType,
      description: 'HubSpot’s message type; UNKNOWN for UnknownMessage.',
      resolve: (m) => MESSAGE_TYPE_OF[messageTypeName(m)],
    }),
    threadId: t.id({
      resolve: (o) => o.conversationsThreadId,
      description: 'Id of the thread the message belongs to.',
    }),
    createdAt: t.expose('createdAt', {
      type: DateTime,
      description: 'When the message was created.',
    }),
    updatedAt: t.expose('updatedAt', {
      type: DateTime,
      nullable: true,
      description: 'When the message was last changed, if ever.',
    }),
    createdBy: t.exposeID('createdBy', {
      description: 'Actor id of the creator, e.g. V-1401.',
    }),
    creator: t.field({
      type: Actor,
      nullable: true,
      description:
        'The creator as an actor (batched: one actors batch-read call per 100 ids per request).',
      extensions: loaderCost.actor,
      resolve: (m, _args, ctx) => loadersFor(ctx).actor.load(m.createdBy),
    }),
    archived: t.exposeBoolean('archived', {
      description: 'Whether the message is archived.',
    }),
    senders: t.expose('senders', {
      type: [MessageSender],
      description: 'Who sent the message (may be empty for thread events).',
    }),
    recipients: t.expose('recipients', {
      type: [MessageRecipient],
      description: 'Who the message went to (may be empty).',
    }),
    client: t.expose('client', {
      type: MessageClient,
      nullable: true,
      description: 'What created the message.',
    }),
  }),
});

/**
 * The body fields ChannelMessage, ThreadComment, WelcomeMessage and UnknownMessage all carry,
 * declared once; a type whose body may be cut or absent says so in its descriptions.
 */
function bodyFields(
  t: ObjectFieldBuilder<GatewaySchemaTypes, Known<HubSpotMessage>>,
  descriptions = { text: 'Plain-text body.', richText: 'HTML body.' },
) {
  return {
    text: t.exposeString('text', { nullable: true, description: descriptions.text }),
    richText: t.exposeString('richText', { nullable: true, description: descriptions.richText }),
  };
}

function messageObject(name: MessageTypeName) {
  return builder.objectRef<Known<HubSpotMessage>>(name);
}

async function originalContent(m: HubSpotMessage, ctx: GatewayContext) {
  if (truncationOf(m) === 'NOT_TRUNCATED') return null;
  return loadersFor(ctx).originalContent.load({
    threadId: m.conversationsThreadId,
    messageId: m.id,
  });
}

export const ChannelMessage = messageObject('ChannelMessage').implement({
  description:
    'HubSpot type MESSAGE: a message received or sent over a channel (chat, email, ...).',
  interfaces: [Message],
  fields: (t) => ({
    ...bodyFields(t, {
      text: 'Plain-text body (may be truncated: see `truncationStatus`).',
      richText: 'HTML body (may be truncated).',
    }),
    subject: t.exposeString('subject', {
      nullable: true,
      description: 'Subject line (email).',
    }),
    direction: t.field({
      type: MessageDirection,
      description: 'Incoming from the visitor or outgoing from the portal.',
      resolve: (m) => knownOr(DIRECTIONS.names, m.direction, 'INCOMING'),
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
    inReplyToId: t.exposeID('inReplyToId', {
      nullable: true,
      description: 'Id of the message this one answers.',
    }),
    status: t.expose('status', {
      type: MessageStatus,
      nullable: true,
      description: 'Delivery state, when HubSpot reports one.',
    }),
    attachments: t.expose('attachments', {
      type: [Attachment],
      description: 'Files, locations, contact cards and channel metadata attached to the message.',
    }),
  }),
});

export const ThreadComment = messageObject('ThreadComment').implement({
  description: 'HubSpot type COMMENT: an internal note, never sent to the visitor.',
  interfaces: [Message],
  fields: (t) => ({
    ...bodyFields(t),
    attachments: t.expose('attachments', {
      type: [Attachment],
      description: 'Files and other attachments of the note.',
    }),
  }),
});

export const WelcomeMessage = messageObject('WelcomeMessage').implement({
  description: 'HubSpot type WELCOME_MESSAGE: the greeting the chat widget showed the visitor.',
  interfaces: [Message],
  fields: (t) => ({
    ...bodyFields(t),
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

export const AssignmentChange = messageObject('AssignmentChange').implement({
  description: 'HubSpot type ASSIGNMENT.',
  interfaces: [Message],
  fields: (t) => ({
    assignedTo: t.exposeID('assignedTo', {
      nullable: true,
      description: 'Actor id of the new assignee; null when unassigned.',
    }),
    assignedFrom: t.exposeID('assignedFrom', {
      nullable: true,
      description: 'Actor id of the previous assignee, if any.',
    }),
    assignee: t.field({
      type: Actor,
      nullable: true,
      description: 'The new assignee as an actor (batched actor read).',
      extensions: loaderCost.actor,
      resolve: (m, _args, ctx) => (m.assignedTo ? loadersFor(ctx).actor.load(m.assignedTo) : null),
    }),
    previousAssignee: t.field({
      type: Actor,
      nullable: true,
      description: 'The previous assignee as an actor (batched actor read).',
      extensions: loaderCost.actor,
      resolve: (m, _args, ctx) =>
        m.assignedFrom ? loadersFor(ctx).actor.load(m.assignedFrom) : null,
    }),
  }),
});

export const ThreadStatusChange = messageObject('ThreadStatusChange').implement({
  description: 'HubSpot type THREAD_STATUS_CHANGE: the thread was opened or closed.',
  interfaces: [Message],
  fields: (t) => ({
    newStatus: t.field({
      type: ThreadStatus,
      description: 'The thread’s status after the change.',
      resolve: (m) => knownOr(THREAD_STATUS_NAMES, m.newStatus, 'OPEN'),
    }),
  }),
});

async function inboxById(id: string | undefined, ctx: GatewayContext) {
  return id === undefined ? null : ((await loadersFor(ctx).inboxes()).byId.get(id) ?? null);
}

export const ThreadInboxChange = messageObject('ThreadInboxChange').implement({
  description: 'HubSpot type THREAD_INBOX_CHANGE: the thread moved to another inbox.',
  interfaces: [Message],
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
      type: Inbox,
      nullable: true,
      description:
        'The inbox the thread left (shares the request’s one listInboxes call); null if archived or gone.',
      extensions: loaderCost.inboxes,
      resolve: (m, _args, ctx) => inboxById(m.fromInboxId, ctx),
    }),
    toInbox: t.field({
      type: Inbox,
      nullable: true,
      description: 'The inbox the thread moved to (shares the request’s one listInboxes call).',
      extensions: loaderCost.inboxes,
      resolve: (m, _args, ctx) => inboxById(m.toInboxId, ctx),
    }),
  }),
});

export const UnknownMessage = messageObject('UnknownMessage').implement({
  description: 'A message whose HubSpot type this schema does not know yet.',
  interfaces: [Message],
  fields: (t) => ({
    rawType: t.string({
      resolve: (o) => o.type,
      description: 'HubSpot’s type string, as received.',
    }),
    ...bodyFields(t, {
      text: 'Plain-text body, if the message has one.',
      richText: 'HTML body, if the message has one.',
    }),
  }),
});
