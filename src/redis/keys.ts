/**
 * Every key the gateway writes to Redis, in one place. All keys start with the deployment's
 * prefix (REDIS_KEY_PREFIX: several gateways may share one Redis). Keys that one Lua script
 * touches together carry the same hash tag, `{…}`, so they live in one Redis Cluster slot.
 *
 * - `<prefix>:{<tokenKey>}:rl`          the token's rolling-window log (sorted set)
 * - `<prefix>:{<tokenKey>}:rl:blocked`  set after HubSpot's 429 (or an unknown window), PX
 * - `<prefix>:{<tokenKey>}:rl:known`    "this Redis has kept the log": absent after data loss
 * - `<prefix>:cache:<key>`              the response cache (its keys carry the token identity)
 * - `<prefix>:state:<key>`              idempotency keys, webhook de-duplication
 * - `<prefix>:thread-change`            the pub/sub channel of thread changes
 */
export class RedisKeys {
  readonly prefix: string;

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  /** The three keys of one token's rate window, in the order the window script takes them. */
  rateWindow(tokenKey: string): [log: string, blocked: string, known: string] {
    const base = `${this.prefix}:{${tokenKey}}:rl`;
    return [base, `${base}:blocked`, `${base}:known`];
  }

  store(kind: 'cache' | 'state'): string {
    return `${this.prefix}:${kind}:`;
  }

  channel(topic: string): string {
    return `${this.prefix}:${topic}`;
  }
}
