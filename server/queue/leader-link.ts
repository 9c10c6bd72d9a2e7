import { z } from 'zod';

/**
 * What a node that does not lead tells the leader about the line. The store
 * already has the change (written on the node where it happened); the notice
 * only says "look again", so a notice that is lost (no leader at that moment,
 * a leader deposed meanwhile) loses nothing: the next leader rebuilds its line
 * from the store when it is elected.
 */
export const queueNoticeSchema = z.discriminatedUnion('kind', [
  /** A customer joined or left on another node: the leader reloads the line from the store. */
  z.object({ kind: z.literal('line') }),
  /** A customer's page opened on another node: it is not gone, and wants its position. */
  z.object({ kind: z.literal('pageCame'), ticketId: z.string().max(100) }),
  /** A customer's last page on another node went away: its grace period starts. */
  z.object({ kind: z.literal('pageGone'), ticketId: z.string().max(100) }),
]);
export type QueueNotice = z.infer<typeof queueNoticeSchema>;

/** How the queue reaches the other nodes; the composition connects it to socket.io's adapter. */
export interface NodeLink {
  /** Tells every other node (only the leader acts on it). */
  tell(notice: QueueNotice): void;
  /** Whether a page of this ticket is open on any node (this one included). */
  pagesAnywhere(ticketId: string): Promise<boolean>;
}

/**
 * The queue's end of the link between nodes (README, "Queue leader"). Until
 * it is connected (units on their own, one node) nothing is told and no page
 * is open elsewhere.
 */
export class LeaderLink implements NodeLink {
  #link: NodeLink | undefined;

  connect(link: NodeLink): void {
    this.#link = link;
  }

  tell(notice: QueueNotice): void {
    this.#link?.tell(notice);
  }

  pagesAnywhere(ticketId: string): Promise<boolean> {
    return this.#link ? this.#link.pagesAnywhere(ticketId) : Promise.resolve(false);
  }
}
