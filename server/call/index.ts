// What other features may use of this one.
export { CallStore } from './call-store.js';
export { CUSTOMER_KEY, CounterService } from './counter-service.js';
export { forwardCounterEvents } from './counter-socket.js';
export { mediaHandlers } from './media-socket.js';
export { TimelineStore, parseStoredEvent } from './timeline-store.js';
export type { CallEvent, StoredEvent, StoredEventRow } from './timeline-store.js';
export { TransferStore } from './transfer-store.js';
