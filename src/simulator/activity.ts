/**
 * Simulated portal life (`SIMULATOR_ACTIVITY_PER_MIN`): visitors write on open threads, agents
 * reply, close, reopen and reassign, and now and then a new conversation starts. Every action
 * goes through the mutable store, so it shows in the reads and raises a webhook like any change.
 */
import type { SimConversationsMessage, SimThread } from './dataset.ts';
import { mulberry32 } from './prng.ts';
import type { Store } from './store.ts';

const VISITOR_LINES = [
  'Hi, any update on this?',
  'Thanks! That fixed it.',
  'I still cannot log in, could you check again?',
  'Can I change the delivery address on my order?',
  'Is there a discount for annual plans?',
  'The invoice shows the wrong company name.',
];
const AGENT_LINES = [
  'Thanks for your patience — looking into it now.',
  'I have updated your account; please try again.',
  'Could you send a screenshot of the error?',
  'Done! Anything else I can help with?',
];

export interface ActivityOptions {
  /** Actions per minute; 0 = none. */
  perMinute: number;
  seed?: number;
}

/** Starts the activity; returns its stop function. */
export function startActivity(store: Store, options: ActivityOptions): () => void {
  if (options.perMinute <= 0) return () => undefined;
  const random = mulberry32((options.seed ?? Date.now()) >>> 0);
  const pick = <T>(items: readonly T[]): T | undefined =>
    items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
  const agents = [...store.data.actors.values()].filter((a) => a.type === 'AGENT').map((a) => a.id);
  const intervalMs = 60_000 / options.perMinute;
  let timer: NodeJS.Timeout | undefined;

  const openThreads = (): SimThread[] =>
    store.data.threads.filter((t) => !t.archived && t.status === 'OPEN');
  const lastMessage = (thread: SimThread, direction: 'INCOMING' | 'OUTGOING') => {
    const history = store.messagesByThread.get(thread.id) ?? [];
    for (let i = history.length - 1; i >= 0; i--) {
      const message = history[i]!.message;
      if (message.type === 'MESSAGE' && message.direction === direction) return message;
    }
    return undefined;
  };
  const write = (thread: SimThread, direction: 'INCOMING' | 'OUTGOING'): boolean => {
    const template = lastMessage(thread, direction) as SimConversationsMessage | undefined;
    if (!template) return false;
    const { id: _id, createdAt: _c, updatedAt: _u, archived: _a, ...rest } = template;
    store.addMessage(thread.id, {
      ...rest,
      text: pick(direction === 'INCOMING' ? VISITOR_LINES : AGENT_LINES) ?? '…',
      richText: undefined,
      attachments: [],
      ...(direction === 'OUTGOING' ? { status: { statusType: 'SENT' } } : {}),
    } as Parameters<Store['addMessage']>[1]);
    return true;
  };

  const act = () => {
    const roll = random();
    const thread = pick(openThreads());
    try {
      if (!thread) return;
      if (roll < 0.5) write(thread, 'INCOMING');
      else if (roll < 0.7) write(thread, 'OUTGOING');
      else if (roll < 0.8) store.setStatus(thread.id, 'CLOSED');
      else if (roll < 0.88) {
        const closed = pick(store.data.threads.filter((t) => !t.archived && t.status === 'CLOSED'));
        if (closed) store.setStatus(closed.id, 'OPEN');
      } else if (roll < 0.97) {
        const agent = pick(agents.filter((a) => a !== thread.assignedTo));
        if (agent) store.setAssignee(thread.id, agent);
      } else {
        // A returning visitor opens a new conversation on the same channel and inbox.
        const template = lastMessage(thread, 'INCOMING') as SimConversationsMessage | undefined;
        if (!template) return;
        const { id: _id, createdAt: _c, updatedAt: _u, archived: _a, ...rest } = template;
        store.createThread(
          {
            inboxId: thread.inboxId,
            originalChannelId: thread.originalChannelId,
            originalChannelAccountId: thread.originalChannelAccountId,
            associatedContactId: thread.associatedContactId,
          } as Parameters<Store['createThread']>[0],
          [
            { ...rest, text: pick(VISITOR_LINES) ?? 'Hello', attachments: [] } as Parameters<
              Store['addMessage']
            >[1],
          ],
        );
      }
    } finally {
      schedule();
    }
  };
  const schedule = () => {
    // Jittered (0.5–1.5 × the mean) so events do not tick like a metronome.
    timer = setTimeout(act, intervalMs * (0.5 + random()));
    timer.unref();
  };
  schedule();
  return () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
}
