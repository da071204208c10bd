/**
 * What `REDIS_URL` costs (`npm run bench -- --redis`): the same gateway bundle, once in process
 * and once with a real Debian `redis-server` (started here on a free loopback port, without
 * persistence, and stopped at the end), at 0 ms upstream latency so the gateway is CPU-bound and
 * every Redis round trip shows. Each side runs with the cache on (the default, 300 s) and off
 * (`CACHE_MAX_AGE_S=0`: only the shared budget goes through Redis, the "cost known up
 * front" case), four gateways in one run, their measured slices alternating so that a noisy
 * neighbour hurts every side alike.
 *
 * Per side and scenario:
 * - req/s and p50/p99 under load (autocannon, 10 connections by default), gateway CPU-ms per
 *   request, and the redis-server's own CPU-ms per request (INFO cpu);
 * - exact, one request at a time: upstream calls per request and Redis commands per request by
 *   command (INFO commandstats; the health check's PING left out): EVALSHA is the budget's
 *   script (reserve before execution, release after the answer), GET/SET the cache store;
 * - unloaded latency: p50 of sequential requests on one connection; `redis` minus `memory` is
 *   the latency Redis adds to one GraphQL request.
 */
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisServer } from '../test/redis/redis-server.ts';
import { buildGatewayBundle } from './build.ts';
import { type Child, startChild } from './ipc.ts';
import { cannon } from './load.ts';
import {
  buildScenarios,
  type Fixtures,
  findTicketEntry,
  requestBody,
  type Scenario,
  type ScenarioId,
} from './scenarios.ts';

export interface RedisBenchOptions {
  durationS: number;
  warmupS: number;
  connections: number;
  scenarios: ScenarioId[];
  nodeFlags: string[];
  log: (line: string) => void;
}

type Side = 'memory' | 'redis' | 'memory-nocache' | 'redis-nocache';
const SIDES: readonly Side[] = ['memory', 'redis', 'memory-nocache', 'redis-nocache'];

export interface RedisBenchRow {
  side: Side;
  scenario: ScenarioId;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  cpuMsPerRequest: number;
  redisCpuMsPerRequest: number | null;
  upstreamCallsPerRequest: number;
  redisCommandsPerRequest: number | null;
  redisCommandsByName: Record<string, number>;
  unloadedP50: number;
}

export interface RedisBenchResult {
  durationS: number;
  connections: number;
  redisVersion: string;
  /** p50 of one PING from the bench process: what one Redis round trip costs on this machine. */
  redisPingP50Ms: number;
  rows: RedisBenchRow[];
}

/** Sequential requests whose upstream calls and Redis commands are counted exactly. */
const EXACT_SAMPLES = 5;
/** Sequential requests of the unloaded-latency measurement. */
const UNLOADED_SAMPLES = 200;
const ROUNDS = 4;
/** Connection bookkeeping and the health check, not the request's work. */
const NOT_PER_REQUEST = new Set(['ping', 'info', 'client', 'select', 'monitor', 'hello']);

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuMs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) =>
  (b.user - a.user + b.system - a.system) / 1000;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[rank] as number, 2);
}

/**
 * Counts the commands clients send (MONITOR), by name: a command a Lua script runs inside Redis
 * is no round trip and is left out, as are this bench's own and the health check's.
 */
async function watchCommands(
  admin: Redis,
): Promise<{ counts: Record<string, number>; stop(): void }> {
  const monitor = await admin.duplicate().monitor();
  const counts: Record<string, number> = {};
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const name = String(args[0]).toLowerCase();
    if (source === 'lua' || NOT_PER_REQUEST.has(name)) return;
    counts[name] = (counts[name] ?? 0) + 1;
  });
  return { counts, stop: () => monitor.disconnect() };
}

/** Round-trip time of one command to this Redis from here (PING), p50 of `n`. */
async function pingP50(admin: Redis, n = 200): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await admin.ping();
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

async function redisCpuMs(admin: Redis): Promise<number> {
  const info = await admin.info('cpu');
  const value = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
  return (value('used_cpu_sys') + value('used_cpu_user')) * 1000;
}

export async function runRedisBench(options: RedisBenchOptions): Promise<RedisBenchResult> {
  const { log } = options;
  const benchDir = import.meta.dirname;
  const children: Child[] = [];
  const redis = await RedisServer.start();
  const admin = new Redis(redis.url);
  try {
    const redisVersion = /redis_version:(\S+)/.exec(await admin.info('server'))?.[1] ?? '?';
    const { child: sim, ready: simReady } = await startChild<{
      url: string;
      token: string;
      fixtures: Fixtures;
    }>(join(benchDir, 'simulator-process.ts'), []);
    children.push(sim);
    await sim.call('setLatency', { ms: 0 });

    const bundle = await buildGatewayBundle(
      'src',
      join(benchDir, 'results/build/gateway-redis.js'),
    );
    const start = async (side: Side) => {
      // As bench/options.ts (gatewayEnv): budgets far above HubSpot's (the portal is not the
      // subject), the rest at production defaults; the Redis sides share one Redis and
      // CACHE_KEY_SECRET.
      const env: Record<string, string> = {
        HUBSPOT_MAX_REQUESTS_PER_10S: '10000',
        HUBSPOT_RATE_WINDOW_MS: '100',
        LOG_LEVEL: 'warn',
        REQUEST_LOG: 'false',
        ...(side.startsWith('redis')
          ? {
              REDIS_URL: redis.url,
              // One prefix per side: the two Redis gateways share nothing but the server.
              REDIS_KEY_PREFIX: side,
              CACHE_KEY_SECRET: 'bench-replicas-share-this-secret',
            }
          : {}),
        ...(side.endsWith('nocache') ? { CACHE_MAX_AGE_S: '0' } : {}),
      };
      const { child, ready } = await startChild<{ url: string }>(
        bundle,
        ['ours', simReady.url, simReady.token],
        {
          env: { ...env, NODE_ENV: 'production', BENCH_CONFIG: JSON.stringify(env) },
          execArgv: ['--expose-gc', ...options.nodeFlags],
          typescript: false,
          stdout: openSync(join(benchDir, `results/gateway-${side}.log`), 'w'),
        },
      );
      children.push(child);
      return { side, child, url: ready.url };
    };
    const gateways: { side: Side; child: Child; url: string }[] = [];
    for (const side of SIDES) gateways.push(await start(side));

    // S4's entry point, read from the running schema (as bench/preflight.ts does).
    const probe = (await (
      await fetch(gateways[0]!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          query:
            '{ __type(name: "Query") { fields { name args { name } type { name ofType { name ofType { name } } } } } }',
        }),
      })
    ).json()) as { data?: { __type?: { fields?: Parameters<typeof findTicketEntry>[0] } } };
    const scenarios = buildScenarios(
      simReady.fixtures,
      findTicketEntry(probe.data?.__type?.fields ?? []),
    ).filter((s) => options.scenarios.includes(s.id));

    log(
      `redis bench: redis-server ${redisVersion}; sides ${SIDES.join(', ')}; scenarios ` +
        `${scenarios.map((s) => s.id).join(', ')}; 0 ms upstream, ${options.connections} connections, ` +
        `${options.durationS} s per side and scenario`,
    );

    // A Redis without a record of the token's window blocks it for one window (+ 1.05 s here):
    // one request per Redis side first, so that wait is not measured.
    for (const gateway of gateways) {
      const body = requestBody(scenarios[0]!);
      await cannon(gateway.url, { body, amount: 1, connections: 1 });
    }
    await sleep(1_500);

    const simCounts = () => sim.call<{ total: number }>('counts', { reset: true });
    const settle = async () => {
      for (let i = 0; i < 150; i++) {
        const busy = await Promise.all(
          gateways.map((g) => g.child.call<{ inFlight: number }>('stats')),
        );
        if (busy.every((s) => s.inFlight === 0)) break;
        await sleep(200);
      }
      // The release of a finished request is sent just after its answer.
      await sleep(100);
    };

    const rows: RedisBenchRow[] = [];
    for (const scenario of scenarios) rows.push(...(await measure(scenario)));
    const redisPingP50Ms = await pingP50(admin);
    return {
      durationS: options.durationS,
      connections: options.connections,
      redisVersion,
      redisPingP50Ms,
      rows,
    };

    async function measure(scenario: Scenario): Promise<RedisBenchRow[]> {
      const body = requestBody(scenario);
      const tallies = new Map<
        Side,
        {
          exactCalls: number;
          commands: Record<string, number>;
          unloaded: number[];
          latencies: number[];
          requests: number;
          seconds: number;
          non2xx: number;
          completed: number;
          cpuMs: number;
          redisCpuMs: number;
        }
      >();
      for (const gateway of gateways) {
        // 1. Warm-up (JIT, connection pools, and the cache holds what it would in production).
        if (options.warmupS > 0) {
          await cannon(gateway.url, {
            body,
            connections: options.connections,
            duration: options.warmupS,
          });
        } else {
          await cannon(gateway.url, { body, amount: 1, connections: 1 });
        }
        // 2. Exact: one request at a time, nothing else in flight.
        await settle();
        await simCounts();
        const watch = await watchCommands(admin);
        // MONITOR starts asynchronously: a command of ours shows when it is on.
        for (let i = 0; i < 100 && watch.counts.echo === undefined; i++) {
          await admin.echo('bench');
          await sleep(20);
        }
        delete watch.counts.echo;
        for (let i = 0; i < EXACT_SAMPLES; i++) {
          await cannon(gateway.url, { body, amount: 1, connections: 1 });
          await settle();
        }
        watch.stop();
        const commands: Record<string, number> = {};
        for (const [name, calls] of Object.entries(watch.counts)) {
          commands[name] = calls / EXACT_SAMPLES;
        }
        const exactCalls = (await simCounts()).total / EXACT_SAMPLES;
        tallies.set(gateway.side, {
          exactCalls,
          commands,
          unloaded: [],
          latencies: [],
          requests: 0,
          seconds: 0,
          non2xx: 0,
          completed: 0,
          cpuMs: 0,
          redisCpuMs: 0,
        });
      }
      // 3. Unloaded latency and load, in slices alternating between the sides.
      for (let r = 0; r < ROUNDS; r++) {
        for (const gateway of gateways) {
          const tally = tallies.get(gateway.side)!;
          // The unloaded latency: sequential requests on one connection.
          await settle();
          const unloaded = await cannon(gateway.url, {
            body,
            connections: 1,
            amount: UNLOADED_SAMPLES / ROUNDS,
          });
          tally.unloaded.push(...unloaded.latencies);
          await settle();
          const before = await gateway.child.call<{ cpu: NodeJS.CpuUsage; completed: number }>(
            'stats',
          );
          const redisBefore = await redisCpuMs(admin);
          const result = await cannon(gateway.url, {
            body,
            connections: options.connections,
            duration: options.durationS / ROUNDS,
          });
          await settle();
          const after = await gateway.child.call<{ cpu: NodeJS.CpuUsage; completed: number }>(
            'stats',
          );
          tally.redisCpuMs += (await redisCpuMs(admin)) - redisBefore;
          tally.latencies.push(...result.latencies);
          tally.requests += result.requests.total;
          tally.seconds += result.duration;
          tally.non2xx += result.non2xx + result.errors;
          tally.completed += after.completed - before.completed;
          tally.cpuMs += cpuMs(before.cpu, after.cpu);
        }
      }
      return gateways.map(({ side }) => {
        const t = tallies.get(side)!;
        const completed = Math.max(1, t.completed);
        const usesRedis = side.startsWith('redis');
        const commandTotal = Object.values(t.commands).reduce((a, b) => a + b, 0);
        const row: RedisBenchRow = {
          side,
          scenario: scenario.id,
          rps: round(t.requests / Math.max(t.seconds, 0.001)),
          p50: percentile(t.latencies, 50),
          p99: percentile(t.latencies, 99),
          non2xx: t.non2xx,
          cpuMsPerRequest: round(t.cpuMs / completed, 3),
          // The other sides' Redis is idle then (PINGs only): what it used is this side's.
          redisCpuMsPerRequest: usesRedis ? round(t.redisCpuMs / completed, 3) : null,
          upstreamCallsPerRequest: round(t.exactCalls, 2),
          redisCommandsPerRequest: usesRedis ? round(commandTotal, 2) : null,
          redisCommandsByName: Object.fromEntries(
            Object.entries(t.commands).map(([name, n]) => [name, round(n, 2)]),
          ),
          unloadedP50: percentile(t.unloaded, 50),
        };
        log(
          `  ${scenario.id} ${side.padEnd(14)} ${row.rps} req/s, p50 ${row.p50} ms, ` +
            `${row.cpuMsPerRequest} CPU-ms/req` +
            (usesRedis ? ` (+ redis-server ${row.redisCpuMsPerRequest})` : '') +
            `, ${row.upstreamCallsPerRequest} calls/req` +
            (usesRedis ? `, ${row.redisCommandsPerRequest} Redis commands/req` : '') +
            `, unloaded p50 ${row.unloadedP50} ms`,
        );
        return row;
      });
    }
  } finally {
    admin.disconnect();
    await Promise.allSettled(children.map((child) => child.stop()));
    await redis.stop();
  }
}

/** The comparison table: each Redis side next to its in-process twin. */
export function formatRedisBench(result: RedisBenchResult): string {
  const header = [
    'scenario',
    'cache',
    'req/s memory → redis',
    'redis/memory req/s',
    'CPU-ms/req memory → redis (+ redis-server)',
    'unloaded p50 ms memory → redis',
    'added latency ms',
    'upstream calls/req',
    'Redis commands/req',
  ];
  const lines: string[][] = [];
  const scenarios = [...new Set(result.rows.map((r) => r.scenario))];
  for (const scenario of scenarios) {
    for (const cache of ['on', 'off'] as const) {
      const suffix = cache === 'on' ? '' : '-nocache';
      const find = (side: string) =>
        result.rows.find((r) => r.scenario === scenario && r.side === side);
      const memory = find(`memory${suffix}`);
      const redis = find(`redis${suffix}`);
      if (!memory || !redis) continue;
      const byName = Object.entries(redis.redisCommandsByName)
        .sort(([, a], [, b]) => b - a)
        .map(([name, n]) => `${name} ${n}`)
        .join(', ');
      lines.push([
        scenario,
        cache,
        `${memory.rps} → ${redis.rps}`,
        `${round(redis.rps / memory.rps, 2)}x`,
        `${memory.cpuMsPerRequest} → ${redis.cpuMsPerRequest} (+ ${redis.redisCpuMsPerRequest})`,
        `${memory.unloadedP50} → ${redis.unloadedP50}`,
        String(round(redis.unloadedP50 - memory.unloadedP50, 2)),
        `${memory.upstreamCallsPerRequest} / ${redis.upstreamCallsPerRequest}`,
        `${redis.redisCommandsPerRequest} (${byName})`,
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `REDIS_URL vs in process, 0 ms upstream, ${result.connections} connections, ${result.durationS} s per side and scenario (redis-server ${result.redisVersion}; one PING from the bench: p50 ${result.redisPingP50Ms} ms)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...lines.map(line),
  ].join('\n');
}
