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

const isDigit = (code: number) => code >= 48 && code <= 57;
const two = (s: string, at: number) => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;

/**
 * True when `s` is already what `new Date(s).toISOString()` returns, e.g.
 * "2026-11-07T05:31:56.000Z": the shape HubSpot sends nearly every timestamp in. Days 29–31 are
 * left to the slow path (Date would roll 2026-02-30 over to March).
 */
function isCanonicalIso(s: string): boolean {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */) return false;
  for (let i = 0; i < 23; i++) {
    const code = s.charCodeAt(i);
    switch (i) {
      case 4:
      case 7:
        if (code !== 45 /* - */) return false;
        break;
      case 10:
        if (code !== 84 /* T */) return false;
        break;
      case 13:
      case 16:
        if (code !== 58 /* : */) return false;
        break;
      case 19:
        if (code !== 46 /* . */) return false;
        break;
      default:
        if (!isDigit(code)) return false;
    }
  }
  const month = two(s, 5);
  const day = two(s, 8);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 28 &&
    two(s, 11) <= 23 &&
    two(s, 14) <= 59 &&
    two(s, 17) <= 59
  );
}

/** HubSpot timestamps (ISO strings) to ISO-8601 UTC with milliseconds. */
export function serializeDateTime(value: unknown): string {
  // Hot path: every thread and message carries several timestamps, nearly all canonical already.
  if (typeof value === 'string' && isCanonicalIso(value)) return value;
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
