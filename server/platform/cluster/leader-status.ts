/**
 * Whether this node is the one that decides offers (issue 16: "one queue, many
 * nodes"): what /healthz and the node's heartbeat ask of the queue's leader
 * election (leader-election.ts).
 */
export interface LeaderStatus {
  isLeader(): boolean;
}
