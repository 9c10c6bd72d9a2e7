// What other features may use of this one.
export type { ActiveCall, CallTicket } from './active-call.js';
export { callHistoryRoutes } from './call-history-http.js';
export { CallHistoryStore } from './call-history-store.js';
export type { CallEnded, CallHandedOver, TransferWithdrawn } from './call-bus.js';
export { CallHandOff } from './call-hand-off.js';
export { CallPushes } from './call-pushes.js';
export type { CallMonitor, CallRegistry, CallSummary } from './call-registry.js';
export { createCallFeature } from './call-setup.js';
export type { CallFeature } from './call-setup.js';
export { CallStore } from './call-store.js';
export { mediaHandlers } from './media-socket.js';
export type { MonitorsElsewhere } from './media-socket.js';
export { CUSTOMER_KEY, monitorKey, monitorOfKey, tellerKey } from './participants.js';
export { MONITOR_TERMS } from './monitoring.js';
export type { Monitoring } from './monitoring.js';
export type { CallParticipant } from './participants.js';
export { TimelineStore, parseStoredEvent } from './timeline-store.js';
export type { StoredEvent, StoredEventRow } from './timeline-store.js';
export type {
  CallEvent,
  CallEventData,
  CallEventOf,
  CallEventType,
} from '../../shared/contracts/call-events.js';
export { TransferStore } from './transfer-store.js';
export type { TransferRow } from './transfer-store.js';
