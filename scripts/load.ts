/**
 * `npm run load -- --clients 200 --duration 60 --fault-rate 0.01`
 *
 * A bounded load test, loopback only, that stops by itself:
 * - this process starts the simulated HubSpot portal with probability-based faults (5xx, 429,
 *   malformed bodies, resets, hangs) on `--fault-rate` of the upstream calls, and drives the load
 *   with autocannon (`--clients` concurrent connections for `--duration` seconds) over a mix of
 *   the shipped operations (inbox page, inbox with previews, thread detail);
 * - the gateway runs in a child process (this file with `--serve-gateway`), hardening on, as
 *   `npm start` builds it, on 127.0.0.1: its memory is sampled there every 5 s (after a GC).
 * Prints the gateway's HTTP status histogram, the share of bodies that are valid GraphQL
 * responses, the error codes, memory samples and what the simulator saw. Exits 1 on any HTTP
 * 5xx, invalid body or missing response.
 *
 * Rate limits: the simulator's is raised out of the way (1,000,000 per 10 s) and the gateway's
 * budget is HUBSPOT_MAX_REQUESTS_PER_10S=10000, so the run measures the
 * gateway, not HubSpot's limit; 429s come from the injected faults only.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE_MS = 5_000;

interface MemorySample {
  t: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  eventLoopP99Ms: number;
}

type ChildMessage =
  { type: 'listening'; port: number } | { type: 'memory'; sample: Omit<MemorySample, 't'> };

/** Child process: the gateway, hardened, on loopback; reports memory to the parent. */
async function serveGateway(): Promise<void> {
  const { loadConfig } = await import('../src/config.ts');
  const { createGateway } = await import('../src/server/gateway.ts');
  const { createHttpServer } = await import('../src/server/http.ts');
  const { createLogger } = await import('../src/server/logger.ts');
  const config = loadConfig();
  const token = config.HUBSPOT_ACCESS_TOKEN as string;
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [token] });
  const gateway = createGateway(config, {
    logger,
    accessToken: token,
    baseUrl: config.HUBSPOT_API_BASE_URL,
  });
  const http = createHttpServer(gateway, logger);
  const { port } = await http.listen(0, '127.0.0.1');
  const send = (message: ChildMessage) => process.send?.(message);
  send({ type: 'listening', port });

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gc = (globalThis as { gc?: () => void }).gc;
  const timer = setInterval(() => {
    gc?.();
    const memory = process.memoryUsage();
    send({
      type: 'memory',
      sample: {
        rssMb: memory.rss / 2 ** 20,
        heapUsedMb: memory.heapUsed / 2 ** 20,
        heapTotalMb: memory.heapTotal / 2 ** 20,
        externalMb: memory.external / 2 ** 20,
        eventLoopP99Ms: delay.percentile(99) / 1e6,
      },
    });
    delay.reset();
  }, SAMPLE_MS);
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    clearInterval(timer);
    await http.shutdown(2_000);
    process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '200' },
      duration: { type: 'string', default: '60' },
      'fault-rate': { type: 'string', default: '0.01' },
      latency: { type: 'string', default: '10' },
    },
  });
  const clients = bounded('clients', values.clients, 1, 1_000);
  const duration = bounded('duration', values.duration, 1, 600);
  const faultRate = bounded('fault-rate', values['fault-rate'], 0, 0.5, false);
  const latencyMs = bounded('latency', values.latency, 0, 5_000);

  const { default: autocannon } = await import('autocannon');
  const { startSimulator } = await import('../src/simulator/index.ts');

  // A hard stop, whatever happens: the run can never outlive its duration by much.
  const killer = setTimeout(
    () => {
      process.stderr.write('load: hard time limit reached, aborting\n');
      process.exit(2);
    },
    (duration + 90) * 1000,
  );
  killer.unref();

  const sim = await startSimulator({
    log: false,
    latencyMs,
    rateLimit: { max: 1_000_000, intervalMs: 10_000, daily: 1_000_000_000 },
  });
  // Fault mix, as shares of the fault rate (each rule draws on its own; total ≈ fault rate).
  const mix: Array<[number, Parameters<typeof sim.injectFault>[0]]> = [
    [0.3, { kind: 'status', status: 500 }],
    [0.15, { kind: 'status', status: 503 }],
    [0.1, { kind: 'status', status: 502 }],
    [0.15, { kind: 'malformed' }],
    [0.1, { kind: 'rate-limit', retryAfterSeconds: 1 }],
    [0.1, { kind: 'reset' }],
    [0.1, { kind: 'hang' }],
  ];
  if (faultRate > 0) {
    for (const [share, rule] of mix) sim.injectFault({ ...rule, probability: faultRate * share });
  }

  const child = fork(resolve(root, 'scripts/load.ts'), ['--serve-gateway'], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      HUBSPOT_ACCESS_TOKEN: sim.token,
      HUBSPOT_API_BASE_URL: sim.url,
      HUBSPOT_MAX_REQUESTS_PER_10S: '10000',
      // A hung upstream is cut after 2 s; a GraphQL request gives up after 8 s (autocannon: 20 s).
      HUBSPOT_TIMEOUT_MS: '2000',
      REQUEST_TIMEOUT_MS: '8000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const logs = watchLogs(child, sim.token);
  const memory: MemorySample[] = [];
  const started = Date.now();
  const port = await new Promise<number>((resolvePort, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'listening') resolvePort(message.port);
      else memory.push({ t: Math.round((Date.now() - started) / 1000), ...message.sample });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited early (${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;

  const upstream = new UpstreamTally(sim.requests);
  const tally = setInterval(() => upstream.collect(false), SAMPLE_MS);

  const threadIds = sim.data.threads.filter((t) => !t.archived).map((t) => t.id);
  const operation = (name: string) =>
    readFileSync(resolve(root, `test/operations/${name}.graphql`), 'utf8');
  const bodies = new BodyStats();
  const headers = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json;q=0.9',
  };
  const onResponse = (status: number, body: string) => bodies.record(status, body);
  const request = (query: string, variables: () => Record<string, unknown>) => ({
    method: 'POST' as const,
    path: '/graphql',
    headers,
    setupRequest: (req: object) => ({
      ...req,
      body: JSON.stringify({ query, variables: variables() }),
    }),
    onResponse,
  });
  const pick = () => threadIds[Math.floor(Math.random() * threadIds.length)];
  const inboxPage = request(operation('InboxPage'), () => ({ first: 50 }));
  const previews = request(operation('InboxWithPreviews'), () => ({ first: 20, previews: 5 }));
  const detail = request(operation('ThreadDetail'), () => ({ id: pick(), first: 20 }));

  process.stdout.write(
    `load: ${clients} clients for ${duration} s against ${url}/graphql, fault rate ${faultRate}, simulator latency ${latencyMs} ms\n`,
  );
  const result = await autocannon({
    url,
    connections: clients,
    duration,
    timeout: 20,
    // Per connection, in turn: inbox page, thread detail, inbox page, previews, thread detail.
    requests: [inboxPage, detail, inboxPage, previews, detail],
  });

  clearInterval(tally);
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  upstream.collect(true);
  await sim.close();

  const report = {
    clients,
    durationSeconds: duration,
    faultRate,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    socketErrors: result.errors,
    timeouts: result.timeouts,
    gatewayStatus: Object.fromEntries([...bodies.statuses].sort(([a], [b]) => a - b)),
    validGraphQL: bodies.valid,
    invalidGraphQL: bodies.invalid,
    validPercent: percent(bodies.valid, bodies.valid + bodies.invalid),
    responsesWithErrors: bodies.withErrors,
    errorCodes: Object.fromEntries([...bodies.codes].sort((a, b) => b[1] - a[1])),
    upstream: upstream.summary(),
    memory,
    gatewayLogLines: logs.lines,
    logLeaks: logs.leaks,
  };
  printReport(report);

  const fiveXx = [...bodies.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  const failed =
    fiveXx > 0 ||
    bodies.invalid > 0 ||
    result.errors > 0 ||
    result.timeouts > 0 ||
    logs.leaks > 0 ||
    bodies.valid === 0;
  process.stdout.write(failed ? 'load: FAILED\n' : 'load: OK\n');
  process.exit(failed ? 1 : 0);
}

function bounded(name: string, raw: string | undefined, min: number, max: number, integer = true) {
  const value = Number(raw);
  if (
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    process.stderr.write(
      `load: --${name} must be ${integer ? 'an integer ' : ''}in ${min}..${max}\n`,
    );
    process.exit(2);
  }
  return value;
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;
}

/** Checks every response body: a GraphQL response is a JSON object with data and/or errors. */
class BodyStats {
  statuses = new Map<number, number>();
  codes = new Map<string, number>();
  valid = 0;
  invalid = 0;
  withErrors = 0;
  private examples = 0;

  record(status: number, body: string): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    const problem = this.check(body);
    if (problem === undefined) {
      this.valid++;
      return;
    }
    this.invalid++;
    if (this.examples++ < 5) {
      process.stderr.write(
        `load: invalid response (${status}, ${problem}): ${body.slice(0, 300)}\n`,
      );
    }
  }

  private check(body: string): string | undefined {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return 'not JSON';
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'not an object';
    const response = json as Record<string, unknown>;
    for (const key of Object.keys(response)) {
      if (key !== 'data' && key !== 'errors' && key !== 'extensions')
        return `unexpected key ${key}`;
    }
    if (!('data' in response) && !('errors' in response)) return 'neither data nor errors';
    if ('data' in response && response.data !== null && typeof response.data !== 'object') {
      return 'data is not an object';
    }
    if ('errors' in response) {
      const errors = response.errors;
      if (!Array.isArray(errors) || errors.length === 0) return 'errors is not a non-empty list';
      this.withErrors++;
      for (const error of errors as Array<Record<string, unknown>>) {
        if (typeof error?.message !== 'string') return 'an error without a message';
        const code = (error.extensions as { code?: unknown } | undefined)?.code;
        if (typeof code !== 'string') return 'an error without extensions.code';
        this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
      }
    }
    return undefined;
  }
}

/** What the simulator saw, collected every few seconds so its record list stays small. */
class UpstreamTally {
  private readonly requests: { status: number; startedAt: number; operation: string }[];
  private readonly statuses = new Map<number, number>();
  private readonly starts: number[] = [];
  private total = 0;

  constructor(requests: { status: number; startedAt: number; operation: string }[]) {
    this.requests = requests;
  }

  collect(final: boolean): void {
    const now = Date.now();
    const keep: typeof this.requests = [];
    for (const request of this.requests) {
      // Unanswered for 30 s: a hang the gateway gave up on (status stays 0).
      if (!final && request.status === 0 && now - request.startedAt < 30_000) {
        keep.push(request);
        continue;
      }
      this.total++;
      this.starts.push(request.startedAt);
      this.statuses.set(request.status, (this.statuses.get(request.status) ?? 0) + 1);
    }
    this.requests.length = 0;
    this.requests.push(...keep);
  }

  summary() {
    // The busiest rolling 10-second window: the budget (10000) must hold.
    const starts = this.starts.sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while ((starts[j] as number) <= (starts[i] as number) - 10_000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    return {
      calls: this.total,
      statuses: Object.fromEntries([...this.statuses].sort(([a], [b]) => a - b)),
      rateLimited429: this.statuses.get(429) ?? 0,
      unanswered: this.statuses.get(0) ?? 0,
      busiest10sWindow: busiest,
    };
  }
}

/** Counts the gateway's log lines and checks them for the token and HubSpot's raw texts. */
function watchLogs(child: ChildProcess, token: string): { lines: number; leaks: number } {
  const state = { lines: 0, leaks: 0 };
  const literals = [
    token,
    'ten_secondly_rolling',
    'You have reached',
    'An internal error occurred',
  ];
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Raw texts, or a stack frame ("…/transport.ts:123:5").
  const leak = new RegExp([...literals.map(escapeRegExp), '\\.ts:\\d+:\\d+'].join('|'));
  let buffer = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      state.lines++;
      if (state.lines <= 3)
        process.stderr.write(`load: gateway log sample: ${line.slice(0, 400)}\n`);
      if (leak.test(line)) {
        state.leaks++;
        if (state.leaks <= 3)
          process.stderr.write(`load: leaking log line: ${line.slice(0, 300)}\n`);
      }
      newline = buffer.indexOf('\n');
    }
  });
  return state;
}

function printReport(report: Record<string, unknown> & { memory: MemorySample[] }): void {
  const { memory, ...rest } = report;
  process.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
  process.stdout.write('gateway memory (after GC), every 5 s:\n');
  process.stdout.write(
    '   t(s)   rss(MB)   heapUsed(MB)   heapTotal(MB)   external(MB)   event-loop p99(ms)\n',
  );
  const cell = (value: number, width: number) => value.toFixed(1).padStart(width);
  for (const sample of memory) {
    process.stdout.write(
      `${String(sample.t).padStart(7)} ${cell(sample.rssMb, 9)} ${cell(sample.heapUsedMb, 14)} ${cell(
        sample.heapTotalMb,
        15,
      )} ${cell(sample.externalMb, 14)} ${cell(sample.eventLoopP99Ms, 20)}\n`,
    );
  }
  const warm = memory.filter((s) => s.t >= 15);
  if (warm.length >= 2) {
    const first = warm[0] as MemorySample;
    const last = warm.at(-1) as MemorySample;
    process.stdout.write(
      `heap after warm-up: ${first.heapUsedMb.toFixed(1)} MB at ${first.t} s → ${last.heapUsedMb.toFixed(1)} MB at ${last.t} s; rss ${first.rssMb.toFixed(1)} → ${last.rssMb.toFixed(1)} MB\n`,
    );
  }
}

// Last, so that every class above is initialised.
if (process.argv.includes('--serve-gateway')) {
  await serveGateway();
} else {
  await main();
}
