import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { LimitStore } from '../attempt-limit.js';

const clientFor = (url: string) => createClient({ url });
type RedisClient = ReturnType<typeof clientFor>;

/** Prefix of every key and channel Skyteller uses, so one Redis may serve other applications too. */
const PREFIX = 'skyteller';

/**
 * What the nodes of one Skyteller installation share through Redis
 * (SKYTELLER_REDIS_URL): socket.io's pushes, over pub/sub, and the rate
 * limits' counters. Nothing in it outlives a Redis restart, and need not.
 */
export class SharedRedis {
  private constructor(
    readonly commands: RedisClient,
    readonly subscriber: RedisClient,
  ) {}

  /** Connects both clients; `problem` hears connection errors, which the clients retry by themselves. */
  static async connect(url: string, problem: (error: Error) => void): Promise<SharedRedis> {
    const commands = clientFor(url);
    // Subscribed connections take no other commands, so pub/sub needs a second one.
    const subscriber = clientFor(url);
    commands.on('error', problem);
    subscriber.on('error', problem);
    await Promise.all([commands.connect(), subscriber.connect()]);
    return new SharedRedis(commands, subscriber);
  }

  /** socket.io's adapter: `io.to(room).emit(…)` on one node reaches the room's sockets on every node. */
  socketAdapter(): ReturnType<typeof createAdapter> {
    return createAdapter(this.commands, this.subscriber, { key: `${PREFIX}:socket.io` });
  }

  /**
   * Rate limits counted in Redis. While Redis cannot be reached, each node
   * counts in its own memory instead (the insurance limiter): logins and
   * tickets go on being limited, per node, rather than failing.
   */
  readonly limits: LimitStore = (shape) =>
    new RateLimiterRedis({
      ...shape,
      keyPrefix: `${PREFIX}:limit:${shape.keyPrefix}`,
      storeClient: this.commands,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(shape),
    });

  async close(): Promise<void> {
    await Promise.allSettled([this.commands.close(), this.subscriber.close()]);
  }
}
