import { builder } from './builder.ts';
import { describedEnum } from './enums.ts';

const THREAD_STATUSES = describedEnum([
  ['OPEN', 'The conversation is ongoing.'],
  ['CLOSED', 'The conversation was closed.'],
]);
/** The statuses HubSpot documents (and this schema knows). */
export const THREAD_STATUS_NAMES = THREAD_STATUSES.names;

export const ThreadStatus = builder.enumType('ThreadStatus', {
  description: 'Whether a thread is open or closed.',
  values: THREAD_STATUSES.values,
});

/**
 * ThreadStatus has no UNKNOWN value (it is also a filter input). HubSpot documents only OPEN and
 * CLOSED; should it add a state, anything that is not CLOSED reads as OPEN (the thread still
 * needs attention) and `Thread.rawStatus` carries HubSpot's string.
 */
export function threadStatusOf(raw: string): 'OPEN' | 'CLOSED' {
  return raw === 'CLOSED' ? 'CLOSED' : 'OPEN';
}
