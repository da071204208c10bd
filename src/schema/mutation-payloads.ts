import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { HubSpotMessage, HubSpotThread } from '../hubspot/schemas.ts';
import { builder } from './builder.ts';
import { loaderCost, loadersFor } from './loaders.ts';
import { ChannelMessage, ThreadComment } from './message.ts';
import { Thread } from './refs.ts';
import { selectedSubfields } from './selection.ts';
import { UserError, type UserErrorShape } from './user-error.ts';

/** What a mutation resolver hands its payload: the thread is resolved only when selected. */
export interface ThreadPayloadShape {
  /** The thread acted on; null when the input named none usable (nothing is read then). */
  threadId: string | null;
  /** The thread as HubSpot answered the write (PATCH / PUT), or as a diagnosis read it. */
  thread?: HubSpotThread | null;
  /** The thread is archived now: read it with `archived=true`. */
  archived?: boolean;
  userErrors: UserErrorShape[];
}

export interface SendThreadMessagePayloadShape extends ThreadPayloadShape {
  message: HubSpotMessage | null;
}

/**
 * The payload's `thread`: HubSpot's own answer when it returned one (PATCH / PUT return the
 * thread; their answers lack the ticket association, so a selected `ticket` reads it fresh),
 * else one getThread after the change (the request's loader was cleared by the write, and the
 * cross-request cache invalidated, so this never shows the state before it).
 */
async function threadAfter(
  payload: ThreadPayloadShape,
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<HubSpotThread | null> {
  if (payload.threadId === null) return null;
  if (payload.thread && (payload.thread.threadAssociations || !selectedSubfields(info, 'Thread', 'ticket').length)) {
    return payload.thread;
  }
  if (payload.thread === null) return null;
  if (payload.archived) {
    return ctx.hubspot.getThread(payload.threadId, { archived: true, association: ['TICKET'] });
  }
  return loadersFor(ctx).thread.load(payload.threadId);
}

const THREAD_DESCRIPTION =
  'The thread as it is after the mutation (unchanged when `userErrors` is not empty; null when there is no such thread). Free when HubSpot’s answer to the write carries it (status, assign, restore); otherwise one getThread call, only when selected.';
const USER_ERRORS_DESCRIPTION = 'Problems the caller can fix; empty when the mutation succeeded.';

export const ThreadPayload = builder.objectRef<ThreadPayloadShape>('ThreadPayload').implement({
  description: 'The result of a mutation that changes a thread.',
  fields: (t) => ({
    thread: t.field({
      type: Thread,
      nullable: true,
      description: THREAD_DESCRIPTION,
      extensions: loaderCost.thread,
      resolve: (payload, _args, ctx, info) => threadAfter(payload, ctx, info),
    }),
    userErrors: t.expose('userErrors', {
      type: [UserError],
      description: USER_ERRORS_DESCRIPTION,
    }),
  }),
});

export const SendThreadMessagePayload = builder
  .objectRef<SendThreadMessagePayloadShape>('SendThreadMessagePayload')
  .implement({
    description: 'The result of `sendThreadMessage`.',
    fields: (t) => ({
      message: t.expose('message', {
        type: ChannelMessage,
        nullable: true,
        description:
          'The message as HubSpot created it (a ChannelMessage); null when `userErrors` is not empty. Free.',
      }),
      thread: t.field({
        type: Thread,
        nullable: true,
        description: THREAD_DESCRIPTION,
        extensions: loaderCost.thread,
        resolve: (payload, _args, ctx, info) => threadAfter(payload, ctx, info),
      }),
      userErrors: t.expose('userErrors', {
        type: [UserError],
        description: USER_ERRORS_DESCRIPTION,
      }),
    }),
  });

export const AddThreadCommentPayload = builder
  .objectRef<SendThreadMessagePayloadShape>('AddThreadCommentPayload')
  .implement({
    description: 'The result of `addThreadComment`.',
    fields: (t) => ({
      comment: t.field({
        type: ThreadComment,
        nullable: true,
        description:
          'The comment as HubSpot created it (a ThreadComment); null when `userErrors` is not empty. Free.',
        resolve: (payload) => payload.message,
      }),
      thread: t.field({
        type: Thread,
        nullable: true,
        description: THREAD_DESCRIPTION,
        extensions: loaderCost.thread,
        resolve: (payload, _args, ctx, info) => threadAfter(payload, ctx, info),
      }),
      userErrors: t.expose('userErrors', {
        type: [UserError],
        description: USER_ERRORS_DESCRIPTION,
      }),
    }),
  });
