/**
 * Idempotency keys for the writes HubSpot cannot make idempotent itself (POST of a message or
 * comment has no key of its own), on the shared `KeyValueStore` (`stores.state`): in process by
 * default, Redis with REDIS_URL, so every replica sees the same keys.
 *
 * One record per (caller token identity, mutation, key), kept 24 h:
 * - `pending`: an attempt is running, until `leaseUntil` (its request's deadline); concurrent
 *   duplicates wait for it instead of sending a second time;
 * - `done`: the result, returned to every retry without a call;
 * - `unknown`: the attempt failed without knowing whether HubSpot created the message (timeout,
 *   5xx, connection lost). The next retry first looks for it in the thread's history (created
 *   since the first attempt started) and sends only when it is not there.
 * A failure that certainly sent nothing (HubSpot refused: 4xx) forgets the key.
 * The same key with another input is refused (`IdempotencyKeyReused`).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { KeyValueStore } from '../store/store.ts';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Longest idempotencyKey accepted (it is hashed into the store key anyway). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

interface PendingRecord {
  state: 'pending';
  inputHash: string;
  /** When the first attempt started (epoch ms): the history search looks from here. */
  firstStartedAt: number;
  leaseUntil: number;
  /** Takeovers so far (each retry after an unknown outcome is one). */
  generation: number;
}
interface DoneRecord {
  state: 'done';
  inputHash: string;
  firstStartedAt: number;
  result: unknown;
}
interface UnknownRecord {
  state: 'unknown';
  inputHash: string;
  firstStartedAt: number;
  generation: number;
}
type IdempotencyRecord = PendingRecord | DoneRecord | UnknownRecord;

export class IdempotencyKeyReused extends Error {
  override name = 'IdempotencyKeyReused';
}

export interface IdempotentRun<T> {
  store: KeyValueStore;
  /** Caller token identity (HMAC), mutation name and the caller's key. */
  tokenKey: string;
  mutation: string;
  key: string;
  /** The mutation's input, without the key: a retry must send the same. */
  input: unknown;
  /** Epoch ms: this request's deadline (the lease of its attempt). */
  deadline: number;
  signal: AbortSignal;
  /** Sends. Throwing an error for which `isOutcomeUnknown` is true keeps the key as `unknown`. */
  attempt(): Promise<T>;
  /** After an unknown outcome: the result already at HubSpot (created since `since`), if any. */
  findExisting(since: number): Promise<T | undefined>;
  isOutcomeUnknown(error: unknown): boolean;
  /** Whether a successful result is worth remembering (not, e.g., a user error). */
  shouldRemember?(result: T): boolean;
}

const POLL_MIN_MS = 25;
const POLL_MAX_MS = 500;

/** Stable JSON (sorted keys) hashed: equal inputs, equal hashes, whatever the key order. */
export function hashInput(input: unknown): string {
  return createHash('sha256').update(stableJson(input)).digest('base64url');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function storeKey(tokenKey: string, mutation: string, key: string): string {
  const digest = createHash('sha256').update(key).digest('base64url');
  return `idem:${tokenKey}:${mutation}:${digest}`;
}

async function read(store: KeyValueStore, key: string): Promise<IdempotencyRecord | undefined> {
  const raw = await store.get(key);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as IdempotencyRecord;
  } catch {
    return undefined;
  }
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Runs `run.attempt` at most once per key and input (see the module comment). */
export async function runIdempotent<T>(run: IdempotentRun<T>): Promise<T> {
  const { store } = run;
  const key = storeKey(run.tokenKey, run.mutation, run.key);
  const inputHash = hashInput(run.input);
  let delay = POLL_MIN_MS;

  for (;;) {
    const now = Date.now();
    const fresh: PendingRecord = {
      state: 'pending',
      inputHash,
      firstStartedAt: now,
      leaseUntil: run.deadline,
      generation: 0,
    };
    if (await store.setIfAbsent(key, JSON.stringify(fresh), IDEMPOTENCY_TTL_MS)) {
      return execute(run, key, fresh, false);
    }
    const record = await read(store, key);
    if (record === undefined) continue; // expired or deleted in between: claim again
    if (record.inputHash !== inputHash) {
      throw new IdempotencyKeyReused('This idempotencyKey was already used with different input.');
    }
    if (record.state === 'done') return record.result as T;
    const takeoverDue =
      record.state === 'unknown' || (record.state === 'pending' && record.leaseUntil < now);
    if (takeoverDue) {
      // One taker per generation: the lock key makes the take-over itself exclusive.
      const lock = `${key}:take:${record.generation}`;
      if (await store.setIfAbsent(lock, randomUUID(), IDEMPOTENCY_TTL_MS)) {
        const next: PendingRecord = {
          state: 'pending',
          inputHash,
          firstStartedAt: record.firstStartedAt,
          leaseUntil: run.deadline,
          generation: record.generation + 1,
        };
        await store.set(key, JSON.stringify(next), IDEMPOTENCY_TTL_MS);
        return execute(run, key, next, true);
      }
    }
    // Another attempt is running: wait for its outcome.
    await wait(delay, run.signal);
    delay = Math.min(delay * 2, POLL_MAX_MS);
  }
}

async function execute<T>(
  run: IdempotentRun<T>,
  key: string,
  record: PendingRecord,
  afterUnknown: boolean,
): Promise<T> {
  const { store } = run;
  try {
    let result: T | undefined;
    if (afterUnknown) result = await run.findExisting(record.firstStartedAt);
    result ??= await run.attempt();
    if (run.shouldRemember && !run.shouldRemember(result)) {
      await store.delete(key);
      return result;
    }
    const done: DoneRecord = {
      state: 'done',
      inputHash: record.inputHash,
      firstStartedAt: record.firstStartedAt,
      result,
    };
    await store.set(key, JSON.stringify(done), IDEMPOTENCY_TTL_MS);
    return result;
  } catch (error) {
    if (run.isOutcomeUnknown(error)) {
      const unknown: UnknownRecord = {
        state: 'unknown',
        inputHash: record.inputHash,
        firstStartedAt: record.firstStartedAt,
        generation: record.generation,
      };
      await store.set(key, JSON.stringify(unknown), IDEMPOTENCY_TTL_MS);
    } else {
      // Nothing was sent: the key is free for a fresh attempt.
      await store.delete(key);
    }
    throw error;
  }
}
