import { z } from 'zod';
import type { Label } from '../catalog/fields.js';

/**
 * Socket contracts of the guided service: steps, signature, completion and
 * rating. Every message that changes the service carries a client-generated
 * `messageId`; the server remembers accepted ids, so a retry after a
 * reconnect answers the same and changes nothing.
 */
const id = z.string().min(1).max(64);
const messageRef = { callId: id, messageId: z.string().min(8).max(64) };

/** A signature PNG as a base64 data URL; a drawn signature is far smaller than this. */
export const MAX_SIGNATURE_PNG_CHARS = 160_000;
const MAX_SIGNATURE_POINTS = 5_000;

const pointSchema = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  t: z.number().finite(),
});

export const serviceRequests = {
  'service:state': z.object({ callId: id }),
  'service:push': z.object({ ...messageRef, stepId: id, presented: z.unknown().optional() }),
  'service:submit': z.object({ ...messageRef, stepId: id, values: z.unknown() }),
  'service:confirm': z.object({ ...messageRef, stepId: id }),
  'service:correct': z.object({ ...messageRef, stepId: id, message: z.string().max(1000) }),
  'service:withdraw': z.object({ ...messageRef, stepId: id }),
  'service:requestSignature': z.object({ callId: id }),
  'service:sign': z.object({
    ...messageRef,
    summaryHash: z.string().regex(/^[0-9a-f]{64}$/, 'code:hash_invalid'),
    png: z
      .string()
      .max(MAX_SIGNATURE_PNG_CHARS, 'code:too_large')
      .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/, 'code:png_invalid'),
    strokes: z
      .array(z.array(pointSchema).max(MAX_SIGNATURE_POINTS))
      .max(200)
      .refine((s) => s.flat().length <= MAX_SIGNATURE_POINTS, 'code:too_many_points'),
  }),
  'service:complete': z.object(messageRef),
  'service:rate': z.object({
    callId: id,
    score: z.number().int().min(1, 'code:too_small').max(5, 'code:too_large'),
    comment: z.string().trim().max(500, 'code:too_long').optional(),
  }),
} as const;

export type StepStatusView = 'awaiting_customer' | 'submitted' | 'confirmed';

export interface StepView {
  stepId: string;
  title: Label;
  status: StepStatusView;
  presented?: Record<string, unknown>;
  values?: Record<string, unknown>;
  /** The teller's latest correction request, while the step awaits the customer again. */
  correction: string | null;
}

/** The whole service of a call as both pages draw it; sent on every change and on request. */
export interface ServiceStateView {
  callId: string;
  serviceId: string;
  status: 'in_progress' | 'withdrawn' | 'completed';
  steps: StepView[];
  /** The step the teller may push now, or null. */
  nextStepId: string | null;
  requiresSignature: boolean;
  signatureRequested: boolean;
  /** What the customer signs and its SHA-256, once every step is confirmed. */
  summary: unknown;
  summaryHash: string | null;
  signature: { summaryHash: string; imageSha256: string; capturedAt: number; png: string } | null;
  /** Why completion would be refused now (steps_unconfirmed, signature_missing, face_check_required). */
  blockers: string[];
  /**
   * The face check as the customer may be told of it: passed, failed (no
   * check passed and the latest verdict was a fail), or none yet. It says why
   * a service that needed it ended without completing.
   */
  faceCheck: 'passed' | 'failed' | null;
  /**
   * The signed record's download, once the service has ended. A recorded
   * call's record is signed when the call ends (it carries the recording's
   * manifest hash): asked for during the call it is refused (`invalid_state`).
   */
  recordUrl: string | null;
  rated: boolean;
}

export interface ServiceResponses {
  'service:state': ServiceStateView;
  'service:push': ServiceStateView;
  'service:submit': ServiceStateView;
  'service:confirm': ServiceStateView;
  'service:correct': ServiceStateView;
  'service:withdraw': ServiceStateView;
  'service:requestSignature': ServiceStateView;
  'service:sign': ServiceStateView;
  'service:complete': ServiceStateView;
  'service:rate': Record<string, never>;
}

export interface ServiceServerEvents {
  'service:state': (state: ServiceStateView) => void;
  /** The signed record is ready: `recordUrl` downloads it with the page's credentials. */
  'service:completed': (event: {
    callId: string;
    status: 'completed' | 'withdrawn';
    recordUrl: string;
  }) => void;
}
