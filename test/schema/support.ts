import type {
  RecordedRequest,
  SimMessage,
  SimThread,
  SimulatedDataset,
} from '../../src/simulator/index.ts';
import { type Harness, startUnthrottledHarness } from '../helpers/harness.ts';

/** @deprecated Use `startUnthrottledHarness` (test/helpers/harness.ts); kept for branches in flight. */
export const startSchemaHarness = startUnthrottledHarness;

/** A recorded request's query as `name → comma-joined values`. */
export function params(request: RecordedRequest): Record<string, string> {
  return Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k, v.join(',')]));
}

export function operations(requests: readonly RecordedRequest[]): string[] {
  return requests.map((r) => r.operation);
}

export function byOperation(h: Harness, operation: string): RecordedRequest[] {
  return h.upstream().filter((r) => r.operation === operation);
}

export interface ThreadFilterSpec {
  inboxId?: string;
  associatedContactId?: string;
  associatedTicketId?: string;
  status?: 'OPEN' | 'CLOSED';
  archived?: boolean;
}

/** The threads HubSpot lists for a filter, in its default order (id ascending). */
export function expectedThreads(
  data: SimulatedDataset,
  filter: ThreadFilterSpec = {},
): SimThread[] {
  return data.threads
    .filter(
      (t) =>
        t.archived === (filter.archived ?? false) &&
        (filter.inboxId === undefined || t.inboxId === filter.inboxId) &&
        (filter.associatedContactId === undefined ||
          t.associatedContactId === filter.associatedContactId) &&
        (filter.associatedTicketId === undefined ||
          data.ticketIdByThreadId.get(t.id) === filter.associatedTicketId) &&
        (filter.status === undefined || t.status === filter.status),
    )
    .sort((a, b) => Number(a.id) - Number(b.id));
}

/** A thread's messages in HubSpot's default order (newest first). */
export function newestFirst(data: SimulatedDataset, threadId: string): SimMessage[] {
  return [...(data.messagesByThread.get(threadId) ?? [])].reverse();
}

/** The first thread (HubSpot order) satisfying `predicate`. */
export function findThread(
  data: SimulatedDataset,
  predicate: (thread: SimThread, messages: SimMessage[]) => boolean,
): SimThread {
  const found = expectedThreads(data).find((t) =>
    predicate(t, data.messagesByThread.get(t.id) ?? []),
  );
  if (!found) throw new Error('no thread in the simulated data set matches');
  return found;
}

export const BAD_USER_INPUT = 'BAD_USER_INPUT';
