import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../../src/hubspot/client.ts';
import { HubSpotTransport } from '../../src/hubspot/transport.ts';

/**
 * Not the simulator: a minimal HubSpot-compatible server written here, to show the client has no
 * special case for the simulator and reuses one kept-alive connection for sequential calls.
 */
let server: Server;
let baseUrl: string;
let connections = 0;
const seen: Array<{ method: string; url: string; authorization: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization });
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-hubspot-ratelimit-max': '190',
      'x-hubspot-ratelimit-remaining': '189',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
    });
    res.end(
      JSON.stringify({
        total: 1,
        results: [{ id: '42', name: 'Support', type: 'HELP_DESK', archived: false, brandNew: 1 }],
      }),
    );
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('any HubSpot-compatible server', () => {
  it('is called at base URL + path family with the bearer token, over kept-alive connections', async () => {
    const transport = new HubSpotTransport({ baseUrl, accessToken: 'pat-na1-test' });
    const api = createHubSpotClient({ transport, apiVersion: 'v3' });
    for (let i = 0; i < 10; i++) {
      const page = await api.listInboxes({ limit: 10 });
      expect(page.results[0]).toMatchObject({ id: '42', name: 'Support' });
    }
    expect(seen).toHaveLength(10);
    expect(seen.every((r) => r.url === '/conversations/v3/conversations/inboxes?limit=10')).toBe(
      true,
    );
    expect(seen.every((r) => r.authorization === 'Bearer pat-na1-test')).toBe(true);
    // Node's fetch (undici) may open a spare socket on first use; after that it reuses them.
    expect(connections).toBeLessThanOrEqual(2);
    // The portal reported 190 per 10 s: the governor keeps the lower configured 100.
    expect(transport.governor.budget).toBe(100);
  });
});
