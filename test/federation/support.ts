import { createGatewayRuntime, useCustomFetch } from '@graphql-hive/gateway-runtime';
import { type CrmSubgraph, createCrmSubgraph } from '../../examples/crm-subgraph/index.ts';
import {
  CONVERSATIONS,
  CRM,
  composeSupergraph,
  readConversationsSdl,
} from '../../examples/supergraph/compose.ts';
import { transports } from '../../examples/supergraph/transport.ts';
import {
  type GqlResponse,
  type Harness,
  type HarnessOptions,
  startUnthrottledHarness,
} from '../helpers/harness.ts';
import { takeSseFrames } from '../helpers/sse.ts';

/** One request the federation gateway sent to a subgraph. */
export interface SubgraphRequest {
  subgraph: string;
  query: string;
  variables: Record<string, unknown>;
}

export interface Supergraph {
  /** This gateway (real yoga) over the simulated HubSpot (real HTTP). */
  h: Harness;
  crm: CrmSubgraph;
  /** The composed supergraph SDL. */
  sdl: string;
  /** Runs an operation through the Hive Gateway runtime. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- like Harness.gql: tests check responses by value
  query<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  /** A subscription through the Hive Gateway runtime, over GraphQL over SSE (as a client sends it). */
  subscribe(query: string, variables?: Record<string, unknown>): Promise<SupergraphSubscription>;
  /** Subgraph requests since the last reset(). */
  subgraphRequests(): SubgraphRequest[];
  /** Clears subgraph and upstream (HubSpot) request records. */
  reset(): void;
  close(): Promise<void>;
}

export interface SupergraphSubscription {
  status: number;
  /** `next` payloads received so far. */
  events: GqlResponse<Record<string, unknown>>[];
  /** Resolves once `count` payloads arrived (rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<void>;
  /** True once the stream ended (`complete` or closed). */
  completed(): boolean;
  close(): void;
}

const ORIGINS: Record<string, string> = {
  [CONVERSATIONS]: 'http://conversations.subgraph.test',
  [CRM]: 'http://crm.subgraph.test',
};

/**
 * The supergraph in process: composed from the PRINTED schema/subgraph.graphql and the sample
 * CRM subgraph, served by the Hive Gateway runtime, whose subgraph fetches are routed to each
 * subgraph's `yoga.fetch` (no ports; HubSpot is still the simulator over loopback HTTP).
 */
export async function startSupergraph(options: HarnessOptions = {}): Promise<Supergraph> {
  const h = await startUnthrottledHarness(options);
  const crm = createCrmSubgraph(h.sim.data);
  const sdl = composeSupergraph([
    { name: CONVERSATIONS, url: `${ORIGINS[CONVERSATIONS]}/graphql`, sdl: readConversationsSdl() },
    { name: CRM, url: `${ORIGINS[CRM]}/graphql`, sdl: crm.sdl },
  ]);
  const recorded: SubgraphRequest[] = [];
  const routes = new Map<string, { name: string; fetch: typeof fetch }>([
    [ORIGINS[CONVERSATIONS]!, { name: CONVERSATIONS, fetch: h.gateway.yoga.fetch as typeof fetch }],
    [ORIGINS[CRM]!, { name: CRM, fetch: crm.yoga.fetch as typeof fetch }],
  ]);
  const runtime = createGatewayRuntime({
    supergraph: sdl,
    transports,
    logging: false,
    maskedErrors: false,
    plugins: () => [
      useCustomFetch(((url: string, init?: RequestInit) => {
        const route = routes.get(new URL(url).origin);
        if (!route) throw new Error(`the supergraph tried to reach ${url}`);
        // Subscriptions go as GET (GraphQL over SSE), with the operation in the query string.
        const search = new URL(url).searchParams;
        const body = (
          init?.body === undefined || init.body === null
            ? {
                query: search.get('query') ?? '',
                variables: JSON.parse(search.get('variables') ?? '{}') as Record<string, unknown>,
              }
            : JSON.parse(String(init.body))
        ) as {
          query?: string;
          variables?: Record<string, unknown>;
        };
        recorded.push({
          subgraph: route.name,
          query: body.query ?? '',
          variables: body.variables ?? {},
        });
        return route.fetch(url, init);
      }) as Parameters<typeof useCustomFetch>[0]),
    ],
  });
  return {
    h,
    crm,
    sdl,
    async query(query, variables) {
      const response = await runtime.fetch('http://supergraph.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GqlResponse<never>;
    },
    async subscribe(query, variables) {
      const controller = new AbortController();
      const response = await runtime.fetch('http://supergraph.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query, variables }),
        signal: controller.signal,
      });
      return readSse(response, controller);
    },
    subgraphRequests: () => [...recorded],
    reset() {
      recorded.length = 0;
      h.reset();
    },
    async close() {
      await runtime.dispose();
      await h.close();
    },
  };
}

/** The `_entities` representations a subgraph request carried (Hive sends them as variables). */
export function representations(request: SubgraphRequest): { __typename: string; id: string }[] {
  return Object.values(request.variables).flatMap((value) =>
    Array.isArray(value) && value.every((v) => typeof v === 'object' && v && '__typename' in v)
      ? (value as { __typename: string; id: string }[])
      : [],
  );
}

/** Reads a GraphQL-over-SSE response (`event: next` / `event: complete`) as it streams. */
function readSse(response: Response, controller: AbortController): SupergraphSubscription {
  const events: SupergraphSubscription['events'] = [];
  let done = false;
  const reader = response.body?.getReader();
  void (async () => {
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done: ended, value: chunk } = await reader.read();
        if (ended) break;
        buffer += decoder.decode(chunk, { stream: true });
        const taken = takeSseFrames(buffer);
        buffer = taken.rest;
        for (const { event, data } of taken.frames) {
          if (event === 'complete') done = true;
          else if (event === 'next' && data) events.push(JSON.parse(data));
        }
      }
    } catch {
      // aborted by close()
    }
    done = true;
  })();
  return {
    status: response.status,
    events,
    waitFor: (count, ms = 15_000) =>
      until(() => events.length >= count, ms, `${count} events through the supergraph`),
    completed: () => done,
    close: () => {
      // Cancelling the body is what a client going away looks like to the runtime.
      void reader?.cancel().catch(() => undefined);
      controller.abort();
    },
  };
}

/** Resolves once `predicate` holds (checked every 10 ms), or rejects after `ms`. */
export async function until(predicate: () => boolean, ms = 15_000, what = 'condition') {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
