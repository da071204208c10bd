import { HubSpotError } from './errors.ts';
import { type ApiVersion, pathsFor } from './paths.ts';
import {
  actorBatchSchema,
  crmBatchSchema,
  type HubSpotActorBatch,
  type HubSpotCrmBatch,
  type HubSpotInboxPage,
  type HubSpotMessage,
  type HubSpotMessageContent,
  type HubSpotMessagePage,
  type HubSpotThread,
  type HubSpotThreadPage,
  inboxPageSchema,
  messageContentSchema,
  messagePageSchema,
  messageSchema,
  noBodySchema,
  threadPageSchema,
  threadSchema,
} from './schemas.ts';
import type { HubSpotTransport, RequestScope } from './transport.ts';

/** Query parameters of `GET …/threads`, exactly as HubSpot names them. */
export interface ListThreadsParams {
  after?: string;
  /** HubSpot caps a page at 500. */
  limit?: number;
  archived?: boolean;
  associatedContactId?: string;
  associatedTicketId?: string;
  association?: readonly 'TICKET'[];
  /** HubSpot accepts exactly one. */
  inboxId?: string;
  latestMessageTimestampAfter?: string;
  property?: string;
  /** `id` (default) or `latestMessageTimestamp`; `-` prefix (descending) only with associatedContactId. */
  sort?: string;
  threadStatus?: 'OPEN' | 'CLOSED';
}

export interface GetThreadParams {
  archived?: boolean;
  association?: readonly 'TICKET'[];
  property?: string;
}

export interface ListMessagesParams {
  after?: string;
  limit?: number;
  archived?: boolean;
  property?: string;
  /** `-createdAt` (newest first, HubSpot's default) or `createdAt`. */
  sort?: string;
}

/** A delivery identifier, as HubSpot's recipient eggs carry them. */
export interface DeliveryIdentifier {
  type: string;
  value: string;
}

/** `PublicRecipientEgg`. */
export interface RecipientEgg {
  actorId?: string;
  name?: string;
  recipientField?: string;
  deliveryIdentifiers: DeliveryIdentifier[];
}

/** `FILE` attachment egg: a file already in HubSpot's file manager. */
export interface FileAttachmentEgg {
  type: 'FILE';
  fileId: string;
}

/** `PublicConversationsMessageEgg` without its `type` (the client sets `MESSAGE`). */
export interface MessageEgg {
  text: string;
  richText?: string;
  subject?: string;
  attachments: FileAttachmentEgg[];
  channelId: string;
  channelAccountId: string;
  senderActorId: string;
  recipients: RecipientEgg[];
}

/** `PublicCommentEgg` without its `type` (the client sets `COMMENT`). */
export interface CommentEgg {
  text: string;
  richText?: string;
  attachments: FileAttachmentEgg[];
}

export interface BatchReadTicketsParams {
  properties?: readonly string[];
  archived?: boolean;
}

/** The HubSpot operations the gateway uses. Knows HTTP and HubSpot JSON, nothing of GraphQL. */
export interface HubSpotClient {
  /** `GET {conversations}/threads` */
  listThreads(params?: ListThreadsParams): Promise<HubSpotThreadPage>;
  /** `GET {conversations}/threads/{threadId}`; null when HubSpot has no such thread. */
  getThread(threadId: string, params?: GetThreadParams): Promise<HubSpotThread | null>;
  /** `GET {conversations}/threads/{threadId}/messages`; null when the thread does not exist. */
  listMessages(threadId: string, params?: ListMessagesParams): Promise<HubSpotMessagePage | null>;
  /** `GET {conversations}/threads/{threadId}/messages/{messageId}` */
  getMessage(threadId: string, messageId: string): Promise<HubSpotMessage | null>;
  /** `GET {conversations}/threads/{threadId}/messages/{messageId}/original-content` */
  getOriginalContent(threadId: string, messageId: string): Promise<HubSpotMessageContent | null>;
  /** `POST {conversations}/actors/batch/read`; 207 answers carry the unknown ids in `errors`. */
  batchReadActors(actorIds: readonly string[]): Promise<HubSpotActorBatch>;
  /** `GET {conversations}/inboxes` */
  listInboxes(params?: {
    after?: string;
    limit?: number;
    archived?: boolean;
  }): Promise<HubSpotInboxPage>;
  /** `POST {crm tickets}/batch/read` (at most 100 ids per call; HubSpot rejects more). */
  batchReadTickets(
    ticketIds: readonly string[],
    params?: BatchReadTicketsParams,
  ): Promise<HubSpotCrmBatch>;

  // Writes (scope conversations.write). They count against the same rolling budget as reads.
  /**
   * `POST {conversations}/threads/{threadId}/messages` with a MESSAGE egg → 201 message. Sent
   * exactly once: never retried, whatever the failure (HubSpot has no idempotency key, so a
   * retry after a 5xx or timeout could send the message twice).
   */
  sendMessage(threadId: string, egg: MessageEgg): Promise<HubSpotMessage>;
  /** `POST {conversations}/threads/{threadId}/messages` with a COMMENT egg; never retried. */
  addComment(threadId: string, egg: CommentEgg): Promise<HubSpotMessage>;
  /** `PATCH {conversations}/threads/{threadId}` `{status}` → the thread after the change. */
  setThreadStatus(threadId: string, status: 'OPEN' | 'CLOSED'): Promise<HubSpotThread>;
  /** Restore: `PATCH {conversations}/threads/{threadId}?archived=true` `{archived:false}`. */
  restoreThread(threadId: string): Promise<HubSpotThread>;
  /** `DELETE {conversations}/threads/{threadId}` (archives; 204). */
  archiveThread(threadId: string): Promise<void>;
  /** `PUT {assignee}/threads/{threadId}/assignee` `{actorId}` → the thread after the change. */
  assignThread(threadId: string, actorId: string): Promise<HubSpotThread>;
  /** `DELETE {assignee}/threads/{threadId}/assignee` (204). */
  unassignThread(threadId: string): Promise<void>;
}

export interface HubSpotClientOptions {
  transport: HubSpotTransport;
  apiVersion: ApiVersion;
  /** The calling GraphQL request's cancellation, deadline and call accounting. */
  scope?: RequestScope;
}

/** Ticket batch reads accept at most this many ids (HubSpot CRM batch limit). */
export const TICKET_BATCH_LIMIT = 100;

export function createHubSpotClient({
  transport,
  apiVersion,
  scope,
}: HubSpotClientOptions): HubSpotClient {
  const paths = pathsFor(apiVersion);
  const conv = paths.conversations;
  const seg = encodeURIComponent;
  const must = <T>(value: T | null, operation: string): T => {
    // Only lookups by id opt into null-on-404; the others always return a body or throw.
    if (value === null) {
      throw new HubSpotError({ kind: 'malformed', operation, message: 'HubSpot returned no body' });
    }
    return value;
  };

  return {
    async listThreads(params = {}) {
      const page = await transport.request(
        {
          operation: 'listThreads',
          method: 'GET',
          path: `${conv}/threads`,
          query: { ...params },
          idempotent: true,
          schema: threadPageSchema,
        },
        scope,
      );
      return must(page, 'listThreads');
    },
    getThread(threadId, params = {}) {
      return transport.request(
        {
          operation: 'getThread',
          method: 'GET',
          path: `${conv}/threads/${seg(threadId)}`,
          query: { ...params },
          idempotent: true,
          schema: threadSchema,
          nullOn404: true,
        },
        scope,
      );
    },
    listMessages(threadId, params = {}) {
      return transport.request(
        {
          operation: 'listMessages',
          method: 'GET',
          path: `${conv}/threads/${seg(threadId)}/messages`,
          query: { ...params },
          idempotent: true,
          schema: messagePageSchema,
          nullOn404: true,
        },
        scope,
      );
    },
    getMessage(threadId, messageId) {
      return transport.request(
        {
          operation: 'getMessage',
          method: 'GET',
          path: `${conv}/threads/${seg(threadId)}/messages/${seg(messageId)}`,
          idempotent: true,
          schema: messageSchema,
          nullOn404: true,
        },
        scope,
      );
    },
    getOriginalContent(threadId, messageId) {
      return transport.request(
        {
          operation: 'getOriginalContent',
          method: 'GET',
          path: `${conv}/threads/${seg(threadId)}/messages/${seg(messageId)}/original-content`,
          idempotent: true,
          schema: messageContentSchema,
          nullOn404: true,
        },
        scope,
      );
    },
    async batchReadActors(actorIds) {
      const batch = await transport.request(
        {
          operation: 'batchReadActors',
          method: 'POST',
          path: `${conv}/actors/batch/read`,
          body: { inputs: actorIds },
          idempotent: true,
          schema: actorBatchSchema,
        },
        scope,
      );
      return must(batch, 'batchReadActors');
    },
    async listInboxes(params = {}) {
      const page = await transport.request(
        {
          operation: 'listInboxes',
          method: 'GET',
          path: `${conv}/inboxes`,
          query: { ...params },
          idempotent: true,
          schema: inboxPageSchema,
        },
        scope,
      );
      return must(page, 'listInboxes');
    },
    async batchReadTickets(ticketIds, params = {}) {
      if (ticketIds.length > TICKET_BATCH_LIMIT) {
        throw new HubSpotError({
          kind: 'invalid-call',
          operation: 'batchReadTickets',
          message: `batchReadTickets takes at most ${TICKET_BATCH_LIMIT} ids`,
        });
      }
      const batch = await transport.request(
        {
          operation: 'batchReadTickets',
          method: 'POST',
          path: `${paths.tickets}/batch/read`,
          query: { archived: params.archived ?? false },
          body: {
            inputs: ticketIds.map((id) => ({ id })),
            properties: params.properties ?? [],
            propertiesWithHistory: [],
          },
          idempotent: true,
          schema: crmBatchSchema,
        },
        scope,
      );
      return must(batch, 'batchReadTickets');
    },

    async sendMessage(threadId, egg) {
      const message = await transport.request(
        {
          operation: 'sendMessage',
          method: 'POST',
          path: `${conv}/threads/${seg(threadId)}/messages`,
          body: { type: 'MESSAGE', ...egg },
          idempotent: false,
          schema: messageSchema,
        },
        scope,
      );
      return must(message, 'sendMessage');
    },
    async addComment(threadId, egg) {
      const message = await transport.request(
        {
          operation: 'addComment',
          method: 'POST',
          path: `${conv}/threads/${seg(threadId)}/messages`,
          body: { type: 'COMMENT', ...egg },
          idempotent: false,
          schema: messageSchema,
        },
        scope,
      );
      return must(message, 'addComment');
    },
    async setThreadStatus(threadId, status) {
      const thread = await transport.request(
        {
          operation: 'setThreadStatus',
          method: 'PATCH',
          path: `${conv}/threads/${seg(threadId)}`,
          body: { status },
          idempotent: true,
          schema: threadSchema,
        },
        scope,
      );
      return must(thread, 'setThreadStatus');
    },
    async restoreThread(threadId) {
      const thread = await transport.request(
        {
          operation: 'restoreThread',
          method: 'PATCH',
          path: `${conv}/threads/${seg(threadId)}`,
          // HubSpot finds an archived thread only with archived=true.
          query: { archived: true },
          body: { archived: false },
          idempotent: true,
          schema: threadSchema,
        },
        scope,
      );
      return must(thread, 'restoreThread');
    },
    async archiveThread(threadId) {
      await transport.request(
        {
          operation: 'archiveThread',
          method: 'DELETE',
          path: `${conv}/threads/${seg(threadId)}`,
          idempotent: true,
          noContent: true,
          schema: noBodySchema,
        },
        scope,
      );
    },
    async assignThread(threadId, actorId) {
      const thread = await transport.request(
        {
          operation: 'assignThread',
          method: 'PUT',
          path: `${paths.assignee}/threads/${seg(threadId)}/assignee`,
          body: { actorId },
          idempotent: true,
          schema: threadSchema,
        },
        scope,
      );
      return must(thread, 'assignThread');
    },
    async unassignThread(threadId) {
      await transport.request(
        {
          operation: 'unassignThread',
          method: 'DELETE',
          path: `${paths.assignee}/threads/${seg(threadId)}/assignee`,
          idempotent: true,
          noContent: true,
          schema: noBodySchema,
        },
        scope,
      );
    },
  };
}
