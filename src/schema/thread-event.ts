import type { GatewayContext } from '../context.ts';
import type { HubSpotMessage, HubSpotThread } from '../hubspot/schemas.ts';
import type { ThreadChange, ThreadChangeType } from '../live/changes.ts';
import { type Delivery, EVENT_CONTEXT } from '../live/fanout.ts';
import { builder } from './builder.ts';
import { enumValues } from './enums.ts';
import { loadersFor } from './loaders.ts';
import { Message } from './message.ts';
import { Thread } from './refs.ts';
import { DateTime } from './scalars.ts';
import { assertHubSpotId } from './validation.ts';
import { createHash } from 'node:crypto';

export const ThreadEventType = builder.enumType('ThreadEventType', {
  description: 'What happened to a thread.',
  values: enumValues<ThreadChangeType>([
    ['THREAD_CREATED', 'A new thread (HubSpot `conversation.creation`).'],
    ['NEW_MESSAGE', 'A new message or comment on the thread (`conversation.newMessage`).'],
    ['STATUS_CHANGED', 'Closed or reopened (`propertyChange` of `status`).'],
    ['ASSIGNMENT_CHANGED', 'Assigned, reassigned or unassigned (`propertyChange` of `assignedTo`).'],
    ['ARCHIVED', 'Archived (`conversation.deletion`: HubSpot deletes it after 30 days).'],
    ['RESTORED', 'Restored from the archive (`propertyChange` of `isArchived` to false).'],
    ['DELETED', 'Permanently deleted (HubSpot’s privacy deletion).'],
  ]),
});

export const ThreadEventFilter = builder.inputType('ThreadEventFilter', {
  description: 'Which thread events a subscription receives; every event when omitted.',
  fields: (t) => ({
    threadId: t.id({ description: 'Only events of this thread.' }),
    inboxId: t.id({ description: 'Only events of threads in this inbox.' }),
    types: t.field({
      type: [ThreadEventType],
      description: 'Only these kinds; all kinds when omitted.',
    }),
  }),
});

/** The reads one event needs, shared by every subscriber with the same HubSpot token. */
interface EventScope {
  context: GatewayContext;
  /** The thread after the event (null: gone, or not readable with this token). */
  thread: Promise<HubSpotThread | null>;
  message: () => Promise<HubSpotMessage | null>;
}

/** What one subscriber receives for one change. */
export interface ThreadEventPayload {
  change: ThreadChange;
  thread: HubSpotThread | null;
  scope: EventScope;
  [EVENT_CONTEXT]: GatewayContext;
}

export const ThreadEvent = builder.objectRef<ThreadEventPayload>('ThreadEvent');

ThreadEvent.implement({
  description:
    'A change to a thread, reported by HubSpot (webhook) or made by this gateway (mutation), delivered once however it was reported.',
  fields: (t) => ({
    id: t.id({
      description:
        'HubSpot’s eventId, or an id of this gateway’s for events raised by its own mutations.',
      resolve: (event) => event.change.id,
    }),
    type: t.field({
      type: ThreadEventType,
      description: 'What happened.',
      resolve: (event) => event.change.type,
    }),
    threadId: t.id({ description: 'The thread’s id.', resolve: (event) => event.change.threadId }),
    occurredAt: t.field({
      type: DateTime,
      description: 'When it happened (HubSpot’s `occurredAt`, or the mutation’s time).',
      resolve: (event) => event.change.occurredAt,
    }),
    thread: t.expose('thread', {
      type: Thread,
      nullable: true,
      description:
        'The thread as it is after the event; null once deleted. Read once per event (one getThread call) and shared by every subscriber with the same HubSpot token.',
    }),
    message: t.field({
      type: Message,
      nullable: true,
      description:
        'NEW_MESSAGE: the new message (one getMessage call per event, shared by every subscriber with the same HubSpot token); null for other kinds.',
      resolve: (event) => event.scope.message(),
    }),
  }),
});

builder.subscriptionType({
  description:
    'Live changes, over GraphQL over SSE (`Accept: text/event-stream`) and graphql-ws, both at /graphql.',
});

builder.subscriptionField('threadEvents', (t) =>
  t.field({
    type: ThreadEvent,
    description:
      'Changes to threads as HubSpot reports them (webhooks) or as this gateway makes them (mutations), each delivered once. Only threads the caller’s HubSpot token can read. Cost per event: at most one getThread (and for NEW_MESSAGE with `message` selected one getMessage) per HubSpot token, however many subscribers receive it.',
    args: {
      filter: t.arg({ type: ThreadEventFilter, description: 'Which events; all when omitted.' }),
    },
    subscribe: (_root, { filter }, ctx) => {
      const threadId =
        filter?.threadId != null ? assertHubSpotId(filter.threadId, 'filter.threadId') : undefined;
      const inboxId =
        filter?.inboxId != null ? assertHubSpotId(filter.inboxId, 'filter.inboxId') : undefined;
      const types = filter?.types != null ? new Set(filter.types) : undefined;
      return ctx.live.subscribe<ThreadEventPayload>({
        callerKey: callerKeyOf(ctx),
        filter: { threadId, types },
        accept: (delivery) => acceptFor(delivery, ctx, inboxId),
      });
    },
    resolve: (event) => event,
  }),
);

/** The event for this subscriber, or undefined when its token cannot see it or its inbox differs. */
async function acceptFor(
  delivery: Delivery,
  ctx: GatewayContext,
  inboxId: string | undefined,
): Promise<ThreadEventPayload | undefined> {
  const { change } = delivery;
  const scope = delivery.scope(ctx.tokenKey, () => createScope(change, ctx));
  const thread = await scope.thread;
  if (change.type === 'DELETED') {
    const knownInbox = ctx.live.readableInbox(ctx.tokenKey, change.threadId);
    const visible =
      knownInbox !== undefined ||
      change.tokenKey === ctx.tokenKey ||
      ctx.tokenKey === ctx.live.trustedTokenKey;
    if (!visible) return undefined;
    if (inboxId !== undefined && knownInbox !== inboxId) return undefined;
  } else {
    if (!thread) return undefined;
    if (inboxId !== undefined && thread.inboxId !== inboxId) return undefined;
  }
  return { change, thread, scope, [EVENT_CONTEXT]: scope.context };
}

function createScope(change: ThreadChange, subscriber: GatewayContext): EventScope {
  const context = subscriber.fork();
  const loaders = loadersFor(context);
  const thread: Promise<HubSpotThread | null> =
    change.type === 'DELETED'
      ? Promise.resolve(null)
      : change.type === 'ARCHIVED'
        ? // HubSpot finds an archived thread only when asked for archived ones.
          context.hubspot
            .getThread(change.threadId, { association: ['TICKET'], archived: true })
            .then((found) => {
              if (found) loaders.thread.prime(change.threadId, found);
              return found;
            })
        : loaders.thread.load(change.threadId);
  thread.then(
    (found) => {
      if (found) subscriber.live.rememberReadable(subscriber.tokenKey, found.id, found.inboxId);
    },
    () => undefined,
  );
  let message: Promise<HubSpotMessage | null> | undefined;
  return {
    context,
    thread,
    message: () => {
      if (change.type !== 'NEW_MESSAGE' || change.messageId === undefined) {
        return Promise.resolve(null);
      }
      message ??= context.hubspot.getMessage(change.threadId, change.messageId);
      return message;
    },
  };
}

/**
 * Who holds a subscription, for the per-caller limit: the inbound API key or bearer token
 * (hashed), else the HubSpot token's identity.
 */
function callerKeyOf(ctx: GatewayContext): string {
  const presented =
    ctx.request.headers.get('x-api-key') ?? ctx.request.headers.get('authorization') ?? undefined;
  if (presented === undefined) return `token:${ctx.tokenKey}`;
  return `caller:${createHash('sha256').update(presented).digest('base64url').slice(0, 22)}`;
}
