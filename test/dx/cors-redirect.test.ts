import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness } from '../helpers/harness.ts';
import { startServerHarness } from '../server/support.ts';

const preflight = (h: Harness, origin: string) =>
  h.gateway.yoga.fetch('http://gateway.test/graphql', {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });

const post = (h: Harness, origin: string) =>
  h.gateway.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ threads(first: 1) { edges { node { id } } } }' }),
  });

describe('CORS with the embedded simulated portal (no HubSpot token)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness();
  });
  afterAll(() => h.close());

  it('a local dev server (http://localhost:5173) passes the preflight and reads the answer', async () => {
    h.reset();
    const answer = await preflight(h, 'http://localhost:5173');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    expect(answer.headers.get('access-control-allow-headers')).toContain('content-type');
    expect(h.upstream()).toEqual([]);

    for (const origin of ['http://127.0.0.1:3000', 'http://[::1]:8080']) {
      const res = await post(h, origin);
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
    expect(h.upstream().map((r) => r.operation)).toEqual(['listThreads', 'listThreads']);
  });

  it('any other origin is refused: preflight 403, no CORS headers', async () => {
    h.reset();
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'null']) {
      const answer = await preflight(h, origin);
      expect(answer.status).toBe(403);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(h.upstream()).toEqual([]);
  });
});

describe('CORS with a real HubSpot token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness({ env: { HUBSPOT_ACCESS_TOKEN: 'pat-na1-00000000-test' } });
  });
  afterAll(() => h.close());

  it('stays closed to loopback pages unless CORS_ORIGINS lists them', async () => {
    const answer = await preflight(h, 'http://localhost:5173');
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(h.upstream()).toEqual([]);
  });
});

describe('/', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServerHarness();
  });
  afterAll(() => h.close());

  it('sends browsers to GraphiQL and tells everyone else where the endpoints are', async () => {
    const browser = await h.gateway.yoga.fetch('http://gateway.test/', {
      headers: { accept: 'text/html,application/xhtml+xml' },
      redirect: 'manual',
    });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/graphql');
    const curl = await h.gateway.yoga.fetch('http://gateway.test/', { headers: { accept: '*/*' } });
    expect(curl.status).toBe(200);
    expect(await curl.text()).toContain('/graphql');
    expect(h.upstream()).toEqual([]);
  });
});
