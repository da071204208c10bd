import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadChange } from '../../src/live/changes.ts';
import { createWebhookDelivery, type DeliveryAttempt } from '../../src/simulator/webhooks.ts';
import { type LiveHarness, SECRET, sseSubscribe, startLiveHarness, until } from './support.ts';

let h: LiveHarness;
beforeAll(async () => {
  h = await startLiveHarness();
});
afterAll(() => h.close());

describe('the simulated portal delivers signed webhooks for every change', () => {
  it('each store change arrives as a HubSpot-shaped, signed event and reaches subscribers', async () => {
    const attempts: DeliveryAttempt[] = [];
    const delivery = createWebhookDelivery({
      targetUrl: `${h.origin}/webhooks/hubspot`,
      signedUrl: h.publicUrl,
      secret: SECRET,
      onAttempt: (a) => attempts.push(a),
    });
    const off = h.sim.onChange(delivery.enqueue);
    const changes: ThreadChange[] = [];
    const iterator = h.gateway.changes.subscribe();
    void (async () => {
      for await (const c of iterator) changes.push(c);
    })();
    const sub = await sseSubscribe(
      h,
      'subscription { threadEvents { type threadId thread { status } } }',
    );
    try {
      const thread = h.sim.data.threads.find((t) => !t.archived && t.status === 'OPEN')!;
      // One change at a time: each event is resolved against the thread as it is by then.
      h.sim.setStatus(thread.id, 'CLOSED');
      await sub.waitFor(1);
      h.sim.archive(thread.id);
      await sub.waitFor(2);
      h.sim.restore(thread.id);
      await sub.waitFor(3);
      await delivery.idle();
      await h.gateway.webhooks!.drain();
      expect(attempts.every((a) => a.status === 200 && !a.willRetry)).toBe(true);
      expect(
        attempts
          .flatMap((a) => a.events)
          .map((e) => [e.subscriptionType, e.propertyName, e.propertyValue, e.attemptNumber]),
      ).toEqual([
        ['conversation.propertyChange', 'status', 'CLOSED', 0],
        ['conversation.deletion', undefined, undefined, 0],
        ['conversation.propertyChange', 'isArchived', 'false', 0],
      ]);
      expect(changes.map((c) => c.type)).toEqual(['STATUS_CHANGED', 'ARCHIVED', 'RESTORED']);
      expect(sub.events.map((e) => (e.data!.threadEvents as { type: string }).type)).toEqual([
        'STATUS_CHANGED',
        'ARCHIVED',
        'RESTORED',
      ]);
    } finally {
      sub.close();
      off();
      await iterator.return?.();
      await delivery.close();
    }
  });

  it('retries a refused batch with attemptNumber + 1; the gateway processes it once', async () => {
    const attempts: DeliveryAttempt[] = [];
    // Signed for the wrong URL first: the gateway answers 401, HubSpot-like delivery retries.
    let signedUrl = 'https://wrong.example.com/hooks';
    const delivery = createWebhookDelivery({
      targetUrl: `${h.origin}/webhooks/hubspot`,
      get signedUrl() {
        return signedUrl;
      },
      secret: SECRET,
      retryDelayMs: () => 50,
      onAttempt: (a) => {
        attempts.push(a);
        signedUrl = h.publicUrl;
      },
    });
    const off = h.sim.onChange(delivery.enqueue);
    try {
      const thread = h.sim.data.threads.find((t) => !t.archived && t.status === 'OPEN')!;
      h.sim.setStatus(thread.id, 'CLOSED');
      await delivery.idle();
      expect(attempts.map((a) => [a.status, a.events[0]!.attemptNumber, a.willRetry])).toEqual([
        [401, 0, true],
        [200, 1, false],
      ]);
      expect(attempts[0]!.events[0]!.eventId).toBe(attempts[1]!.events[0]!.eventId);
    } finally {
      off();
      await delivery.close();
    }
  });

  it('retries when the gateway is unreachable, up to maxRetries', async () => {
    const attempts: DeliveryAttempt[] = [];
    const delivery = createWebhookDelivery({
      targetUrl: 'http://127.0.0.1:9/webhooks/hubspot',
      secret: SECRET,
      retryDelayMs: () => 10,
      maxRetries: 3,
      onAttempt: (a) => attempts.push(a),
    });
    delivery.enqueue({ kind: 'creation', threadId: '1', occurredAt: Date.now() });
    await until(() => attempts.length === 4);
    await delivery.idle();
    expect(attempts.map((a) => [a.status, a.events[0]!.attemptNumber, a.willRetry])).toEqual([
      [0, 0, true],
      [0, 1, true],
      [0, 2, true],
      [0, 3, false],
    ]);
    await delivery.close();
  });
});
