/**
 * `npm run bench`: the gateway against the simulated HubSpot portal over loopback, under load
 * from autocannon, at 0 ms upstream latency (gateway CPU-bound) and 40 ms (latency-bound), next
 * to a naive baseline measured in the same run. See BENCHMARKS.md for the method.
 *
 * Processes: this one (autocannon, orchestration), the simulator, and one gateway process per
 * implementation (ours, naive, optionally `before` from a copy of src/). Everything listens on
 * 127.0.0.1; every phase is bounded by a request count or a duration; it stops by itself.
 *
 * Options: `npm run bench -- --help` (USAGE in bench/options.ts). The phases, in order:
 *
 *   options.ts        the command line
 *   separate-runs.ts  --redis alone, else TEAM and FANOUT first (processes of their own)
 *   processes.ts      the simulator, the gateway bundles and one gateway per implementation
 *   preflight.ts      the scenarios as the running schema wants them, same answers everywhere
 *   measure.ts        warm-up and alternating measured slices, per run and scenario
 *   memory-run.ts     the long S1+S2 mix, heap and RSS after GC
 *   report.ts         the tables and bench/results/latest.json
 */
import { mkdirSync } from 'node:fs';
import { log } from './log.ts';
import { measureAll } from './measure.ts';
import { type MemoryRun, memoryRun } from './memory-run.ts';
import { type BenchOptions, parseBenchOptions } from './options.ts';
import { type OtlpSink, startOtlpSink } from './otlp-sink.ts';
import { RESULTS } from './paths.ts';
import { checkSameAnswers, selectScenarios } from './preflight.ts';
import { buildBundles, Children, NODE_FLAGS, startGateways, startSimulator } from './processes.ts';
import { formatPlan, formatReport, measuredResult, writeResult } from './report.ts';
import { runOwnProcessScenarios, runRedisOnly } from './separate-runs.ts';
import { round } from './stats.ts';

const options = parseBenchOptions();

async function main(options: BenchOptions): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const started = Date.now();
  const elapsedSeconds = () => round((Date.now() - started) / 1000, 0);
  const children = new Children();

  if (options.redis) return runRedisOnly(options);

  const { teamInbox, fanout } = await runOwnProcessScenarios(options);
  if ((options.runTeam || options.runFanout) && options.scenarioIds.length === 0) {
    const output = { teamInbox, fanout, elapsedSeconds: elapsedSeconds() };
    log(`\nwrote ${writeResult('latest.json', output)} (${output.elapsedSeconds} s)`);
    return;
  }

  let otlpSink: OtlpSink | undefined;
  try {
    const { sim, simReady } = await startSimulator(children);
    const bundles = await buildBundles(options.baselineSrc);
    otlpSink = options.observability ? await startOtlpSink() : undefined;
    const { targets, startRss } = await startGateways({
      options,
      bundles,
      simReady,
      otlpSink,
      children,
    });
    const ours = targets[0]!;

    const { ticketEntry, scenarios } = await selectScenarios(
      ours,
      simReady.fixtures,
      options.scenarioIds,
    );
    log(formatPlan(targets, scenarios, options.runs));
    const checks = await checkSameAnswers(targets, scenarios);

    const { measurements, profiles } = await measureAll({
      sim,
      targets,
      runs: options.runs,
      scenarios,
      duration: options.duration,
      warmup: options.warmup,
      profile: options.profile,
    });
    let memory: MemoryRun | null = null;
    if (options.memoryRequests > 0) {
      memory = await memoryRun(ours, scenarios, sim, options.memoryRequests);
    }

    const blocks = formatReport({
      runs: options.runs,
      scenarios,
      measurements,
      targets,
      startRss,
      duration: options.duration,
      observability: options.observability,
      exported: otlpSink?.received,
      memory,
    });
    for (const block of blocks) log(`\n${block}`);

    const output = measuredResult({
      options,
      nodeFlags: NODE_FLAGS,
      ticketEntry,
      fixtures: simReady.fixtures,
      scenarios,
      checks,
      measurements,
      memory,
      startRss,
      profiles,
      teamInbox,
      fanout,
      elapsedSeconds: elapsedSeconds(),
    });
    log(`\nwrote ${writeResult('latest.json', output)} (${output.elapsedSeconds} s)`);
  } finally {
    otlpSink?.close();
    await children.stopAll();
  }
}

await main(options);
process.exit(0);
