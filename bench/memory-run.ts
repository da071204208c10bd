/** The memory run: a long S1+S2 mix at 0 ms; heap and RSS after a full GC every 1000 requests. */
import type { Child } from './ipc.ts';
import { cannon } from './load.ts';
import { log } from './log.ts';
import type { GatewayStats, Target } from './processes.ts';
import { requestBody, type Scenario } from './scenarios.ts';
import { mb, round, slope } from './stats.ts';

interface MemorySample {
  requests: number;
  heapUsedMb: number;
  rssMb: number;
}
export interface MemoryRun {
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

export async function memoryRun(
  target: Target,
  scenarios: Scenario[],
  sim: Child,
  memoryRequests: number,
): Promise<MemoryRun> {
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
