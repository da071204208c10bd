import { randomUUID } from 'node:crypto';
import type { GatewayContext } from '../context.ts';
import { gatewayError } from '../error-codes.ts';
import type { CommentEgg, MessageEgg, RecipientEgg } from '../hubspot/client.ts';
import { HubSpotError } from '../hubspot/errors.ts';
import type { HubSpotMessage, HubSpotThread } from '../hubspot/schemas.ts';
import type { ThreadChangeType } from '../live/changes.ts';
import { IdempotencyKeyReused, runIdempotent } from '../mutations/idempotency.ts';
import { builder } from './builder.ts';
import { loadersFor } from './loaders.ts';
import {
  AddThreadCommentInput,
  type AddThreadCommentInputShape,
  AssignThreadInput,
  SendThreadMessageInput,
  type SendThreadMessageInputShape,
  SetThreadStatusInput,
  ThreadInput,
} from './mutation-inputs.ts';
import {
  AddThreadCommentPayload,
  type SendThreadMessagePayloadShape,
  SendThreadMessagePayload,
  ThreadPayload,
  type ThreadPayloadShape,
} from './mutation-payloads.ts';
import { checkAgentActorId, checkCommentInput, checkSendInput, checkThreadId } from './mutation-validation.ts';
import { upstreamCost } from './upstream-cost.ts';
import { userError, type UserErrorShape } from './user-error.ts';

/**
 * The mutations of the contract (live.graphql) over HubSpot's write endpoints.
 *
 * Every mutation: checks its input (user errors, no call); makes the write; on success clears the
 * request's loaders, awaits the cache invalidation of the thread and publishes the change, so a
 * following query (here or on another replica) never shows the state before it. HubSpot's
 * 400 / 404 become user errors (after at most two reads to tell an archived thread from a missing
 * one, when HubSpot's answer does not name the field at fault); everything else (401, 403, 429,
 * 5xx, timeouts) is a top-level error with the gateway's code table.
 */

/** How far back (before the first attempt started) an unknown-outcome retry looks for its message: clock skew. */
const HISTORY_SKEW_MS = 60_000;
/** Pages of history (100 each) read to find the latest incoming message, or a lost message. */
const HISTORY_PAGES = 3;
const HISTORY_PAGE_LIMIT = 100;

type WriteOperation =
  | 'sendThreadMessage'
  | 'addThreadComment'
  | 'setThreadStatus'
  | 'assignThread'
  | 'unassignThread'
  | 'archiveThread'
  | 'restoreThread';

/** HubSpot's request fields (errors[].in) → the input field and code. */
const HUBSPOT_FIELDS: Record<string, { field: string; code: UserErrorShape['code'] }> = {
  senderActorId: { field: 'senderActorId', code: 'INVALID_ACTOR' },
  actorId: { field: 'actorId', code: 'INVALID_ACTOR' },
  text: { field: 'text', code: 'INVALID_INPUT' },
  richText: { field: 'richText', code: 'INVALID_INPUT' },
  subject: { field: 'subject', code: 'INVALID_INPUT' },
  channelId: { field: 'channelId', code: 'INVALID_INPUT' },
  channelAccountId: { field: 'channelAccountId', code: 'INVALID_INPUT' },
  recipients: { field: 'recipients', code: 'INVALID_INPUT' },
  attachments: { field: 'fileIds', code: 'INVALID_INPUT' },
  status: { field: 'status', code: 'INVALID_INPUT' },
};

const refused = (status: number | undefined) => status === 400 || status === 404;

/** Did HubSpot possibly create the message although the call failed? */
function outcomeUnknown(error: unknown): boolean {
  if (!(error instanceof HubSpotError)) return false;
  switch (error.kind) {
    case 'timeout':
    case 'network':
    case 'malformed':
    case 'aborted':
      return true;
    case 'http':
      return (error.status ?? 0) >= 500;
    default:
      return false;
  }
}

/** The top-level error of a POST whose outcome is unknown: say so, and how to retry safely. */
function unknownOutcomeError(error: HubSpotError, what: 'message' | 'comment', keyed: boolean) {
  const timeout = error.kind === 'timeout' || error.kind === 'aborted';
  const how = keyed
    ? 'Retry with the same `idempotencyKey`: the gateway then looks for it in the thread’s history first and sends it only if it is not there.'
    : `Check the thread’s history before sending again; pass an \`idempotencyKey\` so that a retry is safe (the gateway then looks for the ${what} first).`;
  return gatewayError(
    timeout ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
    `HubSpot ${timeout ? 'did not answer in time' : 'failed'} while creating the ${what}: it may or may not have been created (not retried automatically). ${how}`,
    {
      extensions: {
        outcome: 'UNKNOWN',
        ...(error.correlationId ? { correlationId: error.correlationId } : {}),
      },
    },
  );
}

/** After a successful write: nothing this request or any other reads shows the old state. */
async function afterWrite(
  ctx: GatewayContext,
  threadId: string,
  type: ThreadChangeType,
  messageId?: string,
): Promise<void> {
  const loaders = loadersFor(ctx);
  loaders.thread.clear(threadId);
  loaders.messagePage.clearAll();
  await ctx.cache.invalidateThread(threadId);
  ctx.changes.publish({
    id: `gw-${randomUUID()}`,
    type,
    threadId,
    occurredAt: new Date().toISOString(),
    ...(messageId ? { messageId } : {}),
    source: 'mutation',
    tokenKey: ctx.tokenKey,
  });
}

type ThreadState =
  | { state: 'missing' }
  | { state: 'archived'; thread: HubSpotThread }
  | { state: 'live'; thread: HubSpotThread };

/** Where the thread is now: in the trash, live, or gone (one or two getThread calls). */
async function locateThread(ctx: GatewayContext, threadId: string): Promise<ThreadState> {
  const archived = await ctx.hubspot.getThread(threadId, { archived: true, association: ['TICKET'] });
  if (archived?.archived) return { state: 'archived', thread: archived };
  const loaders = loadersFor(ctx);
  loaders.thread.clear(threadId);
  const live = archived ?? (await loaders.thread.load(threadId));
  return live ? { state: 'live', thread: live } : { state: 'missing' };
}

const notFound = (threadId: string) =>
  userError('THREAD_NOT_FOUND', `HubSpot has no thread ${threadId}.`, ['input', 'threadId']);
const archivedError = (threadId: string) =>
  userError('THREAD_ARCHIVED', `Thread ${threadId} is archived: restore it first (restoreThread).`, [
    'input',
    'threadId',
  ]);

interface RefusalOptions {
  /** The state the mutation asked for already holds (a no-op then succeeds). */
  alreadyDone?: (state: ThreadState) => boolean;
  /** What a refusal of a live thread means when HubSpot names no field. */
  liveRefusal: () => UserErrorShape;
}

/**
 * HubSpot refused a write (400 / 404): the user error it means, or the thread if the mutation
 * turns out to be a no-op. HubSpot's text is never shown; its `errors[].in` names the field.
 */
async function explainRefusal(
  ctx: GatewayContext,
  operation: WriteOperation,
  threadId: string,
  error: HubSpotError,
  options: RefusalOptions,
): Promise<ThreadPayloadShape> {
  const named = (error.invalidFields ?? []).flatMap((name) => {
    const known = HUBSPOT_FIELDS[name];
    return known ? [known] : [];
  });
  if (error.status === 400 && named.length > 0) {
    return {
      threadId,
      userErrors: named.map(({ field, code }) =>
        userError(
          code,
          code === 'INVALID_ACTOR'
            ? `HubSpot does not accept \`${field}\`: it must be a user (agent) of this portal who can act on the thread.`
            : `HubSpot refused \`${field}\`; check its value.`,
          ['input', field],
        ),
      ),
    };
  }
  const where = await locateThread(ctx, threadId);
  if (options.alreadyDone?.(where)) {
    return {
      threadId,
      thread: where.state === 'missing' ? null : where.thread,
      archived: where.state === 'archived',
      userErrors: [],
    };
  }
  if (where.state === 'missing') return { threadId, thread: null, userErrors: [notFound(threadId)] };
  if (where.state === 'archived' && operation !== 'restoreThread') {
    return { threadId, thread: where.thread, archived: true, userErrors: [archivedError(threadId)] };
  }
  return {
    threadId,
    thread: where.thread,
    archived: where.state === 'archived',
    userErrors: [options.liveRefusal()],
  };
}

/** Runs a thread write; a 400 / 404 becomes user errors (or a no-op), anything else throws. */
async function threadWrite(
  ctx: GatewayContext,
  operation: WriteOperation,
  threadId: string,
  change: ThreadChangeType,
  write: () => Promise<HubSpotThread | null>,
  options: RefusalOptions & { archivedAfter?: boolean },
): Promise<ThreadPayloadShape> {
  let answer: HubSpotThread | null;
  try {
    answer = await write();
  } catch (error) {
    if (error instanceof HubSpotError && error.kind === 'http' && refused(error.status)) {
      return explainRefusal(ctx, operation, threadId, error, options);
    }
    throw error;
  }
  await afterWrite(ctx, threadId, change);
  return { threadId, thread: answer ?? undefined, archived: options.archivedAfter, userErrors: [] };
}

const invalid = (errors: UserErrorShape[]): ThreadPayloadShape & SendThreadMessagePayloadShape => ({
  threadId: null,
  message: null,
  userErrors: errors,
});

// ---------------------------------------------------------------------------------------------
// sendThreadMessage / addThreadComment
// ---------------------------------------------------------------------------------------------

const toFiles = (fileIds: readonly string[] | null | undefined) =>
  (fileIds ?? []).map((fileId) => ({ type: 'FILE' as const, fileId }));

/** Newest-first history pages, up to HISTORY_PAGES; stops when `enough` says so. */
async function walkHistory(
  ctx: GatewayContext,
  threadId: string,
  fresh: boolean,
  visit: (message: HubSpotMessage) => boolean,
): Promise<'found' | 'end' | 'missing'> {
  let after: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const result = fresh
      ? await ctx.hubspot.listMessages(threadId, {
          limit: HISTORY_PAGE_LIMIT,
          ...(after === undefined ? {} : { after }),
        })
      : await loadersFor(ctx).messagePage.load({ threadId, after, limit: HISTORY_PAGE_LIMIT });
    if (result === null) return 'missing';
    for (const message of result.results) if (visit(message)) return 'found';
    const next = result.paging?.next?.after;
    if (next === undefined || next === after) return 'end';
    after = next;
  }
  return 'end';
}

/** A reply's recipients: the senders of the latest INCOMING message, by their delivery identifiers. */
async function replyRecipients(
  ctx: GatewayContext,
  threadId: string,
): Promise<RecipientEgg[] | null | 'missing'> {
  let recipients: RecipientEgg[] | null = null;
  const outcome = await walkHistory(ctx, threadId, false, (message) => {
    if (message.type !== 'MESSAGE' || message.direction !== 'INCOMING') return false;
    const found = message.senders.flatMap((sender) =>
      sender.deliveryIdentifier
        ? [
            {
              ...(sender.actorId ? { actorId: sender.actorId } : {}),
              ...(sender.name ? { name: sender.name } : {}),
              deliveryIdentifiers: [
                { type: sender.deliveryIdentifier.type, value: sender.deliveryIdentifier.value },
              ],
            },
          ]
        : [],
    );
    if (found.length === 0) return false;
    recipients = found;
    return true;
  });
  return outcome === 'missing' ? 'missing' : recipients;
}

/** After an unknown outcome: the message in the history created since the first attempt, if any. */
async function findSent(
  ctx: GatewayContext,
  threadId: string,
  since: number,
  matches: (message: HubSpotMessage) => boolean,
): Promise<HubSpotMessage | undefined> {
  let found: HubSpotMessage | undefined;
  const from = since - HISTORY_SKEW_MS;
  let older = false;
  await walkHistory(ctx, threadId, true, (message) => {
    if (Date.parse(message.createdAt) < from) {
      older = true;
      return true;
    }
    if (!matches(message)) return false;
    found = message;
    return true;
  });
  return older && !found ? undefined : found;
}

interface PostPlan<I> {
  operation: 'sendThreadMessage' | 'addThreadComment';
  what: 'message' | 'comment';
  input: I & { threadId: string; idempotencyKey?: string | null };
  /** Builds the egg (reads defaults); a user error payload instead when it cannot. */
  prepare(): Promise<{ post: () => Promise<HubSpotMessage>; matches: (m: HubSpotMessage) => boolean } | SendThreadMessagePayloadShape>;
}

type PostResult = { message: HubSpotMessage } | { refusal: SendThreadMessagePayloadShape };

/** POST once (idempotently with a key), then the usual after-write steps. */
async function postMessage<I>(ctx: GatewayContext, plan: PostPlan<I>): Promise<SendThreadMessagePayloadShape> {
  const { threadId, idempotencyKey } = plan.input;
  let matchesSent: ((m: HubSpotMessage) => boolean) | undefined;
  // Whether this request created (or found) the message, as opposed to replaying a stored
  // result: only then is the change announced.
  let createdHere = false;
  const attempt = async (): Promise<PostResult> => {
    const prepared = await plan.prepare();
    if (!('post' in prepared)) return { refusal: prepared };
    matchesSent = prepared.matches;
    try {
      const message = await prepared.post();
      createdHere = true;
      return { message };
    } catch (error) {
      if (error instanceof HubSpotError && error.kind === 'http' && refused(error.status)) {
        const refusal = await explainRefusal(ctx, plan.operation, threadId, error, {
          liveRefusal: () =>
            userError('INVALID_INPUT', `HubSpot refused the ${plan.what}; check the input values.`),
        });
        return { refusal: { ...refusal, message: null } };
      }
      throw error;
    }
  };

  let result: PostResult;
  try {
    if (idempotencyKey == null) {
      result = await attempt();
    } else {
      const { idempotencyKey: _key, ...input } = plan.input;
      result = await runIdempotent<PostResult>({
        store: ctx.stores.state,
        tokenKey: ctx.tokenKey,
        mutation: plan.operation,
        key: idempotencyKey,
        input,
        deadline: ctx.deadline,
        signal: ctx.signal,
        attempt,
        findExisting: async (since) => {
          // The matcher needs the egg: build it (reads defaults) without posting.
          if (!matchesSent) {
            const prepared = await plan.prepare();
            if (!('post' in prepared)) return { refusal: prepared };
            matchesSent = prepared.matches;
          }
          const found = await findSent(ctx, threadId, since, matchesSent);
          if (!found) return undefined;
          createdHere = true;
          return { message: found };
        },
        isOutcomeUnknown: outcomeUnknown,
        shouldRemember: (r) => 'message' in r,
      });
    }
  } catch (error) {
    if (error instanceof IdempotencyKeyReused) {
      return {
        threadId: null,
        message: null,
        userErrors: [
          userError(
            'IDEMPOTENCY_KEY_REUSED',
            'This `idempotencyKey` was already used (in the last 24 hours) with different input: use a new key for a new message.',
            ['input', 'idempotencyKey'],
          ),
        ],
      };
    }
    if (error instanceof HubSpotError && outcomeUnknown(error)) {
      throw unknownOutcomeError(error, plan.what, idempotencyKey != null);
    }
    throw error;
  }
  if ('refusal' in result) return result.refusal;
  if (createdHere) await afterWrite(ctx, threadId, 'NEW_MESSAGE', result.message.id);
  return { threadId, message: result.message, userErrors: [] };
}

function sendPlan(ctx: GatewayContext, input: SendThreadMessageInputShape): PostPlan<SendThreadMessageInputShape> {
  const { threadId } = input;
  return {
    operation: 'sendThreadMessage',
    what: 'message',
    input,
    async prepare() {
      const needThread = input.channelId == null || input.channelAccountId == null;
      const [thread, recipients] = await Promise.all([
        needThread ? loadersFor(ctx).thread.load(threadId) : undefined,
        input.recipients == null ? replyRecipients(ctx, threadId) : undefined,
      ]);
      if (thread === null || recipients === 'missing') {
        const where = await locateThread(ctx, threadId);
        return {
          threadId,
          message: null,
          thread: where.state === 'missing' ? null : where.thread,
          archived: where.state === 'archived',
          userErrors: [where.state === 'archived' ? archivedError(threadId) : notFound(threadId)],
        };
      }
      if (thread?.archived) {
        return { threadId, message: null, thread, userErrors: [archivedError(threadId)] };
      }
      const to: RecipientEgg[] | null =
        input.recipients != null
          ? input.recipients.map((r) => ({
              ...(r.actorId != null ? { actorId: r.actorId } : {}),
              ...(r.name != null ? { name: r.name } : {}),
              deliveryIdentifiers: [{ type: r.deliveryIdentifier.type, value: r.deliveryIdentifier.value }],
            }))
          : (recipients ?? null);
      if (to === null) {
        return {
          threadId,
          message: null,
          userErrors: [
            userError(
              'INVALID_INPUT',
              'The thread has no incoming message with a delivery identifier to reply to: pass `recipients`.',
              ['input', 'recipients'],
            ),
          ],
        };
      }
      const egg: MessageEgg = {
        text: input.text,
        ...(input.richText != null ? { richText: input.richText } : {}),
        ...(input.subject != null ? { subject: input.subject } : {}),
        attachments: toFiles(input.fileIds),
        channelId: input.channelId ?? thread!.originalChannelId,
        channelAccountId: input.channelAccountId ?? thread!.originalChannelAccountId,
        senderActorId: input.senderActorId,
        recipients: to,
      };
      return {
        post: () => ctx.hubspot.sendMessage(threadId, egg),
        matches: (m) =>
          m.type === 'MESSAGE' &&
          m.direction !== 'INCOMING' &&
          (m.text ?? '') === input.text &&
          (m.createdBy === input.senderActorId ||
            m.senders.some((s) => s.actorId === input.senderActorId)),
      };
    },
  };
}

function commentPlan(ctx: GatewayContext, input: AddThreadCommentInputShape): PostPlan<AddThreadCommentInputShape> {
  const { threadId } = input;
  const egg: CommentEgg = {
    text: input.text,
    ...(input.richText != null ? { richText: input.richText } : {}),
    attachments: toFiles(input.fileIds),
  };
  return {
    operation: 'addThreadComment',
    what: 'comment',
    input,
    prepare: () =>
      Promise.resolve({
        post: () => ctx.hubspot.addComment(threadId, egg),
        matches: (m: HubSpotMessage) => m.type === 'COMMENT' && (m.text ?? '') === input.text,
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// The Mutation type
// ---------------------------------------------------------------------------------------------

builder.mutationType({
  description:
    'Writes to HubSpot conversations: reply, comment, close/reopen, assign, archive/restore. Each field’s description states its upstream (HubSpot) cost; the payload’s `thread` is the thread after the change.',
});

builder.mutationFields((t) => ({
  sendThreadMessage: t.field({
    type: SendThreadMessagePayload,
    description:
      'Sends a message on the thread’s channel (email, chat, ...) as an agent. Never retried automatically. Costs one POST, plus one getThread when `channelId` or `channelAccountId` is omitted and one listMessages page (rarely more) when `recipients` is omitted (both in parallel); `thread` in the payload costs one getThread.',
    args: {
      input: t.arg({ type: SendThreadMessageInput, required: true, description: 'The message.' }),
    },
    extensions: upstreamCost.perParentByArgs(({ input }) => {
      const i = (input ?? {}) as Partial<SendThreadMessageInputShape>;
      const threadRead = i.channelId == null || i.channelAccountId == null ? 1 : 0;
      return 1 + threadRead + (i.recipients == null ? 1 : 0);
    }),
    resolve: (_root, { input }, ctx) => {
      const errors = checkSendInput(input);
      if (errors.length > 0) return invalid(errors);
      return postMessage(ctx, sendPlan(ctx, input));
    },
  }),
  addThreadComment: t.field({
    type: AddThreadCommentPayload,
    description:
      'Adds an internal comment to the thread; never shown to the visitor. Never retried automatically. Costs one POST; `thread` in the payload costs one getThread.',
    args: {
      input: t.arg({ type: AddThreadCommentInput, required: true, description: 'The comment.' }),
    },
    extensions: upstreamCost.perParent(1),
    resolve: (_root, { input }, ctx) => {
      const errors = checkCommentInput(input);
      if (errors.length > 0) return invalid(errors);
      return postMessage(ctx, commentPlan(ctx, input));
    },
  }),
  setThreadStatus: t.field({
    type: ThreadPayload,
    description:
      'Closes (CLOSED) or reopens (OPEN) a thread; asking for the status it has changes nothing. Costs one PATCH (its answer is the payload’s `thread`).',
    args: {
      input: t.arg({ type: SetThreadStatusInput, required: true, description: 'Thread and status.' }),
    },
    extensions: upstreamCost.perParent(1),
    resolve: (_root, { input }, ctx) => {
      const errors: UserErrorShape[] = [];
      checkThreadId(input.threadId, errors);
      if (errors.length > 0) return invalid(errors);
      return threadWrite(
        ctx,
        'setThreadStatus',
        input.threadId,
        'STATUS_CHANGED',
        () => ctx.hubspot.setThreadStatus(input.threadId, input.status),
        {
          alreadyDone: (where) => where.state === 'live' && where.thread.status === input.status,
          liveRefusal: () =>
            userError('INVALID_INPUT', `HubSpot refused to set the status to ${input.status}.`, [
              'input',
              'status',
            ]),
        },
      );
    },
  }),
  assignThread: t.field({
    type: ThreadPayload,
    description:
      'Assigns the thread to an agent. Costs one PUT (its answer is the payload’s `thread`).',
    args: {
      input: t.arg({ type: AssignThreadInput, required: true, description: 'Thread and agent.' }),
    },
    extensions: upstreamCost.perParent(1),
    resolve: (_root, { input }, ctx) => {
      const errors: UserErrorShape[] = [];
      checkThreadId(input.threadId, errors);
      checkAgentActorId(input.actorId, 'actorId', errors);
      if (errors.length > 0) return invalid(errors);
      return threadWrite(
        ctx,
        'assignThread',
        input.threadId,
        'ASSIGNMENT_CHANGED',
        () => ctx.hubspot.assignThread(input.threadId, input.actorId),
        {
          alreadyDone: (where) =>
            where.state === 'live' && where.thread.assignedTo === input.actorId,
          liveRefusal: () =>
            userError(
              'INVALID_ACTOR',
              `HubSpot cannot assign the thread to ${input.actorId}: it must be a user of this portal with access to the thread’s inbox.`,
              ['input', 'actorId'],
            ),
        },
      );
    },
  }),
  unassignThread: t.field({
    type: ThreadPayload,
    description:
      'Removes the thread’s assignee; an unassigned thread stays as it is. Costs one DELETE; `thread` in the payload costs one getThread.',
    args: { input: t.arg({ type: ThreadInput, required: true, description: 'The thread.' }) },
    extensions: upstreamCost.perParent(1),
    resolve: async (_root, { input }, ctx) => {
      const errors: UserErrorShape[] = [];
      checkThreadId(input.threadId, errors);
      if (errors.length > 0) return invalid(errors);
      return threadWrite(
        ctx,
        'unassignThread',
        input.threadId,
        'ASSIGNMENT_CHANGED',
        async () => {
          await ctx.hubspot.unassignThread(input.threadId);
          return null;
        },
        {
          alreadyDone: (where) => where.state === 'live' && where.thread.assignedTo === undefined,
          liveRefusal: () => userError('INVALID_INPUT', 'HubSpot refused to unassign the thread.'),
        },
      );
    },
  }),
  archiveThread: t.field({
    type: ThreadPayload,
    description:
      'Archives a thread (HubSpot deletes archived threads permanently after 30 days); an archived thread stays as it is. Costs one DELETE; `thread` in the payload costs one getThread.',
    args: { input: t.arg({ type: ThreadInput, required: true, description: 'The thread.' }) },
    extensions: upstreamCost.perParent(1),
    resolve: (_root, { input }, ctx) => {
      const errors: UserErrorShape[] = [];
      checkThreadId(input.threadId, errors);
      if (errors.length > 0) return invalid(errors);
      return threadWrite(
        ctx,
        'archiveThread',
        input.threadId,
        'ARCHIVED',
        async () => {
          await ctx.hubspot.archiveThread(input.threadId);
          return null;
        },
        {
          archivedAfter: true,
          alreadyDone: (where) => where.state === 'archived',
          liveRefusal: () => userError('INVALID_INPUT', 'HubSpot refused to archive the thread.'),
        },
      );
    },
  }),
  restoreThread: t.field({
    type: ThreadPayload,
    description:
      'Restores an archived thread; a thread that is not archived stays as it is. Costs one PATCH (its answer is the payload’s `thread`).',
    args: { input: t.arg({ type: ThreadInput, required: true, description: 'The thread.' }) },
    extensions: upstreamCost.perParent(1),
    resolve: (_root, { input }, ctx) => {
      const errors: UserErrorShape[] = [];
      checkThreadId(input.threadId, errors);
      if (errors.length > 0) return invalid(errors);
      return threadWrite(
        ctx,
        'restoreThread',
        input.threadId,
        'RESTORED',
        () => ctx.hubspot.restoreThread(input.threadId),
        {
          alreadyDone: (where) => where.state === 'live',
          liveRefusal: () => userError('INVALID_INPUT', 'HubSpot refused to restore the thread.'),
        },
      );
    },
  }),
}));
