import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  API_APP,
  READ_ONLY_TOKEN,
  type SimChange,
  type SimConversationsMessage,
  type Simulator,
  type SimThread,
  startSimulator,
} from '../../src/simulator/index.ts';
import { call, expectError, NO_RATE_LIMIT, PREFIXES, V3 } from './helpers.ts';

let sim: Simulator;
const changes: SimChange[] = [];
const used = new Set<string>();

beforeAll(async () => {
  sim = await startSimulator({ rateLimit: NO_RATE_LIMIT });
  sim.onChange((change) => changes.push(change));
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.resetRequests();
  changes.length = 0;
});

/** A thread no other test has touched. */
function freshThread(pred: (t: SimThread) => boolean = () => true): SimThread {
  const thread = sim.data.threads.find(
    (t) =>
      !used.has(t.id) &&
      !t.archived &&
      (sim.data.messagesByThread.get(t.id)?.length ?? 0) > 0 &&
      pred(t),
  );
  if (!thread) throw new Error('no fresh thread');
  used.add(thread.id);
  return thread;
}
const historyOf = async (threadId: string, prefix: string = V3) =>
  (await call(sim, `${prefix}/threads/${threadId}/messages`)).json.results;
const agentId = () => [...sim.data.actors.values()].find((a) => a.type === 'AGENT')!.id;
const ASSIGNEE_V3 = '/conversations/conversations/v3';

function messageEgg(thread: SimThread, overrides: Record<string, unknown> = {}) {
  return {
    type: 'MESSAGE',
    text: 'Thanks, your refund is on its way.',
    richText: '<p>Thanks, your refund is on its way.</p>',
    channelId: thread.originalChannelId,
    channelAccountId: thread.originalChannelAccountId,
    senderActorId: agentId(),
    recipients: [
      { deliveryIdentifiers: [{ type: 'HS_EMAIL_ADDRESS', value: 'jane@customer.example' }] },
    ],
    attachments: [],
    ...overrides,
  };
}

describe('POST …/threads/{id}/messages', () => {
  it('sends a MESSAGE in every path family: 201 + Location, top of the history, thread stamps moved', async () => {
    for (const prefix of Object.values(PREFIXES)) {
      sim.resetRequests();
      const thread = freshThread((t) => t.originalChannelId === '1002');
      const before = (await call(sim, `${prefix}/threads/${thread.id}`)).json;
      const res = await call(sim, `${prefix}/threads/${thread.id}/messages`, {
        body: messageEgg(thread, { subject: 'Re: refund' }),
      });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({
        type: 'MESSAGE',
        conversationsThreadId: thread.id,
        text: 'Thanks, your refund is on its way.',
        subject: 'Re: refund',
        direction: 'OUTGOING',
        status: { statusType: 'SENT' },
        truncationStatus: 'NOT_TRUNCATED',
        channelId: '1002',
        channelAccountId: thread.originalChannelAccountId,
        createdBy: agentId(),
        client: { clientType: 'INTEGRATION', integrationAppId: API_APP.appId },
        recipients: [
          { deliveryIdentifier: { type: 'HS_EMAIL_ADDRESS', value: 'jane@customer.example' } },
        ],
        attachments: [],
        archived: false,
      });
      expect(res.json.id).toMatch(/^[0-9a-f]{32}$/);
      expect(res.headers.get('location')).toBe(
        `${sim.url}${prefix}/threads/${thread.id}/messages/${res.json.id}`,
      );
      const history = await historyOf(thread.id, prefix);
      expect(history[0]).toEqual(res.json);
      const after = (await call(sim, `${prefix}/threads/${thread.id}`)).json;
      expect(after.latestMessageTimestamp).toBe(res.json.createdAt);
      expect(after.latestMessageSentTimestamp).toBe(res.json.createdAt);
      expect(after.latestMessageReceivedTimestamp).toBe(before.latestMessageReceivedTimestamp);
      expect(Date.parse(after.latestMessageTimestamp)).toBeGreaterThan(
        Date.parse(before.latestMessageTimestamp),
      );
      // The sorted index moved too: the thread is now the newest by latestMessageTimestamp.
      const byLmt = await call(
        sim,
        `${prefix}/threads?sort=latestMessageTimestamp&latestMessageTimestampAfter=${encodeURIComponent(before.latestMessageTimestamp)}&limit=500`,
      );
      expect(byLmt.json.results.at(-1).id).toBe(thread.id);
      expect(changes.at(-1)).toMatchObject({
        kind: 'newMessage',
        threadId: thread.id,
        messageId: res.json.id,
        messageType: 'MESSAGE',
      });
      expect(sim.requests.find((r) => r.method === 'POST')).toMatchObject({
        operation: 'createMessage',
        status: 201,
        version: prefix === V3 ? 'v3' : prefix.endsWith('beta') ? '2026-09-beta' : '2026-09',
      });
    }
  });

  it('adds a COMMENT by the app without moving the thread’s message stamps', async () => {
    const thread = freshThread();
    const before = (await call(sim, `${V3}/threads/${thread.id}`)).json;
    // No `attachments` (integrations omit it; HubSpot reportedly accepts that).
    const res = await call(sim, `${V3}/threads/${thread.id}/messages`, {
      body: { type: 'COMMENT', text: 'Customer is a VIP', richText: '<p>Customer is a VIP</p>' },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      type: 'COMMENT',
      text: 'Customer is a VIP',
      attachments: [],
      createdBy: API_APP.actorId,
    });
    expect((await historyOf(thread.id))[0].id).toBe(res.json.id);
    expect((await call(sim, `${V3}/threads/${thread.id}`)).json).toEqual(before);
    const actors = await call(sim, `${V3}/actors/batch/read`, {
      body: { inputs: [API_APP.actorId] },
    });
    expect(actors.json.results).toEqual([
      expect.objectContaining({ id: API_APP.actorId, type: 'INTEGRATOR' }),
    ]);
  });

  it('refuses bad eggs with a 400 naming the field, and changes nothing', async () => {
    const thread = freshThread((t) => t.originalChannelId === '1002');
    const count = sim.data.messagesByThread.get(thread.id)!.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'NOTE' }, 'type'],
      [{ text: '   ', richText: undefined }, 'text'],
      [{ text: 42 }, 'text'],
      [{ text: 'x'.repeat(65_537) }, 'text'],
      [{ channelId: '9999' }, 'channelId'],
      [{ channelAccountId: '1' }, 'channelAccountId'],
      [{ senderActorId: 'V-1401' }, 'senderActorId'],
      [{ senderActorId: 'A-1' }, 'senderActorId'],
      [{ recipients: [] }, 'recipients'],
      [{ recipients: { deliveryIdentifiers: [] } }, 'recipients'],
      [{ recipients: [{ deliveryIdentifiers: [{ type: 'FAX', value: '1' }] }] }, 'recipients'],
      [{ attachments: [{ type: 'FILE' }] }, 'attachments'],
    ];
    for (const [overrides, field] of cases) {
      const res = await call(sim, `${V3}/threads/${thread.id}/messages`, {
        body: messageEgg(thread, overrides),
      });
      expectError(res, 400, 'VALIDATION_ERROR');
      expect(res.json.errors[0].in, JSON.stringify(overrides)).toBe(field);
    }
    expect(sim.data.messagesByThread.get(thread.id)!.length).toBe(count);
    expect(changes).toEqual([]);
    expectError(
      await call(sim, `${V3}/threads/1/messages`, { body: messageEgg(thread) }),
      404,
      'OBJECT_NOT_FOUND',
    );
    expectError(
      await call(sim, `${V3}/threads/abc/messages`, { body: messageEgg(thread) }),
      400,
      'VALIDATION_ERROR',
    );
    const archived = sim.data.threads.find((t) => t.archived)!;
    expectError(
      await call(sim, `${V3}/threads/${archived.id}/messages`, {
        body: { type: 'COMMENT', text: 'hi' },
      }),
      400,
      'VALIDATION_ERROR',
      /archived/,
    );
  });
});

describe('PATCH …/threads/{id}', () => {
  it('closes and reopens with closedAt and HubSpot’s THREAD_STATUS_CHANGE message; same status is a no-op', async () => {
    const thread = freshThread((t) => t.status === 'OPEN');
    const res = await call(sim, `${PREFIXES['2026-09-beta']}/threads/${thread.id}`, {
      method: 'PATCH',
      body: { status: 'CLOSED' },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: thread.id, status: 'CLOSED', archived: false });
    expect(res.json.closedAt).toMatch(/Z$/);
    const [top] = await historyOf(thread.id);
    expect(top).toMatchObject({
      type: 'THREAD_STATUS_CHANGE',
      newStatus: 'CLOSED',
      createdBy: API_APP.actorId,
    });
    expect(res.json.closedAt).toBe(top.createdAt);
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'propertyChange',
        threadId: thread.id,
        propertyName: 'status',
        propertyValue: 'CLOSED',
      }),
    ]);
    expect(
      (
        await call(
          sim,
          `${V3}/threads?threadStatus=CLOSED&associatedContactId=${thread.associatedContactId}`,
        )
      ).json.results.map((t: SimThread) => t.id),
    ).toContain(thread.id);

    const count = sim.data.messagesByThread.get(thread.id)!.length;
    changes.length = 0;
    const again = await call(sim, `${V3}/threads/${thread.id}`, {
      method: 'PATCH',
      body: { status: 'CLOSED' },
    });
    expect(again.json).toEqual(res.json);
    expect(sim.data.messagesByThread.get(thread.id)!.length).toBe(count);
    expect(changes).toEqual([]);

    const reopened = await call(sim, `${V3}/threads/${thread.id}`, {
      method: 'PATCH',
      body: { status: 'OPEN' },
    });
    expect(reopened.json.status).toBe('OPEN');
    expect(reopened.json).not.toHaveProperty('closedAt');
  });

  it('refuses what HubSpot refuses', async () => {
    const thread = freshThread();
    const archived = sim.data.threads.find((t) => t.archived)!;
    const patch = (id: string, body: unknown, query = '') =>
      call(sim, `${V3}/threads/${id}${query}`, { method: 'PATCH', body });
    expectError(await patch(thread.id, { status: 'DONE' }), 400, 'VALIDATION_ERROR');
    expectError(
      await patch(thread.id, { assignedTo: agentId() }),
      400,
      'VALIDATION_ERROR',
      /assignedTo/,
    );
    expectError(
      await patch(thread.id, { status: 'CLOSED', archived: false }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(await patch(thread.id, {}), 400, 'VALIDATION_ERROR');
    expectError(await patch(thread.id, { archived: true }), 400, 'VALIDATION_ERROR');
    expectError(
      await patch(archived.id, { status: 'CLOSED' }),
      400,
      'VALIDATION_ERROR',
      "A thread's status property can not be updated if the thread is archived",
    );
    // Restoring a live thread: `archived=true` addresses archived threads only.
    expectError(
      await patch(thread.id, { archived: false }, '?archived=true'),
      404,
      'OBJECT_NOT_FOUND',
    );
    expectError(await patch('1', { status: 'CLOSED' }), 404, 'OBJECT_NOT_FOUND');
    expect(changes).toEqual([]);
  });
});

describe('DELETE …/threads/{id} and restore', () => {
  it('archives (204), then only archived=true finds it; restore brings it back', async () => {
    const thread = freshThread();
    const del = await call(sim, `${PREFIXES['2026-09']}/threads/${thread.id}`, {
      method: 'DELETE',
    });
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect(changes).toEqual([expect.objectContaining({ kind: 'deletion', threadId: thread.id })]);
    expectError(await call(sim, `${V3}/threads/${thread.id}`), 404, 'OBJECT_NOT_FOUND');
    expect((await call(sim, `${V3}/threads/${thread.id}?archived=true`)).json.archived).toBe(true);
    const live = await call(sim, `${V3}/threads?inboxId=${thread.inboxId}&limit=500`);
    expect(live.json.results.map((t: SimThread) => t.id)).not.toContain(thread.id);
    const trash = await call(
      sim,
      `${V3}/threads?inboxId=${thread.inboxId}&archived=true&limit=500`,
    );
    expect(trash.json.results.map((t: SimThread) => t.id)).toContain(thread.id);

    changes.length = 0;
    expect((await call(sim, `${V3}/threads/${thread.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(changes).toEqual([]);

    const restored = await call(sim, `${V3}/threads/${thread.id}?archived=true`, {
      method: 'PATCH',
      body: { archived: false },
    });
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({ id: thread.id, archived: false });
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'propertyChange',
        propertyName: 'archived',
        propertyValue: 'false',
      }),
    ]);
    expect((await call(sim, `${V3}/threads/${thread.id}`)).status).toBe(200);
  });
});

describe('PUT / DELETE …/threads/{id}/assignee', () => {
  it('assigns under v3’s other prefix with HubSpot’s ASSIGNMENT message, and unassigns', async () => {
    const thread = freshThread((t) => t.assignedTo !== undefined);
    const previous = thread.assignedTo!;
    const to = [...sim.data.actors.values()].find(
      (a) => a.type === 'AGENT' && a.id !== previous,
    )!.id;
    const put = await call(sim, `${ASSIGNEE_V3}/threads/${thread.id}/assignee`, {
      method: 'PUT',
      body: { actorId: to },
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ id: thread.id, assignedTo: to });
    expect(sim.requests.at(-1)).toMatchObject({ operation: 'assignThread', version: 'v3' });
    expect((await historyOf(thread.id))[0]).toMatchObject({
      type: 'ASSIGNMENT',
      assignedTo: to,
      assignedFrom: previous,
    });
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'propertyChange',
        propertyName: 'assignedTo',
        propertyValue: to,
      }),
    ]);
    // The v3 conversations prefix has no assignee operation.
    expectError(
      await call(sim, `${V3}/threads/${thread.id}/assignee`, {
        method: 'PUT',
        body: { actorId: to },
      }),
      404,
      'OBJECT_NOT_FOUND',
    );

    changes.length = 0;
    const del = await call(sim, `${PREFIXES['2026-09-beta']}/threads/${thread.id}/assignee`, {
      method: 'DELETE',
    });
    expect(del.status).toBe(204);
    expect((await call(sim, `${V3}/threads/${thread.id}`)).json).not.toHaveProperty('assignedTo');
    expect((await historyOf(thread.id))[0]).toEqual(
      expect.objectContaining({ type: 'ASSIGNMENT', assignedFrom: to }),
    );
    expect((await historyOf(thread.id))[0]).not.toHaveProperty('assignedTo');
    expect(changes).toEqual([
      expect.objectContaining({ propertyName: 'assignedTo', propertyValue: '' }),
    ]);

    changes.length = 0;
    expect(
      (await call(sim, `${ASSIGNEE_V3}/threads/${thread.id}/assignee`, { method: 'DELETE' }))
        .status,
    ).toBe(204);
    expect(changes).toEqual([]);
  });

  it('refuses an actor who is not a user, and archived or unknown threads', async () => {
    const thread = freshThread();
    for (const actorId of ['V-1401', 'A-404', 'B-301']) {
      const res = await call(sim, `${ASSIGNEE_V3}/threads/${thread.id}/assignee`, {
        method: 'PUT',
        body: { actorId },
      });
      expectError(res, 400, 'VALIDATION_ERROR');
      expect(res.json.errors[0].in).toBe('actorId');
    }
    const archived = sim.data.threads.find((t) => t.archived)!;
    const put = (id: string) =>
      call(sim, `${ASSIGNEE_V3}/threads/${id}/assignee`, {
        method: 'PUT',
        body: { actorId: agentId() },
      });
    expectError(await put(archived.id), 400, 'VALIDATION_ERROR', /archived/);
    expectError(await put('1'), 404, 'OBJECT_NOT_FOUND');
    expect(changes).toEqual([]);
  });
});

describe('scopes', () => {
  it('403s every write for a token without conversations.write, naming the scope, and changes nothing', async () => {
    const thread = freshThread();
    const before = (await call(sim, `${V3}/threads/${thread.id}`, { token: READ_ONLY_TOKEN })).json;
    const writes: [string, string, unknown][] = [
      ['POST', `${V3}/threads/${thread.id}/messages`, { type: 'COMMENT', text: 'hi' }],
      ['PATCH', `${V3}/threads/${thread.id}`, { status: 'CLOSED' }],
      ['DELETE', `${V3}/threads/${thread.id}`, undefined],
      ['PUT', `${ASSIGNEE_V3}/threads/${thread.id}/assignee`, { actorId: agentId() }],
      ['DELETE', `${ASSIGNEE_V3}/threads/${thread.id}/assignee`, undefined],
    ];
    for (const [method, path, body] of writes) {
      const res = await call(sim, path, { method, body, token: READ_ONLY_TOKEN });
      expectError(res, 403, 'MISSING_SCOPES');
      expect(res.json.errors[0].context.requiredScopes).toEqual(['conversations.write']);
    }
    expect((await call(sim, `${V3}/threads/${thread.id}`)).json).toEqual(before);
    expect(changes).toEqual([]);
  });
});

describe('store write functions', () => {
  it('createThread, addMessage (incoming), setMessageStatus and privacyDelete keep every index true', async () => {
    const inboxId = sim.data.threads[0]!.inboxId;
    const account = sim.data.channelAccounts.find(
      (a) => a.inboxId === inboxId && a.channelId === '1000',
    )!;
    const thread = sim.createThread(
      {
        inboxId,
        associatedContactId: '1401',
        originalChannelId: '1000',
        originalChannelAccountId: account.id,
      },
      [],
    );
    expect(changes).toEqual([expect.objectContaining({ kind: 'creation', threadId: thread.id })]);
    const listed = await call(sim, `${V3}/threads?inboxId=${inboxId}&limit=500`);
    expect(listed.json.results.at(-1)).toEqual(thread);
    expect((await call(sim, `${V3}/threads/${thread.id}`)).json).toEqual(thread);

    const incoming = sim.addMessage(thread.id, {
      createdBy: 'V-1401',
      client: { clientType: 'SYSTEM' },
      senders: [
        {
          actorId: 'V-1401',
          deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: 'abc' },
        },
      ],
      recipients: [],
      text: 'hello?',
      attachments: [],
      truncationStatus: 'NOT_TRUNCATED',
      status: { statusType: 'RECEIVED' },
      direction: 'INCOMING',
      channelId: '1000',
      channelAccountId: account.id,
      type: 'MESSAGE',
    } as Omit<SimConversationsMessage, 'id' | 'conversationsThreadId' | 'createdAt' | 'archived'>);
    expect(changes.at(-1)).toMatchObject({
      kind: 'newMessage',
      threadId: thread.id,
      messageId: incoming.id,
    });
    const got = (await call(sim, `${V3}/threads/${thread.id}`)).json;
    expect(got.latestMessageReceivedTimestamp).toBe(incoming.createdAt);
    expect(got).not.toHaveProperty('latestMessageSentTimestamp');

    changes.length = 0;
    expect(sim.setMessageStatus(thread.id, incoming.id, { statusType: 'READ' })).toBe(true);
    const message = (await call(sim, `${V3}/threads/${thread.id}/messages/${incoming.id}`)).json;
    expect(message.status).toEqual({ statusType: 'READ' });
    expect(changes).toEqual([]);
    expect(sim.setMessageStatus(thread.id, 'nope', { statusType: 'READ' })).toBe(false);

    expect(sim.privacyDelete(thread.id)).toBe(true);
    expect(changes).toEqual([
      expect.objectContaining({ kind: 'privacyDeletion', threadId: thread.id }),
    ]);
    expectError(await call(sim, `${V3}/threads/${thread.id}`), 404, 'OBJECT_NOT_FOUND');
    expectError(await call(sim, `${V3}/threads/${thread.id}/messages`), 404, 'OBJECT_NOT_FOUND');
    expect(
      (await call(sim, `${V3}/threads?inboxId=${inboxId}&limit=500`)).json.results.map(
        (t: SimThread) => t.id,
      ),
    ).not.toContain(thread.id);
    expect(sim.data.threadById.has(thread.id)).toBe(false);
  });

  it('onChange returns an unsubscribe; a throwing listener does not stop the write', async () => {
    const thread = freshThread();
    const seen: SimChange[] = [];
    const off = sim.onChange((c) => seen.push(c));
    const offBad = sim.onChange(() => {
      throw new Error('listener bug');
    });
    expect(sim.setStatus(thread.id, thread.status === 'OPEN' ? 'CLOSED' : 'OPEN')).toBe(true);
    off();
    offBad();
    expect(sim.archive(thread.id)).toBe(true);
    expect(seen.map((c) => c.kind)).toEqual(['propertyChange']);
    expect(changes.map((c) => c.kind)).toEqual(['propertyChange', 'deletion']);
    expect(changes[0]!.occurredAt).toBeGreaterThan(Date.parse('2026-01-01'));
  });
});
