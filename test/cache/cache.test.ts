import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import { MemoryStore } from '../../src/store/store.ts';
import { signatureV3 } from '../../src/webhooks/signature.ts';
import { createTestGateway, type Harness, startHarness } from '../helpers/harness.ts';

function operation(name: string): string {
  return readFileSync(new URL(`../operations/${name}.graphql`, import.meta.url), 'utf8');
}

const INBOX = operation('InboxWithPreviews');
const DETAIL = operation('ThreadDetail');

/** An incoming chat message from the thread's visitor, as the portal would receive it. */
function receive(sim: Simulator, threadId: string, text: string) {
  const thread = sim.data.threadById.get(threadId)!;
  const visitor = `V-${thread.associatedContactId}`;
  return sim.addMessage(threadId, {
    type: 'MESSAGE',
    createdBy: visitor,
    client: { clientType: 'SYSTEM' },
    senders: [
      {
        actorId: visitor,
        deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: visitor },
      },
    ],
    recipients: [],
    text,
    attachments: [],
    truncationStatus: 'NOT_TRUNCATED',
    status: { statusType: 'RECEIVED' },
    direction: 'INCOMING',
    channelId: thread.originalChannelId,
    channelAccountId: thread.originalChannelAccountId,
  } as Parameters<Simulator['addMessage']>[1]);
}

const STATUSES = `query($first: Int = 20) { threads(first: $first) { edges { node { id latestMessageTimestamp
  messages(first: 5) { edges { node { id ... on ChannelMessage { direction status { statusType } } } } } } } } }`;

type StatusEdge = {
  node: {
    id: string;
    messages: {
      edges: { node: { id: string; direction?: string; status?: { statusType: string } } }[];
    };
  };
};
type StatusView = { data?: { threads: { edges: StatusEdge[] } } | null };

/** The first outgoing message still SENT in a STATUSES view. */
function firstSent(res: StatusView): { threadId: string; messageId: string } {
  for (const edge of res.data!.threads.edges) {
    for (const { node } of edge.node.messages.edges) {
      if (node.direction === 'OUTGOING' && node.status?.statusType === 'SENT') {
        return { threadId: edge.node.id, messageId: node.id };
      }
    }
  }
  throw new Error('no SENT message in the view');
}

function statusIn(res: StatusView, threadId: string, messageId: string): string | undefined {
  return res
    .data!.threads.edges.find((edge) => edge.node.id === threadId)
    ?.node.messages.edges.find((m) => m.node.id === messageId)?.node.status?.statusType;
}

type Cost = { estimated: number | null; actual: number; cached: number };
const costOf = (res: { extensions?: Record<string, unknown> }) => res.extensions?.cost as Cost;
const operations = (h: Harness) => h.upstream().map((r) => r.operation);
const count = (list: string[], name: string) => list.filter((n) => n === name).length;

describe('cross-request cache: message pages under latestMessageTimestamp', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => h.reset());

  it('a repeated inbox view with previews costs the thread list only', async () => {
    await h.gateway.cache.invalidateThread('0'); // nothing to forget: harmless
    const first = await h.gql(INBOX);
    expect(first.errors).toBeUndefined();
    expect(costOf(first)).toEqual({ estimated: 21, actual: 21, cached: 0 });
    expect(count(operations(h), 'listMessages')).toBe(20);

    h.reset();
    const again = await h.gql(INBOX);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    // The estimate stays the upper bound; the list is always read, the 20 pages are not.
    expect(costOf(again)).toEqual({ estimated: 21, actual: 1, cached: 20 });
    expect(operations(h)).toEqual(['listThreads']);
    expect(h.upstream()[0]?.query.association).toEqual(['TICKET']);
  });

  it('invalidateThread makes exactly that thread cost its page again, for every token', async () => {
    const first = await h.gql(INBOX);
    const threadId = first.data.threads.edges[3].node.id as string;
    h.reset();
    await h.gateway.cache.invalidateThread(threadId);
    const after = await h.gql(INBOX);
    expect(after.data).toEqual(first.data);
    expect(costOf(after)).toMatchObject({ actual: 2, cached: 19 });
    const pages = h.upstream().filter((r) => r.operation === 'listMessages');
    expect(pages.map((r) => r.path)).toEqual([expect.stringContaining(`/threads/${threadId}/`)]);
  });

  it('a new message on one thread costs that thread’s page and shows the message', async () => {
    const before = await h.gql(INBOX);
    const threadId = before.data.threads.edges[7].node.id as string;
    h.reset();
    const message = receive(h.sim, threadId, 'is anyone there?');
    const after = await h.gql(INBOX);
    expect(after.errors).toBeUndefined();
    const node = after.data.threads.edges[7].node;
    expect(node.id).toBe(threadId);
    expect(node.latestMessageTimestamp).toBe(message.createdAt);
    expect(node.messages.edges[0].node).toMatchObject({ id: message.id, text: 'is anyone there?' });
    // The other 19 previews are unchanged and cached; only the changed thread's page was read.
    expect(operations(h)).toEqual(['listThreads', 'listMessages']);
    expect(h.upstream()[1]?.path).toContain(`/threads/${threadId}/messages`);
    expect(costOf(after)).toEqual({ estimated: 21, actual: 2, cached: 19 });
    expect(after.data.threads.edges.filter((_: unknown, i: number) => i !== 7)).toEqual(
      before.data.threads.edges.filter((_: unknown, i: number) => i !== 7),
    );
    // …and the new page is what the cache holds from now on.
    h.reset();
    const again = await h.gql(INBOX);
    expect(again.data).toEqual(after.data);
    expect(operations(h)).toEqual(['listThreads']);
  });

  it('a delivery-status change without a new message shows at once after invalidateThread', async () => {
    const first = await h.gql(STATUSES);
    const { threadId, messageId } = firstSent(first);
    expect(h.sim.setMessageStatus(threadId, messageId, { statusType: 'READ' })).toBe(true);

    // latestMessageTimestamp did not move: the cached page (SENT) is still served…
    h.reset();
    const cached = await h.gql(STATUSES);
    expect(statusIn(cached, threadId, messageId)).toBe('SENT');
    expect(operations(h)).toEqual(['listThreads']);
    // …until an event about the thread (webhook or mutation) invalidates it.
    await h.gateway.cache.invalidateThread(threadId);
    h.reset();
    const fresh = await h.gql(STATUSES);
    expect(statusIn(fresh, threadId, messageId)).toBe('READ');
    expect(operations(h)).toEqual(['listThreads', 'listMessages']);
  });

  it('a page read under another latestMessageTimestamp is not served', async () => {
    // A thread detail after the inbox asks for the same first page (first 5) as the inbox
    // preview: it is served only while getThread shows the timestamp it was stored under.
    const inbox = await h.gql(INBOX);
    const node = inbox.data.threads.edges[0].node;
    h.reset();
    const detail = await h.gql(
      `query($id: ID!) { thread(id: $id) { latestMessageTimestamp messages(first: 5) { edges { node { id } } } } }`,
      { id: node.id },
    );
    expect(detail.data.thread.latestMessageTimestamp).toBe(node.latestMessageTimestamp);
    expect(
      detail.data.thread.messages.edges.map((e: { node: { id: string } }) => e.node.id),
    ).toEqual(node.messages.edges.map((e: { node: { id: string } }) => e.node.id));
    expect(operations(h)).toEqual(['getThread']);
    expect(costOf(detail)).toMatchObject({ actual: 1, cached: 1 });

    // A new message moves the timestamp: the same detail now reads the page again.
    const message = receive(h.sim, node.id, 'one more thing');
    h.reset();
    const changed = await h.gql(
      `query($id: ID!) { thread(id: $id) { latestMessageTimestamp messages(first: 5) { edges { node { id } } } } }`,
      { id: node.id },
    );
    expect(changed.data.thread.latestMessageTimestamp).toBe(message.createdAt);
    expect(changed.data.thread.messages.edges[0].node.id).toBe(message.id);
    expect(operations(h).sort()).toEqual(['getThread', 'listMessages']);
    expect(costOf(changed)).toMatchObject({ actual: 2, cached: 0 });
  });

  it('a repeated thread detail costs its getThread only (no webhooks: the thread itself is always read)', async () => {
    const id = h.sim.data.threads[40]!.id;
    const first = await h.gql(DETAIL, { id });
    expect(first.errors).toBeUndefined();
    h.reset();
    const again = await h.gql(DETAIL, { id });
    expect(again.data).toEqual(first.data);
    expect(operations(h)).toEqual(['getThread']);
    expect(costOf(again).cached).toBeGreaterThanOrEqual(1);
  });

  it('Cache-Control: no-cache reads everything from HubSpot, and refreshes what it read', async () => {
    await h.gql(INBOX);
    h.reset();
    const fresh = await h.gql(INBOX, undefined, { 'cache-control': 'no-cache' });
    expect(costOf(fresh)).toEqual({ estimated: 21, actual: 21, cached: 0 });
    expect(count(operations(h), 'listMessages')).toBe(20);
    h.reset();
    // What the no-cache request read is what the cache now holds (purge makes the old unreadable).
    const firstThread = fresh.data.threads.edges[0].node.id as string;
    await h.gateway.cache.invalidateThread(firstThread);
    await h.gql(INBOX, undefined, { 'cache-control': 'no-cache' });
    h.reset();
    const cached = await h.gql(INBOX);
    expect(costOf(cached)).toEqual({ estimated: 21, actual: 1, cached: 20 });
  });

  it('ten identical thread detail requests at once cost one read of each kind', async () => {
    h.sim.setLatency(40);
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => h.gql(DETAIL, { id: h.sim.data.threads[41]!.id })),
      );
      for (const res of results) expect(res.data).toEqual(results[0]?.data);
      const ops = operations(h);
      expect(count(ops, 'getThread')).toBe(1);
      expect(count(ops, 'listMessages')).toBe(1);
      expect(count(ops, 'batchReadActors')).toBeLessThanOrEqual(1);
      const saved = results.reduce((sum, res) => sum + costOf(res).cached, 0);
      const made = results.reduce((sum, res) => sum + costOf(res).actual, 0);
      expect(made).toBe(ops.length);
      expect(saved).toBeGreaterThanOrEqual(18);
    } finally {
      h.sim.setLatency(0);
    }
  });

  it('purgeThread forgets the thread for every token', async () => {
    const inbox = await h.gql(INBOX);
    const threadId = inbox.data.threads.edges[5].node.id as string;
    await h.gql(DETAIL, { id: threadId });
    h.reset();
    await h.gateway.cache.purgeThread(threadId);
    const again = await h.gql(INBOX);
    expect(again.data).toEqual(inbox.data);
    expect(operations(h)).toEqual(['listThreads', 'listMessages']);
    expect(h.upstream()[1]?.path).toContain(`/threads/${threadId}/`);
  });
});

describe('cross-request cache: what is on and off', () => {
  it('CACHE_MAX_AGE_S=0 turns it off: every view reads everything', async () => {
    const h = await startHarness({ env: { CACHE_MAX_AGE_S: '0' } });
    try {
      await h.gql(INBOX);
      h.reset();
      const again = await h.gql(INBOX);
      expect(costOf(again)).toEqual({ estimated: 21, actual: 21, cached: 0 });
      expect(count(operations(h), 'listMessages')).toBe(20);
      expect(h.gateway.cache.session).toBeUndefined();
    } finally {
      await h.close();
    }
  });

  /** POSTs one HubSpot event, signed (v3) as HubSpot signs it; the answer's status. */
  async function signedWebhook(h: Harness, eventId: number, subscriptionType: string, id: string) {
    const body = JSON.stringify([
      {
        eventId,
        subscriptionId: 1,
        portalId: 62515,
        occurredAt: Date.now(),
        subscriptionType,
        attemptNumber: 0,
        objectId: Number(id),
        ...(subscriptionType === 'conversation.propertyChange'
          ? { propertyName: 'status', propertyValue: 'CLOSED' }
          : {}),
      },
    ]);
    const url = h.gateway.webhooks?.signedUrl ?? '';
    const timestamp = String(Date.now());
    const response = await h.gateway.yoga.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-request-timestamp': timestamp,
        'x-hubspot-signature-v3': signatureV3('test-client-secret', {
          method: 'POST',
          url,
          body: Buffer.from(body),
          timestamp,
        }),
      },
      body,
    });
    return response.status;
  }

  it('with webhooks configured, thread(id) is served until an event about it arrives', async () => {
    const h = await startHarness({ env: { HUBSPOT_CLIENT_SECRET: 'test-client-secret' } });
    const id = h.sim.data.threads[42]!.id;
    try {
      const first = await h.gql(DETAIL, { id });
      expect(first.errors).toBeUndefined();
      h.reset();
      const again = await h.gql(DETAIL, { id });
      expect(again.data).toEqual(first.data);
      expect(h.upstream()).toEqual([]);
      expect(costOf(again).actual).toBe(0);

      // A webhook announces a change: the next detail reads thread and page again.
      expect(await signedWebhook(h, 1, 'conversation.propertyChange', id)).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const changed = await h.gql(DETAIL, { id });
      expect(changed.data).toEqual(first.data);
      expect(operations(h).sort()).toEqual(['getThread', 'listMessages']);
      expect(costOf(changed)).toMatchObject({ actual: 2 });

      // DELETED (privacy deletion) purges.
      h.reset();
      expect(await signedWebhook(h, 2, 'conversation.privacyDeletion', id)).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await h.gql(DETAIL, { id });
      expect(operations(h).sort()).toEqual(['getThread', 'listMessages']);
    } finally {
      await h.gateway.close();
      await h.close();
    }
  });

  it('without webhooks, thread(id) is always read from HubSpot', async () => {
    const h = await startHarness();
    const id = h.sim.data.threads[42]!.id;
    try {
      await h.gql('query($id: ID!) { thread(id: $id) { id status } }', { id });
      h.reset();
      const again = await h.gql('query($id: ID!) { thread(id: $id) { id status } }', { id });
      expect(again.data.thread.id).toBe(id);
      expect(operations(h)).toEqual(['getThread']);
      expect(costOf(again)).toEqual({ estimated: 1, actual: 1, cached: 0 });
    } finally {
      await h.close();
    }
  });

  it('entries expire after CACHE_MAX_AGE_S: a delivery-status change shows within it', async () => {
    const h = await startHarness({ env: { CACHE_MAX_AGE_S: '1' } });
    try {
      const first = await h.gql(STATUSES, { first: 20 });
      const { threadId, messageId } = firstSent(first);
      expect(h.sim.setMessageStatus(threadId, messageId, { statusType: 'FAILED' })).toBe(true);
      h.reset();
      const cached = await h.gql(STATUSES, { first: 20 });
      expect(costOf(cached)).toMatchObject({ actual: 1, cached: 20 });
      expect(statusIn(cached, threadId, messageId)).toBe('SENT');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      h.reset();
      const expired = await h.gql(STATUSES, { first: 20 });
      expect(costOf(expired)).toMatchObject({ actual: 21, cached: 0 });
      expect(statusIn(expired, threadId, messageId)).toBe('FAILED');
    } finally {
      await h.close();
    }
  });
});

describe('cross-request cache: token identity', () => {
  let simA: Simulator;
  let simB: Simulator;
  let proxy: Server;
  let proxyUrl: string;

  // Two portals behind one upstream origin, told apart by the bearer token (as HubSpot does).
  beforeAll(async () => {
    simA = await startSimulator({
      log: false,
      seed: 1,
      tokens: { 'token-a': { scopes: ['conversations.read', 'tickets'] } },
    });
    simB = await startSimulator({
      log: false,
      seed: 2,
      tokens: { 'token-b': { scopes: ['conversations.read', 'tickets'] } },
    });
    proxy = createServer((req, res) => {
      const target = new URL(req.headers.authorization === 'Bearer token-b' ? simB.url : simA.url);
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy.close(resolve));
    await simA.close();
    await simB.close();
  });

  it('two forwarded tokens never see each other’s entries', async () => {
    const { gateway } = createTestGateway({
      sim: { url: proxyUrl } as Simulator,
      env: { FORWARD_CALLER_TOKEN: 'true', LOG_LEVEL: 'silent' },
      accessToken: undefined,
    });
    const ask = async (token: string) => {
      const response = await gateway.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: INBOX, variables: { first: 5 } }),
      });
      return (await response.json()) as { data: unknown; extensions: { cost: Cost } };
    };
    const a1 = await ask('token-a');
    const a2 = await ask('token-a');
    expect(a2.data).toEqual(a1.data);
    expect(a2.extensions.cost).toMatchObject({ actual: 1, cached: 5 });

    simA.resetRequests();
    const b1 = await ask('token-b');
    // Portal B's own data, read in full from portal B: nothing of A's was served.
    expect(b1.extensions.cost).toEqual({ estimated: 6, actual: 6, cached: 0 });
    expect(b1.data).not.toEqual(a1.data);
    expect(simA.requests).toEqual([]);
    expect(simB.requests.map((r) => r.token)).toEqual(Array(6).fill('token-b'));
    const b2 = await ask('token-b');
    expect(b2.data).toEqual(b1.data);
    expect(b2.extensions.cost).toMatchObject({ actual: 1, cached: 5 });

    // The token never appears in a cache key or value.
    const store = gateway.stores.cache as MemoryStore;
    expect(store.size).toBeGreaterThan(0);
    expect(JSON.stringify(store.dump())).not.toMatch(/token-[ab]/);
    await gateway.close();
  });
});

describe('cross-request cache: memory bound', () => {
  it('a flood of distinct keys keeps the in-process store within CACHE_MAX_BYTES', async () => {
    const h = await startHarness({
      env: { CACHE_MAX_BYTES: '60000', HUBSPOT_MAX_REQUESTS_PER_10S: '1000' },
      sim: { rateLimit: { max: 1000, intervalMs: 10_000, daily: 250_000 } },
    });
    try {
      const store = h.gateway.stores.cache as MemoryStore;
      let written = 0;
      for (let previews = 1; previews <= 12; previews++) {
        const res = await h.gql(INBOX, { first: 20, previews });
        expect(res.errors).toBeUndefined();
        written += 20;
        expect(store.bytes).toBeLessThanOrEqual(60_000);
      }
      // 240 distinct pages were stored; far fewer fit, so older ones were evicted.
      expect(store.size).toBeLessThan(written);
      expect(h.upstream().length).toBe(12 * 21);
    } finally {
      await h.close();
    }
  });

  it('MemoryStore evicts least recently used entries to stay within its byte bound', async () => {
    const store = new MemoryStore({ maxBytes: 10_000 });
    for (let i = 0; i < 5_000; i++) {
      await store.set(`key-${i}`, 'x'.repeat(i % 200), 60_000);
      expect(store.bytes).toBeLessThanOrEqual(10_000);
    }
    expect(await store.get('key-4999')).toBe('x'.repeat(4999 % 200));
    expect(await store.get('key-0')).toBeUndefined();
  });
});
