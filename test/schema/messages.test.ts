import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SimMessage } from '../../src/simulator/index.ts';
import { InboxWithPreviewsDocument, ThreadDetailDocument } from '../__generated__/graphql.ts';
import { type GqlResponse, type Harness, startUnthrottledHarness } from '../helpers/harness.ts';
import { expectedDetailMessage, messageTypename } from './expected.ts';
import { BAD_USER_INPUT, byOperation, expectedThreads, findThread, newestFirst, params } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startUnthrottledHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());
afterEach(() => h.sim.clearFaults());

interface MessagesData {
  thread: {
    messages: {
      edges: { cursor: string; node: { id: string; __typename: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    } | null;
  } | null;
}

const MESSAGES = /* GraphQL */ `
  query Messages($id: ID!, $first: Int, $after: String) {
    thread(id: $id) {
      messages(first: $first, after: $after) {
        edges { cursor node { id __typename } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

describe('Thread.messages', () => {
  it('gives an inbox page with previews for 21 calls: one list, 20 message pages', async () => {
    const res = await h.gql(InboxWithPreviewsDocument, {});
    expect(res.errors).toBeUndefined();
    const threads = expectedThreads(h.sim.data).slice(0, 20);
    const edges = res.data!.threads.edges;
    expect(edges.map((e) => e.node.id)).toEqual(threads.map((t) => t.id));
    for (const { node } of edges) {
      const expected = newestFirst(h.sim.data, node.id);
      expect(node.messages!.edges.map((e) => e.node.id)).toEqual(
        expected.slice(0, 5).map((m) => m.id),
      );
      expect(node.messages!.edges.map((e) => e.node.__typename)).toEqual(
        expected.slice(0, 5).map(messageTypename),
      );
      expect(node.messages!.pageInfo.hasNextPage).toBe(expected.length > 5);
    }
    const calls = h.upstream();
    expect(calls).toHaveLength(21);
    expect(calls[0]!.operation).toBe('listThreads');
    expect(params(calls[0]!)).toEqual({ limit: '20', association: 'TICKET' });
    const messageCalls = byOperation(h, 'listMessages');
    expect(messageCalls).toHaveLength(20);
    expect(new Set(messageCalls.map((c) => c.path.split('/').at(-2)))).toEqual(
      new Set(threads.map((t) => t.id)),
    );
    // Newest first is HubSpot's default order: no `sort`, only `limit`.
    for (const call of messageCalls) expect(params(call)).toEqual({ limit: '5' });
  });

  it('fetches the same page once however many aliases select it', async () => {
    const id = expectedThreads(h.sim.data)[0]!.id;
    const res = await h.gql(
      `query ($id: ID!) { thread(id: $id) {
          a: messages(first: 3) { edges { node { id } } }
          b: messages(first: 3) { edges { cursor node { createdAt } } }
          c: messages(first: 4) { edges { node { id } } }
      } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.thread.a.edges).toHaveLength(3);
    const calls = byOperation(h, 'listMessages');
    expect(calls.map((c) => params(c).limit).sort()).toEqual(['3', '4']);
  });

  it('walks a long history with first: 7, one call per page, newest first', async () => {
    const thread = findThread(h.sim.data, (_t, messages) => messages.length >= 40);
    const expected = newestFirst(h.sim.data, thread.id).map((m) => m.id);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: GqlResponse<MessagesData> = await h.gql<MessagesData>(MESSAGES, {
        id: thread.id,
        first: 7,
        after,
      });
      const connection = res.data!.thread!.messages!;
      pages++;
      seen.push(...connection.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    const calls = byOperation(h, 'listMessages');
    expect(calls).toHaveLength(pages);
    expect(pages).toBe(Math.ceil(expected.length / 7));
    for (const call of calls) expect(params(call).limit).toBe('7');
  });

  it('resumes after a middle message edge', async () => {
    const thread = findThread(h.sim.data, (_t, messages) => messages.length >= 20);
    const expected = newestFirst(h.sim.data, thread.id).map((m) => m.id);
    const page = await h.gql(MESSAGES, { id: thread.id, first: 10 });
    const cursor = page.data.thread.messages.edges[6].cursor;
    h.reset();
    const res = await h.gql(MESSAGES, { id: thread.id, first: 5, after: cursor });
    expect(res.data.thread.messages.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
      expected.slice(7, 12),
    );
    expect(params(byOperation(h, 'listMessages')[0]!)).toEqual({ limit: '12' });
  });

  it('refuses a message cursor of another thread before calling listMessages', async () => {
    const [a, b] = expectedThreads(h.sim.data);
    const page = await h.gql(MESSAGES, { id: a!.id, first: 2 });
    h.reset();
    const res = await h.gql(MESSAGES, {
      id: b!.id,
      first: 2,
      after: page.data.thread.messages.pageInfo.endCursor,
    });
    expect(res.errors?.[0]?.extensions?.code).toBe(BAD_USER_INPUT);
    expect(
      res.errors?.[0]?.path,
      'a field error must keep its path: src/server/errors.ts maskError returns the original error (no path) instead of the located one',
    ).toEqual(['thread', 'messages']);
    expect(res.data.thread).toEqual({ messages: null });
    expect(byOperation(h, 'listMessages')).toEqual([]);
  });

  it('fails only the thread whose listMessages failed, with the error at its path', async () => {
    const threads = expectedThreads(h.sim.data).slice(0, 5);
    const broken = threads[2]!.id;
    h.sim.injectFault({
      operation: 'listMessages',
      pathIncludes: `/threads/${broken}/`,
      kind: 'status',
      status: 500,
    });
    const res = await h.gql(
      `{ threads(first: 5) { edges { node { id messages(first: 2) { edges { node { id } } } } } } }`,
    );
    expect(res.data.threads.edges).toHaveLength(5);
    for (const [index, { node }] of res.data.threads.edges.entries()) {
      if (node.id === broken) {
        expect(node.messages).toBeNull();
      } else {
        expect(node.messages.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
          newestFirst(h.sim.data, node.id)
            .slice(0, 2)
            .map((m) => m.id),
        );
      }
      expect(index).toBeLessThan(5);
    }
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.path).toEqual(['threads', 'edges', 2, 'node', 'messages']);
    expect(res.errors![0]!.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    // Retried by the transport (HUBSPOT_MAX_RETRIES=2), never re-asked by another field.
    const brokenCalls = byOperation(h, 'listMessages').filter((c) =>
      c.path.includes(`/${broken}/`),
    );
    expect(brokenCalls).toHaveLength(1 + h.config.HUBSPOT_MAX_RETRIES);
  });
});

describe('message types and attachments', () => {
  it('resolves every message type and attachment kind, including ones HubSpot adds later', async () => {
    const data = h.sim.data;
    // A few threads that together carry every message type and attachment kind of the data set.
    const wantedTypes = new Set<string>();
    const wantedAttachments = new Set<string>();
    for (const messages of data.messagesByThread.values()) {
      for (const m of messages) {
        wantedTypes.add(m.type);
        if ('attachments' in m) for (const a of m.attachments) wantedAttachments.add(a.type);
      }
    }
    const chosen: string[] = [];
    const coveredTypes = new Set<string>();
    const coveredAttachments = new Set<string>();
    for (const thread of expectedThreads(data)) {
      const messages = (data.messagesByThread.get(thread.id) ?? []).slice(-50);
      const adds =
        messages.some((m) => !coveredTypes.has(m.type)) ||
        messages.some(
          (m) => 'attachments' in m && m.attachments.some((a) => !coveredAttachments.has(a.type)),
        );
      if (!adds) continue;
      chosen.push(thread.id);
      for (const m of messages) {
        coveredTypes.add(m.type);
        if ('attachments' in m) for (const a of m.attachments) coveredAttachments.add(a.type);
      }
      if (
        coveredTypes.size === wantedTypes.size &&
        coveredAttachments.size === wantedAttachments.size
      )
        break;
    }
    expect(coveredTypes).toEqual(wantedTypes);
    expect(coveredAttachments).toEqual(wantedAttachments);
    expect(wantedTypes.has('CALL_TRANSCRIPT')).toBe(true);
    expect(wantedAttachments.has('POLL')).toBe(true);

    for (const id of chosen) {
      h.reset();
      const res = await h.gql(ThreadDetailDocument, { id, first: 50 });
      expect(res.errors).toBeUndefined();
      const expected = newestFirst(data, id).slice(0, 50);
      expect(res.data!.thread!.messages!.edges.map((e) => e.node)).toEqual(
        expected.map((m: SimMessage) => expectedDetailMessage(data, m)),
      );
    }
  });
});

describe('ChannelMessage.fullText', () => {
  const FULL = /* GraphQL */ `
    query ($id: ID!) { thread(id: $id) { messages(first: 60) { edges { node {
      id ... on ChannelMessage { truncationStatus text richText fullText fullRichText }
    } } } } }
  `;

  it('calls original-content only for truncated messages, and only when selected', async () => {
    const data = h.sim.data;
    const thread = findThread(
      data,
      (_t, messages) =>
        messages.length <= 60 &&
        messages.some((m) => m.type === 'MESSAGE' && m.truncationStatus !== 'NOT_TRUNCATED') &&
        messages.some((m) => m.type === 'MESSAGE' && m.truncationStatus === 'NOT_TRUNCATED'),
    );
    const messages = newestFirst(data, thread.id);
    const truncated = messages.filter(
      (m) => m.type === 'MESSAGE' && m.truncationStatus !== 'NOT_TRUNCATED',
    );

    const res = await h.gql(FULL, { id: thread.id });
    expect(res.errors).toBeUndefined();
    const nodes = res.data.thread.messages.edges.map(
      (e: { node: Record<string, unknown> }) => e.node,
    );
    for (const [index, m] of messages.entries()) {
      if (m.type !== 'MESSAGE') continue;
      const original = data.originalContent.get(m.id);
      expect(nodes[index]).toEqual({
        id: m.id,
        truncationStatus: m.truncationStatus,
        text: m.text,
        richText: m.richText ?? null,
        fullText: m.truncationStatus === 'NOT_TRUNCATED' ? m.text : original!.text,
        fullRichText:
          m.truncationStatus === 'NOT_TRUNCATED' ? (m.richText ?? null) : original!.richText,
      });
    }
    const contentCalls = byOperation(h, 'getOriginalContent');
    expect(contentCalls.map((c) => c.path.split('/').at(-2)).sort()).toEqual(
      truncated.map((m) => m.id).sort(),
    );
    expect(contentCalls.every((c) => c.path.includes(`/threads/${thread.id}/`))).toBe(true);

    h.reset();
    await h.gql(
      `query ($id: ID!) { thread(id: $id) { messages(first: 60) { edges { node { id ... on ChannelMessage { text truncationStatus } } } } } }`,
      { id: thread.id },
    );
    expect(byOperation(h, 'getOriginalContent')).toEqual([]);
  });
});

describe('concurrency', () => {
  let slow: Harness;
  const latencyMs = 200;
  beforeAll(async () => {
    slow = await startUnthrottledHarness({ sim: { latencyMs } });
  });
  afterAll(() => slow.close());

  it('fires the 20 message calls of an inbox page together', async () => {
    const res = await slow.gql(InboxWithPreviewsDocument, { first: 20, previews: 5 });
    expect(res.errors).toBeUndefined();
    const calls = slow.upstream().filter((c) => c.operation === 'listMessages');
    expect(calls).toHaveLength(20);
    const starts = calls.map((c) => c.startedAt);
    // Every call started before the first one could have been answered.
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(latencyMs);
  });
});
