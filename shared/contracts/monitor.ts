/** How a supervisor takes part in a call: silently, speaking to the teller only, or openly. */
export const MONITOR_MODES = ['listen', 'whisper', 'barge'] as const;
export type MonitorMode = (typeof MONITOR_MODES)[number];

/** A side of a call as pages name it; a supervisor's media is shown apart from the other side's. */
export type CallSide = 'customer' | 'teller' | 'supervisor';
