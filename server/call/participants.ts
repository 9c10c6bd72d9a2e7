import type { CallSide, MonitorMode } from '../../shared/contracts/monitor.js';

/** The participant key of a call's customer inside its media room. */
export const CUSTOMER_KEY = 'customer';

/** The participant key of a call's teller inside its media room. */
export const tellerKey = (tellerId: string): string => `teller:${tellerId}`;

/**
 * The participant key of a supervisor monitoring a call, one per mode, so a
 * change of mode starts its media afresh and the recording keeps a whisper's
 * track apart from a barge's: `listen:<id>`, `whisper:<id>`, `supervisor:<id>`.
 */
export const monitorKey = (mode: MonitorMode, supervisorId: string): string =>
  `${mode === 'barge' ? 'supervisor' : mode}:${supervisorId}`;

/** Whose media a participant key stands for, as pages name the sides. */
export function sideOfKey(key: string): CallSide {
  if (key === CUSTOMER_KEY) return 'customer';
  return key.startsWith('teller:') ? 'teller' : 'supervisor';
}

/** A supervisor's key, read back: its id and whether its media is a whisper; undefined for the sides. */
export function monitorOfKey(key: string): { supervisorId: string; whisper: boolean } | undefined {
  const match = /^(listen|whisper|supervisor):(.+)$/.exec(key);
  return match ? { supervisorId: match[2]!, whisper: match[1] === 'whisper' } : undefined;
}

/** Someone taking part in a call, by participant key: where the call's media events go. */
export type CallParticipant =
  | { key: string; role: 'customer'; ticketId: string }
  | { key: string; role: 'teller'; tellerId: string }
  | { key: string; role: 'supervisor'; supervisorId: string };
