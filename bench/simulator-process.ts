/**
 * Bench-only entry: the simulated HubSpot portal in its own process, so its CPU time is neither
 * the gateway's nor the load generator's. Counts upstream calls by operation over IPC.
 *
 * The simulator records every request in `sim.requests`; this process folds them into counters
 * every 100 ms and clears the array (and bounds it with `maxRecordedRequests`), so a long run
 * keeps the simulator's memory flat.
 */
import { startSimulator } from '../src/simulator/index.ts';
import { serveIpc, signalReady } from './ipc.ts';
import { pickFixtures } from './scenarios.ts';

// The team-inbox scenario runs the portal with HubSpot's own limit and one token per gateway.
const rateMax = Number(process.env.BENCH_SIM_RATE_MAX ?? 0);
const tokenList = (process.env.BENCH_SIM_TOKENS ?? '').split(',').filter(Boolean);
const sim = await startSimulator({
  // The bench measures the gateway, not HubSpot's budget: the portal never refuses (unless the
  // scenario asks for HubSpot's limit).
  rateLimit:
    rateMax > 0
      ? {
          max: rateMax,
          intervalMs: Number(process.env.BENCH_SIM_RATE_INTERVAL_MS ?? 10_000),
          daily: Number.MAX_SAFE_INTEGER,
        }
      : { max: 100_000_000, intervalMs: 1_000, daily: Number.MAX_SAFE_INTEGER },
  ...(tokenList.length > 0
    ? {
        tokens: Object.fromEntries(
          tokenList.map((token) => [
            token,
            { scopes: ['conversations.read', 'conversations.write', 'tickets'] },
          ]),
        ),
      }
    : {}),
  latencyMs: 0,
  log: false,
  // Folded into counters every 100 ms below; the bound is a safety net.
  maxRecordedRequests: 100_000,
});

let counts: Record<string, number> = {};
let byToken: Record<string, { total: number; status429: number }> = {};
let total = 0;
const unanswered: typeof sim.requests = [];
const fold = () => {
  // Requests still unanswered (status 0) are folded once answered.
  const pending = unanswered.splice(0);
  for (const request of [...pending, ...sim.requests]) {
    if (request.status === 0) {
      unanswered.push(request);
      continue;
    }
    counts[request.operation] = (counts[request.operation] ?? 0) + 1;
    const mine = (byToken[request.token ?? '-'] ??= { total: 0, status429: 0 });
    mine.total++;
    if (request.status === 429) mine.status429++;
    total++;
  }
  sim.resetRequests();
};
setInterval(fold, 100).unref();

serveIpc(async (request) => {
  switch (request.type) {
    case 'setLatency':
      sim.setLatency(Number(request.ms));
      return true;
    case 'counts': {
      fold();
      const result = { total, byOperation: counts, byToken };
      if (request.reset === true) {
        counts = {};
        byToken = {};
        total = 0;
      }
      return result;
    }
    case 'listedThreads': {
      // The default thread list: non-archived threads by id, ascending.
      const first = Number(request.first ?? 20);
      return sim.data.threads
        .filter((thread) => !thread.archived)
        .sort((a, b) => Number(a.id) - Number(b.id))
        .slice(0, first)
        .map((thread) => thread.id);
    }
    case 'addMessage':
      return addIncomingMessage(String(request.threadId));
    case 'stats':
      return { cpu: process.cpuUsage(), rss: process.memoryUsage().rss };
    case 'exit':
      await sim.close();
      process.exit(0);
      return true;
    default:
      throw new Error(`unknown request ${request.type}`);
  }
});

signalReady({ url: sim.url, token: sim.token, fixtures: pickFixtures(sim.data) });

/** The team-inbox scenario's portal change: an incoming chat message from the thread's visitor. */
function addIncomingMessage(threadId: string): { messageId: string; createdAt: string } {
  const thread = sim.data.threadById.get(threadId);
  if (!thread) throw new Error(`no thread ${threadId}`);
  const visitor = `V-${thread.associatedContactId}`;
  const message = sim.addMessage(threadId, {
    type: 'MESSAGE',
    createdBy: visitor,
    client: { clientType: 'SYSTEM' },
    senders: [
      {
        actorId: visitor,
        deliveryIdentifier: { type: 'CHANNEL_SPECIFIC_OPAQUE_ID', value: visitor },
      },
    ],
    recipients: [],
    text: 'Any news on my order?',
    attachments: [],
    truncationStatus: 'NOT_TRUNCATED',
    status: { statusType: 'RECEIVED' },
    direction: 'INCOMING',
    channelId: thread.originalChannelId,
    channelAccountId: thread.originalChannelAccountId,
  } as Parameters<typeof sim.addMessage>[1]);
  return { messageId: message.id, createdAt: message.createdAt };
}
