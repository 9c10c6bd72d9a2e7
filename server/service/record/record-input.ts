import type { Label } from '../../../shared/catalog/fields.js';

/**
 * Everything the service record shows, as plain data: the caller gathers it
 * from the database. Times are epoch milliseconds.
 */
export interface ServiceRecordInput {
  callId: string;
  service: { id: string; names: Label; risk: 'low' | 'high' };
  outcome: 'completed' | 'withdrawn';
  startedAt: number;
  endedAt: number;
  /** Full ID number: the record prints it masked except the last four characters. */
  customer: { name: string; idNumber: string };
  /** Every teller who served the call, in order (a transfer adds one). */
  tellers: { name: string; staffId: string; joinedAt: number; leftAt?: number }[];
  steps: RecordStep[];
  checks?: RecordCheck[];
  signature?: { png: Uint8Array; summaryHash: string; capturedAt: number };
  recording?: { reference: string; manifestSha256: string };
  events: RecordEvent[];
  /** IANA zone the times are printed in; Asia/Shanghai when absent. */
  timeZone?: string;
}

export interface RecordField {
  label: Label;
  value: string;
}

export interface RecordStep {
  title: Label;
  confirmedAt?: number;
  confirmedBy?: string;
  /** What the teller presented with the step (a surrender's retention figures). */
  presented?: RecordField[];
  values: RecordField[];
}

export interface RecordCheck {
  kind: string;
  label: Label;
  passed: boolean;
  at: number;
  /** e.g. "score 0.91 ≥ 0.60, challenge: blink" */
  detail?: string;
}

export interface RecordEvent {
  at: number;
  type: string;
  actor: string;
  detail?: string;
}
