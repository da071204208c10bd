import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../../src/hubspot/client.ts';
import { HubSpotError } from '../../src/hubspot/errors.ts';
import { HubSpotTransport } from '../../src/hubspot/transport.ts';

/** A HubSpot-compatible server that answers every call with the body the test sets. */
let server: Server;
let baseUrl: string;
let body: unknown;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const thread = {
  id: '8000000001',
  createdAt: '2026-01-01T00:00:00.000Z',
  status: 'OPEN',
  inboxId: '147',
  associatedContactId: '301',
  originalChannelId: '1000',
  originalChannelAccountId: '5001',
  spam: false,
  archived: false,
  threadAssociations: { associatedTicketId: '57774881' },
};

describe('ids HubSpot sends as JSON numbers', () => {
  it('are read as their strings, wherever an id belongs (nested ones too)', async () => {
    const api = createHubSpotClient({
      transport: new HubSpotTransport({ baseUrl, accessToken: 'pat-na1-test' }),
      apiVersion: '2026-09',
    });
    body = {
      results: [
        thread,
        {
          ...thread,
          id: 8000000002,
          inboxId: 147,
          associatedContactId: 301,
          threadAssociations: { associatedTicketId: 57774881 },
        },
      ],
    };
    seen.length = 0;
    const page = await api.listThreads({ limit: 2 });
    expect(page.results.map((t) => [t.id, t.inboxId, t.associatedContactId])).toEqual([
      ['8000000001', '147', '301'],
      ['8000000002', '147', '301'],
    ]);
    expect(page.results[1]?.threadAssociations?.associatedTicketId).toBe('57774881');
    // One call, not retried: the second pass re-reads the same body.
    expect(seen).toEqual(['GET /conversations/conversations/2026-09/threads?limit=2']);
  });

  it('a number anywhere else is still a body that does not match HubSpot’s shape', async () => {
    const api = createHubSpotClient({
      transport: new HubSpotTransport({ baseUrl, accessToken: 'pat-na1-test', maxRetries: 0 }),
      apiVersion: '2026-09',
    });
    body = { results: [{ ...thread, id: 8000000003, status: 5 }] };
    seen.length = 0;
    const error = await api.listThreads({ limit: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubSpotError);
    expect(error).toMatchObject({ kind: 'malformed', operation: 'listThreads' });
    expect(seen).toHaveLength(1);
  });
});
