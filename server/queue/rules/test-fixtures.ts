import type { RoutingPolicy, RoutingTeller, RoutingTicket } from './routing-types.js';

/** Shared by the engine's example and property tests. */
export const MINUTE = 60_000;

export const testPolicy: RoutingPolicy = {
  boostMs: { elderly: 10 * MINUTE, vip: 5 * MINUTE, normal: 0 },
  dialects: new Set(['yue', 'nan']),
  mandarin: 'cmn',
  mandarinFallbackAfterMs: 2 * MINUTE,
  offerTimeoutMs: 15_000,
};

export const ticket = (
  ticketId: string,
  joinedAt: number,
  extra: Partial<RoutingTicket> = {},
): RoutingTicket => ({
  ticketId,
  serviceId: 'loan',
  language: 'cmn',
  priority: 'normal',
  joinedAt,
  joinSeq: 0,
  mandarinFallback: false,
  ...extra,
});

export const teller = (tellerId: string, extra: Partial<RoutingTeller> = {}): RoutingTeller => ({
  tellerId,
  skills: new Set(['loan']),
  languages: new Set(['cmn']),
  available: true,
  idleSince: 0,
  ...extra,
});
