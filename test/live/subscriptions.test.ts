import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  hubspotEvent,
  type LiveHarness,
  postWebhook,
  sseSubscribe,
  startLiveHarness,
  until,
  wsSubscribe,
} from './support.ts';

const EVENT_FIELDS = `
  id type threadId occurredAt
  thread { id status inboxId archived assignedTo }
  message { id __typename createdAt }
`;
const ALL = `subscription All { threadEvents { ${EVENT_FIELDS} } }`;
const FILTERED = `subscription Filtered($filter: ThreadEventFilter) {
  threadEvents(filter: $filter) { ${EVENT_FIELDS} }
}`;

let h: LiveHarness;
beforeAll(async () => {
  h = await startLiveHarness();
});
afterAll(() => h.close());
afterEach(async () => {
  await until(() => h.gateway.live.active === 0, 15_000, 'subscriptions to end');
  h.sim.resetRequests();
});

const live = () =>
  h.sim.data.threads.filter(
    (t) => !t.archived && (h.sim.data.messagesByThread.get(t.id)?.length ?? 0) > 0,
  );
const archived = () => h.sim.data.threads.filter((t) => t.archived);
const firstMessageOf = (threadId: string) => h.sim.data.messagesByThread.get(threadId)![0]!;
const ops = () => h.sim.requests.map((r) => r.operation);
const eventOf = (e: { data?: Record<string, unknown> | null }) =>
  e.data?.threadEvents as Record<string, unknown>;

describe('each webhook type reaches subscribers', () => {
  it('NEW_MESSAGE: the thread and the new message, one getThread and one getMessage', async () => {
    const thread = live()[3]!;
    const message = firstMessageOf(thread.id);
    const sub = await sseSubscribe(h, ALL);
    const one = hubspotEvent('conversation.newMessage', thread.id, {
      messageId: message.id,
      messageType: 'MESSAGE',
    });
    await postWebhook(h, [one]);
    await sub.waitFor(1);
    expect(eventOf(sub.events[0]!)).toEqual({
      id: String(one.eventId),
      type: 'NEW_MESSAGE',
      threadId: thread.id,
      occurredAt: new Date(one.occurredAt as number).toISOString(),
      thread: {
        id: thread.id,
        status: thread.status,
        inboxId: thread.inboxId,
        archived: false,
        assignedTo: thread.assignedTo ?? null,
      },
      message: { id: message.id, __typename: expect.any(String), createdAt: message.createdAt },
    });
    expect(ops().sort()).toEqual(['getMessage', 'getThread']);
    const getThread = h.sim.requests.find((r) => r.operation === 'getThread')!;
    expect(getThread.path).toContain(`/threads/${thread.id}`);
    expect(getThread.query).toEqual({ association: ['TICKET'] });
    sub.close();
  });

  it.each([
    ['conversation.creation', {}, 'THREAD_CREATED'],
    [
      'conversation.propertyChange',
      { propertyName: 'status', propertyValue: 'CLOSED' },
      'STATUS_CHANGED',
    ],
    [
      'conversation.propertyChange',
      { propertyName: 'assignedTo', propertyValue: '99' },
      'ASSIGNMENT_CHANGED',
    ],
    [
      'conversation.propertyChange',
      { propertyName: 'isArchived', propertyValue: 'false' },
      'RESTORED',
    ],
  ])(
    '%s %j: %s with the thread as HubSpot has it now, no message',
    async (type, extra, expected) => {
      const thread = live()[5]!;
      const sub = await sseSubscribe(h, ALL);
      await postWebhook(h, [hubspotEvent(type, thread.id, extra)]);
      await sub.waitFor(1);
      expect(eventOf(sub.events[0]!)).toMatchObject({
        type: expected,
        threadId: thread.id,
        thread: { id: thread.id, status: thread.status },
        message: null,
      });
      expect(ops()).toEqual(['getThread']);
      sub.close();
    },
  );

  it('ARCHIVED (conversation.deletion): the archived thread, read with archived=true', async () => {
    const thread = archived()[0]!;
    const sub = await sseSubscribe(h, ALL);
    await postWebhook(h, [hubspotEvent('conversation.deletion', thread.id)]);
    await sub.waitFor(1);
    expect(eventOf(sub.events[0]!)).toMatchObject({
      type: 'ARCHIVED',
      thread: { id: thread.id, archived: true },
    });
    expect(h.sim.requests.map((r) => [r.operation, r.query])).toEqual([
      ['getThread', { association: ['TICKET'], archived: ['true'] }],
    ]);
    sub.close();
  });

  it('DELETED (privacyDeletion): thread null, no upstream read', async () => {
    const thread = live()[6]!;
    const sub = await sseSubscribe(h, ALL);
    await postWebhook(h, [hubspotEvent('conversation.privacyDeletion', thread.id)]);
    await sub.waitFor(1);
    expect(eventOf(sub.events[0]!)).toMatchObject({
      type: 'DELETED',
      threadId: thread.id,
      thread: null,
      message: null,
    });
    expect(ops()).toEqual([]);
    sub.close();
  });

  it('an event about a thread HubSpot does not know is not delivered', async () => {
    const sub = await sseSubscribe(h, ALL);
    await postWebhook(h, [hubspotEvent('conversation.creation', '999999999')]);
    const thread = live()[7]!;
    await postWebhook(h, [hubspotEvent('conversation.creation', thread.id)]);
    await sub.waitFor(1);
    await h.gateway.webhooks!.drain();
    expect(sub.events.map((e) => eventOf(e).threadId)).toEqual([thread.id]);
    sub.close();
  });
});

describe('filters', () => {
  it('by thread, inbox and types; each subscriber gets only its events', async () => {
    const [a, b] = live();
    const otherInbox = live().find((t) => t.inboxId !== a!.inboxId)!;
    const byThread = await sseSubscribe(h, FILTERED, { filter: { threadId: a!.id } });
    const byInbox = await sseSubscribe(h, FILTERED, { filter: { inboxId: otherInbox.inboxId } });
    const byType = await sseSubscribe(h, FILTERED, { filter: { types: ['STATUS_CHANGED'] } });
    const combined = await sseSubscribe(h, FILTERED, {
      filter: { threadId: b!.id, types: ['ASSIGNMENT_CHANGED', 'THREAD_CREATED'] },
    });
    const status = (id: string) =>
      hubspotEvent('conversation.propertyChange', id, {
        propertyName: 'status',
        propertyValue: 'OPEN',
      });
    await postWebhook(h, [
      hubspotEvent('conversation.creation', a!.id),
      status(b!.id),
      hubspotEvent('conversation.creation', otherInbox.id),
      hubspotEvent('conversation.propertyChange', b!.id, {
        propertyName: 'assignedTo',
        propertyValue: '7',
      }),
    ]);
    await byThread.waitFor(1);
    await byInbox.waitFor(1);
    await byType.waitFor(1);
    await combined.waitFor(1);
    await h.gateway.webhooks!.drain();
    // One more event to all: proves nothing else was queued before it.
    await postWebhook(h, [status(a!.id)]);
    await byType.waitFor(2);
    await byThread.waitFor(2);
    const seen = (s: typeof byThread) =>
      s.events.map((e) => `${eventOf(e).type} ${eventOf(e).threadId}`);
    expect(seen(byThread)).toEqual([`THREAD_CREATED ${a!.id}`, `STATUS_CHANGED ${a!.id}`]);
    expect(seen(byInbox)).toEqual([`THREAD_CREATED ${otherInbox.id}`]);
    expect(seen(byType)).toEqual([`STATUS_CHANGED ${b!.id}`, `STATUS_CHANGED ${a!.id}`]);
    expect(seen(combined)).toEqual([`ASSIGNMENT_CHANGED ${b!.id}`]);
    // Filters on thread and type cost nothing; the inbox filter needs the thread (one read per
    // event for all subscribers).
    expect(ops().filter((o) => o === 'getThread').length).toBeLessThanOrEqual(5);
    for (const s of [byThread, byInbox, byType, combined]) s.close();
  });

  it('refuses a malformed filter id with BAD_USER_INPUT before subscribing', async () => {
    const sub = await sseSubscribe(h, FILTERED, { filter: { threadId: 'abc' } });
    await until(() => sub.completed() || sub.events.length > 0);
    const response = await fetch(`${h.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: FILTERED, variables: { filter: { inboxId: 'x y' } } }),
    });
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(h.gateway.live.active).toBe(0);
    expect(ops()).toEqual([]);
    sub.close();
  });
});

describe('once per subscriber', () => {
  it('a change our mutation published and HubSpot’s webhook then reported is delivered once', async () => {
    const thread = live()[8]!;
    const message = firstMessageOf(thread.id);
    const sub = await sseSubscribe(h, ALL);
    const now = Date.now();
    // What a mutation publishes after its write…
    h.gateway.changes.publish({
      id: 'gw-test-1',
      type: 'STATUS_CHANGED',
      threadId: thread.id,
      occurredAt: new Date(now).toISOString(),
      source: 'mutation',
      tokenKey: h.gateway.tokenKey(h.sim.token),
    });
    h.gateway.changes.publish({
      id: 'gw-test-2',
      type: 'NEW_MESSAGE',
      threadId: thread.id,
      messageId: message.id,
      occurredAt: new Date(now).toISOString(),
      source: 'mutation',
    });
    await sub.waitFor(2);
    // …and HubSpot's webhooks about the same two happenings, seconds later, retried once.
    const status = hubspotEvent('conversation.propertyChange', thread.id, {
      propertyName: 'status',
      propertyValue: 'CLOSED',
      occurredAt: now + 1500,
    });
    const newMessage = hubspotEvent('conversation.newMessage', thread.id, {
      messageId: message.id,
      occurredAt: now + 900,
    });
    await postWebhook(h, [newMessage, status]);
    await postWebhook(h, [{ ...status, attemptNumber: 1 }]);
    await h.gateway.webhooks!.drain();
    // A later, distinct change still arrives (and proves the duplicates were not just late).
    const reopened = hubspotEvent('conversation.propertyChange', thread.id, {
      propertyName: 'status',
      propertyValue: 'OPEN',
      occurredAt: now + 2000,
    });
    await postWebhook(h, [reopened]);
    await sub.waitFor(3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sub.events.map((e) => eventOf(e).id)).toEqual([
      'gw-test-1',
      'gw-test-2',
      String(reopened.eventId),
    ]);
    sub.close();
  });

  it('two mutations of the same kind are two events; a webhook far apart in time is its own', async () => {
    const thread = live()[9]!;
    const sub = await sseSubscribe(h, FILTERED, { filter: { threadId: thread.id } });
    const now = Date.now();
    for (const id of ['gw-a', 'gw-b']) {
      h.gateway.changes.publish({
        id,
        type: 'ASSIGNMENT_CHANGED',
        threadId: thread.id,
        occurredAt: new Date(now).toISOString(),
        source: 'mutation',
      });
    }
    const late = hubspotEvent('conversation.propertyChange', thread.id, {
      propertyName: 'assignedTo',
      propertyValue: '1',
      occurredAt: now + 5 * 60_000,
    });
    await postWebhook(h, [late]);
    await sub.waitFor(3);
    expect(sub.events.map((e) => eventOf(e).id)).toEqual(['gw-a', 'gw-b', String(late.eventId)]);
    sub.close();
  });
});

describe('upstream cost', () => {
  it('20 subscribers, one event: one getThread and one getMessage in all', async () => {
    const thread = live()[10]!;
    const message = firstMessageOf(thread.id);
    const subs = await Promise.all(Array.from({ length: 20 }, () => sseSubscribe(h, ALL)));
    expect(h.gateway.live.active).toBe(20);
    h.sim.resetRequests();
    await postWebhook(h, [
      hubspotEvent('conversation.newMessage', thread.id, { messageId: message.id }),
    ]);
    await Promise.all(subs.map((s) => s.waitFor(1)));
    for (const s of subs) {
      expect(eventOf(s.events[0]!)).toMatchObject({
        thread: { id: thread.id },
        message: { id: message.id },
      });
    }
    expect(ops().sort()).toEqual(['getMessage', 'getThread']);
    for (const s of subs) s.close();
  });
});

describe('transports', () => {
  it('graphql-ws at /graphql delivers the same events as SSE', async () => {
    const thread = live()[11]!;
    const ws = await wsSubscribe(h, ALL);
    const sse = await sseSubscribe(h, ALL);
    await until(() => h.gateway.live.active === 2, 15_000, 'the ws subscription');
    const one = hubspotEvent('conversation.creation', thread.id);
    await postWebhook(h, [one]);
    await ws.waitFor(1);
    await sse.waitFor(1);
    expect(ws.events[0]).toEqual(sse.events[0]);
    expect(eventOf(ws.events[0]!).id).toBe(String(one.eventId));
    expect(ops()).toEqual(['getThread']);
    ws.close();
    sse.close();
  });

  it('graphql-ws runs queries too, through the same plugins', async () => {
    const ws = await wsSubscribe(h, '{ thread(id: "1") { id } }');
    await until(() => ws.completed());
    expect(ws.events).toEqual([{ data: { thread: null }, extensions: expect.anything() }]);
    ws.close();
  });

  it('an event arriving after the request deadline still resolves (REQUEST_TIMEOUT_MS)', async () => {
    const short = await startLiveHarness({ env: { REQUEST_TIMEOUT_MS: '300' } });
    try {
      const thread = short.sim.data.threads.find((t) => !t.archived)!;
      const sse = await sseSubscribe(short, ALL);
      const ws = await wsSubscribe(short, ALL);
      await until(() => short.gateway.live.active === 2);
      await new Promise((resolve) => setTimeout(resolve, 700));
      await postWebhook(short, [hubspotEvent('conversation.creation', thread.id)]);
      await sse.waitFor(1);
      await ws.waitFor(1);
      for (const s of [sse, ws]) {
        expect(s.events[0]!.errors).toBeUndefined();
        expect(eventOf(s.events[0]!).thread).toMatchObject({ id: thread.id });
      }
      sse.close();
      ws.close();
    } finally {
      await short.close();
    }
  });

  it('SSE sends keep-alive comments while idle; graphql-ws pings', async () => {
    const keep = await startLiveHarness({ env: { WS_KEEPALIVE_MS: '1000' } });
    try {
      const response = await fetch(`${keep.origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: ALL }),
      });
      const reader = response.body!.getReader();
      let text = '';
      const started = Date.now();
      while ((text.match(/^:\n\n/gm) ?? []).length < 2 && Date.now() - started < 15_000) {
        const { value } = await reader.read();
        text += new TextDecoder().decode(value);
      }
      expect((text.match(/^:\n\n/gm) ?? []).length).toBeGreaterThanOrEqual(2);
      await reader.cancel();

      const { default: WebSocket } = await import('ws');
      const socket = new WebSocket(
        `${keep.origin.replace('http', 'ws')}/graphql`,
        'graphql-transport-ws',
      );
      const pinged = new Promise<boolean>((resolve) => {
        socket.on('ping', () => resolve(true));
        setTimeout(() => resolve(false), 15_000);
      });
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
      expect(await pinged).toBe(true);
      socket.close();
    } finally {
      await keep.close();
    }
  });
});

describe('limits and cleanup', () => {
  it('refuses subscriptions beyond the per-caller and total limits with a clear error', async () => {
    const limited = await startLiveHarness({
      env: { SUBSCRIPTIONS_MAX_PER_CALLER: '2', SUBSCRIPTIONS_MAX_TOTAL: '3' },
    });
    try {
      const key = (n: number) => ({ 'x-api-key': `caller-${n}-key-0123456789` });
      const a1 = await sseSubscribe(limited, ALL, {}, key(1));
      const a2 = await wsSubscribe(limited, ALL, {}, key(1));
      await until(() => limited.gateway.live.active === 2);
      const a3 = await sseSubscribe(limited, ALL, {}, key(1));
      await until(() => a3.completed());
      expect(a3.events[0]!.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining('Too many open subscriptions for this caller (limit 2)'),
          extensions: expect.objectContaining({
            code: 'SUBSCRIPTION_LIMIT_EXCEEDED',
            scope: 'caller',
            limit: 2,
          }),
        }),
      ]);
      const b1 = await sseSubscribe(limited, ALL, {}, key(2));
      const b2 = await wsSubscribe(limited, ALL, {}, key(2));
      await until(() => b2.completed());
      expect(b2.events[0]?.errors ?? b2.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'SUBSCRIPTION_LIMIT_EXCEEDED',
            scope: 'server',
            limit: 3,
          }),
        }),
      ]);
      expect(limited.gateway.live.active).toBe(3);
      // Closing one frees its place at once.
      a1.close();
      await until(() => limited.gateway.live.active === 2);
      const a4 = await sseSubscribe(limited, ALL, {}, key(1));
      await until(() => limited.gateway.live.active === 3);
      expect(limited.sim.requests).toEqual([]);
      for (const s of [a2, a4, b1, b2]) s.close();
      await until(() => limited.gateway.live.active === 0);
    } finally {
      await limited.close();
    }
  });

  it('disconnecting frees everything: no subscriber, no listener, no work for later events', async () => {
    const subs = await Promise.all(Array.from({ length: 5 }, () => sseSubscribe(h, ALL)));
    const sockets = await Promise.all(Array.from({ length: 5 }, () => wsSubscribe(h, ALL)));
    await until(() => h.gateway.live.active === 10);
    for (const s of subs) s.close();
    for (const s of sockets) s.close();
    await until(() => h.gateway.live.active === 0, 15_000, 'all subscriptions freed');
    h.sim.resetRequests();
    await postWebhook(h, [hubspotEvent('conversation.creation', live()[12]!.id)]);
    await h.gateway.webhooks!.drain();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Nobody listens: the event costs nothing upstream.
    expect(ops()).toEqual([]);
  });

  it('graceful shutdown ends SSE streams (complete) and closes sockets (1001)', async () => {
    const other = await startLiveHarness();
    const sse = await sseSubscribe(other, ALL);
    const ws = await wsSubscribe(other, ALL);
    await until(() => other.gateway.live.active === 2);
    await other.http.shutdown(60_000);
    // The streams ended by themselves: the grace period never had to cut them off.
    expect(other.logs.map((l) => l.msg)).not.toContain(
      'grace period over: closing remaining connections',
    );
    await until(() => sse.completed(), 15_000, 'SSE complete');
    expect(await ws.closed).toBe(1001);
    expect(other.gateway.live.active).toBe(0);
    await other.gateway.close();
    await other.sim.close();
  });
});

describe('isolation between tokens (forwarded-token mode)', () => {
  it('each subscriber sees only threads its own token can read, checked with that token', async () => {
    const forwarded = await startLiveHarness({
      accessToken: null,
      env: { FORWARD_CALLER_TOKEN: 'true' },
      sim: {
        tokens: {
          'token-reader': { scopes: ['conversations.read', 'tickets'] },
          'token-reader-2': { scopes: ['conversations.read', 'tickets'] },
          'token-no-conversations': { scopes: ['tickets'] },
        },
      },
    });
    try {
      const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
      const reader = await sseSubscribe(forwarded, ALL, {}, bearer('token-reader'));
      const reader2 = await sseSubscribe(forwarded, ALL, {}, bearer('token-reader'));
      const other = await wsSubscribe(forwarded, ALL, {}, bearer('token-reader-2'));
      const blind = await sseSubscribe(forwarded, ALL, {}, bearer('token-no-conversations'));
      const unknown = await sseSubscribe(forwarded, ALL, {}, bearer('token-unknown'));
      await until(() => forwarded.gateway.live.active === 5);
      const thread = forwarded.sim.data.threads.find((t) => !t.archived)!;
      await postWebhook(forwarded, [hubspotEvent('conversation.creation', thread.id)]);
      await reader.waitFor(1);
      await reader2.waitFor(1);
      await other.waitFor(1);
      await until(() => forwarded.sim.requests.length >= 4);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(blind.events).toEqual([]);
      expect(unknown.events).toEqual([]);
      // One read per token (two subscribers of one token share it), each with its own token.
      expect(forwarded.sim.requests.map((r) => [r.operation, r.token]).sort()).toEqual([
        ['getThread', 'token-no-conversations'],
        ['getThread', 'token-reader'],
        ['getThread', 'token-reader-2'],
        ['getThread', 'token-unknown'],
      ]);
      // A later DELETED reaches only the tokens seen reading the thread.
      await postWebhook(forwarded, [hubspotEvent('conversation.privacyDeletion', thread.id)]);
      await reader.waitFor(2);
      await other.waitFor(2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(blind.events).toEqual([]);
      expect(unknown.events).toEqual([]);
      for (const s of [reader, reader2, other, blind, unknown]) s.close();
    } finally {
      await forwarded.close();
    }
  });
});
