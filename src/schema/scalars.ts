import { Kind, type ValueNode } from 'graphql';
import { builder } from './builder.ts';
import { badUserInput } from './validation.ts';

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Strict ISO-8601 date-time with an explicit offset (`Z` or `±hh:mm`), normalised to UTC with
 * milliseconds. `Date` alone would roll 2026-02-30 over to March, so the calendar is checked too.
 */
export function parseDateTime(value: unknown): string {
  const match = typeof value === 'string' ? ISO_8601.exec(value) : null;
  if (match) {
    const [, y, mo, d, h, mi, s, , oh, om] = match.map(Number) as number[];
    const valid =
      mo! >= 1 &&
      mo! <= 12 &&
      d! >= 1 &&
      d! <= daysInMonth(y!, mo!) &&
      h! <= 23 &&
      mi! <= 59 &&
      s! <= 59 &&
      (match[8] === undefined || (oh! <= 23 && om! <= 59));
    const time = new Date(value as string).getTime();
    if (valid && Number.isFinite(time)) return new Date(time).toISOString();
  }
  throw badUserInput(
    `DateTime must be an ISO-8601 date-time with a time zone, e.g. "2026-11-07T05:31:56.000Z" (got ${JSON.stringify(value)}).`,
  );
}

/** HubSpot timestamps (ISO strings) to ISO-8601 UTC with milliseconds. */
export function serializeDateTime(value: unknown): string {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string' || typeof value === 'number'
        ? new Date(value)
        : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new TypeError(`Not a date-time: ${JSON.stringify(value)}`);
  }
  return date.toISOString();
}

export const DateTime = builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time in UTC with milliseconds, e.g. 2026-11-07T05:31:56.000Z.',
  serialize: serializeDateTime,
  parseValue: parseDateTime,
  parseLiteral: (node: ValueNode) => {
    if (node.kind !== Kind.STRING) {
      throw badUserInput('DateTime must be a string, e.g. "2026-11-07T05:31:56.000Z".');
    }
    return parseDateTime(node.value);
  },
});
