/** What a draining node knows of one of its pages (sockets). */
export type DrainedPage =
  | { role: 'customer'; inCall: boolean }
  | { role: 'teller'; inCall: boolean; wrappingUp: boolean }
  /** Supervisors, auditors, administrators: they hold nothing the node must hand on. */
  | { role: 'other' };

/**
 * Whether a draining node lets a page go now, so that it reconnects through the
 * load balancer to another node: a waiting customer (its place is in the store,
 * kept through the abandon grace) and a teller with nothing on its desk (its
 * status is in the store). A page in a call stays with the call; a teller
 * recording a call's outcome stays until it is recorded; other staff pages go
 * when the node closes, as at any stop.
 */
export function movesOnDrain(page: DrainedPage): boolean {
  if (page.role === 'customer') return !page.inCall;
  if (page.role === 'teller') return !page.inCall && !page.wrappingUp;
  return false;
}

/**
 * Where a drain stands once its pages were let go: `done` when nothing holds
 * the node any more (no call, no wrap-up), `timed_out` when the calls took
 * longer than the drain's limit (they then end as at any stop), else `wait`.
 */
export function drainState(
  holding: boolean,
  waitedMs: number,
  timeoutMs: number,
): 'wait' | 'done' | 'timed_out' {
  if (!holding) return 'done';
  return waitedMs >= timeoutMs ? 'timed_out' : 'wait';
}
