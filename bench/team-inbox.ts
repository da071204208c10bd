/**
 * The "team inbox" scenario (`npm run bench -- --scenario TEAM`, part of the default run): a
 * support team of 20 agents, each refreshing the inbox with previews (20 threads × 5 messages)
 * every 5 s, while the portal receives one incoming message every 10 s on a listed thread, with
 * the gateway at HubSpot's real default budget (100 calls per rolling 10 s) and 40 ms upstream
 * latency. Two gateways run side by side over the same portal — cache on (CACHE_MAX_AGE_S=300)
 * and cache off (CACHE_MAX_AGE_S=0) — each with its own token, so each has its own budget (the
 * simulator enforces 100 / 10 s per token, like HubSpot per app and portal) and both see the same
 * changes at the same moments.
 *
 * Reported per gateway: views served (answered without errors within the refresh interval),
 * refused (errors, e.g. RATE_LIMITED), late (answered after the interval, or a refresh skipped
 * because the agent's previous view was still running), upstream calls per view, p50/p99 of the
 * served views, and staleness: for each portal change, the time from the change to the first
 * answered view that shows the new message. Also an uncached single view's p50 (sequential, no
 * load), the reference of the "p50 ≤ 1.2 × uncached" target.
 */
import { join } from 'node:path';
import { buildGatewayBundle } from './build.ts';
import { type Child, startChild } from './ipc.ts';

export interface TeamInboxOptions {
  /** Seconds of the measured run (default 60). */
  durationS: number;
  agents?: number;
  refreshMs?: number;
  changeEveryMs?: number;
  latencyMs?: number;
  /** `npm start`'s node flags: the gateways run as production runs them (a bundle). */
  nodeFlags: string[];
  log: (line: string) => void;
}

export interface TeamInboxSide {
  cache: 'on' | 'off';
  views: number;
  served: number;
  refused: number;
  late: number;
  skipped: number;
  upstreamCalls: number;
  upstreamCallsPerView: number;
  upstream429: number;
  p50: number;
  p99: number;
  /** ms from each portal change to the first answered view showing it (null: never shown). */
  staleness: (number | null)[];
  stalenessMax: number | null;
  stalenessP50: number | null;
  errorCodes: Record<string, number>;
}

export interface TeamInboxResult {
  durationS: number;
  agents: number;
  refreshMs: number;
  changeEveryMs: number;
  latencyMs: number;
  budgetPer10s: number;
  changes: number;
  uncachedSingleViewP50: number;
  sides: TeamInboxSide[];
}

const BUDGET = 100;
const VIEW = `query TeamInbox($first: Int = 20, $previews: Int = 5) {
  threads(first: $first) {
    edges { node {
      id status latestMessageTimestamp ticket { id }
      messages(first: $previews) {
        edges { node { __typename id type createdAt createdBy senders { actorId name }
          ... on ChannelMessage { text direction } ... on ThreadComment { text } } }
        pageInfo { hasNextPage endCursor }
      }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const BODY = JSON.stringify({ query: VIEW });

interface ViewData {
  threads?: { edges: { node: { id: string; messages?: { edges: { node: { id: string } }[] } } }[] };
}

interface ViewRecord {
  start: number;
  end: number;
  ok: boolean;
  codes: string[];
  /** Message ids shown, by thread id. */
  shown: Set<string>;
}

interface Change {
  at: number;
  threadId: string;
  messageId: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[rank] as number, 1);
}

async function view(url: string, timeoutMs: number): Promise<ViewRecord> {
  const start = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: BODY,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const json = (await response.json()) as {
      data?: ViewData | null;
      errors?: { extensions?: { code?: string } }[];
    };
    const shown = new Set<string>();
    for (const edge of json.data?.threads?.edges ?? []) {
      for (const message of edge.node.messages?.edges ?? []) shown.add(message.node.id);
    }
    const codes = (json.errors ?? []).map((e) => e.extensions?.code ?? 'UNKNOWN');
    return {
      start,
      end: performance.now(),
      ok: response.status === 200 && codes.length === 0,
      codes,
      shown,
    };
  } catch {
    return {
      start,
      end: performance.now(),
      ok: false,
      codes: ['CLIENT_TIMEOUT'],
      shown: new Set(),
    };
  }
}

export async function runTeamInbox(options: TeamInboxOptions): Promise<TeamInboxResult> {
  const agents = options.agents ?? 20;
  const refreshMs = options.refreshMs ?? 5_000;
  const changeEveryMs = options.changeEveryMs ?? 10_000;
  const latencyMs = options.latencyMs ?? 40;
  const durationMs = options.durationS * 1000;
  const log = options.log;
  const benchDir = import.meta.dirname;
  const children: Child[] = [];
  try {
    const tokens = { on: 'team-token-cache-on', off: 'team-token-cache-off' };
    const { child: sim, ready: simReady } = await startChild<{ url: string }>(
      join(benchDir, 'simulator-process.ts'),
      [],
      {
        env: {
          // HubSpot's own limit, per token: the gateway must stay within it (0 × 429).
          BENCH_SIM_RATE_MAX: String(BUDGET),
          BENCH_SIM_RATE_INTERVAL_MS: '10000',
          BENCH_SIM_TOKENS: `${tokens.on},${tokens.off}`,
        },
      },
    );
    children.push(sim);
    await sim.call('setLatency', { ms: latencyMs });

    const gatewayEnv = (cacheMaxAge: string) => {
      const env = {
        HUBSPOT_MAX_REQUESTS_PER_10S: String(BUDGET),
        CACHE_MAX_AGE_S: cacheMaxAge,
        LOG_LEVEL: 'warn',
      };
      return { ...env, BENCH_CONFIG: JSON.stringify(env) };
    };
    const bundle = await buildGatewayBundle('src', join(benchDir, 'results/build/gateway-team.js'));
    const start = async (side: 'on' | 'off') => {
      const { child, ready } = await startChild<{ url: string }>(
        bundle,
        ['ours', simReady.url, tokens[side]],
        {
          env: { ...gatewayEnv(side === 'on' ? '300' : '0'), NODE_ENV: 'production' },
          execArgv: options.nodeFlags,
          typescript: false,
        },
      );
      children.push(child);
      return { side, url: ready.url };
    };
    const gateways = [await start('on'), await start('off')];
    const off = gateways[1] as { url: string };

    // Warm-up (JIT, connection pools): one view on each gateway. Then the reference: an
    // uncached single view, 3 times one after another with nothing else running (84 calls of
    // the off side's budget in all); then the budget windows empty before the run.
    for (const gateway of gateways) {
      const record = await view(gateway.url, 30_000);
      if (!record.ok) throw new Error(`team inbox: a view failed (${record.codes.join(',')})`);
    }
    const singles: number[] = [];
    for (let i = 0; i < 3; i++) {
      const record = await view(off.url, 30_000);
      if (!record.ok) {
        throw new Error(`team inbox: an uncached view failed (${record.codes.join(',')})`);
      }
      singles.push(record.end - record.start);
    }
    log(
      `  team inbox: uncached single view p50 ${percentile(singles, 50)} ms; waiting for the budget windows to empty`,
    );
    const threadIds = await sim.call<string[]>('listedThreads', { first: 20 });
    await sleep(10_500);
    await sim.call('counts', { reset: true });

    log(
      `  team inbox: ${agents} agents × a view every ${refreshMs / 1000} s, ${options.durationS} s, one new message every ${changeEveryMs / 1000} s, budget ${BUDGET}/10 s, ${latencyMs} ms upstream`,
    );
    const records = new Map<string, ViewRecord[]>(gateways.map((g) => [g.side, []]));
    const skipped = new Map<string, number>(gateways.map((g) => [g.side, 0]));
    const changes: Change[] = [];
    const t0 = performance.now();
    const agentsDone: Promise<void>[] = [];
    for (const gateway of gateways) {
      for (let agent = 0; agent < agents; agent++) {
        agentsDone.push(
          (async () => {
            const offset = (agent * refreshMs) / agents;
            let busy: Promise<void> | undefined;
            for (let tick = 0; offset + tick * refreshMs < durationMs; tick++) {
              const due = t0 + offset + tick * refreshMs;
              const wait = due - performance.now();
              if (wait > 0) await sleep(wait);
              if (busy) {
                // The previous view is still running: this refresh is late (not sent twice).
                skipped.set(gateway.side, (skipped.get(gateway.side) ?? 0) + 1);
                continue;
              }
              busy = view(gateway.url, 30_000).then((record) => {
                records.get(gateway.side)?.push(record);
                busy = undefined;
              });
            }
            await busy;
          })(),
        );
      }
    }
    const changesDone = (async () => {
      for (let i = 0; (i + 0.5) * changeEveryMs < durationMs; i++) {
        const wait = t0 + (i + 0.5) * changeEveryMs - performance.now();
        if (wait > 0) await sleep(wait);
        const threadId = threadIds[(i * 7) % threadIds.length] as string;
        const { messageId } = await sim.call<{ messageId: string }>('addMessage', { threadId });
        changes.push({ at: performance.now(), threadId, messageId });
      }
    })();
    await Promise.all([...agentsDone, changesDone]);
    const counts = await sim.call<{
      byToken: Record<string, { total: number; status429: number }>;
    }>('counts', { reset: true });

    const sides: TeamInboxSide[] = gateways.map(({ side }) => {
      const list = records.get(side) ?? [];
      const served = list.filter((r) => r.ok && r.end - r.start <= refreshMs);
      const late = list.filter((r) => r.ok && r.end - r.start > refreshMs).length;
      const refused = list.filter((r) => !r.ok).length;
      const errorCodes: Record<string, number> = {};
      for (const r of list)
        for (const code of r.codes) errorCodes[code] = (errorCodes[code] ?? 0) + 1;
      const durations = served.map((r) => r.end - r.start);
      const byEnd = [...list].filter((r) => r.ok).sort((a, b) => a.end - b.end);
      const staleness = changes.map((change) => {
        const first = byEnd.find((r) => r.end >= change.at && r.shown.has(change.messageId));
        return first ? round(first.end - change.at, 0) : null;
      });
      const known = staleness.filter((s): s is number => s !== null);
      const usage = counts.byToken[tokens[side]] ?? { total: 0, status429: 0 };
      return {
        cache: side,
        views: list.length + (skipped.get(side) ?? 0),
        served: served.length,
        refused,
        late: late + (skipped.get(side) ?? 0),
        skipped: skipped.get(side) ?? 0,
        upstreamCalls: usage.total,
        upstreamCallsPerView: list.length === 0 ? 0 : round(usage.total / list.length, 2),
        upstream429: usage.status429,
        p50: percentile(durations, 50),
        p99: percentile(durations, 99),
        staleness,
        stalenessMax: known.length === 0 ? null : Math.max(...known),
        stalenessP50: known.length === 0 ? null : percentile(known, 50),
        errorCodes,
      };
    });
    return {
      durationS: options.durationS,
      agents,
      refreshMs,
      changeEveryMs,
      latencyMs,
      budgetPer10s: BUDGET,
      changes: changes.length,
      uncachedSingleViewP50: percentile(singles, 50),
      sides,
    };
  } finally {
    await Promise.allSettled(children.map((child) => child.stop()));
  }
}

export function formatTeamInbox(result: TeamInboxResult): string {
  const header = [
    'cache',
    'views',
    'served',
    'refused',
    'late',
    'calls/view',
    '429s',
    'p50 ms',
    'p99 ms',
    'p50 / uncached single',
    'staleness p50 / max ms',
  ];
  const rows = result.sides.map((side) => [
    side.cache,
    String(side.views),
    String(side.served),
    String(side.refused),
    String(side.late),
    String(side.upstreamCallsPerView),
    String(side.upstream429),
    String(side.p50),
    String(side.p99),
    Number.isNaN(side.p50) ? '-' : `${round(side.p50 / result.uncachedSingleViewP50, 2)}x`,
    `${side.stalenessP50 ?? '-'} / ${side.stalenessMax ?? '-'}${side.staleness.includes(null) ? ` (${side.staleness.filter((s) => s === null).length} of ${side.staleness.length} never shown)` : ''}`,
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [
    `team inbox: ${result.agents} agents, a view every ${result.refreshMs / 1000} s for ${result.durationS} s, ${result.changes} portal changes, budget ${result.budgetPer10s}/10 s, ${result.latencyMs} ms upstream; uncached single view p50 ${result.uncachedSingleViewP50} ms`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
