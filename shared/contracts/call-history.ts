import type { Label } from '../catalog/fields.js';
import type { CallEndReason } from './socket-events.js';

/** One call of the teller's day, from the store: how it went and where its signed record is. */
export interface CallHistoryRow {
  callId: string;
  serviceId: string;
  customerName: string;
  startedAt: number;
  /** Null while the call goes on. */
  endedAt: number | null;
  /** How the call ended for this teller: `transferred` when it handed the call to a colleague. */
  endReason: CallEndReason | null;
  /** The guided service's end: null when it never started. */
  serviceStatus: 'in_progress' | 'completed' | 'withdrawn' | null;
  /** The outcome the teller gave in its wrap-up; the label is null for a code no longer configured. */
  wrapUp: { outcome: string | null; label: Label | null; note: string } | null;
  /** The signed record, once the service ended. */
  recordUrl: string | null;
}

export interface CallHistoryView {
  calls: CallHistoryRow[];
}
