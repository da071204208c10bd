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
];
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
  unknown: undefined,
};

function decode(segments: string[]): string[] | undefined {
  try {
    return segments.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

function conversationsOperation(method: string, s: string[]): SimOperation {
  const n = s.length;
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
};

export function route(method: string, rawPathname: string): Route {
  // One trailing slash is tolerated.
  const pathname =
    rawPathname.length > 1 && rawPathname.endsWith('/') ? rawPathname.slice(0, -1) : rawPathname;
  for (const [prefix, version] of CONVERSATIONS_PREFIXES) {
    if (!pathname.startsWith(prefix)) continue;
    const segments = pathname.slice(prefix.length).split('/');
    if (segments.some((s) => s === '')) return { operation: 'unknown', version, params: [] };
    const operation = conversationsOperation(method, segments);
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
