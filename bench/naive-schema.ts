/**
 * The naive baseline: the same public schema (the SDL printed from src/schema at run time),
 * implemented the way a hand-written team gateway would be, over the same `src/hubspot` client:
 *
 * - no dataloaders: no batching, no de-duplication, no priming from list pages;
 * - no prefetch: `thread(id) { messages }` asks for the messages once the thread has arrived;
 * - no concurrency: the upstream calls of one GraphQL request are made one after another
 *   (as a `for … await` loop over each list would), each sender's actor read on its own
 *   (`batchReadActors([id])`, one id per call).
 *
 * It implements the fields the four benchmark scenarios select; everything else falls back to
 * graphql-js' default resolvers.
 */
import {
  type GraphQLFieldResolver,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isObjectType,
  printSchema,
} from 'graphql';
import { createSchema } from 'graphql-yoga';
import type { HubSpotClient } from '../src/hubspot/client.ts';
import type { HubSpotMessage, HubSpotThread } from '../src/hubspot/schemas.ts';

export interface NaiveContext {
  /** Runs `call` after every earlier upstream call of this GraphQL request has settled. */
  upstream<T>(call: (client: HubSpotClient) => Promise<T>): Promise<T>;
}

/** One per GraphQL request: chains the request's upstream calls one after another. */
export function naiveContext(client: HubSpotClient): NaiveContext {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    upstream(call) {
      const next = tail.then(() => call(client));
      tail = next.catch(() => undefined);
      return next;
    },
  };
}

type Args = Record<string, unknown>;
type Resolver = GraphQLFieldResolver<unknown, NaiveContext, Args>;

interface Page<T> {
  results: readonly T[];
  paging?: { next?: { after: string } };
}

function connection<T>(page: Page<T> | null) {
  if (page === null) return null;
  const next = page.paging?.next?.after;
  const edges = page.results.map((node, index) => ({
    node,
    cursor: Buffer.from(JSON.stringify([next ?? null, index])).toString('base64url'),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: next !== undefined,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: next ?? null,
    },
  };
}

function messageTypeName(m: HubSpotMessage): string {
  switch (m.type) {
    case 'MESSAGE':
      return 'ChannelMessage';
    case 'COMMENT':
      return 'ThreadComment';
    case 'WELCOME_MESSAGE':
      return 'WelcomeMessage';
    case 'ASSIGNMENT':
      return 'AssignmentChange';
    case 'THREAD_STATUS_CHANGE':
      return 'ThreadStatusChange';
    case 'THREAD_INBOX_CHANGE':
      return 'ThreadInboxChange';
    default:
      return 'UnknownMessage';
  }
}

const ATTACHMENT_TYPE_NAMES: Record<string, string> = {
  FILE: 'FileAttachment',
  LOCATION: 'LocationAttachment',
  CONTACT: 'ContactAttachment',
  UNSUPPORTED_CONTENT: 'UnsupportedContentAttachment',
  MESSAGE_HEADER: 'MessageHeaderAttachment',
  QUICK_REPLIES: 'QuickRepliesAttachment',
  WHATSAPP_TEMPLATE_METADATA: 'WhatsAppTemplateMetadataAttachment',
  SOCIAL_MEDIA_METADATA: 'SocialMediaMetadataAttachment',
};

const keyValues = (map: unknown) =>
  map && typeof map === 'object'
    ? Object.entries(map).map(([key, value]) => ({
        key,
        value: value == null ? null : String(value),
      }))
    : [];

function listThreads(ctx: NaiveContext, args: Args, extra: Record<string, string>) {
  const filter = (args.filter ?? {}) as Record<string, unknown>;
  return ctx
    .upstream((c) =>
      c.listThreads({
        limit: (args.first as number | null) ?? 20,
        after: (args.after as string | null) ?? undefined,
        association: ['TICKET'],
        inboxId: filter.inboxId as string | undefined,
        threadStatus: filter.status as 'OPEN' | 'CLOSED' | undefined,
        ...extra,
      }),
    )
    .then(connection);
}

const messageFields: Record<string, Resolver> = {
  type: (m) => {
    const type = (m as HubSpotMessage).type;
    return messageTypeName(m as HubSpotMessage) === 'UnknownMessage' ? 'UNKNOWN' : type;
  },
  threadId: (m) => (m as HubSpotMessage).conversationsThreadId,
  rawType: (m) => (m as HubSpotMessage).type,
  truncationStatus: (m) => (m as HubSpotMessage).truncationStatus ?? 'NOT_TRUNCATED',
};

/** Builds the naive schema from the gateway's client-facing SDL. */
export function createNaiveSchema(
  sdl: string,
  options: { entities: boolean; ticketField: string | null },
): GraphQLSchema {
  const typeDefs = options.entities
    ? `${sdl}\nscalar _Any\nunion _Entity = Ticket | Thread\nextend type Query { _entities(representations: [_Any!]!): [_Entity]! }\n`
    : sdl;
  const resolvers = {
    DateTime: {
      // graphql-tools scalar config: HubSpot's timestamps as ISO-8601 UTC.
      serialize: (value: unknown) => new Date(value as string).toISOString(),
    },
    Query: {
      threads: ((_root, args, ctx) => listThreads(ctx, args, {})) as Resolver,
      thread: ((_root, args, ctx) =>
        ctx.upstream((c) => c.getThread(String(args.id), { association: ['TICKET'] }))) as Resolver,
      ...(options.ticketField
        ? { [options.ticketField]: ((_root, args) => ({ id: String(args.id) })) as Resolver }
        : {}),
      ...(options.entities
        ? {
            _entities: ((_root, args) =>
              (args.representations as { __typename: string; id: string }[]).map((r) => ({
                ...r,
              }))) as Resolver,
          }
        : {}),
    },
    ...(options.entities
      ? { _Entity: { __resolveType: (o: { __typename: string }) => o.__typename } }
      : {}),
    Ticket: {
      threads: ((ticket, args, ctx) =>
        listThreads(ctx, args, { associatedTicketId: (ticket as { id: string }).id })) as Resolver,
    },
    Thread: {
      status: ((t) => ((t as HubSpotThread).status === 'CLOSED' ? 'CLOSED' : 'OPEN')) as Resolver,
      rawStatus: ((t) => (t as HubSpotThread).status) as Resolver,
      ticket: ((t) => {
        const id = (t as HubSpotThread).threadAssociations?.associatedTicketId;
        return id === undefined ? null : { id };
      }) as Resolver,
      messages: ((t, args, ctx) =>
        ctx
          .upstream((c) =>
            c.listMessages((t as HubSpotThread).id, {
              limit: (args.first as number | null) ?? 20,
              after: (args.after as string | null) ?? undefined,
            }),
          )
          .then(connection)) as Resolver,
    },
    Message: { __resolveType: messageTypeName },
    ChannelMessage: messageFields,
    ThreadComment: messageFields,
    WelcomeMessage: messageFields,
    AssignmentChange: messageFields,
    ThreadStatusChange: messageFields,
    ThreadInboxChange: messageFields,
    UnknownMessage: messageFields,
    MessageSender: {
      actor: ((s, _args, ctx) => {
        const actorId = (s as { actorId?: string }).actorId;
        if (!actorId) return null;
        return ctx
          .upstream((c) => c.batchReadActors([actorId]))
          .then((batch) => batch.results[0] ?? null);
      }) as Resolver,
    },
    MessageFailureDetails: {
      errorMessageTokens: ((f) =>
        keyValues((f as { errorMessageTokens?: unknown }).errorMessageTokens)) as Resolver,
    },
    Attachment: {
      __resolveType: (a: { type: string }) => ATTACHMENT_TYPE_NAMES[a.type] ?? 'UnknownAttachment',
    },
    UnknownAttachment: {
      type: () => 'UNKNOWN',
      rawType: ((a) => (a as { type: string }).type) as Resolver,
    },
    WhatsAppTemplateMetadataAttachment: {
      crmObjectIds: ((a) => keyValues((a as { crmObjectIds?: unknown }).crmObjectIds)) as Resolver,
      parameters: ((a) => keyValues((a as { parameters?: unknown }).parameters)) as Resolver,
    },
  };
  const schema = createSchema<NaiveContext>({
    typeDefs,
    resolvers,
    inheritResolversFromInterfaces: true,
    // `messageFields` is shared by every message type; each uses what it declares.
    resolverValidationOptions: { requireResolversToMatchSchema: 'ignore' },
  });
  tolerateUnknownEnumValues(schema);
  return schema;
}

/**
 * HubSpot adds enum values: every field of an enum type that has an UNKNOWN value reads a value
 * it does not know as UNKNOWN (what any gateway over HubSpot has to do to survive a week).
 */
function tolerateUnknownEnumValues(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isEnumType(named) || !named.getValue('UNKNOWN')) continue;
      const known = new Set(named.getValues().map((v) => v.value as string));
      const inner = field.resolve;
      field.resolve = (source, args, ctx, info) => {
        const value = inner
          ? inner(source, args, ctx, info)
          : (source as Record<string, unknown>)[info.fieldName];
        return typeof value === 'string' && known.has(value) ? value : 'UNKNOWN';
      };
    }
  }
}

/** The client-facing SDL of `schema` (the gateway's own types, no federation internals). */
export function clientSdl(schema: GraphQLSchema): string {
  return printSchema(schema);
}
