/**
 * Read-only indexes over the data set, built once at startup so each request is a binary search
 * plus a short scan, and pre-serialised JSON so responses are string concatenation.
 */
import type { SimInbox, SimMessage, SimThread, SimulatedDataset } from './dataset.ts';
import { hash32 } from './prng.ts';

export interface ThreadEntry {
  thread: SimThread;
  idNum: number;
  /** latestMessageTimestamp in ms, or -1 when the thread has no message. */
  lmt: number;
  ticketId: string | undefined;
  json: string;
  /** `json` plus `threadAssociations`, for `association=TICKET` (same as `json` without ticket). */
  jsonWithTicket: string;
}

export interface ThreadIndex {
  /** Ascending by id. */
  byId: ThreadEntry[];
  /** Ascending by (latestMessageTimestamp, id); threads without messages are left out. */
  byLmt: ThreadEntry[];
}

export interface MessageEntry {
  message: SimMessage;
  createdMs: number;
  /** Position in the thread's oldest-first list: the tie-breaker of the sort key. */
  pos: number;
  json: string;
}

export type ThreadIndexKind = 'all' | 'inbox' | 'contact' | 'ticket';

export interface Store {
  data: SimulatedDataset;
  threadById: Map<string, ThreadEntry>;
  threadIndex(archived: boolean, kind: ThreadIndexKind, key?: string): ThreadIndex | undefined;
  /** thread id → messages, oldest first. */
  messagesByThread: Map<string, MessageEntry[]>;
  /** `${threadId}/${messageId}` → message. */
  messageByKey: Map<string, MessageEntry>;
  actorJson: Map<string, string>;
  inboxes: SimInbox[];
  inboxJson: Map<string, string>;
  /** Deterministic "arbitrary" order for batch results. */
  shuffleKey(id: string): number;
}

export function buildStore(data: SimulatedDataset): Store {
  const threadById = new Map<string, ThreadEntry>();
  const entries: ThreadEntry[] = [];
  for (const thread of data.threads) {
    const ticketId = data.ticketIdByThreadId.get(thread.id);
    const json = JSON.stringify(thread);
    const entry: ThreadEntry = {
      thread,
      idNum: Number(thread.id),
      lmt: thread.latestMessageTimestamp ? Date.parse(thread.latestMessageTimestamp) : -1,
      ticketId,
      json,
      jsonWithTicket:
        ticketId === undefined
          ? json
          : `${json.slice(0, -1)},"threadAssociations":{"associatedTicketId":${JSON.stringify(ticketId)}}}`,
    };
    entries.push(entry);
    threadById.set(thread.id, entry);
  }
  entries.sort((a, b) => a.idNum - b.idNum);

  const buckets = new Map<string, ThreadEntry[]>();
  const add = (key: string, entry: ThreadEntry) => {
    const list = buckets.get(key);
    if (list) list.push(entry);
    else buckets.set(key, [entry]);
  };
  for (const entry of entries) {
    const a = entry.thread.archived ? 1 : 0;
    add(`${a}|all|`, entry);
    add(`${a}|inbox|${entry.thread.inboxId}`, entry);
    add(`${a}|contact|${entry.thread.associatedContactId}`, entry);
    if (entry.ticketId !== undefined) add(`${a}|ticket|${entry.ticketId}`, entry);
  }
  const indexes = new Map<string, ThreadIndex>();
  for (const [key, byId] of buckets) {
    const byLmt = byId.filter((e) => e.lmt >= 0).sort((a, b) => a.lmt - b.lmt || a.idNum - b.idNum);
    indexes.set(key, { byId, byLmt });
  }
  const empty: ThreadIndex = { byId: [], byLmt: [] };

  const messagesByThread = new Map<string, MessageEntry[]>();
  const messageByKey = new Map<string, MessageEntry>();
  for (const [threadId, messages] of data.messagesByThread) {
    const list = messages.map((message, pos) => ({
      message,
      createdMs: Date.parse(message.createdAt),
      pos,
      json: JSON.stringify(message),
    }));
    list.sort((a, b) => a.createdMs - b.createdMs || a.pos - b.pos);
    list.forEach((entry, pos) => {
      entry.pos = pos;
      messageByKey.set(`${threadId}/${entry.message.id}`, entry);
    });
    messagesByThread.set(threadId, list);
  }

  const actorJson = new Map<string, string>();
  for (const [id, actor] of data.actors) actorJson.set(id, JSON.stringify(actor));

  const inboxes = [...data.inboxes].sort((a, b) => Number(a.id) - Number(b.id));
  const inboxJson = new Map(inboxes.map((inbox) => [inbox.id, JSON.stringify(inbox)]));
  const shuffleSeed = hash32(String(data.seed));

  return {
    data,
    threadById,
    threadIndex: (archived, kind, key = '') =>
      indexes.get(`${archived ? 1 : 0}|${kind}|${key}`) ?? (kind === 'all' ? empty : undefined),
    messagesByThread,
    messageByKey,
    actorJson,
    inboxes,
    inboxJson,
    shuffleKey: (id) => hash32(id, shuffleSeed),
  };
}
