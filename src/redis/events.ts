import { createRedisEventTarget as yogaRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { Redis } from 'ioredis';

export interface RedisEventTargetOptions {
  /** Any connection not in subscriber mode (the gateway's command connection). */
  publishClient: Redis;
  /** A connection of its own: once subscribed it can do nothing else. */
  subscribeClient: Redis;
  /** Prepended to every topic (REDIS_KEY_PREFIX), so two deployments never hear each other. */
  channelPrefix: string;
  /** A PUBLISH / SUBSCRIBE that failed (Redis down): logged, never thrown. */
  onError?: (operation: string, error: unknown) => void;
}

/**
 * yoga's Redis EventTarget (`@graphql-yoga/redis-event-target`) for `createPubSub`: every
 * replica's listeners hear each published event exactly once (the publisher's own included, by
 * way of Redis). Two adjustments around it: topics get the deployment's prefix, and the
 * library's un-awaited PUBLISH / SUBSCRIBE promises are caught (with Redis down, an unhandled
 * rejection would end the process).
 */
export function createRedisEventTarget(options: RedisEventTargetOptions): EventTarget {
  const { publishClient, subscribeClient, channelPrefix } = options;
  const prefix = `${channelPrefix}:`;
  const report = (operation: string) => (error: unknown) => options.onError?.(operation, error);
  const publisher = {
    publish: (channel: string, message: string) =>
      publishClient.publish(prefix + channel, message).catch(report('publish')),
  };
  const subscriber = {
    on(event: string, listener: (channel: string, message: string) => void) {
      if (event !== 'message') return subscriber;
      subscribeClient.on('message', (channel: string, message: string) => {
        if (channel.startsWith(prefix)) listener(channel.slice(prefix.length), message);
      });
      return subscriber;
    },
    subscribe: (channel: string) =>
      subscribeClient.subscribe(prefix + channel).catch(report('subscribe')),
    unsubscribe: (channel: string) =>
      subscribeClient.unsubscribe(prefix + channel).catch(report('unsubscribe')),
  };
  return yogaRedisEventTarget({
    publishClient: publisher as unknown as Redis,
    subscribeClient: subscriber as unknown as Redis,
  }) as unknown as EventTarget;
}
