import { builder } from './builder.ts';
import { enumValues } from './enums.ts';

export const ThreadStatus = builder.enumType('ThreadStatus', {
  description: 'Whether a thread is open or closed.',
  values: enumValues([
    ['OPEN', 'The conversation is ongoing.'],
    ['CLOSED', 'The conversation was closed.'],
  ]),
});

/**
 * ThreadStatus has no UNKNOWN value (it is also a filter input). HubSpot documents only OPEN and
 * CLOSED; should it add a state, anything that is not CLOSED reads as OPEN (the thread still
 * needs attention) and `Thread.rawStatus` carries HubSpot's string.
 */
export function threadStatusOf(raw: string): 'OPEN' | 'CLOSED' {
  return raw === 'CLOSED' ? 'CLOSED' : 'OPEN';
}
