/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What kind of participant an actor is (HubSpot `PublicActor.type`). */
export type ActorType =
  /** A HubSpot user (actor id `A-<userId>`). */
  | 'AGENT'
  /** A HubSpot chatbot (actor id `B-…`). */
  | 'BOT'
  /** An email address without a CRM contact (actor id `E-<email>`). */
  | 'EMAIL'
  /** An integration app (actor id `I-<appId>`). */
  | 'INTEGRATOR'
  /** A Breeze customer agent (actor id `L-<customerAgentId>`). */
  | 'LLM'
  /** HubSpot itself (actor id `S-hubspot`). */
  | 'SYSTEM'
  /** A type that HubSpot added after this schema was written: see `rawType`. */
  | 'UNKNOWN'
  /** A website visitor or CRM contact (actor id `V-<contactId>`). */
  | 'VISITOR';

/** An internal comment (note) to add to a thread; never shown to the visitor. */
export type AddThreadCommentInput = {
  /** Ids of files already in HubSpot’s file manager. */
  fileIds?: Array<string> | null | undefined;
  /** A retry with the same key (same caller, within 24 hours) returns the first attempt’s result and sends nothing. */
  idempotencyKey?: string | null | undefined;
  /** HTML body. */
  richText?: string | null | undefined;
  /** Plain-text body. */
  text: string;
  /** HubSpot thread id (decimal digits). */
  threadId: string;
};

/** The kind of a message attachment (HubSpot attachment `type`). */
export type AttachmentType =
  /** A shared contact card. */
  | 'CONTACT'
  /** A file (image, audio, sticker, …) stored in HubSpot’s file manager. */
  | 'FILE'
  /** A shared geographic location. */
  | 'LOCATION'
  /** A header shown above the message (e.g. a WhatsApp template header). */
  | 'MESSAGE_HEADER'
  /** Suggested replies offered to the visitor. */
  | 'QUICK_REPLIES'
  /** The social media post a message refers to. */
  | 'SOCIAL_MEDIA_METADATA'
  /** A kind that HubSpot added after this schema was written: see `UnknownAttachment.rawType`. */
  | 'UNKNOWN'
  /** Content the channel sent that HubSpot cannot display. */
  | 'UNSUPPORTED_CONTENT'
  /** Which WhatsApp template, and which values, produced the message. */
  | 'WHATSAPP_TEMPLATE_METADATA';

/** A recipient’s address on the channel. */
export type DeliveryIdentifierInput = {
  /** Kind of address (UNKNOWN is refused: it is for reading only). */
  type: DeliveryIdentifierType;
  /** The address, e.g. jane@example.com. */
  value: string;
};

/** What kind of address a delivery identifier is. */
export type DeliveryIdentifierType =
  /** A channel’s own identifier (Messenger, live chat, …). */
  | 'CHANNEL_SPECIFIC_OPAQUE_ID'
  /** An email address. */
  | 'HS_EMAIL_ADDRESS'
  /** A phone number in E.164 format. */
  | 'HS_PHONE_NUMBER'
  /** An SMS short code. */
  | 'HS_SHORT_CODE'
  /** A type that HubSpot added after this schema was written: see `rawType`. */
  | 'UNKNOWN';

/** How a file attachment is used. */
export type FileUsageType =
  /** An audio file. */
  | 'AUDIO'
  /** An image. */
  | 'IMAGE'
  /** Any other file. */
  | 'OTHER'
  /** A sticker. */
  | 'STICKER'
  /** A usage that HubSpot added after this schema was written. */
  | 'UNKNOWN'
  /** A voice recording. */
  | 'VOICE_RECORDING';

/** What created a message. */
export type MessageClientType =
  /** HubSpot’s own apps (inbox, chat widget, …). */
  | 'HUBSPOT'
  /** An integration app: see `integrationAppId`. */
  | 'INTEGRATION'
  /** HubSpot automation. */
  | 'SYSTEM'
  /** HubSpot does not say, or sent a client type this schema does not know. */
  | 'UNKNOWN';

/** Whether a channel message came in from a visitor or went out from the portal. */
export type MessageDirection =
  /** Received from the visitor or contact. */
  | 'INCOMING'
  /** Sent by an agent, bot or integration. */
  | 'OUTGOING';

/** One recipient of a sent message. */
export type MessageRecipientInput = {
  /** The recipient’s actor id, when known (e.g. V-1401). */
  actorId?: string | null | undefined;
  /** Where to deliver the message. */
  deliveryIdentifier: DeliveryIdentifierInput;
  /** Display name. */
  name?: string | null | undefined;
};

/** Delivery state of a channel message. */
export type MessageStatusType =
  /** Delivery failed: see `failureDetails`. */
  | 'FAILED'
  /** Read by the recipient. */
  | 'READ'
  /** Received by HubSpot. */
  | 'RECEIVED'
  /** Sent by HubSpot. */
  | 'SENT'
  /** A state that HubSpot added after this schema was written. */
  | 'UNKNOWN';

/** HubSpot’s message `type`. */
export type MessageType =
  /** The thread was assigned or unassigned: AssignmentChange. */
  | 'ASSIGNMENT'
  /** An internal note: ThreadComment. */
  | 'COMMENT'
  /** A message received or sent over a channel: ChannelMessage. */
  | 'MESSAGE'
  /** The thread moved to another inbox: ThreadInboxChange. */
  | 'THREAD_INBOX_CHANGE'
  /** The thread was opened or closed: ThreadStatusChange. */
  | 'THREAD_STATUS_CHANGE'
  /** A type that HubSpot added after this schema was written. */
  | 'UNKNOWN'
  /** The chat widget’s welcome message: WelcomeMessage. */
  | 'WELCOME_MESSAGE';

/** What a quick reply’s value is. */
export type QuickReplyValueType =
  /** Text sent as the visitor’s reply. */
  | 'TEXT'
  /** A value type that HubSpot added after this schema was written. */
  | 'UNKNOWN'
  /** A link opened when chosen. */
  | 'URL';

/** A message to send on a thread’s channel. Only `threadId`, `text` and `senderActorId` are needed for a reply: channel, channel account and recipients default from the thread. */
export type SendThreadMessageInput = {
  /** Defaults to the thread’s original channel account. */
  channelAccountId?: string | null | undefined;
  /** Defaults to the thread’s original channel. */
  channelId?: string | null | undefined;
  /** Ids of files already in HubSpot’s file manager. */
  fileIds?: Array<string> | null | undefined;
  /** A retry with the same key (same caller, within 24 hours) returns the first attempt’s result and sends nothing. After an attempt whose outcome is unknown (a timeout), the retry first looks for that message in the thread’s history and sends only if it is not there. */
  idempotencyKey?: string | null | undefined;
  /** Defaults to the senders of the thread’s latest incoming message (a reply). */
  recipients?: Array<MessageRecipientInput> | null | undefined;
  /** HTML body. */
  richText?: string | null | undefined;
  /** The sending agent’s actor id, e.g. A-2620022. */
  senderActorId: string;
  /** Email subject (email channels). */
  subject?: string | null | undefined;
  /** Plain-text body. */
  text: string;
  /** HubSpot thread id (decimal digits). */
  threadId: string;
};

/** The kind of social media post a message refers to. */
export type SocialMediaType =
  /** An article. */
  | 'ARTICLE'
  /** An audio post. */
  | 'AUDIO'
  /** A carousel of media. */
  | 'CAROUSEL'
  /** A document. */
  | 'DOCUMENT'
  /** An animated GIF. */
  | 'GIF'
  /** A link post. */
  | 'LINK'
  /** A post without media. */
  | 'NONE'
  /** A photo. */
  | 'PHOTO'
  /** A poll. */
  | 'POLL'
  /** A story. */
  | 'STORY'
  /** A media type that HubSpot added after this schema was written. */
  | 'UNKNOWN'
  /** A video. */
  | 'VIDEO';

/** Sort order. */
export type SortDirection =
  /** Ascending (HubSpot’s default). */
  | 'ASC'
  /** Descending. HubSpot allows it only together with `filter.associatedContactId`. */
  | 'DESC';

/** Which threads to list. Mirrors the filters of HubSpot’s threads endpoint, with its rules: `inboxId` and `associatedContactId` exclude each other, and `associatedContactId` needs `status`. */
export type ThreadFilter = {
  /** true: only archived threads. false or absent: only threads that are not archived. */
  archived?: boolean | null | undefined;
  /** Only threads of this CRM contact. Requires `status`; cannot be combined with `inboxId`. */
  associatedContactId?: string | null | undefined;
  /** Only threads associated with this ticket. */
  associatedTicketId?: string | null | undefined;
  /** Only threads of this inbox (one inbox; cannot be combined with `associatedContactId`). */
  inboxId?: string | null | undefined;
  /** Only threads whose latest message is later than this instant. */
  latestMessageTimestampAfter?: string | null | undefined;
  /** Only open or only closed threads. */
  status?: ThreadStatus | null | undefined;
};

/** Order of a thread list. Omit it for HubSpot’s default (ID, ascending). */
export type ThreadSort = {
  /** Ascending (default) or descending (only with `filter.associatedContactId`). */
  direction?: SortDirection | null | undefined;
  /** What to order by. */
  field: ThreadSortField;
};

/** What thread lists can be ordered by (HubSpot offers no other order). */
export type ThreadSortField =
  /** By thread id (HubSpot’s default order; oldest threads first when ascending). */
  | 'ID'
  /** By the time of the latest message. Requires `filter.latestMessageTimestampAfter`. */
  | 'LATEST_MESSAGE_TIMESTAMP';

/** Whether a thread is open or closed. */
export type ThreadStatus =
  /** The conversation was closed. */
  | 'CLOSED'
  /** The conversation is ongoing. */
  | 'OPEN';

/** Whether HubSpot cut the message body (it drops the quoted reply history of emails). The full body is `fullText` / `fullRichText`. */
export type TruncationStatus =
  /** The body is complete. */
  | 'NOT_TRUNCATED'
  /** The body was shortened. */
  | 'TRUNCATED'
  /** Only the most recent reply of an email is kept. */
  | 'TRUNCATED_TO_MOST_RECENT_REPLY';

/** Why a mutation changed nothing, in terms the caller can act on. */
export type UserErrorCode =
  /** The same idempotencyKey was used with different input. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The actor id is not a HubSpot user who can act on this thread. */
  | 'INVALID_ACTOR'
  /** An input value HubSpot would refuse (empty text, bad id, unknown channel, no recipient). */
  | 'INVALID_INPUT'
  /** The thread is archived: restore it first. */
  | 'THREAD_ARCHIVED'
  /** HubSpot has no such thread (or it was permanently deleted). */
  | 'THREAD_NOT_FOUND';

export type AddCommentMutationVariables = Exact<{
  input: AddThreadCommentInput;
}>;


export type AddCommentMutation = { addThreadComment: { comment: { id: string, text: string | null, createdAt: string } | null, thread: { id: string, status: ThreadStatus, closedAt: string | null, assignedTo: string | null, archived: boolean, latestMessageTimestamp: string | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type ArchiveThreadMutationVariables = Exact<{
  threadId: string;
}>;


export type ArchiveThreadMutation = { archiveThread: { thread: { id: string, status: ThreadStatus, closedAt: string | null, assignedTo: string | null, archived: boolean, latestMessageTimestamp: string | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type AssignThreadMutationVariables = Exact<{
  threadId: string;
  actorId: string;
}>;


export type AssignThreadMutation = { assignThread: { thread: { id: string, status: ThreadStatus, closedAt: string | null, assignedTo: string | null, archived: boolean, latestMessageTimestamp: string | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type InboxPageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ThreadFilter | null | undefined;
  sort?: ThreadSort | null | undefined;
}>;


export type InboxPageQuery = { threads: { edges: Array<{ cursor: string, node: { id: string, status: ThreadStatus, createdAt: string, closedAt: string | null, inboxId: string, associatedContactId: string, assignedTo: string | null, originalChannelId: string, originalChannelAccountId: string, latestMessageTimestamp: string | null, latestMessageSentTimestamp: string | null, latestMessageReceivedTimestamp: string | null, spam: boolean, archived: boolean, ticket: { id: string } | null } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type InboxWithPreviewsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: ThreadFilter | null | undefined;
  previews?: number | null | undefined;
}>;


export type InboxWithPreviewsQuery = { threads: { edges: Array<{ node: { id: string, status: ThreadStatus, latestMessageTimestamp: string | null, ticket: { id: string } | null, messages: { edges: Array<{ node:
              | { __typename: 'AssignmentChange', id: string, type: MessageType, createdAt: string, createdBy: string, senders: Array<{ actorId: string | null, name: string | null }> }
              | { __typename: 'ChannelMessage', text: string | null, direction: MessageDirection, id: string, type: MessageType, createdAt: string, createdBy: string, senders: Array<{ actorId: string | null, name: string | null }> }
              | { __typename: 'ThreadComment', text: string | null, id: string, type: MessageType, createdAt: string, createdBy: string, senders: Array<{ actorId: string | null, name: string | null }> }
              | { __typename: 'ThreadInboxChange', id: string, type: MessageType, createdAt: string, createdBy: string, senders: Array<{ actorId: string | null, name: string | null }> }
              | { __typename: 'ThreadStatusChange', id: string, type: MessageType, createdAt: string, createdBy: string, senders: Array<{ actorId: string | null, name: string | null }> }
              | { __typename: 'UnknownMessage', id: string, type: MessageType, createdAt: string, createdBy: string, senders: Array<{ actorId: string | null, name: string | null }> }
              | { __typename: 'WelcomeMessage', text: string | null, id: string, type: MessageType, createdAt: string, createdBy: string, senders: Array<{ actorId: string | null, name: string | null }> }
             }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RestoreThreadMutationVariables = Exact<{
  threadId: string;
}>;


export type RestoreThreadMutation = { restoreThread: { thread: { id: string, status: ThreadStatus, closedAt: string | null, assignedTo: string | null, archived: boolean, latestMessageTimestamp: string | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type SendReplyMutationVariables = Exact<{
  input: SendThreadMessageInput;
}>;


export type SendReplyMutation = { sendThreadMessage: { message: { id: string, text: string | null, richText: string | null, subject: string | null, direction: MessageDirection, channelId: string, channelAccountId: string, createdBy: string, status: { statusType: MessageStatusType } | null, recipients: Array<{ actorId: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null }> } | null, thread: { id: string, status: ThreadStatus, closedAt: string | null, assignedTo: string | null, archived: boolean, latestMessageTimestamp: string | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type SetThreadStatusMutationVariables = Exact<{
  threadId: string;
  status: ThreadStatus;
}>;


export type SetThreadStatusMutation = { setThreadStatus: { thread: { id: string, status: ThreadStatus, closedAt: string | null, assignedTo: string | null, archived: boolean, latestMessageTimestamp: string | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type ThreadDetailQueryVariables = Exact<{
  id: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ThreadDetailQuery = { thread: { id: string, status: ThreadStatus, createdAt: string, closedAt: string | null, inboxId: string, associatedContactId: string, assignedTo: string | null, latestMessageTimestamp: string | null, spam: boolean, archived: boolean, ticket: { id: string } | null, messages: { edges: Array<{ cursor: string, node:
          | { __typename: 'AssignmentChange', assignedTo: string | null, assignedFrom: string | null, id: string, type: MessageType, threadId: string, createdAt: string, updatedAt: string | null, createdBy: string, archived: boolean, client: { clientType: MessageClientType, integrationAppId: number | null } | null, senders: Array<{ actorId: string | null, name: string | null, senderField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null, actor: { id: string, type: ActorType, name: string | null, email: string | null, avatar: string | null } | null }>, recipients: Array<{ actorId: string | null, name: string | null, recipientField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null }> }
          | { __typename: 'ChannelMessage', text: string | null, richText: string | null, subject: string | null, direction: MessageDirection, truncationStatus: TruncationStatus, channelId: string, channelAccountId: string, inReplyToId: string | null, id: string, type: MessageType, threadId: string, createdAt: string, updatedAt: string | null, createdBy: string, archived: boolean, status: { statusType: MessageStatusType, failureDetails: { errorMessage: string | null, errorMessageTokens: Array<{ key: string, value: string | null }> } | null } | null, attachments: Array<
              | { __typename: 'ContactAttachment', type: AttachmentType, contactProfile: { name: { firstName: string | null, lastName: string | null } | null, org: { company: string | null, title: string | null } | null, emails: Array<{ type: string | null, email: string }>, phones: Array<{ type: string | null, phone: string }>, addresses: Array<{ type: string | null, street: string | null, city: string | null, countryCode: string | null }>, urls: Array<{ type: string | null, url: string }> } }
              | { __typename: 'FileAttachment', fileId: string | null, fileUsageType: FileUsageType, name: string | null, url: string | null, type: AttachmentType }
              | { __typename: 'LocationAttachment', latitude: number, longitude: number, address: string | null, name: string | null, url: string | null, type: AttachmentType }
              | { __typename: 'MessageHeaderAttachment', fileId: string | null, text: string | null, type: AttachmentType }
              | { __typename: 'QuickRepliesAttachment', allowMultiSelect: boolean, allowUserInput: boolean, type: AttachmentType, quickReplies: Array<{ value: string, valueType: QuickReplyValueType, label: string | null }> }
              | { __typename: 'SocialMediaMetadataAttachment', type: AttachmentType, socialMetadata: { mediaType: SocialMediaType, id: string | null, mediaTitle: string | null, mediaUrl: string | null, thumbnailUrl: string | null } }
              | { __typename: 'UnknownAttachment', rawType: string, type: AttachmentType }
              | { __typename: 'UnsupportedContentAttachment', type: AttachmentType }
              | { __typename: 'WhatsAppTemplateMetadataAttachment', contentId: string | null, mappedTemplateId: string | null, rootMicId: string | null, type: AttachmentType, crmObjectIds: Array<{ key: string, value: string | null }>, parameters: Array<{ key: string, value: string | null }> }
            >, client: { clientType: MessageClientType, integrationAppId: number | null } | null, senders: Array<{ actorId: string | null, name: string | null, senderField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null, actor: { id: string, type: ActorType, name: string | null, email: string | null, avatar: string | null } | null }>, recipients: Array<{ actorId: string | null, name: string | null, recipientField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null }> }
          | { __typename: 'ThreadComment', text: string | null, richText: string | null, id: string, type: MessageType, threadId: string, createdAt: string, updatedAt: string | null, createdBy: string, archived: boolean, attachments: Array<
              | { __typename: 'ContactAttachment', type: AttachmentType, contactProfile: { name: { firstName: string | null, lastName: string | null } | null, org: { company: string | null, title: string | null } | null, emails: Array<{ type: string | null, email: string }>, phones: Array<{ type: string | null, phone: string }>, addresses: Array<{ type: string | null, street: string | null, city: string | null, countryCode: string | null }>, urls: Array<{ type: string | null, url: string }> } }
              | { __typename: 'FileAttachment', fileId: string | null, fileUsageType: FileUsageType, name: string | null, url: string | null, type: AttachmentType }
              | { __typename: 'LocationAttachment', latitude: number, longitude: number, address: string | null, name: string | null, url: string | null, type: AttachmentType }
              | { __typename: 'MessageHeaderAttachment', fileId: string | null, text: string | null, type: AttachmentType }
              | { __typename: 'QuickRepliesAttachment', allowMultiSelect: boolean, allowUserInput: boolean, type: AttachmentType, quickReplies: Array<{ value: string, valueType: QuickReplyValueType, label: string | null }> }
              | { __typename: 'SocialMediaMetadataAttachment', type: AttachmentType, socialMetadata: { mediaType: SocialMediaType, id: string | null, mediaTitle: string | null, mediaUrl: string | null, thumbnailUrl: string | null } }
              | { __typename: 'UnknownAttachment', rawType: string, type: AttachmentType }
              | { __typename: 'UnsupportedContentAttachment', type: AttachmentType }
              | { __typename: 'WhatsAppTemplateMetadataAttachment', contentId: string | null, mappedTemplateId: string | null, rootMicId: string | null, type: AttachmentType, crmObjectIds: Array<{ key: string, value: string | null }>, parameters: Array<{ key: string, value: string | null }> }
            >, client: { clientType: MessageClientType, integrationAppId: number | null } | null, senders: Array<{ actorId: string | null, name: string | null, senderField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null, actor: { id: string, type: ActorType, name: string | null, email: string | null, avatar: string | null } | null }>, recipients: Array<{ actorId: string | null, name: string | null, recipientField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null }> }
          | { __typename: 'ThreadInboxChange', fromInboxId: string, toInboxId: string, id: string, type: MessageType, threadId: string, createdAt: string, updatedAt: string | null, createdBy: string, archived: boolean, client: { clientType: MessageClientType, integrationAppId: number | null } | null, senders: Array<{ actorId: string | null, name: string | null, senderField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null, actor: { id: string, type: ActorType, name: string | null, email: string | null, avatar: string | null } | null }>, recipients: Array<{ actorId: string | null, name: string | null, recipientField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null }> }
          | { __typename: 'ThreadStatusChange', newStatus: ThreadStatus, id: string, type: MessageType, threadId: string, createdAt: string, updatedAt: string | null, createdBy: string, archived: boolean, client: { clientType: MessageClientType, integrationAppId: number | null } | null, senders: Array<{ actorId: string | null, name: string | null, senderField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null, actor: { id: string, type: ActorType, name: string | null, email: string | null, avatar: string | null } | null }>, recipients: Array<{ actorId: string | null, name: string | null, recipientField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null }> }
          | { __typename: 'UnknownMessage', rawType: string, id: string, type: MessageType, threadId: string, createdAt: string, updatedAt: string | null, createdBy: string, archived: boolean, client: { clientType: MessageClientType, integrationAppId: number | null } | null, senders: Array<{ actorId: string | null, name: string | null, senderField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null, actor: { id: string, type: ActorType, name: string | null, email: string | null, avatar: string | null } | null }>, recipients: Array<{ actorId: string | null, name: string | null, recipientField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null }> }
          | { __typename: 'WelcomeMessage', text: string | null, richText: string | null, channelId: string, channelAccountId: string, id: string, type: MessageType, threadId: string, createdAt: string, updatedAt: string | null, createdBy: string, archived: boolean, client: { clientType: MessageClientType, integrationAppId: number | null } | null, senders: Array<{ actorId: string | null, name: string | null, senderField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null, actor: { id: string, type: ActorType, name: string | null, email: string | null, avatar: string | null } | null }>, recipients: Array<{ actorId: string | null, name: string | null, recipientField: string | null, deliveryIdentifier: { type: DeliveryIdentifierType, value: string } | null }> }
         }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null } | null };

type AttachmentFields_ContactAttachment_Fragment = { __typename: 'ContactAttachment', type: AttachmentType, contactProfile: { name: { firstName: string | null, lastName: string | null } | null, org: { company: string | null, title: string | null } | null, emails: Array<{ type: string | null, email: string }>, phones: Array<{ type: string | null, phone: string }>, addresses: Array<{ type: string | null, street: string | null, city: string | null, countryCode: string | null }>, urls: Array<{ type: string | null, url: string }> } };

type AttachmentFields_FileAttachment_Fragment = { __typename: 'FileAttachment', fileId: string | null, fileUsageType: FileUsageType, name: string | null, url: string | null, type: AttachmentType };

type AttachmentFields_LocationAttachment_Fragment = { __typename: 'LocationAttachment', latitude: number, longitude: number, address: string | null, name: string | null, url: string | null, type: AttachmentType };

type AttachmentFields_MessageHeaderAttachment_Fragment = { __typename: 'MessageHeaderAttachment', fileId: string | null, text: string | null, type: AttachmentType };

type AttachmentFields_QuickRepliesAttachment_Fragment = { __typename: 'QuickRepliesAttachment', allowMultiSelect: boolean, allowUserInput: boolean, type: AttachmentType, quickReplies: Array<{ value: string, valueType: QuickReplyValueType, label: string | null }> };

type AttachmentFields_SocialMediaMetadataAttachment_Fragment = { __typename: 'SocialMediaMetadataAttachment', type: AttachmentType, socialMetadata: { mediaType: SocialMediaType, id: string | null, mediaTitle: string | null, mediaUrl: string | null, thumbnailUrl: string | null } };

type AttachmentFields_UnknownAttachment_Fragment = { __typename: 'UnknownAttachment', rawType: string, type: AttachmentType };

type AttachmentFields_UnsupportedContentAttachment_Fragment = { __typename: 'UnsupportedContentAttachment', type: AttachmentType };

type AttachmentFields_WhatsAppTemplateMetadataAttachment_Fragment = { __typename: 'WhatsAppTemplateMetadataAttachment', contentId: string | null, mappedTemplateId: string | null, rootMicId: string | null, type: AttachmentType, crmObjectIds: Array<{ key: string, value: string | null }>, parameters: Array<{ key: string, value: string | null }> };

export type AttachmentFieldsFragment =
  | AttachmentFields_ContactAttachment_Fragment
  | AttachmentFields_FileAttachment_Fragment
  | AttachmentFields_LocationAttachment_Fragment
  | AttachmentFields_MessageHeaderAttachment_Fragment
  | AttachmentFields_QuickRepliesAttachment_Fragment
  | AttachmentFields_SocialMediaMetadataAttachment_Fragment
  | AttachmentFields_UnknownAttachment_Fragment
  | AttachmentFields_UnsupportedContentAttachment_Fragment
  | AttachmentFields_WhatsAppTemplateMetadataAttachment_Fragment
;

export type MutatedThreadFragment = { id: string, status: ThreadStatus, closedAt: string | null, assignedTo: string | null, archived: boolean, latestMessageTimestamp: string | null };

export type MutationUserErrorFragment = { code: UserErrorCode, message: string, field: Array<string> | null };

export type TicketThreadsQueryVariables = Exact<{
  ticketId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TicketThreadsQuery = { conversationsTicket: { id: string, threads: { edges: Array<{ cursor: string, node: { id: string, status: ThreadStatus, latestMessageTimestamp: string | null, ticket: { id: string } | null, messages: { edges: Array<{ node:
                | { __typename: 'AssignmentChange', id: string, type: MessageType, createdAt: string }
                | { __typename: 'ChannelMessage', text: string | null, direction: MessageDirection, id: string, type: MessageType, createdAt: string }
                | { __typename: 'ThreadComment', text: string | null, id: string, type: MessageType, createdAt: string }
                | { __typename: 'ThreadInboxChange', id: string, type: MessageType, createdAt: string }
                | { __typename: 'ThreadStatusChange', id: string, type: MessageType, createdAt: string }
                | { __typename: 'UnknownMessage', id: string, type: MessageType, createdAt: string }
                | { __typename: 'WelcomeMessage', id: string, type: MessageType, createdAt: string }
               }> } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type UnassignThreadMutationVariables = Exact<{
  threadId: string;
}>;


export type UnassignThreadMutation = { unassignThread: { thread: { id: string, status: ThreadStatus, closedAt: string | null, assignedTo: string | null, archived: boolean, latestMessageTimestamp: string | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export const AttachmentFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AttachmentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Attachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FileAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileId"}},{"kind":"Field","name":{"kind":"Name","value":"fileUsageType"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LocationAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"latitude"}},{"kind":"Field","name":{"kind":"Name","value":"longitude"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContactAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contactProfile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"org"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"company"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"emails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"phones"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"addresses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"urls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageHeaderAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileId"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QuickRepliesAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowMultiSelect"}},{"kind":"Field","name":{"kind":"Name","value":"allowUserInput"}},{"kind":"Field","name":{"kind":"Name","value":"quickReplies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"valueType"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WhatsAppTemplateMetadataAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"crmObjectIds"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contentId"}},{"kind":"Field","name":{"kind":"Name","value":"mappedTemplateId"}},{"kind":"Field","name":{"kind":"Name","value":"rootMicId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SocialMediaMetadataAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"socialMetadata"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mediaType"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mediaTitle"}},{"kind":"Field","name":{"kind":"Name","value":"mediaUrl"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UnknownAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rawType"}}]}}]}}]} as unknown as DocumentNode<AttachmentFieldsFragment, unknown>;
export const MutatedThreadFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutatedThread"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}}]}}]} as unknown as DocumentNode<MutatedThreadFragment, unknown>;
export const MutationUserErrorFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutationUserError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]} as unknown as DocumentNode<MutationUserErrorFragment, unknown>;
export const AddCommentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddComment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddThreadCommentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addThreadComment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutatedThread"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutationUserError"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutatedThread"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutationUserError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]} as unknown as DocumentNode<AddCommentMutation, AddCommentMutationVariables>;
export const ArchiveThreadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ArchiveThread"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"archiveThread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutatedThread"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutationUserError"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutatedThread"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutationUserError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]} as unknown as DocumentNode<ArchiveThreadMutation, ArchiveThreadMutationVariables>;
export const AssignThreadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AssignThread"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"actorId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignThread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"actorId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"actorId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutatedThread"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutationUserError"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutatedThread"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutationUserError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]} as unknown as DocumentNode<AssignThreadMutation, AssignThreadMutationVariables>;
export const InboxPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InboxPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sort"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadSort"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"sort"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sort"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"inboxId"}},{"kind":"Field","name":{"kind":"Name","value":"associatedContactId"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"originalChannelId"}},{"kind":"Field","name":{"kind":"Name","value":"originalChannelAccountId"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageSentTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageReceivedTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"ticket"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<InboxPageQuery, InboxPageQueryVariables>;
export const InboxWithPreviewsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InboxWithPreviews"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"previews"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"threads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"ticket"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"previews"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"senders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actorId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChannelMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadComment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WelcomeMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<InboxWithPreviewsQuery, InboxWithPreviewsQueryVariables>;
export const RestoreThreadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RestoreThread"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"restoreThread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutatedThread"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutationUserError"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutatedThread"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutationUserError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]} as unknown as DocumentNode<RestoreThreadMutation, RestoreThreadMutationVariables>;
export const SendReplyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendReply"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendThreadMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendThreadMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"richText"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"channelId"}},{"kind":"Field","name":{"kind":"Name","value":"channelAccountId"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"statusType"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recipients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actorId"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryIdentifier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutatedThread"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutationUserError"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutatedThread"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutationUserError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]} as unknown as DocumentNode<SendReplyMutation, SendReplyMutationVariables>;
export const SetThreadStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetThreadStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadStatus"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setThreadStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutatedThread"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutationUserError"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutatedThread"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutationUserError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]} as unknown as DocumentNode<SetThreadStatusMutation, SetThreadStatusMutationVariables>;
export const ThreadDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ThreadDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"inboxId"}},{"kind":"Field","name":{"kind":"Name","value":"associatedContactId"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"spam"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"ticket"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"threadId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientType"}},{"kind":"Field","name":{"kind":"Name","value":"integrationAppId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"senders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actorId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"senderField"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryIdentifier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"avatar"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recipients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"actorId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"recipientField"}},{"kind":"Field","name":{"kind":"Name","value":"deliveryIdentifier"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChannelMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"richText"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"truncationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"channelId"}},{"kind":"Field","name":{"kind":"Name","value":"channelAccountId"}},{"kind":"Field","name":{"kind":"Name","value":"inReplyToId"}},{"kind":"Field","name":{"kind":"Name","value":"status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"statusType"}},{"kind":"Field","name":{"kind":"Name","value":"failureDetails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessageTokens"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttachmentFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadComment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"richText"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttachmentFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WelcomeMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"richText"}},{"kind":"Field","name":{"kind":"Name","value":"channelId"}},{"kind":"Field","name":{"kind":"Name","value":"channelAccountId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AssignmentChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"assignedFrom"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadStatusChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"newStatus"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadInboxChange"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromInboxId"}},{"kind":"Field","name":{"kind":"Name","value":"toInboxId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UnknownMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rawType"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AttachmentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Attachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FileAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileId"}},{"kind":"Field","name":{"kind":"Name","value":"fileUsageType"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LocationAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"latitude"}},{"kind":"Field","name":{"kind":"Name","value":"longitude"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContactAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contactProfile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"org"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"company"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"emails"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"phones"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}},{"kind":"Field","name":{"kind":"Name","value":"addresses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"street"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"countryCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"urls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageHeaderAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileId"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QuickRepliesAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allowMultiSelect"}},{"kind":"Field","name":{"kind":"Name","value":"allowUserInput"}},{"kind":"Field","name":{"kind":"Name","value":"quickReplies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"valueType"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WhatsAppTemplateMetadataAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"crmObjectIds"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contentId"}},{"kind":"Field","name":{"kind":"Name","value":"mappedTemplateId"}},{"kind":"Field","name":{"kind":"Name","value":"rootMicId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SocialMediaMetadataAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"socialMetadata"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mediaType"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mediaTitle"}},{"kind":"Field","name":{"kind":"Name","value":"mediaUrl"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UnknownAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rawType"}}]}}]}}]} as unknown as DocumentNode<ThreadDetailQuery, ThreadDetailQueryVariables>;
export const TicketThreadsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TicketThreads"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ticketId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"conversationsTicket"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ticketId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"threads"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"ticket"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChannelMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ThreadComment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TicketThreadsQuery, TicketThreadsQueryVariables>;
export const UnassignThreadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UnassignThread"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unassignThread"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"threadId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"threadId"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thread"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutatedThread"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MutationUserError"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutatedThread"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Thread"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignedTo"}},{"kind":"Field","name":{"kind":"Name","value":"archived"}},{"kind":"Field","name":{"kind":"Name","value":"latestMessageTimestamp"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MutationUserError"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]} as unknown as DocumentNode<UnassignThreadMutation, UnassignThreadMutationVariables>;