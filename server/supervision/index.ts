// What other features may use of this one.
export { DayStatsStore } from './day-stats-store.js';
export { LiveCallsStore } from './live-calls-store.js';
export { SupervisorBoardPublisher } from './supervisor-board.js';
export type { SupervisorBoardSource } from './supervisor-board.js';
