/**
 * The fan-out run (`npm run bench -- --scenario FANOUT`, issue 11's targets): many concurrent
 * GraphQL-over-SSE subscribers of `threadEvents` on one gateway process, while HubSpot-shaped,
 * signed `conversation.newMessage` webhooks arrive at a steady rate (default 1,000 subscribers,
 * 10 events/s for 30 s).
 *
 * Processes: the simulated portal, one gateway (the production bundle, as `npm start` runs it),
 * and this one (webhook sender and every subscriber, so send and arrival times share one clock).
 * Each event: the portal gets a new incoming message (over IPC), then this process POSTs the
 * signed webhook and notes the time; every subscriber notes when the event's `next` arrives.
 *
 * Reported:
 * - delivery latency p50 / p90 / p99 / max, from the moment the webhook POST is sent (an upper
 *   bound of "webhook receipt": it includes the POST's own trip) to the event arriving at each
 *   subscriber, over every (event, subscriber) pair; the webhook's acknowledgement time too;
 * - upstream reads per event (the portal's recorded requests during the run ÷ events), by
 *   operation (target ≤ 2: one getThread, one getMessage however many subscribers);
 * - the gateway's RSS and heap after a full GC: before subscribers, with all of them connected
 *   (growth per subscriber), after the run, and after every subscriber disconnected, with its
 *   open subscriptions, HTTP connections and active handles, which must be back to the baseline;
 * - the gateway's CPU per event and per delivery, missing / duplicated / incomplete deliveries.
 *
 * Bounded: every wait has a limit, and the whole run is aborted after its duration plus a margin.
 */
import { request as httpRequest, Agent, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { signatureV3 } from '../src/webhooks/signature.ts';
import { buildGatewayBundle } from './build.ts';
import { type Child, startChild } from './ipc.ts';

export interface FanoutOptions {
  subscribers: number;
  /** Seconds of the measured run. */
  durationS: number;
  eventsPerSecond?: number;
  /** Seconds of unmeasured warm-up traffic (a few subscribers, the same event rate). */
  warmupS?: number;
  /** `npm start`'s node flags: the gateway runs as production runs it (a bundle). */
  nodeFlags: string[];
  /** Writes a CPU profile of the gateway during the measured events here (inspector sampling). */
  profileFile?: string;
  log: (line: string) => void;
}

interface MemoryPoint {
  rssMb: number;
  heapUsedMb: number;
  subscriptions: number;
  connections: number;
  /** Active handles and requests (process.getActiveResourcesInfo()), by kind. */
  resources: Record<string, number>;
}

export interface FanoutResult {
  subscribers: number;
  connected: number;
  refused: number;
  durationS: number;
  eventsPerSecond: number;
  events: number;
  deliveries: number;
  expectedDeliveries: number;
  missing: number;
  duplicates: number;
  /** Deliveries without the thread or message (a failed read would show here). */
  incomplete: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  webhookAckMs: { p50: number; p99: number; max: number };
  webhookStatuses: Record<string, number>;
  upstreamReads: number;
  upstreamReadsPerEvent: number;
  upstreamByOperation: Record<string, number>;
  gatewayCpuMsPerEvent: number;
  gatewayCpuUsPerDelivery: number;
  connectSeconds: number;
  memory: {
    baseline: MemoryPoint;
    connected: MemoryPoint;
    afterRun: MemoryPoint;
    afterDisconnect: MemoryPoint;
    rssKbPerSubscriber: number;
    heapKbPerSubscriber: number;
  };
  /** Seconds from the last client disconnect to 0 open subscriptions, and to 0 connections. */
  cleanupSeconds: { subscriptions: number; connections: number };
}

/** The gateway's configuration for the run (everything else at its production default). */
const SECRET = 'bench-fanout-client-secret';
/** What HubSpot would call; the signature covers exactly this string (WEBHOOK_PUBLIC_URL). */
const PUBLIC_URL = 'https://gateway.bench.example/webhooks/hubspot';

const SUBSCRIPTION = `subscription FanOut {
  threadEvents {
    id type threadId occurredAt
    thread { id status inboxId latestMessageTimestamp }
    message { id createdAt ... on ChannelMessage { text direction } }
  }
}`;
const SUBSCRIBE_BODY = JSON.stringify({ query: SUBSCRIPTION });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => bytes / 1024 / 1024;

function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[rank] as number, 1);
}

async function until(predicate: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const start = performance.now();
  while (!(await predicate())) {
    if (performance.now() - start > ms) return false;
    await sleep(20);
  }
  return true;
}

/** Where each event was sent and who received it. */
class Tally {
  readonly sentAt = new Map<string, number>();
  readonly received = new Map<string, number>();
  latencies: Float64Array;
  count = 0;
  duplicates = 0;
  incomplete = 0;
  unknown = 0;

  constructor(capacity: number) {
    this.latencies = new Float64Array(Math.max(1, capacity));
  }

  arrive(subscriber: Subscriber, data: string, now: number): void {
    let event: { id?: string; thread?: unknown; message?: unknown } | undefined;
    try {
      event = (JSON.parse(data) as { data?: { threadEvents?: typeof event } }).data?.threadEvents;
    } catch {
      event = undefined;
    }
    const id = event?.id;
    const sent = id === undefined ? undefined : this.sentAt.get(id);
    if (id === undefined || sent === undefined) {
      this.unknown++;
      return;
    }
    if (subscriber.seen.has(id)) {
      this.duplicates++;
      return;
    }
    subscriber.seen.add(id);
    if (!event?.thread || !event.message) this.incomplete++;
    this.received.set(id, (this.received.get(id) ?? 0) + 1);
    if (this.count === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.count++] = now - sent;
  }
}

interface Subscriber {
  request: ClientRequest;
  status: number;
  seen: Set<string>;
  ended: boolean;
}

/** One GraphQL-over-SSE subscription over node:http (lighter than fetch for a thousand streams). */
function subscribe(
  origin: URL,
  agent: Agent,
  tally: () => Tally,
  timeoutMs: number,
): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: origin.hostname,
      port: origin.port,
      path: '/graphql',
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'content-length': Buffer.byteLength(SUBSCRIBE_BODY),
      },
    });
    const subscriber: Subscriber = { request, status: 0, seen: new Set(), ended: false };
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`no SSE response within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      subscriber.ended = true;
      reject(error);
    });
    request.on('response', (response) => {
      clearTimeout(timer);
      subscriber.status = response.statusCode ?? 0;
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (!block.startsWith('event: next')) continue;
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5))
            .join('\n');
          tally().arrive(subscriber, data, now);
        }
      });
      response.on('error', () => undefined);
      response.on('close', () => {
        subscriber.ended = true;
      });
      resolve(subscriber);
    });
    request.end(SUBSCRIBE_BODY);
  });
}

export async function runFanout(options: FanoutOptions): Promise<FanoutResult> {
  const { subscribers: wanted, durationS, log } = options;
  const eventsPerSecond = options.eventsPerSecond ?? 10;
  const warmupS = options.warmupS ?? 2;
  const benchDir = import.meta.dirname;
  const children: Child[] = [];
  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const clients: Subscriber[] = [];
  // Bounded as a whole: connecting, the run, the drain and the clean-up, with a generous margin.
  const limitMs = (durationS + warmupS) * 1000 + 180_000 + wanted * 50;
  let abortTimer: ReturnType<typeof setTimeout> | undefined;
  const aborted = new Promise<never>((_, reject) => {
    abortTimer = setTimeout(
      () => reject(new Error(`fan-out run aborted after ${round(limitMs / 1000, 0)} s`)),
      limitMs,
    );
  });
  try {
    return await Promise.race([aborted, measure()]);
  } finally {
    clearTimeout(abortTimer);
    for (const client of clients) client.request.destroy();
    agent.destroy();
    await Promise.allSettled(children.map((child) => child.stop()));
  }

  async function measure(): Promise<FanoutResult> {
    const { child: sim, ready: simReady } = await startChild<{ url: string; token: string }>(
      join(benchDir, 'simulator-process.ts'),
      [],
    );
    children.push(sim);
    const env = {
      HUBSPOT_MAX_REQUESTS_PER_10S: '10000',
      HUBSPOT_RATE_WINDOW_MS: '100',
      HUBSPOT_CLIENT_SECRET: SECRET,
      WEBHOOK_PUBLIC_URL: PUBLIC_URL,
      // One caller holds every subscription here; the server-wide limit stays the default.
      SUBSCRIPTIONS_MAX_PER_CALLER: String(Math.max(100, wanted + 10)),
      SUBSCRIPTIONS_MAX_TOTAL: String(Math.max(10_000, wanted + 10)),
      LOG_LEVEL: 'info',
      REQUEST_LOG: 'false',
    };
    const bundle = await buildGatewayBundle(
      'src',
      join(benchDir, 'results/build/gateway-fanout.js'),
    );
    const { child: gateway, ready } = await startChild<{ url: string }>(
      bundle,
      ['ours', simReady.url, simReady.token],
      {
        env: { ...env, BENCH_CONFIG: JSON.stringify(env), NODE_ENV: 'production' },
        execArgv: ['--expose-gc', ...options.nodeFlags],
        typescript: false,
      },
    );
    children.push(gateway);
    const origin = new URL(ready.url);
    const webhookUrl = new URL('/webhooks/hubspot', origin).toString();
    const threadIds = await sim.call<string[]>('listedThreads', { first: 50 });

    const live = () => gateway.call<Omit<MemoryPoint, 'rssMb' | 'heapUsedMb'>>('live', {}, 10_000);
    const point = async (): Promise<MemoryPoint> => {
      const memory = await gateway.call<{ rss: number; heapUsed: number }>('gc');
      const state = await live();
      return {
        rssMb: round(mb(memory.rss), 1),
        heapUsedMb: round(mb(memory.heapUsed), 2),
        ...state,
      };
    };

    let tally = new Tally(0);
    let nextEventId = 7_000_000_000;
    const ackTimes: number[] = [];
    const webhookStatuses: Record<string, number> = {};
    /** Sends `count` events at the rate; resolves when every webhook was acknowledged. */
    const sendEvents = async (count: number): Promise<void> => {
      const t0 = performance.now();
      const posts: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const wait = t0 + (i * 1000) / eventsPerSecond - performance.now();
        if (wait > 0) await sleep(wait);
        const threadId = threadIds[i % threadIds.length] as string;
        const { messageId } = await sim.call<{ messageId: string }>('addMessage', { threadId });
        const eventId = nextEventId++;
        const body = JSON.stringify([
          {
            eventId,
            subscriptionId: 2371672,
            portalId: 62515,
            appId: 2438486,
            occurredAt: Date.now(),
            subscriptionType: 'conversation.newMessage',
            attemptNumber: 0,
            objectId: Number(threadId),
            changeFlag: 'NEW_MESSAGE',
            messageId,
            messageType: 'MESSAGE',
          },
        ]);
        const timestamp = String(Date.now());
        const signature = signatureV3(SECRET, {
          method: 'POST',
          url: PUBLIC_URL,
          body: Buffer.from(body),
          timestamp,
        });
        const sentAt = performance.now();
        tally.sentAt.set(String(eventId), sentAt);
        posts.push(
          fetch(webhookUrl, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-hubspot-request-timestamp': timestamp,
              'x-hubspot-signature-v3': signature,
            },
            body,
            signal: AbortSignal.timeout(10_000),
          }).then(
            async (response) => {
              await response.arrayBuffer();
              ackTimes.push(performance.now() - sentAt);
              webhookStatuses[response.status] = (webhookStatuses[response.status] ?? 0) + 1;
            },
            () => {
              webhookStatuses.failed = (webhookStatuses.failed ?? 0) + 1;
            },
          ),
        );
      }
      await Promise.all(posts);
    };
    const connect = async (count: number, into: Subscriber[]) => {
      let refused = 0;
      // 50 handshakes at a time: a thousand at once would measure the accept queue instead.
      for (let i = 0; i < count; i += 50) {
        const batch = Array.from({ length: Math.min(50, count - i) }, () =>
          subscribe(origin, agent, () => tally, 30_000),
        );
        for (const outcome of await Promise.allSettled(batch)) {
          if (outcome.status === 'fulfilled' && outcome.value.status === 200) {
            into.push(outcome.value);
          } else {
            refused++;
            if (outcome.status === 'fulfilled') outcome.value.request.destroy();
          }
        }
      }
      return refused;
    };
    /** Seconds until no subscription, and until no connection, is left (NaN: not within 30 s). */
    const disconnect = async (list: Subscriber[]) => {
      for (const client of list.splice(0)) client.request.destroy();
      const started = performance.now();
      let subscriptionsGone = Number.NaN;
      const clean = await until(async () => {
        const state = await live();
        if (state.subscriptions === 0 && Number.isNaN(subscriptionsGone)) {
          subscriptionsGone = (performance.now() - started) / 1000;
        }
        return state.subscriptions === 0 && state.connections === 0;
      }, 30_000);
      return {
        subscriptions: subscriptionsGone,
        connections: clean ? (performance.now() - started) / 1000 : Number.NaN,
      };
    };

    // Warm-up (JIT, lazily built pieces, the cache's first entries): a few subscribers, the same
    // rate. Then the baseline.
    if (warmupS > 0) {
      log(`  fan-out: warm-up, 10 subscribers × ${warmupS} s`);
      const warm: Subscriber[] = [];
      tally = new Tally(10 * warmupS * eventsPerSecond);
      await connect(10, warm);
      clients.push(...warm);
      await sendEvents(Math.round(warmupS * eventsPerSecond));
      await until(() => tally.count >= warm.length * tally.sentAt.size, 5_000);
      await disconnect(warm);
      clients.length = 0;
    }
    ackTimes.length = 0;
    for (const key of Object.keys(webhookStatuses)) delete webhookStatuses[key];
    const baseline = await point();

    log(`  fan-out: connecting ${wanted} SSE subscribers`);
    const events = Math.round(durationS * eventsPerSecond);
    tally = new Tally(wanted * events);
    const connectStarted = performance.now();
    const refused = await connect(wanted, clients);
    const connected = clients.length;
    await until(async () => (await live()).subscriptions >= connected, 10_000);
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    const withSubscribers = await point();

    log(
      `  fan-out: ${connected} subscribers (${refused} refused) in ${round(connectSeconds)} s; ${eventsPerSecond} events/s for ${durationS} s`,
    );
    await sim.call('counts', { reset: true });
    if (options.profileFile) await gateway.call('profile-start');
    const cpuBefore = await gateway.call<{ cpu: NodeJS.CpuUsage }>('stats');
    await sendEvents(events);
    // Every delivery, or at most 15 s more.
    await until(() => tally.count >= connected * events, 15_000);
    const cpuAfter = await gateway.call<{ cpu: NodeJS.CpuUsage }>('stats');
    if (options.profileFile) await gateway.call('profile-stop', { file: options.profileFile });
    const upstream = await sim.call<{ total: number; byOperation: Record<string, number> }>(
      'counts',
      { reset: true },
    );
    const afterRun = await point();

    log('  fan-out: disconnecting every subscriber');
    const cleanup = await disconnect(clients);
    // A moment for the closed sockets' handles to be released, then the final state.
    await sleep(500);
    const afterDisconnect = await point();

    const latencies = tally.latencies.slice(0, tally.count).sort();
    const acks = [...ackTimes].sort((a, b) => a - b);
    const expected = connected * events;
    const cpuMs =
      (cpuAfter.cpu.user - cpuBefore.cpu.user + cpuAfter.cpu.system - cpuBefore.cpu.system) / 1000;
    return {
      subscribers: wanted,
      connected,
      refused,
      durationS,
      eventsPerSecond,
      events,
      deliveries: tally.count,
      expectedDeliveries: expected,
      missing: expected - tally.count,
      duplicates: tally.duplicates,
      incomplete: tally.incomplete,
      latencyMs: {
        p50: percentile(latencies, 50),
        p90: percentile(latencies, 90),
        p99: percentile(latencies, 99),
        max: percentile(latencies, 100),
      },
      webhookAckMs: {
        p50: percentile(acks, 50),
        p99: percentile(acks, 99),
        max: percentile(acks, 100),
      },
      webhookStatuses: { ...webhookStatuses },
      upstreamReads: upstream.total,
      upstreamReadsPerEvent: round(upstream.total / Math.max(1, events), 2),
      upstreamByOperation: upstream.byOperation,
      gatewayCpuMsPerEvent: round(cpuMs / Math.max(1, events), 2),
      gatewayCpuUsPerDelivery: round((cpuMs * 1000) / Math.max(1, tally.count), 1),
      connectSeconds: round(connectSeconds, 2),
      memory: {
        baseline,
        connected: withSubscribers,
        afterRun,
        afterDisconnect,
        rssKbPerSubscriber: round(
          ((withSubscribers.rssMb - baseline.rssMb) * 1024) / Math.max(1, connected),
          1,
        ),
        heapKbPerSubscriber: round(
          ((withSubscribers.heapUsedMb - baseline.heapUsedMb) * 1024) / Math.max(1, connected),
          1,
        ),
      },
      cleanupSeconds: {
        subscriptions: round(cleanup.subscriptions, 2),
        connections: round(cleanup.connections, 2),
      },
    };
  }
}

const handles = (p: MemoryPoint) => Object.values(p.resources).reduce((sum, n) => sum + n, 0);

export function formatFanout(r: FanoutResult): string {
  const m = r.memory;
  const memoryRow = (name: string, p: MemoryPoint) =>
    `| ${name.padEnd(17)} | ${String(p.rssMb).padStart(7)} | ${String(p.heapUsedMb).padStart(8)} | ${String(p.subscriptions).padStart(13)} | ${String(p.connections).padStart(11)} | ${String(handles(p)).padStart(7)} |`;
  const ops = Object.entries(r.upstreamByOperation)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
  return [
    `fan-out: ${r.connected} SSE subscribers (${r.refused} refused, connected in ${r.connectSeconds} s), ${r.eventsPerSecond} signed newMessage webhooks/s for ${r.durationS} s = ${r.events} events`,
    `  delivery latency, webhook POST sent → event at a subscriber (${r.deliveries} of ${r.expectedDeliveries} deliveries; ${r.missing} missing, ${r.duplicates} duplicated, ${r.incomplete} without thread/message):`,
    `    p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`,
    `  webhook acknowledged: p50 ${r.webhookAckMs.p50} ms, p99 ${r.webhookAckMs.p99} ms, max ${r.webhookAckMs.max} ms; statuses ${JSON.stringify(r.webhookStatuses)}`,
    `  upstream reads: ${r.upstreamReads} for ${r.events} events = ${r.upstreamReadsPerEvent} per event (${ops || 'none'})`,
    `  gateway CPU: ${r.gatewayCpuMsPerEvent} ms per event, ${r.gatewayCpuUsPerDelivery} µs per delivery`,
    `  memory after a full GC: RSS +${m.rssKbPerSubscriber} KB and heap +${m.heapKbPerSubscriber} KB per subscriber; all closed → 0 subscriptions after ${r.cleanupSeconds.subscriptions} s, 0 connections after ${r.cleanupSeconds.connections} s`,
    '| gateway           | RSS MB  | heap MB  | subscriptions | connections | handles |',
    '| ----------------- | ------- | -------- | ------------- | ----------- | ------- |',
    memoryRow('baseline', m.baseline),
    memoryRow('subscribers open', m.connected),
    memoryRow('after the events', m.afterRun),
    memoryRow('all disconnected', m.afterDisconnect),
  ].join('\n');
}
