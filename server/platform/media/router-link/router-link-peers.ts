import type { types } from 'mediasoup';
import { HttpLinkChannel } from './http-link-channel.js';
import type { LinkPost } from './link-post.js';
import { RouterLinkPeer } from './router-link-peer.js';

/** Another node of the cluster, where its router link endpoint answers. */
export interface NodeAddress {
  id: string;
  /** The node's own base URL (not the public origin). */
  url: string;
}

export interface RouterLinkPeersOptions {
  /** This node's id, as its peers know it. */
  nodeId: string;
  /** The secret every node of the cluster shares for node-to-node requests. */
  secret: string;
  /** The cluster's live nodes now (this one included or not); read whenever a peer is looked up. */
  nodes: () => NodeAddress[];
  /** This node's routers the peers may pipe from, by id. */
  findRouter: (routerId: string) => types.Router | undefined;
  /** This node's pipe address and port range. */
  listenInfo: types.TransportListenInfo;
  /** How requests reach the peers (which certificates are trusted). */
  post?: LinkPost;
  /** Channel timings; the defaults suit a LAN. */
  channel?: { timeoutMs?: number; pingIntervalMs?: number; missedPings?: number };
  /** How long a gone peer's channel stays, answering its pings with `peer_down`, before a new one may open. */
  downHoldMs?: number;
  now?: () => number;
}

interface Entry {
  channel: HttpLinkChannel;
  peer: RouterLinkPeer;
  /** When the channel went down; undefined while it is up. */
  downAt?: number;
}

/**
 * This node's channels to the other nodes: one HttpLinkChannel and one
 * RouterLinkPeer per live node, made when first needed (a link opened here, or
 * a request from that node), from the cluster's node list. A peer that goes
 * down keeps its entry for `downHoldMs`, so that its pings are answered
 * `peer_down` and it closes its side of the links too; after that a new
 * channel replaces it. `close()` closes every link and channel.
 */
export class RouterLinkPeers {
  readonly #entries = new Map<string, Entry>();
  #closed = false;

  constructor(private readonly options: RouterLinkPeersOptions) {}

  /** This node's side towards `nodeId`, for opening links; undefined: not a live node, or just gone. */
  peer(nodeId: string): RouterLinkPeer | undefined {
    const entry = this.#entry(nodeId);
    return entry && !entry.channel.isDown ? entry.peer : undefined;
  }

  /** The channel a request from `nodeId` is delivered to (RouterLinkHttpEndpoint's `channelFor`). */
  channelFor(nodeId: string): HttpLinkChannel | undefined {
    return this.#entry(nodeId)?.channel;
  }

  /** How many peers have a channel now, up or being held down. */
  get size(): number {
    return this.#entries.size;
  }

  close(): void {
    this.#closed = true;
    for (const entry of this.#entries.values()) {
      entry.peer.close();
      entry.channel.close();
    }
    this.#entries.clear();
  }

  #entry(nodeId: string): Entry | undefined {
    if (this.#closed || nodeId === this.options.nodeId) return undefined;
    const now = (this.options.now ?? Date.now)();
    const current = this.#entries.get(nodeId);
    const held = current?.downAt !== undefined && now - current.downAt < (this.options.downHoldMs ?? 10_000);
    if (current && (current.downAt === undefined || held)) return current;
    // No channel yet, or the old one's hold is over: open one if the node is in the list.
    const node = this.options.nodes().find((candidate) => candidate.id === nodeId);
    if (current) this.#entries.delete(nodeId);
    return node ? this.#open(node) : undefined;
  }

  #open(node: NodeAddress): Entry {
    const { nodeId, secret, findRouter, listenInfo, post, channel: timings } = this.options;
    const channel = new HttpLinkChannel({ nodeId, peerUrl: node.url, secret, post, ...timings });
    // The peer closes its own links when the channel goes down; the entry records when.
    const peer = new RouterLinkPeer({ channel, findRouter, listenInfo });
    const entry: Entry = { channel, peer };
    channel.once('down', () => (entry.downAt = (this.options.now ?? Date.now)()));
    this.#entries.set(node.id, entry);
    return entry;
  }
}
