import type { ServiceId } from '../../../shared/catalog/services.js';
import type { StepValues } from '../../../shared/catalog/step-schema.js';
import type { CallEventData } from '../../../shared/contracts/call-events.js';
import type { ErrorBody } from '../../../shared/contracts/errors.js';
import type { SignatureStroke } from '../../../shared/domain/signature-strokes.js';

export interface FlowActor {
  role: 'teller' | 'customer';
  id: string;
}

export type StepStatus = 'awaiting_customer' | 'submitted' | 'confirmed';

export interface StepProgress {
  stepId: string;
  status: StepStatus;
  pushedAt: number;
  pushedBy: string;
  /** What the teller showed with the step (the surrender retention step). */
  presented?: StepValues;
  values?: StepValues;
  submittedAt?: number;
  confirmedAt?: number;
  confirmedBy?: string;
  corrections: { message: string; at: number; by: string }[];
  /** How often the customer submitted the step (flows stored before it was counted lack it). */
  submissions?: number;
}

export interface CapturedSignature {
  summaryHash: string;
  imageSha256: string;
  pointCount: number;
  durationMs: number;
  capturedAt: number;
}

/** A face check's outcome, supplied by the face-check work; only `passed` opens the gate. */
export interface FaceCheckOutcome {
  checkId: string;
  passed: boolean;
  score?: number;
  threshold?: number;
  /** Who provided the check's reference photo; absent for checks made before the reference policy. */
  referenceSource?: 'customer' | 'teller' | 'on_file';
}

export type FlowStatus = 'in_progress' | 'withdrawn' | 'completed';

export interface ServiceFlowState {
  callId: string;
  serviceId: ServiceId;
  status: FlowStatus;
  /** The steps pushed so far, in the service's order. */
  steps: StepProgress[];
  signature?: CapturedSignature;
  faceCheck?: FaceCheckOutcome;
  completedAt?: number;
  /**
   * Accepted messages by id, so that a retry changes nothing and gets the same reply: the
   * latest MAX_REMEMBERED_MESSAGES (service-flow.ts), in the order they were accepted.
   */
  handled: Record<string, { fingerprint: string; reply: FlowReply }>;
}

export type FlowCommand =
  | { type: 'push_step'; stepId: string; presented?: unknown }
  | { type: 'submit_step'; stepId: string; values: unknown }
  | { type: 'confirm_step'; stepId: string }
  | { type: 'request_correction'; stepId: string; message: string }
  | { type: 'withdraw'; stepId: string }
  | { type: 'capture_signature'; summaryHash: string; imageSha256: string; strokes: SignatureStroke[] }
  | { type: 'complete'; faceCheck?: FaceCheckOutcome };

export interface FlowMessage {
  messageId: string;
  actor: FlowActor;
  at: number;
  command: FlowCommand;
}

/** What a flow event is called; the call's timeline stores it as `service.<type>`. */
export type FlowEventType =
  | 'step_pushed'
  | 'step_submitted'
  | 'step_confirmed'
  | 'step_correction_requested'
  | 'withdrawn'
  | 'signature_captured'
  | 'completed';

/** What the caller stores: every accepted change, with its actor and time, its data as the timeline types it. */
export type FlowEvent = {
  [K in FlowEventType]: { type: K; actor: FlowActor; at: number; data: CallEventData<`service.${K}`> };
}[FlowEventType];

/** What the sender's ack carries. */
export interface FlowReply {
  status: FlowStatus;
  stepId?: string;
  stepStatus?: StepStatus;
}

export interface FlowContext {
  /** The day of the call in the institution's time zone, YYYY-MM-DD. */
  today: string;
}

export type FlowOutcome =
  | { ok: true; state: ServiceFlowState; events: FlowEvent[]; reply: FlowReply; replayed: boolean }
  | { ok: false; error: ErrorBody };
