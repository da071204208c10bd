import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TicketThreadsDocument } from '../__generated__/graphql.ts';
import { type GqlResponse, type Harness, startUnthrottledHarness } from '../helpers/harness.ts';
import { messageTypename } from './expected.ts';
import { byOperation, expectedThreads, newestFirst, params } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startUnthrottledHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

interface TicketPage {
  conversationsTicket: {
    threads: {
      edges: { node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

describe('Ticket', () => {
  it('lists a ticket’s threads with their latest message (TicketThreads)', async () => {
    const data = h.sim.data;
    const ticket = [...data.tickets]
      .filter((t) => !t.archived)
      .sort(
        (a, b) =>
          expectedThreads(data, { associatedTicketId: b.id }).length -
          expectedThreads(data, { associatedTicketId: a.id }).length,
      )[0]!;
    const threads = expectedThreads(data, { associatedTicketId: ticket.id });
    expect(threads.length).toBeGreaterThan(2);

    const res = await h.gql(TicketThreadsDocument, { ticketId: ticket.id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.conversationsTicket!.id).toBe(ticket.id);
    const edges = res.data!.conversationsTicket!.threads.edges;
    expect(edges.map((e) => e.node.id)).toEqual(threads.map((t) => t.id));
    for (const { node } of edges) {
      expect(node.ticket).toEqual({ id: ticket.id });
      const latest = newestFirst(data, node.id)[0];
      expect(node.messages!.edges.map((e) => [e.node.id, e.node.__typename])).toEqual(
        latest ? [[latest.id, messageTypename(latest)]] : [],
      );
    }
    expect(res.data!.conversationsTicket!.threads.pageInfo.hasNextPage).toBe(false);

    const list = byOperation(h, 'listThreads');
    expect(list).toHaveLength(1);
    expect(params(list[0]!)).toEqual({
      associatedTicketId: ticket.id,
      association: 'TICKET',
      limit: '20',
    });
    expect(byOperation(h, 'listMessages')).toHaveLength(threads.length);
    expect(h.upstream()).toHaveLength(1 + threads.length);
  });

  it('pages a ticket’s threads with cursors bound to that ticket', async () => {
    const data = h.sim.data;
    const ticket = data.tickets.find(
      (t) => expectedThreads(data, { associatedTicketId: t.id }).length >= 3,
    )!;
    const expected = expectedThreads(data, { associatedTicketId: ticket.id }).map((t) => t.id);
    const q = `query ($id: ID!, $after: String) { conversationsTicket(id: $id) { threads(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GqlResponse<TicketPage> = await h.gql<TicketPage>(q, { id: ticket.id, after });
      const c = res.data!.conversationsTicket.threads;
      seen.push(...c.edges.map((e) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(byOperation(h, 'listThreads')).toHaveLength(expected.length);
  });

  it('costs nothing for Query.conversationsTicket itself', async () => {
    const res = await h.gql('{ conversationsTicket(id: "57774743") { id } }');
    expect(res.data).toEqual({ conversationsTicket: { id: '57774743' } });
    expect(h.upstream()).toEqual([]);
  });

  it('batches crmRecord reads at most 100 tickets per call', async () => {
    const data = h.sim.data;
    const res = await h.gql(`{ threads(first: 1000) { edges { node { id ticket { id crmRecord {
      ticketId subject content pipeline pipelineStage priority createdAt updatedAt archived
    } } } } } }`);
    expect(res.errors).toBeUndefined();
    const listed = expectedThreads(data);
    const ticketIds = [...new Set(listed.flatMap((t) => data.ticketIdByThreadId.get(t.id) ?? []))];
    expect(ticketIds.length).toBeGreaterThan(100);
    for (const { node } of res.data.threads.edges) {
      const id = data.ticketIdByThreadId.get(node.id);
      if (!id) {
        expect(node.ticket).toBeNull();
        continue;
      }
      const t = data.ticketById.get(id)!;
      expect(node.ticket.crmRecord).toEqual(
        t.archived
          ? null
          : {
              ticketId: id,
              subject: t.properties.subject ?? null,
              content: t.properties.content ?? null,
              pipeline: t.properties.hs_pipeline ?? null,
              pipelineStage: t.properties.hs_pipeline_stage ?? null,
              priority: t.properties.hs_ticket_priority ?? null,
              createdAt: new Date(t.createdAt).toISOString(),
              updatedAt: new Date(t.updatedAt).toISOString(),
              archived: false,
            },
      );
    }
    const batches = byOperation(h, 'batchReadTickets');
    expect(batches).toHaveLength(Math.ceil(ticketIds.length / 100));
    const inputs = batches.flatMap((b) =>
      (b.body as { inputs: { id: string }[] }).inputs.map((i) => i.id),
    );
    expect(inputs.sort()).toEqual([...ticketIds].sort());
    for (const batch of batches) {
      expect((batch.body as { inputs: unknown[] }).inputs.length).toBeLessThanOrEqual(100);
      expect(params(batch)).toEqual({ archived: 'false' });
    }
  });

  it('reads extra CRM properties on request and answers null for an unknown ticket', async () => {
    const data = h.sim.data;
    const ticket = data.tickets.find((t) => !t.archived && t.properties.hs_ticket_category)!;
    const res = await h.gql(
      `query ($a: ID!) {
        known: conversationsTicket(id: $a) { crmRecord(properties: ["hs_ticket_category"]) { category: property(name: "hs_ticket_category") missing: property(name: "nope") } }
        unknown: conversationsTicket(id: "999999999") { crmRecord(properties: ["hs_ticket_category"]) { ticketId } }
      }`,
      { a: ticket.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      known: { crmRecord: { category: ticket.properties.hs_ticket_category, missing: null } },
      unknown: { crmRecord: null },
    });
    const batches = byOperation(h, 'batchReadTickets');
    expect(batches).toHaveLength(1);
    const body = batches[0]!.body as { inputs: { id: string }[]; properties: string[] };
    expect(body.inputs.map((i) => i.id).sort()).toEqual([ticket.id, '999999999'].sort());
    expect(body.properties).toContain('hs_ticket_category');
    expect(body.properties).toContain('subject');
  });
});

describe('Inbox', () => {
  it('reads every inbox once for 50 threads, shared with Query.inboxes', async () => {
    const data = h.sim.data;
    const res = await h.gql(`{
      inboxes { id name type archived createdAt }
      threads(first: 50) { edges { node { inboxId inbox { id name type } } } }
    }`);
    expect(res.errors).toBeUndefined();
    const active = data.inboxes.filter((i) => !i.archived);
    expect(res.data.inboxes).toEqual(
      active.map((i) => ({
        id: i.id,
        name: i.name,
        type: i.type,
        archived: false,
        createdAt: new Date(i.createdAt).toISOString(),
      })),
    );
    for (const { node } of res.data.threads.edges) {
      const inbox = active.find((i) => i.id === node.inboxId);
      expect(node.inbox).toEqual(
        inbox ? { id: inbox.id, name: inbox.name, type: inbox.type } : null,
      );
    }
    const calls = byOperation(h, 'listInboxes');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.unknownQueryParams).toEqual([]);
    expect(
      h
        .upstream()
        .map((c) => c.operation)
        .sort(),
    ).toEqual(['listInboxes', 'listThreads']);
  });
});
