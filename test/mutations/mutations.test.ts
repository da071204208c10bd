import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AddCommentDocument,
  ArchiveThreadDocument,
  AssignThreadDocument,
  RestoreThreadDocument,
  SendReplyDocument,
  SetThreadStatusDocument,
  UnassignThreadDocument,
} from '../__generated__/graphql.ts';
import type { ThreadChange } from '../../src/live/changes.ts';
import type {
  RecordedRequest,
  SimConversationsMessage,
  SimThread,
} from '../../src/simulator/index.ts';
import type { Harness } from '../helpers/harness.ts';
import { startSchemaHarness } from '../schema/support.ts';

let h: Harness;
const changes: ThreadChange[] = [];
const used = new Set<string>();
const FAMILY = '/conversations/conversations/2026-09';

beforeAll(async () => {
  h = await startSchemaHarness();
  void (async () => {
    for await (const change of h.gateway.changes.subscribe()) changes.push(change);
  })();
});
afterAll(() => h.close());
beforeEach(() => {
  h.reset();
  changes.length = 0;
});

const messagesOf = (threadId: string) => h.sim.data.messagesByThread.get(threadId) ?? [];
function freshThread(pred: (t: SimThread) => boolean = () => true): SimThread {
  const thread = h.sim.data.threads.find(
    (t) => !used.has(t.id) && !t.archived && messagesOf(t.id).length > 0 && pred(t),
  );
  if (!thread) throw new Error('no fresh thread');
  used.add(thread.id);
  return thread;
}
const agents = () =>
  [...h.sim.data.actors.values()].filter((a) => a.type === 'AGENT').map((a) => a.id);
const latestIncoming = (threadId: string) =>
  [...messagesOf(threadId)]
    .reverse()
    .find((m): m is SimConversationsMessage => m.type === 'MESSAGE' && m.direction === 'INCOMING');
/** method + path (+ query) of each upstream request, in order. */
const calls = (requests: RecordedRequest[] = h.upstream()) =>
  requests.map((r) => {
    const query = new URLSearchParams(
      Object.entries(r.query).flatMap(([k, vs]) => vs.map((v) => [k, v])),
    ).toString();
    return `${r.method} ${r.path}${query ? `?${query}` : ''}`;
  });
const writes = () => h.upstream().filter((r) => r.method !== 'GET');
const nextTick = () => new Promise((resolve) => setTimeout(resolve, 20));

const THREAD_READ = `query Read($id: ID!) { thread(id: $id) { id status closedAt assignedTo archived
  latestMessageTimestamp messages(first: 1) { edges { node { __typename id createdAt
  ... on ChannelMessage { text direction status { statusType } }
  ... on ThreadComment { text }
  ... on ThreadStatusChange { newStatus }
  ... on AssignmentChange { assignedTo assignedFrom } } } } } }`;
const read = (id: string) => h.gql(THREAD_READ, { id });

describe('sendThreadMessage', () => {
  it('replies with one field set: channel from the thread, recipients from the latest incoming message', async () => {
    const thread = freshThread(
      (t) => t.originalChannelId === '1002' && latestIncoming(t.id) !== undefined,
    );
    const incoming = latestIncoming(thread.id)!;
    const sender = agents()[0]!;
    const res = await h.gql(SendReplyDocument, {
      input: { threadId: thread.id, text: 'Your refund is on its way.', senderActorId: sender },
    });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.sendThreadMessage;
    expect(payload.userErrors).toEqual([]);
    const posted = writes();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      method: 'POST',
      path: `${FAMILY}/threads/${thread.id}/messages`,
      version: '2026-09',
      status: 201,
    });
    expect(posted[0]!.body).toEqual({
      type: 'MESSAGE',
      text: 'Your refund is on its way.',
      attachments: [],
      channelId: '1002',
      channelAccountId: thread.originalChannelAccountId,
      senderActorId: sender,
      recipients: incoming.senders.map((s) => ({
        ...(s.actorId ? { actorId: s.actorId } : {}),
        ...(s.name ? { name: s.name } : {}),
        deliveryIdentifiers: [s.deliveryIdentifier],
      })),
    });
    // Defaults read in parallel (thread and one history page), the POST, the thread after it.
    expect(calls().slice(0, 2).sort()).toEqual(
      [
        `GET ${FAMILY}/threads/${thread.id}?association=TICKET`,
        `GET ${FAMILY}/threads/${thread.id}/messages?limit=100`,
      ].sort(),
    );
    expect(calls().slice(2)).toEqual([
      `POST ${FAMILY}/threads/${thread.id}/messages`,
      `GET ${FAMILY}/threads/${thread.id}?association=TICKET`,
    ]);
    expect(res.extensions?.cost).toMatchObject({ actual: 4 });

    const stored = messagesOf(thread.id).at(-1) as SimConversationsMessage;
    expect(payload.message).toEqual({
      id: stored.id,
      text: 'Your refund is on its way.',
      richText: null,
      subject: null,
      direction: 'OUTGOING',
      channelId: '1002',
      channelAccountId: thread.originalChannelAccountId,
      createdBy: sender,
      status: { statusType: 'SENT' },
      recipients: incoming.senders.map((s) => ({
        actorId: s.actorId ?? null,
        deliveryIdentifier: s.deliveryIdentifier,
      })),
    });
    expect(payload.thread).toMatchObject({
      id: thread.id,
      latestMessageTimestamp: stored.createdAt,
    });

    await nextTick();
    expect(changes).toEqual([
      {
        id: expect.stringMatching(/^gw-/),
        type: 'NEW_MESSAGE',
        threadId: thread.id,
        messageId: stored.id,
        occurredAt: expect.any(String),
        source: 'mutation',
        tokenKey: expect.any(String),
      },
    ]);

    h.reset();
    const after = await read(thread.id);
    expect(after.data.thread.messages.edges[0].node).toMatchObject({
      __typename: 'ChannelMessage',
      id: stored.id,
      text: 'Your refund is on its way.',
      direction: 'OUTGOING',
      status: { statusType: 'SENT' },
    });
    expect(after.data.thread.latestMessageTimestamp).toBe(stored.createdAt);
  });

  it('sends exactly what it is given: one POST, no reads when nothing defaults and the thread is not asked for', async () => {
    const thread = freshThread((t) => t.originalChannelId === '1000');
    const sender = agents()[1]!;
    const res = await h.gql(
      `mutation($input: SendThreadMessageInput!) { sendThreadMessage(input: $input) {
        message { id text richText subject } userErrors { code } } }`,
      {
        input: {
          threadId: thread.id,
          text: 'Hello',
          richText: '<p>Hello</p>',
          subject: 'Hi',
          senderActorId: sender,
          channelId: '1000',
          channelAccountId: thread.originalChannelAccountId,
          recipients: [
            {
              actorId: 'V-1401',
              name: 'Jo',
              deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: 'abc' },
            },
          ],
          fileIds: ['123456789'],
        },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.sendThreadMessage.userErrors).toEqual([]);
    expect(calls()).toEqual([`POST ${FAMILY}/threads/${thread.id}/messages`]);
    expect(h.upstream()[0]!.body).toEqual({
      type: 'MESSAGE',
      text: 'Hello',
      richText: '<p>Hello</p>',
      subject: 'Hi',
      attachments: [{ type: 'FILE', fileId: '123456789' }],
      channelId: '1000',
      channelAccountId: thread.originalChannelAccountId,
      senderActorId: sender,
      recipients: [
        {
          actorId: 'V-1401',
          name: 'Jo',
          deliveryIdentifiers: [{ type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: 'abc' }],
        },
      ],
    });
    expect(res.data.sendThreadMessage.message).toMatchObject({
      text: 'Hello',
      richText: '<p>Hello</p>',
      subject: 'Hi',
    });
    expect(res.extensions?.cost).toEqual({ estimated: 1, actual: 1 });
  });
});

describe('addThreadComment', () => {
  it('adds an internal note: one POST with the COMMENT egg, the thread read after it', async () => {
    const thread = freshThread();
    const res = await h.gql(AddCommentDocument, {
      input: { threadId: thread.id, text: 'VIP customer' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.addThreadComment.userErrors).toEqual([]);
    expect(calls()).toEqual([
      `POST ${FAMILY}/threads/${thread.id}/messages`,
      `GET ${FAMILY}/threads/${thread.id}?association=TICKET`,
    ]);
    expect(h.upstream()[0]!.body).toEqual({
      type: 'COMMENT',
      text: 'VIP customer',
      attachments: [],
    });
    const stored = messagesOf(thread.id).at(-1)!;
    expect(res.data!.addThreadComment.comment).toEqual({
      id: stored.id,
      text: 'VIP customer',
      createdAt: stored.createdAt,
    });
    expect(res.data!.addThreadComment.thread!.id).toBe(thread.id);
    await nextTick();
    expect(changes.map((c) => [c.type, c.messageId])).toEqual([['NEW_MESSAGE', stored.id]]);
    const after = await read(thread.id);
    expect(after.data.thread.messages.edges[0].node).toMatchObject({
      __typename: 'ThreadComment',
      text: 'VIP customer',
    });
  });
});

describe('setThreadStatus', () => {
  it('closes with one PATCH whose answer is the payload; the next read shows CLOSED and HubSpot’s status message', async () => {
    const thread = freshThread((t) => t.status === 'OPEN');
    const res = await h.gql(SetThreadStatusDocument, { threadId: thread.id, status: 'CLOSED' });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.setThreadStatus;
    expect(payload.userErrors).toEqual([]);
    expect(calls()).toEqual([`PATCH ${FAMILY}/threads/${thread.id}`]);
    expect(h.upstream()[0]!.body).toEqual({ status: 'CLOSED' });
    expect(payload.thread).toMatchObject({
      id: thread.id,
      status: 'CLOSED',
      closedAt: expect.any(String),
    });
    expect(res.extensions?.cost).toMatchObject({ actual: 1 });
    await nextTick();
    expect(changes.map((c) => c.type)).toEqual(['STATUS_CHANGED']);

    h.reset();
    const after = await read(thread.id);
    expect(after.data.thread).toMatchObject({
      status: 'CLOSED',
      closedAt: payload.thread!.closedAt,
    });
    expect(after.data.thread.messages.edges[0].node).toMatchObject({
      __typename: 'ThreadStatusChange',
      newStatus: 'CLOSED',
    });

    // Closing a closed thread succeeds and changes nothing.
    h.reset();
    const count = messagesOf(thread.id).length;
    const again = await h.gql(SetThreadStatusDocument, { threadId: thread.id, status: 'CLOSED' });
    expect(again.data!.setThreadStatus).toEqual({ thread: payload.thread, userErrors: [] });
    expect(messagesOf(thread.id).length).toBe(count);

    const reopened = await h.gql(SetThreadStatusDocument, { threadId: thread.id, status: 'OPEN' });
    expect(reopened.data!.setThreadStatus.thread).toMatchObject({ status: 'OPEN', closedAt: null });
  });
});

describe('assignThread / unassignThread', () => {
  it('assigns with one PUT under the assignee prefix, and unassigns with one DELETE', async () => {
    const thread = freshThread((t) => t.assignedTo !== undefined);
    const to = agents().find((a) => a !== thread.assignedTo)!;
    const previous = thread.assignedTo;
    const res = await h.gql(AssignThreadDocument, { threadId: thread.id, actorId: to });
    expect(res.errors).toBeUndefined();
    expect(res.data!.assignThread).toEqual({
      thread: expect.objectContaining({ id: thread.id, assignedTo: to }),
      userErrors: [],
    });
    expect(calls()).toEqual([`PUT ${FAMILY}/threads/${thread.id}/assignee`]);
    expect(h.upstream()[0]!.body).toEqual({ actorId: to });
    await nextTick();
    expect(changes.map((c) => c.type)).toEqual(['ASSIGNMENT_CHANGED']);
    const assigned = await read(thread.id);
    expect(assigned.data.thread.assignedTo).toBe(to);
    expect(assigned.data.thread.messages.edges[0].node).toMatchObject({
      __typename: 'AssignmentChange',
      assignedTo: to,
      assignedFrom: previous,
    });

    h.reset();
    const un = await h.gql(UnassignThreadDocument, { threadId: thread.id });
    expect(un.errors).toBeUndefined();
    expect(un.data!.unassignThread).toEqual({
      thread: expect.objectContaining({ id: thread.id, assignedTo: null }),
      userErrors: [],
    });
    expect(calls()).toEqual([
      `DELETE ${FAMILY}/threads/${thread.id}/assignee`,
      `GET ${FAMILY}/threads/${thread.id}?association=TICKET`,
    ]);
    expect(h.upstream()[0]!.body).toBeUndefined();
    expect((await read(thread.id)).data.thread.assignedTo).toBeNull();

    // Unassigning an unassigned thread succeeds.
    h.reset();
    const again = await h.gql(UnassignThreadDocument, { threadId: thread.id });
    expect(again.data!.unassignThread.userErrors).toEqual([]);
    expect(again.data!.unassignThread.thread!.assignedTo).toBeNull();
  });

  it('an actor HubSpot refuses is INVALID_ACTOR at input.actorId, one call, nothing changed', async () => {
    const thread = freshThread();
    const before = JSON.stringify(thread);
    const res = await h.gql(AssignThreadDocument, { threadId: thread.id, actorId: 'A-404' });
    // The payload still shows the thread, unchanged (read because it was asked for).
    expect(res.data!.assignThread).toEqual({
      thread: expect.objectContaining({ id: thread.id, assignedTo: thread.assignedTo ?? null }),
      userErrors: [
        {
          code: 'INVALID_ACTOR',
          message: expect.stringContaining('actorId'),
          field: ['input', 'actorId'],
        },
      ],
    });
    expect(calls()).toEqual([
      `PUT ${FAMILY}/threads/${thread.id}/assignee`,
      `GET ${FAMILY}/threads/${thread.id}?association=TICKET`,
    ]);
    expect(JSON.stringify(thread)).toBe(before);
    await nextTick();
    expect(changes).toEqual([]);
  });
});

describe('archiveThread / restoreThread', () => {
  it('archives with one DELETE (thread read with archived=true), restores with one PATCH ?archived=true', async () => {
    const thread = freshThread();
    const res = await h.gql(ArchiveThreadDocument, { threadId: thread.id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.archiveThread).toEqual({
      thread: expect.objectContaining({ id: thread.id, archived: true }),
      userErrors: [],
    });
    expect(calls()).toEqual([
      `DELETE ${FAMILY}/threads/${thread.id}`,
      `GET ${FAMILY}/threads/${thread.id}?archived=true&association=TICKET`,
    ]);
    await nextTick();
    expect(changes.map((c) => c.type)).toEqual(['ARCHIVED']);

    h.reset();
    expect((await read(thread.id)).data.thread).toBeNull();
    const gone = await h.gql(
      `query($inbox: ID!) { threads(first: 500, filter: { inboxId: $inbox, archived: true }) {
        edges { node { id archived } } } }`,
      { inbox: thread.inboxId },
    );
    expect(gone.data.threads.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(
      thread.id,
    );

    // Archiving an archived thread succeeds.
    h.reset();
    const again = await h.gql(ArchiveThreadDocument, { threadId: thread.id });
    expect(again.data!.archiveThread).toEqual(res.data!.archiveThread);

    h.reset();
    changes.length = 0;
    const restored = await h.gql(RestoreThreadDocument, { threadId: thread.id });
    expect(restored.errors).toBeUndefined();
    expect(restored.data!.restoreThread).toEqual({
      thread: expect.objectContaining({ id: thread.id, archived: false }),
      userErrors: [],
    });
    expect(calls()).toEqual([`PATCH ${FAMILY}/threads/${thread.id}?archived=true`]);
    expect(h.upstream()[0]!.body).toEqual({ archived: false });
    await nextTick();
    expect(changes.map((c) => c.type)).toEqual(['RESTORED']);
    expect((await read(thread.id)).data.thread).toMatchObject({ id: thread.id, archived: false });

    // Restoring a live thread succeeds and changes nothing (HubSpot 404s it: two reads tell why).
    h.reset();
    changes.length = 0;
    const live = await h.gql(RestoreThreadDocument, { threadId: thread.id });
    expect(live.data!.restoreThread).toEqual(restored.data!.restoreThread);
    expect(calls()).toEqual([
      `PATCH ${FAMILY}/threads/${thread.id}?archived=true`,
      `GET ${FAMILY}/threads/${thread.id}?archived=true&association=TICKET`,
      `GET ${FAMILY}/threads/${thread.id}?association=TICKET`,
    ]);
    await nextTick();
    expect(changes).toEqual([]);
  });
});

describe('user errors change nothing', () => {
  it('refuses bad input before any call, naming each field', async () => {
    const thread = freshThread();
    const count = messagesOf(thread.id).length;
    const cases: [string, Record<string, unknown>, [string, string[]][]][] = [
      [
        'sendThreadMessage',
        { threadId: thread.id, text: '  ', senderActorId: 'A-1' },
        [['INVALID_INPUT', ['input', 'text']]],
      ],
      [
        'sendThreadMessage',
        { threadId: 'abc', text: 'x'.repeat(65_537), senderActorId: 'V-1' },
        [
          ['INVALID_INPUT', ['input', 'threadId']],
          ['INVALID_INPUT', ['input', 'text']],
          ['INVALID_ACTOR', ['input', 'senderActorId']],
        ],
      ],
      [
        'sendThreadMessage',
        {
          threadId: thread.id,
          text: 'hi',
          senderActorId: 'A-1',
          channelId: 'chat',
          recipients: [{ deliveryIdentifier: { type: 'HS_EMAIL_ADDRESS', value: 'not-an-email' } }],
          fileIds: ['x'],
          idempotencyKey: '',
        },
        [
          ['INVALID_INPUT', ['input', 'channelId']],
          ['INVALID_INPUT', ['input', 'recipients', '0', 'deliveryIdentifier', 'value']],
          ['INVALID_INPUT', ['input', 'fileIds', '0']],
          ['INVALID_INPUT', ['input', 'idempotencyKey']],
        ],
      ],
      [
        'addThreadComment',
        { threadId: thread.id, text: '' },
        [['INVALID_INPUT', ['input', 'text']]],
      ],
      [
        'assignThread',
        { threadId: thread.id, actorId: 'jdoe@hubspot.com' },
        [['INVALID_ACTOR', ['input', 'actorId']]],
      ],
      [
        'setThreadStatus',
        { threadId: '12345678901234567890', status: 'CLOSED' },
        [['INVALID_INPUT', ['input', 'threadId']]],
      ],
      ['archiveThread', { threadId: '-1' }, [['INVALID_INPUT', ['input', 'threadId']]]],
      ['restoreThread', { threadId: '' }, [['INVALID_INPUT', ['input', 'threadId']]]],
      ['unassignThread', { threadId: '1e5' }, [['INVALID_INPUT', ['input', 'threadId']]]],
    ];
    const inputType: Record<string, string> = {
      sendThreadMessage: 'SendThreadMessageInput',
      addThreadComment: 'AddThreadCommentInput',
      assignThread: 'AssignThreadInput',
      setThreadStatus: 'SetThreadStatusInput',
      archiveThread: 'ThreadInput',
      restoreThread: 'ThreadInput',
      unassignThread: 'ThreadInput',
    };
    for (const [field, input, expected] of cases) {
      const res = await h.gql(
        `mutation($input: ${inputType[field]}!) { ${field}(input: $input) { thread { id } userErrors { code message field } } }`,
        { input },
      );
      expect(res.errors, field).toBeUndefined();
      expect(
        res.data[field].userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field]),
        JSON.stringify(input).slice(0, 80),
      ).toEqual(expected);
      expect(res.data[field].thread).toBeNull();
      expect(res.extensions?.cost).toMatchObject({ actual: 0 });
    }
    expect(h.upstream()).toEqual([]);
    expect(messagesOf(thread.id).length).toBe(count);
  });

  it('THREAD_NOT_FOUND and THREAD_ARCHIVED from HubSpot’s refusals, with the thread unchanged', async () => {
    const missing = await h.gql(SetThreadStatusDocument, { threadId: '1', status: 'CLOSED' });
    expect(missing.data!.setThreadStatus).toEqual({
      thread: null,
      userErrors: [
        {
          code: 'THREAD_NOT_FOUND',
          message: 'HubSpot has no thread 1.',
          field: ['input', 'threadId'],
        },
      ],
    });
    expect(calls()).toEqual([
      `PATCH ${FAMILY}/threads/1`,
      `GET ${FAMILY}/threads/1?archived=true&association=TICKET`,
      `GET ${FAMILY}/threads/1?association=TICKET`,
    ]);

    const archived = h.sim.data.threads.find((t) => t.archived && !used.has(t.id))!;
    used.add(archived.id);
    const count = messagesOf(archived.id).length;
    for (const [document, variables, field] of [
      [AddCommentDocument, { input: { threadId: archived.id, text: 'note' } }, 'addThreadComment'],
      [
        SetThreadStatusDocument,
        { threadId: archived.id, status: archived.status === 'OPEN' ? 'CLOSED' : 'OPEN' },
        'setThreadStatus',
      ],
      [AssignThreadDocument, { threadId: archived.id, actorId: agents()[0] }, 'assignThread'],
      [UnassignThreadDocument, { threadId: archived.id }, 'unassignThread'],
    ] as const) {
      h.reset();
      const res = await h.gql(document as never, variables);
      expect(res.errors).toBeUndefined();
      expect(res.data[field].userErrors, field).toEqual([
        {
          code: 'THREAD_ARCHIVED',
          message: expect.stringContaining('restore'),
          field: ['input', 'threadId'],
        },
      ]);
      expect(res.data[field].thread).toMatchObject({ id: archived.id, archived: true });
      expect(writes()).toHaveLength(1);
    }
    expect(messagesOf(archived.id).length).toBe(count);
    expect(h.sim.data.threadById.get(archived.id)!.archived).toBe(true);
    await nextTick();
    expect(changes).toEqual([]);
  });

  it('a reply needs someone to reply to: INVALID_INPUT at input.recipients when no incoming message has one', async () => {
    const source = freshThread();
    const empty = h.sim.createThread({
      inboxId: source.inboxId,
      associatedContactId: source.associatedContactId,
      originalChannelId: source.originalChannelId,
      originalChannelAccountId: source.originalChannelAccountId,
    });
    h.reset();
    const res = await h.gql(SendReplyDocument, {
      input: { threadId: empty.id, text: 'Hello?', senderActorId: agents()[0] },
    });
    expect(res.data!.sendThreadMessage.userErrors).toEqual([
      {
        code: 'INVALID_INPUT',
        message: expect.stringContaining('recipients'),
        field: ['input', 'recipients'],
      },
    ]);
    expect(res.data!.sendThreadMessage.message).toBeNull();
    expect(writes()).toEqual([]);
    expect(messagesOf(empty.id)).toEqual([]);
  });

  it('HubSpot’s own field errors map to the input path (an unknown sender is INVALID_ACTOR)', async () => {
    const thread = freshThread((t) => latestIncoming(t.id) !== undefined);
    const count = messagesOf(thread.id).length;
    const res = await h.gql(SendReplyDocument, {
      input: { threadId: thread.id, text: 'Hi', senderActorId: 'A-999' },
    });
    expect(res.data!.sendThreadMessage).toMatchObject({
      message: null,
      userErrors: [{ code: 'INVALID_ACTOR', field: ['input', 'senderActorId'] }],
    });
    expect(writes()).toHaveLength(1);
    expect(messagesOf(thread.id).length).toBe(count);
  });
});

describe('retries', () => {
  it('never retries the POST of a message on a 5xx: the error says the outcome is unknown', async () => {
    const thread = freshThread((t) => latestIncoming(t.id) !== undefined);
    h.sim.injectFault({ operation: 'createMessage', kind: 'status', status: 503, times: 3 });
    const res = await h.gql(SendReplyDocument, {
      input: { threadId: thread.id, text: 'Once only', senderActorId: agents()[0] },
    });
    h.sim.clearFaults();
    expect(res.data).toBeNull();
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/may or may not have been created.*idempotencyKey/),
        extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', outcome: 'UNKNOWN' }),
      }),
    ]);
    expect(writes().map((r) => r.method)).toEqual(['POST']);
    for (const comment of [false, true]) {
      h.reset();
      h.sim.injectFault({ operation: 'createMessage', kind: 'status', status: 500, times: 3 });
      const r = comment
        ? await h.gql(AddCommentDocument, { input: { threadId: thread.id, text: 'n' } })
        : await h.gql(SendReplyDocument, {
            input: { threadId: thread.id, text: 'n', senderActorId: agents()[0] },
          });
      h.sim.clearFaults();
      expect(r.errors?.[0]?.extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        outcome: 'UNKNOWN',
      });
      expect(writes()).toHaveLength(1);
    }
  });

  it('PATCH, PUT and DELETE follow the read retry policy', async () => {
    const thread = freshThread((t) => t.status === 'OPEN');
    h.sim.injectFault({ operation: 'updateThread', kind: 'status', status: 503, times: 1 });
    h.sim.injectFault({ operation: 'assignThread', kind: 'status', status: 502, times: 1 });
    h.sim.injectFault({ operation: 'unassignThread', kind: 'status', status: 504, times: 1 });
    const closed = await h.gql(SetThreadStatusDocument, { threadId: thread.id, status: 'CLOSED' });
    expect(closed.data!.setThreadStatus.thread!.status).toBe('CLOSED');
    const assigned = await h.gql(AssignThreadDocument, {
      threadId: thread.id,
      actorId: agents()[2],
    });
    expect(assigned.data!.assignThread.thread!.assignedTo).toBe(agents()[2]);
    const unassigned = await h.gql(UnassignThreadDocument, { threadId: thread.id });
    expect(unassigned.data!.unassignThread.thread!.assignedTo).toBeNull();
    expect(writes().map((r) => `${r.method} ${r.status}`)).toEqual([
      'PATCH 503',
      'PATCH 200',
      'PUT 502',
      'PUT 200',
      'DELETE 504',
      'DELETE 204',
    ]);
  });
});

describe('idempotencyKey', () => {
  it('a retry with the same key returns the first message and sends nothing; other input is refused', async () => {
    const thread = freshThread((t) => latestIncoming(t.id) !== undefined);
    const input = {
      threadId: thread.id,
      text: 'Refund sent',
      senderActorId: agents()[0],
      idempotencyKey: 'k-1',
    };
    const first = await h.gql(SendReplyDocument, { input });
    expect(first.data!.sendThreadMessage.userErrors).toEqual([]);
    const count = messagesOf(thread.id).length;
    h.reset();
    changes.length = 0;
    const retry = await h.gql(
      `mutation($input: SendThreadMessageInput!) { sendThreadMessage(input: $input) { message { id text } userErrors { code } } }`,
      { input },
    );
    expect(retry.data.sendThreadMessage).toEqual({
      message: { id: first.data!.sendThreadMessage.message!.id, text: 'Refund sent' },
      userErrors: [],
    });
    expect(h.upstream()).toEqual([]);
    expect(messagesOf(thread.id).length).toBe(count);
    await nextTick();
    expect(changes).toEqual([]);

    const reused = await h.gql(SendReplyDocument, { input: { ...input, text: 'Something else' } });
    expect(reused.data!.sendThreadMessage).toEqual({
      message: null,
      thread: null,
      userErrors: [
        {
          code: 'IDEMPOTENCY_KEY_REUSED',
          message: expect.any(String),
          field: ['input', 'idempotencyKey'],
        },
      ],
    });
    expect(h.upstream()).toEqual([]);
    // Keys are per mutation and caller: the same key on a comment is a new comment.
    const comment = await h.gql(AddCommentDocument, {
      input: { threadId: thread.id, text: 'x', idempotencyKey: 'k-1' },
    });
    expect(comment.data!.addThreadComment.userErrors).toEqual([]);
  });

  it('concurrent duplicates wait for the first: one POST, one message, the same answer', async () => {
    const thread = freshThread((t) => latestIncoming(t.id) !== undefined);
    const count = messagesOf(thread.id).length;
    h.sim.setLatency(150);
    const input = {
      threadId: thread.id,
      text: 'Double click',
      senderActorId: agents()[0],
      idempotencyKey: 'dbl',
    };
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => h.gql(SendReplyDocument, { input })));
    h.sim.setLatency(0);
    const ids = [a, b, c].map((r) => r!.data!.sendThreadMessage.message?.id);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(writes()).toHaveLength(1);
    expect(messagesOf(thread.id).length).toBe(count + 1);
  });

  it('after an unknown outcome, the retry finds the message HubSpot did create instead of sending it twice', async () => {
    const thread = freshThread((t) => latestIncoming(t.id) !== undefined);
    const sender = agents()[0]!;
    const input = {
      threadId: thread.id,
      text: 'Are you there?',
      senderActorId: sender,
      idempotencyKey: 'lost-answer',
    };
    h.sim.injectFault({ operation: 'createMessage', kind: 'status', status: 502, times: 1 });
    const first = await h.gql(SendReplyDocument, { input });
    expect(first.errors?.[0]?.extensions).toMatchObject({ outcome: 'UNKNOWN' });
    // HubSpot had in fact created it before the 502 (the answer was lost on the way).
    const created = h.sim.addMessage(thread.id, {
      createdBy: sender,
      client: { clientType: 'INTEGRATION', integrationAppId: 9990001 },
      senders: [{ actorId: sender }],
      recipients: [],
      text: 'Are you there?',
      attachments: [],
      truncationStatus: 'NOT_TRUNCATED',
      status: { statusType: 'SENT' },
      direction: 'OUTGOING',
      channelId: thread.originalChannelId,
      channelAccountId: thread.originalChannelAccountId,
      type: 'MESSAGE',
    } as Parameters<typeof h.sim.addMessage>[1]);
    h.reset();
    const retry = await h.gql(SendReplyDocument, { input });
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.sendThreadMessage.message!.id).toBe(created.id);
    expect(writes()).toEqual([]);
    expect(calls()[0]).toBe(`GET ${FAMILY}/threads/${thread.id}/messages?limit=100`);

    // Nothing there: the retry sends (once).
    const other = { ...input, text: 'Second try', idempotencyKey: 'lost-request' };
    h.sim.injectFault({ operation: 'createMessage', kind: 'status', status: 502, times: 1 });
    await h.gql(SendReplyDocument, { input: other });
    const count = messagesOf(thread.id).length;
    h.reset();
    const sent = await h.gql(SendReplyDocument, { input: other });
    expect(sent.data!.sendThreadMessage.message!.text).toBe('Second try');
    expect(writes()).toHaveLength(1);
    expect(messagesOf(thread.id).length).toBe(count + 1);
  });
});

describe('top-level errors', () => {
  it('a token without conversations.write gets FORBIDDEN naming the scope, and nothing changes', async () => {
    const f = await startSchemaHarness({ env: { FORWARD_CALLER_TOKEN: 'true' } });
    try {
      const thread = f.sim.data.threads.find((t) => !t.archived && t.status === 'OPEN')!;
      const res = await f.gql(
        SetThreadStatusDocument,
        { threadId: thread.id, status: 'CLOSED' },
        { authorization: 'Bearer sim-read-only-token' },
      );
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('conversations.write'),
          extensions: expect.objectContaining({
            code: 'FORBIDDEN',
            requiredScopes: ['conversations.write'],
          }),
        }),
      ]);
      expect(f.upstream().map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH 403']);
      expect(f.sim.data.threadById.get(thread.id)!.status).toBe('OPEN');
    } finally {
      await f.close();
    }
  });

  it('a POST that hangs is not retried: UPSTREAM_TIMEOUT with the outcome unknown', async () => {
    const t = await startSchemaHarness({ env: { HUBSPOT_TIMEOUT_MS: '300' } });
    try {
      const thread = t.sim.data.threads.find((x) => !x.archived)!;
      t.sim.injectFault({ operation: 'createMessage', kind: 'hang' });
      const res = await t.gql(AddCommentDocument, {
        input: { threadId: thread.id, text: 'hello', idempotencyKey: 'h' },
      });
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('same `idempotencyKey`'),
          extensions: expect.objectContaining({ code: 'UPSTREAM_TIMEOUT', outcome: 'UNKNOWN' }),
        }),
      ]);
      expect(t.upstream().filter((r) => r.method === 'POST')).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
