// What other features may use of this one.
export { OfferStore } from './offer-store.js';
export { QueueMetrics } from './queue-metrics.js';
export { linkQueueNodes } from './queue-node-link.js';
export { QueuePushes } from './queue-pushes.js';
export { createQueue } from './queue-setup.js';
export type { QueueFeature } from './queue-setup.js';
export { customerHandlers, supervisorHandlers, tellerHandlers } from './queue-socket.js';
export { TellerStore } from './teller-store.js';
export type { TellerProfile } from './teller-store.js';
export { ticketRoutes } from './ticket-http.js';
export { TicketStore } from './ticket-store.js';
export type { Ticket } from './ticket-store.js';
export { vipRoutes } from './vip-http.js';
export { VipStore } from './vip-store.js';
export { WrapUpStore } from './wrap-up-store.js';
