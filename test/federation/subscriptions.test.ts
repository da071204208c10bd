import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONVERSATIONS, CRM } from '../../examples/supergraph/compose.ts';
import { signatureV3 } from '../../src/webhooks/signature.ts';
import {
  representations,
  type Supergraph,
  type SupergraphSubscription,
  startSupergraph,
  until,
} from './support.ts';

/**
 * `Subscription.threadEvents` through the Hive Gateway runtime: the client subscribes to the
 * supergraph over SSE; Hive Gateway subscribes to the conversations subgraph over GraphQL over SSE
 * (its HTTP transport's default for subscriptions) and resolves each event's CRM fields from the
 * CRM subgraph. Changes come as a signed HubSpot webhook to the subgraph, or as a mutation sent
 * through the supergraph.
 */
const SECRET = 'federation-test-client-secret';
const PUBLIC_URL = 'https://gateway.example.com/webhooks/hubspot';

let s: Supergraph;
beforeAll(async () => {
  s = await startSupergraph({
    env: { HUBSPOT_CLIENT_SECRET: SECRET, WEBHOOK_PUBLIC_URL: PUBLIC_URL },
  });
});
afterAll(() => s?.close());
beforeEach(() => s.reset());
const opened: SupergraphSubscription[] = [];
const subscribe = async (variables: Record<string, unknown>) => {
  const sub = await s.subscribe(EVENTS, variables);
  opened.push(sub);
  return sub;
};
// A failed test leaves nothing open for the next one.
afterEach(async () => {
  for (const sub of opened.splice(0)) sub.close();
  await until(() => s.h.gateway.live.active === 0, 15_000, 'subscriptions to end');
});

const EVENTS = `subscription ThreadEvents($filter: ThreadEventFilter) {
  threadEvents(filter: $filter) {
    id type threadId
    thread { id status ticket { id subject priority } associatedContact { id firstName email } }
    message { __typename id }
  }
}`;

const operations = () =>
  s.h
    .upstream()
    .map((r) => r.operation)
    .sort();
const requestsTo = (subgraph: string) =>
  s.subgraphRequests().filter((r) => r.subgraph === subgraph);

/** A thread of the data set with a ticket the CRM knows, a CRM contact and messages. */
function threadWithCrmFields(nth = 0) {
  const data = s.h.sim.data;
  const thread = data.threads.filter(
    (t) =>
      !t.archived &&
      data.ticketIdByThreadId.get(t.id) !== undefined &&
      s.crm.data.contactById.has(t.associatedContactId) &&
      (data.messagesByThread.get(t.id)?.length ?? 0) > 1,
  )[nth];
  if (!thread) throw new Error('the data set has no thread with CRM ticket and contact');
  const ticket = s.crm.data.tickets.find((t) => t.id === data.ticketIdByThreadId.get(thread.id))!;
  const contact = s.crm.data.contactById.get(thread.associatedContactId)!;
  return { thread, ticket, contact, message: data.messagesByThread.get(thread.id)![0]! };
}

/** POSTs a signed HubSpot webhook batch to the conversations subgraph (HubSpot calls it directly). */
async function postWebhook(events: unknown[]): Promise<number> {
  const body = JSON.stringify(events);
  const timestamp = String(Date.now());
  const response = await s.h.gateway.yoga.fetch('http://conversations.test/webhooks/hubspot', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hubspot-request-timestamp': timestamp,
      'x-hubspot-signature-v3': signatureV3(SECRET, {
        method: 'POST',
        url: PUBLIC_URL,
        body: Buffer.from(body),
        timestamp,
      }),
    },
    body,
  });
  return response.status;
}

/** A HubSpot `conversation.newMessage` event, envelope and all. */
function newMessage(eventId: number, threadId: string, messageId: string) {
  return {
    eventId,
    subscriptionId: 2371672,
    portalId: 62515,
    appId: 2438486,
    occurredAt: Date.now(),
    subscriptionType: 'conversation.newMessage',
    attemptNumber: 0,
    objectId: Number(threadId),
    messageId,
    messageType: 'MESSAGE',
  };
}

describe('threadEvents through the Hive Gateway runtime', () => {
  it('a signed newMessage webhook reaches the supergraph subscriber with CRM fields: one getThread, one getMessage', async () => {
    const { thread, ticket, contact, message } = threadWithCrmFields();
    const sub = await subscribe({ filter: { threadId: thread.id } });
    expect(sub.status).toBe(200);
    await until(() => s.h.gateway.live.active === 1, 15_000, 'the subgraph subscription');
    // Subscribing costs no HubSpot call; Hive Gateway opened one subgraph subscription.
    expect(s.h.upstream()).toEqual([]);
    // The keys of the event's entities (for the CRM) are added to the subgraph's selection.
    expect(requestsTo(CONVERSATIONS).map((r) => r.query)).toEqual([
      'subscription ThreadEvents($_threadEvents_filter:ThreadEventFilter){threadEvents(filter:$_threadEvents_filter){id type threadId thread{__typename id status ticket{__typename id}associatedContact{__typename id}}message{__typename id}}}',
    ]);
    expect(requestsTo(CONVERSATIONS)[0]!.variables).toEqual({
      _threadEvents_filter: { threadId: thread.id },
    });

    const eventId = 8_100_001;
    expect(await postWebhook([newMessage(eventId, thread.id, message.id)])).toBe(200);
    await sub.waitFor(1);
    expect(sub.events[0]).toEqual({
      data: {
        threadEvents: {
          id: String(eventId),
          type: 'NEW_MESSAGE',
          threadId: thread.id,
          thread: {
            id: thread.id,
            status: thread.status,
            ticket: { id: ticket.id, subject: ticket.subject, priority: ticket.priority },
            associatedContact: {
              id: contact.id,
              firstName: contact.firstName ?? null,
              email: contact.email ?? null,
            },
          },
          message: { __typename: expect.any(String), id: message.id },
        },
      },
    });

    // HubSpot: the thread and the message, once each. The CRM: one entity batch for the event's
    // ticket and contact.
    expect(operations()).toEqual(['getMessage', 'getThread']);
    const crm = requestsTo(CRM);
    expect(crm).toHaveLength(1);
    expect(
      representations(crm[0]!)
        .map((r) => `${r.__typename}:${r.id}`)
        .sort(),
    ).toEqual([`Contact:${contact.id}`, `Ticket:${ticket.id}`].sort());

    // HubSpot's retry of the same eventId is acknowledged and reaches nobody, at no cost; the
    // next event (another message) is the subscriber's second.
    s.reset();
    const retry = { ...newMessage(eventId, thread.id, message.id), attemptNumber: 1 };
    expect(await postWebhook([retry])).toBe(200);
    await s.h.gateway.webhooks!.drain();
    expect(s.h.upstream()).toEqual([]);
    const next = s.h.sim.data.messagesByThread.get(thread.id)![1]!;
    expect(await postWebhook([newMessage(eventId + 1, thread.id, next.id)])).toBe(200);
    await sub.waitFor(2);
    expect(sub.events.map((e) => (e.data!.threadEvents as { id: string }).id)).toEqual([
      String(eventId),
      String(eventId + 1),
    ]);
    expect(operations()).toEqual(['getMessage', 'getThread']);
    // The client going away ends the subgraph subscription too.
    sub.close();
    await until(() => s.h.gateway.live.active === 0, 15_000, 'the subgraph subscription to end');
  });

  it('three supergraph subscribers, one event: each gets it, one getThread and one getMessage in all', async () => {
    // Another thread than the other tests': a message already reported is not a new event.
    const { thread, ticket, message } = threadWithCrmFields(1);
    const subs = await Promise.all([1, 2, 3].map(() => subscribe({})));
    await until(() => requestsTo(CONVERSATIONS).length === 3, 15_000, 'three subgraph streams');
    await until(() => s.h.gateway.live.active === 3, 15_000, 'three subgraph subscriptions');
    s.reset();
    expect(await postWebhook([newMessage(8_100_201, thread.id, message.id)])).toBe(200);
    await Promise.all(subs.map((sub) => sub.waitFor(1)));
    for (const sub of subs) {
      expect(sub.events[0]!.data!.threadEvents).toMatchObject({
        id: '8100201',
        thread: { id: thread.id, ticket: { id: ticket.id, subject: ticket.subject } },
        message: { id: message.id },
      });
    }
    // Hive Gateway holds one subgraph stream per client subscription (three above), and the
    // subgraph shares the event's reads among them. The CRM join runs per stream; Hive merges
    // identical CRM requests while one is in flight, so 1 to 3 requests, each for this ticket.
    expect(operations()).toEqual(['getMessage', 'getThread']);
    const crm = requestsTo(CRM);
    expect(crm.length).toBeGreaterThanOrEqual(1);
    expect(crm.length).toBeLessThanOrEqual(3);
    for (const request of crm) {
      expect(representations(request).filter((r) => r.__typename === 'Ticket')).toEqual([
        { __typename: 'Ticket', id: ticket.id },
      ]);
    }
  });

  it('a mutation through the supergraph raises STATUS_CHANGED at its subscriber, delivered once', async () => {
    const { thread, ticket } = threadWithCrmFields();
    const target = thread.status === 'OPEN' ? 'CLOSED' : 'OPEN';
    const sub = await subscribe({
      filter: { threadId: thread.id, types: ['STATUS_CHANGED'] },
    });
    await until(() => s.h.gateway.live.active === 1, 15_000, 'the subgraph subscription');
    s.reset();

    const res = await s.query(
      `mutation Close($input: SetThreadStatusInput!) {
        setThreadStatus(input: $input) { thread { id status } userErrors { code } }
      }`,
      { input: { threadId: thread.id, status: target } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.setThreadStatus).toEqual({
      thread: { id: thread.id, status: target },
      userErrors: [],
    });
    await sub.waitFor(1);
    expect(sub.events[0]!.data!.threadEvents).toEqual({
      id: expect.any(String),
      type: 'STATUS_CHANGED',
      threadId: thread.id,
      thread: expect.objectContaining({
        id: thread.id,
        status: target,
        ticket: { id: ticket.id, subject: ticket.subject, priority: ticket.priority },
      }),
      message: null,
    });
    // The write and one read of the thread: the mutation's read and the event's are one.
    expect(
      s.h.upstream().map((r) => ({
        operation: r.operation,
        method: r.method,
        path: r.path.split('/').slice(-2).join('/'),
        query: r.query,
        body: r.body,
      })),
    ).toEqual([
      {
        operation: 'updateThread',
        method: 'PATCH',
        path: `threads/${thread.id}`,
        query: {},
        body: { status: target },
      },
      {
        operation: 'getThread',
        method: 'GET',
        path: `threads/${thread.id}`,
        query: { association: ['TICKET'] },
        body: undefined,
      },
    ]);
    expect(requestsTo(CONVERSATIONS).map((r) => r.query)).toEqual([
      expect.stringMatching(/^mutation Close\b/),
    ]);

    // HubSpot's webhook about the same change is not a second event: the subscriber's next
    // event is the following change (the status set back, reported by webhook only).
    const report = (eventId: number, status: string) => ({
      eventId,
      portalId: 62515,
      occurredAt: Date.now(),
      subscriptionType: 'conversation.propertyChange',
      attemptNumber: 0,
      objectId: Number(thread.id),
      propertyName: 'status',
      propertyValue: status,
    });
    expect(await postWebhook([report(8_100_101, target)])).toBe(200);
    await s.h.gateway.webhooks!.drain();
    s.h.sim.setStatus(thread.id, thread.status);
    expect(await postWebhook([report(8_100_102, thread.status)])).toBe(200);
    await sub.waitFor(2);
    expect(sub.events.map((e) => e.data!.threadEvents)).toEqual([
      expect.objectContaining({
        type: 'STATUS_CHANGED',
        thread: expect.objectContaining({ status: target }),
      }),
      expect.objectContaining({
        id: '8100102',
        type: 'STATUS_CHANGED',
        thread: expect.objectContaining({ status: thread.status }),
      }),
    ]);
    sub.close();
    await until(() => s.h.gateway.live.active === 0, 15_000, 'the subgraph subscription to end');
  });
});
