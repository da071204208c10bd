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
  /** Subgraph requests since the last reset(). */
  subgraphRequests(): SubgraphRequest[];
  /** Clears subgraph and upstream (HubSpot) request records. */
  reset(): void;
  close(): Promise<void>;
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
        const body = JSON.parse(String(init?.body ?? '{}')) as {
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
