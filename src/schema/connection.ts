import { type CursorPosition, decodeCursor, encodeCursor } from './edge-cursor.ts';
import { upstreamCost } from './upstream-cost.ts';
import { checkFirst, DEFAULT_FIRST } from './validation.ts';

/** HubSpot's documented maximum `limit` for threads and messages. */
export const HUBSPOT_PAGE_LIMIT = 500;

/** The upstream cost of a field served by `resolveForwardConnection` (in its `extensions`). */
export const forwardConnectionCost = upstreamCost.connection(HUBSPOT_PAGE_LIMIT);

/** Descriptions of the `first` / `after` arguments every forward connection takes. */
export const connectionArgsDescriptions = {
  first: `How many items to return: 1 up to the gateway's maximum page size (1000 unless configured otherwise); ${DEFAULT_FIRST} when omitted.`,
  after:
    'Continue right after this cursor: any `edges.cursor` or `pageInfo.endCursor` this field returned for the same arguments (same filter, sort and parent).',
};

/** One upstream page, reduced to what paging needs. */
export interface UpstreamPage<T> {
  results: readonly T[];
  /** HubSpot's `paging.next.after`; undefined on the last page. */
  nextAfter: string | undefined;
}

/** One upstream call: HubSpot `after` token (undefined = start) and `limit`. */
export interface PageRequest {
  after: string | undefined;
  limit: number;
}

/** A validated connection request: everything is checked before the first upstream call. */
export interface ConnectionPlan {
  first: number;
  start: CursorPosition;
  binding: string;
}

export interface ForwardArgs {
  first?: number | null;
  after?: string | null;
}

/** Validates `first` and `after` (BAD_USER_INPUT) without calling anything upstream. */
export function planConnection(
  args: ForwardArgs,
  binding: string,
  maxPageSize: number,
): ConnectionPlan {
  const first = checkFirst(args.first, maxPageSize);
  const start =
    args.after === null || args.after === undefined
      ? { p: null, i: -1 }
      : decodeCursor(args.after, binding);
  return { first, start, binding };
}

/**
 * Upstream calls a forward connection makes to serve `first` items right after the item at
 * `startOffset` of a page (-1: from a page boundary): the cost estimator's page model.
 */
export function upstreamPagesFor(
  startOffset: number,
  first: number,
  pageLimit = HUBSPOT_PAGE_LIMIT,
): number {
  return Math.ceil((Math.min(startOffset, pageLimit) + 1 + first) / pageLimit);
}

/** The first upstream call a plan makes: lets a parent resolver start it early. */
export function firstPageRequest(plan: ConnectionPlan): PageRequest {
  return {
    after: plan.start.p ?? undefined,
    limit: Math.min(HUBSPOT_PAGE_LIMIT, plan.start.i + 1 + plan.first),
  };
}

/** An edge whose cursor is only encoded (HMAC) when a client selects it. */
export class CursorEdge<T> {
  readonly node: T;
  private readonly binding: string;
  private readonly position: CursorPosition;
  private encoded: string | undefined;

  constructor(node: T, binding: string, position: CursorPosition) {
    this.node = node;
    this.binding = binding;
    this.position = position;
  }

  get cursor(): string {
    this.encoded ??= encodeCursor(this.binding, this.position);
    return this.encoded;
  }
}

export class ForwardPageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage = false;
  private readonly edges: readonly CursorEdge<unknown>[];

  constructor(edges: readonly CursorEdge<unknown>[], hasNextPage: boolean) {
    this.edges = edges;
    this.hasNextPage = hasNextPage;
  }

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

export interface ForwardConnection<T> {
  edges: CursorEdge<T>[];
  pageInfo: ForwardPageInfo;
}

/** A connection without items (e.g. a list whose parent HubSpot no longer has). */
export function emptyConnection<T>(): ForwardConnection<T> {
  return { edges: [], pageInfo: new ForwardPageInfo([], false) };
}

/** Consecutive empty pages that still claim a next page before the walk gives up. */
const MAX_EMPTY_PAGES = 3;

/**
 * Serves `plan.first` items starting right after `plan.start`, walking HubSpot's pages as needed.
 * `fetchPage` answers null when the parent no longer exists (HubSpot 404): the connection is null.
 *
 * Costs: from a page boundary (no cursor, or an `endCursor`) with first ≤ 500, exactly one call
 * asking for `first` items; from a mid-page edge cursor (p, i), one call asking for i + 1 + first
 * (≤ 500) items; larger `first` values follow `paging.next.after`.
 */
export async function resolveForwardConnection<T>(
  plan: ConnectionPlan,
  fetchPage: (request: PageRequest) => Promise<UpstreamPage<T> | null>,
): Promise<ForwardConnection<T> | null> {
  const edges: CursorEdge<T>[] = [];
  let token = plan.start.p;
  let skip = plan.start.i + 1;
  let hasNextPage = false;
  let emptyPages = 0;
  let request: PageRequest = firstPageRequest(plan);
  for (let call = 0; ; call++) {
    const page = await fetchPage(request);
    if (page === null) {
      if (call === 0) return null;
      break;
    }
    const { results, nextAfter } = page;
    const last = results.length - 1;
    let index = skip;
    for (; index < results.length && edges.length < plan.first; index++) {
      const position =
        index === last && nextAfter !== undefined
          ? { p: nextAfter, i: -1 }
          : { p: token, i: index };
      edges.push(new CursorEdge(results[index] as T, plan.binding, position));
    }
    if (edges.length >= plan.first) {
      hasNextPage = index < results.length || nextAfter !== undefined;
      break;
    }
    // A token that repeats or keeps yielding nothing would loop forever: treat it as the end.
    emptyPages = results.length === 0 ? emptyPages + 1 : 0;
    if (nextAfter === undefined || nextAfter === token || emptyPages >= MAX_EMPTY_PAGES) break;
    skip = Math.max(0, skip - results.length);
    token = nextAfter;
    request = {
      after: token,
      limit: Math.min(HUBSPOT_PAGE_LIMIT, skip + plan.first - edges.length),
    };
  }
  return { edges, pageInfo: new ForwardPageInfo(edges, hasNextPage) };
}
