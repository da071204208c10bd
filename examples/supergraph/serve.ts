/**
 * `npm run supergraph`: the company supergraph on this machine, with one command.
 *
 * Starts, all on loopback:
 * - the embedded simulated HubSpot portal;
 * - this gateway (the `conversations` subgraph) over it, with its production plugins;
 * - the sample CRM subgraph (examples/crm-subgraph/, EXAMPLE ONLY) over the same data set;
 * then composes the supergraph with @apollo/composition (schema/subgraph.graphql + the CRM SDL)
 * and serves it with the Hive Gateway runtime. Ctrl-C stops everything.
 *
 * Environment: SUPERGRAPH_PORT (default 4100; 0 = any free port), SIMULATOR_LATENCY_MS
 * (default 0), LOG_LEVEL of the conversations gateway (default warn).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { parseCommandLine } from '../../src/cli.ts';
import { loadConfig } from '../../src/config.ts';
import { printSubgraphSdl } from '../../src/schema/print.ts';
import { createGateway } from '../../src/server/gateway.ts';
import { createHttpServer } from '../../src/server/http.ts';
import { createLogger } from '../../src/server/logger.ts';
import { startActivity } from '../../src/simulator/activity.ts';
import { startSimulator } from '../../src/simulator/index.ts';
import { createWebhookDelivery } from '../../src/simulator/webhooks.ts';
import { WEBHOOK_PATH } from '../../src/webhooks/receiver.ts';
import { createCrmSubgraph } from '../crm-subgraph/index.ts';
import {
  CONVERSATIONS,
  CompositionError,
  CRM,
  composeSupergraph,
  readConversationsSdl,
} from './compose.ts';
import { transports } from './transport.ts';

const HOST = '127.0.0.1';

const EXAMPLE_QUERY = `# Threads (conversations subgraph) with their ticket's CRM fields and the contact (CRM subgraph)
query ThreadsWithCrm {
  threads(first: 5) {
    edges {
      node {
        id
        status
        ticket { id subject priority pipelineStage }
        associatedContact { id firstName lastName email }
        messages(first: 1) { edges { node { __typename id createdAt } } }
      }
    }
  }
}

# CRM tickets with their conversations
query TicketsWithThreads {
  tickets(first: 3) {
    id
    subject
    threads(first: 3) { edges { node { id status latestMessageTimestamp } } }
  }
}

# Live: thread events through the supergraph (Hive Gateway subscribes to the conversations
# subgraph over SSE); the simulated portal's visitors write every few seconds
subscription LiveThreadEvents {
  threadEvents {
    id type threadId occurredAt
    thread { id status ticket { id subject priority } associatedContact { firstName email } }
    message { __typename id createdAt }
  }
}

# A CRM type's thread reference, resolved by the conversations subgraph's _entities
query SupportCases {
  supportCases(first: 5) {
    id
    title
    contact { firstName email }
    thread { id status messages(first: 2) { edges { node { __typename id } } } }
  }
}
`;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const USAGE = `Usage: npm run supergraph

The company supergraph on this machine: the simulated HubSpot portal, this gateway (the
conversations subgraph), a sample CRM subgraph, composed and served by Hive Gateway.
Ctrl+C stops everything.

Environment:
  SUPERGRAPH_PORT        the supergraph's port (default 4100; 0 = any free port)
  SIMULATOR_LATENCY_MS   latency of the simulated portal (default 0)
  LOG_LEVEL              log level of the conversations gateway (default warn)
  SIMULATOR_ACTIVITY_PER_MIN  portal changes per minute (visitors write, threads close...),
                         delivered as signed webhooks: threadEvents through the supergraph
                         (default 12; 0 = only your mutations)

Responses of the supergraph carry no extensions.cost: Hive Gateway drops the subgraph's
extensions. The conversations subgraph's own cost: query it directly (its URL is printed at
start), or see docs/federation.md.`;

async function main(): Promise<void> {
  parseCommandLine({ command: 'npm run supergraph', usage: USAGE, options: {} });
  const supergraphPort = Number(process.env.SUPERGRAPH_PORT ?? 4100);
  const sim = await startSimulator({
    latencyMs: Number(process.env.SIMULATOR_LATENCY_MS ?? 0),
    host: HOST,
  });

  // The conversations subgraph: the real gateway, configured as `npm start` would be.
  const config = loadConfig({
    HOST,
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SIMULATOR_ACTIVITY_PER_MIN: process.env.SIMULATOR_ACTIVITY_PER_MIN ?? '12',
  });
  // As `npm start` in simulator mode: a webhook secret of this run, shared with the portal,
  // which delivers signed webhooks for every change (subscriptions through the supergraph).
  const webhookSecret = randomBytes(32).toString('base64url');
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [sim.token, webhookSecret] });
  const gateway = createGateway(config, {
    logger,
    accessToken: sim.token,
    baseUrl: sim.url,
    webhookSecret,
  });
  const conversations = createHttpServer(gateway, logger);
  const conversationsPort = (await conversations.listen(0, HOST)).port;
  const webhookUrl = `http://${HOST}:${conversationsPort}${WEBHOOK_PATH}`;
  if (gateway.webhooks) gateway.webhooks.signedUrl = webhookUrl;
  const delivery = createWebhookDelivery({ targetUrl: webhookUrl, secret: webhookSecret });
  const stopDelivery = sim.onChange(delivery.enqueue);
  const stopActivity = startActivity(sim.store, { perMinute: config.SIMULATOR_ACTIVITY_PER_MIN });

  // The sample CRM subgraph, over the same data set (ids line up).
  const crm = createCrmSubgraph(sim.data);
  const crmServer = createServer(crm.yoga);
  const crmPort = await listen(crmServer, 0);

  // Compose from the committed subgraph SDL; fall back to the live one when it is stale.
  let conversationsSdl = readConversationsSdl();
  if (conversationsSdl !== printSubgraphSdl()) {
    process.stderr.write(
      'warning: schema/subgraph.graphql is stale (run `npm run schema`); composing the schema the gateway serves instead\n',
    );
    conversationsSdl = printSubgraphSdl();
  }
  let supergraph: string;
  try {
    supergraph = composeSupergraph([
      {
        name: CONVERSATIONS,
        url: `http://${HOST}:${conversationsPort}/graphql`,
        sdl: conversationsSdl,
      },
      { name: CRM, url: `http://${HOST}:${crmPort}/graphql`, sdl: crm.sdl },
    ]);
  } catch (error) {
    process.stderr.write(`${error instanceof CompositionError ? error.message : error}\n`);
    stopActivity();
    stopDelivery();
    await delivery.close();
    await Promise.all([conversations.shutdown(0), close(crmServer), sim.close()]);
    process.exit(1);
  }

  const runtime = createGatewayRuntime({
    supergraph,
    transports,
    logging: 'warn',
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Supergraph (conversations + sample CRM)', defaultQuery: EXAMPLE_QUERY },
    renderGraphiQL,
  });
  const supergraphServer = createServer(runtime);
  const port = await listen(supergraphServer, supergraphPort);

  process.stdout.write(
    [
      `supergraph (Hive Gateway):     http://${HOST}:${port}/graphql   ← query this (GraphiQL in a browser)`,
      `  conversations subgraph:      http://${HOST}:${conversationsPort}/graphql`,
      `  crm subgraph (example only): http://${HOST}:${crmPort}/graphql`,
      `  simulated HubSpot portal:    ${sim.url}`,
      '',
      'extensions.cost (HubSpot calls) is reported by the conversations subgraph only: Hive Gateway',
      'drops subgraph extensions. Send the same query to the subgraph URL above to see its cost.',
      '',
      `try: curl -s http://${HOST}:${port}/graphql -H 'content-type: application/json' \\`,
      `       -d '{"query":"{ threads(first: 3) { edges { node { id ticket { subject } associatedContact { firstName } } } } }"}'`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    stopActivity();
    stopDelivery();
    await delivery.close();
    await close(supergraphServer);
    await runtime.dispose();
    await Promise.all([conversations.shutdown(1_000), close(crmServer)]);
    await sim.close();
    process.stdout.write(
      `\nsupergraph stopped (${signal}): Hive Gateway, both subgraphs and the simulated portal are closed. Bye.\n`,
    );
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl+C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
