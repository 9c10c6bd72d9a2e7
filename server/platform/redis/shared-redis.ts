import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { LimitStore } from '../attempt-limit.js';

const clientFor = (url: string) => createClient({ url });
type RedisClient = ReturnType<typeof clientFor>;

/** Prefix of every key and channel Skyteller uses, so one Redis may serve other applications too. */
const PREFIX = 'skyteller';
const START_TIMEOUT_MS = 10_000;

/**
 * Tells `problem` the first error of each outage, not every reconnection attempt's (nor every
 * command's that the outage cost); returns where a failed command reports.
 */
function reportOutages(client: RedisClient, problem: (error: Error) => void): (error: Error) => void {
  let down = false;
  const report = (error: Error): void => {
    if (!down) problem(error);
    down = true;
  };
  client.on('error', report);
  client.on('ready', () => (down = false));
  return report;
}

/**
 * The client as socket.io's adapter gets it: the adapter publishes without awaiting, and a
 * publish that Redis never answered (it stalled, restarted, or dropped the connection) rejects
 * with nobody to catch it, which stops the node (Node's default for unhandled rejections). Such
 * a push is lost, as it would be with Redis down; the outage is reported, and the node goes on.
 */
function publishingWithoutThrowing(client: RedisClient, failed: (error: Error) => void): RedisClient {
  const publish = (...args: Parameters<RedisClient['publish']>) =>
    client.publish(...args).catch((error: unknown) => {
      failed(error instanceof Error ? error : new Error(String(error)));
      return 0;
    });
  return new Proxy(client, {
    get: (target, key) => {
      if (key === 'publish') return publish;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' && key !== 'constructor' ? value.bind(target) : value;
    },
  });
}

/**
 * What the nodes of one Skyteller installation share through Redis
 * (SKYTELLER_REDIS_URL): socket.io's pushes, over pub/sub, and the rate
 * limits' counters. Nothing in it outlives a Redis restart, and need not.
 */
export class SharedRedis {
  private constructor(
    readonly commands: RedisClient,
    readonly subscriber: RedisClient,
    private readonly commandFailed: (error: Error) => void,
  ) {}

  /**
   * Connects both clients, or throws when Redis cannot be reached within
   * `startTimeoutMs` (a wrong URL stops the start with a message rather than
   * a node that waits for ever). Later outages the clients retry by themselves;
   * `problem` hears the first error of each.
   */
  static async connect(
    url: string,
    problem: (error: Error) => void,
    startTimeoutMs = START_TIMEOUT_MS,
  ): Promise<SharedRedis> {
    const commands = clientFor(url);
    // Subscribed connections take no other commands, so pub/sub needs a second one.
    const subscriber = clientFor(url);
    const commandFailed = reportOutages(commands, problem);
    reportOutages(subscriber, problem);
    const connecting = Promise.all([commands.connect(), subscriber.connect()]);
    connecting.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const seconds = startTimeoutMs / 1000;
        reject(new Error(`SKYTELLER_REDIS_URL: Redis did not answer within ${seconds} s`));
      }, startTimeoutMs);
    });
    try {
      await Promise.race([connecting, deadline]);
    } catch (error) {
      for (const client of [commands, subscriber]) client.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return new SharedRedis(commands, subscriber, commandFailed);
  }

  /** socket.io's adapter: `io.to(room).emit(…)` on one node reaches the room's sockets on every node. */
  socketAdapter(): ReturnType<typeof createAdapter> {
    return createAdapter(publishingWithoutThrowing(this.commands, this.commandFailed), this.subscriber, {
      key: `${PREFIX}:socket.io`,
    });
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
