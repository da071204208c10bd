import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadChange } from '../../src/live/changes.ts';
import { startSimulator, type Simulator } from '../../src/simulator/index.ts';
import { RedisServer } from './redis-server.ts';
import { type Replica, sleep, startReplica, within } from './replicas.ts';

function collect(iterator: AsyncIterableIterator<ThreadChange>): ThreadChange[] {
  const seen: ThreadChange[] = [];
  void (async () => {
    for await (const change of iterator) seen.push(change);
  })();
  return seen;
}

const change = (id: string, threadId: string): ThreadChange => ({
  id,
  type: 'NEW_MESSAGE',
  threadId,
  occurredAt: '2026-12-01T20:00:00.000Z',
  messageId: 'm1',
  source: 'webhook',
  portalId: 42,
});

describe('ThreadChanges over Redis pub/sub: every replica hears each change once', () => {
  let redis: RedisServer;
  let sim: Simulator;
  let a: Replica;
  let b: Replica;
  let other: Replica;

  beforeAll(async () => {
    redis = await RedisServer.start();
    sim = await startSimulator({ log: false });
    a = await startReplica('A', sim, { REDIS_URL: redis.url });
    b = await startReplica('B', sim, { REDIS_URL: redis.url });
    // Another deployment on the same Redis: its own prefix, so it hears nothing of ours.
    other = await startReplica('other', sim, { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'other' });
    await within(5_000, async () => (await a.readyz()) === 200 && (await b.readyz()) === 200);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await other?.close();
    await sim?.close();
    await redis?.stop();
  });

  it('published on A: A and B listeners get it exactly once, another prefix not at all; no upstream call', async () => {
    const onA = a.gateway.changes.subscribe();
    const onB = b.gateway.changes.subscribe();
    const onOther = other.gateway.changes.subscribe();
    const seenA = collect(onA);
    const seenB = collect(onB);
    const seenOther = collect(onOther);
    // SUBSCRIBE is asynchronous: give Redis a moment to register it.
    await sleep(200);
    a.gateway.changes.publish(change('evt-1', '1001'));
    b.gateway.changes.publish(change('evt-2', '1002'));
    await within(3_000, () => seenA.length >= 2 && seenB.length >= 2);
    await sleep(300);
    expect(seenA.map((c) => c.id).sort()).toEqual(['evt-1', 'evt-2']);
    expect(seenB.map((c) => c.id).sort()).toEqual(['evt-1', 'evt-2']);
    expect(seenB.find((c) => c.id === 'evt-1')).toEqual(change('evt-1', '1001'));
    expect(seenOther).toEqual([]);
    expect(sim.requests).toEqual([]);
    await onA.return?.();
    await onB.return?.();
    await onOther.return?.();
  });

  it('a publish while Redis is down neither throws nor crashes; the subscription works again after', async () => {
    const onB = b.gateway.changes.subscribe();
    const seenB = collect(onB);
    await sleep(200);
    await redis.kill();
    await within(5_000, async () => (await a.readyz()) === 503);
    expect(() => a.gateway.changes.publish(change('lost', '1003'))).not.toThrow();
    await sleep(200);
    await redis.launch();
    await within(15_000, async () => (await a.readyz()) === 200 && (await b.readyz()) === 200);
    // ioredis re-subscribes the subscriber connection on reconnect.
    await within(5_000, async () => {
      a.gateway.changes.publish(change(`after-${Date.now()}`, '1004'));
      await sleep(100);
      return seenB.some((c) => c.id.startsWith('after-'));
    });
    expect(seenB.some((c) => c.id === 'lost')).toBe(false);
    expect(sim.requests).toEqual([]);
    await onB.return?.();
  });
});
