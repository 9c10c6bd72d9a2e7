/**
 * How a page's socket tries again after its connection drops (socket.io-client's
 * Manager options). After a node dies all of its pages drop at once: the
 * randomisation spreads their first tries over 250–750 ms, so the survivors and
 * the load balancer take them as a stream rather than a wall, and a page whose
 * try failed (no node up yet) tries again within 2 s at the latest.
 * The cluster benchmark's pages use the same, so what it measures is what a page does.
 */
/**
 * socket.io does not try again after the server disconnected a page (a draining node lets its
 * waiting pages go): the page connects again itself after this long, by then through the load
 * balancer to another node.
 */
export const SERVER_DISCONNECT_RETRY_MS = 3_000;

export const PAGE_RECONNECTION = {
  reconnectionDelay: 500,
  reconnectionDelayMax: 2_000,
  randomizationFactor: 0.5,
} as const;
