import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InboxPageDocument } from '../__generated__/graphql.ts';
import { type Harness, startUnthrottledHarness } from '../helpers/harness.ts';
import { expectedActor } from './expected.ts';
import { byOperation, expectedThreads, newestFirst, params } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startUnthrottledHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const iso = (value: string | undefined) =>
  value === undefined ? null : new Date(value).toISOString();

describe('canonical operations (test/operations/*.graphql)', () => {
  it('InboxPage: 50 threads with every scalar field and the ticket id, one call', async () => {
    const data = h.sim.data;
    const filter = { inboxId: '147959' };
    const res = await h.gql(InboxPageDocument, { filter });
    expect(res.errors).toBeUndefined();
    const expected = expectedThreads(data, filter).slice(0, 50);
    expect(res.data!.threads.edges.map((e) => e.node)).toEqual(
      expected.map((t) => ({
        id: t.id,
        status: t.status,
        createdAt: iso(t.createdAt),
        closedAt: iso(t.closedAt),
        inboxId: t.inboxId,
        associatedContactId: t.associatedContactId,
        assignedTo: t.assignedTo ?? null,
        originalChannelId: t.originalChannelId,
        originalChannelAccountId: t.originalChannelAccountId,
        latestMessageTimestamp: iso(t.latestMessageTimestamp),
        latestMessageSentTimestamp: iso(t.latestMessageSentTimestamp),
        latestMessageReceivedTimestamp: iso(t.latestMessageReceivedTimestamp),
        spam: t.spam,
        archived: t.archived,
        ticket: data.ticketIdByThreadId.has(t.id)
          ? { id: data.ticketIdByThreadId.get(t.id)! }
          : null,
      })),
    );
    expect(res.data!.threads.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: res.data!.threads.edges[0]!.cursor,
      endCursor: res.data!.threads.edges[49]!.cursor,
    });
    const calls = h.upstream();
    expect(calls).toHaveLength(1);
    expect(params(calls[0]!)).toEqual({ inboxId: '147959', limit: '50', association: 'TICKET' });

    // The next page costs one call too and continues exactly after the last thread.
    h.reset();
    const next = await h.gql(InboxPageDocument, {
      filter,
      after: res.data!.threads.pageInfo.endCursor,
    });
    expect(next.data!.threads.edges.map((e) => e.node.id)).toEqual(
      expectedThreads(data, filter)
        .slice(50, 100)
        .map((t) => t.id),
    );
    expect(h.upstream()).toHaveLength(1);
  });

  it('batches every sender actor of an inbox preview into one actors call', async () => {
    const data = h.sim.data;
    const res =
      await h.gql(`{ threads(first: 20) { edges { node { id messages(first: 5) { edges { node {
      senders { actorId actor { id type name } }
    } } } } } } }`);
    expect(res.errors).toBeUndefined();
    const threads = expectedThreads(data).slice(0, 20);
    const actorIds = new Set(
      threads.flatMap((t) =>
        newestFirst(data, t.id)
          .slice(0, 5)
          .flatMap((m) => m.senders.flatMap((s) => (s.actorId ? [s.actorId] : []))),
      ),
    );
    for (const { node } of res.data.threads.edges) {
      for (const { node: m } of node.messages.edges) {
        for (const s of m.senders) {
          const actor = expectedActor(data, s.actorId);
          expect(s.actor).toEqual(actor && { id: actor.id, type: actor.type, name: actor.name });
        }
      }
    }
    const batches = byOperation(h, 'batchReadActors');
    expect(batches).toHaveLength(Math.ceil(actorIds.size / 100));
    const inputs = batches.flatMap((b) => (b.body as { inputs: string[] }).inputs);
    expect(new Set(inputs)).toEqual(actorIds);
    expect(inputs).toHaveLength(actorIds.size);
  });
});
