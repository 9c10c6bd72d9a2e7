import type { Logger } from 'pino';
import type { CallRegistry } from '../call/index.js';
import { drainState, movesOnDrain, type DrainedPage, type NodeHeartbeat } from '../cluster/index.js';
import { mayAsk, type Principal } from '../identity/index.js';
import type { LeaderElection } from '../platform/cluster/leader-election.js';
import type { DrainConfig } from '../platform/config.js';
import type { AppSocket } from '../platform/socket/request-binder.js';
import type { AppServer } from '../platform/socket/socket-server.js';
import type { QueueFeature } from '../queue/index.js';

/** How often a draining node looks again at its calls, and lets go of pages that came or came free. */
const POLL_MS = 250;
/**
 * A page whose call (or wrap-up) just ended stays this long before it is let go: the answer to its
 * hang-up and the call's end reach it here first (a page that reconnects asks its state anyway).
 */
const FREED_SETTLE_MS = 2_000;

export interface NodeDrainDeps {
  /** drain() marks the node draining (what /healthz and the heartbeat report) and tells the leader its tellers are gone. */
  queue: Pick<QueueFeature, 'drain' | 'presence'>;
  leadership: Pick<LeaderElection, 'close'>;
  heartbeat: Pick<NodeHeartbeat, 'beat'>;
  registry: Pick<CallRegistry, 'count' | 'ofTicket' | 'ofTeller'>;
  io: AppServer<Principal>;
  settings: DrainConfig;
  /**
   * Moves this node's calls to other nodes instead of waiting for them to end (server/call/ owns
   * it). Undefined: the drain waits for the calls, up to `settings.timeoutMs`.
   */
  moveCalls?: () => Promise<void>;
  clock: () => number;
  logger: Logger;
}

/**
 * A node stopped with SIGTERM drains before it closes (README, "Deployment"):
 *
 * 1. It says so at once: /healthz answers 503 `draining` and its heartbeat row says `draining`, so
 *    the load balancer sends it nobody new and calls are placed elsewhere; it lets go of the queue's
 *    leadership, so another node leads at its next attempt; the leader hears its tellers are gone
 *    from routing, and an acceptance here is refused.
 * 2. It waits for the load balancer to take it out (`loadBalancerWaitMs`).
 * 3. It disconnects the pages of waiting customers and of tellers with nothing on their desk: they
 *    reconnect through the load balancer to another node, where the customer's place (kept through
 *    the abandon grace, in the store) and the teller's status are waiting for them.
 * 4. Its calls are moved (`moveCalls`) or waited for, up to `timeoutMs`; a page freed meanwhile
 *    (a call ended, a wrap-up recorded) or arriving late is let go in turn.
 *
 * Then the caller closes the node as at any stop: what is left ends as it does today.
 */
export class NodeDrain {
  #draining: Promise<void> | undefined;
  readonly #aborted = new AbortController();
  /** Sockets seen held by a call or a wrap-up, and when each was first seen free since. */
  readonly #held = new Map<string, number | undefined>();

  constructor(private readonly deps: NodeDrainDeps) {}

  /** Resolves once the node holds nothing more, or its time is up, or close() cut the drain short. */
  drain(): Promise<void> {
    this.#draining ??= this.#run();
    return this.#draining;
  }

  /** The node is closing: a drain under way stops waiting (close ends what is left). */
  abort(): void {
    this.#aborted.abort();
  }

  async #run(): Promise<void> {
    const { deps } = this;
    const { loadBalancerWaitMs, timeoutMs } = deps.settings;
    deps.logger.info({ loadBalancerWaitMs, timeoutMs }, 'draining: this node takes nothing new');
    const toldLeader = deps.queue.drain();
    const resigned = deps.leadership.close();
    // A beat asked for while one runs is that one, which may have read "not draining": the second writes it.
    await deps.heartbeat.beat();
    await deps.heartbeat.beat();
    // A store that fails here costs the drain nothing it needs: the next leader rebuilds from the store.
    await Promise.all([toldLeader, resigned]).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'draining: the queue’s leadership was not handed on cleanly'),
    );
    await this.#sleep(loadBalancerWaitMs);
    const moved = this.#letPagesGo();
    deps.logger.info({ moved }, 'draining: the waiting customers’ and free tellers’ pages go to other nodes');
    if (deps.moveCalls && !this.#aborted.signal.aborted)
      await deps
        .moveCalls()
        .catch((error: unknown) =>
          deps.logger.error(
            { err: error },
            'draining: the calls could not all be moved; the rest are waited for',
          ),
        );
    const waitFrom = deps.clock();
    for (;;) {
      if (this.#aborted.signal.aborted) return;
      const state = drainState(this.#holding(), deps.clock() - waitFrom, timeoutMs);
      if (state === 'done') {
        // The pages the last call or wrap-up held go too, once its end has reached them.
        this.#letPagesGo();
        if (this.#held.size > 0) await this.#sleep(FREED_SETTLE_MS);
        this.#letPagesGo();
        return deps.logger.info('drained: no call left on this node');
      }
      if (state === 'timed_out')
        return deps.logger.warn({ calls: deps.registry.count }, 'drain timed out: the calls left end now');
      await this.#sleep(POLL_MS);
      this.#letPagesGo();
    }
  }

  /** A call on this node, or a teller here still recording one's outcome. */
  #holding(): boolean {
    if (this.deps.registry.count > 0) return true;
    for (const present of this.deps.queue.presence.all()) if (!present.remote && present.wrapUp) return true;
    return false;
  }

  /** Disconnects this node's pages that may go now; how many. Their clients reconnect by themselves. */
  #letPagesGo(): number {
    const now = this.deps.clock();
    const open = new Set<string>();
    let moved = 0;
    for (const socket of this.deps.io.sockets.sockets.values()) {
      open.add(socket.id);
      const page = this.#pageOf(socket);
      if (page.role === 'other') continue;
      if (!movesOnDrain(page)) {
        this.#held.set(socket.id, undefined);
        continue;
      }
      if (this.#held.has(socket.id)) {
        const freedAt = this.#held.get(socket.id) ?? now;
        this.#held.set(socket.id, freedAt);
        if (now - freedAt < FREED_SETTLE_MS) continue;
        this.#held.delete(socket.id);
      }
      socket.disconnect(true);
      moved++;
    }
    for (const id of this.#held.keys()) if (!open.has(id)) this.#held.delete(id);
    return moved;
  }

  #pageOf(socket: AppSocket<Principal>): DrainedPage {
    const { principal } = socket.data;
    const { registry, queue } = this.deps;
    if (principal.kind === 'customer')
      return { role: 'customer', inCall: registry.ofTicket(principal.ticketId) !== undefined };
    if (!mayAsk(principal, 'queue.serve')) return { role: 'other' };
    const { id } = principal.user;
    return {
      role: 'teller',
      inCall: registry.ofTeller(id) !== undefined,
      wrappingUp: Boolean(queue.presence.get(id)?.wrapUp),
    };
  }

  #sleep(ms: number): Promise<void> {
    const { signal } = this.#aborted;
    if (signal.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}
