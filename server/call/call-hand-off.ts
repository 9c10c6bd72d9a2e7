import type { Logger } from 'pino';
import type { CallBus } from './call-bus.js';
import type { CallLifecycle } from './call-lifecycle.js';
import type { CallRegistry } from './call-registry.js';

export interface CallHandOffDeps {
  registry: CallRegistry;
  lifecycle: Pick<CallLifecycle, 'end'>;
  bus: CallBus;
  /** The nodes that take calls now, the best place first (never this node, which drains). */
  nodesForCalls: () => Promise<string[]>;
  /** Asks `nodeId` to take the call from this node (its answer may be lost: the store says). */
  askToTake: (nodeId: string, callId: string) => Promise<void>;
  /** The node that holds the call in the store now; undefined once it ended. */
  holderOf: (callId: string) => Promise<string | null | undefined>;
  /**
   * Finishes what this node wrote of the call (its recording's files) and hands it over, for the
   * node that goes on to write after it. Rejects when it could not.
   */
  release: (callId: string) => Promise<void>;
  logger: Logger;
}

/**
 * A draining node's calls go on on other nodes (README, "Deployment"), one at a time:
 * 1. the recording here is finished and handed over (the media still flows meanwhile);
 * 2. the nodes that take calls are asked in turn, best placed first, to take it: the first that
 *    does claims the call in the store and opens a new router, as after a node's loss;
 * 3. only then is it let go here: its router closes, and both pages are told where it went
 *    (`callMovedAway`), and reconnect there by themselves.
 * A call no node takes ends here (`server_shutdown`): it would end at the drain's close anyway,
 * and its recording stopped in step 1. A call that cannot be handed over (its recording could not
 * be) stays here, and the drain waits for it as before.
 */
export class CallHandOff {
  constructor(private readonly deps: CallHandOffDeps) {}

  /** Every call on this node, one after the other; how many went to other nodes. */
  async moveAll(): Promise<number> {
    let moved = 0;
    for (const callId of this.deps.registry.ids()) if (await this.move(callId)) moved++;
    return moved;
  }

  /** True once the call runs on another node. */
  async move(callId: string): Promise<boolean> {
    const { registry, logger } = this.deps;
    if (!registry.get(callId)) return false;
    const targets = await this.deps.nodesForCalls();
    if (targets.length === 0) {
      logger.warn({ callId }, 'draining: no other node takes calls now; the call stays here');
      return false;
    }
    try {
      await this.deps.release(callId);
    } catch (error) {
      logger.error({ err: error, callId }, 'the call’s recording could not be handed over: it stays here');
      return false;
    }
    for (const target of targets) {
      await this.deps.askToTake(target, callId).catch((error: unknown) => {
        logger.warn({ err: error, callId, nodeId: target }, 'a node did not answer whether it took the call');
      });
      // The store decides, not the answer: one that timed out may still have taken the call.
      const nodeId = await this.deps.holderOf(callId);
      // It ended meanwhile (a side hung up here): that end said all there is to say.
      if (nodeId === undefined) return false;
      if (nodeId === registry.nodeId || nodeId === null) continue;
      const call = registry.remove(callId);
      if (!call) return true;
      // Out of the registry first: the router's close is then no media failure that ends the call.
      call.room.close();
      this.deps.bus.emit('callMovedAway', call, nodeId);
      logger.info({ callId, nodeId }, 'draining: the call goes on on another node');
      return true;
    }
    logger.error({ callId, tried: targets }, 'draining: no node took the call; it ends here');
    await this.deps.lifecycle.end(callId, 'server_shutdown');
    return false;
  }
}
