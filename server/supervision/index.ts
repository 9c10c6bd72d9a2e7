// What other features may use of this one.
export { DayStatsStore } from './day-stats-store.js';
export { LiveCallsStore } from './live-calls-store.js';
export { SupervisorBoardPublisher } from './supervisor-board.js';
export type { SupervisorBoardSource } from './supervisor-board.js';
export { MonitorRelayHost } from './monitor-relay-host.js';
export { RemoteMonitors } from './remote-monitors.js';
export { monitorRelayAnswerSchema } from './monitor-relay.js';
export type { MonitorRelayAnswer, MonitorRelayRequest } from './monitor-relay.js';
