import { describe, expect, it } from 'vitest';
import {
  type PageRequest,
  planConnection,
  resolveForwardConnection,
  type UpstreamPage,
} from '../../src/schema/connection.ts';
import {
  configureCursorSecret,
  cursorBinding,
  decodeCursor,
  encodeCursor,
} from '../../src/schema/edge-cursor.ts';

/** A paged upstream over `items` with HubSpot's contract: opaque `after` = next index. */
function upstream(items: readonly string[]) {
  const calls: PageRequest[] = [];
  const fetchPage = async ({ after, limit }: PageRequest): Promise<UpstreamPage<string>> => {
    calls.push({ after, limit });
    const start = after === undefined ? 0 : Number(after.slice(1));
    const end = Math.min(items.length, start + Math.min(limit, 500));
    return {
      results: items.slice(start, end),
      nextAfter: end < items.length ? `@${end}` : undefined,
    };
  };
  return { calls, fetchPage };
}

const items = Array.from({ length: 1234 }, (_, i) => `t${i}`);
const binding = cursorBinding('threads', null, { inboxId: '1' });

async function page(first: number, after?: string | null) {
  const source = upstream(items);
  const connection = await resolveForwardConnection(
    planConnection({ first, after }, binding, 2000),
    source.fetchPage,
  );
  return { connection: connection!, calls: source.calls };
}

describe('cursor encoding', () => {
  it('round-trips a position and refuses another binding or an edit', () => {
    const cursor = encodeCursor(binding, { p: 'abc|def', i: 3 });
    expect(decodeCursor(cursor, binding)).toEqual({ p: 'abc|def', i: 3 });
    expect(decodeCursor(encodeCursor(binding, { p: null, i: -1 }), binding)).toEqual({
      p: null,
      i: -1,
    });
    expect(() => decodeCursor(cursor, cursorBinding('threads', null, { inboxId: '2' }))).toThrow(
      /different list/,
    );
    expect(() => decodeCursor(`${cursor}x`, binding)).toThrow(/not a cursor/);
    expect(() =>
      decodeCursor(
        cursor.replace(/^./, (c) => (c === 'M' ? 'N' : 'M')),
        binding,
      ),
    ).toThrow(/not a cursor/);
  });

  it('binds to the canonical query, not to key order or undefined values', () => {
    expect(cursorBinding('threads', null, { a: '1', b: 2, c: undefined })).toBe(
      cursorBinding('threads', null, { b: 2, a: '1' }),
    );
    expect(cursorBinding('threads', null, {})).not.toBe(cursorBinding('ticket-threads', null, {}));
    expect(cursorBinding('messages', '1', {})).not.toBe(cursorBinding('messages', '2', {}));
  });

  it('refuses cursors signed with another secret', () => {
    const cursor = encodeCursor(binding, { p: null, i: 0 });
    configureCursorSecret('another secret of enough length');
    try {
      expect(() => decodeCursor(cursor, binding)).toThrow(/not a cursor/);
      expect(decodeCursor(encodeCursor(binding, { p: null, i: 0 }), binding)).toEqual({
        p: null,
        i: 0,
      });
    } finally {
      configureCursorSecret('hubspot-conversations-gateway:cursor-hmac:v1');
    }
    expect(decodeCursor(cursor, binding)).toEqual({ p: null, i: 0 });
  });
});

describe('resolveForwardConnection', () => {
  it.each([1, 2, 7, 20, 499, 500, 501, 617, 1000, 1234, 2000])(
    'walks every item once in order with first: %i, one call per 500 items served',
    async (first) => {
      const seen: string[] = [];
      let after: string | null = null;
      let calls = 0;
      for (;;) {
        const { connection, calls: made } = await page(first, after);
        calls += made.length;
        seen.push(...connection.edges.map((e) => e.node));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen).toEqual(items);
      // Each page costs one call per started 500 items it serves (exactly one when first <= 500).
      let expected = 0;
      for (let served = 0; served < items.length; served += first) {
        expected += Math.ceil(Math.min(first, items.length - served) / 500);
      }
      expect(calls).toBe(expected);
    },
  );

  it('asks for exactly `first` from a page boundary and normalises the end cursor', async () => {
    const one = await page(7);
    expect(one.calls).toEqual([{ after: undefined, limit: 7 }]);
    const two = await page(7, one.connection.pageInfo.endCursor);
    expect(two.calls).toEqual([{ after: '@7', limit: 7 }]);
    expect(two.connection.edges.map((e) => e.node)).toEqual(items.slice(7, 14));
  });

  it('resumes after a mid-page edge by skipping within the page it came from', async () => {
    const one = await page(10);
    const two = await page(5, one.connection.edges[3]!.cursor);
    expect(two.calls).toEqual([{ after: undefined, limit: 9 }]);
    expect(two.connection.edges.map((e) => e.node)).toEqual(items.slice(4, 9));
    // Skipping past a 500-item upstream page continues on HubSpot's next token.
    const big = await page(500);
    const after = await page(3, big.connection.edges[498]!.cursor);
    expect(after.connection.edges.map((e) => e.node)).toEqual(items.slice(499, 502));
    expect(after.calls).toEqual([
      { after: undefined, limit: 500 },
      { after: '@500', limit: 2 },
    ]);
  });

  it('ends with hasNextPage false and no extra call when the list ends on a page boundary', async () => {
    const source = upstream(items.slice(0, 14));
    const plan = planConnection({ first: 7 }, binding, 100);
    const one = await resolveForwardConnection(plan, source.fetchPage);
    const two = await resolveForwardConnection(
      planConnection({ first: 7, after: one!.pageInfo.endCursor }, binding, 100),
      source.fetchPage,
    );
    expect(two!.pageInfo.hasNextPage).toBe(false);
    expect(source.calls).toHaveLength(2);
  });

  it('encodes cursors only when read', async () => {
    const { connection } = await page(50);
    const edge = connection.edges[0]! as unknown as { encoded: string | undefined; cursor: string };
    expect(edge.encoded).toBeUndefined();
    expect(edge.cursor).toBe(connection.pageInfo.startCursor);
  });

  it('refuses first outside 1..max and foreign cursors before fetching', () => {
    expect(() => planConnection({ first: 0 }, binding, 1000)).toThrow(/between 1 and 1000/);
    expect(() => planConnection({ first: 1001 }, binding, 1000)).toThrow(/between 1 and 1000/);
    expect(planConnection({}, binding, 1000).first).toBe(20);
    const foreign = encodeCursor(cursorBinding('threads', null, {}), { p: null, i: 0 });
    expect(() => planConnection({ after: foreign }, binding, 1000)).toThrow(/different list/);
  });

  it('answers null when the parent is gone (HubSpot 404)', async () => {
    const result = await resolveForwardConnection(
      planConnection({}, binding, 1000),
      async () => null,
    );
    expect(result).toBeNull();
  });
});
