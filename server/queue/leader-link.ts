import { z } from 'zod';

/**
 * What a node that does not lead tells the leader about the line. The store
 * already has the change (written on the node where it happened); the notice
 * only says "look again", so a notice that is lost (no leader at that moment,
 * a leader deposed meanwhile) loses nothing: the next leader rebuilds its line
 * from the store when it is elected.
 */
const id = z.string().max(100);

/** What the leader routes a teller by, as the teller's own node (where its page is) has it. */
export const tellerSnapshotSchema = z.object({
  tellerId: id,
  displayName: z.string().max(200),
  skills: z.array(z.string().max(100)).max(100),
  languages: z.array(z.string().max(100)).max(100),
  status: z.enum(['available', 'away']),
  awayReason: z.string().max(100).nullable(),
  since: z.number(),
  idleSince: z.number(),
  /** In a call, or starting one. */
  busy: z.boolean(),
  /** Recording a call's outcome. */
  wrappingUp: z.boolean(),
});
export type TellerSnapshot = z.infer<typeof tellerSnapshotSchema>;

export const queueNoticeSchema = z.discriminatedUnion('kind', [
  /** A customer joined or left on another node: the leader reloads the line from the store. */
  z.object({ kind: z.literal('line') }),
  /** A customer's page opened on another node: it is not gone, and wants its position. */
  z.object({ kind: z.literal('pageCame'), ticketId: z.string().max(100) }),
  /** A customer's last page on another node went away: its grace period starts. */
  z.object({ kind: z.literal('pageGone'), ticketId: z.string().max(100) }),
  /** A teller's desk changed on its node (came, status, busy, wrap-up): the leader routes it so. */
  z.object({ kind: z.literal('teller'), teller: tellerSnapshotSchema }),
  /** A teller's last page on its node went: the leader routes it no more. */
  z.object({ kind: z.literal('tellerGone'), tellerId: id }),
  /** The teller passed on its offer, on its node: the leader decides (and stores) the decline. */
  z.object({ kind: z.literal('decline'), tellerId: id, ticketId: id }),
  /** The teller's node stored the acceptance (fenced, against the stored offer): out of the leader's line. */
  z.object({ kind: z.literal('accepted'), tellerId: id, ticketId: id }),
  /** The accepted customer's call could not start on the teller's node: back in the leader's line. */
  z.object({ kind: z.literal('putBack'), ticketId: id }),
  // From the leader to the nodes:
  /** A new leader: every node tells it its tellers again. */
  z.object({ kind: z.literal('tellersAsked') }),
  /** The leader made or ended an offer to this teller: its node reads the stored offer and shows it. */
  z.object({ kind: z.literal('offerChanged'), tellerId: id }),
  /** The leader set this teller away (it let an offer expire): its node follows. */
  z.object({ kind: z.literal('tellerAway'), tellerId: id, reason: z.string().max(100) }),
]);
export type QueueNotice = z.infer<typeof queueNoticeSchema>;

/** How the queue reaches the other nodes; the composition connects it to socket.io's adapter. */
export interface NodeLink {
  /** Tells every other node (the leader acts on a follower's notice, the teller's node on the leader's). */
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
