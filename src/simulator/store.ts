/**
 * Indexes over the data set, built once at startup so each request is a binary search plus a
 * short scan, and pre-serialised JSON so responses are string concatenation.
 *
 * The store is mutable: the write endpoints and tests (and the live helper's activity generator)
 * change it through the write functions below, each of which keeps the JSON, the sorted indexes
 * and `data` (the dataset objects, mutated in place) true, and then tells the `onChange`
 * listeners in HubSpot's webhook vocabulary.
 */
import { randomBytes } from 'node:crypto';
import type {
  SimAssignmentMessage,
  SimInbox,
  SimMessage,
  SimMessageStatus,
  SimThread,
  SimThreadStatusChange,
  SimulatedDataset,
  ThreadStatus,
} from './dataset.ts';
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

/**
 * One change to the portal, in HubSpot's webhook vocabulary (`conversation.<kind>`), so the
 * live helper can turn each into a signed webhook. `occurredAt` is in ms, as HubSpot sends it.
 * - creation: a new thread; newMessage: a message of any type added to a thread's history
 *   (not for the system messages that status and assignment changes add: those raise the
 *   propertyChange only);
 * - propertyChange: `status` (OPEN/CLOSED), `assignedTo` (actor id, '' when unassigned) or
 *   `archived` ('false' on restore);
 * - deletion: archived (HubSpot's "deletion" is the move to the trash);
 * - privacyDeletion: permanently erased.
 */
export interface SimChange {
  kind: 'creation' | 'newMessage' | 'propertyChange' | 'deletion' | 'privacyDeletion';
  threadId: string;
  messageId?: string;
  /** newMessage: the message's `type`. */
  messageType?: string;
  propertyName?: string;
  propertyValue?: string;
  occurredAt: number;
}

export type SimChangeListener = (change: SimChange) => void;

/** A message to add: `id`, `conversationsThreadId`, `createdAt`/`updatedAt` and `archived` are filled in when absent. */
export type NewMessage = Omit<
  SimMessage,
  'id' | 'conversationsThreadId' | 'createdAt' | 'updatedAt' | 'archived'
> &
  Partial<Pick<SimMessage, 'id' | 'createdAt' | 'updatedAt' | 'archived'>>;

/** A thread to create: `id`, `createdAt`, `status`, `spam` and `archived` default. */
export type NewThread = Omit<
  SimThread,
  | 'id'
  | 'createdAt'
  | 'status'
  | 'spam'
  | 'archived'
  | 'latestMessageTimestamp'
  | 'latestMessageSentTimestamp'
  | 'latestMessageReceivedTimestamp'
> &
  Partial<Pick<SimThread, 'id' | 'createdAt' | 'status' | 'spam' | 'archived'>>;

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

  // Writes -------------------------------------------------------------------------------------
  /**
   * Adds a message at the top of the thread's history (created now, or at `createdAt`), and for
   * a `MESSAGE` moves the thread's `latestMessage*Timestamp`s (INCOMING: received, OUTGOING:
   * sent). Raises `newMessage`.
   */
  addMessage(threadId: string, message: NewMessage): SimMessage;
  /**
   * Sets the thread's status (`closedAt` set on close, removed on reopen) and adds HubSpot's
   * THREAD_STATUS_CHANGE system message by `actorId` (default the assignee, else S-hubspot).
   * Raises `propertyChange` status. False (and nothing changes) when it already has that status.
   */
  setStatus(threadId: string, status: ThreadStatus, actorId?: string): boolean;
  /**
   * Sets (`actorId`) or removes (null) the assignee and adds HubSpot's ASSIGNMENT system message
   * by `byActorId` (default S-hubspot). Raises `propertyChange` assignedTo. False when unchanged.
   */
  setAssignee(threadId: string, actorId: string | null, byActorId?: string): boolean;
  /** Moves the thread to the trash (`archived: true`). Raises `deletion`. False when already archived. */
  archive(threadId: string): boolean;
  /** Brings an archived thread back. Raises `propertyChange` archived=false. False when not archived. */
  restore(threadId: string): boolean;
  /** Creates a thread, optionally with its first messages (each raises `newMessage` after `creation`). */
  createThread(thread: NewThread, messages?: NewMessage[]): SimThread;
  /** Erases the thread and its messages for good. Raises `privacyDeletion`. False when unknown. */
  privacyDelete(threadId: string): boolean;
  /**
   * Changes a MESSAGE's delivery status (SENT → READ or FAILED), bumping `updatedAt`. HubSpot
   * sends no webhook for this, so no listener is called. False when there is no such MESSAGE.
   */
  setMessageStatus(threadId: string, messageId: string, status: SimMessageStatus): boolean;
  /** Registers a listener; returns its unsubscribe function. */
  onChange(listener: SimChangeListener): () => void;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** HubSpot's message ids are 32 hex characters. */
export const newMessageId = () => randomBytes(16).toString('hex');

function serialiseThread(entry: ThreadEntry): void {
  const { thread, ticketId } = entry;
  entry.idNum = Number(thread.id);
  entry.lmt = thread.latestMessageTimestamp ? Date.parse(thread.latestMessageTimestamp) : -1;
  entry.json = JSON.stringify(thread);
  entry.jsonWithTicket =
    ticketId === undefined
      ? entry.json
      : `${entry.json.slice(0, -1)},"threadAssociations":{"associatedTicketId":${JSON.stringify(ticketId)}}}`;
}

function newEntry(thread: SimThread, ticketId: string | undefined): ThreadEntry {
  const entry: ThreadEntry = { thread, idNum: 0, lmt: -1, ticketId, json: '', jsonWithTicket: '' };
  serialiseThread(entry);
  return entry;
}

const byIdOrder = (a: ThreadEntry, b: ThreadEntry) => a.idNum - b.idNum;
const byLmtOrder = (a: ThreadEntry, b: ThreadEntry) => a.lmt - b.lmt || a.idNum - b.idNum;

/** Inserts `entry` into the sorted `list` at its place (binary search). */
function insertSorted(
  list: ThreadEntry[],
  entry: ThreadEntry,
  order: (a: ThreadEntry, b: ThreadEntry) => number,
) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order(list[mid]!, entry) < 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, entry);
}

function removeFrom(list: ThreadEntry[], entry: ThreadEntry) {
  const i = list.indexOf(entry);
  if (i >= 0) list.splice(i, 1);
}

export function buildStore(data: SimulatedDataset): Store {
  const threadById = new Map<string, ThreadEntry>();
  const entries: ThreadEntry[] = [];
  for (const thread of data.threads) {
    const entry = newEntry(thread, data.ticketIdByThreadId.get(thread.id));
    entries.push(entry);
    threadById.set(thread.id, entry);
  }
  entries.sort(byIdOrder);

  const indexes = new Map<string, ThreadIndex>();
  const indexKeys = (entry: ThreadEntry): string[] => {
    const a = entry.thread.archived ? 1 : 0;
    const keys = [
      `${a}|all|`,
      `${a}|inbox|${entry.thread.inboxId}`,
      `${a}|contact|${entry.thread.associatedContactId}`,
    ];
    if (entry.ticketId !== undefined) keys.push(`${a}|ticket|${entry.ticketId}`);
    return keys;
  };
  // Initial build: append in id order, then sort byLmt once.
  for (const entry of entries) {
    for (const key of indexKeys(entry)) {
      const index = indexes.get(key);
      if (index) index.byId.push(entry);
      else indexes.set(key, { byId: [entry], byLmt: [] });
    }
  }
  for (const index of indexes.values()) {
    index.byLmt = index.byId.filter((e) => e.lmt >= 0).sort(byLmtOrder);
  }
  const empty: ThreadIndex = { byId: [], byLmt: [] };

  const unindex = (entry: ThreadEntry) => {
    for (const key of indexKeys(entry)) {
      const index = indexes.get(key);
      if (!index) continue;
      removeFrom(index.byId, entry);
      if (entry.lmt >= 0) removeFrom(index.byLmt, entry);
    }
  };
  const reindex = (entry: ThreadEntry) => {
    for (const key of indexKeys(entry)) {
      let index = indexes.get(key);
      if (!index) {
        index = { byId: [], byLmt: [] };
        indexes.set(key, index);
      }
      insertSorted(index.byId, entry, byIdOrder);
      if (entry.lmt >= 0) insertSorted(index.byLmt, entry, byLmtOrder);
    }
  };
  /** Applies `change` to the thread, keeping JSON and indexes true. */
  const updateThread = (entry: ThreadEntry, change: (thread: SimThread) => void) => {
    unindex(entry);
    change(entry.thread);
    serialiseThread(entry);
    reindex(entry);
  };

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

  const listeners = new Set<SimChangeListener>();
  const emit = (change: SimChange) => {
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own; the write has happened.
      }
    }
  };

  const entryOf = (threadId: string): ThreadEntry => {
    const entry = threadById.get(threadId);
    if (!entry) throw new Error(`No simulated thread ${threadId}`);
    return entry;
  };

  /** Now, but never before the thread's newest message (keeps history order = time order). */
  const nextTime = (threadId: string): number => {
    const list = messagesByThread.get(threadId);
    const newest = list && list.length > 0 ? list[list.length - 1]!.createdMs : -Infinity;
    return Math.max(Date.now(), newest);
  };

  /** Appends without raising anything; returns the stored message. */
  const appendMessage = (entry: ThreadEntry, input: NewMessage): SimMessage => {
    const threadId = entry.thread.id;
    const ms = input.createdAt ? Date.parse(input.createdAt) : nextTime(threadId);
    const createdAt = iso(ms);
    const message = {
      id: input.id ?? newMessageId(),
      conversationsThreadId: threadId,
      createdAt,
      updatedAt: input.updatedAt ?? createdAt,
      ...input,
      archived: input.archived ?? false,
    } as SimMessage;
    message.createdAt = createdAt;
    let list = messagesByThread.get(threadId);
    if (!list) {
      list = [];
      messagesByThread.set(threadId, list);
    }
    const stored: MessageEntry = { message, createdMs: ms, pos: 0, json: JSON.stringify(message) };
    // Insert by (createdMs, pos); renumber positions after the insertion point.
    let at = list.length;
    while (at > 0 && list[at - 1]!.createdMs > ms) at--;
    list.splice(at, 0, stored);
    for (let i = at; i < list.length; i++) list[i]!.pos = i;
    messageByKey.set(`${threadId}/${message.id}`, stored);
    let raw = data.messagesByThread.get(threadId);
    if (!raw) {
      raw = [];
      data.messagesByThread.set(threadId, raw);
    }
    raw.splice(at, 0, message);

    if (message.type === 'MESSAGE') {
      updateThread(entry, (thread) => {
        const stamp = (current: string | undefined) =>
          current && Date.parse(current) > ms ? current : createdAt;
        thread.latestMessageTimestamp = stamp(thread.latestMessageTimestamp);
        if (message.direction === 'OUTGOING') {
          thread.latestMessageSentTimestamp = stamp(thread.latestMessageSentTimestamp);
        } else {
          thread.latestMessageReceivedTimestamp = stamp(thread.latestMessageReceivedTimestamp);
        }
      });
    }
    return message;
  };

  const systemBase = (actorId: string) => ({
    createdBy: actorId,
    client: { clientType: actorId === 'S-hubspot' ? 'SYSTEM' : 'HUBSPOT' } as const,
    senders: [],
    recipients: [],
  });

  const store: Store = {
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

    addMessage(threadId, input) {
      const entry = entryOf(threadId);
      const message = appendMessage(entry, input);
      emit({
        kind: 'newMessage',
        threadId,
        messageId: message.id,
        messageType: message.type,
        occurredAt: Date.parse(message.createdAt),
      });
      return message;
    },

    setStatus(threadId, status, actorId) {
      const entry = entryOf(threadId);
      if (entry.thread.status === status) return false;
      const by = actorId ?? entry.thread.assignedTo ?? 'S-hubspot';
      const change: Omit<SimThreadStatusChange, 'id' | 'conversationsThreadId' | 'createdAt'> = {
        ...systemBase(by),
        archived: false,
        newStatus: status,
        type: 'THREAD_STATUS_CHANGE',
      };
      const message = appendMessage(entry, change as NewMessage);
      updateThread(entry, (thread) => {
        thread.status = status;
        if (status === 'CLOSED') thread.closedAt = message.createdAt;
        else delete thread.closedAt;
      });
      emit({
        kind: 'propertyChange',
        threadId,
        propertyName: 'status',
        propertyValue: status,
        occurredAt: Date.parse(message.createdAt),
      });
      return true;
    },

    setAssignee(threadId, actorId, byActorId = 'S-hubspot') {
      const entry = entryOf(threadId);
      const previous = entry.thread.assignedTo;
      if ((previous ?? null) === actorId) return false;
      const assignment: Omit<SimAssignmentMessage, 'id' | 'conversationsThreadId' | 'createdAt'> = {
        ...systemBase(byActorId),
        archived: false,
        ...(actorId !== null ? { assignedTo: actorId } : {}),
        ...(previous !== undefined ? { assignedFrom: previous } : {}),
        type: 'ASSIGNMENT',
      };
      const message = appendMessage(entry, assignment as NewMessage);
      updateThread(entry, (thread) => {
        if (actorId === null) delete thread.assignedTo;
        else thread.assignedTo = actorId;
      });
      emit({
        kind: 'propertyChange',
        threadId,
        propertyName: 'assignedTo',
        propertyValue: actorId ?? '',
        occurredAt: Date.parse(message.createdAt),
      });
      return true;
    },

    archive(threadId) {
      const entry = entryOf(threadId);
      if (entry.thread.archived) return false;
      updateThread(entry, (thread) => {
        thread.archived = true;
      });
      emit({ kind: 'deletion', threadId, occurredAt: Date.now() });
      return true;
    },

    restore(threadId) {
      const entry = entryOf(threadId);
      if (!entry.thread.archived) return false;
      updateThread(entry, (thread) => {
        thread.archived = false;
      });
      emit({
        kind: 'propertyChange',
        threadId,
        propertyName: 'archived',
        propertyValue: 'false',
        occurredAt: Date.now(),
      });
      return true;
    },

    createThread(input, messages = []) {
      let id = input.id;
      if (id === undefined) {
        const last = data.threads[data.threads.length - 1];
        let n = (last ? Number(last.id) : 8000000000) + 1;
        while (threadById.has(String(n))) n++;
        id = String(n);
      }
      if (threadById.has(id)) throw new Error(`Simulated thread ${id} exists`);
      const now = Date.now();
      const thread: SimThread = {
        id,
        createdAt: input.createdAt ?? iso(now),
        status: input.status ?? 'OPEN',
        originalChannelId: input.originalChannelId,
        originalChannelAccountId: input.originalChannelAccountId,
        ...(input.closedAt ? { closedAt: input.closedAt } : {}),
        ...(input.assignedTo ? { assignedTo: input.assignedTo } : {}),
        spam: input.spam ?? false,
        inboxId: input.inboxId,
        associatedContactId: input.associatedContactId,
        archived: input.archived ?? false,
      };
      const entry = newEntry(thread, undefined);
      threadById.set(id, entry);
      data.threadById.set(id, thread);
      insertSortedThread(data.threads, thread);
      reindex(entry);
      messagesByThread.set(id, []);
      data.messagesByThread.set(id, []);
      emit({ kind: 'creation', threadId: id, occurredAt: Date.parse(thread.createdAt) });
      for (const message of messages) store.addMessage(id, message);
      return thread;
    },

    privacyDelete(threadId) {
      const entry = threadById.get(threadId);
      if (!entry) return false;
      unindex(entry);
      threadById.delete(threadId);
      data.threadById.delete(threadId);
      const i = data.threads.indexOf(entry.thread);
      if (i >= 0) data.threads.splice(i, 1);
      for (const message of messagesByThread.get(threadId) ?? []) {
        messageByKey.delete(`${threadId}/${message.message.id}`);
        data.originalContent.delete(message.message.id);
      }
      messagesByThread.delete(threadId);
      data.messagesByThread.delete(threadId);
      emit({ kind: 'privacyDeletion', threadId, occurredAt: Date.now() });
      return true;
    },

    setMessageStatus(threadId, messageId, status) {
      const stored = messageByKey.get(`${threadId}/${messageId}`);
      if (!stored || stored.message.type !== 'MESSAGE') return false;
      stored.message.status = status;
      stored.message.updatedAt = iso(Math.max(Date.now(), stored.createdMs));
      stored.json = JSON.stringify(stored.message);
      return true;
    },

    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  return store;
}

function insertSortedThread(threads: SimThread[], thread: SimThread) {
  const n = Number(thread.id);
  let at = threads.length;
  while (at > 0 && Number(threads[at - 1]!.id) > n) at--;
  threads.splice(at, 0, thread);
}
