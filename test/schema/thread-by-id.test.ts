import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ThreadDetailDocument } from '../__generated__/graphql.ts';
import { type Harness, startUnthrottledHarness } from '../helpers/harness.ts';
import { expectedActor, expectedDetailMessage } from './expected.ts';
import { byOperation, expectedThreads, findThread, newestFirst, params } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startUnthrottledHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

describe('Query.thread', () => {
  it('serves ThreadDetail: thread, 50 messages, senders as actors (one batched actor read)', async () => {
    const data = h.sim.data;
    const thread = findThread(
      data,
      (_t, messages) =>
        messages.length > 50 && messages.some((m) => m.senders.some((s) => s.actorId)),
    );
    const res = await h.gql(ThreadDetailDocument, { id: thread.id });
    expect(res.errors).toBeUndefined();
    const t = res.data!.thread!;
    const ticketId = data.ticketIdByThreadId.get(thread.id);
    expect({ ...t, messages: undefined }).toEqual({
      id: thread.id,
      status: thread.status,
      createdAt: new Date(thread.createdAt).toISOString(),
      closedAt: thread.closedAt ?? null,
      inboxId: thread.inboxId,
      associatedContactId: thread.associatedContactId,
      assignedTo: thread.assignedTo ?? null,
      latestMessageTimestamp: thread.latestMessageTimestamp ?? null,
      spam: thread.spam,
      archived: thread.archived,
      ticket: ticketId ? { id: ticketId } : null,
      messages: undefined,
    });
    const expected = newestFirst(data, thread.id).slice(0, 50);
    expect(t.messages!.edges.map((e) => e.node)).toEqual(
      expected.map((m) => expectedDetailMessage(data, m)),
    );
    expect(t.messages!.pageInfo.hasNextPage).toBe(true);

    const calls = h.upstream();
    expect(calls.map((c) => c.operation).sort()).toEqual([
      'batchReadActors',
      'getThread',
      'listMessages',
    ]);
    expect(params(byOperation(h, 'getThread')[0]!)).toEqual({ association: 'TICKET' });
    expect(params(byOperation(h, 'listMessages')[0]!)).toEqual({ limit: '50' });
    const actorIds = new Set(
      expected.flatMap((m) => m.senders.flatMap((s) => (s.actorId ? [s.actorId] : []))),
    );
    const batch = byOperation(h, 'batchReadActors')[0]!.body as { inputs: string[] };
    expect(new Set(batch.inputs)).toEqual(actorIds);
    expect(batch.inputs).toHaveLength(actorIds.size);
  });

  it('resolves actors HubSpot does not know to null', async () => {
    const data = h.sim.data;
    const unknown = new Set(data.unknownActorIds);
    const thread = findThread(data, (_t, messages) =>
      messages.slice(-50).some((m) => m.senders.some((s) => s.actorId && unknown.has(s.actorId))),
    );
    const res = await h.gql(
      `query ($id: ID!) { thread(id: $id) { messages(first: 50) { edges { node { senders { actorId actor { id type } } } } } } }`,
      { id: thread.id },
    );
    expect(res.errors).toBeUndefined();
    const senders = res.data.thread.messages.edges.flatMap(
      (e: { node: { senders: { actorId: string | null; actor: unknown }[] } }) => e.node.senders,
    );
    for (const s of senders) {
      const actor = expectedActor(data, s.actorId ?? undefined);
      expect(s.actor).toEqual(actor && { id: actor.id, type: actor.type });
    }
    expect(
      senders.some(
        (s: { actorId: string | null; actor: unknown }) =>
          s.actorId && unknown.has(s.actorId) && s.actor === null,
      ),
    ).toBe(true);
    expect(byOperation(h, 'batchReadActors')).toHaveLength(1);
  });

  it('answers null without an error for an id HubSpot does not know', async () => {
    const res = await h.gql('{ thread(id: "123") { id status } }');
    expect(res).toMatchObject({ data: { thread: null } });
    expect(res.errors).toBeUndefined();
    expect(h.upstream().map((c) => c.operation)).toEqual(['getThread']);
  });

  it('costs nothing for a thread already listed in the same request, before or after the list', async () => {
    const listed = expectedThreads(h.sim.data).slice(0, 5);
    for (const query of [
      `query ($id: ID!) { threads(first: 5) { edges { node { id } } } thread(id: $id) { id status ticket { id } } }`,
      `query ($id: ID!) { thread(id: $id) { id status ticket { id } } threads(first: 5) { edges { node { id } } } }`,
    ]) {
      h.reset();
      const res = await h.gql(query, { id: listed[3]!.id });
      expect(res.errors).toBeUndefined();
      expect(res.data.thread).toMatchObject({ id: listed[3]!.id, status: listed[3]!.status });
      expect(h.upstream().map((c) => c.operation)).toEqual(['listThreads']);
    }
  });

  it('calls getThread for an id the sibling list did not return', async () => {
    const all = expectedThreads(h.sim.data);
    const res = await h.gql(
      `query ($id: ID!) { threads(first: 5) { edges { node { id } } } thread(id: $id) { id } }`,
      { id: all[10]!.id },
    );
    expect(res.data.thread).toEqual({ id: all[10]!.id });
    expect(h.upstream().map((c) => c.operation)).toEqual(['listThreads', 'getThread']);
  });
});

describe('sibling-list wait policy (thread(id) next to a thread list)', () => {
  let slow: Harness;
  const latencyMs = 150;
  beforeAll(async () => {
    slow = await startUnthrottledHarness({ sim: { latencyMs } });
  });
  afterAll(() => slow.close());

  it('a listed thread costs nothing; an unlisted one calls getThread only once the list answered', async () => {
    const all = expectedThreads(slow.sim.data);
    const query = `query ($a: ID!, $b: ID!) {
      threads(first: 5) { edges { node { id } } }
      listed: thread(id: $a) { id }
      unlisted: thread(id: $b) { id }
    }`;
    const res = await slow.gql(query, { a: all[2]!.id, b: all[10]!.id });
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({ listed: { id: all[2]!.id }, unlisted: { id: all[10]!.id } });
    const [list, lookup, ...rest] = slow.upstream();
    expect([list?.operation, lookup?.operation, rest]).toEqual(['listThreads', 'getThread', []]);
    expect(lookup!.path).toContain(all[10]!.id);
    // It waited for the list's answer (the simulator holds each answer latencyMs).
    expect(lookup!.startedAt - list!.startedAt).toBeGreaterThanOrEqual(latencyMs - 5);
  });

  it('with no list in flight, getThread starts at once', async () => {
    slow.reset();
    const id = expectedThreads(slow.sim.data)[0]!.id;
    const res = await slow.gql('query ($id: ID!) { thread(id: $id) { id } }', { id });
    expect(res.data.thread).toEqual({ id });
    expect(slow.upstream().map((r) => r.operation)).toEqual(['getThread']);
  });
});

describe('one round trip for a thread with its messages', () => {
  let slow: Harness;
  const latencyMs = 200;
  beforeAll(async () => {
    slow = await startUnthrottledHarness({ sim: { latencyMs } });
  });
  afterAll(() => slow.close());
  beforeEach(() => slow.reset());

  const startsTogether = (operations: string[]) => {
    const calls = slow.upstream().filter((c) => operations.includes(c.operation));
    expect(calls.map((c) => c.operation).sort()).toEqual([...operations].sort());
    const starts = calls.map((c) => c.startedAt);
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(latencyMs);
  };

  it('starts getThread and listMessages together (same loader key as the field)', async () => {
    const thread = expectedThreads(slow.sim.data)[7]!;
    const res = await slow.gql(
      `query ($id: ID!, $n: Int) { thread(id: $id) { id ...M } }
       fragment M on Thread { messages(first: $n) { edges { node { id } } } }`,
      { id: thread.id, n: 4 },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.thread.messages.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
      newestFirst(slow.sim.data, thread.id)
        .slice(0, 4)
        .map((m) => m.id),
    );
    startsTogether(['getThread', 'listMessages']);
    expect(params(slow.upstream().find((c) => c.operation === 'listMessages')!)).toEqual({
      limit: '4',
    });
  });

  it('does the same for federation `_entities` references', async () => {
    const [a, b] = expectedThreads(slow.sim.data);
    const res = await slow.gql(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
          ... on Thread { id messages(first: 2) { edges { node { id } } } }
          ... on Ticket { id }
      } }`,
      {
        r: [
          { __typename: 'Thread', id: a!.id },
          { __typename: 'Ticket', id: '57774743' },
          { __typename: 'Thread', id: b!.id },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities.map((e: { id: string }) => e.id)).toEqual([a!.id, '57774743', b!.id]);
    startsTogether(['getThread', 'getThread', 'listMessages', 'listMessages']);
  });

  it('skips the early start when `messages` is not selected (@skip)', async () => {
    const thread = expectedThreads(slow.sim.data)[2]!;
    await slow.gql(
      `query ($id: ID!) { thread(id: $id) { id messages(first: 2) @skip(if: true) { edges { cursor } } } }`,
      { id: thread.id },
    );
    expect(slow.upstream().map((c) => c.operation)).toEqual(['getThread']);
  });
});
