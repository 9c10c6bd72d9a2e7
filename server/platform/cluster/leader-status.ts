/**
 * Whether this node is the one that decides offers (issue 16: "one queue, many
 * nodes"). /healthz and the node's heartbeat ask it; the queue's leader
 * election will implement it.
 */
export interface LeaderStatus {
  isLeader(): boolean;
}

/**
 * Until the queue's leader election lands, no node claims to lead: every node
 * still decides its own offers from its own store, so none is "the" leader.
 */
export const NO_LEADER_ELECTION: LeaderStatus = { isLeader: () => false };
