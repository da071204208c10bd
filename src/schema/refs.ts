import type { HubSpotThread } from '../hubspot/schemas.ts';
import { builder } from './builder.ts';
import type { Known } from './loose.ts';

/**
 * The refs of types caught in a module cycle, declared before either is implemented; every other
 * type is one exported const in the file that implements it.
 *
 * - Thread ↔ Ticket: `Thread.ticket` (thread.ts) returns a Ticket, and `Ticket.threads`
 *   (ticket.ts) pages with thread.ts's ThreadConnection and resolveThreadList.
 * - Thread ↔ thread-messages.ts: that file adds `Thread.messages` to Thread at load time, and
 *   thread.ts starts its prefetch (`prefetchThreadMessages`) when it loads a thread.
 */
export const Thread = builder.objectRef<Known<HubSpotThread>>('Thread');
export const Ticket = builder.objectRef<{ id: string }>('Ticket');
