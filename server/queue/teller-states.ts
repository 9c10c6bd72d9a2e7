import { SERVICE_LANGUAGES } from '../../shared/catalog/languages.js';
import { SERVICES } from '../../shared/catalog/services.js';
import type {
  OfferView,
  TellerStateView,
  TransferTargetsView,
} from '../../shared/contracts/socket-events.js';
import { tellerKey, type CallFeature } from '../call/index.js';
import type { Line } from './line.js';
import type { Offers } from './offers.js';
import type { RoutingEngine } from './rules/routing-engine.js';
import type { Offer } from './rules/routing-types.js';
import type { PresentTeller, TellerPresence } from './teller-presence.js';
import type { WrapUps } from './wrap-ups.js';

export interface TellerStatesDeps {
  engine: RoutingEngine;
  line: Line;
  presence: TellerPresence;
  offers: Offers;
  wrapUps: WrapUps;
  calls: Pick<CallFeature, 'registry' | 'transfers'>;
  clock: () => number;
}

/** What a teller's page shows: its status, the offer in front of it, its call and its hand-over. */
export class TellerStates {
  constructor(private readonly deps: TellerStatesDeps) {}

  of(tellerId: string): TellerStateView {
    const { presence, offers, line, calls, wrapUps } = this.deps;
    const present = presence.require(tellerId);
    const call = calls.registry.ofTeller(tellerId);
    const offer = offers.ofTeller(tellerId);
    // On a node that does not lead: the offer the leader made this teller, as stored.
    const shown = offers.shownTo(tellerId);
    const transfer = calls.registry.transferFrom(tellerId);
    return {
      status: call ? 'in_call' : present.wrapUp ? 'wrap_up' : offer || shown ? 'offered' : present.status,
      awayReason: present.status === 'away' ? present.awayReason : null,
      waiting: line.waitingCount,
      offer: offer ? this.#offerView(offer) : (shown ?? null),
      call: call ? calls.registry.view(call, tellerKey(tellerId)) : null,
      transfer: transfer ? calls.transfers.view(transfer) : null,
      wrapUp: call ? null : wrapUps.view(present),
      callNode: null,
    };
  }

  /** Every teller at work with its state, for the supervisor's board. */
  all(): (PresentTeller & { state: TellerStateView['status'] })[] {
    return [...this.deps.presence.all()].map((t) => ({ ...t, state: this.of(t.tellerId).status }));
  }

  /** Colleagues and groups a teller may hand a call to. */
  transferTargets(tellerId: string): TransferTargetsView {
    const { presence } = this.deps;
    presence.require(tellerId);
    const others = [...presence.all()].filter((t) => t.tellerId !== tellerId);
    const tellers = others.map((t) => ({
      tellerId: t.tellerId,
      displayName: t.displayName,
      status: this.of(t.tellerId).status,
    }));
    const groups = SERVICES.flatMap((service) =>
      SERVICE_LANGUAGES.map((language) => ({
        serviceId: service.id,
        language: language.id,
        staffed: others.filter((t) => t.skills.has(service.id) && t.languages.has(language.id)).length,
      })),
    );
    return { tellers, groups };
  }

  #offerView(offer: Offer): OfferView | null {
    const { engine, line, presence, calls } = this.deps;
    const routed = engine.ticket(offer.ticketId);
    const call = calls.registry.ofTicket(offer.ticketId);
    const ticket = call?.ticket ?? line.ticket(offer.ticketId);
    if (!routed || !ticket) return null;
    const now = this.deps.clock();
    return {
      ticketId: offer.ticketId,
      fullName: ticket.fullName,
      serviceId: routed.serviceId,
      language: routed.language,
      priority: ticket.priority,
      waitedMs: now - ticket.joinedAt,
      expiresAt: offer.expiresAt,
      expiresInMs: Math.max(0, offer.expiresAt - now),
      transfer:
        call?.transfer && routed.transfer
          ? { fromTeller: presence.nameOf(call.tellerId) ?? '', reason: call.transfer.reason }
          : null,
    };
  }
}
