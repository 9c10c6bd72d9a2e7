import type { Label } from '../../../shared/catalog/fields.js';
import type { SignatureStroke } from '../../../shared/domain/signature-strokes.js';

export type RecordOutcome = 'completed' | 'withdrawn' | 'not_completed';

/** The language the record's timeline is written in; the form on page 1 shows both. */
export type RecordLanguage = 'zh-CN' | 'en';

/**
 * Everything the service record shows, as plain data: the caller gathers it
 * from the database. Times are epoch milliseconds.
 */
export interface ServiceRecordInput {
  callId: string;
  /** The institution's name, at the head of the form. */
  institution: string;
  language: RecordLanguage;
  service: { id: string; names: Label; risk: 'low' | 'high' };
  /**
   * 'not_completed': the call ended with the service unfinished because the
   * face check failed on every attempt the call had (the one unfinished case
   * that gets a record).
   */
  outcome: RecordOutcome;
  startedAt: number;
  endedAt: number;
  /** Full ID number: the record prints it masked except the last four characters. */
  customer: { name: string; idNumber: string };
  /** Every teller who served the call, in order (a transfer adds one). */
  tellers: { name: string; staffId: string; joinedAt: number; leftAt?: number }[];
  steps: RecordStep[];
  checks?: RecordCheck[];
  /**
   * Drawn from the stored strokes as vector lines: the customer's PNG is never
   * decoded into the record.
   */
  signature?: { strokes: readonly SignatureStroke[]; summaryHash: string; capturedAt: number };
  recording?: { reference: string; manifestSha256: string };
  events: RecordEvent[];
  /** IANA zone the times are printed in: the institution's (SKYTELLER_TIME_ZONE). */
  timeZone: string;
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
  /** The face distance to the reference (lower is closer) and the pass line. */
  distance?: number;
  threshold?: number;
  /** Medians of the face check's passive signals, when it has them (advisory only). */
  passiveSignals?: { antispoof?: number; liveness?: number };
  /** The photo the face check was judged against (absent for checks stored before it was recorded). */
  reference?: RecordReference;
}

/** A face check's reference: who provided it, who uploaded it (already in words), its SHA-256. */
export interface RecordReference {
  source?: 'customer' | 'teller' | 'on_file';
  uploadedBy?: Label;
  sha256?: string;
}

/** A hash the timeline names shortened; the appendix prints it in full. */
export interface RecordHash {
  label: Label;
  sha256: string;
}

/** One timeline line, already in words (record-timeline.ts words stored events). */
export interface RecordEvent {
  at: number;
  who: Label;
  what: Label;
  hashes?: RecordHash[];
}
