/**
 * `npm run bench`: the gateway against the simulated HubSpot portal over loopback, under load
 * from autocannon, at 0 ms upstream latency (gateway CPU-bound) and 40 ms (latency-bound), next
 * to a naive baseline measured in the same run. See BENCHMARKS.md for the method.
 *
 * Processes: this one (autocannon, orchestration), the simulator, and one gateway process per
 * implementation (ours, naive, optionally `before` from a copy of src/). Everything listens on
 * 127.0.0.1; every phase is bounded by a request count or a duration; it stops by itself.
 *
 * Options: `npm run bench -- --help` (USAGE below).
 */
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { exitWithUsage, parseCommandLine } from '../src/cli.ts';
import { buildGatewayBundle, startNodeFlags } from './build.ts';
import { type Child, startChild } from './ipc.ts';
import { summariseProfile } from './profile-summary.ts';
import { type FanoutResult, formatFanout, runFanout } from './fanout.ts';
import { formatRedisBench, runRedisBench } from './redis.ts';
import { formatTeamInbox, runTeamInbox, type TeamInboxResult } from './team-inbox.ts';
import {
  buildScenarios,
  type Fixtures,
  findTicketEntry,
  requestBody,
  SCENARIO_IDS,
  type Scenario,
  type ScenarioId,
  type TicketEntry,
} from './scenarios.ts';

type Impl = 'ours' | 'naive' | 'before' | 'metrics-off' | 'traced';

const USAGE = `Usage: npm run bench -- [options]

Benchmarks of the gateway against the simulated HubSpot portal (see BENCHMARKS.md).

Options:
  --duration <s>        measured seconds per scenario and implementation (default 8), in two
                        slices that alternate between implementations
  --warmup <s>          unmeasured seconds before each measurement (default 2)
  --connections <n>     concurrent connections of every run (default: per run, below)
  --scenario <list>     S1,S2,S3,S4,TEAM,FANOUT (default all; TEAM is the team-inbox scenario
                        of bench/team-inbox.ts: 20 agents, real budget, cache on vs off; FANOUT
                        is bench/fanout.ts: SSE subscribers of threadEvents, 10 signed webhooks/s)
  --team-duration <s>   measured seconds of TEAM (default 60; e.g. 20 for a quick run)
  --fanout-subscribers <n>  concurrent SSE subscribers of FANOUT (default 1000)
  --fanout-duration <s> measured seconds of FANOUT at 10 events/s (default 30)
  --latency <list>      runs: upstream latency in ms, optionally \`:connections\`
                        (default 0:10,40:1,40:10)
  --no-naive            skip the naive baseline
  --memory <n>          requests of the memory run (S1+S2 mix, 0 ms; default 10000, 0 = skip)
  --baseline-src <dir>  also measure a copy of src/ (e.g. before an optimisation) as \`before\`
  --env KEY=VALUE       extra environment of the gateway processes (repeatable), e.g.
                        --env NODE_ENV=production
  --profile             CPU-profile each measured run of our gateway (inspector sampling
                        profiler, bench/results/prof/*.cpuprofile) and print its top functions
                        (FANOUT too: its events phase, prof/fanout.cpuprofile)
  --observability       also measure ours with metrics off (\`metrics-off\`) and with tracing on
                        (\`traced\`, exporting OTLP/HTTP to a sink in this process), same run
  --redis               only the REDIS_URL comparison (bench/redis.ts): a redis-server of its own,
                        in process vs REDIS_URL, cache on and off, 0 ms upstream, for the S1–S4
                        of --scenario (default S1,S2,S3), --duration, --warmup and --connections
  -h, --help            this text`;

const { values: opts } = parseCommandLine({
  command: 'npm run bench --',
  usage: USAGE,
  options: {
    duration: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string' },
    scenario: { type: 'string', default: [...SCENARIO_IDS, 'TEAM', 'FANOUT'].join(',') },
    'team-duration': { type: 'string', default: '60' },
    'fanout-subscribers': { type: 'string', default: '1000' },
    'fanout-duration': { type: 'string', default: '30' },
    latency: { type: 'string', default: '0:10,40:1,40:10' },
    'no-naive': { type: 'boolean', default: false },
    memory: { type: 'string', default: '10000' },
    'baseline-src': { type: 'string' },
    profile: { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    observability: { type: 'boolean', default: false },
    redis: { type: 'boolean', default: false },
  },
});

/** A bad option value: one line and the usage, exit 2. */
function usage(message: string): never {
  return exitWithUsage('npm run bench --', USAGE, message);
}

const BENCH_DIR = import.meta.dirname;
const PACKAGE = JSON.parse(readFileSync(join(BENCH_DIR, '../package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
/** The node flags `npm start` gives the gateway. */
const NODE_FLAGS = startNodeFlags(PACKAGE.scripts.start ?? '');
const RESULTS = join(BENCH_DIR, 'results');
const duration = positive(opts.duration, 'duration');
const warmup = Math.max(0, Number(opts.warmup));
/** One table each: an upstream latency and a number of client connections. */
interface RunSpec {
  latencyMs: number;
  connections: number;
}
const runs: RunSpec[] = opts.latency.split(',').map((entry) => {
  const [latency = '0', given] = entry.split(':');
  const latencyMs = Math.max(0, Number(latency));
  return { latencyMs, connections: connectionsFor(latencyMs, given) };
});
const latencies = [...new Set(runs.map((r) => r.latencyMs))];
const requested = opts.scenario.split(',').map((s) => s.trim().toUpperCase());
const runTeam = requested.includes('TEAM');
const teamDuration = positive(opts['team-duration'], 'team-duration');
const runFanoutScenario = requested.includes('FANOUT');
const fanoutSubscribers = Math.round(positive(opts['fanout-subscribers'], 'fanout-subscribers'));
const fanoutDuration = positive(opts['fanout-duration'], 'fanout-duration');
const scenarioIds = requested.filter((id) => id !== 'TEAM' && id !== 'FANOUT') as ScenarioId[];
for (const id of scenarioIds) {
  if (!SCENARIO_IDS.includes(id)) usage(`unknown scenario ${id} (${SCENARIO_IDS.join(', ')})`);
}
const withNaive = !opts['no-naive'] && !opts.profile;
const memoryRequests = opts.profile ? 0 : Math.max(0, Number(opts.memory));
/** Sequential requests whose upstream calls are counted exactly (no load, nothing in flight). */
const EXACT_SAMPLES = 3;
/** Each measurement is split into this many slices, alternating between implementations. */
const ROUNDS = 2;
/** Fewest latency samples per implementation and scenario (slow ones get extra requests). */
const MIN_SAMPLES = 5;

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) usage(`--${name} must be a positive number, got ${value}`);
  return n;
}

function connectionsFor(latencyMs: number, given?: string): number {
  if (opts.connections !== undefined) return positive(opts.connections, 'connections');
  if (given !== undefined) return positive(given, 'latency … :connections');
  return latencyMs === 0 ? 10 : 1;
}

/**
 * The gateway's settings for the bench: rate budgets far above HubSpot's (the bench measures the
 * gateway, not the portal's 100 calls / 10 s), everything else at its production default.
 */
const GATEWAY_ENV: Record<string, string> = {
  // 10 000 calls per 100 ms window: never the bottleneck here, and the governor's window holds
  // about as many calls (a few hundred) as with HubSpot's real 100–190 per 10 s.
  HUBSPOT_MAX_REQUESTS_PER_10S: '10000',
  HUBSPOT_RATE_WINDOW_MS: '100',
  LOG_LEVEL: 'info',
  // As with a real portal: no line per request (it is on by default with the simulated one).
  REQUEST_LOG: 'false',
  ...Object.fromEntries(
    opts.env.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) usage(`--env takes KEY=VALUE, got ${pair}`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  ),
};

// ---------------------------------------------------------------------------------------------

interface SimReady {
  url: string;
  token: string;
  fixtures: Fixtures;
}
interface GatewayReady {
  url: string;
  impl: string;
  srcDir: string;
}
interface GatewayStats {
  cpu: NodeJS.CpuUsage;
  completed: number;
  failed: number;
  inFlight: number;
  peakRss: number;
  rss: number;
  heapUsed: number;
  rssAfterStart: number;
}
interface SimCounts {
  total: number;
  byOperation: Record<string, number>;
}

interface Target {
  impl: Impl;
  child: Child;
  url: string;
}

interface Measurement {
  impl: Impl;
  scenario: ScenarioId;
  latencyMs: number;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Exact: upstream calls of EXACT_SAMPLES sequential requests ÷ EXACT_SAMPLES. */
  callsPerRequest: number;
  callsByOperation: Record<string, number>;
  /** Under load: upstream calls during the measurement ÷ GraphQL requests completed. */
  callsPerRequestUnderLoad: number;
  minCalls: number;
  cpuMsPerRequest: number;
  /** The simulator's CPU per GraphQL request (it shares the machine). */
  simCpuMsPerRequest: number;
  peakRssMb: number;
  /** At latency > 0: p50 ÷ (dependent round trips × latency). */
  p50OverCriticalPath: number | null;
  criticalPathMs: number | null;
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const cpuDelta = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) =>
  (b.user - a.user + b.system - a.system) / 1000;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: unknown[];
}

async function post(url: string, body: string): Promise<{ status: number; json: GraphQLResponse }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, json: (await response.json()) as GraphQLResponse };
}

/** autocannon's result, plus every 2xx response time (ms, sub-millisecond precision). */
type CannonResult = autocannon.Result & { latencies: number[] };

function cannon(url: string, options: Partial<autocannon.Options>): Promise<CannonResult> {
  return new Promise((resolvePromise, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        timeout: 30,
        ...options,
      } as autocannon.Options,
      (error, result) => (error ? reject(error) : resolvePromise({ ...result, latencies })),
    );
    // autocannon's histogram keeps whole milliseconds; at 40 ms a millisecond is 2.5 %.
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
    // Bounded: a stuck run is stopped after its duration plus a margin.
    const limitMs = ((options.duration as number | undefined) ?? 120) * 1000 + 60_000;
    const timer = setTimeout(() => instance.stop(), limitMs);
    instance.on('done', () => clearTimeout(timer));
  });
}

/** Drops what legitimately differs between implementations (opaque cursors, extensions). */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'cursor' || key === 'startCursor' || key === 'endCursor') continue;
    out[key] = normalise(item);
  }
  return out;
}

function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) {
    return `${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
  }
  if (a === null || b === null || typeof a !== 'object') {
    return a === b ? null : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const key of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (d) return d;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const started = Date.now();
  const children: Child[] = [];
  const stopAll = async () => {
    await Promise.allSettled(children.map((c) => c.stop()));
  };
  process.on('SIGINT', () => {
    void stopAll().then(() => process.exit(130));
  });

  // --redis: the REDIS_URL comparison alone, in processes of its own (bench/redis.ts).
  if (opts.redis) {
    const explicit = process.argv.some(
      (arg) => arg === '--scenario' || arg.startsWith('--scenario='),
    );
    const redis = await runRedisBench({
      durationS: duration,
      warmupS: warmup,
      connections: opts.connections === undefined ? 10 : positive(opts.connections, 'connections'),
      scenarios: explicit ? scenarioIds : ['S1', 'S2', 'S3'],
      nodeFlags: NODE_FLAGS,
      log,
    });
    log(`\n${formatRedisBench(redis)}`);
    writeFileSync(join(RESULTS, 'redis.json'), `${JSON.stringify(redis, null, 2)}\n`);
    log('\nwrote bench/results/redis.json');
    return;
  }

  // The team inbox runs first, in processes of its own (real budget, two gateways).
  let teamInbox: TeamInboxResult | undefined;
  if (runTeam) {
    teamInbox = await runTeamInbox({ durationS: teamDuration, nodeFlags: NODE_FLAGS, log });
    log(formatTeamInbox(teamInbox));
  }
  // So does the fan-out run (its own portal and gateway, webhooks on).
  let fanout: FanoutResult | undefined;
  if (runFanoutScenario) {
    fanout = await runFanout({
      subscribers: fanoutSubscribers,
      durationS: fanoutDuration,
      warmupS: warmup,
      nodeFlags: NODE_FLAGS,
      ...(opts.profile ? { profileFile: join(RESULTS, 'prof', 'fanout.cpuprofile') } : {}),
      log,
    });
    log(formatFanout(fanout));
    if (opts.profile) {
      const file = join(RESULTS, 'prof', 'fanout.cpuprofile');
      log(`    profile ${file}\n${indent(summariseProfile(file, 25))}`);
    }
  }
  if (runTeam || runFanoutScenario) {
    if (scenarioIds.length === 0) {
      const output = {
        teamInbox,
        fanout,
        elapsedSeconds: round((Date.now() - started) / 1000, 0),
      };
      writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(output, null, 2)}\n`);
      log(`\nwrote bench/results/latest.json (${output.elapsedSeconds} s)`);
      return;
    }
  }

  try {
    const { child: sim, ready: simReady } = await startChild<SimReady>(
      join(BENCH_DIR, 'simulator-process.ts'),
      [],
    );
    children.push(sim);

    const profDir = join(RESULTS, 'prof');
    const profiles: string[] = [];
    // Each gateway runs as `npm start` runs it: a bundle (no TypeScript loader), NODE_ENV=production
    // and `npm start`'s node flags; `before` with no node flags, as `npm start` had none then.
    const buildDir = join(RESULTS, 'build');
    const bundles: Partial<Record<Impl, string>> = {
      ours: await buildGatewayBundle('src', join(buildDir, 'gateway-ours.js')),
    };
    if (opts['baseline-src']) {
      bundles.before = await buildGatewayBundle(
        opts['baseline-src'],
        join(buildDir, 'gateway-before.js'),
      );
    }
    // `traced` exports its spans here (OTLP/HTTP JSON, read and dropped).
    otlpSink = opts.observability ? await startOtlpSink() : undefined;
    const observabilityEnv = (impl: Impl): Record<string, string> =>
      impl === 'metrics-off'
        ? { METRICS: 'false' }
        : impl === 'traced' && otlpSink
          ? { OTEL_EXPORTER_OTLP_ENDPOINT: otlpSink.url }
          : {};
    const startGateway = async (impl: Impl): Promise<Target> => {
      const log = openSync(join(RESULTS, `gateway-${impl}.log`), 'w');
      const execArgv = ['--expose-gc', ...(impl === 'before' ? [] : NODE_FLAGS)];
      // The gateway's configuration is exactly GATEWAY_ENV (not the caller's shell: a
      // GATEWAY_API_KEYS or HUBSPOT_* set there must not change what is measured).
      const gatewayEnv = { ...GATEWAY_ENV, ...observabilityEnv(impl) };
      const env: Record<string, string> = {
        ...gatewayEnv,
        NODE_ENV: 'production',
        BENCH_CONFIG: JSON.stringify(gatewayEnv),
      };
      if (impl === 'before') env.BENCH_SRC = resolve(opts['baseline-src'] as string);
      const { child, ready } = await startChild<GatewayReady>(
        bundles[impl === 'before' ? 'before' : 'ours']!,
        [impl === 'naive' ? 'naive' : 'ours', simReady.url, simReady.token],
        { execArgv, env, stdout: log, typescript: false },
      );
      children.push(child);
      const { rssAfterStart } = await child.call<GatewayStats>('stats');
      startRss[impl] = mb(rssAfterStart);
      return { impl, child, url: ready.url };
    };
    const startRss: Partial<Record<Impl, number>> = {};

    const targets: Target[] = [await startGateway('ours')];
    if (opts['baseline-src']) targets.push(await startGateway('before'));
    if (withNaive) targets.push(await startGateway('naive'));
    if (opts.observability) {
      targets.push(await startGateway('metrics-off'), await startGateway('traced'));
    }
    const ours = targets[0]!;

    // S4's entry point, read from the running schema (Query.ticket may give way to _entities).
    const probe = await post(
      ours.url,
      JSON.stringify({
        query:
          '{ __type(name: "Query") { fields { name args { name } type { name ofType { name ofType { name } } } } } }',
      }),
    );
    const queryType = probe.json.data?.__type as { fields?: Parameters<typeof findTicketEntry>[0] };
    const ticketEntry: TicketEntry = findTicketEntry(queryType?.fields ?? []);
    const scenarios = buildScenarios(simReady.fixtures, ticketEntry).filter((s) =>
      scenarioIds.includes(s.id),
    );

    log(
      `bench: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ` +
        `implementations ${targets.map((t) => t.impl).join(', ')}; ` +
        `scenarios ${scenarios.map((s) => s.id).join(', ')}; runs ` +
        runs.map((r) => `${r.latencyMs} ms × ${r.connections} conn`).join(', '),
    );

    // Every implementation answers every scenario without errors, and the same data as ours.
    const checks: Record<string, string> = {};
    for (const scenario of scenarios) {
      const body = requestBody(scenario);
      const reference = await post(ours.url, body);
      for (const target of targets) {
        const { status, json } = target === ours ? reference : await post(target.url, body);
        if (status !== 200 || json.errors) {
          throw new Error(
            `${target.impl} ${scenario.id}: HTTP ${status} ${JSON.stringify(json.errors ?? json).slice(0, 500)}`,
          );
        }
        if (target !== ours) {
          const diff = firstDifference(normalise(reference.json.data), normalise(json.data));
          checks[`${target.impl} ${scenario.id}`] = diff ?? 'same data as ours';
          if (diff) log(`  note: ${target.impl} ${scenario.id} differs from ours at ${diff}`);
        }
      }
    }

    const simCounts = (reset = true) => sim.call<SimCounts>('counts', { reset });
    const gatewayStats = (t: Target, resetPeak = false) =>
      t.child.call<GatewayStats>('stats', { resetPeak });
    /**
     * Waits (at most 30 s) until no gateway has a request in flight and the simulator has seen
     * no new call for 200 ms: what a previous run left running must not be counted in the next.
     */
    const settle = async () => {
      const deadline = Date.now() + 30_000;
      let last = -1;
      while (Date.now() < deadline) {
        const busy = await Promise.all(targets.map((t) => gatewayStats(t)));
        const { total } = await simCounts(false);
        if (busy.every((s) => s.inFlight === 0) && total === last) return;
        last = busy.every((s) => s.inFlight === 0) ? total : -1;
        await sleep(200);
      }
      log('  warning: the gateways did not settle within 30 s');
    };

    const measurements: Measurement[] = [];
    for (const { latencyMs, connections } of runs) {
      await sim.call('setLatency', { ms: latencyMs });
      for (const scenario of scenarios) {
        for (const m of await measureScenario(scenario, latencyMs, connections)) {
          measurements.push(m);
          log(
            `  ${latencyMs} ms ×${connections} ${scenario.id} ${m.impl.padEnd(6)} ${round(m.rps)} req/s, ` +
              `p50 ${m.p50} ms, p99 ${m.p99} ms, ${round(m.callsPerRequest, 2)} calls/req ` +
              `(min ${m.minCalls}; ${round(m.callsPerRequestUnderLoad, 2)} under load), ` +
              `${round(m.cpuMsPerRequest, 2)} CPU-ms/req (simulator ${round(m.simCpuMsPerRequest, 2)})`,
          );
        }
      }
    }

    /**
     * One scenario at one latency, every implementation: exact call counts, a warm-up, then the
     * measured time in ROUNDS slices that alternate between implementations (ours, naive, ours,
     * naive …), so a noisy neighbour hurts both sides alike.
     */
    async function measureScenario(
      scenario: Scenario,
      latencyMs: number,
      connections: number,
    ): Promise<Measurement[]> {
      const body = requestBody(scenario);
      interface Tally {
        exact: SimCounts;
        latencies: number[];
        requests: number;
        seconds: number;
        non2xx: number;
        errors: number;
        completed: number;
        cpuMs: number;
        simCpuMs: number;
        upstreamCalls: number;
        peakRss: number;
      }
      const tallies = new Map<Target, Tally>();
      for (const target of targets) {
        // 1. Exact upstream calls: a few requests one at a time, nothing else in flight.
        await settle();
        await simCounts(true);
        for (let i = 0; i < EXACT_SAMPLES; i++) await post(target.url, body);
        const exact = await simCounts(true);
        tallies.set(target, {
          exact,
          latencies: [],
          requests: 0,
          seconds: 0,
          non2xx: 0,
          errors: 0,
          completed: 0,
          cpuMs: 0,
          simCpuMs: 0,
          upstreamCalls: 0,
          peakRss: 0,
        });
        // 2. Warm-up (JIT, connection pools).
        if (warmup > 0) await cannon(target.url, { body, connections, duration: warmup });
      }
      // 3. The measured time, in alternating slices.
      const runSlice = async (target: Target, load: Partial<autocannon.Options>, label: string) => {
        const tally = tallies.get(target)!;
        await settle();
        await simCounts(true);
        const before = await gatewayStats(target, true);
        const simBefore = await sim.call<{ cpu: NodeJS.CpuUsage }>('stats');
        const profiling = opts.profile && target.impl !== 'naive';
        if (profiling) await target.child.call('profile-start');
        const result = await cannon(target.url, { body, connections, ...load });
        if (profiling) {
          const file = await target.child.call<string>('profile-stop', {
            file: join(profDir, `${target.impl}-${scenario.id}-${latencyMs}ms-${label}.cpuprofile`),
          });
          profiles.push(file);
          log(`    profile ${file}\n${indent(summariseProfile(file, 15))}`);
        }
        await settle();
        const after = await gatewayStats(target);
        const simAfter = await sim.call<{ cpu: NodeJS.CpuUsage }>('stats');
        const calls = await simCounts(true);
        tally.latencies.push(...result.latencies);
        tally.requests += result.requests.total;
        tally.seconds += result.duration;
        tally.non2xx += result.non2xx;
        tally.errors += result.errors;
        tally.completed += after.completed - before.completed;
        tally.cpuMs += cpuDelta(before.cpu, after.cpu);
        tally.simCpuMs += cpuDelta(simBefore.cpu, simAfter.cpu);
        tally.upstreamCalls += calls.total;
        tally.peakRss = Math.max(tally.peakRss, after.peakRss);
      };
      const slice = duration / ROUNDS;
      for (let r = 0; r < ROUNDS; r++) {
        for (const target of targets) await runSlice(target, { duration: slice }, String(r + 1));
      }
      // A slow implementation (the naive one at 40 ms takes seconds per request) gets a few
      // requests more, counted, so that its percentiles rest on something.
      for (const target of targets) {
        const missing = MIN_SAMPLES - tallies.get(target)!.latencies.length;
        if (missing > 0) {
          await runSlice(
            target,
            { amount: missing, connections: Math.min(connections, missing) },
            'extra',
          );
        }
      }
      return targets.map((target) => {
        const t = tallies.get(target)!;
        const completed = Math.max(1, t.completed);
        const criticalPathMs = latencyMs > 0 ? scenario.trips * latencyMs : null;
        const byOperation: Record<string, number> = {};
        for (const [op, n] of Object.entries(t.exact.byOperation)) {
          byOperation[op] = round(n / EXACT_SAMPLES, 2);
        }
        const p50 = percentile(t.latencies, 50);
        return {
          impl: target.impl,
          scenario: scenario.id,
          latencyMs,
          connections,
          requests: t.requests,
          rps: t.requests / Math.max(t.seconds, 0.001),
          p50,
          p90: percentile(t.latencies, 90),
          p99: percentile(t.latencies, 99),
          non2xx: t.non2xx,
          errors: t.errors,
          callsPerRequest: t.exact.total / EXACT_SAMPLES,
          callsByOperation: byOperation,
          callsPerRequestUnderLoad: t.upstreamCalls / completed,
          minCalls: scenario.minCalls,
          cpuMsPerRequest: t.cpuMs / completed,
          simCpuMsPerRequest: t.simCpuMs / completed,
          peakRssMb: mb(t.peakRss),
          p50OverCriticalPath: criticalPathMs === null ? null : p50 / criticalPathMs,
          criticalPathMs,
        };
      });
    }

    // Memory: a long S1+S2 mix at 0 ms; heap and RSS after a full GC every 1000 requests.
    let memory: MemoryRun | null = null;
    if (memoryRequests > 0) {
      memory = await memoryRun(ours, scenarios, sim);
    }

    // Print and save.
    const tables = runs.map((run) => formatTable(run, scenarios, measurements));
    if (targets.some((t) => t.impl === 'before')) {
      tables.push(formatBeforeAfter(runs, scenarios, measurements, startRss));
    }
    if (opts.observability) {
      tables.push(formatObservability(runs, scenarios, measurements, otlpSink?.received));
    }
    for (const table of tables) log(`\n${table}`);
    if (memory) log(`\n${formatMemory(memory)}`);

    const output = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        memoryGb: round(totalmem() / 1024 ** 3, 1),
        node: process.version,
      },
      options: {
        duration,
        warmup,
        latencies,
        runs,
        nodeFlags: NODE_FLAGS,
        gatewayEnv: GATEWAY_ENV,
        ticketEntry,
      },
      fixtures: simReady.fixtures,
      scenarios: scenarios.map(({ id, title, minCalls, minCallsWhy, trips }) => ({
        id,
        title,
        minCalls,
        minCallsWhy,
        trips,
      })),
      checks,
      measurements,
      memory,
      startRssMb: startRss,
      profiles,
      teamInbox,
      fanout,
      elapsedSeconds: round((Date.now() - started) / 1000, 0),
    };
    writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(output, null, 2)}\n`);
    log(`\nwrote bench/results/latest.json (${output.elapsedSeconds} s)`);
  } finally {
    otlpSink?.close();
    await stopAll();
  }
}

// ---------------------------------------------------------------------------------------------

interface MemorySample {
  requests: number;
  heapUsedMb: number;
  rssMb: number;
}
interface MemoryRun {
  requests: number;
  connections: number;
  warmupRequests: number;
  samples: MemorySample[];
  /** Least-squares slope, MB per 1000 requests, after warm-up. */
  heapSlopeMbPer1000: number;
  rssSlopeMbPer1000: number;
  gcAvailable: boolean;
  failed: number;
}

async function memoryRun(target: Target, scenarios: Scenario[], sim: Child): Promise<MemoryRun> {
  await sim.call('setLatency', { ms: 0 });
  const mix = scenarios.filter((s) => s.id === 'S1' || s.id === 'S2');
  const used = mix.length > 0 ? mix : scenarios.slice(0, 1);
  const requests = used.map((s) => ({ body: requestBody(s) }));
  const connections = 8;
  const chunk = 1000;
  const warmupRequests = 1000;
  const run = (amount: number) => cannon(target.url, { requests, connections, amount });
  log(
    `  memory: ${memoryRequests} requests (${used.map((s) => s.id).join('+')}) after ${warmupRequests} warm-up`,
  );
  await run(warmupRequests);
  const gc = () => target.child.call<{ rss: number; heapUsed: number; gcAvailable: boolean }>('gc');
  const first = await gc();
  const samples: MemorySample[] = [
    { requests: 0, heapUsedMb: mb(first.heapUsed), rssMb: mb(first.rss) },
  ];
  const before = await target.child.call<GatewayStats>('stats');
  let done = 0;
  while (done < memoryRequests) {
    const amount = Math.min(chunk, memoryRequests - done);
    await run(amount);
    done += amount;
    const m = await gc();
    samples.push({ requests: done, heapUsedMb: mb(m.heapUsed), rssMb: mb(m.rss) });
  }
  const after = await target.child.call<GatewayStats>('stats');
  return {
    requests: memoryRequests,
    connections,
    warmupRequests,
    samples: samples.map((s) => ({
      ...s,
      heapUsedMb: round(s.heapUsedMb, 2),
      rssMb: round(s.rssMb, 1),
    })),
    heapSlopeMbPer1000: slope(samples.map((s) => [s.requests / 1000, s.heapUsedMb])),
    rssSlopeMbPer1000: slope(samples.map((s) => [s.requests / 1000, s.rssMb])),
    gcAvailable: first.gcAvailable,
    failed: after.failed - before.failed,
  };
}

/** Nearest-rank percentile, rounded to 0.1 ms. */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[rank]!, 1);
}

function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : round(num / den, 3);
}

// ---------------------------------------------------------------------------------------------

function formatTable(run: RunSpec, scenarios: Scenario[], all: Measurement[]): string {
  const { latencyMs, connections } = run;
  const header = [
    'scenario',
    'ours rps',
    'p50 ms',
    'p99 ms',
    'calls/req (min)',
    'CPU-ms/req',
    'peak RSS MB',
    'naive rps',
    'naive p50',
    'naive calls/req',
    'naive/ours p50',
    'p50/critical path',
  ];
  const extra = all.some((m) => m.impl === 'before');
  if (extra) header.push('before CPU-ms/req', 'before/ours CPU');
  const rows: string[][] = [];
  for (const scenario of scenarios) {
    const find = (impl: Impl) =>
      all.find(
        (m) =>
          m.impl === impl &&
          m.scenario === scenario.id &&
          m.latencyMs === latencyMs &&
          m.connections === connections,
      );
    const ours = find('ours');
    if (!ours) continue;
    const naive = find('naive');
    const before = find('before');
    const row = [
      scenario.id,
      String(round(ours.rps)),
      String(ours.p50),
      String(ours.p99),
      `${round(ours.callsPerRequest, 2)} (${ours.minCalls})`,
      String(round(ours.cpuMsPerRequest, 2)),
      String(round(ours.peakRssMb, 0)),
      naive ? String(round(naive.rps)) : '-',
      naive ? String(naive.p50) : '-',
      naive ? String(round(naive.callsPerRequest, 2)) : '-',
      naive ? `${round(naive.p50 / Math.max(ours.p50, 0.001), 2)}x` : '-',
      ours.p50OverCriticalPath === null
        ? '-'
        : `${round(ours.p50OverCriticalPath, 2)} (${ours.criticalPathMs} ms)`,
    ];
    if (extra) {
      row.push(
        before ? String(round(before.cpuMsPerRequest, 2)) : '-',
        before ? `${round(before.cpuMsPerRequest / ours.cpuMsPerRequest, 2)}x` : '-',
      );
    }
    rows.push(row);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `upstream latency ${latencyMs} ms, ${connections} connection(s), ${duration} s per run`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

/** An OTLP/HTTP receiver that reads and drops what `traced` exports, counting requests and bytes. */
let otlpSink:
  { url: string; received: { requests: number; bytes: number }; close(): void } | undefined;

async function startOtlpSink(): Promise<NonNullable<typeof otlpSink>> {
  const received = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      received.bytes += chunk.length;
    });
    req.on('end', () => {
      received.requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, received, close: () => server.close() };
}

/** What metrics and traces cost: ours (metrics on, tracing off) next to metrics off and tracing on. */
function formatObservability(
  runs: RunSpec[],
  scenarios: Scenario[],
  all: Measurement[],
  exported: { requests: number; bytes: number } | undefined,
): string {
  const header = [
    'run',
    'scenario',
    'metrics-off CPU-ms/req',
    'ours CPU-ms/req',
    'traced CPU-ms/req',
    'metrics cost',
    'tracing cost',
    'p50 off / ours / traced (ms)',
    'rps off / ours / traced',
  ];
  const rows: string[][] = [];
  for (const { latencyMs, connections } of runs) {
    for (const scenario of scenarios) {
      const find = (impl: Impl) =>
        all.find(
          (m) =>
            m.impl === impl &&
            m.scenario === scenario.id &&
            m.latencyMs === latencyMs &&
            m.connections === connections,
        );
      const [off, ours, traced] = [find('metrics-off'), find('ours'), find('traced')];
      if (!off || !ours || !traced) continue;
      const pct = (a: number, b: number) =>
        `${a >= b ? '+' : ''}${round(((a - b) / b) * 100, 1)} %`;
      rows.push([
        `${latencyMs} ms ×${connections}`,
        scenario.id,
        String(round(off.cpuMsPerRequest, 3)),
        String(round(ours.cpuMsPerRequest, 3)),
        String(round(traced.cpuMsPerRequest, 3)),
        pct(ours.cpuMsPerRequest, off.cpuMsPerRequest),
        pct(traced.cpuMsPerRequest, ours.cpuMsPerRequest),
        `${off.p50} / ${ours.p50} / ${traced.p50}`,
        `${round(off.rps)} / ${round(ours.rps)} / ${round(traced.rps)}`,
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    'observability overhead: metrics-off = METRICS=false; ours = metrics on (default), no tracing; traced = metrics + OTLP traces',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    exported
      ? `traced exported ${exported.requests} OTLP requests, ${round(exported.bytes / 1024 ** 2, 1)} MB`
      : '',
  ].join('\n');
}

/** Before (the --baseline-src) ÷ after (ours), per run and scenario: the targets. */
function formatBeforeAfter(
  runs: RunSpec[],
  scenarios: Scenario[],
  all: Measurement[],
  startRss: Partial<Record<Impl, number>>,
): string {
  const header = [
    'run',
    'scenario',
    'CPU-ms/req before → after',
    'after/before CPU',
    'p50 ms before → after',
    'p50/critical path before → after',
    'peak RSS MB before → after',
  ];
  const rows: string[][] = [];
  for (const { latencyMs, connections } of runs) {
    for (const scenario of scenarios) {
      const find = (impl: Impl) =>
        all.find(
          (m) =>
            m.impl === impl &&
            m.scenario === scenario.id &&
            m.latencyMs === latencyMs &&
            m.connections === connections,
        );
      const before = find('before');
      const after = find('ours');
      if (!before || !after) continue;
      const path = (m: Measurement) =>
        m.p50OverCriticalPath === null ? '-' : String(round(m.p50OverCriticalPath, 2));
      rows.push([
        `${latencyMs} ms × ${connections}`,
        scenario.id,
        `${round(before.cpuMsPerRequest, 2)} → ${round(after.cpuMsPerRequest, 2)}`,
        `${round(after.cpuMsPerRequest / before.cpuMsPerRequest, 2)}x`,
        `${before.p50} → ${after.p50}`,
        `${path(before)} → ${path(after)}`,
        `${round(before.peakRssMb, 0)} → ${round(after.peakRssMb, 0)}`,
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `before → after (slices alternate between the two; RSS after start: before ${round(startRss.before ?? 0)} MB, after ${round(startRss.ours ?? 0)} MB)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

function formatMemory(m: MemoryRun): string {
  const samples = m.samples.map((s) => `${s.requests}: ${s.heapUsedMb} / ${s.rssMb}`).join(', ');
  return [
    `memory: ${m.requests} requests after ${m.warmupRequests} warm-up, ${m.connections} connections, ${m.failed} failed${m.gcAvailable ? '' : ' (no --expose-gc: heap not collected)'}`,
    `  heap used / RSS after GC (MB) by requests: ${samples}`,
    `  slope: heap ${m.heapSlopeMbPer1000} MB / 1000 requests, RSS ${m.rssSlopeMbPer1000} MB / 1000 requests`,
  ].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

await main();
process.exit(0);
