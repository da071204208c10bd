import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ThreadChange } from '../../src/live/changes.ts';
import type { WebhookOutcome } from '../../src/webhooks/receiver.ts';
import { signatureV3 } from '../../src/webhooks/signature.ts';
import {
  hubspotEvent,
  type LiveHarness,
  postWebhook,
  SECRET,
  startLiveHarness,
  until,
} from './support.ts';

/** A marker inside every body: it must never reach a log line. */
const BODY_MARKER = 'body-text-never-logged';

let h: LiveHarness;
let changes: ThreadChange[];
let outcomes: WebhookOutcome[];
let stopListening: () => void;

beforeAll(async () => {
  h = await startLiveHarness();
  changes = [];
  outcomes = [];
  const iterator = h.gateway.changes.subscribe();
  void (async () => {
    for await (const change of iterator) changes.push(change);
  })();
  const off = h.gateway.webhooks!.onOutcome((outcome) => outcomes.push(outcome));
  stopListening = () => {
    off();
    void iterator.return?.();
  };
});
afterAll(async () => {
  stopListening();
  await h.close();
});
afterEach(() => {
  changes.length = 0;
  outcomes.length = 0;
  h.logs.length = 0;
  h.sim.resetRequests();
  vi.restoreAllMocks();
});

const thread = () => h.sim.data.threads[0]!;
const event = (extra: Record<string, unknown> = {}) =>
  hubspotEvent('conversation.propertyChange', thread().id, {
    propertyName: 'status',
    propertyValue: 'CLOSED',
    note: BODY_MARKER,
    ...extra,
  });

/** Webhooks are processed after the answer: let that happen before asserting on it. */
const settle = () => h.gateway.webhooks!.drain();

function expectLogsClean() {
  const text = JSON.stringify(h.logs);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(BODY_MARKER);
}

describe('signature v3', () => {
  it('matches the test vector computed from HubSpot’s algorithm', () => {
    expect(
      signatureV3('secret', {
        method: 'POST',
        url: 'https://gw.test/hooks/hubspot',
        body: Buffer.from('[{"eventId":1}]'),
        timestamp: '1700000000000',
      }),
    ).toBe('EIO6aX+6W5yljEWiUtBmW4zQDIiKJLLSbEoPTQ19q5k=');
  });

  it('accepts a correctly signed batch: 200 at once, the change published after', async () => {
    const batch = [event()];
    const response = await postWebhook(h, batch);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, duplicate: 0, ignored: 0 });
    await settle();
    expect(changes).toEqual([
      {
        id: String(batch[0]!.eventId),
        type: 'STATUS_CHANGED',
        threadId: thread().id,
        occurredAt: new Date(batch[0]!.occurredAt as number).toISOString(),
        source: 'webhook',
        portalId: 62515,
      },
    ]);
    expect(outcomes).toEqual([{ type: 'conversation.propertyChange', result: 'processed' }]);
    expect(h.logs.some((l) => (l.webhook as { result?: string })?.result === 'processed')).toBe(
      true,
    );
    expectLogsClean();
    // Receiving a webhook reads nothing upstream.
    expect(h.sim.requests).toEqual([]);
  });

  const refused: Array<[string, Parameters<typeof postWebhook>[2], string]> = [
    ['missing signature and timestamp', { unsigned: true }, 'missing-signature'],
    [
      'a missing timestamp',
      { headers: { 'x-hubspot-request-timestamp': '' } },
      'missing-timestamp',
    ],
    [
      'a wrong signature',
      { headers: { 'x-hubspot-signature-v3': 'c2lnbmF0dXJlIG9mIHNvbWV0aGluZyBlbHNlISEhISE=' } },
      'mismatch',
    ],
    ['a signature of another length', { headers: { 'x-hubspot-signature-v3': 'abc' } }, 'mismatch'],
    ['another secret', { secret: 'some-other-apps-secret' }, 'mismatch'],
    ['a timestamp 6 minutes old', { timestamp: Date.now() - 6 * 60_000 }, 'stale-timestamp'],
    ['a timestamp 6 minutes ahead', { timestamp: Date.now() + 6 * 60_000 }, 'future-timestamp'],
    [
      'a non-numeric timestamp',
      { headers: { 'x-hubspot-request-timestamp': 'yesterday' } },
      'bad-timestamp',
    ],
    [
      'the URL the gateway listens at instead of WEBHOOK_PUBLIC_URL',
      { url: 'http://127.0.0.1/webhooks/hubspot' },
      'mismatch',
    ],
    [
      'the public URL without its query',
      { url: 'https://gateway.example.com/hooks/hubspot' },
      'mismatch',
    ],
    ['another method', { method: 'PUT' }, 'mismatch'],
  ];
  it.each(refused)('refuses %s with 401 and changes nothing', async (_name, sign, reason) => {
    const response = await postWebhook(h, [event()], sign);
    expect(response.status).toBe(401);
    const body = await response.text();
    expect(body).not.toContain(SECRET);
    await settle();
    expect(changes).toEqual([]);
    expect(outcomes).toEqual([{ type: 'unknown', result: 'invalid', reason }]);
    expect(h.logs).toContainEqual(
      expect.objectContaining({ webhook: { result: 'invalid', reason, status: 401 } }),
    );
    expectLogsClean();
  });

  it('accepts timestamps just inside the 5-minute window, both ways', async () => {
    for (const offset of [-4 * 60_000, 4 * 60_000]) {
      const response = await postWebhook(h, [event()], { timestamp: Date.now() + offset });
      expect(response.status).toBe(200);
    }
    await settle();
    expect(changes).toHaveLength(2);
  });

  it('refuses a body altered after signing (401), even by one byte of whitespace', async () => {
    const signed = JSON.stringify([event()]);
    const timestamp = String(Date.now());
    const signature = signatureV3(SECRET, {
      method: 'POST',
      url: h.publicUrl,
      body: Buffer.from(signed),
      timestamp,
    });
    for (const altered of [signed.replace('CLOSED', 'OPEN'), `${signed} `]) {
      const response = await fetch(`${h.origin}/webhooks/hubspot`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hubspot-request-timestamp': timestamp,
          'x-hubspot-signature-v3': signature,
        },
        body: altered,
      });
      expect(response.status).toBe(401);
    }
    await settle();
    expect(changes).toEqual([]);
  });

  it('checks the raw bytes: a body with non-ASCII text and odd spacing verifies as sent', async () => {
    const raw = `[ {"eventId": 77001, "subscriptionType":"conversation.creation",  "objectId": ${thread().id}, "portalId": 62515, "note": "Grüße 👋"} ]`;
    const response = await postWebhook(h, raw);
    expect(response.status).toBe(200);
    await settle();
    expect(changes.map((c) => [c.id, c.type])).toEqual([['77001', 'THREAD_CREATED']]);
  });
});

describe('batches', () => {
  it('processes each eventId once: a replayed event is acknowledged and counted as duplicate', async () => {
    const first = event();
    expect((await postWebhook(h, [first])).status).toBe(200);
    // HubSpot's retry of the same event (attemptNumber + 1), in a new batch with a new one.
    const second = event({ propertyName: 'assignedTo', propertyValue: 'A-1' });
    const retry = await postWebhook(h, [{ ...first, attemptNumber: 1 }, second]);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ accepted: 1, duplicate: 1, ignored: 0 });
    await settle();
    expect(changes.map((c) => c.id)).toEqual([String(first.eventId), String(second.eventId)]);
    expect(outcomes.map((o) => o.result).sort()).toEqual(['duplicate', 'processed', 'processed']);
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        webhook: expect.objectContaining({
          eventId: String(first.eventId),
          result: 'duplicate',
          attemptNumber: 1,
        }),
      }),
    );
  });

  it('remembers event ids on the state store for at least 25 hours', async () => {
    const spy = vi.spyOn(h.gateway.stores.state, 'set');
    const one = event();
    await postWebhook(h, [one]);
    await settle();
    expect(spy).toHaveBeenCalledWith(
      `webhook:event:62515:${one.eventId}`,
      'processed',
      expect.any(Number),
    );
    expect(spy.mock.calls[0]![2]).toBeGreaterThanOrEqual(25 * 3600_000);
  });

  it('de-duplicates by (portalId, eventId): the same eventId of two portals is two events', async () => {
    const a = event({ eventId: 555_001, portalId: 1 });
    const b = event({ eventId: 555_001, portalId: 2 });
    const response = await postWebhook(h, [a, b]);
    expect(await response.json()).toEqual({ accepted: 2, duplicate: 0, ignored: 0 });
  });

  it.each([
    ['an object', { eventId: 1, subscriptionType: 'conversation.creation', objectId: 1 }],
    ['a JSON string', '"hello"'],
    ['null', null],
    ['an array holding a non-object', [1]],
    ['an event without eventId', [{ subscriptionType: 'conversation.creation', objectId: 1 }]],
    ['an event without objectId', [{ eventId: 1, subscriptionType: 'conversation.creation' }]],
    ['an event without subscriptionType', [{ eventId: 1, objectId: 1 }]],
    ['an event with an object as eventId', [{ eventId: {}, subscriptionType: 'x', objectId: 1 }]],
  ])('answers 400 to a validly signed body that is %s', async (_name, body) => {
    const response = await postWebhook(h, body);
    expect(response.status).toBe(400);
    await settle();
    expect(changes).toEqual([]);
    expect(outcomes).toEqual([
      { type: 'unknown', result: 'invalid', reason: 'body not an array of events' },
    ]);
  });

  it('answers 400 to a validly signed body that is not JSON', async () => {
    const response = await postWebhook(h, '[{"eventId": 1,');
    expect(response.status).toBe(400);
    expect(outcomes).toEqual([{ type: 'unknown', result: 'invalid', reason: 'body not JSON' }]);
  });

  it('refuses a body over WEBHOOK_MAX_BODY_BYTES with 413 before checking anything', async () => {
    const huge = JSON.stringify([event({ padding: 'x'.repeat(1_100_000) })]);
    const response = await postWebhook(h, huge);
    expect(response.status).toBe(413);
    expect(outcomes).toEqual([{ type: 'unknown', result: 'invalid', reason: 'body too large' }]);
  });

  it('answers 405 to other methods', async () => {
    const response = await fetch(`${h.origin}/webhooks/hubspot`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('acknowledges and ignores event types other than conversations', async () => {
    const contact = hubspotEvent('contact.creation', 123);
    const response = await postWebhook(h, [contact]);
    expect(await response.json()).toEqual({ accepted: 0, duplicate: 0, ignored: 1 });
    await settle();
    expect(changes).toEqual([]);
    expect(outcomes).toEqual([
      { type: 'other', result: 'ignored', reason: 'not a conversation event' },
    ]);
  });

  it('an empty batch is acknowledged', async () => {
    const response = await postWebhook(h, []);
    expect(response.status).toBe(200);
  });
});

describe('each event type', () => {
  const cases: Array<
    [string, Record<string, unknown>, string | undefined, 'invalidate' | 'purge']
  > = [
    ['conversation.creation', {}, 'THREAD_CREATED', 'invalidate'],
    [
      'conversation.newMessage',
      { messageId: 'a1b2c3', messageType: 'MESSAGE', changeFlag: 'NEW_MESSAGE' },
      'NEW_MESSAGE',
      'invalidate',
    ],
    [
      'conversation.propertyChange',
      { propertyName: 'status', propertyValue: 'OPEN' },
      'STATUS_CHANGED',
      'invalidate',
    ],
    [
      'conversation.propertyChange',
      { propertyName: 'assignedTo', propertyValue: '1234' },
      'ASSIGNMENT_CHANGED',
      'invalidate',
    ],
    [
      'conversation.propertyChange',
      { propertyName: 'isArchived', propertyValue: 'false' },
      'RESTORED',
      'invalidate',
    ],
    ['conversation.deletion', {}, 'ARCHIVED', 'invalidate'],
    ['conversation.privacyDeletion', {}, 'DELETED', 'purge'],
    [
      'conversation.propertyChange',
      { propertyName: 'isArchived', propertyValue: 'true' },
      undefined,
      'invalidate',
    ],
    [
      'conversation.propertyChange',
      { propertyName: 'someFutureProperty', propertyValue: 'x' },
      undefined,
      'invalidate',
    ],
  ];
  it.each(cases)(
    '%s %j → %s, the cache told first (%s)',
    async (type, extra, changeType, cacheCall) => {
      const order: string[] = [];
      const invalidate = vi
        .spyOn(h.gateway.cache, 'invalidateThread')
        .mockImplementation(async (id) => void order.push(`invalidate ${id}`));
      const purge = vi
        .spyOn(h.gateway.cache, 'purgeThread')
        .mockImplementation(async (id) => void order.push(`purge ${id}`));
      const iterator = h.gateway.changes.subscribe();
      const published = iterator.next().then((r) => {
        if (!r.done) order.push(`publish ${(r.value as ThreadChange).type}`);
        return r.value as ThreadChange;
      });
      const one = hubspotEvent(type, thread().id, extra);
      expect((await postWebhook(h, [one])).status).toBe(200);
      await settle();
      if (changeType === undefined) {
        expect(changes).toEqual([]);
      } else {
        const change = await published;
        expect(change).toMatchObject({
          id: String(one.eventId),
          type: changeType,
          threadId: thread().id,
          source: 'webhook',
        });
        if (changeType === 'NEW_MESSAGE') expect(change.messageId).toBe('a1b2c3');
      }
      await iterator.return?.();
      const expectedCacheCall = `${cacheCall} ${thread().id}`;
      expect(order[0]).toBe(expectedCacheCall);
      if (changeType !== undefined) expect(order[1]).toBe(`publish ${changeType}`);
      expect((cacheCall === 'purge' ? purge : invalidate).mock.calls).toEqual([[thread().id]]);
      expect(outcomes).toEqual([{ type, result: 'processed' }]);
    },
  );
});

describe('configuration', () => {
  it('ignores (acknowledges) events of other portals when HUBSPOT_PORTAL_ID is set', async () => {
    const other = await startLiveHarness({ env: { HUBSPOT_PORTAL_ID: '62515' } });
    try {
      const seen: WebhookOutcome[] = [];
      other.gateway.webhooks!.onOutcome((o) => seen.push(o));
      const mine = hubspotEvent('conversation.creation', 1, { portalId: 62515 });
      const theirs = hubspotEvent('conversation.creation', 2, { portalId: 99 });
      const response = await postWebhook(other, [mine, theirs]);
      expect(await response.json()).toEqual({ accepted: 1, duplicate: 0, ignored: 1 });
      await other.gateway.webhooks!.drain();
      expect(seen).toEqual(
        expect.arrayContaining([
          { type: 'conversation.creation', result: 'processed' },
          { type: 'conversation.creation', result: 'ignored', reason: 'other portal' },
        ]),
      );
    } finally {
      await other.close();
    }
  });

  it('has no webhook endpoint without HUBSPOT_CLIENT_SECRET (404)', async () => {
    const bare = await startLiveHarness({ env: { HUBSPOT_CLIENT_SECRET: '' } });
    try {
      expect(bare.gateway.webhooks).toBeUndefined();
      const response = await postWebhook(bare, [event()]);
      expect(response.status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it('answers 503 (HubSpot retries) when the de-duplication store fails, and keeps nothing', async () => {
    const spy = vi
      .spyOn(h.gateway.stores.state, 'setIfAbsent')
      .mockRejectedValueOnce(new Error('store down'));
    const one = event();
    const response = await postWebhook(h, [one]);
    expect(response.status).toBe(503);
    spy.mockRestore();
    // The retry is processed.
    const retry = await postWebhook(h, [{ ...one, attemptNumber: 1 }]);
    expect(await retry.json()).toEqual({ accepted: 1, duplicate: 0, ignored: 0 });
    await settle();
    expect(changes.map((c) => c.id)).toEqual([String(one.eventId)]);
  });

  it('finishes accepted events on shutdown (nothing accepted is lost)', async () => {
    const other = await startLiveHarness();
    const got: ThreadChange[] = [];
    const iterator = other.gateway.changes.subscribe();
    void (async () => {
      for await (const c of iterator) got.push(c);
    })();
    const batch = Array.from({ length: 50 }, (_, i) =>
      hubspotEvent('conversation.creation', i + 1),
    );
    expect((await postWebhook(other, batch)).status).toBe(200);
    await other.close();
    await until(() => got.length === 50, 15_000, '50 changes');
    await iterator.return?.();
  });
});
