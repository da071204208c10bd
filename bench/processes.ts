/**
 * The processes a measured run starts: the simulator and one gateway per implementation (ours,
 * naive, `before` from a --baseline-src, `metrics-off`, `traced`), each listening on 127.0.0.1.
 */
import { openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildGatewayBundle, startNodeFlags } from './build.ts';
import { type Child, startChild } from './ipc.ts';
import type { BenchOptions } from './options.ts';
import type { OtlpSink } from './otlp-sink.ts';
import { BENCH_DIR, RESULTS } from './paths.ts';
import type { Fixtures } from './scenarios.ts';
import { mb } from './stats.ts';

export type Impl = 'ours' | 'naive' | 'before' | 'metrics-off' | 'traced';

const PACKAGE = JSON.parse(readFileSync(join(BENCH_DIR, '../package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
/** The node flags `npm start` gives the gateway. */
export const NODE_FLAGS = startNodeFlags(PACKAGE.scripts.start ?? '');

export interface SimReady {
  url: string;
  token: string;
  fixtures: Fixtures;
}
interface GatewayReady {
  url: string;
  impl: string;
  srcDir: string;
}
export interface GatewayStats {
  cpu: NodeJS.CpuUsage;
  completed: number;
  failed: number;
  inFlight: number;
  peakRss: number;
  rss: number;
  heapUsed: number;
  rssAfterStart: number;
}
export interface SimCounts {
  total: number;
  byOperation: Record<string, number>;
}

export interface Target {
  impl: Impl;
  child: Child;
  url: string;
}

/** Every child started so far; all are stopped at the end, or on Ctrl-C. */
export class Children {
  private readonly list: Child[] = [];

  constructor() {
    process.on('SIGINT', () => {
      void this.stopAll().then(() => process.exit(130));
    });
  }

  add(child: Child): void {
    this.list.push(child);
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled(this.list.map((c) => c.stop()));
  }
}

export async function startSimulator(
  children: Children,
): Promise<{ sim: Child; simReady: SimReady }> {
  const { child: sim, ready: simReady } = await startChild<SimReady>(
    join(BENCH_DIR, 'simulator-process.ts'),
    [],
  );
  children.add(sim);
  return { sim, simReady };
}

type Bundles = Partial<Record<Impl, string>>;

/**
 * Each gateway runs as `npm start` runs it: a bundle (no TypeScript loader), NODE_ENV=production
 * and `npm start`'s node flags; `before` with no node flags, as `npm start` had none then.
 */
export async function buildBundles(baselineSrc: string | undefined): Promise<Bundles> {
  const buildDir = join(RESULTS, 'build');
  const bundles: Bundles = {
    ours: await buildGatewayBundle('src', join(buildDir, 'gateway-ours.js')),
  };
  if (baselineSrc) {
    bundles.before = await buildGatewayBundle(baselineSrc, join(buildDir, 'gateway-before.js'));
  }
  return bundles;
}

/**
 * Starts the gateways in this order: ours, before (with --baseline-src), naive (unless
 * --no-naive or --profile), metrics-off and traced (with --observability). `startRss` is each
 * one's resident memory once listening, in MB.
 */
export async function startGateways(setup: {
  options: BenchOptions;
  bundles: Bundles;
  simReady: SimReady;
  otlpSink: OtlpSink | undefined;
  children: Children;
}): Promise<{ targets: Target[]; startRss: Partial<Record<Impl, number>> }> {
  const { options, bundles, simReady, otlpSink, children } = setup;
  // `traced` exports its spans to the sink (OTLP/HTTP JSON, read and dropped).
  const observabilityEnv = (impl: Impl): Record<string, string> =>
    impl === 'metrics-off'
      ? { METRICS: 'false' }
      : impl === 'traced' && otlpSink
        ? { OTEL_EXPORTER_OTLP_ENDPOINT: otlpSink.url }
        : {};
  const startRss: Partial<Record<Impl, number>> = {};
  const startGateway = async (impl: Impl): Promise<Target> => {
    const log = openSync(join(RESULTS, `gateway-${impl}.log`), 'w');
    const execArgv = ['--expose-gc', ...(impl === 'before' ? [] : NODE_FLAGS)];
    // The gateway's configuration is exactly the bench's gatewayEnv (not the caller's shell: a
    // GATEWAY_API_KEYS or HUBSPOT_* set there must not change what is measured).
    const gatewayEnv = { ...options.gatewayEnv, ...observabilityEnv(impl) };
    const env: Record<string, string> = {
      ...gatewayEnv,
      NODE_ENV: 'production',
      BENCH_CONFIG: JSON.stringify(gatewayEnv),
    };
    if (impl === 'before') env.BENCH_SRC = resolve(options.baselineSrc as string);
    const { child, ready } = await startChild<GatewayReady>(
      bundles[impl === 'before' ? 'before' : 'ours']!,
      [impl === 'naive' ? 'naive' : 'ours', simReady.url, simReady.token],
      { execArgv, env, stdout: log, typescript: false },
    );
    children.add(child);
    const { rssAfterStart } = await child.call<GatewayStats>('stats');
    startRss[impl] = mb(rssAfterStart);
    return { impl, child, url: ready.url };
  };

  const targets: Target[] = [await startGateway('ours')];
  if (options.baselineSrc) targets.push(await startGateway('before'));
  if (options.withNaive) targets.push(await startGateway('naive'));
  if (options.observability) {
    targets.push(await startGateway('metrics-off'), await startGateway('traced'));
  }
  return { targets, startRss };
}
