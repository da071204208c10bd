import type { SimApiVersion, SimOperation } from './types.ts';

export interface Route {
  operation: SimOperation;
  version: SimApiVersion;
  /** Decoded path parameters; undefined when one is not valid percent-encoding. */
  params: string[] | undefined;
}

const CONVERSATIONS_PREFIXES: [string, SimApiVersion][] = [
  ['/conversations/v3/conversations/', 'v3'],
  ['/conversations/conversations/2026-09-beta/', '2026-09-beta'],
  ['/conversations/conversations/2026-09/', '2026-09'],
  // v3's assignee operations live under this other prefix (and nothing else does).
  ['/conversations/conversations/v3/', 'v3'],
];
const ASSIGNEE_ONLY_PREFIX = '/conversations/conversations/v3/';
const TICKETS_PATHS: [string, SimApiVersion][] = [
  ['/crm/v3/objects/tickets/batch/read', 'crm-v3'],
  ['/crm/objects/2026-09/tickets/batch/read', 'crm-2026-09'],
];

/** Which scope each operation needs. */
export const OPERATION_SCOPES: Record<SimOperation, string | undefined> = {
  listThreads: 'conversations.read',
  getThread: 'conversations.read',
  listMessages: 'conversations.read',
  getMessage: 'conversations.read',
  getOriginalContent: 'conversations.read',
  batchReadActors: 'conversations.read',
  getActor: 'conversations.read',
  listInboxes: 'conversations.read',
  getInbox: 'conversations.read',
  batchReadTickets: 'tickets',
  createMessage: 'conversations.write',
  updateThread: 'conversations.write',
  archiveThread: 'conversations.write',
  assignThread: 'conversations.write',
  unassignThread: 'conversations.write',
  unknown: undefined,
};

function decode(segments: string[]): string[] | undefined {
  try {
    return segments.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

function assigneeOperation(method: string, s: string[]): SimOperation {
  if (s.length !== 3 || s[0] !== 'threads' || s[2] !== 'assignee') return 'unknown';
  if (method === 'PUT') return 'assignThread';
  if (method === 'DELETE') return 'unassignThread';
  return 'unknown';
}

function conversationsOperation(
  method: string,
  s: string[],
  assigneeFamily: boolean,
): SimOperation {
  const n = s.length;
  // HubSpot's v3 keeps the assignee under /conversations/conversations/v3/, the dated versions
  // under their one prefix; /conversations/v3/conversations/threads/{id}/assignee does not exist.
  if (assigneeFamily) {
    const op = assigneeOperation(method, s);
    if (op !== 'unknown') return op;
  }
  if (s[0] === 'threads' && method !== 'GET') {
    if (n === 2 && method === 'PATCH') return 'updateThread';
    if (n === 2 && method === 'DELETE') return 'archiveThread';
    if (n === 3 && s[2] === 'messages' && method === 'POST') return 'createMessage';
    return 'unknown';
  }
  if (s[0] === 'threads' && method === 'GET') {
    if (n === 1) return 'listThreads';
    if (n === 2) return 'getThread';
    if (s[2] === 'messages') {
      if (n === 3) return 'listMessages';
      if (n === 4) return 'getMessage';
      if (n === 5 && s[4] === 'original-content') return 'getOriginalContent';
    }
    return 'unknown';
  }
  if (s[0] === 'actors') {
    if (n === 3 && s[1] === 'batch' && s[2] === 'read' && method === 'POST')
      return 'batchReadActors';
    if (n === 2 && method === 'GET') return 'getActor';
    return 'unknown';
  }
  if (s[0] === 'inboxes' && method === 'GET') {
    if (n === 1) return 'listInboxes';
    if (n === 2) return 'getInbox';
  }
  return 'unknown';
}

/** Path parameter positions per operation, within the segments after the prefix. */
const PARAM_POSITIONS: Partial<Record<SimOperation, number[]>> = {
  getThread: [1],
  listMessages: [1],
  getMessage: [1, 3],
  getOriginalContent: [1, 3],
  getActor: [1],
  getInbox: [1],
  createMessage: [1],
  updateThread: [1],
  archiveThread: [1],
  assignThread: [1],
  unassignThread: [1],
};

export function route(method: string, rawPathname: string): Route {
  // One trailing slash is tolerated.
  const pathname =
    rawPathname.length > 1 && rawPathname.endsWith('/') ? rawPathname.slice(0, -1) : rawPathname;
  for (const [prefix, version] of CONVERSATIONS_PREFIXES) {
    if (!pathname.startsWith(prefix)) continue;
    const segments = pathname.slice(prefix.length).split('/');
    if (segments.some((s) => s === '')) return { operation: 'unknown', version, params: [] };
    let operation: SimOperation;
    if (prefix === ASSIGNEE_ONLY_PREFIX) operation = assigneeOperation(method, segments);
    else operation = conversationsOperation(method, segments, version !== 'v3');
    const positions = PARAM_POSITIONS[operation] ?? [];
    return { operation, version, params: decode(positions.map((i) => segments[i]!)) };
  }
  for (const [path, version] of TICKETS_PATHS) {
    if (pathname === path) {
      return { operation: method === 'POST' ? 'batchReadTickets' : 'unknown', version, params: [] };
    }
  }
  let version: SimApiVersion = 'v3';
  if (pathname.startsWith('/crm/v3/')) version = 'crm-v3';
  else if (pathname.startsWith('/crm/objects/2026-09/')) version = 'crm-2026-09';
  return { operation: 'unknown', version, params: [] };
}
