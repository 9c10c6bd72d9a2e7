import { z } from 'zod';
import type { CapturePacing } from '../domain/face-capture-pacing.js';

const id = z.string().min(1).max(64);

/** The steps a challenge may ask, in the subject's own left and right. */
export const FACE_CHALLENGE_STEPS = ['turn-left', 'turn-right', 'blink'] as const;
export type FaceChallengeStep = (typeof FACE_CHALLENGE_STEPS)[number];

/**
 * Largest frame the server takes: socket.io refuses messages over 256 KB, and
 * a 320×240 JPEG is about 15 KB, so this leaves room without inviting photos.
 */
export const MAX_FACE_FRAME_BYTES = 200 * 1024;

/**
 * Face-check requests. There is deliberately no request by which a customer
 * reports a result: the server judges the frames it received itself.
 */
export const faceRequests = {
  'face:start': z.object({ callId: id }),
  'face:frame': z.object({
    callId: id,
    checkId: id,
    seq: z.number().int().min(0).max(1000),
    /** Which asked movement the page was showing: frames are judged per movement, in order. */
    phase: z.number().int().min(0).max(9),
    /** The page's last frame: the server judges at once instead of waiting for the window to close. */
    last: z.boolean().optional(),
    bytes: z
      .instanceof(Uint8Array)
      .refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= MAX_FACE_FRAME_BYTES, 'code:too_large'),
  }),
  'face:decide': z.object({ callId: id, checkId: id, decision: z.enum(['pass', 'fail']) }),
} as const;

/** What the customer's page is asked to do. */
export interface FaceChallengeView {
  callId: string;
  checkId: string;
  steps: FaceChallengeStep[];
  /** How the page paces the movements and frames (shared/domain/face-capture-pacing.ts). */
  pacing: CapturePacing;
  /** The server judges what it has after this long, however far the page got. */
  limitMs: number;
}

/**
 * What the customer is told of a check: the outcome in words, never the
 * distance or the reasons. 'review' means the teller looks at it.
 */
export interface FaceCustomerOutcome {
  callId: string;
  checkId: string;
  outcome: FaceOutcome;
  /** Failed checks the call may still have; 0 with `exhausted` means no more. */
  attemptsLeft: number;
  exhausted: boolean;
}

export type FaceOutcome = 'pass' | 'fail' | 'review';

// Passive presentation-attack signals: advisory scores, never a verdict (README, "Passive signals").
export const PASSIVE_SIGNAL_NAMES = ['antispoof', 'liveness'] as const;
export type PassiveSignalName = (typeof PASSIVE_SIGNAL_NAMES)[number];
const unitScore = z.number().min(0).max(1);
/** One signal over a check's frames: median and lowest score (0–1, higher = more like a live face). */
export const passiveSignalSummarySchema = z.strictObject({
  median: unitScore,
  lowest: unitScore,
  frames: z.number().int().positive(),
});
export type PassiveSignalSummary = z.infer<typeof passiveSignalSummarySchema>;
/** Null for a signal no frame gave a score for. */
export const passiveSignalsSchema = z.strictObject({
  antispoof: passiveSignalSummarySchema.nullable(),
  liveness: passiveSignalSummarySchema.nullable(),
});
export type PassiveSignalsView = z.infer<typeof passiveSignalsSchema>;

export interface FaceFrameScore {
  seq: number;
  sha256: string;
  faces: number;
  yaw: number | null;
  eyeAspectRatio: number | null;
  /** Distance to the reference, on the frames that were matched. */
  distance: number | null;
  /** Passive signals of the frame's face (advisory); absent in checks judged before they existed. */
  antispoof?: number | null;
  liveness?: number | null;
}

export interface FaceCheckResultView {
  callId: string;
  checkId: string;
  /** The outcome as judged; after a review decision, the teller's decision. */
  outcome: FaceOutcome;
  judged: FaceOutcome;
  reasons: string[];
  distance: number | null;
  threshold: number;
  reviewBand: number;
  steps: FaceChallengeStep[];
  frames: FaceFrameScore[];
  /** A 96×96 JPEG of the live face, as a data: URL; null when no single face was found. */
  thumbnail: string | null;
  decidedBy: string | null;
  /** Advisory passive presentation-attack signals over the frames; they never decide the outcome. */
  passiveSignals: PassiveSignalsView;
  failedAttempts: number;
  maxAttempts: number;
  /** The photo the check compared against, frozen when it started, and who provided it. */
  reference: {
    referenceId: string;
    source: 'customer' | 'teller' | 'on_file';
    uploadedBy: string;
    /** The uploader's display name when staff uploaded it; null for the customer or the institution's systems. */
    uploaderName: string | null;
    sha256: string;
  };
}

/** To the teller while frames come in. */
export interface FaceProgressView {
  callId: string;
  checkId: string;
  steps: FaceChallengeStep[];
  status: 'capturing' | 'judging';
  framesAdmitted: number;
  /** Frames admitted for each asked movement so far. */
  framesPerPhase: number[];
}

export interface FaceResponses {
  'face:start': FaceProgressView;
  'face:frame': { admitted: number };
  'face:decide': FaceCheckResultView;
}

export interface FaceServerEvents {
  /** To the customer's socket the challenge was issued to. */
  'face:challenge': (challenge: FaceChallengeView) => void;
  /** To the customer: the capture is over (judged, or the window closed). */
  'face:challengeEnded': (event: { callId: string; checkId: string }) => void;
  /** To the customer: the check's outcome, once judged and again when the teller decides a review. */
  'face:outcome': (outcome: FaceCustomerOutcome) => void;
  /** To the teller. */
  'face:progress': (progress: FaceProgressView) => void;
  'face:result': (result: FaceCheckResultView) => void;
}

/** Largest reference photo upload (the image's own bytes); its type is judged from them. */
export const MAX_REFERENCE_PHOTO_BYTES = 5 * 1024 * 1024;

/** What the reference photo upload answers. */
export interface FaceReferenceView {
  referenceId: string;
  storedAt: number;
}
