import { readFileSync } from 'node:fs';
import { getNamedType, isInterfaceType, isObjectType, parse, validate } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { fieldCostOf, referenceCostOf } from '../../src/schema/upstream-cost.ts';
import { estimateOperation } from '../../src/server/cost.ts';
import type { Harness } from '../helpers/harness.ts';
import { ops, post, startServerHarness } from './support.ts';

function estimate(query: string, variables: Record<string, unknown> = {}, maxPageSize = 1000) {
  const document = parse(query);
  // Only valid operations reach the estimator: a misspelt field would silently cost 0.
  expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  return estimateOperation(schema, document, undefined, variables, { maxPageSize });
}

function operation(name: string): string {
  return readFileSync(new URL(`../operations/${name}.graphql`, import.meta.url), 'utf8');
}

/** An edge cursor at offset `i` (the signature is not checked by the estimator). */
function cursorAt(i: number): string {
  return `${Buffer.from(`1|abcdefabcdef|${i}|-`).toString('base64url')}.signature`;
}

const PREVIEWS = '{ threads(first: 20) { edges { node { messages { edges { node { id } } } } } } }';
const TICKETS = '{ threads(first: 50) { edges { node { id ticket { id } } } } }';

describe('cost model (estimateOperation)', () => {
  it('prices the canonical shapes: a page of threads with their messages is 21, a page with ticket ids 1', () => {
    expect(estimate(PREVIEWS)).toBe(21);
    expect(estimate(TICKETS)).toBe(1);
    expect(estimate('{ threads { edges { node { id } } } }')).toBe(1);
    expect(
      estimate('{ thread(id: "1") { id messages(first: 50) { edges { node { id } } } } }'),
    ).toBe(2);
    expect(estimate('{ conversationsTicket(id: "1") { id } }')).toBe(0);
    expect(estimate('{ __typename }')).toBe(0);
  });

  it('pages: ceil(first / 500) calls per list, a mid-page cursor may add one, invalid first costs 0', () => {
    expect(estimate('{ threads(first: 500) { edges { node { id } } } }')).toBe(1);
    expect(estimate('{ threads(first: 501) { edges { node { id } } } }')).toBe(2);
    expect(estimate('{ threads(first: 1000) { edges { node { id } } } }')).toBe(2);
    expect(estimate('{ threads(first: 1001) { edges { node { id } } } }')).toBe(0);
    expect(estimate('{ threads(first: 0) { edges { node { id } } } }')).toBe(0);
    const q =
      'query($after: String) { threads(first: 20, after: $after) { edges { node { id } } } }';
    expect(estimate(q, { after: cursorAt(-1) })).toBe(1);
    expect(estimate(q, { after: cursorAt(100) })).toBe(1);
    expect(estimate(q, { after: cursorAt(490) })).toBe(2);
    expect(estimate(q, { after: 'not-a-cursor' })).toBe(1);
  });

  it('multiplies nested lists by the parent page size, through variables and defaults', () => {
    const q = `query($n: Int = 10, $m: Int) {
      threads(first: $n) { edges { node { messages(first: $m) { edges { node { id } } } } } }
    }`;
    expect(estimate(q)).toBe(11);
    expect(estimate(q, { n: 30, m: 600 })).toBe(1 + 30 * 2);
    const nested = `{ conversationsTicket(id: "7") { threads(first: 5) { edges { node {
      messages(first: 3) { edges { node { id } } } } } } } }`;
    expect(estimate(nested)).toBe(1 + 5);
  });

  it('groups like the loaders: identical aliases cost once, different arguments twice', () => {
    expect(
      estimate(`{ a: threads(first: 5) { edges { node { id } } }
                  b: threads(first: 5) { edges { node { status messages { edges { node { id } } } } } } }`),
    ).toBe(1 + 5);
    expect(
      estimate(`{ a: threads(first: 5) { edges { node { id } } }
                  b: threads(first: 6) { edges { node { id } } } }`),
    ).toBe(2);
    expect(
      estimate(`{ threads(first: 4) { edges { node {
        a: messages(first: 2) { edges { node { id } } }
        b: messages(first: 2) { edges { node { createdAt } } }
        c: messages(first: 3) { edges { node { id } } } } } } }`),
    ).toBe(1 + 4 + 4);
  });

  it('follows named and inline fragments, and honours @skip / @include', () => {
    const q = `query($withMessages: Boolean!) {
      threads(first: 10) { ...Page }
    }
    fragment Page on ThreadConnection { edges { node { ... on Thread { ...Detail } } } }
    fragment Detail on Thread {
      messages @include(if: $withMessages) { edges { node { id } } }
    }`;
    expect(estimate(q, { withMessages: true })).toBe(11);
    expect(estimate(q, { withMessages: false })).toBe(1);
    expect(estimate('{ threads(first: 10) @skip(if: true) { edges { node { id } } } }')).toBe(0);
  });

  it('inboxes: one listInboxes per request, however many fields ask', () => {
    expect(
      estimate(`{ inboxes { id } threads(first: 20) { edges { node { inbox { name } } } }
                  thread(id: "1") { inbox { id } } }`),
    ).toBe(1 + 1 + 1);
  });

  it('actors and ticket records: batches of 100 per upstream page of parents', () => {
    // 20 listMessages pages resolve separately: up to one actors batch each.
    expect(
      estimate(`{ threads(first: 20) { edges { node { messages(first: 5) { edges { node {
        senders { actor { name } } } } } } } } }`),
    ).toBe(1 + 20 + 20);
    // One page of 250 threads: ceil(250 / 100) batches.
    expect(estimate('{ threads(first: 250) { edges { node { assignee { id } } } } }')).toBe(1 + 3);
    expect(
      estimate('{ threads(first: 250) { edges { node { ticket { crmRecord { subject } } } } } }'),
    ).toBe(1 + 3);
    expect(
      estimate(`{ threads(first: 10) { edges { node { ticket {
        a: crmRecord { subject } b: crmRecord(properties: ["x"]) { subject } } } } } }`),
    ).toBe(1 + 1 + 1);
  });

  it('fullText / fullRichText: up to one original-content call per message, shared', () => {
    expect(
      estimate(`{ thread(id: "1") { messages(first: 30) { edges { node {
        ... on ChannelMessage { fullText fullRichText } } } } } }`),
    ).toBe(1 + 1 + 30);
  });

  it('_entities: one getThread per Thread representation, Ticket representations free', () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Thread { id messages(first: 2) { edges { node { id } } } }
      ... on Ticket { crmRecord { subject } }
    } }`;
    const representations = [
      { __typename: 'Thread', id: '1' },
      { __typename: 'Thread', id: '2' },
      { __typename: 'Thread', id: '2' },
      { __typename: 'Ticket', id: '9' },
    ];
    expect(estimate(q, { r: representations })).toBe(2 + 2 + 1);
  });

  it('stops early on absurd documents (the operation is refused anyway)', () => {
    const deep = `{ threads(first: 1000) { edges { node { ticket { threads(first: 1000) { edges { node {
      messages(first: 1000) { edges { node { id } } } } } } } } } } }`;
    expect(estimate(deep)).toBeGreaterThan(1_000_000);
  });
});

describe('cost declarations (extensions.upstreamCost on the fields)', () => {
  const declared = () => {
    const costs: Record<string, string> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      const reference = referenceCostOf(type);
      if (reference) costs[`${type.name} (reference)`] = JSON.stringify(reference);
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const cost = fieldCostOf(field);
        if (cost) costs[`${type.name}.${field.name}`] = JSON.stringify(cost);
      }
    }
    return costs;
  };

  it('every field returning something only HubSpot calls can produce declares a cost', () => {
    // Actors, inboxes, CRM records and pages of threads or messages each take an upstream call.
    const upstreamOnly = new Set([
      'Actor',
      'Inbox',
      'TicketCrmRecord',
      'ThreadConnection',
      'MessageConnection',
    ]);
    const costs = declared();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        if (upstreamOnly.has(getNamedType(field.type).name) && !costs[coordinate]) {
          missing.push(coordinate);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('the costed fields, as declared (interface fields are inherited by their implementations)', () => {
    const costs = declared();
    const batchOf100 = '{"kind":"batch","batchSize":100}'; // actors and CRM tickets
    const inboxes = '{"kind":"oncePerRequest","key":"inboxes"}';
    const pages = '{"kind":"connection","pageLimit":500}';
    const getThread = '{"kind":"perParent","calls":1}';
    const content = '{"kind":"sharedPerParent","key":"originalContent"}';
    const messageTypes = [
      'Message',
      'ChannelMessage',
      'ThreadComment',
      'WelcomeMessage',
      'AssignmentChange',
      'ThreadStatusChange',
      'ThreadInboxChange',
      'UnknownMessage',
    ];
    expect(costs).toEqual({
      'Query.threads': pages,
      'Query.thread': getThread,
      'Query.inboxes': inboxes,
      'Thread (reference)': getThread,
      'Thread.inbox': inboxes,
      'Thread.assignee': batchOf100,
      'Thread.messages': pages,
      'Ticket.threads': pages,
      'Ticket.crmRecord': batchOf100,
      ...Object.fromEntries(messageTypes.map((name) => [`${name}.creator`, batchOf100])),
      'ChannelMessage.fullText': content,
      'ChannelMessage.fullRichText': content,
      'AssignmentChange.assignee': batchOf100,
      'AssignmentChange.previousAssignee': batchOf100,
      'ThreadInboxChange.fromInbox': inboxes,
      'ThreadInboxChange.toInbox': inboxes,
      'MessageSender.actor': batchOf100,
      'MessageRecipient.actor': batchOf100,
      // Writes: one call each; a reply also reads the defaults it was not given.
      'Mutation.sendThreadMessage': '{"kind":"perParentByArgs"}',
      ...Object.fromEntries(
        [
          'addThreadComment',
          'setThreadStatus',
          'assignThread',
          'unassignThread',
          'archiveThread',
          'restoreThread',
        ].map((name) => [`Mutation.${name}`, getThread]),
      ),
      // The thread after a write (an upper bound: status, assign and restore answers carry it).
      'ThreadPayload.thread': getThread,
      'SendThreadMessagePayload.thread': getThread,
      'AddThreadCommentPayload.thread': getThread,
    });
  });
});

describe('cost control through the gateway', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness({ env: { MAX_OPERATION_COST: '50' } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('threads(first: 20) { messages }: estimated 21, actually 21', async () => {
    const res = await h.gql(PREVIEWS);
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cost).toEqual({ estimated: 21, actual: 21 });
    expect(h.upstream()).toHaveLength(21);
  });

  it('threads(first: 50) with ticket ids: estimated 1, actually 1', async () => {
    const res = await h.gql(TICKETS);
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cost).toEqual({ estimated: 1, actual: 1 });
    expect(ops(h.upstream())).toEqual(['listThreads']);
  });

  it('the shipped operations: estimate equals the calls made', async () => {
    const inboxPage = await h.gql(operation('InboxPage'));
    expect(inboxPage.errors).toBeUndefined();
    expect(inboxPage.extensions?.cost).toEqual({ estimated: 1, actual: 1 });

    const previews = await h.gql(operation('InboxWithPreviews'));
    expect(previews.errors).toBeUndefined();
    expect(previews.extensions?.cost).toEqual({ estimated: 21, actual: 21 });

    // A thread whose messages name actors: getThread, listMessages and one actors batch.
    const thread = h.sim.data.threads.find(
      (t) =>
        !t.archived &&
        (h.sim.data.messagesByThread.get(t.id) ?? []).some((m) =>
          m.senders.some((s) => s.actorId !== undefined),
        ),
    )!;
    h.reset();
    const detail = await h.gql(operation('ThreadDetail'), { id: thread.id });
    expect(detail.errors).toBeUndefined();
    expect(detail.extensions?.cost).toEqual({ estimated: 3, actual: 3 });
    expect(ops(h.upstream()).sort()).toEqual(['batchReadActors', 'getThread', 'listMessages']);

    // A ticket's threads with their latest message: 1 + one per thread.
    const counts = new Map<string, number>();
    for (const [threadId, ticketId] of h.sim.data.ticketIdByThreadId) {
      if (h.sim.data.threads.find((t) => t.id === threadId)?.archived) continue;
      counts.set(ticketId, (counts.get(ticketId) ?? 0) + 1);
    }
    const [ticketId, threads] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const ticket = await h.gql(operation('TicketThreads'), { ticketId, first: threads });
    expect(ticket.errors).toBeUndefined();
    expect(ticket.data.conversationsTicket.threads.edges).toHaveLength(threads);
    expect(ticket.extensions?.cost).toEqual({ estimated: 1 + threads, actual: 1 + threads });
  });

  it('never underestimates: a query using every costed field makes at most the estimated calls', async () => {
    const res = await h.gql(`{
      inboxes { id }
      threads(first: 5) { edges { node {
        inbox { name } assignee { name } ticket { crmRecord { subject } }
        messages(first: 3) { edges { node {
          creator { id } senders { actor { name } } recipients { actor { id } }
          ... on ChannelMessage { fullText }
        } } }
      } } }
    }`);
    expect(res.errors).toBeUndefined();
    const { estimated, actual } = res.extensions!.cost as { estimated: number; actual: number };
    expect(actual).toBe(h.upstream().length);
    expect(actual).toBeLessThanOrEqual(estimated);
    expect(estimated).toBeLessThanOrEqual(50);
  });

  it('refuses an operation over MAX_OPERATION_COST before any upstream call, stating both numbers', async () => {
    const res = await post(h, {
      query: '{ threads(first: 100) { edges { node { messages { edges { node { id } } } } } } }',
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({
      code: 'COST_LIMIT_EXCEEDED',
      estimatedCost: 101,
      maxCost: 50,
      requestId: res.headers.get('x-request-id'),
    });
    expect(body.errors[0].message).toMatch(/estimated 101 .*limit of 50/);
    expect(body.extensions.cost).toEqual({ estimated: 101, actual: 0 });
    expect(h.upstream()).toEqual([]);

    // application/json clients get 200 with the same body (GraphQL-over-HTTP legacy rule).
    const legacy = await post(
      h,
      { query: '{ threads(first: 60) { edges { node { messages { edges { node { id } } } } } } }' },
      { accept: 'application/json' },
    );
    expect(legacy.status).toBe(200);
    expect((await legacy.json()).errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    expect(h.upstream()).toEqual([]);
  });

  it('prices variables: the same document passes or fails by its arguments', async () => {
    const q =
      'query($n: Int) { threads(first: $n) { edges { node { messages(first: 1) { edges { node { id } } } } } } }';
    const cheap = await h.gql(q, { n: 3 });
    expect(cheap.extensions?.cost).toEqual({ estimated: 4, actual: 4 });
    h.reset();
    const dear = await h.gql(q, { n: 80 });
    expect(dear.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
    expect(h.upstream()).toEqual([]);
  });
});
