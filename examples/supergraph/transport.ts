/**
 * The `http` subgraph transport for the Hive Gateway runtime.
 *
 * The runtime loads `@graphql-mesh/transport-http` on demand for subgraphs served over HTTP, but
 * that package ships with the `@graphql-hive/gateway` CLI, not with `@graphql-hive/gateway-runtime`
 * (the one installed here). This is the same thing in a few lines: a GraphQL-over-HTTP executor
 * (`@graphql-tools/executor-http`, a dependency of the runtime) per subgraph, sending through the
 * runtime's `fetch`, so `useCustomFetch` and the runtime's fetch hooks still apply. Subscriptions
 * (`threadEvents`) go the same way, as GraphQL over SSE (the executor sends them as a GET with
 * `accept: text/event-stream`), which the conversations subgraph serves at /graphql.
 */
import type { GatewayConfig } from '@graphql-hive/gateway-runtime';
import { type AsyncFetchFn, buildHTTPExecutor } from '@graphql-tools/executor-http';

type Transports = Exclude<GatewayConfig<Record<string, unknown>>['transports'], undefined>;

export const transports: Transports = {
  http: {
    getSubgraphExecutor({ transportEntry, fetch }) {
      if (!transportEntry.location) {
        throw new Error(`subgraph ${transportEntry.subgraph} has no URL in the supergraph`);
      }
      return buildHTTPExecutor({
        endpoint: transportEntry.location,
        headers: Object.fromEntries(transportEntry.headers ?? []),
        ...(fetch ? { fetch: fetch as AsyncFetchFn } : {}),
      });
    },
  },
};
