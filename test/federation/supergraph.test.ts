import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONVERSATIONS, CRM } from '../../examples/supergraph/compose.ts';
import type { SimThread } from '../../src/simulator/index.ts';
import { messageTypename } from '../schema/expected.ts';
import { byOperation, expectedThreads, newestFirst, params } from '../schema/support.ts';
import { representations, type Supergraph, startSupergraph } from './support.ts';

/**
 * Cross-subgraph queries end to end: the Hive Gateway runtime over the supergraph composed from
 * schema/subgraph.graphql and the sample CRM subgraph; this gateway over the simulated HubSpot.
 * Each test checks the data against the simulator's data set and the HubSpot calls it cost.
 */
const LATENCY_MS = 100;

let s: Supergraph;
beforeAll(async () => {
  s = await startSupergraph({ sim: { latencyMs: LATENCY_MS } });
});
afterAll(() => s?.close());
beforeEach(() => s.reset());

const operations = () =>
  s.h
    .upstream()
    .map((r) => r.operation)
    .sort();
const requestsTo = (subgraph: string) =>
  s.subgraphRequests().filter((r) => r.subgraph === subgraph);
const unique = (ids: Iterable<string>) => [...new Set(ids)].sort();
const idsOf = (request: Parameters<typeof representations>[0], typename: string) =>
  representations(request)
    .filter((r) => r.__typename === typename)
    .map((r) => r.id)
    .sort();

function expectedContact(id: string) {
  const contact = s.crm.data.contactById.get(id);
  return {
    id,
    firstName: contact?.firstName ?? null,
    lastName: contact?.lastName ?? null,
    email: contact?.email ?? null,
  };
}

describe('supergraph: conversations × CRM through the Hive Gateway runtime', () => {
  it('threads → ticket subject from the CRM: one listThreads, one CRM entity batch', async () => {
    const data = s.h.sim.data;
    const res = await s.query(`{ threads(first: 20) { edges { node {
      id ticket { id subject priority pipelineStage }
    } } } }`);
    expect(res.errors).toBeUndefined();
    const threads = expectedThreads(data).slice(0, 20);
    const ticketIds = unique(threads.flatMap((t) => data.ticketIdByThreadId.get(t.id) ?? []));
    expect(ticketIds.length).toBeGreaterThan(1);
    expect(res.data.threads.edges.map((e: { node: unknown }) => e.node)).toEqual(
      threads.map((t) => {
        const id = data.ticketIdByThreadId.get(t.id);
        const ticket = id === undefined ? undefined : data.ticketById.get(id)!;
        return {
          id: t.id,
          ticket: ticket
            ? {
                id: ticket.id,
                subject: ticket.properties.subject ?? null,
                priority: ticket.properties.hs_ticket_priority ?? null,
                pipelineStage: ticket.properties.hs_pipeline_stage ?? null,
              }
            : null,
        };
      }),
    );

    expect(operations()).toEqual(['listThreads']);
    expect(params(s.h.upstream()[0]!)).toEqual({ limit: '20', association: 'TICKET' });
    expect(requestsTo(CONVERSATIONS)).toHaveLength(1);
    const crm = requestsTo(CRM);
    expect(crm).toHaveLength(1);
    expect(idsOf(crm[0]!, 'Ticket')).toEqual(ticketIds);
  });

  it('CRM tickets → Ticket.threads → messages: listThreads per ticket, listMessages per thread', async () => {
    const data = s.h.sim.data;
    const tickets = s.crm.data.tickets.slice(0, 3);
    const res = await s.query(`{ tickets(first: 3) { id subject threads(first: 3) {
      edges { node { id status messages(first: 2) { edges { node { __typename id } } } } }
      pageInfo { hasNextPage }
    } } }`);
    expect(res.errors).toBeUndefined();
    const threadsOf = (ticketId: string) => expectedThreads(data, { associatedTicketId: ticketId });
    expect(res.data.tickets).toEqual(
      tickets.map((ticket) => ({
        id: ticket.id,
        subject: ticket.subject,
        threads: {
          edges: threadsOf(ticket.id)
            .slice(0, 3)
            .map((thread) => ({
              node: {
                id: thread.id,
                status: thread.status,
                messages: {
                  edges: newestFirst(data, thread.id)
                    .slice(0, 2)
                    .map((m) => ({ node: { __typename: messageTypename(m), id: m.id } })),
                },
              },
            })),
          pageInfo: { hasNextPage: threadsOf(ticket.id).length > 3 },
        },
      })),
    );
    const listed = tickets.flatMap((t) => threadsOf(t.id).slice(0, 3));
    expect(listed.length).toBeGreaterThan(3);

    // Ticket representations cost nothing; each ticket's threads are one listThreads call.
    const lists = byOperation(s.h, 'listThreads');
    expect(lists.map((r) => params(r).associatedTicketId).sort()).toEqual(
      tickets.map((t) => t.id).sort(),
    );
    for (const list of lists) expect(params(list).limit).toBe('3');
    expect(
      byOperation(s.h, 'listMessages')
        .map((r) => r.path.split('/').at(-2))
        .sort(),
    ).toEqual(listed.map((t) => t.id).sort());
    expect(byOperation(s.h, 'getThread')).toEqual([]);
    expect(s.h.upstream()).toHaveLength(tickets.length + listed.length);

    expect(requestsTo(CRM)).toHaveLength(1);
    const conversations = requestsTo(CONVERSATIONS);
    expect(conversations).toHaveLength(1);
    expect(idsOf(conversations[0]!, 'Ticket')).toEqual(tickets.map((t) => t.id).sort());
  });

  it('a CRM type’s thread reference → our _entities: N getThread calls in one loader batch', async () => {
    const data = s.h.sim.data;
    const cases = s.crm.data.supportCases.slice(0, 5);
    const res = await s.query(`{ supportCases(first: 5) {
      id ticket { id subject }
      thread { id status inboxId messages(first: 1) { edges { node { id } } } }
    } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.supportCases).toEqual(
      cases.map((c) => {
        const thread = data.threadById.get(c.threadId)!;
        return {
          id: c.id,
          ticket: { id: c.ticketId, subject: s.crm.data.ticketById.get(c.ticketId)!.subject },
          thread: {
            id: thread.id,
            status: thread.status,
            inboxId: thread.inboxId,
            messages: {
              edges: newestFirst(data, thread.id)
                .slice(0, 1)
                .map((m) => ({ node: { id: m.id } })),
            },
          },
        };
      }),
    );

    // One _entities request with the 5 Thread representations …
    const conversations = requestsTo(CONVERSATIONS);
    expect(conversations).toHaveLength(1);
    expect(representations(conversations[0]!)).toEqual(
      cases.map((c) => ({ __typename: 'Thread', id: c.threadId })),
    );
    // … resolved through the thread loader: HubSpot has no batch read for threads, so one batch
    // is 5 getThread calls fired together, each with its first messages page alongside.
    const threadIds = cases.map((c) => c.threadId).sort();
    const gets = byOperation(s.h, 'getThread');
    expect(gets.map((r) => r.path.split('/').at(-1)).sort()).toEqual(threadIds);
    for (const get of gets) expect(params(get)).toEqual({ association: 'TICKET' });
    const pages = byOperation(s.h, 'listMessages');
    expect(pages.map((r) => r.path.split('/').at(-2)).sort()).toEqual(threadIds);
    expect(operations()).toEqual([...Array(5).fill('getThread'), ...Array(5).fill('listMessages')]);
    // Every call started before the first could have finished (each answer takes LATENCY_MS).
    const starts = [...gets, ...pages].map((r) => r.startedAt);
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(LATENCY_MS);
  });

  it('Thread.associatedContact joins the CRM contact at no extra HubSpot call', async () => {
    const data = s.h.sim.data;
    const res = await s.query(`{ threads(first: 20) { edges { node {
      id associatedContactId associatedContact { id firstName lastName email }
    } } } }`);
    expect(res.errors).toBeUndefined();
    const threads = expectedThreads(data).slice(0, 20);
    expect(res.data.threads.edges.map((e: { node: unknown }) => e.node)).toEqual(
      threads.map((t) => ({
        id: t.id,
        associatedContactId: t.associatedContactId,
        associatedContact: expectedContact(t.associatedContactId),
      })),
    );
    const contacts = res.data.threads.edges.map(
      (e: { node: { associatedContact: { firstName: string | null } } }) =>
        e.node.associatedContact,
    );
    expect(contacts.some((c: { firstName: string | null }) => c.firstName !== null)).toBe(true);

    expect(operations()).toEqual(['listThreads']);
    const crm = requestsTo(CRM);
    expect(crm).toHaveLength(1);
    expect(idsOf(crm[0]!, 'Contact')).toEqual(unique(threads.map((t) => t.associatedContactId)));
  });

  it('a visitor id the CRM does not know: the contact’s CRM fields are null, no error', async () => {
    const data = s.h.sim.data;
    const visitors = new Set(data.contacts.filter((c) => c.visitorOnly).map((c) => c.id));
    const thread: SimThread | undefined = expectedThreads(data).find((t) =>
      visitors.has(t.associatedContactId),
    );
    expect(thread).toBeDefined();
    const res = await s.query(
      `query ($id: ID!) { thread(id: $id) { id associatedContact { id firstName email } } }`,
      { id: thread!.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.thread).toEqual({
      id: thread!.id,
      associatedContact: { id: thread!.associatedContactId, firstName: null, email: null },
    });
    expect(operations()).toEqual(['getThread']);
  });

  it('conversationsTicket(id) → CRM fields and our threads, at one listThreads', async () => {
    const data = s.h.sim.data;
    const ticket = s.crm.data.tickets.find(
      (t) => expectedThreads(data, { associatedTicketId: t.id }).length >= 2,
    )!;
    const res = await s.query(
      `query ($id: ID!) { conversationsTicket(id: $id) {
        id subject priority threads(first: 2) { edges { node { id } } }
      } }`,
      { id: ticket.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.conversationsTicket).toEqual({
      id: ticket.id,
      subject: ticket.subject,
      priority: ticket.priority,
      threads: {
        edges: expectedThreads(data, { associatedTicketId: ticket.id })
          .slice(0, 2)
          .map((t) => ({ node: { id: t.id } })),
      },
    });
    expect(operations()).toEqual(['listThreads']);
  });

  it('CRM → conversations → CRM: a case’s thread, its ticket’s subject and its contact', async () => {
    const data = s.h.sim.data;
    const cases = s.crm.data.supportCases.slice(0, 3);
    const res = await s.query(`{ supportCases(first: 3) {
      id thread { id ticket { id subject } associatedContact { id email } }
    } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.supportCases).toEqual(
      cases.map((c) => {
        const thread = data.threadById.get(c.threadId)!;
        return {
          id: c.id,
          thread: {
            id: c.threadId,
            ticket: { id: c.ticketId, subject: s.crm.data.ticketById.get(c.ticketId)!.subject },
            associatedContact: {
              id: thread.associatedContactId,
              email: expectedContact(thread.associatedContactId).email,
            },
          },
        };
      }),
    );
    expect(operations()).toEqual(['getThread', 'getThread', 'getThread']);
    expect(s.subgraphRequests().map((r) => r.subgraph)).toEqual([CRM, CONVERSATIONS, CRM]);
  });
  it('a mutation through the router: the comment is posted once, its thread joins the CRM contact', async () => {
    const data = s.h.sim.data;
    const thread = data.threads.find(
      (t) => !t.archived && s.crm.data.contactById.has(t.associatedContactId),
    )!;
    const before = (data.messagesByThread.get(thread.id) ?? []).length;
    const res = await s.query(
      `mutation($input: AddThreadCommentInput!) { addThreadComment(input: $input) {
        comment { id text } thread { id associatedContact { id email } } userErrors { code }
      } }`,
      { input: { threadId: thread.id, text: 'Escalated to billing' } },
    );
    expect(res.errors).toBeUndefined();
    const created = data.messagesByThread.get(thread.id)!.at(-1)!;
    expect(data.messagesByThread.get(thread.id)!.length).toBe(before + 1);
    expect(res.data.addThreadComment).toEqual({
      comment: { id: created.id, text: 'Escalated to billing' },
      thread: {
        id: thread.id,
        associatedContact: {
          id: thread.associatedContactId,
          email: expectedContact(thread.associatedContactId).email,
        },
      },
      userErrors: [],
    });
    const writes = s.h.upstream().filter((r) => r.method !== 'GET');
    expect(writes.map((r) => [r.method, r.operation, r.body])).toEqual([
      ['POST', 'createMessage', { type: 'COMMENT', text: 'Escalated to billing', attachments: [] }],
    ]);
    expect(operations()).toEqual(['createMessage', 'getThread']);
    expect(s.subgraphRequests().map((r) => r.subgraph)).toEqual([CONVERSATIONS, CRM]);
  });
});
