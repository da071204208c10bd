/**
 * What a measured run prints and saves: the plan line, one table per run, the before/after and
 * observability tables, the memory run, and bench/results/*.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Measurement } from './measure.ts';
import type { MemoryRun } from './memory-run.ts';
import type { FanoutResult } from './fanout.ts';
import type { BenchOptions, RunSpec } from './options.ts';
import { RESULTS } from './paths.ts';
import type { Impl, Target } from './processes.ts';
import type { Fixtures, Scenario, TicketEntry } from './scenarios.ts';
import { round } from './stats.ts';
import type { TeamInboxResult } from './team-inbox.ts';

/** The first line of a measured run: machine, implementations, scenarios, runs. */
export function formatPlan(targets: Target[], scenarios: Scenario[], runs: RunSpec[]): string {
  return (
    `bench: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ` +
    `implementations ${targets.map((t) => t.impl).join(', ')}; ` +
    `scenarios ${scenarios.map((s) => s.id).join(', ')}; runs ` +
    runs.map((r) => `${r.latencyMs} ms × ${r.connections} conn`).join(', ')
  );
}

/** Writes bench/results/<name> (pretty JSON) and returns its path as printed. */
export function writeResult(name: string, value: unknown): string {
  writeFileSync(join(RESULTS, name), `${JSON.stringify(value, null, 2)}\n`);
  return `bench/results/${name}`;
}

/** One run's table: every scenario, ours next to naive (and before, with --baseline-src). */
function formatTable(
  run: RunSpec,
  scenarios: Scenario[],
  all: Measurement[],
  duration: number,
): string {
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

/** Before (the --baseline-src) ÷ after (ours), per run and scenario: the issue's targets. */
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

/** Everything a measured run prints after its measurements, in order, one block each. */
export function formatReport(run: {
  runs: RunSpec[];
  scenarios: Scenario[];
  measurements: Measurement[];
  targets: Target[];
  startRss: Partial<Record<Impl, number>>;
  duration: number;
  observability: boolean;
  exported: { requests: number; bytes: number } | undefined;
  memory: MemoryRun | null;
}): string[] {
  const { runs, scenarios, measurements } = run;
  const tables = runs.map((spec) => formatTable(spec, scenarios, measurements, run.duration));
  if (run.targets.some((t) => t.impl === 'before')) {
    tables.push(formatBeforeAfter(runs, scenarios, measurements, run.startRss));
  }
  if (run.observability) {
    tables.push(formatObservability(runs, scenarios, measurements, run.exported));
  }
  if (run.memory) tables.push(formatMemory(run.memory));
  return tables;
}

/** bench/results/latest.json of a measured run: every raw number the tables come from. */
export function measuredResult(run: {
  options: BenchOptions;
  nodeFlags: string[];
  ticketEntry: TicketEntry;
  fixtures: Fixtures;
  scenarios: Scenario[];
  checks: Record<string, string>;
  measurements: Measurement[];
  memory: MemoryRun | null;
  startRss: Partial<Record<Impl, number>>;
  profiles: string[];
  teamInbox: TeamInboxResult | undefined;
  fanout: FanoutResult | undefined;
  elapsedSeconds: number;
}) {
  const { options } = run;
  return {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      memoryGb: round(totalmem() / 1024 ** 3, 1),
      node: process.version,
    },
    options: {
      duration: options.duration,
      warmup: options.warmup,
      latencies: options.latencies,
      runs: options.runs,
      nodeFlags: run.nodeFlags,
      gatewayEnv: options.gatewayEnv,
      ticketEntry: run.ticketEntry,
    },
    fixtures: run.fixtures,
    scenarios: run.scenarios.map(({ id, title, minCalls, minCallsWhy, trips }) => ({
      id,
      title,
      minCalls,
      minCallsWhy,
      trips,
    })),
    checks: run.checks,
    measurements: run.measurements,
    memory: run.memory,
    startRssMb: run.startRss,
    profiles: run.profiles,
    teamInbox: run.teamInbox,
    fanout: run.fanout,
    elapsedSeconds: run.elapsedSeconds,
  };
}
