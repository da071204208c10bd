import { Agent, request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../src/server/http.ts';
import { createLogger } from '../../src/server/logger.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { gatewayOver, ops } from './support.ts';

/** A deadline no other timer in the process uses, so the request deadline timers can be told apart. */
const REQUEST_TIMEOUT_MS = 29_917;

/**
 * Counts the timers and abort listeners that are still live: every `setTimeout` not yet fired or
 * cleared, and every `abort` listener still attached to a signal that has not aborted.
 */
function trackTimersAndListeners() {
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const realAdd = EventTarget.prototype.addEventListener;
  const realRemove = EventTarget.prototype.removeEventListener;
  const timers = new Map<unknown, number>();
  const listeners = new Map<EventTarget, Set<unknown>>();
  let deadlineTimersCreated = 0;

  globalThis.setTimeout = ((
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...rest: unknown[]
  ) => {
    if (ms === REQUEST_TIMEOUT_MS) deadlineTimersCreated++;
    const timer = realSetTimeout(
      (...args: unknown[]) => {
        timers.delete(timer);
        callback(...args);
      },
      ms,
      ...rest,
    );
    timers.set(timer, ms ?? 0);
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer: Parameters<typeof clearTimeout>[0]) => {
    timers.delete(timer);
    realClearTimeout(timer);
  }) as typeof clearTimeout;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (type === 'abort' && listener) {
      const set = listeners.get(this) ?? new Set();
      set.add(listener);
      listeners.set(this, set);
    }
    realAdd.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    if (type === 'abort') listeners.get(this)?.delete(listener);
    realRemove.call(this, type, listener, options);
  };

  return {
    get deadlineTimersCreated() {
      return deadlineTimersCreated;
    },
    /** Live timers by delay (ms). */
    liveTimers(): number[] {
      return [...timers.values()];
    },
    /** Abort listeners still attached to signals that have not aborted. */
    liveAbortListeners(): number {
      let count = 0;
      for (const [target, set] of listeners) {
        if (!(target as AbortSignal).aborted) count += set.size;
      }
      return count;
    },
    restore() {
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
      EventTarget.prototype.addEventListener = realAdd;
      EventTarget.prototype.removeEventListener = realRemove;
    },
  };
}

const PREVIEWS =
  '{ threads(first: 5) { edges { node { id messages(first: 2) { edges { node { id } } } } } } }';

/** Requests that end at every stage: answered, parse / validation / cost failure, bad JSON, no query. */
const BURST: Array<{ body: string; upstream: boolean }> = [
  { body: JSON.stringify({ query: PREVIEWS }), upstream: true },
  {
    body: JSON.stringify({ query: '{ threads(first: 3) { edges { node { id } } } }' }),
    upstream: true,
  },
  { body: JSON.stringify({ query: '{ threads(first: 3) { edges { node { id }' }), upstream: false },
  { body: JSON.stringify({ query: '{ noSuchField }' }), upstream: false },
  {
    body: JSON.stringify({
      query:
        '{ threads(first: 500) { edges { node { messages(first: 50) { edges { node { id } } } } } } }',
    }),
    upstream: false,
  },
  {
    body: JSON.stringify({
      query: 'query ($n: Int!) { threads(first: $n) { edges { node { id } } } }',
      variables: { n: 'x' },
    }),
    upstream: false,
  },
  { body: '{ not json', upstream: false },
  { body: JSON.stringify({ variables: {} }), upstream: false },
];

describe('request lifecycle: nothing outlives a request', () => {
  let sim: Simulator;
  let http: HttpServer;
  let url: string;
  let tracker: ReturnType<typeof trackTimersAndListeners> | undefined;

  beforeAll(async () => {
    sim = await startSimulator({ log: false });
    const { gateway } = gatewayOver(sim, sim.token, {
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      LOG_LEVEL: 'silent',
    });
    http = createHttpServer(gateway, createLogger({ level: 'silent' }));
    const { port } = await http.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}/graphql`;
  });
  afterEach(() => {
    tracker?.restore();
    tracker = undefined;
  });
  afterAll(async () => {
    await http.shutdown(100);
    await sim.close();
  });

  it('a burst of 80 requests, failing ones included, leaves no deadline timer and no abort listener behind', async () => {
    // node:http, not fetch: undici's own keep-alive timers would be counted too.
    const agent = new Agent({ keepAlive: true });
    const send = (body: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const request = httpRequest(
          url,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', accept: 'application/json' },
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    // Warm up outside the count: lazy module loads and connection pools.
    for (const { body } of BURST) await send(body);
    sim.resetRequests();

    tracker = trackTimersAndListeners();
    const rounds = 10;
    const answers = await Promise.all(
      Array.from({ length: rounds }, () => BURST.map(({ body }) => send(body))).flat(),
    );
    await new Promise((resolve) => setImmediate(resolve));

    // Every request was answered, each kind as expected: the upstream work happened.
    expect(answers).toHaveLength(rounds * BURST.length);
    for (const [index, answer] of answers.entries()) {
      const { upstream } = BURST[index % BURST.length]!;
      if (upstream) {
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text)).not.toHaveProperty('errors');
      } else {
        expect(answer.text).toMatch(/"code":"[A-Z_]+"/);
      }
    }
    expect(ops(sim.requests).sort()).toEqual(
      [
        ...Array<string>(rounds * 2).fill('listThreads'),
        ...Array<string>(rounds * 5).fill('listMessages'),
      ].sort(),
    );

    // A deadline timer was armed for every request that got as far as a GraphQL context (yoga
    // builds it after parsing and validating: the two answered ones, the cost-refused one and
    // the one with a bad variable), and every one of them was cleared.
    expect(tracker.deadlineTimersCreated).toBe(rounds * 4);
    expect(tracker.liveTimers().filter((ms) => ms === REQUEST_TIMEOUT_MS)).toEqual([]);
    // Nor any other timer (per-attempt timeouts, retries' backoff) or abort listener.
    expect(tracker.liveTimers()).toEqual([]);
    expect(tracker.liveAbortListeners()).toBe(0);
    agent.destroy();
  });
});
