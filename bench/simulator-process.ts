/**
 * Bench-only entry: the simulated HubSpot portal in its own process, so its CPU time is neither
 * the gateway's nor the load generator's. Counts upstream calls by operation over IPC.
 *
 * The simulator records every request in `sim.requests`; this process folds them into counters
 * every 100 ms and clears the array (and bounds it with `maxRecordedRequests`), so a long run
 * keeps the simulator's memory flat.
 */
import { startSimulator } from '../src/simulator/index.ts';
import { serveIpc, signalReady } from './ipc.ts';
import { pickFixtures } from './scenarios.ts';

const sim = await startSimulator({
  // The bench measures the gateway, not HubSpot's budget: the portal never refuses.
  rateLimit: { max: 100_000_000, intervalMs: 1_000, daily: Number.MAX_SAFE_INTEGER },
  latencyMs: 0,
  log: false,
  // Folded into counters every 100 ms below; the bound is a safety net.
  maxRecordedRequests: 100_000,
});

let counts: Record<string, number> = {};
let total = 0;
const fold = () => {
  for (const request of sim.requests) {
    counts[request.operation] = (counts[request.operation] ?? 0) + 1;
    total++;
  }
  sim.resetRequests();
};
setInterval(fold, 100).unref();

serveIpc(async (request) => {
  switch (request.type) {
    case 'setLatency':
      sim.setLatency(Number(request.ms));
      return true;
    case 'counts': {
      fold();
      const result = { total, byOperation: counts };
      if (request.reset === true) {
        counts = {};
        total = 0;
      }
      return result;
    }
    case 'stats':
      return { cpu: process.cpuUsage(), rss: process.memoryUsage().rss };
    case 'exit':
      await sim.close();
      process.exit(0);
      return true;
    default:
      throw new Error(`unknown request ${request.type}`);
  }
});

signalReady({ url: sim.url, token: sim.token, fixtures: pickFixtures(sim.data) });
