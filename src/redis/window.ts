import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type SharedWindow, unknownWindowBlockMs, type WindowGrant } from '../hubspot/governor.ts';

/**
 * HubSpot's burst limit is a *rolling* window ("TEN_SECONDLY_ROLLING": at most N calls in any
 * 10 s), so the shared budget is an exact sliding log: one sorted-set entry per call, scored by
 * the time it counts from. The usual alternatives do not fit:
 * - a fixed window (INCR per 10-s bucket, e.g. rate-limiter-flexible) lets 2N through across a
 *   bucket boundary (N at 9.9 s, N more at 10.1 s);
 * - a token bucket / GCRA (redis-cell) either allows the full burst N and then refills, so a
 *   10-s span can see about 2N, or smooths to N/10 per second and forbids the burst HubSpot
 *   allows.
 *
 * One Lua script does every step atomically on the Redis server, with the server's clock
 * (`TIME`: replicas' clocks may disagree) and unique members (`<replica>:<seq>:<i>`: two calls in
 * the same millisecond never collapse into one entry). Only admitted calls are recorded (a
 * refused ask leaves no trace, so a busy client is never locked out). Every write renews the
 * log's expiry to the last entry's end, so an idle token's keys disappear by themselves.
 *
 * Data loss: a Redis that restarted empty does not know the calls of the last 10 s. The
 * `known` key (no TTL) is written with the first entry; when it is missing, the script assumes
 * the log was lost and blocks the token for `unknownWindowBlockMs` (one window, plus the time a
 * slot granted from the old log may still take to be used), after which every forgotten call
 * has left HubSpot's window. (Hence the first call after a fresh Redis waits that long, too.)
 *
 * KEYS: log, blocked, known. ARGV[1]: the step, ARGV[2]: window length in ms, ARGV[3]: the
 * unknown-window block in ms, then per step:
 * - take  limit want holdMs prefix → { granted, retryInMs, remaining }
 * - settle nUnused unused… (member agoMs)… → {} (agoMs < 0: dated ahead of now)
 * - pad   limit remaining prefix → {}
 * - block ms → {}
 */
export const WINDOW_SCRIPT = `
local log, blocked, known = KEYS[1], KEYS[2], KEYS[3]
local step, windowMs, unknownMs = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

if redis.call('EXISTS', known) == 0 then
  redis.call('SET', known, now)
  if redis.call('PTTL', blocked) < unknownMs then
    redis.call('SET', blocked, 'unknown-window', 'PX', unknownMs)
  end
end

local function add(count, score, prefix)
  local args = {}
  for i = 1, count do
    args[#args + 1] = score
    args[#args + 1] = prefix .. ':' .. i
    if #args >= 400 then
      redis.call('ZADD', log, unpack(args))
      args = {}
    end
  end
  if #args > 0 then redis.call('ZADD', log, unpack(args)) end
end

local function renew()
  local last = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
  if last[2] then
    redis.call('PEXPIRE', log, math.max(1, tonumber(last[2]) + windowMs - now + 1))
  end
end

if step == 'take' then
  local limit, want, hold, prefix = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7]
  local pttl = redis.call('PTTL', blocked)
  if pttl > 0 then return { 0, pttl, 0 } end
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - windowMs)
  local n = redis.call('ZCARD', log)
  local free = limit - n
  if free <= 0 then
    -- the first slot frees when the (n - limit)-th oldest entry (0-based) leaves the window
    local entry = redis.call('ZRANGE', log, n - limit, n - limit, 'WITHSCORES')
    return { 0, math.max(1, tonumber(entry[2]) + windowMs - now), 0 }
  end
  local granted = math.min(free, want)
  add(granted, now + hold, prefix)
  renew()
  return { granted, 0, free - granted }
elseif step == 'settle' then
  local unused = tonumber(ARGV[4])
  for i = 5, 4 + unused, 400 do
    redis.call('ZREM', log, unpack(ARGV, i, math.min(i + 399, 4 + unused)))
  end
  for i = 5 + unused, #ARGV - 1, 2 do
    redis.call('ZADD', log, 'XX', now - tonumber(ARGV[i + 1]), ARGV[i])
  end
  renew()
elseif step == 'pad' then
  local limit, remaining, prefix = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - windowMs)
  local missing = limit - remaining - redis.call('ZCARD', log)
  if missing > 0 then
    add(missing, now, prefix)
    renew()
  end
elseif step == 'block' then
  local ms = tonumber(ARGV[4])
  if redis.call('PTTL', blocked) < ms then redis.call('SET', blocked, '429', 'PX', ms) end
end
return {}
`;

type WindowCommand = (
  log: string,
  blocked: string,
  known: string,
  ...args: Array<string | number>
) => Promise<unknown>;

/** The client with the window script defined (EVALSHA, re-sent by ioredis after NOSCRIPT). */
type WindowClient = Redis & { hsgwWindow: WindowCommand };

/** This process's member prefix: unique across replicas and restarts. */
const REPLICA_ID = randomBytes(6).toString('base64url');
let sequence = 0;

/** One token's rolling window in Redis (see WINDOW_SCRIPT). */
export class RedisWindow implements SharedWindow {
  private readonly client: WindowClient;
  private readonly keys: [string, string, string];
  private readonly windowMs: number;
  private readonly unknownMs: number;

  constructor(client: Redis, keys: [string, string, string], windowMs: number) {
    if (!('hsgwWindow' in client)) {
      client.defineCommand('hsgwWindow', { numberOfKeys: 3, lua: WINDOW_SCRIPT });
    }
    this.client = client as WindowClient;
    this.keys = keys;
    this.windowMs = windowMs;
    this.unknownMs = unknownWindowBlockMs(windowMs);
  }

  private run(step: string, ...args: Array<string | number>): Promise<unknown> {
    return this.client.hsgwWindow(...this.keys, step, this.windowMs, this.unknownMs, ...args);
  }

  async take(limit: number, want: number, holdMs: number): Promise<WindowGrant> {
    const prefix = `${REPLICA_ID}:${++sequence}`;
    const reply = (await this.run(
      'take',
      limit,
      Math.max(1, Math.floor(want)),
      Math.max(0, Math.ceil(holdMs)),
      prefix,
    )) as [number, number, number];
    const [granted, retryInMs, remaining] = reply;
    const members: string[] = [];
    for (let i = 1; i <= granted; i++) members.push(`${prefix}:${i}`);
    return { members, retryInMs, remaining };
  }

  async settle(
    unused: readonly string[],
    used: ReadonlyArray<{ member: string; agoMs: number }>,
  ): Promise<void> {
    if (unused.length === 0 && used.length === 0) return;
    const args: Array<string | number> = [unused.length, ...unused];
    for (const { member, agoMs } of used) args.push(member, Math.round(agoMs));
    await this.run('settle', ...args);
  }

  async pad(limit: number, remaining: number): Promise<void> {
    const prefix = `${REPLICA_ID}:${++sequence}:pad`;
    await this.run('pad', limit, remaining, prefix);
  }

  async block(ms: number): Promise<void> {
    await this.run('block', Math.max(1, Math.ceil(ms)));
  }
}
