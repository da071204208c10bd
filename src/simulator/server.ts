import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { generateDataset } from './dataset.ts';
import {
  errorReply,
  faultReply,
  missingScopes,
  notFound,
  type Reply,
  rateLimited,
  unauthorized,
  validationError,
} from './errors.ts';
import * as handlers from './handlers.ts';
import { mulberry32 } from './prng.ts';
import { RateLimiter } from './rate-limit.ts';
import { OPERATION_SCOPES, route } from './routes.ts';
import { buildStore, type Store } from './store.ts';
import * as writes from './write-handlers.ts';
import type {
  FaultRule,
  RateLimitOptions,
  RecordedRequest,
  SimOperation,
  Simulator,
  SimulatorOptions,
} from './types.ts';

export const DEFAULT_TOKEN = 'sim-token';
/** A default token without `conversations.write`: every write answers 403 MISSING_SCOPES. */
export const READ_ONLY_TOKEN = 'sim-read-only-token';
export const DEFAULT_TOKENS: Record<string, { scopes: string[] }> = {
  [DEFAULT_TOKEN]: { scopes: ['conversations.read', 'conversations.write', 'tickets'] },
  [READ_ONLY_TOKEN]: { scopes: ['conversations.read', 'tickets'] },
};
export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  max: 100,
  intervalMs: 10_000,
  daily: 250_000,
};
const MAX_BODY_BYTES = 1_000_000;
/** `maxRecordedRequests` trims in batches: one splice per this many requests, not one per request. */
const RECORD_TRIM_BATCH = 1024;

interface ActiveFault {
  rule: FaultRule;
  remaining: number;
}

type Handler = (
  store: Store,
  ctx: handlers.RequestContext,
  options: handlers.HandlerOptions,
) => Reply;

const HANDLERS: Record<Exclude<SimOperation, 'unknown'>, Handler> = {
  listThreads: handlers.listThreads,
  getThread: handlers.getThread,
  listMessages: handlers.listMessages,
  getMessage: handlers.getMessage,
  getOriginalContent: handlers.getOriginalContent,
  batchReadActors: handlers.batchReadActors,
  getActor: handlers.getActor,
  listInboxes: handlers.listInboxes,
  getInbox: handlers.getInbox,
  batchReadTickets: handlers.batchReadTickets,
  createMessage: writes.createMessage,
  updateThread: writes.updateThread,
  archiveThread: writes.archiveThread,
  assignThread: writes.assignThread,
  unassignThread: writes.unassignThread,
};

function parseQuery(search: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  if (search === '') return query;
  for (const [name, value] of new URLSearchParams(search)) {
    const list = Object.hasOwn(query, name) ? query[name] : undefined;
    if (list) list.push(value);
    else
      Object.defineProperty(query, name, {
        value: [value],
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return query;
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the simulated HubSpot portal. Resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const data = generateDataset({ seed: options.seed, threadCount: options.threadCount });
  // The private app behind the tokens: the author of API comments (see write-handlers.ts).
  const appActor = {
    id: writes.API_APP.actorId,
    type: 'INTEGRATOR' as const,
    name: writes.API_APP.name,
    avatar: 'https://avatars.acme-portal.example/apps/9990001.png',
  };
  data.actors.set(appActor.id, appActor);
  const store = buildStore(data);
  const tokens = options.tokens ?? DEFAULT_TOKENS;
  const limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const handlerOptions: handlers.HandlerOptions = { limitOver500: options.limitOver500 ?? 'clamp' };
  const faultRandom = mulberry32((data.seed ^ 0x5bd1e995) >>> 0);
  const requests: RecordedRequest[] = [];
  const maxRecorded = Math.max(0, options.maxRecordedRequests ?? Number.POSITIVE_INFINITY);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let faults: ActiveFault[] = [];
  let latencyMs = options.latencyMs ?? 0;
  let closed = false;

  const takeFault = (operation: SimOperation, path: string): FaultRule | undefined => {
    for (const fault of faults) {
      const { rule } = fault;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      if (rule.pathIncludes !== undefined && !path.includes(rule.pathIncludes)) continue;
      if (
        rule.probability !== undefined &&
        rule.probability < 1 &&
        faultRandom() >= rule.probability
      ) {
        continue;
      }
      fault.remaining--;
      if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
      return rule;
    }
    return undefined;
  };

  const send = (
    res: ServerResponse,
    record: RecordedRequest,
    reply: Reply,
    rateHeaders: Record<string, string>,
  ) => {
    const write = () => {
      if (res.destroyed || res.headersSent) return;
      const body = Buffer.from(reply.body);
      res.writeHead(reply.status, {
        'Content-Type': 'application/json;charset=utf-8',
        'Content-Length': String(body.length),
        'X-HubSpot-Correlation-Id': randomUUID(),
        ...rateHeaders,
        ...reply.headers,
      });
      res.end(body);
      record.status = reply.status;
      if (options.log) {
        console.log(
          `[hubspot-sim] ${record.method} ${record.path} ${reply.status} ${Date.now() - record.startedAt}ms`,
        );
      }
    };
    if (latencyMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        write();
      }, latencyMs);
      timers.add(timer);
    } else write();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const startedAt = Date.now();
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const search = q < 0 ? '' : rawUrl.slice(q + 1);
    const query = parseQuery(search);
    const { operation, version, params } = route(method, path);
    const token = bearerToken(req.headers.authorization);
    const spec = handlers.SPEC_QUERY_PARAMS[operation];
    const record: RecordedRequest = {
      method,
      path,
      query,
      unknownQueryParams: Object.keys(query).filter((name) => !spec.includes(name)),
      body: undefined,
      token,
      status: 0,
      startedAt,
      operation,
      version,
    };
    requests.push(record);
    if (requests.length > maxRecorded + RECORD_TRIM_BATCH) {
      requests.splice(0, requests.length - maxRecorded);
    }

    let rawBody = '';
    if (method !== 'GET' && method !== 'HEAD') rawBody = await readBody(req);
    let bodyError = false;
    if (rawBody.trim() !== '') {
      try {
        record.body = JSON.parse(rawBody);
      } catch {
        bodyError = true;
      }
    }
    if (closed) return;

    const now = Date.now();
    // Authentication comes first: an unknown token has no rate-limit bucket to charge.
    if (token === undefined || !Object.hasOwn(tokens, token)) {
      send(res, record, unauthorized(), limiter.headers(undefined, now));
      return;
    }
    const retryAfter = limiter.options.retryAfterSeconds;
    const policy = limiter.check(token, now);
    if (policy) {
      const reply = rateLimited(policy);
      if (retryAfter !== undefined) reply.headers = { 'Retry-After': String(retryAfter) };
      send(res, record, reply, limiter.headers(token, now));
      return;
    }
    const fault = takeFault(operation, path);
    if (fault && (fault.kind === 'rate-limit' || fault.kind === 'daily-limit')) {
      // Not committed: a refused request does not use up the window.
      const reply = rateLimited(fault.kind === 'daily-limit' ? 'DAILY' : 'TEN_SECONDLY_ROLLING');
      if (fault.retryAfterSeconds !== undefined) {
        reply.headers = { 'Retry-After': String(fault.retryAfterSeconds) };
      }
      send(res, record, reply, limiter.headers(token, now));
      return;
    }
    limiter.commit(token, now);
    const rateHeaders = limiter.headers(token, now);

    if (fault) {
      switch (fault.kind) {
        case 'hang':
          return; // never answered; close() or the client's abort ends it
        case 'reset':
          req.socket.destroy();
          return;
        case 'malformed': {
          const reply: Reply = { status: 200, body: '{"results":[{"id":"80000000' };
          send(res, record, reply, rateHeaders);
          return;
        }
        default: {
          const reply = faultReply(fault.status ?? 500);
          if (fault.retryAfterSeconds !== undefined) {
            reply.headers = { 'Retry-After': String(fault.retryAfterSeconds) };
          }
          send(res, record, reply, rateHeaders);
          return;
        }
      }
    }

    const scope = OPERATION_SCOPES[operation];
    if (scope !== undefined && !tokens[token]!.scopes.includes(scope)) {
      send(res, record, missingScopes(scope), rateHeaders);
      return;
    }
    if (operation === 'unknown') {
      send(res, record, notFound(`No HubSpot operation matches ${method} ${path}`), rateHeaders);
      return;
    }
    if (params === undefined) {
      send(res, record, validationError('Invalid percent-encoding in the path'), rateHeaders);
      return;
    }
    if (bodyError) {
      send(
        res,
        record,
        validationError('Invalid input JSON: the body is not valid JSON'),
        rateHeaders,
      );
      return;
    }
    let reply: Reply;
    try {
      reply = HANDLERS[operation](
        store,
        {
          params,
          query,
          body: record.body,
          origin: `http://${req.headers.host ?? 'localhost'}`,
          pathname: path,
          search,
        },
        handlerOptions,
      );
    } catch (error) {
      reply = errorReply(500, 'INTERNAL_ERROR', `Simulator error: ${String(error)}`);
    }
    send(res, record, reply, rateHeaders);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({ status: 'error', message: String(error), category: 'INTERNAL_ERROR' }),
        );
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 31_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const tokenNames = Object.keys(tokens);

  return {
    url: `http://${host}:${address.port}`,
    token: Object.hasOwn(tokens, DEFAULT_TOKEN) ? DEFAULT_TOKEN : (tokenNames[0] ?? DEFAULT_TOKEN),
    data,
    store,
    requests,
    addMessage: (threadId, message) => store.addMessage(threadId, message),
    setStatus: (threadId, status, actorId) => store.setStatus(threadId, status, actorId),
    setAssignee: (threadId, actorId, byActorId) => store.setAssignee(threadId, actorId, byActorId),
    archive: (threadId) => store.archive(threadId),
    restore: (threadId) => store.restore(threadId),
    createThread: (thread, messages) => store.createThread(thread, messages),
    privacyDelete: (threadId) => store.privacyDelete(threadId),
    setMessageStatus: (threadId, messageId, status) =>
      store.setMessageStatus(threadId, messageId, status),
    onChange: (listener) => store.onChange(listener),
    injectFault(rule) {
      faults.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults() {
      faults = [];
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    resetRequests() {
      requests.length = 0;
    },
    resetRateLimits() {
      limiter.reset();
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
