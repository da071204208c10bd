/** The query GraphiQL opens with: an inbox page, the first thing a newcomer wants to see. */
export const GRAPHIQL_EXAMPLE_QUERY = `# Welcome to the HubSpot Conversations gateway.
# Run this query (Ctrl+Enter), then explore the Docs panel: every field says what it costs upstream.
query InboxPage {
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
`;
