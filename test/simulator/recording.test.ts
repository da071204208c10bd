import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.ts';
import { call, NO_RATE_LIMIT, V3 } from './helpers.ts';

describe('request recording', () => {
  it('keeps every request by default', async () => {
    const sim = await startSimulator({ rateLimit: NO_RATE_LIMIT });
    try {
      for (let i = 0; i < 1100; i++) await call(sim, `${V3}/inboxes?limit=${(i % 50) + 1}`);
      expect(sim.requests).toHaveLength(1100);
    } finally {
      await sim.close();
    }
  });

  it('with maxRecordedRequests, keeps only the latest requests (trimmed in batches)', async () => {
    const sim = await startSimulator({ rateLimit: NO_RATE_LIMIT, maxRecordedRequests: 10 });
    const requests = sim.requests;
    try {
      for (let i = 1; i <= 1040; i++) await call(sim, `${V3}/inboxes?limit=${i % 100 || 100}`);
      // 1034 recorded at most before a trim back to the latest 10.
      expect(sim.requests).toBe(requests);
      expect(sim.requests.length).toBeLessThanOrEqual(10 + 1024);
      expect(sim.requests.length).toBeGreaterThanOrEqual(10);
      expect(sim.requests.at(-1)?.query.limit).toEqual([String(1040 % 100)]);
      expect(sim.requests.at(-10)?.query.limit).toEqual([String(1031 % 100)]);
    } finally {
      await sim.close();
    }
  });
});
