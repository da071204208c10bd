import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../../src/hubspot/client.ts';
import { HubSpotTransport } from '../../src/hubspot/transport.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';

/** A short window (1 s instead of HubSpot's 10 s) keeps the test quick; the logic is the same. */
const WINDOW_MS = 1000;
const BUDGET = 8;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    latencyMs: 20,
    rateLimit: { max: BUDGET, intervalMs: WINDOW_MS, daily: 100_000 },
  });
});
afterAll(() => sim.close());

describe('rolling-window budget against the simulator', () => {
  it('holds the budget under 30 concurrent calls from several "GraphQL requests": no 429 at all', async () => {
    const transport = new HubSpotTransport({
      baseUrl: sim.url,
      accessToken: sim.token,
      maxRequestsPer10s: BUDGET,
      rateWindowMs: WINDOW_MS,
      maxConcurrency: 16,
      maxRetries: 0,
    });
    // Three concurrent GraphQL requests sharing the token's transport.
    const scopes = [0, 1, 2].map(() => createHubSpotClient({ transport, apiVersion: '2026-09' }));
    const ids = sim.data.threads
      .filter((t) => !t.archived)
      .slice(0, 30)
      .map((t) => t.id);
    await Promise.all(ids.map((id, i) => scopes[i % 3]!.getThread(id)));

    const statuses = sim.requests.map((r) => r.status);
    expect(statuses).toHaveLength(30);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const starts = sim.requests.map((r) => r.startedAt).sort((a, b) => a - b);
    for (const start of starts) {
      const inWindow = starts.filter((s) => s > start - WINDOW_MS && s <= start).length;
      // One extra for clock granularity between the two processes' views of "now".
      expect(inWindow).toBeLessThanOrEqual(BUDGET + 1);
    }
  });
});
