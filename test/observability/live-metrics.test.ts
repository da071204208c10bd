import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hubspotEvent,
  type LiveHarness,
  postWebhook,
  sseSubscribe,
  startLiveHarness,
  wsSubscribe,
} from '../live/support.ts';
import { scrape } from './support.ts';

const ALL = 'subscription { threadEvents { id type thread { id } } }';

/** Polls an async condition every 20 ms (an eventual state, not a speed). */
async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const active = async (h: LiveHarness) =>
  (await scrape(h.gateway)).sum('graphql_subscriptions_active');

describe('live metrics from real webhooks and subscriptions', () => {
  let h: LiveHarness;
  beforeAll(async () => {
    h = await startLiveHarness();
  });
  afterAll(() => h.close());

  it('webhook_events_total counts each outcome; graphql_subscriptions_active follows SSE and graphql-ws subscribers', async () => {
    const thread = h.sim.data.threads.filter((t) => !t.archived)[3]!;
    let m = await scrape(h.gateway);
    expect(m.sum('graphql_subscriptions_active')).toBe(0);

    const sse = await sseSubscribe(h, ALL);
    const ws = await wsSubscribe(h, ALL);
    await eventually(async () => (await active(h)) === 2);

    h.sim.resetRequests();
    const event = hubspotEvent('conversation.propertyChange', thread.id, {
      propertyName: 'status',
      propertyValue: 'CLOSED',
    });
    expect((await postWebhook(h, [event])).status).toBe(200);
    // The same event again (HubSpot retries): acknowledged, counted as a duplicate.
    expect((await postWebhook(h, [event])).status).toBe(200);
    // A bad signature: refused, counted, nothing processed.
    expect(
      (
        await postWebhook(h, [hubspotEvent('conversation.creation', thread.id)], {
          secret: 'other-secret-0123456789',
        })
      ).status,
    ).toBe(401);
    await sse.waitFor(1);
    await ws.waitFor(1);

    m = await scrape(h.gateway);
    const labels = { type: 'conversation.propertyChange' };
    expect(m.sum('webhook_events_total', { ...labels, result: 'processed' })).toBe(1);
    expect(m.sum('webhook_events_total', { ...labels, result: 'duplicate' })).toBe(1);
    expect(m.sum('webhook_events_total', { result: 'processed' })).toBe(1);
    expect(
      m
        .find('webhook_events_total')
        .filter((s) => s.value > 0 && !['processed', 'duplicate'].includes(s.labels.result!)),
    ).toHaveLength(1);
    // One event, two subscribers: one thread read upstream for both.
    expect(h.sim.requests.map((r) => r.operation)).toEqual(['getThread']);

    sse.close();
    ws.close();
    await eventually(async () => (await active(h)) === 0);
    expect(sse.events).toHaveLength(1);
    expect(ws.events).toHaveLength(1);
  });
});
