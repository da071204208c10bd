/**
 * The measured runs: for each run (latency × connections) and scenario, every implementation's
 * exact upstream calls, a warm-up, then the measured time in slices that alternate between
 * implementations; one Measurement per implementation, scenario and run.
 */
import { join } from 'node:path';
import type autocannon from 'autocannon';
import type { Child } from './ipc.ts';
import { cannon, post } from './load.ts';
import { indent, log } from './log.ts';
import type { RunSpec } from './options.ts';
import { RESULTS } from './paths.ts';
import type { GatewayStats, Impl, SimCounts, Target } from './processes.ts';
import { summariseProfile } from './profile-summary.ts';
import { requestBody, type Scenario, type ScenarioId } from './scenarios.ts';
import { cpuDelta, mb, percentile, round } from './stats.ts';

/** Sequential requests whose upstream calls are counted exactly (no load, nothing in flight). */
const EXACT_SAMPLES = 3;
/** Each measurement is split into this many slices, alternating between implementations. */
const ROUNDS = 2;
/** Fewest latency samples per implementation and scenario (slow ones get extra requests). */
const MIN_SAMPLES = 5;

export interface Measurement {
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

export interface MeasureSetup {
  sim: Child;
  targets: Target[];
  runs: RunSpec[];
  scenarios: Scenario[];
  /** Measured seconds per scenario and implementation, over all ROUNDS slices. */
  duration: number;
  warmup: number;
  /** CPU-profile every measured slice of every implementation but naive. */
  profile: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every run and scenario, in order, printing a line per measurement. `profiles`: files written. */
export async function measureAll(
  setup: MeasureSetup,
): Promise<{ measurements: Measurement[]; profiles: string[] }> {
  const { sim, targets, runs, scenarios, duration, warmup } = setup;
  const profDir = join(RESULTS, 'prof');
  const profiles: string[] = [];
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
  return { measurements, profiles };

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
      const profiling = setup.profile && target.impl !== 'naive';
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
}
