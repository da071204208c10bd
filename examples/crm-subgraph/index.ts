/**
 * EXAMPLE ONLY — a small, in-memory stand-in for the company's CRM subgraph, so that the
 * supergraph can be composed and tried locally (`npm run supergraph`) and tested end to end
 * (test/federation/). It is not part of the gateway and never talks to HubSpot.
 *
 * Built with @apollo/subgraph (SDL first), as another team would, to show that the gateway's
 * Pothos subgraph composes with an independently written one. It owns Ticket's CRM fields and
 * the Contact entity, and references conversation threads (Thread) by id only.
 */
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { GraphQLScalarType, type GraphQLSchema, Kind, parse } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { generateDataset, type SimulatedDataset } from '../../src/simulator/index.ts';
import { type CrmContact, type CrmData, type CrmTicket, crmDataFrom } from './data.ts';

export const CRM_TYPE_DEFS = /* GraphQL */ `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])

  "An ISO-8601 date-time in UTC, e.g. 2026-11-07T05:31:56.000Z."
  scalar DateTime

  "A support ticket: the CRM owns its own fields."
  type Ticket @key(fields: "id") {
    "HubSpot ticket id."
    id: ID!
    "Ticket name."
    subject: String
    "LOW, MEDIUM or HIGH."
    priority: String
    "Pipeline stage id."
    pipelineStage: String
    "When the ticket was created."
    createdAt: DateTime
    "Every CRM property of the ticket."
    properties: [KeyValue!]!
  }

  "One entry of a string map (shared with other subgraphs)."
  type KeyValue @shareable {
    "The entry name."
    key: String!
    "The entry value."
    value: String
  }

  "A CRM contact."
  type Contact @key(fields: "id") {
    "HubSpot contact id."
    id: ID!
    "First name."
    firstName: String
    "Last name."
    lastName: String
    "Primary email address."
    email: String
  }

  "A conversation thread, owned by the conversations subgraph: referenced here by id only."
  type Thread @key(fields: "id", resolvable: false) {
    "HubSpot thread id."
    id: ID!
  }

  "A CRM case that points at the ticket, the contact and the conversation it is about."
  type SupportCase @key(fields: "id") {
    "Case id."
    id: ID!
    "Short description of the case."
    title: String!
    "The ticket the case tracks."
    ticket: Ticket!
    "The customer; null when the thread's contact is a visitor the CRM does not know."
    contact: Contact
    "The conversation the case started from (resolved by the conversations subgraph)."
    thread: Thread
  }

  "Paging state (shared with other subgraphs)."
  type PageInfo @shareable {
    "True when more items follow."
    hasNextPage: Boolean!
    "Always false: forward-only."
    hasPreviousPage: Boolean!
    "Cursor of the first edge."
    startCursor: String
    "Cursor of the last edge."
    endCursor: String
  }

  "A page of contacts."
  type ContactConnection {
    "The contacts of this page."
    edges: [ContactEdge!]!
    "Paging state of this page."
    pageInfo: PageInfo!
  }

  "One contact and its cursor."
  type ContactEdge {
    "Position of this edge."
    cursor: String!
    "The contact."
    node: Contact!
  }

  "The CRM's entry points."
  type Query {
    "Tickets, in CRM order."
    tickets("How many (1 to 100)." first: Int = 10): [Ticket!]!
    "One ticket; null when the CRM has no such ticket."
    ticket("HubSpot ticket id." id: ID!): Ticket
    "Contacts, forward-paginated."
    contacts(
      "How many (1 to 100)."
      first: Int = 20
      "Continue after this cursor."
      after: String
    ): ContactConnection!
    "One contact; null when the CRM has no such contact."
    contact("HubSpot contact id." id: ID!): Contact
    "Support cases, in CRM order."
    supportCases("How many (1 to 100)." first: Int = 5): [SupportCase!]!
    "One support case."
    supportCase("Case id." id: ID!): SupportCase
  }
`;

export interface CrmSubgraph {
  /** The records it serves. */
  data: CrmData;
  schema: GraphQLSchema;
  /** The subgraph SDL (with federation directives), as composition reads it. */
  sdl: string;
  /** yoga serving the subgraph at /graphql: `yoga.fetch` in process, or `createServer(yoga)`. */
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;
}

const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 date-time in UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => String(value),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? ast.value : null),
});

function pageSize(first: unknown): number {
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > 100) {
    throw new Error('`first` must be an integer from 1 to 100.');
  }
  return first;
}

function resolvers(data: CrmData): GraphQLResolverMap<unknown> {
  const ticketRef = (id: string) => data.ticketById.get(id) ?? null;
  return {
    DateTime,
    Query: {
      tickets: (_root, args: { first: number }) => data.tickets.slice(0, pageSize(args.first)),
      ticket: (_root, args: { id: string }) => ticketRef(args.id),
      contacts: (_root, args: { first: number; after?: string | null }) => {
        const start = args.after == null ? 0 : Number(args.after) + 1;
        if (!Number.isInteger(start) || start < 0) throw new Error('Invalid `after` cursor.');
        const slice = data.contacts.slice(start, start + pageSize(args.first));
        const edges = slice.map((node, i) => ({ cursor: String(start + i), node }));
        return {
          edges,
          pageInfo: {
            hasNextPage: start + slice.length < data.contacts.length,
            hasPreviousPage: false,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        };
      },
      contact: (_root, args: { id: string }) => data.contactById.get(args.id) ?? null,
      supportCases: (_root, args: { first: number }) =>
        data.supportCases.slice(0, pageSize(args.first)),
      supportCase: (_root, args: { id: string }) => data.supportCaseById.get(args.id) ?? null,
    },
    Ticket: {
      __resolveReference: (ref: { id: string }) => ticketRef(ref.id),
      properties: (ticket: CrmTicket) =>
        Object.entries(ticket.properties).map(([key, value]) => ({ key, value })),
    },
    Contact: {
      __resolveReference: (ref: { id: string }): CrmContact | null =>
        data.contactById.get(ref.id) ?? null,
    },
    SupportCase: {
      __resolveReference: (ref: { id: string }) => data.supportCaseById.get(ref.id) ?? null,
      ticket: (c: { ticketId: string }) => ticketRef(c.ticketId),
      contact: (c: { contactId: string }) => data.contactById.get(c.contactId) ?? null,
      // A reference: only the id; the conversations subgraph resolves the thread's fields.
      thread: (c: { threadId: string }) => ({ id: c.threadId }),
    },
  };
}

/** The sample CRM subgraph over `dataset` (default: the simulator's default data set). */
export function createCrmSubgraph(dataset: SimulatedDataset = generateDataset()): CrmSubgraph {
  const data = crmDataFrom(dataset);
  const schema = buildSubgraphSchema({
    typeDefs: parse(CRM_TYPE_DEFS),
    resolvers: resolvers(data),
  });
  const yoga = createYoga<Record<string, unknown>>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: false,
  });
  return { data, schema, sdl: printSubgraphSchema(schema), yoga };
}
