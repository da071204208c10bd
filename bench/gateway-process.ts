/**
 * Bench-only entry: one gateway in its own process, so its CPU time and memory are its own.
 *
 *   node bench/results/build/gateway-ours.js <ours|naive> <upstream url> <token>
 *
 * bench/run.ts bundles this file first (bench/build.ts: esbuild, as `npm start` runs the gateway:
 * compiled JavaScript, no TypeScript loader, the same node flags), so memory and CPU are what
 * production sees.
 *
 * `ours` is the production wiring (createGateway + the hardening plugins + createHttpServer);
 * `naive` serves bench/naive-schema.ts through the same yoga/HTTP stack. The `before` bundle is
 * this file built over a copy of src/ (before/after comparisons in one run). Statistics go over
 * IPC (`process.send`), never over HTTP.
 *
 * `npm run bench -- --profile` profiles each measured run through the inspector. By hand, against
 * `SIM_PORT=4010 SIM_LOG=0 npx tsx src/simulator/main.ts` (mind its default 100 calls / 10 s):
 *   node --cpu-prof --cpu-prof-dir=bench/results/prof --import tsx bench/gateway-process.ts \
 *     ours http://127.0.0.1:4010 sim-token
 * then load it (autocannon …), Ctrl-C, and `npx tsx bench/profile-summary.ts <file>` (the
 * main thread's file is CPU.*.<pid>.0.*.cpuprofile; tsx's loader thread writes another).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { getNamedType } from 'graphql';
import { createYoga } from 'graphql-yoga';
// With --baseline-src, bench/build.ts bundles this file with every `../src/` import taken from
// that copy of src/ instead.
import { loadConfig } from '../src/config.ts';
import { createGateway, type Gateway } from '../src/server/gateway.ts';
import { createHardeningPlugins } from '../src/server/hardening.ts';
import { createHttpServer } from '../src/server/http.ts';
import { createLogger } from '../src/server/logger.ts';
import { type IpcRequest, serveIpc, signalReady } from './ipc.ts';

const [impl = 'ours', baseUrl, token] = process.argv.slice(2);
if (!baseUrl || !token || (impl !== 'ours' && impl !== 'naive')) {
  throw new Error('usage: gateway-process.js <ours|naive> <upstream url> <token>');
}
const srcDir = process.env.BENCH_SRC ?? 'src';
/** Resident memory once the gateway is listening (start-up cost, before any request). */
let rssAfterStart = 0;

// bench/processes.ts passes the configuration as BENCH_CONFIG (its budgets; everything else
// default).
const config = loadConfig(
  process.env.BENCH_CONFIG
    ? (JSON.parse(process.env.BENCH_CONFIG) as Record<string, string>)
    : process.env,
);
const logger = createLogger({ level: config.LOG_LEVEL, secrets: [token] });

let gateway: Parameters<typeof createHttpServer>[0];
if (impl === 'ours') {
  const bare = process.env.BENCH_BARE === '1';
  if (createGateway.length >= 2) {
    // BENCH_BARE=1: without the protections, to measure what they cost.
    gateway = createGateway(config, { logger, accessToken: token, baseUrl, unprotected: bare });
  } else {
    // A --baseline-src from before the one wiring point: createGateway({ config, …, plugins }).
    const legacy = createGateway as unknown as (options: object) => typeof gateway;
    gateway = legacy({
      config,
      logger,
      accessToken: token,
      baseUrl,
      plugins: bare ? [] : createHardeningPlugins(config, logger),
    });
  }
} else {
  const { createHubSpotClient } = await import('../src/hubspot/client.ts');
  const { createTransport } = await import('../src/server/gateway.ts');
  const { printClientSchema } = await import('../src/schema/print.ts');
  const { schema: ourSchema } = await import('../src/schema/index.ts');
  const { createNaiveSchema, naiveContext } = await import('./naive-schema.ts');
  // The same transport settings as ours: only the schema and resolvers differ.
  const transport = createTransport(config, baseUrl, token);
  // The same entry points as ours: the Query field taking a ticket id, else `_entities`.
  const ticketField =
    Object.values(ourSchema.getQueryType()?.getFields() ?? {}).find(
      (f) =>
        getNamedType(f.type).name === 'Ticket' && f.args.length === 1 && f.args[0]?.name === 'id',
    )?.name ?? null;
  const schema = createNaiveSchema(printClientSchema(), {
    entities: ticketField === null,
    ticketField,
  });
  const yoga = createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: false,
    context: () =>
      naiveContext(createHubSpotClient({ transport, apiVersion: config.HUBSPOT_API_VERSION })),
  });
  // createHttpServer reads the config too (its graphql-ws endpoint authenticates with it), and
  // its shutdown closes the live subscriptions (the naive schema has none).
  const live = { close: () => Promise.resolve() };
  gateway = { yoga, transports: undefined, config, live } as unknown as Parameters<
    typeof createHttpServer
  >[0];
}

const http = createHttpServer(gateway, logger);
let completed = 0;
let failed = 0;
let inFlight = 0;
http.server.on('request', (req, res) => {
  if (!req.url?.startsWith('/graphql')) return;
  inFlight++;
  res.once('finish', () => {
    completed++;
    if (res.statusCode >= 400) failed++;
  });
  res.once('close', () => {
    inFlight--;
  });
});
const bound = await http.listen(0, '127.0.0.1');
rssAfterStart = process.memoryUsage.rss();

// Peak RSS since the last reset, sampled often enough to catch a scenario's spikes.
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
sampler.unref();

const gc = (globalThis as { gc?: () => void }).gc;
let profiler: Session | undefined;

const handle = async (request: IpcRequest) => {
  switch (request.type) {
    case 'stats': {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      const memory = process.memoryUsage();
      const result = {
        cpu: process.cpuUsage(),
        completed,
        failed,
        inFlight,
        peakRss,
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        rssAfterStart,
      };
      if (request.resetPeak === true) peakRss = process.memoryUsage.rss();
      return result;
    }
    case 'gc': {
      // Two passes: the first one's finalizers may free more.
      gc?.();
      gc?.();
      const memory = process.memoryUsage();
      return {
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        heapTotal: memory.heapTotal,
        external: memory.external,
        arrayBuffers: memory.arrayBuffers,
        gcAvailable: gc !== undefined,
      };
    }
    case 'profile-start': {
      // The inspector's sampling profiler around one measured run only (no start-up in it).
      profiler ??= new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.post('Profiler.start');
      return true;
    }
    case 'profile-stop': {
      if (!profiler) throw new Error('profile-start first');
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      const file = String(request.file);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      return file;
    }
    case 'live': {
      // The fan-out run (bench/fanout.ts): what open subscriptions hold, and what is left after.
      const connections = await new Promise<number>((resolve) =>
        http.server.getConnections((error, count) => resolve(error ? -1 : count)),
      );
      const resources: Record<string, number> = {};
      for (const kind of process.getActiveResourcesInfo()) {
        resources[kind] = (resources[kind] ?? 0) + 1;
      }
      return {
        subscriptions: (gateway as Partial<Gateway>).live?.active ?? 0,
        connections,
        resources,
      };
    }
    case 'heap-spaces':
      return getHeapSpaceStatistics().map((s) => ({
        space: s.space_name,
        sizeMb: Math.round(s.space_size / 1e5) / 10,
        usedMb: Math.round(s.space_used_size / 1e5) / 10,
      }));
    case 'exit':
      await http.shutdown(1_000);
      process.exit(0);
      return true;
    default:
      throw new Error(`unknown request ${request.type}`);
  }
};

const url = `http://127.0.0.1:${bound.port}/graphql`;
if (process.send) {
  serveIpc(handle);
  signalReady({ url, impl, srcDir });
} else {
  // Started by hand (e.g. under --cpu-prof): serve until SIGINT / SIGTERM, then exit cleanly so
  // that Node writes the profile.
  process.stderr.write(`${impl} gateway on ${url} (upstream ${baseUrl}); Ctrl-C stops it\n`);
  const stop = () => void http.shutdown(1_000).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
