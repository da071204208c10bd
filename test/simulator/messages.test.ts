import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type SimConversationsMessage,
  type SimMessage,
  type Simulator,
  startSimulator,
} from '../../src/simulator/index.ts';
import { call, expectError, NO_RATE_LIMIT, UUID, V3, walk } from './helpers.ts';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ rateLimit: NO_RATE_LIMIT });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.resetRequests();
});

const messagesOf = (threadId: string): SimMessage[] =>
  sim.data.messagesByThread.get(threadId) ?? [];
const bigThread = () => sim.data.threads.find((t) => messagesOf(t.id).length > 50)!;
const allMessages = () =>
  sim.data.threads.flatMap((t) => messagesOf(t.id).map((m) => ({ thread: t, m })));
const findMessage = (pred: (m: SimMessage) => boolean) => allMessages().find(({ m }) => pred(m))!;

describe('GET /threads/{id}/messages', () => {
  it('returns newest first by default, 100 per page', async () => {
    const thread = bigThread();
    const res = await call(sim, `${V3}/threads/${thread.id}/messages`);
    expect(res.status).toBe(200);
    expect(res.json.results).toEqual([...messagesOf(thread.id)].reverse());
    expect(res.json).not.toHaveProperty('paging');
    const times = res.json.results.map((m: SimMessage) => m.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(sim.requests[0]).toMatchObject({ operation: 'listMessages', status: 200, query: {} });
  });

  it('sorts oldest first with sort=createdAt and newest first with sort=-createdAt', async () => {
    const thread = bigThread();
    const asc = await call(sim, `${V3}/threads/${thread.id}/messages?sort=createdAt`);
    expect(asc.json.results).toEqual(messagesOf(thread.id));
    const desc = await call(sim, `${V3}/threads/${thread.id}/messages?sort=-createdAt`);
    expect(desc.json.results).toEqual([...messagesOf(thread.id)].reverse());
  });

  it('pages with a cursor in both directions, visiting each message once', async () => {
    const thread = bigThread();
    const want = messagesOf(thread.id).map((m) => m.id);
    for (const [sort, order] of [
      ['', [...want].reverse()],
      ['&sort=createdAt', want],
    ] as const) {
      sim.resetRequests();
      const pages = await walk(sim, `${V3}/threads/${thread.id}/messages?limit=7${sort}`);
      expect(pages.flatMap((p) => p.results.map((m: SimMessage) => m.id))).toEqual(order);
      expect(pages.at(-1)).not.toHaveProperty('paging');
      expect(pages.slice(0, -1).every((p) => p.results.length === 7)).toBe(true);
      expect(sim.requests).toHaveLength(pages.length);
      expect(sim.requests.every((r) => r.query.limit?.[0] === '7')).toBe(true);
    }
  });

  it('rejects garbled cursors and cursors of the other sort order', async () => {
    const thread = bigThread();
    const first = await call(sim, `${V3}/threads/${thread.id}/messages?limit=5`);
    const after = first.json.paging.next.after;
    expect(
      (await call(sim, `${V3}/threads/${thread.id}/messages?limit=5&after=${after}`)).status,
    ).toBe(200);
    for (const path of [
      `messages?after=${after}&sort=createdAt`,
      'messages?after=not-a-cursor',
      'messages?after=%7B%7D',
    ]) {
      expectError(await call(sim, `${V3}/threads/${thread.id}/${path}`), 400, 'VALIDATION_ERROR');
    }
  });

  it('validates limit and sort, accepts archived and property', async () => {
    const thread = bigThread();
    const base = `${V3}/threads/${thread.id}/messages`;
    expectError(await call(sim, `${base}?limit=0`), 400, 'VALIDATION_ERROR');
    expectError(await call(sim, `${base}?sort=updatedAt`), 400, 'VALIDATION_ERROR');
    expectError(await call(sim, `${base}?archived=perhaps`), 400, 'VALIDATION_ERROR');
    const clamped = await call(sim, `${base}?limit=10000`);
    expect(clamped.json.results).toHaveLength(messagesOf(thread.id).length);
    const plain = await call(sim, `${base}?limit=3`);
    const extra = await call(sim, `${base}?limit=3&archived=true&property=text`);
    expect(extra.json.results).toEqual(plain.json.results);
    expect(sim.requests.at(-1)!.unknownQueryParams).toEqual([]);
  });

  it('returns an empty page for a thread without messages', async () => {
    const empty = sim.data.threads.find((t) => messagesOf(t.id).length === 0)!;
    const res = await call(sim, `${V3}/threads/${empty.id}/messages`);
    expect(res.json).toEqual({ results: [] });
  });

  it('404s an unknown thread with HubSpot’s body', async () => {
    const res = await call(sim, `${V3}/threads/123/messages`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message: 'Thread 123 not found',
      correlationId: expect.stringMatching(UUID),
    });
  });

  it('serves every message type, including a future one, exactly as in the data set', async () => {
    const threadIds = new Set<string>(sim.data.futureTypeThreadIds);
    for (const type of [
      'MESSAGE',
      'COMMENT',
      'WELCOME_MESSAGE',
      'ASSIGNMENT',
      'THREAD_STATUS_CHANGE',
      'THREAD_INBOX_CHANGE',
    ]) {
      threadIds.add(findMessage((m) => m.type === type).thread.id);
    }
    const seen = new Set<string>();
    for (const threadId of threadIds) {
      const res = await call(sim, `${V3}/threads/${threadId}/messages?limit=500&sort=createdAt`);
      expect(res.json.results).toEqual(messagesOf(threadId));
      for (const m of res.json.results) seen.add(m.type);
    }
    expect([...seen].sort()).toEqual(
      [
        'ASSIGNMENT',
        'CALL_TRANSCRIPT',
        'COMMENT',
        'MESSAGE',
        'THREAD_INBOX_CHANGE',
        'THREAD_STATUS_CHANGE',
        'WELCOME_MESSAGE',
      ].sort(),
    );
  });

  it('sends client.integrationAppId as a JSON number', async () => {
    const { thread, m } = findMessage((m) => m.client.integrationAppId !== undefined);
    const res = await call(sim, `${V3}/threads/${thread.id}/messages/${m.id}`);
    expect(res.text).toMatch(/"integrationAppId":\d+[,}]/);
    expect(typeof res.json.client.integrationAppId).toBe('number');
  });
});

describe('GET /threads/{id}/messages/{messageId}', () => {
  it('returns the message with every MESSAGE field', async () => {
    const { thread, m } = findMessage(
      (m) => m.type === 'MESSAGE' && m.channelId === '1002' && m.inReplyToId !== undefined,
    );
    const res = await call(sim, `${V3}/threads/${thread.id}/messages/${m.id}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual(m);
    for (const key of [
      'id',
      'type',
      'conversationsThreadId',
      'createdAt',
      'updatedAt',
      'createdBy',
      'client',
      'senders',
      'recipients',
      'archived',
      'text',
      'richText',
      'subject',
      'attachments',
      'truncationStatus',
      'direction',
      'channelId',
      'channelAccountId',
      'inReplyToId',
      'status',
    ]) {
      expect(res.json).toHaveProperty(key);
    }
    expect(res.json.senders[0]).toHaveProperty('deliveryIdentifier.type', 'HS_EMAIL_ADDRESS');
    expect(sim.requests[0]).toMatchObject({ operation: 'getMessage', status: 200 });
  });

  it('serves MESSAGEs that have richText but empty text', async () => {
    const { thread, m } = findMessage((m) => m.type === 'MESSAGE' && m.text === '');
    const res = await call(sim, `${V3}/threads/${thread.id}/messages/${m.id}`);
    expect(res.json.text).toBe('');
    expect(res.json.richText.length).toBeGreaterThan(0);
  });

  it('404s an unknown message, or one of another thread', async () => {
    const { thread, m } = findMessage((m) => m.type === 'MESSAGE');
    const other = sim.data.threads.find((t) => t.id !== thread.id)!;
    expectError(
      await call(sim, `${V3}/threads/${thread.id}/messages/${'0'.repeat(32)}`),
      404,
      'OBJECT_NOT_FOUND',
    );
    expectError(
      await call(sim, `${V3}/threads/${other.id}/messages/${m.id}`),
      404,
      'OBJECT_NOT_FOUND',
    );
    expectError(
      await call(sim, `${V3}/threads/123/messages/${m.id}`),
      404,
      'OBJECT_NOT_FOUND',
      'Thread 123 not found',
    );
  });
});

describe('GET …/messages/{messageId}/original-content', () => {
  const original = async (threadId: string, messageId: string) =>
    call(sim, `${V3}/threads/${threadId}/messages/${messageId}/original-content`);

  it('returns a longer body for each kind of truncated message', async () => {
    for (const status of ['TRUNCATED', 'TRUNCATED_TO_MOST_RECENT_REPLY']) {
      const { thread, m } = findMessage(
        (m) => m.type === 'MESSAGE' && m.truncationStatus === status,
      );
      const message = m as SimConversationsMessage;
      const res = await original(thread.id, m.id);
      expect(res.status).toBe(200);
      expect(Object.keys(res.json).sort()).toEqual(['richText', 'text']);
      expect(res.json.text.length).toBeGreaterThan(message.text.length);
      expect(res.json.richText.length).toBeGreaterThan((message.richText ?? '').length);
      expect(res.json).toEqual(sim.data.originalContent.get(m.id));
    }
    expect(sim.requests.every((r) => r.operation === 'getOriginalContent')).toBe(true);
  });

  it('equals the message text when not truncated', async () => {
    const { thread, m } = findMessage(
      (m) => m.type === 'MESSAGE' && m.truncationStatus === 'NOT_TRUNCATED' && m.text !== '',
    );
    const message = m as SimConversationsMessage;
    const res = await original(thread.id, m.id);
    expect(res.json).toEqual({ text: message.text, richText: message.richText });
  });

  it('404s an unknown message', async () => {
    const thread = bigThread();
    expectError(await original(thread.id, 'nope'), 404, 'OBJECT_NOT_FOUND');
  });
});
