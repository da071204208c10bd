/**
 * The four benchmark scenarios: their GraphQL documents (kept here and nowhere else), the
 * smallest number of HubSpot calls each can cost, and the number of upstream round trips that
 * truly depend on each other (the critical path at a fixed upstream latency).
 */
import type { SimulatedDataset } from '../src/simulator/index.ts';

export type ScenarioId = 'S1' | 'S2' | 'S3' | 'S4';
export const SCENARIO_IDS: readonly ScenarioId[] = ['S1', 'S2', 'S3', 'S4'];

export interface Scenario {
  id: ScenarioId;
  title: string;
  query: string;
  variables: Record<string, unknown>;
  /** Fewest upstream calls that can answer the query. */
  minCalls: number;
  /** What `minCalls` is made of. */
  minCallsWhy: string;
  /** Dependent upstream round trips (critical path = trips × upstream latency). */
  trips: number;
}

/** Data-set facts the scenarios need, picked once by the simulator process. */
export interface Fixtures {
  /** S3: a thread with at least 50 messages, none of a type this schema does not know. */
  detailThreadId: string;
  detailMessages: number;
  /** S4: the ticket with the most (non-archived) threads. */
  ticketId: string;
  ticketThreads: number;
}

export function pickFixtures(data: SimulatedDataset): Fixtures {
  const future = new Set(data.futureTypeThreadIds);
  const detail = data.threads.find(
    (t) => !t.archived && !future.has(t.id) && (data.messagesByThread.get(t.id)?.length ?? 0) >= 50,
  );
  if (!detail) throw new Error('the data set has no thread with 50 messages');
  let ticketId = '';
  let ticketThreads = 0;
  for (const ticket of data.tickets) {
    const open = ticket.threadIds.filter((id) => data.threadById.get(id)?.archived === false);
    if (open.length > ticketThreads && open.length <= 20) {
      ticketId = ticket.id;
      ticketThreads = open.length;
    }
  }
  if (ticketThreads < 2) throw new Error('the data set has no ticket with several threads');
  return {
    detailThreadId: detail.id,
    detailMessages: Math.min(50, data.messagesByThread.get(detail.id)?.length ?? 0),
    ticketId,
    ticketThreads,
  };
}

/** S1, as test/operations/InboxPage.graphql: one page of 50 threads, every scalar and ticket id. */
const INBOX_PAGE = `query InboxPage($first: Int = 50) {
  threads(first: $first) {
    edges {
      cursor
      node {
        id status createdAt closedAt inboxId associatedContactId assignedTo originalChannelId
        originalChannelAccountId latestMessageTimestamp latestMessageSentTimestamp
        latestMessageReceivedTimestamp spam archived
        ticket { id }
      }
    }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

/** S2, as test/operations/InboxWithPreviews.graphql: 20 threads, each with its latest 5 messages. */
const INBOX_WITH_PREVIEWS = `query InboxWithPreviews($first: Int = 20, $previews: Int = 5) {
  threads(first: $first) {
    edges {
      node {
        id status latestMessageTimestamp
        ticket { id }
        messages(first: $previews) {
          edges {
            node {
              __typename id type createdAt createdBy
              senders { actorId name }
              ... on ChannelMessage { text direction }
              ... on ThreadComment { text }
              ... on WelcomeMessage { text }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** S3, as test/operations/ThreadDetail.graphql: one thread, 50 messages, senders as actors. */
const THREAD_DETAIL = `query ThreadDetail($id: ID!, $first: Int = 50) {
  thread(id: $id) {
    id status createdAt closedAt inboxId associatedContactId assignedTo latestMessageTimestamp
    spam archived
    ticket { id }
    messages(first: $first) {
      edges {
        cursor
        node {
          __typename id type threadId createdAt updatedAt createdBy archived
          client { clientType integrationAppId }
          senders {
            actorId name senderField
            deliveryIdentifier { type value }
            actor { id type name email avatar }
          }
          recipients { actorId name recipientField deliveryIdentifier { type value } }
          ... on ChannelMessage {
            text richText subject direction truncationStatus channelId channelAccountId inReplyToId
            status { statusType failureDetails { errorMessage errorMessageTokens { key value } } }
            attachments { ...AttachmentFields }
          }
          ... on ThreadComment { text richText attachments { ...AttachmentFields } }
          ... on WelcomeMessage { text richText channelId channelAccountId }
          ... on AssignmentChange { assignedTo assignedFrom }
          ... on ThreadStatusChange { newStatus }
          ... on ThreadInboxChange { fromInboxId toInboxId }
          ... on UnknownMessage { rawType }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}

fragment AttachmentFields on Attachment {
  __typename type
  ... on FileAttachment { fileId fileUsageType name url }
  ... on LocationAttachment { latitude longitude address name url }
  ... on ContactAttachment {
    contactProfile {
      name { firstName lastName }
      org { company title }
      emails { type email }
      phones { type phone }
      addresses { type street city countryCode }
      urls { type url }
    }
  }
  ... on MessageHeaderAttachment { fileId text }
  ... on QuickRepliesAttachment { allowMultiSelect allowUserInput quickReplies { value valueType label } }
  ... on WhatsAppTemplateMetadataAttachment {
    crmObjectIds { key value } parameters { key value } contentId mappedTemplateId rootMicId
  }
  ... on SocialMediaMetadataAttachment {
    socialMetadata { mediaType id mediaTitle mediaUrl thumbnailUrl }
  }
  ... on UnknownAttachment { rawType }
}`;

/** S4's selection on a Ticket, as test/operations/TicketThreads.graphql. */
const TICKET_THREADS_SELECTION = `id
    threads(first: $first) {
      edges {
        cursor
        node {
          id status latestMessageTimestamp
          ticket { id }
          messages(first: 1) {
            edges {
              node {
                __typename id type createdAt
                ... on ChannelMessage { text direction }
                ... on ThreadComment { text }
              }
            }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }`;

/**
 * How S4 reaches a ticket: the name of the Query field that takes a ticket id and returns a
 * Ticket (`ticket`, renamed `conversationsTicket` for federation), or `_entities` when the schema
 * has no such field. Read from the running schema, so a rename does not break the bench.
 */
export type TicketEntry = string;

/** Finds S4's entry point in a `__type(name: "Query") { fields { name args { name } type … } }`. */
export function findTicketEntry(
  fields: readonly { name: string; args: { name: string }[]; type: TypeRef }[],
): TicketEntry {
  const named = (t: TypeRef | null | undefined): string | null =>
    t ? (t.name ?? named(t.ofType)) : null;
  const field = fields.find(
    (f) => named(f.type) === 'Ticket' && f.args.length === 1 && f.args[0]?.name === 'id',
  );
  return field?.name ?? '_entities';
}

export interface TypeRef {
  name: string | null;
  ofType?: TypeRef | null;
}

function ticketThreadsQuery(entry: TicketEntry): string {
  if (entry !== '_entities') {
    return `query TicketThreads($ticketId: ID!, $first: Int = 20) {
  ${entry}(id: $ticketId) {
    ${TICKET_THREADS_SELECTION}
  }
}`;
  }
  return `query TicketThreads($representations: [_Any!]!, $first: Int = 20) {
  _entities(representations: $representations) {
    ... on Ticket {
      ${TICKET_THREADS_SELECTION}
    }
  }
}`;
}

export function buildScenarios(fixtures: Fixtures, ticketEntry: TicketEntry): Scenario[] {
  return [
    {
      id: 'S1',
      title: 'inbox page: threads(first: 50), scalars + ticket { id }',
      query: INBOX_PAGE,
      variables: {},
      minCalls: 1,
      minCallsWhy: '1 listThreads (association=TICKET)',
      trips: 1,
    },
    {
      id: 'S2',
      title: 'inbox with previews: threads(first: 20) × messages(first: 5)',
      query: INBOX_WITH_PREVIEWS,
      variables: {},
      minCalls: 21,
      minCallsWhy: '1 listThreads + 20 listMessages',
      trips: 2,
    },
    {
      id: 'S3',
      title: `thread detail: thread(id) × messages(first: 50) × senders.actor`,
      query: THREAD_DETAIL,
      variables: { id: fixtures.detailThreadId },
      minCalls: 3,
      minCallsWhy: 'getThread ∥ listMessages, then 1 actors batch',
      trips: 2,
    },
    {
      id: 'S4',
      title: `a ticket's ${fixtures.ticketThreads} threads × latest message (${ticketEntry})`,
      query: ticketThreadsQuery(ticketEntry),
      variables:
        ticketEntry !== '_entities'
          ? { ticketId: fixtures.ticketId }
          : { representations: [{ __typename: 'Ticket', id: fixtures.ticketId }] },
      minCalls: 1 + fixtures.ticketThreads,
      minCallsWhy: `1 listThreads (associatedTicketId) + ${fixtures.ticketThreads} listMessages`,
      trips: 2,
    },
  ];
}

/** The body a scenario sends (the same bytes on every request). */
export function requestBody(scenario: Scenario): string {
  return JSON.stringify({ query: scenario.query, variables: scenario.variables });
}
