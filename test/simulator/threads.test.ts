import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SimThread, type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { call, expectError, NO_RATE_LIMIT, PREFIXES, V3, walk } from './helpers.ts';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ rateLimit: NO_RATE_LIMIT });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.resetRequests();
});

const expected = (pred: (t: SimThread) => boolean = () => true, archived = false) =>
  sim.data.threads.filter((t) => t.archived === archived && pred(t));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- page bodies
const ids = (pages: any[]): string[] =>
  pages.flatMap((p) => p.results.map((r: { id: string }) => r.id));
const lmt = (t: SimThread) => Date.parse(t.latestMessageTimestamp ?? '');

describe('GET /threads: paging', () => {
  it('returns 100 threads by default, ascending by id, with paging and no total', async () => {
    const res = await call(sim, `${V3}/threads`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.json.results.map((t: SimThread) => t.id)).toEqual(
      expected()
        .slice(0, 100)
        .map((t) => t.id),
    );
    expect(res.json.results[0]).toEqual(expected()[0]);
    expect(res.json).not.toHaveProperty('total');
    expect(Object.keys(res.json.paging.next).sort()).toEqual(['after', 'link']);
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'GET',
      path: `${V3}/threads`,
      query: {},
      operation: 'listThreads',
      version: 'v3',
      token: sim.token,
      status: 200,
    });
  });

  it('walks every matching thread exactly once with limit 7; the last page has no paging', async () => {
    const pages = await walk(sim, `${V3}/threads?limit=7`);
    const all = expected().map((t) => t.id);
    expect(ids(pages)).toEqual(all);
    expect(pages).toHaveLength(Math.ceil(all.length / 7));
    for (const page of pages.slice(0, -1)) expect(page.results).toHaveLength(7);
    expect(pages.at(-1)).not.toHaveProperty('paging');
    expect(sim.requests).toHaveLength(pages.length);
    sim.requests.forEach((request, i) => {
      expect(request.query.limit).toEqual(['7']);
      expect(request.query.after).toEqual(i === 0 ? undefined : [pages[i - 1].paging.next.after]);
      expect(request.unknownQueryParams).toEqual([]);
    });
  });

  it('has opaque, deterministic cursors and a link to the next page', async () => {
    const first = await call(sim, `${V3}/threads?limit=3&inboxId=147959`);
    const { after, link } = first.json.paging.next;
    expect(after).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(link).toBe(`${sim.url}${V3}/threads?limit=3&inboxId=147959&after=${after}`);
    const a = await call(sim, `${V3}/threads?limit=3&inboxId=147959&after=${after}`);
    const b = await call(sim, link.slice(sim.url.length));
    expect(a.text).toBe(b.text);
    const again = await call(sim, `${V3}/threads?limit=3&inboxId=147959`);
    expect(again.json.paging.next.after).toBe(after);
  });

  it('rejects invalid cursors with 400 VALIDATION_ERROR', async () => {
    const messages = await call(sim, `${V3}/threads/${expected()[0]!.id}/messages?limit=1`);
    const foreign = messages.json.paging?.next?.after as string | undefined;
    const idCursor = (await call(sim, `${V3}/threads?limit=1`)).json.paging.next.after;
    const bad = [
      'garbage!!',
      'abc',
      Buffer.from('{"s":"threads:id","k":["x"]}').toString('base64url'),
      `${idCursor}x`,
      ...(foreign ? [foreign] : []),
    ];
    for (const after of bad) {
      const res = await call(sim, `${V3}/threads?after=${encodeURIComponent(after)}`);
      expectError(res, 400, 'VALIDATION_ERROR');
    }
    const lmtSorted = await call(
      sim,
      `${V3}/threads?sort=latestMessageTimestamp&latestMessageTimestampAfter=2020-01-01T00:00:00Z&after=${idCursor}`,
    );
    expectError(lmtSorted, 400, 'VALIDATION_ERROR');
  });

  it('clamps limit above 500 to 500', async () => {
    const res = await call(sim, `${V3}/threads?limit=900`);
    expect(res.status).toBe(200);
    expect(res.json.results).toHaveLength(500);
    expect(sim.requests[0]!.query.limit).toEqual(['900']);
  });

  it('rejects a limit that is not a positive integer', async () => {
    for (const limit of ['0', '-1', 'abc', '1.5', '']) {
      expectError(await call(sim, `${V3}/threads?limit=${limit}`), 400, 'VALIDATION_ERROR');
    }
  });

  it("rejects limit above 500 with limitOver500: 'reject'", async () => {
    const strict = await startSimulator({ limitOver500: 'reject', rateLimit: NO_RATE_LIMIT });
    try {
      expectError(await call(strict, `${V3}/threads?limit=501`), 400, 'VALIDATION_ERROR');
      expect((await call(strict, `${V3}/threads?limit=500`)).json.results).toHaveLength(500);
    } finally {
      await strict.close();
    }
  });
});

describe('GET /threads: validation rules', () => {
  const cases: [string, string, string | RegExp][] = [
    [
      'two inboxIds',
      'inboxId=147959&inboxId=147961',
      'Only one inboxId filter is allowed for this query',
    ],
    [
      'associatedContactId with inboxId',
      'associatedContactId=1401&threadStatus=OPEN&inboxId=147959',
      /associatedContactId.*inboxId/,
    ],
    ['associatedContactId without threadStatus', 'associatedContactId=1401', /threadStatus/],
    [
      'sort=latestMessageTimestamp without latestMessageTimestampAfter',
      'sort=latestMessageTimestamp',
      /latestMessageTimestampAfter/,
    ],
    [
      'sort=-latestMessageTimestamp without latestMessageTimestampAfter',
      'sort=-latestMessageTimestamp&associatedContactId=1401&threadStatus=OPEN',
      /latestMessageTimestampAfter/,
    ],
    ['an unknown sort', 'sort=createdAt', /sort/],
    ['a non-numeric inboxId', 'inboxId=abc', /inboxId/],
    [
      'a non-numeric associatedContactId',
      'associatedContactId=V-1&threadStatus=OPEN',
      /associatedContactId/,
    ],
    ['a non-numeric associatedTicketId', 'associatedTicketId=x1', /associatedTicketId/],
    ['an unknown threadStatus', 'threadStatus=PENDING', /threadStatus/],
    ['a non-boolean archived', 'archived=maybe', /archived/],
    ['an unknown association', 'association=CONTACT', /association/],
    [
      'a bad latestMessageTimestampAfter',
      'latestMessageTimestampAfter=yesterday',
      /latestMessageTimestampAfter/,
    ],
  ];
  for (const [name, query, message] of cases) {
    it(`400 VALIDATION_ERROR for ${name}`, async () => {
      const res = await call(sim, `${V3}/threads?${query}`);
      expectError(res, 400, 'VALIDATION_ERROR', message);
      expect(Object.keys(res.json).sort()).toEqual([
        'category',
        'correlationId',
        'message',
        'status',
      ]);
      expect(sim.requests.at(-1)!.status).toBe(400);
    });
  }

  it('ignores a "-" sort prefix without associatedContactId (ascending)', async () => {
    const asc = await call(sim, `${V3}/threads?limit=20`);
    const desc = await call(sim, `${V3}/threads?limit=20&sort=-id`);
    expect(desc.status).toBe(200);
    expect(desc.json.results).toEqual(asc.json.results);
  });

  it('sorts descending with "-" and associatedContactId, and pages that way', async () => {
    const contact = busiestContact('OPEN');
    const want = expected((t) => t.associatedContactId === contact && t.status === 'OPEN')
      .map((t) => t.id)
      .reverse();
    const pages = await walk(
      sim,
      `${V3}/threads?associatedContactId=${contact}&threadStatus=OPEN&sort=-id&limit=2`,
    );
    expect(ids(pages)).toEqual(want);
  });
});

function busiestContact(status: 'OPEN' | 'CLOSED'): string {
  const counts = new Map<string, number>();
  for (const t of expected((t) => t.status === status)) {
    counts.set(t.associatedContactId, (counts.get(t.associatedContactId) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

describe('GET /threads: filters', () => {
  it('filters by inboxId', async () => {
    const pages = await walk(sim, `${V3}/threads?inboxId=211318&limit=50`);
    expect(ids(pages)).toEqual(expected((t) => t.inboxId === '211318').map((t) => t.id));
  });

  it('filters by associatedContactId + threadStatus', async () => {
    const contact = busiestContact('CLOSED');
    const res = await call(sim, `${V3}/threads?associatedContactId=${contact}&threadStatus=CLOSED`);
    const want = expected((t) => t.associatedContactId === contact && t.status === 'CLOSED');
    expect(want.length).toBeGreaterThan(1);
    expect(res.json.results).toEqual(want);
    expect(res.json).not.toHaveProperty('paging');
  });

  it('filters by associatedTicketId', async () => {
    const ticket = [...sim.data.tickets].sort(
      (a, b) => b.threadIds.length - a.threadIds.length,
    )[0]!;
    const res = await call(sim, `${V3}/threads?associatedTicketId=${ticket.id}&association=TICKET`);
    const want = expected((t) => sim.data.ticketIdByThreadId.get(t.id) === ticket.id);
    expect(want.length).toBeGreaterThan(1);
    expect(res.json.results.map((t: SimThread) => t.id)).toEqual(want.map((t) => t.id));
    for (const t of res.json.results) {
      expect(t.threadAssociations).toEqual({ associatedTicketId: ticket.id });
    }
    const none = await call(sim, `${V3}/threads?associatedTicketId=1`);
    expect(none.json).toEqual({ results: [] });
  });

  it('filters by threadStatus', async () => {
    const pages = await walk(sim, `${V3}/threads?threadStatus=CLOSED&limit=500`);
    expect(ids(pages)).toEqual(expected((t) => t.status === 'CLOSED').map((t) => t.id));
  });

  it('archived=true returns only archived threads; the default excludes them', async () => {
    const archived = await walk(sim, `${V3}/threads?archived=true&limit=500`);
    expect(ids(archived)).toEqual(expected(() => true, true).map((t) => t.id));
    expect(archived[0].results.every((t: SimThread) => t.archived)).toBe(true);
    const live = await walk(sim, `${V3}/threads?archived=false&limit=500`);
    expect(ids(live)).toEqual(expected().map((t) => t.id));
  });

  it('latestMessageTimestampAfter keeps strictly later threads', async () => {
    const sorted = expected((t) => t.latestMessageTimestamp !== undefined).sort(
      (a, b) => lmt(a) - lmt(b),
    );
    const pivot = sorted[Math.floor(sorted.length / 2)]!;
    const res = await call(
      sim,
      `${V3}/threads?latestMessageTimestampAfter=${pivot.latestMessageTimestamp}&limit=500`,
    );
    const want = expected((t) => t.latestMessageTimestamp !== undefined && lmt(t) > lmt(pivot));
    expect(res.json.results.map((t: SimThread) => t.id)).toEqual(want.map((t) => t.id));
    expect(res.json.results.map((t: SimThread) => t.id)).not.toContain(pivot.id);
  });

  it('sorts by latestMessageTimestamp (then id) and pages through the cursor', async () => {
    const after = '2025-10-01T00:00:00.000Z';
    const want = expected(
      (t) => t.latestMessageTimestamp !== undefined && lmt(t) > Date.parse(after),
    ).sort((a, b) => lmt(a) - lmt(b) || Number(a.id) - Number(b.id));
    const pages = await walk(
      sim,
      `${V3}/threads?sort=latestMessageTimestamp&latestMessageTimestampAfter=${after}&limit=9`,
    );
    expect(ids(pages)).toEqual(want.map((t) => t.id));
  });

  it('accepts and ignores property', async () => {
    const plain = await call(sim, `${V3}/threads?limit=5`);
    const withProperty = await call(sim, `${V3}/threads?limit=5&property=spam,inboxId`);
    expect(withProperty.json.results).toEqual(plain.json.results);
    expect(sim.requests.at(-1)!.unknownQueryParams).toEqual([]);
  });

  it('ignores unknown query parameters but records them', async () => {
    const res = await call(sim, `${V3}/threads?limit=2&createdAfter=2025-01-01&foo=a&foo=b`);
    expect(res.status).toBe(200);
    expect(res.json.results).toHaveLength(2);
    const recorded = sim.requests.at(-1)!;
    expect(recorded.query).toEqual({ limit: ['2'], createdAfter: ['2025-01-01'], foo: ['a', 'b'] });
    expect(recorded.unknownQueryParams).toEqual(['createdAfter', 'foo']);
  });
});

describe('association=TICKET', () => {
  it('adds threadAssociations only to threads that have a ticket', async () => {
    const res = await call(sim, `${V3}/threads?association=TICKET&limit=500`);
    let withTicket = 0;
    for (const thread of res.json.results) {
      const ticketId = sim.data.ticketIdByThreadId.get(thread.id);
      if (ticketId === undefined) expect(thread).not.toHaveProperty('threadAssociations');
      else {
        withTicket++;
        expect(thread.threadAssociations).toEqual({ associatedTicketId: ticketId });
      }
    }
    expect(withTicket).toBeGreaterThan(50);
    expect(withTicket).toBeLessThan(res.json.results.length);
  });

  it('never adds threadAssociations without association=TICKET', async () => {
    const res = await call(sim, `${V3}/threads?limit=500`);
    expect(res.json.results.some((t: object) => 'threadAssociations' in t)).toBe(false);
  });

  it('behaves the same on GET /threads/{id}', async () => {
    const withTicket = expected((t) => sim.data.ticketIdByThreadId.has(t.id))[0]!;
    const without = expected((t) => !sim.data.ticketIdByThreadId.has(t.id))[0]!;
    const a = await call(sim, `${V3}/threads/${withTicket.id}?association=TICKET`);
    expect(a.json).toEqual({
      ...withTicket,
      threadAssociations: { associatedTicketId: sim.data.ticketIdByThreadId.get(withTicket.id) },
    });
    const b = await call(sim, `${V3}/threads/${without.id}?association=TICKET`);
    expect(b.json).toEqual(without);
    expect(b.json).not.toHaveProperty('threadAssociations');
    const c = await call(sim, `${V3}/threads/${withTicket.id}`);
    expect(c.json).toEqual(withTicket);
  });
});

describe('GET /threads/{threadId}', () => {
  it('returns the thread', async () => {
    const thread = expected()[10]!;
    const res = await call(sim, `${V3}/threads/${thread.id}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual(thread);
    expect(sim.requests[0]).toMatchObject({ operation: 'getThread', status: 200 });
  });

  it('404s an unknown thread with HubSpot’s body', async () => {
    const res = await call(sim, `${V3}/threads/123`);
    expectError(res, 404, 'OBJECT_NOT_FOUND', 'Thread 123 not found');
    expect(Object.keys(res.json).sort()).toEqual([
      'category',
      'correlationId',
      'message',
      'status',
    ]);
  });

  it('400s a non-numeric thread id', async () => {
    expectError(await call(sim, `${V3}/threads/abc`), 400, 'VALIDATION_ERROR');
  });

  it('reaches an archived thread only with archived=true', async () => {
    const archived = expected(() => true, true)[0]!;
    expectError(await call(sim, `${V3}/threads/${archived.id}`), 404, 'OBJECT_NOT_FOUND');
    const res = await call(sim, `${V3}/threads/${archived.id}?archived=true`);
    expect(res.json).toEqual(archived);
  });
});

describe('path families', () => {
  it('v3, 2026-09 and 2026-09-beta answer the same data', async () => {
    const thread = expected((t) => sim.data.ticketIdByThreadId.has(t.id))[3]!;
    const paths = [
      `/threads?limit=4&inboxId=147961&association=TICKET`,
      `/threads/${thread.id}?association=TICKET`,
      `/threads/${thread.id}/messages?limit=3`,
      '/inboxes',
      '/actors/S-hubspot',
    ];
    for (const path of paths) {
      const [v3, ga, beta] = await Promise.all(
        Object.values(PREFIXES).map((prefix) => call(sim, prefix + path)),
      );
      expect(v3!.status).toBe(200);
      const strip = (body: { paging?: { next?: { link?: string } } }) => {
        const copy = structuredClone(body);
        if (copy.paging?.next) copy.paging.next.link = undefined;
        return copy;
      };
      expect(strip(ga!.json)).toEqual(strip(v3!.json));
      expect(strip(beta!.json)).toEqual(strip(v3!.json));
      if (v3!.json.paging) {
        expect(ga!.json.paging.next.link).toContain(PREFIXES['2026-09']);
        expect(beta!.json.paging.next.link).toContain(PREFIXES['2026-09-beta']);
      }
    }
    const versions = sim.requests.map((r) => r.version);
    expect(new Set(versions)).toEqual(new Set(['v3', '2026-09', '2026-09-beta']));
  });
});
