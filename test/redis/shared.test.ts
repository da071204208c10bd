import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadChange } from '../../src/live/changes.ts';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import type { SimConversationsMessage, SimThread } from '../../src/simulator/index.ts';
import type { WebhookOutcome } from '../../src/webhooks/receiver.ts';
import {
  hubspotEvent,
  postWebhook,
  SECRET,
  type SseSubscription,
  sseSubscribe,
} from '../live/support.ts';
import { RedisServer } from './redis-server.ts';
import { markWindowKnown, type Replica, startReplica, within } from './replicas.ts';

/**
 * What every replica shares through one real Redis besides the budget: webhook de-duplication
 * and subscription fan-out, idempotency keys of mutations, and the cross-request cache. Two
 * replicas A and B on real HTTP servers, one simulated portal.
 */

const EVENTS = `subscription { threadEvents { id type threadId thread { id status } } }`;
const INBOX = `{ threads(first: 5) { edges { node { id latestMessageTimestamp
  messages(first: 3) { edges { node { id } } } } } } }`;
const DETAIL = `query Detail($id: ID!) { thread(id: $id) { id status latestMessageTimestamp
  messages(first: 5) { edges { node { id } } } } }`;
const REPLY = `mutation Reply($input: SendThreadMessageInput!) {
  sendThreadMessage(input: $input) { message { id text } userErrors { code message } } }`;

let redis: RedisServer;
let sim: Simulator;
let a: Replica;
let b: Replica;
const outcomes: Record<'A' | 'B', WebhookOutcome[]> = { A: [], B: [] };
const subscriptions: SseSubscription[] = [];

beforeAll(async () => {
  redis = await RedisServer.start();
  sim = await startSimulator({
    log: false,
    rateLimit: { max: 100_000, intervalMs: 10_000, daily: 10_000_000 },
  });
  const env = {
    REDIS_URL: redis.url,
    HUBSPOT_CLIENT_SECRET: SECRET,
    HUBSPOT_MAX_REQUESTS_PER_10S: '10000',
    REQUEST_TIMEOUT_MS: '30000',
  };
  // A Redis without a record of the window blocks the token for one window: not the subject here.
  await markWindowKnown(redis.url, 'hsgw', sim.token);
  a = await startReplica('A', sim, env);
  b = await startReplica('B', sim, env);
  a.gateway.webhooks!.onOutcome((outcome) => outcomes.A.push(outcome));
  b.gateway.webhooks!.onOutcome((outcome) => outcomes.B.push(outcome));
  await within(5_000, async () => (await a.readyz()) === 200 && (await b.readyz()) === 200);
  // Each replica SUBSCRIBEs at start-up, asynchronously: wait until B hears what A publishes.
  const heardOnB: ThreadChange[] = [];
  const listening = b.gateway.changes.subscribe();
  void (async () => {
    for await (const change of listening) heardOnB.push(change);
  })();
  let probe = 0;
  await within(5_000, () => {
    a.gateway.changes.publish({
      id: `probe-${probe++}`,
      type: 'STATUS_CHANGED',
      threadId: '1',
      occurredAt: new Date().toISOString(),
      source: 'mutation',
    });
    return heardOnB.length > 0;
  });
  await listening.return?.();
  sim.resetRequests();
});

afterAll(async () => {
  for (const subscription of subscriptions) subscription.close();
  await a?.close();
  await b?.close();
  await sim?.close();
  await redis?.stop();
});

afterEach(async () => {
  for (const subscription of subscriptions.splice(0)) subscription.close();
  await within(10_000, () => a.gateway.live.active === 0 && b.gateway.live.active === 0);
  await Promise.all([a.gateway.webhooks!.drain(), b.gateway.webhooks!.drain()]);
  outcomes.A.length = 0;
  outcomes.B.length = 0;
  sim.resetRequests();
});

const hook = (replica: Replica) => ({
  origin: replica.url,
  publicUrl: replica.gateway.webhooks!.signedUrl,
});
const messagesOf = (threadId: string) => sim.data.messagesByThread.get(threadId) ?? [];
const openThreads = () =>
  sim.data.threads.filter((t) => !t.archived && messagesOf(t.id).length > 0);
const latestIncoming = (thread: SimThread) =>
  [...messagesOf(thread.id)]
    .reverse()
    .find((m): m is SimConversationsMessage => m.type === 'MESSAGE' && m.direction === 'INCOMING');
const eventOf = (e: SseSubscription['events'][number]) =>
  e.data?.threadEvents as { id: string; type: string; threadId: string } | undefined;

async function subscribeOn(replica: Replica): Promise<SseSubscription> {
  const before = replica.gateway.live.active;
  const subscription = await sseSubscribe({ origin: replica.url }, EVENTS);
  subscriptions.push(subscription);
  expect(subscription.status).toBe(200);
  await within(5_000, () => replica.gateway.live.active === before + 1);
  return subscription;
}

const statusChange = (thread: SimThread) =>
  hubspotEvent('conversation.propertyChange', thread.id, {
    propertyName: 'status',
    propertyValue: thread.status,
  });

describe('webhooks and subscriptions across replicas', () => {
  it('a signed webhook to A reaches a subscriber on B once and one on A once; each replica reads the thread at most once', async () => {
    const thread = openThreads()[2]!;
    const onA = await subscribeOn(a);
    const onB = await subscribeOn(b);
    const event = statusChange(thread);

    const response = await postWebhook(hook(a), [event]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, duplicate: 0, ignored: 0 });
    await onA.waitFor(1);
    await onB.waitFor(1);
    const expected = {
      id: String(event.eventId),
      type: 'STATUS_CHANGED',
      threadId: thread.id,
      thread: { id: thread.id, status: thread.status },
    };
    expect(onA.events.map(eventOf)).toEqual([expected]);
    expect(onB.events.map(eventOf)).toEqual([expected]);
    expect(outcomes.A).toEqual([{ type: 'conversation.propertyChange', result: 'processed' }]);
    expect(outcomes.B).toEqual([]);

    // "Once": a later event on the same channel arrives after anything the first one could
    // still have caused, so when it is there, a second copy of the first would be too.
    const marker = statusChange(openThreads()[3]!);
    expect((await postWebhook(hook(a), [marker])).status).toBe(200);
    await onA.waitFor(2);
    await onB.waitFor(2);
    expect(onA.events.map((e) => eventOf(e)!.id)).toEqual([
      String(event.eventId),
      String(marker.eventId),
    ]);
    expect(onB.events.map((e) => eventOf(e)!.id)).toEqual([
      String(event.eventId),
      String(marker.eventId),
    ]);

    // Upstream: the subscribers' thread reads only, one per event and replica at most (the
    // second replica may find the first one's read in the shared cache).
    const reads = sim.requests.map((r) => `${r.method} ${r.operation} ${r.path.split('/').pop()}`);
    const first = reads.filter((r) => r === `GET getThread ${thread.id}`);
    const second = reads.filter((r) => r === `GET getThread ${openThreads()[3]!.id}`);
    expect(first.length).toBeGreaterThanOrEqual(1);
    expect(first.length).toBeLessThanOrEqual(2);
    expect(second.length).toBeGreaterThanOrEqual(1);
    expect(second.length).toBeLessThanOrEqual(2);
    expect(reads).toHaveLength(first.length + second.length);
    expect(sim.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('the same eventId re-delivered to B is acknowledged as a duplicate and not processed again', async () => {
    const thread = openThreads()[4]!;
    const onA = await subscribeOn(a);
    const onB = await subscribeOn(b);
    const event = statusChange(thread);

    expect((await postWebhook(hook(a), [event])).status).toBe(200);
    await onA.waitFor(1);
    await onB.waitFor(1);
    await a.gateway.webhooks!.drain();
    const readsOfFirst = sim.requests.length;
    expect(readsOfFirst).toBeGreaterThanOrEqual(1);

    // HubSpot's retry of the same event (attemptNumber 1), signed for B this time.
    const retry = await postWebhook(hook(b), [{ ...event, attemptNumber: 1 }]);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ accepted: 0, duplicate: 1, ignored: 0 });
    expect(outcomes.B).toEqual([{ type: 'conversation.propertyChange', result: 'duplicate' }]);
    await b.gateway.webhooks!.drain();

    // A fresh event after the duplicate: once it is delivered, a second copy would have been too.
    const marker = statusChange(openThreads()[5]!);
    expect((await postWebhook(hook(b), [marker])).status).toBe(200);
    await onA.waitFor(2);
    await onB.waitFor(2);
    for (const subscription of [onA, onB]) {
      expect(subscription.events.map((e) => eventOf(e)!.id)).toEqual([
        String(event.eventId),
        String(marker.eventId),
      ]);
    }
    expect(outcomes.A).toEqual([{ type: 'conversation.propertyChange', result: 'processed' }]);
    expect(outcomes.B).toEqual([
      { type: 'conversation.propertyChange', result: 'duplicate' },
      { type: 'conversation.propertyChange', result: 'processed' },
    ]);
    // The duplicate cost nothing upstream: after the first event's reads only the marker's.
    const later = sim.requests.slice(readsOfFirst);
    expect(later.length).toBeGreaterThanOrEqual(1);
    expect(later.length).toBeLessThanOrEqual(2);
    for (const request of later) {
      expect(request.operation).toBe('getThread');
      expect(request.path).toContain(`/threads/${openThreads()[5]!.id}`);
    }
  });
});

describe('idempotency keys across replicas', () => {
  const replyInput = (thread: SimThread, text: string, key: string) => ({
    threadId: thread.id,
    text,
    senderActorId: [...sim.data.actors.values()].find((actor) => actor.type === 'AGENT')!.id,
    idempotencyKey: key,
  });

  it('a reply sent on A and retried with the same key on B is not POSTed again and returns the same message', async () => {
    const thread = openThreads().filter((t) => latestIncoming(t) !== undefined)[0]!;
    const count = messagesOf(thread.id).length;
    const input = replyInput(thread, 'Refund sent', 'cross-replica-1');

    const first = await a.gql(REPLY, {}, { input });
    expect(first.status).toBe(200);
    const sent = (first.body.data!.sendThreadMessage as { message: { id: string; text: string } })
      .message;
    expect(first.body.data!.sendThreadMessage).toEqual({
      message: { id: expect.stringMatching(/^[0-9a-f]{32}$/), text: 'Refund sent' },
      userErrors: [],
    });
    const posts = sim.requests.filter((r) => r.method !== 'GET');
    expect(posts.map((r) => [r.method, r.operation, r.path])).toEqual([
      ['POST', 'createMessage', expect.stringContaining(`/threads/${thread.id}/messages`)],
    ]);
    expect(posts[0]!.body).toMatchObject({ type: 'MESSAGE', text: 'Refund sent' });
    expect(messagesOf(thread.id)).toHaveLength(count + 1);

    sim.resetRequests();
    const retry = await b.gql(REPLY, {}, { input });
    expect(retry.status).toBe(200);
    expect(retry.body.data!.sendThreadMessage).toEqual({ message: sent, userErrors: [] });
    // B knew the key from Redis: no POST, not even a read.
    expect(sim.requests).toEqual([]);
    expect(messagesOf(thread.id)).toHaveLength(count + 1);

    // The same key with other input is refused on B too, still without a call.
    const reused = await b.gql(REPLY, {}, { input: { ...input, text: 'Something else' } });
    expect(reused.body.data!.sendThreadMessage).toEqual({
      message: null,
      userErrors: [{ code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String) }],
    });
    expect(sim.requests).toEqual([]);
  });

  it('the same key sent to A and B at once: one POST, one message, the same answer on both', async () => {
    const thread = openThreads().filter((t) => latestIncoming(t) !== undefined)[1]!;
    const count = messagesOf(thread.id).length;
    const input = replyInput(thread, 'Double click', 'cross-replica-2');
    // Slow upstream: the second replica's attempt arrives while the first one's POST is open.
    sim.setLatency(150);
    const [onA, onB] = await Promise.all([
      a.gql(REPLY, {}, { input }),
      b.gql(REPLY, {}, { input }),
    ]);
    sim.setLatency(0);
    const messages = [onA, onB].map(
      (r) => (r.body.data!.sendThreadMessage as { message: { id: string } | null }).message,
    );
    expect(messages[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      text: 'Double click',
    });
    expect(messages[1]).toEqual(messages[0]);
    expect(sim.requests.filter((r) => r.method !== 'GET').map((r) => r.operation)).toEqual([
      'createMessage',
    ]);
    expect(messagesOf(thread.id)).toHaveLength(count + 1);
  });
});

describe('the cross-request cache is shared', () => {
  const listed = () =>
    sim.requests.map((r) =>
      r.operation === 'listMessages'
        ? /\/threads\/(\w+)\/messages$/.exec(r.path)?.[1]
        : r.operation,
    );

  it('a view served by A costs B the list only; a webhook to A makes B read that thread again', async () => {
    // Read in full on A (and stored): the cache state is then known, whatever ran before.
    const onA = await a.gql(INBOX, { 'cache-control': 'no-cache' });
    expect(onA.status).toBe(200);
    expect(onA.body.errors).toBeUndefined();
    expect(onA.body.extensions?.cost).toEqual({ estimated: 6, actual: 6, cached: 0 });
    const threadIds = (
      onA.body.data!.threads as { edges: Array<{ node: { id: string } }> }
    ).edges.map((e) => e.node.id);
    expect(threadIds).toHaveLength(5);
    expect(sim.requests.map((r) => r.operation).sort()).toEqual([
      'listMessages',
      'listMessages',
      'listMessages',
      'listMessages',
      'listMessages',
      'listThreads',
    ]);

    sim.resetRequests();
    const onB = await b.gql(INBOX);
    expect(onB.body.errors).toBeUndefined();
    expect(onB.body.data).toEqual(onA.body.data);
    expect(onB.body.extensions?.cost).toEqual({ estimated: 6, actual: 1, cached: 5 });
    expect(sim.requests.map((r) => r.operation)).toEqual(['listThreads']);

    // A webhook about one listed thread, received by A: nobody subscribes, so it costs nothing
    // upstream; it invalidates that thread in the shared store.
    const changed = sim.data.threads.find((t) => t.id === threadIds[1])!;
    sim.resetRequests();
    expect((await postWebhook(hook(a), [statusChange(changed)])).status).toBe(200);
    await within(5_000, () => outcomes.A.some((outcome) => outcome.result === 'processed'));
    await a.gateway.webhooks!.drain();
    expect(sim.requests).toEqual([]);

    const afterEvent = await b.gql(INBOX);
    expect(afterEvent.body.errors).toBeUndefined();
    expect(afterEvent.body.extensions?.cost).toEqual({ estimated: 6, actual: 2, cached: 4 });
    expect(listed()).toEqual(['listThreads', changed.id]);

    // And A, which received the webhook, now finds B's fresh page: the list only again.
    sim.resetRequests();
    const backOnA = await a.gql(INBOX);
    expect(backOnA.body.extensions?.cost).toEqual({ estimated: 6, actual: 1, cached: 5 });
    expect(sim.requests.map((r) => r.operation)).toEqual(['listThreads']);
  });

  it('a thread detail read on A costs B nothing (webhooks keep thread(id) fresh); after a webhook to A, B reads it again', async () => {
    const thread = openThreads()[7]!;
    const onA = await a.gql(DETAIL, { 'cache-control': 'no-cache' }, { id: thread.id });
    expect(onA.body.errors).toBeUndefined();
    expect(onA.body.extensions?.cost).toEqual({ estimated: 2, actual: 2, cached: 0 });
    expect(sim.requests.map((r) => r.operation).sort()).toEqual(['getThread', 'listMessages']);

    sim.resetRequests();
    const onB = await b.gql(DETAIL, {}, { id: thread.id });
    expect(onB.body.data).toEqual(onA.body.data);
    expect(onB.body.extensions?.cost).toEqual({ estimated: 2, actual: 0, cached: 2 });
    expect(sim.requests).toEqual([]);

    expect((await postWebhook(hook(a), [statusChange(thread)])).status).toBe(200);
    await within(5_000, () => outcomes.A.some((outcome) => outcome.result === 'processed'));
    await a.gateway.webhooks!.drain();
    expect(sim.requests).toEqual([]);
    const afterEvent = await b.gql(DETAIL, {}, { id: thread.id });
    expect(afterEvent.body.data).toEqual(onA.body.data);
    // The event replaced the thread's generation in Redis: its thread and page entries, sealed
    // under the old one, are misses on every replica.
    expect(afterEvent.body.extensions?.cost).toEqual({ estimated: 2, actual: 2, cached: 0 });
    expect(sim.requests.map((r) => `${r.operation} ${r.path.includes(thread.id)}`).sort()).toEqual([
      'getThread true',
      'listMessages true',
    ]);
  });
});
