/** The participant key of a call's customer inside its media room. */
export const CUSTOMER_KEY = 'customer';

/** The participant key of a call's teller inside its media room. */
export const tellerKey = (tellerId: string): string => `teller:${tellerId}`;

/** Someone taking part in a call, by participant key: where the call's media events go. */
export type CallParticipant =
  | { key: string; role: 'customer'; ticketId: string }
  | { key: string; role: 'teller'; tellerId: string };
