/**
 * The write operations (scope `conversations.write`): send a message or comment, update a
 * thread's status or restore it, archive it, assign and unassign. Validation follows HubSpot's
 * spec (PublicMessageEgg, PublicThreadUpdateRequest, PublicThreadAssignRequest); where HubSpot
 * documents no answer the choice is written next to the check. Each answers HubSpot's error
 * envelope with an `errors[].in` naming the body field at fault.
 */
import type {
  SimAttachment,
  SimConversationsMessage,
  SimComment,
  SimDeliveryIdentifier,
  SimRecipient,
  SimSender,
  ThreadStatus,
} from './dataset.ts';
import { errorReply, notFound, type Reply, validationError } from './errors.ts';
import type { RequestContext } from './handlers.ts';
import type { Store, ThreadEntry } from './store.ts';

/** The private app whose token calls the API: it is the author of comments and the actor of API status changes. */
export const API_APP = { actorId: 'I-9990001', appId: 9990001, name: 'Simulated private app' };
/** HubSpot refuses longer bodies (its limit is undocumented; this one is the gateway's too). */
export const MAX_TEXT_LENGTH = 65_536;

const NUMERIC_ID = /^\d{1,19}$/;
const DELIVERY_TYPES = new Set([
  'HS_EMAIL_ADDRESS',
  'HS_PHONE_NUMBER',
  'CHANNEL_SPECIFIC_OPAQUE_ID',
  'HS_SHORT_CODE',
]);
const CHANNEL_IDS = new Set(['1000', '1001', '1002']);

const invalidField = (field: string, message: string): Reply =>
  errorReply(400, 'VALIDATION_ERROR', message, {
    errors: [{ message, in: field, code: 'INVALID_VALUE' }],
  });

function threadForWrite(store: Store, threadId: string): ThreadEntry | Reply {
  if (!NUMERIC_ID.test(threadId)) {
    return validationError(
      `Invalid value '${threadId}' for path parameter threadId: expected an integer`,
    );
  }
  return store.threadById.get(threadId) ?? notFound(`Thread ${threadId} not found`);
}

const isReply = (value: unknown): value is Reply =>
  typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const archivedThread = (threadId: string): Reply =>
  validationError(`Thread ${threadId} is archived: restore it before changing it`);

function isAgent(store: Store, actorId: unknown): actorId is string {
  if (typeof actorId !== 'string') return false;
  const actor = store.data.actors.get(actorId);
  return actor?.type === 'AGENT';
}

function textFields(body: Record<string, unknown>): Reply | undefined {
  if (typeof body.text !== 'string') return invalidField('text', 'text is required');
  if (body.richText !== undefined && typeof body.richText !== 'string') {
    return invalidField('richText', 'richText must be a string');
  }
  const rich = typeof body.richText === 'string' ? body.richText : '';
  if (body.text.trim() === '' && rich.trim() === '') {
    return invalidField('text', 'A message needs a non-empty text or richText');
  }
  if (body.text.length > MAX_TEXT_LENGTH || rich.length > MAX_TEXT_LENGTH) {
    return invalidField('text', `text and richText are limited to ${MAX_TEXT_LENGTH} characters`);
  }
  return undefined;
}

function attachmentsOf(body: Record<string, unknown>): SimAttachment[] | Reply {
  // The spec requires `attachments`; integrations that omit it on comments reportedly work, so
  // a missing list is taken as empty.
  if (body.attachments === undefined) return [];
  if (!Array.isArray(body.attachments)) {
    return invalidField('attachments', 'attachments must be an array');
  }
  const out: SimAttachment[] = [];
  for (const item of body.attachments as unknown[]) {
    if (!isObject(item) || item.type !== 'FILE') {
      return invalidField(
        'attachments',
        'Only FILE attachments ({"type":"FILE","fileId":…}) are supported',
      );
    }
    const fileId = item.fileId;
    if ((typeof fileId !== 'string' || !NUMERIC_ID.test(fileId)) && typeof fileId !== 'number') {
      return invalidField('attachments', 'A FILE attachment needs a numeric fileId');
    }
    out.push({ type: 'FILE', fileId: String(fileId), fileUsageType: 'OTHER' });
  }
  return out;
}

function recipientsOf(body: Record<string, unknown>): SimRecipient[] | Reply {
  if (!Array.isArray(body.recipients) || body.recipients.length === 0) {
    return invalidField('recipients', 'recipients must be a non-empty array');
  }
  const out: SimRecipient[] = [];
  for (const item of body.recipients as unknown[]) {
    if (
      !isObject(item) ||
      !Array.isArray(item.deliveryIdentifiers) ||
      item.deliveryIdentifiers.length === 0
    ) {
      return invalidField(
        'recipients',
        'Each recipient needs a non-empty deliveryIdentifiers array',
      );
    }
    const identifiers: SimDeliveryIdentifier[] = [];
    for (const identifier of item.deliveryIdentifiers as unknown[]) {
      if (
        !isObject(identifier) ||
        typeof identifier.type !== 'string' ||
        !DELIVERY_TYPES.has(identifier.type) ||
        typeof identifier.value !== 'string' ||
        identifier.value === ''
      ) {
        return invalidField('recipients', 'Invalid delivery identifier');
      }
      identifiers.push({
        type: identifier.type as SimDeliveryIdentifier['type'],
        value: identifier.value,
      });
    }
    const recipient: SimRecipient = { deliveryIdentifier: identifiers[0]! };
    if (typeof item.actorId === 'string') recipient.actorId = item.actorId;
    if (typeof item.name === 'string') recipient.name = item.name;
    if (
      item.recipientField === 'TO' ||
      item.recipientField === 'CC' ||
      item.recipientField === 'BCC'
    ) {
      recipient.recipientField = item.recipientField;
    }
    out.push(recipient);
  }
  return out;
}

/** `POST {conversations}/threads/{threadId}/messages` — a MESSAGE or a COMMENT egg. */
export function createMessage(store: Store, ctx: RequestContext): Reply {
  const threadId = ctx.params[0]!;
  const entry = threadForWrite(store, threadId);
  if (isReply(entry)) return entry;
  const body = ctx.body;
  if (!isObject(body)) return validationError('Invalid input JSON: expected a message object');
  if (body.type !== 'MESSAGE' && body.type !== 'COMMENT') {
    return invalidField('type', "type must be 'MESSAGE' or 'COMMENT'");
  }
  const badText = textFields(body);
  if (badText) return badText;
  const attachments = attachmentsOf(body);
  if (isReply(attachments)) return attachments;
  // HubSpot documents nothing for archived threads; refusing (400) is the safe reading.
  if (entry.thread.archived) return archivedThread(threadId);
  const text = body.text as string;
  const richText = typeof body.richText === 'string' ? body.richText : undefined;

  if (body.type === 'COMMENT') {
    const comment: Omit<SimComment, 'id' | 'conversationsThreadId' | 'createdAt' | 'archived'> = {
      createdBy: API_APP.actorId,
      client: { clientType: 'INTEGRATION', integrationAppId: API_APP.appId },
      senders: [{ actorId: API_APP.actorId, name: API_APP.name }],
      recipients: [],
      text,
      richText: richText ?? '',
      attachments,
      type: 'COMMENT',
    };
    const stored = store.addMessage(threadId, comment);
    return created(ctx, stored.id, store);
  }

  if (typeof body.channelId !== 'string' || !CHANNEL_IDS.has(body.channelId)) {
    return invalidField('channelId', 'channelId must be the id of a channel (1000, 1001, 1002 …)');
  }
  const account = store.data.channelAccounts.find((a) => a.id === body.channelAccountId);
  if (!account || account.channelId !== body.channelId || account.archived) {
    return invalidField(
      'channelAccountId',
      'channelAccountId is not an active account of that channel',
    );
  }
  if (!isAgent(store, body.senderActorId)) {
    return invalidField('senderActorId', 'senderActorId must be the actor id of an agent (A-…)');
  }
  if (body.subject !== undefined && typeof body.subject !== 'string') {
    return invalidField('subject', 'subject must be a string');
  }
  const recipients = recipientsOf(body);
  if (isReply(recipients)) return recipients;
  const senderId = body.senderActorId;
  const agent = store.data.actors.get(senderId);
  const isEmail = body.channelId === '1002';
  const sender: SimSender = {
    actorId: senderId,
    ...(agent && 'name' in agent && agent.name ? { name: agent.name } : {}),
    ...(isEmail && account.deliveryIdentifier
      ? { senderField: 'FROM', deliveryIdentifier: account.deliveryIdentifier }
      : {}),
  };
  const message: Omit<
    SimConversationsMessage,
    'id' | 'conversationsThreadId' | 'createdAt' | 'archived'
  > = {
    createdBy: senderId,
    client: { clientType: 'INTEGRATION', integrationAppId: API_APP.appId },
    senders: [sender],
    recipients,
    text,
    ...(richText !== undefined ? { richText } : {}),
    ...(typeof body.subject === 'string' ? { subject: body.subject } : {}),
    attachments,
    truncationStatus: 'NOT_TRUNCATED',
    status: { statusType: 'SENT' },
    direction: 'OUTGOING',
    channelId: body.channelId as SimConversationsMessage['channelId'],
    channelAccountId: account.id,
    type: 'MESSAGE',
  };
  const stored = store.addMessage(threadId, message);
  return created(ctx, stored.id, store);
}

function created(ctx: RequestContext, messageId: string, store: Store): Reply {
  const threadId = ctx.params[0]!;
  const json = store.messageByKey.get(`${threadId}/${messageId}`)!.json;
  return {
    status: 201,
    body: json,
    headers: { Location: `${ctx.origin}${ctx.pathname}/${messageId}` },
  };
}

const UPDATE_FIELDS = new Set(['status', 'archived']);

/**
 * `PATCH {conversations}/threads/{threadId}` — either `{status}` or, with `?archived=true`,
 * `{archived:false}` (restore). Like the reads, `archived=true` addresses archived threads
 * only: restoring a live thread or changing the status of an archived one is refused.
 */
export function updateThread(store: Store, ctx: RequestContext): Reply {
  const threadId = ctx.params[0]!;
  const entry = threadForWrite(store, threadId);
  if (isReply(entry)) return entry;
  const rawArchived = ctx.query.archived?.[0];
  if (rawArchived !== undefined && !/^(true|false)$/i.test(rawArchived)) {
    return validationError(
      `Invalid value '${rawArchived}' for query parameter archived: expected a boolean`,
    );
  }
  const archivedQuery = rawArchived?.toLowerCase() === 'true';
  const body = ctx.body;
  if (!isObject(body))
    return validationError('Invalid input JSON: expected {"status": …} or {"archived": false}');
  for (const key of Object.keys(body)) {
    // e.g. `assignedTo`, which some integrations send here: assignment is PUT …/assignee.
    if (!UPDATE_FIELDS.has(key)) return invalidField(key, `Unrecognized field '${key}'`);
  }
  const hasStatus = body.status !== undefined;
  const hasArchived = body.archived !== undefined;
  if (hasStatus === hasArchived) {
    return validationError(
      "Either a thread's status can be updated, or the thread can be restored",
    );
  }
  if (hasStatus) {
    if (body.status !== 'OPEN' && body.status !== 'CLOSED') {
      return invalidField('status', "status must be 'OPEN' or 'CLOSED'");
    }
    if (entry.thread.archived) {
      return validationError(
        "A thread's status property can not be updated if the thread is archived",
      );
    }
    if (archivedQuery) return notFound(`Thread ${threadId} not found`);
    store.setStatus(threadId, body.status as ThreadStatus, API_APP.actorId);
    return { status: 200, body: entry.json };
  }
  if (body.archived !== false) {
    return invalidField(
      'archived',
      'archived can only be set to false (restore); DELETE the thread to archive it',
    );
  }
  if (!archivedQuery || !entry.thread.archived) return notFound(`Thread ${threadId} not found`);
  store.restore(threadId);
  return { status: 200, body: entry.json };
}

/** `DELETE {conversations}/threads/{threadId}` — archives; an archived thread stays archived (204). */
export function archiveThread(store: Store, ctx: RequestContext): Reply {
  const threadId = ctx.params[0]!;
  const entry = threadForWrite(store, threadId);
  if (isReply(entry)) return entry;
  store.archive(threadId);
  return { status: 204, body: '' };
}

/** `PUT {conversations-v3}/threads/{threadId}/assignee` `{actorId}` → 200 thread. */
export function assignThread(store: Store, ctx: RequestContext): Reply {
  const threadId = ctx.params[0]!;
  const entry = threadForWrite(store, threadId);
  if (isReply(entry)) return entry;
  const body = ctx.body;
  if (!isObject(body) || typeof body.actorId !== 'string') {
    return invalidField('actorId', 'actorId is required');
  }
  if (!isAgent(store, body.actorId)) {
    return invalidField('actorId', `Actor ${body.actorId} is not a user who can be assigned`);
  }
  if (entry.thread.archived) return archivedThread(threadId);
  store.setAssignee(threadId, body.actorId, API_APP.actorId);
  return { status: 200, body: entry.json };
}

/** `DELETE {conversations-v3}/threads/{threadId}/assignee` → 204 (also when nobody was assigned). */
export function unassignThread(store: Store, ctx: RequestContext): Reply {
  const threadId = ctx.params[0]!;
  const entry = threadForWrite(store, threadId);
  if (isReply(entry)) return entry;
  if (entry.thread.archived) return archivedThread(threadId);
  store.setAssignee(threadId, null, API_APP.actorId);
  return { status: 204, body: '' };
}
