import { ERROR_CODES, type ErrorCode } from '../error-codes.ts';

/**
 * Label values of every metric come from closed sets: names our own code chooses (HubSpot client
 * operations, error codes, HubSpot's policy names), or caller text passed through a bound. Nothing
 * here ever sees a token, a URL or a HubSpot message.
 */

/** The stable `extensions.code` values (the one table, src/error-codes.ts). */
export const ERROR_CODE_LABELS = Object.keys(ERROR_CODES) as ErrorCode[];
const ERROR_CODE_SET = new Set<string>(ERROR_CODE_LABELS);

/** An error's `extensions.code` as a label: one of ERROR_CODES, or `other`. */
export function errorCodeLabel(code: unknown): string {
  return typeof code === 'string' && ERROR_CODE_SET.has(code) ? code : 'other';
}

export const OPERATION_TYPES = ['query', 'mutation', 'subscription'] as const;

export function operationTypeLabel(type: string | undefined): string {
  return type === 'query' || type === 'mutation' || type === 'subscription' ? type : 'unknown';
}

/** HubSpot's 429 `policyName`s (hubspot-api.md §4). */
const POLICY_NAMES = new Set(['TEN_SECONDLY_ROLLING', 'SECONDLY', 'DAILY']);

export function policyLabel(policyName: string | undefined): string {
  return policyName !== undefined && POLICY_NAMES.has(policyName) ? policyName : 'unknown';
}

/** A HubSpot client operation (`listThreads`, …): our own identifiers; anything odd is `other`. */
export function upstreamOperationLabel(operation: string): string {
  return /^[A-Za-z][A-Za-z0-9]{0,47}$/.test(operation) ? operation : 'other';
}

/**
 * The `status` of one upstream attempt: the HTTP status as a string, or `timeout` / `network`
 * for an attempt that got no answer (a caller's cancellation counts as `network`: the
 * connection was cut before an answer).
 */
export function upstreamStatusLabel(
  status: number | undefined,
  failure: string | undefined,
): string {
  if (status !== undefined && status > 0) return String(status);
  return failure === 'timeout' ? 'timeout' : 'network';
}

/** GraphQL names (spec §2.1.9); operation names a caller sends are cut to this length. */
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
export const MAX_OPERATION_NAME_LENGTH = 64;

/**
 * Caller-chosen operation names as label values, bounded: the first `maxNames` distinct names
 * (each cut to 64 characters) keep their own value, every later one is `other`; a request
 * without a name is `anonymous`. The bound is per gateway process, so a caller sending 10 000
 * distinct names adds at most `maxNames` + 2 series.
 */
export class BoundedOperationNames {
  private readonly seen = new Set<string>();
  private readonly maxNames: number;

  constructor(maxNames: number) {
    this.maxNames = maxNames;
  }

  label(name: unknown): string {
    if (name === undefined || name === null || name === '') return 'anonymous';
    if (typeof name !== 'string' || !NAME.test(name)) return 'other';
    const capped = name.slice(0, MAX_OPERATION_NAME_LENGTH);
    if (this.seen.has(capped)) return capped;
    if (this.seen.size >= this.maxNames) return 'other';
    this.seen.add(capped);
    return capped;
  }
}

/** A caller-sent operation name for a log line or span: a GraphQL name, cut to 64 characters. */
export function operationNameForLog(name: unknown): string | undefined {
  if (name === undefined || name === null || name === '') return undefined;
  return typeof name === 'string' && NAME.test(name)
    ? name.slice(0, MAX_OPERATION_NAME_LENGTH)
    : '(invalid)';
}
