import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { type CallResult, call, expectError, TICKETS_V3, UUID, until, V3 } from './helpers.ts';

const RATE_HEADERS = [
  'x-hubspot-ratelimit-max',
  'x-hubspot-ratelimit-remaining',
  'x-hubspot-ratelimit-interval-milliseconds',
  'x-hubspot-ratelimit-daily',
  'x-hubspot-ratelimit-daily-remaining',
];
const expectRateHeaders = (res: CallResult) => {
  for (const name of RATE_HEADERS) expect(res.headers.get(name), name).toMatch(/^\d+$/);
};
const remaining = (res: CallResult) => Number(res.headers.get('x-hubspot-ratelimit-remaining'));

describe('authentication and scopes', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({
      tokens: {
        'sim-token': { scopes: ['conversations.read', 'conversations.write', 'tickets'] },
        'tickets-only': { scopes: ['tickets'] },
        'conversations-only': { scopes: ['conversations.read'] },
      },
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('401s a missing, malformed or unknown bearer token with HubSpot’s body', async () => {
    for (const token of [null, 'not-a-token']) {
      const res = await call(sim, `${V3}/threads`, { token });
      expectError(res, 401, 'INVALID_AUTHENTICATION', /^Authentication credentials not found\./);
      expect(Object.keys(res.json).sort()).toEqual([
        'category',
        'correlationId',
        'message',
        'status',
      ]);
      expectRateHeaders(res);
    }
    const basic = await fetch(`${sim.url}${V3}/threads`, {
      headers: { authorization: 'Basic c2ltOnRva2Vu' },
    });
    expect(basic.status).toBe(401);
    expect(sim.requests.slice(0, 2).map((r) => [r.token, r.status])).toEqual([
      [undefined, 401],
      ['not-a-token', 401],
    ]);
  });

  it('403s a known token without the scope, naming the scope', async () => {
    const conversations = await call(sim, `${V3}/threads`, { token: 'tickets-only' });
    expect(conversations.status).toBe(403);
    expect(conversations.json).toEqual({
      status: 'error',
      message: "This app hasn't been granted all required scopes to make this call.",
      correlationId: expect.stringMatching(UUID),
      category: 'MISSING_SCOPES',
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredScopes: ['conversations.read'] },
        },
      ],
    });
    expectRateHeaders(conversations);
    const tickets = await call(sim, TICKETS_V3, {
      token: 'conversations-only',
      body: { inputs: [{ id: '1' }], properties: [], propertiesWithHistory: [] },
    });
    expect(tickets.status).toBe(403);
    expect(tickets.json.errors[0].context.requiredScopes).toEqual(['tickets']);
    expect((await call(sim, `${V3}/threads?limit=1`, { token: 'conversations-only' })).status).toBe(
      200,
    );
  });

  it('404s unknown paths and methods with HubSpot’s error body', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', `${V3}/channels-of-doom`],
      ['DELETE', `${V3}/threads/8000000005/messages`],
      ['PUT', `${V3}/threads/8000000005/assignee`],
      ['GET', '/crm/v3/objects/tickets/batch/read'],
    ] as const) {
      const res = await call(sim, path, { method });
      expectError(res, 404, 'OBJECT_NOT_FOUND');
      expectRateHeaders(res);
      expect(sim.requests.at(-1)).toMatchObject({ operation: 'unknown', status: 404, method });
    }
    expect(sim.requests.at(-1)!.version).toBe('crm-v3');
  });
});

describe('rate limiting', () => {
  it('refuses the 101st request in a 10 s window with the exact 429 body and no Retry-After', async () => {
    const sim = await startSimulator();
    try {
      const first = await call(sim, `${V3}/inboxes`);
      expect(first.headers.get('x-hubspot-ratelimit-max')).toBe('100');
      expect(first.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
      expect(first.headers.get('x-hubspot-ratelimit-daily')).toBe('250000');
      expect(first.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('249999');
      expect(remaining(first)).toBe(99);
      const rest = await Promise.all(Array.from({ length: 99 }, () => call(sim, `${V3}/inboxes`)));
      expect(rest.every((r) => r.status === 200)).toBe(true);
      expect(Math.min(...rest.map(remaining))).toBe(0);

      const refused = await call(sim, `${V3}/inboxes`);
      expect(refused.status).toBe(429);
      expect(Object.keys(refused.json)).toEqual([
        'status',
        'message',
        'errorType',
        'correlationId',
        'policyName',
      ]);
      expect(refused.json).toEqual({
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        correlationId: expect.stringMatching(UUID),
        policyName: 'TEN_SECONDLY_ROLLING',
      });
      expect(refused.headers.get('retry-after')).toBeNull();
      expectRateHeaders(refused);
      expect(remaining(refused)).toBe(0);
      expect(sim.requests).toHaveLength(101);
      expect(sim.requests.at(-1)!.status).toBe(429);

      sim.resetRateLimits();
      expect((await call(sim, `${V3}/inboxes`)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('sends Retry-After on 429s when configured', async () => {
    const sim = await startSimulator({
      rateLimit: { max: 2, intervalMs: 10_000, daily: 1000, retryAfterSeconds: 3 },
    });
    try {
      await call(sim, `${V3}/inboxes`);
      await call(sim, `${V3}/inboxes`);
      const refused = await call(sim, `${V3}/inboxes`);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('3');
    } finally {
      await sim.close();
    }
  });

  it('frees the rolling window after the interval; refused requests do not count', async () => {
    const sim = await startSimulator({ rateLimit: { max: 3, intervalMs: 300, daily: 1000 } });
    try {
      for (let i = 0; i < 3; i++) expect((await call(sim, `${V3}/inboxes`)).status).toBe(200);
      expect((await call(sim, `${V3}/inboxes`)).status).toBe(429);
      // Polling every 20 ms: if 429s counted, the window would never free (until gives up).
      await until(async () => (await call(sim, `${V3}/inboxes`)).status === 200, 3000, 20);
      const statuses = sim.requests.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(4);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(1);
    } finally {
      await sim.close();
    }
  });

  it('keeps a separate window per token', async () => {
    const sim = await startSimulator({
      tokens: { a: { scopes: ['conversations.read'] }, b: { scopes: ['conversations.read'] } },
      rateLimit: { max: 1, intervalMs: 10_000, daily: 1000 },
    });
    try {
      expect((await call(sim, `${V3}/inboxes`, { token: 'a' })).status).toBe(200);
      expect((await call(sim, `${V3}/inboxes`, { token: 'a' })).status).toBe(429);
      expect((await call(sim, `${V3}/inboxes`, { token: 'b' })).status).toBe(200);
      expect(sim.token).toBe('a');
    } finally {
      await sim.close();
    }
  });

  it('answers the DAILY 429 once the daily budget is used up', async () => {
    const sim = await startSimulator({ rateLimit: { max: 100, intervalMs: 10_000, daily: 5 } });
    try {
      for (let i = 0; i < 5; i++) expect((await call(sim, `${V3}/inboxes`)).status).toBe(200);
      const refused = await call(sim, `${V3}/inboxes`);
      expect(refused.status).toBe(429);
      expect(refused.json).toEqual({
        status: 'error',
        message: 'You have reached your daily limit.',
        errorType: 'RATE_LIMIT',
        correlationId: expect.stringMatching(UUID),
        policyName: 'DAILY',
      });
      expect(refused.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
      expect(refused.headers.get('retry-after')).toBeNull();
    } finally {
      await sim.close();
    }
  });
});
