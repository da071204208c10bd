/**
 * `npm run bench`'s command line: USAGE, the options with their defaults, and what follows from
 * them (the runs, the scenarios, the gateways' environment). A bad value exits 2 with the usage.
 */
import { exitWithUsage, parseCommandLine } from '../src/cli.ts';
import { SCENARIO_IDS, type ScenarioId } from './scenarios.ts';

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

/** One table each: an upstream latency and a number of client connections. */
export interface RunSpec {
  latencyMs: number;
  connections: number;
}

export interface BenchOptions {
  /** Measured seconds per scenario and implementation. */
  duration: number;
  warmup: number;
  runs: RunSpec[];
  latencies: number[];
  scenarioIds: ScenarioId[];
  runTeam: boolean;
  teamDuration: number;
  runFanout: boolean;
  fanoutSubscribers: number;
  fanoutDuration: number;
  withNaive: boolean;
  /** Requests of the memory run; 0 = skip. */
  memoryRequests: number;
  baselineSrc: string | undefined;
  profile: boolean;
  observability: boolean;
  /** --redis: only the REDIS_URL comparison, with these connections and scenarios. */
  redis: boolean;
  redisConnections: number;
  redisScenarios: ScenarioId[];
  gatewayEnv: Record<string, string>;
}

/** A bad option value: one line and the usage, exit 2. */
function usage(message: string): never {
  return exitWithUsage('npm run bench --', USAGE, message);
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) usage(`--${name} must be a positive number, got ${value}`);
  return n;
}

/** Reads process.argv; `--help` prints USAGE and exits 0. */
export function parseBenchOptions(): BenchOptions {
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

  const connectionsFor = (latencyMs: number, given?: string): number => {
    if (opts.connections !== undefined) return positive(opts.connections, 'connections');
    if (given !== undefined) return positive(given, 'latency … :connections');
    return latencyMs === 0 ? 10 : 1;
  };

  // Checked in this order, so the first bad value is the one reported.
  const duration = positive(opts.duration, 'duration');
  const warmup = Math.max(0, Number(opts.warmup));
  const runs: RunSpec[] = opts.latency.split(',').map((entry) => {
    const [latency = '0', given] = entry.split(':');
    const latencyMs = Math.max(0, Number(latency));
    return { latencyMs, connections: connectionsFor(latencyMs, given) };
  });
  const latencies = [...new Set(runs.map((r) => r.latencyMs))];
  const requested = opts.scenario.split(',').map((s) => s.trim().toUpperCase());
  const runTeam = requested.includes('TEAM');
  const teamDuration = positive(opts['team-duration'], 'team-duration');
  const runFanout = requested.includes('FANOUT');
  const fanoutSubscribers = Math.round(positive(opts['fanout-subscribers'], 'fanout-subscribers'));
  const fanoutDuration = positive(opts['fanout-duration'], 'fanout-duration');
  const scenarioIds = requested.filter((id) => id !== 'TEAM' && id !== 'FANOUT') as ScenarioId[];
  for (const id of scenarioIds) {
    if (!SCENARIO_IDS.includes(id)) usage(`unknown scenario ${id} (${SCENARIO_IDS.join(', ')})`);
  }
  const withNaive = !opts['no-naive'] && !opts.profile;
  const memoryRequests = opts.profile ? 0 : Math.max(0, Number(opts.memory));

  /**
   * The gateway's settings for the bench: rate budgets far above HubSpot's (the bench measures the
   * gateway, not the portal's 100 calls / 10 s), everything else at its production default.
   */
  const gatewayEnv: Record<string, string> = {
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

  // --redis defaults to S1,S2,S3 unless --scenario was given.
  const explicitScenarios = process.argv.some(
    (arg) => arg === '--scenario' || arg.startsWith('--scenario='),
  );
  return {
    duration,
    warmup,
    runs,
    latencies,
    scenarioIds,
    runTeam,
    teamDuration,
    runFanout,
    fanoutSubscribers,
    fanoutDuration,
    withNaive,
    memoryRequests,
    baselineSrc: opts['baseline-src'],
    profile: opts.profile,
    observability: opts.observability,
    redis: opts.redis,
    redisConnections:
      opts.connections === undefined ? 10 : positive(opts.connections, 'connections'),
    redisScenarios: explicitScenarios ? scenarioIds : ['S1', 'S2', 'S3'],
    gatewayEnv,
  };
}
