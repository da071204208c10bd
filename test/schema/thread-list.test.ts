import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startUnthrottledHarness } from '../helpers/harness.ts';
import { BAD_USER_INPUT, byOperation, expectedThreads, params } from './support.ts';

const PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String, $filter: ThreadFilter, $sort: ThreadSort) {
    threads(first: $first, after: $after, filter: $filter, sort: $sort) {
      edges { cursor node { id status inboxId ticket { id } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

interface PageData {
  threads: {
    edges: {
      cursor: string;
      node: { id: string; status: string; inboxId: string; ticket: { id: string } | null };
    }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
}

let h: Harness;
beforeAll(async () => {
  h = await startUnthrottledHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

describe('Query.threads: one upstream call per page', () => {
  it('serves an inbox page of 50 with ticket ids from one listThreads call', async () => {
    const res = await h.gql<PageData>(PAGE, { first: 50 });
    expect(res.errors).toBeUndefined();
    const expected = expectedThreads(h.sim.data).slice(0, 50);
    expect(res.data!.threads.edges.map((e) => e.node)).toEqual(
      expected.map((t) => ({
        id: t.id,
        status: t.status,
        inboxId: t.inboxId,
        ticket: h.sim.data.ticketIdByThreadId.has(t.id)
          ? { id: h.sim.data.ticketIdByThreadId.get(t.id) }
          : null,
      })),
    );
    expect(res.data!.threads.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const calls = h.upstream();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.operation).toBe('listThreads');
    expect(params(calls[0]!)).toEqual({ limit: '50', association: 'TICKET' });
    expect(calls[0]!.unknownQueryParams).toEqual([]);
  });

  it('defaults `first` to 20', async () => {
    const res = await h.gql<PageData>(PAGE, {});
    expect(res.data!.threads.edges).toHaveLength(20);
    expect(params(h.upstream()[0]!)).toEqual({ limit: '20', association: 'TICKET' });
  });

  it('maps filters to HubSpot parameters exactly, sending `sort` and `archived` only when needed', async () => {
    const cases: { filter?: object; sort?: object; expected: Record<string, string> }[] = [
      {
        filter: { inboxId: '147959', status: 'OPEN' },
        expected: { inboxId: '147959', threadStatus: 'OPEN' },
      },
      { filter: { archived: true }, expected: { archived: 'true' } },
      { filter: { archived: false }, expected: { archived: 'false' } },
      { filter: { associatedTicketId: '57774743' }, expected: { associatedTicketId: '57774743' } },
      { sort: { field: 'ID' }, expected: {} },
      { sort: { field: 'ID', direction: 'ASC' }, expected: {} },
      {
        filter: { latestMessageTimestampAfter: '2025-06-01T02:00:00+02:00' },
        sort: { field: 'LATEST_MESSAGE_TIMESTAMP' },
        expected: {
          latestMessageTimestampAfter: '2025-06-01T00:00:00.000Z',
          sort: 'latestMessageTimestamp',
        },
      },
      {
        filter: { associatedContactId: h.sim.data.threads[0]!.associatedContactId, status: 'OPEN' },
        sort: { field: 'ID', direction: 'DESC' },
        expected: {
          associatedContactId: h.sim.data.threads[0]!.associatedContactId,
          threadStatus: 'OPEN',
          sort: '-id',
        },
      },
    ];
    for (const { filter, sort, expected } of cases) {
      h.reset();
      const res = await h.gql<PageData>(PAGE, { first: 3, filter, sort });
      expect(res.errors, JSON.stringify({ filter, sort })).toBeUndefined();
      const calls = h.upstream();
      expect(calls).toHaveLength(1);
      expect(params(calls[0]!)).toEqual({ ...expected, association: 'TICKET', limit: '3' });
      expect(calls[0]!.unknownQueryParams).toEqual([]);
    }
  });

  it('lists only archived threads with archived: true', async () => {
    const res = await h.gql<PageData>(PAGE, { first: 100, filter: { archived: true } });
    const expected = expectedThreads(h.sim.data, { archived: true });
    expect(res.data!.threads.edges.map((e) => e.node.id)).toEqual(
      expected.slice(0, 100).map((t) => t.id),
    );
  });

  it('shares one call between aliases of the same page', async () => {
    const res = await h.gql(`{
      a: threads(first: 5) { edges { node { id } } }
      b: threads(first: 5) { edges { node { status } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(h.upstream()).toHaveLength(1);
  });
});

describe('cursor walks', () => {
  const filter = { inboxId: '147959', status: 'OPEN' } as const;

  it('visits every matching thread exactly once, in order, one call per page, with first: 7', async () => {
    const expected = expectedThreads(h.sim.data, filter).map((t) => t.id);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: { data?: PageData | null; errors?: unknown } = await h.gql<PageData>(PAGE, {
        first: 7,
        after,
        filter,
      });
      expect(res.errors).toBeUndefined();
      const { edges, pageInfo } = res.data!.threads;
      pages++;
      seen.push(...edges.map((e) => e.node.id));
      expect(pageInfo.hasPreviousPage).toBe(false);
      if (edges.length > 0) {
        expect(pageInfo.startCursor).toBe(edges[0]!.cursor);
        expect(pageInfo.endCursor).toBe(edges.at(-1)!.cursor);
      }
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 7));
    const calls = byOperation(h, 'listThreads');
    expect(calls).toHaveLength(pages);
    for (const call of calls) {
      expect(params(call)).toMatchObject({ inboxId: '147959', threadStatus: 'OPEN', limit: '7' });
    }
    // Each page resumes from HubSpot's own paging token: no item is fetched twice.
    expect(calls[0]!.query.after).toBeUndefined();
    for (const call of calls.slice(1)) expect(call.query.after).toHaveLength(1);
    expect(h.upstream()).toHaveLength(pages);
  });

  it('resumes right after any edge, not only after the end cursor', async () => {
    const expected = expectedThreads(h.sim.data, filter).map((t) => t.id);
    const first = await h.gql<PageData>(PAGE, { first: 10, filter });
    const edges = first.data!.threads.edges;
    expect(edges.map((e) => e.node.id)).toEqual(expected.slice(0, 10));
    h.reset();

    const resumed = await h.gql<PageData>(PAGE, { first: 5, after: edges[3]!.cursor, filter });
    expect(resumed.errors).toBeUndefined();
    expect(resumed.data!.threads.edges.map((e) => e.node.id)).toEqual(expected.slice(4, 9));
    expect(resumed.data!.threads.pageInfo.hasNextPage).toBe(true);
    // From the list start (the page the edge came from): 4 items to skip + 5 to serve.
    const calls = h.upstream();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query.after).toBeUndefined();
    expect(params(calls[0]!).limit).toBe('9');
    h.reset();

    // Every edge of the resumed page resumes exactly after itself too.
    for (const [index, edge] of resumed.data!.threads.edges.entries()) {
      const next = await h.gql<PageData>(PAGE, { first: 2, after: edge.cursor, filter });
      expect(next.data!.threads.edges.map((e) => e.node.id)).toEqual(
        expected.slice(5 + index, 7 + index),
      );
    }
  });

  it('serves first > 500 by following HubSpot pages', async () => {
    const expected = expectedThreads(h.sim.data).map((t) => t.id);
    expect(expected.length).toBeGreaterThan(500);
    const res = await h.gql<PageData>(PAGE, { first: 1000 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.threads.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 1000));
    expect(res.data!.threads.pageInfo.hasNextPage).toBe(expected.length > 1000);
    const calls = byOperation(h, 'listThreads');
    // 500 from the start, then up to 500 more after HubSpot's token (1000 - 500 still wanted).
    expect(calls.map((c) => params(c).limit)).toEqual(['500', '500']);
    expect(calls[1]!.query.after).toHaveLength(1);
    expect(h.upstream()).toHaveLength(2);
  });

  it('continues a first: 600 walk where the previous page ended', async () => {
    const expected = expectedThreads(h.sim.data).map((t) => t.id);
    const page1 = await h.gql<PageData>(PAGE, { first: 501 });
    expect(page1.data!.threads.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 501));
    const calls1 = byOperation(h, 'listThreads').map((c) => params(c).limit);
    expect(calls1).toEqual(['500', '1']);
    h.reset();
    const page2 = await h.gql<PageData>(PAGE, {
      first: 600,
      after: page1.data!.threads.pageInfo.endCursor,
    });
    expect(page2.data!.threads.edges.map((e) => e.node.id)).toEqual(expected.slice(501, 1101));
    expect(page2.data!.threads.pageInfo.hasNextPage).toBe(false);
  });
});

describe('cursors are bound to their arguments and signed', () => {
  const filter = { inboxId: '147959', status: 'OPEN' };
  let cursor: string;
  beforeAll(async () => {
    const res = await h.gql<PageData>(PAGE, { first: 3, filter });
    cursor = res.data!.threads.edges[1]!.cursor;
  });

  const refused = async (variables: Record<string, unknown>, document = PAGE) => {
    h.reset();
    const res = await h.gql(document, variables);
    expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe(BAD_USER_INPUT);
    expect(h.upstream()).toEqual([]);
    return res.errors![0]!.message;
  };

  it('is refused with another filter, sort or parent, before any call', async () => {
    expect(
      await refused({ first: 3, after: cursor, filter: { inboxId: '147961', status: 'OPEN' } }),
    ).toMatch(/different list/);
    await refused({ first: 3, after: cursor });
    await refused({ first: 3, after: cursor, filter, sort: { field: 'LATEST_MESSAGE_TIMESTAMP' } });
    await refused(
      { id: '57774743', after: cursor },
      `query ($id: ID!, $after: String) { conversationsTicket(id: $id) { threads(after: $after) { edges { cursor } } } }`,
    );
  });

  it('still resumes with the same filter written differently (same HubSpot query)', async () => {
    h.reset();
    const res = await h.gql<PageData>(PAGE, {
      first: 1,
      after: cursor,
      filter: { status: 'OPEN', inboxId: '147959' },
      sort: { field: 'ID', direction: 'ASC' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.threads.edges[0]!.node.id).toBe(
      expectedThreads(h.sim.data, { inboxId: '147959', status: 'OPEN' })[2]!.id,
    );
  });

  it('is refused when tampered with or malformed, before any call', async () => {
    const [body, mac] = cursor.split('.') as [string, string];
    const flip = (s: string, i: number) =>
      s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const after of [
      `${body}.${flip(mac, 3)}`,
      `${flip(body, 5)}.${mac}`,
      body,
      '',
      'not-a-cursor',
      Buffer.from('1|xxxxxxxxxxxx|0|-').toString('base64url'),
    ]) {
      expect(await refused({ first: 3, after, filter })).toMatch(/cursor/);
    }
  });
});

describe('validation happens before any upstream call', () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      'inboxId with associatedContactId',
      { filter: { inboxId: '147959', associatedContactId: '1401', status: 'OPEN' } },
    ],
    ['associatedContactId without status', { filter: { associatedContactId: '1401' } }],
    [
      'LATEST_MESSAGE_TIMESTAMP sort without latestMessageTimestampAfter',
      { sort: { field: 'LATEST_MESSAGE_TIMESTAMP' } },
    ],
    ['DESC without associatedContactId', { sort: { field: 'ID', direction: 'DESC' } }],
    ['non-numeric inboxId', { filter: { inboxId: 'support' } }],
    [
      'non-numeric associatedContactId',
      { filter: { associatedContactId: 'V-1401', status: 'OPEN' } },
    ],
    ['empty associatedTicketId', { filter: { associatedTicketId: '' } }],
    ['20-digit associatedTicketId', { filter: { associatedTicketId: '12345678901234567890' } }],
    ['first: 0', { first: 0 }],
    ['first: -5', { first: -5 }],
    ['first above the maximum page size', { first: 1001 }],
    ['invalid DateTime', { filter: { latestMessageTimestampAfter: '2026-02-30T00:00:00Z' } }],
    [
      'DateTime without a time zone',
      { filter: { latestMessageTimestampAfter: '2026-01-01T00:00:00' } },
    ],
  ];
  for (const [name, variables] of cases) {
    it(`refuses ${name} with BAD_USER_INPUT`, async () => {
      const res = await h.gql(PAGE, variables);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe(BAD_USER_INPUT);
      expect(res.errors![0]!.message.length).toBeGreaterThan(20);
      expect(h.upstream()).toEqual([]);
    });
  }

  it('refuses a thread id that is not a HubSpot id', async () => {
    const res = await h.gql('query ($id: ID!) { thread(id: $id) { id } }', { id: '80000x' });
    expect(res.errors?.[0]?.extensions?.code).toBe(BAD_USER_INPUT);
    expect(res.errors?.[0]?.message).toMatch(/HubSpot id/);
    expect(h.upstream()).toEqual([]);
  });

  it('refuses an invalid DateTime literal', async () => {
    const res = await h.gql(
      '{ threads(filter: { latestMessageTimestampAfter: "yesterday" }) { edges { cursor } } }',
    );
    expect(res.errors?.[0]?.message).toMatch(/ISO-8601/);
    expect(h.upstream()).toEqual([]);
  });
});
