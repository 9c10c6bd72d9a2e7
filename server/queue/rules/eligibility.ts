import type { RoutingPolicy, RoutingTeller, RoutingTicket } from './routing-types.js';

/**
 * The routing rules in their plainest form: may this teller serve this ticket
 * now? The engine answers the same question through its indexes; the tests
 * hold it to this.
 */
export function canServe(
  teller: RoutingTeller,
  ticket: RoutingTicket,
  policy: RoutingPolicy,
  now: number,
): boolean {
  const { transfer } = ticket;
  if (transfer && teller.tellerId === transfer.fromTellerId) return false;
  if (transfer?.tellerId) return teller.tellerId === transfer.tellerId;
  if (!teller.skills.has(ticket.serviceId)) return false;
  if (teller.languages.has(ticket.language)) return true;
  return mayFallBack(ticket, policy, now) && teller.languages.has(policy.mandarin);
}

/** A dialect ticket whose customer agreed, and who has waited long enough, may go to a Mandarin teller. */
export function mayFallBack(ticket: RoutingTicket, policy: RoutingPolicy, now: number): boolean {
  return (
    ticket.mandarinFallback &&
    !ticket.transfer &&
    policy.dialects.has(ticket.language) &&
    now - ticket.joinedAt >= policy.mandarinFallbackAfterMs
  );
}

/** Transfers outrank every class; their own order is by request time. */
const TRANSFER_RANK_BASE = Number.MIN_SAFE_INTEGER / 2;

/**
 * A ticket's place in line as a time: its joined time moved earlier by its
 * class's boost. FIFO within a class; a lower class is passed only by tickets
 * that joined less than the boost difference after it, which bounds its wait.
 */
export function rankOf(ticket: RoutingTicket, policy: RoutingPolicy): number {
  if (ticket.transfer) return TRANSFER_RANK_BASE + ticket.transfer.requestedAt;
  return ticket.joinedAt - policy.boostMs[ticket.priority];
}
