import type { Logger } from 'pino';
import type { CallTicket } from './active-call.js';
import type { CallLifecycle } from './call-lifecycle.js';
import type { CallRegistry } from './call-registry.js';
import type { CallStore, OpenCall } from './call-store.js';
import { CUSTOMER_KEY, tellerKey } from './participants.js';
import type { RejoinGrace } from './rejoin-grace.js';

export interface CallFailoverDeps {
  calls: Pick<CallStore, 'open' | 'openOfTicket' | 'openOfTeller' | 'openHeldElsewhere'>;
  registry: CallRegistry;
  lifecycle: Pick<CallLifecycle, 'resume' | 'endInBackground'>;
  rejoin: Pick<RejoinGrace, 'dropped'>;
  /** Whether a node is gone: its heartbeat stopped, or its address does not answer as the same process. */
  isNodeLost: (nodeId: string) => Promise<boolean>;
  /** Whether a node's heartbeat stopped: the sign the sweep goes by, having no page of the call. */
  isNodeSilent: (nodeId: string) => Promise<boolean>;
  /** What a call keeps of its ticket, and its teller's name, read back from the store. */
  ticketOf: (ticketId: string) => Promise<CallTicket | undefined>;
  tellerName: (tellerId: string) => Promise<string>;
  logger: Logger;
}

/**
 * Where a page's call is held, asked when the page arrives on this node
 * (README, "Calls across nodes"). A call held here: nothing to do. A call
 * held by a live node: the page goes there. A call whose node is lost goes
 * on here, on a new router: the first node a side of it reaches takes it
 * (the store's claim decides between nodes, one promise per call within
 * this one), and both sides get the rejoin grace to come back.
 */
export class CallFailover {
  readonly #resuming = new Map<string, Promise<string | null>>();

  constructor(private readonly deps: CallFailoverDeps) {}

  /** The node a customer's page must reconnect to for its call; null: here, or no call. */
  async nodeForTicket(ticketId: string): Promise<string | null> {
    if (this.deps.registry.ofTicket(ticketId)) return null;
    return this.#whereabouts(await this.deps.calls.openOfTicket(ticketId));
  }

  /** The node a teller's page must reconnect to for its call; null: here, or no call. */
  async nodeForTeller(tellerId: string): Promise<string | null> {
    if (this.deps.registry.ofTeller(tellerId)) return null;
    return this.#whereabouts(await this.deps.calls.openOfTeller(tellerId));
  }

  /**
   * The calls of nodes whose heartbeat stopped that no page has brought back yet: taken here, as
   * a page would have (README, "Calls across nodes"), so that each ends by the rejoin grace if
   * nobody comes, with its recording closed, instead of staying open until its node restarts.
   * Run by one node (the queue leader); the store's claim decides anyway. The ids taken.
   */
  async adoptOrphans(): Promise<string[]> {
    const { registry } = this.deps;
    const silent = new Map<string, Promise<boolean>>();
    const adopted: string[] = [];
    for (const open of await this.deps.calls.openHeldElsewhere(registry.nodeId)) {
      const node = open.nodeId!;
      if (!silent.has(node)) silent.set(node, this.deps.isNodeSilent(node));
      if (!(await silent.get(node))) continue;
      if ((await this.#takeOver(open, node)) === null && registry.get(open.id)) adopted.push(open.id);
    }
    return adopted;
  }

  /**
   * `fromNode` drains and hands this node one of its calls, its recording's files handed over
   * already: the call goes on here as after a loss, its timeline saying it moved. True once it
   * runs here.
   */
  async takeFrom(callId: string, fromNode: string): Promise<boolean> {
    const open = await this.deps.calls.open(callId);
    if (open?.nodeId === fromNode) await this.#takeOver(open, fromNode, true);
    return this.deps.registry.get(callId) !== undefined;
  }

  async #whereabouts(open: OpenCall | undefined): Promise<string | null> {
    const here = this.deps.registry.nodeId;
    if (!open || open.nodeId === null || open.nodeId === here) return null;
    if (!(await this.deps.isNodeLost(open.nodeId))) return open.nodeId;
    return this.#takeOver(open, open.nodeId);
  }

  /** One resumption per call at a time on this node, whoever asks (a page, the sweep). */
  #takeOver(open: OpenCall, fromNode: string, handedOver = false): Promise<string | null> {
    let resuming = this.#resuming.get(open.id);
    if (!resuming) {
      resuming = this.#resume(open, fromNode, handedOver).finally(() => this.#resuming.delete(open.id));
      this.#resuming.set(open.id, resuming);
    }
    return resuming;
  }

  /** Null once the call runs here; otherwise the node that took it first. */
  async #resume(open: OpenCall, fromNode: string, handedOver: boolean): Promise<string | null> {
    const { registry, lifecycle } = this.deps;
    if (registry.get(open.id)) return null;
    const ticket = await this.deps.ticketOf(open.ticketId);
    if (!ticket) return null;
    const resumed = await lifecycle.resume({
      callId: open.id,
      ticket,
      tellerId: open.tellerId,
      tellerName: await this.deps.tellerName(open.tellerId),
      startedAt: open.startedAt,
      fromNode,
      handedOver,
    });
    if (!resumed) {
      // Another node took it first: the page goes there.
      const now = await this.deps.calls.openOfTicket(open.ticketId);
      return now?.nodeId && now.nodeId !== registry.nodeId ? now.nodeId : null;
    }
    const call = registry.get(open.id);
    if (!call) return null;
    if (handedOver)
      this.deps.logger.info(
        { callId: open.id, fromNode },
        'a call handed over by a draining node goes on here',
      );
    else this.deps.logger.warn({ callId: open.id, fromNode }, 'a call whose node was lost goes on here');
    // Neither side is here yet: each has the rejoin grace to come back, or the call ends for it.
    const { rejoin } = this.deps;
    rejoin.dropped(call, CUSTOMER_KEY, 'customer', () =>
      lifecycle.endInBackground(open.id, 'customer_disconnected'),
    );
    rejoin.dropped(call, tellerKey(open.tellerId), open.tellerId, () =>
      lifecycle.endInBackground(open.id, 'teller_disconnected'),
    );
    return null;
  }
}
