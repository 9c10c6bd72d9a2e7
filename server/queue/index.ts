// What other features may use of this one.
export { newTicket } from './new-ticket.js';
export { OfferStore } from './offer-store.js';
export { registerQueueMetrics } from './queue-metrics.js';
export { customerHandlers, supervisorHandlers, tellerHandlers } from './queue-socket.js';
export { canServe } from './rules/eligibility.js';
export { RoutingEngine } from './rules/routing-engine.js';
export type { Offer, RoutingTeller, RoutingTicket } from './rules/routing-types.js';
export { WaitEstimator } from './rules/wait-estimate.js';
export { TellerStore } from './teller-store.js';
export type { TellerProfile } from './teller-store.js';
export { ticketRoutes } from './ticket-http.js';
export { TicketStore } from './ticket-store.js';
export type { Ticket } from './ticket-store.js';
export { vipRoutes } from './vip-http.js';
export { VipStore } from './vip-store.js';
