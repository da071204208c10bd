import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../../src/hubspot/client.ts';
import { HubSpotTransport } from '../../src/hubspot/transport.ts';

/**
 * The transport's own node:http path (used whenever no `fetch` is injected): what Node's fetch
 * did for free must still hold — compressed answers, a base URL with a path prefix, POST bodies.
 */
let server: Server;
let origin: string;
const seen: Array<{ url: string; acceptEncoding: string | undefined; body: string }> = [];

const INBOXES = JSON.stringify({
  total: 1,
  results: [{ id: '42', name: 'Support — ünïcödé', type: 'HELP_DESK', archived: false }],
});

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ url: req.url!, acceptEncoding: req.headers['accept-encoding'], body });
      const encoding = new URL(req.url!, 'http://x').searchParams.get('enc') ?? 'identity';
      const plain = req.url!.includes('/actors/batch/read')
        ? JSON.stringify({
            status: 'COMPLETE',
            results: [{ id: 'A-1', type: 'AGENT', name: 'Ann' }],
          })
        : INBOXES;
      const encoded =
        encoding === 'gzip'
          ? gzipSync(plain)
          : encoding === 'br'
            ? brotliCompressSync(plain)
            : encoding === 'deflate'
              ? deflateSync(plain)
              : encoding === 'deflate-raw'
                ? deflateRawSync(plain)
                : Buffer.from(plain);
      res.writeHead(200, {
        'content-type': 'application/json;charset=utf-8',
        ...(encoding === 'identity'
          ? {}
          : { 'content-encoding': encoding === 'deflate-raw' ? 'deflate' : encoding }),
      });
      // Two writes: the body arrives in several chunks.
      res.write(encoded.subarray(0, 7));
      res.end(encoded.subarray(7));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the node:http transport', () => {
  it('asks for compression and decodes gzip, br, deflate and raw deflate answers', async () => {
    for (const enc of ['identity', 'gzip', 'br', 'deflate', 'deflate-raw']) {
      const transport = new HubSpotTransport({ baseUrl: origin, accessToken: 'pat-na1-test' });
      const api = createHubSpotClient({ transport, apiVersion: 'v3' });
      const page = await api.listInboxes({ limit: 10, enc } as never);
      expect(page.results[0], enc).toMatchObject({ id: '42', name: 'Support — ünïcödé' });
    }
    expect(seen.every((r) => r.acceptEncoding?.includes('gzip'))).toBe(true);
  });

  it('keeps the base URL path prefix and sends POST bodies', async () => {
    seen.length = 0;
    const transport = new HubSpotTransport({
      baseUrl: `${origin}/proxy/hubspot/`,
      accessToken: 'pat-na1-test',
    });
    const api = createHubSpotClient({ transport, apiVersion: '2026-09' });
    const batch = await api.batchReadActors(['A-1']);
    expect(batch.results).toEqual([{ id: 'A-1', type: 'AGENT', name: 'Ann' }]);
    expect(seen[0]?.url).toBe(
      '/proxy/hubspot/conversations/conversations/2026-09/actors/batch/read',
    );
    expect(JSON.parse(seen[0]!.body)).toEqual({ inputs: ['A-1'] });
  });
});
