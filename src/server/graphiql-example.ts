/**
 * The tabs GraphiQL opens with (when the browser has no saved tabs of its own), in order. Each
 * one runs as it is against the embedded simulated portal (`npm start` without a token): the ids
 * below exist there. The browser test (test/browser/graphiql.test.ts) runs every tab.
 *
 * Adding a tab (e.g. a mutation or a subscription): append an entry to GRAPHIQL_EXAMPLE_TABS.
 * Mark a mutation `writes` and a subscription `streams`; the browser test runs a streaming tab on
 * its own (it never finishes) and makes an event for it.
 */
export interface GraphiQLExampleTab {
  /** The operation's name, also what the tab is called. */
  name: string;
  /** The document, with a comment saying what it shows and what it costs upstream. */
  query: string;
  variables?: Record<string, unknown>;
  /**
   * Headers this tab needs besides authentication (e.g. an idempotency key). The auth header of
   * the configured auth mode is pre-filled for every tab, never with a real secret.
   */
  headers?: Record<string, string>;
  /** A mutation: left out of a read-only deployment (MUTATIONS=false). */
  writes?: boolean;
  /**
   * A subscription: it runs until stopped. Left out of a deployment where no event can ever
   * arrive (no mutations, no webhooks, no other replica sharing REDIS_URL).
   */
  streams?: boolean;
}

/** An open thread of the simulated portal with every kind of message and a ticket. */
export const EXAMPLE_THREAD_ID = '8000000380';
/** A ticket of the simulated portal with four associated threads. */
export const EXAMPLE_TICKET_ID = '57774743';

export const GRAPHIQL_EXAMPLE_TABS: GraphiQLExampleTab[] = [
  {
    name: 'InboxWithPreviews',
    query: `# Welcome to the HubSpot Conversations gateway. Run a tab with Ctrl+Enter (or ▶).
# The Docs panel says what every field costs upstream; every response reports
# extensions.cost { estimated, actual } in HubSpot calls.
#
# An inbox page with a preview of each thread's latest message:
# 1 thread list + 1 message page per thread = 11 HubSpot calls.
query InboxWithPreviews {
  threads(first: 10, filter: { status: OPEN }) {
    edges {
      cursor
      node {
        id
        status
        latestMessageTimestamp
        assignedTo
        ticket { id }
        messages(first: 1) {
          edges { node { __typename createdAt ... on ChannelMessage { text } } }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  },
  {
    name: 'ThreadDetail',
    query: `# One thread with its history, senders and ticket. ${EXAMPLE_THREAD_ID} is a thread of the
# simulated portal; with a real portal, use one of yours (the inbox tab lists some).
# getThread + listMessages in parallel, the inbox read and one actors batch read after them:
# 4 HubSpot calls in 2 round trips.
query ThreadDetail($id: ID!) {
  thread(id: $id) {
    id
    status
    inbox { name }
    ticket { id }
    messages(first: 20) {
      edges {
        node {
          __typename
          createdAt
          ... on ChannelMessage { text direction senders { actor { name email } } }
          ... on ThreadComment { text }
          ... on AssignmentChange { assignedTo }
          ... on ThreadStatusChange { newStatus }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
    variables: { id: EXAMPLE_THREAD_ID },
  },
  {
    name: 'TicketThreads',
    query: `# A ticket's conversations. ${EXAMPLE_TICKET_ID} is a ticket of the simulated portal.
# conversationsTicket costs nothing by itself; its threads are 1 thread list (by ticket),
# plus 1 message page per thread for the latest message.
query TicketThreads($ticketId: ID!) {
  conversationsTicket(id: $ticketId) {
    id
    threads(first: 10) {
      edges {
        node {
          id
          status
          latestMessageTimestamp
          messages(first: 1) { edges { node { __typename createdAt ... on ChannelMessage { text } } } }
        }
      }
    }
  }
}
`,
    variables: { ticketId: EXAMPLE_TICKET_ID },
  },
  {
    name: 'ReplyAndClose',
    writes: true,
    query: `# Reply to a thread, then close it: the two fields run one after the other.
# A reply needs only threadId, text and senderActorId (A-2620022 is an agent of the simulated
# portal): the channel and the recipients default from the thread. Add an idempotencyKey to make
# a retry safe: the POST of a message is never retried automatically.
# Reply: the thread and one history page in parallel (for the defaults) + 1 POST;
# close: 1 PATCH, whose answer is the thread. = 4 HubSpot calls.
mutation ReplyAndClose($threadId: ID!) {
  sendThreadMessage(input: {
    threadId: $threadId
    text: "Thanks for your patience, your refund is on its way!"
    senderActorId: "A-2620022"
  }) {
    message { id createdAt text status { statusType } }
    userErrors { code message field }
  }
  setThreadStatus(input: { threadId: $threadId, status: CLOSED }) {
    thread { id status closedAt latestMessageTimestamp }
    userErrors { code message field }
  }
}
`,
    variables: { threadId: EXAMPLE_THREAD_ID },
  },
  {
    name: 'LiveThreadEvents',
    streams: true,
    query: `# Live changes to threads, as they happen: run it and leave it open (▶ again stops it).
# Events come from HubSpot's webhooks and from this gateway's own mutations (run ReplyAndClose
# in another tab); the simulated portal also makes a change every few seconds
# (SIMULATOR_ACTIVITY_PER_MIN). The pane shows the latest event. Over GraphQL over SSE here;
# graphql-ws on the same /graphql works too.
# Opening it costs nothing. Each event: 1 getThread, + 1 getMessage for NEW_MESSAGE, shared by
# every subscriber with the same HubSpot token. Narrow it with
# threadEvents(filter: { threadId: "…", inboxId: "…", types: [NEW_MESSAGE] }).
subscription LiveThreadEvents {
  threadEvents {
    id
    type
    threadId
    occurredAt
    thread { id status assignedTo latestMessageTimestamp }
    message {
      __typename
      createdAt
      ... on ChannelMessage { text direction senders { actorId name } }
      ... on ThreadComment { text }
    }
  }
}
`,
  },
];
