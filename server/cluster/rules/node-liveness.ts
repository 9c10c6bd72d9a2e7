/**
 * A node that missed this many heartbeats in a row counts as gone: one late
 * write (a long garbage collection, a busy store) does not make it look dead.
 */
export const MISSED_HEARTBEATS_BEFORE_GONE = 3;

/** Whether a node that last reported at `lastSeenAt` still counts as running at `now`. */
export function isLive(lastSeenAt: number, now: number, heartbeatMs: number): boolean {
  return now - lastSeenAt <= heartbeatMs * MISSED_HEARTBEATS_BEFORE_GONE;
}
